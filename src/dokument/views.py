"""Document pages: upload, the document with its versions and variants, the file itself, and
the archivists' list of files the pipeline could not convert.

Every read goes through `synlig_for` (a hidden document is answered with 404, as a missing
one), and every view or download of a screened or graded document is logged before it is
shown (tilgang.lesing).
"""

from __future__ import annotations

from uuid import UUID

import rules
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from arkivstruktur.models import Dokumentobjekt, Registrering
from dokument.behandling import filbehandling_proev_igjen
from dokument.formater import mime_kjerne
from dokument.models import Filbehandling
from dokument.selectors import dokument_hent, filbehandling_liste
from dokument.services import (
    ARKIVFORMAT,
    SKJERMET_VARIANT,
    dokument_last_opp,
    dokumentobjekt_fil_les,
    dokumentobjekt_opprett,
)
from felles.feil import DomeneFeil, IkkeFunnet
from felles.handlinger import utfoer
from felles.ids import som_uuid
from felles.stoerrelse import som_mb
from tilgang.lesing import registrer_lesinger
from tilgang.skjerming import skjermet_visning

# Shown in the browser; anything else is saved, so that an uploaded HTML or SVG file never
# runs as a page of ours.
_VISES_I_NETTLESER = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif"})
_IKKE_FUNNET = "Fant ikke dokumentet."


def _via(request: HttpRequest, dokumentbeskrivelse_id: int) -> Registrering | None:
    """The registrering the user reaches a document through: it names their authorisation."""
    return (
        Registrering.objects.synlig_for(request.user)
        .filter(dokumentbeskrivelser=dokumentbeskrivelse_id)
        .select_related("skjerming", "gradering", "arkiv", "mappe")
        .order_by("pk")
        .first()
    )


@login_required
@require_GET
@xframe_options_sameorigin  # the document page previews the PDF in a frame
def dokumentobjekt_fil(request: HttpRequest, system_id: UUID) -> FileResponse:
    dokumentobjekt = (
        Dokumentobjekt.objects.synlig_for(request.user)
        .select_related(
            "dokumentbeskrivelse__skjerming",
            "dokumentbeskrivelse__gradering",
            "dokumentbeskrivelse__arkivdel__arkiv",
        )
        .filter(system_id=system_id)
        .first()
    )
    if dokumentobjekt is None:
        raise Http404(_IKKE_FUNNET)
    try:
        # Logs the download of a screened document (the API downloads through it too).
        fil = dokumentobjekt_fil_les(dokumentobjekt=dokumentobjekt, bruker=request.user)
    except IkkeFunnet as feil:
        raise Http404(_IKKE_FUNNET) from feil
    mime_type = mime_kjerne(dokumentobjekt.mime_type or "")
    svar = FileResponse(
        fil,
        content_type=mime_type or "application/octet-stream",
        as_attachment=mime_type not in _VISES_I_NETTLESER,
        filename=dokumentobjekt.filnavn or f"{dokumentobjekt.system_id}",
    )
    # Screened content must not linger in shared caches or the browser's cache.
    svar["Cache-Control"] = "private, no-store"
    return svar


@login_required
@require_GET
def dokument_detalj(request: HttpRequest, system_id: UUID) -> HttpResponse:
    try:
        dokument = dokument_hent(bruker=request.user, system_id=system_id)
    except IkkeFunnet as feil:
        raise Http404(str(feil)) from feil
    via = _via(request, dokument.pk)
    # Logged before the page is rendered: a failed log write means no page.
    registrer_lesinger([dokument], request.user)
    filer = list(dokument.dokumentobjekter.all())
    visning = skjermet_visning(dokument, request.user, via=via)
    # The newest archival (or, where only that may be shown, redacted) rendering the browser
    # can show.
    forhaandsvisning = next(
        (
            fil
            for fil in filer
            if fil.variantformat in (ARKIVFORMAT, SKJERMET_VARIANT)
            and visning.fil_kan_vises(fil.variantformat)
            and mime_kjerne(fil.mime_type) in _VISES_I_NETTLESER
        ),
        None,
    )
    behandlinger = [fil.filbehandling for fil in filer if _har_behandling(fil)]
    return render(
        request,
        "dokument/dokument_detalj.html",
        {
            "dokument": dokument,
            "visning": visning,
            "via": via,
            "filer": [(fil, visning.fil_kan_vises(fil.variantformat)) for fil in filer],
            "forhaandsvisning": forhaandsvisning,
            "behandlinger": behandlinger,
            "venter": any(b.status != Filbehandling.Status.FERDIG for b in behandlinger),
            "kan_laste_opp": rules.has_perm(
                "arkivstruktur.arbeide", request.user, via if via is not None else dokument.arkivdel
            ),
            "maks_filstoerrelse_mb": som_mb(int(settings.ARKIVAR_MAKS_FILSTOERRELSE)),
            "kan_proeve_igjen": rules.has_perm(
                "sakarkiv.arkivere", request.user, via if via is not None else dokument.arkivdel
            ),
        },
    )


def _har_behandling(fil: Dokumentobjekt) -> bool:
    try:
        fil.filbehandling  # noqa: B018 - a reverse one-to-one raises when there is none
    except Filbehandling.DoesNotExist:
        return False
    return True


@login_required
@require_POST
def dokument_last_opp_vis(request: HttpRequest) -> HttpResponse:
    """Upload a new document to a journalpost the user can see (a form on the case page)."""
    registrering = (
        Registrering.objects.synlig_for(request.user)
        .select_related("mappe", "arkiv")
        .filter(system_id=som_uuid(request.POST.get("registrering", "")))
        .first()
    )
    if registrering is None:
        raise Http404("Fant ikke journalposten.")

    def last_opp() -> str:
        fil = _opplastet_fil(request)
        dokument_last_opp(
            registrering=registrering,
            tittel=request.POST.get("tittel", "").strip() or (fil.name or ""),
            innhold=fil,
            filnavn=fil.name or "",
            mime_type=fil.content_type or "",
            utfoert_av=request.user,
        )
        return fil.name or ""

    utfoer(
        request,
        last_opp,
        melding=lambda navn: (
            f"«{navn}» er lagt til journalpost {registrering.registrerings_id}. Filen "
            "kontrolleres og konverteres til arkivformat i bakgrunnen."
        ),
    )
    return redirect("sakarkiv:saksmappe-detalj", system_id=registrering.mappe.system_id)


def _opplastet_fil(request: HttpRequest) -> UploadedFile:
    """The uploaded file, refused with the limit named before a byte is stored."""
    fil = request.FILES.get("fil")
    if fil is None:
        raise DomeneFeil("Velg en fil å laste opp.", felt="fil")
    maks = int(settings.ARKIVAR_MAKS_FILSTOERRELSE)
    if fil.size is not None and fil.size > maks:
        raise DomeneFeil(
            f"Filen «{fil.name}» er {som_mb(fil.size)} MB. Største tillatte filstørrelse "
            f"er {som_mb(maks)} MB.",
            felt="fil",
            kode="for_stor",
        )
    return fil


@login_required
@require_POST
def dokument_ny_versjon_vis(request: HttpRequest, system_id: UUID) -> HttpResponse:
    """A new version of a document the user can see (a form on the document page)."""
    try:
        dokument = dokument_hent(bruker=request.user, system_id=system_id)
    except IkkeFunnet as feil:
        raise Http404(str(feil)) from feil

    def ny_versjon() -> Dokumentobjekt:
        fil = _opplastet_fil(request)
        return dokumentobjekt_opprett(
            dokumentbeskrivelse=dokument,
            innhold=fil,
            filnavn=fil.name or "",
            mime_type=fil.content_type or "",
            utfoert_av=request.user,
        )

    utfoer(
        request,
        ny_versjon,
        melding=lambda objekt: (
            f"Versjon {objekt.versjonsnummer} er lagret. Filen kontrolleres og konverteres til "
            "arkivformat i bakgrunnen."
        ),
    )
    return redirect("dokument:dokument-detalj", system_id=dokument.system_id)


@login_required
@require_GET
def filbehandling_liste_vis(request: HttpRequest) -> HttpResponse:
    """Files the pipeline is working on or could not convert, for the records office."""
    status = request.GET.get("status", Filbehandling.Status.FEILET)
    if status not in Filbehandling.Status.values:
        status = Filbehandling.Status.FEILET
    rader = filbehandling_liste(bruker=request.user, status=status)
    side = Paginator(rader, 50).get_page(request.GET.get("side"))
    return render(
        request,
        "dokument/filbehandling_liste.html",
        {"side": side, "status": status, "statuser": Filbehandling.Status.choices},
    )


@login_required
@require_POST
def filbehandling_proev_igjen_vis(request: HttpRequest, pk: int) -> HttpResponse:
    behandling = filbehandling_liste(bruker=request.user).filter(pk=pk).first()
    if behandling is None:
        raise Http404("Fant ikke filen.")
    utfoer(
        request,
        lambda: filbehandling_proev_igjen(filbehandling=behandling, utfoert_av=request.user),
        melding=lambda _: "Filen er lagt i kø for ny behandling.",
    )
    return redirect(
        "dokument:dokument-detalj",
        system_id=behandling.dokumentobjekt.dokumentbeskrivelse.system_id,
    )
