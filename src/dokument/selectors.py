"""Reads of `dokument` data, always for a user (style.md §4)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet

from arkivstruktur.models import (
    Dokumentbeskrivelse,
    Dokumentobjekt,
    Dokumenttilknytning,
    Konvertering,
)
from dokument.models import Filbehandling
from felles.feil import IkkeFunnet


def filbehandling_liste(*, bruker: Any, status: str | None = None) -> QuerySet[Filbehandling]:
    """The pipeline rows of the files the user may see, newest first."""
    synlige = Dokumentobjekt.objects.synlig_for(bruker).values("pk")
    rader = Filbehandling.objects.filter(dokumentobjekt__in=synlige)
    if status:
        rader = rader.filter(status=status)
    return rader.select_related("dokumentobjekt__dokumentbeskrivelse").order_by("-opprettet_dato")


def dokument_hent(*, bruker: Any, system_id: UUID | str) -> Dokumentbeskrivelse:
    """One document the user may see, with its files, their conversions, signatures and
    pipeline rows; IkkeFunnet otherwise (also when it exists but is hidden from the user)."""
    dokument: Dokumentbeskrivelse | None = (
        Dokumentbeskrivelse.objects.synlig_for(bruker)
        .select_related("skjerming", "gradering", "arkivdel__arkiv")
        .prefetch_related(
            Prefetch(
                "dokumentobjekter",
                queryset=Dokumentobjekt.objects.select_related(
                    "elektronisk_signatur", "filbehandling"
                )
                .prefetch_related("konverteringer")
                .order_by("-versjonsnummer", "variantformat", "pk"),
            ),
            Prefetch(
                "tilknytninger",
                queryset=Dokumenttilknytning.objects.select_related("registrering"),
            ),
        )
        .filter(system_id=system_id)
        .first()
    )
    if dokument is None:
        raise IkkeFunnet("Fant ikke dokumentet.")
    return dokument


def dokumentbeskrivelse_liste(*, bruker: Any) -> QuerySet[Dokumentbeskrivelse]:
    """The documents the user may see (through a registrering they see, judged in its
    context), oldest first."""
    return Dokumentbeskrivelse.objects.synlig_for(bruker).order_by("pk")


def dokumentobjekt_liste(
    *, bruker: Any, dokumentbeskrivelse: Dokumentbeskrivelse | None = None
) -> QuerySet[Dokumentobjekt]:
    """The files of the documents the user may see, by document, version and variant; with
    what a download's read log needs (the document's screening and grading, its arkiv)."""
    rader = Dokumentobjekt.objects.synlig_for(bruker).select_related(
        "dokumentbeskrivelse__skjerming",
        "dokumentbeskrivelse__gradering",
        "dokumentbeskrivelse__arkivdel__arkiv",
    )
    if dokumentbeskrivelse is not None:
        rader = rader.filter(dokumentbeskrivelse=dokumentbeskrivelse)
    return rader.order_by("dokumentbeskrivelse_id", "versjonsnummer", "variantformat", "pk")


def konvertering_liste(
    *, bruker: Any, dokumentobjekt: Dokumentobjekt | None = None
) -> QuerySet[Konvertering]:
    """The conversions of the files the user may see, oldest first."""
    synlige = Dokumentobjekt.objects.synlig_for(bruker).values("pk")
    rader = Konvertering.objects.filter(dokumentobjekt__in=synlige).select_related("dokumentobjekt")
    if dokumentobjekt is not None:
        rader = rader.filter(dokumentobjekt=dokumentobjekt)
    return rader.order_by("konvertert_dato", "pk")
