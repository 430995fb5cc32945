"""OAuth2 login (rest-api.md §1.2, client-compat.md §3.2 and §3.4): the token endpoint
(RFC 6749), the description behind `REL:login/rfc6749/` and the OpenID discovery document
behind `REL:login/oidc/`.

The token endpoint is OAuth's, not Noark's: a form-encoded POST in, `application/json` out
whatever the client accepts, every error as RFC 6749 §5.2 `{"error", "error_description"}`,
and `Cache-Control: no-store` on every answer (§5.1). It runs no API authentication of its
own: an Authorization header there carries client credentials (§2.3.1), not a user's.

* `password`: the user's name and password go through Django's `authenticate()` with the
  plain Django request, exactly as Basic does (autentisering.py), so django-axes counts
  failures and locks the user name out (429 with Retry-After). Client authentication may come
  with it: a registered client must then authenticate correctly, an unregistered client ID
  (a development client) is ignored, as §3.4 allows.
* `client_credentials`: a registered API client (noark_api.tokens) with its secret, in HTTP
  Basic or in the form; the token acts as the client's user. No refresh token (§4.4.3).
* `refresh_token`: a new pair for an unused refresh token (rotation).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import unquote_plus

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers  # type: ignore[import-untyped]
from rest_framework.authentication import get_authorization_header  # type: ignore[import-untyped]
from rest_framework.negotiation import DefaultContentNegotiation  # type: ignore[import-untyped]
from rest_framework.parsers import FormParser  # type: ignore[import-untyped]
from rest_framework.renderers import JSONRenderer  # type: ignore[import-untyped]
from rest_framework.response import Response  # type: ignore[import-untyped]
from rest_framework.views import APIView  # type: ignore[import-untyped]

from noark_api.autentisering import REALM
from noark_api.lenker import Lenker, api_rot, er_innlogget, href
from noark_api.models import ApiKlient
from noark_api.relasjoner import INNLOGGING_RFC6749, TOKENENDEPUNKT, rel
from noark_api.skjema import _med_lenker, feilsvar
from noark_api.tillatelser import Aapen
from noark_api.tokens import (
    TokenFeil,
    Tokenpar,
    apiklient_autentiser,
    apiklient_finnes,
    token_forny,
    token_utsted,
)
from noark_api.views.base import Noark5View

PASSORD = "password"
KLIENTLEGITIMASJON = "client_credentials"
FORNYING = "refresh_token"
# The parameters the endpoint reads; each may come once only (RFC 6749 §3.2).
PARAMETRE = (
    "grant_type",
    "username",
    "password",
    "refresh_token",
    "client_id",
    "client_secret",
    "scope",
)
FEILKODER = (
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
)


def grant_typer() -> list[str]:
    """The grant types that work here: the password grant only while local password login is
    on (ARKIVAR_LOKAL_INNLOGGING)."""
    typer = [KLIENTLEGITIMASJON, FORNYING]
    return [PASSORD, *typer] if settings.ARKIVAR_LOKAL_INNLOGGING else typer


# --- OpenAPI shapes -----------------------------------------------------------------------------


class TokenforespoerselSerializer(serializers.Serializer):  # type: ignore[misc]
    grant_type = serializers.ChoiceField(choices=[PASSORD, KLIENTLEGITIMASJON, FORNYING])
    username = serializers.CharField(required=False, help_text="For grant_type=password.")
    password = serializers.CharField(required=False, help_text="For grant_type=password.")
    refresh_token = serializers.CharField(required=False, help_text="For grant_type=refresh_token.")
    client_id = serializers.CharField(required=False)
    client_secret = serializers.CharField(
        required=False, help_text="Or the client's ID and secret in HTTP Basic (RFC 6749 §2.3.1)."
    )
    scope = serializers.CharField(required=False, help_text="Ignored: there are no scopes.")


class TokensvarSerializer(serializers.Serializer):  # type: ignore[misc]
    token_type = serializers.ChoiceField(choices=["Bearer"])
    access_token = serializers.CharField()
    expires_in = serializers.IntegerField(help_text="Seconds the access token lasts.")
    refresh_token = serializers.CharField(
        required=False, help_text="Not for grant_type=client_credentials."
    )
    refresh_expires_in = serializers.IntegerField(
        required=False, help_text="Seconds the refresh token lasts."
    )


class TokenfeilSerializer(serializers.Serializer):  # type: ignore[misc]
    """RFC 6749 §5.2."""

    error = serializers.ChoiceField(choices=FEILKODER)
    error_description = serializers.CharField(help_text="Short text in Norwegian (bokmål).")


class OidcOppdagelseSerializer(serializers.Serializer):  # type: ignore[misc]
    issuer = serializers.CharField()
    token_endpoint = serializers.CharField()
    grant_types_supported = serializers.ListField(child=serializers.CharField())
    token_endpoint_auth_methods_supported = serializers.ListField(child=serializers.CharField())
    response_types_supported = serializers.ListField(child=serializers.CharField())


Rfc6749BeskrivelseSerializer = _med_lenker(
    "Rfc6749BeskrivelseSerializer",
    {
        "beskrivelse": serializers.CharField(),
        "token_endpoint": serializers.CharField(),
        "grant_types_supported": serializers.ListField(child=serializers.CharField()),
        "innlogget": serializers.BooleanField(),
        "brukernavn": serializers.CharField(required=False),
    },
)


def _tokenfeil(*koder: int) -> dict[int, OpenApiResponse]:
    tekster = {
        400: "invalid_request, invalid_grant (wrong user name or password, an unknown or used "
        "refresh token) or unsupported_grant_type",
        401: "invalid_client: the client did not authenticate (WWW-Authenticate: Basic)",
        405: "Only POST",
        429: "Too many failed logins for this user name (Retry-After)",
    }
    return {k: OpenApiResponse(TokenfeilSerializer, description=tekster[k]) for k in koder}


# --- plain JSON, whatever the client accepts ------------------------------------------------


class JsonRenderer(JSONRenderer):  # type: ignore[misc]
    ensure_ascii = False
    compact = True


class AlltidJson(DefaultContentNegotiation):  # type: ignore[misc]
    """OAuth and OpenID answers are `application/json`, whatever Accept says."""

    def select_renderer(
        self, request: Any, renderers: list[Any], format_suffix: str | None = None
    ) -> tuple[Any, str]:
        return renderers[0], renderers[0].media_type


# --- the token endpoint ---------------------------------------------------------------------------


def _ugyldig_klient() -> TokenFeil:
    return TokenFeil("invalid_client", _("Klienten kunne ikke autentiseres."), status=401)


def _klientlegitimasjon(request: Any, parametre: dict[str, str]) -> tuple[str | None, str | None]:
    """Client ID and secret: from HTTP Basic (form-encoded inside, RFC 6749 §2.3.1), or else
    from the form. The secret is None when the client did not try to authenticate."""
    deler = get_authorization_header(request).split()
    if deler and deler[0].lower() == b"basic":
        try:
            if len(deler) != 2:
                raise ValueError
            klartekst = base64.b64decode(deler[1], validate=True).decode("utf-8")
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise _ugyldig_klient() from None
        klient_id, kolon, hemmelighet = klartekst.partition(":")
        if not kolon:
            raise _ugyldig_klient()
        return unquote_plus(klient_id), unquote_plus(hemmelighet)
    return parametre.get("client_id"), parametre.get("client_secret")


def _klient(klient_id: str | None, hemmelighet: str | None, *, paakrevd: bool) -> ApiKlient | None:
    """The registered client that authenticated, or None. Where client authentication is
    optional, an unregistered client ID (a development client) is ignored, secret or not."""
    if hemmelighet is None or not klient_id:
        if paakrevd:
            raise _ugyldig_klient()
        return None
    klient = apiklient_autentiser(klient_id, hemmelighet)
    if klient is None and (paakrevd or apiklient_finnes(klient_id)):
        raise _ugyldig_klient()
    return klient


class TokenView(APIView):  # type: ignore[misc]
    """The OAuth2 token endpoint: password, client credentials and refresh token grants."""

    authentication_classes: list[Any] = []
    permission_classes = [Aapen]
    parser_classes = [FormParser]
    renderer_classes = [JsonRenderer]
    content_negotiation_class = AlltidJson

    @extend_schema(
        operation_id="innlogging_rfc6749_token",
        summary="OAuth2 token endpoint (RFC 6749): password, client_credentials, refresh_token",
        request={"application/x-www-form-urlencoded": TokenforespoerselSerializer},
        responses={
            200: OpenApiResponse(TokensvarSerializer),
            **_tokenfeil(400, 401, 405, 429),
            **feilsvar(500),
        },
    )
    def post(self, request: Any) -> Response:
        parametre = self._parametre(request)
        grant_type = parametre.get("grant_type")
        if not grant_type:
            raise TokenFeil("invalid_request", _("Parameteren grant_type mangler."))
        if grant_type not in grant_typer():
            raise TokenFeil(
                "unsupported_grant_type",
                _("grant_type «%(type)s» støttes ikke her.") % {"type": grant_type},
            )
        klient_id, hemmelighet = _klientlegitimasjon(request, parametre)
        if grant_type == PASSORD:
            klient = _klient(klient_id, hemmelighet, paakrevd=False)
            par = self._passord(request, parametre, klient)
        elif grant_type == KLIENTLEGITIMASJON:
            klient = _klient(klient_id, hemmelighet, paakrevd=True)
            if klient is None:
                raise _ugyldig_klient()
            par = token_utsted(bruker=klient.bruker, klient=klient, med_fornying=False)
        else:
            fornyingstoken = parametre.get("refresh_token")
            if not fornyingstoken:
                raise TokenFeil("invalid_request", _("Parameteren refresh_token mangler."))
            klient = _klient(klient_id, hemmelighet, paakrevd=False)
            par = token_forny(fornyingstoken=fornyingstoken, klient=klient)
        return self._svar(_tokensvar(par))

    @staticmethod
    def _parametre(request: Any) -> dict[str, str]:
        data = request.data
        parametre: dict[str, str] = {}
        for navn in PARAMETRE:
            verdier = data.getlist(navn) if hasattr(data, "getlist") else []
            if len(verdier) > 1:
                raise TokenFeil(
                    "invalid_request",
                    _("Parameteren %(navn)s kan bare komme én gang.") % {"navn": navn},
                )
            if verdier:
                parametre[navn] = str(verdier[0])
        return parametre

    @staticmethod
    def _passord(request: Any, parametre: dict[str, str], klient: ApiKlient | None) -> Tokenpar:
        brukernavn, passord = parametre.get("username"), parametre.get("password")
        if not brukernavn or passord is None:
            raise TokenFeil("invalid_request", _("Parameterne username og password må være med."))
        django_request = request._request
        bruker = authenticate(
            request=django_request,
            **{get_user_model().USERNAME_FIELD: brukernavn, "password": passord},
        )
        if getattr(django_request, "axes_locked_out", False):
            # Cleared so that AxesMiddleware does not swap the answer for the login page.
            django_request.axes_locked_out = False
            raise TokenFeil(
                "invalid_grant",
                _("For mange mislykkede innloggingsforsøk. Prøv igjen senere."),
                status=429,
                vent=int(settings.AXES_COOLOFF_TIME.total_seconds()),
            )
        if bruker is None or not bruker.is_active:
            raise TokenFeil("invalid_grant", _("Feil brukernavn eller passord."))
        return token_utsted(bruker=bruker, klient=klient)

    def _svar(
        self, data: dict[str, Any], status: int = 200, hoder: dict[str, str] | None = None
    ) -> Response:
        # RFC 6749 §5.1: tokens and errors must not be cached.
        return Response(
            data,
            status=status,
            headers={"Cache-Control": "no-store", "Pragma": "no-cache", **(hoder or {})},
        )

    def handle_exception(self, exc: Exception) -> Response:
        """Every refusal as RFC 6749 §5.2; a server error stays the API's 500."""
        if isinstance(exc, TokenFeil):
            hoder: dict[str, str] = {}
            if exc.status == 401:
                hoder["WWW-Authenticate"] = f'Basic realm="{REALM}"'
            if exc.vent:
                hoder["Retry-After"] = str(exc.vent)
            return self._svar(
                {"error": exc.kode, "error_description": exc.beskrivelse}, exc.status, hoder
            )
        if isinstance(exc, exceptions.MethodNotAllowed):
            return self._svar(
                {
                    "error": "invalid_request",
                    "error_description": _("Token hentes med POST."),
                },
                405,
            )
        if isinstance(exc, exceptions.APIException):
            # A body that is not a form (415), or a form that cannot be read.
            return self._svar(
                {
                    "error": "invalid_request",
                    "error_description": _(
                        "Forespørselen må være et skjema (application/x-www-form-urlencoded)."
                    ),
                },
                400,
            )
        return super().handle_exception(exc)


def _tokensvar(par: Tokenpar) -> dict[str, Any]:
    data: dict[str, Any] = {
        "token_type": "Bearer",
        "access_token": par.access_token,
        "expires_in": par.expires_in,
    }
    if par.refresh_token is not None:
        data["refresh_token"] = par.refresh_token
        data["refresh_expires_in"] = par.refresh_expires_in
    return data


# --- the descriptions -------------------------------------------------------------------------


class OidcOppdagelseView(APIView):  # type: ignore[misc]
    """`<api>/.well-known/openid-configuration` (rest-api.md §1.2): where and how to get a
    token. Only the token endpoint is served, so there are no response types, keys or ID
    tokens to describe; clients of the API read `token_endpoint` and the grant types."""

    authentication_classes: list[Any] = []
    permission_classes = [Aapen]
    renderer_classes = [JsonRenderer]
    content_negotiation_class = AlltidJson

    @extend_schema(
        operation_id="oidc_oppdagelse",
        summary="OpenID Connect discovery: the token endpoint and its grant types",
        responses={200: OpenApiResponse(OidcOppdagelseSerializer), **feilsvar(500)},
    )
    def get(self, request: Any) -> Response:
        return Response(
            {
                # OpenID Connect Discovery §4: the document's URL minus the well-known suffix.
                "issuer": api_rot(request).rstrip("/"),
                "token_endpoint": href(request, TOKENENDEPUNKT),
                "grant_types_supported": grant_typer(),
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                    "none",
                ],
                "response_types_supported": [],
            }
        )


class Rfc6749InnloggingView(Noark5View):
    """Describes OAuth2 login (client-compat.md §3.2); readable without login. With a valid
    token (or other login) it says who is logged in."""

    permission_classes = [Aapen]

    @extend_schema(
        operation_id="innlogging_rfc6749",
        summary="OAuth2 login (RFC 6749): where the token endpoint is, and whether you are in",
        responses={
            200: OpenApiResponse(Rfc6749BeskrivelseSerializer),
            **feilsvar(401, 406, 429, 500),
        },
    )
    def get(self, request: Any) -> Response:
        lenker = Lenker(request).selv(INNLOGGING_RFC6749)
        lenker.legg_til(rel(INNLOGGING_RFC6749), href(request, INNLOGGING_RFC6749))
        data: dict[str, Any] = {
            "beskrivelse": (
                "Hent et tilgangstoken med POST (application/x-www-form-urlencoded) til "
                "token_endpoint, og send det som «Authorization: Bearer <token>» med hver "
                "forespørsel, bare over HTTPS. Fornyingstokenet gir et nytt par med "
                "grant_type=refresh_token og kan brukes én gang."
            ),
            "token_endpoint": href(request, TOKENENDEPUNKT),
            "grant_types_supported": grant_typer(),
            "innlogget": er_innlogget(request),
        }
        if er_innlogget(request):
            data["brukernavn"] = request.user.get_username()
        data["_links"] = lenker.som_dict()
        return self.svar(data)
