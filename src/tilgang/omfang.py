"""`synlig_for(bruker)`: the one way archive data is read (style.md §6).

Each archive model names where its district, screening and responsible person are found
(`Tilgangsfelter`); the queryset turns the user's profile into one filter on those paths.
A screened record is visible only with the access code for its district or unit, or to the
person responsible for it; a graded record only to the person responsible (clearances come
with the access-control issue).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

from django.db import models
from django.db.models import Q

from tilgang.profil import Tilgangsprofil, tilgangsprofil


@dataclass(frozen=True)
class Tilgangsfelter:
    virksomhet: str
    skjerming: str | None = None
    gradering: str | None = None
    ansvarlig: str | None = None
    enhet: str | None = None


def _ingen_skjerming(felt: str) -> Q:
    return Q(**{f"{felt}__isnull": True}) | Q(**{f"{felt}__tilgangsrestriksjon": ""})


def synlig_q(profil: Tilgangsprofil, felter: Tilgangsfelter) -> Q:
    if not profil.er_innlogget:
        return Q(pk__in=[])
    betingelse = Q()
    if not profil.alle_virksomheter:
        betingelse &= Q(**{f"{felter.virksomhet}__in": profil.virksomheter})
    ansvarlig = Q(**{felter.ansvarlig: profil.bruker_id}) if felter.ansvarlig else Q(pk__in=[])
    if felter.skjerming:
        med_kode = Q(pk__in=[])
        for kode, virksomhet_id, enheter in profil.koder:
            kodefilter = Q(**{f"{felter.skjerming}__tilgangsrestriksjon": kode})
            if virksomhet_id is not None:
                med_kode |= kodefilter & Q(**{felter.virksomhet: virksomhet_id})
            elif felter.enhet:
                med_kode |= kodefilter & Q(**{f"{felter.enhet}__in": enheter})
        betingelse &= _ingen_skjerming(felter.skjerming) | med_kode | ansvarlig
    if felter.gradering:
        betingelse &= Q(**{f"{felter.gradering}__isnull": True}) | ansvarlig
    return betingelse


class SynligQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def synlig_for(self, bruker: Any) -> Self:
        felter: Tilgangsfelter = self.model.tilgangsfelter
        return self.filter(synlig_q(tilgangsprofil(bruker), felter))


SynligManager = models.Manager.from_queryset(SynligQuerySet)
