"""The records office's disposal pages: what is due per arkivdel, the lists, and a list's
cases with the steps approve and carry out (bevaring.services)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bevaring.selectors import (
    forvaltede_arkivdeler,
    kassasjonsliste_hent,
    kassasjonslister,
    til_kassasjon,
)
from bevaring.services import (
    kassasjonsliste_godkjenn,
    kassasjonsliste_opprett,
    kassasjonsliste_utfoer,
)
from felles.feil import IkkeFunnet
from felles.handlinger import utfoer
from felles.tid import dato_i_oslo, naa
from sakarkiv.views import hent_arkivdel
from tilgang.skjerming import skjermet_visning


@login_required
def oversikt(request: HttpRequest) -> HttpResponse:
    arkivdeler = forvaltede_arkivdeler(bruker=request.user)
    if not arkivdeler:
        raise PermissionDenied("Bare arkivet kan kassere.")
    idag = dato_i_oslo(naa())
    forfalt = [
        (arkivdel, len(til_kassasjon(bruker=request.user, arkivdel=arkivdel, per=idag)))
        for arkivdel in arkivdeler
    ]
    return render(
        request,
        "bevaring/oversikt.html",
        {"arkivdeler": forfalt, "lister": kassasjonslister(bruker=request.user)[:50]},
    )


@login_required
@require_POST
def liste_opprett(request: HttpRequest, system_id: str) -> HttpResponse:
    arkivdel = hent_arkivdel(request, system_id)
    liste = utfoer(
        request,
        lambda: kassasjonsliste_opprett(arkivdel=arkivdel, utfoert_av=request.user),
        melding=lambda liste: f"Kassasjonslisten har {liste.linjer.count()} saker til godkjenning.",
    )
    if liste is None:
        return redirect("bevaring:oversikt")
    return redirect("bevaring:liste", system_id=liste.system_id)


def _liste(request: HttpRequest, system_id: str) -> Any:
    try:
        return kassasjonsliste_hent(bruker=request.user, system_id=system_id)
    except IkkeFunnet as feil:
        raise Http404(str(feil)) from feil


@login_required
def liste_vis(request: HttpRequest, system_id: str) -> HttpResponse:
    liste = _liste(request, system_id)
    linjer = [
        (linje, skjermet_visning(linje.mappe, request.user).tittel)
        for linje in liste.linjer.select_related("mappe__skjerming", "mappe__arkiv")
    ]
    return render(request, "bevaring/liste.html", {"liste": liste, "linjer": linjer})


@login_required
@require_POST
def liste_handling(request: HttpRequest, system_id: str) -> HttpResponse:
    liste = _liste(request, system_id)
    if request.POST.get("handling") == "godkjenn":
        utfoer(
            request,
            lambda: kassasjonsliste_godkjenn(liste=liste, utfoert_av=request.user),
            melding=lambda _: "Kassasjonslisten er godkjent og kan utføres.",
        )
    elif request.POST.get("handling") == "utfoer":
        utfoer(
            request,
            lambda: kassasjonsliste_utfoer(liste=liste, utfoert_av=request.user),
            melding=lambda utfoert: (
                f"Kassert: {utfoert.antall_kasserte_dokumenter} dokumenter er fjernet; "
                "sakene og journalpostene står igjen med kassasjonen registrert."
            ),
        )
    return redirect("bevaring:liste", system_id=liste.system_id)
