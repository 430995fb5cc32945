"""A note (Noark Merknad) on a case, from the case page (issue 6 item 2)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from arkivstruktur.services.sekundaer import merknad_opprett
from felles.handlinger import utfoer
from sakarkiv.views import hent_sak


@login_required
@require_POST
def saksmappe_merknad(request: HttpRequest, system_id: UUID) -> HttpResponse:
    sak = hent_sak(request, system_id)

    def skriv() -> Any:
        return merknad_opprett(
            mappe=sak,
            merknadstekst=request.POST.get("merknadstekst", ""),
            merknadstype=request.POST.get("merknadstype", ""),
            utfoert_av=request.user,
        )

    utfoer(request, skriv, melding=lambda _m: "Merknaden er lagret.")
    return redirect("sakarkiv:saksmappe-detalj", system_id=sak.system_id)
