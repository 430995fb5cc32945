"""A tiny, fast PDF/A-2b writer for plain text: A4 pages of wrapped lines, nothing else.

The demo generator makes tens of thousands of letters, and the journal reports (the løpende and
the offentlig journal) are printed for the records; the archive would convert any file that is
not PDF/A (with OCRmyPDF/Ghostscript, seconds per file), so both are made PDF/A-2b
(ISO 19005-2, level B) directly:

- The text is set in DejaVu Sans (Debian: fonts-dejavu-core), embedded as a simple TrueType
  font with /WinAnsiEncoding. The font program is a subset holding the glyphs of cp1252
  (ASCII, æøåÆØÅ, é, ü, «», –, —, €, …), made with fontTools on first use and Flate-compressed
  once; its /Widths come from the font's hmtx table, so they agree with the program. Text is
  written as cp1252 strings with `(`, `)` and `\\` escaped; other characters become `?`.
- The catalog has an uncompressed XMP packet declaring pdfaid:part 2, conformance B, with the
  title, dates and producer, and the document information dictionary says the same.
- The output intent is GTS_PDFA1 with an embedded sRGB ICC profile (the one pikepdf ships).
- The header has a binary comment line, the trailer an /ID, and the cross-reference table exact
  byte offsets; nothing is encrypted, and there is no LZW, no action and no transparency.

Everything that is the same in every file (font, ICC profile, output intent, catalog) is
serialized once, at the start of the file, so a document costs only its page tree, its pages
and their content streams, its XMP packet, its information dictionary and the cross-reference
table. The text flows on to as many pages as it needs; from two pages on, each has "Side n av m"
at the foot.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import io
import logging
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

_SIDE_BREDDE = 595  # A4 in points
_SIDE_HOEYDE = 842
_VENSTRE_MARG = 56
_TEKSTBREDDE = _SIDE_BREDDE - 2 * _VENSTRE_MARG  # points
_TOPP = 780
_BUNN = 90  # no baseline below this
_TITTEL_STOERRELSE = 15
_TITTEL_LINJEAVSTAND = 18
_MAKS_TITTELLINJER = 3
_STOERRELSE = 10
_LINJEAVSTAND = 14
_FOT = 50  # the baseline of the page number
_FOTSTOERRELSE = 8

_PRODUSENT = "Arkivar"
_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_ICC_KANDIDATER = (
    ("pikepdf", "pdfa/data/sRGB.icc"),
    (None, "/usr/share/color/icc/ghostscript/srgb.icc"),
)
_FOERSTE_KODE = 32
_SISTE_KODE = 255
# WinAnsiEncoding (PDF 32000-1, annex D) is cp1252, except that 0xA0 is the space and 0xAD the
# hyphen glyph; the codes cp1252 leaves undefined are never written.
_WINANSI_UNNTAK = {0xA0: " ", 0xAD: "-"}
_IKKE_SYMBOLSK = 1 << 5  # FontDescriptor /Flags: uses the standard Latin character set

# Objects 1–6 are the same in every file and come first; from 7 on they are the document's
# own: the page tree, the XMP packet, the information dictionary, then a page object and its
# content stream for each page.
_KATALOG, _FONTOBJ, _BESKRIVELSE, _FONTFIL, _UTDATAHENSIKT, _ICC = range(1, 7)
_SIDER, _METADATA, _INFO, _FOERSTE_SIDE = 7, 8, 9, 10


@dataclass(frozen=True)
class _Felles:
    """What every file shares: the serialized objects 1–6 (after the header) with their
    cross-reference entries, and the glyph widths (1/1000 em) for codes 0–255 for line
    wrapping."""

    begynnelse: bytes
    xref: bytes
    bredder: tuple[int, ...]


_felles: _Felles | None = None
_laas = threading.Lock()


def _hent_felles() -> _Felles:
    """The shared objects, built once, on first use (under a second, mostly importing and
    running fontTools)."""
    global _felles
    if _felles is None:
        with _laas:
            if _felles is None:
                _felles = _bygg_felles()
    return _felles


def _tegnsett() -> dict[int, str]:
    """WinAnsiEncoding code → character, for the codes 32–255 it defines."""
    tegn: dict[int, str] = {}
    for kode in range(_FOERSTE_KODE, _SISTE_KODE + 1):
        try:
            tegn[kode] = _WINANSI_UNNTAK.get(kode) or bytes([kode]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    tegn.pop(0x7F)  # DEL: a control character, not printed
    return tegn


def _fontdelsett() -> tuple[bytes, dict[int, int], dict[str, int], str]:
    """The subset font program of DejaVu Sans with the glyphs of cp1252, its widths per
    code (1/1000 em) and the descriptor's metrics, and the PostScript name."""
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    if not _FONT.is_file():
        raise FileNotFoundError(f"fant ikke {_FONT} (Debian-pakken fonts-dejavu-core)")
    tegn = _tegnsett()
    valg = subset.Options()
    valg.hinting = False  # hinting is more than half the font (24 KB against 11 KB compressed)
    valg.layout_features = []
    valg.glyph_names = False
    valg.notdef_outline = True
    valg.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    valg.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "MATH", "FFTM", "hdmx", "LTSH", "VDMX"]
    font = TTFont(str(_FONT))
    deler = subset.Subsetter(valg)
    deler.populate(unicodes={ord(t) for t in tegn.values()})
    # fontTools reports every step at INFO level, which would fill `arkivar demo`'s output.
    logger = logging.getLogger("fontTools")
    nivaa = logger.level
    logger.setLevel(logging.WARNING)
    try:
        deler.subset(font)
    finally:
        logger.setLevel(nivaa)
    ut = io.BytesIO()
    font.save(ut)
    program = ut.getvalue()
    # Read the metrics back from the program as written, so /Widths agree with it exactly.
    font = TTFont(io.BytesIO(program))
    per_em = int(font["head"].unitsPerEm)
    tabell = font.getBestCmap()
    hmtx = font["hmtx"]

    def skaler(verdi: float) -> int:
        return round(verdi * 1000 / per_em)

    bredder = {kode: skaler(hmtx[tabell[ord(t)]][0]) for kode, t in tegn.items()}
    head, os2 = font["head"], font["OS/2"]
    glyf = font["glyf"]
    h = glyf[tabell[ord("H")]]
    x = glyf[tabell[ord("x")]]
    maal = {
        "Ascent": skaler(os2.sTypoAscender),
        "Descent": skaler(os2.sTypoDescender),
        "CapHeight": skaler(getattr(os2, "sCapHeight", 0) or h.yMax),
        "XHeight": skaler(getattr(os2, "sxHeight", 0) or x.yMax),
        "xMin": skaler(head.xMin),
        "yMin": skaler(head.yMin),
        "xMax": skaler(head.xMax),
        "yMax": skaler(head.yMax),
        "MissingWidth": skaler(hmtx[".notdef"][0]),
    }
    navn = font["name"].getDebugName(6) or "DejaVuSans"
    return program, bredder, maal, navn


def _icc_profil() -> bytes:
    """The sRGB ICC profile: pikepdf's (used by its own PDF/A conversion), else Ghostscript's."""
    for pakke, sti in _ICC_KANDIDATER:
        if pakke is None:
            fil = Path(sti)
        else:
            # Where pikepdf is installed, without the cost of importing it.
            spesifikasjon = importlib.util.find_spec(pakke)
            if spesifikasjon is None or spesifikasjon.origin is None:
                continue
            fil = Path(spesifikasjon.origin).parent / sti
        if fil.is_file():
            return fil.read_bytes()
    raise FileNotFoundError("fant ingen sRGB ICC-profil (pikepdf eller Ghostscript)")


def _stroem(ordbok: bytes, data: bytes) -> bytes:
    """A stream object body; the EOL before `endstream` is not counted in /Length."""
    return (
        b"<< "
        + ordbok
        + b" /Length "
        + str(len(data)).encode("ascii")
        + b" >>\nstream\n"
        + data
        + b"\nendstream"
    )


def _bygg_felles() -> _Felles:
    program, bredder, maal, navn = _fontdelsett()
    # A subset font's name starts with a tag of six capital letters, here from its content.
    tag = "".join(chr(ord("A") + b % 26) for b in hashlib.blake2b(program, digest_size=6).digest())
    fontnavn = f"/{tag}+{navn}".encode("ascii")
    breddeliste = " ".join(
        str(bredder.get(kode, maal["MissingWidth"]))
        for kode in range(_FOERSTE_KODE, _SISTE_KODE + 1)
    )
    icc = _icc_profil()
    objekter = {
        _KATALOG: (
            f"<< /Type /Catalog /Pages {_SIDER} 0 R /Metadata {_METADATA} 0 R "
            f"/OutputIntents [{_UTDATAHENSIKT} 0 R] /Lang (nb-NO) >>"
        ).encode("ascii"),
        _FONTOBJ: (
            b"<< /Type /Font /Subtype /TrueType /BaseFont "
            + fontnavn
            + f" /FirstChar {_FOERSTE_KODE} /LastChar {_SISTE_KODE} /Widths [{breddeliste}]"
            f" /Encoding /WinAnsiEncoding /FontDescriptor {_BESKRIVELSE} 0 R >>".encode("ascii")
        ),
        _BESKRIVELSE: (
            b"<< /Type /FontDescriptor /FontName "
            + fontnavn
            + (
                f" /Flags {_IKKE_SYMBOLSK} /FontBBox [{maal['xMin']} {maal['yMin']} "
                f"{maal['xMax']} {maal['yMax']}] /ItalicAngle 0 /Ascent {maal['Ascent']} "
                f"/Descent {maal['Descent']} /CapHeight {maal['CapHeight']} "
                f"/XHeight {maal['XHeight']} /StemV 80 /MissingWidth {maal['MissingWidth']} "
                f"/FontFile2 {_FONTFIL} 0 R >>"
            ).encode("ascii")
        ),
        _FONTFIL: _stroem(
            f"/Filter /FlateDecode /Length1 {len(program)}".encode("ascii"),
            zlib.compress(program, 9),
        ),
        _UTDATAHENSIKT: (
            f"<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB) "
            f"/RegistryName (http://www.color.org) /Info (sRGB IEC61966-2.1) "
            f"/DestOutputProfile {_ICC} 0 R >>"
        ).encode("ascii"),
        _ICC: _stroem(b"/N 3 /Filter /FlateDecode", zlib.compress(icc, 9)),
    }
    # The binary comment after the header tells transfer tools the file is not plain text.
    begynnelse = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    xref = bytearray()
    for nummer in sorted(objekter):
        xref += f"{len(begynnelse):010d} 00000 n \n".encode("ascii")
        begynnelse += f"{nummer} 0 obj\n".encode("ascii") + objekter[nummer] + b"\nendobj\n"
    alle_bredder = tuple(bredder.get(kode, 0) for kode in range(256))
    return _Felles(bytes(begynnelse), bytes(xref), alle_bredder)


# The document's own objects


def _rens(tekst: str) -> str:
    """`tekst` with every character that is not printable (controls, line breaks, format and
    private-use characters, lone surrogates, unassigned code points) replaced by a space."""
    if tekst.isprintable():
        return tekst
    return "".join(tegn if tegn.isprintable() else " " for tegn in tekst)


def _bryt(tekst: str, bredde: float, bredder: tuple[int, ...]) -> list[bytes]:
    """`tekst` as cp1252 lines no wider than `bredde` (in 1/1000 em of the font size), broken
    at spaces, and inside words too long for a line; an empty text gives one empty line."""
    ord_ = _rens(tekst).encode("cp1252", errors="replace").split()
    mellomrom = bredder[0x20]
    linjer: list[bytes] = []
    linje = b""
    brukt = 0
    for et_ord in ord_:
        ordbredde = sum(bredder[b] for b in et_ord)
        if linje and brukt + mellomrom + ordbredde <= bredde:
            linje += b" " + et_ord
            brukt += mellomrom + ordbredde
            continue
        if linje:
            linjer.append(linje)
        while ordbredde > bredde:  # split a word wider than the line
            brukt = 0
            for slutt, b in enumerate(et_ord):
                if brukt + bredder[b] > bredde and slutt:
                    break
                brukt += bredder[b]
            else:
                slutt = len(et_ord)
            linjer.append(et_ord[:slutt])
            et_ord = et_ord[slutt:]
            ordbredde -= brukt
        linje, brukt = et_ord, ordbredde
    if linje or not linjer:
        linjer.append(linje)
    return linjer


def _pdf_streng(data: bytes) -> bytes:
    """A PDF literal string of cp1252 bytes, with the special characters escaped."""
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _sider(tittel: str, linjer: list[str], bredder: tuple[int, ...]) -> list[bytes]:
    """The content stream of each page: the title in large type (up to three lines) on the
    first, then the wrapped lines, flowing on to as many pages as they need."""
    titler = _bryt(tittel, _TEKSTBREDDE * 1000 / _TITTEL_STOERRELSE, bredder)
    titler = titler[:_MAKS_TITTELLINJER]
    ombrutt: list[bytes] = []
    for linje in linjer:
        ombrutt.extend(_bryt(linje, _TEKSTBREDDE * 1000 / _STOERRELSE, bredder))
    foerste_linje = _TOPP - _TITTEL_LINJEAVSTAND * (len(titler) - 1) - 10 - _LINJEAVSTAND
    plass = (foerste_linje - _BUNN) // _LINJEAVSTAND + 1
    per_side = (_TOPP - _BUNN) // _LINJEAVSTAND + 1
    sider = [ombrutt[:plass]]
    sider += [ombrutt[i : i + per_side] for i in range(plass, len(ombrutt), per_side)]
    innhold = []
    for nummer, sidelinjer in enumerate(sider, start=1):
        if nummer == 1:
            deler = [
                b"BT",
                f"/F1 {_TITTEL_STOERRELSE} Tf {_TITTEL_LINJEAVSTAND} TL".encode("ascii"),
                f"{_VENSTRE_MARG} {_TOPP} Td".encode("ascii"),
                _pdf_streng(titler[0]) + b" Tj",
            ]
            deler.extend(_pdf_streng(linje) + b" '" for linje in titler[1:])
            deler += [f"/F1 {_STOERRELSE} Tf {_LINJEAVSTAND} TL".encode("ascii"), b"0 -10 Td"]
        else:
            deler = [
                b"BT",
                f"/F1 {_STOERRELSE} Tf {_LINJEAVSTAND} TL".encode("ascii"),
                f"{_VENSTRE_MARG} {_TOPP + _LINJEAVSTAND} Td".encode("ascii"),
            ]
        deler.extend(_pdf_streng(linje) + b" '" for linje in sidelinjer)
        deler.append(b"ET")
        if len(sider) > 1:
            fot = f"Side {nummer} av {len(sider)}".encode("ascii")
            deler.append(
                f"BT /F1 {_FOTSTOERRELSE} Tf {_VENSTRE_MARG} {_FOT} Td ".encode("ascii")
                + _pdf_streng(fot)
                + b" Tj ET"
            )
        innhold.append(b"\n".join(deler) + b"\n")
    return innhold


def _xmp(tittel: str, xmp_tid: str) -> bytes:
    """The XMP packet (UTF-8, no `bytes` or `encoding` attribute in the header)."""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"'
        ' pdfaid:part="2" pdfaid:conformance="B"/>\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:format>application/pdf</dc:format>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_xml_tekst(tittel)}</rdf:li></rdf:Alt>'
        "</dc:title></rdf:Description>\n"
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        f' xmp:CreateDate="{xmp_tid}" xmp:ModifyDate="{xmp_tid}"'
        f' xmp:MetadataDate="{xmp_tid}"/>\n'
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        f' pdf:Producer="{_PRODUSENT}"/>\n'
        "</rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    ).encode()


def _xml_tekst(tekst: str) -> str:
    """`tekst` escaped for XML character data (it has no characters XML forbids: `_rens`)."""
    return tekst.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _info_tekst(tekst: str) -> bytes:
    """A text string for the document information dictionary: UTF-16BE with BOM, as hex."""
    return b"<FEFF" + tekst.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _tider(tidspunkt: dt.datetime) -> tuple[str, str]:
    """The time as an XMP date and as a PDF date, to the second, with its UTC offset."""
    if tidspunkt.tzinfo is None:
        tidspunkt = tidspunkt.astimezone()  # a naive time is local time
    tidspunkt = tidspunkt.replace(microsecond=0)
    forskyvning = tidspunkt.utcoffset() or dt.timedelta(0)
    minutter = int(forskyvning.total_seconds()) // 60
    tegn = "-" if minutter < 0 else "+"
    timer, minutter = divmod(abs(minutter), 60)
    lokal = tidspunkt.strftime("%Y%m%d%H%M%S")
    xmp = tidspunkt.strftime("%Y-%m-%dT%H:%M:%S") + f"{tegn}{timer:02d}:{minutter:02d}"
    return xmp, f"D:{lokal}{tegn}{timer:02d}'{minutter:02d}'"


def _side(innhold_nummer: int) -> bytes:
    return (
        f"<< /Type /Page /Parent {_SIDER} 0 R /MediaBox [0 0 {_SIDE_BREDDE} {_SIDE_HOEYDE}] "
        f"/Resources << /Font << /F1 {_FONTOBJ} 0 R >> >> /Contents {innhold_nummer} 0 R >>"
    ).encode("ascii")


def lag_pdf(tittel: str, linjer: list[str], *, tidspunkt: dt.datetime | None = None) -> bytes:
    """A valid PDF/A-2b with `tittel` as heading and document title, and `linjer` as body
    text (long lines are wrapped, and the text flows on to further pages).

    `tidspunkt` is the creation and modification time in the metadata (default: now); with the
    same arguments and `tidspunkt` the bytes are the same. Thread-safe."""
    felles = _hent_felles()
    tittel = _rens(tittel)
    xmp_tid, pdf_tid = _tider(tidspunkt or dt.datetime.now(dt.UTC))
    sider = [zlib.compress(innhold) for innhold in _sider(tittel, linjer, felles.bredder)]
    xmp = _xmp(tittel, xmp_tid)
    dato = pdf_tid.encode("ascii")
    sidenumre = [_FOERSTE_SIDE + 2 * i for i in range(len(sider))]
    barn = " ".join(f"{nummer} 0 R" for nummer in sidenumre)
    objekter = [
        (_SIDER, f"<< /Type /Pages /Kids [{barn}] /Count {len(sider)} >>".encode("ascii")),
        (_METADATA, _stroem(b"/Type /Metadata /Subtype /XML", xmp)),
        (
            _INFO,
            b"<< /Title "
            + _info_tekst(tittel)
            + b" /Producer ("
            + _PRODUSENT.encode("ascii")
            + b") /CreationDate ("
            + dato
            + b") /ModDate ("
            + dato
            + b") >>",
        ),
    ]
    for nummer, innhold in zip(sidenumre, sider, strict=True):
        objekter.append((nummer, _side(nummer + 1)))
        objekter.append((nummer + 1, _stroem(b"/Filter /FlateDecode", innhold)))
    antall = objekter[-1][0] + 1
    ut = bytearray(felles.begynnelse)
    xref = bytearray(b"xref\n0 %d\n0000000000 65535 f \n" % antall)
    xref += felles.xref
    for nummer, objekt in objekter:
        xref += b"%010d 00000 n \n" % len(ut)
        ut += b"%d 0 obj\n" % nummer + objekt + b"\nendobj\n"
    id_ = hashlib.blake2b(b"".join(sider) + xmp, digest_size=16).hexdigest().encode("ascii")
    startxref = len(ut)
    ut += xref
    ut += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\n" % (
        antall,
        _KATALOG,
        _INFO,
        id_,
        id_,
    )
    ut += b"startxref\n%d\n%%%%EOF\n" % startxref
    return bytes(ut)
