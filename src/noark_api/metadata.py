"""The body of OPTIONS answers: an empty `_links`, since every JSON object the API returns has
one (client-compat.md §1.4). The methods are in the Allow header."""

from __future__ import annotations

from typing import Any

from rest_framework.metadata import BaseMetadata  # type: ignore[import-untyped]


class Noark5Metadata(BaseMetadata):  # type: ignore[misc]
    def determine_metadata(self, request: Any, view: Any) -> dict[str, Any]:
        return {"_links": {}}
