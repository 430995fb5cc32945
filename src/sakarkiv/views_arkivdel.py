"""The records office closes cases and starts new periods (issue 6 item 10; model.md §6.5).

Closing a case (saksstatus A) and re-opening it (A → B) are the records office's, from the case
page; the service refuses to close while a journalpost is unfinished or a restanse is open, and
says which. On the arkivdel page the records office periodiserer an active arkivdel (a new
arkivdel takes over; the old one overlaps until its open cases are closed or have moved on) and
ends the overlap when no open case is left in it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from arkivstruktur.selectors import arkivdel_liste
from arkivstruktur.services.arkiv import arkivdel_avslutt_overlapp, arkivdel_periodiser
from felles.feil import DomeneFeil
from felles.handlinger import utfoer
from sakarkiv.services.avslutning import saksmappe_arkiver_og_avslutt
from sakarkiv.services.saksmappe import saksmappe_endre_status
from sakarkiv.views import hent_arkivdel, hent_sak

_STATUSNAVN = {"A": "Aktiv periode", "O": "Overlappingsperiode", "P": "Avsluttet periode"}


@login_required
@require_POST
def saksmappe_status(request: HttpRequest, system_id: UUID) -> HttpResponse:
    """Close a case, archiving its journalført journalposts (A), or re-open it (B)."""
    sak = hent_sak(request, system_id)
    status = request.POST.get("saksstatus", "")

    def endre() -> Any:
        if status == "A":
            return saksmappe_arkiver_og_avslutt(saksmappe=sak, utfoert_av=request.user)
        if status == "B":
            return saksmappe_endre_status(saksmappe=sak, saksstatus="B", utfoert_av=request.user)
        raise DomeneFeil("Ukjent handling.", felt="saksstatus")

    utfoer(
        request,
        endre,
        melding=lambda s: f"Sak {s.mappe_id} er {'avsluttet' if status == 'A' else 'gjenåpnet'}.",
    )
    return redirect("sakarkiv:saksmappe-detalj", system_id=sak.system_id)


def _forvaltede(request: HttpRequest) -> Any:
    """The arkivdeler the user is records office for, with their open cases counted."""
    return [
        arkivdel
        for arkivdel in arkivdel_liste(bruker=request.user)
        .select_related("arkiv__virksomhet", "referanse_forloeper")
        .annotate(aapne=Count("mapper", filter=Q(mapper__avsluttet_dato__isnull=True)))
        if rules.has_perm("arkivstruktur.forvalte", request.user, arkivdel)
    ]


@login_required
def arkivdel_liste_vis(request: HttpRequest) -> HttpResponse:
    arkivdeler = _forvaltede(request)
    if not arkivdeler:
        raise PermissionDenied("Bare arkivet kan forvalte arkivdelene.")
    return render(
        request,
        "sakarkiv/arkivdeler.html",
        {"arkivdeler": arkivdeler, "statusnavn": _STATUSNAVN},
    )


@login_required
@require_POST
def arkivdel_handling(request: HttpRequest, system_id: UUID) -> HttpResponse:
    """Periodiser an active arkivdel, or end the overlap of an overlapping one."""
    arkivdel = hent_arkivdel(request, system_id)
    handling = request.POST.get("handling", "")

    def utfoer_handling() -> Any:
        if handling == "periodiser":
            return arkivdel_periodiser(
                arkivdel=arkivdel,
                ny_tittel=request.POST.get("ny_tittel", ""),
                utfoert_av=request.user,
            )
        if handling == "avslutt_overlapp":
            return arkivdel_avslutt_overlapp(arkivdel=arkivdel, utfoert_av=request.user)
        raise DomeneFeil("Ukjent handling.", felt="handling")

    utfoer(
        request,
        utfoer_handling,
        melding=lambda resultat: (
            f"Ny periode «{resultat.tittel}» er startet; «{arkivdel.tittel}» er i "
            "overlappingsperiode til de åpne sakene er avsluttet eller flyttet."
            if handling == "periodiser"
            else f"Perioden «{arkivdel.tittel}» er avsluttet."
        ),
    )
    return redirect("sakarkiv:arkivdeler")
