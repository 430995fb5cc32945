"""The content checks on arkivstruktur.xml, all in one streaming pass.

`lxml.etree.iterparse` delivers start and end events; each element is cleared when it ends
and its earlier siblings are removed, so memory depends on the depth of the tree, not its
size. What must outlive an element (systemIDs, references, referenced files) goes to the
`Register` on disk. Each open element has a small frame on a stack; an archive unit's frame
collects the values of its simple children so that the unit can be checked when it ends.

Elements are recognised by namespace and local name. Arkade compares names with their prefix
and `xsi:type` values literally, so prefixes would make it miscount; they are counted
correctly here and reported as warnings under PREFIKS (arkivuttrekk.md §4, §10.18).

libxml2 does not tell `<x/>` from `<x></x>`, and Arkade's N5.63 only reports the second
form. The pass counts elements without content; only if there are any is the file read once
more, by `tomme.finn_tomme_elementer`, to report those written with start and end tag.
"""

from __future__ import annotations

import datetime as dt
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from uttrekk.skjema import NS_ARKIVSTRUKTUR, NS_XSI, XSI_TYPE, sha256

from .felles import ARKIVSTRUKTUR, PARSERVALG, er_datotid, heltall, innenfor, les_dato, relativ_sti
from .rapport import Kontroll
from .register import Register

ENHETER = frozenset(
    {
        "arkiv",
        "arkivdel",
        "klassifikasjonssystem",
        "klasse",
        "mappe",
        "registrering",
        "dokumentbeskrivelse",
        "dokumentobjekt",
    }
)
# Elements counted for the statistics (Arkade's statistic tests N5.04–N5.46).
TELLES = ENHETER | {
    "korrespondansepart",
    "part",
    "sakspart",
    "merknad",
    "kryssreferanse",
    "presedens",
    "avskrivning",
    "dokumentflyt",
    "skjerming",
    "gradering",
    "kassasjon",
    "utfoertKassasjon",
    "sletting",
    "konvertering",
    "elektroniskSignatur",
    "moetedeltaker",
    "virksomhetsspesifikkeMetadata",
}
TYPER = frozenset(
    {
        "saksmappe",
        "moetemappe",
        "journalpost",
        "arkivnotat",
        "moeteregistrering",
        "basisregistrering",
    }
)
# Statistics derived in the pass (Arkade's N5.14, N5.21, N5.24).
AVLEDEDE_TALL = (
    "mapper_uten_undermapper_eller_registreringer",
    "registreringer_uten_dokumentbeskrivelse",
    "dokumentbeskrivelser_uten_dokumentobjekt",
)
# Simple children whose values an archive unit's check needs.
_VERDIER = frozenset(
    {
        "systemID",
        "arkivdelstatus",
        "saksstatus",
        "journalposttype",
        "journalstatus",
        "journaldato",
        "opprettetDato",
        "dokumentstatus",
        "format",
        "referanseDokumentfil",
        "sjekksum",
        "sjekksumAlgoritme",
        "filstoerrelse",
    }
)
_ARKIVDEL_REFERERENDE = frozenset({"mappe", "registrering", "dokumentbeskrivelse"})
_SAKSSTATUSER = ("Avsluttet", "Utgår")
_JOURNALSTATUSER = ("Arkivert", "Utgår")
_DOKUMENTSTATUS = "Dokumentet er ferdigstilt"
AVSLUTTET_PERIODE = "Avsluttet periode"
_SHA256 = ("SHA256", "SHA-256")
_FIL = ARKIVSTRUKTUR
_NS = f"{{{NS_ARKIVSTRUKTUR}}}"


class _Ramme:
    __slots__ = ("barn", "har_barn", "linje", "navn", "type", "verdier")

    def __init__(self, navn: str, linje: int | None) -> None:
        self.navn = navn  # local name in the arkivstruktur namespace, "" for other elements
        self.linje = linje
        self.har_barn = False
        self.verdier: dict[str, tuple[str, int | None]] | None = None
        self.barn: set[str] | None = None
        self.type = ""


@dataclass
class Prefiksbruk:
    linje: int | None
    antall: int = 0


@dataclass
class Innhold:
    """What the pass found, for the checks that compare it with other files."""

    telling: Counter[str] = field(default_factory=Counter)
    journalposter: int = 0
    foerste_journaldato: dt.date | None = None
    siste_journaldato: dt.date | None = None
    aapne_arkivdeler: list[tuple[str, str, int | None]] = field(default_factory=list)
    tomme_elementer: int = 0
    elementprefikser: dict[str, Prefiksbruk] = field(default_factory=dict)
    xsi_prefikser: dict[str, Prefiksbruk] = field(default_factory=dict)
    typeprefikser: dict[str, Prefiksbruk] = field(default_factory=dict)
    lesefeil: str = ""
    lesefeil_linje: int | None = None


class Innholdskontroll:
    def __init__(self, rot: Path, register: Register, kontroller: dict[str, Kontroll]) -> None:
        self.rot = rot
        self.register = register
        self.k = kontroller
        self.innhold = Innhold()
        self._navn: dict[str, str] = {}

    def les(self, sti: Path) -> Innhold:
        try:
            self._les(sti)
        except etree.XMLSyntaxError as feil:
            self.innhold.lesefeil = feil.msg
            self.innhold.lesefeil_linje = feil.lineno
        self.register.skriv()
        return self.innhold

    def _lokalt_navn(self, tag: Any) -> str:
        navn = self._navn.get(tag)
        if navn is None:
            navn = tag[len(_NS) :] if isinstance(tag, str) and tag.startswith(_NS) else ""
            self._navn[tag] = navn
        return navn

    def _les(self, sti: Path) -> None:
        innhold = self.innhold
        telling = innhold.telling
        stakk: list[_Ramme] = []
        nye_navnerom: list[tuple[str, str]] = []
        hendelser = etree.iterparse(
            str(sti), events=("start-ns", "start", "end"), remove_comments=True, **PARSERVALG
        )
        for hendelse, el in hendelser:
            if hendelse == "start":
                navn = self._lokalt_navn(el.tag)
                ramme = _Ramme(navn, el.sourceline)
                if nye_navnerom:
                    self._navnerom(nye_navnerom, el.sourceline)
                if stakk:
                    forelder = stakk[-1]
                    forelder.har_barn = True
                    if forelder.barn is not None and navn in ENHETER:
                        forelder.barn.add(navn)
                if navn:
                    if el.prefix is not None:
                        self._prefiks(innhold.elementprefikser, el.prefix, el.sourceline)
                    if navn in TELLES and not (
                        navn == "gradering" and stakk and stakk[-1].navn == "gradering"
                    ):
                        telling[navn] += 1
                    if navn in ENHETER:
                        ramme.verdier = {}
                        ramme.barn = set()
                        if navn in ("mappe", "registrering"):
                            self._type(ramme, el)
                stakk.append(ramme)
            elif hendelse == "end":
                ramme = stakk.pop()
                if not ramme.har_barn:
                    tekst = el.text or ""
                    if not tekst or tekst.isspace():
                        innhold.tomme_elementer += 1
                    if ramme.navn and stakk:
                        self._verdi(ramme, stakk[-1], tekst)
                if ramme.verdier is not None:
                    self._enhet(ramme)
                el.clear(keep_tail=True)
                forelder_el = el.getparent()
                if forelder_el is not None:
                    while el.getprevious() is not None:
                        del forelder_el[0]
            else:
                nye_navnerom.append(el)

    # --- start events ----------------------------------------------------------------------

    def _navnerom(self, nye: list[tuple[str, str]], linje: int | None) -> None:
        for prefiks, uri in nye:
            if uri == NS_XSI and prefiks != "xsi":
                self._prefiks(self.innhold.xsi_prefikser, prefiks or "(standard)", linje)
        nye.clear()

    @staticmethod
    def _prefiks(bruk: dict[str, Prefiksbruk], prefiks: str, linje: int | None) -> None:
        if prefiks not in bruk:
            bruk[prefiks] = Prefiksbruk(linje)
        bruk[prefiks].antall += 1

    def _type(self, ramme: _Ramme, el: Any) -> None:
        verdi = el.get(XSI_TYPE)
        if not verdi:
            return
        verdi = verdi.strip()
        if ":" in verdi:
            self._prefiks(self.innhold.typeprefikser, verdi, el.sourceline)
            verdi = verdi.rsplit(":", 1)[1]
        ramme.type = verdi
        if verdi in TYPER:
            self.innhold.telling[verdi] += 1

    # --- end events ------------------------------------------------------------------------

    def _verdi(self, ramme: _Ramme, forelder: _Ramme, tekst: str) -> None:
        navn = ramme.navn
        if forelder.verdier is not None and navn in _VERDIER:
            forelder.verdier[navn] = (tekst, ramme.linje)
        if navn == "systemID":
            self.register.systemid(tekst.strip(), forelder.navn or "?", ramme.linje)
        elif navn == "referanseArkivdel" and forelder.navn in _ARKIVDEL_REFERERENDE:
            self.register.referanse(
                "arkivdel", tekst.strip(), forelder.navn, _systemid(forelder), ramme.linje
            )
        elif navn == "referanseSekundaerKlassifikasjon" and forelder.navn == "mappe":
            self.register.referanse(
                "klasse", tekst.strip(), forelder.navn, _systemid(forelder), ramme.linje
            )

    def _enhet(self, ramme: _Ramme) -> None:
        navn = ramme.navn
        if navn == "registrering":
            self._registrering(ramme)
        elif navn == "mappe":
            self._mappe(ramme)
        elif navn == "dokumentbeskrivelse":
            self._dokumentbeskrivelse(ramme)
        elif navn == "dokumentobjekt":
            self._dokumentobjekt(ramme)
        elif navn == "klasse":
            self._klasse(ramme)
        elif navn == "arkivdel":
            status = _tekst(ramme, "arkivdelstatus")
            if status is not None and status.strip() != AVSLUTTET_PERIODE:
                linje = _linje(ramme, "arkivdelstatus")
                self.innhold.aapne_arkivdeler.append((status.strip(), _systemid(ramme), linje))

    def _klasse(self, ramme: _Ramme) -> None:
        barn = ramme.barn or set()
        if "klasse" not in barn:
            return
        for andre, kode in (("mappe", "N5.12"), ("registrering", "N5.19")):
            if andre in barn:
                self.k[kode].feil(
                    f"Klassen {_systemid(ramme)} har både underklasser og {andre}r.",
                    _FIL,
                    ramme.linje,
                    "klasse",
                )

    def _mappe(self, ramme: _Ramme) -> None:
        if not (ramme.barn or set()) & {"mappe", "registrering"}:
            self.innhold.telling[AVLEDEDE_TALL[0]] += 1
        status = _tekst(ramme, "saksstatus")
        if status is not None and status.strip() not in _SAKSSTATUSER:
            self.k["N5.15"].feil(
                f"Mappe {_systemid(ramme)} har saksstatus «{status.strip()}»; i et avlevert "
                "uttrekk skal den være «Avsluttet» eller «Utgår».",
                _FIL,
                _linje(ramme, "saksstatus"),
                "mappe/saksstatus",
            )

    def _registrering(self, ramme: _Ramme) -> None:
        innhold = self.innhold
        sid = _systemid(ramme)
        if ramme.type == "journalpost":
            innhold.journalposter += 1
        if "dokumentbeskrivelse" not in (ramme.barn or set()):
            innhold.telling[AVLEDEDE_TALL[1]] += 1
        journaldato = les_dato(_tekst(ramme, "journaldato"))
        if journaldato is not None:
            if innhold.foerste_journaldato is None or journaldato < innhold.foerste_journaldato:
                innhold.foerste_journaldato = journaldato
            if innhold.siste_journaldato is None or journaldato > innhold.siste_journaldato:
                innhold.siste_journaldato = journaldato
        journalposttype = _tekst(ramme, "journalposttype")
        if journalposttype is not None and not journalposttype.strip():
            self.k["N5.17"].feil(
                f"Journalpost {sid} har tom journalposttype.",
                _FIL,
                _linje(ramme, "journalposttype"),
                "registrering/journalposttype",
            )
        status = _tekst(ramme, "journalstatus")
        if status is not None and status.strip() not in _JOURNALSTATUSER:
            self.k["N5.22"].feil(
                f"Journalpost {sid} har journalstatus «{status.strip()}»; i et avlevert "
                "uttrekk skal den være «Arkivert» eller «Utgår».",
                _FIL,
                _linje(ramme, "journalstatus"),
                "registrering/journalstatus",
            )
        opprettet = _tekst(ramme, "opprettetDato")
        if opprettet is not None and not er_datotid(opprettet):
            self.k["N5.27"].feil(
                f"Registrering {sid} har opprettetDato «{opprettet.strip()}», som ikke er en "
                "gyldig xs:dateTime.",
                _FIL,
                _linje(ramme, "opprettetDato"),
                "registrering/opprettetDato",
            )

    def _dokumentbeskrivelse(self, ramme: _Ramme) -> None:
        if "dokumentobjekt" not in (ramme.barn or set()):
            self.innhold.telling[AVLEDEDE_TALL[2]] += 1
        status = _tekst(ramme, "dokumentstatus")
        if status is not None and status.strip() != _DOKUMENTSTATUS:
            self.k["N5.25"].feil(
                f"Dokumentbeskrivelse {_systemid(ramme)} har dokumentstatus "
                f"«{status.strip()}»; i et avlevert uttrekk skal den være «{_DOKUMENTSTATUS}».",
                _FIL,
                _linje(ramme, "dokumentstatus"),
                "dokumentbeskrivelse/dokumentstatus",
            )

    def _dokumentobjekt(self, ramme: _Ramme) -> None:
        sid = _systemid(ramme)
        referanse = (_tekst(ramme, "referanseDokumentfil") or "").strip()
        if not referanse:
            self.k["N5.30"].feil(
                f"Dokumentobjekt {sid} mangler referanseDokumentfil; sjekksummen kan ikke "
                "kontrolleres.",
                _FIL,
                ramme.linje,
                "dokumentobjekt",
            )
            return
        linje = _linje(ramme, "referanseDokumentfil")
        element = "dokumentobjekt/referanseDokumentfil"
        format_ = (_tekst(ramme, "format") or "").strip()
        # N5.29 as Arkade: the lower-cased format against the lower-cased extension.
        endelse = PurePosixPath(referanse.replace("\\", "/")).suffix.lower()
        if format_ and endelse != f".{format_.lower()}":
            self.k["N5.29"].feil(
                f"Dokumentobjekt {sid} har format «{format_}», men referanseDokumentfil "
                f"«{referanse}» har filendelsen «{endelse}».",
                _FIL,
                _linje(ramme, "format"),
                "dokumentobjekt/format",
            )
        relativ, grunn = relativ_sti(referanse)
        if relativ is None:
            self.k["N5.32"].feil(
                f"referanseDokumentfil «{referanse}» i dokumentobjekt {sid} kan ikke brukes: "
                f"{grunn}; stien skal være relativ til uttrekkets rot.",
                _FIL,
                linje,
                element,
            )
            return
        self.register.filreferanse(relativ)
        fil = self.rot / relativ
        try:
            status = fil.stat()
        except OSError:
            status = None
        if status is None or not stat.S_ISREG(status.st_mode):
            self.k["N5.32"].feil(
                f"Dokumentfilen «{relativ}» som dokumentobjekt {sid} refererer til, finnes ikke.",
                _FIL,
                linje,
                element,
            )
            self.k["N5.30"].feil(
                f"Sjekksummen for dokumentobjekt {sid} kan ikke kontrolleres: «{relativ}» "
                "finnes ikke.",
                _FIL,
                _linje(ramme, "sjekksum") or linje,
                "dokumentobjekt/sjekksum",
            )
            return
        if not innenfor(self.rot, fil):
            self.k["N5.32"].feil(
                f"referanseDokumentfil «{relativ}» i dokumentobjekt {sid} peker ut av "
                "uttrekket (symbolsk lenke).",
                _FIL,
                linje,
                element,
            )
            return
        stoerrelse = status.st_size
        if stoerrelse == 0:
            self.k["N5.64"].advarsel(
                f"Dokumentfilen er tom (0 byte); den er referert fra dokumentobjekt {sid}.",
                relativ,
            )
        self._filstoerrelse(ramme, sid, relativ, stoerrelse)
        self._sjekksum(ramme, sid, relativ, fil)

    def _filstoerrelse(self, ramme: _Ramme, sid: str, relativ: str, stoerrelse: int) -> None:
        oppgitt = heltall(_tekst(ramme, "filstoerrelse"))
        if oppgitt is not None and oppgitt != stoerrelse:
            self.k["N5.30"].feil(
                f"Dokumentobjekt {sid} oppgir filstoerrelse {oppgitt} byte, men «{relativ}» er "
                f"{stoerrelse} byte.",
                _FIL,
                _linje(ramme, "filstoerrelse"),
                "dokumentobjekt/filstoerrelse",
            )

    def _sjekksum(self, ramme: _Ramme, sid: str, relativ: str, fil: Path) -> None:
        oppgitt = (_tekst(ramme, "sjekksum") or "").strip()
        linje = _linje(ramme, "sjekksum") or ramme.linje
        if not oppgitt:
            self.k["N5.30"].feil(
                f"Dokumentobjekt {sid} mangler sjekksum.", _FIL, linje, "dokumentobjekt"
            )
            return
        try:
            beregnet = sha256(fil)
        except OSError as feil:
            self.k["N5.30"].feil(
                f"«{relativ}» kan ikke leses: {feil.strerror}.", _FIL, linje, "dokumentobjekt"
            )
            return
        if oppgitt.lower() == beregnet:
            return
        algoritme = (_tekst(ramme, "sjekksumAlgoritme") or "").strip()
        tillegg = (
            f" (sjekksumAlgoritme er «{algoritme}»; kontrollen bruker alltid SHA-256)"
            if algoritme.upper() not in _SHA256
            else ""
        )
        self.k["N5.30"].feil(
            f"Sjekksummen for «{relativ}» i dokumentobjekt {sid} stemmer ikke: oppgitt "
            f"«{oppgitt}», filen har SHA-256 {beregnet}{tillegg}.",
            _FIL,
            linje,
            "dokumentobjekt/sjekksum",
        )


def _tekst(ramme: _Ramme, navn: str) -> str | None:
    verdi = (ramme.verdier or {}).get(navn)
    return None if verdi is None else verdi[0]


def _linje(ramme: _Ramme, navn: str) -> int | None:
    verdi = (ramme.verdier or {}).get(navn)
    return None if verdi is None else verdi[1]


def _systemid(ramme: _Ramme) -> str:
    return (_tekst(ramme, "systemID") or "").strip() or "(uten systemID)"
