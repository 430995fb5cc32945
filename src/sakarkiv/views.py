"""Case pages: thin callers of the selectors and services (the full UI comes with the UI work).

Access (docs/tilgangsmatrise.md): a case the user may not see is answered with 404, the same as
a missing one; an action the user may not take on a case they can see with 403 and a message.
Lists show screened records as the public sees them (offentligTittel, masked fields); the case
page shows them in full to the users `synlig_for` lets through, and logs every such view of a
screened or graded case and of its screened or graded journalposts (tilgang.lesing).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import rules
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from arkivstruktur.models import Arkivdel, Dokumentbeskrivelse, Dokumentobjekt
from arkivstruktur.selectors import arkivdel_hent
from felles.feil import DomeneFeil, IkkeFunnet, IngenTilgang
from felles.handlinger import utfoer
from felles.ids import som_uuider
from felles.stoerrelse import som_mb
from felles.tid import dato_i_oslo, naa
from kodeliste.selectors import kodeverdi_liste
from kodeliste.vsmverdier import som_tekst
from sakarkiv import regler
from sakarkiv.models import Dokumentflyt, Journalpost, Saksmappe
from sakarkiv.selectors import (
    brevmaler,
    enhetsoversikt,
    journalpost_liste,
    merknader,
    mine_saker,
    mulige_godkjennere,
    mulige_saksansvarlige,
    restanser,
    saksmappe_hent,
    saksmappe_liste,
    tidslinje,
    til_godkjenning,
    til_journalkontroll,
)
from sakarkiv.services.journalpost import journalposter_journalfoer
from sakarkiv.services.saksmappe import saksansvar_endre
from sporing.selectors import lesinger_for
from tilgang.lesing import registrer_lesinger
from tilgang.models import Sakstilgang
from tilgang.services import sakstilgang_gi, sakstilgang_trekk
from tilgang.skjerming import Visning, offentlig_visning, skjermet_visning

# At most this many reads are listed on the case page; `arkivar hvem-har-sett` lists all.
_MAKS_LESINGER = 200


@dataclass(frozen=True)
class Rad:
    """One record in a list, with what may be shown of it."""

    objekt: Any
    visning: Visning


@dataclass(frozen=True)
class Journalpostrad:
    journalpost: Journalpost
    visning: Visning
    parter: list[str]
    dokumenter: list[Dokumentbeskrivelse]
    handlinger: frozenset[str] = frozenset()  # regler.saksbehandlers_handlinger
    venter_godkjenning: Dokumentflyt | None = None  # the unanswered approval step
    siste_svar: Dokumentflyt | None = None  # the latest answered one (approved or returned)
    kan_godkjenne: bool = False  # the step waits for this user


def _offentlig(objekter: Any) -> list[Rad]:
    return [Rad(objekt, offentlig_visning(objekt)) for objekt in objekter]


def hent_arkivdel(request: HttpRequest, system_id: UUID | str) -> Arkivdel:
    """The arkivdel the user may see, else 404."""
    try:
        return arkivdel_hent(bruker=request.user, system_id=system_id)
    except IkkeFunnet as feil:
        raise Http404(str(feil)) from feil


def hent_sak(request: HttpRequest, system_id: UUID) -> Saksmappe:
    """The case the user may see, else 404 (the same answer as for a missing one)."""
    try:
        return saksmappe_hent(bruker=request.user, system_id=system_id)
    except IkkeFunnet as feil:
        raise Http404(str(feil)) from feil


@login_required
def start(request: HttpRequest) -> HttpResponse:
    i_dag = dato_i_oslo(naa())
    uavskrevne = restanser(bruker=request.user, saksbehandler=request.user).select_related(
        "skjerming", "mappe"
    )[:20]
    return render(
        request,
        "sakarkiv/start.html",
        {
            "mine_saker": _offentlig(mine_saker(bruker=request.user)[:20]),
            "til_godkjenning": [
                (flyt, offentlig_visning(flyt.registrering))
                for flyt in til_godkjenning(bruker=request.user)[:50]
            ],
            "restanser": [
                Restanserad(rad.objekt, rad.visning, _dager_over(rad.objekt.forfallsdato, i_dag))
                for rad in _offentlig(uavskrevne)
            ],
        },
    )


@dataclass(frozen=True)
class Restanserad:
    journalpost: Journalpost
    visning: Visning
    dager_over: int | None  # days past the deadline; None when there is none or it is ahead


def _dager_over(frist: dt.date | None, i_dag: dt.date) -> int | None:
    if frist is None or frist >= i_dag:
        return None
    return (i_dag - frist).days


@login_required
def saksmappe_liste_vis(request: HttpRequest) -> HttpResponse:
    saker = saksmappe_liste(bruker=request.user)
    saksansvarlig = request.GET.get("saksansvarlig", "").strip()
    if saksansvarlig:
        saker = saker.filter(referanse_saksansvarlig__username=saksansvarlig).exclude(
            saksstatus__in=["A", "U"]
        )
    side = Paginator(saker, 50).get_page(request.GET.get("side"))
    return render(
        request,
        "sakarkiv/saksmappe_liste.html",
        {"side": side, "rader": _offentlig(side), "saksansvarlig": saksansvarlig},
    )


def _journalposter(request: HttpRequest, sak: Saksmappe) -> list[Journalpostrad]:
    dokumenter = Dokumentbeskrivelse.objects.synlig_for(request.user).prefetch_related(
        Prefetch(
            "dokumentobjekter",
            queryset=Dokumentobjekt.objects.order_by("versjonsnummer", "variantformat", "pk"),
        )
    )
    journalposter = (
        journalpost_liste(bruker=request.user, saksmappe=sak)
        .select_related("arkiv", "gradering")
        .prefetch_related(
            "korrespondanseparter",
            "avskrivninger",
            Prefetch("dokumentbeskrivelser", queryset=dokumenter),
            Prefetch(
                "dokumentflyt",
                queryset=Dokumentflyt.objects.order_by("flyt_sendt_dato", "pk"),
            ),
        )
    )
    kan_arbeide = rules.has_perm("arkivstruktur.arbeide", request.user, sak)
    rader = []
    for journalpost in journalposter:
        visning = skjermet_visning(journalpost, request.user)
        parter = [
            visning.korrespondansepart_navn(
                part.korrespondanseparttype, part.korrespondansepart_navn
            )
            for part in journalpost.korrespondanseparter.all()
        ]
        flyt = list(journalpost.dokumentflyt.all())
        venter = next((steg for steg in flyt if not steg.flyt_status), None)
        handlinger = (
            regler.saksbehandlers_handlinger(
                journalpost.journalposttype,
                journalpost.journalstatus,
                avskrevet=bool(journalpost.avskrivninger.all()),
                venter_godkjenning=venter is not None,
            )
            if kan_arbeide and not sak.er_avsluttet
            else set()
        )
        rader.append(
            Journalpostrad(
                journalpost,
                visning,
                parter,
                list(journalpost.dokumentbeskrivelser.all()),
                frozenset(handlinger),
                venter_godkjenning=venter,
                siste_svar=next((steg for steg in reversed(flyt) if steg.flyt_status), None),
                kan_godkjenne=venter is not None
                and venter.referanse_flyt_til_id == request.user.pk,
            )
        )
    return rader


def _lesinger(request: HttpRequest, sak: Saksmappe, rader: list[Journalpostrad]) -> Any:
    if not rules.has_perm("sporing.se_lesinger", request.user, sak.arkiv.virksomhet_id):
        return None
    underliggende = []
    for rad in rader:
        underliggende.append(rad.journalpost.system_id)
        for dokument in rad.dokumenter:
            underliggende.append(dokument.system_id)
            underliggende += [objekt.system_id for objekt in dokument.dokumentobjekter.all()]
    return lesinger_for(sak.system_id, request.user, underliggende=underliggende)[:_MAKS_LESINGER]


@login_required
def saksmappe_detalj(request: HttpRequest, system_id: UUID) -> HttpResponse:
    sak = hent_sak(request, system_id)
    rader = _journalposter(request, sak)
    # Logged before the page is rendered: a failed log write means no page.
    registrer_lesinger([sak, *(rad.journalpost for rad in rader)], request.user)
    kan_gi_sakstilgang = rules.has_perm("tilgang.gi_sakstilgang", request.user, sak)
    return render(
        request,
        "sakarkiv/saksmappe_detalj.html",
        {
            "sak": sak,
            "visning": skjermet_visning(sak, request.user),
            "virksomhetsspesifikke": som_tekst(sak.virksomhetsspesifikke_metadata),
            "journalposter": rader,
            "kan_gi_sakstilgang": kan_gi_sakstilgang,
            "kan_avslutte": rules.has_perm("sakarkiv.arkivere", request.user, sak)
            and sak.saksstatus != "U",
            "sakstilganger": (
                Sakstilgang.objects.filter(mappe_id=sak.pk)
                .select_related("bruker")
                .order_by("gitt_dato")
                if kan_gi_sakstilgang
                else None
            ),
            "lesinger": _lesinger(request, sak, rader),
            "tidslinje": tidslinje(bruker=request.user, saksmappe=sak),
            "merknader": merknader(bruker=request.user, saksmappe=sak),
            "merknadstyper": kodeverdi_liste(bruker=request.user, kodeliste="merknadstype"),
            "maks_lesinger": _MAKS_LESINGER,
            "kan_laste_opp": rules.has_perm("arkivstruktur.arbeide", request.user, sak),
            "svar": [r.journalpost for r in rader if r.journalpost.journalposttype != "I"],
            "avskrivningsmaater": kodeverdi_liste(
                bruker=request.user, kodeliste="avskrivningsmaate"
            ),
            "brevmaler": (
                brevmaler(bruker=request.user, saksmappe=sak)
                if rules.has_perm("arkivstruktur.arbeide", request.user, sak)
                and not sak.er_avsluttet
                else None
            ),
            "godkjennere": (
                mulige_godkjennere(bruker=request.user, saksmappe=sak)
                if any("til_godkjenning" in rad.handlinger for rad in rader)
                else None
            ),
            "saksansvarlige": (
                mulige_saksansvarlige(bruker=request.user, saksmappe=sak)
                if rules.has_perm("sakarkiv.fordele", request.user, sak) and not sak.er_avsluttet
                else None
            ),
            "maks_filstoerrelse_mb": som_mb(int(settings.ARKIVAR_MAKS_FILSTOERRELSE)),
        },
    )


def _dato(verdi: str) -> dt.date | None:
    if not verdi.strip():
        return None
    try:
        return dt.date.fromisoformat(verdi.strip())
    except ValueError:
        raise DomeneFeil("Skriv utløpsdatoen som ÅÅÅÅ-MM-DD.", felt="utloeper") from None


@login_required
@require_POST
def sakstilgang_gi_vis(request: HttpRequest, system_id: UUID) -> HttpResponse:
    """Give a named colleague access to the case (saksansvarlig or leder of the unit)."""
    sak = hent_sak(request, system_id)
    brukernavn = request.POST.get("brukernavn", "").strip()
    kollega = get_user_model().objects.filter(username=brukernavn, is_active=True).first()

    def gi() -> Any:
        if kollega is None:
            if not rules.has_perm("tilgang.gi_sakstilgang", request.user, sak):
                raise IngenTilgang("Bare saksansvarlig eller leder for enheten kan gi tilgang.")
            raise DomeneFeil(f"Fant ingen aktiv bruker med brukernavnet «{brukernavn}».")
        return sakstilgang_gi(
            saksmappe=sak,
            bruker=kollega,
            utloeper=_dato(request.POST.get("utloeper", "")),
            begrunnelse=request.POST.get("begrunnelse", ""),
            utfoert_av=request.user,
        )

    utfoer(
        request,
        gi,
        melding=lambda tilgang: f"{tilgang.bruker.visningsnavn} har fått tilgang til saken.",
    )
    return redirect("sakarkiv:saksmappe-detalj", system_id=sak.system_id)


@login_required
@require_POST
def sakstilgang_trekk_vis(
    request: HttpRequest, system_id: UUID, sakstilgang_id: int
) -> HttpResponse:
    sak = hent_sak(request, system_id)
    sakstilgang = (
        Sakstilgang.objects.filter(pk=sakstilgang_id, mappe_id=sak.pk)
        .select_related("bruker", "mappe")
        .first()
    )
    if sakstilgang is None:
        raise Http404("Fant ikke tilgangen.")
    utfoer(
        request,
        lambda: sakstilgang_trekk(sakstilgang=sakstilgang, utfoert_av=request.user),
        melding=lambda _: f"Tilgangen for {sakstilgang.bruker.visningsnavn} er trukket.",
    )
    return redirect("sakarkiv:saksmappe-detalj", system_id=sak.system_id)


@login_required
@require_POST
def saksansvar_endre_vis(request: HttpRequest, system_id: UUID) -> HttpResponse:
    """Hand the case to another case handler (saksansvarlig, leder or the records office)."""
    sak = hent_sak(request, system_id)
    brukernavn = request.POST.get("saksansvarlig", "").strip()
    ny = (
        mulige_saksansvarlige(bruker=request.user, saksmappe=sak)
        .filter(username=brukernavn)
        .first()
    )

    def fordel() -> Any:
        if ny is None:
            if not rules.has_perm("sakarkiv.fordele", request.user, sak):
                raise IngenTilgang("Bare saksansvarlig, en leder eller arkivet kan flytte saken.")
            raise DomeneFeil("Velg en saksbehandler i bydelen.", felt="saksansvarlig")
        return saksansvar_endre(saksmappe=sak, saksansvarlig=ny, utfoert_av=request.user)

    utfoer(request, fordel, melding=lambda sak: f"Saken er gitt til {sak.saksansvarlig}.")
    return redirect("sakarkiv:saksmappe-detalj", system_id=sak.system_id)


@login_required
def enhet_vis(request: HttpRequest) -> HttpResponse:
    """The leader's view: open cases and restanser per case handler in the units they lead."""
    rader = enhetsoversikt(bruker=request.user, i_dag=dato_i_oslo(naa()))
    return render(request, "sakarkiv/enhet.html", {"rader": rader})


@login_required
def journalkontroll_vis(request: HttpRequest) -> HttpResponse:
    """The records office checks journalposts finished by case handlers (F) and journalfører
    them (J), one at a time or the ones ticked; each change is in the change log."""
    ventende = til_journalkontroll(bruker=request.user)
    if request.method == "POST":
        valgt = [request.POST["en"]] if request.POST.get("en") else request.POST.getlist("valgt")
        journalposter = list(ventende.filter(system_id__in=som_uuider(valgt)))

        def journalfoer() -> list[Journalpost]:
            if not journalposter:
                raise DomeneFeil("Velg minst én journalpost.", felt="valgt")
            return journalposter_journalfoer(journalposter=journalposter, utfoert_av=request.user)

        utfoer(request, journalfoer, melding=_journalfoert_melding)
        return redirect("sakarkiv:journalkontroll")
    return render(
        request,
        "sakarkiv/journalkontroll.html",
        {"rader": _offentlig(ventende[:200]), "antall": ventende.count()},
    )


def _journalfoert_melding(journalposter: list[Journalpost]) -> str:
    if len(journalposter) == 1:
        return f"Journalpost {journalposter[0].registrerings_id} er journalført."
    return f"{len(journalposter)} journalposter er journalført."
