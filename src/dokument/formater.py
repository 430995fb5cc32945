"""Format identification by content (model.md §3.14 format M701, §7 Format; style.md §8).

The PRONOM PUID comes from opf-fido's signatures (and its container signatures for ZIP and
OLE2 based formats such as DOCX), never from the file name or extension: fido's extension
fallback is not used. Content that no signature matches gets `av/0`. The MIME type comes from
the matched PRONOM format when it has one, else from libmagic (python-magic) by content, else
`application/octet-stream`.

Fido loads about 2,200 format descriptions when it starts, which takes a while, so one
instance is made per process, on first use (under a lock), and shared. Its signatures are not
run by fido's own `match_formats`, which walks the signature XML for every file (about 10 ms a
file), but by `dokument.pronom.Signaturmatcher`, made from the same instance once: the same
regexes on the same buffers in the same order, so the same PUIDs. Fido's buffer reading, its
container test and its container (ZIP, OLE2) signatures are used as they are.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree as ET

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from dokument.pronom import Signaturmatcher
from felles.feil import DomeneFeil

UKJENT_FORMAT = "av/0"
UKJENT_MIME_TYPE = "application/octet-stream"

# Kilde: what the identification rests on.
KILDE_SIGNATUR = "fido"
KILDE_BEHOLDER = "fido-beholder"
KILDE_MAGIC = "magic"
KILDE_UKJENT = "ukjent"

_BEHOLDERTYPER = {"zip": "ZIP", "ole": "OLE2"}
_laas = threading.Lock()


@dataclass(frozen=True)
class Formatidentifikasjon:
    """The result of identifying one file: PUID (`av/0` when unknown), the PRONOM format
    name, the MIME type, and `kilde`: `fido` (a signature), `fido-beholder` (a container
    signature), `magic` (no PRONOM match; the MIME type is libmagic's) or `ukjent`."""

    puid: str
    formatnavn: str
    mime_type: str
    kilde: str

    @property
    def er_kjent(self) -> bool:
        return self.puid != UKJENT_FORMAT


@dataclass
class _Fido:
    fido: Any
    beholdersignaturer: dict[str, Any]
    zip_pakke: Any
    ole_pakke: Any
    signaturer: Signaturmatcher


_oppsett: _Fido | None = None


def _fido() -> _Fido:
    """The process's fido instance with the PRONOM and fido signatures (no printing), and the
    matcher made from it; made on first use, once."""
    global _oppsett
    if _oppsett is None:
        with _laas:
            if _oppsett is None:
                _oppsett = _lag_fido()
    return _oppsett


def _lag_fido() -> _Fido:
    from fido import CONFIG_DIR  # type: ignore[import-untyped]
    from fido.fido import Fido  # type: ignore[import-untyped]
    from fido.package import OlePackage, ZipPackage  # type: ignore[import-untyped]
    from fido.versions import get_local_versions  # type: ignore[import-untyped]

    versjoner = get_local_versions(CONFIG_DIR)
    fido = Fido(
        quiet=True,
        handle_matches=lambda *args, **kwargs: None,
        format_files=[versjoner.pronom_signature, versjoner.fido_extension_signature],
    )
    beholderfil = Path(CONFIG_DIR) / versjoner.pronom_container_signature
    beholderdokument = ET.parse(beholderfil)  # noqa: S314 - a file shipped with fido
    return _Fido(
        fido=fido,
        beholdersignaturer={
            navn: fido.extract_signatures(beholderdokument, signature_type=navn)
            for navn in _BEHOLDERTYPER.values()
        },
        zip_pakke=ZipPackage,
        ole_pakke=OlePackage,
        signaturer=Signaturmatcher(fido),
    )


def identiser(sti_eller_fil: str | os.PathLike[str] | IO[bytes]) -> Formatidentifikasjon:
    """Identify a file by its content: a path, or a binary file object (read from the start;
    a file object that cannot seek is copied to a temporary file first)."""
    if isinstance(sti_eller_fil, str | os.PathLike):
        with Path(sti_eller_fil).open("rb") as fil:
            return _identiser_fil(fil)
    if _kan_soeke(sti_eller_fil):
        return _identiser_fil(sti_eller_fil)
    with tempfile.TemporaryFile() as kopi:
        shutil.copyfileobj(sti_eller_fil, kopi)
        return _identiser_fil(kopi)


def identiser_lagret(sjekksum: str) -> Formatidentifikasjon:
    """Identify a file in the document store by its checksum (storage API only)."""
    from dokument.lagring import aapne

    with aapne(sjekksum) as fil:
        return identiser(fil)


def _kan_soeke(fil: Any) -> bool:
    try:
        return bool(fil.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def _identiser_fil(fil: IO[bytes]) -> Formatidentifikasjon:
    oppsett = _fido()
    fido = oppsett.fido
    fil.seek(0, os.SEEK_END)
    stoerrelse = fil.tell()
    fil.seek(0)
    if stoerrelse == 0:
        return Formatidentifikasjon(UKJENT_FORMAT, "", UKJENT_MIME_TYPE, KILDE_UKJENT)
    # No lock: get_buffers, container_type and the container packages keep no state in the
    # fido instance, and the matcher is read-only.
    begynnelse, slutt, _ = fido.get_buffers(fil, stoerrelse, seekable=True)
    treff = oppsett.signaturer.match_formats(begynnelse, slutt)
    kilde = KILDE_SIGNATUR
    beholdertype = _BEHOLDERTYPER.get(fido.container_type(treff) or "")
    if beholdertype:
        beholdertreff = _beholdertreff(oppsett, beholdertype, fil)
        if beholdertreff:
            treff, kilde = beholdertreff, KILDE_BEHOLDER
    if not treff:
        mime_type = _mime_fra_innhold(begynnelse)
        return Formatidentifikasjon(
            UKJENT_FORMAT,
            "",
            mime_type or UKJENT_MIME_TYPE,
            KILDE_MAGIC if mime_type else KILDE_UKJENT,
        )
    format_element = treff[0][0]
    puid = format_element.findtext("puid")
    navn = format_element.findtext("name") or puid
    versjon = (format_element.findtext("version") or "").strip()
    if versjon and versjon not in navn:
        navn = f"{navn} {versjon}"
    mime_type = _mime_fra_pronom(format_element) or _mime_fra_innhold(begynnelse)
    return Formatidentifikasjon(puid, navn, mime_type or UKJENT_MIME_TYPE, kilde)


def _beholdertreff(oppsett: _Fido, beholdertype: str, fil: IO[bytes]) -> list[Any]:
    pakke = oppsett.zip_pakke if beholdertype == "ZIP" else oppsett.ole_pakke
    fil.seek(0)
    puider = pakke(fil, oppsett.beholdersignaturer[beholdertype]).detect_formats()
    formater = [oppsett.fido.puid_format_map.get(puid) for puid in puider]
    return [(element, element.findtext("name")) for element in formater if element is not None]


def _mime_fra_pronom(format_element: Any) -> str:
    # A format may list several MIME types ("application/pdf, application/x-pdf"): the first.
    tekst = format_element.findtext("mime") or ""
    return tekst.split(",")[0].strip()[:150]


def _mime_fra_innhold(begynnelse: bytes) -> str:
    try:
        import magic
    except ImportError:  # libmagic is missing on this machine
        return ""
    try:
        mime_type = str(magic.from_buffer(begynnelse, mime=True))
    except (magic.MagicException, OSError):
        return ""
    return "" if mime_type in ("", UKJENT_MIME_TYPE) else mime_type


def mime_kjerne(mime_type: str) -> str:
    """The major/minor type, lower-case, without parameters (`text/plain; charset=utf-8`)."""
    return mime_type.split(";")[0].strip().lower()


def mime_typer_er_like(en: str, annen: str) -> bool:
    """Same major/minor type, ignoring case and parameters."""
    return mime_kjerne(en) == mime_kjerne(annen)


def sikre_formatkode(identifikasjon: Formatidentifikasjon) -> None:
    """Make an identified PUID usable as a Format code (model.md §7: the list is open): add it
    to the `format` code list with its PRONOM name when it is missing."""
    from kodeliste.models import Kodeliste, Kodeverdi
    from kodeliste.services import glem_hurtigbuffer, kodeverdi_for_bruk

    if not identifikasjon.er_kjent:
        return
    try:
        kodeverdi_for_bruk(
            kodeliste="format", kode=identifikasjon.puid, felt="format", visningsnavn="Format"
        )
        return
    except DomeneFeil:
        pass  # missing here, or only in this process's cache; the check below decides
    kodeliste = Kodeliste.objects.get(navn="format")
    if not Kodeverdi.objects.filter(kodeliste=kodeliste, kode=identifikasjon.puid).exists():
        navn = (identifikasjon.formatnavn or identifikasjon.puid)[:180]
        if Kodeverdi.objects.filter(kodeliste=kodeliste, kodenavn=navn).exists():
            navn = f"{navn} ({identifikasjon.puid})"  # kodenavn is unique in a list
        try:
            with transaction.atomic():
                Kodeverdi.objects.create(
                    kodeliste=kodeliste,
                    kode=identifikasjon.puid,
                    kodenavn=navn,
                    beskrivelse="Lagt til automatisk ved formatidentifikasjon (PRONOM).",
                    er_standard=False,
                )
        except IntegrityError:
            pass  # another upload added it at the same moment
    glem_hurtigbuffer()


def formatavvik_liste(*, bruker: Any) -> QuerySet[Any]:
    """Unhandled and handled mismatches between declared and identified format, newest first,
    for files the user can see; only archivists get rows."""
    from arkivstruktur.models import Dokumentobjekt
    from dokument.models import Formatavvik
    from organisasjon.models import Rolle
    from tilgang.profil import tilgangsprofil

    if not tilgangsprofil(bruker).har_rolle(Rolle.ARKIVAR):
        return Formatavvik.objects.none()
    return (
        Formatavvik.objects.filter(
            dokumentobjekt__in=Dokumentobjekt.objects.synlig_for(bruker).values("pk")
        )
        .select_related("dokumentobjekt")
        .order_by("behandlet", "-oppdaget_dato", "-pk")
    )
