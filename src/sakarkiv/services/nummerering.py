"""Saks- and journalnummer: unique within the arkiv, never reused, never duplicated under
concurrent writers (model.md §6.1).

The counter row is updated with `UPDATE … RETURNING`, which takes the row lock and reads the
new value in one statement, on PostgreSQL and on SQLite (whose IMMEDIATE transactions already
serialise writers). Callers take the number as the last step before inserting, so the lock is
held only until commit (performance.md, "counter last").
"""

from __future__ import annotations

from django.db import connection

from sakarkiv.models import Nummerserie

_OPPDATER = (
    "UPDATE sakarkiv_nummerserie SET siste_nummer = siste_nummer + 1 "
    "WHERE arkiv_id = %s AND serie = %s AND aar = %s RETURNING siste_nummer"
)


def neste_nummer(*, arkiv_id: int, serie: str, aar: int) -> int:
    if not connection.in_atomic_block:
        raise RuntimeError("Nummer må tildeles i samme transaksjon som raden de tilhører.")
    with connection.cursor() as cursor:
        cursor.execute(_OPPDATER, [arkiv_id, serie, aar])
        rad = cursor.fetchone()
        if rad is None:
            # First number of the year: create the counter; a concurrent creator wins quietly.
            Nummerserie.objects.bulk_create(
                [Nummerserie(arkiv_id=arkiv_id, serie=serie, aar=aar, siste_nummer=0)],
                ignore_conflicts=True,
            )
            cursor.execute(_OPPDATER, [arkiv_id, serie, aar])
            rad = cursor.fetchone()
    return int(rad[0])
