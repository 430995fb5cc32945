"""Which index rows a search may return: the user's access and the filters.

An `Utvalg` is a value (hashable): the engines compile its SQL once and reuse it for every
search with the same access profile, filters and day, since building the access rules through
the ORM costs more than running them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet

from sok.models import Art, Indeksrad, indeksnokkel
from sok.omfang import synlige_rader_q
from tilgang.profil import Tilgangsprofil

MAKS_NOKKEL = 2**63 - 1


@dataclass(frozen=True)
class Filtre:
    """Metadata filters; None is no filter. Records are named by what the UI shows."""

    bydel: str | None = None  # Virksomhet.kortnavn
    enhet: UUID | None = None  # AdministrativEnhet.system_id
    klasse: UUID | None = None  # Klasse.system_id
    art: str | None = None  # Art: M, R or D
    journalposttype: str | None = None
    journalstatus: str | None = None
    saksstatus: str | None = None
    aar: int | None = None
    fra_dato: dt.date | None = None
    til_dato: dt.date | None = None

    def som_q(self) -> Q:
        betingelse = Q()
        for verdi, oppslag in (
            (self.bydel, "virksomhet__kortnavn"),
            (self.enhet, "administrativ_enhet__system_id"),
            (self.klasse, "klasse__system_id"),
            (self.art, "art"),
            (self.journalposttype, "journalposttype"),
            (self.journalstatus, "journalstatus"),
            (self.saksstatus, "saksstatus"),
        ):
            if verdi is not None and verdi != "":
                betingelse &= Q(**{oppslag: verdi})
        fra, til = self.nokler()
        if fra > 0:
            betingelse &= Q(pk__gte=fra)
        if til < MAKS_NOKKEL:
            betingelse &= Q(pk__lt=til)
        return betingelse

    def nokler(self) -> tuple[int, int]:
        """The period as a key range [fra, til): the key starts with the day, so both engines
        can walk it directly (FTS5 by rowid, PostgreSQL by the primary key)."""
        fra, til = self.periode()
        fra_nokkel = indeksnokkel(Art.REGISTRERING, 0, fra) if fra else 0
        til_nokkel = MAKS_NOKKEL
        if til is not None and til < dt.date.max:
            til_nokkel = indeksnokkel(Art.REGISTRERING, 0, til + dt.timedelta(days=1))
        return fra_nokkel, til_nokkel

    def periode(self) -> tuple[dt.date | None, dt.date | None]:
        fra, til = self.fra_dato, self.til_dato
        if self.aar is not None and dt.MINYEAR < self.aar < dt.MAXYEAR:
            aarets_fra, aarets_til = dt.date(self.aar, 1, 1), dt.date(self.aar, 12, 31)
            fra = max(fra, aarets_fra) if fra else aarets_fra
            til = min(til, aarets_til) if til else aarets_til
        return fra, til


@dataclass(frozen=True)
class Utvalg:
    profil: Tilgangsprofil
    filtre: Filtre
    dato: dt.date  # the day screening is judged by (it lapses by date)

    def rader(self) -> QuerySet[Indeksrad]:
        return Indeksrad.objects.filter(
            synlige_rader_q(self.profil, self.dato) & self.filtre.som_q()
        )

    @property
    def virksomheter(self) -> frozenset[int] | None:
        """Every district a visible row can be in; None when the user sees all."""
        return None if self.profil.alle_virksomheter else frozenset(self.profil.virksomheter)
