"""Search never reveals what the user may not see (docs/tilgangsmatrise.md, "Search").

Bydel Alna has an open case with: an open journalpost; a journalpost screened with code 13
(TRO, NA: the sender) whose title and sender hold unique words; an open journalpost with a document
screened with code 13 (TD) whose text holds a unique word; and a journalpost graded K. A user
without the code finds none of the screened things by their words, and no title or excerpt
ever shows a screened word; the code holder finds them, shown as the public sees them; a
user in another bydel finds nothing at all; the graded one needs a clearance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from arkivstruktur.services.arv import gradering_sett, skjerming_sett
from arkivstruktur.services.dokumentbeskrivelse import dokumentbeskrivelse_opprett
from organisasjon.models import Rolle
from organisasjon.tests.factories import bruker_med_rolle
from sakarkiv.services.korrespondansepart import NyKorrespondansepart
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sok.selectors import Soekeresultat, sok
from sok.tests.conftest import Blokk
from sok.tests.factories import lagre_tekst
from tilgang.services import klarering_gi, tilgangskode_gi

pytestmark = pytest.mark.django_db

# Words that only those who may see the screened or graded records may find them by, and
# that no title or excerpt may ever show.
SKJERMET_TITTELORD = "Ulvestadsaken"
SKJERMET_PARTNAVN = "Hemmelighetsen"
SKJERMET_DOKUMENTORD = "Kvistadsyndromet"
SKJERMET_DOKUMENTTITTEL = "Legeerklæring"
GRADERT_ORD = "Sårbarhetsanalyse"
HEMMELIGHETER = (
    SKJERMET_TITTELORD,
    SKJERMET_PARTNAVN,
    SKJERMET_DOKUMENTORD,
    SKJERMET_DOKUMENTTITTEL,
    GRADERT_ORD,
)
# Searches a user might make, the secret words included.
SOEKNINGER = (
    *HEMMELIGHETER,
    "tilskudd",
    "bekymringsmelding",
    "søknad",
    "furuset",
    "vedlegg",
    "vann",
)


@dataclass(frozen=True)
class Scenario:
    saksansvarlig: Any
    kollega_uten_kode: Any
    leder_med_kode: Any
    arkivar_med_klarering: Any
    annen_bydel: Any


@pytest.fixture
def scenario(alna: Bydel, bjerke: Bydel, etter_commit: Blokk) -> Scenario:
    leder_med_kode = bruker_med_rolle(Rolle.LEDER, alna.enhet, username="leder2.alna")
    tilgangskode_gi(
        bruker=leder_med_kode,
        tilgangskode="13",
        administrativ_enhet=alna.enhet,
        utfoert_av=alna.arkivar,
    )
    klarering_gi(
        bruker=alna.arkivar,
        graderingskode="K",
        virksomhet=alna.arkiv.virksomhet,
        utfoert_av=bruker_med_rolle(Rolle.SYSTEMADMINISTRATOR, alna.enhet, username="sysadm"),
    )
    sb = alna.saksbehandler
    with etter_commit():
        sak = ny_sak(alna, tittel="Tilskudd til Furuset IF")
        ny_journalpost(sak, sb, tittel="Søknad om tilskudd")
        skjermet = ny_journalpost(
            sak,
            sb,
            tittel=f"Bekymringsmelding om {SKJERMET_TITTELORD}",
            offentlig_tittel="Bekymringsmelding om *****",
            korrespondanseparter=[
                NyKorrespondansepart(korrespondanseparttype="EA", navn=SKJERMET_PARTNAVN)
            ],
        )
        skjerming_sett(
            enhet=skjermet,
            tilgangsrestriksjon="13",
            skjerming_metadata=["TRO", "NA"],
            utfoert_av=sb,
        )
        med_vedlegg = ny_journalpost(sak, sb, tittel="Søknad om tilskudd, vedlegg")
        dokument = dokumentbeskrivelse_opprett(
            registrering=med_vedlegg, tittel=SKJERMET_DOKUMENTTITTEL, utfoert_av=sb
        )
        lagre_tekst(dokument, f"Erklæringen beskriver {SKJERMET_DOKUMENTORD} hos søkeren.")
        skjerming_sett(
            enhet=dokument, tilgangsrestriksjon="13", skjerming_metadata=["TD"], utfoert_av=sb
        )
        gradert = ny_journalpost(sak, sb, tittel=f"{GRADERT_ORD} for vannforsyningen")
        gradering_sett(enhet=gradert, graderingskode="K", utfoert_av=sb)
    return Scenario(
        saksansvarlig=sb,
        kollega_uten_kode=bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet, username="kollega"),
        leder_med_kode=leder_med_kode,
        arkivar_med_klarering=alna.arkivar,
        annen_bydel=bjerke.saksbehandler,
    )


def _vist(resultat: Soekeresultat) -> str:
    """Everything a result shows of its hits."""
    return " ".join(
        f"{t.tittel} {t.tittel_html} {t.utdrag_html} {t.referanse}" for t in resultat.treff
    )


def _antall(bruker: Any, q: str) -> int:
    return len(sok(bruker=bruker, q=q).treff)


@pytest.mark.parametrize("ord_", HEMMELIGHETER)
def test_uten_kode_finnes_ingenting_paa_skjermede_ord(scenario: Scenario, ord_: str) -> None:
    assert _antall(scenario.kollega_uten_kode, ord_) == 0


def test_uten_kode_finnes_det_aapne_men_ikke_det_skjermede(scenario: Scenario) -> None:
    resultat = sok(bruker=scenario.kollega_uten_kode, q="søknad OR bekymringsmelding")

    assert sorted(t.tittel for t in resultat.treff) == [
        "Søknad om tilskudd",
        "Søknad om tilskudd, vedlegg",
    ]
    assert resultat.antall == 2


@pytest.mark.parametrize(
    "hvem", ["kollega_uten_kode", "leder_med_kode", "saksansvarlig", "arkivar_med_klarering"]
)
@pytest.mark.parametrize("q", SOEKNINGER)
def test_ingen_tittel_eller_utdrag_viser_et_skjermet_ord(
    scenario: Scenario, hvem: str, q: str
) -> None:
    vist = _vist(sok(bruker=getattr(scenario, hvem), q=q))

    for hemmelighet in (SKJERMET_TITTELORD, SKJERMET_PARTNAVN, SKJERMET_DOKUMENTORD):
        assert hemmelighet not in vist
    assert SKJERMET_DOKUMENTTITTEL not in vist  # TD hides the document's title


@pytest.mark.parametrize("hvem", ["leder_med_kode", "saksansvarlig"])
def test_med_kode_finnes_det_skjermede_vist_som_offentlig(scenario: Scenario, hvem: str) -> None:
    bruker = getattr(scenario, hvem)

    tittel = sok(bruker=bruker, q=SKJERMET_TITTELORD).treff
    part = sok(bruker=bruker, q=SKJERMET_PARTNAVN).treff
    dokument = sok(bruker=bruker, q=SKJERMET_DOKUMENTORD).treff

    assert [(t.tittel, t.er_skjermet, str(t.utdrag_html)) for t in tittel] == [
        ("Bekymringsmelding om *****", True, "")
    ]
    assert [t.tittel for t in part] == ["Bekymringsmelding om *****"]
    assert [(t.artnavn, t.tittel, str(t.utdrag_html), t.tekst_skjult) for t in dokument] == [
        ("Dokument", "*****", "", True)
    ]


def test_gradert_krever_klarering_ogsaa_for_den_ansvarlige(scenario: Scenario) -> None:
    assert _antall(scenario.saksansvarlig, GRADERT_ORD) == 0
    assert _antall(scenario.leder_med_kode, GRADERT_ORD) == 0
    assert _antall(scenario.arkivar_med_klarering, GRADERT_ORD) == 1


@pytest.mark.parametrize("q", SOEKNINGER)
def test_annen_bydel_finner_ingenting(scenario: Scenario, q: str) -> None:
    resultat = sok(bruker=scenario.annen_bydel, q=q)

    assert resultat.treff == []
    assert resultat.antall == 0
    assert all(verdier == [] for verdier in resultat.fasetter.values())


def test_anonym_finner_ingenting(scenario: Scenario) -> None:
    assert sok(bruker=None, q="søknad").treff == []


@pytest.mark.parametrize("hvem", ["kollega_uten_kode", "leder_med_kode"])
@pytest.mark.parametrize("sti", ["/sok/", "/sok/api/"])
def test_side_og_api_viser_ikke_skjermede_ord(
    client: Client, scenario: Scenario, hvem: str, sti: str
) -> None:
    client.force_login(getattr(scenario, hvem))

    svar = client.get(sti, {"q": "søknad OR bekymringsmelding OR tilskudd OR vannforsyning"})

    assert svar.status_code == 200
    assert [h for h in HEMMELIGHETER if h in svar.content.decode()] == []
