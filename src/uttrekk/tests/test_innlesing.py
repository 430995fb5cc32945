"""`importer`: another system's extract becomes a read-only historical arkiv of a district,
searchable under the same access rules; a broken extract is refused precisely and leaves
nothing behind (issue 7 §4, §6). The full round trip is in test_rundtur.py."""

from __future__ import annotations

import uuid
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from lxml import etree

from arkivstruktur.models import Arkiv, Dokumentobjekt, Kryssreferanse, Mappe, Registrering
from dokument.lagring import verifiser
from felles.feil import DomeneFeil, IngenTilgang
from organisasjon.models import Virksomhet
from sakarkiv.models import Saksmappe
from sakarkiv.services.saksmappe import saksmappe_endre_status
from sok.selectors import sok
from sporing.models import Endringslogg
from uttrekk.innlesing import Importfeil, importer
from uttrekk.tests.uttrekksbygger import ARKIV, KLASSER, NS, SAKSMAPPER, Uttrekk


def _bruker(brukernavn: str) -> Any:
    return get_user_model().objects.get(username=brukernavn)


def test_uttrekket_blir_et_historisk_arkiv_som_er_soekbart_og_bare_kan_leses(
    organisasjon: Virksomhet, uttrekk: Uttrekk
) -> None:
    def kryssreferanse(rot: Any) -> None:
        ref = rot.xpath("//n5:mappe[1]/n5:referanseArkivdel", namespaces=NS)[0]
        kryss = etree.Element(f"{{{NS['n5']}}}kryssreferanse")
        etree.SubElement(kryss, f"{{{NS['n5']}}}referanseTilMappe").text = SAKSMAPPER[1]
        ref.addnext(kryss)

    uttrekk.endre_xml("arkivstruktur.xml", kryssreferanse)
    resultat = importer(
        mappe=uttrekk.mappe, virksomhet=organisasjon, bruker=_bruker("arkivar.grunerlokka")
    )
    arkiv = resultat.arkiv
    assert str(arkiv.system_id) == ARKIV
    assert arkiv.er_historisk is True
    assert arkiv.virksomhet == organisasjon
    assert resultat.antall["mappe"] == 2
    sak = Saksmappe.objects.get(system_id=SAKSMAPPER[0])
    assert (sak.saksaar, sak.sakssekvensnummer, sak.saksstatus) == (2020, 1, "A")
    assert sak.saksstatus_kodenavn == "Avsluttet"
    # References to units later in the file are resolved once everything is read.
    assert [str(k.system_id) for k in sak.sekundaerklassifikasjon.all()] == [KLASSER[1]]
    assert Kryssreferanse.objects.get(fra_mappe=sak).til_mappe.system_id == uuid.UUID(SAKSMAPPER[1])
    # The files are in the store, checked; the change log came along, chained.
    assert all(
        verifiser(o.sjekksum)
        for o in Dokumentobjekt.objects.filter(dokumentbeskrivelse__arkivdel__arkiv=arkiv)
    )
    assert Endringslogg.objects.filter(arkivenhet_type="innlest").count() == 1
    call_command("verify_log", stdout=StringIO())
    # The screened journalpost is screened here too: found by the records office that holds
    # the code, not by a case handler without it.
    skjermet = Registrering.objects.get(arkiv=arkiv, skjerming__isnull=False)
    assert skjermet.skjerming.tilgangsrestriksjon == "13"  # type: ignore[union-attr]
    assert sok(bruker=_bruker("arkivar.grunerlokka"), q="Søknad").antall == 2
    assert sok(bruker=_bruker("saksbehandler.grunerlokka"), q="Søknad").antall == 1
    assert sok(bruker=_bruker("arkivar.alna"), q="Søknad").antall == 0
    # Read-only: the services refuse every change, even re-opening a closed case.
    with pytest.raises(DomeneFeil, match="historisk arkiv"):
        saksmappe_endre_status(
            saksmappe=sak, saksstatus="B", utfoert_av=_bruker("arkivar.grunerlokka")
        )
    # Importing the same extract again never duplicates it.
    with pytest.raises(DomeneFeil, match="allerede lest inn"):
        importer(mappe=uttrekk.mappe, virksomhet=organisasjon, bruker=_bruker("admin"))
    assert Arkiv.objects.filter(system_id=ARKIV).count() == 1


def test_ugyldig_uttrekk_avvises_med_rapporten_og_ingenting_leses_inn(
    organisasjon: Virksomhet, uttrekk: Uttrekk
) -> None:
    fil = uttrekk.sti("dokumenter/5000002.pdf")
    fil.write_bytes(fil.read_bytes() + b"endret")
    for_ = (Arkiv.objects.count(), Mappe.objects.count(), Endringslogg.objects.count())
    with pytest.raises(Importfeil, match="feil og er ikke lest inn") as feil:
        importer(mappe=uttrekk.mappe, virksomhet=organisasjon, bruker=_bruker("admin"))
    assert any(linje.startswith("FEIL N5.30") for linje in feil.value.linjer)
    assert (Arkiv.objects.count(), Mappe.objects.count(), Endringslogg.objects.count()) == for_


def test_ukjent_kode_meldes_med_fil_linje_og_element_og_ingenting_leses_inn(
    organisasjon: Virksomhet, uttrekk: Uttrekk
) -> None:
    def faks(rot: Any) -> None:
        rot.xpath("//n5:journalposttype", namespaces=NS)[1].text = "Telefaks"

    uttrekk.endre_xml("arkivstruktur.xml", faks)
    linje = uttrekk.linje("arkivstruktur.xml", "(//n5:journalposttype)[2]")
    with pytest.raises(Importfeil, match="1 ukjente verdier") as feil:
        importer(mappe=uttrekk.mappe, virksomhet=organisasjon, bruker=_bruker("admin"))
    assert feil.value.linjer == [
        f"arkivstruktur.xml:{linje} registrering/journalposttype: «Telefaks» finnes ikke i "
        "kodelisten journalposttype"
    ]
    assert not Arkiv.objects.filter(system_id=ARKIV).exists()
    assert not Mappe.objects.filter(system_id__in=SAKSMAPPER).exists()


def test_bare_arkivaren_eller_systemadministratoren_leser_inn(
    organisasjon: Virksomhet, uttrekk: Uttrekk
) -> None:
    with pytest.raises(IngenTilgang, match="Bare arkivaren"):
        importer(
            mappe=uttrekk.mappe,
            virksomhet=organisasjon,
            bruker=_bruker("saksbehandler.grunerlokka"),
        )
    with pytest.raises(IngenTilgang):
        importer(mappe=uttrekk.mappe, virksomhet=organisasjon, bruker=_bruker("arkivar.alna"))


def test_kommandoen_leser_inn_og_skriver_ut_feilene(
    organisasjon: Virksomhet, uttrekk: Uttrekk
) -> None:
    ut, feil = StringIO(), StringIO()
    uttrekk.sti("endringslogg.xml").unlink()
    with pytest.raises(CommandError, match="er ikke lest inn"):
        call_command(
            "uttrekk",
            "importer",
            str(uttrekk.mappe),
            "--virksomhet",
            "Bydel Grünerløkka",
            "--som",
            "admin",
            stdout=ut,
            stderr=feil,
        )
    assert "N5.61" in feil.getvalue()
    with pytest.raises(CommandError, match="Fant ingen virksomhet"):
        call_command(
            "uttrekk", "importer", str(uttrekk.mappe), "--virksomhet", "x", "--som", "admin"
        )
