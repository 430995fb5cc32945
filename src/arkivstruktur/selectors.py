"""Reads of the archive structure, always scoped to what the user may see (style.md §6).

`*_hent` raises IkkeFunnet both when the object does not exist and when the user may not see
it, so the answer never reveals that a hidden object exists. Klassifikasjonssystem and Klasse
carry no district: every logged-in user may read them (a shared K-koder serves every bydel).
A klasseID screened with KID (a fødselsnummer) must be masked where it is shown.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar, cast

from django.db import models
from django.db.models import QuerySet

from arkivstruktur.models import (
    Arkiv,
    Arkivdel,
    Klasse,
    Klassifikasjonssystem,
    Mappe,
    Registrering,
)
from felles.feil import IkkeFunnet
from tilgang.profil import tilgangsprofil

M = TypeVar("M", bound=models.Model)


def _hent(rader: QuerySet[M], system_id: uuid.UUID | str) -> M:
    try:
        nokkel = system_id if isinstance(system_id, uuid.UUID) else uuid.UUID(str(system_id))
    except ValueError:
        raise IkkeFunnet() from None
    objekt = rader.filter(system_id=nokkel).first()
    if objekt is None:
        raise IkkeFunnet()
    return objekt


def arkiv_liste(*, bruker: Any) -> QuerySet[Arkiv]:
    return Arkiv.objects.synlig_for(bruker).select_related("virksomhet").order_by("tittel", "pk")


def arkiv_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Arkiv:
    return _hent(arkiv_liste(bruker=bruker), system_id)


def arkivdel_liste(*, bruker: Any, arkiv: Arkiv | None = None) -> QuerySet[Arkivdel]:
    rader = Arkivdel.objects.synlig_for(bruker).select_related(
        "arkiv", "klassifikasjonssystem", "skjerming", "kassasjon"
    )
    if arkiv is not None:
        rader = rader.filter(arkiv=arkiv)
    return rader.order_by("arkiv_id", "arkivperiode_start_dato", "pk")


def arkivdel_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Arkivdel:
    return _hent(arkivdel_liste(bruker=bruker), system_id)


def klassifikasjonssystem_liste(*, bruker: Any) -> QuerySet[Klassifikasjonssystem]:
    if not tilgangsprofil(bruker).er_innlogget:
        return Klassifikasjonssystem.objects.none()
    return Klassifikasjonssystem.objects.order_by("tittel", "pk")


def klassifikasjonssystem_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Klassifikasjonssystem:
    return _hent(klassifikasjonssystem_liste(bruker=bruker), system_id)


def _klasser(bruker: Any) -> QuerySet[Klasse]:
    if not tilgangsprofil(bruker).er_innlogget:
        return Klasse.objects.none()
    return Klasse.objects.select_related(
        "klassifikasjonssystem", "overordnet_klasse", "skjerming", "kassasjon"
    )


def klasse_liste(*, bruker: Any, klassifikasjonssystem: Klassifikasjonssystem) -> QuerySet[Klasse]:
    return (
        _klasser(bruker)
        .filter(klassifikasjonssystem=klassifikasjonssystem)
        .order_by("klasse_id", "pk")
    )


def klasse_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Klasse:
    return _hent(_klasser(bruker), system_id)


def mappe_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Mappe:
    rader = Mappe.objects.synlig_for(bruker).select_related(
        "arkiv", "arkivdel", "klasse", "overmappe", "skjerming", "kassasjon"
    )
    return cast(Mappe, _hent(rader, system_id))


def registrering_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Registrering:
    rader = Registrering.objects.synlig_for(bruker).select_related(
        "arkiv", "arkivdel", "mappe", "klasse", "skjerming", "kassasjon"
    )
    return cast(Registrering, _hent(rader, system_id))
