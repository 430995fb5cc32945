"""The journals and the change log: N5.59, N5.60 (loependeJournal.xml and offentligJournal.xml
against each other and, with a sharp period separation, against arkivstruktur.xml), N5.61
and N5.62 (endringslogg.xml and its references).

The journals are found through arkivuttrekk.xml, the change log is read from
endringslogg.xml directly, as in Arkade (arkivuttrekk.md §8). Both are read streaming.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from uttrekk.skjema import NS_ENDRINGSLOGG, NS_LOEPENDE_JOURNAL, NS_OFFENTLIG_JOURNAL

from .addml import Beskrivelse
from .felles import (
    ARKIVUTTREKK,
    ENDRINGSLOGG,
    LOEPENDE_JOURNAL,
    OFFENTLIG_JOURNAL,
    PARSERVALG,
    heltall,
    les_dato,
)
from .innhold import Innhold
from .rapport import Kontroll
from .register import Register

JOURNALER = (
    (LOEPENDE_JOURNAL, NS_LOEPENDE_JOURNAL, "loependeJournal"),
    (OFFENTLIG_JOURNAL, NS_OFFENTLIG_JOURNAL, "offentligJournal"),
)


class _Ulesbar(Exception):
    def __init__(self, melding: str, linje: int | None = None) -> None:
        super().__init__(melding)
        self.linje = linje


@dataclass
class Journalhode:
    fil: str
    start: tuple[str, int | None] | None = None
    slutt: tuple[str, int | None] | None = None
    antall: tuple[str, int | None] | None = None
    registreringer: int = 0

    def dato(self, felt: str) -> dt.date | None:
        verdi = self.start if felt == "journalStartDato" else self.slutt
        return les_dato(verdi[0]) if verdi else None

    def linje(self, felt: str) -> int | None:
        verdi = {"journalStartDato": self.start, "journalSluttDato": self.slutt}.get(
            felt, self.antall
        )
        return verdi[1] if verdi else None


def les_journal(sti: Path, fil: str, ns: str, rotnavn: str) -> Journalhode:
    hode = Journalhode(fil)
    felt = {f"{{{ns}}}{navn}": navn for navn in ("journalStartDato", "journalSluttDato")}
    antall_tag = f"{{{ns}}}antallJournalposter"
    registrering_tag = f"{{{ns}}}journalregistrering"
    hode_tag = f"{{{ns}}}journalhode"
    try:
        hendelser = etree.iterparse(str(sti), events=("start", "end"), **PARSERVALG)
        for hendelse, el in hendelser:
            if hendelse == "start":
                if el.getparent() is None and el.tag != f"{{{ns}}}{rotnavn}":
                    raise _Ulesbar(
                        f"rotelementet er {el.tag}, ventet {rotnavn} i navnerommet {ns}",
                        el.sourceline,
                    )
                continue
            forelder = el.getparent()
            if forelder is not None and forelder.tag == hode_tag:
                verdi = ((el.text or "").strip(), el.sourceline)
                if el.tag in felt:
                    if felt[el.tag] == "journalStartDato":
                        hode.start = verdi
                    else:
                        hode.slutt = verdi
                elif el.tag == antall_tag:
                    hode.antall = verdi
            elif (
                el.tag == registrering_tag and forelder is not None and forelder.getparent() is None
            ):
                hode.registreringer += 1
            el.clear(keep_tail=True)
            if forelder is not None:
                while el.getprevious() is not None:
                    del forelder[0]
    except etree.XMLSyntaxError as feil:
        raise _Ulesbar(f"ikke velformet XML: {feil.msg}", feil.lineno) from feil
    except OSError as feil:
        raise _Ulesbar(str(feil.strerror)) from feil
    return hode


def _les_journalene(
    rot: Path, beskrivelse: Beskrivelse, k59: Kontroll, k60: Kontroll
) -> dict[str, Journalhode]:
    hoder: dict[str, Journalhode] = {}
    for fil, ns, rotnavn in JOURNALER:
        if beskrivelse.dataobjekt(fil) is None:
            melding = f"{fil} er ikke beskrevet i {ARKIVUTTREKK}; journalene kan ikke leses."
            linje = None
        elif not (rot / fil).is_file():
            melding, linje = f"{fil} finnes ikke; journalene kan ikke leses.", None
        else:
            try:
                hoder[fil] = les_journal(rot / fil, fil, ns, rotnavn)
                continue
            except _Ulesbar as feil:
                melding, linje = f"{fil} kan ikke leses: {feil}.", feil.linje
        for k in (k59, k60):
            k.feil(melding, fil, linje)
    return hoder


def kontroller_journaler(
    rot: Path,
    beskrivelse: Beskrivelse,
    innhold: Innhold,
    k59: Kontroll,
    k60: Kontroll,
) -> None:
    hoder = _les_journalene(rot, beskrivelse, k59, k60)
    skarpt = beskrivelse.skarpt_periodeskille
    if skarpt is None:
        for k in (k59, k60):
            k.feil(
                f"periode mangler i {ARKIVUTTREKK}, så det er ukjent om periodeskillet er "
                "skarpt; journalene kan ikke sammenlignes med arkivstruktur.xml.",
                ARKIVUTTREKK,
            )
    _antall(hoder, innhold, bool(skarpt), k59)
    _datoer(hoder, innhold, bool(skarpt), k60)


def _antall(hoder: dict[str, Journalhode], innhold: Innhold, skarpt: bool, k: Kontroll) -> None:
    element = "journalhode/antallJournalposter"
    antall: dict[str, int] = {}
    for fil, hode in hoder.items():
        if hode.antall is None:
            k.feil(f"{fil} mangler antallJournalposter.", fil, None, element)
            continue
        verdi = heltall(hode.antall[0])
        if verdi is None:
            k.feil(
                f"antallJournalposter i {fil} er «{hode.antall[0]}», ikke et heltall.",
                fil,
                hode.antall[1],
                element,
            )
            continue
        antall[fil] = verdi
        if verdi != hode.registreringer:
            k.feil(
                f"antallJournalposter i {fil} er {verdi}, men filen har "
                f"{hode.registreringer} journalregistreringer.",
                fil,
                hode.antall[1],
                element,
            )
        if skarpt and verdi != innhold.journalposter:
            k.feil(
                f"antallJournalposter i {fil} er {verdi}, men arkivstruktur.xml har "
                f"{innhold.journalposter} journalposter (registrering med "
                'xsi:type="journalpost"); med skarpt periodeskille skal de være like.',
                fil,
                hode.antall[1],
                element,
            )
    if len(antall) == len(JOURNALER) and len(set(antall.values())) > 1:
        (fil_a, a), (fil_b, b) = antall.items()
        k.feil(
            f"antallJournalposter er ulik i journalene: {fil_a} har {a}, {fil_b} har {b}.",
            fil_b,
            hoder[fil_b].linje("antallJournalposter"),
            element,
        )


def _datoer(hoder: dict[str, Journalhode], innhold: Innhold, skarpt: bool, k: Kontroll) -> None:
    if innhold.foerste_journaldato is None or innhold.siste_journaldato is None:
        k.feil(
            "arkivstruktur.xml har ingen gyldig journaldato; start- og sluttdato kan ikke "
            "kontrolleres.",
            "arkivstruktur.xml",
        )
    arkivdatoer = {
        "journalStartDato": innhold.foerste_journaldato,
        "journalSluttDato": innhold.siste_journaldato,
    }
    datoer: dict[str, dict[str, dt.date]] = {}
    for fil, hode in hoder.items():
        datoer[fil] = {}
        for felt, arkivdato in arkivdatoer.items():
            verdi = hode.start if felt == "journalStartDato" else hode.slutt
            dato = hode.dato(felt)
            if dato is None:
                k.feil(
                    f"{felt} i {fil} er «{verdi[0] if verdi else ''}», ikke en gyldig dato.",
                    fil,
                    hode.linje(felt),
                    f"journalhode/{felt}",
                )
                continue
            datoer[fil][felt] = dato
            if skarpt and arkivdato is not None and dato != arkivdato:
                hvilken = "første" if felt == "journalStartDato" else "siste"
                k.feil(
                    f"{felt} i {fil} er {dato.isoformat()}, men {hvilken} journaldato i "
                    f"arkivstruktur.xml er {arkivdato.isoformat()}; med skarpt periodeskille "
                    "skal de være like.",
                    fil,
                    hode.linje(felt),
                    f"journalhode/{felt}",
                )
    if len(datoer) == len(JOURNALER):
        (fil_a, a), (fil_b, b) = datoer.items()
        for felt in arkivdatoer:
            if felt in a and felt in b and a[felt] != b[felt]:
                k.feil(
                    f"{felt} er ulik i journalene: {fil_a} har {a[felt].isoformat()}, "
                    f"{fil_b} har {b[felt].isoformat()}.",
                    fil_b,
                    hoder[fil_b].linje(felt),
                    f"journalhode/{felt}",
                )


def les_endringslogg(rot: Path, register: Register, k61: Kontroll, k62: Kontroll) -> int | None:
    """N5.61: endringslogg.xml is there and readable. Its references go to the register for
    N5.62. Returns the number of changes, or None if the log cannot be read."""
    sti = rot / ENDRINGSLOGG
    if not sti.is_file():
        k61.feil(f"{ENDRINGSLOGG} mangler i uttrekket.", ENDRINGSLOGG)
        k62.feil(f"Referansene kan ikke kontrolleres fordi {ENDRINGSLOGG} mangler.", ENDRINGSLOGG)
        return None
    referanse_tag = f"{{{NS_ENDRINGSLOGG}}}referanseArkivenhet"
    endring_tag = f"{{{NS_ENDRINGSLOGG}}}endring"
    antall = 0
    try:
        for _hendelse, el in etree.iterparse(str(sti), events=("end",), **PARSERVALG):
            if el.tag == referanse_tag:
                register.referanse(
                    "arkivenhet", (el.text or "").strip(), "endring", "", el.sourceline
                )
            elif el.tag == endring_tag:
                antall += 1
            el.clear(keep_tail=True)
            forelder = el.getparent()
            if forelder is not None:
                while el.getprevious() is not None:
                    del forelder[0]
    except etree.XMLSyntaxError as feil:
        k61.feil(f"{ENDRINGSLOGG} kan ikke leses: {feil.msg}", ENDRINGSLOGG, feil.lineno)
        k62.feil(
            f"Referansene kan ikke kontrolleres fordi {ENDRINGSLOGG} ikke kan leses.",
            ENDRINGSLOGG,
        )
        return None
    return antall


def kontroller_endringsreferanser(register: Register, k62: Kontroll) -> None:
    """N5.62: every referanseArkivenhet is a systemID in arkivstruktur.xml."""
    register.skriv()
    for referanse in register.ukjente_referanser("arkivenhet"):
        k62.feil(
            f"referanseArkivenhet «{referanse.verdi}» er ikke en systemID i arkivstruktur.xml.",
            ENDRINGSLOGG,
            referanse.linje,
            "endring/referanseArkivenhet",
        )
