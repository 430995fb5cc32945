"""Errors (rest-api.md §7): the mapping of every error to its status, and the body's shape."""

from __future__ import annotations

import logging

import pytest
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.urls("noark_api.tests.urls")]


@pytest.mark.parametrize(
    ("hva", "kode", "beskrivelse", "detail"),
    [
        ("domenefeil", 400, "Mappen er avsluttet.", "Mappen er avsluttet."),
        ("domenefeil-felt", 400, "Tittel må fylles ut.", {"tittel": ["Tittel må fylles ut."]}),
        ("validering", 400, "Ugyldig verdi.", "Ugyldig verdi."),
        ("ingen-tilgang", 403, "Du har ikke tilgang til å gjøre dette.", "Permission denied."),
        ("django-ingen-tilgang", 403, "Du har ikke tilgang til dette.", "Permission denied."),
        ("ikke-funnet", 404, "Fant ikke ressursen: /api/test/feil/ikke-funnet/", "Not found."),
        ("http404", 404, "Fant ikke ressursen: /api/test/feil/http404/", "Not found."),
        ("parse", 400, "Forespørselen er ikke gyldig JSON.", "Malformed request."),
        (
            "konflikt",
            409,
            "Objektet er endret av noen andre. Hent det på nytt og prøv igjen.",
            "The object was changed by someone else.",
        ),
        (
            "forutsetning",
            412,
            "En forutsetning i forespørselen holder ikke.",
            "Precondition failed.",
        ),
        ("ikke-implementert", 501, "Dette er ikke implementert.", "Not implemented."),
        (
            "beskyttet",
            400,
            "Objektet er i bruk av andre objekter og kan ikke slettes.",
            "The object is still referenced.",
        ),
        ("uventet", 500, "Det oppstod en feil i serveren.", "Internal server error."),
    ],
)
def test_feil_gir_riktig_status_og_noark_kropp(
    api: APIClient, hva: str, kode: int, beskrivelse: str, detail: object
) -> None:
    svar = api.get(f"/api/test/feil/{hva}/")

    assert svar.status_code == kode
    assert svar["Content-Type"].startswith("application/vnd.noark5+json")
    assert svar.json() == {"feil": {"kode": kode, "beskrivelse": beskrivelse}, "detail": detail}


def test_uventet_feil_logges_med_sporing_men_vises_ikke(
    api: APIClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="noark_api.feil"):
        svar = api.get("/api/test/feil/uventet/")

    assert "hemmelig" not in svar.content.decode()
    [post] = [r for r in caplog.records if r.getMessage() == "noark_api.uventet_feil"]
    assert post.exc_info is not None
    assert post.feiltype == "RuntimeError"  # type: ignore[attr-defined]


def test_metode_som_ikke_finnes_gir_405(innlogget: APIClient) -> None:
    svar = innlogget.delete("/api/arkivstruktur/")

    assert svar.status_code == 405
    assert svar.json()["feil"] == {
        "kode": 405,
        "beskrivelse": "Metoden DELETE er ikke tillatt for denne ressursen.",
    }
    assert svar.json()["detail"] == 'Method "DELETE" not allowed.'


@pytest.mark.parametrize(
    "sti",
    [
        "/api/finnes-ikke/",
        "/api/finnes/ikke/heller",
        "/api/arkivstruktur/ukjenttype/",
        "/api/arkivstruktur/ukjenttype/9d5b0c1e-0000-0000-0000-000000000000/",
        "/api/%C3%A6%C3%B8%C3%A5",
    ],
)
@pytest.mark.parametrize("metode", ["get", "post", "put", "patch", "delete", "options"])
def test_ukjente_api_stier_gir_noark_404_aldri_html(
    innlogget: APIClient, sti: str, metode: str
) -> None:
    svar = getattr(innlogget, metode)(sti)

    assert svar.status_code == 404
    assert svar["Content-Type"].startswith("application/vnd.noark5+json")
    assert svar.json()["feil"]["kode"] == 404


@pytest.mark.urls("config.urls")
@pytest.mark.parametrize(
    "sti", ["/api", "/api/", "/api/x", "/api/arkivstruktur", "/api/admin/system/", "/api/schema/"]
)
@pytest.mark.parametrize("accept", ["text/html", "*/*"])
def test_ingen_html_fra_api_et(api: APIClient, sti: str, accept: str) -> None:
    svar = api.get(sti, HTTP_ACCEPT=accept)

    assert not svar["Content-Type"].startswith("text/html")
    assert svar.status_code != 301


@pytest.mark.urls("config.urls")
def test_djangos_feilsider_svarer_noark_under_api(rf: pytest.FixtureRequest) -> None:
    from noark_api import feilsider

    api_svar = feilsider.serverfeil(rf.get("/api/noe/"))  # type: ignore[attr-defined]
    ui_svar = feilsider.serverfeil(rf.get("/sok/"))  # type: ignore[attr-defined]

    assert api_svar.status_code == 500
    assert api_svar["Content-Type"].startswith("application/vnd.noark5+json")
    assert b'"kode": 500' in api_svar.content or b'"kode":500' in api_svar.content
    assert ui_svar["Content-Type"].startswith("text/html")
