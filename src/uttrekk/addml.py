"""arkivuttrekk.xml: the ADDML 8.3 description of the package (arkivuttrekk.md §3).

Written last, over the finished files: every checksum is taken from the bytes on disk. Arkade
reads parts of it by position (the info block first in the top data object, additionalInfo
second in it, arkivstruktur the first inner data object), so the order here is fixed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from uttrekk.skjema import DATAOBJEKTER, NOARK_VERSJON, NS_ADDML, sha256
from uttrekk.skriving import Navnerom, tekst

D = Navnerom(NS_ADDML)
_BIT = 1024 * 1024


@dataclass(frozen=True)
class Pakkebeskrivelse:
    arkivskapere: tuple[str, ...]
    systemnavn: str
    arkiv: str
    start: dt.date
    slutt: dt.date
    antall_mapper: int
    antall_registreringer: int
    antall_journalposter: int
    antall_dokumentfiler: int
    har_skjerming: bool
    har_kassasjon: bool
    har_utfoert_kassasjon: bool
    # Arkivar's schema for virksomhetsspesifikkeMetadata, when the extract has any: listed
    # as a further schema of arkivstruktur.xml (arkivuttrekk.md §3.3).
    vsm_skjema: str | None = None


def _egenskap(
    forelder: etree._Element, navn: str, verdi: object = None, *, datatype: str = ""
) -> etree._Element:
    """<property name=…><value>…</value></property>, with room for sub-properties."""
    egenskap = D.under(forelder, "property")
    egenskap.set("name", navn)
    if datatype:
        egenskap.set("dataType", datatype)
    if verdi is not None:
        D.under(egenskap, "value").text = tekst(verdi)
    return egenskap


def _egenskaper(forelder: etree._Element) -> etree._Element:
    return D.under(forelder, "properties")


def _tillegg(forelder: etree._Element, navn: str, verdi: object = None) -> etree._Element:
    element = D.under(forelder, "additionalElement")
    element.set("name", navn)
    if verdi is not None:
        D.under(element, "value").text = tekst(verdi)
    return element


def _sjekksum(forelder: etree._Element, sti: Path) -> None:
    sjekksum = _egenskaper(_egenskap(forelder, "checksum"))
    _egenskap(sjekksum, "algorithm", "SHA256")
    _egenskap(sjekksum, "value", sha256(sti))


def _fil(forelder: etree._Element, mappe: Path, filnavn: str, *, er_skjema: bool) -> None:
    fil = _egenskaper(_egenskap(forelder, "file"))
    _egenskap(fil, "name", filnavn)
    if not er_skjema:
        _egenskap(_egenskaper(_egenskap(fil, "format", "XML")), "version", "1.0")
    _sjekksum(fil, mappe / filnavn)


def _antall(forelder: etree._Element, element: str, antall: int) -> None:
    forekomster = _egenskaper(_egenskap(forelder, "numberOfOccurrences", element))
    _egenskap(forekomster, "elementPath", f"//{element}")
    _egenskap(forekomster, "value", antall, datatype="integer")


def skriv_addml(mappe: Path, pakke: Pakkebeskrivelse) -> None:
    addml = D.element("addml")
    addml.set("name", "Noark 5-arkivuttrekk")
    datasett = D.under(addml, "dataset")
    D.under(datasett, "description").text = "Noark 5-arkivuttrekk"
    referanse = D.under(datasett, "reference")
    kontekst = D.under(D.under(referanse, "context"), "additionalElements")
    skapere = D.under(_tillegg(kontekst, "recordCreators"), "additionalElements")
    for skaper in pakke.arkivskapere:
        _tillegg(skapere, "recordCreator", skaper)
    _tillegg(kontekst, "systemType", "Noark 5")
    _tillegg(kontekst, "systemName", pakke.systemnavn)
    _tillegg(kontekst, "archive", pakke.arkiv)
    innhold = D.under(D.under(referanse, "content"), "additionalElements")
    periode = D.under(_tillegg(innhold, "archivalPeriod"), "properties")
    _egenskap(periode, "startDate", pakke.start)
    _egenskap(periode, "endDate", pakke.slutt)

    topp = D.under(D.under(datasett, "dataObjects"), "dataObject")
    topp.set("name", "Noark 5-arkivuttrekk")
    info = _egenskaper(_egenskap(_egenskaper(topp), "info"))
    _egenskap(_egenskaper(_egenskap(info, "type", "Noark 5")), "version", NOARK_VERSJON)
    tillegg = _egenskaper(_egenskap(info, "additionalInfo"))
    skille = _egenskaper(_egenskap(tillegg, "periode"))
    # The journals and arkivstruktur.xml hold exactly the same journalposter: sharp.
    _egenskap(skille, "inngaaendeSkille", "skarpt")
    _egenskap(skille, "utgaaendeSkille", "skarpt")
    _egenskap(tillegg, "inneholderSkjermetInformasjon", pakke.har_skjerming, datatype="boolean")
    _egenskap(
        tillegg,
        "omfatterDokumenterSomErKassert",
        pakke.har_utfoert_kassasjon,
        datatype="boolean",
    )
    _egenskap(
        tillegg, "inneholderDokumenterSomSkalKasseres", pakke.har_kassasjon, datatype="boolean"
    )
    _egenskap(
        tillegg,
        "inneholderVirksomhetsspesifikkeMetadata",
        pakke.vsm_skjema is not None,
        datatype="boolean",
    )
    _egenskap(tillegg, "antallDokumentfiler", pakke.antall_dokumentfiler, datatype="integer")

    indre = D.under(topp, "dataObjects")
    listet: set[str] = set()
    for navn, filnavn, standard in DATAOBJEKTER:
        skjemaer = standard
        if navn == "arkivstruktur" and pakke.vsm_skjema is not None:
            skjemaer = (*standard, pakke.vsm_skjema)
        objekt = D.under(indre, "dataObject")
        objekt.set("name", navn)
        egenskaper = _egenskaper(objekt)
        _fil(egenskaper, mappe, filnavn, er_skjema=False)
        for nummer, skjema in enumerate(skjemaer):
            egenskap = _egenskap(egenskaper, "schema", "main" if nummer == 0 else None)
            underegenskaper = _egenskaper(egenskap)
            fil = _egenskaper(_egenskap(underegenskaper, "file"))
            _egenskap(fil, "name", skjema)
            if skjema not in listet:  # a shared schema needs its checksum only once
                _sjekksum(fil, mappe / skjema)
                listet.add(skjema)
            if nummer == 0:
                type_ = _egenskaper(_egenskap(underegenskaper, "type", "XML Schema"))
                _egenskap(type_, "version", "1.0")
        if navn == "arkivstruktur":
            antall = _egenskaper(_egenskap(egenskaper, "info"))
            _antall(antall, "mappe", pakke.antall_mapper)
            _antall(antall, "registrering", pakke.antall_registreringer)
        elif navn in ("loependeJournal", "offentligJournal"):
            antall = _egenskaper(_egenskap(egenskaper, "info"))
            _antall(antall, "journalregistrering", pakke.antall_journalposter)
    etree.ElementTree(addml).write(
        str(mappe / "arkivuttrekk.xml"), encoding="utf-8", xml_declaration=True, pretty_print=True
    )
