"""Build the demo: Oslo kommune with 15 bydeler, their users and archives, and N cases with
journalposts, korrespondanseparter, documents and realistic life cycles.

Two halves:

* **Planning** (`planlegg`) is a pure function of the seed (`frø`) and the number of cases:
  it decides every name, title, date and step with one `random.Random(frø)` and touches
  neither the database nor the clock. Same seed, same plan.
* **Building** (`Demobygger`) carries the plan out through the ordinary services
  (`saksmappe_opprett`, `journalpost_registrer`, `journalpost_avskriv`, …), so every rule is
  checked and every change lands in the endringslogg. The work runs in batches; each batch is
  one `logget_transaksjon()`, which is one database transaction and one append to the log
  chain.

Dates. The demo period runs from 1 January 2025, the start of the arkivdel "Sakarkiv
2025–2028", to the fixed anchor 1 November 2026 (`ANKER`); nothing depends on today's date.
Every planned event (a case opened, a journalpost registered, written off, sent, journalført,
a case finished) has a time, and the builder performs them in time order across all cases,
so saks- and journalnummer follow the dates within each bydel's arkiv. Events after the
anchor are not performed: that is what leaves recent cases open, with incoming letters not
yet written off (restanser, with forfallsdato). The services stamp opprettetDato and the
journal dates from the `tidspunkt` they are given; the services without such an argument
(status changes, avskrivning, documents) stamp the wall clock.

No case is closed (saksstatus A): closing requires every document in archive format, which
the document pipeline (conversion to PDF/A) will add. Finished cases end in S or F.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.storage import FileSystemStorage

from arkivstruktur.models import Arkivdel, Klasse, Klassifikasjonssystem
from arkivstruktur.services.arkiv import arkiv_opprett, arkivdel_opprett, arkivskaper_opprett
from arkivstruktur.services.arv import kassasjon_sett, skjerming_sett
from arkivstruktur.services.dokumentbeskrivelse import dokumentbeskrivelse_opprett
from arkivstruktur.services.klassifikasjon import klasse_opprett, klassifikasjonssystem_opprett
from demo import oslo, tekster
from demo.utviklingsadmin import utviklingsadmin_opprett
from dokument.docx import lag_docx
from dokument.lagring import LagretFil, lager, lagre_innhold
from dokument.services import dokumentobjekt_opprett, masseinnlesing
from felles.pdf import lag_pdf
from felles.tid import MAANEDER, OSLO, lang_dato
from organisasjon.models import (
    AdministrativEnhet,
    Bruker,
    Rolle,
    Rolletildeling,
    Virksomhet,
    Virksomhetstype,
)
from sakarkiv.models import (
    Brevmal,
    Journalpost,
    Korrespondanseparttype,
    Mottakskanal,
    Mottakspost,
    Saksmappe,
)
from sakarkiv.services.avskrivning import journalpost_avskriv
from sakarkiv.services.brev import STANDARDBREV, brevmal_opprett
from sakarkiv.services.journalpost import journalpost_endre_status, journalpost_registrer
from sakarkiv.services.korrespondansepart import NyKorrespondansepart
from sakarkiv.services.mottak import Mottatt, mottakspost_opprett
from sakarkiv.services.saksmappe import saksmappe_endre_status, saksmappe_opprett
from sporing.services import logget_transaksjon
from tilgang.models import Tilgangskodetildeling

# The demo period: from the start of the current arkivdel to the fixed anchor (see above).
START = dt.date(*oslo.ARKIVDEL_START)
ANKER = dt.datetime(*oslo.DEMO_SLUTT, tzinfo=OSLO)

ADMIN_BRUKERNAVN = "admin"
ADMIN_PASSORD = "admin"
ADMIN_ENHET = "byraadsavdeling-finans"
DEMO_PASSORD = "demo"
ARKIVAR = "arkivar"
SKJERMINGSHJEMMEL_BARNEVERN = "Offl. § 13 jf. bvl. § 13-1"
SKJERMET_NAVN = "*****"
ANDEL_UTGAAR = 0.015

# Public holidays in the period (fixed ones and those that follow Easter); no office hours.
HELLIGDAGER = frozenset(
    dt.date.fromisoformat(dag)
    for dag in (
        "2025-01-01",
        "2025-04-17",
        "2025-04-18",
        "2025-04-21",
        "2025-05-01",
        "2025-05-17",
        "2025-05-29",
        "2025-06-09",
        "2025-12-25",
        "2025-12-26",
        "2026-01-01",
        "2026-04-02",
        "2026-04-03",
        "2026-04-06",
        "2026-05-01",
        "2026-05-14",
        "2026-05-17",
        "2026-05-25",
        "2026-12-25",
        "2026-12-26",
    )
)
# Fewer new cases in the holiday months.
_MAANEDSVEKT = {7: 0.35, 8: 0.85, 12: 0.7}
# Retention on some classes (the rest are kept): (klasseID, vedtak, years).
_KASSASJON = (("A10", "K", 5), ("C50", "K", 5), ("C80", "K", 10), ("060", "K", 5), ("H13", "K", 10))
_KASSASJONSHJEMMEL = "Bevarings- og kassasjonsplan for Oslo kommune"


# --- the plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Brukerplan:
    brukernavn: str
    fornavn: str
    etternavn: str
    rolle: str
    bydel: str  # "" for the city's administrator
    enhet: str
    kode_13: str = ""


@dataclass(frozen=True)
class Kontakt:
    """An outside sender or recipient: a person or an organisation."""

    navn: str
    postadresse: tuple[str, ...] = ()
    postnummer: str = ""
    poststed: str = ""
    epost: str = ""
    er_organisasjon: bool = False
    organisasjonsnummer: str = ""
    kontaktperson: str = ""


@dataclass(frozen=True)
class Partplan:
    """A korrespondansepart: outside (`kontakt`) or internal (a unit and/or a user prefix)."""

    rolle: str  # korrespondanseparttype: EA, EM, EK, IS, IA, IM
    kontakt: Kontakt | None = None
    intern_enhet: str = ""
    intern_bruker: str = ""


@dataclass(frozen=True)
class Hendelsesplan:
    """A later step on a journalpost or a case: a status change or a write-off."""

    tid: dt.datetime
    handling: str  # "status" or "avskriv"
    verdi: str  # the new status, or the avskrivningsmåte
    utfoert_av: str  # user prefix in the bydel
    svar: int | None = None  # avskriv: index of the answering journalpost in the case


@dataclass(frozen=True)
class Journalpostplan:
    tid: dt.datetime
    journalposttype: str
    tittel: str
    offentlig_tittel: str
    journalstatus: str
    registrert_av: str
    parter: tuple[Partplan, ...]
    dokumentets_dato: dt.date
    forfallsdato: dt.date | None
    sendt: dt.datetime | None
    forfatter: str  # the sender of an incoming letter; empty: the case handler
    tekst: tuple[str, ...]
    hendelser: tuple[Hendelsesplan, ...]


@dataclass(frozen=True)
class Saksplan:
    nr: int
    bydel: str
    sakstype: str
    klasse_id: str
    enhet: str
    saksansvarlig: str
    opprettet_av: str
    tittel: str
    offentlig_tittel: str
    skjermet: bool
    tid: dt.datetime
    journalposter: tuple[Journalpostplan, ...]
    hendelser: tuple[Hendelsesplan, ...]


@dataclass(frozen=True)
class Demoplan:
    brukere: tuple[Brukerplan, ...]
    saker: tuple[Saksplan, ...]


def planlegg(froe: int, antall: int) -> Demoplan:
    """The whole demo as data: a pure function of the seed and the number of cases."""
    rng = random.Random(froe)  # noqa: S311 -- demo data, not secrets; must be reproducible
    brukere = _planlegg_brukere(rng)
    return Demoplan(brukere=brukere, saker=_Sakplanlegger(rng).planlegg(antall))


def _planlegg_brukere(rng: random.Random) -> tuple[Brukerplan, ...]:
    brukere = [
        Brukerplan(
            ADMIN_BRUKERNAVN,
            "Systemadministrator",
            "",
            Rolle.SYSTEMADMINISTRATOR,
            "",
            ADMIN_ENHET,
        )
    ]
    brukt: set[tuple[str, str]] = set()
    for bydel in oslo.BYDELER:
        for mal in oslo.BYDEL_BRUKERE:
            while True:
                fornavn = rng.choice(tekster.FORNAVN_KVINNE + tekster.FORNAVN_MANN)
                etternavn = rng.choice(tekster.ETTERNAVN)
                if (fornavn, etternavn) not in brukt:
                    brukt.add((fornavn, etternavn))
                    break
            brukere.append(
                Brukerplan(
                    f"{mal.prefiks}.{bydel.kortnavn}",
                    fornavn,
                    etternavn,
                    mal.rolle,
                    bydel.kortnavn,
                    mal.enhet,
                    mal.kode_13,
                )
            )
    return tuple(brukere)


def _ascii(tekst: str) -> str:
    """For e-mail addresses: æøå → ae/o/a, other accents dropped, lower case, no spaces."""
    tekst = tekst.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    tekst = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode("ascii")
    return "".join(tegn for tegn in tekst if tegn.isalnum() or tegn in ".-")


def _arbeidstid(rng: random.Random, dag: dt.date) -> dt.datetime:
    """A time in office hours (08:00–15:30, Oslo) on `dag`, or the next weekday."""
    while dag.weekday() >= 5 or dag in HELLIGDAGER:
        dag += dt.timedelta(days=1)
    minutter = rng.randint(8 * 60, 15 * 60 + 30)
    return dt.datetime.combine(dag, dt.time(minutter // 60, minutter % 60), tzinfo=OSLO)


def _etter(rng: random.Random, tid: dt.datetime, dager: tuple[int, int]) -> dt.datetime:
    """A time `dager` (a range) later; the same day means a few minutes to two hours later."""
    antall = rng.randint(*dager)
    if antall == 0:
        return tid + dt.timedelta(minutes=rng.randint(5, 120))
    return max(
        _arbeidstid(rng, tid.date() + dt.timedelta(days=antall)), tid + dt.timedelta(minutes=1)
    )


def _fordel(antall: int) -> list[str]:
    """How many cases each bydel gets: by population, largest remainder, at least one each
    when there are enough cases to go round."""
    total = sum(b.innbyggere for b in oslo.BYDELER)
    minst = 1 if antall >= len(oslo.BYDELER) else 0
    rest = antall - minst * len(oslo.BYDELER)
    kvoter = [(b.kortnavn, rest * b.innbyggere / total) for b in oslo.BYDELER]
    antall_per = {navn: minst + int(kvote) for navn, kvote in kvoter}
    for navn, _ in sorted(kvoter, key=lambda k: k[1] - int(k[1]), reverse=True)[
        : antall - sum(antall_per.values())
    ]:
        antall_per[navn] += 1
    return [navn for navn, n in antall_per.items() for _ in range(n)]


class _Sakplanlegger:
    """Draws the cases; keeps pools so that people and organisations recur across cases."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.innbyggere: dict[str, list[Kontakt]] = {b.kortnavn: [] for b in oslo.BYDELER}
        self.organisasjoner: dict[str, Kontakt] = {}
        self.journalister: list[Kontakt] = []

    # people and organisations

    def _adresse(self, bydel: str) -> tuple[tuple[str, ...], str]:
        gate, postnummer = self.rng.choice(tekster.GATER[bydel])
        nummer = f"{gate} {self.rng.randint(1, 120)}"
        if self.rng.random() < 0.3:
            nummer += f" {self.rng.choice('ABCD')}"
        return (nummer,), postnummer

    def _navn(self) -> tuple[str, str]:
        fornavn = self.rng.choice(
            tekster.FORNAVN_KVINNE if self.rng.random() < 0.5 else tekster.FORNAVN_MANN
        )
        return fornavn, self.rng.choice(tekster.ETTERNAVN)

    def _ny_person(self, bydel: str, etternavn: str = "") -> Kontakt:
        fornavn, tilfeldig_etternavn = self._navn()
        etternavn = etternavn or tilfeldig_etternavn
        adresse, postnummer = self._adresse(bydel)
        epost = ""
        if self.rng.random() < 0.6:
            tall = str(self.rng.randint(1, 99)) if self.rng.random() < 0.3 else ""
            domene = self.rng.choice(
                ("gmail.com", "hotmail.com", "online.no", "outlook.com", "icloud.com")
            )
            epost = f"{_ascii(fornavn)}.{_ascii(etternavn)}{tall}@{domene}"
        return Kontakt(f"{fornavn} {etternavn}", adresse, postnummer, "OSLO", epost)

    def innbygger(self, bydel: str) -> Kontakt:
        pool = self.innbyggere[bydel]
        if pool and self.rng.random() < 0.15:
            return self.rng.choice(pool)
        person = self._ny_person(bydel)
        pool.append(person)
        return person

    def _organisasjon(self, navn: str, bydel: str) -> Kontakt:
        if navn not in self.organisasjoner:
            adresse, postnummer = self._adresse(bydel)
            fornavn, etternavn = self._navn()
            self.organisasjoner[navn] = Kontakt(
                navn,
                adresse,
                postnummer,
                "OSLO",
                f"post@{_ascii(navn.replace(' ', ''))[:30]}.no",
                er_organisasjon=True,
                organisasjonsnummer=oslo.orgnr(self.rng.randint(91_000_000, 99_800_000)),
                kontaktperson=f"{fornavn} {etternavn}",
            )
        return self.organisasjoner[navn]

    def organisasjon(self, bydel: str) -> Kontakt:
        if self.rng.random() < 0.7:
            mal = self.rng.choice(tekster.LOKALE_ORGANISASJONER)
            navn = mal.format(stroek=self.rng.choice(tekster.STROEK[bydel]))
        else:
            navn = self.rng.choice(tekster.FRIVILLIGE_ORGANISASJONER)
        return self._organisasjon(navn, bydel)

    def melder(self, bydel: str) -> Kontakt:
        valg = self.rng.random()
        stroek = self.rng.choice(tekster.STROEK[bydel])
        if valg < 0.35:
            return self._organisasjon(f"{stroek} skole", bydel)
        if valg < 0.55:
            return self._organisasjon(f"{stroek} barnehage", bydel)
        if valg < 0.75:
            navn, adresse, postnummer, poststed = tekster.POLITIET
            return Kontakt(
                navn,
                (adresse,),
                postnummer,
                poststed,
                "post.oslo@politiet.no",
                er_organisasjon=True,
                organisasjonsnummer=oslo.orgnr(97_440_000 + 90_000),
            )
        if valg < 0.85:
            return Kontakt("Anonym melder")
        return self._ny_person(bydel)

    def journalist(self) -> Kontakt:
        if len(self.journalister) >= 16 or (self.journalister and self.rng.random() < 0.7):
            return self.rng.choice(self.journalister)
        fornavn, etternavn = self._navn()
        medium, domene = self.rng.choice(tekster.MEDIER)
        person = Kontakt(
            medium,
            epost=f"{_ascii(fornavn)}.{_ascii(etternavn)}@{domene}",
            er_organisasjon=True,
            kontaktperson=f"{fornavn} {etternavn}",
        )
        self.journalister.append(person)
        return person

    @staticmethod
    def fast_enhet(data: tuple[str, str, str, str], orgnr: str) -> Kontakt:
        navn, adresse, postnummer, poststed = data
        return Kontakt(
            navn, (adresse,), postnummer, poststed, er_organisasjon=True, organisasjonsnummer=orgnr
        )

    # cases

    def planlegg(self, antall: int) -> tuple[Saksplan, ...]:
        rng = self.rng
        dager, vekter = [], []
        dag = START
        while dag < ANKER.date():
            if dag.weekday() < 5 and dag not in HELLIGDAGER:
                dager.append(dag)
                vekter.append(_MAANEDSVEKT.get(dag.month, 1.0))
            dag += dt.timedelta(days=1)
        tider = sorted(_arbeidstid(rng, d) for d in rng.choices(dager, weights=vekter, k=antall))
        bydeler = _fordel(antall)
        rng.shuffle(bydeler)
        typer = rng.choices(
            tekster.SAKSTYPER, weights=[t.vekt for t in tekster.SAKSTYPER], k=antall
        )
        return tuple(
            self._sak(nr, bydel, sakstype, tid)
            for nr, (bydel, sakstype, tid) in enumerate(
                zip(bydeler, typer, tider, strict=True), start=1
            )
        )

    def _kontekst(
        self,
        sakstype: tekster.Sakstype,
        klasse_id: str,
        bydel: str,
        tid: dt.datetime,
        innbygger: Kontakt,
    ) -> dict[str, str]:
        rng = self.rng
        stroek = rng.choice(tekster.STROEK[bydel])
        barnehage = f"{stroek} {'familiebarnehage' if rng.random() < 0.15 else 'barnehage'}"
        kontekst = {
            "barnehage": barnehage,
            "park": rng.choice(tekster.PARKER[bydel]),
            "arrangement": rng.choice(tekster.ARRANGEMENTER),
            "stilling": rng.choice(tekster.STILLINGER),
            "tema": rng.choice(tekster.INNSYNSTEMA).format(uke=tid.isocalendar()[1]),
            "aar": str(tid.year),
            "maaned": f"{MAANEDER[tid.month - 1]} {tid.year}",
            "tertial": str((tid.month - 1) // 4 + 1),
            "tjeneste": rng.choice(tekster.TJENESTER_FOR_KLAGE.get(klasse_id, ("tjenester",))),
            "barn": "",
            "organisasjon": "",
        }
        if sakstype.skjermet:
            etternavn = innbygger.navn.split()[-1]
            kontekst["barn"] = (
                f"{rng.choice(tekster.FORNAVN_KVINNE + tekster.FORNAVN_MANN)} {etternavn}"
            )
        return kontekst

    def _sak(self, nr: int, bydel: str, sakstype: tekster.Sakstype, tid: dt.datetime) -> Saksplan:
        rng = self.rng
        klasse_id, enhet, behandlere = sakstype.klasse_id, sakstype.enhet, sakstype.behandlere
        if sakstype.klasse_valg:
            klasse_id, enhet, behandlere = rng.choice(sakstype.klasse_valg)
        behandler = rng.choice(behandlere)
        innbygger = self.innbygger(bydel)
        organisasjon = self.organisasjon(bydel)
        kontekst = self._kontekst(sakstype, klasse_id, bydel, tid, innbygger)
        kontekst["organisasjon"] = organisasjon.navn
        parter = _Parter(self, bydel, innbygger, organisasjon, behandler, enhet)

        def tittel(mal: str) -> tuple[str, str]:
            tekst = mal.format(**kontekst)
            offentlig = tekst.replace(kontekst["barn"], SKJERMET_NAVN) if sakstype.skjermet else ""
            return tekst, offentlig

        sakstittel, offentlig_sakstittel = tittel(rng.choice(sakstype.titler))
        utgaar = rng.random() < ANDEL_UTGAAR
        steg = sakstype.steg[:1] if utgaar else sakstype.steg
        # The records office opens cases that start with incoming mail; the handler the rest.
        foerste_inn = steg[0].journalposttype == "I"
        opprettet_av = ARKIVAR if foerste_inn and rng.random() < 0.7 else behandler

        jp_indeks: dict[int, int] = {}
        hoppet: set[int] = set()
        journalposter: list[dict[str, Any]] = []
        forrige = tid
        for i, s in enumerate(steg):
            avhenger = s.svarer_paa is not None and s.svarer_paa in hoppet
            if i > 0 and (avhenger or rng.random() >= s.sannsynlighet):
                hoppet.add(i)
                continue
            jp_tid = (
                tid + dt.timedelta(minutes=rng.randint(1, 4))
                if i == 0
                else _etter(rng, forrige, s.dager)
            )
            forrige = jp_tid
            jp_indeks[i] = len(journalposter)
            journalposter.append(self._journalpost(s, jp_tid, behandler, tittel, parter))
        # Write-offs: an answer writes off what it answers; the rest take note themselves.
        for i, s in enumerate(steg):
            if i not in jp_indeks:
                continue
            jp = journalposter[jp_indeks[i]]
            if s.svarer_paa is not None and s.svarer_paa in jp_indeks:
                besvart = journalposter[jp_indeks[s.svarer_paa]]
                naar = (jp["sendt"] or jp["tid"]) + dt.timedelta(minutes=1)
                besvart["hendelser"].append(
                    Hendelsesplan(
                        naar, "avskriv", s.avskrivningsmaate, behandler, svar=jp_indeks[i]
                    )
                )
            if s.egen_avskrivning and not utgaar:
                jp["hendelser"].append(
                    Hendelsesplan(
                        _etter(rng, jp["tid"], (0, 4)), "avskriv", s.egen_avskrivning, behandler
                    )
                )
        sakshendelser: list[Hendelsesplan] = []
        if utgaar:
            foerste = journalposter[0]
            naar = _etter(rng, foerste["tid"], (1, 3))
            foerste["hendelser"] = [Hendelsesplan(naar, "status", "U", ARKIVAR)]
            sakshendelser.append(
                Hendelsesplan(naar + dt.timedelta(minutes=2), "status", "U", ARKIVAR)
            )
        else:
            siste = max(
                [jp["tid"] for jp in journalposter]
                + [h.tid for jp in journalposter for h in jp["hendelser"]]
            )
            valg = rng.random()
            if valg < 0.8:
                sakshendelser.append(
                    Hendelsesplan(
                        _etter(rng, siste, (3, 30)),
                        "status",
                        "F" if valg < 0.45 else "S",
                        behandler,
                    )
                )
        return Saksplan(
            nr=nr,
            bydel=bydel,
            sakstype=sakstype.navn,
            klasse_id=klasse_id,
            enhet=enhet,
            saksansvarlig=behandler,
            opprettet_av=opprettet_av,
            tittel=sakstittel,
            offentlig_tittel=offentlig_sakstittel,
            skjermet=sakstype.skjermet,
            tid=tid,
            journalposter=tuple(
                Journalpostplan(
                    **{**jp, "hendelser": tuple(sorted(jp["hendelser"], key=lambda h: h.tid))}
                )
                for jp in journalposter
            ),
            hendelser=tuple(sakshendelser),
        )

    def _journalpost(
        self,
        steg: tekster.Steg,
        tid: dt.datetime,
        behandler: str,
        tittel: Callable[[str], tuple[str, str]],
        parter: _Parter,
    ) -> dict[str, Any]:
        rng = self.rng
        type_ = steg.journalposttype
        jp_tittel, offentlig = tittel(rng.choice(steg.titler))
        hendelser: list[Hendelsesplan] = []
        sendt = None
        if type_ == "I":
            registrert_av = ARKIVAR if rng.random() < 0.7 else behandler
            status = "M"
            hendelser.append(Hendelsesplan(_etter(rng, tid, (0, 3)), "status", "J", ARKIVAR))
            dokumentets_dato = (tid - dt.timedelta(days=rng.randint(0, 3))).date()
        elif type_ == "U":
            registrert_av, status = behandler, "F"
            sendt = _etter(rng, tid, (0, 1))
            hendelser.append(Hendelsesplan(sendt, "status", "E", behandler))
            hendelser.append(Hendelsesplan(_etter(rng, sendt, (1, 5)), "status", "J", ARKIVAR))
            dokumentets_dato = tid.date()
        else:
            registrert_av, status = behandler, "F"
            hendelser.append(Hendelsesplan(_etter(rng, tid, (1, 5)), "status", "J", ARKIVAR))
            dokumentets_dato = tid.date()
        partplaner = parter.for_steg(steg)
        # The sender writes an incoming letter; the builder fills in the case handler otherwise.
        avsender = partplaner[0].kontakt if type_ == "I" else None
        forfatter = "" if avsender is None else avsender.kontaktperson or avsender.navn
        return {
            "tid": tid,
            "journalposttype": type_,
            "tittel": jp_tittel,
            "offentlig_tittel": offentlig,
            "journalstatus": status,
            "registrert_av": registrert_av,
            "parter": partplaner,
            "dokumentets_dato": dokumentets_dato,
            "forfallsdato": tid.date() + dt.timedelta(days=steg.forfall_dager)
            if steg.forfall_dager
            else None,
            "sendt": sendt,
            "forfatter": forfatter,
            "tekst": steg.tekst,
            "hendelser": hendelser,
        }


class _Parter:
    """The korrespondanseparter of one case: the same citizen or organisation throughout."""

    def __init__(
        self,
        planlegger: _Sakplanlegger,
        bydel: str,
        innbygger: Kontakt,
        organisasjon: Kontakt,
        behandler: str,
        enhet: str,
    ) -> None:
        self.planlegger = planlegger
        self.bydel = bydel
        self.innbygger = innbygger
        self.organisasjon = organisasjon
        self.behandler = behandler
        self.enhet = enhet
        self._paaroerende: Kontakt | None = None
        self._melder: Kontakt | None = None
        self._journalist: Kontakt | None = None
        self._foresatt2: Kontakt | None = None

    def paaroerende(self) -> Kontakt:
        if self._paaroerende is None:
            bydel = self.planlegger.rng.choice([b.kortnavn for b in oslo.BYDELER])
            self._paaroerende = self.planlegger._ny_person(bydel)
        return self._paaroerende

    def melder(self) -> Kontakt:
        if self._melder is None:
            self._melder = self.planlegger.melder(self.bydel)
        return self._melder

    def journalist(self) -> Kontakt:
        if self._journalist is None:
            self._journalist = self.planlegger.journalist()
        return self._journalist

    def foresatte(self) -> list[Kontakt]:
        if self._foresatt2 is None:
            etternavn = (
                self.innbygger.navn.split()[-1] if self.planlegger.rng.random() < 0.6 else ""
            )
            self._foresatt2 = self.planlegger._ny_person(self.bydel, etternavn)
        return [self.innbygger, self._foresatt2]

    def _intern_leder(self) -> Partplan:
        if self.enhet in ("barnevern", "bv_mottak", "bv_tiltak"):
            return Partplan("IM", intern_enhet="barnevern", intern_bruker="leder")
        return Partplan("IM", intern_enhet="stab")

    def for_steg(self, steg: tekster.Steg) -> tuple[Partplan, ...]:
        rng = self.planlegger.rng
        inn = steg.journalposttype == "I"
        rolle = "EA" if inn else "EM"
        part = steg.part
        if part.startswith("intern"):
            mottaker = (
                Partplan("IM", intern_enhet="hjemmetjenesten")
                if part == "intern_hjemmetjenesten"
                else self._intern_leder()
            )
            parter = [mottaker]
            if rng.random() < 0.5:
                parter.insert(
                    0, Partplan("IA", intern_enhet=self.enhet, intern_bruker=self.behandler)
                )
            return tuple(parter)
        if part == "innbygger":
            return (Partplan(rolle, self.innbygger),)
        if part == "innbygger_med_paaroerende":
            parter = [Partplan(rolle, self.innbygger)]
            if rng.random() < 0.5:
                parter.append(Partplan("IS" if inn else "EK", self.paaroerende()))
            return tuple(parter)
        if part == "paaroerende":
            return (Partplan(rolle, self.paaroerende()),)
        if part == "organisasjon":
            return (Partplan(rolle, self.organisasjon),)
        if part == "melder":
            return (Partplan(rolle, self.melder()),)
        if part == "instans":
            stroek = rng.choice(tekster.STROEK[self.bydel])
            slag = "skole" if rng.random() < 0.6 else "barnehage"
            return (Partplan(rolle, self.planlegger._organisasjon(f"{stroek} {slag}", self.bydel)),)
        if part == "foresatt":
            foresatte = self.foresatte()
            return tuple(Partplan(rolle, f) for f in foresatte[: rng.choice((1, 2))])
        if part == "journalist":
            return (Partplan(rolle, self.journalist()),)
        if part == "statsforvalteren":
            statsforvalteren = _Sakplanlegger.fast_enhet(
                tekster.STATSFORVALTEREN, oslo.orgnr(97_476_299)
            )
            if inn:
                return (Partplan("EA", statsforvalteren),)
            return (Partplan("EM", statsforvalteren), Partplan("EK", self.innbygger))
        if part == "byraadsavdeling":
            return (
                Partplan(
                    rolle, _Sakplanlegger.fast_enhet(tekster.BYRAADSAVDELING, oslo.KOMMUNE_ORGNR)
                ),
            )
        raise ValueError(f"Ukjent part «{part}» i demodataene.")


# --- events ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hendelse:
    """One thing the builder does, in time order: open a case ("sak"), register a journalpost
    ("jp"), change a journalpost's status or write it off ("jp_status", "avskriv"), or change a
    case's status ("sak_status")."""

    tid: dt.datetime
    sak: Saksplan
    handling: str
    journalpost: int = -1
    plan: Hendelsesplan | None = None


def hendelser(saker: tuple[Saksplan, ...], *, til: dt.datetime = ANKER) -> list[Hendelse]:
    """Every planned event before `til`, in the order the builder performs them."""
    alle: list[tuple[dt.datetime, int, int, Hendelse]] = []
    for sak in saker:
        egne = [Hendelse(sak.tid, sak, "sak")]
        for k, jp in enumerate(sak.journalposter):
            egne.append(Hendelse(jp.tid, sak, "jp", k))
            egne.extend(
                Hendelse(
                    plan.tid, sak, "avskriv" if plan.handling == "avskriv" else "jp_status", k, plan
                )
                for plan in jp.hendelser
            )
        egne.extend(Hendelse(plan.tid, sak, "sak_status", plan=plan) for plan in sak.hendelser)
        # Ties in time keep the case's own order (a reply is registered before it writes off).
        alle.extend((h.tid, sak.nr, nr, h) for nr, h in enumerate(egne) if h.tid < til)
    alle.sort(key=lambda rad: rad[:3])
    return [rad[3] for rad in alle]


def dokumenttekst(
    sak: Saksplan, jp: Journalpostplan, *, bydelsnavn: str, enhetsnavn: str, behandlernavn: str
) -> list[str]:
    """The body of the demo letter or memo for a journalpost (its PDF)."""
    dag = jp.dokumentets_dato
    dato = lang_dato(dag)
    linjer: list[str] = []
    kontakt = next((p.kontakt for p in jp.parter if p.kontakt is not None), None)
    if jp.journalposttype == "I":
        if kontakt is not None:
            linjer += [
                kontakt.navn,
                *kontakt.postadresse,
                f"{kontakt.postnummer} {kontakt.poststed}".strip(),
            ]
        signatur = ""
        if kontakt is not None:
            signatur = kontakt.kontaktperson if kontakt.er_organisasjon else kontakt.navn
        linjer += [
            "",
            f"Oslo, {dato}",
            "",
            f"Til Oslo kommune, {bydelsnavn}, {enhetsnavn}",
            "",
            f"Sak: {sak.tittel}",
            "",
            *jp.tekst,
            "",
            "Med vennlig hilsen",
            signatur,
        ]
    elif jp.journalposttype == "U":
        linjer += [f"Oslo kommune – {bydelsnavn}", enhetsnavn, ""]
        if kontakt is not None:
            linjer += [
                kontakt.navn,
                *kontakt.postadresse,
                f"{kontakt.postnummer} {kontakt.poststed}".strip(),
            ]
        linjer += [
            "",
            f"Dato: {dato}",
            "",
            f"Sak: {sak.tittel}",
            "",
            *jp.tekst,
            "",
            "Med vennlig hilsen",
            behandlernavn,
            enhetsnavn,
            "",
            "Dokumentet er elektronisk godkjent og har derfor ikke håndskrevne signaturer.",
        ]
    else:
        linjer += [
            f"Oslo kommune – {bydelsnavn}",
            "",
            "NOTAT",
            "",
            f"Fra: {behandlernavn}, {enhetsnavn}",
            f"Dato: {dato}",
            f"Sak: {sak.tittel}",
            "",
            *jp.tekst,
        ]
    return linjer


# --- building ----------------------------------------------------------------------------------


@dataclass
class Statistikk:
    saker: int = 0
    journalposter: int = 0
    dokumenter: int = 0
    avskrivninger: int = 0
    statusendringer: int = 0
    sekunder: float = 0.0


class Demobygger:
    """Creates the organisation and carries out a plan through the services."""

    def __init__(self, *, skriv: Callable[[str], None] = print) -> None:
        self.skriv = skriv
        self.brukere: dict[tuple[str, str], Bruker] = {}
        self.enheter: dict[tuple[str, str], AdministrativEnhet] = {}
        self.arkivdeler: dict[str, Arkivdel] = {}
        self.klasser: dict[str, Klasse] = {}
        self.bydelsnavn = {b.kortnavn: b.navn for b in oslo.BYDELER}
        self._saker: dict[int, Saksmappe] = {}
        self._journalposter: dict[tuple[int, int], Journalpost] = {}
        self._siste: dict[int, Hendelse] = {}

    # organisation, users, archives

    def bygg_organisasjon(self, plan: Demoplan) -> None:
        """Create Oslo kommune, the document centre and the bydeler with units, users, roles,
        access codes, the K-kode system and each bydel's arkivskaper, arkiv and arkivdel; or
        load them when an earlier run made them."""
        if Virksomhet.objects.filter(kortnavn=oslo.KOMMUNE_KORTNAVN).exists():
            self.skriv("Organisasjonen finnes fra før; bruker den.")
            self._last_organisasjon()
        else:
            with logget_transaksjon():
                self._lag_virksomheter()
                self._lag_brukere(plan.brukere)
                admin = self.brukere[("", ADMIN_BRUKERNAVN)]
                system = self._lag_klasser(admin)
                self._lag_arkiver(admin, system)
        self._lag_utviklingsadmin()

    def _lag_utviklingsadmin(self) -> None:
        """The API clients' administrator (demo.utviklingsadmin), with its roles in the city
        next to `admin`; left out when ARKIVAR_UTVIKLINGSADMIN_BRUKERNAVN is empty."""
        if not settings.ARKIVAR_UTVIKLINGSADMIN_BRUKERNAVN:
            return
        enhet = self.enheter.get(("", ADMIN_ENHET))
        bruker, opprettet = utviklingsadmin_opprett(enhet=enhet)
        if opprettet:
            self.skriv(f"Utviklingsadministratoren {bruker.username} er opprettet.")

    def _lag_virksomheter(self) -> None:
        kommune = Virksomhet.objects.create(
            navn=oslo.KOMMUNE_NAVN,
            kortnavn=oslo.KOMMUNE_KORTNAVN,
            organisasjonsnummer=oslo.KOMMUNE_ORGNR,
            virksomhetstype=Virksomhetstype.KOMMUNE,
        )
        self._lag_enheter(kommune, "", oslo.KOMMUNE_ENHETER)
        senter = Virksomhet.objects.create(
            navn=oslo.DOKUMENTSENTER_NAVN,
            kortnavn=oslo.DOKUMENTSENTER_KORTNAVN,
            organisasjonsnummer=oslo.DOKUMENTSENTER_ORGNR,
            virksomhetstype=Virksomhetstype.FELLESTJENESTE,
            overordnet=kommune,
        )
        self._lag_enheter(senter, oslo.DOKUMENTSENTER_KORTNAVN, oslo.DOKUMENTSENTER_ENHETER)
        for bydel in oslo.BYDELER:
            virksomhet = Virksomhet.objects.create(
                navn=bydel.navn,
                kortnavn=bydel.kortnavn,
                organisasjonsnummer=bydel.organisasjonsnummer,
                virksomhetstype=Virksomhetstype.BYDEL,
                overordnet=kommune,
            )
            self._lag_enheter(virksomhet, bydel.kortnavn, oslo.BYDEL_ENHETER)

    def _lag_enheter(
        self, virksomhet: Virksomhet, noekkel: str, enheter: tuple[tuple[str, str, str | None], ...]
    ) -> None:
        for kortnavn, navn, overordnet in enheter:
            self.enheter[(noekkel, kortnavn)] = AdministrativEnhet.objects.create(
                virksomhet=virksomhet,
                kortnavn=kortnavn,
                administrativ_enhet_navn=navn,
                overordnet_enhet=self.enheter[(noekkel, overordnet)] if overordnet else None,
                opprettet_av=ADMIN_BRUKERNAVN,
            )

    def _lag_brukere(self, brukerplaner: tuple[Brukerplan, ...]) -> None:
        # One hash per password: hashing is deliberately slow, and every demo user shares it.
        hasher = {
            ADMIN_PASSORD: make_password(ADMIN_PASSORD),
            DEMO_PASSORD: make_password(DEMO_PASSORD),
        }
        brukere = []
        for plan in brukerplaner:
            er_admin = plan.brukernavn == ADMIN_BRUKERNAVN
            epost_navn = (
                f"{_ascii(plan.fornavn)}.{_ascii(plan.etternavn)}"
                if plan.etternavn
                else plan.brukernavn
            )
            brukere.append(
                Bruker(
                    username=plan.brukernavn,
                    first_name=plan.fornavn,
                    last_name=plan.etternavn,
                    email=f"{epost_navn}@oslo.kommune.no",
                    password=hasher[ADMIN_PASSORD if er_admin else DEMO_PASSORD],
                    is_staff=er_admin,
                    is_superuser=er_admin,
                )
            )
        Bruker.objects.bulk_create(brukere)
        lagret = {
            b.username: b
            for b in Bruker.objects.filter(username__in=[p.brukernavn for p in brukerplaner])
        }
        roller, koder = [], []
        for plan in brukerplaner:
            bruker = lagret[plan.brukernavn]
            enhet = self.enheter[(plan.bydel, plan.enhet)]
            roller.append(
                Rolletildeling(bruker=bruker, administrativ_enhet=enhet, rolle=plan.rolle)
            )
            if plan.kode_13 == "enhet":
                koder.append(
                    Tilgangskodetildeling(
                        bruker=bruker,
                        tilgangskode="13",
                        administrativ_enhet=enhet,
                        gitt_av=ADMIN_BRUKERNAVN,
                    )
                )
            elif plan.kode_13 == "virksomhet":
                koder.append(
                    Tilgangskodetildeling(
                        bruker=bruker,
                        tilgangskode="13",
                        virksomhet_id=enhet.virksomhet_id,
                        gitt_av=ADMIN_BRUKERNAVN,
                    )
                )
            self.brukere[(plan.bydel, plan.brukernavn.split(".")[0])] = bruker
        Rolletildeling.objects.bulk_create(roller)
        Tilgangskodetildeling.objects.bulk_create(koder)

    def _lag_klasser(self, admin: Bruker) -> Klassifikasjonssystem:
        system = klassifikasjonssystem_opprett(
            tittel=oslo.KLASSIFIKASJONSSYSTEM_TITTEL,
            klassifikasjonstype="KK",
            utfoert_av=admin,
            beskrivelse="Kommunenes arkivnøkkel, felles for alle bydeler i Oslo kommune.",
        )
        for klasse_id, tittel, underklasser in oslo.KLASSER:
            hoved = klasse_opprett(
                klassifikasjonssystem=system, klasse_id=klasse_id, tittel=tittel, utfoert_av=admin
            )
            for under_id, under_tittel in underklasser:
                self.klasser[under_id] = klasse_opprett(
                    klassifikasjonssystem=system,
                    klasse_id=under_id,
                    tittel=under_tittel,
                    overordnet_klasse=hoved,
                    utfoert_av=admin,
                )
        for klasse_id, vedtak, aar in _KASSASJON:
            kassasjon_sett(
                enhet=self.klasser[klasse_id],
                kassasjonsvedtak=vedtak,
                bevaringstid=aar,
                kassasjonshjemmel=_KASSASJONSHJEMMEL,
                utfoert_av=admin,
            )
        return system

    def _lag_arkiver(self, admin: Bruker, system: Klassifikasjonssystem) -> None:
        for bydel in oslo.BYDELER:
            virksomhet = self.enheter[(bydel.kortnavn, "stab")].virksomhet
            arkivskaper = arkivskaper_opprett(
                arkivskaper_id=bydel.organisasjonsnummer,
                arkivskaper_navn=f"Oslo kommune, {bydel.navn}",
                virksomhet=virksomhet,
                utfoert_av=admin,
            )
            arkiv = arkiv_opprett(
                tittel=f"Arkiv for {bydel.navn}",
                virksomhet=virksomhet,
                arkivskapere=[arkivskaper],
                dokumentmedium="E",
                utfoert_av=admin,
            )
            arkivdel = arkivdel_opprett(
                arkiv=arkiv,
                tittel=oslo.ARKIVDEL_TITTEL,
                klassifikasjonssystem=system,
                beskrivelse=f"Sakarkivet for {bydel.navn} i perioden 2025–2028.",
                arkivperiode_start_dato=START,
                utfoert_av=admin,
            )
            arkivdel.arkiv = arkiv
            self.arkivdeler[bydel.kortnavn] = arkivdel

    def _last_organisasjon(self) -> None:
        for enhet in AdministrativEnhet.objects.select_related("virksomhet"):
            virksomhet = enhet.virksomhet.kortnavn
            noekkel = "" if virksomhet == oslo.KOMMUNE_KORTNAVN else virksomhet
            self.enheter[(noekkel, enhet.kortnavn)] = enhet
        for bruker in Bruker.objects.filter(username__contains=".").exclude(username__contains="@"):
            prefiks, _, bydel = bruker.username.partition(".")
            self.brukere[(bydel, prefiks)] = bruker
        for arkivdel in Arkivdel.objects.filter(tittel=oslo.ARKIVDEL_TITTEL).select_related(
            "arkiv__virksomhet"
        ):
            self.arkivdeler[arkivdel.arkiv.virksomhet.kortnavn] = arkivdel
        for klasse in Klasse.objects.filter(
            klassifikasjonssystem__tittel=oslo.KLASSIFIKASJONSSYSTEM_TITTEL
        ):
            self.klasser[klasse.klasse_id] = klasse

    # cases

    def bygg_saker(self, plan: Demoplan, *, per_batch: int = 200) -> Statistikk:
        """Carry out the planned events in time order, `per_batch` cases per transaction."""
        statistikk = Statistikk()
        alle = hendelser(plan.saker)
        totalt = sum(1 for h in alle if h.handling == "sak")
        batcher = list(_batcher(alle, per_batch))
        self._siste = {h.sak.nr: h for h in alle}
        start = time.monotonic()
        forhaandslagre = isinstance(lager(), FileSystemStorage)
        # The demo's 55,000 letters must not hold up what users upload while the worker checks
        # them.
        with (
            masseinnlesing(),
            ThreadPoolExecutor(max_workers=8, thread_name_prefix="demo-pdf") as pool,
        ):
            for batch in batcher:
                # The batch's files are stored first, in parallel: the storage fsyncs every
                # new file and folder, and those waits overlap well. dokumentobjekt_opprett
                # then gets the stored file and only records it.
                pdfer = self._lag_pdfer(pool, batch, forhaandslagre)
                wait(pdfer.values())
                with logget_transaksjon():
                    for hendelse in batch:
                        self._utfoer(hendelse, pdfer, statistikk)
                self._rydd(batch)
                sekunder = time.monotonic() - start
                self.skriv(
                    f"  {statistikk.saker}/{totalt} saker, "
                    f"{statistikk.journalposter} journalposter, {sekunder:.0f} s "
                    f"({statistikk.saker / sekunder:.0f} saker/s)"
                )
        statistikk.sekunder = time.monotonic() - start
        return statistikk

    def _lag_pdfer(
        self, pool: ThreadPoolExecutor, batch: list[Hendelse], forhaandslagre: bool
    ) -> dict[tuple[int, int], Future[bytes | LagretFil]]:
        return {
            (h.sak.nr, h.journalpost): pool.submit(self._pdf, h.sak, h.journalpost, forhaandslagre)
            for h in batch
            if h.handling == "jp"
        }

    def _pdf(self, sak: Saksplan, k: int, forhaandslagre: bool) -> bytes | LagretFil:
        jp = sak.journalposter[k]
        behandler = self.brukere[(sak.bydel, sak.saksansvarlig)]
        innhold = lag_pdf(
            jp.tittel,
            dokumenttekst(
                sak,
                jp,
                bydelsnavn=self.bydelsnavn[sak.bydel],
                enhetsnavn=self.enheter[(sak.bydel, sak.enhet)].administrativ_enhet_navn,
                behandlernavn=behandler.visningsnavn,
            ),
            # The journalpost's own time: the same seed gives the same bytes on every run.
            tidspunkt=jp.tid,
        )
        if forhaandslagre:
            return lagre_innhold(innhold)
        return innhold

    def _bruker(self, bydel: str, prefiks: str) -> Bruker:
        return self.brukere[(bydel, prefiks)]

    # the shared letter template

    def bygg_brevmaler(self) -> int:
        """The built-in standard letter as the city's shared template, unless one exists."""
        if Brevmal.objects.exists():
            return 0
        brevmal_opprett(
            navn="Standardbrev",
            beskrivelse="Brev med bydelens navn, mottaker, referanser, dato og saksbehandler.",
            innhold=lag_docx(STANDARDBREV),
            filnavn="standardbrev.docx",
            utfoert_av=self.brukere[("", ADMIN_BRUKERNAVN)],
        )
        return 1

    # the records office's queue

    def bygg_mottak(self) -> int:
        """A few scanned letters waiting in each bydel's registration queue, so that the
        records office has something to register and distribute; none when the queue has
        items already."""
        if Mottakspost.objects.exists():
            return 0
        antall = 0
        for bydel in oslo.BYDELER:
            arkivar = self.brukere.get((bydel.kortnavn, "arkivar"))
            if arkivar is None:
                continue
            virksomhet = Virksomhet.objects.get(kortnavn=bydel.kortnavn)
            for tittel, avsender, tekst in tekster.MOTTAK:
                brev = lag_pdf(tittel, [avsender, "", tekst, "", "Med vennlig hilsen", avsender])
                mottakspost_opprett(
                    virksomhet=virksomhet,
                    filer=[Mottatt(f"skann-{antall + 1:04d}.pdf", brev, "application/pdf")],
                    kanal=Mottakskanal.PAPIR,
                    avsender=avsender,
                    tittel=tittel,
                    utfoert_av=arkivar,
                )
                antall += 1
        return antall

    def _utfoer(
        self,
        hendelse: Hendelse,
        pdfer: dict[tuple[int, int], Future[bytes | LagretFil]],
        statistikk: Statistikk,
    ) -> None:
        sak = hendelse.sak
        if hendelse.handling == "sak":
            self._opprett_sak(sak)
            statistikk.saker += 1
            return
        if hendelse.handling == "jp":
            self._registrer(
                sak, hendelse.journalpost, pdfer[(sak.nr, hendelse.journalpost)].result()
            )
            statistikk.journalposter += 1
            statistikk.dokumenter += 1
            return
        plan = hendelse.plan
        if plan is None:
            raise ValueError(f"Hendelsen «{hendelse.handling}» mangler plan.")
        if hendelse.handling == "jp_status":
            journalpost_endre_status(
                journalpost=self._journalposter[(sak.nr, hendelse.journalpost)],
                journalstatus=plan.verdi,
                utfoert_av=self._bruker(sak.bydel, plan.utfoert_av),
            )
            statistikk.statusendringer += 1
        elif hendelse.handling == "avskriv":
            svar = plan.svar
            journalpost_avskriv(
                journalpost=self._journalposter[(sak.nr, hendelse.journalpost)],
                avskrivningsmaate=plan.verdi,
                avskrives_av_journalpost=self._journalposter[(sak.nr, svar)]
                if svar is not None
                else None,
                utfoert_av=self._bruker(sak.bydel, plan.utfoert_av),
            )
            statistikk.avskrivninger += 1
        else:
            saksmappe_endre_status(
                saksmappe=self._saker[sak.nr],
                saksstatus=plan.verdi,
                utfoert_av=self._bruker(sak.bydel, plan.utfoert_av),
            )
            statistikk.statusendringer += 1

    def _opprett_sak(self, plan: Saksplan) -> None:
        bruker = self._bruker(plan.bydel, plan.opprettet_av)
        arkivdel = self.arkivdeler[plan.bydel]
        saksmappe = saksmappe_opprett(
            arkivdel=arkivdel,
            tittel=plan.tittel,
            offentlig_tittel=plan.offentlig_tittel,
            klasse=self.klasser[plan.klasse_id],
            administrativ_enhet=self.enheter[(plan.bydel, plan.enhet)],
            saksansvarlig=self._bruker(plan.bydel, plan.saksansvarlig),
            utfoert_av=bruker,
            tidspunkt=plan.tid,
        )
        if plan.skjermet:
            # Child-welfare cases: screened, with the child's name masked in the public title
            # (TMO) and the parties' names hidden (NPS). Journalposts inherit the screening.
            skjerming_sett(
                enhet=saksmappe,
                tilgangsrestriksjon="13",
                skjermingshjemmel=SKJERMINGSHJEMMEL_BARNEVERN,
                skjerming_metadata=["TMO", "NPS"],
                utfoert_av=bruker,
            )
        saksmappe.arkiv = arkivdel.arkiv
        saksmappe.arkivdel = arkivdel
        self._saker[plan.nr] = saksmappe

    def _korrespondansepart(self, bydel: str, part: Partplan) -> NyKorrespondansepart:
        if part.kontakt is None:
            return NyKorrespondansepart(
                korrespondanseparttype=part.rolle,
                subtype=Korrespondanseparttype.INTERN,
                administrativ_enhet=self.enheter[(bydel, part.intern_enhet)]
                if part.intern_enhet
                else None,
                saksbehandler=self._bruker(bydel, part.intern_bruker)
                if part.intern_bruker
                else None,
            )
        kontakt = part.kontakt
        return NyKorrespondansepart(
            korrespondanseparttype=part.rolle,
            navn=kontakt.navn,
            subtype=Korrespondanseparttype.ENHET
            if kontakt.er_organisasjon
            else Korrespondanseparttype.PERSON,
            postadresse=kontakt.postadresse,
            postnummer=kontakt.postnummer,
            poststed=kontakt.poststed,
            land="NO" if kontakt.postnummer else "",
            epostadresse=kontakt.epost,
            kontaktperson=kontakt.kontaktperson,
            enhetsidentifikator=kontakt.organisasjonsnummer,
        )

    def _registrer(self, sak: Saksplan, k: int, innhold: bytes | LagretFil) -> None:
        plan = sak.journalposter[k]
        saksmappe = self._saker[sak.nr]
        bruker = self._bruker(sak.bydel, plan.registrert_av)
        behandler = self._bruker(sak.bydel, sak.saksansvarlig)
        forfatter = plan.forfatter or behandler.visningsnavn
        journalpost = journalpost_registrer(
            saksmappe=saksmappe,
            tittel=plan.tittel,
            offentlig_tittel=plan.offentlig_tittel,
            journalposttype=plan.journalposttype,
            journalstatus=plan.journalstatus,
            korrespondanseparter=[self._korrespondansepart(sak.bydel, p) for p in plan.parter],
            forfatter=[forfatter],
            dokumentets_dato=plan.dokumentets_dato,
            mottatt_dato=plan.tid if plan.journalposttype == "I" else None,
            sendt_dato=plan.sendt if plan.sendt is not None and plan.sendt < ANKER else None,
            forfallsdato=plan.forfallsdato,
            saksbehandler=behandler,
            utfoert_av=bruker,
            tidspunkt=plan.tid,
        )
        journalpost.arkiv = saksmappe.arkiv
        self._journalposter[(sak.nr, k)] = journalpost
        dokument = dokumentbeskrivelse_opprett(
            registrering=journalpost,
            tittel=plan.tittel,
            dokumenttype="B",
            dokumentstatus="F",
            tilknyttet_registrering_som="H",
            forfatter=[forfatter],
            utfoert_av=bruker,
        )
        dokument.arkivdel = saksmappe.arkivdel
        dokumentobjekt_opprett(
            dokumentbeskrivelse=dokument,
            innhold=innhold,
            filnavn=f"{journalpost.registrerings_id.replace('/', '-')}.pdf",
            mime_type="application/pdf",
            format="fmt/477",
            format_detaljer="PDF/A-2b",
            variantformat="P",
            utfoert_av=bruker,
        )

    def _rydd(self, batch: list[Hendelse]) -> None:
        """Forget the objects of cases with no events left, so memory stays flat."""
        for hendelse in batch:
            sak = hendelse.sak
            if hendelse is self._siste.get(sak.nr):
                self._saker.pop(sak.nr, None)
                for k in range(len(sak.journalposter)):
                    self._journalposter.pop((sak.nr, k), None)


def _batcher(alle: list[Hendelse], per_batch: int) -> Iterator[list[Hendelse]]:
    """Slices of the event list holding `per_batch` new cases each."""
    batch: list[Hendelse] = []
    saker = 0
    for hendelse in alle:
        if hendelse.handling == "sak":
            if saker == per_batch:
                yield batch
                batch, saker = [], 0
            saker += 1
        batch.append(hendelse)
    if batch:
        yield batch
