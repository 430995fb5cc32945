"""Names, namespaces and small helpers shared by the checks."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from uttrekk.skjema import (  # noqa: F401 - names the checks import from here
    ADDML_XSD as ADDML_SKJEMA,
)
from uttrekk.skjema import (
    NS_ADDML,
    NS_ARKIVSTRUKTUR,
    NS_ENDRINGSLOGG,
    NS_LOEPENDE_JOURNAL,
    NS_METADATAKATALOG,
    NS_OFFENTLIG_JOURNAL,
    NS_XSI,
)

NS_XS = "http://www.w3.org/2001/XMLSchema"

ARKIVUTTREKK = "arkivuttrekk.xml"
ARKIVSTRUKTUR = "arkivstruktur.xml"
ENDRINGSLOGG = "endringslogg.xml"
LOEPENDE_JOURNAL = "loependeJournal.xml"
OFFENTLIG_JOURNAL = "offentligJournal.xml"

# Arkade accepts these names for the document directory, in this order.
DOKUMENTMAPPER = ("dokumenter", "DOKUMENTER", "dokument", "DOKUMENT")

# Input comes from other systems: no DTD loading, no entity expansion, no network; huge_tree
# lifts libxml2's limits on depth and text size that a large extract can legitimately exceed.
PARSERVALG: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": True,
    "load_dtd": False,
}


def sikker_parser() -> Any:
    return etree.XMLParser(**PARSERVALG)


def lokalt_navn(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def kort_melding(melding: str) -> str:
    """A libxml2 message without the long namespace URIs of the Noark schemas."""
    for ns in (
        NS_ARKIVSTRUKTUR,
        NS_METADATAKATALOG,
        NS_ENDRINGSLOGG,
        NS_LOEPENDE_JOURNAL,
        NS_OFFENTLIG_JOURNAL,
        NS_ADDML,
    ):
        melding = melding.replace(f"{{{ns}}}", "")
    return melding.replace(f"{{{NS_XSI}}}", "xsi:").strip()


def relativ_sti(tekst: str) -> tuple[str | None, str]:
    """A path as written in the extract, relative to its root with `/` (Arkade accepts `\\`),
    or None and the reason it is refused: absolute paths, drive letters, `.`, `..` and empty
    parts are not allowed."""
    sti = tekst.strip().replace("\\", "/")
    if not sti:
        return None, "stien er tom"
    if sti.startswith("/") or re.match(r"^[A-Za-z]:", sti):
        return None, "stien er absolutt"
    deler = sti.split("/")
    if ".." in deler:
        return None, "stien inneholder «..»"
    if any(d in (".", "") for d in deler):
        return None, "stien inneholder tomme deler eller «.»"
    return sti, ""


def innenfor(rot: Path, sti: Path) -> bool:
    """Whether `sti`, with symbolic links resolved, lies inside `rot`."""
    try:
        sti.resolve().relative_to(rot.resolve())
    except (ValueError, OSError):
        return False
    return True


_DATO = re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$")
_DATOTID = re.compile(
    r"^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$"
)


def _gyldig_dag(aar: int, maaned: int, dag: int) -> bool:
    if not 1 <= maaned <= 12 or dag < 1:
        return False
    if 1 <= aar <= 9999:
        try:
            dt.date(aar, maaned, dag)
        except ValueError:
            return False
        return True
    return dag <= 31


def les_dato(tekst: str | None) -> dt.date | None:
    """An xs:date value (time zone ignored), or None if it is not one or lies outside the
    years Python can represent."""
    m = _DATO.match((tekst or "").strip())
    if not m:
        return None
    aar, maaned, dag = int(m[1]), int(m[2]), int(m[3])
    if not 1 <= aar <= 9999 or not _gyldig_dag(aar, maaned, dag):
        return None
    return dt.date(aar, maaned, dag)


def er_datotid(tekst: str | None) -> bool:
    """Whether the text is a valid xs:dateTime (XSD 1.0 lexical space: year 0000 is not
    allowed, 24:00:00 is)."""
    m = _DATOTID.match((tekst or "").strip())
    if not m:
        return False
    aar, maaned, dag = int(m[1]), int(m[2]), int(m[3])
    time, minutt, sekund = int(m[4]), int(m[5]), int(m[6])
    if aar == 0 or not _gyldig_dag(aar, maaned, dag):
        return False
    if time == 24:
        if minutt or sekund or (m[7] and int(m[7][1:] or "0")):
            return False
    elif time > 23 or minutt > 59 or sekund > 59:
        return False
    if m[9] is not None:
        tz_time, tz_minutt = int(m[9]), int(m[10])
        if tz_minutt > 59 or tz_time > 14 or (tz_time == 14 and tz_minutt):
            return False
    return True


_HELTALL = re.compile(r"^[+-]?[0-9]+$")


def heltall(tekst: str | None) -> int | None:
    """An xs:integer value, or None."""
    tekst = (tekst or "").strip()
    return int(tekst) if _HELTALL.match(tekst) else None
