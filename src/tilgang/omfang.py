"""`synlig_for(bruker)`: the one way archive data is read (style.md §6).

Each archive model names where its district, screening, grading, responsible person, unit and
case are found (`Tilgangsfelter`); the queryset turns the user's profile into one filter on
those paths, with no query of its own (the profile is read once per request).

A record is visible when all of these hold:

* District: it belongs to a virksomhet where the user has a role (shared services see all).
* Screening: it has no skjerming in force, or the user is authorised for it: holds its access
  code for the record's virksomhet, or for the record's unit or a unit above it; is the
  person responsible for it (saksansvarlig, saksbehandler); or has a sakstilgang to its case.
  A skjerming is in force while it has a tilgangsrestriksjon and its skjermingOpphoererDato
  (M505) is today or later, or empty. It lapses by itself the day after that date; temporary
  screening (code XX, or skjermingMetadata M) never lapses by date (model.md §4.6, §6.7).
* Grading: it has no gradering, or the user holds a valid clearance covering its
  graderingskode, for the record's virksomhet or everywhere; a record in a graded case needs
  the case's clearance too (gradering is not inherited, model.md §6.6, but the record would
  reveal the case). Nothing else replaces the
  clearance: not the access code, not being responsible, not a sakstilgang.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import reduce
from typing import Any, Self

from django.db import models
from django.db.models import Q

from felles.tid import dato_i_oslo, naa
from tilgang.profil import Tilgangsprofil, tilgangsprofil

# Temporary screening until the record has been assessed (model.md §4.6): no end date.
MIDLERTIDIG_TILGANGSRESTRIKSJON = "XX"
MIDLERTIDIG_SKJERMINGMETADATA = "M"

_INGEN = Q(pk__in=[])


@dataclass(frozen=True)
class Tilgangsfelter:
    virksomhet: str
    skjerming: str | None = None
    gradering: str | None = None
    # A record in a graded case reveals the case: it needs the case's clearance as well.
    overordnet_gradering: str | None = None
    ansvarlig: str | None = None
    enhet: str | None = None
    sak: str | None = None  # the id of the mappe a sakstilgang opens ("pk" on Mappe itself)


def idag() -> dt.date:
    """Today in Oslo: the day screening lapses and grants expire by."""
    return dato_i_oslo(naa())


def skjerming_virker_q(felt: str, dato: dt.date) -> Q:
    """The skjerming at `felt` restricts access on `dato` (see `uten_skjerming_q`)."""
    return (
        Q(**{f"{felt}__isnull": False})
        & ~Q(**{f"{felt}__tilgangsrestriksjon": ""})
        & (
            Q(**{f"{felt}__skjerming_opphoerer_dato__isnull": True})
            | Q(**{f"{felt}__skjerming_opphoerer_dato__gte": dato})
            | _midlertidig_q(felt)
        )
    )


def uten_skjerming_q(felt: str, dato: dt.date) -> Q:
    """No skjerming in force at `felt` on `dato`: none, no access code, or lapsed."""
    return (
        Q(**{f"{felt}__isnull": True})
        | Q(**{f"{felt}__tilgangsrestriksjon": ""})
        | (Q(**{f"{felt}__skjerming_opphoerer_dato__lt": dato}) & ~_midlertidig_q(felt))
    )


def _midlertidig_q(felt: str) -> Q:
    # skjermingMetadata is a JSON list of codes; '"M"' matches the code M and nothing else.
    return Q(**{f"{felt}__tilgangsrestriksjon": MIDLERTIDIG_TILGANGSRESTRIKSJON}) | Q(
        **{f"{felt}__skjerming_metadata__icontains": f'"{MIDLERTIDIG_SKJERMINGMETADATA}"'}
    )


def _eller(deler: list[Q]) -> Q:
    return reduce(operator.or_, deler) if deler else _INGEN


def innsyn_i_skjermet_q(profil: Tilgangsprofil, felter: Tilgangsfelter) -> Q:
    """The user is authorised for the screened record (code, responsibility, sakstilgang)."""
    if felter.skjerming is None:
        return _INGEN
    kode = f"{felter.skjerming}__tilgangsrestriksjon__in"
    per_virksomhet: dict[int, set[str]] = defaultdict(set)
    per_enhetsgruppe: dict[frozenset[int], set[str]] = defaultdict(set)
    for tilgang in profil.koder:
        if tilgang.virksomhet_id is not None:
            per_virksomhet[tilgang.virksomhet_id].add(tilgang.kode)
        elif felter.enhet and tilgang.enheter:
            per_enhetsgruppe[tilgang.enheter].add(tilgang.kode)
    deler = [
        Q(**{kode: sorted(koder), felter.virksomhet: virksomhet_id})
        for virksomhet_id, koder in sorted(per_virksomhet.items())
    ]
    deler += [
        Q(**{kode: sorted(koder), f"{felter.enhet}__in": sorted(enheter)})
        for enheter, koder in per_enhetsgruppe.items()
    ]
    if felter.ansvarlig:
        deler.append(Q(**{felter.ansvarlig: profil.bruker_id}))
    if felter.sak and profil.saker:
        deler.append(Q(**{f"{felter.sak}__in": sorted(profil.sak_ider)}))
    return _eller(deler)


def ugradert_q(felt: str) -> Q:
    return Q(**{f"{felt}__isnull": True}) | Q(**{f"{felt}__graderingskode": ""})


def klarert_q(profil: Tilgangsprofil, felter: Tilgangsfelter) -> Q:
    """The user holds a clearance covering the record's graderingskode where it belongs."""
    if felter.gradering is None:
        return _INGEN
    kode = f"{felter.gradering}__graderingskode__in"
    per_virksomhet: dict[int | None, set[str]] = defaultdict(set)
    for klarering in profil.klareringer:
        per_virksomhet[klarering.virksomhet_id] |= klarering.grader
    deler = []
    for virksomhet_id, grader in per_virksomhet.items():
        betingelse = Q(**{kode: sorted(grader)})
        if virksomhet_id is not None:
            betingelse &= Q(**{felter.virksomhet: virksomhet_id})
        deler.append(betingelse)
    return _eller(deler)


def synlig_q(profil: Tilgangsprofil, felter: Tilgangsfelter, *, dato: dt.date | None = None) -> Q:
    if not profil.er_innlogget:
        return _INGEN
    dato = dato or idag()
    betingelse = Q()
    if not profil.alle_virksomheter:
        betingelse &= Q(**{f"{felter.virksomhet}__in": sorted(profil.virksomheter)})
    if felter.skjerming:
        betingelse &= uten_skjerming_q(felter.skjerming, dato) | innsyn_i_skjermet_q(profil, felter)
    for gradering in (felter.gradering, felter.overordnet_gradering):
        if gradering:
            betingelse &= ugradert_q(gradering) | klarert_q(
                profil, replace(felter, gradering=gradering)
            )
    return betingelse


class SynligQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def synlig_for(self, bruker: Any) -> Self:
        felter: Tilgangsfelter = self.model.tilgangsfelter
        return self.filter(synlig_q(tilgangsprofil(bruker), felter))


SynligManager = models.Manager.from_queryset(SynligQuerySet)
