"""Content-addressed storage of document files (style.md §8, performance.md "Files").

A file is stored once under `ab/cd/<sha256>` in `storages["dokumenter"]`, whatever the number
of Dokumentobjekt rows that point at it (sjekksum M705). The content is hashed in the same pass
as it is written to a temporary file; the temporary file is fsynced and then put in place:

* FileSystemStorage: an atomic rename inside the storage folder, then an fsync of the folder,
  so a crash leaves either no file or the whole file, never a torn one.
* Any other storage (S3 through django-storages): `storage.save` of the finished file.

Files are written *before* the metadata transaction commits. A rolled-back transaction
therefore leaves an orphan, which `rydd_foreldreloese` removes once it is old enough that no
transaction can still be about to reference it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

from felles.feil import DomeneFeil, IkkeFunnet
from felles.stoerrelse import som_mb
from felles.tid import naa

logger = logging.getLogger(__name__)

SJEKKSUM_ALGORITME = "SHA-256"
_BIT = 1024 * 1024
_SJEKKSUM = re.compile(r"^[0-9a-f]{64}$")
# Temporary files live inside the storage folder so that the final rename never crosses a
# file system boundary (a rename across devices is a copy, and not atomic).
_TMP_MAPPE = ".tmp"
# Prefix of a file the clean-up has set aside in _TMP_MAPPE while it decides.
_SLETTES = "slettes-"


@dataclass(frozen=True)
class LagretFil:
    """A stored file: its SHA-256 in lower-case hex, its size in bytes and its storage name."""

    sjekksum: str
    filstoerrelse: int
    sti: str


def lager() -> Storage:
    return storages["dokumenter"]


def sti_for(sjekksum: str) -> str:
    """The storage name of a checksum: `ab/cd/abcd…`."""
    _krev_sjekksum(sjekksum)
    return f"{sjekksum[:2]}/{sjekksum[2:4]}/{sjekksum}"


def lagre_innhold(kilde: Any, *, maks_stoerrelse: int | None = None) -> LagretFil:
    """Stream `kilde` (bytes or a file-like object) into the store and return its checksum.

    Refused when the content is empty (filstoerrelse M707 must be > 0) or larger than
    `maks_stoerrelse` bytes (default: the ARKIVAR_MAKS_FILSTOERRELSE setting). Identical
    content is stored once.
    """
    if maks_stoerrelse is None:
        maks_stoerrelse = int(settings.ARKIVAR_MAKS_FILSTOERRELSE)
    dokumentlager = lager()
    if isinstance(dokumentlager, FileSystemStorage):
        return _lagre_i_filsystem(dokumentlager, kilde, maks_stoerrelse)
    return _lagre_i_annet_lager(dokumentlager, kilde, maks_stoerrelse)


def verifiser(sjekksum: str) -> bool:
    """Re-hash the stored file; False when it is missing or its content no longer matches."""
    navn = sti_for(sjekksum)
    dokumentlager = lager()
    if not dokumentlager.exists(navn):
        return False
    sha = hashlib.sha256()
    with dokumentlager.open(navn, "rb") as fil:
        for bit in iter(lambda: fil.read(_BIT), b""):
            sha.update(bit)
    return sha.hexdigest() == sjekksum


def aapne(sjekksum: str) -> File:  # type: ignore[type-arg]
    """The stored file, opened for binary reading. The caller closes it."""
    navn = sti_for(sjekksum)
    dokumentlager = lager()
    if not dokumentlager.exists(navn):
        raise IkkeFunnet("Fant ikke filen.")
    return dokumentlager.open(navn, "rb")


def rydd_foreldreloese(*, eldre_enn: dt.timedelta) -> list[str]:
    """Delete stored files that no Dokumentobjekt references and that are older than
    `eldre_enn`, plus temporary files left by interrupted uploads. Returns the deleted names.

    The age limit must exceed the longest upload transaction: a file written moments ago may
    belong to a transaction that has not committed yet.
    """
    dokumentlager = lager()
    grense = naa() - eldre_enn
    slettet: list[str] = []
    kandidater: dict[str, str] = {}
    for navn in _lagrede_filer(dokumentlager):
        if dokumentlager.get_modified_time(navn) < grense:
            kandidater[navn.rsplit("/", 1)[-1]] = navn
    sjekksummer = list(kandidater)
    # In slices, to stay under SQLite's limit on query parameters.
    for start in range(0, len(sjekksummer), 500):
        bolk = sjekksummer[start : start + 500]
        for sjekksum in sorted(set(bolk) - _i_bruk(bolk)):
            if _slett_foreldreloes(dokumentlager, kandidater[sjekksum], grense):
                slettet.append(kandidater[sjekksum])
    slettet.extend(_rydd_midlertidige(dokumentlager, grense))
    logger.info("dokument.rydd_foreldreloese", extra={"antall_slettet": len(slettet)})
    return slettet


# Writing


def _les_biter(kilde: Any) -> Iterator[bytes]:
    if isinstance(kilde, bytes | bytearray | memoryview):
        data = bytes(kilde)
        for start in range(0, len(data), _BIT):
            yield data[start : start + _BIT]
        return
    if hasattr(kilde, "chunks"):
        # Django's File and UploadedFile: chunks() rewinds a seekable file first.
        yield from kilde.chunks(_BIT)
        return
    if hasattr(kilde, "read"):
        for bit in iter(lambda: kilde.read(_BIT), b""):
            if not isinstance(bit, bytes):
                raise DomeneFeil("Filinnholdet må leses som bytes, ikke tekst.", felt="innhold")
            yield bit
        return
    raise DomeneFeil("Filinnholdet må være bytes eller en fil.", felt="innhold")


def _skriv_og_hash(kilde: Any, maal: IO[bytes], maks_stoerrelse: int) -> tuple[str, int]:
    """Copy into `maal`, hashing in the same pass; fsync before returning."""
    sha = hashlib.sha256()
    stoerrelse = 0
    for bit in _les_biter(kilde):
        stoerrelse += len(bit)
        if stoerrelse > maks_stoerrelse:
            raise DomeneFeil(
                f"Filen er for stor. Største tillatte filstørrelse er "
                f"{som_mb(maks_stoerrelse)} MB.",
                felt="filstoerrelse",
                kode="for_stor",
            )
        sha.update(bit)
        maal.write(bit)
    if stoerrelse == 0:
        raise DomeneFeil(
            "Filen er tom. Et dokument må ha innhold.", felt="filstoerrelse", kode="tom_fil"
        )
    maal.flush()
    os.fsync(maal.fileno())
    return sha.hexdigest(), stoerrelse


def _lagre_i_filsystem(
    dokumentlager: FileSystemStorage, kilde: Any, maks_stoerrelse: int
) -> LagretFil:
    rot = Path(dokumentlager.location)
    tmp_mappe = rot / _TMP_MAPPE
    _lag_mappe(tmp_mappe, dokumentlager)
    fd, tmp_navn = tempfile.mkstemp(dir=tmp_mappe, prefix="opplasting-")
    tmp_sti = Path(tmp_navn)
    try:
        with os.fdopen(fd, "wb") as tmp:
            sjekksum, stoerrelse = _skriv_og_hash(kilde, tmp, maks_stoerrelse)
        navn = sti_for(sjekksum)
        maal = Path(dokumentlager.path(navn))
        if _finnes_med_stoerrelse(maal, stoerrelse):
            try:
                # Same content already stored. Touch it, so that the orphan clean-up, which
                # goes by age, cannot remove it while this upload's transaction is open.
                os.utime(maal)
            except FileNotFoundError:
                pass  # removed by the clean-up just now: store it again below
            else:
                tmp_sti.unlink()
                return LagretFil(sjekksum, stoerrelse, navn)
        elif maal.exists():
            logger.warning("dokument.lagret_fil_feil_stoerrelse", extra={"sti": navn})
        _lag_mappe(maal.parent, dokumentlager)
        if dokumentlager.file_permissions_mode is not None:
            tmp_sti.chmod(dokumentlager.file_permissions_mode)
        tmp_sti.replace(maal)
        _fsync_mappe(maal.parent)
        return LagretFil(sjekksum, stoerrelse, navn)
    except BaseException:
        tmp_sti.unlink(missing_ok=True)
        raise


def _lagre_i_annet_lager(dokumentlager: Storage, kilde: Any, maks_stoerrelse: int) -> LagretFil:
    from arkivstruktur.models import Dokumentobjekt

    with tempfile.TemporaryFile(prefix="arkivar-opplasting-") as tmp:
        sjekksum, stoerrelse = _skriv_og_hash(kilde, tmp, maks_stoerrelse)
        navn = sti_for(sjekksum)
        if dokumentlager.exists(navn) and dokumentlager.size(navn) == stoerrelse:
            if Dokumentobjekt.objects.filter(sjekksum=sjekksum).exists():
                return LagretFil(sjekksum, stoerrelse, navn)
            # An unreferenced copy may be an orphan about to be cleaned up; storing it again
            # renews its modification time, as the touch does on disk.
            dokumentlager.delete(navn)
        elif dokumentlager.exists(navn):
            logger.warning("dokument.lagret_fil_feil_stoerrelse", extra={"sti": navn})
            dokumentlager.delete(navn)
        tmp.seek(0)
        lagret_som = dokumentlager.save(navn, File(tmp, name=navn))
        if lagret_som != navn:
            # A concurrent upload of the same content got there first; keep its copy.
            dokumentlager.delete(lagret_som)
        return LagretFil(sjekksum, stoerrelse, navn)


def _finnes_med_stoerrelse(sti: Path, stoerrelse: int) -> bool:
    try:
        return sti.stat().st_size == stoerrelse
    except FileNotFoundError:
        return False


def _lag_mappe(mappe: Path, dokumentlager: FileSystemStorage) -> None:
    """Create missing folders and fsync each new folder's parent, so the entry survives a crash."""
    mangler: list[Path] = []
    sti = mappe
    while not sti.exists():
        mangler.append(sti)
        sti = sti.parent
    for ny in reversed(mangler):
        try:
            ny.mkdir()
        except FileExistsError:
            continue
        if dokumentlager.directory_permissions_mode is not None:
            ny.chmod(dokumentlager.directory_permissions_mode)
        _fsync_mappe(ny.parent)


def _fsync_mappe(mappe: Path) -> None:
    fd = os.open(mappe, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# Clean-up


def _lagrede_filer(dokumentlager: Storage) -> Iterator[str]:
    """Every `ab/cd/<sha256>` name in the store; anything else is left alone."""
    nivaa1, _ = dokumentlager.listdir("")
    for ab in nivaa1:
        if not re.fullmatch(r"[0-9a-f]{2}", ab):
            continue
        nivaa2, _ = dokumentlager.listdir(ab)
        for cd in nivaa2:
            if not re.fullmatch(r"[0-9a-f]{2}", cd):
                continue
            _, filer = dokumentlager.listdir(f"{ab}/{cd}")
            for filnavn in filer:
                if _SJEKKSUM.match(filnavn) and filnavn.startswith(ab + cd):
                    yield f"{ab}/{cd}/{filnavn}"


def _i_bruk(sjekksummer: list[str]) -> set[str]:
    """The files a dokumentobjekt, an item in the registration queue or a letter template
    points at."""
    from arkivstruktur.models import Dokumentobjekt
    from sakarkiv.models import Brevmal, Mottaksfil

    brukt: set[str] = set()
    for modell in (Dokumentobjekt, Mottaksfil, Brevmal):
        brukt |= set(
            modell.objects.filter(sjekksum__in=sjekksummer).values_list("sjekksum", flat=True)
        )
    return brukt


def _slett_foreldreloes(dokumentlager: Storage, navn: str, grense: dt.datetime) -> bool:
    """Delete one unreferenced file, unless an upload has just reused it.

    An upload that reuses a stored file touches it *before* it inserts its row. On disk the
    file is first renamed aside, so no new upload can find it, and then looked at again: if it
    was touched or got a reference meanwhile, it is put back.
    """
    sjekksum = navn.rsplit("/", 1)[-1]
    if not isinstance(dokumentlager, FileSystemStorage):
        # Best effort: object stores have no atomic rename to close the window completely.
        if dokumentlager.get_modified_time(navn) >= grense or _i_bruk([sjekksum]):
            return False
        dokumentlager.delete(navn)
        return True
    sti = Path(dokumentlager.path(navn))
    tilside = Path(dokumentlager.path(_TMP_MAPPE)) / f"{_SLETTES}{sjekksum}"
    _lag_mappe(tilside.parent, dokumentlager)
    try:
        sti.replace(tilside)
    except FileNotFoundError:
        return False
    endret = dt.datetime.fromtimestamp(tilside.stat().st_mtime, tz=dt.UTC)
    if endret >= grense or _i_bruk([sjekksum]):
        tilside.replace(sti)
        return False
    tilside.unlink()
    return True


def _rydd_midlertidige(dokumentlager: Storage, grense: dt.datetime) -> list[str]:
    if not isinstance(dokumentlager, FileSystemStorage) or not dokumentlager.exists(_TMP_MAPPE):
        return []
    slettet = []
    _, filer = dokumentlager.listdir(_TMP_MAPPE)
    for filnavn in filer:
        navn = f"{_TMP_MAPPE}/{filnavn}"
        if filnavn.startswith(_SLETTES) and _SJEKKSUM.match(filnavn.removeprefix(_SLETTES)):
            # Left aside by a clean-up that stopped half-way: put it back; the next run decides.
            Path(dokumentlager.path(navn)).replace(
                dokumentlager.path(sti_for(filnavn.removeprefix(_SLETTES)))
            )
            continue
        if dokumentlager.get_modified_time(navn) < grense:
            dokumentlager.delete(navn)
            slettet.append(navn)
    return slettet


def _krev_sjekksum(sjekksum: str) -> None:
    # The checksum becomes a storage name: only 64 lower-case hex digits may pass.
    if not isinstance(sjekksum, str) or not _SJEKKSUM.match(sjekksum):
        raise DomeneFeil("Sjekksummen må være 64 heksadesimale tegn (SHA-256).", felt="sjekksum")


def slett_ubrukte(sjekksummer: list[str]) -> list[str]:
    """Remove these files now if nothing refers to them any more (after a disposal, where the
    files are to go at once rather than at the next clean-up); returns those removed."""
    dokumentlager = lager()
    fjernet = []
    grense = dt.datetime.now(tz=dt.UTC)
    for sjekksum in dict.fromkeys(sjekksummer):
        navn = sti_for(sjekksum)
        if dokumentlager.exists(navn) and _slett_foreldreloes(dokumentlager, navn, grense):
            fjernet.append(sjekksum)
    return fjernet
