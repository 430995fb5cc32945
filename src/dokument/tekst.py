"""Text extraction for search (issue 4 §4): from a PDF's text layer (with OCR output in it, after
conversion) or a plain-text file. Office files are read through their PDF/A rendering, so one
extractor serves every format the pipeline converts."""

from __future__ import annotations

from pathlib import Path

from dokument.konvertering import prosess
from dokument.konvertering.felles import VERKTOEYFEIL, Konverteringsfeil

KILDE_PDF = "pdf"
KILDE_OCR = "ocr"
KILDE_TEKST = "tekst"

# Enough for any real letter or report; a 2,000-page scan's text beyond this adds little to
# search and much to the index.
MAKS_TEGN = 2_000_000

PDF_MIME_TYPE = "application/pdf"


def fra_pdf(fil: Path) -> str:
    """The text of every page, as poppler's pdftotext reads it (UTF-8, pages split by \\f)."""
    kjoering = prosess.kjoer(
        ["pdftotext", "-enc", "UTF-8", "-q", str(fil), "-"], fil.parent, navn="pdftotext"
    )
    if kjoering.returkode != 0:
        raise Konverteringsfeil(
            "Teksten i dokumentet kunne ikke hentes ut.",
            kode=VERKTOEYFEIL,
            detaljer=prosess.hale(kjoering.feilutdata),
        )
    return normaliser(kjoering.utdata)


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
