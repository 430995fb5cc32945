"""Images and scanned PDFs to searchable PDF/A-2b with OCRmyPDF and Tesseract (style.md §8).

OCRmyPDF runs through its Python API, but in a child process of its own: it starts Tesseract,
Ghostscript and friends, and a hung Ghostscript must not hang the worker. The child gets its own
session, so on timeout the whole process group is killed. It reports an exception by its class
names in a small JSON file, which is how EncryptedPdfError, DpiError and the others are told
apart (OCRmyPDF's exit codes lump several of them together).

Images without a usable resolution are given 300 DPI, and images with transparency are
flattened onto white first, because img2pdf (which OCRmyPDF uses for images) refuses an alpha
channel.

PDFs are OCR'd with `skip_text`: pages that already have text keep it and only the others are
recognised. Ghostscript 10.0.0 to 10.02.0 (Debian 12 has 10.0.0) corrupts existing text when it
rewrites a PDF, so OCRmyPDF refuses `skip_text` with it unless PDF/A is made by pikepdf alone
(`pdfa_backend="internal"`). pikepdf approves only what it can prove is PDF/A, so a PDF it
cannot approve gets a second attempt with `force_ocr`: every page is rasterised and recognised,
which always gives PDF/A, at the cost of the original text and vector graphics (the original
itself is kept, and the konverteringskommentar says so).
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from PIL import Image, ImageSequence, UnidentifiedImageError

from dokument.konvertering import prosess
from dokument.konvertering.felles import (
    BOMBE,
    IKKE_STOETTET,
    KRYPTERT,
    SKADET,
    UGYLDIG_RESULTAT,
    VERKTOEYFEIL,
    Konverteringsfeil,
    Konvertert,
)
from dokument.konvertering.pdfa import PDFA_2B, krev_pdfa2

SPRAAK = "nor"
# Scanners write their resolution; an image without one is assumed scanned at 300 DPI, which
# is what office scanners use for text.
STANDARD_DPI = 300
_MINSTE_DPI = 10  # below this a stated resolution is an aspect ratio (JFIF units 0), not DPI
_BILDETYPER = {"png", "jpg", "jpeg", "tif", "tiff", "gif", "bmp"}
_HOPPET_OVER = "[OCR skipped on page"

# Runs in the child: OCRmyPDF's Python API with the options as JSON. An exception is written
# as its class names (most specific first) and message to the file named last; so is an exit
# code other than 0 that ocr() returns instead of raising, as "ExitCode.<name>".
_BARN = """
import json, logging, sys
logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
import ocrmypdf
kilde, resultat, valg, feilfil = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
def rapporter(typer, melding):
    with open(feilfil, "w", encoding="utf-8") as f:
        json.dump({"typer": typer, "melding": melding}, f)
try:
    kode = ocrmypdf.ocr(kilde, resultat, **valg)
except BaseException as feil:
    rapporter([k.__name__ for k in type(feil).__mro__], str(feil))
    raise
if int(kode) != 0:
    rapporter([f"ExitCode.{getattr(kode, 'name', kode)}"], f"OCRmyPDF returned {int(kode)}")
    sys.exit(int(kode))
"""


@dataclass
class _Forberedt:
    """The file OCRmyPDF gets and what it should be told about it."""

    fil: Path
    valg: dict[str, Any]
    merknader: list[str] = field(default_factory=list)
    rastrert: bool = False  # every page rasterised and OCR'd (force_ocr)


@dataclass(frozen=True)
class _Ocr:
    """One finished OCRmyPDF run: the PDF/A it wrote and the text Tesseract read."""

    fil: Path
    sidetekst: str
    forberedt: _Forberedt

    @property
    def hoppet_over(self) -> bool:
        """Some pages had text already and were not OCR'd (so are not in `sidetekst`)."""
        return _HOPPET_OVER in self.sidetekst


def til_pdfa(kilde: Path, arbeidsmappe: Path, *, filtype: str) -> Konvertert:
    """OCR the image or PDF `kilde` (`filtype` e.g. "png", "tif", "pdf") into a searchable
    PDF/A-2b in `arbeidsmappe`, with the recognised text."""
    filtype = filtype.lower().lstrip(".")
    if filtype != "pdf" and filtype not in _BILDETYPER:
        raise Konverteringsfeil(
            f"Filtypen «{filtype}» kan ikke tekstgjenkjennes.", kode=IKKE_STOETTET
        )
    # One time limit for the whole conversion, however many attempts it takes.
    frist = time.monotonic() + settings.ARKIVAR_KONVERTERING_TIDSAVBRUDD
    mappe = Path(tempfile.mkdtemp(prefix="ocr-", dir=arbeidsmappe))
    try:
        if filtype == "pdf":
            ocr = _ocr_av_pdf(kilde, mappe, frist)
        else:
            ocr = _ocr(_forbered_bilde(kilde, mappe), mappe / "bilde", frist)
        resultat = arbeidsmappe / f"{mappe.name}.pdf"
        ocr.fil.replace(resultat)
    finally:
        shutil.rmtree(mappe, ignore_errors=True)
    return Konvertert(
        fil=resultat,
        til_format=PDFA_2B,
        verktoey=verktoey(),
        # The sidecar has only what Tesseract read; when pages kept their own text the
        # pipeline reads all of it from the PDF instead.
        tekst=None if ocr.hoppet_over else ocr.sidetekst,
        kommentar=_kommentar(filtype, ocr),
    )


def _ocr_av_pdf(kilde: Path, mappe: Path, frist: float) -> _Ocr:
    try:
        return _ocr(_forbered_pdf(kilde, rastrer=False), mappe / "forsoek1", frist)
    except Konverteringsfeil as feil:
        if feil.kode != UGYLDIG_RESULTAT:
            raise
    return _ocr(_forbered_pdf(kilde, rastrer=True), mappe / "forsoek2", frist)


def _ocr(forberedt: _Forberedt, mappe: Path, frist: float) -> _Ocr:
    mappe.mkdir()
    ut = mappe / "resultat.pdf"
    sidefil = mappe / "tekst.txt"
    _kjoer_ocrmypdf(forberedt, ut, sidefil, mappe, frist)
    krev_pdfa2(ut, verktoey="OCRmyPDF")
    sidetekst = sidefil.read_text(encoding="utf-8", errors="replace") if sidefil.exists() else ""
    return _Ocr(fil=ut, sidetekst=sidetekst, forberedt=forberedt)


# Preparing the input


def _grunnvalg() -> dict[str, Any]:
    return {
        "language": [SPRAAK],
        "output_type": "pdfa-2",
        "jobs": 1,  # the worker machine has two cores and runs other conversions beside
        "progress_bar": False,
    }


def _forbered_pdf(kilde: Path, *, rastrer: bool) -> _Forberedt:
    valg = {
        **_grunnvalg(),
        # The signature has been verified on the original, which is kept; the archival copy
        # is a new rendering and cannot carry it.
        "invalidate_digital_signatures": True,
    }
    if rastrer:
        valg["force_ocr"] = True
        merknader = [
            "PDF-filen kunne ikke gjøres om til PDF/A med innholdet urørt, så sidene er gjort "
            "om til bilder og tekstgjenkjent. Originalen er beholdt."
        ]
        return _Forberedt(fil=kilde, valg=valg, merknader=merknader, rastrert=True)
    valg["skip_text"] = True
    if _ghostscript_oedelegger_tekst():
        valg["pdfa_backend"] = "internal"
    return _Forberedt(fil=kilde, valg=valg)


def _forbered_bilde(kilde: Path, mappe: Path) -> _Forberedt:
    forberedt = _Forberedt(fil=kilde, valg=_grunnvalg())
    try:
        with Image.open(kilde) as bilde:
            if _mangler_dpi(bilde):
                forberedt.valg["image_dpi"] = STANDARD_DPI
                forberedt.merknader.append(
                    f"Bildet oppga ingen oppløsning; {STANDARD_DPI} DPI er lagt til grunn."
                )
            if _har_gjennomsiktighet(bilde):
                forberedt.fil = _uten_gjennomsiktighet(bilde, mappe)
                forberedt.merknader.append("Gjennomsiktige områder er gjort hvite.")
    except Image.DecompressionBombError as feil:
        raise Konverteringsfeil(
            "Bildet har for mange piksler til å kunne behandles.", kode=BOMBE, detaljer=str(feil)
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as feil:
        # Pillow reports broken image data as OSError ("truncated") or SyntaxError.
        raise Konverteringsfeil(
            "Bildet kan ikke leses; filen er trolig skadet.", kode=SKADET, detaljer=str(feil)
        ) from None
    return forberedt


def _mangler_dpi(bilde: Image.Image) -> bool:
    dpi = bilde.info.get("dpi")
    if not isinstance(dpi, tuple) or len(dpi) != 2:
        return True
    try:
        return min(float(dpi[0]), float(dpi[1])) < _MINSTE_DPI
    except (TypeError, ValueError):
        return True


def _har_gjennomsiktighet(bilde: Image.Image) -> bool:
    return bilde.mode in {"RGBA", "LA", "PA", "RGBa", "La"} or "transparency" in bilde.info


def _uten_gjennomsiktighet(bilde: Image.Image, mappe: Path) -> Path:
    """Every frame flattened onto white, as PNG (one frame) or multi-page TIFF; the DPI kept."""
    sider = []
    for ramme in ImageSequence.Iterator(bilde):
        rgba = ramme.convert("RGBA")
        hvit = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        sider.append(Image.alpha_composite(hvit, rgba).convert("RGB"))
    ekstra = {"dpi": bilde.info["dpi"]} if not _mangler_dpi(bilde) else {}
    if len(sider) == 1:
        ut = mappe / "bilde.png"
        sider[0].save(ut, format="PNG", **ekstra)
    else:
        ut = mappe / "bilde.tif"
        sider[0].save(
            ut,
            format="TIFF",
            save_all=True,
            append_images=sider[1:],
            compression="tiff_deflate",
            **ekstra,
        )
    return ut


# Running OCRmyPDF in a child process


def _kjoer_ocrmypdf(
    forberedt: _Forberedt, ut: Path, sidefil: Path, mappe: Path, frist: float
) -> None:
    feilfil = mappe / "feil.json"
    valg = {**forberedt.valg, "sidecar": str(sidefil)}
    argumenter = [
        sys.executable,
        "-c",
        _BARN,
        str(forberedt.fil),
        str(ut),
        json.dumps(valg),
        str(feilfil),
    ]
    kjoering = prosess.kjoer(
        argumenter,
        mappe,
        navn="Tekstgjenkjenningen",
        miljoe={"OMP_THREAD_LIMIT": "1"},
        frist=frist,
    )
    detaljer = prosess.hale(kjoering.feilutdata or kjoering.utdata)
    if kjoering.returkode != 0:
        raise _feil_fra_barnet(feilfil, kjoering.returkode, detaljer)
    if not ut.is_file() or ut.stat().st_size == 0:
        raise Konverteringsfeil("OCRmyPDF laget ingen PDF-fil.", detaljer=detaljer)


# OCRmyPDF's (and Pillow's) exception classes → what the archivist is told. The first class
# in the exception's MRO that is listed here decides.
_FEILTYPER: dict[str, tuple[str, str]] = {
    "EncryptedPdfError": (
        KRYPTERT,
        "PDF-filen er kryptert og kan ikke tekstgjenkjennes. "
        "Be avsenderen om en utgave uten passord.",
    ),
    "DecompressionBombError": (BOMBE, "Bildet har for mange piksler til å kunne behandles."),
    "DpiError": (
        SKADET,
        "Bildet har ingen brukbar oppløsning (DPI), så sidestørrelsen kan ikke bestemmes.",
    ),
    "UnsupportedImageFormatError": (
        IKKE_STOETTET,
        "Bildeformatet eller fargeoppsettet støttes ikke av tekstgjenkjenningen.",
    ),
    "NonEmbeddedFontsError": (
        IKKE_STOETTET,
        "PDF-filen har fonter som ikke er innebygd, og kan ikke gjøres om til PDF/A uten at "
        "teksten ødelegges.",
    ),
    "UnidentifiedImageError": (SKADET, "Bildet kan ikke leses; filen er trolig skadet."),
    "InputFileError": (
        SKADET,
        "Filen kan ikke leses av tekstgjenkjenningen; den er trolig skadet.",
    ),
    "PdfError": (SKADET, "PDF-filen kan ikke leses; den er trolig skadet."),
    "PdfaConversionFailedError": (
        UGYLDIG_RESULTAT,
        "OCRmyPDF klarte ikke å lage en gyldig PDF/A-2-fil.",
    ),
    "ExitCode.pdfa_conversion_failed": (
        UGYLDIG_RESULTAT,
        "OCRmyPDF klarte ikke å lage en gyldig PDF/A-2-fil.",
    ),
    "MissingDependencyError": (
        VERKTOEYFEIL,
        "Et verktøy tekstgjenkjenningen trenger, mangler på serveren.",
    ),
}


def _feil_fra_barnet(feilfil: Path, returkode: int, detaljer: str) -> Konverteringsfeil:
    try:
        rapport = json.loads(feilfil.read_text(encoding="utf-8"))
        typer: list[str] = [str(t) for t in rapport["typer"]]
        melding = str(rapport["melding"])
    except (OSError, ValueError, KeyError, TypeError):
        # Killed by a signal or the memory limit before it could write anything.
        return Konverteringsfeil(
            f"Tekstgjenkjenningen stoppet uventet (kode {returkode}).", detaljer=detaljer
        )
    detaljer = "\n".join(filter(None, [f"{typer[0]}: {melding}".strip(), detaljer]))
    detaljer = detaljer[-prosess.DETALJER_TEGN :]
    for type_ in typer:
        if type_ in _FEILTYPER:
            kode, tekst = _FEILTYPER[type_]
            return Konverteringsfeil(tekst, kode=kode, detaljer=detaljer)
    return Konverteringsfeil(
        "Tekstgjenkjenningen (OCRmyPDF) feilet.", kode=VERKTOEYFEIL, detaljer=detaljer
    )


# After OCRmyPDF


def _kommentar(filtype: str, ocr: _Ocr) -> str:
    if filtype != "pdf":
        deler = ["Bildet er gjort om til PDF/A-2b med tekstgjenkjenning (OCR, norsk)."]
    elif ocr.forberedt.rastrert:
        deler = ["Konvertert til PDF/A-2b med tekstgjenkjenning (OCR, norsk)."]
    else:
        deler = ["Konvertert til PDF/A-2b med tekstgjenkjenning (OCR, norsk) av sider uten tekst."]
        if ocr.hoppet_over:
            deler.append("Sider som hadde tekst fra før, er beholdt uten ny tekstgjenkjenning.")
    return " ".join([*deler, *ocr.forberedt.merknader])


# Ghostscript


def _ghostscript_oedelegger_tekst() -> bool:
    """Ghostscript 10.0.0 to 10.02.0 corrupts existing text (the range OCRmyPDF refuses)."""
    versjon = _ghostscript_versjon()
    return versjon is not None and (10, 0, 0) <= versjon < (10, 2, 1)


@functools.cache
def _ghostscript_versjon() -> tuple[int, ...] | None:
    program = shutil.which("gs")
    if program is None:
        return None
    try:
        kjoering = prosess.versjonsutdata(program, tidsavbrudd=30)
    except (OSError, subprocess.SubprocessError):
        return None
    treff = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", kjoering.stdout.decode("ascii", "replace"))
    return tuple(int(d or 0) for d in treff.groups()) if treff else None


# The tools' versions, for konverteringsverktoey (M714)


def verktoey() -> str:
    """ "OCRmyPDF 17.13.0 / Tesseract 5.3.0"; a version that cannot be read is left out."""
    try:
        ocrmypdf = f"OCRmyPDF {importlib.metadata.version('ocrmypdf')}"
    except importlib.metadata.PackageNotFoundError:
        ocrmypdf = "OCRmyPDF"
    return f"{ocrmypdf} / {_tesseract()}"


def _tesseract() -> str:
    program = shutil.which("tesseract")
    if program is None:
        return "Tesseract"
    try:
        return _tesseract_versjon(program)
    except (OSError, subprocess.SubprocessError):
        return "Tesseract"


@functools.lru_cache(maxsize=4)
def _tesseract_versjon(program: str) -> str:
    # Failures raise and are therefore not cached; the next conversion tries again.
    kjoering = prosess.versjonsutdata(program, tidsavbrudd=30)
    utdata = (kjoering.stdout + kjoering.stderr).decode("utf-8", "replace")
    treff = re.search(r"tesseract\s+v?(\d[\w.\-]*)", utdata, re.IGNORECASE)
    if treff is None:
        raise subprocess.SubprocessError("tesseract --version gave no version")
    return f"Tesseract {treff.group(1)}"
