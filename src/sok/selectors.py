"""Search: `sok(bruker=…, q=…)` finds what the user may see (style.md §4, §6).

How a search runs:

1. The query is read into a safe form (sok.spoerring); an empty one finds nothing.
2. One statement asks the engine for the newest visible matches, at most `MAKS_KANDIDATER`:
   the access rules of every record (sok.omfang) and the filters are part of it, so nothing
   hidden is counted, ranked or shown, and nothing is filtered in Python after a limit.
3. These candidates are the bounded set the rest works on (performance.md §6: newest-first is
   cheap, ranking is the cost): the count ("over 200" beyond it), the facets, and the
   relevance order. Newest first pages through the candidates and, past them, asks the
   engine for the page itself; relevance orders only the candidates.
4. The page's records are read and shown as the public sees them (sok.treff).

Relevance is kept simple and the same on both engines: a candidate whose title (with
offentligTittel; a document's own title) holds every searched word comes before one that
matches only in names or document text, and each group is newest first. Term-frequency
ranking (FTS5's bm25, ts_rank) was measured and left out: bm25 reads every row holding each
searched word, 25 ms and more per common-word search on a million rows (bench/sok.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from kodeliste.services import kodenavn
from organisasjon.models import Virksomhet
from sok.adaptere import Kandidat, motor
from sok.models import Art
from sok.spoerring import Soekeuttrykk, tolk
from sok.treff import Treff, bygg_treff
from sok.utdrag import Markering
from sok.utvalg import Filtre, Utvalg
from tilgang.omfang import idag
from tilgang.profil import tilgangsprofil

__all__ = ["Fasettverdi", "Filtre", "Rekkefoelge", "Soekeresultat", "sok"]

# The bounded candidate set: counted, faceted and ranked. Larger costs every common-word
# search more; bench/sok.py measures it.
MAKS_KANDIDATER = 200
PER_SIDE = 25
MAKS_PER_SIDE = 100

Rekkefoelge = Literal["relevans", "nyeste"]


@dataclass(frozen=True)
class Fasettverdi:
    verdi: str  # the filter value that selects it
    navn: str
    antall: int
    er_valgt: bool = False


@dataclass(frozen=True)
class Soekeresultat:
    q: str
    treff: list[Treff]
    antall: int  # visible hits, counted up to MAKS_KANDIDATER
    antall_er_minst: bool  # there are more than `antall`
    side: int
    per_side: int
    har_neste: bool
    rekkefoelge: Rekkefoelge
    fasetter: dict[str, list[Fasettverdi]] = field(default_factory=dict)

    @property
    def har_forrige(self) -> bool:
        return self.side > 1


def _tomt(q: str, side: int, per_side: int, rekkefoelge: Rekkefoelge) -> Soekeresultat:
    return Soekeresultat(q, [], 0, False, side, per_side, False, rekkefoelge)


def _fasetter(kandidater: list[Kandidat], filtre: Filtre) -> dict[str, list[Fasettverdi]]:
    bydeler = Counter(k.virksomhet_id for k in kandidater)
    navn = {
        v.pk: (v.kortnavn, v.navn)
        for v in Virksomhet.objects.filter(pk__in=bydeler).only("kortnavn", "navn")
    }

    def koder(verdier: Counter[str], kodeliste: str, valgt: str | None) -> list[Fasettverdi]:
        return [
            Fasettverdi(kode, kodenavn(kodeliste, kode), antall, kode == valgt)
            for kode, antall in verdier.most_common()
            if kode
        ]

    return {
        "bydel": [
            Fasettverdi(navn[v][0], navn[v][1], antall, navn[v][0] == filtre.bydel)
            for v, antall in bydeler.most_common()
            if v in navn
        ],
        "journalposttype": koder(
            Counter(k.journalposttype for k in kandidater),
            "journalposttype",
            filtre.journalposttype,
        ),
        "journalstatus": koder(
            Counter(k.journalstatus for k in kandidater if k.art != Art.MAPPE),
            "journalstatus",
            filtre.journalstatus,
        ),
        "saksstatus": koder(
            Counter(k.saksstatus for k in kandidater), "saksstatus", filtre.saksstatus
        ),
        "aar": [
            Fasettverdi(str(aar), str(aar), antall, aar == filtre.aar)
            for aar, antall in sorted(Counter(k.aar for k in kandidater).items(), reverse=True)
        ],
    }


def sok(
    *,
    bruker: Any,
    q: str | None,
    filtre: Filtre | None = None,
    side: int = 1,
    per_side: int = PER_SIDE,
    rekkefoelge: Rekkefoelge = "relevans",
) -> Soekeresultat:
    """The records `bruker` may see that match `q` and the filters, one page of them."""
    q = q or ""
    filtre = filtre or Filtre()
    side = max(1, side)
    per_side = min(max(1, per_side), MAKS_PER_SIDE)
    uttrykk = tolk(q)
    profil = tilgangsprofil(bruker)
    if uttrykk.er_tomt or not profil.er_innlogget:
        return _tomt(q, side, per_side, rekkefoelge)

    utvalg = Utvalg(profil, filtre, idag())
    sokemotor = motor()
    kandidater = sokemotor.kandidater(
        uttrykk=uttrykk,
        utvalg=utvalg,
        grense=MAKS_KANDIDATER,
        rangert=rekkefoelge == "relevans",
    )
    antall_er_minst = len(kandidater) >= MAKS_KANDIDATER
    start = (side - 1) * per_side
    if rekkefoelge == "relevans":
        rangert = sorted(kandidater, key=lambda k: (-k.rang, -k.id))
        siden, har_neste = rangert[start : start + per_side], start + per_side < len(rangert)
    elif start + per_side <= len(kandidater) or not antall_er_minst:
        siden, har_neste = kandidater[start : start + per_side], start + per_side < len(kandidater)
    else:
        # Past the candidates: the page itself, newest first (deeper pages cost more).
        dypere = sokemotor.kandidater(
            uttrykk=uttrykk, utvalg=utvalg, grense=per_side + 1, forskyvning=start
        )
        siden, har_neste = dypere[:per_side], len(dypere) > per_side
    return Soekeresultat(
        q=q,
        treff=bygg_treff(siden, _markering(uttrykk)),
        antall=len(kandidater),
        antall_er_minst=antall_er_minst,
        side=side,
        per_side=per_side,
        har_neste=har_neste,
        rekkefoelge=rekkefoelge,
        fasetter=_fasetter(kandidater, filtre),
    )


def _markering(uttrykk: Soekeuttrykk) -> Markering:
    return Markering(uttrykk.stammer, uttrykk.prefikser)
