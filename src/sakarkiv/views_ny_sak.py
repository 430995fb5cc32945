"""A new case from the UI (issue 6 item 2): title and public title, arkivdel and klasse,
screening and a first party, in one transaction through the same services as the API.

A refused value is shown beside its field, in Norwegian, and everything typed is kept. The
klasse list follows the chosen arkivdel through HTMX (`ny_sak_klasser`); without script the
page still works, since every arkivdel's form posts its own klasse choice.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from arkivstruktur.models import Arkivdel, Klasse
from arkivstruktur.selectors import arkivdel_liste, klasse_liste
from arkivstruktur.services.arv import skjerming_sett
from arkivstruktur.services.sekundaer import part_opprett
from felles.feil import DomeneFeil, IngenTilgang
from kodeliste.selectors import kodeverdi_liste
from sakarkiv.models import Saksmappe
from sakarkiv.services.saksmappe import saksmappe_opprett

# The service's field names as the form's: a refusal is shown beside the field it is about.
_SKJEMAFELT = {
    "tittel": "tittel",
    "offentlig_tittel": "offentlig_tittel",
    "arkivdel": "arkivdel",
    "klasse": "klasse",
    "tilgangsrestriksjon": "tilgangsrestriksjon",
    "skjerming_metadata": "skjerming_metadata",
    "skjermingshjemmel": "tilgangsrestriksjon",
    "part_navn": "part_navn",
    "partNavn": "part_navn",
    "part_rolle": "part_rolle",
    "partRolle": "part_rolle",
}


def arkivdeler_for(bruker: Any) -> list[Arkivdel]:
    """The arkivdeler the user may open cases in (active periods only)."""
    return [
        arkivdel
        for arkivdel in arkivdel_liste(bruker=bruker).filter(arkivdelstatus="A")
        if rules.has_perm("arkivstruktur.arbeide", bruker, arkivdel)
    ]


def klasser_for(bruker: Any, arkivdel: Arkivdel | None) -> list[Klasse]:
    if arkivdel is None or arkivdel.klassifikasjonssystem is None:
        return []
    return list(klasse_liste(bruker=bruker, klassifikasjonssystem=arkivdel.klassifikasjonssystem))


def valgt_av(objekter: list[Any], system_id: str) -> Any:
    return next((o for o in objekter if str(o.system_id) == system_id), None)


@login_required
def ny_sak(request: HttpRequest) -> HttpResponse:
    arkivdeler = arkivdeler_for(request.user)
    verdier = request.POST if request.method == "POST" else request.GET
    arkivdel = valgt_av(arkivdeler, verdier.get("arkivdel", "")) or next(iter(arkivdeler), None)
    klasser = klasser_for(request.user, arkivdel)
    feil: dict[str, str] = {}
    if request.method == "POST":
        try:
            sak = _opprett(request, arkivdel, valgt_av(klasser, verdier.get("klasse", "")))
        except IngenTilgang as unntak:
            raise PermissionDenied(str(unntak)) from unntak
        except DomeneFeil as unntak:
            feil[_SKJEMAFELT.get(unntak.felt or "", "skjema")] = unntak.melding
        else:
            messages.success(request, f"Sak {sak.mappe_id} er opprettet.")
            return redirect("sakarkiv:saksmappe-detalj", system_id=sak.system_id)
    return render(
        request,
        "sakarkiv/ny_sak.html",
        {
            "arkivdeler": arkivdeler,
            "arkivdel": arkivdel,
            "klasser": klasser,
            "verdier": verdier,
            "valgte_skjermingskoder": verdier.getlist("skjerming_metadata"),
            "tilgangskoder": kodeverdi_liste(bruker=request.user, kodeliste="tilgangsrestriksjon"),
            "skjermingskoder": kodeverdi_liste(bruker=request.user, kodeliste="skjermingmetadata"),
            "partroller": kodeverdi_liste(bruker=request.user, kodeliste="partrolle"),
            "feil": feil,
        },
        status=400 if feil else 200,
    )


def _opprett(request: HttpRequest, arkivdel: Arkivdel | None, klasse: Klasse | None) -> Saksmappe:
    data = request.POST
    if arkivdel is None:
        raise DomeneFeil("Velg en arkivdel.", felt="arkivdel", kode="paakrevd")
    with transaction.atomic():
        sak = saksmappe_opprett(
            arkivdel=arkivdel,
            klasse=klasse,
            tittel=data.get("tittel", ""),
            offentlig_tittel=data.get("offentlig_tittel", ""),
            utfoert_av=request.user,
        )
        if data.get("tilgangsrestriksjon"):
            skjerming_sett(
                enhet=sak,
                tilgangsrestriksjon=data["tilgangsrestriksjon"],
                skjerming_metadata=data.getlist("skjerming_metadata"),
                utfoert_av=request.user,
            )
        if data.get("part_navn", "").strip():
            part_opprett(
                mappe=sak,
                part_navn=data["part_navn"],
                part_rolle=data.get("part_rolle", ""),
                utfoert_av=request.user,
            )
    return sak


@login_required
def ny_sak_klasser(request: HttpRequest) -> HttpResponse:
    """The klasse field for the chosen arkivdel (HTMX swaps it in)."""
    arkivdel = valgt_av(arkivdeler_for(request.user), request.GET.get("arkivdel", ""))
    return render(
        request,
        "sakarkiv/_klassefelt.html",
        {"klasser": klasser_for(request.user, arkivdel), "verdier": request.GET, "feil": {}},
    )
