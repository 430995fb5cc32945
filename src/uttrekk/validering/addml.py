"""arkivuttrekk.xml, the ADDML description of the extract (arkivuttrekk.md §3).

The description is read by property names, so that the other checks get the right values
even from a description whose order is off; `kontroller_struktur` then reports what Arkade,
which reads parts of it by position, would misread: `info` must be the first property of the
top data object and `additionalInfo` the second property of `info`, `periode` must start with
`inngaaendeSkille` and `utgaaendeSkille`, and arkivstruktur must be the first inner data
object. A standard schema missing from a data object's list is reported by N5.03, as Arkade
does, and not here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from uttrekk.skjema import ADDML_XSD, NS_ADDML, STANDARDSKJEMAER, XSD_MAPPE, sha256

from .felles import ARKIVSTRUKTUR, ARKIVUTTREKK, kort_melding, sikker_parser
from .rapport import Kontroll
from .skjemalaster import Skjemafeil, last_skjema

_A = {"a": NS_ADDML}
FLAGG = (
    "inneholderSkjermetInformasjon",
    "inneholderDokumenterSomSkalKasseres",
    "omfatterDokumenterSomErKassert",
)
VSM_FLAGG = "inneholderVirksomhetsspesifikkeMetadata"
KJENTE_VERSJONER = ("3.0", "3.1", "4.0", "5.0")
SKILLER = ("skarpt", "mykt")


@dataclass(frozen=True)
class Verdi:
    """A property's value; `tekst` is None when the property is missing."""

    tekst: str | None = None
    linje: int | None = None

    @property
    def renset(self) -> str:
        return (self.tekst or "").strip()


@dataclass(frozen=True)
class Sjekksum:
    algoritme: str
    verdi: str
    linje: int | None


@dataclass(frozen=True)
class Filoppfoering:
    """A `file` property: of a data object's file, or of one of its schemas."""

    navn: str
    sjekksum: Sjekksum | None
    linje: int | None
    dataobjekt: str
    er_skjema: bool

    @property
    def element(self) -> str:
        return f"dataObject/{self.dataobjekt}/" + ("schema/file" if self.er_skjema else "file")


@dataclass
class Dataobjekt:
    navn: str
    linje: int | None
    fil: Filoppfoering | None
    skjemaer: list[Filoppfoering]
    forekomster: dict[str, Verdi]


@dataclass
class Beskrivelse:
    tre: Any
    dataobjekter: list[Dataobjekt] = field(default_factory=list)
    type: Verdi = Verdi()
    versjon: Verdi = Verdi()
    periode: Verdi = Verdi()
    inngaaende_skille: Verdi = Verdi()
    utgaaende_skille: Verdi = Verdi()
    flagg: dict[str, Verdi] = field(default_factory=dict)
    antall_dokumentfiler: Verdi = Verdi()

    def dataobjekt(self, filnavn: str) -> Dataobjekt | None:
        for d in self.dataobjekter:
            if d.fil is not None and d.fil.navn == filnavn:
                return d
        return None

    def filoppfoeringer(self) -> Iterator[Filoppfoering]:
        for d in self.dataobjekter:
            if d.fil is not None:
                yield d.fil
            yield from d.skjemaer

    @property
    def skarpt_periodeskille(self) -> bool | None:
        """Arkade treats the period as sharp only if both separations are exactly `skarpt`;
        None when `periode` is missing."""
        if self.periode.tekst is None:
            return None
        return self.inngaaende_skille.tekst == "skarpt" and self.utgaaende_skille.tekst == "skarpt"

    def flagg_er_sant(self, navn: str) -> bool:
        """A missing flag counts as false, as in Arkade."""
        return self.flagg.get(navn, Verdi()).renset == "true"


def _egenskaper(el: Any) -> list[Any]:
    if el is None:
        return []
    egenskaper = el.find("a:properties", _A)
    return [] if egenskaper is None else egenskaper.findall("a:property", _A)


def _egenskap(el: Any, navn: str) -> Any:
    for e in _egenskaper(el):
        if e.get("name") == navn:
            return e
    return None


def _verdi(el: Any) -> Verdi:
    if el is None:
        return Verdi()
    return Verdi(el.findtext("a:value", default="", namespaces=_A), el.sourceline)


def _fil(el: Any, dataobjekt: str, er_skjema: bool) -> Filoppfoering | None:
    if el is None:
        return None
    navn = _verdi(_egenskap(el, "name")).renset
    sjekksum = None
    sjekksumegenskap = _egenskap(el, "checksum")
    if sjekksumegenskap is not None:
        sjekksum = Sjekksum(
            _verdi(_egenskap(sjekksumegenskap, "algorithm")).renset,
            _verdi(_egenskap(sjekksumegenskap, "value")).renset,
            sjekksumegenskap.sourceline,
        )
    return Filoppfoering(navn, sjekksum, el.sourceline, dataobjekt, er_skjema)


def _dataobjekt(el: Any) -> Dataobjekt:
    navn = el.get("name", "")
    skjemaer = [
        f
        for s in _egenskaper(el)
        if s.get("name") == "schema"
        and (f := _fil(_egenskap(s, "file"), navn, er_skjema=True)) is not None
    ]
    forekomster = {
        _verdi(p).renset: _verdi(_egenskap(p, "value"))
        for p in _egenskaper(_egenskap(el, "info"))
        if p.get("name") == "numberOfOccurrences"
    }
    fil = _fil(_egenskap(el, "file"), navn, er_skjema=False)
    return Dataobjekt(navn, el.sourceline, fil, skjemaer, forekomster)


def _toppobjekt(tre: Any) -> Any:
    return tre.getroot().find("a:dataset/a:dataObjects/a:dataObject", _A)


def les_beskrivelse(rot: Path, kontroll: Kontroll) -> Beskrivelse | None:
    """Read arkivuttrekk.xml; a missing or unreadable file is reported under N5.01."""
    sti = rot / ARKIVUTTREKK
    if not sti.is_file():
        kontroll.feil(f"{ARKIVUTTREKK} mangler i uttrekket.", ARKIVUTTREKK)
        return None
    try:
        tre = etree.parse(str(sti), sikker_parser())
    except etree.XMLSyntaxError as feil:
        kontroll.feil(f"{ARKIVUTTREKK} kan ikke leses: {feil.msg}", ARKIVUTTREKK, feil.lineno)
        return None
    if tre.getroot().tag != f"{{{NS_ADDML}}}addml":
        kontroll.feil(
            f"{ARKIVUTTREKK} er ikke en ADDML-beskrivelse: rotelementet er "
            f"{tre.getroot().tag}, ventet addml i navnerommet {NS_ADDML}.",
            ARKIVUTTREKK,
            tre.getroot().sourceline,
        )
        return None
    beskrivelse = Beskrivelse(tre)
    topp = _toppobjekt(tre)
    if topp is None:
        return beskrivelse
    info = _egenskap(topp, "info")
    type_ = _egenskap(info, "type")
    beskrivelse.type = _verdi(type_)
    beskrivelse.versjon = _verdi(_egenskap(type_, "version"))
    tillegg = _egenskap(info, "additionalInfo")
    periode = _egenskap(tillegg, "periode")
    beskrivelse.periode = Verdi("", periode.sourceline) if periode is not None else Verdi()
    beskrivelse.inngaaende_skille = _verdi(_egenskap(periode, "inngaaendeSkille"))
    beskrivelse.utgaaende_skille = _verdi(_egenskap(periode, "utgaaendeSkille"))
    beskrivelse.flagg = {navn: _verdi(_egenskap(tillegg, navn)) for navn in (*FLAGG, VSM_FLAGG)}
    beskrivelse.antall_dokumentfiler = _verdi(_egenskap(tillegg, "antallDokumentfiler"))
    indre = topp.find("a:dataObjects", _A)
    if indre is not None:
        beskrivelse.dataobjekter = [_dataobjekt(d) for d in indre.findall("a:dataObject", _A)]
    return beskrivelse


def _valider_mot_addml_skjema(rot: Path, beskrivelse: Beskrivelse, kontroll: Kontroll) -> None:
    kopi = rot / ADDML_XSD
    offisiell = XSD_MAPPE / ADDML_XSD
    if not kopi.is_file():
        kontroll.advarsel(
            f"{ADDML_XSD} mangler i uttrekket; {ARKIVUTTREKK} er validert mot den "
            "innebygde ADDML 8.3 (Arkade varsler om det samme).",
            ADDML_XSD,
        )
        skjemafil = offisiell
    else:
        skjemafil = kopi
        if sha256(kopi) != sha256(offisiell):
            kontroll.advarsel(
                f"{ADDML_XSD} i uttrekket er ikke identisk med den offisielle ADDML 8.3 "
                f"(SHA-256 {sha256(kopi)}).",
                ADDML_XSD,
            )
    try:
        skjema = last_skjema([skjemafil], (rot, XSD_MAPPE))
    except Skjemafeil as feil:
        kontroll.feil(f"{ADDML_XSD} kan ikke brukes: {feil}", ADDML_XSD)
        return
    if skjema.validate(beskrivelse.tre):
        return
    for post in skjema.error_log:
        kontroll.feil(
            f"Ugyldig etter {ADDML_XSD}: {kort_melding(post.message)}",
            ARKIVUTTREKK,
            post.line or None,
        )


def kontroller_struktur(rot: Path, beskrivelse: Beskrivelse, kontroll: Kontroll) -> None:
    """The ADDML check: valid against addml.xsd and shaped the way Arkade reads it."""
    _valider_mot_addml_skjema(rot, beskrivelse, kontroll)
    fil = ARKIVUTTREKK
    topp = _toppobjekt(beskrivelse.tre)
    if topp is None:
        kontroll.feil(
            "Beskrivelsen har ikke noe dataObject under dataset/dataObjects.",
            fil,
            beskrivelse.tre.getroot().sourceline,
        )
        return
    egenskaper = _egenskaper(topp)
    if not egenskaper or egenskaper[0].get("name") != "info":
        kontroll.feil(
            "Første property i det øverste dataObject skal være «info» (Arkade leser den "
            "etter plass).",
            fil,
            egenskaper[0].sourceline if egenskaper else topp.sourceline,
            "dataObject/properties/property",
        )
    info = _egenskap(topp, "info")
    if info is None:
        return
    if beskrivelse.type.tekst is None:
        kontroll.feil("info mangler property «type» (Noark 5).", fil, info.sourceline, "info")
    elif beskrivelse.type.renset != "Noark 5":
        kontroll.feil(
            f"info/type er «{beskrivelse.type.tekst}», ventet «Noark 5».",
            fil,
            beskrivelse.type.linje,
            "info/type",
        )
    if not beskrivelse.versjon.renset:
        kontroll.feil(
            "info/type mangler version (3.1, 4.0 eller 5.0).",
            fil,
            beskrivelse.type.linje,
            "info/type/version",
        )
    elif beskrivelse.versjon.renset not in KJENTE_VERSJONER:
        kontroll.advarsel(
            f"Noark-versjonen «{beskrivelse.versjon.tekst}» er ukjent; Arkade bruker da de "
            "nyeste skjemaene.",
            fil,
            beskrivelse.versjon.linje,
            "info/type/version",
        )
    _kontroller_skjemaversjon(rot, beskrivelse, kontroll)
    info_egenskaper = _egenskaper(info)
    if len(info_egenskaper) < 2 or info_egenskaper[1].get("name") != "additionalInfo":
        kontroll.feil(
            "Andre property i info skal være «additionalInfo» (Arkade leser den etter plass).",
            fil,
            info.sourceline,
            "info/additionalInfo",
        )
    _kontroller_tilleggsinfo(beskrivelse, kontroll)
    _kontroller_dataobjekter(beskrivelse, kontroll)


def _kontroller_skjemaversjon(rot: Path, beskrivelse: Beskrivelse, kontroll: Kontroll) -> None:
    versjon = beskrivelse.versjon.renset
    skjema = rot / STANDARDSKJEMAER[ARKIVSTRUKTUR][0]
    if not versjon or not skjema.is_file():
        return
    try:
        skjemaversjon = etree.parse(str(skjema), sikker_parser()).getroot().get("version")
    except etree.XMLSyntaxError:
        return  # N5.03 reports it
    if skjemaversjon and skjemaversjon != versjon:
        kontroll.advarsel(
            f"{ARKIVUTTREKK} oppgir Noark-versjon {versjon}, men arkivstruktur.xsd i uttrekket "
            f'har version="{skjemaversjon}".',
            ARKIVUTTREKK,
            beskrivelse.versjon.linje,
            "info/type/version",
        )


def _kontroller_tilleggsinfo(beskrivelse: Beskrivelse, kontroll: Kontroll) -> None:
    fil = ARKIVUTTREKK
    if beskrivelse.periode.tekst is None:
        kontroll.feil(
            "additionalInfo mangler «periode»; periodeskillet (skarpt/mykt) er ukjent, og "
            "N5.59/N5.60 kan ikke sammenligne journalene med arkivstruktur.xml.",
            fil,
            None,
            "additionalInfo/periode",
        )
    else:
        topp = _toppobjekt(beskrivelse.tre)
        periode = _egenskap(_egenskap(_egenskap(topp, "info"), "additionalInfo"), "periode")
        plasser = [e.get("name") for e in _egenskaper(periode)[:2]]
        if plasser != ["inngaaendeSkille", "utgaaendeSkille"]:
            kontroll.feil(
                "periode skal ha inngaaendeSkille og utgaaendeSkille som første og andre "
                f"property (Arkade leser dem etter plass), fant {plasser}.",
                fil,
                beskrivelse.periode.linje,
                "additionalInfo/periode",
            )
        for navn, verdi in (
            ("inngaaendeSkille", beskrivelse.inngaaende_skille),
            ("utgaaendeSkille", beskrivelse.utgaaende_skille),
        ):
            if verdi.tekst is not None and verdi.tekst not in SKILLER:
                kontroll.feil(
                    f"{navn} er «{verdi.tekst}»; tillatte verdier er «skarpt» og «mykt».",
                    fil,
                    verdi.linje,
                    f"periode/{navn}",
                )
    for navn in (*FLAGG, VSM_FLAGG):
        verdi = beskrivelse.flagg[navn]
        if verdi.tekst is None:
            kontroll.advarsel(
                f"additionalInfo mangler {navn}; Arkade regner det som false.",
                fil,
                None,
                f"additionalInfo/{navn}",
            )
        elif verdi.renset not in ("true", "false"):
            kontroll.feil(
                f"{navn} er «{verdi.tekst}»; verdien skal være true eller false.",
                fil,
                verdi.linje,
                f"additionalInfo/{navn}",
            )


def _kontroller_dataobjekter(beskrivelse: Beskrivelse, kontroll: Kontroll) -> None:
    fil = ARKIVUTTREKK
    filnavn = [d.fil.navn if d.fil else None for d in beskrivelse.dataobjekter]
    if not beskrivelse.dataobjekter:
        kontroll.feil("Det øverste dataObject har ingen indre dataObjects.", fil)
        return
    if filnavn[0] != ARKIVSTRUKTUR and ARKIVSTRUKTUR in filnavn:
        kontroll.feil(
            "Dataobjektet for arkivstruktur.xml skal være det første indre dataObject "
            "(Arkade leser numberOfOccurrences derfra).",
            fil,
            beskrivelse.dataobjekter[0].linje,
            "dataObjects/dataObject",
        )
    sett: set[str] = set()
    for d, navn in zip(beskrivelse.dataobjekter, filnavn, strict=True):
        if navn is None:
            kontroll.feil(
                f"dataObject «{d.navn}» har ingen file-property med filnavn.",
                fil,
                d.linje,
                f"dataObject/{d.navn}",
            )
            continue
        if navn in sett:
            kontroll.feil(f"{navn} er beskrevet i mer enn ett dataObject.", fil, d.linje)
        sett.add(navn)
        if navn not in STANDARDSKJEMAER:
            kontroll.feil(
                f"{navn} er ikke en av filene et Noark 5-uttrekk kan beskrive "
                f"({', '.join(STANDARDSKJEMAER)}); Arkade avviser uttrekket.",
                fil,
                d.linje,
                f"dataObject/{d.navn}",
            )
    for navn in STANDARDSKJEMAER:
        if navn not in sett:
            kontroll.feil(f"{navn} er ikke beskrevet i noe dataObject.", fil)
