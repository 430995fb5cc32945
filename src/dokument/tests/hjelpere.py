"""Checks the converter tests share: is the result PDF/A-2b, and what text does it hold."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from dokument.formater import identiser
from dokument.konvertering.felles import Konvertert
from dokument.konvertering.pdfa import sjekk_pdfa2


def pdf_tekst(fil: Path) -> str:
    """The text of a PDF as pdftotext (poppler-utils) reads it."""
    return subprocess.run(  # noqa: S603 - a fixed program on a file the test made
        ["pdftotext", "-enc", "UTF-8", str(fil), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def sjekk_pdfa_2b_fil(fil: Path) -> None:
    """Assert that `fil` passes the PDF/A-2 check and is identified as PDF/A-2b."""
    assert sjekk_pdfa2(fil) == []
    assert identiser(fil).puid == "fmt/477"


def sjekk_pdfa_2b(resultat: Konvertert, arbeidsmappe: Path) -> str:
    """Assert that `resultat` is a PDF/A-2b made by LibreOffice in `arbeidsmappe`; its text."""
    assert resultat.fil.parent == arbeidsmappe
    assert resultat.fil.suffix == ".pdf"
    sjekk_pdfa_2b_fil(resultat.fil)
    assert resultat.til_format == "fmt/477"
    assert re.search(r"LibreOffice \d+\.\d+", resultat.verktoey)
    return pdf_tekst(resultat.fil)
