"""Arkivstruktur entities, read-only so far: `arkiv` (rest-api.md §3, §12.1).

The pattern for every entity resource: the view reads through the selector that takes the
user (style.md §6), so hidden and missing objects are the same 404; the list goes through
`liste.side` (OData parameters, paging); the serializer gives the standard's shape with
`_links` from the link builder; a single instance carries an `ETag` (etag.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response  # type: ignore[import-untyped]

from arkivstruktur.models import Arkiv
from arkivstruktur.selectors import arkiv_hent, arkiv_liste
from noark_api.etag import etag
from noark_api.lenker import listelenker
from noark_api.liste import MAKS_SIDESTOERRELSE, STANDARD_SIDESTOERRELSE, side
from noark_api.relasjoner import ARKIV, NY_ARKIV
from noark_api.serialisering.arkivstruktur import (
    ARKIV_FELTER,
    ArkivListeSerializer,
    ArkivSerializer,
)
from noark_api.skjema import LESEFEIL, feilsvar
from noark_api.views.base import Noark5View

# `$top` and `$skip`: non-negative integers of at most 18 digits (odata.les_top, les_skip).
_TELLER: dict[str, Any] = {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}

ODATA_PARAMETRE = [
    OpenApiParameter(
        "$filter",
        str,
        description="OData 4.01 filter over the entity's attributes (rest-api.md §4). "
        "An unknown field gives an empty list.",
    ),
    OpenApiParameter("$orderby", str, description="Fields, each optionally `asc` or `desc`."),
    OpenApiParameter(
        "$top",
        _TELLER,
        description=f"Page size; {STANDARD_SIDESTOERRELSE} when absent, capped at "
        f"{MAKS_SIDESTOERRELSE}.",
    ),
    OpenApiParameter("$skip", _TELLER, description="Rows to skip."),
]

ETAG_HODE = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    required=True,
    description="The instance's version; send it back on PUT, PATCH and DELETE.",
)


def _med_lenkedata(rader: QuerySet[Arkiv], bruker: Any) -> QuerySet[Arkiv]:
    """What `_links` needs without a query per row: visible children, the parent's id."""
    barn = arkiv_liste(bruker=bruker).filter(overarkiv=OuterRef("pk"))
    return rader.annotate(
        har_underarkiv=Exists(barn), overarkiv_system_id=F("overarkiv__system_id")
    )


class ArkivListeView(Noark5View):
    """The arkiver the user may see."""

    @extend_schema(
        operation_id="arkiv_liste",
        summary="List arkiver (OData $filter, $orderby, $top, $skip)",
        parameters=ODATA_PARAMETRE,
        responses={200: OpenApiResponse(ArkivListeSerializer), **feilsvar(400, *LESEFEIL)},
    )
    def get(self, request: Any) -> Response:
        rader = _med_lenkedata(arkiv_liste(bruker=request.user), request.user)
        funnet = side(request, rader, ARKIV_FELTER)
        kontekst = {"request": request}
        return self.svar(
            {
                "count": funnet.antall,
                "results": ArkivSerializer(funnet.rader, many=True, context=kontekst).data,
                "_links": listelenker(
                    request, ARKIV, funnet.parametre, neste_skip=funnet.neste_skip, ny=NY_ARKIV
                ),
            }
        )


class ArkivView(Noark5View):
    """One arkiv; hidden and missing are the same 404."""

    @extend_schema(
        operation_id="arkiv_hent",
        summary="Read one arkiv",
        parameters=[
            OpenApiParameter("system_id", OpenApiTypes.UUID, OpenApiParameter.PATH),
            ETAG_HODE,
        ],
        responses={200: OpenApiResponse(ArkivSerializer), **feilsvar(*LESEFEIL)},
    )
    def get(self, request: Any, system_id: str) -> Response:
        arkiv = arkiv_hent(bruker=request.user, system_id=system_id)
        arkiv = _med_lenkedata(Arkiv.objects.filter(pk=arkiv.pk), request.user).get()
        svar = self.svar(ArkivSerializer(arkiv, context={"request": request}).data)
        svar["ETag"] = etag(arkiv)
        return svar
