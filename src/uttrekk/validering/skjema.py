"""N5.03: every XML file listed in arkivuttrekk.xml is valid against the schemas listed for it.

The schemas come from the extract, as Arkade uses them. A standard schema that is not listed
for a file is replaced by the vendored official copy, and that is an error (Arkade does the
same: arkivuttrekk.md §3.3). A listed standard schema that differs from the official one is a
warning: the extract is then checked against rules other than the standard's.

Streaming validation and line numbers. lxml validates either a finished tree
(`XMLSchema.validate`, which reports lines but holds the whole document in memory: several
times the file's size, too much for an arkivstruktur.xml of some gigabytes) or while parsing,
when the parser is given the schema (`XMLParser(schema=…)`, `iterparse(…, schema=…)`,
`XMLPullParser(schema=…)`). Validation while parsing runs on libxml2's SAX events, so memory
stays flat when the elements are cleared as they end, but libxml2 reports its errors with line
0. The file is therefore fed to an `XMLPullParser` one line at a time (long lines in pieces):
an error that turns up in the parser's log right after a line was fed belongs to that line,
and the open elements at that moment give the element path.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from uttrekk.skjema import (
    METADATAKATALOG_XSD,
    NS_ARKIVSTRUKTUR,
    STANDARDSKJEMAER,
    XSD_MAPPE,
    XSI_TYPE,
    sha256,
)

from .addml import Beskrivelse
from .felles import (
    ARKIVSTRUKTUR,
    ARKIVUTTREKK,
    PARSERVALG,
    innenfor,
    kort_melding,
    lokalt_navn,
    relativ_sti,
)
from .rapport import MAKS_FUNN, Alvor, Funn, Kontroll
from .skjemalaster import Skjemafeil, globale_elementer, last_skjema, les_skjemadokument

_LINJEBIT = 1 << 16
_ELEMENT_I_MELDING = re.compile(r"^Element '(?:\{[^}]*\})?([^']+)'")
_VSM = f"{{{NS_ARKIVSTRUKTUR}}}virksomhetsspesifikkeMetadata"


def valider_fil(
    sti: Path, fil: str, skjema: Any, kontroll: Kontroll, deklarerte: frozenset[str] | None
) -> str:
    """Validate one file streaming. Returns "" or, if the file is not well-formed, the reason
    (already reported). With `deklarerte`, elements directly inside a
    virksomhetsspesifikkeMetadata without xsi:type must be declared in one of the schemas:
    libxml2 skips them (the type is xs:anyType, processed laxly), .NET reports them, and
    Arkade counts that as an error (arkivuttrekk.md §4)."""
    parser = etree.XMLPullParser(events=("start", "end"), schema=skjema, **PARSERVALG)
    stakk: list[str] = []
    antall = 0
    lest = 0
    linje = 1

    def meld(melding: str, element: str, linjenr: int | None) -> bool:
        """Report an error; False once the limit is passed and validation should stop."""
        nonlocal antall
        antall += 1
        if antall <= MAKS_FUNN:
            kontroll.feil(melding, fil, linjenr, element)
            return True
        # Past the limit on purpose: the reader must know the list is cut short.
        kontroll.funn.append(
            Funn(
                kontroll.kode,
                Alvor.FEIL,
                f"Valideringen av {fil} ble stoppet etter {MAKS_FUNN} feil; filen har flere.",
                fil,
            )
        )
        return False

    def sti_til(navn: str) -> str:
        # An error at an element's start tag comes while it is open, one at its end tag
        # after it was closed.
        if stakk and stakk[-1] == navn:
            return "/".join(stakk[-2:])
        return "/".join([*stakk[-1:], navn])

    with sti.open("rb") as f:
        while True:
            bit = f.readline(_LINJEBIT)
            if not bit:
                break
            try:
                parser.feed(bit)
                hendelser = parser.read_events()
                for hendelse, el in hendelser:
                    if hendelse == "start":
                        if (
                            deklarerte is not None
                            and stakk
                            and stakk[-1] == "virksomhetsspesifikkeMetadata"
                        ):
                            forelder = el.getparent()
                            if (
                                forelder is not None
                                and forelder.tag == _VSM
                                and forelder.get(XSI_TYPE) is None
                                and el.tag not in deklarerte
                                and not meld(
                                    f"Elementet {el.tag} i virksomhetsspesifikkeMetadata er "
                                    "ikke deklarert i noe skjema oppført for filen, og "
                                    "virksomhetsspesifikkeMetadata har ingen xsi:type.",
                                    f"virksomhetsspesifikkeMetadata/{lokalt_navn(el.tag)}",
                                    el.sourceline,
                                )
                            ):
                                return ""
                        stakk.append(lokalt_navn(el.tag))
                    else:
                        stakk.pop()
                        el.clear(keep_tail=True)
                        forelder = el.getparent()
                        if forelder is not None:
                            while el.getprevious() is not None:
                                del forelder[0]
            except etree.XMLSyntaxError as feil:
                melding = f"{fil} er ikke velformet XML: {feil.msg}"
                kontroll.feil(melding, fil, feil.lineno or linje)
                return melding
            logg = parser.feed_error_log
            if len(logg) > lest:
                for post in list(logg)[lest:]:
                    if post.level < etree.ErrorLevels.ERROR:
                        continue
                    m = _ELEMENT_I_MELDING.match(post.message)
                    element = sti_til(m[1]) if m else ""
                    if not meld(
                        f"Ugyldig etter skjema: {kort_melding(post.message)}", element, linje
                    ):
                        return ""
                lest = len(logg)
            if bit.endswith(b"\n"):
                linje += 1
    with contextlib.suppress(etree.XMLSyntaxError):
        parser.close()  # the errors are in the log, read below
    for post in list(parser.feed_error_log)[lest:]:
        if post.level < etree.ErrorLevels.ERROR:
            continue
        if post.domain_name == "PARSER":
            melding = f"{fil} er ikke velformet XML: {post.message.strip()}"
            kontroll.feil(melding, fil, post.line or linje)
            return melding
        m = _ELEMENT_I_MELDING.match(post.message)
        if not meld(
            f"Ugyldig etter skjema: {kort_melding(post.message)}", sti_til(m[1]) if m else "", linje
        ):
            break
    return ""


def _skjemaer_for(
    rot: Path, filnavn: str, oppfoert: list[tuple[str, int | None]], kontroll: Kontroll
) -> list[Path]:
    """The schema files to validate `filnavn` against, in import order."""
    standard = sorted(STANDARDSKJEMAER.get(filnavn, ()), key=lambda s: s != METADATAKATALOG_XSD)
    navn = [n for n, _ in oppfoert]
    filer: list[Path] = []
    for skjemanavn in standard:
        sti = rot / skjemanavn
        if skjemanavn in navn and sti.is_file():
            filer.append(sti)
        elif skjemanavn in navn:
            filer.append(XSD_MAPPE / skjemanavn)  # missing: N5.01 reports it
        else:
            kontroll.feil(
                f"Standardskjemaet {skjemanavn} er ikke oppført for {filnavn} i "
                f"{ARKIVUTTREKK}; {filnavn} er validert mot den innebygde offisielle kopien.",
                ARKIVUTTREKK,
                oppfoert[0][1] if oppfoert else None,
                f"dataObject/{filnavn}/schema",
            )
            filer.append(XSD_MAPPE / skjemanavn)
    for skjemanavn, _linje in oppfoert:
        if skjemanavn in standard:
            continue
        relativ, _grunn = relativ_sti(skjemanavn)
        if relativ and (rot / relativ).is_file() and innenfor(rot, rot / relativ):
            filer.append(rot / relativ)
    return filer


def _sammenlign_med_offisielle(rot: Path, navn: set[str], kontroll: Kontroll) -> None:
    for skjemanavn in sorted(navn):
        offisiell = XSD_MAPPE / skjemanavn
        kopi = rot / skjemanavn
        if not offisiell.is_file() or not kopi.is_file() or sha256(kopi) == sha256(offisiell):
            continue
        try:
            versjon = les_skjemadokument(kopi.read_bytes(), skjemanavn).getroot().get("version")
        except Skjemafeil:
            versjon = None
        tillegg = (
            f" (skjemaet har versjon {versjon}; bare versjon 5.0 er innebygd)"
            if versjon and versjon != "5.0"
            else ""
        )
        kontroll.advarsel(
            f"{skjemanavn} i uttrekket er ikke identisk med det offisielle skjemaet "
            f"(SHA-256 {sha256(kopi)}){tillegg}; uttrekket er validert mot uttrekkets kopi.",
            skjemanavn,
        )


def kontroller_skjemaer(rot: Path, beskrivelse: Beskrivelse, kontroll: Kontroll) -> set[str]:
    """N5.03 for every data file in the ADDML. Returns the names of files that are not
    well-formed."""
    ikke_velformet: set[str] = set()
    tillatte = (rot, XSD_MAPPE)
    brukte_standardskjemaer: set[str] = set()
    for dataobjekt in beskrivelse.dataobjekter:
        if dataobjekt.fil is None:
            continue
        filnavn = dataobjekt.fil.navn
        relativ, _grunn = relativ_sti(filnavn)
        if relativ is None or not (rot / relativ).is_file():
            continue  # N5.01
        oppfoert = [(s.navn, s.linje) for s in dataobjekt.skjemaer]
        if not oppfoert and filnavn not in STANDARDSKJEMAER:
            kontroll.feil(
                f"Ingen skjema er oppført for {filnavn}; filen kan ikke valideres.",
                ARKIVUTTREKK,
                dataobjekt.linje,
            )
            continue
        brukte_standardskjemaer |= {
            n for n, _ in oppfoert if n in STANDARDSKJEMAER.get(filnavn, ())
        }
        filer = _skjemaer_for(rot, filnavn, oppfoert, kontroll)
        try:
            skjema = last_skjema(filer, tillatte)
        except Skjemafeil as feil:
            kontroll.feil(
                f"Skjemaene for {filnavn} kan ikke brukes: {feil}", ARKIVUTTREKK, dataobjekt.linje
            )
            continue
        deklarerte = globale_elementer(filer) if filnavn == ARKIVSTRUKTUR else None
        if valider_fil(rot / relativ, relativ, skjema, kontroll, deklarerte):
            ikke_velformet.add(relativ)
    _sammenlign_med_offisielle(rot, brukte_standardskjemaer, kontroll)
    return ikke_velformet
