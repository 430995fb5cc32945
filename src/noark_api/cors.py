"""CORS for the API (rest-api.md §1.3, client-compat.md §3.1), without an extra package.

Origins come from ARKIVAR_API_CORS_ORIGINER (comma-separated; `*` allows any origin; empty,
the default, sends no CORS headers at all, so browsers keep the same-origin rule). An allowed
origin is echoed back (with `Vary: Origin`), never `*`, and credentials are not allowed: the
session cookie stays a same-origin thing, and cross-origin clients send Basic or Bearer in
the Authorization header.

A preflight (OPTIONS with Origin and Access-Control-Request-Method) from an allowed origin is
answered here with 200, before authentication, since browsers send preflights without
credentials. The allowed methods are those of the view the path resolves to, joined with ","
and no spaces (some clients split on "," and compare exact tokens).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers

from noark_api.feilsider import _er_api

TILLATTE_HODER = (
    "Accept",
    "Authorization",
    "Content-Range",
    "Content-Type",
    "ETag",
    "If-Match",
    "X-Upload-Content-Length",
    "X-Upload-Content-Type",
)
EKSPONERTE_HODER = ("ETag", "Location", "Range")
ALLE_METODER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
PREFLIGHT_MAKS_ALDER = 600


def _tillatt_opphav(opphav: str) -> bool:
    originer: list[str] = settings.ARKIVAR_API_CORS_ORIGINER
    return bool(opphav) and ("*" in originer or opphav in originer)


def _metoder_for(sti: str) -> tuple[str, ...]:
    """The methods of the view behind `sti`: a DRF view knows its handlers."""
    try:
        treff = resolve(sti)
    except Resolver404:
        return ALLE_METODER
    visning = treff.func
    handlinger = getattr(visning, "actions", None)  # a ViewSet's method → action map
    if handlinger:
        metoder = {m.upper() for m in handlinger} | {"OPTIONS"}
        if "GET" in metoder:
            metoder.add("HEAD")
        return tuple(m for m in ALLE_METODER if m in metoder)
    klasse = getattr(visning, "cls", None) or getattr(visning, "view_class", None)
    if klasse is None:
        return ALLE_METODER
    metoder = {m for m in ALLE_METODER if hasattr(klasse, m.lower())}
    if "GET" in metoder:
        metoder.add("HEAD")  # Django's View answers HEAD with its GET handler
    return tuple(m for m in ALLE_METODER if m in metoder)


class CorsMiddleware:
    """Place high in MIDDLEWARE, before CommonMiddleware: it answers preflights itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not (_er_api(request) and settings.ARKIVAR_API_CORS_ORIGINER):
            return self.get_response(request)
        opphav = request.headers.get("Origin", "")
        if not _tillatt_opphav(opphav):
            svar_uten_cors = self.get_response(request)
            # The answer depends on Origin once CORS is on: a cache must keep them apart.
            patch_vary_headers(svar_uten_cors, ("Origin",))
            return svar_uten_cors
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            svar: HttpResponseBase = HttpResponse(status=200)
            svar["Access-Control-Allow-Methods"] = ",".join(_metoder_for(request.path_info))
            svar["Access-Control-Allow-Headers"] = ",".join(TILLATTE_HODER)
            svar["Access-Control-Max-Age"] = str(PREFLIGHT_MAKS_ALDER)
        else:
            svar = self.get_response(request)
        svar["Access-Control-Allow-Origin"] = opphav
        svar["Access-Control-Expose-Headers"] = ",".join(EKSPONERTE_HODER)
        patch_vary_headers(svar, ("Origin",))
        return svar
