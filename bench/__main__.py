"""`make bench`: run the registration bench on SQLite and PostgreSQL and print one table.

Each engine runs in its own process (`python -m bench.koer`), since Django settings are
process-wide. Options are passed on to each run, e.g. `python -m bench --antall 300`;
`python -m bench --profil 300` profiles the services on both engines instead.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from typing import Any

from bench import oppsett
from bench.koer import RESULTAT_PREFIKS

MAAL = 1 / 3
MAAL_TEKST = "≥ 0.33"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--motor",
        choices=oppsett.MOTORER,
        action="append",
        help="only this engine (may be repeated)",
    )
    parser.add_argument("--antall", type=int, default=1000)
    parser.add_argument("--oppvarming", type=int, default=50)
    parser.add_argument("--blokk", type=int, default=100)
    parser.add_argument(
        "--maks-sekunder",
        type=float,
        default=50.0,
        help="per engine: start no new measuring block after this many seconds",
    )
    parser.add_argument("--profil", type=int, default=0, metavar="N")
    args = parser.parse_args()
    motorer = args.motor or list(oppsett.MOTORER)

    print("Arkivar bench: one full registration per transaction")
    print(
        "  journalpost (U) + 2 korrespondanseparter + dokumentbeskrivelse + dokumentobjekt "
        "(~2 KB, stored, fsynced, SHA-256) + change log"
    )
    if args.profil:
        maaling = f"profiling {args.profil} registrations through the services per engine"
    else:
        maaling = (
            f"{args.antall} registrations per path and engine after {args.oppvarming} warm-up, "
            f"alternating blocks of {args.blokk}"
        )
    print(
        f"  Machine: {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}; {maaling}"
    )
    print(f"  Load average at start: {_last()}", flush=True)
    print(flush=True)

    resultater: list[dict[str, Any]] = []
    start = time.perf_counter()
    for motor in motorer:
        if motor == "postgresql":
            grunn = _postgres_grunn()
            if grunn:
                print(f"PostgreSQL: SKIPPED – {grunn}", flush=True)
                resultater.append({"motor": motor, "hoppet_over": grunn})
                continue
        kommando = [
            sys.executable,
            "-m",
            "bench.koer",
            "--motor",
            motor,
            "--antall",
            str(args.antall),
            "--oppvarming",
            str(args.oppvarming),
            "--blokk",
            str(args.blokk),
            "--maks-sekunder",
            str(args.maks_sekunder),
        ]
        if args.profil:
            subprocess.run([*kommando, "--profil", str(args.profil)], check=False)  # noqa: S603
            continue
        resultater.append(_kjoer(kommando, motor))

    if not args.profil:
        _skriv_tabell(resultater)
    print(f"Load average at end: {_last()}; total time {time.perf_counter() - start:.0f} s")
    return 0 if all("feil" not in r for r in resultater) else 1


def _last() -> str:
    return " ".join(f"{verdi:.2f}" for verdi in os.getloadavg())


def _postgres_grunn() -> str | None:
    """Why PostgreSQL cannot be used, or None; starts the local cluster if it is down."""
    grunn = oppsett.pg_start_hvis_nede()
    if grunn:
        return grunn
    try:
        import psycopg

        with psycopg.connect(
            host=oppsett.PG_VERT,
            port=oppsett.PG_PORT,
            user=oppsett.PG_BRUKER,
            dbname="postgres",
            connect_timeout=5,
        ):
            pass
    except Exception as feil:
        adresse = f"{oppsett.PG_VERT}:{oppsett.PG_PORT}"
        return f"cannot connect to {adresse} as {oppsett.PG_BRUKER}: {feil}"
    return None


def _kjoer(kommando: list[str], motor: str) -> dict[str, Any]:
    prosess = subprocess.run(kommando, stdout=subprocess.PIPE, text=True, check=False)  # noqa: S603
    for linje in reversed(prosess.stdout.splitlines()):
        if linje.startswith(RESULTAT_PREFIKS):
            return json.loads(linje[len(RESULTAT_PREFIKS) :])  # type: ignore[no-any-return]
    feil = f"the run failed (exit {prosess.returncode}); see its output above"
    print(f"{motor}: {feil}", flush=True)
    return {"motor": motor, "feil": feil}


def _skriv_tabell(resultater: list[dict[str, Any]]) -> None:
    print()
    hode = (
        f"{'Engine (durability)':42s} {'Path':8s} {'n':>5s} {'Rate (reg/s)':>12s} "
        f"{'p50 ms':>8s} {'p95 ms':>8s}"
    )
    print(hode)
    print("-" * len(hode))
    for r in resultater:
        if "hoppet_over" in r:
            print(f"{'PostgreSQL':42s} SKIPPED: {r['hoppet_over']}")
            continue
        if "feil" in r:
            print(f"{r['motor']:42s} FAILED: {r['feil']}")
            continue
        for sti, navn in (("tjeneste", "services"), ("ren", "plain")):
            s = r[sti]
            motor = r["versjon"] if sti == "tjeneste" else ""
            print(
                f"{motor:42s} {navn:8s} {s['antall']:5d} {s['rate']:12.0f} "
                f"{s['p50_ms']:8.2f} {s['p95_ms']:8.2f}"
            )
        dom = "OK" if r["forhold"] >= MAAL else "BELOW GOAL"
        print(f"{'':42s} ratio services/plain {r['forhold']:6.2f}   goal {MAAL_TEKST}   {dom}")
        tjeneste_q = r["spoerringer_per_registrering"]
        ren_kall, ren_rader = r["ren_kall_per_registrering"], r["ren_rader_per_registrering"]
        print(
            f"{'':42s} per registration: services {tjeneste_q:.0f} queries, plain {ren_kall} "
            f"DB-API calls ({ren_rader} rows); {r['logg_rader_per_registrering']} log rows each"
        )
        print()


if __name__ == "__main__":
    raise SystemExit(main())
