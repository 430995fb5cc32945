"""The API bench on one engine: `python -m bench.api_maaling --motor sqlite|postgresql`.

A fresh database with one bydel and a case; gunicorn (the production server process, the
same command as `make run`) serving it on a free local port; then, measured in this process:

* create: a client (a thread with its own HTTP connection and Bearer token) registers
  journalposts in the case, each with two korrespondanseparter: one POST to the case's
  `ny-journalpost` link and one POST to the journalpost's `ny-korrespondansepartperson` link
  per party, following `_links` as a client does. 1 and `--klienter` clients at once.
* plain: the same three rows inserted with one commit each (the DB-API, no Django), by as
  many connections at once, copied from a row the API wrote.
* list: `GET` of the case's journalposts (first page of 10) through the API, against the
  plain indexed query of the same page and its count.

Prints progress on stderr and one line `API-RESULTAT {json}` on stdout for `bench.api`.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import felles, oppsett
from bench.felles import logg
from bench.statistikk import oppsummer

RESULTAT_PREFIKS = "API-RESULTAT "
PG_DATABASE = "arkivar_bench_api"
REL = "https://rel.arkivverket.no/noark5/v5/api/"
PASSORD = "bench-passord-1"
JSON = "application/vnd.noark5+json"
ARBEIDERE = 4  # gunicorn workers: two per core on the two-core machines of performance.md


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api_maaling")
    parser.add_argument("--motor", choices=oppsett.MOTORER, required=True)
    felles.maalevalg(
        parser,
        {"antall": 200, "klienter": 8, "lesinger": 300, "maks-sekunder": 30.0},
        {
            "antall": "journalposts per measured create run (all clients together)",
            "klienter": "concurrent clients in the second create run",
            "lesinger": "list requests and plain queries each",
            "maks-sekunder": "per run: stop starting new units after this many seconds",
        },
    )
    args = parser.parse_args(argv)
    with felles.motorprosess(
        args.motor, PG_DATABASE, slett_database=True, slutt="done, data folder removed"
    ):
        logg(f"[{args.motor}] migrated")
        saksmappe_id = _lag_oppsett()
        with _gunicorn() as adresse:
            logg(f"[{args.motor}] gunicorn ({ARBEIDERE} workers) on {adresse}")
            resultat = _maal(args, adresse, saksmappe_id)
        resultat["varighet_s"] = round(time.perf_counter() - felles.START, 1)
        print(RESULTAT_PREFIKS + json.dumps(resultat), flush=True)
    return 0


# --- set-up ---------------------------------------------------------------------------------------


def _lag_oppsett() -> str:
    """One bydel (arkiv, arkivdel, klasse), a case handler with a known password, one case."""
    from django.db import connection

    bydel = oppsett.lag_bydel(1)
    bydel.bruker.set_password(PASSORD)
    bydel.bruker.save()
    connection.close()  # gunicorn's workers open their own
    return str(bydel.saker_tjeneste[0].system_id)


def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _gunicorn:
    """gunicorn as `make run` starts it (scripts/run.sh), with the bench's environment."""

    def __enter__(self) -> str:
        port = _ledig_port()
        self.adresse = f"http://127.0.0.1:{port}"
        rot = Path(__file__).resolve().parent.parent
        self.prosess = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--pythonpath",
                str(rot / "src"),
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(ARBEIDERE),
                "--log-level",
                "warning",
                "--no-control-socket",
            ],
            cwd=rot,
            env={**os.environ},
        )
        import requests

        # The workers import the whole project before the first answer: on a loaded
        # two-core machine that takes tens of seconds.
        frist = time.monotonic() + 120
        while time.monotonic() < frist:
            try:
                if requests.get(f"{self.adresse}/api/", timeout=30).status_code == 200:
                    return self.adresse
            except requests.RequestException:
                time.sleep(0.2)
        self.prosess.kill()
        raise RuntimeError("gunicorn answered no request within 120 s")

    def __exit__(self, *_: object) -> None:
        self.prosess.terminate()
        self.prosess.wait(timeout=20)


# --- the client ---------------------------------------------------------------------------------


class Klient:
    """A Noark client: logs in with the OAuth2 password grant found through the root, then
    follows `_links`. One HTTP session (connection) per client."""

    def __init__(self, adresse: str, brukernavn: str) -> None:
        import requests

        self.http = requests.Session()
        self.http.headers["Accept"] = JSON
        rot = self.http.get(f"{adresse}/api/").json()["_links"]
        oidc = self.http.get(rot[REL + "login/oidc/"]["href"]).json()
        token = self.http.post(
            oidc["token_endpoint"],
            data={"grant_type": "password", "username": brukernavn, "password": PASSORD},
        )
        token.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {token.json()['access_token']}"

    def hent(self, href: str) -> Any:
        svar = self.http.get(href)
        svar.raise_for_status()
        return svar.json()

    def opprett(self, href: str, data: dict[str, Any]) -> Any:
        svar = self.http.post(href, json=data, headers={"Content-Type": JSON})
        if svar.status_code != 201:
            raise RuntimeError(f"POST {href}: {svar.status_code} {svar.text[:300]}")
        return svar.json()


def _journalpost_med_parter(klient: Klient, ny_journalpost: str, nr: int) -> None:
    journalpost = klient.opprett(
        ny_journalpost,
        {"tittel": f"Svar på søknad {nr}", "journalposttype": {"kode": "U"}},
    )
    ny_part = journalpost["_links"][REL + "arkivstruktur/ny-korrespondansepartperson/"]["href"]
    for navn, type_ in (("Ola Nordmann", "EM"), ("Kari Nordmann", "EK")):
        klient.opprett(ny_part, {"korrespondanseparttype": {"kode": type_}, "navn": navn})


def _parallelt(
    antall_klienter: int, arbeid: Callable[[int, int], None], antall: int, maks: float
) -> dict[str, Any]:
    """`antall` units shared by `antall_klienter` threads, started together; units per second
    over the wall time, and the per-unit durations."""
    tider: list[float] = []
    laas = threading.Lock()
    neste = iter(range(antall))
    start_signal = threading.Barrier(antall_klienter + 1)
    feil: list[BaseException] = []
    frist: list[float] = []

    def loep(klient_nr: int) -> None:
        try:
            start_signal.wait()
            while True:
                with laas:
                    nr = next(neste, None)
                if nr is None or time.perf_counter() > frist[0]:
                    return
                t0 = time.perf_counter()
                arbeid(klient_nr, nr)
                with laas:
                    tider.append(time.perf_counter() - t0)
        except BaseException as unntak:
            feil.append(unntak)

    traader = [threading.Thread(target=loep, args=(k,)) for k in range(antall_klienter)]
    for traad in traader:
        traad.start()
    frist.append(time.perf_counter() + maks)
    start = time.perf_counter()
    start_signal.wait()
    for traad in traader:
        traad.join()
    vegg = time.perf_counter() - start
    if feil:
        raise feil[0]
    return {**oppsummer(tider), "rate": len(tider) / vegg}


# --- the plain paths ------------------------------------------------------------------------------


class RenSkriving:
    """The rows of one API registration (the registrering row and its two
    korrespondanseparter) copied and inserted with one commit each."""

    def __init__(self, motor: str) -> None:
        from django.db import connection

        from arkivstruktur.models import Registrering
        from sakarkiv.models import Korrespondansepart

        self.motor = motor
        mal = Registrering.objects.filter(korrespondanseparter__isnull=False).latest("pk")
        self.registrering = _rad(Registrering, mal.pk, "id")
        self.part = _rad(Korrespondansepart, mal.pk, "registrering_id")
        self.nummer = iter(range(10**6, 10**7))
        self.laas = threading.Lock()
        self.innstillinger = connection.settings_dict
        connection.close()

    def kobling(self) -> Any:
        if self.motor == "postgresql":
            import psycopg

            s = self.innstillinger
            return psycopg.connect(
                host=s["HOST"],
                port=s["PORT"] or 5432,
                user=s["USER"],
                dbname=s["NAME"],
                autocommit=True,
            )
        import sqlite3

        # Made here, used by one client thread only.
        kobling = sqlite3.connect(
            self.innstillinger["NAME"], timeout=30, isolation_level=None, check_same_thread=False
        )
        kobling.executescript(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
        )
        return kobling

    def skriv(self, kobling: Any) -> None:
        with self.laas:
            nr = next(self.nummer)
        p = "%s" if self.motor == "postgresql" else "?"
        rad = dict(self.registrering[1])
        rad.update(
            system_id=self._uuid(),
            journalpostnummer=nr,
            journalsekvensnummer=nr,
            registrerings_id=f"bench-{nr}",
        )
        rad.pop("id")
        reg_id = self._sett_inn(kobling, self.registrering[0], rad, p)
        for _ in range(2):
            part = dict(self.part[1])
            part.pop("id")
            part.update(system_id=self._uuid(), registrering_id=reg_id)
            self._sett_inn(kobling, self.part[0], part, p)

    def _uuid(self) -> Any:
        verdi = uuid.uuid4()
        return verdi if self.motor == "postgresql" else verdi.hex

    def _sett_inn(self, kobling: Any, tabell: str, rad: dict[str, Any], p: str) -> int:
        if self.motor == "postgresql":
            from psycopg.types.json import Jsonb

            rad = {k: Jsonb(v) if isinstance(v, dict | list) else v for k, v in rad.items()}
        kolonner = ", ".join(f'"{k}"' for k in rad)
        sql = (
            f'INSERT INTO "{tabell}" ({kolonner}) VALUES ({", ".join([p] * len(rad))}) RETURNING id'
        )
        markoer = kobling.cursor()
        markoer.execute("BEGIN IMMEDIATE" if self.motor == "sqlite" else "BEGIN")
        markoer.execute(sql, list(rad.values()))
        ny_id = int(markoer.fetchone()[0])
        markoer.execute("COMMIT")
        return ny_id


def _rad(modell: Any, verdi: int, kolonne: str) -> tuple[str, dict[str, Any]]:
    from django.db import connection

    tabell = modell._meta.db_table
    with connection.cursor() as markoer:
        markoer.execute(f'SELECT * FROM "{tabell}" WHERE "{kolonne}" = %s LIMIT 1', [verdi])
        navn = [k[0] for k in markoer.description]
        return tabell, dict(zip(navn, markoer.fetchone(), strict=True))


def _ren_liste(motor: str, saksmappe_id: str, antall: int) -> dict[str, Any]:
    """The first page of the case's registreringer by the indexed foreign key, and the count,
    as the API's list answers it."""
    from django.db import connection

    from arkivstruktur.models import Mappe, Registrering

    mappe = Mappe.objects.get(system_id=saksmappe_id).pk
    tabell = Registrering._meta.db_table
    tider = []
    with connection.cursor() as markoer:
        for _ in range(antall):
            t0 = time.perf_counter()
            markoer.execute(f'SELECT COUNT(*) FROM "{tabell}" WHERE mappe_id = %s', [mappe])
            markoer.fetchone()
            markoer.execute(
                f'SELECT * FROM "{tabell}" WHERE mappe_id = %s ORDER BY journalpostnummer LIMIT 10',
                [mappe],
            )
            markoer.fetchall()
            tider.append(time.perf_counter() - t0)
    connection.close()
    return oppsummer(tider)


# --- measuring ------------------------------------------------------------------------------------


def _maal(args: argparse.Namespace, adresse: str, saksmappe_id: str) -> dict[str, Any]:
    from django.db import connection

    brukernavn = "sb.bench"
    klienter = [Klient(adresse, brukernavn) for _ in range(args.klienter)]
    sak = klienter[0].hent(f"{adresse}/api/sakarkiv/saksmappe/{saksmappe_id}/")
    ny_journalpost = sak["_links"][REL + "sakarkiv/ny-journalpost/"]["href"]
    journalposter = sak["_links"][REL + "arkivstruktur/registrering/"]["href"]

    def api(klient_nr: int, nr: int) -> None:
        _journalpost_med_parter(klienter[klient_nr], ny_journalpost, nr)

    _parallelt(1, api, 10, args.maks_sekunder)  # warm-up: every worker's first requests
    resultat: dict[str, Any] = {"motor": args.motor, "klienter": args.klienter}
    ren = RenSkriving(args.motor)
    for antall_klienter in (1, args.klienter):
        logg(f"[{args.motor}] create through the API, {antall_klienter} client(s)")
        resultat[f"api_{antall_klienter}"] = _parallelt(
            antall_klienter, api, args.antall, args.maks_sekunder
        )
        koblinger = [ren.kobling() for _ in range(antall_klienter)]
        logg(f"[{args.motor}] plain per-row-commit inserts, {antall_klienter} connection(s)")
        resultat[f"ren_{antall_klienter}"] = _parallelt(
            antall_klienter,
            lambda k, _nr, koblinger=koblinger: ren.skriv(koblinger[k]),
            args.antall,
            args.maks_sekunder,
        )
        for kobling in koblinger:
            kobling.close()

    logg(f"[{args.motor}] list through the API and the plain query")
    lesetider = []
    for _ in range(args.lesinger):
        t0 = time.perf_counter()
        klienter[0].hent(journalposter)
        lesetider.append(time.perf_counter() - t0)
    resultat["liste_api"] = oppsummer(lesetider)
    resultat["liste_ren"] = _ren_liste(args.motor, saksmappe_id, args.lesinger)
    resultat["versjon"] = felles.versjon(connection)
    return resultat


if __name__ == "__main__":
    raise SystemExit(main())
