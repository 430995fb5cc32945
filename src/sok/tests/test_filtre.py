"""Filters, facets, order and pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from arkivstruktur.services.dokumentbeskrivelse import dokumentbeskrivelse_opprett
from organisasjon.tests.factories import AdministrativEnhetFactory
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sok import selectors
from sok.models import Art
from sok.selectors import Filtre, sok
from sok.tests.conftest import Blokk
from sok.tests.factories import lagre_tekst

pytestmark = pytest.mark.django_db

OSLO = dt.timezone(dt.timedelta(hours=1))


def _tid(aar: int, maaned: int = 6, dag: int = 1) -> dt.datetime:
    return dt.datetime(aar, maaned, dag, 12, tzinfo=OSLO)


@pytest.fixture
def arkiv(alna: Bydel, etter_commit: Blokk) -> Bydel:
    """Four journalposts about bostøtte in one case: I and U, 2023–2025, one with a document."""
    sb = alna.saksbehandler
    with etter_commit():
        sak = ny_sak(alna, tittel="Bostøtte", tidspunkt=_tid(2023, 1))
        ny_journalpost(sak, sb, tittel="Søknad om bostøtte", tidspunkt=_tid(2023))
        ny_journalpost(
            sak, sb, tittel="Vedtak om bostøtte", journalposttype="U", tidspunkt=_tid(2024)
        )
        klage = ny_journalpost(sak, sb, tittel="Klage på bostøtte", tidspunkt=_tid(2025))
        ny_journalpost(
            sak,
            sb,
            tittel="Svar på klage om bostøtte",
            journalposttype="U",
            tidspunkt=_tid(2025, 9),
        )
        dokument = dokumentbeskrivelse_opprett(
            registrering=klage, tittel="Klagebrev", utfoert_av=sb
        )
        lagre_tekst(dokument, "Jeg klager på vedtaket om bostøtte fordi inntekten er feil.")
    return alna


def _fasett(resultat: selectors.Soekeresultat, navn: str) -> dict[str, int]:
    return {verdi.verdi: verdi.antall for verdi in resultat.fasetter[navn]}


def test_fasetter_teller_de_synlige_treffene(arkiv: Bydel) -> None:
    resultat = sok(bruker=arkiv.saksbehandler, q="bostøtte")

    assert resultat.antall == 6  # the case, four journalposts, the document
    assert resultat.antall_er_minst is False
    assert _fasett(resultat, "bydel") == {"alna": 6}
    assert _fasett(resultat, "journalposttype") == {"I": 3, "U": 2}  # the document counts as I
    assert _fasett(resultat, "aar") == {"2025": 3, "2024": 1, "2023": 2}
    assert _fasett(resultat, "saksstatus") == {"B": 6}
    assert sum(_fasett(resultat, "journalstatus").values()) == 5


@pytest.mark.parametrize(
    ("filtre", "forventet"),
    [
        (Filtre(journalposttype="U"), {"Vedtak om bostøtte", "Svar på klage om bostøtte"}),
        (Filtre(aar=2025), {"Klage på bostøtte", "Svar på klage om bostøtte", "Klagebrev"}),
        (
            Filtre(fra_dato=dt.date(2024, 1, 1), til_dato=dt.date(2024, 12, 31)),
            {"Vedtak om bostøtte"},
        ),
        (Filtre(til_dato=dt.date(2023, 6, 1)), {"Bostøtte", "Søknad om bostøtte"}),
        (Filtre(art=Art.DOKUMENT), {"Klagebrev"}),
        (Filtre(art=Art.MAPPE), {"Bostøtte"}),
        (Filtre(bydel="bjerke"), set()),
    ],
)
def test_filtre(arkiv: Bydel, filtre: Filtre, forventet: set[str]) -> None:
    resultat = sok(bruker=arkiv.saksbehandler, q="bostøtte", filtre=filtre)

    assert {t.tittel for t in resultat.treff} == forventet


def test_filter_paa_enhet_og_klasse(arkiv: Bydel) -> None:
    annen_enhet = AdministrativEnhetFactory(virksomhet=arkiv.arkiv.virksomhet)
    bruker = arkiv.saksbehandler

    assert (
        len(sok(bruker=bruker, q="bostøtte", filtre=Filtre(enhet=arkiv.enhet.system_id)).treff) == 6
    )
    assert sok(bruker=bruker, q="bostøtte", filtre=Filtre(enhet=annen_enhet.system_id)).treff == []
    assert (
        len(sok(bruker=bruker, q="bostøtte", filtre=Filtre(klasse=arkiv.klasse.system_id)).treff)
        == 6
    )


def test_nyeste_foerst_og_relevans(arkiv: Bydel) -> None:
    nyeste = sok(bruker=arkiv.saksbehandler, q="klage", rekkefoelge="nyeste")
    relevans = sok(bruker=arkiv.saksbehandler, q="klage")

    assert [t.tittel for t in nyeste.treff] == [
        "Svar på klage om bostøtte",
        "Klage på bostøtte",
        "Klagebrev",
    ]
    # A word in the title weighs more than one in the document text.
    assert relevans.treff[-1].tittel == "Klagebrev"
    assert {t.tittel for t in relevans.treff} == {t.tittel for t in nyeste.treff}


@pytest.mark.parametrize("rekkefoelge", ["nyeste", "relevans"])
def test_sider(arkiv: Bydel, rekkefoelge: Any) -> None:
    sider = [
        sok(bruker=arkiv.saksbehandler, q="bostøtte", side=nr, per_side=4, rekkefoelge=rekkefoelge)
        for nr in (1, 2, 3)
    ]

    assert [len(s.treff) for s in sider] == [4, 2, 0]
    assert [s.har_neste for s in sider] == [True, False, False]
    assert len({t.system_id for s in sider for t in s.treff}) == 6


def test_antall_over_kandidatgrensen_er_et_minimum(
    arkiv: Bydel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "MAKS_KANDIDATER", 4)

    nyeste = [
        sok(bruker=arkiv.saksbehandler, q="bostøtte", side=nr, per_side=3, rekkefoelge="nyeste")
        for nr in (1, 2, 3)
    ]
    relevans = sok(bruker=arkiv.saksbehandler, q="bostøtte", per_side=10)

    assert (nyeste[0].antall, nyeste[0].antall_er_minst) == (4, True)
    # Newest first goes on past the candidates; ranking ranks the candidates only.
    assert [len(s.treff) for s in nyeste] == [3, 3, 0]
    assert len({t.system_id for s in nyeste for t in s.treff}) == 6
    assert len(relevans.treff) == 4


def test_treffet_lenker_til_saken(arkiv: Bydel) -> None:
    treff = sok(bruker=arkiv.saksbehandler, q="klagebrev").treff

    assert [t.lenke for t in treff] == [f"/saker/{treff[0].sak_system_id}/"]
    assert treff[0].referanse.endswith("-3")
