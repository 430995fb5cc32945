"""The engine-specific half of search, behind one small interface (style.md §7).

`motor()` gives the adapter for the default database: SQLite FTS5 over stemmed shadow text
(sok/adaptere/sqlite.py) or PostgreSQL full text with the `norwegian` configuration
(sok/adaptere/postgresql.py). Everything else in `sok` is the same on both.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

from django.db import connection

from sok.models import Indeksrad
from sok.spoerring import Soekeuttrykk
from sok.utvalg import Utvalg

# Document text beyond this many characters is not indexed (about 150 pages). PostgreSQL
# refuses a tsvector over 1 MB, and the head of a document is what a search mostly needs.
MAKS_TEKST = 500_000

# What a search reads of each hit: enough for the page, the facets and the count.
KOLONNER = (
    "id",
    "art",
    "mappe_id",
    "registrering_id",
    "dokumentbeskrivelse_id",
    "tilknytning_id",
    "virksomhet_id",
    "journalposttype",
    "journalstatus",
    "saksstatus",
    "aar",
)


@dataclass(frozen=True)
class NyRad:
    """A row to insert (not saved) and its text: title-like fields weigh more than the rest."""

    rad: Indeksrad
    tittel: str
    tekst: str


@dataclass(frozen=True)
class Kandidat:
    """One visible hit, newest first; `rang` is higher for a better match (0 when not
    ranked)."""

    id: int
    art: str
    mappe_id: int | None
    registrering_id: int | None
    dokumentbeskrivelse_id: int | None
    tilknytning_id: int | None
    virksomhet_id: int
    journalposttype: str
    journalstatus: str
    saksstatus: str
    aar: int
    rang: float = 0.0


class Motor(ABC):
    navn: str

    @abstractmethod
    def sett_inn(self, rader: Sequence[NyRad]) -> None:
        """Insert the rows and their text (the caller holds the transaction)."""

    @abstractmethod
    def skrivetransaksjon(self) -> AbstractContextManager[None]:
        """A transaction for index writes whose commit does not wait for the disk.

        The index is derived data, rebuilt by `arkivar sok-indekser`; waiting for a second
        durable commit after every registration would cost the write path more than all the
        indexing does. After a crash of the database server the newest index updates may be
        missing: run `arkivar sok-indekser` after recovery. Inside an outer transaction (a
        test, a caller's atomic block) it is a plain savepoint: the outer commit's
        durability is never lowered.
        """

    def kandidater(
        self,
        *,
        uttrykk: Soekeuttrykk,
        utvalg: Utvalg,
        grense: int,
        forskyvning: int = 0,
        rangert: bool = False,
    ) -> list[Kandidat]:
        """The matches of `uttrykk` among the rows of `utvalg` (what the user may see, as
        filtered), newest first, at most `grense` after skipping `forskyvning`; with `rangert`
        each one's relevance in `rang`."""
        virksomheter = utvalg.virksomheter
        if uttrykk.er_tomt or (virksomheter is not None and not virksomheter) or grense < 1:
            return []
        return self._kandidater(uttrykk, utvalg, grense, forskyvning, rangert)

    @abstractmethod
    def _kandidater(
        self, uttrykk: Soekeuttrykk, utvalg: Utvalg, grense: int, forskyvning: int, rangert: bool
    ) -> list[Kandidat]:
        """`kandidater` where there can be any: a word to search for, a district to search
        in (`utvalg.virksomheter` None or not empty), and at least one hit wanted."""

    @abstractmethod
    def ren_soek(self, uttrykk: Soekeuttrykk, grense: int) -> list[int]:
        """The plain full-text query, newest first, with no access check: the bench's
        baseline."""

    @abstractmethod
    def tom(self) -> None:
        """Remove every row and its text (a rebuild from scratch)."""


def motor() -> Motor:
    if connection.vendor == "postgresql":
        from sok.adaptere.postgresql import PostgresMotor

        return PostgresMotor()
    from sok.adaptere.sqlite import SqliteMotor

    return SqliteMotor()
