"""Form posts that call one service: the same answers everywhere (docs/tilgangsmatrise.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from felles.feil import DomeneFeil, IngenTilgang

T = TypeVar("T")


def utfoer(
    request: HttpRequest, handling: Callable[[], T], *, melding: Callable[[T], str]
) -> T | None:
    """Run `handling`: refused rights → 403 with the service's message; a domain error → shown
    to the user as an error message (None returned); otherwise `melding(result)` is shown."""
    try:
        resultat = handling()
    except IngenTilgang as feil:
        raise PermissionDenied(str(feil)) from feil
    except DomeneFeil as feil:
        messages.error(request, str(feil))
        return None
    messages.success(request, melding(resultat))
    return resultat
