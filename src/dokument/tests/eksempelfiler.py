"""Sample files the tests make themselves (issue 4: "real sample files of each kind, made by
the tests themselves"): nothing binary is committed."""

from __future__ import annotations

import io
from email.message import EmailMessage
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def docx(*avsnitt: str) -> bytes:
    from docx import Document

    dokument = Document()
    for tekst in avsnitt:
        dokument.add_paragraph(tekst)
    ut = io.BytesIO()
    dokument.save(ut)
    return ut.getvalue()


def xlsx(rader: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    bok = Workbook()
    ark = bok.active
    assert ark is not None
    for rad in rader:
        ark.append(rad)
    for kolonne in "ABCDEF":
        # Wide enough that LibreOffice prints whole words, as a real budget sheet would.
        ark.column_dimensions[kolonne].width = 30
    ut = io.BytesIO()
    bok.save(ut)
    return ut.getvalue()


def skannet_side(*linjer: str, format: str = "PNG") -> bytes:
    """A white A4 page at 300 DPI with large black text, as a scanner would deliver it."""
    from PIL import Image, ImageDraw, ImageFont

    side = Image.new("L", (2480, 3508), 255)
    tegner = ImageDraw.Draw(side)
    skrift = ImageFont.truetype(str(DEJAVU), 64)
    for nr, linje in enumerate(linjer):
        tegner.text((200, 300 + nr * 120), linje, fill=0, font=skrift)
    ut = io.BytesIO()
    side.save(ut, format=format, dpi=(300, 300))
    return ut.getvalue()


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
