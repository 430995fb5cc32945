"""Where a registration through the services spends its time (`--profil N`).

Prints, per registration: the time of each step, the time inside the database driver and in
the document store, every query with the line of project code that issued it, and cProfile's
view of the project's functions. The services are only observed (wrapped in this process),
never changed.
"""

from __future__ import annotations

import collections
import cProfile
import pstats
import sys
import time

from bench.felles import Driverklokke, hoteste, prosjektmodul, tidtaker
from bench.koer import Teller, tell_spoerringer
from bench.oppsett import Oppsett
from bench.registrering import pdf_innhold, registrer_med_tjenester


def _kaller() -> str:
    """The innermost frame in the project's code (src/), as `app/module.function:line`."""
    ramme = sys._getframe(2)
    while ramme is not None:
        modul = prosjektmodul(ramme.f_code.co_filename)
        if modul:
            return f"{'.'.join(modul).replace('/', '.')}.{ramme.f_code.co_name}:{ramme.f_lineno}"
        ramme = ramme.f_back  # type: ignore[assignment]
    return "(django)"


def profiler(motor: str, bydel: Oppsett, *, antall: int) -> None:
    from django.db import connection

    import dokument.services
    import sporing.services

    teller = Teller(bydel)
    for _ in range(50):
        teller.tjeneste()

    # 1. Steps, driver time and store time, without a profiler's overhead.
    faser: dict[str, float] = {}
    deler: dict[str, float] = {}
    klokke = Driverklokke()
    start = time.perf_counter()
    with (
        connection.execute_wrapper(klokke),
        tidtaker(dokument.services, "lagre_innhold", deler, "lagre_innhold"),
        tidtaker(sporing.services, "_skriv_til_kjeden", deler, "_skriv_til_kjeden"),
    ):
        for _ in range(antall):
            teller.nr += 1
            sak = bydel.saker_tjeneste[teller.nr % len(bydel.saker_tjeneste)]
            registrer_med_tjenester(bydel.bruker, sak, teller.nr, pdf_innhold(teller.nr), faser)
    varighet = time.perf_counter() - start

    def ms(sekunder: float) -> str:
        return f"{1000 * sekunder / antall:7.3f}"

    print(
        f"\n== {motor}: {antall} registrations through the services, "
        f"{antall / varighet:.0f}/s, {1000 * varighet / antall:.2f} ms each =="
    )
    print("Time per registration by step (ms):")
    for navn, sekunder in faser.items():
        print(f"  {ms(sekunder)}  {navn}")
    print("Of which (ms):")
    print(f"  {ms(klokke.sekunder)}  inside the database driver (execute, all queries but COMMIT)")
    print(
        f"  {ms(deler.get('lagre_innhold', 0.0))}  dokument.lagring.lagre_innhold "
        "(temp file, write, hash, fsync, rename, fsync folder)"
    )
    print(
        f"  {ms(deler.get('_skriv_til_kjeden', 0.0))}  sporing.services._skriv_til_kjeden "
        "(lock chain head, hash, insert log rows)"
    )

    # 2. Every query of a registration, with the project line that issued it.
    spoerringer = tell_spoerringer(teller, antall=20)
    print(f"\nQueries per registration: {spoerringer['per_registrering']:.1f}")
    for slag, n in spoerringer["fordelt"].items():
        print(f"  {n:5.1f}  {slag}")
    klokke = Driverklokke(spoerringer=True, kaller=_kaller)
    with connection.execute_wrapper(klokke):
        teller.tjeneste()
    print("\nThe queries of one registration, in order (driver ms, statement, issued by):")
    for brukt, slag, kaller in klokke.spoerringer:
        print(f"  {1000 * brukt:6.3f}  {slag:48s} {kaller}")
    print("  (+ COMMIT through connection.commit())")

    # 3. cProfile: the project's functions, and the hottest functions overall.
    profil = cProfile.Profile()
    profil.enable()
    for _ in range(antall):
        teller.tjeneste()
    profil.disable()
    _skriv_profil(profil, antall)
    sys.stdout.flush()


def _skriv_profil(profil: cProfile.Profile, antall: int) -> None:
    statistikk = pstats.Stats(profil)
    rader = statistikk.stats  # type: ignore[attr-defined]
    totalt = max(cum for (_n, _c, _t, cum, _k) in rader.values())
    prosjekt = []
    for (fil, linje, funksjon), (_cc, kall, tot, cum, _k) in rader.items():
        modul = prosjektmodul(fil)
        if modul:
            prosjekt.append((cum, tot, kall, f"{'/'.join(modul)}.py:{linje}({funksjon})"))
    prosjekt.sort(reverse=True)
    print(
        f"\ncProfile ({antall} registrations, {1000 * totalt / antall:.1f} ms each under the "
        "profiler): the project's functions by cumulative time"
    )
    print("  cum ms/reg  own ms/reg  calls/reg  function")
    for cum, tot, kall, navn in prosjekt[:40]:
        per_reg = f"{1000 * cum / antall:10.3f}  {1000 * tot / antall:10.3f}"
        print(f"  {per_reg}  {kall / antall:9.1f}  {navn}")

    print(f"\ncProfile, the hottest functions overall by own time ({antall} registrations):")
    print(hoteste(profil, 25))
    aggregert: collections.Counter[str] = collections.Counter()
    for (fil, _linje, _funksjon), (_cc, _kall, tot, _cum, _k) in rader.items():
        if "/django/db/" in fil:
            aggregert["Django ORM and backends (django/db)"] += tot
        elif "/django/" in fil:
            aggregert["Django, other"] += tot
        elif "/psycopg/" in fil:
            aggregert["psycopg"] += tot
        elif prosjektmodul(fil):
            aggregert["Arkivar code (src/)"] += tot
        elif fil == "~":
            aggregert["built-ins (incl. sqlite3, fsync, hashing)"] += tot
        else:
            aggregert["other Python"] += tot
    print("\nOwn time by package (share of the profiled time):")
    sum_tot = sum(aggregert.values())
    for navn, tot in aggregert.most_common():
        print(f"  {100 * tot / sum_tot:5.1f} %  {navn}")
