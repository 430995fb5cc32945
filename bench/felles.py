"""What the three benches (`python -m bench`, `bench.sok`, `bench.inntak`) share.

The driver side: one process per engine (Django settings are process-wide), each started with
the bench's options, PostgreSQL started (or skipped with the reason) first, the result taken
from the process's `…-RESULTAT {json}` line, the load average printed before and after.

The engine side: progress on stderr, paths measured in alternating blocks under a time budget,
the engine's version, and the instruments of the `--profil` runs (timers on functions, the
time inside the database driver, what a query is, cProfile's views).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import pstats
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench import oppsett

START = time.perf_counter()


def logg(tekst: str, *, bredde: int = 6) -> None:
    """Progress on stderr, with the seconds since the process started."""
    print(f"{time.perf_counter() - START:{bredde}.1f} s  {tekst}", file=sys.stderr, flush=True)


# --- options ---------------------------------------------------------------------------------


def maalevalg(
    parser: argparse.ArgumentParser,
    standard: Mapping[str, float],
    hjelp: Mapping[str, str] | None = None,
) -> list[str]:
    """`--antall`, `--oppvarming`, `--blokk`, `--maks-sekunder` …: one option per name, its
    type that of its default; returns their names in the parsed arguments (`maks_sekunder`)."""
    for navn, verdi in standard.items():
        parser.add_argument(
            f"--{navn}", type=type(verdi), default=verdi, help=(hjelp or {}).get(navn)
        )
    return [navn.replace("-", "_") for navn in standard]


# --- the driver: one process per engine ------------------------------------------------------


def last() -> str:
    return " ".join(f"{verdi:.2f}" for verdi in os.getloadavg())


def skriv_maskin(maaling: str) -> None:
    """The machine and what is measured, and the load average at the start."""
    print(
        f"  Machine: {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}; {maaling}"
    )
    print(f"  Load average at start: {last()}", flush=True)
    print(flush=True)


def skriv_slutt(start: float) -> None:
    print(f"Load average at end: {last()}; total time {time.perf_counter() - start:.0f} s")


def kommando(modul: str, **valg: object) -> list[str]:
    """`python -m modul --navn verdi …` (underscores in a name become hyphens)."""
    argumenter = [sys.executable, "-m", modul]
    for navn, verdi in valg.items():
        argumenter += [f"--{navn.replace('_', '-')}", str(verdi)]
    return argumenter


def resultat_fra(argumenter: list[str], prefiks: str) -> tuple[dict[str, Any] | None, int]:
    """Run one engine's process (its stderr goes to ours); its `prefiks{json}` line, read
    from the end of its stdout, or None, and its exit status."""
    prosess = subprocess.run(argumenter, stdout=subprocess.PIPE, text=True, check=False)  # noqa: S603
    for linje in reversed(prosess.stdout.splitlines()):
        if linje.startswith(prefiks):
            return json.loads(linje[len(prefiks) :]), prosess.returncode
    return None, prosess.returncode


def kjoer_motorer(
    motorer: list[str],
    modul: str,
    prefiks: str,
    valg: Mapping[str, object],
    *,
    profil: list[str] | None,
    skriv_tabell: Callable[[list[dict[str, Any]]], None],
) -> int:
    """One process per engine, PostgreSQL skipped (with the reason) when it cannot be used,
    then the table and the load average at the end; the exit status (1 when a run failed).
    With `profil` (extra options) each process prints its findings and there is no table."""
    start = time.perf_counter()
    resultater: list[dict[str, Any]] = []
    for motor in motorer:
        if motor == "postgresql":
            grunn = oppsett.postgres_grunn()
            if grunn:
                print(f"PostgreSQL: SKIPPED – {grunn}", flush=True)
                resultater.append({"motor": motor, "hoppet_over": grunn})
                continue
        argumenter = kommando(modul, motor=motor, **valg)
        if profil:
            subprocess.run([*argumenter, *profil], check=False)  # noqa: S603
            continue
        resultat, kode = resultat_fra(argumenter, prefiks)
        if resultat is None:
            feil = f"the run failed (exit {kode}); see its output above"
            print(f"{motor}: {feil}", flush=True)
            resultat = {"motor": motor, "feil": feil}
        resultater.append(resultat)
    if not profil:
        skriv_tabell(resultater)
    skriv_slutt(start)
    return 0 if all("feil" not in r for r in resultater) else 1


def tabellrader(
    resultater: list[dict[str, Any]], hode: str, bredde: int
) -> Iterator[dict[str, Any]]:
    """Print the table's head, then yield the engines that ran; a skipped or failed one gets
    its line (its first column `bredde` wide) in its place."""
    print()
    print(hode)
    print("-" * len(hode))
    for r in resultater:
        if "hoppet_over" in r:
            print(f"{'PostgreSQL':{bredde}s} SKIPPED: {r['hoppet_over']}")
        elif "feil" in r:
            print(f"{r['motor']:{bredde}s} FAILED: {r['feil']}")
        else:
            yield r


# --- the engine side: set-up ---------------------------------------------------------------


@contextmanager
def motorprosess(
    motor: str,
    database: str = oppsett.PG_DATABASE,
    *,
    slett_database: bool = False,
    slutt: str | None = None,
) -> Iterator[Path]:
    """A fresh bench database for `motor`, migrated; yields the data folder. Afterwards the
    connections are closed and the folder removed, the PostgreSQL database dropped when
    `slett_database`, and `slutt` logged."""
    datamappe = oppsett.miljoe_for(motor, database)
    try:
        oppsett.django_opp()
        yield datamappe
    finally:
        import shutil

        from django.db import connections

        connections.close_all()
        shutil.rmtree(datamappe, ignore_errors=True)
        if slett_database and motor == "postgresql":
            oppsett.pg_database(database, opprett=False)
        if slutt is not None:
            logg(f"[{motor}] {slutt}")


# --- the engine side: measuring --------------------------------------------------------------


def i_blokker(
    kjoerere: Mapping[str, Callable[[], float]],
    *,
    antall: int,
    blokk: int,
    maks_sekunder: float,
    etter_blokk: Callable[[int, int, float], None] | None = None,
    ved_stopp: Callable[[int], None],
) -> dict[str, list[float]]:
    """`antall` durations of each path, in blocks of `blokk` per path whose order turns each
    time (A B, B A, … : ABBA), so that drift hits every path alike. Past `maks_sekunder` no
    new block is started: `ved_stopp` is told how many each path got. `etter_blokk` is told
    the block's number, the number of blocks and the seconds spent so far."""
    stier = tuple(kjoerere)
    tider: dict[str, list[float]] = {sti: [] for sti in stier}
    blokker = -(-antall // blokk)
    start = time.perf_counter()
    for b in range(blokker):
        rekkefoelge = stier if b % 2 == 0 else stier[::-1]
        n = min(blokk, antall - b * blokk)
        for sti in rekkefoelge:
            tider[sti].extend(kjoerere[sti]() for _ in range(n))
        brukt = time.perf_counter() - start
        if etter_blokk is not None:
            etter_blokk(b + 1, blokker, brukt)
        if brukt > maks_sekunder and b + 1 < blokker:
            ved_stopp(len(tider[stier[0]]))
            break
    return tider


def versjon(connection: Any) -> str:
    """The engine, its version and how durable its commits are."""
    if connection.vendor == "sqlite":
        import sqlite3

        with connection.cursor() as markoer:
            markoer.execute("PRAGMA journal_mode")
            journal = markoer.fetchone()[0]
            markoer.execute("PRAGMA synchronous")
            synk = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[markoer.fetchone()[0]]
        return f"SQLite {sqlite3.sqlite_version} ({journal}, synchronous={synk})"
    with connection.cursor() as markoer:
        markoer.execute("SHOW server_version")
        versjon = markoer.fetchone()[0].split()[0]
        markoer.execute("SHOW synchronous_commit")
        synk = markoer.fetchone()[0]
    return f"PostgreSQL {versjon} (synchronous_commit={synk})"


# --- the engine side: profiling --------------------------------------------------------------


_TABELL = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)
_PROSJEKT = re.compile(r"/src/(\w+)/(.+)\.py$")


def spoerringsslag(sql: str) -> str:
    """`SELECT sakarkiv_nummerserie`, `SAVEPOINT` … : what a query is, without its values."""
    ord_ = sql.lstrip().split(None, 1)[0].upper()
    if ord_ in {"SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT"}:
        return ord_
    treff = _TABELL.search(sql)
    laas = " FOR UPDATE" if "FOR UPDATE" in sql.upper() else ""
    return f"{ord_} {treff.group(1) if treff else '?'}{laas}"


def prosjektmodul(fil: str) -> tuple[str, str] | None:
    """(app, module path) of a file of the project's code (src/), or None."""
    treff = _PROSJEKT.search(fil)
    if treff and "/site-packages/" not in fil:
        return treff.group(1), treff.group(2)
    return None


@contextmanager
def tidtaker(eier: Any, navn: str, summer: dict[str, float], etikett: str) -> Iterator[None]:
    """Time every call of `eier.navn` (a module function as its callers look it up, or a
    method of one instance) into `summer[etikett]` for the block; the services are observed,
    never changed."""
    original = getattr(eier, navn)
    eget = navn in vars(eier)

    def tidtatt(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            summer[etikett] = summer.get(etikett, 0.0) + time.perf_counter() - start

    setattr(eier, navn, tidtatt)
    try:
        yield
    finally:
        if eget:
            setattr(eier, navn, original)
        else:
            delattr(eier, navn)  # an instance's wrapper over its class's method


class Driverklokke:
    """A Django execute_wrapper: seconds inside the database driver and the query count; with
    `spoerringer`, each query's time and kind, and where `kaller` says it came from."""

    def __init__(
        self, *, spoerringer: bool = False, kaller: Callable[[], str] | None = None
    ) -> None:
        self.sekunder = 0.0
        self.antall = 0
        self.med_spoerringer = spoerringer
        self.kaller = kaller
        self.spoerringer: list[tuple[float, str, str]] = []

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            brukt = time.perf_counter() - start
            self.sekunder += brukt
            self.antall += 1
            if self.med_spoerringer:
                kaller = self.kaller() if self.kaller is not None else ""
                self.spoerringer.append((brukt, spoerringsslag(sql), kaller))


def hoteste(profil: Any, antall: int) -> str:
    """cProfile's table of the `antall` functions with the most own time, without its
    header lines."""
    ut = io.StringIO()
    pstats.Stats(profil, stream=ut).strip_dirs().sort_stats("tottime").print_stats(antall)
    return ut.getvalue().split("\n", 4)[-1].rstrip()
