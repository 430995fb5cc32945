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
def virksomhet_for_arkiv(arkiv_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT virksomhet_id FROM arkivstruktur_arkiv WHERE id = %s", [arkiv_id])
        return int(cursor.fetchone()[0])


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


def glem_eierskap() -> None:
    """Tests that recreate rows with the same ids call this."""
    virksomhet_for_arkiv.cache_clear()
    arkiv_for_arkivdel.cache_clear()
