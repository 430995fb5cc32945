"""The løpende journal and the offentlig journal of one district for one day (issue 6 item 9).

Both list the journalposts with that journaldato in journal number order, optionally for one
administrative unit, and both are read through the functions here, which take the reader:

* The **løpende journal** is the records office's own list: every journalpost of the day,
  whatever its status, as the archivist may see it. It is read through `journalpost_liste`
  (`synlig_for`), so what the archivist may not see is not in it, and what is screened but
  open to them is shown in full and logged as read, as on the case page.
* The **offentlig journal** is what offentleglova § 10 lets anyone read, signed in or not:
  the journalposts journalført (J), ekspedert (E) or arkivert (A), and never a graded one or one
  in a graded case. It deliberately does not go through `synlig_for`: the public journal lists
  screened entries too, masked as `offentlig_visning` says (offentligTittel, senders and
  recipients as *****, the case title masked by the case's own skjerming), with the legal
  basis shown. No case handler's name is printed.

`journal_pdf` prints either as PDF/A-2b (`felles.pdf`) for the records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Min, QuerySet

from felles.feil import IkkeFunnet, IngenTilgang
from felles.pdf import lag_pdf
from organisasjon.models import AdministrativEnhet, Virksomhet
from sakarkiv.models import Journalpost
from sakarkiv.selectors import arkivets_virksomheter, journalpost_liste
from tilgang.omfang import ugradert_q
from tilgang.skjerming import AVSENDERTYPER, MOTTAKERTYPER, Visning, offentlig_visning
from tilgang.skjerming import skjermet_visning as _skjermet_visning

# Journalstatus (M053) of the entries the public may read: checked by the records office.
OFFENTLIGE_JOURNALSTATUSER = ("J", "E", "A")
JOURNALPOSTTYPER = {
    "I": "Inngående",
    "U": "Utgående",
    "N": "Organinternt for oppfølging",
    "X": "Organinternt uten oppfølging",
    "S": "Saksframlegg",
}


@dataclass(frozen=True)
class Part:
    rolle: str  # "Fra", "Til" or "Kopi til"
    navn: str


@dataclass(frozen=True)
class Journallinje:
    journalpost: Journalpost
    visning: Visning  # the entry's own fields as the reader may see them
    sakstittel: str
    parter: list[Part]
    enhet: str
    saksbehandler: str  # empty in the offentlig journal

    @property
    def saksnummer(self) -> str:
        sak = self.journalpost.mappe
        return f"{sak.saksaar}/{sak.sakssekvensnummer}" if sak and sak.saksaar else ""

    @property
    def typenavn(self) -> str:
        return JOURNALPOSTTYPER.get(self.journalpost.journalposttype, "")


@dataclass(frozen=True)
class Journal:
    virksomhet: Virksomhet
    dato: dt.date
    enhet: AdministrativEnhet | None
    offentlig: bool
    linjer: list[Journallinje]
    forrige: dt.date | None = None  # the nearest earlier day with entries
    neste: dt.date | None = None

    @property
    def tittel(self) -> str:
        slag = "Offentlig journal" if self.offentlig else "Løpende journal"
        enhet = f", {self.enhet.administrativ_enhet_navn}" if self.enhet else ""
        return f"{slag} {self.dato:%d.%m.%Y} – {self.virksomhet.navn}{enhet}"


def _rolle(korrespondanseparttype: str) -> str:
    if korrespondanseparttype in AVSENDERTYPER:
        return "Fra"
    if korrespondanseparttype in MOTTAKERTYPER:
        return "Kopi til" if korrespondanseparttype in {"EK", "IK"} else "Til"
    return "Part"


def _linje(
    journalpost: Journalpost, visning: Visning, sakstittel: str, *, offentlig: bool
) -> Journallinje:
    parter = [
        Part(
            _rolle(part.korrespondanseparttype),
            visning.offentlig_korrespondansepart_navn(
                part.korrespondanseparttype, part.korrespondansepart_navn
            )
            if offentlig
            else visning.korrespondansepart_navn(
                part.korrespondanseparttype, part.korrespondansepart_navn
            ),
        )
        for part in journalpost.korrespondanseparter.all()
    ]
    enhet = journalpost.referanse_administrativ_enhet
    saksbehandler = journalpost.referanse_saksbehandler
    return Journallinje(
        journalpost=journalpost,
        visning=visning,
        sakstittel=sakstittel,
        parter=parter,
        enhet=enhet.administrativ_enhet_navn if enhet else "",
        saksbehandler="" if offentlig or saksbehandler is None else saksbehandler.visningsnavn,
    )


def _les(
    rader: QuerySet[Journalpost],
    virksomhet: Virksomhet,
    dato: dt.date,
    enhet: AdministrativEnhet | None,
    *,
    vis: Callable[[Any], Visning],
) -> Journal:
    """The day's entries of `rader` in the district (and unit), each shown as `vis` says, with
    the nearest days before and after that have entries."""
    rader = rader.filter(arkiv__virksomhet=virksomhet)
    if enhet is not None:
        rader = rader.filter(referanse_administrativ_enhet=enhet)
    dagens = (
        rader.filter(journaldato=dato)
        .select_related(
            "arkiv",  # the district, read when judging a screened entry
            "skjerming",
            "mappe",
            "mappe__skjerming",
            "referanse_administrativ_enhet",
            "referanse_saksbehandler",
        )
        .prefetch_related("korrespondanseparter")
        .order_by("journalaar", "journalsekvensnummer", "pk")
    )
    offentlig = vis is offentlig_visning
    linjer = [
        _linje(jp, vis(jp), vis(jp.mappe).tittel if jp.mappe else "", offentlig=offentlig)
        for jp in dagens
    ]
    return Journal(
        virksomhet,
        dato,
        enhet,
        offentlig=offentlig,
        linjer=linjer,
        forrige=rader.filter(journaldato__lt=dato).aggregate(d=Max("journaldato"))["d"],
        neste=rader.filter(journaldato__gt=dato).aggregate(d=Min("journaldato"))["d"],
    )


# --- which districts and units a reader may ask for ------------------------------------------


def offentlig_journal_virksomheter(*, bruker: Any) -> QuerySet[Virksomhet]:
    """Every district: the offentlig journal is open to anyone (offentleglova § 10)."""
    return Virksomhet.objects.order_by("navn", "pk")


def journalenheter(*, virksomhet: Virksomhet) -> QuerySet[AdministrativEnhet]:
    """The district's units, to narrow a journal down by (their names are public)."""
    return virksomhet.enheter.order_by("administrativ_enhet_navn", "pk")


def _virksomhet(virksomheter: QuerySet[Virksomhet], kortnavn: str) -> Virksomhet:
    virksomhet = virksomheter.filter(kortnavn=kortnavn).first()
    if virksomhet is None:
        raise IkkeFunnet("Fant ikke bydelen.")
    return virksomhet


def _enhet(virksomhet: Virksomhet, enhet_id: int | None) -> AdministrativEnhet | None:
    if enhet_id is None:
        return None
    enhet = journalenheter(virksomhet=virksomhet).filter(pk=enhet_id).first()
    if enhet is None:
        raise IkkeFunnet("Fant ikke enheten i bydelen.")
    return enhet


# --- the journals ----------------------------------------------------------------------------


def lopende_journal(
    *, bruker: Any, virksomhet: str, dato: dt.date, enhet_id: int | None = None
) -> Journal:
    """The day's løpende journal of the district with kortnavn `virksomhet`. Only its records
    office may read it (IngenTilgang otherwise); the caller logs the reads
    (`tilgang.lesing.registrer_lesinger`) of the entries it shows."""
    virksomheter = arkivets_virksomheter(bruker=bruker)
    if not virksomheter.exists():
        raise IngenTilgang("Bare arkivet kan lese den løpende journalen.")
    valgt = _virksomhet(virksomheter, virksomhet)
    enhet = _enhet(valgt, enhet_id)
    return _les(
        journalpost_liste(bruker=bruker),
        valgt,
        dato,
        enhet,
        vis=lambda objekt: _skjermet_visning(objekt, bruker),
    )


def offentlig_journal(
    *, bruker: Any, virksomhet: str, dato: dt.date, enhet_id: int | None = None
) -> Journal:
    """The day's offentlig journal of the district with kortnavn `virksomhet`, as the public
    sees it: the same for every reader, signed in or not."""
    valgt = _virksomhet(offentlig_journal_virksomheter(bruker=bruker), virksomhet)
    enhet = _enhet(valgt, enhet_id)
    offentlige = Journalpost.objects.filter(
        ugradert_q("gradering"),
        ugradert_q("mappe__gradering"),
        journalstatus__in=OFFENTLIGE_JOURNALSTATUSER,
    )
    return _les(offentlige, valgt, dato, enhet, vis=offentlig_visning)


# --- as PDF ----------------------------------------------------------------------------------


def _tekstlinjer(linje: Journallinje, *, offentlig: bool) -> list[str]:
    jp = linje.journalpost
    tekst = [
        f"{jp.registrerings_id}   {jp.journalposttype} {linje.typenavn}   "
        f"Journalnr. {jp.journalnummer}   Status {jp.journalstatus}",
        f"Sak: {linje.saksnummer} {linje.sakstittel}",
        f"Dokument: {linje.visning.tittel}",
    ]
    datoer = f"Dokumentdato: {jp.dokumentets_dato:%d.%m.%Y}" if jp.dokumentets_dato else ""
    tekst += [f"{part.rolle}: {part.navn}" for part in linje.parter]
    enhet = f"Enhet: {linje.enhet}" if linje.enhet else ""
    behandler = (
        f"Saksbehandler: {linje.saksbehandler}" if linje.saksbehandler and not offentlig else ""
    )
    tekst.append("   ".join(del_ for del_ in (datoer, enhet, behandler) if del_))
    if linje.visning.skjermingshjemmel:
        tekst.append(f"Skjermet: {linje.visning.skjermingshjemmel}")
    return [*tekst, ""]


def journal_pdf(journal: Journal, *, tidspunkt: dt.datetime | None = None) -> bytes:
    """The journal as a PDF/A-2b document, an entry a paragraph."""
    linjer = [f"{len(journal.linjer)} journalposter", ""]
    if journal.offentlig:
        linjer[1:1] = ["Skjermede opplysninger er erstattet med *****."]
    for linje in journal.linjer:
        linjer += _tekstlinjer(linje, offentlig=journal.offentlig)
    return lag_pdf(journal.tittel, linjer, tidspunkt=tidspunkt)
