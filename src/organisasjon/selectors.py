"""Reads of the organisation: administrative units, users and their role assignments.

Who sees what (the API's admin package):

* A systemadministrator, and anyone with a role in the city or a shared service (which serve
  every bydel), sees every unit, user and role assignment.
* Anyone else sees the units of the virksomheter they have a role in, the users with a role
  in those virksomheter (plus themselves), and the role assignments there. Colleagues' names
  and roles are no secret inside a virksomhet; other virksomheter's staff lists are.
* A user without any role sees only themselves; an anonymous user nothing.

`*_hent` raises IkkeFunnet both for a missing and for a hidden object.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from felles.feil import IkkeFunnet
from organisasjon.models import AdministrativEnhet, Bruker, Rolle, Rolletildeling, Virksomhet
from tilgang.profil import Tilgangsprofil, tilgangsprofil

M = TypeVar("M", bound=models.Model)


def _hent(rader: QuerySet[M], system_id: uuid.UUID | str) -> M:
    try:
        nokkel = system_id if isinstance(system_id, uuid.UUID) else uuid.UUID(str(system_id))
    except ValueError:
        raise IkkeFunnet() from None
    objekt = rader.filter(system_id=nokkel).first()
    if objekt is None:
        raise IkkeFunnet()
    return objekt


def _ser_alt(profil: Tilgangsprofil) -> bool:
    return profil.alle_virksomheter or profil.har_rolle(Rolle.SYSTEMADMINISTRATOR)


def virksomhet_liste(*, bruker: Any) -> QuerySet[Virksomhet]:
    """The virksomheter whose units the user sees."""
    profil = tilgangsprofil(bruker)
    if not profil.er_innlogget:
        return Virksomhet.objects.none()
    rader = Virksomhet.objects.all()
    if not _ser_alt(profil):
        rader = rader.filter(pk__in=sorted(profil.virksomheter))
    return rader.order_by("navn", "pk")


def administrativ_enhet_liste(
    *, bruker: Any, med_rolle_for: Bruker | None = None
) -> QuerySet[AdministrativEnhet]:
    """Visible units; with `med_rolle_for`, those where that user holds a role."""
    profil = tilgangsprofil(bruker)
    if not profil.er_innlogget:
        return AdministrativEnhet.objects.none()
    rader = AdministrativEnhet.objects.select_related("virksomhet", "overordnet_enhet")
    if not _ser_alt(profil):
        rader = rader.filter(virksomhet_id__in=sorted(profil.virksomheter))
    if med_rolle_for is not None:
        rader = rader.filter(
            Exists(
                Rolletildeling.objects.filter(
                    administrativ_enhet=OuterRef("pk"), bruker=med_rolle_for
                )
            )
        )
    return rader.order_by("administrativ_enhet_navn", "pk")


def administrativ_enhet_hent(*, bruker: Any, system_id: uuid.UUID | str) -> AdministrativEnhet:
    return _hent(administrativ_enhet_liste(bruker=bruker), system_id)


def bruker_liste(*, bruker: Any, med_rolle_i: AdministrativEnhet | None = None) -> QuerySet[Bruker]:
    """Visible users; with `med_rolle_i`, those holding a role in that unit."""
    profil = tilgangsprofil(bruker)
    if not profil.er_innlogget:
        return Bruker.objects.none()
    rader = Bruker.objects.all()
    if not _ser_alt(profil):
        kolleger = Rolletildeling.objects.filter(
            bruker=OuterRef("pk"),
            administrativ_enhet__virksomhet_id__in=sorted(profil.virksomheter),
        )
        rader = rader.filter(Q(pk=profil.bruker_id) | Q(Exists(kolleger)))
    if med_rolle_i is not None:
        rader = rader.filter(
            Exists(
                Rolletildeling.objects.filter(
                    bruker=OuterRef("pk"), administrativ_enhet=med_rolle_i
                )
            )
        )
    return rader.order_by("username", "pk")


def bruker_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Bruker:
    return _hent(bruker_liste(bruker=bruker), system_id)


def rolletildeling_liste(
    *,
    bruker: Any,
    for_bruker: Bruker | None = None,
    i_enhet: AdministrativEnhet | None = None,
) -> QuerySet[Rolletildeling]:
    """Visible role assignments; optionally only one user's, or only those in one unit."""
    profil = tilgangsprofil(bruker)
    if not profil.er_innlogget:
        return Rolletildeling.objects.none()
    rader = Rolletildeling.objects.select_related(
        "bruker", "administrativ_enhet", "administrativ_enhet__virksomhet"
    )
    if not _ser_alt(profil):
        rader = rader.filter(administrativ_enhet__virksomhet_id__in=sorted(profil.virksomheter))
    if for_bruker is not None:
        rader = rader.filter(bruker=for_bruker)
    if i_enhet is not None:
        rader = rader.filter(administrativ_enhet=i_enhet)
    return rader.order_by("bruker__username", "administrativ_enhet__administrativ_enhet_navn", "pk")


def rolletildeling_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Rolletildeling:
    return _hent(rolletildeling_liste(bruker=bruker), system_id)
