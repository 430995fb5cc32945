"""A case handler's next steps with a journalpost, from the case page: ferdigstill a draft,
send it to a leader for approval (and the leader's answer), ekspeder an outgoing letter,
avskriv a restanse (issue 6 item 4; model.md §6.2, §4.11, §4.12); and, for the records
office, move one filed in the wrong case. Each
is one call of the journalpost's services; the page shows only what the rules allow
(`regler.saksbehandlers_handlinger`), and the services refuse the rest.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from felles.feil import DomeneFeil, IkkeFunnet, IngenTilgang
from felles.handlinger import utfoer
from felles.ids import som_uuid
from sakarkiv.models import Journalpost
from sakarkiv.selectors import (
    journalpost_hent,
    journalpost_liste,
    mulige_godkjennere,
    saksmappe_etter_saksnummer,
)
from sakarkiv.services.avskrivning import journalpost_avskriv
from sakarkiv.services.godkjenning import (
    godkjenning_besvar,
    send_til_godkjenning,
    ventende_godkjenning,
)
from sakarkiv.services.journalpost import flytt_til_sak, journalpost_endre_status
from tilgang.eierskap import virksomhet_id_for
from tilgang.skjerming import offentlig_visning

# The status each button sets, and what the message says it did.
_STATUS = {"F": "ferdigstilt", "E": "ekspedert"}


def _journalpost(request: HttpRequest, system_id: UUID) -> Journalpost:
    try:
        return journalpost_hent(bruker=request.user, system_id=system_id)
    except IkkeFunnet as feil:
        raise Http404(str(feil)) from feil


def _tilbake(journalpost: Journalpost) -> HttpResponse:
    mappe = journalpost.mappe
    if mappe is None:  # a journalpost always lies in a case; the model allows registreringer
        return redirect("sakarkiv:start")  # directly in an arkivdel, which have no case page
    return redirect("sakarkiv:saksmappe-detalj", system_id=mappe.system_id)


@login_required
@require_POST
def journalpost_status(request: HttpRequest, system_id: UUID) -> HttpResponse:
    journalpost = _journalpost(request, system_id)
    status = request.POST.get("journalstatus", "")

    def endre() -> Any:
        if status not in _STATUS:
            raise DomeneFeil("Ukjent handling.", felt="journalstatus")
        return journalpost_endre_status(
            journalpost=journalpost, journalstatus=status, utfoert_av=request.user
        )

    utfoer(
        request,
        endre,
        melding=lambda jp: f"Journalpost {jp.registrerings_id} er {_STATUS[status]}.",
    )
    return _tilbake(journalpost)


@login_required
@require_POST
def journalpost_avskriv_vis(request: HttpRequest, system_id: UUID) -> HttpResponse:
    journalpost = _journalpost(request, system_id)
    svar_id = request.POST.get("svar", "").strip()

    def avskriv() -> Any:
        svar = None
        if svar_id:
            svar_uuid = som_uuid(svar_id)
            svar = (
                journalpost_liste(bruker=request.user)
                .filter(system_id=svar_uuid, mappe=journalpost.mappe)
                .first()
                if svar_uuid
                else None
            )
            if svar is None:
                raise DomeneFeil("Fant ikke svaret i saken.", felt="svar")
        return journalpost_avskriv(
            journalpost=journalpost,
            avskrivningsmaate=request.POST.get("avskrivningsmaate", ""),
            avskrives_av_journalpost=svar,
            utfoert_av=request.user,
        )

    utfoer(
        request,
        avskriv,
        melding=lambda _a: f"Journalpost {journalpost.registrerings_id} er avskrevet.",
    )
    return _tilbake(journalpost)


@login_required
@require_POST
def journalpost_til_godkjenning(request: HttpRequest, system_id: UUID) -> HttpResponse:
    """Send the document to the chosen leader for approval (services.godkjenning)."""
    journalpost = _journalpost(request, system_id)
    leder_id = request.POST.get("leder", "")

    def send() -> Any:
        leder = (
            mulige_godkjennere(bruker=request.user, saksmappe=journalpost.mappe)
            .filter(pk=int(leder_id))
            .first()
            if journalpost.mappe and leder_id.isdigit()
            else None
        )
        return send_til_godkjenning(
            journalpost=journalpost,
            leder=leder,
            merknad=request.POST.get("merknad", ""),
            utfoert_av=request.user,
        )

    utfoer(
        request,
        send,
        melding=lambda flyt: (
            f"Journalpost {journalpost.registrerings_id} er sendt til godkjenning hos "
            f"{flyt.flyt_til}."
        ),
    )
    return _tilbake(journalpost)


@login_required
@require_POST
def journalpost_godkjenning_besvar(request: HttpRequest, system_id: UUID) -> HttpResponse:
    """The leader approves the document, or returns it with a comment."""
    journalpost = _journalpost(request, system_id)
    godkjent = request.POST.get("svar") == "godkjenn"

    def besvar() -> Any:
        flyt = ventende_godkjenning(journalpost)
        if flyt is None or flyt.referanse_flyt_til_id != request.user.pk:
            raise DomeneFeil("Dokumentet venter ikke på godkjenning fra deg.", felt="svar")
        return godkjenning_besvar(
            dokumentflyt=flyt,
            godkjent=godkjent,
            merknad=request.POST.get("merknad", ""),
            utfoert_av=request.user,
        )

    utfoer(
        request,
        besvar,
        melding=lambda jp: (
            f"Journalpost {jp.registrerings_id} er "
            + ("godkjent." if godkjent else "sendt tilbake til saksbehandler.")
        ),
    )
    return _tilbake(journalpost)


@login_required
def journalpost_flytt_vis(request: HttpRequest, system_id: UUID) -> HttpResponse:
    """Move a journalpost filed in the wrong case to the right one, named by its saksnummer
    (`flytt_til_sak`: new number in the case, journal number kept). The page shows the
    refusal at the field; a user without the right gets 403."""
    journalpost = _journalpost(request, system_id)
    feil = ""
    if request.method == "POST":
        try:
            saksmappe = saksmappe_etter_saksnummer(
                bruker=request.user,
                virksomhet_id=virksomhet_id_for(journalpost),
                saksnummer=request.POST.get("saksnummer", ""),
            )
            flyttet = flytt_til_sak(
                registrering=journalpost, saksmappe=saksmappe, utfoert_av=request.user
            )
        except IngenTilgang as nektet:
            raise PermissionDenied(str(nektet)) from nektet
        except (DomeneFeil, IkkeFunnet) as unntak:
            feil = str(unntak)
        else:
            messages.success(
                request,
                f"Journalposten er flyttet til sak {saksmappe.mappe_id} og har nå nummer "
                f"{flyttet.registrerings_id}.",
            )
            return redirect("sakarkiv:saksmappe-detalj", system_id=saksmappe.system_id)
    return render(
        request,
        "sakarkiv/journalpost_flytt.html",
        {
            "jp": journalpost,
            "visning": offentlig_visning(journalpost),
            "saksnummer": request.POST.get("saksnummer", ""),
            "feil": feil,
        },
        status=400 if feil else 200,
    )
