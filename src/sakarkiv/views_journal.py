"""The løpende journal (records office) and the offentlig journal (anyone) per day and unit, as
a page and as PDF (issue 6 item 9). What each shows is decided in `sakarkiv.journal`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from felles.feil import IkkeFunnet, IngenTilgang
from felles.tid import dato_i_oslo, naa
from organisasjon.models import Virksomhet
from sakarkiv.journal import (
    Journal,
    journal_pdf,
    journalenheter,
    lopende_journal,
    offentlig_journal,
    offentlig_journal_virksomheter,
)
from sakarkiv.selectors import arkivets_virksomheter
from tilgang.lesing import LASTET_NED, VIST, registrer_lesinger
from tilgang.profil import tilgangsprofil

Journalleser = Callable[..., Journal]


class _Utvalg:
    """The form's district, day and unit as typed, with an error per field in Norwegian."""

    def __init__(self, request: HttpRequest, virksomheter: QuerySet[Virksomhet]) -> None:
        self.verdier = {
            "bydel": request.GET.get("bydel", "").strip(),
            "dato": request.GET.get("dato", "").strip(),
            "enhet": request.GET.get("enhet", "").strip(),
        }
        self.feil: dict[str, str] = {}
        self.dato = self._dato()
        self.enhet_id = self._enhet_id()
        if not self.verdier["bydel"]:
            standard = _standard_virksomhet(request.user, virksomheter)
            self.verdier["bydel"] = standard.kortnavn if standard else ""

    def _dato(self) -> dt.date:
        i_dag = dato_i_oslo(naa())
        if not self.verdier["dato"]:
            self.verdier["dato"] = i_dag.isoformat()
            return i_dag
        try:
            return dt.date.fromisoformat(self.verdier["dato"])
        except ValueError:
            self.feil["dato"] = "Skriv datoen som åååå-mm-dd, for eksempel 2026-11-20."
            return i_dag

    def _enhet_id(self) -> int | None:
        if not self.verdier["enhet"]:
            return None
        if not self.verdier["enhet"].isdigit():
            self.feil["enhet"] = "Velg en enhet fra listen."
            return None
        return int(self.verdier["enhet"])


def _standard_virksomhet(bruker: Any, virksomheter: QuerySet[Virksomhet]) -> Virksomhet | None:
    """The user's own district when they have one among those offered, else the first."""
    profil = tilgangsprofil(bruker)
    egne = virksomheter.filter(pk__in=sorted(profil.virksomheter)) if profil.er_innlogget else None
    return (egne.first() if egne is not None else None) or virksomheter.first()


def _journal(
    request: HttpRequest,
    les: Journalleser,
    virksomheter: QuerySet[Virksomhet],
    *,
    som_pdf: bool,
) -> HttpResponse:
    utvalg = _Utvalg(request, virksomheter)
    journal = None
    if not utvalg.feil:
        try:
            journal = les(
                bruker=request.user,
                virksomhet=utvalg.verdier["bydel"],
                dato=utvalg.dato,
                enhet_id=utvalg.enhet_id,
            )
        except IngenTilgang as feil:
            raise PermissionDenied(str(feil)) from feil
        except IkkeFunnet as feil:
            if som_pdf:
                raise Http404(str(feil)) from feil
            utvalg.feil["enhet" if utvalg.enhet_id else "bydel"] = str(feil)
    if som_pdf:
        if journal is None:
            raise Http404(" ".join(utvalg.feil.values()))
        _logg_lesinger(request, journal, LASTET_NED)
        return _pdf_svar(journal)
    if journal is not None:
        # Logged before the page is rendered: a failed log write means no page.
        _logg_lesinger(request, journal, VIST)
    valgt = virksomheter.filter(kortnavn=utvalg.verdier["bydel"]).first()
    return render(
        request,
        "sakarkiv/journal.html",
        {
            "journal": journal,
            "offentlig": les is offentlig_journal,
            "utvalg": utvalg,
            "virksomheter": virksomheter,
            "enheter": journalenheter(virksomhet=valgt) if valgt else [],
        },
    )


def _logg_lesinger(request: HttpRequest, journal: Journal, handling: str) -> None:
    """The løpende journal shows screened and graded entries and their cases in full to those
    it lets through: each such read is logged, a case once. The offentlig journal shows nothing
    screened."""
    if journal.offentlig:
        return
    saker = {linje.journalpost.mappe_id: linje.journalpost.mappe for linje in journal.linjer}
    poster = [linje.journalpost for linje in journal.linjer]
    registrer_lesinger(
        [*poster, *(sak for sak in saker.values() if sak)], request.user, handling=handling
    )


def _pdf_svar(journal: Journal) -> HttpResponse:
    slag = "offentlig-journal" if journal.offentlig else "lopende-journal"
    navn = f"{slag}-{journal.virksomhet.kortnavn}-{journal.dato.isoformat()}.pdf"
    svar = HttpResponse(journal_pdf(journal), content_type="application/pdf")
    svar["Content-Disposition"] = f'attachment; filename="{navn}"'
    return svar


@login_required
def lopende_journal_vis(request: HttpRequest) -> HttpResponse:
    """The records office only: `lopende_journal` refuses anyone else (403)."""
    virksomheter = arkivets_virksomheter(bruker=request.user)
    return _journal(request, lopende_journal, virksomheter, som_pdf=False)


@login_required
def lopende_journal_pdf(request: HttpRequest) -> HttpResponse:
    virksomheter = arkivets_virksomheter(bruker=request.user)
    return _journal(request, lopende_journal, virksomheter, som_pdf=True)


def offentlig_journal_vis(request: HttpRequest) -> HttpResponse:
    """Open to anyone, signed in or not (offentleglova § 10)."""
    return _journal(
        request,
        offentlig_journal,
        offentlig_journal_virksomheter(bruker=request.user),
        som_pdf=False,
    )


def offentlig_journal_pdf(request: HttpRequest) -> HttpResponse:
    return _journal(
        request,
        offentlig_journal,
        offentlig_journal_virksomheter(bruker=request.user),
        som_pdf=True,
    )
