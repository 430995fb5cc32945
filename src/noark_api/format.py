"""Wire format (rest-api.md §1.1, client-compat.md §2): one renderer and one parser for
`application/vnd.noark5+json`, plain `application/json` accepted as a fallback on input.

Content negotiation: every answer of a Noark resource is `application/vnd.noark5+json`,
whatever JSON-ish type the client asks for (`*/*`, `application/*`, `application/json` first,
or no Accept at all); clients in the field send all of these and must still get the Noark
type (client-compat.md §2.1). An Accept header that admits no JSON at all (`text/html` alone,
`application/xml`) gets 406. Views with other renderers (the OpenAPI document) negotiate as
DRF does by default.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotAcceptable  # type: ignore[import-untyped]
from rest_framework.negotiation import DefaultContentNegotiation  # type: ignore[import-untyped]
from rest_framework.parsers import JSONParser  # type: ignore[import-untyped]
from rest_framework.renderers import JSONRenderer  # type: ignore[import-untyped]

NOARK5_JSON = "application/vnd.noark5+json"
MERGE_PATCH_JSON = "application/merge-patch+json"

# Media ranges in Accept that a Noark 5 JSON answer satisfies.
_GODTATTE_MEDIEOMRAADER = frozenset({NOARK5_JSON, "application/json", "application/*", "*/*"})


class Noark5JSONRenderer(JSONRenderer):  # type: ignore[misc]
    media_type = NOARK5_JSON
    format = "noark5json"
    charset = "utf-8"
    # Keep æøå and emoji as they are (client-compat.md §2.2); compact output.
    ensure_ascii = False
    compact = True


class Noark5JSONParser(JSONParser):  # type: ignore[misc]
    media_type = NOARK5_JSON


class VanligJSONParser(JSONParser):  # type: ignore[misc]
    """Plain `application/json`, the fallback the standard's clients may send."""

    media_type = "application/json"


class MergePatchParser(JSONParser):  # type: ignore[misc]
    """RFC 7396 bodies for PATCH (rest-api.md §5.2); the merge itself is the view's job."""

    media_type = MERGE_PATCH_JSON


def _medieomraader(accept: str) -> list[str]:
    """The media ranges of an Accept header that the client does not refuse (q=0)."""
    omraader = []
    for del_ in accept.split(",")[:64]:
        type_, *parametre = (stykke.strip() for stykke in del_.split(";"))
        if not type_:
            continue
        q = next((p.split("=", 1)[1] for p in parametre if p.lower().startswith("q=")), "1")
        try:
            refusert = float(q) <= 0
        except ValueError:
            refusert = False
        if not refusert:
            omraader.append(type_.lower())
    return omraader


class Noark5Innholdsforhandling(DefaultContentNegotiation):  # type: ignore[misc]
    def select_renderer(
        self, request: Any, renderers: list[Any], format_suffix: str | None = None
    ) -> tuple[Any, str]:
        noark = next((r for r in renderers if isinstance(r, Noark5JSONRenderer)), None)
        if noark is None:
            return super().select_renderer(request, renderers, format_suffix)  # type: ignore[no-any-return]
        accept = request.META.get("HTTP_ACCEPT", "").strip()
        if not accept or _GODTATTE_MEDIEOMRAADER.intersection(_medieomraader(accept)):
            return noark, NOARK5_JSON
        raise NotAcceptable(available_renderers=[noark])
