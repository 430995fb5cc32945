"""Basic (through django-axes) and the session (rest-api.md §1.2, client-compat.md §3.3)."""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt
from django.test import Client
from rest_framework.test import APIClient

from organisasjon.models import Bruker

from .conftest import basic

pytestmark = [pytest.mark.django_db, pytest.mark.urls("noark_api.tests.urls")]


@pytest.mark.parametrize("sti", ["/api/arkivstruktur/", "/api/admin/system/", "/api/metadata/"])
def test_beskyttet_ressurs_uten_innlogging_gir_401_med_utfordring(api: APIClient, sti: str) -> None:
    svar = api.get(sti)

    assert svar.status_code == 401
    assert svar["WWW-Authenticate"] == 'Basic realm="Arkivar"'
    assert svar.json() == {
        "feil": {"kode": 401, "beskrivelse": "Du må logge inn."},
        "detail": "Authentication credentials were not provided.",
    }


def test_basic_med_riktig_passord_gir_tilgang(api: APIClient, bruker: Bruker) -> None:
    api.credentials(HTTP_AUTHORIZATION=basic(bruker.username))

    svar = api.get("/api/arkivstruktur/")

    assert svar.status_code == 200
    assert "sessionid" not in svar.cookies  # Basic is stateless


def test_basic_med_feil_passord_gir_401(api: APIClient, bruker: Bruker) -> None:
    api.credentials(HTTP_AUTHORIZATION=basic(bruker.username, "feil"))

    svar = api.get("/api/arkivstruktur/")

    assert svar.status_code == 401
    assert svar["WWW-Authenticate"] == 'Basic realm="Arkivar"'
    assert svar.json()["feil"] == {"kode": 401, "beskrivelse": "Feil brukernavn eller passord."}


def test_innloggingsbeskrivelsen(api: APIClient, bruker: Bruker) -> None:
    anonym = api.get("/api/login/rfc7617/")
    api.credentials(HTTP_AUTHORIZATION=basic(bruker.username))
    innlogget = api.get("/api/login/rfc7617/")
    api.credentials(HTTP_AUTHORIZATION=basic(bruker.username, "feil"))
    feil = api.get("/api/login/rfc7617/")

    assert anonym.status_code == 200
    assert anonym.json()["innlogget"] is False
    assert "self" in anonym.json()["_links"]
    assert innlogget.json()["brukernavn"] == "kari.nordmann"
    assert feil.status_code == 401


def test_basic_sperres_etter_maks_antall_feil(
    api: APIClient, bruker: Bruker, settings: object
) -> None:
    maks = settings.AXES_FAILURE_LIMIT  # type: ignore[attr-defined]
    api.credentials(HTTP_AUTHORIZATION=basic(bruker.username, "feil"))
    foer = [api.get("/api/arkivstruktur/").status_code for _ in range(maks - 1)]
    sperret = api.get("/api/arkivstruktur/")
    api.credentials(HTTP_AUTHORIZATION=basic(bruker.username))
    med_riktig_passord = api.get("/api/arkivstruktur/")

    assert foer == [401] * (maks - 1)
    assert sperret.status_code == 429
    assert sperret["Content-Type"].startswith("application/vnd.noark5+json")
    assert sperret["Retry-After"] == str(15 * 60)
    assert sperret.json()["feil"]["kode"] == 429
    assert med_riktig_passord.status_code == 429
    assert AccessAttempt.objects.filter(username="kari.nordmann").exists()


def test_basic_feil_teller_sammen_med_innloggingsskjemaet(api: APIClient, bruker: Bruker) -> None:
    """One counter for the login form and the API: the same name, normalised the same way."""
    skjema = Client()
    for _ in range(4):
        skjema.post("/logg-inn/", {"username": "Kari.Nordmann", "password": "feil"})
    api.credentials(HTTP_AUTHORIZATION=basic(bruker.username, "feil"))

    assert api.get("/api/arkivstruktur/").status_code == 429


def test_okten_fra_brukergrensesnittet_gir_tilgang(bruker: Bruker) -> None:
    klient = APIClient()
    klient.force_login(bruker)

    assert klient.get("/api/arkivstruktur/").status_code == 200
    assert klient.get("/api/").json()["_links"].keys() > {"self"}


def test_okt_krever_csrf_paa_endringer_men_basic_gjoer_ikke(bruker: Bruker) -> None:
    oekt = APIClient(enforce_csrf_checks=True)
    oekt.force_login(bruker)
    basic_klient = APIClient(enforce_csrf_checks=True)
    basic_klient.credentials(HTTP_AUTHORIZATION=basic(bruker.username))
    kropp = json.dumps({"a": 1}).encode()

    uten_token = oekt.post("/api/test/kropp/", data=kropp, content_type="application/json")
    med_basic = basic_klient.post("/api/test/kropp/", data=kropp, content_type="application/json")

    assert uten_token.status_code == 403
    assert uten_token.json()["feil"]["kode"] == 403
    assert med_basic.status_code == 200


def test_inaktiv_bruker_kommer_ikke_inn(api: APIClient, bruker: Bruker) -> None:
    bruker.is_active = False
    bruker.save()
    api.credentials(HTTP_AUTHORIZATION=basic(bruker.username))

    assert api.get("/api/arkivstruktur/").status_code == 401
