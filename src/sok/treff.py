"""One page of hits made presentable, as the public sees the records (docs/tilgangsmatrise.md).

Every hit is a record the user may see (the query checked that), but a result list shows each
one as lists do: through `offentlig_visning`. So a screened title is its offentligTittel (or
its first line, or *****), party names hidden by NPS/NA/NM are *****, and a document title
hidden by TD is *****. The text of a screened or graded document is never shown at all; its
hit says only that the document matched. A word the masking hides therefore never reaches a
title or an excerpt, even for a user who found the record by that word. The full record is
one click away, on the case page, where the view is logged.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar
from uuid import UUID

from django.db.models import Exists, OuterRef, Q
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString

from arkivstruktur.models import Dokumentbeskrivelse, Mappe, Part, Registrering
from dokument.models import Dokumenttekst
from sakarkiv.models import Korrespondansepart
from sok.adaptere import MAKS_TEKST, Kandidat
from sok.models import Art, Indeksrad
from sok.utdrag import Markering, har_treff, marker, utdrag
from tilgang.skjerming import Visning, gradering_virker, offentlig_visning, skjerming_virker


@dataclass(frozen=True)
class Treff:
    art: str  # Art: M, R or D
    artnavn: str  # "Sak", "Journalpost", "Dokument" …
    system_id: UUID  # of the mappe, registrering or dokumentbeskrivelse
    referanse: str  # saksnummer / registreringsID
    tittel: str  # as shown (masked), plain text
    tittel_html: SafeString  # the same, escaped, hits in <mark>
    utdrag_html: SafeString  # escaped, hits in <mark>; empty when there is nothing to show
    er_skjermet: bool
    tekst_skjult: bool  # a document whose text is not shown
    dato: dt.date | None
    status: str
    lenke: str | None  # the case page, where there is one
    sak_system_id: UUID | None


# What a hit shows, and what offentlig_visning reads: the rest of the row is not loaded.
_SKJERMINGSFELT = (
    "tilgangsrestriksjon",
    "skjermingshjemmel",
    "skjerming_metadata",
    "skjerming_dokument",
    "skjerming_opphoerer_dato",
)
_SIDEFELT = (
    "art",
    "mappe__system_id",
    "mappe__mappetype",
    "mappe__mappe_id",
    "mappe__tittel",
    "mappe__offentlig_tittel",
    "mappe__saksdato",
    "mappe__saksstatus_kodenavn",
    *(f"mappe__skjerming__{felt}" for felt in _SKJERMINGSFELT),
    "registrering__system_id",
    "registrering__registreringstype",
    "registrering__registrerings_id",
    "registrering__tittel",
    "registrering__offentlig_tittel",
    "registrering__journaldato",
    "registrering__journalstatus_kodenavn",
    "registrering__gradering__graderingskode",
    *(f"registrering__skjerming__{felt}" for felt in _SKJERMINGSFELT),
    "dokumentbeskrivelse__system_id",
    "dokumentbeskrivelse__tittel",
    "dokumentbeskrivelse__gradering__graderingskode",
    *(f"dokumentbeskrivelse__skjerming__{felt}" for felt in _SKJERMINGSFELT),
)


_NULL = UUID(int=0)
M = TypeVar("M")


@lru_cache(maxsize=8)
def _saksside(prefiks: str) -> str:
    """The case page's URL with a placeholder id: reverse() once, not once per hit."""
    return reverse("sakarkiv:saksmappe-detalj", args=[_NULL])


def _lenke(mappe: Mappe | None) -> str | None:
    if mappe is None or not mappe.er_saksmappe:
        return None
    return _saksside(get_script_prefix()).replace(str(_NULL), str(mappe.system_id))


def _navn(
    mapper: Iterable[int], registreringer: Iterable[int]
) -> tuple[dict[int, list[tuple[str, str]]], dict[int, list[tuple[str, str]]]]:
    """Parties and korrespondanseparter: (kind, name) per mappe and per registrering. The
    kind is a korrespondanseparttype, or "part" for a Part."""
    per_mappe: dict[int, list[tuple[str, str]]] = defaultdict(list)
    per_registrering: dict[int, list[tuple[str, str]]] = defaultdict(list)
    mapper, registreringer = list(mapper), list(registreringer)
    if not mapper and not registreringer:
        return per_mappe, per_registrering
    for mappe_id, registrering_id, navn in Part.objects.filter(
        Q(mappe_id__in=mapper) | Q(registrering_id__in=registreringer)
    ).values_list("mappe_id", "registrering_id", "part_navn"):
        if mappe_id is not None:
            per_mappe[mappe_id].append(("part", navn))
        if registrering_id is not None:
            per_registrering[registrering_id].append(("part", navn))
    if registreringer:
        for registrering_id, slag, navn in Korrespondansepart.objects.filter(
            registrering_id__in=registreringer
        ).values_list("registrering_id", "korrespondanseparttype", "korrespondansepart_navn"):
            per_registrering[registrering_id].append((slag, navn))
    return per_mappe, per_registrering


def _synlige_navn(visning: Visning, navn: list[tuple[str, str]]) -> str:
    return "; ".join(
        visning.part_navn(n) if slag == "part" else visning.korrespondansepart_navn(slag, n)
        for slag, n in navn
    )


def _navneutdrag(visning: Visning, navn: list[tuple[str, str]], markering: Markering) -> SafeString:
    """The names as shown, when one of them matched; empty otherwise."""
    tekst = _synlige_navn(visning, navn)
    return marker(tekst, markering) if har_treff(tekst, markering) else SafeString("")


def _tekster(dokumenter: Iterable[int]) -> dict[int, str]:
    """The newest extracted text of each document (the highest versjonsnummer)."""
    dokumenter = list(dokumenter)
    if not dokumenter:
        return {}
    nyere = Dokumenttekst.objects.filter(
        dokumentbeskrivelse_id=OuterRef("dokumentbeskrivelse_id"),
        versjonsnummer__gt=OuterRef("versjonsnummer"),
    )
    return dict(
        Dokumenttekst.objects.filter(dokumentbeskrivelse_id__in=dokumenter)
        .filter(~Exists(nyere))
        .values_list("dokumentbeskrivelse_id", "tekst")
    )


def kan_vise_tekst(dokument: Dokumentbeskrivelse, registrering: Registrering) -> bool:
    """A document's text may go into an excerpt only when neither the document nor the
    registrering it is reached through is screened or graded."""
    return not (
        skjerming_virker(dokument.skjerming)
        or skjerming_virker(registrering.skjerming)
        or gradering_virker(dokument.gradering)
        or gradering_virker(registrering.gradering)
    )


def _krev(verdi: M | None) -> M:
    """The record a row's kind guarantees (constraint sok_indeksrad_peker_paa_sin_art)."""
    if verdi is None:
        raise Indeksrad.DoesNotExist("Indeksraden mangler posten sin.")
    return verdi


def _ider(verdier: Iterable[int | None]) -> set[int]:
    return {verdi for verdi in verdier if verdi is not None}


def bygg_treff(kandidater: list[Kandidat], markering: Markering) -> list[Treff]:
    """The hits of one page, in the given order: the records in one query through their
    index rows, then the names and texts the page shows."""
    rader = (
        Indeksrad.objects.select_related(
            "mappe__skjerming",
            "registrering__skjerming",
            "registrering__gradering",
            "dokumentbeskrivelse__skjerming",
            "dokumentbeskrivelse__gradering",
        )
        .only(*_SIDEFELT)
        .in_bulk([k.id for k in kandidater])
    )
    navn_mappe, navn_registrering = _navn(
        _ider(r.mappe_id for r in rader.values() if r.art == Art.MAPPE),
        _ider(r.registrering_id for r in rader.values() if r.art == Art.REGISTRERING),
    )
    tekster = _tekster(
        _krev(r.dokumentbeskrivelse_id)
        for r in rader.values()
        if r.art == Art.DOKUMENT
        and kan_vise_tekst(_krev(r.dokumentbeskrivelse), _krev(r.registrering))
    )
    treff: list[Treff] = []
    for k in kandidater:
        rad = rader.get(k.id)
        if rad is None:  # gone since the candidates were read
            continue
        if rad.art == Art.MAPPE:
            treff.append(_mappetreff(_krev(rad.mappe), navn_mappe, markering))
        elif rad.art == Art.REGISTRERING:
            treff.append(_registreringstreff(rad, navn_registrering, markering))
        else:
            treff.append(_dokumenttreff(rad, tekster, markering))
    return treff


def _treff(
    visning: Visning,
    markering: Markering,
    *,
    art: str,
    artnavn: str,
    system_id: UUID,
    mappe: Mappe | None,
    registrering: Registrering | None = None,
    utdrag_html: SafeString,
    tekst_skjult: bool = False,
) -> Treff:
    """A hit: its title as `visning` shows it; its reference, date and status those of the
    registrering it is (or is reached through), or of the mappe for a mappe hit; the link
    and the case those of its mappe."""
    if registrering is not None:
        referanse, dato = registrering.registrerings_id, registrering.journaldato
        status = getattr(registrering, "journalstatus_kodenavn", "")
    else:
        mappe = _krev(mappe)
        referanse, dato = mappe.mappe_id, mappe.saksdato
        status = getattr(mappe, "saksstatus_kodenavn", "")
    return Treff(
        art=art,
        artnavn=artnavn,
        system_id=system_id,
        referanse=referanse,
        tittel=visning.tittel,
        tittel_html=marker(visning.tittel, markering),
        utdrag_html=utdrag_html,
        er_skjermet=visning.er_skjermet,
        tekst_skjult=tekst_skjult,
        dato=dato,
        status=status,
        lenke=_lenke(mappe),
        sak_system_id=mappe.system_id if mappe is not None and mappe.er_saksmappe else None,
    )


def _mappetreff(
    mappe: Mappe, navn: dict[int, list[tuple[str, str]]], markering: Markering
) -> Treff:
    visning = offentlig_visning(mappe)
    return _treff(
        visning,
        markering,
        art=Art.MAPPE,
        artnavn="Sak" if mappe.er_saksmappe else "Mappe",
        system_id=mappe.system_id,
        mappe=mappe,
        utdrag_html=_navneutdrag(visning, navn.get(mappe.pk, []), markering),
    )


def _registreringstreff(
    rad: Indeksrad, navn: dict[int, list[tuple[str, str]]], markering: Markering
) -> Treff:
    registrering = _krev(rad.registrering)
    visning = offentlig_visning(registrering)
    return _treff(
        visning,
        markering,
        art=Art.REGISTRERING,
        artnavn=registrering.get_registreringstype_display(),
        system_id=registrering.system_id,
        mappe=rad.mappe,
        registrering=registrering,
        utdrag_html=_navneutdrag(visning, navn.get(registrering.pk, []), markering),
    )


def _dokumenttreff(rad: Indeksrad, tekster: dict[int, str], markering: Markering) -> Treff:
    dokument, registrering = _krev(rad.dokumentbeskrivelse), _krev(rad.registrering)
    tekst = tekster.get(dokument.pk)
    return _treff(
        offentlig_visning(dokument),
        markering,
        art=Art.DOKUMENT,
        artnavn="Dokument",
        system_id=dokument.system_id,
        mappe=rad.mappe,
        registrering=registrering,
        utdrag_html=utdrag(tekst[:MAKS_TEKST], markering) if tekst else SafeString(""),
        tekst_skjult=not kan_vise_tekst(dokument, registrering),
    )
