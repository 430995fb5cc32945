"""Downloading a stored file: only through `synlig_for`, and every read of a screened or graded
document is logged before a byte is sent."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from arkivstruktur.models import Dokumentobjekt, Registrering
from dokument.lagring import aapne
from felles.feil import IkkeFunnet
from tilgang.lesing import LASTET_NED, registrer_lesing

# Shown in the browser; anything else is saved, so that an uploaded HTML or SVG file never
# runs as a page of ours.
_VISES_I_NETTLESER = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif"})
_IKKE_FUNNET = "Fant ikke dokumentet."


@login_required
@require_GET
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
    # The registrering the user reaches the document through names their authorisation.
    via = (
        Registrering.objects.synlig_for(request.user)
        .filter(dokumentbeskrivelser=dokumentobjekt.dokumentbeskrivelse_id)
        .select_related("skjerming", "gradering", "arkiv")
        .order_by("pk")
        .first()
    )
    try:
        fil = aapne(dokumentobjekt.sjekksum)
    except IkkeFunnet as feil:
        raise Http404(_IKKE_FUNNET) from feil
    try:
        registrer_lesing(
            dokumentobjekt,
            request.user,
            via=via,
            handling=LASTET_NED,
            tillegg=(
                f"Fil: {dokumentobjekt.filnavn or 'uten navn'} (versjon "
                f"{dokumentobjekt.versjonsnummer}, variant {dokumentobjekt.variantformat})."
            ),
        )
    except BaseException:
        fil.close()
        raise
    mime_type = (dokumentobjekt.mime_type or "").split(";")[0].strip().lower()
    svar = FileResponse(
        fil,
        content_type=mime_type or "application/octet-stream",
        as_attachment=mime_type not in _VISES_I_NETTLESER,
        filename=dokumentobjekt.filnavn or f"{dokumentobjekt.system_id}",
    )
    # Screened content must not linger in shared caches or the browser's cache.
    svar["Cache-Control"] = "private, no-store"
    return svar
