"""Small helpers for writing the extract's XML with lxml: values as the schemas want them, and
no element for a missing value (an empty element is a schema error and Arkade's N5.63)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone
from lxml import etree  # type: ignore[import-untyped]

from kodeliste.services import kodenavn


def tekst(verdi: Any) -> str | None:
    """`verdi` as the text of an element, or None when there is nothing to write. Dates are
    xs:date, points in time xs:dateTime in Oslo time with the offset."""
    if verdi is None:
        return None
    if isinstance(verdi, bool):
        return "true" if verdi else "false"
    if isinstance(verdi, dt.datetime):
        return timezone.localtime(verdi).isoformat()
    if isinstance(verdi, dt.date):
        return verdi.isoformat()
    if isinstance(verdi, uuid.UUID | int):
        return str(verdi)
    verdi = str(verdi)
    return verdi if verdi.strip() else None


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

    def q(self, navn: str) -> str:
        return f"{{{self.uri}}}{navn}"

    def element(self, navn: str, **nsmap: str) -> etree._Element:
        alle = dict(self.nsmap)
        alle.update(nsmap)
        return etree.Element(self.q(navn), nsmap=alle)

    def under(self, forelder: etree._Element, navn: str) -> etree._Element:
        return etree.SubElement(forelder, self.q(navn))

    def felt(self, forelder: etree._Element, navn: str, verdi: Any) -> None:
        """One simple element, left out when `verdi` is empty."""
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
