"""The input check before conversion (dokument.konvertering.kontroll).

Every hostile or broken file is built here: ZIP bombs of zeros that are small on disk, a ZIP
whose header lies about its size, encrypted PDFs, a truncated PDF, a PNG whose header claims
30000×30000 pixels, and an encrypted OOXML file (with msoffcrypto-tool, which is installed as
a dependency of oletools/extract-msg; the test is skipped where it is not).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from PIL import Image

from dokument.konvertering.felles import BOMBE, KRYPTERT, SKADET, Konverteringsfeil
from dokument.konvertering.kontroll import _stoerrelse, kontroller
from dokument.tests import eksempelfiler

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
ZIP = "application/zip"


@pytest.fixture(autouse=True)
def _pillows_grense_tilbake(monkeypatch: pytest.MonkeyPatch) -> None:
    # kontroller() sets Pillow's process-wide pixel limit; monkeypatch puts it back after.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", Image.MAX_IMAGE_PIXELS)


def feil(fil: Path, mime_type: str, puid: str = "") -> Konverteringsfeil:
    with pytest.raises(Konverteringsfeil) as unntak:
        kontroller(fil, puid=puid, mime_type=mime_type)
    return unntak.value


def skriv(tmp_path: Path, navn: str, innhold: bytes) -> Path:
    fil = tmp_path / navn
    fil.write_bytes(innhold)
    return fil


# PDF


def pdf(tmp_path: Path, navn: str = "brev.pdf", **lagring: Any) -> Path:
    return skriv(tmp_path, navn, eksempelfiler.blank_pdf(**lagring))


def test_vanlig_pdf_slipper_gjennom(tmp_path: Path) -> None:
    kontroller(pdf(tmp_path), puid="fmt/276", mime_type=PDF)


def test_pdf_med_brukerpassord_er_kryptert(tmp_path: Path) -> None:
    fil = pdf(tmp_path, encryption=pikepdf.Encryption(user="hemmelig", owner="eier"))

    assert feil(fil, PDF).kode == KRYPTERT


def test_pdf_med_bare_eierpassord_slipper_gjennom(tmp_path: Path) -> None:
    # Restrictions on printing or copying do not stop anyone from reading it.
    fil = pdf(tmp_path, encryption=pikepdf.Encryption(user="", owner="eier"))

    kontroller(fil, puid="fmt/276", mime_type=PDF)


def test_avkortet_pdf_er_skadet(tmp_path: Path) -> None:
    hel = eksempelfiler.blank_pdf(sider=5)
    fil = skriv(tmp_path, "avkortet.pdf", hel[: len(hel) // 2])

    unntak = feil(fil, PDF)

    # qpdf recovers the pages it finds, but the end (and with it the rest) is gone.
    assert unntak.kode == SKADET
    assert unntak.melding == "PDF-filen er ufullstendig: slutten av filen mangler."
    assert "damaged" in unntak.detaljer


def test_pdf_uten_lesbar_struktur_er_skadet(tmp_path: Path) -> None:
    fil = skriv(tmp_path, "rest.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")

    unntak = feil(fil, PDF)

    assert unntak.kode == SKADET
    assert unntak.melding == "PDF-filen er skadet og kan ikke leses."


def test_pdf_med_feil_i_xref_men_hel_slutt_slipper_gjennom(tmp_path: Path) -> None:
    # Sloppy generators write wrong offsets; qpdf repairs that and nothing is lost.
    fil = pdf(tmp_path)
    data = fil.read_bytes()
    start = data.rindex(b"startxref\n") + len(b"startxref\n")
    slutt = data.index(b"\n", start)
    fil.write_bytes(data[:start] + b"12" + data[slutt:])

    kontroller(fil, puid="fmt/276", mime_type=PDF)


def test_pdf_som_ikke_er_pdf(tmp_path: Path) -> None:
    assert feil(skriv(tmp_path, "x.pdf", b"Dette er ingen PDF"), PDF).kode == SKADET


def test_tom_fil(tmp_path: Path) -> None:
    assert feil(skriv(tmp_path, "tom.pdf", b""), PDF).kode == SKADET


# ZIP and the formats built on it


def docx(tmp_path: Path) -> Path:
    return skriv(tmp_path, "vedtak.docx", eksempelfiler.docx("Vedtak om byggetillatelse"))


def test_vanlig_docx_slipper_gjennom(tmp_path: Path) -> None:
    kontroller(docx(tmp_path), puid="fmt/412", mime_type=DOCX)


def test_zipbombe_med_hoey_kompresjonsgrad(tmp_path: Path) -> None:
    fil = tmp_path / "bombe.zip"
    with zipfile.ZipFile(fil, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as arkiv:
        arkiv.writestr("nuller.bin", bytes(20 * 1024 * 1024))
    assert fil.stat().st_size < 100 * 1024  # 20 MB of zeros, small on disk

    unntak = feil(fil, ZIP)

    assert unntak.kode == BOMBE
    assert "«nuller.bin» er pakket mer enn 100:1" in unntak.melding
    assert "blir 20 MB" in unntak.melding


def test_for_stor_utpakket(tmp_path: Path, settings: object) -> None:
    settings.ARKIVAR_MAKS_UTPAKKET_STOERRELSE = 1024 * 1024  # type: ignore[attr-defined]
    fil = tmp_path / "stor.zip"
    with zipfile.ZipFile(fil, "w", zipfile.ZIP_STORED) as arkiv:
        arkiv.writestr("a.bin", bytes(600 * 1024))
        arkiv.writestr("b.bin", bytes(600 * 1024))

    unntak = feil(fil, ZIP)

    assert unntak.kode == BOMBE
    assert unntak.melding == ("Filen pakkes ut til mer enn 1 MB og avvises som en mulig ZIP-bombe.")


def test_grensen_nevnes_i_gb() -> None:
    assert _stoerrelse(1024**3) == "1 GB"
    assert _stoerrelse(3 * 1024**3 // 2) == "1,5 GB"
    assert _stoerrelse(200 * 1024**2) == "200 MB"


def test_zip_som_lyver_om_stoerrelsen(tmp_path: Path) -> None:
    # 2 MB of zeros that the headers say is 1000 bytes: the ratio looks harmless, but the CRC
    # check reads only the declared 1000 bytes and finds they do not match.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as arkiv:
        arkiv.writestr("data.bin", bytes(2 * 1024 * 1024))
    data = bytearray(buffer.getvalue())
    lokal = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, lokal + 22, 1000)
    sentral = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, sentral + 24, 1000)
    fil = skriv(tmp_path, "lyver.zip", bytes(data))

    assert feil(fil, ZIP).kode == SKADET


def test_zip_med_kryptert_del(tmp_path: Path) -> None:
    # zipfile cannot encrypt; the general-purpose flag bit 0 is what marks a member as
    # encrypted (PKWARE APPNOTE 4.4.4), in the local and the central header.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as arkiv:
        arkiv.writestr("hemmelig.txt", "hemmelig")
    data = bytearray(buffer.getvalue())
    for signatur, posisjon in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.index(signatur) + posisjon
        struct.pack_into("<H", data, start, struct.unpack_from("<H", data, start)[0] | 0x1)
    fil = skriv(tmp_path, "kryptert.zip", bytes(data))

    assert feil(fil, ZIP).kode == KRYPTERT


def test_odf_med_kryptering_i_manifestet(tmp_path: Path) -> None:
    fil = tmp_path / "hemmelig.odt"
    with zipfile.ZipFile(fil, "w") as arkiv:
        arkiv.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        arkiv.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:'
            '1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:size="900">'
            '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>'
            "</manifest:file-entry></manifest:manifest>",
        )
        arkiv.writestr("content.xml", b"\x8a\x13\x00kryptert")

    assert feil(fil, ODT).kode == KRYPTERT


def test_skadet_zip(tmp_path: Path) -> None:
    hel = docx(tmp_path).read_bytes()
    fil = skriv(tmp_path, "skadet.docx", hel[: len(hel) // 2])

    assert feil(fil, DOCX).kode == SKADET


# OLE2


def test_kryptert_ooxml(tmp_path: Path) -> None:
    from msoffcrypto.format import ooxml  # a dev dependency: the test must run, not skip

    kryptert = io.BytesIO()
    with docx(tmp_path).open("rb") as kilde:
        ooxml.OOXMLFile(kilde).encrypt("passord", kryptert)
    fil = skriv(tmp_path, "hemmelig.docx", kryptert.getvalue())

    unntak = feil(fil, "application/encrypted")

    assert unntak.kode == KRYPTERT
    assert "passord" in unntak.melding


def test_skadet_ole2(tmp_path: Path) -> None:
    fil = skriv(tmp_path, "skadet.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))

    assert feil(fil, "application/msword").kode == SKADET


# Images


def png_med_hode(bredde: int, hoeyde: int) -> bytes:
    """A PNG whose header claims `bredde`×`hoeyde` pixels, with next to no image data."""

    def blokk(type_: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(type_ + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + type_ + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", bredde, hoeyde, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + blokk(b"IHDR", ihdr)
        + blokk(b"IDAT", zlib.compress(b"\x00\x00"))
        + blokk(b"IEND", b"")
    )


def test_bildebombe(tmp_path: Path) -> None:
    fil = skriv(tmp_path, "bombe.png", png_med_hode(30000, 30000))
    assert fil.stat().st_size < 100

    unntak = feil(fil, "image/png")

    assert unntak.kode == BOMBE
    assert "200\u00a0000\u00a0000 piksler" in unntak.melding


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_bilde_over_grensen_men_under_pillows_egen(tmp_path: Path, settings: object) -> None:
    # Pillow itself only refuses at twice the limit; the check counts exactly.
    settings.ARKIVAR_MAKS_BILDEPIKSLER = 1000  # type: ignore[attr-defined]
    fil = tmp_path / "litt_for_stort.png"
    Image.new("L", (40, 40), 255).save(fil)

    unntak = feil(fil, "image/png")

    assert unntak.kode == BOMBE
    assert unntak.melding.startswith("Bildet er 40 × 40 piksler, mer enn grensen på 1\u00a0000")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_tiff_side_over_grensen(tmp_path: Path, settings: object) -> None:
    settings.ARKIVAR_MAKS_BILDEPIKSLER = 1000  # type: ignore[attr-defined]
    fil = tmp_path / "sider.tif"
    Image.new("L", (20, 20), 255).save(
        fil, save_all=True, append_images=[Image.new("L", (40, 40), 255)]
    )

    assert feil(fil, "image/tiff").kode == BOMBE


def test_vanlige_bilder_slipper_gjennom(tmp_path: Path) -> None:
    Image.new("RGB", (200, 100), "white").save(tmp_path / "a.png")
    Image.new("RGB", (200, 100), "white").save(tmp_path / "a.jpg")
    Image.new("L", (200, 100), 255).save(
        tmp_path / "a.tif", save_all=True, append_images=[Image.new("L", (100, 100), 0)]
    )
    for navn, mime in (("a.png", "image/png"), ("a.jpg", "image/jpeg"), ("a.tif", "image/tiff")):
        kontroller(tmp_path / navn, puid="", mime_type=mime)


def test_bilde_med_feil_kontrollsum_er_skadet(tmp_path: Path) -> None:
    fil = tmp_path / "skadet.png"
    Image.new("RGB", (50, 50), "red").save(fil)
    data = bytearray(fil.read_bytes())
    idat = data.index(b"IDAT")
    data[idat + 8] ^= 0xFF  # a byte of the image data: the chunk's CRC no longer matches
    fil.write_bytes(bytes(data))

    unntak = feil(fil, "image/png")

    assert unntak.kode == SKADET
    assert unntak.melding == "Bildet er skadet og kan ikke leses."


def test_annet_innhold_kontrolleres_ikke(tmp_path: Path) -> None:
    kontroller(skriv(tmp_path, "notat.txt", b"Hei"), puid="x-fmt/111", mime_type="text/plain")
