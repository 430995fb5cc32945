"""Reads of the log for people: who has seen a record (hendelseslogg, hendelsetype R).

Only the archivist or systemadministrator of the record's district may ask
(`tilgang.regler.kan_se_lesinger`). A record the asker may neither ask about nor see gets the
same answer as a missing one; a record they can see but may not ask about is refused.

The record is looked up among the models that declare `tilgangsfelter` (the archive models),
so this layer needs no import of them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet

from felles.feil import IkkeFunnet, IngenTilgang
from sporing.models import Endringslogg, Hendelsetype
from tilgang.regler import krev_tillatelse

# The usual answers first; the rest of the archive models after them.
_FORETRUKNE = ("mappe", "registrering", "dokumentbeskrivelse", "dokumentobjekt")


def _arkivmodeller() -> list[type[models.Model]]:
    modeller = [
        modell
        for modell in apps.get_models()
        if hasattr(modell, "tilgangsfelter") and not modell._meta.proxy
    ]
    return sorted(
        modeller,
        key=lambda m: (
            _FORETRUKNE.index(m._meta.model_name)
            if m._meta.model_name in _FORETRUKNE
            else len(_FORETRUKNE),
            m._meta.label,
        ),
    )


def _finn(system_id: uuid.UUID) -> tuple[type[models.Model], int | None] | None:
    """The model and the virksomhet of the record with this systemID."""
    for modell in _arkivmodeller():
        sti = modell.tilgangsfelter.virksomhet  # type: ignore[attr-defined]
        rad = modell._base_manager.filter(system_id=system_id).values_list(sti).first()
        if rad is not None:
            return modell, rad[0]
    return None


def _som_uuid(system_id: uuid.UUID | str) -> uuid.UUID:
    try:
        return system_id if isinstance(system_id, uuid.UUID) else uuid.UUID(str(system_id))
    except ValueError:
        raise IkkeFunnet("Fant ikke objektet.") from None


def lesinger_for(
    system_id: uuid.UUID | str, bruker: Any, *, underliggende: Iterable[uuid.UUID] = ()
) -> QuerySet[Endringslogg]:
    """Every logged read of the record `system_id`, newest first; with `underliggende`, also
    of those records (the caller's journalposts and documents of a case it has checked)."""
    nokkel = _som_uuid(system_id)
    funnet = _finn(nokkel)
    if funnet is None:
        raise IkkeFunnet("Fant ikke objektet.")
    modell, virksomhet_id = funnet
    try:
        krev_tillatelse(
            bruker,
            "sporing.se_lesinger",
            virksomhet_id,
            melding="Bare arkivar eller systemadministrator i bydelen kan se hvem som har "
            "sett et objekt.",
        )
    except IngenTilgang:
        synlige = modell._default_manager.synlig_for(bruker)  # type: ignore[attr-defined]
        if not synlige.filter(system_id=nokkel).exists():
            raise IkkeFunnet("Fant ikke objektet.") from None
        raise
    return Endringslogg.objects.filter(
        hendelsetype=Hendelsetype.LEST,
        referanse_arkivenhet__in=[nokkel, *underliggende],
    ).order_by("-endret_dato", "-loepenummer")
