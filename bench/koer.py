"""Run the registration bench on one engine: `python -m bench.koer --motor sqlite|postgresql`.

Prints human-readable progress on stderr and one line `BENCH-RESULTAT {json}` on stdout, which
`python -m bench` collects. `--profil N` instead profiles N registrations through the services
(bench/profil.py) and prints the findings.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from bench import felles, oppsett
from bench.felles import logg, spoerringsslag
from bench.registrering import (
    MAPPEPREFIKSER,
    RenRegistrering,
    pdf_innhold,
    registrer_med_tjenester,
    tid,
)
from bench.statistikk import oppsummer

RESULTAT_PREFIKS = "BENCH-RESULTAT "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.koer")
    parser.add_argument("--motor", choices=oppsett.MOTORER, required=True)
    felles.maalevalg(
        parser,
        {"antall": 1000, "oppvarming": 50, "blokk": 100, "maks-sekunder": 50.0},
        {
            "antall": "measured registrations per path",
            "oppvarming": "warm-up registrations per path",
            "blokk": "registrations per alternating block",
            "maks-sekunder": "start no new block after this many seconds of measuring",
        },
    )
    parser.add_argument(
        "--saker", type=int, default=20, help="saksmapper the registrations rotate over"
    )
    parser.add_argument(
        "--profil",
        type=int,
        default=0,
        metavar="N",
        help="profile N service registrations instead of measuring",
    )
    args = parser.parse_args(argv)

    with felles.motorprosess(args.motor, slutt="done, data folder removed") as datamappe:
        logg(f"[{args.motor}] migrated")
        from django.core.files.storage import storages

        oppsett.lag_dokumentmapper(Path(storages["dokumenter"].location), MAPPEPREFIKSER)
        bydel = oppsett.lag_bydel(args.saker)
        logg(f"[{args.motor}] set-up done")
        if args.profil:
            from bench.profil import profiler

            profiler(args.motor, bydel, antall=args.profil)
            return 0
        resultat = maal(args, bydel, datamappe)
        resultat["varighet_s"] = round(time.perf_counter() - felles.START, 1)
        print(RESULTAT_PREFIKS + json.dumps(resultat), flush=True)
        return 0


class Teller:
    """Service registrations, numbered, rotating over the service path's saksmapper."""

    def __init__(self, bydel: oppsett.Oppsett) -> None:
        self.bydel = bydel
        self.nr = 0
        self.siste: Any = None

    def tjeneste(self) -> float:
        self.nr += 1
        nr = self.nr
        sak = self.bydel.saker_tjeneste[nr % len(self.bydel.saker_tjeneste)]
        innhold = pdf_innhold(nr)

        def en() -> None:
            self.siste = registrer_med_tjenester(self.bydel.bruker, sak, nr, innhold)

        return tid(en)


def _logg_rader() -> int:
    from sporing.models import Endringslogg

    return Endringslogg.objects.count()


def maal(args: argparse.Namespace, bydel: oppsett.Oppsett, datamappe: Path) -> dict[str, Any]:
    from django.db import connection

    teller = Teller(bydel)
    foer = _logg_rader()
    for _ in range(args.oppvarming):
        teller.tjeneste()
    logg_per_registrering, rest = divmod(_logg_rader() - foer, args.oppvarming)
    assert rest == 0, "the registrations wrote different numbers of log rows"

    ren = RenRegistrering(
        motor=args.motor,
        mal=teller.siste,
        antall_logg=logg_per_registrering,
        saker=bydel.saker_ren,
        filmappe=datamappe / "ren",
    )
    nr_ren = 0

    def en_ren() -> float:
        nonlocal nr_ren
        nr_ren += 1
        innhold = pdf_innhold(nr_ren)
        return tid(lambda: ren.registrer(innhold))

    for _ in range(args.oppvarming):
        en_ren()
    logg(f"[{args.motor}] warmed up; {logg_per_registrering} log rows per registration")

    # ABBA order (S P, P S, S P …) so that drift during the run hits both paths alike. Each
    # block runs both paths equally often; past the time budget no new block is started.
    tider = felles.i_blokker(
        {"tjeneste": teller.tjeneste, "ren": en_ren},
        antall=args.antall,
        blokk=args.blokk,
        maks_sekunder=args.maks_sekunder,
        etter_blokk=lambda nr, blokker, brukt: logg(
            f"[{args.motor}] block {nr}/{blokker}, {brukt:.0f} s measuring"
        ),
        ved_stopp=lambda antall: logg(
            f"[{args.motor}] time budget of {args.maks_sekunder:.0f} s used up: "
            f"{antall} instead of {args.antall} per path"
        ),
    )

    spoerringer = tell_spoerringer(teller, antall=20)
    logg(f"[{args.motor}] queries counted")
    tjeneste = oppsummer(tider["tjeneste"])
    ren_stat = oppsummer(tider["ren"])
    return {
        "motor": args.motor,
        "versjon": felles.versjon(connection),
        "antall": len(tider["tjeneste"]),
        "antall_bedt_om": args.antall,
        "oppvarming": args.oppvarming,
        "blokk": args.blokk,
        "tjeneste": tjeneste,
        "ren": ren_stat,
        "forhold": tjeneste["rate"] / ren_stat["rate"],
        "logg_rader_per_registrering": logg_per_registrering,
        "spoerringer_per_registrering": spoerringer["per_registrering"],
        "spoerringer_fordelt": spoerringer["fordelt"],
        "ren_kall_per_registrering": 8,
        "ren_rader_per_registrering": 6 + logg_per_registrering,
        "python": platform.python_version(),
    }


def tell_spoerringer(teller: Teller, *, antall: int) -> dict[str, Any]:
    """Queries per service registration, counted with CaptureQueriesContext (not timed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fordelt: collections.Counter[str] = collections.Counter()
    totalt = 0
    for _ in range(antall):
        with CaptureQueriesContext(connection) as fanget:
            teller.tjeneste()
        totalt += len(fanget.captured_queries)
        fordelt.update(spoerringsslag(q["sql"]) for q in fanget.captured_queries)
    return {
        "per_registrering": totalt / antall,
        "fordelt": {k: v / antall for k, v in fordelt.most_common()},
    }


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
