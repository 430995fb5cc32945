"""N5.63: elements written with a start and an end tag and nothing but whitespace between.

Arkade reports `<tittel></tittel>` and `<tittel>  </tittel>` but does not see `<tittel/>`.
libxml2 (and so lxml) builds the same tree for both forms, so this check reads the file with
expat, which reports where in the input each event happens. For an element without children
and text the end event of `<x/>` comes right after the two bytes `/>` of its own tag, while
the end event of `<x></x>` comes at its end tag, after the `>` of the start tag, whitespace,
a comment or a processing instruction, never after `/>` (that could only close a child).

expat is run without DTD or entity processing; a document that declares entities is refused.
"""

from __future__ import annotations

from pathlib import Path
from xml.parsers import expat

from .rapport import Kontroll

_BIT = 1 << 20


class _EntitetAvvist(Exception):
    pass


def finn_tomme_elementer(sti: Path, fil: str, kontroll: Kontroll) -> None:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    # [local name, has content, line, start byte]; one per open element.
    stakk: list[list[object]] = []
    # The bytes fed so far that are still needed: the current piece and the tail of the last.
    buffer = b""
    buffer_start = 0

    def start(navn: str, _attributter: object) -> None:
        if stakk:
            stakk[-1][1] = True
        stakk.append([navn.rsplit("}", 1)[-1], False, parser.CurrentLineNumber])

    def tekst(data: str) -> None:
        if stakk and not data.isspace():
            stakk[-1][1] = True

    def slutt(_navn: str) -> None:
        lokalt, har_innhold, linje = stakk.pop()
        if har_innhold:
            return
        posisjon = parser.CurrentByteIndex - buffer_start
        if posisjon >= 2 and buffer[posisjon - 2 : posisjon] == b"/>":
            return  # <x/>
        element = f"{stakk[-1][0]}/{lokalt}" if stakk else str(lokalt)
        kontroll.feil(
            f"Elementet <{lokalt}> har start- og sluttagg, men ikke noe innhold.",
            fil,
            linje if isinstance(linje, int) else None,
            element,
        )

    def entitet(*_argumenter: object) -> None:
        raise _EntitetAvvist

    parser.StartElementHandler = start
    parser.EndElementHandler = slutt
    parser.CharacterDataHandler = tekst
    parser.EntityDeclHandler = entitet
    try:
        with sti.open("rb") as f:
            while True:
                bit = f.read(_BIT)
                # Keep a few bytes of the previous piece: a tag may be split between two.
                hale = buffer[-64:]
                buffer_start += len(buffer) - len(hale)
                buffer = hale + bit
                parser.Parse(bit, not bit)
                if not bit:
                    break
    except (expat.ExpatError, _EntitetAvvist):
        return  # the main pass and N5.03 report a document that cannot be read
