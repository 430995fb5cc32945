"""PostgreSQL: full text with the `norwegian` configuration.

`sok_indeksrad.sokevektor` (migration 0002) is the row's tsvector, titles weighted A and the
rest B, under a GIN index. The query is built by sok.spoerring for `to_tsquery('norwegian', …)`.

A search runs in two steps, so that no estimate of the access rules can spoil the plan:

1. The matches, newest first, in batches: `id` only, from this table alone, limited to the
   user's districts and the filter's period (a key range): the plain full-text query, which
   the planner plans well from the column's statistics, reading backwards along the primary
   key for common words and from the GIN index for rarer ones. One case it gets wrong
   (performance.md §6): a rare word whose few rows are old looks, to the LIMIT costing, as if
   it would turn up soon when walking the key, which then walks the whole table. So when the
   planner expects few matches (EXPLAIN, below TERSKEL_TREFF), the key walk is made
   unavailable (an order by `id + 0` that the primary key cannot serve) and the GIN index
   and a sort are used.
2. The access rules and the filters for one batch (`id = ANY(…)`): a statement compiled once
   per Utvalg (building the rules through the ORM costs more than running them).

Batches are read until enough visible hits are found or the matches run out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import BooleanField, FloatField, Value
from django.db.models.expressions import RawSQL

from sok.adaptere import KOLONNER, MAKS_TEKST, Kandidat, Motor, NyRad
from sok.models import Indeksrad
from sok.spoerring import Soekeuttrykk, som_tsquery, som_tsquery_i_tittel
from sok.utvalg import Utvalg

# Below this many expected matches, read the GIN index and sort (a sort of a few thousand ids
# is cheap, a walk of the whole key is not); above, the planner chooses.
TERSKEL_TREFF = 5_000
FOERSTE_BOLK = 250  # matches in the first batch; each further batch is twice as large

# The SQL here is built from these constants and column names only; every value the user
# gave is a parameter (and is letters and digits only, sok.spoerring).
_VEKTOR = "sok_indeksrad.sokevektor"
_SPOERRING = "to_tsquery('norwegian', %s)"
_ESTIMAT = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM sok_indeksrad WHERE {_VEKTOR} @@ {_SPOERRING}"  # noqa: S608
_REN = (
    f"SELECT id FROM sok_indeksrad WHERE {_VEKTOR} @@ {_SPOERRING} "  # noqa: S608
    "ORDER BY id DESC LIMIT %s"
)
# Stand for the values in the cached statement; replaced at each search.
_IDER = "\x00sok:ider\x00"
_TSQUERY_I_TITTEL = "\x00sok:tsquery-i-tittel\x00"


def distriktsord(virksomhet_id: int) -> str:
    """The lexeme that puts a row's district in its tsvector. The underscore keeps it out of
    reach of what a user types: sok.spoerring lets letters and digits only through."""
    return f"_v{int(virksomhet_id)}"


def _distrikter(virksomheter: frozenset[int] | None) -> str:
    """A tsquery (input for `::tsquery`, no stemming) for rows in these districts."""
    if virksomheter is None:
        return ""
    return " | ".join(f"'{distriktsord(v)}'" for v in sorted(virksomheter))


def _treffbetingelse(distriktsvis: bool) -> str:
    """The text matches; with `distriktsvis`, only in the districts of a second parameter."""
    spoerring = f"({_SPOERRING} && %s::tsquery)" if distriktsvis else _SPOERRING
    return f"{_VEKTOR} @@ {spoerring}"


def _estimat(distriktsvis: bool) -> str:
    return (
        f"EXPLAIN (FORMAT JSON) SELECT 1 FROM sok_indeksrad WHERE {_treffbetingelse(distriktsvis)}"  # noqa: S608
    )


def _treffsporring(*, faa: bool, distriktsvis: bool) -> str:
    """Step 1: a batch of matches, newest first, below a key and at or above another; with
    `distriktsvis`, in the user's districts only; `faa`: few expected, not by walking the
    key."""
    rekkefoelge = "id + 0" if faa else "id"
    return (
        f"SELECT id FROM sok_indeksrad WHERE {_treffbetingelse(distriktsvis)} "  # noqa: S608
        f"AND id >= %s AND id < %s ORDER BY {rekkefoelge} DESC LIMIT %s"
    )


@lru_cache(maxsize=512)
def _tilgangssporring(utvalg: Utvalg, *, rangert: bool) -> tuple[str, tuple[Any, ...]]:
    """Step 2: the visible rows of a batch, with what a search reads of them."""
    # Relevance as on SQLite: 1 when the title (weight A) holds every searched word.
    rang = (
        RawSQL(  # noqa: S611
            f"CASE WHEN {_VEKTOR} @@ {_SPOERRING} THEN 1.0 ELSE 0.0 END",
            [_TSQUERY_I_TITTEL],
            output_field=FloatField(),
        )
        if rangert
        else Value(0.0, output_field=FloatField())
    )
    rader = (
        utvalg.rader()
        # `= ANY(array)` on the key: the planner starts from the batch's rows (a key lookup
        # each) and joins the records to them, whatever it guesses about the access rules.
        .filter(RawSQL("sok_indeksrad.id = ANY(%s)", [_IDER], output_field=BooleanField()))
        .annotate(rang=rang)
        .order_by("-pk")
        .values_list(*KOLONNER, "rang")
    )
    sql, parametre = rader.query.sql_with_params()
    return sql, tuple(parametre)


class PostgresMotor(Motor):
    navn = "postgresql"

    def sett_inn(self, rader: Sequence[NyRad]) -> None:
        if not rader:
            return
        felter = Indeksrad._meta.concrete_fields
        kolonner = ", ".join(felt.column for felt in felter)
        plasser = ", ".join(["%s"] * len(felter))
        sql = (
            f"INSERT INTO sok_indeksrad ({kolonner}, sokevektor) VALUES ({plasser}, "  # noqa: S608
            "setweight(to_tsvector('norwegian', %s), 'A') || "
            "setweight(to_tsvector('norwegian', %s), 'B') || array_to_tsvector(ARRAY[%s]))"
        )
        verdier = [
            [
                *(
                    felt.get_db_prep_save(getattr(ny.rad, felt.attname), connection)
                    for felt in felter
                ),
                ny.tittel,
                ny.tekst[:MAKS_TEKST],
                distriktsord(ny.rad.virksomhet_id),
            ]
            for ny in rader
        ]
        with connection.cursor() as markoer:
            markoer.executemany(sql, verdier)

    @contextmanager
    def skrivetransaksjon(self) -> Iterator[None]:
        ytterst = not connection.in_atomic_block
        with transaction.atomic():
            if ytterst:
                # For this transaction only: commit without waiting for the WAL flush.
                with connection.cursor() as markoer:
                    markoer.execute("SET LOCAL synchronous_commit = off")
            yield

    def _forventet_antall(self, tsquery: str, distrikter: str) -> float:
        with connection.cursor() as markoer:
            markoer.execute(
                _estimat(bool(distrikter)), [tsquery, *([distrikter] if distrikter else [])]
            )
            plan = markoer.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return float(plan[0]["Plan"]["Plan Rows"])

    def _kandidater(
        self, uttrykk: Soekeuttrykk, utvalg: Utvalg, grense: int, forskyvning: int, rangert: bool
    ) -> list[Kandidat]:
        tsquery, distrikter = som_tsquery(uttrykk), _distrikter(utvalg.virksomheter)
        treff_sql = _treffsporring(
            faa=self._forventet_antall(tsquery, distrikter) < TERSKEL_TREFF,
            distriktsvis=bool(distrikter),
        )
        distrikt = [distrikter] if distrikter else []
        tilgang_sql, tilgang_parametre = _tilgangssporring(utvalg, rangert=rangert)
        erstatning: dict[str, Any] = {_TSQUERY_I_TITTEL: som_tsquery_i_tittel(uttrykk)}
        fra, til = utvalg.filtre.nokler()
        trenger, bolk = forskyvning + grense, FOERSTE_BOLK
        funnet: list[Kandidat] = []
        with connection.cursor() as markoer:
            while len(funnet) < trenger:
                markoer.execute(treff_sql, [tsquery, *distrikt, fra, til, bolk])
                ider = [rad[0] for rad in markoer.fetchall()]
                if not ider:
                    break
                erstatning[_IDER] = ider
                markoer.execute(
                    tilgang_sql,
                    [
                        erstatning.get(verdi, verdi) if isinstance(verdi, str) else verdi
                        for verdi in tilgang_parametre
                    ],
                )
                funnet += [Kandidat(*rad) for rad in markoer.fetchall()]
                if len(ider) < bolk:
                    break
                til, bolk = ider[-1], bolk * 2
        return funnet[forskyvning:trenger]

    def ren_soek(self, uttrykk: Soekeuttrykk, grense: int) -> list[int]:
        if uttrykk.er_tomt:
            return []
        with connection.cursor() as markoer:
            markoer.execute(_REN, [som_tsquery(uttrykk), grense])
            return [rad[0] for rad in markoer.fetchall()]

    def tom(self) -> None:
        with connection.cursor() as markoer:
            # DELETE, not TRUNCATE: TRUNCATE fails in a transaction with pending FK checks.
            markoer.execute("DELETE FROM sok_indeksrad")
