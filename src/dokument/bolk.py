"""Chunked uploads, «bolk» (rest-api.md §6.4, client-compat.md §13.4).

A session collects the chunks of one file in a folder of its own, `<DATA_DIR>/opplastinger/
<id>/`: `oekt.json` (whose it is, what the file is for, the declared type and size) and
`innhold` (the bytes received so far). Chunks come in order. A chunk that does not fit (wrong
start, a body shorter than announced, past the declared size) is refused, and the file is cut
back to what it was, so the client can send that chunk again.

Nothing reaches the document store before the last chunk: the complete file then goes through
the same upload service as a single request (stored and checksummed before its metadata
transaction). The caller deletes the session when the upload has completed or failed for
good; sessions that get no chunk for `LEVETID` are deleted when a new session opens and by
`arkivar dokument-rydd`.

The session lives on local disk, so every instance of the web server must share the data
folder (as they must for documents stored on disk).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings

from felles.feil import DomeneFeil, IkkeFunnet
from felles.stoerrelse import som_mb

logger = logging.getLogger(__name__)

LEVETID = dt.timedelta(hours=24)
_MAPPE = "opplastinger"
_META = "oekt.json"
_INNHOLD = "innhold"
_LAAS = "laas"
_ID = re.compile(r"[0-9a-f]{32}")
_BIT = 1024 * 1024


@dataclass(frozen=True)
class Bolkoekt:
    """One chunked upload: `maal` says what the file is for (the caller's own description),
    `mottatt` how many bytes have arrived."""

    id: str
    bruker_id: int
    maal: dict[str, Any]
    mime_type: str
    stoerrelse: int
    mottatt: int

    @property
    def er_komplett(self) -> bool:
        return self.mottatt == self.stoerrelse


def oekt_aapne(
    *, bruker: Any, maal: Mapping[str, Any], mime_type: str, stoerrelse: int
) -> Bolkoekt:
    """Open a session for a file of `stoerrelse` bytes. Refused when the size is not positive
    or above ARKIVAR_MAKS_FILSTOERRELSE, the largest file the archive takes at all."""
    maks = int(settings.ARKIVAR_MAKS_FILSTOERRELSE)
    if stoerrelse <= 0:
        raise DomeneFeil(
            "X-Upload-Content-Length må være et positivt antall byte.", felt="filstoerrelse"
        )
    if stoerrelse > maks:
        raise DomeneFeil(
            f"Filen er {som_mb(stoerrelse)} MB. Største tillatte filstørrelse er "
            f"{som_mb(maks)} MB.",
            felt="filstoerrelse",
            kode="for_stor",
        )
    rydd_oekter(eldre_enn=LEVETID)
    oekt_id = secrets.token_hex(16)
    mappe = _rot() / oekt_id
    mappe.mkdir(parents=True)
    (mappe / _INNHOLD).touch()
    (mappe / _LAAS).touch()
    meta = {
        "bruker_id": int(bruker.pk),
        "maal": dict(maal),
        "mime_type": mime_type,
        "stoerrelse": stoerrelse,
    }
    tmp = mappe / f"{_META}.tmp"
    tmp.write_text(json.dumps(meta), encoding="utf-8")
    tmp.replace(mappe / _META)
    logger.info("dokument.bolk_aapnet", extra={"oekt": oekt_id, "stoerrelse": stoerrelse})
    return Bolkoekt(oekt_id, int(bruker.pk), dict(maal), mime_type, stoerrelse, 0)


def oekt_hent(*, bruker: Any, oekt_id: str) -> Bolkoekt:
    """The user's own session; IkkeFunnet for an unknown, expired or someone else's."""
    mappe = _mappe(oekt_id)
    try:
        meta = json.loads((mappe / _META).read_text(encoding="utf-8"))
        mottatt = (mappe / _INNHOLD).stat().st_size
    except (FileNotFoundError, ValueError):
        raise IkkeFunnet("Fant ikke opplastingen.") from None
    if meta["bruker_id"] != getattr(bruker, "pk", None):
        raise IkkeFunnet("Fant ikke opplastingen.")
    if _sist_brukt(mappe) < time.time() - LEVETID.total_seconds():
        oekt_slett(oekt_id)
        raise IkkeFunnet("Opplastingen er utløpt. Start en ny.")
    return Bolkoekt(
        oekt_id, meta["bruker_id"], meta["maal"], meta["mime_type"], meta["stoerrelse"], mottatt
    )


def oekt_skriv(
    oekt: Bolkoekt, *, foerste: int, siste: int, totalt: int, kilde: Any, lengde: int
) -> Bolkoekt:
    """Append bytes `foerste`–`siste` (inclusive, zero-based) of `totalt`, read from `kilde`
    (anything with `.read(n)`), which holds `lengde` bytes. Returns the session with what has
    arrived. Refused (and the file left as it was) unless the chunk starts where the last one
    ended, fits inside the declared size and is as long as announced."""
    if totalt != oekt.stoerrelse:
        raise DomeneFeil(
            f"Content-Range oppgir totalt {totalt} byte, men opplastingen ble åpnet for "
            f"{oekt.stoerrelse} byte.",
            felt="Content-Range",
        )
    if siste < foerste or siste >= totalt or siste - foerste + 1 != lengde:
        raise DomeneFeil(
            f"Content-Range {foerste}-{siste}/{totalt} passer ikke med {lengde} byte innhold.",
            felt="Content-Range",
        )
    mappe = _mappe(oekt.id)
    with _laast(mappe):
        innhold = mappe / _INNHOLD
        mottatt = innhold.stat().st_size
        if foerste != mottatt:
            raise DomeneFeil(
                f"Neste bit skal begynne på byte {mottatt}, ikke {foerste}.",
                felt="Content-Range",
            )
        with innhold.open("r+b") as fil:
            fil.seek(mottatt)
            try:
                skrevet = _kopier(kilde, fil, lengde)
                if skrevet != lengde:
                    raise DomeneFeil(
                        f"Biten skulle være {lengde} byte, men bare {skrevet} kom fram.",
                        felt="Content-Range",
                    )
                fil.flush()
                os.fsync(fil.fileno())
            except BaseException:
                fil.truncate(mottatt)
                raise
    return Bolkoekt(
        oekt.id, oekt.bruker_id, oekt.maal, oekt.mime_type, oekt.stoerrelse, mottatt + lengde
    )


@contextmanager
def oekt_innhold(oekt: Bolkoekt) -> Iterator[IO[bytes]]:
    """The bytes received, opened for reading."""
    with (_mappe(oekt.id) / _INNHOLD).open("rb") as fil:
        yield fil


def oekt_slett(oekt_id: str) -> None:
    shutil.rmtree(_mappe(oekt_id), ignore_errors=True)


def rydd_oekter(*, eldre_enn: dt.timedelta) -> int:
    """Delete sessions that have had no chunk for `eldre_enn`; returns how many."""
    rot = _rot()
    if not rot.exists():
        return 0
    grense = time.time() - eldre_enn.total_seconds()
    antall = 0
    for mappe in rot.iterdir():
        if mappe.is_dir() and _ID.fullmatch(mappe.name) and _sist_brukt(mappe) < grense:
            shutil.rmtree(mappe, ignore_errors=True)
            antall += 1
    if antall:
        logger.info("dokument.bolk_ryddet", extra={"antall": antall})
    return antall


def _rot() -> Path:
    return Path(settings.DATA_DIR) / _MAPPE


def _mappe(oekt_id: str) -> Path:
    # The id becomes a folder name: only what `oekt_aapne` makes may pass.
    if not isinstance(oekt_id, str) or not _ID.fullmatch(oekt_id):
        raise IkkeFunnet("Fant ikke opplastingen.")
    return _rot() / oekt_id


def _sist_brukt(mappe: Path) -> float:
    try:
        return max((mappe / navn).stat().st_mtime for navn in (_META, _INNHOLD))
    except FileNotFoundError:
        return 0.0


@contextmanager
def _laast(mappe: Path) -> Iterator[None]:
    """One chunk at a time per session, also across processes."""
    try:
        fd = os.open(mappe / _LAAS, os.O_RDWR)
    except FileNotFoundError:
        raise IkkeFunnet("Fant ikke opplastingen.") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _kopier(kilde: Any, maal: IO[bytes], lengde: int) -> int:
    skrevet = 0
    while skrevet < lengde:
        bit = kilde.read(min(_BIT, lengde - skrevet))
        if not bit:
            break
        maal.write(bit)
        skrevet += len(bit)
    return skrevet
