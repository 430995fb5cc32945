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
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import felles, oppsett
from bench.felles import Driverklokke, logg, tidtaker
from bench.registrering import MAPPEPREFIKSER, ola_nordmann, tid
from bench.statistikk import oppsummer

RESULTAT_PREFIKS = "INNTAK-RESULTAT "
PG_DATABASE = "arkivar_bench_inntak"

# Decimal units throughout: 5 MB is 5,000,000 bytes, MB/s is 10^6 bytes per second.
STOERRELSER = {"100 KB": 100_000, "1 MB": 1_000_000, "5 MB": 5_000_000}
STIER = ("ren", "lagre", "tjeneste")
_BIT = 1024 * 1024

# As bench.registrering: the store's `ab/cd/` folders exist (a store that holds many files),
# and each file's nonce is chosen so that its hash (MAPPEPREFIKSER) lands in one of them.


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


@dataclass
class Dokumenter:
    """A case handler and the dokumentbeskrivelser the uploads rotate over."""

    bruker: Any
    dokumentbeskrivelser: list[int]


def lag_dokumenter(antall: int) -> Dokumenter:
    """Journalposts with one document each, through the services (not timed)."""
    from arkivstruktur.services.dokumentbeskrivelse import dokumentbeskrivelse_opprett
    from sakarkiv.services.journalpost import journalpost_registrer

    bydel = oppsett.lag_bydel(2)
    mottaker = ola_nordmann()
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
        return tid(self.kall(sti, pdf_innhold(stoerrelse)))

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


# Measuring


def _kjoerer(stier: Stier, sti: str, stoerrelse: int) -> Callable[[], float]:
    return lambda: stier.kjoer(sti, stoerrelse)


def maal(args: argparse.Namespace, stier: Stier) -> dict[str, Any]:
    from django.db import connection

    storrelser: dict[str, Any] = {}
    for navn, stoerrelse in STOERRELSER.items():
        for _ in range(args.oppvarming):
            for sti in STIER:
                stier.kjoer(sti, stoerrelse)

        # Each block runs every path equally often, the order turned each time (R L T,
        # T L R, …), so that drift and the disk's write-back hit all paths alike.
        def stopp(antall: int, navn: str = navn) -> None:
            logg(
                f"[{args.motor}] {navn}: time budget of {args.maks_sekunder:.0f} s used up "
                f"after {antall} files per path"
            )

        start = time.perf_counter()
        tider = felles.i_blokker(
            {sti: _kjoerer(stier, sti, stoerrelse) for sti in STIER},
            antall=args.antall,
            blokk=args.blokk,
            maks_sekunder=args.maks_sekunder,
            ved_stopp=stopp,
        )
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
        "versjon": felles.versjon(connection),
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


# Profiling


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
        klokke = Driverklokke()
        totalt = 0.0
        with ExitStack() as stabel:
            stabel.enter_context(connection.execute_wrapper(klokke))
            for etikett, modulnavn, attributt in (*_STEG, *_DELSTEG):
                try:
                    modul = importlib.import_module(modulnavn)
                except ImportError:
                    continue  # not in this version of the code
                if hasattr(modul, attributt):
                    stabel.enter_context(tidtaker(modul, attributt, summer, etikett))
            stabel.enter_context(
                tidtaker(fido, "get_buffers", summer, "  identify: fido.get_buffers (read)")
            )
            stabel.enter_context(
                tidtaker(
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
        print(f"cProfile, dokumentobjekt_opprett {navn}, hottest functions by own time:")
        print(felles.hoteste(profil, 15))
        sys.stdout.flush()


def _skriv_prosjektfunksjoner(profil: Any, antall: int) -> None:
    """The project's (src/) functions and fido's entry points by cumulative time."""
    import pstats

    rader = pstats.Stats(profil).stats  # type: ignore[attr-defined]
    utvalg = []
    for (fil, linje, funksjon), (_cc, kall, _tot, cum, _k) in rader.items():
        modul = felles.prosjektmodul(fil)
        if modul:
            navn = f"{'/'.join(modul)}.py:{linje}({funksjon})"
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


def _skriv_spoerringer(stier: Stier, stoerrelse: int) -> None:
    from django.db import connection, connections

    klokke = Driverklokke(spoerringer=True)
    commit: dict[str, float] = {}
    kall = stier.kall("tjeneste", pdf_innhold(stoerrelse))
    with (
        connection.execute_wrapper(klokke),
        tidtaker(connections["default"], "commit", commit, "COMMIT"),
    ):
        kall()
    print("The queries of one upload, in order (driver ms, statement):")
    for brukt, slag, _kaller in klokke.spoerringer:
        print(f"  {1000 * brukt:7.3f}  {slag}")
    print(f"  {1000 * commit.get('COMMIT', 0.0):7.3f}  COMMIT (connection.commit)")


# Main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.inntak_maaling")
    parser.add_argument("--motor", choices=oppsett.MOTORER, required=True)
    felles.maalevalg(
        parser,
        {"antall": 100, "oppvarming": 5, "blokk": 10, "maks-sekunder": 20.0},
        {
            "antall": "measured files per path and size",
            "oppvarming": "warm-up files per path and size",
            "blokk": "files per path in each block",
            "maks-sekunder": "per size: start no new block after this many seconds of measuring",
        },
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

    with felles.motorprosess(
        args.motor,
        PG_DATABASE,
        slett_database=True,
        slutt="done, data folder and bench database removed",
    ) as datamappe:
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
        resultat["varighet_s"] = round(time.perf_counter() - felles.START, 1)
        print(RESULTAT_PREFIKS + json.dumps(resultat), flush=True)
        return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
