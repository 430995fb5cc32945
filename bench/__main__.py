"""`make bench`: run the registration bench on SQLite and PostgreSQL and print one table.

Each engine runs in its own process (`python -m bench.koer`), since Django settings are
process-wide. Options are passed on to each run, e.g. `python -m bench --antall 300`;
`python -m bench --profil 300` profiles the services on both engines instead.
"""

from __future__ import annotations

import argparse
from typing import Any

from bench import felles, oppsett
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
    videre = felles.maalevalg(
        parser,
        {"antall": 1000, "oppvarming": 50, "blokk": 100, "maks-sekunder": 50.0},
        {"maks-sekunder": "per engine: start no new measuring block after this many seconds"},
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
    felles.skriv_maskin(maaling)

    return felles.kjoer_motorer(
        motorer,
        "bench.koer",
        RESULTAT_PREFIKS,
        {navn: getattr(args, navn) for navn in videre},
        profil=["--profil", str(args.profil)] if args.profil else None,
        skriv_tabell=_skriv_tabell,
    )


def _skriv_tabell(resultater: list[dict[str, Any]]) -> None:
    hode = (
        f"{'Engine (durability)':42s} {'Path':8s} {'n':>5s} {'Rate (reg/s)':>12s} "
        f"{'p50 ms':>8s} {'p95 ms':>8s}"
    )
    for r in felles.tabellrader(resultater, hode, 42):
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
