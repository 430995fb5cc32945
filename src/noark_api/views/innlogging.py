"""The description behind `REL:login/rfc7617/` (client-compat.md §3.3): anonymously 200 with
a short description, with valid credentials 200, with wrong ones 401 (the authentication
class refuses them before this view runs)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response  # type: ignore[import-untyped]

from noark_api.autentisering import REALM
from noark_api.lenker import Lenker, er_innlogget, href
from noark_api.relasjoner import INNLOGGING_RFC7617, rel
from noark_api.skjema import InnloggingsbeskrivelseSerializer, feilsvar
from noark_api.tillatelser import Aapen
from noark_api.views.base import Noark5View


class BasicInnloggingView(Noark5View):
    """Describes HTTP Basic login; readable without login."""

    permission_classes = [Aapen]

    @extend_schema(
        operation_id="innlogging_rfc7617",
        summary="HTTP Basic login (RFC 7617): how to log in, and whether you are",
        responses={
            200: OpenApiResponse(InnloggingsbeskrivelseSerializer),
            **feilsvar(401, 406, 429, 500),
        },
    )
    def get(self, request: Any) -> Response:
        lenker = Lenker(request).selv(INNLOGGING_RFC7617)
        lenker.legg_til(rel(INNLOGGING_RFC7617), href(request, INNLOGGING_RFC7617))
        data: dict[str, Any] = {
            "beskrivelse": (
                "Send brukernavn og passord i Authorization-hodet (HTTP Basic, RFC 7617) "
                "med hver forespørsel, bare over HTTPS."
            ),
            "realm": REALM,
            "innlogget": er_innlogget(request),
        }
        if er_innlogget(request):
            data["brukernavn"] = request.user.get_username()
        data["_links"] = lenker.som_dict()
        return self.svar(data)
