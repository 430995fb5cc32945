"""Keeping the index current: `indeks_oppdater` re-indexes named records (style.md §4).

Called after commit for what a transaction changed (sok.receivers) and in batches by
`arkivar sok-indekser`. Idempotent: the rows a record should have are computed from the
database as it is now and compared with the rows it has; a row whose key or text changes is
replaced, one whose metadata alone changes is updated, and an unchanged one is left alone.

The work per call is a fixed handful of statements, whatever the number of records: the
records, their names and texts, the existing rows, then one delete, one insert and one update.
A document reached only because its registrering changed keeps its text (its row is updated,
not rebuilt) unless its key changed, so a journalstatus change does not re-read every PDF.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import BigIntegerField, Exists, OuterRef, Q, QuerySet, Subquery, Value

from arkivstruktur.models import Dokumenttilknytning, Mappe, Part, Registrering
from dokument.models import Dokumenttekst
from felles.tid import dato_i_oslo
from sakarkiv.models import Korrespondansepart
from sok.adaptere import NyRad, motor
from sok.models import Art, Indeksrad, indeksnokkel
from sporing.signaler import EIERFELT

# Metadata a row carries for the filters, compared to decide whether it needs an update.
METADATA = (
    "mappe_id",
    "virksomhet_id",
    "administrativ_enhet_id",
    "klasse_id",
    "journalposttype",
    "journalstatus",
    "saksstatus",
    "dato",
    "aar",
)


@dataclass
class _Oensket:
    """A row as it should be, and its text once read (only for rows being rewritten)."""

    rad: Indeksrad
    full: bool  # its text must be (re)written
    tittel: str = ""
    tekst: list[str] = field(default_factory=list)


def _dato(dato: dt.date | None, opprettet: dt.datetime) -> dt.date:
    return dato if dato is not None else dato_i_oslo(opprettet)


def _rad(art: str, kilde_id: int, dato: dt.date, **felter: Any) -> Indeksrad:
    return Indeksrad(
        id=indeksnokkel(art, kilde_id, dato), art=art, dato=dato, aar=dato.year, **felter
    )


_REGISTRERINGSFELT = (
    "pk",
    "mappe_id",
    "klasse_id",
    "mappe__klasse_id",
    "mappe__saksstatus",
    "arkiv__virksomhet_id",
    "referanse_administrativ_enhet_id",
    "journalposttype",
    "journalstatus",
    "journaldato",
    "opprettet_dato",
)


def _registreringsrad(
    art: str, kilde_id: int, verdier: dict[str, Any], prefiks: str = "", **felter: Any
) -> Indeksrad:
    """A row of a registrering or of a document attached to one, from the registrering's
    values (`_REGISTRERINGSFELT`, each under `prefiks`): its metadata and its date."""

    def v(navn: str) -> Any:
        return verdier[prefiks + navn]

    return _rad(
        art,
        kilde_id,
        _dato(v("journaldato"), v("opprettet_dato")),
        mappe_id=v("mappe_id"),
        registrering_id=v("pk") if not prefiks else verdier["registrering_id"],
        virksomhet_id=v("arkiv__virksomhet_id"),
        administrativ_enhet_id=v("referanse_administrativ_enhet_id"),
        # A registrering in a mappe is classified through it (it has no klasse of its own).
        klasse_id=v("klasse_id") or v("mappe__klasse_id"),
        journalposttype=v("journalposttype"),
        journalstatus=v("journalstatus"),
        saksstatus=v("mappe__saksstatus") or "",
        **felter,
    )


def _mapperader(mapper: set[int]) -> list[_Oensket]:
    rader = []
    for m in Mappe.objects.filter(pk__in=mapper).values(
        "pk",
        "klasse_id",
        "arkiv__virksomhet_id",
        "referanse_administrativ_enhet_id",
        "saksstatus",
        "saksdato",
        "opprettet_dato",
        "tittel",
        "offentlig_tittel",
    ):
        rad = _rad(
            Art.MAPPE,
            m["pk"],
            _dato(m["saksdato"], m["opprettet_dato"]),
            mappe_id=m["pk"],
            virksomhet_id=m["arkiv__virksomhet_id"],
            administrativ_enhet_id=m["referanse_administrativ_enhet_id"],
            klasse_id=m["klasse_id"],
            saksstatus=m["saksstatus"],
        )
        rader.append(_Oensket(rad, True, f"{m['tittel']}\n{m['offentlig_tittel']}"))
    return rader


def _registreringsrader(registreringer: set[int]) -> list[_Oensket]:
    rader = []
    for r in Registrering.objects.filter(pk__in=registreringer).values(
        *_REGISTRERINGSFELT, "tittel", "offentlig_tittel"
    ):
        rad = _registreringsrad(Art.REGISTRERING, r["pk"], r)
        rader.append(_Oensket(rad, True, f"{r['tittel']}\n{r['offentlig_tittel']}"))
    return rader


def _dokumentrader(registreringer: set[int], dokumenter: set[int]) -> list[_Oensket]:
    """Rows of the documents of `registreringer` (metadata) and of `dokumenter` (full)."""
    if not registreringer and not dokumenter:
        return []
    rader = []
    for t in Dokumenttilknytning.objects.filter(
        Q(registrering_id__in=registreringer) | Q(dokumentbeskrivelse_id__in=dokumenter)
    ).values(
        "pk",
        "registrering_id",
        "dokumentbeskrivelse_id",
        "dokumentbeskrivelse__tittel",
        *(f"registrering__{felt}" for felt in _REGISTRERINGSFELT if felt != "pk"),
    ):
        rad = _registreringsrad(
            Art.DOKUMENT,
            t["pk"],
            t,
            "registrering__",
            dokumentbeskrivelse_id=t["dokumentbeskrivelse_id"],
            tilknytning_id=t["pk"],
        )
        full = t["dokumentbeskrivelse_id"] in dokumenter
        rader.append(_Oensket(rad, full, t["dokumentbeskrivelse__tittel"]))
    return rader


def _kilde(rad: Indeksrad) -> tuple[str, int | None]:
    """What the row is of: the kind and the record's id (the link's, for a document)."""
    art = str(rad.art)  # a plain "M", also when given as Art.MAPPE (whose hash differs)
    if art == Art.MAPPE:
        return (art, rad.mappe_id)
    if art == Art.REGISTRERING:
        return (art, rad.registrering_id)
    return (art, rad.tilknytning_id)


def _eksisterende(
    mapper: set[int], registreringer: set[int], dokumenter: set[int]
) -> dict[tuple[str, int | None], Indeksrad]:
    if not (mapper or registreringer or dokumenter):
        return {}
    omfang = Q(art=Art.MAPPE, mappe_id__in=mapper) | Q(registrering_id__in=registreringer)
    if dokumenter:
        omfang |= Q(art=Art.DOKUMENT, dokumentbeskrivelse_id__in=dokumenter)
    return {
        _kilde(rad): rad
        for rad in Indeksrad.objects.filter(omfang).only(
            "id", "art", "registrering_id", "tilknytning_id", *METADATA
        )
    }


def _navn(oensket: list[_Oensket]) -> None:
    """Add the names of parties and korrespondanseparter to the rows being rewritten."""
    per_mappe = {o.rad.mappe_id: o for o in oensket if o.rad.art == Art.MAPPE}
    per_registrering = {o.rad.registrering_id: o for o in oensket if o.rad.art == Art.REGISTRERING}
    per_dokument: dict[int, list[_Oensket]] = defaultdict(list)
    for o in oensket:
        if o.rad.art == Art.DOKUMENT:
            per_dokument[o.rad.dokumentbeskrivelse_id].append(o)  # type: ignore[index]
    if not (per_mappe or per_registrering or per_dokument):
        return
    ingen = Value(None, output_field=BigIntegerField())
    parter = Part.objects.filter(
        Q(mappe_id__in=per_mappe)
        | Q(registrering_id__in=per_registrering)
        | Q(dokumentbeskrivelse_id__in=per_dokument)
    ).values_list("mappe_id", "registrering_id", "dokumentbeskrivelse_id", "part_navn")
    korrespondanseparter = (
        Korrespondansepart.objects.filter(registrering_id__in=per_registrering)
        .annotate(ingen_mappe=ingen, ingen_dokument=ingen)
        .values_list("ingen_mappe", "registrering_id", "ingen_dokument", "korrespondansepart_navn")
    )
    for mappe_id, registrering_id, dokument_id, navn in parter.union(
        korrespondanseparter, all=True
    ):
        if mappe_id in per_mappe:
            per_mappe[mappe_id].tekst.append(navn)
        if registrering_id in per_registrering:
            per_registrering[registrering_id].tekst.append(navn)
        for o in per_dokument.get(dokument_id, ()):
            o.tekst.append(navn)


def _tekster(oensket: list[_Oensket]) -> None:
    """Add each document's newest extracted text (the highest versjonsnummer)."""
    per_dokument: dict[int, list[_Oensket]] = defaultdict(list)
    for o in oensket:
        if o.rad.art == Art.DOKUMENT:
            per_dokument[o.rad.dokumentbeskrivelse_id].append(o)  # type: ignore[index]
    if not per_dokument:
        return
    nyere = Dokumenttekst.objects.filter(
        dokumentbeskrivelse_id=OuterRef("dokumentbeskrivelse_id"),
        versjonsnummer__gt=OuterRef("versjonsnummer"),
    )
    for dokument_id, tekst in (
        Dokumenttekst.objects.filter(dokumentbeskrivelse_id__in=per_dokument)
        .filter(~Exists(nyere))
        .values_list("dokumentbeskrivelse_id", "tekst")
    ):
        for o in per_dokument[dokument_id]:
            o.tekst.insert(0, tekst)


def _endret_metadata(gammel: Indeksrad, ny: Indeksrad) -> bool:
    return any(getattr(gammel, felt) != getattr(ny, felt) for felt in METADATA)


def indeks_oppdater(
    *,
    mapper: Iterable[int] = (),
    registreringer: Iterable[int] = (),
    dokumenter: Iterable[int] = (),
    nye: Iterable[tuple[str, int]] = (),
) -> None:
    """Bring the rows of these records up to date: mapper and registreringer (ids) in full,
    dokumenter (dokumentbeskrivelse ids) in full in every registrering they belong to, and the
    documents of the registreringer as far as their metadata goes.

    A record that no longer exists has no rows left (they went with it); one that does gets
    exactly the rows it should have. `nye` names records created in the transaction that
    just committed, as ("mappe" | "registrering" | "dokumentbeskrivelse", id): they have no
    rows yet, and a new document no text yet (its text is indexed when it is extracted), so
    neither is looked for: a registration costs two statements fewer.
    """
    mapper, registreringer, dokumenter = set(mapper), set(registreringer), set(dokumenter)
    if not (mapper or registreringer or dokumenter):
        return
    ny = {art: {pk for a, pk in nye if a == art} for art in EIERFELT}
    oensket = [
        *_mapperader(mapper),
        *_registreringsrader(registreringer),
        *_dokumentrader(registreringer, dokumenter),
    ]
    eksisterende = _eksisterende(
        mapper - ny["mappe"],
        registreringer - ny["registrering"],
        dokumenter - ny["dokumentbeskrivelse"],
    )

    nye_rader: list[_Oensket] = []
    endrede: list[Indeksrad] = []
    slett: set[int] = set()
    for o in oensket:
        gammel = eksisterende.pop(_kilde(o.rad), None)
        if gammel is None or gammel.id != o.rad.id or o.full:
            nye_rader.append(o)
            if gammel is not None:
                slett.add(gammel.id)
        elif _endret_metadata(gammel, o.rad):
            endrede.append(o.rad)
    # Rows whose record no longer calls for them (CASCADE normally took them already).
    slett |= {rad.id for rad in eksisterende.values()}

    _navn(nye_rader)
    nye_dokumenter = ny["dokumentbeskrivelse"]
    _tekster([o for o in nye_rader if o.rad.dokumentbeskrivelse_id not in nye_dokumenter])
    with motor().skrivetransaksjon():
        # Replaced rows go first: the new row may take the same key.
        if slett:
            Indeksrad.objects.filter(pk__in=slett).delete()
        motor().sett_inn(
            [NyRad(o.rad, o.tittel, "\n".join(t for t in o.tekst if t)) for o in nye_rader]
        )
        if endrede:
            Indeksrad.objects.bulk_update(endrede, list(METADATA))
        if mapper:
            _mappens_metadata_til_innholdet(mapper)


def _mappens_metadata_til_innholdet(mapper: set[int]) -> None:
    """The rows of a mappe's registreringer and documents carry its klasse and saksstatus:
    one statement brings those that differ up to date."""
    mappe = Mappe.objects.filter(pk=OuterRef("mappe_id"))
    lik = mappe.filter(klasse_id=OuterRef("klasse_id"), saksstatus=OuterRef("saksstatus"))
    Indeksrad.objects.filter(mappe_id__in=mapper).exclude(art=Art.MAPPE).exclude(
        Exists(lik)
    ).update(
        klasse_id=Subquery(mappe.values("klasse_id")[:1]),
        saksstatus=Subquery(mappe.values("saksstatus")[:1]),
    )


def _i_bolker(ider: QuerySet[Any], stoerrelse: int) -> Iterator[list[int]]:
    """The ids of `ider` in ascending batches, read one batch at a time (keyset)."""
    siste = 0
    while True:
        bolk = list(
            ider.filter(pk__gt=siste).order_by("pk").values_list("pk", flat=True)[:stoerrelse]
        )
        if not bolk:
            return
        yield bolk
        siste = bolk[-1]


def indeks_bygg(
    *, bolk: int = 500, fra_ny: bool = False, fremdrift: Callable[[str, int], None] | None = None
) -> int:
    """Re-index every mappe, registrering and document, `bolk` records per transaction.

    Idempotent, and safe while the system is in use: each batch brings its records up to
    date as `indeks_oppdater` does. `fra_ny` first empties the index (then searches find less
    until the rebuild is done). Returns the number of records indexed.
    """
    if fra_ny:
        with transaction.atomic():
            motor().tom()
    antall = 0
    for mapper in _i_bolker(Mappe.objects.all(), bolk):
        indeks_oppdater(mapper=mapper)
        antall += len(mapper)
        if fremdrift:
            fremdrift("mapper", antall)
    for registreringer in _i_bolker(Registrering.objects.all(), bolk):
        dokumenter = Dokumenttilknytning.objects.filter(
            registrering_id__in=registreringer
        ).values_list("dokumentbeskrivelse_id", flat=True)
        indeks_oppdater(registreringer=registreringer, dokumenter=set(dokumenter))
        antall += len(registreringer)
        if fremdrift:
            fremdrift("registreringer", antall)
    return antall
