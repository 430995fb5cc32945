"""Words of a text as the index sees them: normalised, split, stemmed (shared by both engines).

A word is a run of letters and digits (as SQLite's unicode61 tokenizer and PostgreSQL's
parser see it, near enough): punctuation, underscores and symbols separate words. Text is put
in Unicode NFC first, so that an "å" typed as "a" + combining ring is the same word as a
precomposed one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from sok.stemmer import STOPPORD, stamme

# Letters and digits, and the combining marks that belong to them.
ORD = re.compile(r"[^\W_]+", re.UNICODE)
# Longer "words" are not language (hashes, base64, garbage) and are not indexed.
MAKS_ORDLENGDE = 60


def normaliser(tekst: str) -> str:
    return unicodedata.normalize("NFC", tekst).lower()


def ord_i(tekst: str) -> Iterator[str]:
    """The words of `tekst`, lower-case, in order (stop words included)."""
    for treff in ORD.finditer(normaliser(tekst)):
        ord_ = treff.group()
        if len(ord_) <= MAKS_ORDLENGDE:
            yield ord_


def stammer(tekst: str) -> list[str]:
    """The stems of `tekst` that are indexed: stop words and over-long words left out."""
    return [stamme(ord_) for ord_ in ord_i(tekst) if ord_ not in STOPPORD]


def stammetekst(tekst: str) -> str:
    """The shadow text the SQLite index stores: stems separated by spaces."""
    return " ".join(stammer(tekst))
