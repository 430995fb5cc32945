"""The mechanical PDF/A-2 check (dokument.konvertering.pdfa)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ocrmypdf
import pikepdf
import pytest

from dokument.konvertering.pdfa import er_pdfa, sjekk_pdfa2
from dokument.tests import eksempelfiler


@pytest.fixture(scope="module")
def god_pdfa(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A PDF/A-2b as ocrmypdf makes it from a scanned page (one OCR run for the module)."""
    mappe = tmp_path_factory.mktemp("pdfa")
    bilde = eksempelfiler.side(
        "Arkivplan for kommunen", stoerrelse=(1200, 400), skrift=40, start=(60, 150)
    )
    bilde.save(mappe / "side.png", dpi=(300, 300))
    ut = mappe / "god.pdf"
    ocrmypdf.ocr(
        mappe / "side.png", ut, language="nor", output_type="pdfa-2", jobs=1, progress_bar=False
    )
    return ut


def endret(
    kilde: Path, ut: Path, endring: Callable[[pikepdf.Pdf], None], **lagring: object
) -> Path:
    with pikepdf.open(kilde) as pdf:
        endring(pdf)
        pdf.save(ut, **lagring)  # type: ignore[arg-type]
    return ut


def lzw(data: bytes) -> bytes:
    """LZW as PDF's LZWDecode reads it (9–12 bit codes, early change), so the test file's
    stream is genuinely LZW and not just labelled so."""
    tabell = {bytes([i]): i for i in range(256)}
    neste, bredde = 258, 9
    koder: list[tuple[int, int]] = [(256, 9)]
    w = b""
    for byte in data:
        wc = w + bytes([byte])
        if wc in tabell:
            w = wc
            continue
        koder.append((tabell[w], bredde))
        tabell[wc] = neste
        neste += 1
        if neste + 1 > (1 << bredde) and bredde < 12:  # early change: one code sooner
            bredde += 1
        w = bytes([byte])
    if w:
        koder.append((tabell[w], bredde))
    koder.append((257, bredde))
    biter = "".join(format(kode, f"0{b}b") for kode, b in koder)
    biter += "0" * (-len(biter) % 8)
    return int(biter, 2).to_bytes(len(biter) // 8, "big")


def test_ocrmypdf_sin_pdfa_2b_bestaar(god_pdfa: Path) -> None:
    assert sjekk_pdfa2(god_pdfa) == []
    assert er_pdfa(god_pdfa)


def test_vanlig_pdf_mangler_identifikasjon_og_utdatahensikt(tmp_path: Path) -> None:
    (tmp_path / "vanlig.pdf").write_bytes(eksempelfiler.blank_pdf())

    problemer = sjekk_pdfa2(tmp_path / "vanlig.pdf")

    assert "Filen mangler XMP-metadata (PDF/A-identifikasjonen)." in problemer
    assert "Filen mangler en PDF/A-utdatahensikt (OutputIntent /GTS_PDFA1)." in problemer
    assert not er_pdfa(tmp_path / "vanlig.pdf")


def kryptert(kilde: Path, ut: Path, *, brukerpassord: str) -> Path:
    """`kilde` encrypted, with the owner password "eier" and `brukerpassord` ("" for none)."""
    kryptering = pikepdf.Encryption(user=brukerpassord, owner="eier")
    return endret(kilde, ut, lambda pdf: None, encryption=kryptering)


def test_kryptert_med_brukerpassord(god_pdfa: Path, tmp_path: Path) -> None:
    fil = kryptert(god_pdfa, tmp_path / "kryptert.pdf", brukerpassord="hemmelig")
    assert sjekk_pdfa2(fil) == ["Filen er kryptert med passord og kan ikke åpnes."]


def test_kryptert_med_bare_eierpassord(god_pdfa: Path, tmp_path: Path) -> None:
    fil = kryptert(god_pdfa, tmp_path / "eier.pdf", brukerpassord="")
    # It opens, so the rest is checked too (qpdf compresses the XMP stream when it encrypts).
    assert "Filen er kryptert; PDF/A tillater ikke kryptering." in sjekk_pdfa2(fil)


def _javascript_i_navnetreet(pdf: pikepdf.Pdf) -> None:
    handling = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)"))
    pdf.Root.Names = pdf.make_indirect(
        pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=["hei", handling]))
    )


def _javascript_ved_aapning(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")


def _start_program(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = pikepdf.Dictionary(
        Type=pikepdf.Name.Action, S=pikepdf.Name.Launch, F="calc.exe"
    )


def _send_skjema(pdf: pikepdf.Pdf) -> None:
    handling = pikepdf.Dictionary(S=pikepdf.Name.SubmitForm, F="https://example.org/")
    lenke = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10], A=handling
    )
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(lenke)]))


def _helvetica(pdf: pikepdf.Pdf) -> None:
    side = pdf.pages[0]
    font = eksempelfiler.helvetica()
    side.obj.Resources.Font = pikepdf.Dictionary(F9=pdf.make_indirect(font))
    side.contents_add(pikepdf.Stream(pdf, b"BT /F9 12 Tf 10 10 Td (Hei) Tj ET"))


def _helvetica_i_skjemaobjekt(pdf: pikepdf.Pdf) -> None:
    font = eksempelfiler.helvetica()
    skjema = pikepdf.Stream(pdf, b"BT /F1 12 Tf (Hei) Tj ET")
    skjema.Type = pikepdf.Name.XObject
    skjema.Subtype = pikepdf.Name.Form
    skjema.BBox = [0, 0, 100, 100]
    skjema.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    side = pdf.pages[0]
    side.obj.Resources.XObject[pikepdf.Name.Fx] = skjema
    side.contents_add(pikepdf.Stream(pdf, b"q /Fx Do Q"))


def _lzw_stroem(pdf: pikepdf.Pdf) -> None:
    innhold = b"q 0 0 1 rg 10 10 50 50 re f Q " * 4
    stroem = pikepdf.Stream(pdf, lzw(innhold))
    stroem.Filter = pikepdf.Name.LZWDecode
    assert stroem.read_bytes() == innhold  # genuinely LZW
    pdf.pages[0].contents_add(stroem)


def _ekstern_stroem(pdf: pikepdf.Pdf) -> None:
    stroem = pikepdf.Stream(pdf, b"")
    stroem.F = pikepdf.String("innhold.bin")
    pdf.pages[0].contents_add(stroem)


def _tekstvedlegg(pdf: pikepdf.Pdf) -> None:
    pdf.attachments["notat.txt"] = pikepdf.AttachedFileSpec(
        pdf, b"Et notat", mime_type="text/plain"
    )


def _pdfa_1(pdf: pikepdf.Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        xmp["pdfaid:part"] = "1"


def _uten_utdatahensikt(pdf: pikepdf.Pdf) -> None:
    del pdf.Root.OutputIntents


@pytest.mark.parametrize(
    ("endring", "problem"),
    [
        (_javascript_i_navnetreet, "Filen inneholder JavaScript, som PDF/A ikke tillater."),
        (_javascript_ved_aapning, "Filen inneholder JavaScript, som PDF/A ikke tillater."),
        (_start_program, "Filen har en handling av typen Launch, som PDF/A ikke tillater."),
        (_send_skjema, "Filen har en handling av typen SubmitForm, som PDF/A ikke tillater."),
        (_helvetica, "Fonten «Helvetica» er ikke innebygd."),
        (_helvetica_i_skjemaobjekt, "Fonten «Helvetica» er ikke innebygd."),
        (_lzw_stroem, "Filen har LZW-komprimerte strømmer, som PDF/A ikke tillater."),
        (_ekstern_stroem, "Filen har strømmer med innhold i eksterne filer."),
        (_tekstvedlegg, "Filen har en innebygd fil som ikke er PDF/A."),
        (_pdfa_1, "Filen oppgir PDF/A-1, ikke PDF/A-2."),
        (
            _uten_utdatahensikt,
            "Filen mangler en PDF/A-utdatahensikt (OutputIntent /GTS_PDFA1).",
        ),
    ],
)
def test_hver_feil_gir_sitt_problem(
    god_pdfa: Path, tmp_path: Path, endring: Callable[[pikepdf.Pdf], None], problem: str
) -> None:
    # Streams are written as they are, so qpdf does not re-encode the LZW stream as Flate.
    fil = endret(
        god_pdfa,
        tmp_path / "feil.pdf",
        endring,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        compress_streams=False,
    )
    assert sjekk_pdfa2(fil) == [problem]


def test_innebygd_pdfa_er_tillatt(god_pdfa: Path, tmp_path: Path) -> None:
    def legg_ved(pdf: pikepdf.Pdf) -> None:
        pdf.attachments["vedlegg.pdf"] = pikepdf.AttachedFileSpec(
            pdf, god_pdfa.read_bytes(), mime_type="application/pdf"
        )

    assert sjekk_pdfa2(endret(god_pdfa, tmp_path / "med_vedlegg.pdf", legg_ved)) == []


def test_pdfa_2u_er_pdfa_2(god_pdfa: Path, tmp_path: Path) -> None:
    def konformitet_u(pdf: pikepdf.Pdf) -> None:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["pdfaid:conformance"] = "U"

    assert sjekk_pdfa2(endret(god_pdfa, tmp_path / "2u.pdf", konformitet_u)) == []


def test_pikepdfs_validator_finner_det_de_enkle_kontrollene_ikke_ser(
    god_pdfa: Path, tmp_path: Path
) -> None:
    # CMYK paint on a page whose PDF/A output intent is RGB (ISO 19005-2 §6.2.4.3).
    def cmyk(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].contents_add(pikepdf.Stream(pdf, b"0 0 0 1 k 0 0 10 10 re f"))

    problemer = sjekk_pdfa2(endret(god_pdfa, tmp_path / "cmyk.pdf", cmyk))

    assert len(problemer) == 1
    assert problemer[0].startswith("Filen bryter PDF/A-regelen ISO_19005_2:6.2.4.3")


def test_ikke_pdf(tmp_path: Path) -> None:
    fil = tmp_path / "tekst.pdf"
    fil.write_text("Dette er ikke en PDF")

    problemer = sjekk_pdfa2(fil)

    assert problemer[0] == "Filen begynner ikke med «%PDF-1.n»."
    assert problemer[1].startswith("Filen kan ikke leses som PDF")


def test_avkortet_pdf(god_pdfa: Path, tmp_path: Path) -> None:
    fil = tmp_path / "avkortet.pdf"
    fil.write_bytes(god_pdfa.read_bytes()[:200])

    assert not er_pdfa(fil)
