"""What the user typed, made safe: a small query language read the same way by both engines.

Anything can come in (quotes, operators, `*`, `NEAR(`, SQL, megabytes of text): the input is
read into words and a few constructs, and everything else is a word separator. The result is
rendered into each engine's syntax from words that are only letters and digits, so the
engine's own query parser never sees anything it could fail on.

Understood, websearch style:

* words: all must match (AND); stop words are left out, as the index leaves them out;
* `"several words"`: a phrase (an unterminated quote runs to the end);
* `word*`: a prefix;
* `-word`, `-"a phrase"`: must not match;
* `a OR b`: either.

A word written with inner punctuation ("Hansen-Olsen", "2025/123") is a phrase of its parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sok.stemmer import STOPPORD, stamme
from sok.tekst import ord_i

MAKS_TEGN = 500  # of the input; the rest is ignored
MAKS_LEDD = 12  # terms in one query
MAKS_ORD_I_FRASE = 8

_BIT = re.compile(r'(?P<neg>-?)"(?P<frase>[^"]*)"?|(?P<neg2>-?)(?P<ord>[^\s"]+)')


@dataclass(frozen=True)
class Ledd:
    """One term: a word or a phrase (lower-case words in order), maybe a prefix."""

    ord: tuple[str, ...]
    prefiks: bool = False

    @property
    def stammer(self) -> tuple[str, ...]:
        return tuple(stamme(o) for o in self.ord)


@dataclass(frozen=True)
class Soekeuttrykk:
    """AND over `grupper` (each an OR of terms), none of `ikke` matching."""

    grupper: tuple[tuple[Ledd, ...], ...] = ()
    ikke: tuple[Ledd, ...] = ()

    @property
    def er_tomt(self) -> bool:
        # A query of only exclusions would list the whole archive: it finds nothing instead.
        return not self.grupper

    @property
    def stammer(self) -> frozenset[str]:
        """The stems the positive terms look for (for highlighting)."""
        return frozenset(s for gruppe in self.grupper for ledd in gruppe for s in ledd.stammer)

    @property
    def prefikser(self) -> frozenset[str]:
        return frozenset(
            ledd.stammer[-1] for gruppe in self.grupper for ledd in gruppe if ledd.prefiks
        )


def _ledd(tekst: str, *, prefiks: bool) -> Ledd | None:
    ord_ = tuple(o for o in ord_i(tekst) if o not in STOPPORD)[:MAKS_ORD_I_FRASE]
    if not ord_:
        return None
    return Ledd(ord_, prefiks=prefiks)


def tolk(tekst: str | None) -> Soekeuttrykk:
    """Read the user's query; never fails (an unusable query is an empty one)."""
    if not tekst:
        return Soekeuttrykk()
    grupper: list[list[Ledd]] = []
    ikke: list[Ledd] = []
    eller = False
    antall = 0
    for bit in _BIT.finditer(tekst[:MAKS_TEGN]):
        if antall >= MAKS_LEDD:
            break
        frase, ord_ = bit.group("frase"), bit.group("ord")
        if ord_ == "OR":
            eller = bool(grupper)
            continue
        negert = bool(bit.group("neg") if frase is not None else bit.group("neg2"))
        if frase is not None:
            ledd = _ledd(frase, prefiks=False)
        else:
            ledd = _ledd(ord_, prefiks=ord_.endswith("*"))
        if ledd is None:
            continue
        antall += 1
        if negert:
            ikke.append(ledd)
        elif eller:
            grupper[-1].append(ledd)
        else:
            grupper.append([ledd])
        eller = False
    return Soekeuttrykk(tuple(tuple(gruppe) for gruppe in grupper), tuple(ikke))


# --- rendering -----------------------------------------------------------------------------


def _fts5_ledd(ledd: Ledd) -> str:
    # Stems are letters and digits only, so the quotes cannot be broken out of.
    return '"' + " ".join(ledd.stammer) + '"' + ("*" if ledd.prefiks else "")


def som_fts5(uttrykk: Soekeuttrykk) -> str:
    """SQLite FTS5 MATCH syntax over the stemmed shadow text (empty for an empty query)."""
    if uttrykk.er_tomt:
        return ""
    deler = [
        "(" + " OR ".join(_fts5_ledd(ledd) for ledd in gruppe) + ")" for gruppe in uttrykk.grupper
    ]
    resultat = "(" + " AND ".join(deler) + ")"
    for ledd in uttrykk.ikke:
        resultat = f"({resultat} NOT {_fts5_ledd(ledd)})"
    return resultat


def som_fts5_i_tittel(uttrykk: Soekeuttrykk) -> str:
    """The positive terms, all in the title column (for relevance: sok.adaptere)."""
    if uttrykk.er_tomt:
        return ""
    return "{tittel} : " + som_fts5(Soekeuttrykk(uttrykk.grupper))


def _tsquery_ledd(ledd: Ledd, vekt: str = "") -> str:
    # PostgreSQL stems the words itself (`to_tsquery('norwegian', …)`), so the words go in as
    # typed; letters and digits only, so the quotes cannot be broken out of. A weight (A: the
    # title) limits a word to the lexemes of that weight.
    ord_ = [f"'{o}'" + (f":{vekt}" if vekt else "") for o in ledd.ord]
    if ledd.prefiks:
        ord_[-1] = f"'{ledd.ord[-1]}':*{vekt}"
    return "(" + " <-> ".join(ord_) + ")"


def som_tsquery(uttrykk: Soekeuttrykk) -> str:
    """Input for PostgreSQL's `to_tsquery('norwegian', …)` (empty for an empty query)."""
    if uttrykk.er_tomt:
        return ""
    deler = [
        "(" + " | ".join(_tsquery_ledd(ledd) for ledd in gruppe) + ")" for gruppe in uttrykk.grupper
    ]
    deler += [f"!{_tsquery_ledd(ledd)}" for ledd in uttrykk.ikke]
    return " & ".join(deler)


def som_tsquery_i_tittel(uttrykk: Soekeuttrykk) -> str:
    """The positive terms, all in the title (weight A), for relevance."""
    if uttrykk.er_tomt:
        return ""
    return " & ".join(
        "(" + " | ".join(_tsquery_ledd(ledd, "A") for ledd in gruppe) + ")"
        for gruppe in uttrykk.grupper
    )
