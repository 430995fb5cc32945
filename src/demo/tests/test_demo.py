"""`arkivar demo`: the organisation, users, archives and a small set of cases, built through the
services; the plan is a pure function of the seed (the PDF writer is tested in test_pdf.py)."""

from __future__ import annotations

import hashlib
from io import StringIO
from typing import Any

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count, Min
from django.test import RequestFactory

from arkivstruktur.models import Arkiv, Dokumentobjekt
from demo.bygg import ANKER, START, planlegg
from dokument.lagring import aapne, verifiser
from organisasjon.models import Virksomhet, Virksomhetstype
from sakarkiv.models import (
    Brevmal,
    Journalpost,
    Korrespondansepart,
    Mottaksfil,
    Mottakspost,
    Saksmappe,
)
from sporing.models import Endringslogg

ANTALL = 40


def test_demo_bygger_organisasjon_brukere_arkiver_og_saker_gjennom_tjenestene(db: Any) -> None:
    """One build (it takes a few seconds), checked from several sides."""
    ut = StringIO()
    call_command("demo", saker=ANTALL, froe=2026, stdout=ut)
    assert f"{ANTALL}/{ANTALL} saker" in ut.getvalue()
    _organisasjonen_har_kommune_dokumentsenter_og_15_bydeler()
    _brukerne_finnes_og_kan_logge_inn()
    _hver_bydel_har_eget_arkiv_og_nummerserier_fra_1()
    _journalposter_har_parter_og_et_pdf_dokument_med_riktig_sjekksum()
    _barnevernssaker_er_skjermet_med_kode_13()
    _livsloep_gir_avskrivninger_statuser_og_ingen_avsluttede_saker()
    _hver_bydel_har_post_i_mottak(ut.getvalue())
    _hvis_tom_legger_ikke_til_noe_naar_det_finnes_saker()


def _hver_bydel_har_post_i_mottak(utskrift: str) -> None:
    per_bydel = dict(
        Mottakspost.objects.values_list("virksomhet__kortnavn").annotate(n=Count("pk"))
    )
    assert len(per_bydel) == 15
    assert set(per_bydel.values()) == {3}
    assert "45 poster i mottak" in utskrift
    assert list(Brevmal.objects.values_list("navn", "virksomhet")) == [("Standardbrev", None)]
    assert all(verifiser(f.sjekksum) for f in Mottaksfil.objects.all())


def _organisasjonen_har_kommune_dokumentsenter_og_15_bydeler() -> None:
    typer = dict(Virksomhet.objects.values_list("virksomhetstype").annotate(n=Count("pk")))
    assert typer == {
        Virksomhetstype.KOMMUNE: 1,
        Virksomhetstype.FELLESTJENESTE: 1,
        Virksomhetstype.BYDEL: 15,
    }
    assert Virksomhet.objects.get(kortnavn="grunerlokka").navn == "Bydel Grünerløkka"
    assert (
        Virksomhet.objects.get(kortnavn="sthanshaugen")
        .enheter.filter(
            administrativ_enhet_navn="Barnevernstjenesten",
            underenheter__administrativ_enhet_navn="Tiltak",
        )
        .exists()
    )


def _logg_inn(brukernavn: str, passord: str) -> Any:
    # The lock-out backend (django-axes) needs the request.
    return authenticate(RequestFactory().post("/"), username=brukernavn, password=passord)


def _brukerne_finnes_og_kan_logge_inn() -> None:
    admin = _logg_inn("admin", "admin")
    assert admin is not None
    assert admin.is_staff
    assert admin.is_superuser
    for brukernavn in (
        "saksbehandler.grunerlokka",
        "leder.alna",
        "arkivar.ostensjo",
        "saksbehandler3.sagene",
    ):
        assert _logg_inn(brukernavn, "demo") is not None, brukernavn
    assert _logg_inn("saksbehandler.grunerlokka", "feil") is None


def _hver_bydel_har_eget_arkiv_og_nummerserier_fra_1() -> None:
    arkiver = Arkiv.objects.filter(virksomhet__virksomhetstype=Virksomhetstype.BYDEL)
    assert arkiver.count() == 15
    assert arkiver.values("virksomhet").distinct().count() == 15
    assert set(arkiver.values_list("tittel", flat=True)) >= {
        "Arkiv for Bydel Grünerløkka",
        "Arkiv for Bydel Østensjø",
    }
    assert Saksmappe.objects.count() == ANTALL
    assert Saksmappe.objects.values("arkiv").distinct().count() == 15  # every bydel got cases
    for rad in Saksmappe.objects.values("arkiv", "saksaar").annotate(
        foerste=Min("sakssekvensnummer")
    ):
        assert rad["foerste"] == 1, rad
    for rad in Journalpost.objects.values("arkiv", "journalaar").annotate(
        foerste=Min("journalsekvensnummer")
    ):
        assert rad["foerste"] == 1, rad
    datoer = Saksmappe.objects.values_list("saksdato", flat=True)
    assert min(datoer) >= START
    assert max(datoer) < ANKER.date()


def _journalposter_har_parter_og_et_pdf_dokument_med_riktig_sjekksum() -> None:
    journalposter = Journalpost.objects.all()
    assert journalposter.count() >= ANTALL
    uten_part = journalposter.exclude(pk__in=Korrespondansepart.objects.values("registrering"))
    assert not uten_part.exists()
    assert not journalposter.filter(tilknytninger__isnull=True).exists()
    objekter = Dokumentobjekt.objects.filter(
        dokumentbeskrivelse__tilknytninger__registrering__in=journalposter
    )
    assert objekter.count() == journalposter.count()
    objekt = objekter.order_by("pk").first()
    assert objekt is not None
    assert (objekt.format, objekt.variantformat, objekt.mime_type) == (
        "fmt/477",  # felles.pdf writes PDF/A-2b (its own tests: felles/tests/test_pdf.py)
        "P",
        "application/pdf",
    )
    with aapne(objekt.sjekksum) as fil:
        innhold = fil.read()
    assert innhold.startswith(b"%PDF-1.4")
    assert hashlib.sha256(innhold).hexdigest() == objekt.sjekksum
    assert len(innhold) == objekt.filstoerrelse


def _barnevernssaker_er_skjermet_med_kode_13() -> None:
    skjermet = Saksmappe.objects.filter(skjerming__tilgangsrestriksjon="13")
    assert skjermet.exists()
    for sak in skjermet:
        assert "*****" in sak.offentlig_tittel
        assert set(sak.skjerming.skjerming_metadata) == {"TMO", "NPS"}
        # The journalposts inherit the case's screening.
        assert not Journalpost.objects.filter(mappe=sak).exclude(skjerming=sak.skjerming).exists()


def _livsloep_gir_avskrivninger_statuser_og_ingen_avsluttede_saker() -> None:
    assert Journalpost.objects.filter(avskrivninger__isnull=False).exists()
    assert Journalpost.objects.filter(journalstatus="J").exists()
    assert Saksmappe.objects.filter(saksstatus__in=["F", "S"]).exists()
    assert not Saksmappe.objects.filter(saksstatus="A").exists()


def _hvis_tom_legger_ikke_til_noe_naar_det_finnes_saker() -> None:
    foer = (Saksmappe.objects.count(), Journalpost.objects.count(), Endringslogg.objects.count())
    ut = StringIO()
    call_command("demo", hvis_tom=True, saker=ANTALL, stdout=ut)
    assert "allerede saker" in ut.getvalue()
    assert (
        Saksmappe.objects.count(),
        Journalpost.objects.count(),
        Endringslogg.objects.count(),
    ) == foer


def test_samme_froe_gir_samme_plan() -> None:
    foerste, andre = planlegg(2026, 50), planlegg(2026, 50)
    assert foerste == andre
    assert [sak.tittel for sak in foerste.saker] == [sak.tittel for sak in andre.saker]
    assert [sak.tittel for sak in planlegg(7, 50).saker] != [sak.tittel for sak in foerste.saker]
    assert all(sak.tid.date() >= START and sak.tid < ANKER for sak in foerste.saker)
