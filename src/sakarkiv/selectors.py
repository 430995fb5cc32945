"""Reads of the sakarkiv. Every function takes the user and returns only what they may see."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet

from felles.feil import IkkeFunnet
from sakarkiv import regler
from sakarkiv.models import Avskrivning, Journalpost, Saksmappe


def saksmappe_liste(*, bruker: Any) -> QuerySet[Saksmappe]:
    return (
        Saksmappe.objects.synlig_for(bruker)
        .select_related(
            "klasse", "referanse_administrativ_enhet", "referanse_saksansvarlig", "skjerming"
        )
        .order_by("-saksaar", "-sakssekvensnummer")
    )


def saksmappe_hent(*, bruker: Any, system_id: UUID | str) -> Saksmappe:
    """The same answer whether the case is missing or hidden from the user."""
    try:
        return (
            saksmappe_liste(bruker=bruker)
            .select_related("arkivdel", "arkiv")
            .get(system_id=system_id)
        )
    except (Saksmappe.DoesNotExist, ValueError) as feil:
        raise IkkeFunnet("Fant ikke saken.") from feil


def mine_saker(*, bruker: Any) -> QuerySet[Saksmappe]:
    return (
        saksmappe_liste(bruker=bruker)
        .filter(referanse_saksansvarlig=bruker)
        .exclude(saksstatus__in=["A", "U"])
    )


def journalpost_liste(*, bruker: Any, saksmappe: Saksmappe | None = None) -> QuerySet[Journalpost]:
    journalposter = Journalpost.objects.synlig_for(bruker).select_related("mappe", "skjerming")
    if saksmappe is not None:
        return journalposter.filter(mappe=saksmappe).order_by("journalpostnummer")
    return journalposter.order_by("-journalaar", "-journalsekvensnummer")


def journalpost_hent(*, bruker: Any, system_id: UUID | str) -> Journalpost:
    try:
        return journalpost_liste(bruker=bruker).get(system_id=system_id)
    except (Journalpost.DoesNotExist, ValueError) as feil:
        raise IkkeFunnet("Fant ikke journalposten.") from feil


def restanser(*, bruker: Any, saksbehandler: Any = None) -> QuerySet[Journalpost]:
    """Incoming and internal-for-follow-up journalposts not yet written off (§4.11)."""
    uavskrevne = (
        journalpost_liste(bruker=bruker)
        .filter(journalposttype__in=regler.AVSKRIVES)
        .exclude(journalstatus="U")
        .exclude(Exists(Avskrivning.objects.filter(journalpost=OuterRef("pk"))))
    )
    if saksbehandler is not None:
        uavskrevne = uavskrevne.filter(referanse_saksbehandler=saksbehandler)
    return uavskrevne.order_by("forfallsdato", "journaldato")
