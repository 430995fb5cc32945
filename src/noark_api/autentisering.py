"""Authentication of API calls (rest-api.md §1.2, client-compat.md §3.3).

HTTP Basic (RFC 7617) against the local accounts, through Django's `authenticate()` with the
plain Django request, so that django-axes counts each failure exactly as for the login form
(same user-name normalisation, same limit and cool-off) and refuses a locked user name before
the password is checked. A locked-out attempt gets 429 with a Noark error body; the axes flag
is cleared so that AxesMiddleware does not swap the answer for the login page's HTML.

A successful Basic login does not reset the failure counter (axes resets on Django's
`user_logged_in`, which a stateless Basic request never sends); the count runs out after the
cool-off time. No session is created.

The Django session (for the UI's own scripts) comes second, through DRF's
SessionAuthentication, which requires the CSRF token on unsafe methods; Basic callers never
need one (client-compat.md §2.2).

Bearer (RFC 6750) takes the access tokens of the OAuth2 token endpoint (`login/rfc6749/`,
noark_api.tokens) on every call. An unknown, expired or revoked token, or one whose user or
client has been deactivated, gets 401 with `WWW-Authenticate: Bearer realm="Arkivar",
error="invalid_token"` and the Noark error body.

Unauthenticated requests to protected resources get 401 with `WWW-Authenticate: Basic
realm="Arkivar"` (from the first class in DEFAULT_AUTHENTICATION_CLASSES, which is Basic:
clients that know only Basic look for that challenge). Each class handles its own scheme
only, so their order decides nothing else.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from rest_framework.authentication import (  # type: ignore[import-untyped]
    BaseAuthentication,
    BasicAuthentication,
    get_authorization_header,
)
from rest_framework.exceptions import (  # type: ignore[import-untyped]
    APIException,
    AuthenticationFailed,
)

from noark_api.tokens import token_finn
from noark_api.unntak import Sperret

REALM = "Arkivar"


class BasicMedSperre(BasicAuthentication):  # type: ignore[misc]
    www_authenticate_realm = REALM

    def authenticate_credentials(
        self, userid: str, password: str, request: Any = None
    ) -> tuple[Any, None]:
        django_request = getattr(request, "_request", request)
        bruker = authenticate(
            request=django_request,
            **{get_user_model().USERNAME_FIELD: userid, "password": password},
        )
        if getattr(django_request, "axes_locked_out", False):
            django_request.axes_locked_out = False
            raise Sperret(wait=settings.AXES_COOLOFF_TIME.total_seconds())
        if bruker is None or not bruker.is_active:
            raise AuthenticationFailed()
        return bruker, None


class UgyldigToken(APIException):  # type: ignore[misc]
    """401 for a Bearer token that is not (or no longer) valid (RFC 6750 §3.1). Not an
    AuthenticationFailed: DRF would replace the challenge with the first class's (Basic), and
    the error body would speak of a wrong password."""

    status_code = 401
    default_detail = "The access token is invalid or has expired."
    default_code = "invalid_token"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail)
        self.auth_header = f'Bearer realm="{REALM}", error="invalid_token"'


class BearerToken(BaseAuthentication):  # type: ignore[misc]
    """`Authorization: Bearer <token>` with an access token from the token endpoint. The
    token row is `request.auth`."""

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        deler = get_authorization_header(request).split()
        if not deler or deler[0].lower() != b"bearer":
            return None
        if len(deler) != 2:
            raise UgyldigToken("The Bearer header takes exactly one token.")
        try:
            token = deler[1].decode("ascii")
        except UnicodeDecodeError:
            raise UgyldigToken() from None
        rad = token_finn(token)
        if rad is None:
            raise UgyldigToken()
        return rad.bruker, rad

    def authenticate_header(self, request: Any) -> str:
        return f'Bearer realm="{REALM}"'
