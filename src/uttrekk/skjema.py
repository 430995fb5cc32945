"""The official Noark 5 (version 5.0) and ADDML 8.3 schemas an extract ships and is checked
against, vendored byte for byte from arkivverket/arkade5 (see ../shared/schemas/noark5/README.md);
a test holds their SHA-256."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

XSD_MAPPE = Path(__file__).resolve().parent / "xsd"
NOARK_VERSJON = "5.0"

NS_ARKIVSTRUKTUR = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
NS_METADATAKATALOG = "http://www.arkivverket.no/standarder/noark5/metadatakatalog"
NS_ENDRINGSLOGG = "http://www.arkivverket.no/standarder/noark5/endringslogg"
NS_LOEPENDE_JOURNAL = "http://www.arkivverket.no/standarder/noark5/loependeJournal"
NS_OFFENTLIG_JOURNAL = "http://www.arkivverket.no/standarder/noark5/offentligJournal"
NS_ADDML = "http://www.arkivverket.no/standarder/addml"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSI_TYPE = f"{{{NS_XSI}}}type"

ADDML_XSD = "addml.xsd"
METADATAKATALOG_XSD = "metadatakatalog.xsd"

# Each XML file of the package with the dataObject name ADDML gives it and its schemas, the
# main one first (arkivuttrekk.md §3.3: every standard schema must be listed). Arkade reads
# the counts from the first data object, so arkivstruktur comes first.
DATAOBJEKTER: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("arkivstruktur", "arkivstruktur.xml", ("arkivstruktur.xsd", METADATAKATALOG_XSD)),
    ("endringslogg", "endringslogg.xml", ("endringslogg.xsd", METADATAKATALOG_XSD)),
    ("loependeJournal", "loependeJournal.xml", ("loependeJournal.xsd", METADATAKATALOG_XSD)),
    ("offentligJournal", "offentligJournal.xml", ("offentligJournal.xsd", METADATAKATALOG_XSD)),
)

SKJEMAFILER = (ADDML_XSD, METADATAKATALOG_XSD, *(s for _, _, sk in DATAOBJEKTER for s in sk[:1]))
# The schemas each data file must list, by file name.
STANDARDSKJEMAER = {fil: skjemaer for _, fil, skjemaer in DATAOBJEKTER}


def sha256(sti: Path) -> str:
    """Hex SHA-256 of the file's bytes, read in chunks."""
    with sti.open("rb") as fil:
        return hashlib.file_digest(fil, "sha256").hexdigest()


@cache
def skjema(filnavn: str) -> etree.XMLSchema:
    """The vendored schema `filnavn`, compiled once per process."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(XSD_MAPPE / filnavn), parser))
