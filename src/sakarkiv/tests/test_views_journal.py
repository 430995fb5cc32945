"""The løpende and the offentlig journal per day and unit, as a page and as PDF (issue 6 item 9)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pikepdf
import pikepdf.pdfa
import pytest
from django.test import Client

from arkivstruktur.services.arv import gradering_sett, skjerming_sett
from felles.tests.pdftekst import pdftekst
from felles.tid import dato_i_oslo, naa
from organisasjon.tests.factories import AdministrativEnhetFactory
from sakarkiv.models import Journalpost, Saksmappe
from sakarkiv.services.journalpost import journalpost_endre_status
from sakarkiv.services.korrespondansepart import NyKorrespondansepart
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sporing.models import Endringslogg
from tilgang.services import tilgangskode_gi

pytestmark = pytest.mark.django_db

HEMMELIG_PART = "Petter Hemmeligsen"


def _journalfoert(sak: Saksmappe, bydel: Bydel, **kwargs: object) -> Journalpost:
    return ny_journalpost(sak, bydel.arkivar, journalstatus="J", **kwargs)


def _skjermet_sak(bydel: Bydel) -> Saksmappe:
    sak = ny_sak(
        bydel,
        tittel="Bekymringsmelding Petter Hemmeligsen",
        offentlig_tittel="Bekymringsmelding *****",
    )
    skjerming_sett(
        enhet=sak,
        tilgangsrestriksjon="13",
        skjermingshjemmel="Offl. § 13 jf. fvl. § 13",
        skjerming_metadata=["TMO", "TRO", "NA", "NPS"],
        utfoert_av=bydel.arkivar,
    )
    return sak


@pytest.fixture
def dagens(bydel: Bydel, annen_bydel: Bydel) -> dict[str, Journalpost]:
    """One day's journal of Alna: an open entry, a screened one, a graded one, a draft; and one
    open entry in Bjerke."""
    aapen = _journalfoert(ny_sak(bydel, tittel="Byggesak Storgata 1"), bydel, tittel="Nabovarsel")
    skjermet = _journalfoert(
        _skjermet_sak(bydel),
        bydel,
        tittel="Melding om Petter Hemmeligsen",
        offentlig_tittel="Melding om *****",
        korrespondanseparter=[
            NyKorrespondansepart(korrespondanseparttype="EA", navn=HEMMELIG_PART)
        ],
    )
    gradert_sak = ny_sak(bydel, tittel="Beredskapsplan vannverk")
    gradering_sett(enhet=gradert_sak, graderingskode="K", utfoert_av=bydel.arkivar)
    gradert = _journalfoert(gradert_sak, bydel, tittel="Sårbarhetsanalyse")
    utkast = ny_journalpost(
        ny_sak(bydel), bydel.saksbehandler, tittel="Utkast til svar", journalposttype="U"
    )
    annen = _journalfoert(ny_sak(annen_bydel), annen_bydel, tittel="Søknad i Bjerke")
    return {
        "aapen": aapen,
        "skjermet": skjermet,
        "gradert": gradert,
        "utkast": utkast,
        "annen": annen,
    }


def _i_dag() -> str:
    return dato_i_oslo(naa()).isoformat()


def _journalposter(svar: object) -> list[Journalpost]:
    return [linje.journalpost for linje in svar.context["journal"].linjer]  # type: ignore[attr-defined]


# --- the offentlig journal ---------------------------------------------------------------------


def test_offentlig_journal_for_alle_uten_innlogging_med_skjermede_ord_maskert(
    client: Client, bydel: Bydel, dagens: dict[str, Journalpost]
) -> None:
    svar = client.get("/offentlig-journal/", {"bydel": "alna", "dato": _i_dag()})

    assert svar.status_code == 200
    # Journalført only, never graded, only this district, in journal number order.
    assert _journalposter(svar) == [dagens["aapen"], dagens["skjermet"]]
    innhold = svar.content.decode()
    assert "Nabovarsel" in innhold
    assert "Melding om *****" in innhold
    assert "Bekymringsmelding *****" in innhold
    assert "Offl. § 13 jf. fvl. § 13" in innhold
    assert "Fra: *****" in innhold
    for lekkasje in ("Hemmeligsen", "Sårbarhetsanalyse", "Beredskapsplan", "Utkast til svar"):
        assert lekkasje not in innhold
    assert bydel.saksbehandler.visningsnavn not in innhold
    assert "Logg inn</a>" in innhold


def test_offentlig_journal_som_pdfa_med_samme_maskering(
    client: Client, dagens: dict[str, Journalpost], tmp_path: Path
) -> None:
    svar = client.get("/offentlig-journal/pdf/", {"bydel": "alna", "dato": _i_dag()})

    assert svar.status_code == 200
    assert svar["Content-Type"] == "application/pdf"
    assert f"offentlig-journal-alna-{_i_dag()}.pdf" in svar["Content-Disposition"]
    assert pikepdf.pdfa.validate_written(io.BytesIO(svar.content), "2b").passed
    tekst = pdftekst(svar.content)
    assert "2 journalposter" in tekst
    assert dagens["aapen"].registrerings_id in tekst
    assert "Melding om *****" in tekst
    assert "Skjermet: Offl. § 13 jf. fvl. § 13" in tekst
    assert "Hemmeligsen" not in tekst
    assert "Sårbarhetsanalyse" not in tekst


def test_offentlig_journal_per_enhet_og_annen_dag(
    client: Client, bydel: Bydel, dagens: dict[str, Journalpost]
) -> None:
    annen_enhet = AdministrativEnhetFactory(
        virksomhet=bydel.arkiv.virksomhet, administrativ_enhet_navn="Plan og bygg"
    )
    i_dag = _i_dag()

    egen = client.get(
        "/offentlig-journal/", {"bydel": "alna", "dato": i_dag, "enhet": bydel.enhet.pk}
    )
    tom = client.get(
        "/offentlig-journal/", {"bydel": "alna", "dato": i_dag, "enhet": annen_enhet.pk}
    )
    i_gaar = (dato_i_oslo(naa()) - dt.timedelta(days=1)).isoformat()
    gaarsdagens = client.get("/offentlig-journal/", {"bydel": "alna", "dato": i_gaar})

    assert _journalposter(egen) == [dagens["aapen"], dagens["skjermet"]]
    assert _journalposter(tom) == []
    assert "Ingen journalposter denne dagen." in tom.content.decode()
    assert _journalposter(gaarsdagens) == []


def test_feil_i_utvalget_vises_ved_feltet_og_det_skrevne_beholdes(
    client: Client, annen_bydel: Bydel, dagens: dict[str, Journalpost]
) -> None:
    feil_dato = client.get("/offentlig-journal/", {"bydel": "alna", "dato": "20.11.2026"})
    fremmed_enhet = client.get(
        "/offentlig-journal/", {"bydel": "alna", "dato": _i_dag(), "enhet": annen_bydel.enhet.pk}
    )
    ukjent_bydel = client.get("/offentlig-journal/", {"bydel": "finnes-ikke"})

    innhold = feil_dato.content.decode()
    assert feil_dato.context["journal"] is None
    assert 'id="feil-dato"' in innhold
    assert "Skriv datoen som åååå-mm-dd" in innhold
    assert 'value="20.11.2026"' in innhold
    assert "Fant ikke enheten i bydelen." in fremmed_enhet.content.decode()
    assert fremmed_enhet.context["journal"] is None
    assert "Fant ikke bydelen." in ukjent_bydel.content.decode()
    assert client.get("/offentlig-journal/pdf/", {"bydel": "finnes-ikke"}).status_code == 404


def test_uten_bydel_vises_brukerens_egen(
    client: Client, bydel: Bydel, annen_bydel: Bydel, dagens: dict[str, Journalpost]
) -> None:
    client.force_login(annen_bydel.saksbehandler)

    svar = client.get("/offentlig-journal/")

    assert svar.context["journal"].virksomhet == annen_bydel.arkiv.virksomhet
    assert _journalposter(svar) == [dagens["annen"]]


# --- the løpende journal ----------------------------------------------------------------------


def test_lopende_journal_viser_alt_arkivaren_kan_se_og_logger_skjermede(
    client: Client, bydel: Bydel, dagens: dict[str, Journalpost]
) -> None:
    tilgangskode_gi(
        bruker=bydel.arkivar,
        tilgangskode="13",
        virksomhet=bydel.arkiv.virksomhet,
        utfoert_av=bydel.arkivar,
    )
    client.force_login(bydel.arkivar)

    svar = client.get("/journal/", {"bydel": "alna", "dato": _i_dag()})

    assert svar.status_code == 200
    # Every status, the screened one in full; the graded one needs a clearance.
    assert _journalposter(svar) == [dagens["aapen"], dagens["skjermet"], dagens["utkast"]]
    innhold = svar.content.decode()
    assert "Melding om Petter Hemmeligsen" in innhold
    assert f"Fra: {HEMMELIG_PART}" in innhold
    assert bydel.saksbehandler.visningsnavn in innhold
    assert "Sårbarhetsanalyse" not in innhold
    lest = Endringslogg.objects.filter(
        referanse_arkivenhet=dagens["skjermet"].system_id, hendelsetype="R"
    )
    assert lest.count() == 1


def test_lopende_journal_uten_tilgangskode_skjuler_det_skjermede(
    client: Client, bydel: Bydel, dagens: dict[str, Journalpost], tmp_path: Path
) -> None:
    client.force_login(bydel.arkivar)

    side = client.get("/journal/", {"bydel": "alna", "dato": _i_dag()})
    pdf = client.get("/journal/pdf/", {"bydel": "alna", "dato": _i_dag()})

    assert _journalposter(side) == [dagens["aapen"], dagens["utkast"]]
    assert "Hemmeligsen" not in side.content.decode()
    tekst = pdftekst(pdf.content)
    assert "Løpende journal" in tekst
    assert "Utkast til svar" in tekst
    assert "Hemmeligsen" not in tekst


def test_lopende_journal_bare_for_arkivet_i_egen_bydel(
    client: Client, bydel: Bydel, annen_bydel: Bydel, dagens: dict[str, Journalpost]
) -> None:
    client.force_login(bydel.saksbehandler)
    assert client.get("/journal/").status_code == 403
    assert client.get("/journal/pdf/").status_code == 403
    assert "Løpende journal</a>" not in client.get("/").content.decode()

    client.force_login(annen_bydel.arkivar)
    fremmed = client.get("/journal/", {"bydel": "alna", "dato": _i_dag()})
    assert fremmed.context["journal"] is None
    assert "Fant ikke bydelen." in fremmed.content.decode()
    assert client.get("/journal/pdf/", {"bydel": "alna"}).status_code == 404

    client.logout()
    assert client.get("/journal/").status_code == 302


def test_ekspedert_og_arkivert_er_med_i_offentlig_journal(
    client: Client, bydel: Bydel, dagens: dict[str, Journalpost]
) -> None:
    utkast = dagens["utkast"]
    for status in ("F", "E"):
        utkast = journalpost_endre_status(
            journalpost=utkast, journalstatus=status, utfoert_av=bydel.saksbehandler
        )

    svar = client.get("/offentlig-journal/", {"bydel": "alna", "dato": _i_dag()})

    assert dagens["utkast"] in _journalposter(svar)


def test_lenker_til_forrige_og_neste_dag_med_journalposter(
    client: Client, bydel: Bydel, dagens: dict[str, Journalpost]
) -> None:
    tidligere = dato_i_oslo(naa()) - dt.timedelta(days=4)
    _journalfoert(ny_sak(bydel), bydel, tittel="Gammel søknad", journaldato=tidligere)

    i_dag = client.get("/offentlig-journal/", {"bydel": "alna", "dato": _i_dag()})
    den_gang = client.get("/offentlig-journal/", {"bydel": "alna", "dato": tidligere.isoformat()})

    assert (i_dag.context["journal"].forrige, i_dag.context["journal"].neste) == (tidligere, None)
    assert f"dato={tidligere.isoformat()}" in i_dag.content.decode()
    assert den_gang.context["journal"].neste == dato_i_oslo(naa())
    assert [j.tittel for j in _journalposter(den_gang)] == ["Gammel søknad"]
