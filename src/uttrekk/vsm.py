"""virksomhetsspesifikkeMetadata in the extract (model.md §5.6, arkivuttrekk.md §4).

arkivstruktur.xsd allows the element on mappe, registrering and part, typed xs:anyType; Arkade
reports every element inside it that no schema of the package declares. So Arkivar writes it
as a type of its own schema (xsd/arkivar-virksomhetsspesifikkeMetadata.xsd), named with
xsi:type, and lists that schema for arkivstruktur.xml in arkivuttrekk.xml:

    <virksomhetsspesifikkeMetadata xsi:type="vsm:virksomhetsspesifikkeMetadata">
      <vsm:felt navn="ppt-v1:skoleaar" type="string">2018/2019</vsm:felt>
    </virksomhetsspesifikkeMetadata>

The type is the catalogue's, so the import gives each value back its JSON type.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from felles.feil import DomeneFeil
from felles.tid import naa
from kodeliste.models import Metadatatype, VirksomhetsspesifiktMetadatafelt
from kodeliste.vsmverdier import verdi_av_type
from sporing.services import logg_opprettet
from uttrekk.skjema import NS_ARKIVSTRUKTUR, XSI_TYPE

NS_VSM = "urn:arkivar:noark5:virksomhetsspesifikkeMetadata:v1"
VSM_XSD = "arkivar-virksomhetsspesifikkeMetadata.xsd"
_ELEMENT = f"{{{NS_ARKIVSTRUKTUR}}}virksomhetsspesifikkeMetadata"
_FELT = f"{{{NS_VSM}}}felt"


def katalogtyper() -> dict[str, str]:
    """Each catalogue field's type, read once per export (the catalogue is small)."""
    return dict(VirksomhetsspesifiktMetadatafelt.objects.values_list("navn", "type"))


def _tekst(verdi: Any) -> str:
    if isinstance(verdi, bool):
        return "true" if verdi else "false"
    return str(verdi)


def skriv_vsm(
    forelder: etree._Element, verdier: Mapping[str, Any] | None, typer: Mapping[str, str]
) -> bool:
    """The element with the record's fields, in name order; nothing when it has none.
    True when written."""
    if not verdier:
        return False
    element = etree.SubElement(forelder, _ELEMENT, nsmap={"vsm": NS_VSM})
    element.set(XSI_TYPE, "vsm:virksomhetsspesifikkeMetadata")
    for navn in sorted(verdier):
        felt = etree.SubElement(element, _FELT)
        felt.set("navn", navn)
        felt.set("type", typer.get(navn, Metadatatype.STRING))
        felt.text = _tekst(verdier[navn])
    return True


_SANNHETSVERDIER = {"true": True, "1": True, "false": False, "0": False}  # xs:boolean


def _verdi(type_: str, navn: str, tekst: str) -> Any:
    """The JSON value of a field's text, checked by the same rules as a value set through the
    API (kodeliste.vsmverdier); ValueError when it is not of its type."""
    verdi: Any = tekst
    if type_ == Metadatatype.BOOLEAN:
        if tekst.strip() not in _SANNHETSVERDIER:
            raise ValueError(tekst)
        verdi = _SANNHETSVERDIER[tekst.strip()]
    elif type_ == Metadatatype.INTEGER:
        verdi = int(tekst)
    try:
        return verdi_av_type(type_, navn, verdi)
    except DomeneFeil as feil:
        raise ValueError(str(feil)) from None


class UkjentVsmFormat(ValueError):
    """virksomhetsspesifikkeMetadata in a form other than Arkivar's: another system's own
    elements, which have no place in the catalogue's `name: value` pairs."""


def les_vsm(forelder: etree._Element) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The fields of `forelder`'s virksomhetsspesifikkeMetadata written as above, with each
    field's type: (values or None, {navn: type}). Content of any other form raises
    UkjentVsmFormat: leaving it out would lose archival data without a word."""
    element = forelder.find(_ELEMENT)
    if element is None:
        return None, {}
    verdier: dict[str, Any] = {}
    typer: dict[str, str] = {}
    for felt in element:
        navn, type_ = felt.get("navn", ""), felt.get("type", "")
        if felt.tag != _FELT or not navn or type_ not in Metadatatype.values:
            raise UkjentVsmFormat(
                f"virksomhetsspesifikkeMetadata på linje {element.sourceline} har elementet "
                f"{felt.tag}, som ikke er på formen Arkivar kan lese ({NS_VSM})."
            )
        try:
            verdier[navn] = _verdi(type_, navn, felt.text or "")
        except ValueError:
            raise UkjentVsmFormat(
                f"Verdien av «{navn}» på linje {felt.sourceline} er ikke av typen {type_}."
            ) from None
        typer[navn] = type_
    if not verdier and (element.text or "").strip():
        raise UkjentVsmFormat(
            f"virksomhetsspesifikkeMetadata på linje {element.sourceline} har tekst, men ingen "
            "felt Arkivar kan lese."
        )
    return verdier or None, typer


def sikre_katalog(typer: Mapping[str, str], *, utfoert_av: Any, kilde: str) -> list[str]:
    """Catalogue fields for the names an import brings (the values need their definitions):
    a missing one is added with the extract's type and logged; one the catalogue already has
    with another type is a problem, returned as a line."""
    finnes = katalogtyper()
    problemer = []
    for navn, type_ in sorted(typer.items()):
        if navn in finnes:
            if finnes[navn] != type_:
                problemer.append(
                    f"«{navn}» er {type_} i uttrekket, men {finnes[navn]} i katalogen over "
                    "virksomhetsspesifikke metadata."
                )
            continue
        felt = VirksomhetsspesifiktMetadatafelt.objects.create(
            navn=navn,
            type=type_,
            beskrivelse=f"Fra arkivuttrekket {kilde}",
            opprettet_dato=naa(),
            opprettet_av=utfoert_av.visningsnavn,
        )
        logg_opprettet(felt, utfoert_av=utfoert_av)
    return problemer
