"""arkivstruktur.xml: the archive itself, written as it is read, one folder at a time.

The file is written with lxml's incremental writer: the enclosing arkiv, arkivdel, klasse
elements are opened as the walk comes to them, and each mappe is built as a small tree with
everything below it and written out at once, so memory holds one batch of folders however
large the arkivdel. Element order follows the 5.0 schema (arkivuttrekk.md §4). Each element is
written on its own line, so the validator's findings point at a line that means something.

Two points the schema forces:

* `avsluttetDato`/`avsluttetAv` (arkiv, arkivdel, mappe) and `arkivertDato`/`arkivertAv`
  (registrering) are required. A deposit of a running archive holds units that are not closed
  yet: they get the time of the extract and the text `IKKE_AVSLUTTET`, while their status
  (saksstatus, journalstatus, arkivdelstatus) says truthfully that they are open.
* A unit's skjerming and kassasjon are written where they were decided, not on every unit that
  inherits them (model.md §6.6), so the extract says where each decision was made.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from lxml import etree  # type: ignore[import-untyped]

from arkivstruktur.models import (
    Arkivdel,
    Dokumentbeskrivelse,
    Dokumentobjekt,
    Dokumenttilknytning,
    Klasse,
    Klassifikasjonssystem,
    Kryssreferanse,
    Mappe,
    Registrering,
)
from felles.feil import DomeneFeil
from felles.tid import dato_i_oslo, legg_til_aar
from kodeliste.services import kodenavn
from sakarkiv.models import Avskrivning, Korrespondansepart
from uttrekk.dokumentfiler import Dokumentfiler
from uttrekk.journaler import Journaler
from uttrekk.parti import Parti, blant, i_partier, registreringsrader
from uttrekk.selectors import UNDERMAPPENIVAAER, Omfang
from uttrekk.skjema import NS_ARKIVSTRUKTUR, NS_XSI, XSI_TYPE
from uttrekk.skriving import Navnerom, navn
from uttrekk.vsm import katalogtyper, skriv_vsm

A = Navnerom(NS_ARKIVSTRUKTUR)
IKKE_AVSLUTTET = "Ikke avsluttet ved uttrekket"
IKKE_ARKIVERT = "Ikke arkivert ved uttrekket"
MAPPER_PER_PARTI = 200


@dataclass
class Opptelling:
    """What was written: the counts and flags arkivuttrekk.xml and the journals declare."""

    mapper: int = 0
    registreringer: int = 0
    dokumentfiler: int = 0
    antall_journalposter: int = 0
    foerste_journaldato: dt.date | None = None
    siste_journaldato: dt.date | None = None
    har_skjerming: bool = False
    har_kassasjon: bool = False
    har_utfoert_kassasjon: bool = False
    har_virksomhetsspesifikke_metadata: bool = False

    def journalpost(self, journaldato: dt.date) -> None:
        self.antall_journalposter += 1
        if self.foerste_journaldato is None or journaldato < self.foerste_journaldato:
            self.foerste_journaldato = journaldato
        if self.siste_journaldato is None or journaldato > self.siste_journaldato:
            self.siste_journaldato = journaldato


class ArkivstrukturSkriver:
    def __init__(
        self, omfang: Omfang, utmappe: Path, tidspunkt: dt.datetime, journaler: Journaler
    ) -> None:
        self.omfang = omfang
        self.tidspunkt = tidspunkt
        self.filer = Dokumentfiler(utmappe)
        self.telling = Opptelling()
        self.utmappe = utmappe
        self.journaler = journaler
        self._forventet = (0, 0)  # mapper, registreringer in the arkivdeler walked so far
        self._mappeparti = self._parti = Parti()
        self._klasser: dict[int, Klasse] = {}  # of the classification systems walked
        self._denne_mappen: Mappe | None = None  # the one being written
        self._vsm_typer = katalogtyper()

    def skriv(self) -> Opptelling:
        arkiv = self.omfang.arkiv
        with (
            (self.utmappe / "arkivstruktur.xml").open("wb") as fil,
            etree.xmlfile(fil, encoding="utf-8") as xf,
        ):
            xf.write_declaration()
            with xf.element(A.q("arkiv"), nsmap={None: NS_ARKIVSTRUKTUR, "xsi": NS_XSI}):
                hode = A.element("arkiv")
                A.felt(hode, "systemID", arkiv.system_id)
                A.felt(hode, "tittel", arkiv.tittel)
                A.felt(hode, "beskrivelse", arkiv.beskrivelse)
                A.felt(hode, "arkivstatus", navn(arkiv, "arkivstatus"))
                A.felt(hode, "dokumentmedium", navn(arkiv, "dokumentmedium"))
                A.felter(hode, "oppbevaringssted", arkiv.oppbevaringssted)
                self._opprettet(hode, arkiv)
                self._avsluttet(hode, arkiv)
                for arkivskaper in arkiv.arkivskapere.order_by("pk"):
                    element = A.under(hode, "arkivskaper")
                    A.felt(element, "arkivskaperID", arkivskaper.arkivskaper_id)
                    A.felt(element, "arkivskaperNavn", arkivskaper.arkivskaper_navn)
                    A.felt(element, "beskrivelse", arkivskaper.beskrivelse)
                _skriv_barn(xf, hode)
                _krev_egne_klassifikasjonssystemer(self.omfang.arkivdeler)
                for arkivdel in self.omfang.arkivdeler:
                    self._arkivdel(xf, arkivdel)
        self.telling.dokumentfiler = self.filer.antall
        return self.telling

    # --- arkivdel and classification ------------------------------------------------------

    def _arkivdel(self, xf: Any, arkivdel: Arkivdel) -> None:
        with xf.element(A.q("arkivdel")):
            hode = A.element("arkivdel")
            A.felt(hode, "systemID", arkivdel.system_id)
            A.felt(hode, "tittel", arkivdel.tittel)
            A.felt(hode, "beskrivelse", arkivdel.beskrivelse)
            A.felt(hode, "arkivdelstatus", navn(arkivdel, "arkivdelstatus"))
            A.felt(hode, "dokumentmedium", navn(arkivdel, "dokumentmedium"))
            A.felter(hode, "oppbevaringssted", arkivdel.oppbevaringssted)
            self._opprettet(hode, arkivdel)
            self._avsluttet(hode, arkivdel)
            A.felt(hode, "arkivperiodeStartDato", arkivdel.arkivperiode_start_dato)
            A.felt(hode, "arkivperiodeSluttDato", arkivdel.arkivperiode_slutt_dato)
            forloeper = arkivdel.referanse_forloeper
            A.felt(hode, "referanseForloeper", forloeper.system_id if forloeper else None)
            arvtaker = Arkivdel.objects.filter(referanse_forloeper=arkivdel).first()
            A.felt(hode, "referanseArvtaker", arvtaker.system_id if arvtaker else None)
            self._kassasjon(hode, arkivdel)
            self._utfoert_kassasjon(hode, arkivdel.utfoert_kassasjon)
            self._sletting(hode, arkivdel.sletting)
            self._skjerming(hode, arkivdel)
            self._gradering(hode, arkivdel.gradering)
            _skriv_barn(xf, hode)

            mapper = self.omfang.mapper(arkivdel)
            registreringer = self.omfang.registreringer(arkivdel)
            _krev_uten_virksomhetsspesifikke_metadata_paa_korrespondanseparter(
                arkivdel, registreringer
            )
            systemer = _klassifikasjonssystemer(arkivdel)
            if systemer:
                _krev_klasse(arkivdel, mapper, registreringer)
                for system in systemer:
                    self._klassifikasjonssystem(xf, system, mapper, registreringer)
            else:
                self._mapper(xf, mapper.filter(overmappe__isnull=True))
                self._registreringer(xf, registreringer.filter(mappe__isnull=True))
            self._krev_alt_skrevet(arkivdel, mapper, registreringer)

    def _krev_alt_skrevet(
        self, arkivdel: Arkivdel, mapper: QuerySet[Mappe], registreringer: QuerySet[Registrering]
    ) -> None:
        """A folder filed under a klasse of another classification system would be left out
        of the walk; an extract must not lose it silently."""
        forventet = (mapper.count(), registreringer.count())
        skrevet = (self.telling.mapper, self.telling.registreringer)
        self._forventet = (self._forventet[0] + forventet[0], self._forventet[1] + forventet[1])
        if skrevet != self._forventet:
            raise DomeneFeil(
                f"Arkivdelen «{arkivdel.tittel}» har {forventet[0]} mapper og {forventet[1]} "
                f"registreringer, men bare {skrevet[0]} og {skrevet[1]} kunne plasseres i "
                "uttrekket (ligger noen i klasser utenfor arkivdelens klassifikasjonssystem, "
                f"eller med en periode i undermapper mer enn {UNDERMAPPENIVAAER} nivåer ned?)."
            )

    def _klassifikasjonssystem(
        self,
        xf: Any,
        system: Klassifikasjonssystem,
        mapper: QuerySet[Mappe],
        registreringer: QuerySet[Registrering],
    ) -> None:
        klasser = list(
            Klasse.objects.filter(klassifikasjonssystem=system)
            .select_related("skjerming", "gradering", "kassasjon")
            .prefetch_related(
                Prefetch(
                    "kryssreferanser",
                    queryset=Kryssreferanse.objects.select_related("til_klasse"),
                )
            )
            .order_by("klasse_id", "pk")
        )
        underklasser: dict[int | None, list[Klasse]] = defaultdict(list)
        self._klasser.update((klasse.pk, klasse) for klasse in klasser)
        for klasse in klasser:
            underklasser[klasse.overordnet_klasse_id].append(klasse)
        with xf.element(A.q("klassifikasjonssystem")):
            hode = A.element("klassifikasjonssystem")
            A.felt(hode, "systemID", system.system_id)
            A.felt(hode, "klassifikasjonstype", navn(system, "klassifikasjonstype"))
            A.felt(hode, "tittel", system.tittel)
            A.felt(hode, "beskrivelse", system.beskrivelse)
            self._opprettet(hode, system)
            A.felt(hode, "avsluttetDato", system.avsluttet_dato)
            A.felt(hode, "avsluttetAv", system.avsluttet_av if system.avsluttet_dato else None)
            _skriv_barn(xf, hode)
            for klasse in underklasser[None]:
                self._klasse(xf, klasse, underklasser, mapper, registreringer)

    def _klasse(
        self,
        xf: Any,
        klasse: Klasse,
        underklasser: dict[int | None, list[Klasse]],
        mapper: QuerySet[Mappe],
        registreringer: QuerySet[Registrering],
    ) -> None:
        with xf.element(A.q("klasse")):
            hode = A.element("klasse")
            A.felt(hode, "systemID", klasse.system_id)
            A.felt(hode, "klasseID", klasse.klasse_id)
            A.felt(hode, "tittel", klasse.tittel)
            A.felt(hode, "beskrivelse", klasse.beskrivelse)
            A.felter(hode, "noekkelord", klasse.noekkelord)
            self._opprettet(hode, klasse)
            A.felt(hode, "avsluttetDato", klasse.avsluttet_dato)
            A.felt(hode, "avsluttetAv", klasse.avsluttet_av if klasse.avsluttet_dato else None)
            for kryssreferanse in klasse.kryssreferanser.all():
                element = A.under(hode, "kryssreferanse")
                til = kryssreferanse.til_klasse
                A.felt(element, "referanseTilKlasse", til.system_id if til else None)
            self._kassasjon(hode, klasse)
            self._skjerming(hode, klasse)
            self._gradering(hode, klasse.gradering)
            _skriv_barn(xf, hode)
            if underklasser[klasse.pk]:
                for underklasse in underklasser[klasse.pk]:
                    self._klasse(xf, underklasse, underklasser, mapper, registreringer)
                return
            # The schema allows mapper or registreringer under a klasse, not both; a klasse
            # holding both is written with its mapper and the validator reports the rest.
            self._mapper(xf, mapper.filter(klasse=klasse, overmappe__isnull=True))
            self._registreringer(xf, registreringer.filter(klasse=klasse, mappe__isnull=True))

    # --- mapper and registreringer --------------------------------------------------------

    def _mapper(self, xf: Any, mapper: QuerySet[Mappe]) -> None:
        for parti in i_partier(
            _i_orden(mapper).iterator(chunk_size=MAPPER_PER_PARTI), MAPPER_PER_PARTI
        ):
            for element in self._mappeelementer(parti):
                xf.write(element, pretty_print=True)

    def _mappeelementer(self, parti: list[Mappe]) -> list[etree._Element]:
        """The elements of a batch of mapper with everything below them. A mappe holds
        undermapper or registreringer, never both (arkivstruktur.services.registrering); the
        undermapper in scope are built first, as a batch of their own, one level at a time."""
        arkivdel = next(a for a in self.omfang.arkivdeler if a.pk == parti[0].arkivdel_id)
        ider = [m.pk for m in parti]
        undermapper: dict[int, list[etree._Element]] = defaultdict(list)
        rader = _i_orden(self.omfang.mapper(arkivdel).filter(overmappe_id__in=blant(ider)))
        for underparti in i_partier(rader.iterator(chunk_size=MAPPER_PER_PARTI), MAPPER_PER_PARTI):
            for undermappe, element in zip(
                underparti, self._mappeelementer(underparti), strict=True
            ):
                undermapper[undermappe.overmappe_id or 0].append(element)
        self._mappeparti = Parti.for_mapper(ider)
        # The scope's conditions go into this query itself: as a `pk IN (subquery)`, SQLite
        # built the whole scope for every batch, and the export slowed as the archive grew.
        registreringer = registreringsrader(
            self.omfang.registreringer(arkivdel)
            .filter(mappe_id__in=blant(ider))
            .order_by("mappe_id", "journalpostnummer", "opprettet_dato", "pk")
        )
        self._parti = Parti.for_registreringer(registreringer)
        per_mappe: dict[int, list[Registrering]] = defaultdict(list)
        for registrering in registreringer:
            per_mappe[registrering.mappe_id or 0].append(registrering)
        return [self._mappe(m, per_mappe[m.pk], undermapper[m.pk]) for m in parti]

    def _registreringer(self, xf: Any, registreringer: QuerySet[Registrering]) -> None:
        ider = registreringer.order_by("opprettet_dato", "pk").values_list("pk", flat=True)
        for parti in i_partier(ider.iterator(chunk_size=MAPPER_PER_PARTI), MAPPER_PER_PARTI):
            rader = registreringsrader(
                Registrering.objects.filter(pk__in=blant(parti)).order_by("opprettet_dato", "pk")
            )
            self._parti = Parti.for_registreringer(rader)
            for registrering in rader:
                xf.write(self._registrering(registrering), pretty_print=True)

    def _mappe(
        self,
        mappe: Mappe,
        registreringer: list[Registrering],
        undermapper: list[etree._Element],
    ) -> etree._Element:
        self.telling.mapper += 1
        element = A.element("mappe", xsi=NS_XSI)
        if mappe.er_saksmappe:
            element.set(XSI_TYPE, "saksmappe")
        A.felt(element, "systemID", mappe.system_id)
        A.felt(element, "mappeID", mappe.mappe_id)
        A.felt(element, "tittel", mappe.tittel)
        A.felt(element, "offentligTittel", mappe.offentlig_tittel)
        A.felt(element, "beskrivelse", mappe.beskrivelse)
        A.felter(element, "noekkelord", mappe.noekkelord)
        A.felt(element, "dokumentmedium", navn(mappe, "dokumentmedium"))
        A.felter(element, "oppbevaringssted", mappe.oppbevaringssted)
        self._opprettet(element, mappe)
        self._avsluttet(element, mappe)
        self._vsm(element, mappe.virksomhetsspesifikke_metadata)
        self._parter(element, self._mappeparti.av("mappe.parter", mappe.pk))
        self._kryssreferanser(element, self._mappeparti.av("mappe.kryssreferanser", mappe.pk))
        self._merknader(element, self._mappeparti.av("mappe.merknader", mappe.pk))
        self._kassasjon(element, mappe, arvet=True, avsluttet=mappe.avsluttet_dato)
        self._skjerming(element, mappe)
        self._gradering(element, mappe.gradering)
        element.extend(undermapper)
        self._denne_mappen = mappe
        for registrering in registreringer:
            element.append(self._registrering(registrering))
        self._denne_mappen = None
        if mappe.er_saksmappe:
            A.felt(element, "saksaar", mappe.saksaar)
            A.felt(element, "sakssekvensnummer", mappe.sakssekvensnummer)
            A.felt(element, "saksdato", mappe.saksdato)
            A.felt(element, "administrativEnhet", mappe.administrativ_enhet)
            A.felt(element, "saksansvarlig", mappe.saksansvarlig)
            A.felt(element, "journalenhet", mappe.journalenhet)
            A.felt(element, "saksstatus", navn(mappe, "saksstatus"))
            A.felt(element, "utlaantDato", mappe.utlaant_dato)
            A.felt(element, "utlaantTil", mappe.utlaant_til)
            for klasse in self._mappeparti.av("mappe.sekundaerklassifikasjon", mappe.pk):
                A.felt(element, "referanseSekundaerKlassifikasjon", klasse.system_id)
            for presedens in self._mappeparti.av("mappe.presedenser", mappe.pk):
                self._presedens(element, presedens)
        return element

    def _registrering(self, registrering: Registrering) -> etree._Element:
        self.telling.registreringer += 1
        element = A.element("registrering", xsi=NS_XSI)
        type_ = registrering.registreringstype
        if type_ != "registrering":
            element.set(XSI_TYPE, type_)
        A.felt(element, "systemID", registrering.system_id)
        self._opprettet(element, registrering)
        A.felt(element, "arkivertDato", registrering.arkivert_dato or self.tidspunkt)
        A.felt(
            element,
            "arkivertAv",
            registrering.arkivert_av if registrering.arkivert_dato else IKKE_ARKIVERT,
        )
        self._parter(element, self._parti.av("registrering.parter", registrering.pk))
        self._kassasjon(element, registrering)
        self._skjerming(element, registrering)
        self._gradering(element, registrering.gradering)
        for tilknytning in self._parti.av("registrering.tilknytninger", registrering.pk):
            element.append(self._dokumentbeskrivelse(tilknytning))
        A.felt(element, "registreringsID", registrering.registrerings_id)
        A.felt(element, "tittel", registrering.tittel)
        A.felt(element, "offentligTittel", registrering.offentlig_tittel)
        A.felt(element, "beskrivelse", registrering.beskrivelse)
        A.felter(element, "noekkelord", registrering.noekkelord)
        A.felter(element, "forfatter", registrering.forfatter)
        A.felt(element, "dokumentmedium", navn(registrering, "dokumentmedium"))
        A.felter(element, "oppbevaringssted", registrering.oppbevaringssted)
        self._vsm(element, registrering.virksomhetsspesifikke_metadata)
        self._merknader(element, self._parti.av("registrering.merknader", registrering.pk))
        self._kryssreferanser(
            element, self._parti.av("registrering.kryssreferanser", registrering.pk)
        )
        for part in self._parti.av("registrering.korrespondanseparter", registrering.pk):
            self._korrespondansepart(element, part)
        if type_ == "journalpost":
            self._journalpost(element, registrering)
        elif type_ == "arkivnotat":
            self._datoer_og_utlaan(element, registrering)
            self._dokumentflyt(element, registrering)
        return element

    def _journalpost(self, element: etree._Element, journalpost: Registrering) -> None:
        if journalpost.journaldato is not None:  # always: a database constraint
            self.telling.journalpost(journalpost.journaldato)
        A.felt(element, "journalaar", journalpost.journalaar)
        A.felt(element, "journalsekvensnummer", journalpost.journalsekvensnummer)
        A.felt(element, "journalpostnummer", journalpost.journalpostnummer)
        A.felt(element, "journalposttype", navn(journalpost, "journalposttype"))
        A.felt(element, "journalstatus", navn(journalpost, "journalstatus"))
        A.felt(element, "journaldato", journalpost.journaldato)
        self._datoer_og_utlaan(element, journalpost)
        A.felt(element, "journalenhet", journalpost.journalenhet)
        for avskrivning in self._parti.av("registrering.avskrivninger", journalpost.pk):
            self._avskrivning(element, avskrivning)
        self._dokumentflyt(element, journalpost)
        for presedens in self._parti.av("registrering.presedenser", journalpost.pk):
            self._presedens(element, presedens)
        self._elektronisk_signatur(element, journalpost.elektronisk_signatur)
        self._til_journalene(journalpost)

    def _til_journalene(self, journalpost: Registrering) -> None:
        mappe = self._denne_mappen
        if mappe is None:  # never: a journalpost lies in a mappe (database constraint)
            raise ValueError(f"Journalpost {journalpost.system_id} ligger ikke i en mappe.")
        klasse = None
        if mappe.klasse_id is not None:
            klasse = self._klasser.get(mappe.klasse_id) or mappe.klasse
        self.journaler.legg_til(
            journalpost,
            mappe,
            klasse,
            self._parti.av("registrering.korrespondanseparter", journalpost.pk),
            self._parti.av("registrering.avskrivninger", journalpost.pk),
        )

    def _datoer_og_utlaan(self, element: etree._Element, registrering: Registrering) -> None:
        A.felt(element, "dokumentetsDato", registrering.dokumentets_dato)
        A.felt(element, "mottattDato", registrering.mottatt_dato)
        A.felt(element, "sendtDato", registrering.sendt_dato)
        A.felt(element, "forfallsdato", registrering.forfallsdato)
        A.felt(element, "offentlighetsvurdertDato", registrering.offentlighetsvurdert_dato)
        A.felt(element, "antallVedlegg", registrering.antall_vedlegg)
        A.felt(element, "utlaantDato", registrering.utlaant_dato)
        A.felt(element, "utlaantTil", registrering.utlaant_til)

    # --- documents ------------------------------------------------------------------------

    def _dokumentbeskrivelse(self, tilknytning: Dokumenttilknytning) -> etree._Element:
        dokument: Dokumentbeskrivelse = tilknytning.dokumentbeskrivelse
        element = A.element("dokumentbeskrivelse")
        A.felt(element, "systemID", dokument.system_id)
        A.felt(element, "dokumenttype", navn(dokument, "dokumenttype"))
        A.felt(element, "dokumentstatus", navn(dokument, "dokumentstatus"))
        A.felt(element, "tittel", dokument.tittel)
        A.felt(element, "beskrivelse", dokument.beskrivelse)
        A.felter(element, "forfatter", dokument.forfatter)
        self._opprettet(element, dokument)
        A.felt(element, "dokumentmedium", navn(dokument, "dokumentmedium"))
        A.felt(element, "oppbevaringssted", dokument.oppbevaringssted)
        A.felt(
            element,
            "tilknyttetRegistreringSom",
            navn(tilknytning, "tilknyttet_registrering_som"),
        )
        A.felt(element, "dokumentnummer", tilknytning.dokumentnummer)
        A.felt(element, "tilknyttetDato", tilknytning.tilknyttet_dato)
        A.felt(element, "tilknyttetAv", tilknytning.tilknyttet_av)
        self._parter(element, self._parti.av("dokumentbeskrivelse.parter", dokument.pk))
        self._merknader(element, self._parti.av("dokumentbeskrivelse.merknader", dokument.pk))
        self._kassasjon(element, dokument)
        self._utfoert_kassasjon(element, dokument.utfoert_kassasjon)
        self._sletting(element, dokument.sletting)
        self._skjerming(element, dokument)
        self._gradering(element, dokument.gradering)
        self._elektronisk_signatur(element, dokument.elektronisk_signatur)
        objekter = self._parti.av("dokumentbeskrivelse.dokumentobjekter", dokument.pk)
        for objekt in _arkivversjoner(objekter):
            element.append(self._dokumentobjekt(objekt))
        return element

    def _dokumentobjekt(self, objekt: Dokumentobjekt) -> etree._Element:
        fil = self.filer.legg_til(objekt)
        element = A.element("dokumentobjekt")
        A.felt(element, "systemID", objekt.system_id)
        A.felt(element, "versjonsnummer", objekt.versjonsnummer)
        A.felt(element, "variantformat", navn(objekt, "variantformat"))
        # Arkade's N5.29 wants the file extension in `format`; the PRONOM id we identified
        # is kept in front of formatDetaljer, where the import takes it back from.
        A.felt(element, "format", fil.filending)
        A.felt(element, "formatDetaljer", formatdetaljer(objekt.format, objekt.format_detaljer))
        self._opprettet(element, objekt)
        A.felt(element, "referanseDokumentfil", fil.sti)
        A.felt(element, "sjekksum", objekt.sjekksum)
        A.felt(element, "sjekksumAlgoritme", "SHA256")
        A.felt(element, "filstoerrelse", objekt.filstoerrelse)
        self._elektronisk_signatur(element, objekt.elektronisk_signatur)
        for konvertering in self._parti.av("dokumentobjekt.konverteringer", objekt.pk):
            del_ = A.under(element, "konvertering")
            A.felt(del_, "konvertertDato", konvertering.konvertert_dato)
            A.felt(del_, "konvertertAv", konvertering.konvertert_av)
            A.felt(del_, "konvertertFraFormat", konvertering.konvertert_fra_format)
            A.felt(del_, "konvertertTilFormat", konvertering.konvertert_til_format)
            A.felt(del_, "konverteringsverktoey", konvertering.konverteringsverktoey)
            A.felt(del_, "konverteringskommentar", konvertering.konverteringskommentar)
        return element

    # --- parts of a unit ------------------------------------------------------------------

    def _opprettet(self, element: etree._Element, enhet: Any) -> None:
        A.felt(element, "opprettetDato", enhet.opprettet_dato)
        A.felt(element, "opprettetAv", enhet.opprettet_av)

    def _avsluttet(self, element: etree._Element, enhet: Any) -> None:
        if enhet.avsluttet_dato is not None:
            A.felt(element, "avsluttetDato", enhet.avsluttet_dato)
            A.felt(element, "avsluttetAv", enhet.avsluttet_av or IKKE_AVSLUTTET)
        else:
            A.felt(element, "avsluttetDato", self.tidspunkt)
            A.felt(element, "avsluttetAv", IKKE_AVSLUTTET)

    def _parter(self, element: etree._Element, parter: Iterable[Any]) -> None:
        for part in parter:
            del_ = A.under(element, "part")
            A.felt(del_, "partID", part.part_id)
            A.felt(del_, "partNavn", part.part_navn)
            A.felt(del_, "partRolle", navn(part, "part_rolle"))
            _adresse(del_, part)
            self._vsm(del_, part.virksomhetsspesifikke_metadata)

    def _vsm(self, element: etree._Element, verdier: Any) -> None:
        if skriv_vsm(element, verdier, self._vsm_typer):
            self.telling.har_virksomhetsspesifikke_metadata = True

    def _korrespondansepart(self, element: etree._Element, part: Any) -> None:
        del_ = A.under(element, "korrespondansepart")
        A.felt(del_, "korrespondanseparttype", navn(part, "korrespondanseparttype"))
        A.felt(del_, "korrespondansepartNavn", part.korrespondansepart_navn)
        _adresse(del_, part)
        A.felt(del_, "administrativEnhet", part.administrativ_enhet)
        A.felt(del_, "saksbehandler", part.saksbehandler)

    def _merknader(self, element: etree._Element, merknader: Iterable[Any]) -> None:
        for merknad in merknader:
            del_ = A.under(element, "merknad")
            A.felt(del_, "merknadstekst", merknad.merknadstekst)
            A.felt(del_, "merknadstype", navn(merknad, "merknadstype"))
            A.felt(del_, "merknadsdato", merknad.merknadsdato)
            A.felt(del_, "merknadRegistrertAv", merknad.merknad_registrert_av)

    def _kryssreferanser(self, element: etree._Element, kryssreferanser: Iterable[Any]) -> None:
        for kryssreferanse in kryssreferanser:
            del_ = A.under(element, "kryssreferanse")
            if kryssreferanse.til_mappe is not None:
                A.felt(del_, "referanseTilMappe", kryssreferanse.til_mappe.system_id)
            if kryssreferanse.til_registrering is not None:
                A.felt(del_, "referanseTilRegistrering", kryssreferanse.til_registrering.system_id)

    def _avskrivning(self, element: etree._Element, avskrivning: Avskrivning) -> None:
        del_ = A.under(element, "avskrivning")
        A.felt(del_, "avskrivningsdato", avskrivning.avskrivningsdato)
        A.felt(del_, "avskrevetAv", avskrivning.avskrevet_av)
        A.felt(del_, "avskrivningsmaate", navn(avskrivning, "avskrivningsmaate"))
        svar = avskrivning.referanse_avskrives_av_journalpost
        A.felt(del_, "referanseAvskrivesAvJournalpost", svar.system_id if svar else None)

    def _dokumentflyt(self, element: etree._Element, registrering: Registrering) -> None:
        for flyt in self._parti.av("registrering.dokumentflyt", registrering.pk):
            del_ = A.under(element, "dokumentflyt")
            A.felt(del_, "flytTil", flyt.flyt_til)
            A.felt(del_, "flytFra", flyt.flyt_fra)
            A.felt(del_, "flytMottattDato", flyt.flyt_mottatt_dato or flyt.flyt_sendt_dato)
            A.felt(del_, "flytSendtDato", flyt.flyt_sendt_dato)
            A.felt(del_, "flytStatus", navn(flyt, "flyt_status"))
            A.felt(del_, "flytMerknad", flyt.flyt_merknad)

    def _presedens(self, element: etree._Element, presedens: Any) -> None:
        del_ = A.under(element, "presedens")
        A.felt(del_, "presedensDato", presedens.presedens_dato)
        A.felt(del_, "opprettetDato", presedens.opprettet_dato)
        A.felt(del_, "opprettetAv", presedens.opprettet_av)
        A.felt(del_, "tittel", presedens.tittel)
        A.felt(del_, "beskrivelse", presedens.beskrivelse)
        A.felt(del_, "presedensHjemmel", presedens.presedens_hjemmel)
        A.felt(del_, "rettskildefaktor", presedens.rettskildefaktor)
        A.felt(del_, "presedensGodkjentDato", presedens.presedens_godkjent_dato)
        A.felt(del_, "presedensGodkjentAv", presedens.presedens_godkjent_av)
        A.felt(del_, "avsluttetDato", presedens.avsluttet_dato)
        A.felt(del_, "avsluttetAv", presedens.avsluttet_av if presedens.avsluttet_dato else None)
        A.felt(del_, "presedensStatus", navn(presedens, "presedens_status"))

    def _kassasjon(
        self, element: etree._Element, enhet: Any, *, arvet: bool = False, avsluttet: Any = None
    ) -> None:
        """The schema wants a kassasjonsdato. A rule on a klasse or an arkivdel has none (it
        is reckoned per case), so a mappe carries its rule, inherited or its own, with the
        date reckoned from when it was closed; an open mappe without a set date has none yet
        and is written without, as are rules without a date higher up."""
        kassasjon = enhet.kassasjon
        if kassasjon is None or (enhet.kassasjon_er_arvet and not arvet):
            return
        dato = kassasjon.kassasjonsdato
        if dato is None and avsluttet is not None:
            dato = legg_til_aar(dato_i_oslo(avsluttet), kassasjon.bevaringstid)
        if dato is None:
            return
        self.telling.har_kassasjon = True
        del_ = A.under(element, "kassasjon")
        A.felt(del_, "kassasjonsvedtak", navn(kassasjon, "kassasjonsvedtak"))
        A.felt(del_, "kassasjonshjemmel", kassasjon.kassasjonshjemmel)
        A.felt(del_, "bevaringstid", kassasjon.bevaringstid)
        A.felt(del_, "kassasjonsdato", dato)

    def _utfoert_kassasjon(self, element: etree._Element, utfoert: Any) -> None:
        if utfoert is None:
            return
        self.telling.har_utfoert_kassasjon = True
        del_ = A.under(element, "utfoertKassasjon")
        A.felt(del_, "kassertDato", utfoert.kassert_dato)
        A.felt(del_, "kassertAv", utfoert.kassert_av)

    def _sletting(self, element: etree._Element, sletting: Any) -> None:
        if sletting is None:
            return
        del_ = A.under(element, "sletting")
        A.felt(del_, "slettingstype", navn(sletting, "slettingstype"))
        A.felt(del_, "slettetDato", sletting.slettet_dato)
        A.felt(del_, "slettetAv", sletting.slettet_av)

    def _skjerming(self, element: etree._Element, enhet: Any) -> None:
        skjerming = enhet.skjerming
        if skjerming is None or enhet.skjerming_er_arvet:
            return
        self.telling.har_skjerming = True
        del_ = A.under(element, "skjerming")
        A.felt(del_, "tilgangsrestriksjon", navn(skjerming, "tilgangsrestriksjon"))
        A.felt(del_, "skjermingshjemmel", skjerming.skjermingshjemmel)
        for kode in skjerming.skjerming_metadata or ():
            A.felt(del_, "skjermingMetadata", kodenavn("skjermingmetadata", kode))
        A.felt(del_, "skjermingDokument", navn(skjerming, "skjerming_dokument"))
        A.felt(del_, "skjermingsvarighet", skjerming.skjermingsvarighet)
        A.felt(del_, "skjermingOpphoererDato", skjerming.skjerming_opphoerer_dato)

    def _gradering(self, element: etree._Element, gradering: Any) -> None:
        if gradering is None:
            return
        del_ = A.under(element, "gradering")
        A.felt(del_, "grad", navn(gradering, "graderingskode"))
        A.felt(del_, "graderingsdato", gradering.graderingsdato)
        A.felt(del_, "gradertAv", gradering.gradert_av)
        A.felt(del_, "nedgraderingsdato", gradering.nedgraderingsdato)
        A.felt(del_, "nedgradertAv", gradering.nedgradert_av)

    def _elektronisk_signatur(self, element: etree._Element, signatur: Any) -> None:
        if signatur is None:
            return
        del_ = A.under(element, "elektroniskSignatur")
        A.felt(
            del_,
            "elektroniskSignaturSikkerhetsnivaa",
            navn(signatur, "elektronisk_signatur_sikkerhetsnivaa"),
        )
        A.felt(
            del_, "elektroniskSignaturVerifisert", navn(signatur, "elektronisk_signatur_verifisert")
        )
        A.felt(del_, "verifisertDato", signatur.verifisert_dato)
        A.felt(del_, "verifisertAv", signatur.verifisert_av)


def _krev_uten_virksomhetsspesifikke_metadata_paa_korrespondanseparter(
    arkivdel: Arkivdel, registreringer: QuerySet[Registrering]
) -> None:
    """arkivstruktur.xsd has no virksomhetsspesifikkeMetadata on a korrespondansepart (only on
    mappe, registrering and part, which the export writes): refuse rather than leave them out."""
    med = Q(virksomhetsspesifikke_metadata__isnull=False) & ~Q(virksomhetsspesifikke_metadata={})
    antall = Korrespondansepart.objects.filter(med, registrering__in=registreringer).count()
    if antall:
        raise DomeneFeil(
            f"{antall} korrespondanseparter i arkivdelen «{arkivdel.tittel}» har "
            "virksomhetsspesifikke metadata, som Noark 5-skjemaet ikke har plass til på en "
            "korrespondansepart. Uttrekket er ikke laget."
        )


def _krev_egne_klassifikasjonssystemer(arkivdeler: Iterable[Arkivdel]) -> None:
    """The schema puts a klassifikasjonssystem inside its arkivdel, and a systemID may occur
    once in the file (N5.47): two arkivdeler sharing one cannot go in the same extract."""
    brukt_av: dict[int, Arkivdel] = {}
    for arkivdel in arkivdeler:
        for system in _klassifikasjonssystemer(arkivdel):
            forrige = brukt_av.setdefault(system.pk, arkivdel)
            if forrige != arkivdel:
                raise DomeneFeil(
                    f"Arkivdelene «{forrige.tittel}» og «{arkivdel.tittel}» deler "
                    f"klassifikasjonssystemet «{system.tittel}», som et uttrekk bare kan ha én "
                    "gang. Ta ett uttrekk per arkivdel."
                )


def _krev_klasse(
    arkivdel: Arkivdel, mapper: QuerySet[Mappe], registreringer: QuerySet[Registrering]
) -> None:
    """Under an arkivdel with a classification system the schema has room for klasser only."""
    uten_klasse = mapper.filter(klasse__isnull=True, overmappe__isnull=True).count()
    uten_klasse += registreringer.filter(mappe__isnull=True, klasse__isnull=True).count()
    if uten_klasse:
        raise DomeneFeil(
            f"{uten_klasse} mapper eller registreringer i arkivdelen «{arkivdel.tittel}» har "
            "ingen klasse. Arkivdelen har klassifikasjonssystem, og da må alt ligge i en klasse "
            "i uttrekket; gi dem klasse først."
        )


def formatdetaljer(format_: str, detaljer: str) -> str:
    """The PRONOM id first, then any free text: `fmt/477`, `fmt/477 PDF/A-2b`."""
    return " ".join(del_ for del_ in (format_, detaljer) if del_)


def _adresse(element: etree._Element, part: Any) -> None:
    A.felter(element, "postadresse", part.postadresse)
    A.felt(element, "postnummer", part.postnummer)
    A.felt(element, "poststed", part.poststed)
    A.felt(element, "land", part.land)
    A.felt(element, "epostadresse", part.epostadresse)
    A.felter(element, "telefonnummer", part.telefonnummer)
    A.felt(element, "kontaktperson", part.kontaktperson)


def _arkivversjoner(objekter: Iterable[Dokumentobjekt]) -> list[Dokumentobjekt]:
    """The files the extract carries for one document: its archival versions (variantformat
    A) and the redacted ones (O); the production version only when there is no archival one,
    so no document is delivered without a file."""
    alle = [o for o in objekter if o.har_fil]
    arkiv = [o for o in alle if o.variantformat in ("A", "O")]
    return arkiv or alle


def _klassifikasjonssystemer(arkivdel: Arkivdel) -> list[Klassifikasjonssystem]:
    systemer = [arkivdel.klassifikasjonssystem] if arkivdel.klassifikasjonssystem else []
    systemer += list(arkivdel.sekundaere_klassifikasjonssystemer.order_by("pk"))
    return [s for s in systemer if s is not None]


def _i_orden(mapper: QuerySet[Mappe]) -> QuerySet[Mappe]:
    return mapper.order_by("saksaar", "sakssekvensnummer", "opprettet_dato", "pk")


def _skriv_barn(xf: Any, hode: etree._Element) -> None:
    """Write the simple children collected in `hode` into the open element of the same name."""
    for barn in hode:
        xf.write(barn, pretty_print=True)
