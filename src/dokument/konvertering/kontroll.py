"""The input check that runs before any conversion (style.md §8).

Hostile or broken files must never reach LibreOffice, Ghostscript or Tesseract: a ZIP bomb
would fill the disk, an image bomb the memory, and an encrypted file only fails there after a
long wait with a message nobody understands. `kontroller` looks at the file's structure without
rendering anything and raises Konverteringsfeil with SKADET, KRYPTERT or BOMBE and a sentence
for the archivist. What kind of file it is, is read from its first bytes (the same content
fido identified it by) and from the identified MIME type; `puid` is kept for the log.

- PDF: it must open with pikepdf (qpdf) and have pages, and a file qpdf had to repair must end
  with %%EOF (else it is truncated); a user password is KRYPTERT, an owner password alone
  (printing/copying restrictions) is no obstacle.
- ZIP and the formats built on it (DOCX, XLSX, PPTX, ODF, EPUB, plain ZIP): the declared
  uncompressed size within ARKIVAR_MAKS_UTPAKKET_STOERRELSE (1 GiB) and no large member packed
  more than 100:1, else BOMBE; members encrypted with a password, or ODF encryption in the
  manifest, KRYPTERT; then every member is read once to check its CRC, within those same
  limits (a member cannot yield more than it declares).
- OLE2 (Compound File Binary): an `EncryptionInfo` or `EncryptedPackage` stream is an encrypted
  OOXML file (MS-OFFCRYPTO), so KRYPTERT.
- Raster images: more pixels than ARKIVAR_MAKS_BILDEPIKSLER (200 million) in any frame is
  BOMBE; Pillow's `verify()` failing is SKADET.
"""

from __future__ import annotations

import logging
import struct
import zipfile
import zlib
from pathlib import Path

import olefile  # type: ignore[import-untyped]
import pikepdf
from django.conf import settings
from PIL import Image, UnidentifiedImageError

from dokument.formater import mime_kjerne
from dokument.konvertering.felles import BOMBE, KRYPTERT, SKADET, Konverteringsfeil

logger = logging.getLogger(__name__)

STANDARD_MAKS_UTPAKKET = 1024**3  # 1 GiB
STANDARD_MAKS_BILDEPIKSLER = 200_000_000
MAKS_KOMPRESJONSGRAD = 100
# A member that unpacks to less than this is harmless whatever its ratio (a few KB of blank
# XML can shrink far more than 100:1); the ratio only tells a bomb from data above it.
_MINSTE_MISTENKELIGE_DEL = 1024 * 1024
_MAKS_MANIFEST = 1024 * 1024  # an ODF manifest is a few KB; a bigger one is not read
_MAKS_TIFF_SIDER = 10_000  # frames looked at for their size; beyond this the file is refused

_PDF = b"%PDF-"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BILDESIGNATURER = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
)
_BILDE_MIME = {
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/bmp",
    "image/x-ms-bmp",
    "image/tiff",
    "image/webp",
}
_ZIP_MIME = {
    "application/zip",
    "application/x-zip-compressed",
    "application/epub+zip",
}
_ZIP_MIME_PREFIKSER = (
    "application/vnd.openxmlformats-officedocument.",
    "application/vnd.oasis.opendocument.",
)


def kontroller(fil: Path, *, puid: str, mime_type: str) -> None:
    """Raise Konverteringsfeil (SKADET, KRYPTERT or BOMBE) when `fil` must not be converted."""
    mime = mime_kjerne(mime_type)
    with fil.open("rb") as f:
        hode = f.read(1024)
    if not hode:
        raise Konverteringsfeil("Filen er tom.", kode=SKADET)
    logger.debug("dokument.kontroll", extra={"puid": puid, "mime_type": mime})
    # The content decides; the MIME type only when the first bytes say nothing known.
    if hode.startswith(_OLE2):
        _kontroller_ole2(fil)
    elif hode.startswith(_ZIP):
        _kontroller_zip(fil)
    elif _PDF in hode:
        _kontroller_pdf(fil)
    elif hode.startswith(_BILDESIGNATURER) or _er_webp(hode):
        _kontroller_bilde(fil)
    elif mime in _ZIP_MIME or mime.startswith(_ZIP_MIME_PREFIKSER):
        _kontroller_zip(fil)
    elif mime == "application/pdf":
        _kontroller_pdf(fil)
    elif mime in _BILDE_MIME:
        _kontroller_bilde(fil)


# PDF


def _kontroller_pdf(fil: Path) -> None:
    try:
        with pikepdf.open(fil) as pdf:
            sider = len(pdf.pages)
            advarsler = pdf.get_warnings()
    except pikepdf.PasswordError:
        raise Konverteringsfeil(
            "PDF-filen er beskyttet med passord og kan ikke åpnes. "
            "Be avsenderen om en utgave uten passord.",
            kode=KRYPTERT,
        ) from None
    except (pikepdf.PdfError, OSError, ValueError, RecursionError) as feil:
        raise Konverteringsfeil(
            "PDF-filen er skadet og kan ikke leses.", kode=SKADET, detaljer=str(feil)[:2000]
        ) from None
    if advarsler and not _har_slutt(fil):
        # qpdf rebuilds a damaged cross-reference table, which is fine for a file whose
        # offsets are merely wrong; without the %%EOF marker, though, the end is missing and
        # what qpdf recovers is only part of the document.
        raise Konverteringsfeil(
            "PDF-filen er ufullstendig: slutten av filen mangler.",
            kode=SKADET,
            detaljer="\n".join(str(a) for a in advarsler)[:2000],
        )
    if sider == 0:
        raise Konverteringsfeil("PDF-filen har ingen sider.", kode=SKADET)


def _har_slutt(fil: Path) -> bool:
    with fil.open("rb") as f:
        f.seek(max(fil.stat().st_size - 1024, 0))
        return b"%%EOF" in f.read()


# ZIP and the formats built on it


def _kontroller_zip(fil: Path) -> None:
    maks = int(getattr(settings, "ARKIVAR_MAKS_UTPAKKET_STOERRELSE", STANDARD_MAKS_UTPAKKET))
    try:
        with zipfile.ZipFile(fil) as arkiv:
            deler = arkiv.infolist()
            _sjekk_zipstoerrelse(deler, maks)
            _sjekk_zipkryptering(arkiv, deler)
            # Reading every member checks its CRC; zipfile stops each at its declared size,
            # which the checks above have bounded.
            feil = arkiv.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as feil_:
        raise Konverteringsfeil(
            "Filen er en skadet ZIP-beholder og kan ikke pakkes ut.",
            kode=SKADET,
            detaljer=str(feil_)[:2000],
        ) from None
    except NotImplementedError as feil_:  # a compression method zipfile does not know
        raise Konverteringsfeil(
            "Filen bruker en komprimeringsmetode som ikke støttes.",
            kode=SKADET,
            detaljer=str(feil_)[:2000],
        ) from None
    if feil is not None:
        raise Konverteringsfeil(
            f"Delen «{feil}» i filen er skadet (kontrollsummen stemmer ikke).", kode=SKADET
        )


def _sjekk_zipstoerrelse(deler: list[zipfile.ZipInfo], maks: int) -> None:
    totalt = 0
    for del_ in deler:
        totalt += del_.file_size
        if totalt > maks:
            raise Konverteringsfeil(
                f"Filen pakkes ut til mer enn {_stoerrelse(maks)} og avvises som en mulig "
                "ZIP-bombe.",
                kode=BOMBE,
            )
        grad = del_.file_size / max(del_.compress_size, 1)
        if del_.file_size > _MINSTE_MISTENKELIGE_DEL and grad > MAKS_KOMPRESJONSGRAD:
            raise Konverteringsfeil(
                f"Delen «{del_.filename}» er pakket mer enn {MAKS_KOMPRESJONSGRAD}:1 "
                f"({_stoerrelse(del_.compress_size)} blir {_stoerrelse(del_.file_size)}), "
                "og filen avvises som en mulig ZIP-bombe.",
                kode=BOMBE,
            )


def _sjekk_zipkryptering(arkiv: zipfile.ZipFile, deler: list[zipfile.ZipInfo]) -> None:
    if any(del_.flag_bits & 0x1 for del_ in deler):
        raise Konverteringsfeil(
            "Filen har innhold som er kryptert med passord. "
            "Be avsenderen om en utgave uten passord.",
            kode=KRYPTERT,
        )
    # ODF encrypts the members itself and lists their encryption in the manifest.
    try:
        manifest = arkiv.getinfo("META-INF/manifest.xml")
    except KeyError:
        return
    if manifest.file_size <= _MAKS_MANIFEST and b"encryption-data" in arkiv.read(manifest):
        raise Konverteringsfeil(
            "Dokumentet er beskyttet med passord og kan ikke konverteres. "
            "Be avsenderen om en utgave uten passord.",
            kode=KRYPTERT,
        )


# OLE2 (Compound File Binary)


def _kontroller_ole2(fil: Path) -> None:
    try:
        ole = olefile.OleFileIO(str(fil))
    except (OSError, ValueError, struct.error, IndexError) as feil:
        raise Konverteringsfeil(
            "Office-filen (OLE2) er skadet og kan ikke leses.",
            kode=SKADET,
            detaljer=str(feil)[:2000],
        ) from None
    try:
        kryptert = ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage")
    finally:
        ole.close()
    if kryptert:
        raise Konverteringsfeil(
            "Office-dokumentet er beskyttet med passord og kan ikke konverteres. "
            "Be avsenderen om en utgave uten passord.",
            kode=KRYPTERT,
        )


# Raster images


def _er_webp(hode: bytes) -> bool:
    return hode[:4] == b"RIFF" and hode[8:12] == b"WEBP"


def _kontroller_bilde(fil: Path) -> None:
    maks = int(getattr(settings, "ARKIVAR_MAKS_BILDEPIKSLER", STANDARD_MAKS_BILDEPIKSLER))
    # Pillow refuses outright at twice this and warns above it; the exact limit is checked
    # below, frame by frame. The value is process-wide, and the same everywhere in Arkivar.
    Image.MAX_IMAGE_PIXELS = maks
    try:
        with Image.open(fil) as bilde:
            _sjekk_piksler(bilde, maks)
        # verify() must have a freshly opened image and leaves it unusable.
        with Image.open(fil) as bilde:
            bilde.verify()
    except Image.DecompressionBombError as feil:
        raise Konverteringsfeil(
            f"Bildet har mer enn {_antall(maks)} piksler og avvises som en mulig bildebombe.",
            kode=BOMBE,
            detaljer=str(feil),
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as feil:
        # Pillow reports broken data as OSError ("truncated"), SyntaxError ("broken PNG
        # file") and others.
        raise Konverteringsfeil(
            "Bildet er skadet og kan ikke leses.", kode=SKADET, detaljer=str(feil)[:2000]
        ) from None


def _sjekk_piksler(bilde: Image.Image, maks: int) -> None:
    # TIFF pages have sizes of their own; seeking only reads each page's header. Other
    # formats' frames share the first frame's size (GIF's logical screen).
    sider = getattr(bilde, "n_frames", 1) if bilde.format == "TIFF" else 1
    if sider > _MAKS_TIFF_SIDER:
        raise Konverteringsfeil(
            f"Bildet har mer enn {_antall(_MAKS_TIFF_SIDER)} sider og avvises.", kode=BOMBE
        )
    for side in range(sider):
        if side:
            bilde.seek(side)
        bredde, hoeyde = bilde.size
        if bredde * hoeyde > maks:
            raise Konverteringsfeil(
                f"Bildet er {_antall(bredde)} × {_antall(hoeyde)} piksler, mer enn grensen på "
                f"{_antall(maks)} piksler, og avvises som en mulig bildebombe.",
                kode=BOMBE,
            )


# Numbers as the archivist reads them


def _stoerrelse(antall_byte: int) -> str:
    """ "1 GB", "1,5 GB", "200 MB", "12 KB" (binary units, Norwegian decimal comma)."""
    for enhet, grense in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if antall_byte >= grense:
            verdi = f"{antall_byte / grense:.1f}".rstrip("0").rstrip(".")
            return f"{verdi.replace('.', ',')} {enhet}"
    return f"{antall_byte} byte"


def _antall(tall: int) -> str:
    """200000000 → "200 000 000" (Norwegian thousands separator)."""
    return f"{tall:,}".replace(",", "\u00a0")
