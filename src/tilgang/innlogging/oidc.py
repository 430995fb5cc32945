"""OpenID Connect login for staff (style.md §6, docs/integrations/idporten-oidc.md).

Authorisation code flow with PKCE (S256), state and nonce, through Authlib's Django client.
The ID token is validated in full: signature against the provider's JWKS (refetched when a
token carries an unknown key id), `iss`, `aud`, `exp`, `nonce` (and `azp` when present). Only
standard OIDC is used, so the same code serves Entra ID, another municipal IdP or ID-porten.

A login is matched to a Bruker by the stable issuer + subject first (`OidcIdentitet`), then
by the user-name claim, and otherwise a new Bruker without roles is created (model.md §5.2):
an administrator grants roles, and a user without roles sees nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import requests
from authlib.integrations.django_client import (  # type: ignore[import-untyped]
    OAuth,
    OAuthError,
)
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _
from joserfc.errors import JoseError

from organisasjon.models import Bruker
from tilgang.models import OidcIdentitet

logger = logging.getLogger(__name__)

OIDC_BACKEND = "tilgang.innlogging.oidc.OidcBackend"
KLIENTNAVN = "arkivar"
# Discovery and keys are fetched again after a day (Digdir suggests about 24 hours).
METADATA_LEVETID_SEKUNDER = 24 * 60 * 60
HTTP_TIDSAVBRUDD_SEKUNDER = 10
KLOKKESLINGRING_SEKUNDER = 60
# Asymmetric signatures only: a token signed with "none" or with the client secret (HS256) is
# never accepted, whatever the provider advertises.
SIGNATURALGORITMER = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
BRUKERNAVN_MAKS = Bruker._meta.get_field("username").max_length or 150


class OidcAvvist(Exception):
    """A login that must not go through. `melding` is for the user, `hendelse` for the log."""

    def __init__(self, hendelse: str, melding: str, status: int = 403) -> None:
        super().__init__(hendelse)
        self.hendelse = hendelse
        self.melding = melding
        self.status = status


@dataclass(frozen=True)
class OidcOppsett:
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    scopes: str
    brukernavn_claim: str

    @classmethod
    def fra_innstillinger(cls) -> OidcOppsett:
        return cls(
            issuer=settings.ARKIVAR_OIDC_ISSUER,
            client_id=settings.ARKIVAR_OIDC_CLIENT_ID,
            client_secret=settings.ARKIVAR_OIDC_CLIENT_SECRET,
            scopes=" ".join(settings.ARKIVAR_OIDC_SCOPES.split()),
            brukernavn_claim=settings.ARKIVAR_OIDC_BRUKERNAVN_CLAIM.strip(),
        )

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


_laas = threading.Lock()
_klienter: dict[OidcOppsett, tuple[float, Any]] = {}


def oidc_klient() -> Any:
    """The Authlib client for the configured provider; a new one (new discovery) once a day."""
    oppsett = OidcOppsett.fra_innstillinger()
    with _laas:
        lagret = _klienter.get(oppsett)
        if lagret and time.monotonic() - lagret[0] < METADATA_LEVETID_SEKUNDER:
            return lagret[1]
        oauth = OAuth()
        klient = oauth.register(
            name=KLIENTNAVN,
            client_id=oppsett.client_id,
            client_secret=oppsett.client_secret,
            server_metadata_url=oppsett.discovery_url,
            client_kwargs={
                "scope": oppsett.scopes,
                "code_challenge_method": "S256",
                "default_timeout": HTTP_TIDSAVBRUDD_SEKUNDER,
            },
        )
        _klienter.clear()
        _klienter[oppsett] = (time.monotonic(), klient)
        return klient


def leverandoer_metadata(klient: Any) -> dict[str, Any]:
    """Discovery, checked once per fetch: the issuer must be the configured one (OIDC
    Discovery §4.3, against mix-up), and ID tokens must be signed asymmetrically."""
    try:
        metadata: dict[str, Any] = klient.load_server_metadata()
    except (requests.RequestException, ValueError) as feil:
        raise OidcAvvist(
            "innlogging.oidc.discovery_feilet",
            _("Innloggingstjenesten svarer ikke. Prøv igjen om litt."),
            status=503,
        ) from feil
    if metadata.get("_arkivar_sjekket"):
        return metadata
    forventet = OidcOppsett.fra_innstillinger().issuer.rstrip("/")
    issuer = metadata.get("issuer")
    if not isinstance(issuer, str) or issuer.rstrip("/") != forventet:
        raise OidcAvvist(
            "innlogging.oidc.feil_issuer_i_discovery",
            _("Innloggingstjenesten er feil satt opp. Kontakt brukerstøtte."),
            status=503,
        )
    annonsert = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    algoritmer = [alg for alg in annonsert if alg in SIGNATURALGORITMER]
    if not algoritmer:
        raise OidcAvvist(
            "innlogging.oidc.ingen_tillatt_signaturalgoritme",
            _("Innloggingstjenesten er feil satt opp. Kontakt brukerstøtte."),
            status=503,
        )
    metadata["id_token_signing_alg_values_supported"] = algoritmer
    metadata["_arkivar_sjekket"] = True
    return metadata


def start_innlogging(request: HttpRequest, redirect_uri: str) -> HttpResponseBase:
    """Redirect to the provider. Authlib keeps state, nonce and the PKCE verifier in the
    session, under a key named by the state."""
    klient = oidc_klient()
    leverandoer_metadata(klient)
    try:
        svar: HttpResponseBase = klient.authorize_redirect(request, redirect_uri)
    except (requests.RequestException, RuntimeError) as feil:
        raise OidcAvvist(
            "innlogging.oidc.start_feilet",
            _("Innloggingstjenesten svarer ikke. Prøv igjen om litt."),
            status=503,
        ) from feil
    return svar


@dataclass(frozen=True)
class OidcInnlogging:
    issuer: str
    claims: Mapping[str, Any]
    id_token: str


def fullfoer_innlogging(request: HttpRequest) -> OidcInnlogging:
    """Check the callback, exchange the code (with the PKCE verifier) and validate the ID token."""
    klient = oidc_klient()
    metadata = leverandoer_metadata(klient)
    issuer: str = metadata["issuer"]
    if request.GET.get("error"):
        raise OidcAvvist(
            "innlogging.oidc.feil_fra_leverandoer",
            _("Innloggingen ble avbrutt eller avvist av innloggingstjenesten."),
            status=400,
        )
    # RFC 9207: a provider that names itself in the response must be the one asked.
    if "iss" in request.GET and request.GET["iss"] != issuer:
        raise OidcAvvist(
            "innlogging.oidc.feil_issuer_i_svar",
            _("Svaret kom ikke fra innloggingstjenesten vi ventet. Prøv igjen."),
            status=400,
        )
    claims_options = {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": klient.client_id},
        "sub": {"essential": True},
        "exp": {"essential": True},
    }
    try:
        token = klient.authorize_access_token(
            request, claims_options=claims_options, leeway=KLOKKESLINGRING_SEKUNDER
        )
    except OAuthError as feil:
        # Also MismatchingStateError: a state that this session did not start.
        raise OidcAvvist(
            "innlogging.oidc.ugyldig_svar",
            _("Innloggingen kunne ikke fullføres. Prøv igjen."),
            status=400,
        ) from feil
    except (JoseError, ValueError) as feil:
        raise OidcAvvist(
            "innlogging.oidc.ugyldig_id_token",
            _("Innloggingen kunne ikke bekreftes. Prøv igjen."),
            status=400,
        ) from feil
    except (requests.RequestException, RuntimeError) as feil:
        # RuntimeError: Authlib found the provider's metadata incomplete (no jwks_uri).
        raise OidcAvvist(
            "innlogging.oidc.token_feilet",
            _("Innloggingstjenesten svarer ikke. Prøv igjen om litt."),
            status=503,
        ) from feil
    claims = token.get("userinfo")
    id_token = token.get("id_token")
    if not claims or not isinstance(id_token, str):
        raise OidcAvvist(
            "innlogging.oidc.mangler_id_token",
            _("Innloggingen kunne ikke bekreftes. Prøv igjen."),
            status=400,
        )
    return OidcInnlogging(issuer=issuer, claims=dict(claims), id_token=id_token)


def _tekst(claims: Mapping[str, Any], navn: str, maks: int) -> str:
    verdi = claims.get(navn)
    return verdi.strip()[:maks] if isinstance(verdi, str) else ""


def finn_eller_opprett_bruker(*, issuer: str, claims: Mapping[str, Any]) -> Bruker:
    """The Bruker for a validated login: by issuer + subject, else by user name, else new."""
    subjekt = claims.get("sub")
    if not isinstance(subjekt, str) or not subjekt or len(subjekt) > 255:
        raise OidcAvvist(
            "innlogging.oidc.ugyldig_sub", _("Innloggingen kunne ikke bekreftes. Prøv igjen.")
        )
    identitet = _identitet(issuer=issuer, subjekt=subjekt)
    if identitet is not None:
        return identitet.bruker
    try:
        with transaction.atomic():
            return _koble_eller_opprett(issuer=issuer, subjekt=subjekt, claims=claims)
    except IntegrityError:
        # Two first logins at once: the other one has created the rows.
        identitet = _identitet(issuer=issuer, subjekt=subjekt)
        if identitet is None:
            raise
        return identitet.bruker


def _identitet(*, issuer: str, subjekt: str) -> OidcIdentitet | None:
    return (
        OidcIdentitet.objects.select_related("bruker")
        .filter(issuer=issuer, subjekt=subjekt)
        .first()
    )


def _koble_eller_opprett(*, issuer: str, subjekt: str, claims: Mapping[str, Any]) -> Bruker:
    claim = OidcOppsett.fra_innstillinger().brukernavn_claim
    verdi = claims.get(claim)
    brukernavn = Bruker.normalize_username(verdi.strip()) if isinstance(verdi, str) else ""
    if not brukernavn or len(brukernavn) > BRUKERNAVN_MAKS:
        raise OidcAvvist(
            "innlogging.oidc.mangler_brukernavn",
            _("Innloggingstjenesten sendte ikke et brukernavn. Kontakt brukerstøtte."),
        )
    treff = list(Bruker.objects.filter(username__iexact=brukernavn)[:2])
    if len(treff) > 1:
        raise OidcAvvist(
            "innlogging.oidc.tvetydig_brukernavn",
            _("Brukernavnet passer til flere brukere i Arkivar. Kontakt brukerstøtte."),
        )
    if treff:
        bruker = treff[0]
        # A user-name claim may be reused or edited at the provider; it must never hand over
        # an administrator, a system user or a user already tied to another identity there.
        if bruker.is_superuser or bruker.is_staff or bruker.er_systembruker:
            raise OidcAvvist(
                "innlogging.oidc.privilegert_bruker_ikke_koblet",
                _("Denne brukeren må kobles til innloggingstjenesten av en administrator."),
            )
        if OidcIdentitet.objects.filter(bruker=bruker, issuer=issuer).exists():
            raise OidcAvvist(
                "innlogging.oidc.brukernavn_har_annen_identitet",
                _("Brukernavnet tilhører en annen person i Arkivar. Kontakt brukerstøtte."),
            )
        opprettet = False
    else:
        bruker = Bruker(
            username=brukernavn,
            first_name=_tekst(claims, "given_name", 150),
            last_name=_tekst(claims, "family_name", 150),
            email=_tekst(claims, "email", 254),
            is_active=True,
        )
        bruker.set_unusable_password()
        bruker.save()
        opprettet = True
    OidcIdentitet.objects.create(bruker=bruker, issuer=issuer, subjekt=subjekt)
    logger.info(
        "innlogging.oidc.identitet_koblet",
        extra={"bruker_id": bruker.pk, "issuer": issuer, "ny_bruker": opprettet},
    )
    return bruker


def utloggings_url(*, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """RP-initiated logout at the provider, or None when it offers no end_session_endpoint."""
    klient = oidc_klient()
    try:
        metadata = leverandoer_metadata(klient)
    except OidcAvvist:
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    url: str = klient.create_logout_url(
        post_logout_redirect_uri=post_logout_redirect_uri,
        id_token_hint=id_token,
        client_id=klient.client_id,
    )["url"]
    return url


class OidcBackend(ModelBackend):
    """Restores the user of an OIDC session (and answers permission checks like ModelBackend);
    it never accepts a password, so it keeps working when local login is switched off."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Bruker | None:
        return None

    async def aauthenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Bruker | None:
        # ModelBackend's async variant checks passwords on its own; this one must not.
        return None
