"""`python -m bench.uttrekk [--journalposter N] [--import-journalposter M]`: arkivuttrekk (issue 7).

Export: `eksporter` of one arkivdel with N journalposts (default 1,000,000) on SQLite, as
journalposts per second and peak memory of the process, as a ratio to the plain baseline in
the same run: the very elements the export wrote to its three XML files, built and written
with lxml's incremental writer and nothing else (`bench.uttrekk_maaling ren-skriving`).
Import: `importer` of an extract of M journalposts (default 20,000) into an empty installation,
as rows per second, as a ratio to plain executemany inserts of as many rows in one
transaction. Each step runs in its own
process, so its peak memory (ru_maxrss) is its own; building the archive is not measured.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import felles
from bench.uttrekk_maaling import RESULTAT_PREFIKS

MAAL_EKSPORT = 0.5
MAAL_MINNE_MB = 300


def _steg(data: Path, *argumenter: str) -> dict[str, Any]:
    miljoe = {
        **os.environ,
        "ARKIVAR_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ARKIVAR_DEBUG": "0",
    }
    miljoe.pop("ARKIVAR_DATABASE_URL", None)
    felles.logg(" ".join(argumenter))
    kjoering = subprocess.run(  # noqa: S603 - our own module, an argument list
        [sys.executable, "-m", "bench.uttrekk_maaling", *argumenter],
        env=miljoe,
        capture_output=True,
        text=True,
        check=False,
    )
    for linje in kjoering.stdout.splitlines():
        if linje.startswith(RESULTAT_PREFIKS):
            return dict(json.loads(linje[len(RESULTAT_PREFIKS) :]))
    raise SystemExit(f"{argumenter[0]} feilet:\n{kjoering.stderr[-4000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.uttrekk", description=__doc__)
    parser.add_argument("--journalposter", type=int, default=1_000_000)
    parser.add_argument("--import-journalposter", type=int, default=20_000)
    args = parser.parse_args()
    start = time.perf_counter()
    print("Arkivar bench: arkivuttrekk export and import (SQLite), ratio to plain")
    felles.skriv_maskin(
        f"export {args.journalposter} journalposts, import {args.import_journalposter}"
    )
    with tempfile.TemporaryDirectory(prefix="arkivar-bench-uttrekk-") as rot:
        kilde, ny, ut = Path(rot) / "kilde", Path(rot) / "ny", Path(rot) / "ut"
        bygget = _steg(kilde, "bygg", str(args.journalposter), str(args.import_journalposter))
        eksport = _steg(kilde, "eksporter", str(ut / "stor"), bygget["stor"])
        ren = _steg(kilde, "ren-skriving", str(ut / "ren"), str(ut / "stor"))
        _steg(kilde, "eksporter", str(ut / "liten"), bygget["liten"])
        innlest = _steg(ny, "importer", str(ut / "liten"))
        innsatt = _steg(ny, "ren-innsetting", str(innlest["rader"]))
    _tabell(eksport, ren, innlest, innsatt)
    felles.skriv_slutt(start)
    return 0


def _tabell(
    eksport: dict[str, Any], ren: dict[str, Any], innlest: dict[str, Any], innsatt: dict[str, Any]
) -> None:
    print(f"{'Path':38s} {'n':>9s} {'seconds':>9s} {'rate/s':>10s} {'peak MB':>8s}")
    for navn, r, n in (
        ("export (journalposts)", eksport, eksport["journalposter"]),
        ("plain lxml write (journalposts)", ren, ren["journalposter"]),
        ("import (rows)", innlest, innlest["rader"]),
        ("plain inserts (rows)", innsatt, innsatt["rader"]),
    ):
        print(
            f"{navn:38s} {n:9d} {r['sekunder']:9.1f} {n / r['sekunder']:10.0f} "
            f"{r['maks_rss_mb']:8.0f}"
        )
    forhold = (eksport["journalposter"] / eksport["sekunder"]) / (
        ren["journalposter"] / ren["sekunder"]
    )
    print(
        f"ratio export/plain {forhold:6.3f}   goal ≥ {MAAL_EKSPORT:.2f}   "
        f"{'OK' if forhold >= MAAL_EKSPORT else 'BELOW GOAL'}"
    )
    minne = eksport["maks_rss_mb"]
    print(
        f"export peak memory {minne:.0f} MB   goal < {MAAL_MINNE_MB} MB   "
        f"{'OK' if minne < MAAL_MINNE_MB else 'ABOVE GOAL'}"
    )
    innlesing = innlest["rader"] / innlest["sekunder"]
    print(f"ratio import/plain {innlesing / (innsatt['rader'] / innsatt['sekunder']):6.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
