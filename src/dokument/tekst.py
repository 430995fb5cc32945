"""Text extraction for search (issue 4 §4): from a PDF's text layer (with OCR output in it, after
conversion) or a plain-text file. Office files are read through their PDF/A rendering, so one
extractor serves every format the pipeline converts."""

from __future__ import annotations

import subprocess
from pathlib import Path

from django.conf import settings

from dokument.konvertering.felles import TIDSAVBRUDD, VERKTOEYFEIL, Konverteringsfeil

KILDE_PDF = "pdf"
KILDE_OCR = "ocr"
KILDE_TEKST = "tekst"

# Enough for any real letter or report; a 2,000-page scan's text beyond this adds little to
# search and much to the index.
MAKS_TEGN = 2_000_000

PDF_MIME_TYPE = "application/pdf"


def fra_pdf(fil: Path) -> str:
    """The text of every page, as poppler's pdftotext reads it (UTF-8, pages split by \\f)."""
    try:
        svar = subprocess.run(  # noqa: S603 - a fixed program and a path we made
            ["pdftotext", "-enc", "UTF-8", "-q", str(fil), "-"],  # noqa: S607
            capture_output=True,
            timeout=settings.ARKIVAR_KONVERTERING_TIDSAVBRUDD,
            check=False,
        )
    except subprocess.TimeoutExpired as feil:
        raise Konverteringsfeil(
            "Teksten i dokumentet kunne ikke hentes ut i tide.", kode=TIDSAVBRUDD
        ) from feil
    if svar.returncode != 0:
        raise Konverteringsfeil(
            "Teksten i dokumentet kunne ikke hentes ut.",
            kode=VERKTOEYFEIL,
            detaljer=svar.stderr.decode("utf-8", "replace")[-2000:],
        )
    return normaliser(svar.stdout.decode("utf-8", "replace"))


def fra_tekstfil(fil: Path) -> str:
    """A plain-text file: UTF-8 when it decodes as such, else Windows-1252 (what older
    Norwegian systems wrote), which maps every byte."""
    with fil.open("rb") as kilde:
        innhold = kilde.read(MAKS_TEGN * 4)
    try:
        tekst = innhold.decode("utf-8")
    except UnicodeDecodeError:
        tekst = innhold.decode("cp1252", "replace")
    return normaliser(tekst)


def normaliser(tekst: str) -> str:
    """Drop NULs (PostgreSQL refuses them in text) and whitespace-only lines; cap the length."""
    tekst = tekst.replace("\x00", "")
    linjer = (linje.rstrip() for linje in tekst.splitlines())
    return "\n".join(linje for linje in linjer if linje.strip())[:MAKS_TEGN]
