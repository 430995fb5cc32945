"""Reads of the code lists and the catalogue of virksomhetsspesifikkeMetadata.

Neither is secret: every logged-in user reads them (the API's `metadata/` package; a client
needs the values to fill in any record). Anonymous users get nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from felles.feil import IkkeFunnet
from kodeliste.models import Kodeliste, Kodeverdi, VirksomhetsspesifiktMetadatafelt
from tilgang.profil import tilgangsprofil


def kodeliste_hent(*, bruker: Any, navn: str) -> Kodeliste:
    liste = (
        Kodeliste.objects.filter(navn=navn).first() if tilgangsprofil(bruker).er_innlogget else None
    )
    if liste is None:
        raise IkkeFunnet()
    return liste


def kodeverdi_liste(*, bruker: Any, kodeliste: str) -> QuerySet[Kodeverdi]:
    """The values of one list, outdated ones included (they carry `utdatert`)."""
    if not tilgangsprofil(bruker).er_innlogget:
        return Kodeverdi.objects.none()
    return (
        Kodeverdi.objects.filter(kodeliste__navn=kodeliste)
        .select_related("kodeliste")
        .order_by("kode", "pk")
    )


def vsm_liste(*, bruker: Any) -> QuerySet[VirksomhetsspesifiktMetadatafelt]:
    """The catalogue, retired fields included: an administrator sees (and may remove) them;
    `utdatert` tells a client not to use them."""
    if not tilgangsprofil(bruker).er_innlogget:
        return VirksomhetsspesifiktMetadatafelt.objects.none()
    return VirksomhetsspesifiktMetadatafelt.objects.order_by("navn", "pk")
