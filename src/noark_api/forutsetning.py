"""The precondition of PUT, PATCH and DELETE (rest-api.md §5.3, client-compat.md §11.2, §12).

The client sends back the ETag it read, in `If-Match` (HTTP) or in a request header named
`ETag` (what the reference server and most clients send). Compared tolerantly: surrounding
quotes and a `W/` prefix are stripped, a list of tags matches when one of them does, and `*`
matches anything. A mismatch is 409, the standard's choice (§13 item 1). A request with
neither header is accepted: that is the more interoperable of the two choices §11.2 allows,
and the services still refuse what the archive rules forbid.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from noark_api.etag import etag
from noark_api.unntak import Konflikt


def _merker(verdi: str) -> set[str]:
    merker = set()
    for del_ in verdi.split(","):
        merke = del_.strip()
        if merke.upper().startswith("W/"):
            merke = merke[2:]
        merker.add(merke.strip().strip('"'))
    return merker - {""}


def krev_uendret(request: Any, instans: models.Model) -> None:
    """Raise `Konflikt` when the client's ETag is not the instance's current one."""
    krev_merke(request, etag(instans))


def krev_merke(request: Any, naavaerende: str) -> None:
    """Raise `Konflikt` when the client's ETag is not `naavaerende` (a quoted ETag)."""
    sendt = request.META.get("HTTP_IF_MATCH") or request.META.get("HTTP_ETAG")
    if not sendt:
        return
    merker = _merker(sendt)
    if "*" in merker:
        return
    if naavaerende.strip('"') not in merker:
        raise Konflikt()
