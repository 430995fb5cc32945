"""`arkivstruktur/arkiv/`: list and single instance over HTTP (rest-api.md §3, §4, §5.3)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from rest_framework.test import APIClient

from arkivstruktur.models import Arkiv
from arkivstruktur.tests.factories import ArkivFactory
from felles.tid import naa
from organisasjon.models import Bruker, Rolle, Virksomhet
from organisasjon.tests.factories import (
    AdministrativEnhetFactory,
    VirksomhetFactory,
    bruker_med_rolle,
)

from .conftest import basic

pytestmark = pytest.mark.django_db

REL = "https://rel.arkivverket.no/noark5/v5/api/"
LISTE = "/api/arkivstruktur/arkiv/"
BASE = "http://testserver"


@pytest.fixture
def alna() -> Virksomhet:
    return VirksomhetFactory(navn="Bydel Alna", kortnavn="alna")


@pytest.fixture
def bjerke() -> Virksomhet:
    return VirksomhetFactory(navn="Bydel Bjerke", kortnavn="bjerke")


def _klient(bruker: Bruker) -> APIClient:
    klient = APIClient()
    klient.credentials(HTTP_AUTHORIZATION=basic(bruker.username))
    return klient


@pytest.fixture
def alna_api(alna: Virksomhet) -> APIClient:
    enhet = AdministrativEnhetFactory(virksomhet=alna)
    return _klient(bruker_med_rolle(Rolle.SAKSBEHANDLER, enhet, username="kari@alna"))


@pytest.fixture
def arkiver(alna: Virksomhet, bjerke: Virksomhet) -> dict[str, Arkiv]:
    return {
        "alna1": ArkivFactory(virksomhet=alna, tittel="Alna arkiv B", beskrivelse="Skole"),
        "alna2": ArkivFactory(
            virksomhet=alna,
            tittel="Alna arkiv A",
            dokumentmedium="E",
            dokumentmedium_kodenavn="Elektronisk arkiv",
        ),
        "alna3": ArkivFactory(
            virksomhet=alna,
            tittel="Alna arkiv C",
            arkivstatus="A",
            arkivstatus_kodenavn="Avsluttet",
            avsluttet_dato=naa(),
            avsluttet_av="kari",
        ),
        "bjerke": ArkivFactory(virksomhet=bjerke, tittel="Bjerke arkiv"),
    }


def _titler(svar: Any) -> list[str]:
    return [rad["tittel"] for rad in svar.json()["results"]]


def test_listen_viser_bare_egen_bydel(alna_api: APIClient, arkiver: dict[str, Arkiv]) -> None:
    svar = alna_api.get(LISTE)
    assert svar.status_code == 200
    assert svar["Content-Type"].startswith("application/vnd.noark5+json")
    data = svar.json()
    assert data["count"] == 3
    assert _titler(svar) == ["Alna arkiv A", "Alna arkiv B", "Alna arkiv C"]
    lenker = data["_links"]
    assert lenker["self"] == {"href": f"{BASE}{LISTE}"}
    assert lenker[f"{REL}arkivstruktur/arkiv/"] == {"href": f"{BASE}{LISTE}"}
    assert "next" not in lenker
    assert f"{REL}arkivstruktur/ny-arkiv/" not in lenker  # a saksbehandler may not create


def test_systemadministrator_faar_ny_arkiv(admin_api: APIClient) -> None:
    lenker = admin_api.get(LISTE).json()["_links"]
    ny = {"href": f"{BASE}/api/arkivstruktur/ny-arkiv/"}
    assert lenker[f"{REL}arkivstruktur/ny-arkiv/"] == ny


def test_arkiv_i_annen_bydel_finnes_ikke(alna_api: APIClient, arkiver: dict[str, Arkiv]) -> None:
    skjult = alna_api.get(f"{LISTE}{arkiver['bjerke'].system_id}/")
    manglende = alna_api.get(f"{LISTE}{uuid.uuid4()}/")
    ugyldig = alna_api.get(f"{LISTE}ikke-en-uuid/")
    for svar in (skjult, manglende, ugyldig):
        assert svar.status_code == 404
        assert svar.json()["feil"]["kode"] == 404
        assert svar.json()["detail"] == "Not found."
    assert str(arkiver["bjerke"].system_id) not in str(alna_api.get(LISTE).json())


def test_enkeltinstans_har_standardens_felter_og_lenker(
    alna_api: APIClient, arkiver: dict[str, Arkiv]
) -> None:
    arkiv = arkiver["alna3"]
    svar = alna_api.get(f"{LISTE}{arkiv.system_id}/")
    assert svar.status_code == 200
    data = svar.json()
    assert data["systemID"] == str(arkiv.system_id)
    assert data["tittel"] == "Alna arkiv C"
    assert data["arkivstatus"] == {"kode": "A", "kodenavn": "Avsluttet"}
    assert data["avsluttetAv"] == "kari"
    assert {"opprettetDato", "opprettetAv", "avsluttetDato"} <= data.keys()
    # Absent values are omitted, not null (client-compat §2.4).
    assert not {"beskrivelse", "dokumentmedium", "endretDato", "endretAv"} & data.keys()
    selv = f"{BASE}{LISTE}{arkiv.system_id}/"
    lenker = data["_links"]
    assert list(lenker) == sorted(lenker)
    assert lenker["self"] == {"href": selv}
    assert lenker[f"{REL}arkivstruktur/arkiv/"] == {"href": selv}
    assert lenker[f"{REL}arkivstruktur/arkivdel/"] == {"href": f"{selv}arkivdel/"}
    assert lenker[f"{REL}arkivstruktur/arkivskaper/"] == {"href": f"{selv}arkivskaper/"}
    assert f"{REL}arkivstruktur/underarkiv/" not in lenker
    assert f"{REL}arkivstruktur/overarkiv/" not in lenker


def test_underarkiv_og_overarkiv_bare_naar_de_finnes(
    alna_api: APIClient, alna: Virksomhet, arkiver: dict[str, Arkiv]
) -> None:
    over = arkiver["alna1"]
    under = ArkivFactory(virksomhet=alna, tittel="Under", overarkiv=over)
    over_lenker = alna_api.get(f"{LISTE}{over.system_id}/").json()["_links"]
    under_lenker = alna_api.get(f"{LISTE}{under.system_id}/").json()["_links"]
    assert over_lenker[f"{REL}arkivstruktur/underarkiv/"] == {
        "href": f"{BASE}{LISTE}{over.system_id}/underarkiv/"
    }
    assert under_lenker[f"{REL}arkivstruktur/overarkiv/"] == {
        "href": f"{BASE}{LISTE}{over.system_id}/"
    }
    # The list carries the same links per row.
    rader = alna_api.get(LISTE, {"$filter": "tittel eq 'Alna arkiv B'"}).json()["results"]
    assert rader[0]["_links"] == over_lenker


def test_kodeverdi_med_kodenavn(alna_api: APIClient, arkiver: dict[str, Arkiv]) -> None:
    data = alna_api.get(f"{LISTE}{arkiver['alna2'].system_id}/").json()
    assert data["dokumentmedium"] == {"kode": "E", "kodenavn": "Elektronisk arkiv"}


def test_etag_er_stabil_og_endres_med_objektet(
    alna_api: APIClient, arkiver: dict[str, Arkiv]
) -> None:
    arkiv = arkiver["alna1"]
    url = f"{LISTE}{arkiv.system_id}/"
    foerste, andre = alna_api.get(url), alna_api.get(url)
    assert foerste["ETag"]
    assert foerste["ETag"][0] == foerste["ETag"][-1] == '"'  # a strong, quoted ETag
    assert foerste["ETag"] == andre["ETag"]
    Arkiv.objects.filter(pk=arkiv.pk).update(tittel="Nytt navn")
    assert alna_api.get(url)["ETag"] != foerste["ETag"]
    assert "ETag" not in alna_api.get(LISTE)  # not on lists (rest-api §5.3)


@pytest.mark.parametrize(
    ("filter_", "forventet"),
    [
        ("tittel eq 'Alna arkiv A'", ["Alna arkiv A"]),
        ("contains(tittel,'arkiv b')", ["Alna arkiv B"]),
        ("arkivstatus/kode eq 'A'", ["Alna arkiv C"]),
        ("dokumentmedium/kode eq 'E' or beskrivelse eq 'Skole'", ["Alna arkiv A", "Alna arkiv B"]),
        ("avsluttetDato ne null", ["Alna arkiv C"]),
        (
            "year(opprettetDato) ge 2000 and not (arkivstatus/kode eq 'A')",
            ["Alna arkiv A", "Alna arkiv B"],
        ),
        ("tittel eq 'Bjerke arkiv'", []),  # another district's stays hidden
    ],
)
def test_filter(
    alna_api: APIClient, arkiver: dict[str, Arkiv], filter_: str, forventet: list[str]
) -> None:
    svar = alna_api.get(LISTE, {"$filter": filter_})
    assert svar.status_code == 200
    assert _titler(svar) == forventet
    assert svar.json()["count"] == len(forventet)


def test_filter_paa_system_id(alna_api: APIClient, arkiver: dict[str, Arkiv]) -> None:
    arkiv = arkiver["alna2"]
    svar = alna_api.get(LISTE, {"$filter": f"systemID eq '{arkiv.system_id}'"})
    assert _titler(svar) == ["Alna arkiv A"]


@pytest.mark.parametrize(
    "filter_", ["ukjentFelt eq 'x'", "arkivstatus/ukjent eq 'x'", "systemID eq 'ikke-en-uuid'"]
)
def test_ukjent_felt_gir_tom_liste(
    alna_api: APIClient, arkiver: dict[str, Arkiv], filter_: str
) -> None:
    """client-compat §10.4: unknown paths and values that can never match give 200, count 0."""
    svar = alna_api.get(LISTE, {"$filter": filter_})
    assert svar.status_code == 200
    assert (svar.json()["count"], svar.json()["results"]) == (0, [])


def test_anfoerselstegn_som_mangler_til_slutt_godtas(
    alna_api: APIClient, arkiver: dict[str, Arkiv]
) -> None:
    svar = alna_api.get(LISTE, {"$filter": "tittel eq 'Alna arkiv A"})
    assert _titler(svar) == ["Alna arkiv A"]


@pytest.mark.parametrize(
    "parametre",
    [
        {"$filter": "tittel eq"},
        {"$filter": "tittel eq 1"},
        {"$orderby": "ukjent desc"},
        {"$top": "-1"},
        {"$skip": "x"},
    ],
)
def test_uleselige_parametre_gir_400(
    alna_api: APIClient, arkiver: dict[str, Arkiv], parametre: dict[str, str]
) -> None:
    svar = alna_api.get(LISTE, parametre)
    assert svar.status_code == 400
    feil = svar.json()["feil"]
    assert feil["kode"] == 400
    assert " / " in feil["beskrivelse"]  # bokmål / English


def test_orderby(alna_api: APIClient, arkiver: dict[str, Arkiv]) -> None:
    svar = alna_api.get(LISTE, {"$orderby": "tittel desc"})
    assert _titler(svar) == ["Alna arkiv C", "Alna arkiv B", "Alna arkiv A"]
    svar = alna_api.get(LISTE, {"$orderby": "arkivstatus/kode desc, tittel"})
    assert _titler(svar) == ["Alna arkiv A", "Alna arkiv B", "Alna arkiv C"]  # O, O, A


def test_paging_teller_alle_og_lenker_til_neste_side(
    alna_api: APIClient, arkiver: dict[str, Arkiv]
) -> None:
    svar = alna_api.get(LISTE, {"$top": "2", "$orderby": "tittel"})
    data = svar.json()
    assert data["count"] == 3  # the total, not the page size
    assert _titler(svar) == ["Alna arkiv A", "Alna arkiv B"]
    neste = data["_links"]["next"]["href"]
    assert neste == f"{BASE}{LISTE}?$orderby=tittel&$top=2&$skip=2"
    assert data["_links"]["self"]["href"] == f"{BASE}{LISTE}?$orderby=tittel&$top=2"
    andre = alna_api.get(neste.removeprefix(BASE))
    assert _titler(andre) == ["Alna arkiv C"]
    assert andre.json()["count"] == 3
    assert "next" not in andre.json()["_links"]


def test_top_over_maks_kappes(alna_api: APIClient, alna: Virksomhet) -> None:
    for n in range(12):
        ArkivFactory(virksomhet=alna, tittel=f"Arkiv {n:02d}")
    standard = alna_api.get(LISTE).json()
    assert (standard["count"], len(standard["results"])) == (12, 10)
    assert "next" in standard["_links"]
    alle = alna_api.get(LISTE, {"$top": "100000"}).json()
    assert len(alle["results"]) == 12
    assert "next" not in alle["_links"]


def test_tom_liste_har_results(alna_api: APIClient) -> None:
    data = alna_api.get(LISTE).json()
    assert data["count"] == 0
    assert data["results"] == []
    assert data["_links"]["self"] == {"href": f"{BASE}{LISTE}"}


@pytest.mark.parametrize("sti", [LISTE, f"{LISTE}0190a0c4-0000-7000-8000-000000000000/"])
def test_krever_innlogging(api: APIClient, sti: str) -> None:
    svar = api.get(sti)
    assert svar.status_code == 401
    assert svar.json()["feil"]["kode"] == 401
    assert "WWW-Authenticate" in svar


def test_uten_skraastrek(alna_api: APIClient, arkiver: dict[str, Arkiv]) -> None:
    assert alna_api.get(LISTE.rstrip("/")).status_code == 200
    assert alna_api.get(f"{LISTE}{arkiver['alna1'].system_id}").status_code == 200
