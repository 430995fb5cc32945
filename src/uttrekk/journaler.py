"""loependeJournal.xml and offentligJournal.xml: every journalpost of the extract, in journal
number order, written in one pass into both files.

The running journal keeps the real titles and names with the skjermingMetadata that says what
is screened. The public journal has no full titles by schema (only offentligTittel) and no
skjermingMetadata; what a skjerming in force on the day of the extract hides is masked in it
exactly as in the public journal on the web (`tilgang.skjerming.offentlig_visning`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from lxml import etree  # type: ignore[import-untyped]

from arkivstruktur.models import Registrering
from felles.tid import dato_i_oslo
from kodeliste.services import kodenavn
from sakarkiv.models import Avskrivning, Korrespondansepart
from tilgang.omfang import MIDLERTIDIG_SKJERMINGMETADATA
from tilgang.skjerming import (
    AVSENDERTYPER,
    MOTTAKERTYPER,
    SKJULT,
    offentlig_visning,
    skjerming_virker,
)
from uttrekk.arkivstruktur import navn
from uttrekk.parti import grupper, i_partier
from uttrekk.selectors import Omfang
from uttrekk.skjema import NS_LOEPENDE_JOURNAL, NS_OFFENTLIG_JOURNAL
from uttrekk.skriving import Navnerom

L = Navnerom(NS_LOEPENDE_JOURNAL)
O = Navnerom(NS_OFFENTLIG_JOURNAL)  # noqa: E741 - the public journal's namespace
PER_PARTI = 500


def skriv_journaler(
    omfang: Omfang,
    utmappe: Path,
    *,
    antall: int,
    start: dt.date,
    slutt: dt.date,
    tidspunkt: dt.datetime,
) -> int:
    """Write both journals; returns the number of journalregistreringer in each."""
    idag = dato_i_oslo(tidspunkt)
    skrevet = 0
    with ExitStack() as stakk:
        filer = {
            ns: stakk.enter_context(
                etree.xmlfile(
                    stakk.enter_context((utmappe / f"{rot}.xml").open("wb")), encoding="utf-8"
                )
            )
            for ns, rot in ((L, "loependeJournal"), (O, "offentligJournal"))
        }
        for ns, xf in filer.items():
            xf.write_declaration()
            stakk.enter_context(xf.element(ns.q(_rot(ns)), nsmap=ns.nsmap))
            xf.write(_journalhode(ns, omfang, antall, start, slutt), pretty_print=True)
        for journalpost, parter, avskrivninger in _journalposter(omfang):
            filer[L].write(
                _registrering(L, journalpost, parter, avskrivninger, idag), pretty_print=True
            )
            filer[O].write(
                _registrering(O, journalpost, parter, avskrivninger, idag), pretty_print=True
            )
            skrevet += 1
    return skrevet


def _rot(ns: Navnerom) -> str:
    return "loependeJournal" if ns is L else "offentligJournal"


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


def _journalposter(omfang: Omfang) -> Iterator[tuple[Registrering, Sequence[Any], Sequence[Any]]]:
    """Each journalpost with its korrespondanseparter and avskrivninger, read per batch."""
    for arkivdel in omfang.arkivdeler:
        rader: QuerySet[Registrering] = (
            omfang.registreringer(arkivdel)
            .filter(registreringstype="journalpost")
            .select_related(
                "skjerming",
                "gradering",
                "mappe__skjerming",
                "mappe__klasse__skjerming",
            )
            .order_by("journalaar", "journalsekvensnummer", "pk")
        )
        for parti in i_partier(rader.iterator(chunk_size=PER_PARTI), PER_PARTI):
            ider = [j.pk for j in parti]
            parter = grupper(
                Korrespondansepart.objects.filter(registrering_id__in=ider).order_by("pk"),
                "registrering_id",
            )
            avskrivninger = grupper(
                _avskrivninger().filter(journalpost_id__in=ider), "journalpost_id"
            )
            for journalpost in parti:
                yield (
                    journalpost,
                    parter.get(journalpost.pk, ()),
                    avskrivninger.get(journalpost.pk, ()),
                )


def _avskrivninger() -> QuerySet[Avskrivning]:
    return Avskrivning.objects.select_related("referanse_avskrives_av_journalpost").order_by(
        "avskrivningsdato", "pk"
    )


def _skjermingmetadata(skjerming: Any) -> list[str]:
    if skjerming is None or not skjerming.tilgangsrestriksjon:
        return []
    return [kodenavn("skjermingmetadata", kode) for kode in skjerming.skjerming_metadata or ()]


def _registrering(
    ns: Navnerom,
    journalpost: Registrering,
    parter: Sequence[Any],
    avskrivninger: Sequence[Any],
    idag: dt.date,
) -> etree._Element:
    offentlig = ns is O
    mappe = journalpost.mappe
    if mappe is None:  # never: a journalpost lies in a mappe (database constraint)
        raise ValueError(f"Journalpost {journalpost.system_id} ligger ikke i en mappe.")
    element = ns.element("journalregistrering")
    klasse = mappe.klasse
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
    visning = offentlig_visning(journalpost, dato=idag)
    ns.felt(post, "systemID", journalpost.system_id)
    ns.felt(post, "journalaar", journalpost.journalaar)
    ns.felt(post, "journalsekvensnummer", journalpost.journalsekvensnummer)
    ns.felt(post, "journalpostnummer", journalpost.journalpostnummer)
    if offentlig:
        ns.felt(post, "offentligTittel", visning.tittel)
    else:
        ns.felt(post, "tittel", journalpost.tittel)
        ns.felt(post, "offentligTittel", journalpost.offentlig_tittel)
        ns.felt(post, "skjermingMetadata", "; ".join(_skjermingmetadata(journalpost.skjerming)))
    ns.felt(post, "journaldato", journalpost.journaldato)
    ns.felt(post, "dokumentetsDato", journalpost.dokumentets_dato)
    if avskrivninger:
        siste = avskrivninger[-1]
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
        if offentlig:
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
