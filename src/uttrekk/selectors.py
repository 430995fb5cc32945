"""What an extract holds, read through the user's scope (style.md §6).

An extract must be complete: one made by a user who cannot see every record of the arkivdel
(screened or graded material outside their authorisation) would silently lack those records.
`uttrekk_omfang` therefore refuses, naming how many records are out of the user's sight,
instead of writing a partial extract.

`kontrollomfang` is the one read without a person: the nightly deposit check
(`uttrekk.kontroll`), which no request can reach. It writes the extract to a temporary folder,
validates it, deletes it, and keeps only which checks failed and where.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet

from arkivstruktur.models import Arkiv, Arkivdel, Mappe, Registrering
from arkivstruktur.selectors import arkiv_hent, arkivdel_hent, mappe_liste, registrering_liste
from felles.feil import DomeneFeil
from tilgang.regler import krev_tillatelse

# How deep below an overmappe a period's records still bring it into the extract.
UNDERMAPPENIVAAER = 3

# The reader of the nightly check: the system itself, not a person.
SYSTEMET = object()


@dataclass(frozen=True)
class Periode:
    fra: dt.date
    til: dt.date


@dataclass(frozen=True)
class Omfang:
    """The arkiv, its arkivdeler and the period one extract covers, read as `bruker`."""

    bruker: Any
    arkiv: Arkiv
    arkivdeler: tuple[Arkivdel, ...]
    periode: Periode | None = None

    def registreringer(self, arkivdel: Arkivdel) -> QuerySet[Registrering]:
        rader = self._registreringer().filter(arkivdel=arkivdel)
        if self.periode is not None:
            rader = rader.filter(_i_perioden(self.periode))
        return rader

    def mapper(self, arkivdel: Arkivdel) -> QuerySet[Mappe]:
        """The mapper of the arkivdel; with a period, those with a registrering in it or
        created in it, and the overmapper of those (an undermappe is written inside its
        overmappe), up to `UNDERMAPPENIVAAER` levels down."""
        rader = self._mapper().filter(arkivdel=arkivdel)
        if self.periode is not None:
            har_registrering = Exists(
                Registrering.objects.filter(_i_perioden(self.periode)).filter(
                    _i_eller_under_mappen("mappe")
                )
            )
            opprettet = Exists(
                Mappe.objects.filter(_i_eller_under_mappen()).filter(
                    opprettet_dato__date__range=(self.periode.fra, self.periode.til)
                )
            )
            rader = rader.filter(har_registrering | opprettet)
        return rader

    def _mapper(self) -> QuerySet[Mappe]:
        if self.bruker is SYSTEMET:
            return Mappe.objects.select_related("arkiv", "skjerming", "gradering", "kassasjon")
        return mappe_liste(bruker=self.bruker)

    def _registreringer(self) -> QuerySet[Registrering]:
        if self.bruker is SYSTEMET:
            return Registrering.objects.select_related(
                "arkiv", "skjerming", "gradering", "kassasjon"
            )
        return registrering_liste(bruker=self.bruker)


def _i_eller_under_mappen(sti: str = "") -> Q:
    """The mappe at `sti` (the row itself when empty) is the outer query's mappe or lies
    below it, up to UNDERMAPPENIVAAER levels down."""
    ledd = [sti] if sti else []
    stier = ["__".join(ledd + ["overmappe"] * n) or "pk" for n in range(UNDERMAPPENIVAAER + 1)]
    return reduce(or_, (Q(**{s: OuterRef("pk")}) for s in stier))


def _i_perioden(periode: Periode) -> Q:
    """A journalpost by its journaldato, any other registrering by the day it was made."""
    return Q(journaldato__range=(periode.fra, periode.til)) | Q(
        journaldato__isnull=True, opprettet_dato__date__range=(periode.fra, periode.til)
    )


def uttrekk_omfang(
    *,
    bruker: Any,
    arkiv_id: str | None = None,
    arkivdel_id: str | None = None,
    periode: Periode | None = None,
) -> Omfang:
    """The scope of an extract of one arkiv (all its arkivdeler) or one arkivdel. Only the
    district's records office or a systemadministrator may take one."""
    if (arkiv_id is None) == (arkivdel_id is None):
        raise DomeneFeil("Oppgi enten et arkiv eller en arkivdel.")
    if periode is not None and periode.fra > periode.til:
        raise DomeneFeil("Perioden slutter før den begynner.", felt="periode")
    if arkivdel_id is not None:
        arkivdel = arkivdel_hent(bruker=bruker, system_id=arkivdel_id)
        arkiv, arkivdeler = arkivdel.arkiv, (arkivdel,)
    else:
        arkiv = arkiv_hent(bruker=bruker, system_id=str(arkiv_id))
        arkivdeler = tuple(
            Arkivdel.objects.synlig_for(bruker)
            .filter(arkiv=arkiv)
            .select_related("klassifikasjonssystem")
            .order_by("arkivperiode_start_dato", "opprettet_dato", "pk")
        )
    krev_tillatelse(
        bruker,
        "arkivstruktur.forvalte",
        arkiv,
        melding="Bare arkivaren eller systemadministratoren kan ta arkivuttrekk.",
    )
    omfang = Omfang(bruker=bruker, arkiv=arkiv, arkivdeler=arkivdeler, periode=periode)
    _krev_fullstendig(omfang)
    return omfang


def _krev_fullstendig(omfang: Omfang) -> None:
    for arkivdel in omfang.arkivdeler:
        usynlige = (
            Mappe.objects.filter(arkivdel=arkivdel).count()
            - mappe_liste(bruker=omfang.bruker).filter(arkivdel=arkivdel).count()
            + Registrering.objects.filter(arkivdel=arkivdel).count()
            - registrering_liste(bruker=omfang.bruker).filter(arkivdel=arkivdel).count()
        )
        if usynlige:
            raise DomeneFeil(
                f"Du har ikke tilgang til {usynlige} mapper og registreringer i arkivdelen "
                f"«{arkivdel.tittel}» (skjermet eller gradert). Uttrekket ville blitt "
                "ufullstendig; det må tas av en bruker med tilgang til alt."
            )


def kontrollomfang(arkivdel: Arkivdel) -> Omfang:
    """The whole arkivdel as the nightly deposit check reads it (see the module docstring)."""
    return Omfang(bruker=SYSTEMET, arkiv=arkivdel.arkiv, arkivdeler=(arkivdel,))


def siste_kontroller(*, bruker: Any) -> list[tuple[Arkivdel, Any]]:
    """The arkivdeler the user is records office (or systemadministrator) for, each with its
    latest deposit check (or None)."""
    from uttrekk.models import Uttrekkskontroll

    arkivdeler = [
        arkivdel
        for arkivdel in Arkivdel.objects.synlig_for(bruker)
        .select_related("arkiv__virksomhet")
        .order_by("arkiv__virksomhet__navn", "arkivperiode_start_dato", "pk")
        if rules.has_perm("arkivstruktur.forvalte", bruker, arkivdel)
    ]
    siste: dict[int, Uttrekkskontroll] = {}
    for kontroll in Uttrekkskontroll.objects.filter(arkivdel__in=arkivdeler).order_by(
        "arkivdel_id", "-startet"
    ):
        siste.setdefault(kontroll.arkivdel_id, kontroll)
    return [(arkivdel, siste.get(arkivdel.pk)) for arkivdel in arkivdeler]


def innlesinger(*, bruker: Any) -> QuerySet[Any]:
    """The extracts read in (or refused) for the districts the user is records office for."""
    from sakarkiv.selectors import arkivets_virksomheter
    from uttrekk.models import Innlesing

    return (
        Innlesing.objects.filter(virksomhet__in=arkivets_virksomheter(bruker=bruker))
        .select_related("virksomhet", "arkiv")
        .order_by("-bestilt_dato")[:50]
    )
