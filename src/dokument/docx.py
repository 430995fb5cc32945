"""Letter templates in DOCX (Office Open XML, ISO/IEC 29500) with merge fields, for the letters
case handlers write (issue 6 item 4).

A merge field is written `{{navn}}` in the template's text: in the body, tables, headers and
footers. Word splits text into runs wherever formatting or editing history changes, so a field
may be spread over several runs of one paragraph; merging therefore works on the paragraph's
text as a whole. The paragraph's first run gets the merged text and keeps its formatting; the
other runs of a paragraph that held a field are emptied (formatting changes inside such a
paragraph are lost, the rest of the document is untouched byte for byte).

Templates come from users, so they are read defensively: a bounded number of parts and bytes
uncompressed (no zip bombs), XML without entities or network access.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape

from lxml import etree  # type: ignore[import-untyped]

from felles.feil import DomeneFeil

DOCX_MIME_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FELT = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
# The parts whose text can hold merge fields.
_TEKSTDELER = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
_MAKS_DELER = 500
_MAKS_UTPAKKET = 50 * 1024 * 1024
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _les(docx: bytes) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as arkiv:
            deler = arkiv.infolist()
            if len(deler) > _MAKS_DELER or sum(d.file_size for d in deler) > _MAKS_UTPAKKET:
                raise DomeneFeil("Malen er for stor.", felt="mal")
            innhold = {del_.filename: arkiv.read(del_) for del_ in deler}
    except (zipfile.BadZipFile, KeyError, ValueError) as feil:
        raise DomeneFeil("Malen er ikke en gyldig DOCX-fil.", felt="mal") from feil
    if "word/document.xml" not in innhold:
        raise DomeneFeil(
            "Malen er ikke en gyldig DOCX-fil (mangler word/document.xml).", felt="mal"
        )
    return innhold


def _avsnitt(xml: bytes) -> tuple[etree._Element, Iterable[etree._Element]]:
    try:
        rot = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as feil:
        raise DomeneFeil("Malen er ikke en gyldig DOCX-fil.", felt="mal") from feil
    return rot, rot.iter(f"{{{_W}}}p")


def _tekster(avsnitt: etree._Element) -> list[etree._Element]:
    return list(avsnitt.iter(f"{{{_W}}}t"))


def flettefelter(docx: bytes) -> set[str]:
    """The names of the merge fields the template uses."""
    navn: set[str] = set()
    for del_, xml in _les(docx).items():
        if _TEKSTDELER.match(del_):
            _rot, avsnitt = _avsnitt(xml)
            for p in avsnitt:
                navn |= set(_FELT.findall("".join(t.text or "" for t in _tekster(p))))
    return navn


def flett(docx: bytes, verdier: Mapping[str, str]) -> bytes:
    """The document with each `{{navn}}` replaced by `verdier[navn]`; a line break in a value
    becomes a line break in the letter. A field without a value is left as it is."""
    deler = _les(docx)
    ut = io.BytesIO()
    with zipfile.ZipFile(ut, "w", zipfile.ZIP_DEFLATED) as arkiv:
        for navn, data in deler.items():
            if _TEKSTDELER.match(navn):
                data = _flett_del(data, verdier)
            arkiv.writestr(navn, data)
    return ut.getvalue()


def _flett_del(xml: bytes, verdier: Mapping[str, str]) -> bytes:
    rot, avsnitt = _avsnitt(xml)
    for p in list(avsnitt):
        tekster = _tekster(p)
        tekst = "".join(t.text or "" for t in tekster)
        if not _FELT.search(tekst):
            continue
        flettet = _FELT.sub(lambda m: verdier.get(m.group(1), m.group(0)), tekst)
        for t in tekster[1:]:
            t.text = ""
        foerste = tekster[0]
        linjer = flettet.split("\n")
        foerste.text = linjer[0]
        foerste.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        # Further lines as <w:br/><w:t>…</w:t> in the same run, after the first text.
        etter = foerste
        for linje in linjer[1:]:
            brudd = etree.Element(f"{{{_W}}}br")
            ny = etree.Element(f"{{{_W}}}t")
            ny.text = linje
            ny.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            etter.addnext(brudd)
            brudd.addnext(ny)
            etter = ny
    return bytes(etree.tostring(rot, xml_declaration=True, encoding="UTF-8", standalone=True))


# --- a plain template, written from paragraphs --------------------------------------------------

_INNHOLDSTYPER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELASJONER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def lag_docx(avsnitt: Iterable[str]) -> bytes:
    """A minimal valid DOCX with one paragraph per string (the built-in letter template)."""
    kropp = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(tekst)}</w:t></w:r></w:p>'
        for tekst in avsnitt
    )
    dokument = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_W}"><w:body>{kropp}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1418" w:right="1418" w:bottom="1418" w:left="1418" w:header="709" '
        'w:footer="709" w:gutter="0"/></w:sectPr></w:body></w:document>'
    )
    ut = io.BytesIO()
    with zipfile.ZipFile(ut, "w", zipfile.ZIP_DEFLATED) as arkiv:
        arkiv.writestr("[Content_Types].xml", _INNHOLDSTYPER)
        arkiv.writestr("_rels/.rels", _RELASJONER)
        arkiv.writestr("word/document.xml", dokument)
    return ut.getvalue()
