"""The loggingogsporing package over HTTP: the change log and the event log, read-only and
limited to what the reader may see (client-compat.md §16; rest-api.md §12.6)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from organisasjon.models import AdministrativEnhet, Bruker, Rolle
from organisasjon.tests.factories import (
    AdministrativEnhetFactory,
    VirksomhetFactory,
    bruker_med_rolle,
)

from .conftest import basic

pytestmark = pytest.mark.django_db

REL = "https://rel.arkivverket.no/noark5/v5/api/"
BASE = "http://testserver/api/"
ENDRINGSLOGG = f"{BASE}loggingogsporing/endringslogg/"
HENDELSESLOGG = f"{BASE}loggingogsporing/hendelseslogg/"


def _lenke(data: dict[str, Any], noekkel: str) -> str:
    return str(data["_links"][REL + noekkel]["href"])


def _klient(bruker: Bruker) -> APIClient:
    klient = APIClient()
    klient.credentials(HTTP_AUTHORIZATION=basic(bruker.username))
    return klient


def _enhet(navn: str) -> AdministrativEnhet:
    return AdministrativEnhetFactory(
        virksomhet=VirksomhetFactory(navn=f"Bydel {navn}", kortnavn=navn.lower())
    )


@pytest.fixture
def alna() -> AdministrativEnhet:
    return _enhet("Alna")


@pytest.fixture
def alna_admin(alna: AdministrativEnhet) -> APIClient:
    return _klient(bruker_med_rolle(Rolle.SYSTEMADMINISTRATOR, alna, username="admin.alna"))


@pytest.fixture
def alna_saksbehandler(alna: AdministrativEnhet) -> APIClient:
    return _klient(bruker_med_rolle(Rolle.SAKSBEHANDLER, alna, username="sb.alna"))


@pytest.fixture
def bjerke_admin() -> APIClient:
    return _klient(
        bruker_med_rolle(Rolle.SYSTEMADMINISTRATOR, _enhet("Bjerke"), username="admin.bjerke")
    )


def _nytt_arkiv(admin: APIClient, tittel: str) -> dict[str, Any]:
    skaper = admin.post(
        f"{BASE}arkivstruktur/ny-arkivskaper/",
        {"arkivskaperID": "974770982", "arkivskaperNavn": tittel},
        format="json",
    )
    assert skaper.status_code == 201, skaper.json()
    arkiv = admin.post(
        _lenke(skaper.json(), "arkivstruktur/ny-arkiv/"), {"tittel": tittel}, format="json"
    )
    assert arkiv.status_code == 201, arkiv.json()
    return dict(arkiv.json())


def test_pakkens_lenker_svarer_200(alna_saksbehandler: APIClient) -> None:
    lenker = alna_saksbehandler.get(f"{BASE}loggingogsporing/").json()["_links"]

    assert set(lenker) == {
        "self",
        REL + "loggingogsporing/endringslogg/",
        REL + "loggingogsporing/hendelseslogg/",
    }
    for lenke in lenker.values():
        svar = alna_saksbehandler.get(lenke["href"].split("{")[0])
        assert svar.status_code == 200
        assert "_links" in svar.json()


def test_arkivets_egen_endringslogg(alna_admin: APIClient) -> None:
    arkiv = _nytt_arkiv(alna_admin, "Alna arkiv")
    selv = arkiv["_links"]["self"]["href"]
    alna_admin.patch(selv, {"tittel": "Alna arkiv 2"}, format="json")

    logg = alna_admin.get(_lenke(arkiv, "loggingogsporing/endringslogg/"))

    data = logg.json()
    assert logg.status_code == 200
    assert [r["referanseArkivenhet"] for r in data["results"]] == [arkiv["systemID"]] * 2
    opprettet, endret = data["results"]
    assert {"endretDato", "endretAv", "referanseEndretAv"} <= opprettet.keys()
    assert (endret["referanseMetadata"], endret["tidligereVerdi"], endret["nyVerdi"]) == (
        "tittel",
        "Alna arkiv",
        "Alna arkiv 2",
    )
    assert _lenke(endret, "arkivstruktur/arkiv/") == selv
    instans = alna_admin.get(endret["_links"]["self"]["href"])
    assert instans.status_code == 200
    assert instans["ETag"]
    assert instans.json() == endret
    assert (
        alna_admin.put(endret["_links"]["self"]["href"], endret, format="json").status_code == 405
    )
    assert alna_admin.delete(endret["_links"]["self"]["href"]).status_code == 405


def test_endretAv_er_innloggingsnavnet_og_kan_filtreres(alna_admin: APIClient) -> None:
    """As opprettetAv on the units (client-compat §3 item 6): the log names the user by login
    name, which a client can filter on; the person's name stays in the stored log."""
    arkiv = _nytt_arkiv(alna_admin, "Alna arkiv")
    filter_ = f"referanseArkivenhet eq '{arkiv['systemID']}' and endretAv eq 'admin.alna'"

    for adresse in (ENDRINGSLOGG, HENDELSESLOGG):
        svar = alna_admin.get(adresse, {"$filter": filter_})

        assert [r["endretAv"] for r in svar.json()["results"]] == ["admin.alna"], adresse


def test_hendelsesloggen_har_hendelsetype_og_dato(alna_admin: APIClient) -> None:
    arkiv = _nytt_arkiv(alna_admin, "Alna arkiv")

    svar = alna_admin.get(
        HENDELSESLOGG, {"$filter": f"referanseArkivenhet eq '{arkiv['systemID']}'"}
    )

    hendelser = svar.json()["results"]
    assert [h["hendelsetype"] for h in hendelser] == [{"kode": "C", "kodenavn": "Opprettet"}]
    assert hendelser[0]["hendelseDato"] == hendelser[0]["endretDato"]
    assert _lenke(hendelser[0], "metadata/hendelsetype/") == f"{BASE}metadata/hendelsetype/"
    typefilter = alna_admin.get(HENDELSESLOGG, {"$filter": "hendelsetype/kode eq 'U'"})
    assert typefilter.json()["count"] == 0


def test_annen_bydels_logg_er_usynlig(
    alna_admin: APIClient, alna_saksbehandler: APIClient, bjerke_admin: APIClient
) -> None:
    alna = _nytt_arkiv(alna_admin, "Alna arkiv")
    bjerke = _nytt_arkiv(bjerke_admin, "Bjerke arkiv")
    bjerkes_logg = bjerke_admin.get(_lenke(bjerke, "loggingogsporing/endringslogg/")).json()
    bjerkes_oppfoering = bjerkes_logg["results"][0]["_links"]["self"]["href"]

    liste = alna_saksbehandler.get(ENDRINGSLOGG, {"$top": 100}).json()
    hendelser = alna_saksbehandler.get(HENDELSESLOGG, {"$top": 100}).json()

    enheter = {r["referanseArkivenhet"] for r in liste["results"]}
    assert alna["systemID"] in enheter
    assert bjerke["systemID"] not in enheter
    assert bjerke["systemID"] not in {r["referanseArkivenhet"] for r in hendelser["results"]}
    assert alna_saksbehandler.get(bjerkes_oppfoering).status_code == 404
    underliste = f"{bjerke['_links']['self']['href']}endringslogg/"
    assert alna_saksbehandler.get(underliste).status_code == 404


def test_organisasjonens_logg_bare_for_systemadministrator(
    alna_admin: APIClient, alna_saksbehandler: APIClient
) -> None:
    bruker = alna_admin.post(
        f"{BASE}admin/ny-bruker/", {"brukerNavn": "Ola Nordmann"}, format="json"
    ).json()
    filter_ = {"$filter": f"referanseArkivenhet eq '{bruker['systemID']}'"}

    for_admin = alna_admin.get(ENDRINGSLOGG, filter_).json()
    for_saksbehandler = alna_saksbehandler.get(ENDRINGSLOGG, filter_).json()

    assert for_admin["count"] == 1
    assert _lenke(for_admin["results"][0], "admin/bruker/") == bruker["_links"]["self"]["href"]
    assert for_saksbehandler["count"] == 0


def test_anonym_faar_401(api: APIClient) -> None:
    assert api.get(ENDRINGSLOGG).status_code == 401


def _spoerringer(klient: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as spoerringer:
        assert klient.get(url, {"$top": 100}).status_code == 200
    return len(spoerringer)


def test_listene_spoer_ikke_per_rad(alna_admin: APIClient) -> None:
    arkiv = _nytt_arkiv(alna_admin, "Alna arkiv")
    underliste = _lenke(arkiv, "loggingogsporing/endringslogg/")
    foer = {url: _spoerringer(alna_admin, url) for url in (ENDRINGSLOGG, HENDELSESLOGG, underliste)}

    for nr in range(4):
        alna_admin.patch(arkiv["_links"]["self"]["href"], {"tittel": f"Alna {nr}"}, format="json")

    etter = {url: _spoerringer(alna_admin, url) for url in foer}
    assert etter == foer
