"""The index follows the archive: created, changed and deleted through the real services,
brought up to date after commit, and rebuilt by `arkivar sok-indekser`."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from arkivstruktur.services.dokumentbeskrivelse import (
    dokumentbeskrivelse_endre,
    dokumentbeskrivelse_opprett,
)
from arkivstruktur.services.sekundaer import part_opprett, part_slett
from sakarkiv.services.journalpost import journalpost_endre, journalpost_slett
from sakarkiv.services.saksmappe import saksmappe_endre, saksmappe_endre_status
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sok.models import Art, Indeksrad
from sok.selectors import Filtre, sok
from sok.services import indeks_oppdater
from sok.tests.conftest import Blokk
from sok.tests.factories import lagre_tekst

pytestmark = pytest.mark.django_db


def _nytt_dokument(
    alna: Bydel, *, sak: str, journalpost: str, dokument: str
) -> tuple[Any, Any, Any]:
    """A case with a journalpost with a document, through the services: (sak, journalpost,
    dokumentbeskrivelse)."""
    saksmappe = ny_sak(alna, tittel=sak)
    registrering = ny_journalpost(saksmappe, alna.saksbehandler, tittel=journalpost)
    dokumentbeskrivelse = dokumentbeskrivelse_opprett(
        registrering=registrering, tittel=dokument, utfoert_av=alna.saksbehandler
    )
    return saksmappe, registrering, dokumentbeskrivelse


def _titler(bruker: Any, q: str, **kwargs: Any) -> list[str]:
    return [treff.tittel for treff in sok(bruker=bruker, q=q, **kwargs).treff]


def test_ny_sak_og_journalpost_finnes_etter_commit(alna: Bydel, etter_commit: Blokk) -> None:
    with etter_commit():
        sak = ny_sak(alna, tittel="Søknad om barnehageplass på Furuset")
        ny_journalpost(sak, alna.saksbehandler, tittel="Søknader om plass i Ellingsrud barnehage")

    assert _titler(alna.saksbehandler, "ellingsrud") == ["Søknader om plass i Ellingsrud barnehage"]
    assert set(_titler(alna.saksbehandler, "søknad")) == {
        "Søknad om barnehageplass på Furuset",
        "Søknader om plass i Ellingsrud barnehage",
    }
    # The plural finds the singular, and the singular the plural.
    assert _titler(alna.saksbehandler, "søknader furuset") == [
        "Søknad om barnehageplass på Furuset"
    ]


def test_foer_commit_er_ingenting_indeksert(alna: Bydel) -> None:
    # The test's transaction never commits: the index is only brought up to date after one.
    ny_sak(alna, tittel="Søknad om startlån")

    assert Indeksrad.objects.exists() is False


def test_korrespondansepart_og_part_er_soekbare(alna: Bydel, etter_commit: Blokk) -> None:
    with etter_commit():
        sak = ny_sak(alna, tittel="Byggesak")
        journalpost = ny_journalpost(sak, alna.saksbehandler, tittel="Nabovarsel")
        part_opprett(
            registrering=journalpost,
            part_navn="Åse Ødegård",
            part_rolle="KLI",
            utfoert_av=alna.saksbehandler,
        )

    assert _titler(alna.saksbehandler, "nordmann") == ["Nabovarsel"]  # the sender, Kari
    assert _titler(alna.saksbehandler, "ødegård åse") == ["Nabovarsel"]


def test_slettet_part_finnes_ikke_lenger(alna: Bydel, etter_commit: Blokk) -> None:
    with etter_commit():
        sak = ny_sak(alna, tittel="Byggesak")
        journalpost = ny_journalpost(sak, alna.saksbehandler, tittel="Nabovarsel")
        part = part_opprett(
            registrering=journalpost,
            part_navn="Åse Ødegård",
            part_rolle="KLI",
            utfoert_av=alna.saksbehandler,
        )
    with etter_commit():
        part_slett(part=part, utfoert_av=alna.saksbehandler)

    assert _titler(alna.saksbehandler, "ødegård") == []


def test_endret_tittel_finnes_paa_nytt_ord_og_ikke_paa_det_gamle(
    alna: Bydel, etter_commit: Blokk
) -> None:
    with etter_commit():
        sak = ny_sak(alna, tittel="Søknad om skoleskyss")
        journalpost = ny_journalpost(sak, alna.saksbehandler, tittel="Søknad om skoleskyss")
    with etter_commit():
        journalpost_endre(
            journalpost=journalpost,
            endringer={"tittel": "Søknad om fritidskort"},
            utfoert_av=alna.saksbehandler,
        )
        saksmappe_endre(
            saksmappe=sak, endringer={"tittel": "Fritidskort"}, utfoert_av=alna.saksbehandler
        )

    assert _titler(alna.saksbehandler, "skoleskyss") == []
    assert set(_titler(alna.saksbehandler, "fritidskort")) == {
        "Søknad om fritidskort",
        "Fritidskort",
    }


def test_dokumenttekst_og_dokumenttittel_er_soekbare(alna: Bydel, etter_commit: Blokk) -> None:
    with etter_commit():
        _sak, _journalpost, dokument = _nytt_dokument(
            alna, sak="Tilsyn", journalpost="Tilsynsrapport", dokument="Rapport fra Haugerud"
        )
    with etter_commit():
        lagre_tekst(dokument, "Ved tilsynet ble det funnet mugg i kjelleren på Trosterud skole.")

    resultat = sok(bruker=alna.saksbehandler, q="trosterud mugg")
    assert [(t.artnavn, t.tittel) for t in resultat.treff] == [("Dokument", "Rapport fra Haugerud")]
    assert "<mark>Trosterud</mark>" in resultat.treff[0].utdrag_html
    assert _titler(alna.saksbehandler, "haugerud") == ["Rapport fra Haugerud"]


def test_nyeste_versjon_av_teksten_gjelder(alna: Bydel, etter_commit: Blokk) -> None:
    with etter_commit():
        _sak, _journalpost, dokument = _nytt_dokument(
            alna, sak="Tilsyn", journalpost="Tilsynsrapport", dokument="Rapport"
        )
        lagre_tekst(dokument, "Første utkast nevner Lindeberg.", versjonsnummer=1)
    with etter_commit():
        lagre_tekst(dokument, "Endelig versjon nevner Haugerud.", versjonsnummer=2)

    assert _titler(alna.saksbehandler, "lindeberg") == []
    assert _titler(alna.saksbehandler, "haugerud") == ["Rapport"]


def test_endret_dokumenttittel_og_statusendring(alna: Bydel, etter_commit: Blokk) -> None:
    with etter_commit():
        _sak, journalpost, dokument = _nytt_dokument(
            alna, sak="Tilsyn", journalpost="Tilsynsrapport", dokument="Utkast"
        )
        lagre_tekst(dokument, "Teksten nevner Lindeberg.")
    with etter_commit():
        dokumentbeskrivelse_endre(
            dokumentbeskrivelse=dokument, tittel="Endelig rapport", utfoert_av=alna.saksbehandler
        )
        journalpost_endre(
            journalpost=journalpost,
            endringer={"offentlig_tittel": "Tilsynsrapport (offentlig)"},
            utfoert_av=alna.saksbehandler,
        )

    assert _titler(alna.saksbehandler, "utkast") == []
    assert _titler(alna.saksbehandler, "lindeberg") == ["Endelig rapport"]


def test_slettet_journalpost_forsvinner_fra_indeksen(alna: Bydel, etter_commit: Blokk) -> None:
    with etter_commit():
        sak = ny_sak(alna, tittel="Sak")
        journalpost = ny_journalpost(sak, alna.saksbehandler, tittel="Reservert nummer")
    assert Indeksrad.objects.filter(registrering=journalpost).count() == 1

    with etter_commit():
        journalpost_slett(journalpost=journalpost, utfoert_av=alna.saksbehandler)

    assert Indeksrad.objects.filter(registrering_id=journalpost.pk).exists() is False
    assert _titler(alna.saksbehandler, "reservert") == []


def test_klasse_og_saksstatus_foelger_saken(alna: Bydel, etter_commit: Blokk) -> None:
    with etter_commit():
        sak = ny_sak(alna, tittel="Sak om ballbinge")
        ny_journalpost(sak, alna.saksbehandler, tittel="Søknad om ballbinge")
    with etter_commit():
        saksmappe_endre_status(saksmappe=sak, saksstatus="F", utfoert_av=alna.saksbehandler)

    rader = Indeksrad.objects.filter(mappe=sak)
    assert sorted(rader.values_list("art", "saksstatus", "klasse_id")) == [
        (Art.MAPPE, "F", alna.klasse.pk),
        (Art.REGISTRERING, "F", alna.klasse.pk),
    ]


def test_oppdatering_er_idempotent(alna: Bydel, etter_commit: Blokk) -> None:
    with etter_commit():
        sak, journalpost, dokument = _nytt_dokument(
            alna, sak="Sak", journalpost="Brev", dokument="Vedlegg"
        )
    foer = list(Indeksrad.objects.order_by("pk").values())

    indeks_oppdater(mapper=[sak.pk], registreringer=[journalpost.pk], dokumenter=[dokument.pk])
    indeks_oppdater(registreringer=[journalpost.pk])

    assert list(Indeksrad.objects.order_by("pk").values()) == foer
    assert len(foer) == 3


def test_sok_indekser_bygger_alt_paa_nytt(alna: Bydel, etter_commit: Blokk) -> None:
    # Rows written without the signal (an import, or an index lost): the command finds them.
    _sak, _journalpost, dokument = _nytt_dokument(
        alna,
        sak="Søknad om utleie av gymsal",
        journalpost="Leieavtale for gymsal",
        dokument="Avtale",
    )
    lagre_tekst(dokument, "Leietaker er Furuset IF.")
    assert Indeksrad.objects.exists() is False

    call_command("sok_indekser", bolk=1, verbosity=0)
    foerste = list(Indeksrad.objects.order_by("pk").values())
    call_command("sok_indekser", verbosity=0)
    call_command("sok_indekser", fra_ny=True, verbosity=0)

    assert list(Indeksrad.objects.order_by("pk").values()) == foerste
    assert set(_titler(alna.saksbehandler, "gymsal")) == {
        "Søknad om utleie av gymsal",
        "Leieavtale for gymsal",
    }
    assert _titler(alna.saksbehandler, "furuset") == ["Avtale"]


def test_filtre_paa_bydel_ser_bare_den(alna: Bydel, etter_commit: Blokk) -> None:
    with etter_commit():
        ny_sak(alna, tittel="Søknad om skjenkebevilling")

    assert _titler(alna.saksbehandler, "skjenkebevilling", filtre=Filtre(bydel="bjerke")) == []
    assert _titler(alna.saksbehandler, "skjenkebevilling", filtre=Filtre(bydel="alna")) == [
        "Søknad om skjenkebevilling"
    ]


_VARIGHET = {"sqlite": "PRAGMA synchronous", "postgresql": "SHOW synchronous_commit"}


def _varighet() -> Any:
    with connection.cursor() as markoer:
        markoer.execute(_VARIGHET[connection.vendor])
        return markoer.fetchone()[0]


def _registrer_og_avbryt(alna: Bydel) -> None:
    with transaction.atomic():
        ny_sak(alna, tittel="Søknad om omsorgsstønad")
        raise RuntimeError("rulles tilbake")


@pytest.mark.django_db(transaction=True)
def test_indeksen_oppdateres_etter_en_ekte_commit_og_ikke_ved_tilbakerulling() -> None:
    from sakarkiv.tests.conftest import lag_bydel

    alna = lag_bydel("Alna")
    varighet = _varighet()
    with transaction.atomic():
        sak = ny_sak(alna, tittel="Søknad om avlastning")
        # Inside the transaction nothing is indexed yet.
        assert Indeksrad.objects.filter(mappe=sak).exists() is False
    assert Indeksrad.objects.filter(mappe=sak).exists() is True
    # The index's own commit waited less for the disk; the connection is as it was.
    assert _varighet() == varighet

    with pytest.raises(RuntimeError, match="rulles tilbake"):
        _registrer_og_avbryt(alna)
    assert _titler(alna.saksbehandler, "omsorgsstønad") == []
    assert _titler(alna.saksbehandler, "avlastning") == ["Søknad om avlastning"]
