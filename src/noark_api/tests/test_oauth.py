"""OAuth2 login over HTTP (rest-api.md §1.2, client-compat.md §3.2–3.4): the token endpoint's
three grants, Bearer on API calls, the discovery document and the login links on the root."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO
from typing import Any
from urllib.parse import urlencode

import factory
import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import check_password, make_password
from django.core.management import call_command
from django.core.management.base import CommandError
from factory.django import DjangoModelFactory
from rest_framework.test import APIClient

from arkivstruktur.tests.factories import ArkivFactory
from felles.tid import naa
from noark_api.models import ApiKlient, ApiToken, Tokenart
from organisasjon.models import Bruker, Rolle
from organisasjon.tests.factories import (
    AdministrativEnhetFactory,
    VirksomhetFactory,
    bruker_med_rolle,
)
from tilgang.innlogging.okter import logg_ut_paa_alle_enheter

from .conftest import PASSORD, basic

pytestmark = [pytest.mark.django_db, pytest.mark.urls("noark_api.tests.urls")]

REL = "https://rel.arkivverket.no/noark5/v5/api/"
BASE = "http://testserver/api/"
TOKEN = "/api/login/rfc6749/token/"
OPPDAGELSE = "/api/.well-known/openid-configuration"
ARKIVLISTE = "/api/arkivstruktur/arkiv/"
HEMMELIGHET = "fagsystem-hemmelighet"


class ApiKlientFactory(DjangoModelFactory[ApiKlient]):
    class Meta:
        model = ApiKlient

    klient_id = factory.Sequence(lambda n: f"fagsystem{n}")
    navn = "Fagsystem"
    hemmelighet = factory.LazyFunction(lambda: make_password(HEMMELIGHET))
    opprettet_av = "test"


def _token(api: APIClient, **parametre: str) -> Any:
    return api.post(
        TOKEN, data=urlencode(parametre), content_type="application/x-www-form-urlencoded"
    )


def _passordtoken(api: APIClient, bruker: Bruker, passord: str = PASSORD) -> Any:
    return _token(
        api, grant_type="password", username=bruker.username, password=passord, client_id="app"
    )


def _bearer(token: str) -> APIClient:
    klient = APIClient()
    klient.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return klient


@pytest.fixture
def alna_bruker() -> Bruker:
    enhet = AdministrativEnhetFactory(virksomhet=VirksomhetFactory(kortnavn="alna"))
    return bruker_med_rolle(Rolle.SAKSBEHANDLER, enhet, username="fag@alna")


@pytest.fixture
def fagsystem(alna_bruker: Bruker) -> ApiKlient:
    return ApiKlientFactory(klient_id="barnevern", bruker=alna_bruker)


# --- the password grant -----------------------------------------------------------------------


def test_passord_gir_bearer_token_som_virker_paa_api_et(api: APIClient, bruker: Bruker) -> None:
    svar = _passordtoken(api, bruker)

    data = svar.json()
    assert svar.status_code == 200
    assert svar["Content-Type"] == "application/json"
    assert svar["Cache-Control"] == "no-store"
    assert set(data) == {
        "token_type",
        "access_token",
        "expires_in",
        "refresh_token",
        "refresh_expires_in",
    }
    assert data["token_type"] == "Bearer"
    assert data["expires_in"] >= 3600
    assert data["refresh_expires_in"] >= data["expires_in"]
    assert data["access_token"] != data["refresh_token"]
    arkiv = _bearer(data["access_token"]).get(ARKIVLISTE)
    assert arkiv.status_code == 200
    assert arkiv["Content-Type"].startswith("application/vnd.noark5+json")
    assert "sessionid" not in arkiv.cookies


def test_levetidene_kommer_fra_innstillingene(
    api: APIClient, bruker: Bruker, settings: Any
) -> None:
    settings.ARKIVAR_API_TOKEN_LEVETID = 7200
    settings.ARKIVAR_API_REFRESH_LEVETID = 10 * 3600

    data = _passordtoken(api, bruker).json()

    rad = ApiToken.objects.get(art=Tokenart.TILGANG)
    assert (data["expires_in"], data["refresh_expires_in"]) == (7200, 36000)
    assert rad.utloeper_dato - rad.utstedt_dato == timedelta(seconds=7200)


def test_tokenet_lagres_bare_som_sha256(api: APIClient, bruker: Bruker) -> None:
    data = _passordtoken(api, bruker).json()

    lagret = set(ApiToken.objects.values_list("token_hash", flat=True))
    assert lagret == {
        hashlib.sha256(data["access_token"].encode()).hexdigest(),
        hashlib.sha256(data["refresh_token"].encode()).hexdigest(),
    }
    alle_verdier = str(list(ApiToken.objects.values()))
    assert data["access_token"] not in alle_verdier
    assert data["refresh_token"] not in alle_verdier


def test_utloepte_tokens_ryddes_bort_ved_neste_utstedelse(api: APIClient, bruker: Bruker) -> None:
    _passordtoken(api, bruker)
    ApiToken.objects.update(utloeper_dato=naa() - timedelta(seconds=1))

    _passordtoken(api, bruker)

    assert ApiToken.objects.count() == 2
    assert ApiToken.objects.filter(utloeper_dato__lt=naa()).exists() is False


@pytest.mark.parametrize(
    ("brukernavn", "passord"), [("kari.nordmann", "feil"), ("finnes.ikke", PASSORD)]
)
def test_feil_passord_eller_ukjent_bruker_gir_invalid_grant(
    api: APIClient, bruker: Bruker, brukernavn: str, passord: str
) -> None:
    svar = _token(api, grant_type="password", username=brukernavn, password=passord)

    assert svar.status_code == 400
    assert svar["Content-Type"] == "application/json"
    assert svar["Cache-Control"] == "no-store"
    assert svar.json() == {
        "error": "invalid_grant",
        "error_description": "Feil brukernavn eller passord.",
    }
    assert ApiToken.objects.exists() is False


def test_inaktiv_bruker_faar_ikke_token(api: APIClient, bruker: Bruker) -> None:
    bruker.is_active = False
    bruker.save()

    svar = _passordtoken(api, bruker)

    assert svar.status_code == 400
    assert svar.json()["error"] == "invalid_grant"


def test_passordfeil_sperres_av_axes(api: APIClient, bruker: Bruker, settings: Any) -> None:
    maks = settings.AXES_FAILURE_LIMIT
    foer = [_passordtoken(api, bruker, "feil").status_code for _ in range(maks - 1)]
    sperret = _passordtoken(api, bruker, "feil")
    med_riktig_passord = _passordtoken(api, bruker)

    assert foer == [400] * (maks - 1)
    assert sperret.status_code == 429
    assert sperret["Content-Type"] == "application/json"
    assert sperret["Retry-After"] == str(15 * 60)
    assert sperret.json()["error"] == "invalid_grant"
    assert med_riktig_passord.status_code == 429
    assert AccessAttempt.objects.filter(username="kari.nordmann").exists() is True
    assert ApiToken.objects.exists() is False


def test_tokenfeil_teller_sammen_med_basic(api: APIClient, bruker: Bruker, settings: Any) -> None:
    api.credentials(HTTP_AUTHORIZATION=basic(bruker.username, "feil"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        api.get("/api/arkivstruktur/")
    api.credentials()

    assert _passordtoken(api, bruker, "feil").status_code == 429


def test_passord_er_av_naar_lokal_innlogging_er_av(
    api: APIClient, bruker: Bruker, settings: Any
) -> None:
    settings.ARKIVAR_LOKAL_INNLOGGING = False

    svar = _passordtoken(api, bruker)

    assert svar.status_code == 400
    assert svar.json()["error"] == "unsupported_grant_type"
    assert "password" not in api.get(OPPDAGELSE).json()["grant_types_supported"]


@pytest.mark.parametrize(
    ("parametre", "feil"),
    [
        ({}, "invalid_request"),
        ({"grant_type": "authorization_code", "code": "x"}, "unsupported_grant_type"),
        ({"grant_type": "password", "username": "kari.nordmann"}, "invalid_request"),
        ({"grant_type": "refresh_token"}, "invalid_request"),
    ],
)
def test_ufullstendige_foresporsler_gir_rfc6749_feil(
    api: APIClient, bruker: Bruker, parametre: dict[str, str], feil: str
) -> None:
    svar = _token(api, **parametre)

    assert svar.status_code == 400
    assert svar.json()["error"] == feil
    assert svar.json()["error_description"]


def test_parameter_to_ganger_gir_invalid_request(api: APIClient, bruker: Bruker) -> None:
    kropp = "grant_type=password&username=kari.nordmann&password=demo&password=demo"

    svar = api.post(TOKEN, data=kropp, content_type="application/x-www-form-urlencoded")

    assert svar.status_code == 400
    assert svar.json()["error"] == "invalid_request"


def test_json_kropp_og_get_avvises_som_oauth_feil(api: APIClient, bruker: Bruker) -> None:
    json_kropp = api.post(
        TOKEN,
        data={"grant_type": "password", "username": bruker.username, "password": PASSORD},
        format="json",
    )
    get = api.get(TOKEN)

    assert json_kropp.status_code == 400
    assert json_kropp.json()["error"] == "invalid_request"
    assert get.status_code == 405
    assert get.json()["error"] == "invalid_request"
    assert "POST" in get["Allow"]


def test_svaret_er_json_uansett_accept(api: APIClient, bruker: Bruker) -> None:
    svar = api.post(
        TOKEN,
        data=urlencode(
            {"grant_type": "password", "username": bruker.username, "password": PASSORD}
        ),
        content_type="application/x-www-form-urlencoded",
        HTTP_ACCEPT="application/vnd.noark5+json",
    )

    assert svar.status_code == 200
    assert svar["Content-Type"] == "application/json"


# --- client authentication with the password grant ---------------------------------------------


def test_passord_med_ukjent_utviklingsklient_i_basic_godtas(api: APIClient, bruker: Bruker) -> None:
    api.credentials(HTTP_AUTHORIZATION=basic("nikita-client", "hva-som-helst"))

    svar = _token(api, grant_type="password", username=bruker.username, password=PASSORD)

    assert svar.status_code == 200
    assert ApiToken.objects.filter(klient__isnull=False).exists() is False


def test_passord_med_registrert_klient_og_feil_hemmelighet_gir_401(
    api: APIClient, bruker: Bruker, fagsystem: ApiKlient
) -> None:
    api.credentials(HTTP_AUTHORIZATION=basic(fagsystem.klient_id, "feil"))

    svar = _token(api, grant_type="password", username=bruker.username, password=PASSORD)

    assert svar.status_code == 401
    assert svar["WWW-Authenticate"] == 'Basic realm="Arkivar"'
    assert svar.json()["error"] == "invalid_client"
    assert ApiToken.objects.exists() is False


# --- client credentials (fagsystemer) -----------------------------------------------------------


def test_klientlegitimasjon_handler_som_klientens_bruker(
    api: APIClient, fagsystem: ApiKlient
) -> None:
    alna = fagsystem.bruker.roller.get().administrativ_enhet.virksomhet
    ArkivFactory(virksomhet=alna, tittel="Alna arkiv")
    ArkivFactory(virksomhet=VirksomhetFactory(kortnavn="bjerke"), tittel="Bjerke arkiv")
    api.credentials(HTTP_AUTHORIZATION=basic(fagsystem.klient_id, HEMMELIGHET))

    svar = _token(api, grant_type="client_credentials")

    data = svar.json()
    assert svar.status_code == 200
    assert set(data) == {"token_type", "access_token", "expires_in"}  # RFC 6749 §4.4.3
    liste = _bearer(data["access_token"]).get(ARKIVLISTE)
    assert [rad["tittel"] for rad in liste.json()["results"]] == ["Alna arkiv"]
    rad = ApiToken.objects.get()
    assert (rad.bruker, rad.klient) == (fagsystem.bruker, fagsystem)
    innlogging = _bearer(data["access_token"]).get("/api/login/rfc6749/").json()
    assert innlogging["brukernavn"] == "fag@alna"


def test_klientlegitimasjon_i_skjemaet(api: APIClient, fagsystem: ApiKlient) -> None:
    svar = _token(
        api,
        grant_type="client_credentials",
        client_id=fagsystem.klient_id,
        client_secret=HEMMELIGHET,
    )

    assert svar.status_code == 200


@pytest.mark.parametrize(
    "hode",
    [basic("barnevern", "feil"), basic("ukjent", HEMMELIGHET), "", "Basic ikke-base64"],
    ids=["feil-hemmelighet", "ukjent-klient", "uten-legitimasjon", "ugyldig-basic"],
)
def test_klientlegitimasjon_avvist(api: APIClient, fagsystem: ApiKlient, hode: str) -> None:
    api.credentials(HTTP_AUTHORIZATION=hode)

    svar = _token(api, grant_type="client_credentials")

    assert svar.status_code == 401
    assert svar["WWW-Authenticate"] == 'Basic realm="Arkivar"'
    assert svar.json() == {
        "error": "invalid_client",
        "error_description": "Klienten kunne ikke autentiseres.",
    }
    assert ApiToken.objects.exists() is False


def test_deaktivert_klient_mister_tokenene_og_faar_ingen_nye(
    api: APIClient, fagsystem: ApiKlient
) -> None:
    api.credentials(HTTP_AUTHORIZATION=basic(fagsystem.klient_id, HEMMELIGHET))
    token = _token(api, grant_type="client_credentials").json()["access_token"]

    call_command("api_klient", "deaktiver", fagsystem.klient_id, stdout=StringIO())

    assert _bearer(token).get(ARKIVLISTE).status_code == 401
    assert _token(api, grant_type="client_credentials").status_code == 401


def test_klient_som_er_satt_inaktiv_direkte_avvises_ved_bruk(
    api: APIClient, fagsystem: ApiKlient
) -> None:
    """The check is made on every call, not only by the service that deactivates."""
    api.credentials(HTTP_AUTHORIZATION=basic(fagsystem.klient_id, HEMMELIGHET))
    token = _token(api, grant_type="client_credentials").json()["access_token"]
    ApiKlient.objects.filter(pk=fagsystem.pk).update(er_aktiv=False)

    assert _bearer(token).get(ARKIVLISTE).status_code == 401


# --- refresh ------------------------------------------------------------------------------------


def test_fornying_roterer_og_gammelt_fornyingstoken_avvises(api: APIClient, bruker: Bruker) -> None:
    foerste = _passordtoken(api, bruker).json()

    fornyet = _token(api, grant_type="refresh_token", refresh_token=foerste["refresh_token"])
    igjen = _token(api, grant_type="refresh_token", refresh_token=foerste["refresh_token"])

    ny = fornyet.json()
    assert fornyet.status_code == 200
    assert ny["token_type"] == "Bearer"
    assert ny["refresh_token"] != foerste["refresh_token"]
    assert _bearer(ny["access_token"]).get(ARKIVLISTE).status_code == 401  # revoked by the reuse
    assert igjen.status_code == 400
    assert igjen.json()["error"] == "invalid_grant"


def test_fornyet_token_virker_og_kan_fornyes_videre(api: APIClient, bruker: Bruker) -> None:
    foerste = _passordtoken(api, bruker).json()
    andre = _token(api, grant_type="refresh_token", refresh_token=foerste["refresh_token"]).json()

    tredje = _token(api, grant_type="refresh_token", refresh_token=andre["refresh_token"])

    assert tredje.status_code == 200
    assert _bearer(andre["access_token"]).get(ARKIVLISTE).status_code == 200
    assert _bearer(tredje.json()["access_token"]).get(ARKIVLISTE).status_code == 200


def test_tilgangstoken_er_ikke_fornyingstoken(api: APIClient, bruker: Bruker) -> None:
    data = _passordtoken(api, bruker).json()

    svar = _token(api, grant_type="refresh_token", refresh_token=data["access_token"])

    assert svar.status_code == 400
    assert _bearer(data["refresh_token"]).get(ARKIVLISTE).status_code == 401


def test_utloept_fornyingstoken_avvises(api: APIClient, bruker: Bruker) -> None:
    data = _passordtoken(api, bruker).json()
    ApiToken.objects.update(utloeper_dato=naa() - timedelta(seconds=1))

    svar = _token(api, grant_type="refresh_token", refresh_token=data["refresh_token"])

    assert svar.status_code == 400
    assert svar.json()["error"] == "invalid_grant"


def test_fornying_av_klientens_token_krever_klienten(
    api: APIClient, bruker: Bruker, fagsystem: ApiKlient
) -> None:
    api.credentials(HTTP_AUTHORIZATION=basic(fagsystem.klient_id, HEMMELIGHET))
    data = _passordtoken(api, bruker).json()
    api.credentials()

    uten_klient = _token(api, grant_type="refresh_token", refresh_token=data["refresh_token"])
    api.credentials(HTTP_AUTHORIZATION=basic(fagsystem.klient_id, HEMMELIGHET))
    med_klient = _token(api, grant_type="refresh_token", refresh_token=data["refresh_token"])

    assert uten_klient.status_code == 401
    assert uten_klient.json()["error"] == "invalid_client"
    assert med_klient.status_code == 200


# --- Bearer on API calls ------------------------------------------------------------------------


@pytest.mark.parametrize("hode", ["Bearer ukjent-token", "Bearer", "Bearer to deler"])
def test_ukjent_eller_feilformet_token_gir_401_med_bearer_utfordring(
    api: APIClient, bruker: Bruker, hode: str
) -> None:
    api.credentials(HTTP_AUTHORIZATION=hode)

    svar = api.get(ARKIVLISTE)

    assert svar.status_code == 401
    assert svar["WWW-Authenticate"] == 'Bearer realm="Arkivar", error="invalid_token"'
    assert svar["Content-Type"].startswith("application/vnd.noark5+json")
    assert svar.json()["feil"] == {"kode": 401, "beskrivelse": "Du må logge inn."}


def test_utloept_token_gir_401(api: APIClient, bruker: Bruker) -> None:
    token = _passordtoken(api, bruker).json()["access_token"]
    ApiToken.objects.filter(art=Tokenart.TILGANG).update(utloeper_dato=naa())

    svar = _bearer(token).get(ARKIVLISTE)

    assert svar.status_code == 401
    assert svar["WWW-Authenticate"] == 'Bearer realm="Arkivar", error="invalid_token"'
    assert svar.json()["detail"] == "The access token is invalid or has expired."


def test_token_til_deaktivert_bruker_avvises(api: APIClient, bruker: Bruker) -> None:
    token = _passordtoken(api, bruker).json()["access_token"]
    bruker.is_active = False
    bruker.save()

    assert _bearer(token).get(ARKIVLISTE).status_code == 401


def test_logg_ut_paa_alle_enheter_avslutter_tokenene(api: APIClient, bruker: Bruker) -> None:
    data = _passordtoken(api, bruker).json()

    logg_ut_paa_alle_enheter(bruker)

    assert _bearer(data["access_token"]).get(ARKIVLISTE).status_code == 401
    fornyet = _token(api, grant_type="refresh_token", refresh_token=data["refresh_token"])
    assert fornyet.status_code == 400


def test_anonym_faar_fortsatt_basic_utfordringen(api: APIClient) -> None:
    svar = api.get(ARKIVLISTE)

    assert svar.status_code == 401
    assert svar["WWW-Authenticate"] == 'Basic realm="Arkivar"'


def test_bearer_krever_ikke_csrf(api: APIClient, bruker: Bruker) -> None:
    token = _passordtoken(api, bruker).json()["access_token"]
    klient = APIClient(enforce_csrf_checks=True)
    klient.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    svar = klient.post("/api/test/kropp/", data=b'{"a": 1}', content_type="application/json")

    assert svar.status_code == 200


# --- discovery and links ------------------------------------------------------------------------


def test_oppdagelsesdokumentet(api: APIClient) -> None:
    svar = api.get(OPPDAGELSE)

    assert svar.status_code == 200
    assert svar["Content-Type"] == "application/json"
    data = svar.json()
    assert data["issuer"] == "http://testserver/api"
    assert data["token_endpoint"] == f"{BASE}login/rfc6749/token/"
    assert set(data["grant_types_supported"]) == {"password", "refresh_token", "client_credentials"}


def test_roten_viser_innloggingene_anonymt(api: APIClient) -> None:
    lenker = api.get("/api/").json()["_links"]

    assert lenker == {
        f"{REL}login/oidc/": {"href": f"{BASE}.well-known/openid-configuration"},
        f"{REL}login/rfc6749/": {"href": f"{BASE}login/rfc6749/"},
        f"{REL}login/rfc7617/": {"href": f"{BASE}login/rfc7617/"},
        "self": {"href": BASE},
    }
    assert list(lenker) == sorted(lenker)


def test_innloggingslenkene_kan_foelges_anonymt(api: APIClient) -> None:
    lenker = api.get("/api/").json()["_links"]

    oidc = api.get(lenker[f"{REL}login/oidc/"]["href"])
    rfc6749 = api.get(lenker[f"{REL}login/rfc6749/"]["href"])

    assert oidc.status_code == 200
    assert rfc6749.status_code == 200
    assert rfc6749["Content-Type"].startswith("application/vnd.noark5+json")
    beskrivelse = rfc6749.json()
    assert beskrivelse["token_endpoint"] == oidc.json()["token_endpoint"]
    assert beskrivelse["innlogget"] is False
    assert beskrivelse["_links"]["self"] == {"href": f"{BASE}login/rfc6749/"}
    assert beskrivelse["_links"][f"{REL}login/rfc6749/"] == {"href": f"{BASE}login/rfc6749/"}


def test_innlogget_med_bearer_ser_pakkene_paa_roten(api: APIClient, bruker: Bruker) -> None:
    token = _passordtoken(api, bruker).json()["access_token"]

    lenker = _bearer(token).get("/api/").json()["_links"]

    assert f"{REL}arkivstruktur/" in lenker
    assert f"{REL}login/oidc/" in lenker


@pytest.mark.parametrize(
    ("sti", "metoder"), [(TOKEN, "POST,OPTIONS"), (OPPDAGELSE, "GET,HEAD,OPTIONS")]
)
def test_cors_preflight_paa_innloggingen(
    api: APIClient, settings: Any, sti: str, metoder: str
) -> None:
    settings.ARKIVAR_API_CORS_ORIGINER = ["https://klient.example.no"]

    preflight = api.options(
        sti,
        HTTP_ORIGIN="https://klient.example.no",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    svar = api.get(OPPDAGELSE, HTTP_ORIGIN="https://klient.example.no")

    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == metoder
    assert svar["Access-Control-Allow-Origin"] == "https://klient.example.no"


# --- the api-klient command ---------------------------------------------------------------------


def test_kommandoen_registrerer_lister_og_deaktiverer(alna_bruker: Bruker, api: APIClient) -> None:
    ut = StringIO()
    call_command("api_klient", "registrer", "sak-system", "--bruker", "fag@alna", stdout=ut)
    hemmelighet = next(
        linje.split()[-1] for linje in ut.getvalue().splitlines() if "client_secret" in linje
    )
    liste = StringIO()
    call_command("api_klient", "liste", stdout=liste)
    api.credentials(HTTP_AUTHORIZATION=basic("sak-system", hemmelighet))
    token = _token(api, grant_type="client_credentials")
    call_command("api_klient", "deaktiver", "sak-system", stdout=StringIO())
    etter = StringIO()
    call_command("api_klient", "liste", stdout=etter)

    klient = ApiKlient.objects.get(klient_id="sak-system")
    assert klient.bruker == alna_bruker
    assert hemmelighet not in klient.hemmelighet
    assert check_password(hemmelighet, klient.hemmelighet) is True
    assert "sak-system" in liste.getvalue()
    assert "aktiv" in liste.getvalue()
    assert token.status_code == 200
    assert "deaktivert" in etter.getvalue()
    assert klient.er_aktiv is False


@pytest.mark.parametrize(
    ("argumenter", "melding"),
    [
        (["registrer", "x y", "--bruker", "fag@alna"], "Klient-ID-en må være"),
        (["registrer", "ny-klient", "--bruker", "finnes.ikke"], "Fant ingen bruker"),
        (["registrer", "barnevern", "--bruker", "fag@alna"], "allerede i bruk"),
        (["deaktiver", "finnes-ikke"], "Fant ingen API-klient"),
    ],
)
def test_kommandoen_avviser_feil(fagsystem: ApiKlient, argumenter: list[str], melding: str) -> None:
    with pytest.raises(CommandError, match=melding):
        call_command("api_klient", *argumenter, stdout=StringIO())
