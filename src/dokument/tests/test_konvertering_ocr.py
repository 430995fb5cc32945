"""Images and scanned PDFs to searchable PDF/A-2b (dokument.konvertering.ocr).

OCR takes seconds per page, so only a few tests run it: a PNG, a two-page TIFF, a PDF with no
text layer and a small PDF that has to be rasterised. The rest fail before Tesseract starts or
test the error mapping directly.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from dokument.konvertering import ocr
from dokument.konvertering.felles import (
    BOMBE,
    IKKE_STOETTET,
    KRYPTERT,
    SKADET,
    TIDSAVBRUDD,
    UGYLDIG_RESULTAT,
    VERKTOEYFEIL,
    Konverteringsfeil,
)
from dokument.tests import eksempelfiler
from dokument.tests.hjelpere import pdf_tekst, sjekk_pdfa_2b_fil

# Words Tesseract's Norwegian model reads reliably from DejaVu Sans at 40 px, 300 DPI.
LINJER = (
    "Søknad om byggetillatelse for garasje",
    "Kommunen behandler søknaden på møtet",
    "Blåbær og rødgrøt på været",
)
ORD = ("Søknad", "søknaden", "møtet", "Blåbær", "rødgrøt")


def skannet_side(linjer: tuple[str, ...] = LINJER) -> Image.Image:
    """A white A4-wide page at 300 DPI with the lines in black, as a scanner would give it."""
    return eksempelfiler.side(*linjer, stoerrelse=(2480, 900), skrift=40, start=(200, 200))


def sjekk_resultat(fil: Path, sider: int) -> None:
    sjekk_pdfa_2b_fil(fil)
    with pikepdf.open(fil) as pdf:
        assert len(pdf.pages) == sider


# With OCR


def test_png_blir_soekbar_pdfa(tmp_path: Path) -> None:
    bilde = tmp_path / "skann.png"
    skannet_side().save(bilde, dpi=(300, 300))

    konvertert = ocr.til_pdfa(bilde, tmp_path, filtype="png")

    assert konvertert.fil.parent == tmp_path
    sjekk_resultat(konvertert.fil, sider=1)
    assert konvertert.til_format == "fmt/477"
    assert konvertert.verktoey.startswith("OCRmyPDF ")
    assert " / Tesseract " in konvertert.verktoey
    assert konvertert.tekst is not None
    for ord_ in ORD:
        assert ord_ in konvertert.tekst
        assert ord_ in pdf_tekst(konvertert.fil)
    assert "tekstgjenkjenning" in konvertert.kommentar
    # Only the result is left behind in the working folder.
    assert set(tmp_path.iterdir()) == {bilde, konvertert.fil}


def test_tiff_med_to_sider_uten_dpi(tmp_path: Path) -> None:
    tiff = tmp_path / "skann.tif"
    andre = skannet_side(("Vedtak om tilskudd til kulturhus", "Søknaden er innvilget"))
    # No resolution in the file: the converter assumes 300 DPI and says so.
    skannet_side().save(tiff, save_all=True, append_images=[andre], compression="tiff_lzw")

    konvertert = ocr.til_pdfa(tiff, tmp_path, filtype="tif")

    sjekk_resultat(konvertert.fil, sider=2)
    assert konvertert.tekst is not None
    assert "Blåbær" in konvertert.tekst
    assert "kulturhus" in konvertert.tekst
    assert "300 DPI er lagt til grunn" in konvertert.kommentar
    with pikepdf.open(konvertert.fil) as pdf:
        # 2480 px at 300 DPI is 8.27 in = 595 pt: the page has its paper size.
        assert round(float(pdf.pages[0].mediabox[2])) == 595


def test_skannet_pdf_uten_tekst(tmp_path: Path) -> None:
    skannet = tmp_path / "skann.pdf"
    skannet_side().convert("RGB").save(skannet, format="PDF", resolution=300)
    assert pdf_tekst(skannet).strip() == ""

    konvertert = ocr.til_pdfa(skannet, tmp_path, filtype="pdf")

    sjekk_resultat(konvertert.fil, sider=1)
    tekst = pdf_tekst(konvertert.fil)
    for ord_ in ORD:
        assert ord_ in tekst
    assert konvertert.tekst is not None
    assert "møtet" in konvertert.tekst


def test_pdf_som_ikke_kan_bli_pdfa_urort_rastreres(tmp_path: Path) -> None:
    # Text in Helvetica that is not embedded: PDF/A cannot be made without touching the text
    # (and Ghostscript 10.0 may not rewrite it), so the page is rasterised and recognised.
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    font = eksempelfiler.helvetica()
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    pdf.pages[0].contents_add(pikepdf.Stream(pdf, b"BT /F1 24 Tf 72 700 Td (Hei verden) Tj ET"))
    vanlig = tmp_path / "vanlig.pdf"
    pdf.save(vanlig)

    konvertert = ocr.til_pdfa(vanlig, tmp_path, filtype="pdf")

    sjekk_resultat(konvertert.fil, sider=1)
    assert "gjort om til bilder" in konvertert.kommentar
    assert "Hei verden" in pdf_tekst(konvertert.fil)


# Without OCR: refused before or by OCRmyPDF


def test_kryptert_pdf(tmp_path: Path) -> None:
    kryptert = tmp_path / "kryptert.pdf"
    kryptert.write_bytes(
        eksempelfiler.blank_pdf(encryption=pikepdf.Encryption(user="hemmelig", owner="eier"))
    )

    with pytest.raises(Konverteringsfeil) as feil:
        ocr.til_pdfa(kryptert, tmp_path, filtype="pdf")

    assert feil.value.kode == KRYPTERT
    assert "kryptert" in feil.value.melding
    assert "EncryptedPdfError" in feil.value.detaljer
    assert [p.name for p in tmp_path.iterdir()] == ["kryptert.pdf"]


def test_skadet_bilde(tmp_path: Path) -> None:
    bilde = tmp_path / "skadet.png"
    skannet_side().save(bilde)
    bilde.write_bytes(bilde.read_bytes()[:20])

    with pytest.raises(Konverteringsfeil) as feil:
        ocr.til_pdfa(bilde, tmp_path, filtype="png")

    assert feil.value.kode == SKADET


def test_ukjent_filtype(tmp_path: Path) -> None:
    with pytest.raises(Konverteringsfeil) as feil:
        ocr.til_pdfa(tmp_path / "x.svg", tmp_path, filtype="svg")

    assert feil.value.kode == IKKE_STOETTET


def test_tidsavbrudd_stopper_ocrmypdf(tmp_path: Path, settings: object) -> None:
    settings.ARKIVAR_KONVERTERING_TIDSAVBRUDD = 1  # type: ignore[attr-defined]
    bilde = tmp_path / "skann.png"
    skannet_side().save(bilde, dpi=(300, 300))

    start = time.monotonic()
    with pytest.raises(Konverteringsfeil) as feil:
        ocr.til_pdfa(bilde, tmp_path, filtype="png")

    assert feil.value.kode == TIDSAVBRUDD
    assert "1 sekunder" in feil.value.melding
    assert time.monotonic() - start < 10
    assert [p.name for p in tmp_path.iterdir()] == ["skann.png"]


# The mapping of OCRmyPDF's exceptions (as the child reports them)


@pytest.mark.parametrize(
    ("typer", "kode"),
    [
        (["EncryptedPdfError", "ExitCodeException", "Exception"], KRYPTERT),
        (["DpiError", "ExitCodeException"], SKADET),
        (["UnsupportedImageFormatError", "ExitCodeException"], IKKE_STOETTET),
        (["DigitalSignatureError", "InputFileError", "ExitCodeException"], SKADET),
        (["NonEmbeddedFontsError", "InputFileError", "ExitCodeException"], IKKE_STOETTET),
        (["DecompressionBombError", "Exception"], BOMBE),
        (["PdfaConversionFailedError", "ExitCodeException"], UGYLDIG_RESULTAT),
        (["ExitCode.pdfa_conversion_failed"], UGYLDIG_RESULTAT),
        (["ExitCode.child_process_error"], VERKTOEYFEIL),
        (["SubprocessOutputError", "ExitCodeException", "Exception"], VERKTOEYFEIL),
        (["MemoryError", "Exception"], VERKTOEYFEIL),
    ],
)
def test_feiltyper(tmp_path: Path, typer: list[str], kode: str) -> None:
    feilfil = tmp_path / "feil.json"
    feilfil.write_text(json.dumps({"typer": typer, "melding": "noe gikk galt"}))

    feil = ocr._feil_fra_barnet(feilfil, 2, "stderr-hale")

    assert feil.kode == kode
    assert feil.detaljer.startswith(f"{typer[0]}: noe gikk galt")
    assert feil.detaljer.endswith("stderr-hale")


def test_barnet_doede_uten_rapport(tmp_path: Path) -> None:
    feil = ocr._feil_fra_barnet(tmp_path / "finnes_ikke.json", -9, "")

    assert feil.kode == VERKTOEYFEIL
    assert "-9" in feil.melding
