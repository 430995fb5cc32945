"""The records office's registration queue (issue 6 item 7): incoming post is put in the queue
(the mail room uploads scanned letters; `arkivar mottak` reads a scanner's folder), then
registered as a journalpost in a new or existing case and distributed, or rejected.

As elsewhere, a refused value is shown beside its field in Norwegian and what was typed is kept.
Only the district's records office sees the queue; anyone else gets 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from arkivstruktur.models import Arkivdel
from dokument.lagring import aapne
from felles.feil import DomeneFeil, IkkeFunnet, IngenTilgang
from felles.tid import dato_i_oslo, naa
from organisasjon.models import AdministrativEnhet
from sakarkiv.models import Mottakskanal, Mottakspost
from sakarkiv.selectors import (
    arkivets_virksomheter,
    mottakskoe,
    mottakspost_hent,
    saksbehandlere_i_virksomhet,
    saksmappe_etter_saksnummer,
)
from sakarkiv.services.mottak import (
    Mottatt,
    NySak,
    mottakspost_avvis,
    mottakspost_opprett,
    mottakspost_registrer,
)
from sakarkiv.views_ny_sak import arkivdeler_for, klasser_for, valgt_av
from tilgang.eierskap import virksomhet_id_for

_IKKE_ARKIVET = "Bare arkivet kan se og behandle innkommende post."
# The service's field names as the form's.
_SKJEMAFELT = {
    "kanal": "kanal",
    "filer": "filer",
    "avsender": "avsender",
    "tittel": "tittel",
    "offentlig_tittel": "tittel",
    "sak": "sak",
    "saksnummer": "saksnummer",
    "arkivdel": "arkivdel",
    "klasse": "klasse",
    "enhet": "enhet",
    "saksbehandler": "saksbehandler",
    "saksansvarlig": "saksbehandler",
    "administrativ_enhet": "enhet",
    "grunn": "grunn",
    "dokumentets_dato": "dokumentets_dato",
}


def _krev_arkivet(request: HttpRequest) -> Any:
    virksomheter = arkivets_virksomheter(bruker=request.user)
    if not virksomheter.exists():
        raise PermissionDenied(_IKKE_ARKIVET)
    return virksomheter


@login_required
def mottak_liste(request: HttpRequest) -> HttpResponse:
    """The queue, oldest first, with the form that puts a letter and its attachments in it."""
    virksomheter = _krev_arkivet(request)
    feil: dict[str, str] = {}
    verdier = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        virksomhet = virksomheter.filter(kortnavn=request.POST.get("bydel", "")).first()
        try:
            if virksomhet is None:
                raise DomeneFeil("Velg bydelen posten er til.", felt="bydel")
            post = mottakspost_opprett(
                virksomhet=virksomhet,
                filer=[
                    Mottatt(fil.name or "", fil, fil.content_type or "")
                    for fil in request.FILES.getlist("filer")
                ],
                kanal=request.POST.get("kanal", ""),
                avsender=request.POST.get("avsender", ""),
                tittel=request.POST.get("tittel", ""),
                utfoert_av=request.user,
            )
        except IngenTilgang as unntak:
            raise PermissionDenied(str(unntak)) from unntak
        except DomeneFeil as unntak:
            feil[_SKJEMAFELT.get(unntak.felt or "", unntak.felt or "skjema")] = unntak.melding
        else:
            messages.success(request, f"«{post}» er lagt i mottakskøen.")
            return redirect("sakarkiv:mottak")
    koe = mottakskoe(bruker=request.user)
    return render(
        request,
        "sakarkiv/mottak_liste.html",
        {
            "poster": koe[:200],
            "antall": koe.count(),
            "virksomheter": virksomheter,
            "kanaler": Mottakskanal.choices,
            "verdier": verdier,
            "feil": feil,
        },
        status=400 if feil else 200,
    )


def _hent(request: HttpRequest, system_id: UUID) -> Mottakspost:
    _krev_arkivet(request)
    try:
        return mottakspost_hent(bruker=request.user, system_id=system_id)
    except IkkeFunnet as feil:
        raise Http404("Fant ikke posten i mottakskøen.") from feil


def _arkivdeler(request: HttpRequest, post: Mottakspost) -> list[Arkivdel]:
    return [
        arkivdel
        for arkivdel in arkivdeler_for(request.user)
        if virksomhet_id_for(arkivdel) == post.virksomhet_id
    ]


@login_required
def mottak_registrer(request: HttpRequest, system_id: UUID) -> HttpResponse:
    """Register one item as a journalpost in a new or existing case, and distribute it."""
    post = _hent(request, system_id)
    verdier: Any = (
        request.POST
        if request.method == "POST"
        else {
            "tittel": post.tittel,
            "avsender": post.avsender,
            "sak": "eksisterende",
        }
    )
    arkivdeler = _arkivdeler(request, post)
    arkivdel = valgt_av(arkivdeler, verdier.get("arkivdel", "")) or next(iter(arkivdeler), None)
    klasser = klasser_for(request.user, arkivdel)
    enheter = AdministrativEnhet.objects.filter(virksomhet_id=post.virksomhet_id).order_by(
        "administrativ_enhet_navn", "pk"
    )
    behandlere = saksbehandlere_i_virksomhet(bruker=request.user, virksomhet_id=post.virksomhet_id)
    feil: dict[str, str] = {}
    if request.method == "POST":
        try:
            journalpost = _registrer(request, post, arkivdel, klasser, enheter, behandlere)
        except IngenTilgang as unntak:
            raise PermissionDenied(str(unntak)) from unntak
        except DomeneFeil as unntak:
            feil[_SKJEMAFELT.get(unntak.felt or "", "skjema")] = unntak.melding
        else:
            messages.success(
                request,
                f"Journalpost {journalpost.registrerings_id} er registrert og fordelt til "
                f"{journalpost.referanse_saksbehandler.visningsnavn}.",
            )
            return redirect("sakarkiv:mottak")
    return render(
        request,
        "sakarkiv/mottak_registrer.html",
        {
            "post": post,
            "filer": list(post.filer.all()),
            "verdier": verdier,
            "arkivdeler": arkivdeler,
            "arkivdel": arkivdel,
            "klasser": klasser,
            "enheter": enheter,
            "behandlere": behandlere,
            "feil": feil,
        },
        status=400 if feil else 200,
    )


def _dato(tekst: str) -> dt.date | None:
    if not tekst.strip():
        return None
    try:
        dato = dt.date.fromisoformat(tekst.strip())
    except ValueError as feil:
        raise DomeneFeil("Skriv datoen som åååå-mm-dd.", felt="dokumentets_dato") from feil
    if dato > dato_i_oslo(naa()):
        raise DomeneFeil("Dokumentdatoen kan ikke være fram i tid.", felt="dokumentets_dato")
    return dato


def _registrer(
    request: HttpRequest,
    post: Mottakspost,
    arkivdel: Arkivdel | None,
    klasser: list[Any],
    enheter: Any,
    behandlere: Any,
) -> Any:
    data = request.POST
    saksmappe = ny_sak = None
    if data.get("sak") == "ny":
        if arkivdel is None:
            raise DomeneFeil("Velg en arkivdel.", felt="arkivdel")
        ny_sak = NySak(
            arkivdel=arkivdel,
            klasse=valgt_av(klasser, data.get("klasse", "")),
            tittel=data.get("sakstittel", "") or data.get("tittel", ""),
        )
    else:
        try:
            saksmappe = saksmappe_etter_saksnummer(
                bruker=request.user,
                virksomhet_id=post.virksomhet_id,
                saksnummer=data.get("saksnummer", ""),
            )
        except IkkeFunnet as feil:
            raise DomeneFeil(str(feil), felt="saksnummer") from feil
    enhet_id, behandler_id = data.get("enhet", ""), data.get("saksbehandler", "")
    enhet = enheter.filter(pk=enhet_id).first() if enhet_id.isdigit() else None
    saksbehandler = behandlere.filter(pk=behandler_id).first() if behandler_id.isdigit() else None
    if behandler_id and saksbehandler is None:
        raise DomeneFeil("Velg en saksbehandler fra listen.", felt="saksbehandler")
    return mottakspost_registrer(
        mottakspost=post,
        tittel=data.get("tittel", ""),
        avsender=data.get("avsender", ""),
        saksmappe=saksmappe,
        ny_sak=ny_sak,
        enhet=enhet,
        saksbehandler=saksbehandler,
        dokumentets_dato=_dato(data.get("dokumentets_dato", "")),
        utfoert_av=request.user,
    )


@login_required
@require_POST
def mottak_avvis(request: HttpRequest, system_id: UUID) -> HttpResponse:
    post = _hent(request, system_id)
    try:
        mottakspost_avvis(
            mottakspost=post, grunn=request.POST.get("grunn", ""), utfoert_av=request.user
        )
    except IngenTilgang as unntak:
        raise PermissionDenied(str(unntak)) from unntak
    except DomeneFeil as unntak:
        messages.error(request, str(unntak))
        return redirect("sakarkiv:mottak-registrer", system_id=post.system_id)
    messages.success(request, f"«{post}» er avvist og tatt ut av køen.")
    return redirect("sakarkiv:mottak")


@login_required
@xframe_options_sameorigin  # the registration page previews the PDF in a frame
def mottak_fil(request: HttpRequest, system_id: UUID, nummer: int) -> FileResponse:
    """A file of a waiting item, shown in the page when it is a PDF (checked by its content,
    not by what the uploader declared), downloaded otherwise."""
    post = _hent(request, system_id)
    fil = post.filer.filter(rekkefoelge=nummer).first()
    if fil is None:
        raise Http404("Fant ikke filen.")
    innhold = aapne(fil.sjekksum)
    er_pdf = innhold.read(5) == b"%PDF-"
    innhold.seek(0)
    svar = FileResponse(
        innhold,
        content_type="application/pdf" if er_pdf else "application/octet-stream",
        as_attachment=not er_pdf,
        filename=fil.filnavn,
    )
    svar["Cache-Control"] = "private, no-store"
    return svar
