"""SQLite: FTS5 over stemmed shadow text.

`sok_fts(tittel, tekst, virksomhet)` (migration 0002) holds, per Indeksrad (rowid = its id),
the stems of its text (sok.tekst.stammetekst) and a token for its district ("v12"). A trigger
removes the text when the row goes, whoever deletes it (a CASCADE from the record included).

A search lets FTS5 drive: it walks the matches newest first (descending rowid, which is the
key order) and checks each against the access rules and filters in a correlated EXISTS, so it
stops after `grense` visible hits instead of collecting every match. The district token lets
FTS5 skip the districts the user has no role in before any row is read.

Relevance is not FTS5's bm25: bm25 counts, per query, every row holding each searched word,
which on a million rows made one common-word search cost 25 ms and more (bench/sok.py). The
candidates are ranked by whether the title holds every searched word (sok.selectors).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import BigIntegerField
from django.db.models.expressions import RawSQL

from sok.adaptere import KOLONNER, MAKS_TEKST, Kandidat, Motor, NyRad
from sok.models import Indeksrad
from sok.spoerring import Soekeuttrykk, som_fts5, som_fts5_i_tittel
from sok.tekst import stammetekst
from sok.utvalg import Utvalg


@lru_cache(maxsize=512)
def _tilgang_og_filtre(utvalg: Utvalg) -> tuple[str, tuple[Any, ...]]:
    """The access rules and filters, as Django builds them (values as parameters), for the
    row `i` of the outer statement; compiled once per Utvalg."""
    indre = utvalg.rader().filter(pk=RawSQL("i.id", (), output_field=BigIntegerField()))
    sql, parametre = indre.values("pk").query.sql_with_params()
    return sql, tuple(parametre)


def _match(uttrykk: Soekeuttrykk, virksomheter: frozenset[int] | None) -> str:
    match = "{tittel tekst} : " + som_fts5(uttrykk)
    if virksomheter is not None:
        tokens = " OR ".join(f'"v{int(v)}"' for v in sorted(virksomheter))
        match += f" AND virksomhet : ({tokens})"
    return match


class SqliteMotor(Motor):
    navn = "sqlite"

    def sett_inn(self, rader: Sequence[NyRad]) -> None:
        if not rader:
            return
        Indeksrad.objects.bulk_create([ny.rad for ny in rader])
        with connection.cursor() as markoer:
            markoer.executemany(
                "INSERT INTO sok_fts (rowid, tittel, tekst, virksomhet) VALUES (%s, %s, %s, %s)",
                [
                    (
                        ny.rad.id,
                        stammetekst(ny.tittel),
                        stammetekst(ny.tekst[:MAKS_TEKST]),
                        f"v{ny.rad.virksomhet_id}",
                    )
                    for ny in rader
                ],
            )

    @contextmanager
    def skrivetransaksjon(self) -> Iterator[None]:
        # synchronous=NORMAL in WAL mode: the commit is not fsynced (the next FULL commit
        # or checkpoint syncs it); the database stays consistent either way.
        if connection.in_atomic_block:
            with transaction.atomic():
                yield
            return
        with connection.cursor() as markoer:
            markoer.execute("PRAGMA synchronous")
            foer = int(markoer.fetchone()[0])
            markoer.execute("PRAGMA synchronous = NORMAL")
        try:
            with transaction.atomic():
                yield
        finally:
            with connection.cursor() as markoer:
                markoer.execute(f"PRAGMA synchronous = {foer}")

    def _kandidater(
        self, uttrykk: Soekeuttrykk, utvalg: Utvalg, grense: int, forskyvning: int, rangert: bool
    ) -> list[Kandidat]:
        indre_sql, indre_parametre = _tilgang_og_filtre(utvalg)
        kolonner = ", ".join(f"i.{kolonne}" for kolonne in KOLONNER)
        # CROSS JOIN keeps sok_fts the outer loop, so the rows come in rowid order unsorted.
        sql = (
            f"SELECT {kolonner}, 0.0 FROM sok_fts CROSS JOIN sok_indeksrad AS i "  # noqa: S608
            "ON i.id = sok_fts.rowid "
            "WHERE sok_fts MATCH %s AND sok_fts.rowid >= %s AND sok_fts.rowid < %s "
            f"AND EXISTS ({indre_sql}) ORDER BY sok_fts.rowid DESC LIMIT %s OFFSET %s"
        )
        fra, til = utvalg.filtre.nokler()
        with connection.cursor() as markoer:
            markoer.execute(
                sql,
                [
                    _match(uttrykk, utvalg.virksomheter),
                    fra,
                    til,
                    *indre_parametre,
                    grense,
                    forskyvning,
                ],
            )
            kandidater = [Kandidat(*rad) for rad in markoer.fetchall()]
        if rangert and kandidater:
            i_tittel = self._i_tittel(uttrykk, kandidater)
            kandidater = [replace(k, rang=float(k.id in i_tittel)) for k in kandidater]
        return kandidater

    def _i_tittel(self, uttrykk: Soekeuttrykk, kandidater: list[Kandidat]) -> set[int]:
        """The candidates with every searched word in the title: one more pass over the
        title matches, limited to the candidates' key range (FTS5 seeks by rowid)."""
        with connection.cursor() as markoer:
            markoer.execute(
                "SELECT rowid FROM sok_fts WHERE sok_fts MATCH %s AND rowid BETWEEN %s AND %s",
                [som_fts5_i_tittel(uttrykk), kandidater[-1].id, kandidater[0].id],
            )
            return {rad[0] for rad in markoer.fetchall()}

    def ren_soek(self, uttrykk: Soekeuttrykk, grense: int) -> list[int]:
        if uttrykk.er_tomt:
            return []
        with connection.cursor() as markoer:
            markoer.execute(
                "SELECT rowid FROM sok_fts WHERE sok_fts MATCH %s ORDER BY rowid DESC LIMIT %s",
                [_match(uttrykk, None), grense],
            )
            return [rad[0] for rad in markoer.fetchall()]

    def tom(self) -> None:
        with connection.cursor() as markoer:
            markoer.execute("DELETE FROM sok_indeksrad")
            markoer.execute("DELETE FROM sok_fts")
