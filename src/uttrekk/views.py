"""The records office's deposit page: is each arkivdel deposit-ready (issue 7 §3)?

Each arkivdel shows the outcome of its latest nightly check, green (ready), yellow (ready, with
warnings: open cases in a running archive), red (errors) or grey (not checked yet or the
extract could not be made), with the failing checks and where they failed. "Kontroller nå"
puts a check in the queue at once.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from felles.handlinger import utfoer
from sakarkiv.selectors import arkivets_virksomheter
from sakarkiv.views import hent_arkivdel
from uttrekk.opplasting import innlesing_bestill
from uttrekk.selectors import innlesinger, siste_kontroller
from uttrekk.services import arkivdel_marker_deponert, uttrekkskontroll_bestill


@login_required
def oversikt(request: HttpRequest) -> HttpResponse:
    arkivdeler = siste_kontroller(bruker=request.user)
    if not arkivdeler:
        raise PermissionDenied("Bare arkivet kan se om arkivdelene er klare for deponering.")
    return render(request, "uttrekk/oversikt.html", {"arkivdeler": arkivdeler})


@login_required
@require_POST
def kontroller_naa(request: HttpRequest, system_id: UUID) -> HttpResponse:
    arkivdel = hent_arkivdel(request, system_id)
    utfoer(
        request,
        lambda: uttrekkskontroll_bestill(arkivdel=arkivdel, utfoert_av=request.user),
        melding=lambda _: (
            f"Uttrekket av «{arkivdel.tittel}» kontrolleres nå; last siden på nytt om litt."
        ),
    )
    return redirect("uttrekk:oversikt")


@login_required
@require_POST
def marker_deponert(request: HttpRequest, system_id: UUID) -> HttpResponse:
    arkivdel = hent_arkivdel(request, system_id)
    utfoer(
        request,
        lambda: arkivdel_marker_deponert(arkivdel=arkivdel, utfoert_av=request.user),
        melding=lambda _: f"«{arkivdel.tittel}» er meldt deponert.",
    )
    return redirect("uttrekk:oversikt")


@login_required
def innlesing(request: HttpRequest) -> HttpResponse:
    """Read another system's extract in: upload a ZIP, choose the district; the task worker
    does the rest, and the list below says how it went."""
    virksomheter = arkivets_virksomheter(bruker=request.user)
    if not virksomheter.exists():
        raise PermissionDenied("Bare arkivet kan lese inn arkivuttrekk.")
    if request.method == "POST":
        virksomhet = virksomheter.filter(kortnavn=request.POST.get("virksomhet", "")).first()
        fil = request.FILES.get("fil")
        if virksomhet is None or fil is None:
            messages.error(request, "Velg bydel og en ZIP-fil med arkivuttrekket.")
        else:
            utfoer(
                request,
                lambda: innlesing_bestill(
                    virksomhet=virksomhet,
                    zip_fil=fil,
                    filnavn=fil.name or "",
                    bestilt_av=request.user,
                ),
                melding=lambda i: f"«{i.filnavn}» er lastet opp og leses inn; følg med i listen.",
            )
        return redirect("uttrekk:innlesing")
    return render(
        request,
        "uttrekk/innlesing.html",
        {"virksomheter": virksomheter, "innlesinger": innlesinger(bruker=request.user)},
    )
