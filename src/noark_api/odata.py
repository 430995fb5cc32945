"""The OData query subset of the Noark 5 API: `$filter`, `$orderby`, `$top`, `$skip`.

rest-api.md §3.3 and §4, client-compat.md §10. Pure parsing plus a translation into Django `Q`
objects and order expressions; the views call it and turn `OdataFeil` into a 400 `feil` body.

    uttrykk = les_filter("journalstatus/kode eq 'J' and year(journaldato) ge 2025")
    oversatt = til_q(uttrykk, JOURNALPOST_FELTER)
    qs = qs.filter(oversatt.q)
    if oversatt.trenger_distinct:
        qs = qs.distinct()

What is understood:

* comparisons `eq ne gt ge lt le`, logical `and or not` (precedence not > and > or) and
  parentheses; keywords and function names in any case (`EQ`, `And`); any whitespace;
* functions `contains startswith endswith` (boolean), `year month day` (integer), `tolower
  toupper` and `substring(felt, start[, lengde])` (text);
* literals: strings in `'…'` (with `''` for a quote) or `"…"` (with `""`), integers, decimals,
  `true false null`, dates `2026-01-31` and date-times `2026-01-31T10:00:00Z` unquoted;
* member paths with `/` (`journalstatus/kode`, `korrespondansepart/korrespondansepartNavn`),
  type-cast segments (`Default.PartPersonType`), VSM names (`ppt-v1:skoleaar`) and the lambda
  operators `any(x: …)` / `any()` / `all(x: …)` (client-compat §10.3).

Decisions where the specification is open (rest-api.md §4 and §13 say nothing on these):

* `contains`, `startswith` and `endswith` are case-insensitive (`__icontains` …). The archive
  search is for people, and SQLite's LIKE is case-insensitive anyway, so this gives the same
  answer on both databases. (SQLite folds ASCII only: `Ø` and `ø` differ there.) `eq` stays
  exact and case-sensitive; `tolower(felt) eq 'x'` compares case-insensitively.
* `ne 'x'` is translated as `~Q(felt='x')`. For a nullable column Django adds `OR felt IS NULL`
  to the negation, which is what OData 4.01 says (`null ne 'x'` is true). `eq null` is
  `__isnull=True` and `ne null` is `__isnull=False`.
* A date literal compared with a date-time field compares the date part in the current time
  zone (`opprettet_dato__date__gte`); `year()`, `month()` and `day()` of a date-time also use
  the current time zone (Europe/Oslo, as saks- and journalnummer do). A date-time literal
  without an offset is read in the current time zone; a date-time literal compared with a
  date field is a type error.
* A string compared with a number or date field is an error; nothing is converted.
* An unknown field raises `UkjentFelt` and an understood but untranslated construct (`all()`,
  a to-many path in `$orderby`) raises `IkkeStoettet`. Both are `OdataFeil`, so a 400 is the
  default; client-compat §10.4 asks for `200` with `count: 0` for unknown paths, which the
  view can do by catching these two subclasses.
* An unterminated string at the very end is accepted with `les_filter(…, tolerant=True)`
  (client-compat §10.4, "an unbalanced trailing quote"); the strict default rejects it.
* `$top` above the caller's maximum is capped to that maximum (rest-api.md §3.3: the server
  may cap the page size), not rejected.
* `$orderby` puts nulls first when ascending and last when descending on every database
  (null sorts as the smallest value, SQLite's default), so paging is the same on SQLite and
  PostgreSQL. The caller appends its own tie-breaker (the primary key) for stable pages.

To-many paths: a path through a to-many relation (`korrespondansepart/…`, `any(…)`) becomes an
ordinary `__` lookup, so Django joins the related table and a row can appear once per matching
related row. `Oversatt.trenger_distinct` is then true and the caller must apply `.distinct()`.
All conditions in one `$filter` on the same to-many path refer to the same related row (one
`filter()` call), which is exactly `any(x: a and b)`; two independent `any()` on the same
collection therefore also have to match one and the same element.

Error positions (`OdataFeil.posisjon`) are 0-based character offsets into the parameter value.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, TypeAlias

from django.db.models import F, Q, lookups
from django.db.models.expressions import Combinable, Func, OrderBy
from django.db.models.functions import Lower, Substr, Upper
from django.utils import timezone

from felles import jsonliste
from kodeliste.services import VSM_NAVN

# --- Errors ---------------------------------------------------------------------------------


class OdataFeil(Exception):
    """A query parameter the server cannot use. The API answers 400 with `beskrivelse`."""

    def __init__(self, melding: str, message: str, posisjon: int | None = None) -> None:
        super().__init__(melding, message, posisjon)
        self.melding = melding  # Norwegian (bokmål)
        self.message = message  # English
        self.posisjon = posisjon

    @property
    def beskrivelse(self) -> str:
        """Both languages in one line, for the `feil.beskrivelse` of the error body."""
        if self.posisjon is None:
            return f"{self.melding} / {self.message}"
        return (
            f"{self.melding} (posisjon {self.posisjon}) / {self.message} (position {self.posisjon})"
        )

    def __str__(self) -> str:
        return self.beskrivelse


class UkjentFelt(OdataFeil):
    """The filter names a field or path the resource does not have (or does not allow)."""

    def __init__(self, felt: str, posisjon: int | None = None) -> None:
        super().__init__(f"Ukjent felt '{felt}'.", f"Unknown field '{felt}'.", posisjon)
        self.felt = felt


class IkkeStoettet(OdataFeil):
    """Valid OData that this server does not translate."""


# --- Limits ---------------------------------------------------------------------------------

MAKS_DYBDE = 40
"""Nesting of parentheses, `not`, functions and lambdas. Keeps recursion far from Python's limit."""

MAKS_LEDD = 100
"""Comparisons and conditions in one filter; SQLite refuses very deep expression trees."""

MAKS_HELTALL = 2**63 - 1
"""Integers must fit a 64-bit database column; a larger value is an error, not a 500."""

_MAKS_SIFRE = 18


# --- The syntax tree ------------------------------------------------------------------------

Operator: TypeAlias = Literal["eq", "ne", "gt", "ge", "lt", "le"]
OPERATORER: tuple[Operator, ...] = ("eq", "ne", "gt", "ge", "lt", "le")

TEKSTFUNKSJONER = frozenset({"contains", "startswith", "endswith"})
"""Functions that are conditions on their own: `contains(tittel,'x')`."""

DATOFUNKSJONER = frozenset({"year", "month", "day"})
KASUSFUNKSJONER = frozenset({"tolower", "toupper"})
FUNKSJONER: Mapping[str, tuple[int, int]] = {
    **dict.fromkeys(TEKSTFUNKSJONER, (2, 2)),
    **dict.fromkeys(DATOFUNKSJONER, (1, 1)),
    **dict.fromkeys(KASUSFUNKSJONER, (1, 1)),
    "substring": (2, 3),
}
"""Known functions and their (minimum, maximum) number of arguments."""

RESERVERTE_ORD = frozenset({"and", "or", "not", *OPERATORER, "true", "false", "null"})
"""Words that are never a field name, in any case."""


def _pos() -> Any:
    return field(default=-1, compare=False, repr=False)


@dataclass(frozen=True)
class Tekst:
    verdi: str
    pos: int = _pos()


@dataclass(frozen=True)
class Heltall:
    verdi: int
    pos: int = _pos()


@dataclass(frozen=True)
class Desimal:
    verdi: Decimal
    pos: int = _pos()


@dataclass(frozen=True)
class Boolsk:
    verdi: bool
    pos: int = _pos()


@dataclass(frozen=True)
class Null:
    pos: int = _pos()


@dataclass(frozen=True)
class Dato:
    verdi: dt.date
    pos: int = _pos()


@dataclass(frozen=True)
class Datotid:
    """A date-time literal; naive when the literal had no offset."""

    verdi: dt.datetime
    pos: int = _pos()


@dataclass(frozen=True)
class Sti:
    """A member path: `tittel`, `journalstatus/kode`, `m/merknadstype/kode` inside a lambda."""

    deler: tuple[str, ...]
    pos: int = _pos()

    @property
    def tekst(self) -> str:
        return "/".join(self.deler)


@dataclass(frozen=True)
class Funksjon:
    navn: str  # lower case
    argumenter: tuple[Uttrykk, ...]
    pos: int = _pos()


@dataclass(frozen=True)
class Lambda:
    """`samling/any(variabel: predikat)`; `any()` has neither variable nor predicate."""

    samling: Sti
    operator: Literal["any", "all"]
    variabel: str | None
    predikat: Uttrykk | None
    pos: int = _pos()


@dataclass(frozen=True)
class Sammenligning:
    operator: Operator
    venstre: Uttrykk
    hoeyre: Uttrykk
    pos: int = _pos()


@dataclass(frozen=True)
class Og:
    """`a and b and c`: all terms of one unparenthesised chain, in order."""

    ledd: tuple[Uttrykk, ...]
    pos: int = _pos()


@dataclass(frozen=True)
class Eller:
    ledd: tuple[Uttrykk, ...]
    pos: int = _pos()


@dataclass(frozen=True)
class Ikke:
    uttrykk: Uttrykk
    pos: int = _pos()


Literal_: TypeAlias = Tekst | Heltall | Desimal | Boolsk | Null | Dato | Datotid
Uttrykk: TypeAlias = Literal_ | Sti | Funksjon | Lambda | Sammenligning | Og | Eller | Ikke
LITERALER = (Tekst, Heltall, Desimal, Boolsk, Null, Dato, Datotid)


@dataclass(frozen=True)
class Sortering:
    """One `$orderby` item."""

    sti: Sti
    synkende: bool = False


# --- Tokens ---------------------------------------------------------------------------------


class _T(enum.Enum):
    NAVN = "navn"
    TEKST = "tekst"
    HELTALL = "heltall"
    DESIMAL = "desimal"
    DATO = "dato"
    DATOTID = "datotid"
    VENSTRE = "("
    HOEYRE = ")"
    KOMMA = ","
    SKRAA = "/"
    KOLON = ":"
    SLUTT = "slutt"


@dataclass(frozen=True)
class _Token:
    type: _T
    tekst: str
    pos: int
    verdi: str | int | Decimal | dt.date | None = None


# ASCII only: `\d` would also take other scripts' digits.
_DATOTID = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?"
)
_TALL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_VSM_NAVN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+:[A-Za-z_][A-Za-z0-9_]*")
_NAVN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_NAVNETEGN = re.compile(r"[A-Za-z0-9_.:\-]")
_ENKELTTEGN = {"(": _T.VENSTRE, ")": _T.HOEYRE, ",": _T.KOMMA, "/": _T.SKRAA, ":": _T.KOLON}
_HELTALL_PARAM = re.compile(r"[0-9]+")


def _feil(melding: str, message: str, posisjon: int | None) -> OdataFeil:
    return OdataFeil(melding, message, posisjon)


def _les_tekst(tekst: str, start: int, *, tolerant: bool) -> tuple[str, int]:
    """A quoted string from `start` (the quote). A doubled quote stands for one quote."""
    sitat = tekst[start]
    deler: list[str] = []
    i = start + 1
    while True:
        slutt = tekst.find(sitat, i)
        if slutt == -1:
            if not tolerant:
                raise _feil(
                    "Tekststrengen er ikke avsluttet.", "Unterminated string literal.", start
                )
            deler.append(tekst[i:])
            slutt = len(tekst)
            break
        deler.append(tekst[i:slutt])
        if tekst.startswith(sitat, slutt + 1):
            deler.append(sitat)
            i = slutt + 2
            continue
        slutt += 1
        break
    verdi = "".join(deler)
    if "\x00" in verdi:
        raise _feil(
            "Tekststrengen inneholder et nulltegn.", "The string contains a NUL character.", start
        )
    return verdi, slutt


def _dato_token(tekst: str, pos: int) -> _Token:
    try:
        if "T" in tekst:
            return _Token(_T.DATOTID, tekst, pos, dt.datetime.fromisoformat(tekst))
        return _Token(_T.DATO, tekst, pos, dt.date.fromisoformat(tekst))
    except ValueError:
        raise _feil(
            f"Ugyldig dato eller tidspunkt '{tekst}'.",
            f"Invalid date or date-time '{tekst}'.",
            pos,
        ) from None


def _tall_token(tekst: str, pos: int) -> _Token:
    if "." in tekst or "e" in tekst or "E" in tekst:
        try:
            desimal = Decimal(tekst)
        except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
            desimal = Decimal("NaN")
        if not desimal.is_finite() or not -308 <= desimal.adjusted() <= 308:
            raise _feil(
                f"Tallet '{tekst}' er utenfor gyldig område.",
                f"The number '{tekst}' is out of range.",
                pos,
            )
        return _Token(_T.DESIMAL, tekst, pos, desimal)
    heltall = int(tekst)
    if abs(heltall) > MAKS_HELTALL:
        raise _feil(
            f"Heltallet '{tekst}' er for stort.", f"The integer '{tekst}' is too large.", pos
        )
    return _Token(_T.HELTALL, tekst, pos, heltall)


def _tokens(tekst: str, *, tolerant: bool = False) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    n = len(tekst)
    while i < n:
        tegn = tekst[i]
        if tegn.isspace():
            i += 1
            continue
        if tegn in ("'", '"'):
            verdi, slutt = _les_tekst(tekst, i, tolerant=tolerant)
            tokens.append(_Token(_T.TEKST, tekst[i:slutt], i, verdi))
            i = slutt
            continue
        if tegn in _ENKELTTEGN:
            tokens.append(_Token(_ENKELTTEGN[tegn], tegn, i))
            i += 1
            continue
        if treff := _DATOTID.match(tekst, i):
            token = _dato_token(treff.group(), i)
        elif treff := _TALL.match(tekst, i):
            token = _tall_token(treff.group(), i)
        elif treff := _VSM_NAVN.match(tekst, i) or _NAVN.match(tekst, i):
            token = _Token(_T.NAVN, treff.group(), i)
        else:
            raise _feil(f"Uventet tegn '{tegn}'.", f"Unexpected character '{tegn}'.", i)
        slutt = treff.end()
        if token.type is not _T.NAVN and slutt < n and _NAVNETEGN.match(tekst, slutt):
            raise _feil(
                f"Uventet tegn '{tekst[slutt]}' etter '{treff.group()}'.",
                f"Unexpected character '{tekst[slutt]}' after '{treff.group()}'.",
                slutt,
            )
        tokens.append(token)
        i = slutt
    tokens.append(_Token(_T.SLUTT, "", n))
    return tokens


# --- The parser -----------------------------------------------------------------------------


class _Parser:
    """Recursive descent over the tokens.

    eller        := og ("or" og)*
    og           := ikke ("and" ikke)*
    ikke         := "not" ikke | sammenligning
    sammenligning:= operand [OPERATOR operand]
    operand      := "(" eller ")" | literal | funksjon "(" [operand ("," operand)*] ")"
                  | sti ["/" ("any"|"all") "(" [NAVN ":" eller] ")"]
    sti          := NAVN ("/" NAVN)*
    """

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.dybde = 0
        self.ledd = 0

    @property
    def naa(self) -> _Token:
        return self.tokens[self.i]

    def _neste(self, avstand: int = 1) -> _Token:
        return self.tokens[min(self.i + avstand, len(self.tokens) - 1)]

    def _ved_slutten(self) -> bool:
        return self.naa.type is _T.SLUTT

    def _ta(self) -> _Token:
        token = self.tokens[self.i]
        if token.type is not _T.SLUTT:
            self.i += 1
        return token

    def _er_ord(self, *ord_: str) -> bool:
        return self.naa.type is _T.NAVN and self.naa.tekst.lower() in ord_

    def _uventet(self, forventet_nb: str, forventet_en: str) -> OdataFeil:
        token = self.naa
        if token.type is _T.SLUTT:
            return _feil(
                f"Uttrykket slutter for tidlig; forventet {forventet_nb}.",
                f"Unexpected end of expression; expected {forventet_en}.",
                token.pos,
            )
        return _feil(
            f"Uventet '{token.tekst}'; forventet {forventet_nb}.",
            f"Unexpected '{token.tekst}'; expected {forventet_en}.",
            token.pos,
        )

    def _forvent(self, type_: _T, nb: str, en: str) -> _Token:
        if self.naa.type is not type_:
            raise self._uventet(nb, en)
        return self._ta()

    def _inn(self) -> None:
        self.dybde += 1
        if self.dybde > MAKS_DYBDE:
            raise _feil(
                f"Uttrykket er nestet for dypt (mer enn {MAKS_DYBDE} nivåer).",
                f"The expression is nested too deeply (more than {MAKS_DYBDE} levels).",
                self.naa.pos,
            )

    def _ut(self) -> None:
        self.dybde -= 1

    # The grammar

    def filter(self) -> Uttrykk:
        uttrykk = self._eller()
        if self.naa.type is not _T.SLUTT:
            raise self._uventet("'and', 'or' eller slutten", "'and', 'or' or the end")
        return uttrykk

    def _eller(self) -> Uttrykk:
        pos = self.naa.pos
        ledd = [self._og()]
        while self._er_ord("or"):
            self._ta()
            ledd.append(self._og())
        return ledd[0] if len(ledd) == 1 else Eller(tuple(ledd), pos)

    def _og(self) -> Uttrykk:
        pos = self.naa.pos
        ledd = [self._ikke()]
        while self._er_ord("and"):
            self._ta()
            ledd.append(self._ikke())
        return ledd[0] if len(ledd) == 1 else Og(tuple(ledd), pos)

    def _ikke(self) -> Uttrykk:
        if self._er_ord("not"):
            pos = self._ta().pos
            self._inn()
            uttrykk = self._ikke()
            self._ut()
            return Ikke(uttrykk, pos)
        return self._sammenligning()

    def _sammenligning(self) -> Uttrykk:
        self.ledd += 1
        if self.ledd > MAKS_LEDD:
            raise _feil(
                f"Filteret har for mange betingelser (mer enn {MAKS_LEDD}).",
                f"The filter has too many conditions (more than {MAKS_LEDD}).",
                self.naa.pos,
            )
        venstre = self._operand()
        if self.naa.type is _T.NAVN and self.naa.tekst.lower() in OPERATORER:
            token = self._ta()
            op: Operator = OPERATORER[OPERATORER.index(token.tekst.lower())]
            hoeyre = self._operand()
            return Sammenligning(op, venstre, hoeyre, token.pos)
        return venstre

    def _operand(self) -> Uttrykk:
        token = self.naa
        if token.type is _T.VENSTRE:
            self._ta()
            self._inn()
            uttrykk = self._eller()
            self._ut()
            self._forvent(_T.HOEYRE, "')'", "')'")
            return uttrykk
        literal = self._literal()
        if literal is not None:
            return literal
        if token.type is _T.NAVN:
            ord_ = token.tekst.lower()
            if self._neste().type is _T.VENSTRE:
                return self._funksjon()
            if ord_ in RESERVERTE_ORD:
                raise self._uventet("et felt eller en verdi", "a field or a value")
            return self._sti()
        raise self._uventet("et felt eller en verdi", "a field or a value")

    def _literal(self) -> Literal_ | None:
        token = self.naa
        verdi = token.verdi
        uttrykk: Literal_ | None = None
        if token.type is _T.TEKST and isinstance(verdi, str):
            uttrykk = Tekst(verdi, token.pos)
        elif token.type is _T.HELTALL and isinstance(verdi, int):
            uttrykk = Heltall(verdi, token.pos)
        elif token.type is _T.DESIMAL and isinstance(verdi, Decimal):
            uttrykk = Desimal(verdi, token.pos)
        elif token.type is _T.DATOTID and isinstance(verdi, dt.datetime):
            uttrykk = Datotid(verdi, token.pos)
        elif token.type is _T.DATO and isinstance(verdi, dt.date):
            uttrykk = Dato(verdi, token.pos)
        elif self._er_ord("true", "false") and self._neste().type is not _T.VENSTRE:
            uttrykk = Boolsk(token.tekst.lower() == "true", token.pos)
        elif self._er_ord("null") and self._neste().type is not _T.VENSTRE:
            uttrykk = Null(token.pos)
        if uttrykk is not None:
            self._ta()
        return uttrykk

    def _funksjon(self) -> Funksjon:
        token = self._ta()
        navn = token.tekst.lower()
        if navn not in FUNKSJONER:
            raise _feil(
                f"Ukjent funksjon '{token.tekst}'.", f"Unknown function '{token.tekst}'.", token.pos
            )
        self._ta()  # "("
        self._inn()
        argumenter: list[Uttrykk] = []
        if self.naa.type is not _T.HOEYRE:
            argumenter.append(self._operand())
            while self.naa.type is _T.KOMMA:
                self._ta()
                argumenter.append(self._operand())
        self._forvent(_T.HOEYRE, "',' eller ')'", "',' or ')'")
        self._ut()
        minst, flest = FUNKSJONER[navn]
        if not minst <= len(argumenter) <= flest:
            antall = str(minst) if minst == flest else f"{minst}–{flest}"
            raise _feil(
                f"Funksjonen '{navn}' tar {antall} argumenter, ikke {len(argumenter)}.",
                f"The function '{navn}' takes {antall} arguments, not {len(argumenter)}.",
                token.pos,
            )
        return Funksjon(navn, tuple(argumenter), token.pos)

    def _sti(self) -> Sti | Lambda:
        start = self.naa.pos
        deler = [self._navn().tekst]
        while self.naa.type is _T.SKRAA:
            self._ta()
            if self._er_ord("any", "all") and self._neste().type is _T.VENSTRE:
                return self._lambda(Sti(tuple(deler), start))
            deler.append(self._navn().tekst)
        return Sti(tuple(deler), start)

    def _navn(self) -> _Token:
        if self.naa.type is not _T.NAVN or self.naa.tekst.lower() in RESERVERTE_ORD:
            raise self._uventet("et feltnavn", "a field name")
        return self._ta()

    def _lambda(self, samling: Sti) -> Lambda:
        token = self._ta()
        op: Literal["any", "all"] = "any" if token.tekst.lower() == "any" else "all"
        self._ta()  # "("
        self._inn()
        if op == "any" and self.naa.type is _T.HOEYRE:
            self._ta()
            self._ut()
            return Lambda(samling, op, None, None, token.pos)
        variabel = self._navn().tekst
        self._forvent(_T.KOLON, "':'", "':'")
        predikat = self._eller()
        self._forvent(_T.HOEYRE, "')'", "')'")
        self._ut()
        return Lambda(samling, op, variabel, predikat, token.pos)

    def orderby(self) -> list[Sortering]:
        sorteringer: list[Sortering] = []
        if self.naa.type is _T.SLUTT:
            return sorteringer
        while True:
            sti = self._sti()
            if isinstance(sti, Lambda):
                raise _feil(
                    "$orderby kan ikke inneholde any() eller all().",
                    "$orderby cannot contain any() or all().",
                    sti.pos,
                )
            synkende = False
            if self._er_ord("asc", "desc"):
                synkende = self._ta().tekst.lower() == "desc"
            sorteringer.append(Sortering(sti, synkende))
            if self._ved_slutten():
                return sorteringer
            self._forvent(_T.KOMMA, "',' eller slutten", "',' or the end")


def les_filter(tekst: str | None, *, tolerant: bool = False) -> Uttrykk | None:
    """Parse a `$filter` value. Blank or absent gives None (no filter).

    With `tolerant`, an unterminated string at the end is taken to run to the end.
    """
    if tekst is None or not tekst.strip():
        return None
    return _Parser(_tokens(tekst, tolerant=tolerant)).filter()


def les_orderby(tekst: str | None) -> list[Sortering]:
    """Parse `$orderby`: `felt [asc|desc], felt2 desc`. Blank or absent gives []."""
    if tekst is None:
        return []
    return _Parser(_tokens(tekst)).orderby()


def _heltall_param(navn: str, tekst: str) -> int:
    verdi = tekst.strip()
    if not _HELTALL_PARAM.fullmatch(verdi):
        raise _feil(
            f"{navn} må være et ikke-negativt heltall, ikke '{tekst}'.",
            f"{navn} must be a non-negative integer, not '{tekst}'.",
            0,
        )
    if len(verdi.lstrip("0")) > _MAKS_SIFRE:
        raise _feil(f"{navn} er for stort.", f"{navn} is too large.", 0)
    return int(verdi)


def les_top(tekst: str | None, *, maks: int, standard: int | None = None) -> int:
    """Parse `$top`: a non-negative integer, capped at `maks`. Absent gives `standard`
    (or `maks`)."""
    if tekst is None:
        return maks if standard is None else min(standard, maks)
    return min(_heltall_param("$top", tekst), maks)


def les_skip(tekst: str | None) -> int:
    """Parse `$skip`: a non-negative integer. Absent gives 0."""
    if tekst is None:
        return 0
    return _heltall_param("$skip", tekst)


# --- Translation to Q -----------------------------------------------------------------------


class Felttype(enum.StrEnum):
    TEKST = "tekst"
    HELTALL = "heltall"
    DESIMAL = "desimal"
    DATO = "dato"
    DATOTID = "datotid"
    BOOLSK = "boolsk"
    KODE = "kode"
    JSON = "json"  # a member of virksomhetsspesifikkeMetadata: text, number or boolean


_TYPENAVN: Mapping[Felttype, tuple[str, str]] = {
    Felttype.TEKST: ("en tekst", "a string"),
    Felttype.HELTALL: ("et heltall", "an integer"),
    Felttype.DESIMAL: ("et desimaltall", "a decimal number"),
    Felttype.DATO: ("en dato", "a date"),
    Felttype.DATOTID: ("et tidspunkt", "a date-time"),
    Felttype.BOOLSK: ("en sannhetsverdi", "a boolean"),
    Felttype.KODE: ("en kode", "a code"),
    Felttype.JSON: ("en verdi", "a value"),
}

_LITERALNAVN: Mapping[type, tuple[str, str]] = {
    Tekst: ("en tekst", "a string"),
    Heltall: ("et heltall", "an integer"),
    Desimal: ("et desimaltall", "a decimal number"),
    Boolsk: ("en sannhetsverdi", "a boolean"),
    Null: ("null", "null"),
    Dato: ("en dato", "a date"),
    Datotid: ("et tidspunkt", "a date-time"),
}


@dataclass(frozen=True)
class Felt:
    """Where an API field lives in the ORM, and what it holds.

    `oppslag` is the lookup from the queried model
    (`korrespondanseparter__korrespondansepart_navn`).
    `til_mange` is true when the lookup crosses a to-many relation.
    """

    oppslag: str
    type: Felttype
    til_mange: bool = False


Feltkart: TypeAlias = Mapping[str, Felt]
"""API name or path (`tittel`, `journalstatus/kode`) → `Felt`. Paths inside a lambda are
looked up with the variable replaced by the collection: `merknad/any(m: m/merknadstype/kode …)`
uses the key `merknad/merknadstype/kode`; `noekkelord/any(n: n eq 'x')` uses `noekkelord`."""


VSM = "virksomhetsspesifikkeMetadata"


def vsm_felter(kolonne: str) -> dict[str, Felt]:
    """The entity carries virksomhetsspesifikkeMetadata in `kolonne`: each of its fields is
    filtered by its full name (rest-api.md §9: `ppt-v1:skoleaar eq '2018/2019'`)."""
    return {VSM: Felt(kolonne, Felttype.JSON)}


def _vsm_felt(felter: Feltkart, navn: str) -> Felt | None:
    """A field of virksomhetsspesifikkeMetadata, named `<navnerom>-<versjon>:<felt>` (only
    a–z, 0–9, `-` and one `:`, so never a Django lookup separator), as a key of its column."""
    base = felter.get(VSM)
    if base is None or not VSM_NAVN.match(navn):
        return None
    return Felt(f"{base.oppslag}__{navn}", Felttype.JSON)


def tekstlistefelter(navn: str) -> dict[str, Felt]:
    """A repeated text stored as a JSON list (noekkelord): `noekkelord/noekkelord eq 'x'`,
    as client-compat.md §10.3 names the path, and `noekkelord/any(n: n eq 'x')`, both "some
    value matches" (felles.jsonliste)."""
    felt = Felt(f"{navn}__{jsonliste.Element.lookup_name}", Felttype.TEKST, til_mange=True)
    return {navn: felt, f"{navn}/{navn}": felt}


@dataclass(frozen=True)
class Oversatt:
    """The translated filter. When `trenger_distinct` is true the filter crosses a to-many
    relation and the caller must apply `.distinct()` to avoid duplicate rows."""

    q: Q
    trenger_distinct: bool


_TEKSTTYPER = frozenset({Felttype.TEKST, Felttype.KODE})
_TALLTYPER = frozenset({Felttype.HELTALL, Felttype.DESIMAL})
_SPEIL: Mapping[Operator, Operator] = {
    "eq": "eq", "ne": "ne", "gt": "lt", "ge": "le", "lt": "gt", "le": "ge"
}  # fmt: skip
_OPPSLAG: Mapping[Operator, str] = {
    "eq": "exact", "ne": "exact", "gt": "gt", "ge": "gte", "lt": "lt", "le": "lte"
}  # fmt: skip
_OPPSLAGSKLASSER: Mapping[str, type[lookups.Lookup[Any]]] = {
    "exact": lookups.Exact,
    "gt": lookups.GreaterThan,
    "gte": lookups.GreaterThanOrEqual,
    "lt": lookups.LessThan,
    "lte": lookups.LessThanOrEqual,
    "icontains": lookups.IContains,
    "istartswith": lookups.IStartsWith,
    "iendswith": lookups.IEndsWith,
}


def _ingen() -> Q:
    """A condition no row meets."""
    return Q(pk__in=[])


@dataclass(frozen=True)
class _Operand:
    """The left-hand side of a comparison: a lookup string, or an expression for the text
    functions that have no built-in lookup (`tolower`, `toupper`, `substring`)."""

    oppslag: str | None
    uttrykk: Combinable | None
    type: Felttype
    navn: str  # for messages

    def som_uttrykk(self) -> Combinable:
        if self.uttrykk is not None:
            return self.uttrykk
        assert self.oppslag is not None  # noqa: S101 - one of the two is always set
        return F(self.oppslag)

    def q(self, oppslag: str, verdi: object) -> Q:
        if self.oppslag is not None:
            if oppslag == "exact":
                return Q(**{self.oppslag: verdi})
            return Q(**{f"{self.oppslag}__{oppslag}": verdi})
        return Q(_OPPSLAGSKLASSER[oppslag](self.som_uttrykk(), verdi))


class _Oversetter:
    def __init__(self, felter: Feltkart) -> None:
        self.felter = felter
        self.til_mange = False
        self.variabler: dict[str, tuple[str, ...]] = {}

    def betingelse(self, uttrykk: Uttrykk) -> Q:
        if isinstance(uttrykk, Og):
            return functools.reduce(operator.and_, map(self.betingelse, uttrykk.ledd))
        if isinstance(uttrykk, Eller):
            return functools.reduce(operator.or_, map(self.betingelse, uttrykk.ledd))
        if isinstance(uttrykk, Ikke):
            return ~self.betingelse(uttrykk.uttrykk)
        if isinstance(uttrykk, Sammenligning):
            return self.sammenligning(uttrykk)
        if isinstance(uttrykk, Funksjon) and uttrykk.navn in TEKSTFUNKSJONER:
            return self.tekstfunksjon(uttrykk)
        if isinstance(uttrykk, Lambda):
            return self.lambda_(uttrykk)
        if isinstance(uttrykk, Boolsk):
            return Q() if uttrykk.verdi else _ingen()
        if isinstance(uttrykk, Sti):
            felt = self.felt(uttrykk)
            if felt.type is Felttype.BOOLSK:
                return Q(**{felt.oppslag: True})
        raise _feil(
            "Uttrykket er ikke en betingelse (sann eller usann).",
            "The expression is not a condition (true or false).",
            uttrykk.pos,
        )

    def felt(self, sti: Sti) -> Felt:
        deler = sti.deler
        if deler[0] in self.variabler:
            deler = self.variabler[deler[0]] + deler[1:]
        navn = "/".join(deler)
        felt = self.felter.get(navn) or _vsm_felt(self.felter, navn)
        if felt is None:
            raise UkjentFelt(navn, sti.pos)
        if felt.til_mange:
            self.til_mange = True
        return felt

    def lambda_(self, uttrykk: Lambda) -> Q:
        if uttrykk.operator == "all":
            raise IkkeStoettet(
                "all() er ikke støttet; bruk not any(… not …).",
                "all() is not supported; use not any(… not …).",
                uttrykk.pos,
            )
        self.til_mange = True
        samling = uttrykk.samling.deler
        if samling[0] in self.variabler:
            samling = self.variabler[samling[0]] + samling[1:]
        if uttrykk.variabel is None or uttrykk.predikat is None:
            felt = self.felt(Sti(samling, uttrykk.samling.pos))
            return Q(**{f"{felt.oppslag}__isnull": False})
        tidligere = self.variabler.get(uttrykk.variabel)
        self.variabler[uttrykk.variabel] = samling
        try:
            return self.betingelse(uttrykk.predikat)
        finally:
            if tidligere is None:
                del self.variabler[uttrykk.variabel]
            else:
                self.variabler[uttrykk.variabel] = tidligere

    def operand(self, uttrykk: Uttrykk) -> _Operand:
        if isinstance(uttrykk, Sti):
            felt = self.felt(uttrykk)
            return _Operand(felt.oppslag, None, felt.type, uttrykk.tekst)
        if isinstance(uttrykk, Funksjon):
            return self.funksjon(uttrykk)
        raise _feil(
            "Forventet et felt eller en funksjon av et felt.",
            "Expected a field or a function of a field.",
            uttrykk.pos,
        )

    def funksjon(self, f: Funksjon) -> _Operand:
        if f.navn in TEKSTFUNKSJONER:
            raise _feil(
                f"'{f.navn}' gir sann eller usann og kan bare sammenlignes med true eller false.",
                f"'{f.navn}' gives true or false and can only be compared with true or false.",
                f.pos,
            )
        arg = self.operand(f.argumenter[0])
        if f.navn in DATOFUNKSJONER:
            if arg.oppslag is None or arg.type not in (Felttype.DATO, Felttype.DATOTID):
                raise _typefeil_funksjon(
                    f, arg, "en dato eller et tidspunkt", "a date or date-time"
                )
            return _Operand(f"{arg.oppslag}__{f.navn}", None, Felttype.HELTALL, f"{f.navn}()")
        if arg.type not in _TEKSTTYPER:
            raise _typefeil_funksjon(f, arg, "en tekst", "a string")
        if f.navn in KASUSFUNKSJONER:
            klasse: type[Func] = Lower if f.navn == "tolower" else Upper
            return _Operand(None, klasse(arg.som_uttrykk()), Felttype.TEKST, f"{f.navn}()")
        # substring(felt, start[, lengde]); OData counts from 0, SQL from 1.
        tall: list[int] = []
        for argument in f.argumenter[1:]:
            if not isinstance(argument, Heltall) or argument.verdi < 0:
                raise _feil(
                    "substring() tar start og lengde som ikke-negative heltall.",
                    "substring() takes start and length as non-negative integers.",
                    argument.pos,
                )
            tall.append(argument.verdi)
        substr = Substr(arg.som_uttrykk(), tall[0] + 1, *tall[1:])
        return _Operand(None, substr, Felttype.TEKST, "substring()")

    def tekstfunksjon(self, f: Funksjon) -> Q:
        arg = self.operand(f.argumenter[0])
        if arg.type not in _TEKSTTYPER:
            raise _typefeil_funksjon(f, arg, "en tekst", "a string")
        verdi = f.argumenter[1]
        if not isinstance(verdi, Tekst):
            raise _feil(
                f"Det andre argumentet til {f.navn}() må være en tekst i anførselstegn.",
                f"The second argument of {f.navn}() must be a quoted string.",
                verdi.pos,
            )
        return arg.q(f"i{f.navn}", verdi.verdi)  # case-insensitive, see the module docstring

    def sammenligning(self, s: Sammenligning) -> Q:
        op, venstre, hoeyre = s.operator, s.venstre, s.hoeyre
        if isinstance(venstre, LITERALER) and not isinstance(hoeyre, LITERALER):
            op, venstre, hoeyre = _SPEIL[op], hoeyre, venstre
        if isinstance(venstre, LITERALER):
            raise _feil(
                "En sammenligning må ha et felt på minst én side.",
                "A comparison needs a field on at least one side.",
                s.pos,
            )
        if _er_betingelse(venstre):
            return self.sammenlign_betingelse(op, venstre, hoeyre, s.pos)
        operand = self.operand(venstre)
        if isinstance(hoeyre, Null):
            if op not in ("eq", "ne"):
                raise _feil(
                    f"null kan bare sammenlignes med eq eller ne, ikke {op}.",
                    f"null can only be compared with eq or ne, not {op}.",
                    s.pos,
                )
            if operand.oppslag is not None:
                return Q(**{f"{operand.oppslag}__isnull": op == "eq"})
            return Q(lookups.IsNull(operand.som_uttrykk(), op == "eq"))
        if operand.type is Felttype.BOOLSK and op not in ("eq", "ne"):
            raise _feil(
                f"Feltet '{operand.navn}' er en sannhetsverdi og kan bare sammenlignes med eq "
                "eller ne.",
                f"The field '{operand.navn}' is a boolean and can only be compared with eq or ne.",
                s.pos,
            )
        if isinstance(hoeyre, LITERALER):
            operand, verdi = self.verdi(operand, hoeyre)
        else:
            annen = self.operand(hoeyre)
            if not _forenlige(operand.type, annen.type):
                raise _feil(
                    f"'{operand.navn}' ({_TYPENAVN[operand.type][0]}) kan ikke sammenlignes med "
                    f"'{annen.navn}' ({_TYPENAVN[annen.type][0]}).",
                    f"'{operand.navn}' ({_TYPENAVN[operand.type][1]}) cannot be compared with "
                    f"'{annen.navn}' ({_TYPENAVN[annen.type][1]}).",
                    s.pos,
                )
            verdi = annen.som_uttrykk()
        q = operand.q(_OPPSLAG[op], verdi)
        return ~q if op == "ne" else q

    def sammenlign_betingelse(self, op: Operator, venstre: Uttrykk, hoeyre: Uttrykk, pos: int) -> Q:
        """`contains(tittel,'x') eq false`, `(a eq 1) ne true`."""
        if op not in ("eq", "ne") or not isinstance(hoeyre, Boolsk):
            raise _feil(
                "En betingelse kan bare sammenlignes med true eller false (eq eller ne).",
                "A condition can only be compared with true or false (eq or ne).",
                pos,
            )
        q = self.betingelse(venstre)
        return q if (op == "eq") == hoeyre.verdi else ~q

    def verdi(self, operand: _Operand, literal: Literal_) -> tuple[_Operand, object]:
        """Check the literal against the field's type; a date against a date-time field
        compares the date part."""
        type_ = operand.type
        if type_ in _TEKSTTYPER and isinstance(literal, Tekst):
            return operand, literal.verdi
        if type_ is Felttype.HELTALL and isinstance(literal, Heltall):
            return operand, literal.verdi
        if type_ is Felttype.DESIMAL and isinstance(literal, Heltall | Desimal):
            return operand, Decimal(literal.verdi)
        if type_ is Felttype.BOOLSK and isinstance(literal, Boolsk):
            return operand, literal.verdi
        if type_ is Felttype.JSON and isinstance(literal, Tekst | Heltall | Boolsk):
            return operand, literal.verdi
        if type_ is Felttype.JSON and isinstance(literal, Desimal):
            return operand, float(literal.verdi)
        if type_ is Felttype.DATO and isinstance(literal, Dato):
            return operand, literal.verdi
        if type_ is Felttype.DATOTID and isinstance(literal, Datotid):
            verdi = literal.verdi
            if timezone.is_naive(verdi):
                verdi = timezone.make_aware(verdi)
            return operand, verdi
        if type_ is Felttype.DATOTID and isinstance(literal, Dato) and operand.oppslag:
            datodel = _Operand(f"{operand.oppslag}__date", None, Felttype.DATO, operand.navn)
            return datodel, literal.verdi
        felt_nb, felt_en = _TYPENAVN[type_]
        verdi_nb, verdi_en = _LITERALNAVN[type(literal)]
        raise _feil(
            f"Feltet '{operand.navn}' er {felt_nb}, men verdien er {verdi_nb}.",
            f"The field '{operand.navn}' is {felt_en}, but the value is {verdi_en}.",
            literal.pos,
        )


def _er_betingelse(uttrykk: Uttrykk) -> bool:
    return isinstance(uttrykk, Og | Eller | Ikke | Sammenligning | Lambda) or (
        isinstance(uttrykk, Funksjon) and uttrykk.navn in TEKSTFUNKSJONER
    )


def _forenlige(a: Felttype, b: Felttype) -> bool:
    return a == b or {a, b} <= _TEKSTTYPER or {a, b} <= _TALLTYPER


def _typefeil_funksjon(f: Funksjon, arg: _Operand, nb: str, en: str) -> OdataFeil:
    return _feil(
        f"{f.navn}() trenger {nb}, men '{arg.navn}' er {_TYPENAVN[arg.type][0]}.",
        f"{f.navn}() needs {en}, but '{arg.navn}' is {_TYPENAVN[arg.type][1]}.",
        f.pos,
    )


def til_q(uttrykk: Uttrykk | None, felter: Feltkart) -> Oversatt:
    """Translate a parsed `$filter` into a `Q` over the fields in `felter`.

    Raises `OdataFeil` (`UkjentFelt` for a field that is not in `felter`, `IkkeStoettet` for
    `all()`). When a to-many path is used, `trenger_distinct` is true and the caller must apply
    `.distinct()` to the queryset, or a row appears once per matching related row.
    """
    if uttrykk is None:
        return Oversatt(Q(), trenger_distinct=False)
    oversetter = _Oversetter(felter)
    q = oversetter.betingelse(uttrykk)
    return Oversatt(q, trenger_distinct=oversetter.til_mange)


def til_ordning(sorteringer: Sequence[Sortering], felter: Feltkart) -> list[OrderBy]:
    """Translate a parsed `$orderby` into `order_by()` arguments.

    Nulls come first ascending and last descending on every database. A to-many path cannot
    be sorted on (a row would appear once per related row) and raises `IkkeStoettet`.
    """
    ordning: list[OrderBy] = []
    for sortering in sorteringer:
        felt = felter.get(sortering.sti.tekst)
        if felt is None:
            raise UkjentFelt(sortering.sti.tekst, sortering.sti.pos)
        if felt.til_mange:
            raise IkkeStoettet(
                f"Kan ikke sortere på '{sortering.sti.tekst}', som kan ha flere verdier.",
                f"Cannot sort on '{sortering.sti.tekst}', which can have several values.",
                sortering.sti.pos,
            )
        if sortering.synkende:
            ordning.append(F(felt.oppslag).desc(nulls_last=True))
        else:
            ordning.append(F(felt.oppslag).asc(nulls_first=True))
    return ordning
