"""OpenID Connect login for staff.

Three layers: the callback against a provider faked at the HTTP boundary (token validation,
PKCE, state), the mapping of claims onto Bruker, and the whole flow end to end against a local
OpenID provider (django-oauth-toolkit in the live test server, tests/oidc_leverandoer/).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from asgiref.sync import async_to_sync
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from organisasjon.models import Bruker, Rolletildeling
from organisasjon.tests.factories import BrukerFactory
from tilgang.innlogging import oidc
from tilgang.innlogging.oidc import OidcAvvist, OidcBackend, finn_eller_opprett_bruker
from tilgang.innlogging.okter import OIDC_ID_TOKEN, OKT_GENERASJON
from tilgang.models import OidcIdentitet
from tilgang.tests.oidc_leverandoer.validator import LEVERANDOER_PREFIKS

SRC = Path(__file__).resolve().parents[2]
ISSUER = "https://idp.kommune.test"
KLIENT_ID = "arkivar"
KLIENT_HEMMELIGHET = "en-klienthemmelighet-som-er-lang-nok-for-hs256"


@pytest.fixture(autouse=True)
def _ny_oidc_klient() -> Iterator[None]:
    """Each test discovers its provider afresh."""
    oidc._klienter.clear()
    yield
    oidc._klienter.clear()


def _oidc_paa(settings: Any, issuer: str, **ekstra: Any) -> None:
    settings.ARKIVAR_OIDC_ENABLED = True
    settings.ARKIVAR_OIDC_ISSUER = issuer
    settings.ARKIVAR_OIDC_CLIENT_ID = KLIENT_ID
    settings.ARKIVAR_OIDC_CLIENT_SECRET = KLIENT_HEMMELIGHET
    settings.ARKIVAR_OIDC_SCOPES = "openid profile email"
    settings.ARKIVAR_OIDC_BRUKERNAVN_CLAIM = "preferred_username"
    settings.ARKIVAR_OIDC_KNAPPETEKST = "Oslo kommune (Entra ID)"
    for navn, verdi in ekstra.items():
        setattr(settings, navn, verdi)


def _parametre(url: str) -> dict[str, str]:
    return {navn: verdier[0] for navn, verdier in parse_qs(urlsplit(url).query).items()}


def _ny_bruker(brukernavn: str, **felter: Any) -> Bruker:
    bruker = BrukerFactory(username=brukernavn, **felter)
    bruker.save()
    return bruker


# -- The callback against a provider faked at the HTTP boundary ------------------------------


class FalskLeverandoer:
    """Discovery and keys preloaded into the Authlib client; the token endpoint replaced by
    `svar_med()`. Nothing goes over the network."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, end_session: bool = True) -> None:
        self.noekkel = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})
        self.klient = oidc.oidc_klient()
        metadata = {
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/authorize",
            "token_endpoint": f"{ISSUER}/token",
            "jwks": {"keys": [self.noekkel.as_dict(private=False)]},
            "id_token_signing_alg_values_supported": ["RS256", "HS256", "none"],
            "_loaded_at": time.time(),
        }
        if end_session:
            metadata["end_session_endpoint"] = f"{ISSUER}/logout"
        self.klient.server_metadata.update(metadata)
        self.tokenkall: list[dict[str, Any]] = []
        self._monkeypatch = monkeypatch

    def claims(self, nonce: str | None, **endret: Any) -> dict[str, Any]:
        naa = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": KLIENT_ID,
            "sub": "entra-sub-123",
            "iat": naa,
            "exp": naa + 300,
            "nonce": nonce,
            "preferred_username": "kari.nordmann@oslo.kommune.test",
            "given_name": "Kari",
            "family_name": "Nordmann",
            "email": "kari.nordmann@oslo.kommune.test",
        }
        claims.update(endret)
        return {navn: verdi for navn, verdi in claims.items() if verdi is not None}

    def signer(self, claims: dict[str, Any], noekkel: Any = None, alg: str = "RS256") -> str:
        return jwt.encode({"alg": alg, "kid": "k1"}, claims, noekkel or self.noekkel)

    def svar_med(self, id_token: str) -> None:
        def fetch_access_token(**kwargs: Any) -> dict[str, Any]:
            self.tokenkall.append(kwargs)
            return {"access_token": "at", "token_type": "Bearer", "id_token": id_token}

        self._monkeypatch.setattr(self.klient, "fetch_access_token", fetch_access_token)


@pytest.fixture
def leverandoer(settings: Any, monkeypatch: pytest.MonkeyPatch) -> FalskLeverandoer:
    _oidc_paa(settings, ISSUER)
    return FalskLeverandoer(monkeypatch)


def _start(client: Client, neste: str = "") -> dict[str, str]:
    svar = client.get("/innlogging/oidc/", {"next": neste} if neste else {})
    assert svar.status_code == 302
    assert svar["Location"].startswith(f"{ISSUER}/authorize?")
    return _parametre(svar["Location"])


def _tilbake(client: Client, **parametre: str) -> Any:
    return client.get("/innlogging/oidc/tilbake/", parametre)


@pytest.mark.django_db
def test_innloggingssiden_viser_knapp_for_oidc(client: Client, settings: Any) -> None:
    _oidc_paa(settings, ISSUER)

    innhold = client.get("/logg-inn/?next=/saker/").content.decode()

    assert '<form method="get" action="/innlogging/oidc/">' in innhold
    assert "Logg inn med Oslo kommune (Entra ID)</button>" in innhold
    assert '<input type="hidden" name="next" value="/saker/">' in innhold


@pytest.mark.django_db
def test_oidc_er_av_uten_innstilling(client: Client) -> None:
    assert client.get("/innlogging/oidc/").status_code == 404
    assert client.get("/innlogging/oidc/tilbake/?code=x&state=y").status_code == 404
    assert "Logg inn med" not in client.get("/logg-inn/").content.decode()


@pytest.mark.django_db
def test_forespoerselen_har_pkce_s256_state_og_nonce(
    client: Client, leverandoer: FalskLeverandoer
) -> None:
    forespoersel = _start(client)

    assert forespoersel["response_type"] == "code"
    assert forespoersel["client_id"] == KLIENT_ID
    assert forespoersel["redirect_uri"] == "http://testserver/innlogging/oidc/tilbake/"
    assert forespoersel["scope"] == "openid profile email"
    assert forespoersel["code_challenge_method"] == "S256"
    assert len(forespoersel["state"]) >= 20
    assert len(forespoersel["nonce"]) >= 20
    assert len(forespoersel["code_challenge"]) == 43


@pytest.mark.django_db
def test_gyldig_innlogging_oppretter_bruker_uten_roller(
    client: Client, leverandoer: FalskLeverandoer
) -> None:
    forespoersel = _start(client, neste="/saker/")
    id_token = leverandoer.signer(leverandoer.claims(forespoersel["nonce"]))
    leverandoer.svar_med(id_token)

    svar = _tilbake(client, code="kode-1", state=forespoersel["state"])

    assert svar.status_code == 302
    assert svar["Location"] == "/saker/"
    bruker = Bruker.objects.get(username="kari.nordmann@oslo.kommune.test")
    assert client.session[SESSION_KEY] == str(bruker.pk)
    assert client.session[OIDC_ID_TOKEN] == id_token
    assert client.session[OKT_GENERASJON] == 0
    assert (bruker.first_name, bruker.last_name) == ("Kari", "Nordmann")
    assert bruker.email == "kari.nordmann@oslo.kommune.test"
    assert bruker.has_usable_password() is False
    assert bruker.is_active is True
    assert Rolletildeling.objects.filter(bruker=bruker).exists() is False
    assert OidcIdentitet.objects.get(bruker=bruker).subjekt == "entra-sub-123"
    # PKCE: the verifier sent to the token endpoint matches the challenge sent to the browser.
    verifier = leverandoer.tokenkall[0]["code_verifier"]
    utfordring = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    assert utfordring.rstrip(b"=").decode() == forespoersel["code_challenge"]
    assert leverandoer.tokenkall[0]["code"] == "kode-1"


@pytest.mark.django_db
def test_neste_side_utenfor_arkivar_ignoreres(
    client: Client, leverandoer: FalskLeverandoer
) -> None:
    forespoersel = _start(client, neste="https://angriper.example/")
    leverandoer.svar_med(leverandoer.signer(leverandoer.claims(forespoersel["nonce"])))

    svar = _tilbake(client, code="kode", state=forespoersel["state"])

    assert svar["Location"] == "/"


UGYLDIGE_TOKEN: dict[str, Callable[[FalskLeverandoer, str], str]] = {
    "feil_aud": lambda lev, nonce: lev.signer(lev.claims(nonce, aud="en-annen-klient")),
    "feil_aud_selv_med_azp": lambda lev, nonce: lev.signer(
        lev.claims(nonce, aud="en-annen-klient", azp=KLIENT_ID)
    ),
    "feil_iss": lambda lev, nonce: lev.signer(lev.claims(nonce, iss="https://annen.idp.test")),
    "utloept": lambda lev, nonce: lev.signer(
        lev.claims(nonce, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)
    ),
    "feil_nonce": lambda lev, nonce: lev.signer(lev.claims("en-annen-nonce")),
    "mangler_nonce": lambda lev, nonce: lev.signer(lev.claims(None)),
    "mangler_sub": lambda lev, nonce: lev.signer(lev.claims(nonce, sub=None)),
    "feil_noekkel": lambda lev, nonce: lev.signer(
        lev.claims(nonce), noekkel=RSAKey.generate_key(2048, parameters={"kid": "k1"})
    ),
    "hs256_med_klienthemmeligheten": lambda lev, nonce: lev.signer(
        lev.claims(nonce), noekkel=OctKey.import_key(KLIENT_HEMMELIGHET), alg="HS256"
    ),
    "alg_none": lambda lev, nonce: (
        ".".join(
            base64.urlsafe_b64encode(json.dumps(del_).encode()).rstrip(b"=").decode()
            for del_ in ({"alg": "none"}, lev.claims(nonce))
        )
        + "."
    ),
    "ikke_et_jwt": lambda lev, nonce: "tull",
}


@pytest.mark.django_db
@pytest.mark.parametrize("feil", list(UGYLDIGE_TOKEN))
def test_ugyldig_id_token_avvises(client: Client, leverandoer: FalskLeverandoer, feil: str) -> None:
    forespoersel = _start(client)
    leverandoer.svar_med(UGYLDIGE_TOKEN[feil](leverandoer, forespoersel["nonce"]))

    svar = _tilbake(client, code="kode", state=forespoersel["state"])

    assert svar.status_code == 400
    assert "Innloggingen mislyktes" in svar.content.decode()
    assert SESSION_KEY not in client.session
    assert Bruker.objects.exists() is False


@pytest.mark.django_db
def test_ukjent_state_avvises(client: Client, leverandoer: FalskLeverandoer) -> None:
    forespoersel = _start(client)
    leverandoer.svar_med(leverandoer.signer(leverandoer.claims(forespoersel["nonce"])))

    svar = _tilbake(client, code="kode", state=forespoersel["state"] + "x")

    assert svar.status_code == 400
    assert leverandoer.tokenkall == []
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_state_fra_en_annen_nettleser_avvises(
    client: Client, leverandoer: FalskLeverandoer
) -> None:
    forespoersel = _start(client)
    leverandoer.svar_med(leverandoer.signer(leverandoer.claims(forespoersel["nonce"])))
    offer = Client()

    svar = _tilbake(offer, code="kode", state=forespoersel["state"])

    assert svar.status_code == 400
    assert SESSION_KEY not in offer.session


@pytest.mark.django_db
def test_svaret_kan_ikke_brukes_to_ganger(client: Client, leverandoer: FalskLeverandoer) -> None:
    forespoersel = _start(client)
    leverandoer.svar_med(leverandoer.signer(leverandoer.claims(forespoersel["nonce"])))
    assert _tilbake(client, code="kode", state=forespoersel["state"]).status_code == 302
    client.post("/logg-ut/")

    svar = _tilbake(client, code="kode", state=forespoersel["state"])

    assert svar.status_code == 400
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_feil_issuer_i_autorisasjonssvaret_avvises(
    client: Client, leverandoer: FalskLeverandoer
) -> None:
    forespoersel = _start(client)
    leverandoer.svar_med(leverandoer.signer(leverandoer.claims(forespoersel["nonce"])))

    svar = _tilbake(client, code="kode", state=forespoersel["state"], iss="https://annen.idp.test")

    assert svar.status_code == 400
    assert leverandoer.tokenkall == []


@pytest.mark.django_db
def test_feil_fra_leverandoeren_gir_vennlig_side(
    client: Client, leverandoer: FalskLeverandoer
) -> None:
    forespoersel = _start(client)

    svar = _tilbake(client, error="access_denied", state=forespoersel["state"])

    innhold = svar.content.decode()
    assert svar.status_code == 400
    assert "Innloggingen ble avbrutt eller avvist" in innhold
    assert '<a href="/logg-inn/">Tilbake til innloggingen</a>' in innhold


@pytest.mark.django_db
def test_discovery_med_annen_issuer_avvises(client: Client, leverandoer: FalskLeverandoer) -> None:
    leverandoer.klient.server_metadata["issuer"] = "https://annen.idp.test"

    svar = client.get("/innlogging/oidc/")

    assert svar.status_code == 503
    assert "feil satt opp" in svar.content.decode()


@pytest.mark.django_db
def test_deaktivert_bruker_avvises(client: Client, leverandoer: FalskLeverandoer) -> None:
    bruker = _ny_bruker("kari.nordmann@oslo.kommune.test", is_active=False)
    forespoersel = _start(client)
    leverandoer.svar_med(leverandoer.signer(leverandoer.claims(forespoersel["nonce"])))

    svar = _tilbake(client, code="kode", state=forespoersel["state"])

    assert svar.status_code == 403
    assert "deaktivert" in svar.content.decode()
    assert client.session.get(SESSION_KEY) != str(bruker.pk)


@pytest.mark.django_db
def test_utlogging_sender_til_leverandoerens_end_session(
    client: Client, leverandoer: FalskLeverandoer
) -> None:
    forespoersel = _start(client)
    id_token = leverandoer.signer(leverandoer.claims(forespoersel["nonce"]))
    leverandoer.svar_med(id_token)
    _tilbake(client, code="kode", state=forespoersel["state"])

    svar = client.post("/logg-ut/")

    assert svar.status_code == 302
    assert svar["Location"].startswith(f"{ISSUER}/logout?")
    parametre = _parametre(svar["Location"])
    assert parametre["id_token_hint"] == id_token
    assert parametre["post_logout_redirect_uri"] == "http://testserver/logg-inn/"
    assert parametre["client_id"] == KLIENT_ID
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_utlogging_uten_end_session_blir_lokal(
    client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _oidc_paa(settings, ISSUER)
    leverandoer = FalskLeverandoer(monkeypatch, end_session=False)
    forespoersel = _start(client)
    leverandoer.svar_med(leverandoer.signer(leverandoer.claims(forespoersel["nonce"])))
    _tilbake(client, code="kode", state=forespoersel["state"])

    svar = client.post("/logg-ut/")

    assert svar["Location"] == "/logg-inn/"
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_oidc_backend_godtar_aldri_passord() -> None:
    _ny_bruker("ola")
    backend = OidcBackend()

    assert backend.authenticate(None, username="ola", password="demo") is None
    assert async_to_sync(backend.aauthenticate)(None, username="ola", password="demo") is None


# -- Mapping claims onto Bruker ------------------------------------------------------------


def _claims(sub: str = "sub-1", brukernavn: str | None = "ola", **andre: Any) -> dict[str, Any]:
    return {"sub": sub, "preferred_username": brukernavn, **andre}


@pytest.mark.django_db
def test_kobling_finner_samme_bruker_paa_subjekt_selv_om_brukernavnet_endres(
    settings: Any,
) -> None:
    _oidc_paa(settings, ISSUER)
    foerste = finn_eller_opprett_bruker(issuer=ISSUER, claims=_claims(brukernavn="ola"))

    andre = finn_eller_opprett_bruker(issuer=ISSUER, claims=_claims(brukernavn="ola.ny"))

    assert andre == foerste
    assert Bruker.objects.count() == 1


@pytest.mark.django_db
def test_kobling_paa_brukernavn_til_forhaandsopprettet_bruker(settings: Any) -> None:
    _oidc_paa(settings, ISSUER)
    forhaand = _ny_bruker("Ola.Nordmann@kommune.test")

    bruker = finn_eller_opprett_bruker(
        issuer=ISSUER, claims=_claims(brukernavn="ola.nordmann@kommune.test")
    )

    assert bruker == forhaand
    assert OidcIdentitet.objects.filter(bruker=forhaand, issuer=ISSUER, subjekt="sub-1").exists()


@pytest.mark.django_db
def test_samme_subjekt_hos_en_annen_issuer_er_en_annen_person(settings: Any) -> None:
    _oidc_paa(settings, ISSUER)
    ola = finn_eller_opprett_bruker(issuer=ISSUER, claims=_claims("sub-1", "ola"))

    kari = finn_eller_opprett_bruker(
        issuer="https://annen.idp.test", claims=_claims("sub-1", "kari")
    )

    assert kari != ola
    assert kari.username == "kari"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "felter", [{"is_superuser": True}, {"is_staff": True}, {"er_systembruker": True}]
)
def test_brukernavnet_gir_aldri_administratorer_eller_systembrukere(
    settings: Any, felter: dict[str, bool]
) -> None:
    _oidc_paa(settings, ISSUER)
    _ny_bruker("admin", **felter)

    with pytest.raises(OidcAvvist) as avvist:
        finn_eller_opprett_bruker(issuer=ISSUER, claims=_claims(brukernavn="admin"))

    assert avvist.value.hendelse == "innlogging.oidc.privilegert_bruker_ikke_koblet"
    assert OidcIdentitet.objects.exists() is False


@pytest.mark.django_db
def test_gjenbrukt_brukernavn_hos_leverandoeren_gir_ikke_en_annens_bruker(settings: Any) -> None:
    _oidc_paa(settings, ISSUER)
    finn_eller_opprett_bruker(issuer=ISSUER, claims=_claims(sub="gammel-ansatt", brukernavn="ola"))

    with pytest.raises(OidcAvvist) as avvist:
        finn_eller_opprett_bruker(issuer=ISSUER, claims=_claims(sub="ny-ansatt", brukernavn="ola"))

    assert avvist.value.hendelse == "innlogging.oidc.brukernavn_har_annen_identitet"
    assert OidcIdentitet.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("brukernavn", [None, "", "   ", "x" * 151])
def test_uten_brukbart_brukernavn_avvises(settings: Any, brukernavn: str | None) -> None:
    _oidc_paa(settings, ISSUER)

    with pytest.raises(OidcAvvist) as avvist:
        finn_eller_opprett_bruker(issuer=ISSUER, claims=_claims(brukernavn=brukernavn))

    assert avvist.value.hendelse == "innlogging.oidc.mangler_brukernavn"
    assert Bruker.objects.exists() is False


@pytest.mark.django_db
def test_brukernavn_claim_kan_velges(settings: Any) -> None:
    _oidc_paa(settings, ISSUER, ARKIVAR_OIDC_BRUKERNAVN_CLAIM="upn")

    bruker = finn_eller_opprett_bruker(
        issuer=ISSUER, claims=_claims(brukernavn="feil", upn="ola@kommune.test")
    )

    assert bruker.username == "ola@kommune.test"


# -- Configuration fails fast ----------------------------------------------------------------


def _last_innstillinger(tmp_path: Path, **miljoe: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ARKIVAR_") or key == "ARKIVAR_DATABASE_URL"
    }
    env.update(PYTHONPATH=str(SRC), ARKIVAR_DATA_DIR=str(tmp_path), ARKIVAR_SECRET_KEY="x" * 50)
    env.update(miljoe)
    skript = "from config import settings as s; print(' '.join(s.AUTHENTICATION_BACKENDS))"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", skript], env=env, capture_output=True, text=True, check=False
    )


FULLT_OPPSETT = {
    "ARKIVAR_OIDC_ENABLED": "true",
    "ARKIVAR_OIDC_ISSUER": "https://login.microsoftonline.com/tenant/v2.0",
    "ARKIVAR_OIDC_CLIENT_ID": "klient",
    "ARKIVAR_OIDC_CLIENT_SECRET": "hemmelig",
}


def test_oidc_paa_uten_verdier_stopper_oppstarten(tmp_path: Path) -> None:
    resultat = _last_innstillinger(tmp_path, ARKIVAR_OIDC_ENABLED="true")

    assert resultat.returncode != 0
    assert "ImproperlyConfigured: ARKIVAR_OIDC_ENABLED is on, but these variables are missing" in (
        resultat.stderr
    )
    assert "ARKIVAR_OIDC_ISSUER, ARKIVAR_OIDC_CLIENT_ID, ARKIVAR_OIDC_CLIENT_SECRET" in (
        resultat.stderr
    )


@pytest.mark.parametrize(
    ("endring", "melding"),
    [
        ({"ARKIVAR_OIDC_CLIENT_SECRET": ""}, "missing or empty: ARKIVAR_OIDC_CLIENT_SECRET"),
        ({"ARKIVAR_OIDC_SCOPES": "profile email"}, "ARKIVAR_OIDC_SCOPES must contain 'openid'"),
        ({"ARKIVAR_OIDC_ISSUER": "http://idp.kommune.test"}, "must be an https:// URL"),
    ],
)
def test_ufullstendig_oidc_oppsett_stopper_oppstarten(
    tmp_path: Path, endring: dict[str, str], melding: str
) -> None:
    resultat = _last_innstillinger(tmp_path, **{**FULLT_OPPSETT, **endring})

    assert resultat.returncode != 0
    assert melding in resultat.stderr


def test_fullt_oidc_oppsett_starter(tmp_path: Path) -> None:
    resultat = _last_innstillinger(tmp_path, **FULLT_OPPSETT)

    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.split() == [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
        "tilgang.innlogging.oidc.OidcBackend",
    ]


def test_uten_lokal_innlogging_finnes_ingen_passordbackend(tmp_path: Path) -> None:
    resultat = _last_innstillinger(tmp_path, **FULLT_OPPSETT, ARKIVAR_LOKAL_INNLOGGING="false")

    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.split() == [
        "axes.backends.AxesStandaloneBackend",
        "tilgang.innlogging.oidc.OidcBackend",
    ]


def test_uten_lokal_innlogging_og_uten_oidc_stopper_oppstarten(tmp_path: Path) -> None:
    resultat = _last_innstillinger(tmp_path, ARKIVAR_LOKAL_INNLOGGING="false")

    assert resultat.returncode != 0
    assert "ARKIVAR_LOKAL_INNLOGGING=false needs ARKIVAR_OIDC_ENABLED=true" in resultat.stderr


# -- End to end against a local OpenID provider (django-oauth-toolkit) -------------------------


@pytest.fixture(scope="session")
def rsa_pem() -> str:
    noekkel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return noekkel.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


class _Skjemafelter(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.felter: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        egenskaper = dict(attrs)
        if tag == "input" and egenskaper.get("type") == "hidden" and egenskaper.get("name"):
            self.felter[egenskaper["name"] or ""] = egenskaper.get("value") or ""


def _skjulte_felter(html: str) -> dict[str, str]:
    parser = _Skjemafelter()
    parser.feed(html)
    return parser.felter


class LokalLeverandoer:
    def __init__(self, url: str) -> None:
        self.url = url
        self.issuer = f"{url}/o"

    def nettleser(self) -> requests.Session:
        return requests.Session()

    def til_callback(self, nettleser: requests.Session, brukernavn: str) -> str:
        """From Arkivar's OIDC button to the provider's redirect back with a code: the URL
        of Arkivar's callback, not yet visited."""
        svar = nettleser.get(f"{self.url}/innlogging/oidc/", allow_redirects=False)
        assert svar.status_code == 302
        autorisering = svar.headers["Location"]
        assert autorisering.startswith(f"{self.issuer}/authorize/?")
        assert _parametre(autorisering)["code_challenge_method"] == "S256"
        # Not logged in at the provider: it sends the browser to its login page.
        svar = nettleser.get(autorisering, allow_redirects=False)
        assert svar.status_code == 302
        innlogging = svar.headers["Location"]
        side = nettleser.get(f"{self.url}{innlogging}")
        felter = _skjulte_felter(side.text)
        svar = nettleser.post(
            f"{self.url}{innlogging}",
            data={**felter, "username": brukernavn, "password": "demo"},
            allow_redirects=False,
        )
        assert svar.status_code == 302, svar.text
        # Consent page of the provider: approve.
        samtykke = nettleser.get(f"{self.url}{svar.headers['Location']}", allow_redirects=False)
        assert samtykke.status_code == 200, samtykke.headers.get("Location")
        svar = nettleser.post(
            samtykke.url,
            data={**_skjulte_felter(samtykke.text), "allow": "Authorize"},
            allow_redirects=False,
        )
        assert svar.status_code == 302, svar.text
        tilbake: str = svar.headers["Location"]
        assert tilbake.startswith(f"{self.url}/innlogging/oidc/tilbake/?code=")
        return tilbake

    def logg_inn(self, nettleser: requests.Session, brukernavn: str) -> requests.Response:
        return nettleser.get(self.til_callback(nettleser, brukernavn), allow_redirects=False)


def _innlogget_bruker_id(nettleser: requests.Session) -> str | None:
    okt = import_module(django_settings.SESSION_ENGINE).SessionStore(
        session_key=nettleser.cookies.get("sessionid")
    )
    bruker_id: str | None = okt.get(SESSION_KEY)
    return bruker_id


@pytest.fixture
def lokal_leverandoer(live_server: Any, settings: Any, rsa_pem: str) -> LokalLeverandoer:
    from oauth2_provider.models import Application

    settings.ROOT_URLCONF = "tilgang.tests.oidc_leverandoer.urls"
    settings.OAUTH2_PROVIDER = {
        **settings.OAUTH2_PROVIDER,
        "OIDC_RSA_PRIVATE_KEY": rsa_pem,
        "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
        "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    }
    leverandoer = LokalLeverandoer(live_server.url)
    Application.objects.create(
        name="Arkivar",
        client_id=KLIENT_ID,
        client_secret=KLIENT_HEMMELIGHET,  # hashed by the provider on save
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=f"{live_server.url}/innlogging/oidc/tilbake/",
        post_logout_redirect_uris=f"{live_server.url}/logg-inn/",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=False,
    )
    _oidc_paa(settings, leverandoer.issuer)
    _ny_bruker(
        f"{LEVERANDOER_PREFIKS}kari.nordmann",
        first_name="Kari",
        last_name="Nordmann",
        email="kari.nordmann@kommune.test",
    )
    return leverandoer


def test_oidc_innlogging_ende_til_ende(lokal_leverandoer: LokalLeverandoer) -> None:
    nettleser = lokal_leverandoer.nettleser()

    svar = lokal_leverandoer.logg_inn(nettleser, f"{LEVERANDOER_PREFIKS}kari.nordmann")

    assert svar.status_code == 302, svar.text
    assert svar.headers["Location"] == "/"
    bruker = Bruker.objects.get(username="kari.nordmann")
    assert (bruker.first_name, bruker.last_name) == ("Kari", "Nordmann")
    assert bruker.has_usable_password() is False
    assert Rolletildeling.objects.filter(bruker=bruker).exists() is False
    assert _innlogget_bruker_id(nettleser) == str(bruker.pk)
    identitet = OidcIdentitet.objects.get(bruker=bruker)
    assert identitet.issuer == lokal_leverandoer.issuer

    # A second login, in another browser, is the same Bruker.
    annen = lokal_leverandoer.nettleser()
    svar = lokal_leverandoer.logg_inn(annen, f"{LEVERANDOER_PREFIKS}kari.nordmann")

    assert svar.status_code == 302
    assert _innlogget_bruker_id(annen) == str(bruker.pk)
    assert Bruker.objects.filter(username="kari.nordmann").count() == 1
    assert OidcIdentitet.objects.count() == 1


def test_oidc_utlogging_hos_leverandoeren(lokal_leverandoer: LokalLeverandoer) -> None:
    nettleser = lokal_leverandoer.nettleser()
    lokal_leverandoer.logg_inn(nettleser, f"{LEVERANDOER_PREFIKS}kari.nordmann")

    svar = nettleser.post(
        f"{lokal_leverandoer.url}/logg-ut/",
        headers={"X-CSRFToken": nettleser.cookies["csrftoken"]},
        allow_redirects=False,
    )

    assert svar.status_code == 302
    slutt = svar.headers["Location"]
    assert slutt.startswith(f"{lokal_leverandoer.issuer}/logout/?")
    assert _parametre(slutt)["post_logout_redirect_uri"] == f"{lokal_leverandoer.url}/logg-inn/"
    assert _innlogget_bruker_id(nettleser) is None
    # The provider accepts our id_token_hint and sends the browser back to the login page.
    hos_leverandoeren = nettleser.get(slutt, allow_redirects=False)
    assert hos_leverandoeren.status_code == 302
    assert hos_leverandoeren.headers["Location"].startswith(f"{lokal_leverandoer.url}/logg-inn/")


def test_oidc_med_endret_state_avvises(lokal_leverandoer: LokalLeverandoer) -> None:
    nettleser = lokal_leverandoer.nettleser()
    tilbake = lokal_leverandoer.til_callback(nettleser, f"{LEVERANDOER_PREFIKS}kari.nordmann")

    endret = re.sub(r"state=([^&]+)", lambda treff: f"state={treff.group(1)[::-1]}", tilbake)
    svar = nettleser.get(endret, allow_redirects=False)

    assert svar.status_code == 400
    assert "Innloggingen kunne ikke fullføres" in svar.text
    assert Bruker.objects.filter(username="kari.nordmann").exists() is False


def test_oidc_deaktivert_bruker_avvises(lokal_leverandoer: LokalLeverandoer) -> None:
    lokal_leverandoer.logg_inn(lokal_leverandoer.nettleser(), f"{LEVERANDOER_PREFIKS}kari.nordmann")
    bruker = Bruker.objects.get(username="kari.nordmann")
    Bruker.objects.filter(pk=bruker.pk).update(is_active=False)
    nettleser = lokal_leverandoer.nettleser()

    svar = lokal_leverandoer.logg_inn(nettleser, f"{LEVERANDOER_PREFIKS}kari.nordmann")

    assert svar.status_code == 403
    assert "Brukeren din er deaktivert i Arkivar" in svar.text
    assert _innlogget_bruker_id(nettleser) != str(bruker.pk)
