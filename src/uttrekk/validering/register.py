"""What the checks must remember across the whole of arkivstruktur.xml, kept on disk.

An extract of a large municipality holds millions of systemIDs and document references; a
Python set of them would cost gigabytes. They go into a temporary SQLite database instead
(one file in a temporary directory that the caller removes), written in batches and queried
once at the end: duplicates through a PRIMARY KEY with an upsert counter, dangling
references through anti-joins.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_BATCH = 10_000

_SKJEMA = """
CREATE TABLE systemid (
    id TEXT PRIMARY KEY, element TEXT, linje INTEGER, antall INTEGER, siste_linje INTEGER
) WITHOUT ROWID;
CREATE TABLE referanse (
    art TEXT, verdi TEXT, element TEXT, kilde TEXT, linje INTEGER
);
CREATE TABLE dokumentfil (sti TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE filreferanse (sti TEXT PRIMARY KEY, antall INTEGER) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class Duplikat:
    id: str
    antall: int
    element: str
    linje: int | None
    siste_linje: int | None


@dataclass(frozen=True)
class Referanse:
    verdi: str
    element: str
    kilde: str
    linje: int | None


class Register:
    def __init__(self, mappe: Path) -> None:
        self._db = sqlite3.connect(mappe / "register.sqlite3")
        # A throwaway database: no journal, no fsync.
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.executescript(_SKJEMA)
        self._systemider: list[tuple[str, str, int | None, int | None]] = []
        self._referanser: list[tuple[str, str, str, str, int | None]] = []
        self._dokumentfiler: list[tuple[str]] = []
        self._filreferanser: list[tuple[str]] = []

    def lukk(self) -> None:
        self._db.close()

    # --- writing, in batches ---------------------------------------------------------------

    def systemid(self, verdi: str, element: str, linje: int | None) -> None:
        self._systemider.append((verdi, element, linje, linje))
        if len(self._systemider) >= _BATCH:
            self._skriv_systemider()

    def referanse(self, art: str, verdi: str, element: str, kilde: str, linje: int | None) -> None:
        """A reference of kind `art` ("arkivdel", "klasse", "arkivenhet") from `element` with
        systemID `kilde`."""
        self._referanser.append((art, verdi, element, kilde, linje))
        if len(self._referanser) >= _BATCH:
            self._skriv_referanser()

    def dokumentfil(self, sti: str) -> None:
        self._dokumentfiler.append((sti,))
        if len(self._dokumentfiler) >= _BATCH:
            self._skriv_dokumentfiler()

    def filreferanse(self, sti: str) -> None:
        self._filreferanser.append((sti,))
        if len(self._filreferanser) >= _BATCH:
            self._skriv_filreferanser()

    def skriv(self) -> None:
        self._skriv_systemider()
        self._skriv_referanser()
        self._skriv_dokumentfiler()
        self._skriv_filreferanser()

    def _skriv_systemider(self) -> None:
        with self._db:
            self._db.executemany(
                "INSERT INTO systemid (id, element, linje, antall, siste_linje) "
                "VALUES (?, ?, ?, 1, ?) "
                "ON CONFLICT (id) DO UPDATE SET antall = antall + 1, "
                "siste_linje = excluded.siste_linje",
                self._systemider,
            )
        self._systemider.clear()

    def _skriv_referanser(self) -> None:
        with self._db:
            self._db.executemany("INSERT INTO referanse VALUES (?, ?, ?, ?, ?)", self._referanser)
        self._referanser.clear()

    def _skriv_dokumentfiler(self) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR IGNORE INTO dokumentfil (sti) VALUES (?)", self._dokumentfiler
            )
        self._dokumentfiler.clear()

    def _skriv_filreferanser(self) -> None:
        with self._db:
            self._db.executemany(
                "INSERT INTO filreferanse (sti, antall) VALUES (?, 1) "
                "ON CONFLICT (sti) DO UPDATE SET antall = antall + 1",
                self._filreferanser,
            )
        self._filreferanser.clear()

    # --- queries, after `skriv` ------------------------------------------------------------

    def duplikater(self) -> Iterator[Duplikat]:
        rader = self._db.execute(
            "SELECT id, antall, element, linje, siste_linje FROM systemid WHERE antall > 1 "
            "ORDER BY linje"
        )
        for rad in rader:
            yield Duplikat(*rad)

    def ukjente_referanser(self, art: str, element: str | None = None) -> Iterator[Referanse]:
        """References of kind `art` whose value is no systemID (of an `element`, if given)."""
        if element:
            rader = self._db.execute(
                "SELECT r.verdi, r.element, r.kilde, r.linje FROM referanse r "
                "LEFT JOIN systemid s ON s.id = r.verdi AND s.element = ? "
                "WHERE r.art = ? AND s.id IS NULL ORDER BY r.linje",
                (element, art),
            )
        else:
            rader = self._db.execute(
                "SELECT r.verdi, r.element, r.kilde, r.linje FROM referanse r "
                "LEFT JOIN systemid s ON s.id = r.verdi "
                "WHERE r.art = ? AND s.id IS NULL ORDER BY r.linje",
                (art,),
            )
        for rad in rader:
            yield Referanse(*rad)

    def antall_dokumentfiler(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM dokumentfil").fetchone()[0])

    def ureferte_dokumentfiler(self) -> Iterator[str]:
        rader = self._db.execute(
            "SELECT d.sti FROM dokumentfil d LEFT JOIN filreferanse f ON f.sti = d.sti "
            "WHERE f.sti IS NULL ORDER BY d.sti"
        )
        for (sti,) in rader:
            yield sti

    def flerrefererte_filer(self) -> int:
        return int(
            self._db.execute("SELECT COUNT(*) FROM filreferanse WHERE antall > 1").fetchone()[0]
        )
