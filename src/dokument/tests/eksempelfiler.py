"""Sample files the tests make themselves (issue 4: "real sample files of each kind, made by
the tests themselves"): nothing binary is committed."""

from __future__ import annotations

import io
import itertools
import struct
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pikepdf
from PIL import Image, ImageDraw, ImageFont

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def docx(*avsnitt: str) -> bytes:
    from docx import Document

    dokument = Document()
    for tekst in avsnitt:
        dokument.add_paragraph(tekst)
    ut = io.BytesIO()
    dokument.save(ut)
    return ut.getvalue()


def xlsx(rader: list[list[object]], *, ark_navn: str | None = None) -> bytes:
    from openpyxl import Workbook

    bok = Workbook()
    ark = bok.active
    assert ark is not None
    if ark_navn is not None:
        ark.title = ark_navn
    for rad in rader:
        ark.append(rad)
    for kolonne in "ABCDEF":
        # Wide enough that LibreOffice prints whole words, as a real budget sheet would.
        ark.column_dimensions[kolonne].width = 30
    ut = io.BytesIO()
    bok.save(ut)
    return ut.getvalue()


def side(
    *linjer: str,
    stoerrelse: tuple[int, int] = (2480, 3508),
    skrift: int = 64,
    start: tuple[int, int] = (200, 300),
) -> Image.Image:
    """A white greyscale page (A4 at 300 DPI unless `stoerrelse` says otherwise) with the
    lines in black DejaVu Sans of `skrift` pixels, 120 pixels apart from `start` down."""
    bilde = Image.new("L", stoerrelse, 255)
    tegner = ImageDraw.Draw(bilde)
    font = ImageFont.truetype(str(DEJAVU), skrift)
    venstre, topp = start
    for nr, linje in enumerate(linjer):
        tegner.text((venstre, topp + nr * 120), linje, fill=0, font=font)
    return bilde


def skannet_side(*linjer: str, format: str = "PNG") -> bytes:
    """A white A4 page at 300 DPI with large black text, as a scanner would deliver it."""
    ut = io.BytesIO()
    side(*linjer).save(ut, format=format, dpi=(300, 300))
    return ut.getvalue()


def blank_pdf(*, sider: int = 1, **lagring: Any) -> bytes:
    """A plain PDF (not PDF/A) of blank pages; `lagring` goes to pikepdf's save, e.g.
    `encryption=pikepdf.Encryption(...)`."""
    ut = io.BytesIO()
    with pikepdf.new() as pdf:
        for _ in range(sider):
            pdf.add_blank_page()
        pdf.save(ut, **lagring)
    return ut.getvalue()


def helvetica() -> pikepdf.Dictionary:
    """A font dictionary for Helvetica, not embedded (which PDF/A does not allow)."""
    return pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )


def eml(*, emne: str, tekst: str, vedlegg: tuple[str, bytes, str] | None = None) -> bytes:
    melding = EmailMessage()
    melding["From"] = "Åse Ødegård <ase@example.no>"
    melding["To"] = "postmottak@bydel-alna.oslo.kommune.no"
    melding["Subject"] = emne
    melding["Date"] = "Fri, 20 Nov 2026 10:15:00 +0100"
    melding.set_content(tekst)
    if vedlegg is not None:
        navn, innhold, mime_type = vedlegg
        hoved, under = mime_type.split("/")
        melding.add_attachment(innhold, maintype=hoved, subtype=under, filename=navn)
    return bytes(melding)


# Compound files (OLE2): Word, Excel and PowerPoint 97 and Outlook's .msg

_SLUTT = 0xFFFFFFFE  # end of a sector chain
_LEDIG = 0xFFFFFFFF  # free sector; also "no entry" in the directory
_FAT_SEKTOR = 0xFFFFFFFD
_SEKTOR = 512
_MINISEKTOR = 64
_MINIGRENSE = 4096
_OPPFOERING = "<64sHBBIII16sIQQIQ"  # a 128-byte directory entry


def lag_ole2(filer: dict[str, bytes]) -> bytes:
    """A compound file (MS-CFB version 3) holding `filer`: "storage/stream" → content.

    Enough for olefile and extract-msg: streams under 4096 bytes live in the mini stream, the
    others in sectors of their own; each storage's children hang off one another as a chain of
    right siblings in the order MS-CFB sorts names (length, then upper case)."""
    rot: dict[str, object] = {}
    for sti, data in filer.items():
        *mapper, navn = sti.split("/")
        node = rot
        for mappe in mapper:
            node = node.setdefault(mappe, {})  # type: ignore[assignment]
        node[navn] = data

    # [name, type, right sibling, child, content]; type 5 root, 1 storage, 2 stream
    oppfoeringer: list[list[object]] = []

    def legg_til(navn: str, node: object) -> int:
        nummer = len(oppfoeringer)
        er_mappe = isinstance(node, dict)
        type_ = 5 if nummer == 0 else 1 if er_mappe else 2
        oppfoeringer.append([navn, type_, _LEDIG, _LEDIG, None if er_mappe else node])
        if isinstance(node, dict):
            barn = [legg_til(n, node[n]) for n in sorted(node, key=lambda n: (len(n), n.upper()))]
            for forrige, neste in itertools.pairwise(barn):
                oppfoeringer[forrige][2] = neste
            if barn:
                oppfoeringer[nummer][3] = barn[0]
        return nummer

    legg_til("Root Entry", rot)

    ministroem, minifat, start = b"", [], {}
    store = []
    for nummer, (_, _, _, _, data) in enumerate(oppfoeringer):
        if not isinstance(data, bytes) or not data:
            continue
        if len(data) < _MINIGRENSE:
            antall = -(-len(data) // _MINISEKTOR)
            foerste = len(ministroem) // _MINISEKTOR
            minifat += [foerste + i + 1 for i in range(antall - 1)] + [_SLUTT]
            ministroem += data.ljust(antall * _MINISEKTOR, b"\0")
            start[nummer] = foerste
        else:
            store.append(nummer)
    minifat_data = b"".join(struct.pack("<I", verdi) for verdi in minifat)

    def sektorer(data: bytes) -> int:
        return -(-len(data) // _SEKTOR)

    katalogsektorer = -(-len(oppfoeringer) // 4)
    blokker: list[tuple[object, int]] = [
        ("katalog", katalogsektorer),
        ("minifat", sektorer(minifat_data)),
        ("mini", sektorer(ministroem)),
        *[(nummer, sektorer(oppfoeringer[nummer][4])) for nummer in store],  # type: ignore[arg-type]
    ]
    fatsektorer = 1
    while fatsektorer * 128 < sum(antall for _, antall in blokker) + fatsektorer:
        fatsektorer += 1
    fat = [_FAT_SEKTOR] * fatsektorer
    foerste_sektor: dict[object, int] = {}
    for blokk, antall in blokker:
        foerste_sektor[blokk] = len(fat) if antall else _SLUTT
        fat += [len(fat) + i + 1 for i in range(antall - 1)] + ([_SLUTT] if antall else [])
    fat += [_LEDIG] * (fatsektorer * 128 - len(fat))
    for nummer in store:
        start[nummer] = foerste_sektor[nummer]

    def oppfoering(nummer: int) -> bytes:
        navn, type_, hoeyre, barn, data = oppfoeringer[nummer]
        kodet = str(navn).encode("utf-16-le") + b"\0\0"
        if nummer == 0:
            plass, stoerrelse = foerste_sektor["mini"], len(ministroem)
        elif isinstance(data, bytes) and data:
            plass, stoerrelse = start[nummer], len(data)
        else:
            plass, stoerrelse = (_SLUTT if type_ == 2 else 0), 0
        return struct.pack(
            _OPPFOERING, kodet, len(kodet), type_, 1, _LEDIG, hoeyre, barn, b"", 0, 0, 0,
            plass, stoerrelse,
        )  # fmt: skip

    tom = struct.pack(_OPPFOERING, b"", 0, 0, 0, _LEDIG, _LEDIG, _LEDIG, b"", 0, 0, 0, 0, 0)
    katalog = b"".join(oppfoering(n) for n in range(len(oppfoeringer)))
    katalog += tom * (katalogsektorer * 4 - len(oppfoeringer))
    hode = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"",
        0x3E,  # minor version
        3,  # major version: 512-byte sectors
        0xFFFE,  # little-endian
        9,  # sector size 2^9
        6,  # mini sector size 2^6
        b"",
        0,
        fatsektorer,
        foerste_sektor["katalog"],
        0,
        _MINIGRENSE,
        foerste_sektor["minifat"],
        sektorer(minifat_data),
        _SLUTT,  # no DIFAT sectors: up to 109 FAT sectors are listed in the header
        0,
    ) + struct.pack("<109I", *range(fatsektorer), *[_LEDIG] * (109 - fatsektorer))

    def fyll(data: bytes) -> bytes:
        return data.ljust(sektorer(data) * _SEKTOR, b"\0")

    deler = [hode, b"".join(struct.pack("<I", v) for v in fat), fyll(katalog)]
    deler += [fyll(minifat_data), fyll(ministroem)]
    deler += [fyll(oppfoeringer[nummer][4]) for nummer in store]  # type: ignore[arg-type]
    return b"".join(deler)
