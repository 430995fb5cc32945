"""`python -m bench.inntak`: ingest throughput (upload + checksum + store) on SQLite and
PostgreSQL, as a ratio to the plain durable store measured in the same run.

For 100 KB, 1 MB and 5 MB files: the plain durable store (hash while writing, fsync, rename,
fsync the folder), `lagre_innhold` (store + checksum) and `dokumentobjekt_opprett` (store +
checksum + format identification + metadata transaction with change log and pipeline job).
An HTTP upload path is not measured: there was no upload endpoint when this bench was written.

Each engine runs in its own process (`python -m bench.inntak_maaling`), since Django settings
are process-wide. `--profil N` shows where N uploads through the services spend their time.
"""

from __future__ import annotations

import argparse
from typing import Any

from bench import felles, oppsett
from bench.inntak_maaling import PG_DATABASE, RESULTAT_PREFIKS, STOERRELSER

MAAL = 0.40
MAAL_STOERRELSE = "5 MB"
MAAL_TEKST = "≥ 0.40"
STINAVN = {
    "ren": "plain durable store",
    "lagre": "lagre_innhold",
    "tjeneste": "dokumentobjekt_opprett",
}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.inntak", description=__doc__)
    parser.add_argument(
        "--motor", choices=oppsett.MOTORER, action="append", help="only this engine (repeatable)"
    )
    videre = felles.maalevalg(
        parser,
        {"antall": 100, "oppvarming": 5, "blokk": 10, "maks-sekunder": 20.0},
        {
            "antall": "files per path and size",
            "oppvarming": "warm-up files per path and size",
            "blokk": "files per path in each block",
            "maks-sekunder": "per engine and size: start no new block after this many seconds",
        },
    )
    parser.add_argument(
        "--profil", type=int, default=0, metavar="N", help="profile N uploads per size instead"
    )
    parser.add_argument(
        "--profil-stoerrelse",
        choices=list(STOERRELSER),
        action="append",
        help="with --profil: only this size (repeatable; default all)",
    )
    args = parser.parse_args()
    motorer = args.motor or list(oppsett.MOTORER)

    print("Arkivar bench: ingest throughput (upload + checksum + store), ratio to plain")
    print(
        "  plain: write the bytes to a new file hashing (SHA-256) in the same pass, fsync, "
        "rename into ab/cd/, fsync the folder"
    )
    print(
        "  files: PDF-like (header + random stream + trailer), every file new content; "
        "1 MB = 10^6 bytes"
    )
    print("  HTTP upload: not measured (no upload endpoint when this bench was written)")
    if args.profil:
        maaling = f"profiling {args.profil} uploads per path and size"
    else:
        maaling = (
            f"{args.antall} files per path and size after {args.oppvarming} warm-up, "
            f"alternating blocks of {args.blokk}"
        )
    felles.skriv_maskin(maaling)

    profil = None
    if args.profil:
        profil = ["--profil", str(args.profil)]
        for stoerrelse in args.profil_stoerrelse or []:
            profil += ["--profil-stoerrelse", stoerrelse]
    return felles.kjoer_motorer(
        motorer,
        "bench.inntak_maaling",
        RESULTAT_PREFIKS,
        {navn: getattr(args, navn) for navn in videre},
        profil=profil,
        skriv_tabell=_skriv_tabell,
    )


def _skriv_tabell(resultater: list[dict[str, Any]]) -> None:
    hode = (
        f"{'Engine (durability)':40s} {'Size':6s} {'Path':23s} {'n':>4s} {'MB/s':>7s} "
        f"{'files/s':>8s} {'p50 ms':>7s} {'p95 ms':>7s} {'ratio':>6s}"
    )
    for r in felles.tabellrader(resultater, hode, 40):
        motor = r["versjon"]
        for stoerrelse, s in r["stoerrelser"].items():
            navn = stoerrelse
            for sti, stinavn in STINAVN.items():
                m = s[sti]
                forhold = 1.0 if sti == "ren" else s[f"forhold_{sti}"]
                print(
                    f"{motor:40s} {navn:6s} {stinavn:23s} {m['antall']:4d} {m['mb_per_s']:7.1f} "
                    f"{m['rate']:8.1f} {m['p50_ms']:7.2f} {m['p95_ms']:7.2f} {forhold:6.2f}"
                )
                motor = navn = ""
            if stoerrelse == MAAL_STOERRELSE:
                forhold = s["forhold_tjeneste"]
                dom = "OK" if forhold >= MAAL else "BELOW GOAL"
                print(
                    f"{'':47s} goal: dokumentobjekt_opprett / plain {forhold:.2f} "
                    f"(goal {MAAL_TEKST} at {MAAL_STOERRELSE})   {dom}"
                )
        sjekk = r["sjekk"]
        print(
            f"{'':47s} last upload identified as {sjekk['format']} ({sjekk['mime_type']}); "
            f"{sjekk['filbehandlinger']} pipeline jobs queued, {sjekk['jobbrader']} task rows"
        )
        print()
    print(f"PostgreSQL database: {PG_DATABASE} (dropped after the run)")


if __name__ == "__main__":
    raise SystemExit(main())
