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

Unauthenticated requests to protected resources get 401 with `WWW-Authenticate: Basic
realm="Arkivar"` (from the first class here). A Bearer class goes first in the list when the
OAuth2 token endpoint (`login/rfc6749/`) comes; the header then carries both challenges.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from rest_framework.authentication import BasicAuthentication  # type: ignore[import-untyped]
from rest_framework.exceptions import AuthenticationFailed  # type: ignore[import-untyped]

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
