"""A tiny PDF 1.4 writer for demo documents: one A4 page of Helvetica text, no dependencies.

The text is written with the standard Helvetica font in WinAnsiEncoding, so the Norwegian
letters (æ, ø, å) come out right: strings are encoded as cp1252 and `(`, `)` and `\\` are
escaped. The file is uncompressed and usually 1–2 KB, and the cross-reference table has
exact byte offsets, so `qpdf --check` accepts it and `pdftotext` reads it back.
"""

from __future__ import annotations

import textwrap

_SIDE_BREDDE = 595  # A4 in points
_SIDE_HOEYDE = 842
_VENSTRE_MARG = 56
_TOPP = 780
_LINJEAVSTAND = 14
_TEGN_PER_LINJE = 88
_MAKS_LINJER = 48


def _pdf_tekst(tekst: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding (cp1252), with the special characters escaped."""
    rent = "".join(tegn if tegn.isprintable() else " " for tegn in tekst)
    data = rent.encode("cp1252", errors="replace")
    data = data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + data + b")"


def _info_tekst(tekst: str) -> bytes:
    """A text string for the document information dictionary: UTF-16BE with BOM, as hex."""
    return b"<FEFF" + tekst.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _innhold(tittel: str, linjer: list[str]) -> bytes:
    """The page's content stream: the title in bold-ish large type, then the wrapped lines."""
    ombrutt: list[str] = []
    for linje in linjer:
        ombrutt.extend(textwrap.wrap(linje, _TEGN_PER_LINJE) or [""])
    ombrutt = ombrutt[:_MAKS_LINJER]
    deler = [
        b"BT",
        b"/F1 15 Tf",
        f"{_VENSTRE_MARG} {_TOPP} Td".encode("ascii"),
        _pdf_tekst(tittel) + b" Tj",
        b"/F1 10 Tf",
        f"{_LINJEAVSTAND} TL".encode("ascii"),
        b"0 -10 Td",
    ]
    for linje in ombrutt:
        deler.append(_pdf_tekst(linje) + b" '")
    deler.append(b"ET")
    return b"\n".join(deler) + b"\n"


def lag_pdf(tittel: str, linjer: list[str]) -> bytes:
    """A valid single-page PDF 1.4 with `tittel` as heading and document title, and `linjer`
    as body text (long lines are wrapped; more than a page is cut off)."""
    innhold = _innhold(tittel, linjer)
    objekter = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_SIDE_BREDDE} {_SIDE_HOEYDE}] "
            "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
        ).encode("ascii"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length "
        + str(len(innhold)).encode("ascii")
        + b" >>\nstream\n"
        + innhold
        + b"endstream",
        b"<< /Title " + _info_tekst(tittel) + b" /Producer (Arkivar demo) >>",
    ]
    # The binary comment after the header tells transfer tools the file is not plain text.
    ut = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    posisjoner = []
    for nummer, objekt in enumerate(objekter, start=1):
        posisjoner.append(len(ut))
        ut += f"{nummer} 0 obj\n".encode("ascii") + objekt + b"\nendobj\n"
    xref = len(ut)
    ut += f"xref\n0 {len(objekter) + 1}\n".encode("ascii")
    ut += b"0000000000 65535 f \n"
    for posisjon in posisjoner:
        ut += f"{posisjon:010d} 00000 n \n".encode("ascii")
    ut += (
        f"trailer\n<< /Size {len(objekter) + 1} /Root 1 0 R /Info {len(objekter)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode("ascii")
    return bytes(ut)
