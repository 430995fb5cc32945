"""The root resource (rest-api.md §1.4, client-compat.md §1.2).

Readable without login, because a client must find out how to log in: anonymously it lists
the login relations and `self`; after login also the five package roots and `admin/system/`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response  # type: ignore[import-untyped]

from noark_api.lenker import rotlenker
from noark_api.skjema import LenkerSerializer, feilsvar
from noark_api.tillatelser import Aapen
from noark_api.views.base import Noark5View


class RotView(Noark5View):
    """The entry point: anonymously the login relations and `self`; after login also the
    package roots and `admin/system/`."""

    permission_classes = [Aapen]

    @extend_schema(
        operation_id="rot",
        summary="The root: links to the login mechanisms and (after login) the packages",
        responses={200: OpenApiResponse(LenkerSerializer), **feilsvar(401, 406, 429, 500)},
    )
    def get(self, request: Any) -> Response:
        return self.svar({"_links": rotlenker(request)})


@extend_schema(exclude=True)
class RotUtenSkraastrekView(RotView):
    """`/api` without the slash answers as the root, not with a redirect (one entry in the
    OpenAPI document is enough)."""
