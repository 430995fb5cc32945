"""A fresh bench database per engine and the rows a registration needs (not timed).

The environment is set before Django is imported: ARKIVAR_DATA_DIR is a new temporary folder
(the SQLite file and the document store live there), ARKIVAR_DATABASE_URL points at the
dedicated PostgreSQL database `arkivar_bench` (the search and ingest benches have their own),
dropped and created for every run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PG_VERT = "127.0.0.1"
PG_PORT = 5432
PG_BRUKER = "postgres"
PG_DATABASE = "arkivar_bench"

MOTORER = ("sqlite", "postgresql")


def pg_start_hvis_nede() -> str | None:
    """Make sure PostgreSQL answers on 127.0.0.1; None when it does, else the reason it does not."""
    if shutil.which("pg_isready") is None:
        return "pg_isready not found (PostgreSQL is not installed)"
    if _pg_svarer():
        return None
    konfig = Path("/etc/postgresql")
    versjoner = sorted(p.name for p in konfig.iterdir()) if konfig.is_dir() else []
    if not versjoner or shutil.which("pg_ctlcluster") is None:
        return "no answer, and no pg_ctlcluster or /etc/postgresql to start it with"
    start = subprocess.run(  # noqa: S603
        ["pg_ctlcluster", "--skip-systemctl-redirect", versjoner[-1], "main", "start"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    for _ in range(30):
        if _pg_svarer():
            return None
        time.sleep(1)
    feil = (start.stderr or start.stdout).strip().splitlines()
    melding = feil[-1] if feil else "no message"
    return f"no answer on {PG_VERT}:{PG_PORT} after starting the cluster ({melding})"


def _pg_svarer() -> bool:
    return (
        subprocess.run(  # noqa: S603
            ["pg_isready", "-q", "-h", PG_VERT, "-p", str(PG_PORT)],  # noqa: S607
            check=False,
        ).returncode
        == 0
    )


def pg_database(database: str = PG_DATABASE, *, opprett: bool = True) -> None:
    """Drop `database` through the `postgres` database, and create it afresh when `opprett`."""
    import psycopg

    with psycopg.connect(
        host=PG_VERT,
        port=PG_PORT,
        user=PG_BRUKER,
        dbname="postgres",
        autocommit=True,
        connect_timeout=5,
    ) as tilkobling:
        tilkobling.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        if opprett:
            tilkobling.execute(f"CREATE DATABASE {database}")


def postgres_grunn() -> str | None:
    """Why PostgreSQL cannot be used, or None; starts the local cluster if it is down."""
    grunn = pg_start_hvis_nede()
    if grunn:
        return grunn
    try:
        import psycopg

        with psycopg.connect(
            host=PG_VERT, port=PG_PORT, user=PG_BRUKER, dbname="postgres", connect_timeout=5
        ):
            pass
    except Exception as feil:
        return f"cannot connect to {PG_VERT}:{PG_PORT} as {PG_BRUKER}: {feil}"
    return None


def miljoe_for(motor: str, database: str = PG_DATABASE) -> Path:
    """Set the environment for `motor` before Django is set up, with `database` (dropped and
    created) on PostgreSQL; returns the data folder, named after the database
    (`arkivar-bench-sok-sqlite-…` for `arkivar_bench_sok`)."""
    datamappe = Path(tempfile.mkdtemp(prefix=f"{database.replace('_', '-')}-{motor}-"))
    os.environ["ARKIVAR_DATA_DIR"] = str(datamappe)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    # Query logging under DEBUG would slow the services down; the bench counts queries itself.
    os.environ["ARKIVAR_DEBUG"] = "0"
    if motor == "postgresql":
        pg_database(database)
        os.environ["ARKIVAR_DATABASE_URL"] = (
            f"postgres://{PG_BRUKER}@{PG_VERT}:{PG_PORT}/{database}"
        )
    else:
        os.environ.pop("ARKIVAR_DATABASE_URL", None)
    return datamappe


def django_opp() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def lag_dokumentmapper(rot: Path, prefikser: frozenset[str]) -> None:
    """Create the store's `ab/cd/` folders the bench's documents go to (see
    bench.registrering.MAPPEPREFIKSER), as in a store that already holds many files."""
    for prefiks in sorted(prefikser):
        (rot / prefiks[:2] / prefiks[2:4]).mkdir(parents=True, exist_ok=True)
    (rot / ".tmp").mkdir(parents=True, exist_ok=True)
    os.sync()


@dataclass
class Oppsett:
    """One bydel: its arkiv, a case handler, and saksmapper for each path."""

    bruker: Any
    saker_tjeneste: list[Any]
    saker_ren: list[Any]


def lag_bydel(antall_saker: int) -> Oppsett:
    """The rows through the factories and services, as tests do (not timed)."""
    from arkivstruktur.tests.factories import ArkivdelFactory, ArkivFactory, KlasseFactory
    from organisasjon.models import Rolle
    from organisasjon.tests.factories import (
        AdministrativEnhetFactory,
        VirksomhetFactory,
        bruker_med_rolle,
    )
    from sakarkiv.services.saksmappe import saksmappe_opprett

    virksomhet = VirksomhetFactory(navn="Bydel Bench", kortnavn="bench")
    enhet = AdministrativEnhetFactory(
        virksomhet=virksomhet, administrativ_enhet_navn="Helse og omsorg"
    )
    arkiv = ArkivFactory(virksomhet=virksomhet, tittel="Bydel Bench arkiv")
    arkivdel = ArkivdelFactory(arkiv=arkiv, tittel="Sakarkiv 2025-")
    klasse = KlasseFactory(klassifikasjonssystem=arkivdel.klassifikasjonssystem)
    bruker = bruker_med_rolle(
        Rolle.SAKSBEHANDLER,
        enhet,
        username="sb.bench",
        first_name="Kari",
        last_name="Saksbehandler",
    )
    saker = [
        saksmappe_opprett(
            arkivdel=arkivdel,
            tittel=f"Søknad om tilrettelegging {nr}",
            klasse=klasse,
            utfoert_av=bruker,
        )
        for nr in range(2 * antall_saker)
    ]
    return Oppsett(
        bruker=bruker, saker_tjeneste=saker[:antall_saker], saker_ren=saker[antall_saker:]
    )
