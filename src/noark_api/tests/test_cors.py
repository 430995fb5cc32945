"""CORS (rest-api.md §1.3, client-compat.md §3.1), driven by ARKIVAR_API_CORS_ORIGINER."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.urls("noark_api.tests.urls")]

OPPHAV = "https://klient.example.no"


@pytest.fixture
def cors_paa(settings: object) -> None:
    settings.ARKIVAR_API_CORS_ORIGINER = [OPPHAV]  # type: ignore[attr-defined]


def _preflight(api: APIClient, sti: str, opphav: str = OPPHAV) -> object:
    return api.options(
        sti,
        HTTP_ORIGIN=opphav,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type",
    )


@pytest.mark.usefixtures("cors_paa")
def test_preflight_fra_tillatt_opphav_uten_innlogging(api: APIClient) -> None:
    svar = _preflight(api, "/api/test/kropp/")

    assert svar.status_code == 200  # type: ignore[attr-defined]
    assert svar["Access-Control-Allow-Origin"] == OPPHAV  # type: ignore[index]
    assert svar["Access-Control-Allow-Methods"] == "POST,PATCH,OPTIONS"  # type: ignore[index]
    tillatte = svar["Access-Control-Allow-Headers"].split(",")  # type: ignore[index]
    assert {"Authorization", "Content-Type", "ETag", "If-Match"} <= set(tillatte)
    assert svar["Access-Control-Expose-Headers"] == "ETag,Location,Range"  # type: ignore[index]
    assert "Origin" in svar["Vary"]  # type: ignore[index]


@pytest.mark.usefixtures("cors_paa")
def test_preflight_paa_roten_viser_get(api: APIClient) -> None:
    svar = _preflight(api, "/api/")

    assert svar["Access-Control-Allow-Methods"] == "GET,HEAD,OPTIONS"  # type: ignore[index]


@pytest.mark.usefixtures("cors_paa")
def test_enkel_forespoersel_fra_tillatt_opphav_faar_cors_hoder_ogsaa_ved_401(
    api: APIClient,
) -> None:
    svar = api.get("/api/arkivstruktur/", HTTP_ORIGIN=OPPHAV)

    assert svar.status_code == 401
    assert svar["Access-Control-Allow-Origin"] == OPPHAV
    assert svar["Access-Control-Expose-Headers"] == "ETag,Location,Range"
    assert "Access-Control-Allow-Credentials" not in svar


@pytest.mark.usefixtures("cors_paa")
def test_ukjent_opphav_faar_ingen_cors_hoder(api: APIClient) -> None:
    preflight = _preflight(api, "/api/", opphav="https://ond.example.com")
    enkel = api.get("/api/", HTTP_ORIGIN="https://ond.example.com")

    assert "Access-Control-Allow-Origin" not in preflight  # type: ignore[operator]
    assert "Access-Control-Allow-Origin" not in enkel
    assert "Origin" in enkel["Vary"]


def test_uten_oppsatte_opphav_sendes_ingen_cors_hoder(api: APIClient) -> None:
    preflight = _preflight(api, "/api/")
    enkel = api.get("/api/", HTTP_ORIGIN=OPPHAV)

    assert preflight.status_code == 200  # type: ignore[attr-defined]
    assert "Access-Control-Allow-Origin" not in preflight  # type: ignore[operator]
    assert "Access-Control-Allow-Origin" not in enkel


def test_stjerne_tillater_alle_opphav(api: APIClient, settings: object) -> None:
    settings.ARKIVAR_API_CORS_ORIGINER = ["*"]  # type: ignore[attr-defined]

    svar = api.get("/api/", HTTP_ORIGIN="http://localhost:3000")

    assert svar["Access-Control-Allow-Origin"] == "http://localhost:3000"


@pytest.mark.usefixtures("cors_paa")
def test_cors_gjelder_bare_api_et(client: object) -> None:
    svar = client.get("/logg-inn/", HTTP_ORIGIN=OPPHAV)  # type: ignore[attr-defined]

    assert "Access-Control-Allow-Origin" not in svar


def test_options_uten_innlogging_gir_200(api: APIClient) -> None:
    svar = api.options("/api/arkivstruktur/")

    assert svar.status_code == 200
    assert svar.json() == {"_links": {}}
