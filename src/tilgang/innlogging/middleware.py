"""Ends sessions from before the user's last "Logg ut på alle enheter" (see okter.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseBase

from tilgang.innlogging.okter import okt_er_utdatert, stempel_ny_innlogging

logger = logging.getLogger(__name__)


class OktgenerasjonMiddleware:
    """Place right after AuthenticationMiddleware. Costs no query of its own: the generation
    comes with the user that AuthenticationMiddleware loads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if okt_er_utdatert(request):
            logger.info("innlogging.utdatert_okt_avsluttet", extra={"bruker_id": request.user.pk})
            logout(request)
        noekkel_foer = request.session.session_key
        response = self.get_response(request)
        stempel_ny_innlogging(request, noekkel_foer)
        return response
