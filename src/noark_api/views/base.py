from __future__ import annotations

from typing import Any

from rest_framework.response import Response  # type: ignore[import-untyped]
from rest_framework.views import APIView  # type: ignore[import-untyped]


class Noark5View(APIView):  # type: ignore[misc]
    """Base of the API's views: the renderer, parser, authentication, permission and error
    handling all come from REST_FRAMEWORK in settings."""

    def svar(self, data: dict[str, Any], status: int = 200) -> Response:
        return Response(data, status=status)
