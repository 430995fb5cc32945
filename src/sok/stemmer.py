"""The Snowball stemmer for Norwegian (bokmål), and its stop words.

SQLite's FTS5 has no Norwegian stemmer (performance.md §6), so the SQLite index stores
stemmed shadow text made here; PostgreSQL stems with its own `norwegian` configuration. Both
run the same published algorithm (https://snowballstem.org/algorithms/norwegian/stemmer.html,
in the version PostgreSQL 13–17 ships), so "søknader" and "søknad" meet in both engines, and
the snippets highlight the same words whichever engine found them.

The algorithm, in short: R1 is the part of the word after the first non-vowel that follows a
vowel, but never starting before the fourth letter. Then, inside R1:

1. remove the longest of the main suffixes (`_STEG1`); "s" only after a valid s-ending; "erte"
   and "ert" become "er";
2. "dt" or "vt" at the end loses its "t";
3. remove the longest of "leg", "eleg", "ig", "eig", "lig", "elig", "els", "lov", "elov",
   "slov", "hetslov".
"""

from __future__ import annotations

from functools import lru_cache

_VOKALER = frozenset("aeiouyæåø")
# A final "s" is removed after one of these, or after a "k" that follows a non-vowel.
_S_ENDELSER = frozenset("bcdfghjlmnoprtvyz")

_STEG1_SLETT = (  # noqa: SIM905 - word lists read better as text
    "a e ede ande ende ane ene hetene en heten ar er heter as es edes endes enes hetenes ens "
    "hetens ers ets et het ast"
).split()
# Longest first: the longest suffix in R1 is the one that counts (Snowball's `among`).
_STEG1 = tuple(sorted([*_STEG1_SLETT, "s", "erte", "ert"], key=len, reverse=True))
_STEG3 = ("hetslov", "eleg", "elig", "elov", "slov", "leg", "eig", "lig", "els", "lov", "ig")

# Snowball's Norwegian stop-word list, as PostgreSQL's `norwegian` configuration uses it: these
# words are neither indexed nor searched for, in either engine.
STOPPORD = frozenset(
    """
    og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men
    ett har om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans
    hvor eller hva skal selv sjøl her alle vil bli ble blei blitt kunne inn når være kom noen
    noe ville dere deres kun ja etter ned skulle denne for deg si sine sitt mot å meget
    hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken hvilke sånn inni mellom
    vår hver hvem vors hvis både bare enn fordi før mange også slik vært båe begge siden dykk
    dykkar dei deira deires deim di då eg ein eit eitt elles honom hjå ho hoe henne hennar
    hennes hoss hossen ingi inkje korleis korso kva kvar kvarhelst kven kvi kvifor me medan mi
    mine mykje no nokon noka nokor noko nokre sia sidan so somt somme um upp vere vore verte
    vort varte vart
    """.split()  # noqa: SIM905 - the list as Snowball publishes it
)


def _r1(ord_: str) -> int:
    """Where R1 starts (the length of the word when there is no R1)."""
    if len(ord_) < 3:
        return len(ord_)
    for i in range(1, len(ord_)):
        if ord_[i - 1] in _VOKALER and ord_[i] not in _VOKALER:
            return max(i + 1, 3)
    return len(ord_)


def _gyldig_s_endelse(ord_: str) -> bool:
    """The letter before the final "s" (which may lie before R1) allows removing it."""
    if len(ord_) < 2:
        return False
    foran = ord_[-2]
    if foran in _S_ENDELSER:
        return True
    return foran == "k" and len(ord_) >= 3 and ord_[-3] not in _VOKALER


def _steg1(ord_: str, r1: int) -> str:
    region = ord_[r1:]
    for suffiks in _STEG1:
        if not region.endswith(suffiks):
            continue
        if suffiks == "s":
            return ord_[:-1] if _gyldig_s_endelse(ord_) else ord_
        if suffiks in ("erte", "ert"):
            return ord_[: -len(suffiks)] + "er"
        return ord_[: -len(suffiks)]
    return ord_


def _steg2(ord_: str, r1: int) -> str:
    if ord_[r1:].endswith(("dt", "vt")):
        return ord_[:-1]
    return ord_


def _steg3(ord_: str, r1: int) -> str:
    region = ord_[r1:]
    for suffiks in _STEG3:
        if region.endswith(suffiks):
            return ord_[: -len(suffiks)]
    return ord_


@lru_cache(maxsize=200_000)
def stamme(ord_: str) -> str:
    """The stem of one lower-case word. Cached: a text repeats its words, an archive its
    vocabulary."""
    r1 = _r1(ord_)
    return _steg3(_steg2(_steg1(ord_, r1), r1), r1)
