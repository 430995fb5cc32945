"""Django's error views (handler400/403/404/500 in config.urls) for paths under /api/.

Errors raised inside the API's views never get here: the exception handler in `feil.py`
answers them, and a catch-all route answers unknown /api/ paths. These cover what happens
before a view runs (a middleware that fails, a request Django refuses), so that no HTML error
page is ever sent under /api/ (client-compat.md §2.1). Other paths get Django's own pages.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from noark_api.feil import _beskrivelse, feilkropp
from noark_api.format import NOARK5_JSON

API_PREFIKS = "/api/"


def _er_api(request: HttpRequest) -> bool:
    sti = request.path_info
    return sti == API_PREFIKS.rstrip("/") or sti.startswith(API_PREFIKS)


def _svar(kode: int, engelsk: str) -> HttpResponse:
    return JsonResponse(
        feilkropp(kode, _beskrivelse(kode), engelsk),
        status=kode,
        content_type=f"{NOARK5_JSON}; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


def ugyldig_forespoersel(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _er_api(request):
        return _svar(400, "Bad request.")
    return defaults.bad_request(request, exception)


def ingen_tilgang(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _er_api(request):
        return _svar(403, "Permission denied.")
    return defaults.permission_denied(request, exception)


def ikke_funnet(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _er_api(request):
        return _svar(404, "Not found.")
    return defaults.page_not_found(request, exception)


def serverfeil(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    if _er_api(request):
        return _svar(500, "Internal server error.")
    return defaults.server_error(request)
