"""skjerming, gradering and kassasjon written in the unit's own body (rest-api.md §3.1, §5.2;
client-compat.md §6.2): set on create, changed by PUT and PATCH, removed with null, read
back as sent, and carried down through the inheritance services with their change log."""

from __future__ import annotations

from typing import Any

import pytest

from arkivstruktur.models import Mappe, Registrering
from sporing.models import Endringslogg
from tilgang.services import klarering_gi

from .test_mappe import Oppsett, lag_oppsett, lenke, ny_journalpost, post

pytestmark = pytest.mark.django_db

SKJERMING = {
    "tilgangsrestriksjon": {"kode": "13"},
    "skjermingshjemmel": "Offl. § 13 jf. fvl. § 13",
    "skjermingMetadata": [{"kode": "TMO"}, {"kode": "NPS"}],
    "skjermingsvarighet": 60,
}


@pytest.fixture
def alna() -> Oppsett:
    return lag_oppsett("Alna")


def _saksmappe(o: Oppsett, **felter: Any) -> Any:
    from .test_mappe import arkivdel_json

    href = lenke(arkivdel_json(o), "sakarkiv/ny-saksmappe/")
    mal = o.saksbehandler.get(href).json()
    mal.pop("_links")
    return post(o.saksbehandler, href, {**mal, "tittel": "Bekymringsmelding", **felter})


def _les(o: Oppsett, data: dict[str, Any]) -> Any:
    return o.saksbehandler.get(data["_links"]["self"]["href"])


def _endre(api: Any, lest: Any, metode: str, data: dict[str, Any]) -> Any:
    href = lest.json()["_links"]["self"]["href"]
    return getattr(api, metode)(href, data, format="json", HTTP_IF_MATCH=lest["ETag"])


def _kode(verdi: Any) -> Any:
    """What the client sent, as the server echoes it: code objects may gain a kodenavn."""
    if isinstance(verdi, dict) and "kode" in verdi:
        return verdi["kode"]
    if isinstance(verdi, dict):
        return {k: _kode(v) for k, v in verdi.items()}
    if isinstance(verdi, list):
        return [_kode(v) for v in verdi]
    return verdi


def test_skjerming_paa_ny_saksmappe_ekkoes_og_arves_av_journalposten(alna: Oppsett) -> None:
    svar = _saksmappe(alna, offentligTittel="Bekymringsmelding *****", skjerming=SKJERMING)

    assert svar.status_code == 201, svar.json()
    vist = svar.json()["skjerming"]
    assert {k: _kode(vist[k]) for k in SKJERMING} == _kode(SKJERMING)
    assert vist["skjermingOpphoererDato"]  # computed: the start + 60 years
    sak = Mappe.objects.get(system_id=svar.json()["systemID"])
    assert (sak.skjerming.tilgangsrestriksjon, sak.skjerming_er_arvet) == ("13", False)
    logg = Endringslogg.objects.get(
        referanse_arkivenhet=sak.system_id, referanse_metadata="skjerming"
    )
    assert "tilgangsrestriksjon 13" in logg.ny_verdi

    journalpost = ny_journalpost(alna, svar.json())
    assert journalpost["skjerming"] == vist
    assert Registrering.objects.get(system_id=journalpost["systemID"]).skjerming_er_arvet


def test_put_av_det_som_ble_lest_gjoer_ikke_arvet_skjerming_til_egen(alna: Oppsett) -> None:
    sak = _saksmappe(alna, offentligTittel="Bekymringsmelding *****", skjerming=SKJERMING).json()
    journalpost = ny_journalpost(alna, sak, offentligTittel="Søknad")
    lest = _les(alna, journalpost)

    svar = _endre(alna.saksbehandler, lest, "put", {**lest.json(), "tittel": "Søknad, ny"})

    assert svar.status_code == 200, svar.json()
    assert svar.json()["skjerming"] == lest.json()["skjerming"]
    assert Registrering.objects.get(system_id=journalpost["systemID"]).skjerming_er_arvet
    assert not Endringslogg.objects.filter(
        referanse_arkivenhet=journalpost["systemID"], referanse_metadata="skjerming"
    ).exists()


def test_patch_fletter_inn_i_skjermingen_og_null_gir_arv_igjen(alna: Oppsett) -> None:
    sak = _saksmappe(alna, offentligTittel="Bekymringsmelding *****").json()
    journalpost = ny_journalpost(alna, sak, offentligTittel="Søknad")
    lest = _les(alna, journalpost)
    assert "skjerming" not in lest.json()

    satt = _endre(alna.saksbehandler, lest, "patch", {"skjerming": SKJERMING})
    assert satt.status_code == 200, satt.json()
    flettet = _endre(
        alna.saksbehandler, satt, "patch", {"skjerming": {"skjermingMetadata": [{"kode": "TRO"}]}}
    )
    assert flettet.status_code == 200, flettet.json()
    assert _kode(flettet.json()["skjerming"]["skjermingMetadata"]) == ["TRO"]
    assert _kode(flettet.json()["skjerming"]["tilgangsrestriksjon"]) == "13"

    fjernet = _endre(alna.saksbehandler, flettet, "patch", {"skjerming": None})

    assert fjernet.status_code == 200, fjernet.json()
    assert "skjerming" not in fjernet.json()
    assert Registrering.objects.get(system_id=journalpost["systemID"]).skjerming is None


def _klarering(o: Oppsett, kode: str) -> None:
    klarering_gi(
        bruker=o.bydel.saksbehandler,
        graderingskode=kode,
        virksomhet=o.bydel.arkiv.virksomhet,
        utfoert_av=o.bydel.arkivar,
    )


def test_gradering_over_egen_klarering_avvises_og_lagres_ikke(alna: Oppsett) -> None:
    svar = _saksmappe(alna, gradering={"graderingskode": {"kode": "B"}})

    assert svar.status_code == 403, svar.json()
    assert "klarering" in svar.json()["feil"]["beskrivelse"]
    assert not Mappe.objects.filter(tittel="Bekymringsmelding").exists()


def test_gradering_oppgraderes_nedgraderes_og_avgraderes(alna: Oppsett) -> None:
    _klarering(alna, "K")
    sak = _saksmappe(alna, gradering={"graderingskode": {"kode": "B"}})
    assert sak.status_code == 201, sak.json()
    gradering = sak.json()["gradering"]
    assert _kode(gradering["graderingskode"]) == "B"
    assert gradering["gradertAv"] == alna.bydel.saksbehandler.visningsnavn

    opp = _endre(
        alna.saksbehandler, _les(alna, sak.json()), "patch", {"gradering": {"graderingskode": "K"}}
    )
    assert opp.status_code == 200, opp.json()
    assert _kode(opp.json()["gradering"]["graderingskode"]) == "K"
    assert opp.json()["gradering"]["graderingsdato"] != gradering["graderingsdato"]

    ned = _endre(alna.saksbehandler, opp, "patch", {"gradering": {"graderingskode": "B"}})
    assert ned.status_code == 200, ned.json()
    assert _kode(ned.json()["gradering"]["graderingskode"]) == "B"
    assert ned.json()["gradering"]["nedgradertAv"] == alna.bydel.saksbehandler.visningsnavn

    av = _endre(alna.saksbehandler, ned, "patch", {"gradering": None})
    assert av.status_code == 200, av.json()
    assert "gradering" not in av.json()
    assert Mappe.objects.get(system_id=sak.json()["systemID"]).gradering is None


def test_fagsystemet_navngir_hvem_som_graderte(alna: Oppsett) -> None:
    gradering = {
        "graderingskode": {"kode": "B"},
        "graderingsdato": "2026-03-14T09:26:53+01:00",
        "gradertAv": "Kari Fagsystem",
    }

    _klarering(alna, "B")
    svar = _saksmappe(alna, gradering=gradering)

    assert svar.status_code == 201, svar.json()
    vist = svar.json()["gradering"]
    assert vist["gradertAv"] == "Kari Fagsystem"
    assert vist["graderingsdato"].startswith("2026-03-14T09:26:53")


def test_kassasjon_krever_forvaltningsrett(alna: Oppsett) -> None:
    sak = _saksmappe(alna).json()
    kassasjon = {"kassasjonsvedtak": {"kode": "K"}, "bevaringstid": 10}

    nektet = _endre(alna.saksbehandler, _les(alna, sak), "patch", {"kassasjon": kassasjon})
    lest = alna.arkivar.get(sak["_links"]["self"]["href"])
    satt = _endre(alna.arkivar, lest, "patch", {"kassasjon": kassasjon})

    assert nektet.status_code == 403, nektet.json()
    assert satt.status_code == 200, satt.json()
    assert _kode(satt.json()["kassasjon"]) == {"kassasjonsvedtak": "K", "bevaringstid": 10}
    assert Mappe.objects.get(system_id=sak["systemID"]).kassasjon.bevaringstid == 10


@pytest.mark.parametrize(
    ("skjerming", "felt"),
    [
        ({**SKJERMING, "hemmelig": "x"}, "skjerming.hemmelig"),
        ({**SKJERMING, "skjermingOpphoererDato": "2030-01-01"}, "skjerming.skjermingOpphoererDato"),
        ({**SKJERMING, "tilgangsrestriksjon": ["13"]}, "skjerming.tilgangsrestriksjon"),
        ({**SKJERMING, "skjermingMetadata": "TMO"}, "skjerming.skjermingMetadata"),
        ({**SKJERMING, "skjermingsvarighet": "lenge"}, "skjerming.skjermingsvarighet"),
        ({**SKJERMING, "skjermingsvarighet": 10**12}, "skjermingsvarighet"),
        ("13", "skjerming"),
    ],
)
def test_ugyldig_skjerming_gir_400_og_ingen_sak(alna: Oppsett, skjerming: Any, felt: str) -> None:
    svar = _saksmappe(alna, offentligTittel="Bekymringsmelding *****", skjerming=skjerming)

    assert svar.status_code == 400, svar.json()
    assert felt in str(svar.json())
    assert not Mappe.objects.filter(tittel="Bekymringsmelding").exists()


def test_skjerming_av_ord_i_tittelen_krever_offentlig_tittel(alna: Oppsett) -> None:
    svar = _saksmappe(alna, skjerming=SKJERMING)

    assert svar.status_code == 400, svar.json()
    assert not Mappe.objects.filter(tittel="Bekymringsmelding").exists()


def test_kassasjon_paa_arkivdelen_arves_av_sakene_i_den(alna: Oppsett) -> None:
    sak = _saksmappe(alna).json()
    arkivdel = alna.arkivar.get(lenke(sak, "arkivstruktur/arkivdel/"))
    kassasjon = {"kassasjonsvedtak": {"kode": "B"}, "bevaringstid": 0}

    svar = _endre(alna.arkivar, arkivdel, "patch", {"kassasjon": kassasjon})

    assert svar.status_code == 200, svar.json()
    assert _kode(_les(alna, sak).json()["kassasjon"]) == _kode(kassasjon)
    assert Mappe.objects.get(system_id=sak["systemID"]).kassasjon_er_arvet


def test_skjerming_paa_dokumentbeskrivelse(alna: Oppsett) -> None:
    journalpost = ny_journalpost(alna, _saksmappe(alna).json())
    href = lenke(journalpost, "arkivstruktur/ny-dokumentbeskrivelse/")
    mal = alna.saksbehandler.get(href).json()
    mal.pop("_links")
    skjerming = {"tilgangsrestriksjon": {"kode": "13"}, "skjermingMetadata": [{"kode": "M"}]}

    svar = post(alna.saksbehandler, href, {**mal, "tittel": "Journalnotat", "skjerming": skjerming})

    assert svar.status_code == 201, svar.json()
    assert _kode(svar.json()["skjerming"]["skjermingMetadata"]) == ["M"]
    assert svar.json()["skjerming"]["skjermingshjemmel"]  # proposed from the access code
