"""The ingest bench on one engine: `python -m bench.inntak_maaling --motor sqlite|postgresql`.

Run by `python -m bench.inntak`, one process per engine (Django settings are process-wide).
Prints progress on stderr and one line `INNTAK-RESULTAT {json}` on stdout. `--profil N`
instead shows where N uploads through the services spend their time.

Three paths per file size, in alternating blocks so that drift hits them alike:

* `ren`: the plain durable store. Write the bytes to a new file in a temporary folder on the
  same file system as the document store, hashing (SHA-256) in the same pass, fsync the file,
  rename it into an `ab/cd/` folder, fsync that folder.
* `lagre`: `dokument.lagring.lagre_innhold` (the same, plus the store's own checks).
* `tjeneste`: `dokument.services.dokumentobjekt_opprett` into an existing dokumentbeskrivelse,
  as a request makes it: the user's access profile computed afresh and the document read by
  its key, then store + checksum + format identification + the metadata transaction (with the
  change log and the file-pipeline job row).

Every file is new content (content addressing would otherwise skip the write), made before the
clock starts: a PDF-like header, random bytes as in a compressed stream, and a PDF trailer.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import oppsett
from bench.statistikk import oppsummer

RESULTAT_PREFIKS = "INNTAK-RESULTAT "
PG_DATABASE = "arkivar_bench_inntak"

# Decimal units throughout: 5 MB is 5,000,000 bytes, MB/s is 10^6 bytes per second.
STOERRELSER = {"100 KB": 100_000, "1 MB": 1_000_000, "5 MB": 5_000_000}
STIER = ("ren", "lagre", "tjeneste")
_BIT = 1024 * 1024

# As bench.registrering: the store's `ab/cd/` folders exist (a store that holds many files),
# and each file's nonce is chosen so that its hash lands in one of them.
MAPPEPREFIKSER = frozenset(f"{i * 64:04x}" for i in range(1024))

_START = time.perf_counter()


def logg(tekst: str) -> None:
    print(f"{time.perf_counter() - _START:6.1f} s  {tekst}", file=sys.stderr, flush=True)


# Content


_HODE = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
    b"/Contents 4 0 R >>\nendobj\n"
)
_HALE = b"xref\n0 5\ntrailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n"


def pdf_innhold(stoerrelse: int) -> bytes:
    """`stoerrelse` bytes that look like a PDF with one compressed stream, unique, whose
    SHA-256 starts with one of MAPPEPREFIKSER (not timed)."""
    strom_lengde = stoerrelse - len(_HODE) - len(_HALE) - 100
    objekt = (
        b"4 0 obj\n<< /Length " + str(strom_lengde).encode() + b" /Filter /FlateDecode >>\nstream\n"
    )
    foer = _HODE + objekt + os.urandom(strom_lengde) + b"\nendstream\nendobj\n% nonce "
    sha = hashlib.sha256(foer)
    for nonce in range(1_000_000):
        slutt = str(nonce).encode().rjust(6) + b"\n"
        fyll = b" " * (stoerrelse - len(foer) - len(slutt) - len(_HALE) - 1) + b"\n"
        hale = slutt + fyll + _HALE
        kopi = sha.copy()
        kopi.update(hale)
        if kopi.hexdigest()[:4] in MAPPEPREFIKSER:
            innhold = foer + hale
            assert len(innhold) == stoerrelse
            return innhold
    raise RuntimeError("no nonce found")


# The plain durable store


class RenLagring:
    """The honest durable minimum: hash while writing, fsync, rename, fsync the folder."""

    def __init__(self, rot: Path) -> None:
        self.rot = rot
        self.tmp = rot / ".tmp"
        oppsett.lag_dokumentmapper(rot, MAPPEPREFIKSER)
        self.nr = 0

    def lagre(self, innhold: bytes) -> str:
        self.nr += 1
        tmp_sti = self.tmp / f"opplasting-{self.nr}"
        sha = hashlib.sha256()
        visning = memoryview(innhold)
        fd = os.open(tmp_sti, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        try:
            for start in range(0, len(visning), _BIT):
                bit = visning[start : start + _BIT]
                sha.update(bit)
                os.write(fd, bit)
            os.fsync(fd)
        finally:
            os.close(fd)
        sjekksum = sha.hexdigest()
        mappe = self.rot / sjekksum[:2] / sjekksum[2:4]
        tmp_sti.rename(mappe / sjekksum)
        mfd = os.open(mappe, os.O_RDONLY)
        try:
            os.fsync(mfd)
        finally:
            os.close(mfd)
        return sjekksum


# Set-up


def miljoe_for(motor: str) -> Path:
    """As bench.oppsett.miljoe_for, with this bench's own PostgreSQL database."""
    datamappe = Path(tempfile.mkdtemp(prefix=f"arkivar-bench-inntak-{motor}-"))
    os.environ["ARKIVAR_DATA_DIR"] = str(datamappe)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["ARKIVAR_DEBUG"] = "0"
    if motor == "postgresql":
        import psycopg

        with psycopg.connect(
            host=oppsett.PG_VERT,
            port=oppsett.PG_PORT,
            user=oppsett.PG_BRUKER,
            dbname="postgres",
            autocommit=True,
            connect_timeout=5,
        ) as tilkobling:
            tilkobling.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            tilkobling.execute(f"CREATE DATABASE {PG_DATABASE}")
        os.environ["ARKIVAR_DATABASE_URL"] = (
            f"postgres://{oppsett.PG_BRUKER}@{oppsett.PG_VERT}:{oppsett.PG_PORT}/{PG_DATABASE}"
        )
    else:
        os.environ.pop("ARKIVAR_DATABASE_URL", None)
    return datamappe


def slett_pg_database() -> None:
    import psycopg

    with psycopg.connect(
        host=oppsett.PG_VERT,
        port=oppsett.PG_PORT,
        user=oppsett.PG_BRUKER,
        dbname="postgres",
        autocommit=True,
        connect_timeout=5,
    ) as tilkobling:
        tilkobling.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


@dataclass
class Dokumenter:
    """A case handler and the dokumentbeskrivelser the uploads rotate over."""

    bruker: Any
    dokumentbeskrivelser: list[int]


def lag_dokumenter(antall: int) -> Dokumenter:
    """Journalposts with one document each, through the services (not timed)."""
    from arkivstruktur.services.dokumentbeskrivelse import dokumentbeskrivelse_opprett
    from sakarkiv.services.journalpost import journalpost_registrer
    from sakarkiv.services.korrespondansepart import NyKorrespondansepart

    bydel = oppsett.lag_bydel(2)
    mottaker = NyKorrespondansepart(
        korrespondanseparttype="EM",
        navn="Ola Nordmann",
        postadresse=["Storgata 1"],
        postnummer="0155",
        poststed="OSLO",
    )
    dokumenter = []
    for nr in range(antall):
        journalpost = journalpost_registrer(
            saksmappe=bydel.saker_tjeneste[nr % len(bydel.saker_tjeneste)],
            tittel=f"Innkommende søknad {nr}",
            journalposttype="I",
            korrespondanseparter=[mottaker],
            utfoert_av=bydel.bruker,
        )
        dokumentbeskrivelse = dokumentbeskrivelse_opprett(
            registrering=journalpost, tittel=f"Søknad {nr}", utfoert_av=bydel.bruker
        )
        dokumenter.append(dokumentbeskrivelse.pk)
    return Dokumenter(bydel.bruker, dokumenter)


# The paths


class Stier:
    """One call of each path, numbered; each returns its duration in seconds."""

    def __init__(self, dokumenter: Dokumenter, datamappe: Path) -> None:
        self.dokumenter = dokumenter
        self.ren = RenLagring(datamappe / "ren")
        self.nr = 0
        self.siste: Any = None

    def kjoer(self, sti: str, stoerrelse: int) -> float:
        return _tid(self.kall(sti, pdf_innhold(stoerrelse)))

    def kall(self, sti: str, innhold: bytes) -> Callable[[], Any]:
        """One call of the path with this content, ready to be timed."""
        self.nr += 1
        if sti == "ren":
            return lambda: self.ren.lagre(innhold)
        if sti == "lagre":
            return lambda: _lagre_innhold(innhold)
        return lambda: self.tjeneste(innhold)

    def tjeneste(self, innhold: bytes) -> None:
        from arkivstruktur.models import Dokumentbeskrivelse
        from dokument.services import dokumentobjekt_opprett
        from tilgang.profil import glem_tilgangsprofil

        nr = self.nr
        bruker = self.dokumenter.bruker
        pk = self.dokumenter.dokumentbeskrivelser[nr % len(self.dokumenter.dokumentbeskrivelser)]
        glem_tilgangsprofil(bruker)
        dokumentbeskrivelse = Dokumentbeskrivelse.objects.get(pk=pk)
        self.siste = dokumentobjekt_opprett(
            dokumentbeskrivelse=dokumentbeskrivelse,
            innhold=innhold,
            filnavn=f"soknad-{nr}.pdf",
            # Nothing declared: the system identifies the format from the content.
            utfoert_av=bruker,
        )


def _lagre_innhold(innhold: bytes) -> None:
    from django.conf import settings

    from dokument.lagring import lagre_innhold

    lagre_innhold(innhold, maks_stoerrelse=settings.ARKIVAR_MAKS_FILSTOERRELSE)


def _tid(funksjon: Callable[[], Any]) -> float:
    start = time.perf_counter()
    funksjon()
    return time.perf_counter() - start


# Measuring


def maal(args: argparse.Namespace, stier: Stier) -> dict[str, Any]:
    from django.db import connection

    storrelser: dict[str, Any] = {}
    for navn, stoerrelse in STOERRELSER.items():
        for _ in range(args.oppvarming):
            for sti in STIER:
                stier.kjoer(sti, stoerrelse)
        tider: dict[str, list[float]] = {sti: [] for sti in STIER}
        blokker = -(-args.antall // args.blokk)
        start = time.perf_counter()
        for b in range(blokker):
            # Each block runs every path equally often, the order turned each time (R L T,
            # T L R, …), so that drift and the disk's write-back hit all paths alike.
            rekkefoelge = STIER if b % 2 == 0 else tuple(reversed(STIER))
            n = min(args.blokk, args.antall - b * args.blokk)
            for sti in rekkefoelge:
                tider[sti].extend(stier.kjoer(sti, stoerrelse) for _ in range(n))
            brukt = time.perf_counter() - start
            if brukt > args.maks_sekunder and b + 1 < blokker:
                logg(
                    f"[{args.motor}] {navn}: time budget of {args.maks_sekunder:.0f} s used up "
                    f"after {len(tider['ren'])} files per path"
                )
                break
        resultat: dict[str, Any] = {"bytes": stoerrelse}
        for sti in STIER:
            s = oppsummer(tider[sti])
            s["mb_per_s"] = s["rate"] * stoerrelse / 1e6
            resultat[sti] = s
        for sti in ("lagre", "tjeneste"):
            resultat[f"forhold_{sti}"] = resultat[sti]["rate"] / resultat["ren"]["rate"]
        storrelser[navn] = resultat
        logg(
            f"[{args.motor}] {navn}: {len(tider['ren'])} files per path, "
            f"{time.perf_counter() - start:.0f} s; ratio lagre_innhold "
            f"{resultat['forhold_lagre']:.2f}, dokumentobjekt_opprett "
            f"{resultat['forhold_tjeneste']:.2f}"
        )
    return {
        "motor": args.motor,
        "versjon": _versjon(connection),
        "antall_bedt_om": args.antall,
        "oppvarming": args.oppvarming,
        "blokk": args.blokk,
        "stoerrelser": storrelser,
        "sjekk": _sjekk_siste(stier),
        "python": platform.python_version(),
    }


def _sjekk_siste(stier: Stier) -> dict[str, Any]:
    """What the last service upload stored: its format, and that its job row was queued."""
    from dokument.models import Filbehandling

    objekt = stier.siste
    return {
        "format": objekt.format,
        "mime_type": objekt.mime_type,
        "filbehandlinger": Filbehandling.objects.count(),
        "jobbrader": _jobbrader(),
    }


def _jobbrader() -> int | None:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return None
    return int(DBTaskResult.objects.count())


def _versjon(connection: Any) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        with connection.cursor() as markoer:
            markoer.execute("PRAGMA journal_mode")
            journal = markoer.fetchone()[0]
            markoer.execute("PRAGMA synchronous")
            synk = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[markoer.fetchone()[0]]
        return f"SQLite {sqlite3.sqlite_version} ({journal}, synchronous={synk})"
    with connection.cursor() as markoer:
        markoer.execute("SHOW server_version")
        versjon = markoer.fetchone()[0].split()[0]
        markoer.execute("SHOW synchronous_commit")
        synk = markoer.fetchone()[0]
    return f"PostgreSQL {versjon} (synchronous_commit={synk})"


# Profiling


@contextmanager
def _tidtaker(eier: Any, navn: str, summer: dict[str, float], etikett: str) -> Iterator[None]:
    """Time every call of `eier.navn` (a module function as its callers look it up, or a
    method of one instance) for the block; the services are observed, never changed."""
    original = getattr(eier, navn)
    eget = navn in vars(eier)

    def tidtatt(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            summer[etikett] = summer.get(etikett, 0.0) + time.perf_counter() - start

    setattr(eier, navn, tidtatt)
    try:
        yield
    finally:
        if eget:
            setattr(eier, navn, original)
        else:
            delattr(eier, navn)  # an instance's wrapper over its class's method


class _Driverklokke:
    """A Django execute_wrapper: seconds inside the database driver, and the query count."""

    def __init__(self) -> None:
        self.sekunder = 0.0
        self.antall = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sekunder += time.perf_counter() - start
            self.antall += 1


# (label, module, attribute): the steps of dokumentobjekt_opprett, as dokument.services calls
# them, and the parts of the identification and of the transaction.
_STEG = (
    ("krev_arbeid_med (access check)", "dokument.services", "krev_arbeid_med"),
    ("_krev_ikke_frosset", "dokument.services", "_krev_ikke_frosset"),
    ("lagre_innhold (store + SHA-256 + fsyncs)", "dokument.services", "lagre_innhold"),
    ("identiser_lagret (format identification)", "dokument.services", "identiser_lagret"),
    ("sikre_formatkode", "dokument.services", "sikre_formatkode"),
    (
        "_opprett_dokumentobjekt (transaction + commit)",
        "dokument.services",
        "_opprett_dokumentobjekt",
    ),
)
_DELSTEG = (
    ("  identify: libmagic (_mime_fra_innhold)", "dokument.formater", "_mime_fra_innhold"),
    ("  identify: container check (_beholdertreff)", "dokument.formater", "_beholdertreff"),
    ("  transaction: pipeline job (_til_filbehandling)", "dokument.services", "_til_filbehandling"),
    (
        "  transaction: change-log chain (_skriv_til_kjeden)",
        "sporing.services",
        "_skriv_til_kjeden",
    ),
    (
        "  after commit: search index (sok.receivers.indeks_oppdater)",
        "sok.receivers",
        "indeks_oppdater",
    ),
)


def profiler(motor: str, stier: Stier, *, antall: int, stoerrelser: list[str]) -> None:
    import cProfile
    import importlib
    import io
    import pstats

    from django.db import connection

    from dokument.formater import _fido

    fido = _fido().fido
    for navn in stoerrelser:
        stoerrelse = STOERRELSER[navn]
        for _ in range(3):
            for sti in STIER:
                stier.kjoer(sti, stoerrelse)
        # 1. The paths side by side, without instruments.
        rene: dict[str, float] = {}
        for sti in STIER:
            rene[sti] = sum(stier.kjoer(sti, stoerrelse) for _ in range(antall)) / antall
        # 2. The service path with a timer on each step.
        summer: dict[str, float] = {}
        klokke = _Driverklokke()
        totalt = 0.0
        with ExitStack() as stabel:
            stabel.enter_context(connection.execute_wrapper(klokke))
            for etikett, modulnavn, attributt in (*_STEG, *_DELSTEG):
                try:
                    modul = importlib.import_module(modulnavn)
                except ImportError:
                    continue  # not in this version of the code
                if hasattr(modul, attributt):
                    stabel.enter_context(_tidtaker(modul, attributt, summer, etikett))
            stabel.enter_context(
                _tidtaker(fido, "get_buffers", summer, "  identify: fido.get_buffers (read)")
            )
            stabel.enter_context(
                _tidtaker(
                    _fido().signaturer,
                    "match_formats",
                    summer,
                    "  identify: Signaturmatcher.match_formats (regex)",
                )
            )
            for _ in range(antall):
                totalt += stier.kjoer("tjeneste", stoerrelse)

        def ms(sekunder: float) -> str:
            return f"{1000 * sekunder / antall:8.2f}"

        print(f"\n== {motor}, {navn}: {antall} uploads per path ==")
        print("Without instruments (ms per file):")
        for sti, etikett in (
            ("ren", "plain durable store"),
            ("lagre", "lagre_innhold"),
            ("tjeneste", "dokumentobjekt_opprett"),
        ):
            forhold = rene["ren"] / rene[sti]
            print(f"  {1000 * rene[sti]:8.2f}  {etikett:28s} ratio to plain {forhold:5.2f}")
        print(f"dokumentobjekt_opprett by step, with timers (ms per file, total {ms(totalt)}):")
        kjent = 0.0
        for etikett, _m, _a in _STEG:
            if etikett in summer:
                kjent += summer[etikett]
                print(f"  {ms(summer[etikett])}  {etikett}")
        print(f"  {ms(totalt - kjent)}  rest (glem_tilgangsprofil, get(pk), validation)")
        print("Of which:")
        for etikett in sorted(summer):
            if etikett.startswith("  "):
                print(f"  {ms(summer[etikett])}  {etikett.strip()}")
        print(
            f"  {ms(klokke.sekunder)}  inside the database driver "
            f"({klokke.antall / antall:.0f} queries per file, COMMIT not included)"
        )
        uten_id = rene["tjeneste"] - summer.get(_STEG[3][0], 0.0) / antall
        print(
            f"Without the identification step the service path would be at ~"
            f"{rene['ren'] / uten_id:.2f} of the plain rate (estimate)"
        )

        # 3. The queries of one upload, in order, and the commit.
        _skriv_spoerringer(stier, stoerrelse)

        # 4. cProfile of the service path (the content is made outside the profiler).
        profil = cProfile.Profile()
        for _ in range(antall):
            kall = stier.kall("tjeneste", pdf_innhold(stoerrelse))
            profil.enable()
            kall()
            profil.disable()
        _skriv_prosjektfunksjoner(profil, antall)
        ut = io.StringIO()
        pstats.Stats(profil, stream=ut).strip_dirs().sort_stats("tottime").print_stats(15)
        print(f"cProfile, dokumentobjekt_opprett {navn}, hottest functions by own time:")
        print(ut.getvalue().split("\n", 4)[-1].rstrip())
        sys.stdout.flush()


_PROSJEKT = re.compile(r"/src/(\w+)/(.+)\.py$")


def _skriv_prosjektfunksjoner(profil: Any, antall: int) -> None:
    """The project's (src/) functions and fido's entry points by cumulative time."""
    import pstats

    rader = pstats.Stats(profil).stats  # type: ignore[attr-defined]
    utvalg = []
    for (fil, linje, funksjon), (_cc, kall, _tot, cum, _k) in rader.items():
        treff = _PROSJEKT.search(fil)
        if treff and "/site-packages/" not in fil:
            navn = f"{treff.group(1)}/{treff.group(2)}.py:{linje}({funksjon})"
        elif "/site-packages/fido/" in fil and funksjon in {"match_formats", "get_buffers"}:
            navn = f"fido:{linje}({funksjon})"
        elif "/django_tasks" in fil and funksjon == "enqueue":
            navn = f"{fil.split('/site-packages/')[-1]}:{linje}({funksjon})"
        else:
            continue
        utvalg.append((cum, kall, navn))
    utvalg.sort(reverse=True)
    print("cProfile: the project's functions by cumulative time (ms per file under the profiler)")
    for cum, kall, navn in utvalg[:25]:
        print(f"  {1000 * cum / antall:8.2f}  {kall / antall:5.1f}x  {navn}")


_TABELL = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def spoerringsslag(sql: str) -> str:
    """`SELECT dokument_filbehandling`, `SAVEPOINT` … : what a query is (as bench.koer)."""
    ord_ = sql.lstrip().split(None, 1)[0].upper()
    if ord_ in {"SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT"}:
        return ord_
    treff = _TABELL.search(sql)
    laas = " FOR UPDATE" if "FOR UPDATE" in sql.upper() else ""
    return f"{ord_} {treff.group(1) if treff else '?'}{laas}"


def _skriv_spoerringer(stier: Stier, stoerrelse: int) -> None:
    from django.db import connection, connections

    liste: list[tuple[float, str]] = []

    def opptak(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            liste.append((time.perf_counter() - start, spoerringsslag(sql)))

    commit: dict[str, float] = {}
    kall = stier.kall("tjeneste", pdf_innhold(stoerrelse))
    with (
        connection.execute_wrapper(opptak),
        _tidtaker(connections["default"], "commit", commit, "COMMIT"),
    ):
        kall()
    print("The queries of one upload, in order (driver ms, statement):")
    for brukt, slag in liste:
        print(f"  {1000 * brukt:7.3f}  {slag}")
    print(f"  {1000 * commit.get('COMMIT', 0.0):7.3f}  COMMIT (connection.commit)")


# Main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.inntak_maaling")
    parser.add_argument("--motor", choices=oppsett.MOTORER, required=True)
    parser.add_argument("--antall", type=int, default=100, help="measured files per path and size")
    parser.add_argument("--oppvarming", type=int, default=5, help="warm-up files per path and size")
    parser.add_argument("--blokk", type=int, default=10, help="files per path in each block")
    parser.add_argument(
        "--maks-sekunder",
        type=float,
        default=20.0,
        help="per size: start no new block after this many seconds of measuring",
    )
    parser.add_argument("--dokumenter", type=int, default=20, help="documents to rotate over")
    parser.add_argument("--profil", type=int, default=0, metavar="N")
    parser.add_argument(
        "--profil-stoerrelse",
        choices=list(STOERRELSER),
        action="append",
        help="with --profil: only this size (may be repeated; default all)",
    )
    args = parser.parse_args(argv)

    datamappe = miljoe_for(args.motor)
    try:
        oppsett.django_opp()
        from django.core.files.storage import FileSystemStorage

        from dokument.lagring import lager

        dokumentlager = lager()
        assert isinstance(dokumentlager, FileSystemStorage), "the bench needs a folder store"
        oppsett.lag_dokumentmapper(Path(dokumentlager.location), MAPPEPREFIKSER)
        dokumenter = lag_dokumenter(args.dokumenter)
        stier = Stier(dokumenter, datamappe)
        logg(f"[{args.motor}] set-up done")
        if args.profil:
            profiler(
                args.motor,
                stier,
                antall=args.profil,
                stoerrelser=args.profil_stoerrelse or list(STOERRELSER),
            )
            return 0
        resultat = maal(args, stier)
        resultat["varighet_s"] = round(time.perf_counter() - _START, 1)
        print(RESULTAT_PREFIKS + json.dumps(resultat), flush=True)
        return 0
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(datamappe, ignore_errors=True)
        if args.motor == "postgresql":
            slett_pg_database()
        logg(f"[{args.motor}] done, data folder and bench database removed")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
