"""Package roots (rest-api.md §1.4, §12): each lists its collections and, for users who may
use them, its top-level create links.

The hrefs follow the standard's layout (`<api>/arkivstruktur/mappe/` for
`REL:arkivstruktur/mappe/`). The resources behind them are built package by package; until a
resource exists its href answers 404 with a Noark error body (the catch-all in urls.py).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response  # type: ignore[import-untyped]

from noark_api.lenker import pakkelenker
from noark_api.relasjoner import PAKKER
from noark_api.skjema import LESEFEIL, LenkerSerializer, feilsvar
from noark_api.views.base import Noark5View


class PakkeView(Noark5View):
    """Lists the package's resources by relation key; hrefs of resources not built yet answer
    404 for now."""

    @extend_schema(
        operation_id="pakke",
        summary="A package root: the package's collections and create links",
        parameters=[OpenApiParameter("pakke", str, OpenApiParameter.PATH, enum=list(PAKKER))],
        responses={200: OpenApiResponse(LenkerSerializer), **feilsvar(*LESEFEIL)},
    )
    def get(self, request: Any, pakke: str) -> Response:
        return self.svar({"_links": pakkelenker(request, pakke)})
