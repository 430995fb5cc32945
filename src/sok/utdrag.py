"""Highlighted text for results: every word whose stem was searched for in `<mark>`, all else
escaped. The caller decides *what* text may be shown (sok.treff); this module only marks it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from sok.stemmer import STOPPORD, stamme
from sok.tekst import MAKS_ORDLENGDE, ORD

MAKS_UTDRAG = 400  # characters of an excerpt, at most


@dataclass(frozen=True)
class Markering:
    """What to mark: the searched stems, and stems searched as prefixes."""

    stammer: frozenset[str]
    prefikser: frozenset[str] = frozenset()

    def treffer(self, ord_: str) -> bool:
        ord_ = ord_.lower()
        if ord_ in STOPPORD or len(ord_) > MAKS_ORDLENGDE:
            return False
        stem = stamme(ord_)
        return stem in self.stammer or any(stem.startswith(p) for p in self.prefikser)


def marker(tekst: str, markering: Markering) -> SafeString:
    """All of `tekst`, escaped, with the hits marked."""
    tekst = unicodedata.normalize("NFC", tekst)
    deler: list[str] = []
    pos = 0
    for treff in ORD.finditer(tekst):
        if markering.treffer(treff.group()):
            deler.append(escape(tekst[pos : treff.start()]))
            deler.append(f"<mark>{escape(treff.group())}</mark>")
            pos = treff.end()
    deler.append(escape(tekst[pos:]))
    return mark_safe("".join(deler))  # noqa: S308 - every piece is escaped above


def har_treff(tekst: str, markering: Markering) -> bool:
    return any(markering.treffer(treff.group()) for treff in ORD.finditer(tekst))


def _foerste_treff(tekst: str, markering: Markering) -> int | None:
    """Where the first hit in `tekst` starts. A stem is always the start of its word, so a
    regular expression finds the candidates; a long document is not stemmed word by word."""
    kandidater = sorted(markering.stammer | markering.prefikser, key=len, reverse=True)
    if not kandidater:
        return None
    moenster = re.compile(
        r"(?<![^\W_])(?:" + "|".join(re.escape(k) for k in kandidater) + r")[^\W_]*",
        re.IGNORECASE,
    )
    for treff in moenster.finditer(tekst):
        if markering.treffer(treff.group()):
            return treff.start()
    return None


def utdrag(tekst: str, markering: Markering) -> SafeString:
    """About MAKS_UTDRAG characters of `tekst` around its first hit (its start when nothing
    matches), in whole words, escaped, with the hits marked."""
    tekst = unicodedata.normalize("NFC", tekst)
    treff = _foerste_treff(tekst, markering) or 0
    start = max(0, treff - MAKS_UTDRAG // 3)
    slutt = min(len(tekst), start + MAKS_UTDRAG)
    bit = tekst[start:slutt]
    # Cut at whole words: the words cut in half at either end are left out.
    if start > 0 and not tekst[start - 1].isspace():
        bit = bit.split(maxsplit=1)[1] if len(bit.split(maxsplit=1)) > 1 else ""
    if slutt < len(tekst) and not tekst[slutt].isspace():
        bit = bit.rsplit(maxsplit=1)[0] if len(bit.rsplit(maxsplit=1)) > 1 else ""
    bit = " ".join(bit.split())
    if not bit:
        return SafeString("")
    foran = "… " if start > 0 else ""
    etter = " …" if slutt < len(tekst) else ""
    return mark_safe(f"{foran}{marker(bit, markering)}{etter}")  # noqa: S308 - escaped pieces
