"""Which virksomhet owns an archive unit, without loading the unit's parents.

An arkiv never changes owner and an arkivdel never changes arkiv, so the answers are cached
for the life of the process. Permission checks sit on every write path; without the cache each
would load the arkiv (and arkivdel) row once more.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db import connection


@lru_cache(maxsize=4096)
def _arkiv(arkiv_id: int) -> tuple[int, bool]:
    """The arkiv's virksomhet and whether it is historical: neither ever changes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT virksomhet_id, er_historisk FROM arkivstruktur_arkiv WHERE id = %s",
            [arkiv_id],
        )
        virksomhet_id, er_historisk = cursor.fetchone()
        return int(virksomhet_id), bool(er_historisk)


def virksomhet_for_arkiv(arkiv_id: int) -> int:
    return _arkiv(arkiv_id)[0]


@lru_cache(maxsize=4096)
def arkiv_for_arkivdel(arkivdel_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT arkiv_id FROM arkivstruktur_arkivdel WHERE id = %s", [arkivdel_id])
        return int(cursor.fetchone()[0])


def virksomhet_id_for(objekt: Any) -> int:
    """The owning virksomhet of an arkiv, or of anything that has an arkiv or an arkivdel."""
    if getattr(objekt, "arkiv_id", None) is not None:
        return virksomhet_for_arkiv(objekt.arkiv_id)
    if getattr(objekt, "arkivdel_id", None) is not None:
        return virksomhet_for_arkiv(arkiv_for_arkivdel(objekt.arkivdel_id))
    return int(objekt.virksomhet_id)


def arkiv_er_historisk(arkiv_id: int) -> bool:
    """An arkiv read in from an older system (uttrekk.innlesing): set when made, never changed."""
    return _arkiv(arkiv_id)[1]


# What hangs under a unit, by the foreign key to its owner, nearest first.
_EIERE = (
    "registrering",
    "journalpost",
    "fra_registrering",
    "mappe",
    "fra_mappe",
    "dokumentbeskrivelse",
    "dokumentobjekt",
)


@lru_cache(maxsize=4096)
def _arkiv_for_rad(tabell: str, rad_id: int) -> int | None:
    with connection.cursor() as cursor:
        if tabell in ("arkivstruktur_registrering", "arkivstruktur_mappe"):
            cursor.execute(f"SELECT arkiv_id FROM {tabell} WHERE id = %s", [rad_id])  # noqa: S608
            rad = cursor.fetchone()
            return int(rad[0]) if rad else None
        if tabell == "arkivstruktur_dokumentbeskrivelse":
            cursor.execute(f"SELECT arkivdel_id FROM {tabell} WHERE id = %s", [rad_id])  # noqa: S608
            rad = cursor.fetchone()
            return arkiv_for_arkivdel(rad[0]) if rad and rad[0] else None
        if tabell == "arkivstruktur_dokumentobjekt":
            cursor.execute(
                f"SELECT dokumentbeskrivelse_id FROM {tabell} WHERE id = %s",  # noqa: S608
                [rad_id],
            )
            rad = cursor.fetchone()
            return _arkiv_for_rad("arkivstruktur_dokumentbeskrivelse", rad[0]) if rad else None
    return None


def arkiv_id_for(objekt: Any) -> int | None:
    """The arkiv an archive unit, or what hangs under one, belongs to; None for anything
    else. Reads the owner already loaded on the object when there is one, so a new party on a
    new registrering costs no query."""
    if objekt._meta.model_name == "arkiv":
        return int(objekt.pk)
    if getattr(objekt, "arkiv_id", None) is not None:
        return int(objekt.arkiv_id)
    if getattr(objekt, "arkivdel_id", None) is not None:
        return arkiv_for_arkivdel(objekt.arkivdel_id)
    for navn in _EIERE:
        eier_id = getattr(objekt, f"{navn}_id", None)
        if eier_id is None:
            continue
        felt = objekt._meta.get_field(navn)
        if felt.is_cached(objekt):
            return arkiv_id_for(getattr(objekt, navn))
        return _arkiv_for_rad(felt.related_model._meta.db_table, eier_id)
    return None


def glem_eierskap() -> None:
    """Tests that recreate rows with the same ids call this."""
    _arkiv.cache_clear()
    arkiv_for_arkivdel.cache_clear()
    _arkiv_for_rad.cache_clear()
