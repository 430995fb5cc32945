"""The extract's dokumenter/ folder: each stored file once, named by its checksum.

`dokumenter/ab/<sha256>.pdf`: identical content is delivered once and referred to from every
dokumentobjekt that holds it (Arkade's N5.34 only counts such files), and the two-letter
folders keep a million files out of one directory. On a local file store the file is
hard-linked (the store never changes a file, so the link is as good as a copy and costs no
disk); otherwise, or across file systems, it is copied while its SHA-256 is checked.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import FileSystemStorage

from arkivstruktur.models import Dokumentobjekt
from dokument.behandling import PDFA_FORMATER
from dokument.lagring import aapne, lager, sti_for
from felles.feil import DomeneFeil

DOKUMENTMAPPE = "dokumenter"
_BIT = 1024 * 1024


@dataclass(frozen=True)
class Dokumentfil:
    sti: str  # relative to the extract root, with "/"
    filending: str


def filending(objekt: Dokumentobjekt) -> str:
    """The file extension for a dokumentobjekt: `pdf` for PDF/A, else from its file name or
    MIME type."""
    if objekt.format in PDFA_FORMATER:
        return "pdf"
    suffiks = Path(objekt.filnavn).suffix.lstrip(".").lower()
    if suffiks.isalnum():
        return suffiks
    gjettet = mimetypes.guess_extension(objekt.mime_type or "") or ".bin"
    return gjettet.lstrip(".")


class Dokumentfiler:
    def __init__(self, utmappe: Path) -> None:
        self.rot = utmappe
        self.antall = 0
        lagret = lager()
        self._filsystem = Path(lagret.location) if isinstance(lagret, FileSystemStorage) else None

    def legg_til(self, objekt: Dokumentobjekt) -> Dokumentfil:
        ending = filending(objekt)
        sti = f"{DOKUMENTMAPPE}/{objekt.sjekksum[:2]}/{objekt.sjekksum}.{ending}"
        maal = self.rot / sti
        if not maal.exists():
            maal.parent.mkdir(parents=True, exist_ok=True)
            self._kopier(objekt.sjekksum, maal)
            self.antall += 1
        return Dokumentfil(sti=sti, filending=ending)

    def _kopier(self, sjekksum: str, maal: Path) -> None:
        if self._filsystem is not None:
            kilde = self._filsystem / sti_for(sjekksum)
            try:
                os.link(kilde, maal)
                return
            except OSError:
                pass  # another file system, or links not allowed: copy
        sha = hashlib.sha256()
        with aapne(sjekksum) as inn, maal.open("wb") as ut:
            for bit in iter(lambda: inn.read(_BIT), b""):
                sha.update(bit)
                ut.write(bit)
        if sha.hexdigest() != sjekksum:
            raise DomeneFeil(
                f"Filen {sjekksum} i dokumentlageret stemmer ikke med sjekksummen sin (skadet "
                "eller endret på disk); uttrekket er avbrutt. Hent filen fra sikkerhetskopien."
            )
