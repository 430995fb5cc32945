"""loependeJournal.xml and offentligJournal.xml: every journalpost of the extract, in journal
number order.

The entries are built during the arkivstruktur walk, which has each journalpost with its case,
class, parties and write-offs in hand already; reading them all again in journal order cost
the export a third of its time (bench.uttrekk). The walk goes case by case, so each entry is
kept serialised in a scratch SQLite file beside the package and written out at the end in
journal number order: memory holds one batch however large the journal.

The running journal keeps the real titles and names with the skjermingMetadata that says what
is screened. The public journal has no full titles by schema (only offentligTittel) and no
skjermingMetadata; what a skjerming in force on the day of the extract hides is masked in it
exactly as in the public journal on the web (`tilgang.skjerming.offentlig_visning`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from felles.tid import dato_i_oslo
from kodeliste.services import kodenavn
from tilgang.omfang import MIDLERTIDIG_SKJERMINGMETADATA
from tilgang.skjerming import (
    AVSENDERTYPER,
    MOTTAKERTYPER,
    SKJULT,
    offentlig_visning,
    skjerming_virker,
)
from uttrekk.selectors import Omfang
from uttrekk.skjema import NS_LOEPENDE_JOURNAL, NS_OFFENTLIG_JOURNAL
from uttrekk.skriving import Navnerom, navn

L = Navnerom(NS_LOEPENDE_JOURNAL)
O = Navnerom(NS_OFFENTLIG_JOURNAL)  # noqa: E741 - the public journal's namespace
PER_PARTI = 1000


class Journaler:
    """Both journals, filled with `legg_til` during the walk and written with `skriv`."""

    def __init__(self, kladdemappe: Path, tidspunkt: dt.datetime) -> None:
        self._idag = dato_i_oslo(tidspunkt)
        self._kladd = sqlite3.connect(kladdemappe / "journaler.sqlite")
        self._kladd.execute("PRAGMA journal_mode = OFF")
        self._kladd.execute("PRAGMA synchronous = OFF")
        self._kladd.execute(
            "CREATE TABLE post (aar INTEGER, nr INTEGER, id INTEGER, loepende BLOB, offentlig BLOB)"
        )
        self._ventende: list[tuple[Any, ...]] = []

    def legg_til(
        self,
        journalpost: Any,
        mappe: Any,
        klasse: Any,
        parter: Sequence[Any],
        avskrivninger: Sequence[Any],
    ) -> None:
        siste = (
            max(avskrivninger, key=lambda a: (a.avskrivningsdato or dt.date.min, a.pk))
            if avskrivninger
            else None
        )
        self._ventende.append(
            (
                journalpost.journalaar,
                journalpost.journalsekvensnummer,
                journalpost.pk,
                *(
                    _xml(_registrering(ns, journalpost, mappe, klasse, parter, siste, self._idag))
                    for ns in (L, O)
                ),
            )
        )
        if len(self._ventende) >= PER_PARTI:
            self._lagre()

    def _lagre(self) -> None:
        self._kladd.executemany("INSERT INTO post VALUES (?, ?, ?, ?, ?)", self._ventende)
        self._ventende = []

    def skriv(
        self, omfang: Omfang, utmappe: Path, *, antall: int, start: dt.date, slutt: dt.date
    ) -> None:
        """Write both files, the entries in journal number order."""
        self._lagre()
        self._kladd.execute("CREATE INDEX journalnummer ON post (aar, nr, id)")
        with (
            (utmappe / "loependeJournal.xml").open("wb") as loepende,
            (utmappe / "offentligJournal.xml").open("wb") as offentlig,
        ):
            filer = ((L, "loependeJournal", loepende), (O, "offentligJournal", offentlig))
            for ns, rot, fil in filer:
                fil.write(
                    f'<?xml version="1.0" encoding="utf-8"?>\n<{rot} xmlns="{ns.uri}">\n'.encode()
                )
                fil.write(_xml(_journalhode(ns, omfang, antall, start, slutt)))
            for rad in self._kladd.execute(
                "SELECT loepende, offentlig FROM post ORDER BY aar, nr, id"
            ):
                loepende.write(rad[0])
                offentlig.write(rad[1])
            for _, rot, fil in filer:
                fil.write(f"</{rot}>\n".encode())

    def close(self) -> None:
        self._kladd.close()


def _xml(element: etree._Element) -> bytes:
    return bytes(etree.tostring(element, encoding="utf-8", pretty_print=True))


def _journalhode(
    ns: Navnerom, omfang: Omfang, antall: int, start: dt.date, slutt: dt.date
) -> etree._Element:
    hode = ns.element("journalhode")
    ns.felt(hode, "journalStartDato", start)
    ns.felt(hode, "journalSluttDato", slutt)
    if omfang.periode is not None:
        ns.felt(hode, "seleksjon", f"Journaldato {omfang.periode.fra} til {omfang.periode.til}")
    ns.felt(hode, "antallJournalposter", antall)
    for arkivskaper in omfang.arkiv.arkivskapere.order_by("pk"):
        element = ns.under(hode, "arkivskaper")
        ns.felt(element, "arkivskaperID", arkivskaper.arkivskaper_id)
        ns.felt(element, "arkivskaperNavn", arkivskaper.arkivskaper_navn)
        ns.felt(element, "beskrivelse", arkivskaper.beskrivelse)
    return hode


def _skjermingmetadata(skjerming: Any) -> list[str]:
    if skjerming is None or not skjerming.tilgangsrestriksjon:
        return []
    return [kodenavn("skjermingmetadata", kode) for kode in skjerming.skjerming_metadata or ()]


def _registrering(
    ns: Navnerom,
    journalpost: Any,
    mappe: Any,
    klasse: Any,
    parter: Sequence[Any],
    siste_avskrivning: Any,
    idag: dt.date,
) -> etree._Element:
    offentlig = ns is O
    element = ns.element("journalregistrering")
    if klasse is not None:
        del_ = ns.under(element, "klasse")
        skjult = _skjult_i_klassen(klasse.skjerming, idag) if offentlig else set()
        ns.felt(del_, "klasseID", SKJULT if "KID" in skjult else klasse.klasse_id)
        ns.felt(del_, "tittel", SKJULT if "TKL" in skjult else klasse.tittel)
        if not offentlig:
            ns.felter(del_, "skjermingMetadata", _skjermingmetadata(klasse.skjerming))

    sak = ns.under(element, "saksmappe")
    ns.felt(sak, "saksaar", mappe.saksaar)
    ns.felt(sak, "sakssekvensnummer", mappe.sakssekvensnummer)
    if offentlig:
        ns.felt(sak, "offentligTittel", offentlig_visning(mappe, dato=idag).tittel)
    else:
        ns.felt(sak, "tittel", mappe.tittel)
        ns.felt(sak, "offentligTittel", mappe.offentlig_tittel)
        ns.felt(sak, "skjermingMetadata", "; ".join(_skjermingmetadata(mappe.skjerming)))

    post = ns.under(element, "journalpost")
    visning = offentlig_visning(journalpost, dato=idag) if offentlig else None
    ns.felt(post, "systemID", journalpost.system_id)
    ns.felt(post, "journalaar", journalpost.journalaar)
    ns.felt(post, "journalsekvensnummer", journalpost.journalsekvensnummer)
    ns.felt(post, "journalpostnummer", journalpost.journalpostnummer)
    if visning is not None:
        ns.felt(post, "offentligTittel", visning.tittel)
    else:
        ns.felt(post, "tittel", journalpost.tittel)
        ns.felt(post, "offentligTittel", journalpost.offentlig_tittel)
        ns.felt(post, "skjermingMetadata", "; ".join(_skjermingmetadata(journalpost.skjerming)))
    ns.felt(post, "journaldato", journalpost.journaldato)
    ns.felt(post, "dokumentetsDato", journalpost.dokumentets_dato)
    if siste_avskrivning is not None:
        siste = siste_avskrivning
        ns.felt(post, "avskrivningsdato", siste.avskrivningsdato)
        ns.felt(post, "avskrivningsmaate", navn(siste, "avskrivningsmaate"))
        svar = siste.referanse_avskrives_av_journalpost
        ns.felt(post, "referanseAvskrivesAvJournalpost", svar.system_id if svar else None)
    skjerming = journalpost.skjerming
    if skjerming is not None and skjerming.tilgangsrestriksjon:
        ns.felt(post, "tilgangsrestriksjon", navn(skjerming, "tilgangsrestriksjon"))
    if journalpost.gradering is not None:
        ns.felt(post, "grad", navn(journalpost.gradering, "graderingskode"))
    if skjerming is not None and skjerming.tilgangsrestriksjon:
        ns.felt(post, "skjermingshjemmel", skjerming.skjermingshjemmel)
    for part in parter:
        del_ = ns.under(post, "korrespondansepart")
        type_ = part.korrespondanseparttype
        ns.felt(del_, "korrespondanseparttype", navn(part, "korrespondanseparttype"))
        if visning is not None:
            ns.felt(
                del_,
                "korrespondansepartNavn",
                visning.offentlig_korrespondansepart_navn(type_, part.korrespondansepart_navn),
            )
        else:
            ns.felt(del_, "korrespondansepartNavn", part.korrespondansepart_navn)
            ns.felt(del_, "skjermingMetadata", _partskjerming(journalpost.skjerming, type_))
    return element


def _skjult_i_klassen(skjerming: Any, idag: dt.date) -> set[str]:
    """The codes that hide a klasse's ID (KID, a fødselsnummer as object class) or title
    (TKL) in public; temporary screening hides both."""
    if not skjerming_virker(skjerming, idag):
        return set()
    koder = set(skjerming.skjerming_metadata or ())
    return {"KID", "TKL"} if MIDLERTIDIG_SKJERMINGMETADATA in koder else koder


def _partskjerming(skjerming: Any, korrespondanseparttype: str) -> str:
    """The skjermingMetadata that screens this party's name, if any."""
    koder = set(skjerming.skjerming_metadata or ()) if skjerming is not None else set()
    if not skjerming or not skjerming.tilgangsrestriksjon:
        return ""
    treff = [
        kode
        for kode, gjelder in (
            ("NA", korrespondanseparttype in AVSENDERTYPER),
            ("NM", korrespondanseparttype in MOTTAKERTYPER),
            ("NPS", True),
        )
        if kode in koder and gjelder
    ]
    return "; ".join(kodenavn("skjermingmetadata", kode) for kode in treff)
