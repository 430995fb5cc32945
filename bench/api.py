"""`python -m bench.api`: the Noark 5 REST API under gunicorn on SQLite and PostgreSQL (issue 5).

Create throughput (a journalpost with two korrespondanseparter, three requests as a client
following `_links` makes them) with one client and with `--klienter` clients at once, as a
ratio to plain per-row-commit inserts of the same three rows with as many connections; and
the p95 of listing a case's journalposts, as a ratio to the plain indexed query of the same
page. Everything in the same run, on the same machine: the clients, gunicorn and the
database share its cores. Each engine runs in its own process (`bench.api_maaling`).
"""

from __future__ import annotations

import argparse
from typing import Any

from bench import felles, oppsett
from bench.api_maaling import RESULTAT_PREFIKS

MAAL = 1 / 5
MAAL_TEKST = "≥ 0.20"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__)
    parser.add_argument(
        "--motor", choices=oppsett.MOTORER, action="append", help="only this engine (repeatable)"
    )
    videre = felles.maalevalg(
        parser,
        {"antall": 200, "klienter": 8, "lesinger": 300, "maks-sekunder": 30.0},
        {
            "antall": "journalposts per create run",
            "klienter": "concurrent clients in the second create run",
            "lesinger": "list requests and plain queries",
            "maks-sekunder": "per run: start no new journalpost after this many seconds",
        },
    )
    args = parser.parse_args()
    print("Arkivar bench: Noark 5 REST API under gunicorn (4 workers), ratio to plain")
    print(
        "  create: POST ny-journalpost + 2 × POST ny-korrespondansepartperson (OAuth2 Bearer, "
        "links followed); plain: the same 3 rows, one commit each"
    )
    felles.skriv_maskin(
        f"{args.antall} journalposts per run with 1 and {args.klienter} clients; "
        f"{args.lesinger} list requests"
    )
    return felles.kjoer_motorer(
        args.motor or list(oppsett.MOTORER),
        "bench.api_maaling",
        RESULTAT_PREFIKS,
        {navn: getattr(args, navn) for navn in videre},
        profil=None,
        skriv_tabell=_skriv_tabell,
    )


def _skriv_tabell(resultater: list[dict[str, Any]]) -> None:
    hode = (
        f"{'Engine (durability)':42s} {'Path':24s} {'n':>5s} {'Rate (jp/s)':>11s} "
        f"{'p50 ms':>8s} {'p95 ms':>8s}"
    )
    for r in felles.tabellrader(resultater, hode, 42):
        motor = r["versjon"]
        for klienter in (1, r["klienter"]):
            api, ren = r[f"api_{klienter}"], r[f"ren_{klienter}"]
            for navn, s in ((f"API, {klienter} client(s)", api), (f"plain, {klienter} conn.", ren)):
                print(
                    f"{motor:42s} {navn:24s} {s['antall']:5d} {s['rate']:11.1f} "
                    f"{s['p50_ms']:8.2f} {s['p95_ms']:8.2f}"
                )
                motor = ""
            forhold = api["rate"] / ren["rate"]
            dom = "OK" if forhold >= MAAL else "BELOW GOAL"
            print(f"{'':42s} ratio API/plain {forhold:6.3f}   goal {MAAL_TEKST}   {dom}")
        liste, ren = r["liste_api"], r["liste_ren"]
        for navn, s in (("list p95, API", liste), ("list p95, plain query", ren)):
            tider = f"{s['p50_ms']:8.2f} {s['p95_ms']:8.2f}"
            print(f"{'':42s} {navn:24s} {s['antall']:5d} {'':11s} {tider}")
        print(f"{'':42s} list p95 API/plain {liste['p95_ms'] / ren['p95_ms']:6.1f}×")


if __name__ == "__main__":
    raise SystemExit(main())
