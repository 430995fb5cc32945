"""Page bench: `python -m bench.sider` (issue 6: "with the 20,000 demo cases every page answers
in well under a second").

What is measured: the time of a whole GET of each main page through Django's full stack
(middleware, session, the view's selectors, the template), in process with the test client, as
the demo's users of Bydel Alna see them, with `--saker` demo cases (default 20,000) built by
`arkivar demo`. The raw baseline, measured in the same run, is the login page: the same stack
with no archive data, so the ratio is what the page's data costs on top of serving any page.
Each page is fetched `--runder` times after two warm-up fetches; p50 and p95 are printed, with
the number of SQL queries of one fetch (the same for one row as for many: no N+1, see
src/sakarkiv/tests/test_views_sporringer.py).

One engine per run, in a fresh database (a temporary folder for SQLite, the database
`arkivar_bench_sider` for PostgreSQL): `python -m bench.sider --motor postgresql`. Building
20,000 cases takes about 17 minutes on this 2-core machine; the data folder is printed and kept,
and `--gjenbruk MAPPE` measures it again without building; `--saker 2000` for a quick look.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import felles, oppsett
from bench.statistikk import persentil

PG_DATABASE = "arkivar_bench_sider"
MAAL_MS = 1000.0  # "well under a second": every page's p95 below this


def _sider(bruker: Callable[[str], Any]) -> list[tuple[str, str, Any]]:
    """(name, URL, user) of each page; URLs that need a record are found in the data."""
    from sakarkiv.models import Journalpost, Mottakspost, Saksmappe

    saksbehandler = bruker("saksbehandler.alna")
    sak = Saksmappe.objects.filter(referanse_saksansvarlig=saksbehandler).order_by("-pk").first()
    travleste = (
        Journalpost.objects.filter(arkiv__virksomhet__kortnavn="alna")
        .values_list("journaldato", flat=True)
        .order_by("-journaldato")
        .first()
    )
    post = Mottakspost.objects.filter(virksomhet__kortnavn="alna").first()
    arkivar, leder = bruker("arkivar.alna"), bruker("leder.alna")
    sider = [
        ("innlogging (grunnlinje)", "/logg-inn/", None),
        ("min side", "/", saksbehandler),
        ("saksliste", "/saker/", saksbehandler),
        ("ny sak", "/saker/ny/", saksbehandler),
        ("søk", "/sok/?q=s%C3%B8knad", saksbehandler),
        ("min enhet", "/enhet/", leder),
        ("journalkontroll", "/journalkontroll/", arkivar),
        ("mottak", "/mottak/", arkivar),
        ("arkivdeler", "/arkivdeler/", arkivar),
        ("løpende journal", f"/journal/?bydel=alna&dato={travleste}", arkivar),
        ("offentlig journal", f"/offentlig-journal/?bydel=alna&dato={travleste}", None),
    ]
    if sak is not None:
        sider.insert(3, ("sak", f"/saker/{sak.system_id}/", saksbehandler))
    if post is not None:
        sider.append(("registrer post", f"/mottak/{post.system_id}/", arkivar))
    return sider


def _maal(klient: Any, url: str, runder: int) -> tuple[list[float], int]:
    from django.db import connection

    for _ in range(2):
        svar = klient.get(url)
        if svar.status_code != 200:
            raise SystemExit(f"{url}: svarte {svar.status_code}")
    spoerringer: list[str] = []

    def tell(utfoer: Any, sql: str, *rest: Any) -> Any:
        spoerringer.append(sql)
        return utfoer(sql, *rest)

    # Counted at the cursor: the query log is emptied at every request start.
    with connection.execute_wrapper(tell):
        klient.get(url)
    tider = []
    for _ in range(runder):
        start = time.perf_counter()
        klient.get(url)
        tider.append((time.perf_counter() - start) * 1000)
    return sorted(tider), len(spoerringer)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sider", description=__doc__)
    parser.add_argument("--motor", choices=oppsett.MOTORER, default="sqlite")
    parser.add_argument("--saker", type=int, default=20_000)
    parser.add_argument("--runder", type=int, default=30)
    parser.add_argument(
        "--gjenbruk",
        type=Path,
        metavar="MAPPE",
        help="SQLite: measure the demo already built in this data folder (from an earlier run)",
    )
    args = parser.parse_args()
    if args.motor == "postgresql" and (grunn := oppsett.postgres_grunn()):
        raise SystemExit(f"PostgreSQL: {grunn}")
    if args.gjenbruk:
        os.environ["ARKIVAR_DATA_DIR"] = str(args.gjenbruk)
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        os.environ["ARKIVAR_DEBUG"] = "0"
        os.environ.pop("ARKIVAR_DATABASE_URL", None)
    else:
        felles.logg(f"Data: {oppsett.miljoe_for(args.motor, PG_DATABASE)}")
    os.environ["ARKIVAR_ALLOWED_HOSTS"] = "testserver"
    oppsett.django_opp()

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from sakarkiv.models import Saksmappe

    if not args.gjenbruk:
        start = time.monotonic()
        felles.logg(f"Bygger demo med {args.saker} saker ({args.motor}) …")
        with Path(os.devnull).open("w") as stille:
            call_command("demo", saker=args.saker, verbosity=0, stdout=stille)
        felles.logg(f"Demo bygget på {time.monotonic() - start:.0f} s.")
    args.saker = Saksmappe.objects.count()

    brukere = get_user_model().objects
    resultater = []
    for navn, url, bruker in _sider(lambda b: brukere.get(username=b)):
        klient = Client()
        if bruker is not None:
            klient.force_login(bruker)
        tider, antall = _maal(klient, url, args.runder)
        resultater.append((navn, persentil(tider, 0.5), persentil(tider, 0.95), antall))

    grunnlinje = resultater[0][2]
    print(f"\nArkivar page bench: {args.saker} demo cases, {args.motor}, {args.runder} fetches")
    print(f"{'side':<26}{'p50 ms':>9}{'p95 ms':>9}{'× grunnlinje':>14}{'spørringer':>12}")
    for navn, p50, p95, antall in resultater:
        print(f"{navn:<26}{p50:>9.1f}{p95:>9.1f}{p95 / grunnlinje:>14.1f}{antall:>12}")
    verste = max(resultater[1:], key=lambda r: r[2])
    status = "ok" if verste[2] < MAAL_MS else "OVER"
    print(f"\nSlowest page p95: {verste[0]} {verste[2]:.0f} ms (aim < {MAAL_MS:.0f} ms): {status}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
