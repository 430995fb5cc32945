"""Compiling schemas from an extract safely.

Only the extract's directory and the vendored schemas may be read while the schemas are
compiled (a resolver refuses anything else, including network locations), and a schema with a
DTD is refused, since libxml2 expands entities in schema documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lxml import etree  # type: ignore[import-untyped]

from .felles import NS_XS, innenfor, kort_melding, sikker_parser


class Skjemafeil(Exception):
    pass


class _Avgrenset(etree.Resolver):  # type: ignore[misc]
    """Lets libxml2 read schema documents only from the given directories, and only without
    a DTD."""

    def __init__(self, tillatte: tuple[Path, ...]) -> None:
        super().__init__()
        self.tillatte = tillatte
        self.avvist: list[str] = []

    def resolve(self, url: str, pubid: str | None, context: Any) -> Any:
        sti = _sti_fra_url(url)
        if sti is None or not any(innenfor(t, sti) for t in self.tillatte):
            self.avvist.append(f"{url} ligger utenfor uttrekket")
            return self.resolve_string(b"", context)
        try:
            data = sti.read_bytes()
            les_skjemadokument(data, url)
        except (OSError, Skjemafeil) as feil:
            self.avvist.append(str(feil))
            return self.resolve_string(b"", context)
        return self.resolve_string(data, context, base_url=url)


def _sti_fra_url(url: str) -> Path | None:
    if url.startswith("file:"):
        return Path(unquote(urlparse(url).path))
    if "://" in url:
        return None
    return Path(url)


def les_skjemadokument(data: bytes, navn: str) -> Any:
    """The parsed schema document; Skjemafeil if it is not well-formed or has a DTD."""
    try:
        dok = etree.fromstring(data, sikker_parser()).getroottree()
    except etree.XMLSyntaxError as feil:
        raise Skjemafeil(f"{navn} er ikke velformet XML: {feil.msg}") from feil
    if dok.docinfo.doctype or dok.docinfo.internalDTD is not None:
        raise Skjemafeil(f"{navn} har en DTD, som ikke er tillatt i et skjema")
    return dok


def _maalnavnerom(sti: Path) -> str | None:
    rot = les_skjemadokument(sti.read_bytes(), sti.name).getroot()
    ns: str | None = rot.get("targetNamespace")
    return ns


def last_skjema(filer: Iterable[Path], tillatte: tuple[Path, ...]) -> Any:
    """One XMLSchema made of the given schema files, in order. libxml2 keeps the first schema
    it imports for a namespace and skips later imports of it, so listing metadatakatalog.xsd
    first decides which copy arkivstruktur.xsd's own import gets."""
    resolver = _Avgrenset(tillatte)
    parser = sikker_parser()
    parser.resolvers.add(resolver)
    omslag = etree.Element(f"{{{NS_XS}}}schema", nsmap={"xs": NS_XS})
    for sti in filer:
        try:
            ns = _maalnavnerom(sti)
        except OSError as feil:
            raise Skjemafeil(f"{sti.name} kan ikke leses: {feil.strerror}") from feil
        if ns:
            etree.SubElement(
                omslag, f"{{{NS_XS}}}import", namespace=ns, schemaLocation=sti.as_uri()
            )
        else:
            etree.SubElement(omslag, f"{{{NS_XS}}}include", schemaLocation=sti.as_uri())
    dok = etree.fromstring(etree.tostring(omslag), parser)
    try:
        return etree.XMLSchema(dok)
    except etree.XMLSchemaParseError as feil:
        grunn = "; ".join(resolver.avvist) or kort_melding(str(feil))
        raise Skjemafeil(grunn) from feil


def globale_elementer(filer: Iterable[Path]) -> frozenset[str]:
    """The top-level element declarations of the schemas, as {namespace}name."""
    navn: set[str] = set()
    for sti in filer:
        try:
            rot = les_skjemadokument(sti.read_bytes(), sti.name).getroot()
        except (OSError, Skjemafeil):
            continue
        ns = rot.get("targetNamespace") or ""
        for el in rot.iterfind(f"{{{NS_XS}}}element"):
            if el.get("name"):
                navn.add(f"{{{ns}}}{el.get('name')}" if ns else el.get("name"))
    return frozenset(navn)
