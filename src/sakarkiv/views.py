"""Case pages: thin callers of the selectors (the full UI comes with the UI work)."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from felles.feil import IkkeFunnet
from sakarkiv.selectors import (
    journalpost_liste,
    mine_saker,
    restanser,
    saksmappe_hent,
    saksmappe_liste,
)


@login_required
def start(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "sakarkiv/start.html",
        {
            "mine_saker": mine_saker(bruker=request.user)[:20],
            "restanser": restanser(bruker=request.user, saksbehandler=request.user)[:20],
        },
    )


@login_required
def saksmappe_liste_vis(request: HttpRequest) -> HttpResponse:
    side = Paginator(saksmappe_liste(bruker=request.user), 50).get_page(request.GET.get("side"))
    return render(request, "sakarkiv/saksmappe_liste.html", {"side": side})


@login_required
def saksmappe_detalj(request: HttpRequest, system_id: UUID) -> HttpResponse:
    try:
        saksmappe = saksmappe_hent(bruker=request.user, system_id=system_id)
    except IkkeFunnet as feil:
        raise Http404(str(feil)) from feil
    journalposter = journalpost_liste(bruker=request.user, saksmappe=saksmappe).prefetch_related(
        "korrespondanseparter"
    )
    return render(
        request,
        "sakarkiv/saksmappe_detalj.html",
        {"sak": saksmappe, "journalposter": journalposter},
    )
