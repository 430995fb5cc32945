"""System information (rest-api.md §1.5), for logged-in users only (§13 item 12).

`bulkgrense` is the largest file the server takes in one request (ARKIVAR_MAKS_FILSTOERRELSE);
larger files come in chunks (views/fil.py, decision 0007). `versjonsdato` is left out until
there are dated releases (absent values are omitted, client-compat.md §2.4).
"""

from __future__ import annotations

import importlib.metadata
from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response  # type: ignore[import-untyped]

from noark_api.lenker import Lenker, href
from noark_api.relasjoner import SYSTEM, rel
from noark_api.skjema import LESEFEIL, SysteminformasjonSerializer, feilsvar
from noark_api.views.base import Noark5View

PRODUKT = "Arkivar"
LEVERANDOER = "Arkivar"
PROTOKOLLVERSJON = "1.1"


def _versjon() -> str:
    try:
        return importlib.metadata.version("arkivar")
    except importlib.metadata.PackageNotFoundError:
        return "ukjent"


class SystemView(Noark5View):
    """System information (logged-in users only)."""

    @extend_schema(
        operation_id="system",
        summary="System information: product, version, protocol version, upload limit",
        responses={200: OpenApiResponse(SysteminformasjonSerializer), **feilsvar(*LESEFEIL)},
    )
    def get(self, request: Any) -> Response:
        lenker = Lenker(request).selv(SYSTEM).legg_til(rel(SYSTEM), href(request, SYSTEM))
        return self.svar(
            {
                "bulkgrense": settings.ARKIVAR_MAKS_FILSTOERRELSE,
                "leverandoer": LEVERANDOER,
                "produkt": PRODUKT,
                "versjon": _versjon(),
                "protokollversjon": PROTOKOLLVERSJON,
                "_links": lenker.som_dict(),
            }
        )
