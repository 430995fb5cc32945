"""Errors (rest-api.md §7): one exception handler for every view of the API.

The body is the standard's `feil` object, which Noark clients read, plus DRF's `detail`,
which style.md §10 asks for (the Sentry convention). Both, because neither can give way: a
strict Noark client looks for `feil.kode`, and our own tooling and DRF's conventions expect
`detail`.

    {"feil": {"kode": 404, "beskrivelse": "Fant ikke ressursen: /api/x/"}, "detail": "Not found."}

`feil.beskrivelse` is bokmål, for people (the standard leaves the text open). `detail` is the
English text for developers and logs, except for broken business rules (DomeneFeil and
Django's ValidationError): those are written in bokmål only, and `detail` carries the messages
as DRF does for validation errors, keyed by field when the rule names one. There are no
`_links` in an error body (as in Nikita). Unexpected exceptions become a 500 with a generic
body; the traceback goes to the log only.

Status codes: DomeneFeil and other validation errors 400 (§13 item 8: broken archive rules
are 400, 409 is for concurrency only; 422 is reserved for failed uploads), and so is a query
parameter the OData module cannot read (`OdataFeil`, both languages in `beskrivelse`, the
English text in `detail`), IngenTilgang 403,
a delete a protected reference stops 400 (never a 500),
IkkeFunnet and Http404 404, unsupported Accept 406, unsupported Content-Type 415, an ETag
that does not match 409 (`Konflikt`, §5.3 and §13 item 1), a failed HTTP precondition 412
(`ForutsetningFeilet`), optional parts not built 501 (`IkkeImplementert`).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import override
from rest_framework import exceptions  # type: ignore[import-untyped]
from rest_framework.response import Response  # type: ignore[import-untyped]
from rest_framework.views import set_rollback  # type: ignore[import-untyped]

from felles.feil import IkkeFunnet, IngenTilgang
from noark_api.odata import OdataFeil
from noark_api.unntak import ForutsetningFeilet, IkkeImplementert, Konflikt, Sperret

__all__ = [
    "ForutsetningFeilet",
    "IkkeImplementert",
    "Konflikt",
    "Sperret",
    "feilkropp",
    "unntakshaandterer",
]

logger = logging.getLogger(__name__)


# Bokmål texts for feil.beskrivelse, by status code.
def _beskrivelse(kode: int) -> str:
    tekster = {
        400: _("Ugyldig forespørsel."),
        401: _("Du må logge inn."),
        403: _("Du har ikke tilgang til dette."),
        404: _("Fant ikke ressursen."),
        405: _("Metoden er ikke tillatt for denne ressursen."),
        406: _("Kan ikke svare i noen av formatene forespørselen godtar (Accept)."),
        409: _("Objektet er endret av noen andre. Hent det på nytt og prøv igjen."),
        412: _("En forutsetning i forespørselen holder ikke."),
        415: _("Innholdstypen i forespørselen støttes ikke."),
        429: _("For mange mislykkede innloggingsforsøk. Prøv igjen senere."),
        500: _("Det oppstod en feil i serveren."),
        501: _("Dette er ikke implementert."),
    }
    return tekster.get(kode, _("Forespørselen kunne ikke utføres."))


def feilkropp(kode: int, beskrivelse: str, detail: Any) -> dict[str, Any]:
    return {"feil": {"kode": kode, "beskrivelse": beskrivelse}, "detail": detail}


def _engelsk_standardtekst(exc: Any, request: Any) -> Any:
    """DRF's own default text in English, when the exception carries it (DRF translates it
    into the request's language when the exception is made); otherwise the exception's own
    detail, which is specific (a JSON parse error, field errors)."""
    # The placeholders of DRF's default texts (MethodNotAllowed, UnsupportedMediaType).
    verdier = {"method": request.method, "media_type": request.content_type}

    def standard() -> str:
        return str(force_str(type(exc).default_detail)).format(**verdier)

    if isinstance(exc.detail, str) and exc.detail == standard():
        with override("en"):
            return standard()
    return exc.detail


def _domenefeil_detail(exc: DjangoValidationError) -> Any:
    if hasattr(exc, "error_dict"):
        return {
            felt: [force_str(m) for feil in feilene for m in feil.messages]
            for felt, feilene in exc.error_dict.items()
        }
    meldinger = [force_str(m) for m in exc.messages]
    return meldinger[0] if len(meldinger) == 1 else meldinger


def _fra_domenet(exc: Exception, request: Any) -> Response | None:
    """Our own and Django's exceptions, which DRF does not know."""
    if isinstance(exc, IkkeFunnet | Http404):
        return Response(
            feilkropp(404, _("Fant ikke ressursen: %(sti)s") % {"sti": request.path}, "Not found."),
            status=404,
        )
    if isinstance(exc, IngenTilgang | DjangoPermissionDenied):
        melding = str(exc) if isinstance(exc, IngenTilgang) else _beskrivelse(403)
        return Response(feilkropp(403, melding, "Permission denied."), status=403)
    if isinstance(exc, ProtectedError | RestrictedError):
        # A delete the services let through but a protected reference stops: the archive's
        # rule (nothing referenced is deleted) holds, and the client hears why, not a 500.
        beskrivelse = _("Objektet er i bruk av andre objekter og kan ikke slettes.")
        return Response(feilkropp(400, beskrivelse, "The object is still referenced."), status=400)
    if isinstance(exc, OdataFeil):
        return Response(feilkropp(400, exc.beskrivelse, exc.message), status=400)
    if isinstance(exc, DjangoValidationError):
        beskrivelse = "; ".join(force_str(m) for m in exc.messages) or _beskrivelse(400)
        return Response(feilkropp(400, beskrivelse, _domenefeil_detail(exc)), status=400)
    return None


def _fra_drf(exc: Any, request: Any) -> Response:
    kode = int(exc.status_code)
    beskrivelse = _beskrivelse(kode)
    if isinstance(exc, exceptions.MethodNotAllowed):
        beskrivelse = _("Metoden %(metode)s er ikke tillatt for denne ressursen.") % {
            "metode": request.method
        }
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        beskrivelse = _("Innholdstypen «%(type)s» støttes ikke.") % {"type": request.content_type}
    elif isinstance(exc, exceptions.NotFound):
        beskrivelse = _("Fant ikke ressursen: %(sti)s") % {"sti": request.path}
    elif isinstance(exc, exceptions.ParseError):
        beskrivelse = _("Forespørselen er ikke gyldig JSON.")
    elif isinstance(exc, exceptions.AuthenticationFailed):
        beskrivelse = _("Feil brukernavn eller passord.")
    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    return Response(
        feilkropp(kode, beskrivelse, _engelsk_standardtekst(exc, request)),
        status=kode,
        headers=headers,
    )


def unntakshaandterer(exc: Exception, context: dict[str, Any]) -> Response:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every exception becomes a Noark error body."""
    request = context["request"]
    if isinstance(exc, exceptions.APIException):
        svar = _fra_drf(exc, request)
    else:
        svar = _fra_domenet(exc, request) or _uventet(exc, request)
    set_rollback()
    return svar


def _uventet(exc: Exception, request: Any) -> Response:
    logger.error(
        "noark_api.uventet_feil",
        exc_info=exc,
        extra={"metode": request.method, "sti": request.path, "feiltype": type(exc).__name__},
    )
    return Response(feilkropp(500, _beskrivelse(500), "Internal server error."), status=500)
