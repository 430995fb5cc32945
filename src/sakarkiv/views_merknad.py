"""A note (Noark Merknad) on a case, from the case page (issue 6 item 2)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from arkivstruktur.services.sekundaer import merknad_opprett
from felles.feil import IkkeFunnet
from felles.handlinger import utfoer
from sakarkiv.selectors import saksmappe_hent


@login_required
@require_POST
def saksmappe_merknad(request: HttpRequest, system_id: UUID) -> HttpResponse:
    try:
        sak = saksmappe_hent(bruker=request.user, system_id=system_id)
    except IkkeFunnet as feil:
        raise Http404(str(feil)) from feil

    def skriv() -> Any:
        return merknad_opprett(
            mappe=sak,
            merknadstekst=request.POST.get("merknadstekst", ""),
            merknadstype=request.POST.get("merknadstype", ""),
            utfoert_av=request.user,
        )

    utfoer(request, skriv, melding=lambda _m: "Merknaden er lagret.")
    return redirect("sakarkiv:saksmappe-detalj", system_id=sak.system_id)
