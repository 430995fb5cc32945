"""Registering a journalpost in a case from the UI (issue 6 item 3): incoming, outgoing or
internal, with its senders or recipients (names suggested from known parties) and any number
of files, dropped on the field or chosen.

Every file is stored and checksummed first; the journalpost, its parties and its documents are
then recorded in one transaction, so a refusal leaves none of them (stored files without
metadata are removed by `arkivar dokument-rydd`). The first file is the main document, the
rest attachments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dokument.lagring import LagretFil, lagre_innhold
from dokument.services import dokument_last_opp
from felles.feil import DomeneFeil, IngenTilgang
from felles.stoerrelse import som_mb
from sakarkiv.models import Saksmappe
from sakarkiv.selectors import kjente_korrespondanseparter
from sakarkiv.services.journalpost import journalpost_registrer
from sakarkiv.services.korrespondansepart import NyKorrespondansepart
from sakarkiv.views import hent_sak
from sporing.services import logget_transaksjon


@dataclass(frozen=True)
class Type:
    kode: str
    navn: str
    part: str  # the korrespondanseparttype of the named party
    partnavn: str  # the field's label


TYPER = (
    Type("I", "Inngående dokument", "EA", "Avsender"),
    Type("U", "Utgående dokument", "EM", "Mottaker"),
    Type("N", "Organinternt dokument for oppfølging", "IM", "Intern mottaker"),
    Type("X", "Organinternt dokument uten oppfølging", "IM", "Intern mottaker"),
)
_SKJEMAFELT = {
    "tittel": "tittel",
    "offentlig_tittel": "offentlig_tittel",
    "journalposttype": "journalposttype",
    "korrespondanseparter": "part",
    "korrespondansepart_navn": "part",
    "fil": "filer",
}


@login_required
def ny_journalpost(request: HttpRequest, system_id: UUID) -> HttpResponse:
    sak = hent_sak(request, system_id)
    verdier = request.POST if request.method == "POST" else request.GET
    type_ = next((t for t in TYPER if t.kode == verdier.get("journalposttype")), TYPER[0])
    feil: dict[str, str] = {}
    if request.method == "POST":
        try:
            journalpost = _registrer(request, sak, type_)
        except IngenTilgang as unntak:
            raise PermissionDenied(str(unntak)) from unntak
        except DomeneFeil as unntak:
            feil[_SKJEMAFELT.get(unntak.felt or "", "skjema")] = unntak.melding
        else:
            messages.success(request, f"Journalpost {journalpost.registrerings_id} er registrert.")
            return redirect("sakarkiv:saksmappe-detalj", system_id=sak.system_id)
    return render(
        request,
        "sakarkiv/ny_journalpost.html",
        {
            "sak": sak,
            "typer": TYPER,
            "type": type_,
            "verdier": verdier,
            "feil": feil,
            "maks_filstoerrelse_mb": som_mb(int(settings.ARKIVAR_MAKS_FILSTOERRELSE)),
        },
        status=400 if feil else 200,
    )


def _registrer(request: HttpRequest, sak: Saksmappe, type_: Type) -> Any:
    data = request.POST
    filer = [_lagre(fil) for fil in request.FILES.getlist("filer")]
    # Several senders or recipients are separated by semicolons (a letter to both parents).
    navn = [n.strip() for n in data.get("part", "").split(";") if n.strip()]
    with logget_transaksjon():
        journalpost = journalpost_registrer(
            saksmappe=sak,
            tittel=data.get("tittel", ""),
            offentlig_tittel=data.get("offentlig_tittel", ""),
            journalposttype=type_.kode,
            korrespondanseparter=[
                NyKorrespondansepart(korrespondanseparttype=type_.part, navn=n) for n in navn
            ],
            utfoert_av=request.user,
        )
        for nummer, (fil, lagret) in enumerate(filer):
            dokument_last_opp(
                registrering=journalpost,
                tittel=_uten_endelse(fil.name or "") or data.get("tittel", ""),
                innhold=lagret,
                filnavn=fil.name or "",
                mime_type=fil.content_type or "",
                tilknyttet_registrering_som="H" if nummer == 0 else "V",
                utfoert_av=request.user,
            )
    return journalpost


def _lagre(fil: UploadedFile) -> tuple[UploadedFile, LagretFil]:
    maks = int(settings.ARKIVAR_MAKS_FILSTOERRELSE)
    if fil.size is not None and fil.size > maks:
        raise DomeneFeil(
            f"Filen «{fil.name}» er {som_mb(fil.size)} MB. Største tillatte filstørrelse er "
            f"{som_mb(maks)} MB.",
            felt="fil",
        )
    return fil, lagre_innhold(fil, maks_stoerrelse=maks)


def _uten_endelse(filnavn: str) -> str:
    return filnavn.rsplit(".", 1)[0] if "." in filnavn else filnavn


@login_required
def kjente_parter(request: HttpRequest) -> HttpResponse:
    """Names of known senders and recipients for the party field (HTMX, as `<option>`s)."""
    # The party field of a new journalpost is "part", the sender of incoming post "avsender".
    begynner = request.GET.get("part") or request.GET.get("avsender", "")
    navn = kjente_korrespondanseparter(bruker=request.user, begynner=begynner)
    return render(request, "sakarkiv/_kjente_parter.html", {"navn": navn})
