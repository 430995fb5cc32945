"""Office documents to PDF/A-2b through LibreOffice headless (style.md §8).

Text documents (DOCX, DOC, ODT, RTF, plain text, HTML), spreadsheets (XLSX, XLS, ODS) and
presentations (PPTX, PPT, ODP) are opened by `soffice --headless` and exported with the PDF
filter of their kind, with `SelectPdfVersion` 2 (PDF/A-2b). LibreOffice 7.4 takes the filter
options as JSON after the filter name.

Every conversion gets its own folder inside `arbeidsmappe` with a fresh LibreOffice profile
(`-env:UserInstallation`), so that conversions running side by side never share a profile:
a shared one is locked by the first instance and the second fails or hands its work over.

LibreOffice exits with status 0 even when it cannot load the file ("Error: source file could
not be loaded"), so a missing output file is what tells a failure. Password-protected files
fail the same way in headless mode; they are recognised beforehand from the file's structure
so that they end as `KRYPTERT`, not as a damaged file.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import struct
import subprocess
import tempfile
import zipfile
from pathlib import Path

import olefile  # type: ignore[import-untyped]

from dokument.konvertering import prosess
from dokument.konvertering.felles import (
    IKKE_STOETTET,
    KRYPTERT,
    SKADET,
    VERKTOEYFEIL,
    Konverteringsfeil,
    Konvertert,
)
from dokument.konvertering.pdfa import PDFA_2B, krev_pdfa2

_TEKST = "writer_pdf_Export"
_REGNEARK = "calc_pdf_Export"
_PRESENTASJON = "impress_pdf_Export"

# Filtype (the extension the copy gets) → LibreOffice's PDF export filter for that kind.
_EKSPORTFILTER = {
    "docx": _TEKST,
    "doc": _TEKST,
    "odt": _TEKST,
    "rtf": _TEKST,
    "txt": _TEKST,
    "html": _TEKST,
    "htm": _TEKST,
    "xlsx": _REGNEARK,
    "xls": _REGNEARK,
    "ods": _REGNEARK,
    "pptx": _PRESENTASJON,
    "ppt": _PRESENTASJON,
    "odp": _PRESENTASJON,
}
# HTML opens in Writer/Web by default, which drops parts of the page (headings) and lays it
# out as a web page; the StarWriter import gives an ordinary paged text document.
_IMPORTFILTER = {"html": "HTML (StarWriter)", "htm": "HTML (StarWriter)"}

_OOXML = {"docx", "xlsx", "pptx"}
_ODF = {"odt", "ods", "odp"}
_OLE2_SIGNATUR = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAKS_MANIFEST = 1024 * 1024  # an ODF manifest is a few KB; anything bigger is not read
_IKKE_LASTET = "source file could not be loaded"


def til_pdfa(kilde: Path, arbeidsmappe: Path, *, filtype: str) -> Konvertert:
    """Convert the office file `kilde` (of the kind `filtype`, e.g. "docx") to PDF/A-2b.

    The result is written into `arbeidsmappe`; the temporary profile and copy are removed."""
    filtype = filtype.lower().lstrip(".")
    eksportfilter = _eksportfilter(filtype)
    _sjekk_kilde(kilde, filtype)
    program = _soffice()
    mappe = Path(tempfile.mkdtemp(prefix="libreoffice-", dir=arbeidsmappe))
    try:
        kopi = mappe / f"kilde.{filtype}"
        shutil.copyfile(kilde, kopi)
        pdf = _konverter(program, kopi, mappe, eksportfilter, _IMPORTFILTER.get(filtype))
        resultat = arbeidsmappe / f"{mappe.name}.pdf"
        pdf.replace(resultat)
    finally:
        shutil.rmtree(mappe, ignore_errors=True)
    krev_pdfa2(resultat, verktoey="LibreOffice")
    return Konvertert(fil=resultat, til_format=PDFA_2B, verktoey=libreoffice_versjon(program))


def _eksportfilter(filtype: str) -> str:
    try:
        return _EKSPORTFILTER[filtype]
    except KeyError:
        raise Konverteringsfeil(
            f"Filtypen «{filtype}» kan ikke konverteres med LibreOffice.", kode=IKKE_STOETTET
        ) from None


# Before LibreOffice: files that would only fail there, for a reason the archivist should see


def _sjekk_kilde(kilde: Path, filtype: str) -> None:
    if kilde.stat().st_size == 0:
        # LibreOffice makes a blank page of an empty file; that is no rendering of anything.
        raise Konverteringsfeil("Filen er tom.", kode=SKADET)
    if er_kryptert(kilde, filtype):
        raise Konverteringsfeil(
            "Filen er beskyttet med passord og kan ikke konverteres. "
            "Be avsenderen om en utgave uten passord.",
            kode=KRYPTERT,
        )


def er_kryptert(kilde: Path, filtype: str) -> bool:
    """True when the office file is password-protected (encrypted), judged from its structure
    without decrypting anything: OOXML in an encrypted OLE2 container, the encryption flags
    of Word, Excel and PowerPoint 97–2003, or ODF with encrypted entries."""
    with kilde.open("rb") as fil:
        signatur = fil.read(len(_OLE2_SIGNATUR))
    if signatur == _OLE2_SIGNATUR:
        return _ole2_er_kryptert(kilde)
    if filtype in _ODF:
        return _odf_er_kryptert(kilde)
    return False


def _ole2_er_kryptert(kilde: Path) -> bool:
    try:
        ole = olefile.OleFileIO(str(kilde))
    except (OSError, ValueError, struct.error):
        return False  # not readable as OLE2: LibreOffice decides whether it is damaged
    try:
        # An encrypted OOXML file is an OLE2 container with these two streams (MS-OFFCRYPTO).
        if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
            return True
        if ole.exists("WordDocument"):
            return _word97_er_kryptert(ole)
        for navn in ("Workbook", "Book"):
            if ole.exists(navn):
                return _excel97_er_kryptert(ole, navn)
        if ole.exists("Current User"):
            return _powerpoint97_er_kryptert(ole)
        return False
    except (OSError, ValueError, struct.error):
        return False
    finally:
        ole.close()


def _word97_er_kryptert(ole: olefile.OleFileIO) -> bool:
    # FibBase (MS-DOC 2.5.2): the flags word at offset 10 has fEncrypted as bit 0x0100.
    fib = ole.openstream("WordDocument").read(12)
    return len(fib) == 12 and bool(struct.unpack_from("<H", fib, 10)[0] & 0x0100)


def _excel97_er_kryptert(ole: olefile.OleFileIO, navn: str) -> bool:
    # The FilePass record (type 0x002F) follows the first BOF record when the workbook is
    # encrypted (MS-XLS 2.4.117); looking at the first few records is enough.
    data = ole.openstream(navn).read(4096)
    posisjon = 0
    for _ in range(8):
        if posisjon + 4 > len(data):
            break
        posttype, lengde = struct.unpack_from("<HH", data, posisjon)
        if posttype == 0x002F:
            return True
        posisjon += 4 + lengde
    return False


def _powerpoint97_er_kryptert(ole: olefile.OleFileIO) -> bool:
    # CurrentUserAtom (MS-PPT 2.3.2): headerToken 0xF3D1C4DF marks an encrypted document.
    atom = ole.openstream("Current User").read(16)
    return len(atom) == 16 and struct.unpack_from("<I", atom, 12)[0] == 0xF3D1C4DF


def _odf_er_kryptert(kilde: Path) -> bool:
    # ODF lists the encryption parameters of each encrypted entry in its manifest.
    try:
        with zipfile.ZipFile(kilde) as arkiv:
            info = arkiv.getinfo("META-INF/manifest.xml")
            if info.file_size > _MAKS_MANIFEST:
                return False
            manifest = arkiv.read(info)
    except (KeyError, OSError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError):
        return False
    return b"encryption-data" in manifest


# Running LibreOffice


def _soffice() -> str:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise Konverteringsfeil(
            "LibreOffice er ikke installert på serveren, så filen kan ikke konverteres.",
            kode=VERKTOEYFEIL,
        )
    return program


def _konverter(
    program: str, kopi: Path, mappe: Path, eksportfilter: str, importfilter: str | None
) -> Path:
    """Run LibreOffice on `kopi`; the PDF it wrote, or Konverteringsfeil."""
    utmappe = mappe / "ut"
    filtervalg = json.dumps({"SelectPdfVersion": {"type": "long", "value": "2"}})
    argumenter = [program, *_profilvalg(mappe)]
    if importfilter:
        argumenter.append(f"--infilter={importfilter}")
    argumenter += [
        "--convert-to",
        f"pdf:{eksportfilter}:{filtervalg}",
        "--outdir",
        str(utmappe),
        str(kopi),
    ]
    # On timeout the whole process group goes: `soffice` is a wrapper whose `soffice.bin`
    # would otherwise live on.
    kjoering = prosess.kjoer(argumenter, mappe, navn="LibreOffice")
    pdf = utmappe / f"{kopi.stem}.pdf"
    if kjoering.returkode != 0:
        raise Konverteringsfeil(
            f"LibreOffice stoppet med feilkode {kjoering.returkode} under konverteringen.",
            kode=VERKTOEYFEIL,
            detaljer=_hale(kjoering),
        )
    if not pdf.is_file() or pdf.stat().st_size == 0:
        if _IKKE_LASTET in kjoering.feilutdata:
            raise Konverteringsfeil(
                "LibreOffice kunne ikke åpne filen. Den er trolig skadet, "
                "eller den er ikke i formatet den ser ut til å ha.",
                kode=SKADET,
                detaljer=_hale(kjoering),
            )
        raise Konverteringsfeil(
            "LibreOffice laget ingen PDF-fil.", kode=VERKTOEYFEIL, detaljer=_hale(kjoering)
        )
    return pdf


def _profilvalg(mappe: Path) -> list[str]:
    return [
        "--headless",
        "--norestore",
        "--nologo",
        "--nolockcheck",
        f"-env:UserInstallation={(mappe / 'profil').as_uri()}",
    ]


def _hale(kjoering: prosess.Kjoering) -> str:
    """The end of LibreOffice's output for `detaljer`, without its harmless Java warning."""
    return prosess.hale(kjoering.feilutdata.strip() or kjoering.utdata.strip(), uten="javaldx")


# The tool's version, for konverteringsverktoey (M714)


def libreoffice_versjon(program: str | None = None) -> str:
    """ "LibreOffice 7.4.7.2", read once per program from `soffice --version`; just
    "LibreOffice" when the version cannot be read (that is no reason to fail a conversion)."""
    try:
        return _versjon(program or _soffice())
    except (Konverteringsfeil, OSError, subprocess.SubprocessError):
        return "LibreOffice"


@functools.lru_cache(maxsize=8)
def _versjon(program: str) -> str:
    # Failures raise and are therefore not cached; the next conversion tries again.
    kjoering = prosess.versjonsutdata(program, tidsavbrudd=60)
    treff = re.search(r"LibreOffice\s+(\d[\w.]*)", kjoering.stdout.decode("utf-8", "replace"))
    if treff is None:
        raise subprocess.SubprocessError("soffice --version gave no version")
    return f"LibreOffice {treff.group(1)}"
