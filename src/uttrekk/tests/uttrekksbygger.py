"""A small, completely valid Noark 5 (v5.0) extract for the validator's tests, and helpers to
break one thing at a time.

`bygg_uttrekk(mappe)` writes: arkivstruktur.xml (one arkiv with an arkivskaper, one arkivdel
«Avsluttet periode», a klassifikasjonssystem with two klasser, one saksmappe in each, each
with one journalpost holding a dokumentbeskrivelse, a dokumentobjekt and a
korrespondansepart; one skjerming), two document files under dokumenter/, endringslogg.xml,
loependeJournal.xml, offentligJournal.xml, the six official XSDs and, last, arkivuttrekk.xml
with the counts and SHA-256 checksums (arkivuttrekk.md §3).
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

XSD = Path(__file__).resolve().parents[1] / "xsd"
SKJEMAER = (
    "addml.xsd",
    "arkivstruktur.xsd",
    "metadatakatalog.xsd",
    "endringslogg.xsd",
    "loependeJournal.xsd",
    "offentligJournal.xsd",
)
N5 = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
ADDML = "http://www.arkivverket.no/standarder/addml"
ENDRINGSLOGG = "http://www.arkivverket.no/standarder/noark5/endringslogg"
LOEPENDE = "http://www.arkivverket.no/standarder/noark5/loependeJournal"
OFFENTLIG = "http://www.arkivverket.no/standarder/noark5/offentligJournal"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS = {"n5": N5, "a": ADDML, "e": ENDRINGSLOGG, "l": LOEPENDE, "o": OFFENTLIG, "xsi": XSI}


def systemid(n: int) -> str:
    return str(uuid.UUID(int=n))


ARKIV = systemid(1)
ARKIVDEL = systemid(2)
KLASSIFIKASJONSSYSTEM = systemid(3)
KLASSER = (systemid(4), systemid(5))
SAKSMAPPER = (systemid(10), systemid(11))
JOURNALPOSTER = (systemid(20), systemid(21))
DOKUMENTBESKRIVELSER = (systemid(30), systemid(31))
DOKUMENTOBJEKTER = (systemid(40), systemid(41))
DOKUMENTFILER = ("dokumenter/2020/5000001.pdf", "dokumenter/5000002.pdf")
JOURNALDATOER = ("2020-01-15", "2020-02-10")
OPPRETTET = "2020-01-15T09:30:00+01:00"
AVSLUTTET = "2020-12-31T15:00:00+01:00"


def _sub(forelder: Any, navn: str, tekst: str | None = None, ns: str = N5) -> Any:
    el = etree.SubElement(forelder, f"{{{ns}}}{navn}")
    if tekst is not None:
        el.text = tekst
    return el


def _felter(forelder: Any, *felter: tuple[str, str], ns: str = N5) -> None:
    for navn, tekst in felter:
        _sub(forelder, navn, tekst, ns)


def _skriv(tre: Any, sti: Path) -> None:
    tre.write(str(sti), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sha256(sti: Path) -> str:
    with sti.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


# --- arkivstruktur.xml ----------------------------------------------------------------------


def _dokumentfil_innhold(nr: int) -> bytes:
    return f"%PDF-1.4\n% Arkivar testdokument {nr}\n1 0 obj\n<<>>\nendobj\n%%EOF\n".encode()


def _journalpost(forelder: Any, i: int, mappe: Path) -> None:
    jp = _sub(forelder, "registrering")
    jp.set(f"{{{XSI}}}type", "journalpost")
    _felter(
        jp,
        ("systemID", JOURNALPOSTER[i]),
        ("opprettetDato", OPPRETTET),
        ("opprettetAv", "Kari Nordmann"),
        ("arkivertDato", AVSLUTTET),
        ("arkivertAv", "Kari Nordmann"),
    )
    if i == 0:
        skjerming = _sub(jp, "skjerming")
        _felter(
            skjerming,
            ("tilgangsrestriksjon", "U"),
            ("skjermingshjemmel", "Offl. § 13"),
            ("skjermingMetadata", "tittel"),
        )
    db = _sub(jp, "dokumentbeskrivelse")
    _felter(
        db,
        ("systemID", DOKUMENTBESKRIVELSER[i]),
        ("dokumenttype", "Brev"),
        ("dokumentstatus", "Dokumentet er ferdigstilt"),
        ("tittel", f"Brev {i + 1}"),
        ("opprettetDato", OPPRETTET),
        ("opprettetAv", "Kari Nordmann"),
        ("tilknyttetRegistreringSom", "Hoveddokument"),
        ("dokumentnummer", "1"),
        ("tilknyttetDato", OPPRETTET),
        ("tilknyttetAv", "Kari Nordmann"),
    )
    fil = mappe / DOKUMENTFILER[i]
    fil.parent.mkdir(parents=True, exist_ok=True)
    fil.write_bytes(_dokumentfil_innhold(i + 1))
    do = _sub(db, "dokumentobjekt")
    _felter(
        do,
        ("systemID", DOKUMENTOBJEKTER[i]),
        ("versjonsnummer", "1"),
        ("variantformat", "Arkivformat"),
        ("format", "pdf"),
        ("opprettetDato", OPPRETTET),
        ("opprettetAv", "Kari Nordmann"),
        ("referanseDokumentfil", DOKUMENTFILER[i]),
        ("sjekksum", _sha256(fil)),
        ("sjekksumAlgoritme", "SHA256"),
        ("filstoerrelse", str(fil.stat().st_size)),
    )
    _sub(jp, "tittel", f"Søknad om byggetillatelse {i + 1}")
    kp = _sub(jp, "korrespondansepart")
    _felter(kp, ("korrespondanseparttype", "Avsender"), ("korrespondansepartNavn", "Ola Nordmann"))
    _felter(
        jp,
        ("journalaar", "2020"),
        ("journalsekvensnummer", str(i + 1)),
        ("journalpostnummer", "1"),
        ("journalposttype", "Inngående dokument"),
        ("journalstatus", "Arkivert"),
        ("journaldato", JOURNALDATOER[i]),
    )


def _saksmappe(klasse: Any, i: int, mappe: Path) -> None:
    sm = _sub(klasse, "mappe")
    sm.set(f"{{{XSI}}}type", "saksmappe")
    _felter(
        sm,
        ("systemID", SAKSMAPPER[i]),
        ("mappeID", f"2020/{i + 1}"),
        ("tittel", f"Byggesak Storgata {i + 1}"),
        ("opprettetDato", OPPRETTET),
        ("opprettetAv", "Kari Nordmann"),
        ("avsluttetDato", AVSLUTTET),
        ("avsluttetAv", "Kari Nordmann"),
    )
    if i == 0:
        _sub(sm, "referanseArkivdel", ARKIVDEL)
    _journalpost(sm, i, mappe)
    _felter(
        sm,
        ("saksaar", "2020"),
        ("sakssekvensnummer", str(i + 1)),
        ("saksdato", JOURNALDATOER[i]),
        ("administrativEnhet", "Byggesak"),
        ("saksansvarlig", "Kari Nordmann"),
        ("saksstatus", "Avsluttet"),
    )
    if i == 0:
        _sub(sm, "referanseSekundaerKlassifikasjon", KLASSER[1])


def _arkivstruktur(mappe: Path) -> None:
    arkiv = etree.Element(f"{{{N5}}}arkiv", nsmap={None: N5, "xsi": XSI})
    _felter(
        arkiv,
        ("systemID", ARKIV),
        ("tittel", "Sakarkiv Eksempel kommune"),
        ("opprettetDato", "2020-01-01T08:00:00+01:00"),
        ("opprettetAv", "Arkivar"),
        ("avsluttetDato", AVSLUTTET),
        ("avsluttetAv", "Arkivar"),
    )
    skaper = _sub(arkiv, "arkivskaper")
    _felter(skaper, ("arkivskaperID", "974760673"), ("arkivskaperNavn", "Eksempel kommune"))
    arkivdel = _sub(arkiv, "arkivdel")
    _felter(
        arkivdel,
        ("systemID", ARKIVDEL),
        ("tittel", "Sakarkiv 2020"),
        ("arkivdelstatus", "Avsluttet periode"),
        ("opprettetDato", "2020-01-01T08:00:00+01:00"),
        ("opprettetAv", "Arkivar"),
        ("avsluttetDato", AVSLUTTET),
        ("avsluttetAv", "Arkivar"),
        ("arkivperiodeStartDato", "2020-01-01"),
        ("arkivperiodeSluttDato", "2020-12-31"),
    )
    system = _sub(arkivdel, "klassifikasjonssystem")
    _felter(
        system,
        ("systemID", KLASSIFIKASJONSSYSTEM),
        ("klassifikasjonstype", "Funksjonsbasert, hierarkisk"),
        ("tittel", "Arkivnøkkel"),
        ("opprettetDato", "2020-01-01T08:00:00+01:00"),
        ("opprettetAv", "Arkivar"),
    )
    for i, (klasse_id, tittel) in enumerate((("010", "Administrasjon"), ("020", "Byggesaker"))):
        klasse = _sub(system, "klasse")
        _felter(
            klasse,
            ("systemID", KLASSER[i]),
            ("klasseID", klasse_id),
            ("tittel", tittel),
            ("opprettetDato", "2020-01-01T08:00:00+01:00"),
            ("opprettetAv", "Arkivar"),
        )
        _saksmappe(klasse, i, mappe)
    _skriv(etree.ElementTree(arkiv), mappe / "arkivstruktur.xml")


# --- endringslogg.xml and the journals -----------------------------------------------------


def _endringslogg(mappe: Path) -> None:
    rot = etree.Element(f"{{{ENDRINGSLOGG}}}endringslogg", nsmap={None: ENDRINGSLOGG})
    endring = _sub(rot, "endring", ns=ENDRINGSLOGG)
    _felter(
        endring,
        ("referanseArkivenhet", SAKSMAPPER[0]),
        ("referanseMetadata", "tittel"),
        ("endretDato", "2020-02-01T10:00:00+01:00"),
        ("endretAv", "Kari Nordmann"),
        ("tidligereVerdi", "Byggesak Storgt 1"),
        ("nyVerdi", "Byggesak Storgata 1"),
        ns=ENDRINGSLOGG,
    )
    _skriv(etree.ElementTree(rot), mappe / "endringslogg.xml")


def _journal(mappe: Path, ns: str, rotnavn: str, offentlig: bool) -> None:
    rot = etree.Element(f"{{{ns}}}{rotnavn}", nsmap={None: ns})
    hode = _sub(rot, "journalhode", ns=ns)
    _felter(
        hode,
        ("journalStartDato", JOURNALDATOER[0]),
        ("journalSluttDato", JOURNALDATOER[-1]),
        ("antallJournalposter", str(len(JOURNALPOSTER))),
        ns=ns,
    )
    skaper = _sub(hode, "arkivskaper", ns=ns)
    _felter(skaper, ("arkivskaperID", "974760673"), ("arkivskaperNavn", "Eksempel kommune"), ns=ns)
    for i, jp_id in enumerate(JOURNALPOSTER):
        reg = _sub(rot, "journalregistrering", ns=ns)
        sak = _sub(reg, "saksmappe", ns=ns)
        _felter(sak, ("saksaar", "2020"), ("sakssekvensnummer", str(i + 1)), ns=ns)
        if offentlig:
            _sub(sak, "offentligTittel", f"Byggesak Storgata {i + 1}", ns)
        else:
            _sub(sak, "tittel", f"Byggesak Storgata {i + 1}", ns)
        jp = _sub(reg, "journalpost", ns=ns)
        _felter(
            jp,
            ("systemID", jp_id),
            ("journalaar", "2020"),
            ("journalsekvensnummer", str(i + 1)),
            ("journalpostnummer", "1"),
            ns=ns,
        )
        if offentlig:
            _sub(jp, "offentligTittel", "Søknad om byggetillatelse *****", ns)
        else:
            _sub(jp, "tittel", f"Søknad om byggetillatelse {i + 1}", ns)
        _sub(jp, "journaldato", JOURNALDATOER[i], ns)
        kp = _sub(jp, "korrespondansepart", ns=ns)
        _felter(
            kp,
            ("korrespondanseparttype", "Avsender"),
            ("korrespondansepartNavn", "Ola Nordmann"),
            ns=ns,
        )
    _skriv(etree.ElementTree(rot), mappe / f"{rotnavn}.xml")


# --- arkivuttrekk.xml -------------------------------------------------------------------------


def _egenskap(forelder: Any, navn: str, verdi: str | None = None, datatype: str = "") -> Any:
    egenskaper = forelder.find(f"{{{ADDML}}}properties")
    if egenskaper is None:
        egenskaper = _sub(forelder, "properties", ns=ADDML)
    egenskap = _sub(egenskaper, "property", ns=ADDML)
    egenskap.set("name", navn)
    if datatype:
        egenskap.set("dataType", datatype)
    if verdi is not None:
        _sub(egenskap, "value", verdi, ADDML)
    return egenskap


def _fil(forelder: Any, navn: str, mappe: Path) -> None:
    fil = _egenskap(forelder, "file")
    _egenskap(fil, "name", navn)
    sjekksum = _egenskap(fil, "checksum")
    _egenskap(sjekksum, "algorithm", "SHA256")
    _egenskap(sjekksum, "value", _sha256(mappe / navn))


def _dataobjekt(
    forelder: Any, navn: str, skjemaer: tuple[str, ...], antall: dict[str, int], mappe: Path
) -> None:
    objekt = _sub(forelder, "dataObject", ns=ADDML)
    objekt.set("name", navn)
    fil = _egenskap(objekt, "file")
    _egenskap(fil, "name", f"{navn}.xml")
    _egenskap(_egenskap(fil, "format", "XML"), "version", "1.0")
    sjekksum = _egenskap(fil, "checksum")
    _egenskap(sjekksum, "algorithm", "SHA256")
    _egenskap(sjekksum, "value", _sha256(mappe / f"{navn}.xml"))
    for nr, skjema in enumerate(skjemaer):
        egenskap = _egenskap(objekt, "schema", "main" if nr == 0 else None)
        _fil(egenskap, skjema, mappe)
        _egenskap(_egenskap(egenskap, "type", "XML Schema"), "version", "1.0")
    info = _egenskap(objekt, "info")
    for element, verdi in antall.items():
        forekomster = _egenskap(info, "numberOfOccurrences", element)
        _egenskap(forekomster, "elementPath", f"//{element}")
        _egenskap(forekomster, "value", str(verdi), "integer")


def _arkivuttrekk(mappe: Path) -> None:
    rot = etree.Element(f"{{{ADDML}}}addml", nsmap={None: ADDML})
    rot.set("name", "Noark 5-arkivuttrekk")
    datasett = _sub(rot, "dataset", ns=ADDML)
    _sub(datasett, "description", "Noark 5-arkivuttrekk", ADDML)
    referanse = _sub(datasett, "reference", ns=ADDML)
    kontekst = _sub(_sub(referanse, "context", ns=ADDML), "additionalElements", ns=ADDML)
    for navn, verdi in (
        ("systemType", "Noark 5"),
        ("systemName", "Arkivar"),
        ("archive", "Sakarkiv Eksempel kommune"),
    ):
        element = _sub(kontekst, "additionalElement", ns=ADDML)
        element.set("name", navn)
        _sub(element, "value", verdi, ADDML)
    objekter = _sub(datasett, "dataObjects", ns=ADDML)
    topp = _sub(objekter, "dataObject", ns=ADDML)
    topp.set("name", "Noark 5-arkivuttrekk")
    info = _egenskap(topp, "info")
    _egenskap(_egenskap(info, "type", "Noark 5"), "version", "5.0")
    tillegg = _egenskap(info, "additionalInfo")
    periode = _egenskap(tillegg, "periode")
    _egenskap(periode, "inngaaendeSkille", "skarpt")
    _egenskap(periode, "utgaaendeSkille", "skarpt")
    for navn, verdi in (
        ("inneholderSkjermetInformasjon", "true"),
        ("omfatterDokumenterSomErKassert", "false"),
        ("inneholderDokumenterSomSkalKasseres", "false"),
        ("inneholderVirksomhetsspesifikkeMetadata", "false"),
    ):
        _egenskap(tillegg, navn, verdi, "boolean")
    _egenskap(tillegg, "antallDokumentfiler", str(len(DOKUMENTFILER)), "integer")
    indre = _sub(topp, "dataObjects", ns=ADDML)
    journalposter = len(JOURNALPOSTER)
    for navn, skjemaer, antall in (
        (
            "arkivstruktur",
            ("arkivstruktur.xsd", "metadatakatalog.xsd"),
            {"mappe": 2, "registrering": 2},
        ),
        ("endringslogg", ("endringslogg.xsd", "metadatakatalog.xsd"), {}),
        (
            "loependeJournal",
            ("loependeJournal.xsd", "metadatakatalog.xsd"),
            {"journalregistrering": journalposter},
        ),
        (
            "offentligJournal",
            ("offentligJournal.xsd", "metadatakatalog.xsd"),
            {"journalregistrering": journalposter},
        ),
    ):
        _dataobjekt(indre, navn, skjemaer, antall, mappe)
    _skriv(etree.ElementTree(rot), mappe / "arkivuttrekk.xml")


# --- the extract --------------------------------------------------------------------------


@dataclass
class Uttrekk:
    mappe: Path

    def sti(self, navn: str) -> Path:
        return self.mappe / navn

    def les_xml(self, navn: str) -> Any:
        return etree.parse(str(self.sti(navn)))

    def endre_xml(self, navn: str, endring: Callable[[Any], None]) -> None:
        """Change an XML file (the function gets its root element), write it back and
        recompute the checksums in arkivuttrekk.xml."""
        tre = self.les_xml(navn)
        endring(tre.getroot())
        _skriv(tre, self.sti(navn))
        self.oppdater_sjekksummer()

    def skriv(self, navn: str, data: bytes) -> None:
        """Replace a file's bytes and recompute the checksums in arkivuttrekk.xml."""
        self.sti(navn).write_bytes(data)
        self.oppdater_sjekksummer()

    def finn(self, navn: str, xpath: str) -> list[Any]:
        return list(self.les_xml(navn).xpath(xpath, namespaces=NS))

    def linje(self, navn: str, xpath: str) -> int:
        """The line of the first element the XPath finds in the file as it is now."""
        return int(self.finn(navn, xpath)[0].sourceline)

    def sett_addml_egenskap(self, navn: str, verdi: str) -> None:
        """Set the value of the first ADDML property with that name, e.g.
        antallDokumentfiler."""

        def endring(rot: Any) -> None:
            rot.xpath(f"//a:property[@name='{navn}']/a:value", namespaces=NS)[0].text = verdi

        self.endre_xml("arkivuttrekk.xml", endring)

    def oppdater_sjekksummer(self) -> None:
        """Recompute every checksum in arkivuttrekk.xml from the files on disk (as an
        exporter does last); files that are gone keep their old value."""
        sti = self.sti("arkivuttrekk.xml")
        tre = etree.parse(str(sti))
        for fil in tre.xpath("//a:property[@name='file']", namespaces=NS):
            navn = fil.xpath("a:properties/a:property[@name='name']/a:value", namespaces=NS)
            verdi = fil.xpath(
                "a:properties/a:property[@name='checksum']/a:properties/"
                "a:property[@name='value']/a:value",
                namespaces=NS,
            )
            if navn and verdi and self.sti(navn[0].text).is_file():
                verdi[0].text = _sha256(self.sti(navn[0].text))
        _skriv(tre, sti)


def bygg_uttrekk(mappe: Path) -> Uttrekk:
    """Write the valid extract into `mappe` (created if needed) and return it."""
    mappe.mkdir(parents=True, exist_ok=True)
    for skjema in SKJEMAER:
        shutil.copyfile(XSD / skjema, mappe / skjema)
    _arkivstruktur(mappe)
    _endringslogg(mappe)
    _journal(mappe, LOEPENDE, "loependeJournal", offentlig=False)
    _journal(mappe, OFFENTLIG, "offentligJournal", offentlig=True)
    _arkivuttrekk(mappe)  # last: it holds the checksums of the others
    return Uttrekk(mappe)
