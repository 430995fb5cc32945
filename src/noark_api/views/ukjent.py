"""The last route of the API: any other path under /api/ is a Noark 404, never Django's HTML
page or an APPEND_SLASH redirect (client-compat.md §1.1)."""

from __future__ import annotations

from typing import Any, NoReturn

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound  # type: ignore[import-untyped]

from noark_api.tillatelser import Aapen
from noark_api.views.base import Noark5View


@extend_schema(exclude=True)
class UkjentView(Noark5View):
    permission_classes = [Aapen]

    def _ikke_funnet(self, request: Any, *args: Any, **kwargs: Any) -> NoReturn:
        raise NotFound()

    get = post = put = patch = delete = options = _ikke_funnet
