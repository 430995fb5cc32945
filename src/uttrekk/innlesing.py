"""`importer`: another system's Noark 5 (5.0) extract into a read-only historical arkiv of a
district, for migrating the old systems' archives (issue 7 §4).

* The extract is validated first (`uttrekk.validering`) and refused with the report when it
  has errors, so nothing of a broken extract is read in.
* Every unit keeps its systemID, numbers and dates; codes written as names are turned back
  into this system's codes, and a name no code list knows is reported with file, line and
  element, and nothing is imported.
* All or nothing: one logged transaction. The document files are put in the document store
  (checksummed, fsynced) as they are met, before the metadata commits; after a failure they
  are unreferenced and the store's clean-up removes them. An extract already imported (its
  arkiv's systemID exists) is refused, so running the import again never duplicates it.
* The extract's endringslogg.xml becomes part of the log, and the import itself is logged on
  the new arkiv. Screening and disposal decisions are inherited down the tree as in the rest
  of the system, so the same access rules apply; the search index is brought up to date once
  the import has committed.

arkivstruktur.xml is read in one streaming pass: an arkiv, arkivdel, klassifikasjonssystem or
klasse is created when its first child unit starts (its own fields all come before), and a
mappe, with everything below it, when it ends (a saksmappe's own fields come after its
registreringer), so memory holds one folder at a time.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.utils.dateparse import parse_date, parse_datetime
from lxml import etree  # type: ignore[import-untyped]

from arkivstruktur.models import (
    Arkiv,
    Arkivdel,
    Arkivskaper,
    Dokumentbeskrivelse,
    Dokumentobjekt,
    Dokumenttilknytning,
    ElektroniskSignatur,
    Gradering,
    Kassasjon,
    Klasse,
    Klassifikasjonssystem,
    Konvertering,
    Kryssreferanse,
    Mappe,
    Merknad,
    Part,
    Registrering,
    Skjerming,
    Sletting,
    UtfoertKassasjon,
)
from dokument.lagring import lagre_innhold
from felles.feil import DomeneFeil
from felles.tid import naa
from organisasjon.models import Virksomhet
from sakarkiv.models import Avskrivning, Dokumentflyt, Korrespondansepart, Presedens
from sok.services import indeks_oppdater
from sporing.services import (
    innlesing_av_historisk_arkiv,
    logg_historisk_endring,
    logg_opprettet,
    logget_transaksjon,
)
from tilgang.regler import krev_tillatelse
from uttrekk.arkivstruktur import IKKE_ARKIVERT, IKKE_AVSLUTTET
from uttrekk.kodeoppslag import Kodeoppslag
from uttrekk.parti import i_partier
from uttrekk.skjema import NOARK_VERSJON, NS_ADDML, NS_ARKIVSTRUKTUR, NS_ENDRINGSLOGG, XSI_TYPE
from uttrekk.validering import rapportlinjer, valider
from uttrekk.vsm import UkjentVsmFormat, les_vsm, sikre_katalog

_A = f"{{{NS_ARKIVSTRUKTUR}}}"
_PUID = re.compile(r"^(x-)?fmt/\d+$")
# Where the units below a container start: the container is created then.
_BARN = {
    "arkiv": {"arkiv", "arkivdel"},
    "arkivdel": {"klassifikasjonssystem", "mappe", "registrering"},
    "klassifikasjonssystem": {"klasse"},
    "klasse": {"klasse", "mappe", "registrering"},
}
_INTERNE_PARTTYPER = {"IA", "IM", "IK"}
# The rows inserted together per folder, owners first.
_REKKEFOELGE: tuple[type[Any], ...] = (
    Dokumentbeskrivelse,
    Dokumenttilknytning,
    Dokumentobjekt,
    Konvertering,
    Part,
    Merknad,
    Korrespondansepart,
    Avskrivning,
    Dokumentflyt,
)


class Importfeil(DomeneFeil):
    """The extract was refused; `linjer` say precisely why (file, line, element)."""

    def __init__(self, melding: str, linjer: list[str]) -> None:
        super().__init__(melding)
        self.linjer = linjer


@dataclass
class Importresultat:
    arkiv: Arkiv
    antall: Counter[str] = field(default_factory=Counter)


def _tekst(element: etree._Element, navn: str) -> str:
    barn = element.find(_A + navn)
    return (barn.text or "").strip() if barn is not None else ""


def _alle(element: etree._Element, navn: str) -> list[str]:
    return [(b.text or "").strip() for b in element.findall(_A + navn) if (b.text or "").strip()]


def _dato(element: etree._Element, navn: str) -> dt.date | None:
    verdi = _tekst(element, navn)
    return parse_date(verdi[:10]) if verdi else None


def _tid(element: etree._Element, navn: str) -> dt.datetime | None:
    verdi = _tekst(element, navn)
    return parse_datetime(verdi) if verdi else None


def _tall(element: etree._Element, navn: str) -> int | None:
    verdi = _tekst(element, navn)
    return int(verdi) if verdi else None


def _mangler(element: etree._Element, navn: str) -> DomeneFeil:
    return DomeneFeil(
        f"arkivstruktur.xml:{element.sourceline} {etree.QName(element).localname}/{navn}: "
        "mangler eller har ugyldig verdi."
    )


def _krevd_tid(element: etree._Element, navn: str) -> dt.datetime:
    verdi = _tid(element, navn)
    if verdi is None:
        raise _mangler(element, navn)
    return verdi


def _krevd_dato(element: etree._Element, navn: str) -> dt.date:
    verdi = _dato(element, navn)
    if verdi is None:
        raise _mangler(element, navn)
    return verdi


def _krevd_tall(element: etree._Element, navn: str) -> int:
    verdi = _tall(element, navn)
    if verdi is None:
        raise _mangler(element, navn)
    return verdi


def _uuid(verdi: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(verdi)
    except ValueError:
        return None


@dataclass
class _Ramme:
    """One open container of the walk: its element and, once created, its unit."""

    navn: str
    element: etree._Element
    enhet: Any = None


class _Innleser:
    def __init__(self, mappe: Path, virksomhet: Virksomhet, bruker: Any) -> None:
        self.mappe = mappe
        self.virksomhet = virksomhet
        self.bruker = bruker
        self.koder = Kodeoppslag()
        self.antall: Counter[str] = Counter()
        self.arkiv: Arkiv | None = None
        self._gjeldende_arkivdel: Arkivdel | None = None
        self.nye_mapper: list[int] = []
        self.nye_registreringer: list[int] = []
        # References resolved when every unit exists: (model, pk, field, systemID).
        self._referanser: list[tuple[type[Any], int, str, str]] = []
        self._kryssreferanser: list[tuple[str, int, str, str]] = []
        self._sekundaer: list[tuple[int, str]] = []
        # Small rows under a unit, inserted together once per folder (bulk_create).
        self._ventende: dict[type[Any], list[Any]] = defaultdict(list)
        self._ventende_svar: list[tuple[Avskrivning, str]] = []
        # Every document read (as 128-bit ints, to keep a million small), and the folder's.
        self._leste_dokumenter: set[int] = set()
        self._nye_dokumenter: dict[uuid.UUID, Dokumentbeskrivelse] = {}
        # virksomhetsspesifikkeMetadata: each name's type, and what could not be read.
        self.vsm_typer: dict[str, str] = {}
        self.vsm_problemer: list[str] = []

    # --- the walk -------------------------------------------------------------------------

    def les(self) -> Arkiv:
        stakk: list[_Ramme] = []
        sti = self.mappe / "arkivstruktur.xml"
        for hendelse, element in etree.iterparse(
            str(sti),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            huge_tree=True,
        ):
            navn = etree.QName(element).localname
            if hendelse == "start":
                if (
                    stakk
                    and navn in _BARN.get(stakk[-1].navn, ())
                    and element.getparent() is stakk[-1].element
                ):
                    self._opprett_ramme(stakk)
                if navn in _BARN:
                    stakk.append(_Ramme(navn, element))
                continue
            if stakk and element is stakk[-1].element:
                if stakk[-1].enhet is None:
                    self._opprett_ramme(stakk)
                stakk.pop()
            elif (
                navn in ("mappe", "registrering")
                and stakk
                and element.getparent() is stakk[-1].element
            ):
                forelder = stakk[-1]
                if navn == "mappe":
                    self._mappe(element, forelder, None)
                else:
                    self._registrering(element, forelder, None)
                self._lagre_ventende()
                # The unit is read in full: free it and the siblings before it.
                element.clear(keep_tail=True)
                while element.getprevious() is not None:
                    del element.getparent()[0]
        if self.arkiv is None:
            raise DomeneFeil("arkivstruktur.xml har ikke noe arkiv.")
        self._loes_referanser()
        return self.arkiv

    def _opprett_ramme(self, stakk: list[_Ramme]) -> None:
        ramme = stakk[-1]
        if ramme.enhet is not None:
            return
        forelder = stakk[-2] if len(stakk) > 1 else None
        ramme.enhet = getattr(self, f"_{ramme.navn}")(ramme.element, forelder)

    # --- containers -----------------------------------------------------------------------

    def _arkiv(self, element: etree._Element, forelder: _Ramme | None) -> Arkiv:
        if forelder is not None:
            raise DomeneFeil("Uttrekk med underarkiver kan ikke leses inn ennå.")
        system_id = self._system_id(element)
        if Arkiv.objects.filter(system_id=system_id).exists():
            raise DomeneFeil(
                f"Arkivet {system_id} er allerede lest inn; et uttrekk leses inn bare én gang."
            )
        arkiv = Arkiv(
            system_id=system_id,
            tittel=_tekst(element, "tittel"),
            beskrivelse=_tekst(element, "beskrivelse"),
            oppbevaringssted=_alle(element, "oppbevaringssted"),
            virksomhet=self.virksomhet,
            er_historisk=True,
        )
        self._koder(arkiv, element, arkivstatus="arkivstatus", dokumentmedium="dokumentmedium")
        self._stempler(arkiv, element)
        arkiv.save()
        for skaper in element.findall(_A + "arkivskaper"):
            arkiv.arkivskapere.add(
                Arkivskaper.objects.create(
                    arkivskaper_id=_tekst(skaper, "arkivskaperID"),
                    arkivskaper_navn=_tekst(skaper, "arkivskaperNavn"),
                    beskrivelse=_tekst(skaper, "beskrivelse"),
                    virksomhet=self.virksomhet,
                    opprettet_dato=arkiv.opprettet_dato,
                    opprettet_av=arkiv.opprettet_av,
                )
            )
        self.arkiv = arkiv
        self.antall["arkiv"] += 1
        return arkiv

    def _arkivdel(self, element: etree._Element, forelder: _Ramme | None) -> Arkivdel:
        forelder = _krev_forelder(element, forelder)
        arkivdel = Arkivdel(
            system_id=self._system_id(element),
            arkiv=forelder.enhet,
            tittel=_tekst(element, "tittel"),
            beskrivelse=_tekst(element, "beskrivelse"),
            oppbevaringssted=_alle(element, "oppbevaringssted"),
            arkivperiode_start_dato=_dato(element, "arkivperiodeStartDato"),
            arkivperiode_slutt_dato=_dato(element, "arkivperiodeSluttDato"),
        )
        self._koder(
            arkivdel, element, arkivdelstatus="arkivdelstatus", dokumentmedium="dokumentmedium"
        )
        self._stempler(arkivdel, element)
        self._skjerming_og_kassasjon(arkivdel, element, None)
        arkivdel.utfoert_kassasjon = self._utfoert_kassasjon(element)
        arkivdel.sletting = self._sletting(element)
        arkivdel.save()
        forloeper = _tekst(element, "referanseForloeper")
        if forloeper:
            self._referanser.append((Arkivdel, arkivdel.pk, "referanse_forloeper", forloeper))
        self.antall["arkivdel"] += 1
        self._gjeldende_arkivdel = arkivdel
        return arkivdel

    def _klassifikasjonssystem(
        self, element: etree._Element, forelder: _Ramme | None
    ) -> Klassifikasjonssystem:
        forelder = _krev_forelder(element, forelder)
        system = Klassifikasjonssystem(
            system_id=self._system_id(element),
            tittel=_tekst(element, "tittel"),
            beskrivelse=_tekst(element, "beskrivelse"),
        )
        self._koder(system, element, klassifikasjonstype="klassifikasjonstype")
        self._stempler(system, element, avsluttet_paakrevd=False)
        system.save()
        arkivdel: Arkivdel = forelder.enhet
        if arkivdel.klassifikasjonssystem_id is None:
            arkivdel.klassifikasjonssystem = system
            arkivdel.save(update_fields=["klassifikasjonssystem"])
        else:
            arkivdel.sekundaere_klassifikasjonssystemer.add(system)
        self.antall["klassifikasjonssystem"] += 1
        return system

    def _klasse(self, element: etree._Element, forelder: _Ramme | None) -> Klasse:
        forelder = _krev_forelder(element, forelder)
        er_underklasse = forelder.navn == "klasse"
        klasse = Klasse(
            system_id=self._system_id(element),
            klassifikasjonssystem=(
                forelder.enhet.klassifikasjonssystem if er_underklasse else forelder.enhet
            ),
            overordnet_klasse=forelder.enhet if er_underklasse else None,
            klasse_id=_tekst(element, "klasseID"),
            tittel=_tekst(element, "tittel"),
            beskrivelse=_tekst(element, "beskrivelse"),
            noekkelord=_alle(element, "noekkelord"),
        )
        self._stempler(klasse, element, avsluttet_paakrevd=False)
        self._skjerming_og_kassasjon(klasse, element, forelder.enhet if er_underklasse else None)
        klasse.save()
        for kryss in element.findall(_A + "kryssreferanse"):
            self._kryssreferanser.append(
                ("fra_klasse", klasse.pk, "til_klasse", _tekst(kryss, "referanseTilKlasse"))
            )
        self.antall["klasse"] += 1
        return klasse

    # --- mapper and registreringer --------------------------------------------------------

    def _plassering(self, forelder: _Ramme) -> tuple[Arkivdel, Klasse | None]:
        """The arkivdel being read (arkivdeler follow each other in the file) and the klasse,
        when the unit lies in one."""
        if self._gjeldende_arkivdel is None:
            raise DomeneFeil("En mappe eller registrering ligger utenfor en arkivdel.")
        return self._gjeldende_arkivdel, forelder.enhet if forelder.navn == "klasse" else None

    def _i_arkivdel(
        self, element: etree._Element, arkivdel: Arkivdel, klasse: Klasse | None
    ) -> dict[str, Any]:
        """What a mappe and a registrering have alike: place, identity and description."""
        return {
            "system_id": self._system_id(element),
            "arkiv": self.arkiv,
            "arkivdel": arkivdel,
            "klasse": klasse,
            "tittel": _tekst(element, "tittel"),
            "offentlig_tittel": _tekst(element, "offentligTittel"),
            "beskrivelse": _tekst(element, "beskrivelse"),
            "noekkelord": _alle(element, "noekkelord"),
            "oppbevaringssted": _alle(element, "oppbevaringssted"),
            "virksomhetsspesifikke_metadata": self._vsm(element),
        }

    def _vsm(self, element: etree._Element) -> dict[str, Any] | None:
        try:
            verdier, typer = les_vsm(element)
        except UkjentVsmFormat as feil:
            self.vsm_problemer.append(f"arkivstruktur.xml: {feil}")
            return None
        for navn, type_ in typer.items():
            if self.vsm_typer.setdefault(navn, type_) != type_:
                self.vsm_problemer.append(
                    f"arkivstruktur.xml linje {element.sourceline}: «{navn}» er både "
                    f"{self.vsm_typer[navn]} og {type_}."
                )
        return verdier

    def _mappe(self, element: etree._Element, forelder: _Ramme, overmappe: Mappe | None) -> Mappe:
        arkivdel, klasse = (
            (overmappe.arkivdel, overmappe.klasse) if overmappe else self._plassering(forelder)
        )
        er_saksmappe = element.get(XSI_TYPE, "").split(":")[-1] == "saksmappe"
        mappe = Mappe(
            mappetype="saksmappe" if er_saksmappe else "mappe",
            overmappe=overmappe,
            mappe_id=_tekst(element, "mappeID"),
            **self._i_arkivdel(element, arkivdel, klasse),
        )
        self._koder(mappe, element, dokumentmedium="dokumentmedium")
        self._stempler(mappe, element)
        self._skjerming_og_kassasjon(mappe, element, overmappe or klasse or arkivdel)
        if er_saksmappe:
            mappe.saksaar = _tall(element, "saksaar")
            mappe.sakssekvensnummer = _tall(element, "sakssekvensnummer")
            mappe.saksdato = _dato(element, "saksdato")
            mappe.administrativ_enhet = _tekst(element, "administrativEnhet")
            mappe.saksansvarlig = _tekst(element, "saksansvarlig")
            mappe.journalenhet = _tekst(element, "journalenhet")
            mappe.utlaant_dato = _dato(element, "utlaantDato")
            mappe.utlaant_til = _tekst(element, "utlaantTil")
            self._koder(mappe, element, saksstatus="saksstatus")
        mappe.save()
        self.nye_mapper.append(mappe.pk)
        self.antall["mappe"] += 1
        self._parter(element, mappe=mappe)
        self._merknader(element, mappe=mappe)
        for kryss in element.findall(_A + "kryssreferanse"):
            self._kryss("fra_mappe", mappe.pk, kryss)
        for referanse in _alle(element, "referanseSekundaerKlassifikasjon"):
            self._sekundaer.append((mappe.pk, referanse))
        for presedens in element.findall(_A + "presedens"):
            self._presedens(presedens).saksmapper.add(mappe)
        for barn in element:
            navn = etree.QName(barn).localname
            if navn == "mappe":
                self._mappe(barn, forelder, mappe)
            elif navn == "registrering":
                self._registrering(barn, forelder, mappe)
        return mappe

    def _registrering(
        self, element: etree._Element, forelder: _Ramme, mappe: Mappe | None
    ) -> Registrering:
        arkivdel, klasse = (mappe.arkivdel, None) if mappe else self._plassering(forelder)
        type_ = element.get(XSI_TYPE, "registrering").split(":")[-1]
        if type_ not in ("registrering", "journalpost", "arkivnotat"):
            raise DomeneFeil(f"Registreringer av typen «{type_}» kan ikke leses inn ennå.")
        arkivert_av = _tekst(element, "arkivertAv")
        registrering = Registrering(
            registreringstype=type_,
            mappe=mappe,
            forfatter=_alle(element, "forfatter"),
            **self._i_arkivdel(element, arkivdel, klasse),
            arkivert_dato=None if arkivert_av == IKKE_ARKIVERT else _tid(element, "arkivertDato"),
            arkivert_av="" if arkivert_av == IKKE_ARKIVERT else arkivert_av,
            journalaar=_tall(element, "journalaar"),
            journalsekvensnummer=_tall(element, "journalsekvensnummer"),
            journalpostnummer=_tall(element, "journalpostnummer"),
            journaldato=_dato(element, "journaldato"),
            dokumentets_dato=_dato(element, "dokumentetsDato"),
            mottatt_dato=_tid(element, "mottattDato"),
            sendt_dato=_tid(element, "sendtDato"),
            forfallsdato=_dato(element, "forfallsdato"),
            offentlighetsvurdert_dato=_dato(element, "offentlighetsvurdertDato"),
            antall_vedlegg=_tall(element, "antallVedlegg"),
            utlaant_dato=_dato(element, "utlaantDato"),
            utlaant_til=_tekst(element, "utlaantTil"),
            journalenhet=_tekst(element, "journalenhet"),
        )
        registrering.registrerings_id = _tekst(element, "registreringsID") or (
            f"{registrering.journalaar}/{registrering.journalsekvensnummer}"
            if registrering.journalaar
            else str(registrering.system_id)
        )
        registrering.opprettet_dato = _krevd_tid(element, "opprettetDato")
        registrering.opprettet_av = _tekst(element, "opprettetAv")
        self._koder(
            registrering,
            element,
            dokumentmedium="dokumentmedium",
            journalposttype="journalposttype",
            journalstatus="journalstatus",
        )
        self._skjerming_og_kassasjon(registrering, element, mappe or klasse or arkivdel)
        registrering.elektronisk_signatur = self._signatur(element)
        registrering.siste_dokumentnummer = max(
            (_tall(d, "dokumentnummer") or 0 for d in element.findall(_A + "dokumentbeskrivelse")),
            default=0,
        )
        registrering.save()
        self.nye_registreringer.append(registrering.pk)
        self.antall["registrering"] += 1
        self._parter(element, registrering=registrering)
        self._merknader(element, registrering=registrering)
        for kryss in element.findall(_A + "kryssreferanse"):
            self._kryss("fra_registrering", registrering.pk, kryss)
        for part in element.findall(_A + "korrespondansepart"):
            self._korrespondansepart(part, registrering)
        for avskrivning in element.findall(_A + "avskrivning"):
            self._avskrivning(avskrivning, registrering)
        for flyt in element.findall(_A + "dokumentflyt"):
            self._dokumentflyt(flyt, registrering)
        for presedens in element.findall(_A + "presedens"):
            self._presedens(presedens).journalposter.add(registrering)
        for beskrivelse in element.findall(_A + "dokumentbeskrivelse"):
            self._dokumentbeskrivelse(beskrivelse, registrering)
        return registrering

    # --- documents ------------------------------------------------------------------------

    def _dokumentbeskrivelse(self, element: etree._Element, registrering: Registrering) -> None:
        system_id = self._system_id(element)
        dokument = self._dokument(system_id)
        if dokument is None:
            dokument = Dokumentbeskrivelse(
                system_id=system_id,
                tittel=_tekst(element, "tittel"),
                beskrivelse=_tekst(element, "beskrivelse"),
                forfatter=_alle(element, "forfatter"),
                oppbevaringssted=_tekst(element, "oppbevaringssted"),
                arkivdel=registrering.arkivdel,
            )
            self._koder(
                dokument,
                element,
                dokumenttype="dokumenttype",
                dokumentstatus="dokumentstatus",
                dokumentmedium="dokumentmedium",
            )
            dokument.opprettet_dato = _krevd_tid(element, "opprettetDato")
            dokument.opprettet_av = _tekst(element, "opprettetAv")
            self._skjerming_og_kassasjon(dokument, element, registrering)
            dokument.utfoert_kassasjon = self._utfoert_kassasjon(element)
            dokument.sletting = self._sletting(element)
            dokument.elektronisk_signatur = self._signatur(element)
            self._ventende[Dokumentbeskrivelse].append(dokument)
            self._nye_dokumenter[system_id] = dokument
            self._leste_dokumenter.add(system_id.int)
            self.antall["dokumentbeskrivelse"] += 1
            self._parter(element, dokumentbeskrivelse=dokument)
            self._merknader(element, dokumentbeskrivelse=dokument)
            for objekt in element.findall(_A + "dokumentobjekt"):
                self._dokumentobjekt(objekt, dokument)
        tilknytning = Dokumenttilknytning(
            registrering=registrering,
            dokumentbeskrivelse=dokument,
            dokumentnummer=_krevd_tall(element, "dokumentnummer"),
            tilknyttet_dato=_krevd_tid(element, "tilknyttetDato"),
            tilknyttet_av=_tekst(element, "tilknyttetAv"),
        )
        self._koder(tilknytning, element, tilknyttet_registrering_som="tilknyttetRegistreringSom")
        self._ventende[Dokumenttilknytning].append(tilknytning)

    def _dokumentobjekt(self, element: etree._Element, dokument: Dokumentbeskrivelse) -> None:
        referanse = _tekst(element, "referanseDokumentfil").replace("\\", "/")
        fil = self.mappe / PurePosixPath(referanse)
        with fil.open("rb") as innhold:
            lagret = lagre_innhold(innhold, maks_stoerrelse=1 << 62)
        if lagret.sjekksum != _tekst(element, "sjekksum").lower():
            raise DomeneFeil(
                f"{referanse}: sjekksummen i arkivstruktur.xml stemmer ikke med filen "
                f"(filen har {lagret.sjekksum})."
            )
        detaljer = _tekst(element, "formatDetaljer")
        puid, _, rest = detaljer.partition(" ")
        if _PUID.match(puid):
            format_, format_detaljer = puid, rest
        else:
            format_, format_detaljer = _tekst(element, "format"), detaljer
        objekt = Dokumentobjekt(
            system_id=self._system_id(element),
            dokumentbeskrivelse=dokument,
            versjonsnummer=_krevd_tall(element, "versjonsnummer"),
            format=format_,
            format_detaljer=format_detaljer,
            filnavn=PurePosixPath(referanse).name,
            sjekksum=lagret.sjekksum,
            filstoerrelse=lagret.filstoerrelse,
        )
        self._koder(objekt, element, variantformat="variantformat")
        objekt.opprettet_dato = _krevd_tid(element, "opprettetDato")
        objekt.opprettet_av = _tekst(element, "opprettetAv")
        objekt.elektronisk_signatur = self._signatur(element)
        self._ventende[Dokumentobjekt].append(objekt)
        self.antall["dokumentobjekt"] += 1
        for konvertering in element.findall(_A + "konvertering"):
            self._ventende[Konvertering].append(
                Konvertering(
                    dokumentobjekt=objekt,
                    konvertert_dato=_krevd_tid(konvertering, "konvertertDato"),
                    konvertert_av=_tekst(konvertering, "konvertertAv"),
                    konvertert_fra_format=_tekst(konvertering, "konvertertFraFormat"),
                    konvertert_til_format=_tekst(konvertering, "konvertertTilFormat"),
                    konverteringsverktoey=_tekst(konvertering, "konverteringsverktoey"),
                    konverteringskommentar=_tekst(konvertering, "konverteringskommentar"),
                )
            )

    def _dokument(self, system_id: uuid.UUID) -> Dokumentbeskrivelse | None:
        """A document already read: one description may belong to several registreringer
        (model.md §3.13), usually in the same folder, whose rows still wait."""
        if system_id.int not in self._leste_dokumenter:
            return None
        return self._nye_dokumenter.get(system_id) or Dokumentbeskrivelse.objects.get(
            system_id=system_id
        )

    # --- parts of a unit ------------------------------------------------------------------

    def _parter(self, element: etree._Element, **eier: Any) -> None:
        for del_ in element.findall(_A + "part"):
            part = Part(
                part_id=_tekst(del_, "partID"),
                part_navn=_tekst(del_, "partNavn"),
                **_adresse(del_),
                virksomhetsspesifikke_metadata=self._vsm(del_),
                **eier,
            )
            self._koder(part, del_, part_rolle="partRolle")
            self._ventende[Part].append(part)

    def _korrespondansepart(self, element: etree._Element, registrering: Registrering) -> None:
        part = Korrespondansepart(
            registrering=registrering,
            korrespondansepart_navn=_tekst(element, "korrespondansepartNavn"),
            administrativ_enhet=_tekst(element, "administrativEnhet"),
            saksbehandler=_tekst(element, "saksbehandler"),
            **_adresse(element),
        )
        self._koder(part, element, korrespondanseparttype="korrespondanseparttype")
        part.korrespondansepartsubtype = (
            "intern" if part.korrespondanseparttype in _INTERNE_PARTTYPER else "person"
        )
        self._ventende[Korrespondansepart].append(part)

    def _merknader(self, element: etree._Element, **eier: Any) -> None:
        for del_ in element.findall(_A + "merknad"):
            merknad = Merknad(
                merknadstekst=_tekst(del_, "merknadstekst"),
                merknadsdato=_krevd_tid(del_, "merknadsdato"),
                merknad_registrert_av=_tekst(del_, "merknadRegistrertAv"),
                **eier,
            )
            self._koder(merknad, del_, merknadstype="merknadstype")
            self._ventende[Merknad].append(merknad)

    def _kryss(self, fra: str, fra_pk: int, element: etree._Element) -> None:
        for navn, til in (
            ("referanseTilMappe", "til_mappe"),
            ("referanseTilRegistrering", "til_registrering"),
        ):
            if _tekst(element, navn):
                self._kryssreferanser.append((fra, fra_pk, til, _tekst(element, navn)))

    def _avskrivning(self, element: etree._Element, journalpost: Registrering) -> None:
        avskrivning = Avskrivning(
            journalpost=journalpost,
            avskrivningsdato=_krevd_dato(element, "avskrivningsdato"),
            avskrevet_av=_tekst(element, "avskrevetAv"),
        )
        self._koder(avskrivning, element, avskrivningsmaate="avskrivningsmaate")
        self._ventende[Avskrivning].append(avskrivning)
        svar = _tekst(element, "referanseAvskrivesAvJournalpost")
        if svar:
            self._ventende_svar.append((avskrivning, svar))

    def _dokumentflyt(self, element: etree._Element, registrering: Registrering) -> None:
        flyt = Dokumentflyt(
            registrering=registrering,
            flyt_til=_tekst(element, "flytTil"),
            flyt_fra=_tekst(element, "flytFra"),
            flyt_mottatt_dato=_tid(element, "flytMottattDato"),
            flyt_sendt_dato=_krevd_tid(element, "flytSendtDato"),
            flyt_merknad=_tekst(element, "flytMerknad"),
        )
        self._koder(flyt, element, flyt_status="flytStatus")
        self._ventende[Dokumentflyt].append(flyt)

    def _presedens(self, element: etree._Element) -> Presedens:
        presedens = Presedens(
            presedens_dato=_krevd_dato(element, "presedensDato"),
            opprettet_dato=_krevd_tid(element, "opprettetDato"),
            opprettet_av=_tekst(element, "opprettetAv"),
            tittel=_tekst(element, "tittel"),
            beskrivelse=_tekst(element, "beskrivelse"),
            presedens_hjemmel=_tekst(element, "presedensHjemmel"),
            rettskildefaktor=_tekst(element, "rettskildefaktor"),
            presedens_godkjent_dato=_dato(element, "presedensGodkjentDato"),
            presedens_godkjent_av=_tekst(element, "presedensGodkjentAv"),
            avsluttet_dato=_tid(element, "avsluttetDato"),
            avsluttet_av=_tekst(element, "avsluttetAv"),
        )
        self._koder(presedens, element, presedens_status="presedensStatus")
        presedens.save()
        return presedens

    def _lagre_ventende(self) -> None:
        """Insert the folder's waiting rows, a statement per kind, owners before what hangs
        under them (bulk_create gives each row its id, which the rows below then take)."""
        for modell in _REKKEFOELGE:
            if self._ventende.get(modell):
                modell.objects.bulk_create(self._ventende[modell], batch_size=500)
        self._nye_dokumenter.clear()
        for avskrivning, svar in self._ventende_svar:
            self._referanser.append(
                (Avskrivning, avskrivning.pk, "referanse_avskrives_av_journalpost", svar)
            )
        self._ventende.clear()
        self._ventende_svar.clear()

    def _skjerming_og_kassasjon(self, enhet: Any, element: etree._Element, forelder: Any) -> None:
        """The unit's own skjerming, gradering and kassasjon; what it has not got of its own
        it inherits from `forelder` (model.md §6.6), as units made in the system do."""
        skjerming = element.find(_A + "skjerming")
        if skjerming is not None:
            enhet.skjerming = Skjerming(
                skjermingshjemmel=_tekst(skjerming, "skjermingshjemmel"),
                skjerming_metadata=[
                    self.koder.kode("skjermingmetadata", navn, skjerming, "skjermingMetadata")
                    for navn in _alle(skjerming, "skjermingMetadata")
                ],
                skjermingsvarighet=_tall(skjerming, "skjermingsvarighet"),
                skjerming_opphoerer_dato=_dato(skjerming, "skjermingOpphoererDato"),
            )
            self._koder(
                enhet.skjerming,
                skjerming,
                tilgangsrestriksjon="tilgangsrestriksjon",
                skjerming_dokument="skjermingDokument",
            )
            enhet.skjerming.save()
        elif forelder is not None and getattr(forelder, "skjerming_id", None):
            enhet.skjerming_id, enhet.skjerming_er_arvet = forelder.skjerming_id, True
        gradering = element.find(_A + "gradering")
        if gradering is not None:
            enhet.gradering = Gradering(
                graderingsdato=_krevd_tid(gradering, "graderingsdato"),
                gradert_av=_tekst(gradering, "gradertAv"),
                nedgraderingsdato=_tid(gradering, "nedgraderingsdato"),
                nedgradert_av=_tekst(gradering, "nedgradertAv"),
            )
            self._koder(enhet.gradering, gradering, graderingskode="grad")
            enhet.gradering.save()
        kassasjon = element.find(_A + "kassasjon")
        if kassasjon is not None:
            enhet.kassasjon = Kassasjon(
                kassasjonshjemmel=_tekst(kassasjon, "kassasjonshjemmel"),
                bevaringstid=_krevd_tall(kassasjon, "bevaringstid"),
                kassasjonsdato=_dato(kassasjon, "kassasjonsdato"),
            )
            self._koder(enhet.kassasjon, kassasjon, kassasjonsvedtak="kassasjonsvedtak")
            enhet.kassasjon.save()
        elif forelder is not None and getattr(forelder, "kassasjon_id", None):
            enhet.kassasjon_id, enhet.kassasjon_er_arvet = forelder.kassasjon_id, True

    def _utfoert_kassasjon(self, element: etree._Element) -> UtfoertKassasjon | None:
        utfoert = element.find(_A + "utfoertKassasjon")
        if utfoert is None:
            return None
        return UtfoertKassasjon.objects.create(
            kassert_dato=_krevd_tid(utfoert, "kassertDato"), kassert_av=_tekst(utfoert, "kassertAv")
        )

    def _sletting(self, element: etree._Element) -> Sletting | None:
        sletting = element.find(_A + "sletting")
        if sletting is None:
            return None
        rad = Sletting(
            slettet_dato=_krevd_tid(sletting, "slettetDato"),
            slettet_av=_tekst(sletting, "slettetAv"),
        )
        self._koder(rad, sletting, slettingstype="slettingstype")
        rad.save()
        return rad

    def _signatur(self, element: etree._Element) -> ElektroniskSignatur | None:
        signatur = element.find(_A + "elektroniskSignatur")
        if signatur is None:
            return None
        rad = ElektroniskSignatur(
            verifisert_dato=_krevd_tid(signatur, "verifisertDato"),
            verifisert_av=_tekst(signatur, "verifisertAv"),
        )
        self._koder(
            rad,
            signatur,
            elektronisk_signatur_sikkerhetsnivaa="elektroniskSignaturSikkerhetsnivaa",
            elektronisk_signatur_verifisert="elektroniskSignaturVerifisert",
        )
        rad.save()
        return rad

    # --- shared ---------------------------------------------------------------------------

    def _system_id(self, element: etree._Element) -> uuid.UUID:
        verdi = _tekst(element, "systemID")
        system_id = _uuid(verdi)
        if system_id is None:
            self.koder.problem(element, "systemID", f"«{verdi}» er ikke en UUID")
            return uuid.uuid4()
        return system_id

    def _koder(self, enhet: Any, element: etree._Element, **felter: str) -> None:
        """Set each code field from the element's kodenavn (or kode) in the field's list."""
        for felt, elementnavn in felter.items():
            verdi = _tekst(element, elementnavn)
            if not verdi:
                continue
            kodeliste = type(enhet)._meta.get_field(felt).kodeliste
            kode = self.koder.kode(kodeliste, verdi, element, elementnavn)
            setattr(enhet, felt, kode)
            setattr(enhet, f"{felt}_kodenavn", self.koder.navn(kodeliste, kode))

    def _stempler(
        self, enhet: Any, element: etree._Element, *, avsluttet_paakrevd: bool = True
    ) -> None:
        enhet.opprettet_dato = _krevd_tid(element, "opprettetDato")
        enhet.opprettet_av = _tekst(element, "opprettetAv")
        avsluttet_av = _tekst(element, "avsluttetAv")
        if avsluttet_av and avsluttet_av != IKKE_AVSLUTTET:
            enhet.avsluttet_dato = _tid(element, "avsluttetDato")
            enhet.avsluttet_av = avsluttet_av

    def _loes_referanser(self) -> None:
        """References to units read later in the file (avskrivning → the answer, forløper,
        kryssreferanser, secondary classes), resolved by systemID once all exist, a batch of
        500 per query."""
        per_felt: dict[tuple[type[Any], str], list[tuple[int, str]]] = defaultdict(list)
        for modell, pk, felt, system_id in self._referanser:
            per_felt[(modell, felt)].append((pk, system_id))
        for (modell, felt), par in per_felt.items():
            maal_modell = modell._meta.get_field(felt).related_model
            for bolk in i_partier(iter(par), 500):
                maal = _etter_system_id(maal_modell, [s for _, s in bolk], felt)
                rader = modell.objects.in_bulk([pk for pk, _ in bolk])
                for pk, system_id in bolk:
                    setattr(rader[pk], f"{felt}_id", maal[system_id])
                modell.objects.bulk_update(list(rader.values()), [felt])
        modeller: dict[str, type[Klasse | Mappe | Registrering]] = {
            "til_klasse": Klasse,
            "til_mappe": Mappe,
            "til_registrering": Registrering,
        }
        for bolk in i_partier(iter(self._kryssreferanser), 500):
            kryss = []
            for fra, fra_pk, til, system_id in bolk:
                maal = _etter_system_id(modeller[til], [system_id], "kryssreferanse")
                kryss.append(
                    Kryssreferanse(
                        **{f"{fra}_id": fra_pk, f"{til}_id": maal[system_id]},
                        opprettet_dato=naa(),
                        opprettet_av=self.bruker.visningsnavn,
                    )
                )
            Kryssreferanse.objects.bulk_create(kryss)
        gjennom = Mappe.sekundaerklassifikasjon.through
        for bolk in i_partier(iter(self._sekundaer), 500):
            klasser = _etter_system_id(
                Klasse, [s for _, s in bolk], "referanseSekundaerKlassifikasjon"
            )
            gjennom.objects.bulk_create(
                gjennom(mappe_id=mappe_pk, klasse_id=klasser[system_id])
                for mappe_pk, system_id in bolk
            )


def _etter_system_id(modell: type[Any], system_ider: list[str], hva: str) -> dict[str, int]:
    """systemID as written → the row's id; a reference to no unit of the import is refused."""
    som_uuid = {verdi: _uuid(verdi) for verdi in system_ider}
    funnet = dict(
        modell.objects.filter(
            system_id__in=[u for u in som_uuid.values() if u is not None]
        ).values_list("system_id", "pk")
    )
    resultat = {}
    for verdi, nokkel in som_uuid.items():
        if nokkel not in funnet:
            raise DomeneFeil(f"{hva}: fant ingen enhet med systemID {verdi}.")
        resultat[verdi] = funnet[nokkel]
    return resultat


def _krev_forelder(element: etree._Element, forelder: _Ramme | None) -> _Ramme:
    if forelder is None:
        raise DomeneFeil(
            f"arkivstruktur.xml:{element.sourceline}: {etree.QName(element).localname} "
            "ligger utenfor et arkiv."
        )
    return forelder


def _adresse(element: etree._Element) -> dict[str, Any]:
    return {
        "postadresse": _alle(element, "postadresse"),
        "postnummer": _tekst(element, "postnummer"),
        "poststed": _tekst(element, "poststed"),
        "land": _tekst(element, "land"),
        "epostadresse": _tekst(element, "epostadresse"),
        "telefonnummer": _alle(element, "telefonnummer"),
        "kontaktperson": _tekst(element, "kontaktperson"),
    }


def _versjon(mappe: Path) -> str:
    addml = etree.parse(
        str(mappe / "arkivuttrekk.xml"), etree.XMLParser(resolve_entities=False, no_network=True)
    )
    verdier = addml.xpath(
        "//a:property[@name='type']/a:properties/a:property[@name='version']/a:value/text()",
        namespaces={"a": NS_ADDML},
    )
    return str(verdier[0]).strip() if verdier else ""


def _les_endringslogg(mappe: Path, bruker: Any) -> int:
    sti = mappe / "endringslogg.xml"
    if not sti.exists():
        return 0
    antall = 0
    e = f"{{{NS_ENDRINGSLOGG}}}"
    for _, endring in etree.iterparse(
        str(sti), events=("end",), tag=e + "endring", resolve_entities=False, no_network=True
    ):

        def verdi(navn: str, endring: etree._Element = endring) -> str:
            return (endring.findtext(e + navn) or "").strip()

        endret_dato = parse_datetime(verdi("endretDato"))
        referanse = _uuid(verdi("referanseArkivenhet"))
        if endret_dato is None or referanse is None:
            raise DomeneFeil(f"endringslogg.xml:{endring.sourceline}: ugyldig endring.")
        logg_historisk_endring(
            referanse_arkivenhet=referanse,
            felt=verdi("referanseMetadata"),
            endret_dato=endret_dato,
            endret_av=verdi("endretAv"),
            tidligere=verdi("tidligereVerdi"),
            ny=verdi("nyVerdi"),
            utfoert_av=bruker,
        )
        antall += 1
        endring.clear(keep_tail=True)
    return antall


def importer(*, mappe: Path, virksomhet: Virksomhet, bruker: Any) -> Importresultat:
    krev_tillatelse(
        bruker,
        "arkivstruktur.forvalte",
        Arkiv(virksomhet=virksomhet),
        melding="Bare arkivaren eller systemadministratoren kan lese inn arkivuttrekk.",
    )
    rapport = valider(mappe)
    if not rapport.er_gyldig:
        raise Importfeil(
            f"Uttrekket har {len(rapport.feil)} feil og er ikke lest inn.",
            list(rapportlinjer(rapport)),
        )
    versjon = _versjon(mappe)
    if versjon != NOARK_VERSJON:
        raise Importfeil(
            f"Uttrekket er Noark 5 versjon «{versjon}»; bare versjon {NOARK_VERSJON} kan leses "
            "inn ennå.",
            [],
        )
    innleser = _Innleser(mappe, virksomhet, bruker)
    with logget_transaksjon(), innlesing_av_historisk_arkiv():
        arkiv = innleser.les()
        if innleser.koder.problemer:
            raise Importfeil(
                f"Uttrekket har {len(innleser.koder.problemer)} ukjente verdier og er ikke lest "
                "inn.",
                innleser.koder.problemer,
            )
        vsm_problemer = innleser.vsm_problemer or sikre_katalog(
            innleser.vsm_typer, utfoert_av=bruker, kilde=mappe.name
        )
        if vsm_problemer:
            raise Importfeil(
                f"Uttrekket har {len(vsm_problemer)} virksomhetsspesifikke metadata Arkivar "
                "ikke kan ta vare på, og er ikke lest inn.",
                vsm_problemer,
            )
        innleser.antall["endring"] = _les_endringslogg(mappe, bruker)
        logg_opprettet(
            arkiv, utfoert_av=bruker, beskrivelse=f"Lest inn fra arkivuttrekk {mappe.name}"
        )
    # After the commit, in batches: the index of a million records is not one statement.
    for mapper in i_partier(iter(innleser.nye_mapper), 500):
        indeks_oppdater(mapper=mapper)
    for registreringer in i_partier(iter(innleser.nye_registreringer), 500):
        indeks_oppdater(registreringer=registreringer)
    return Importresultat(arkiv=arkiv, antall=innleser.antall)
