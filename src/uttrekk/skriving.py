"""Small helpers for writing the extract's XML with lxml: values as the schemas want them, and
no element for a missing value (an empty element is a schema error and Arkade's N5.63)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from lxml import etree  # type: ignore[import-untyped]

from felles.tid import OSLO
from kodeliste.services import kodenavn


def tekst(verdi: Any) -> str | None:
    """`verdi` as the text of an element, or None when there is nothing to write. Dates are
    xs:date, points in time xs:dateTime in Oslo time with the offset."""
    if verdi is None:
        return None
    # An extract writes tens of elements per record: look the common types up by their
    # exact type before the general isinstance chain.
    omgjoer = _ETTER_TYPE.get(type(verdi))
    return omgjoer(verdi) if omgjoer is not None else _tekst_generelt(verdi)


def _streng(verdi: str) -> str | None:
    return verdi if verdi and not verdi.isspace() else None


def _tidspunkt(verdi: dt.datetime) -> str:
    if verdi.tzinfo is None:  # never with USE_TZ; localtime says so clearly
        return timezone.localtime(verdi).isoformat()
    return verdi.astimezone(OSLO).isoformat()


def _tekst_generelt(verdi: Any) -> str | None:
    if isinstance(verdi, bool):
        return "true" if verdi else "false"
    if isinstance(verdi, dt.datetime):
        return _tidspunkt(verdi)
    if isinstance(verdi, dt.date):
        return verdi.isoformat()
    if isinstance(verdi, uuid.UUID | int):
        return str(verdi)
    return _streng(str(verdi))


_ETTER_TYPE: dict[type, Callable[[Any], str | None]] = {
    str: _streng,
    int: str,
    uuid.UUID: str,
    dt.date: dt.date.isoformat,
    dt.datetime: _tidspunkt,
}


def navn(objekt: Any, felt: str) -> str:
    """A code written as its name (kodenavn), as the extract wants it (model.md §7)."""
    kode = getattr(objekt, felt)
    if not kode:
        return ""
    lagret = getattr(objekt, f"{felt}_kodenavn", "")
    return str(lagret) if lagret else kodenavn(type(objekt)._meta.get_field(felt).kodeliste, kode)


class Navnerom:
    """Builds elements in one namespace, written as the default namespace (arkivuttrekk.md §4:
    Arkade matches element names with their prefix)."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.nsmap: dict[str | None, str] = {None: uri}
        self._tagger: dict[str, str] = {}

    def q(self, navn: str) -> str:
        tagg = self._tagger.get(navn)
        if tagg is None:
            tagg = self._tagger[navn] = f"{{{self.uri}}}{navn}"
        return tagg

    def element(self, navn: str, **nsmap: str) -> etree._Element:
        alle = dict(self.nsmap)
        alle.update(nsmap)
        return etree.Element(self.q(navn), nsmap=alle)

    def under(self, forelder: etree._Element, navn: str) -> etree._Element:
        return etree.SubElement(forelder, self.q(navn))

    def felt(self, forelder: etree._Element, navn: str, verdi: Any) -> None:
        """One simple element, left out when `verdi` is empty."""
        if verdi is None or verdi == "":
            return
        innhold = tekst(verdi)
        if innhold is not None:
            etree.SubElement(forelder, self.q(navn)).text = innhold

    def felter(self, forelder: etree._Element, navn: str, verdier: Any) -> None:
        """A repeated simple element (noekkelord, forfatter, oppbevaringssted …)."""
        for verdi in verdier or ():
            self.felt(forelder, navn, verdi)

    def skriv_felt(self, xf: Any, navn: str, verdi: Any) -> None:
        """As `felt`, straight into an incremental writer (lxml's xmlfile)."""
        innhold = tekst(verdi)
        if innhold is not None:
            with xf.element(self.q(navn)):
                xf.write(innhold)
