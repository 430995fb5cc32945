"""Sessions: the per-user session generation behind "Logg ut på alle enheter".

Every session remembers the generation its user had when it was created. "Logg ut på alle
enheter" adds one to the user's generation, and `OktgenerasjonMiddleware` ends every session
that carries an older one, on every device. The generation is a field on Bruker, so checking it
costs no query beyond loading `request.user`, which Django's session authentication does anyway.
Iterating the session table instead would mean decoding every session on every logout, and
would not work with a cache or cookie session backend.

A session without a stamp counts as generation 0: sessions made outside a request (the test
client's force_login, the shell) stay valid until the user's first "log out everywhere".
"""

from __future__ import annotations

import logging

from django.contrib.auth import SESSION_KEY
from django.db.models import F
from django.http import HttpRequest

from organisasjon.models import Bruker

logger = logging.getLogger(__name__)

OKT_GENERASJON = "_arkivar_okt_generasjon"
OIDC_ID_TOKEN = "_arkivar_oidc_id_token"  # noqa: S105 (a session key, not a secret)


def stempel_okt(request: HttpRequest, bruker: Bruker) -> None:
    """Give the session of a fresh login the user's current generation."""
    request.session[OKT_GENERASJON] = bruker.okt_generasjon


def stempel_ny_innlogging(request: HttpRequest, noekkel_foer: str | None) -> None:
    """Stamp a session whose login happened during this request without our views (for
    instance the admin site's login page). Django's login() always gives the session a new
    key, so a session that kept its key was not logged in now and is left unsaved."""
    okt = getattr(request, "session", None)
    if okt is None or okt.session_key == noekkel_foer:
        return
    if SESSION_KEY not in okt or OKT_GENERASJON in okt:
        return
    bruker = getattr(request, "user", None)
    if isinstance(bruker, Bruker) and str(bruker.pk) == str(okt[SESSION_KEY]):
        stempel_okt(request, bruker)


def okt_er_utdatert(request: HttpRequest) -> bool:
    """True when the user has logged out on all devices after this session began."""
    bruker = getattr(request, "user", None)
    if not isinstance(bruker, Bruker):
        return False
    return bool(request.session.get(OKT_GENERASJON, 0) != bruker.okt_generasjon)


def logg_ut_paa_alle_enheter(bruker: Bruker) -> None:
    """End every session of `bruker`, on all devices (they are refused from their next request)."""
    Bruker.objects.filter(pk=bruker.pk).update(okt_generasjon=F("okt_generasjon") + 1)
    bruker.refresh_from_db(fields=["okt_generasjon"])
    logger.info("innlogging.alle_okter_avsluttet", extra={"bruker_id": bruker.pk})
