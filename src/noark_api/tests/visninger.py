"""Views for the tests only (tests/urls.py): each raises one kind of error, or reads a body."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.http import Http404
from rest_framework.exceptions import ParseError
from rest_framework.response import Response

from felles.feil import DomeneFeil, IkkeFunnet, IngenTilgang
from noark_api.tillatelser import Aapen
from noark_api.unntak import ForutsetningFeilet, IkkeImplementert, Konflikt
from noark_api.views.base import Noark5View

FEIL: dict[str, Exception] = {
    "domenefeil": DomeneFeil("Mappen er avsluttet."),
    "domenefeil-felt": DomeneFeil("Tittel må fylles ut.", felt="tittel"),
    "validering": ValidationError("Ugyldig verdi."),
    "ingen-tilgang": IngenTilgang(),
    "django-ingen-tilgang": PermissionDenied(),
    "ikke-funnet": IkkeFunnet(),
    "http404": Http404(),
    "parse": ParseError(),
    "konflikt": Konflikt(),
    "forutsetning": ForutsetningFeilet(),
    "ikke-implementert": IkkeImplementert(),
    "beskyttet": ProtectedError("hemmelig intern detalj", set()),
    "uventet": RuntimeError("hemmelig intern detalj"),
}


class FeilView(Noark5View):
    permission_classes = [Aapen]

    def get(self, request: Any, hva: str) -> Response:
        raise FEIL[hva]


class KroppView(Noark5View):
    """Echoes the parsed body; GET and POST only."""

    def post(self, request: Any) -> Response:
        return Response({"mottatt": request.data, "_links": {}})

    def patch(self, request: Any) -> Response:
        return Response({"mottatt": request.data, "_links": {}})
