"""Reads of the log for people: who has seen a record (hendelseslogg, hendelsetype R), and
the log as lists (the API's loggingogsporing package).

Only the archivist or systemadministrator of the record's district may ask who has seen a
record (`tilgang.regler.kan_se_lesinger`). A record the asker may neither ask about nor see
gets the same answer as a missing one; a record they can see but may not ask about is refused.

The log lists (`endringslogg_liste`, `hendelseslogg_liste`) hold old values: earlier titles,
names of parties, a fødselsnummer as klasseID. The log row itself carries no district or
screening, so a row is shown only when the object it is about is one the reader may see now:

* A record with a district (arkiv, arkivdel, mappe, registrering, dokumentbeskrivelse,
  dokumentobjekt): when `synlig_for` shows it to the reader. Inside the organisation a record
  is hidden or shown in full (tilgang.skjerming), so whoever sees it sees its history too.
  Its reads (R) only for the archivist or systemadministrator of its district, as above.
* What hangs under such a record (part, merknad, korrespondansepart, avskrivning, dokumentflyt,
  nasjonal identifikator, konvertering, kryssreferanse): when the record it hangs under is
  visible (its owner fields; a kryssreferanse through the side it goes from).
* The organisation and the code lists (brukere, enheter, roles, access codes given, code
  values, the virksomhetsspesifikkeMetadata catalogue): for a systemadministrator.
* Everything else: objects without a district (klassifikasjonssystem, klasse, arkivskaper,
  presedens) and objects since deleted, whose district can no longer be told: only for the
  archivist or systemadministrator of the city or a shared service, who answer for every
  district (the same rule as for reads of a record without a district).

The records are found among the models that declare `tilgangsfelter` (the archive models),
and what hangs under them by their foreign keys, so this layer needs no import of them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from felles.feil import IkkeFunnet, IngenTilgang
from organisasjon.models import Rolle
from sporing.models import Endringslogg, Hendelsetype
from tilgang.profil import tilgangsprofil
from tilgang.regler import krev_tillatelse

# The usual answers first; the rest of the archive models after them.
_FORETRUKNE = ("mappe", "registrering", "dokumentbeskrivelse", "dokumentobjekt")


def _arkivmodeller() -> list[type[models.Model]]:
    modeller = [
        modell
        for modell in apps.get_models()
        if hasattr(modell, "tilgangsfelter") and not modell._meta.proxy
    ]
    return sorted(
        modeller,
        key=lambda m: (
            _FORETRUKNE.index(m._meta.model_name)
            if m._meta.model_name in _FORETRUKNE
            else len(_FORETRUKNE),
            m._meta.label,
        ),
    )


def _finn(system_id: uuid.UUID) -> tuple[type[models.Model], int | None] | None:
    """The model and the virksomhet of the record with this systemID."""
    for modell in _arkivmodeller():
        sti = modell.tilgangsfelter.virksomhet  # type: ignore[attr-defined]
        rad = modell._base_manager.filter(system_id=system_id).values_list(sti).first()
        if rad is not None:
            return modell, rad[0]
    return None


def _som_uuid(system_id: uuid.UUID | str) -> uuid.UUID:
    try:
        return system_id if isinstance(system_id, uuid.UUID) else uuid.UUID(str(system_id))
    except ValueError:
        raise IkkeFunnet("Fant ikke objektet.") from None


def lesinger_for(
    system_id: uuid.UUID | str, bruker: Any, *, underliggende: Iterable[uuid.UUID] = ()
) -> QuerySet[Endringslogg]:
    """Every logged read of the record `system_id`, newest first; with `underliggende`, also
    of those records (the caller's journalposts and documents of a case it has checked)."""
    nokkel = _som_uuid(system_id)
    funnet = _finn(nokkel)
    if funnet is None:
        raise IkkeFunnet("Fant ikke objektet.")
    modell, virksomhet_id = funnet
    try:
        krev_tillatelse(
            bruker,
            "sporing.se_lesinger",
            virksomhet_id,
            melding="Bare arkivar eller systemadministrator i bydelen kan se hvem som har "
            "sett et objekt.",
        )
    except IngenTilgang:
        synlige = modell._default_manager.synlig_for(bruker)  # type: ignore[attr-defined]
        if not synlige.filter(system_id=nokkel).exists():
            raise IkkeFunnet("Fant ikke objektet.") from None
        raise
    return Endringslogg.objects.filter(
        hendelsetype=Hendelsetype.LEST,
        referanse_arkivenhet__in=[nokkel, *underliggende],
    ).order_by("-endret_dato", "-loepenummer")


# --- the log as lists --------------------------------------------------------------------------

# The attributes that name a unit's kind in `arkivenhet_type` (sporing.services._arkivenhet_type).
_TYPEATTRIBUTTER = ("mappetype", "registreringstype")
# Foreign keys that point at another unit rather than at the owner.
_IKKE_EIER = ("til_", "referanse_")
# Apps whose objects only a systemadministrator follows in the log.
_ADMINISTRASJON = ("organisasjon", "kodeliste")
_LESERETT = (Rolle.ARKIVAR, Rolle.SYSTEMADMINISTRATOR)


def _typer(modell: type[models.Model]) -> list[str]:
    """The `arkivenhet_type` values rows about this model carry (saksmappe on a Mappe)."""
    typer = {str(modell._meta.model_name)}
    for navn in _TYPEATTRIBUTTER:
        try:
            felt = modell._meta.get_field(navn)
        except FieldDoesNotExist:
            continue
        typer |= {str(verdi) for verdi, _ in (getattr(felt, "choices", None) or ())}
    return sorted(typer)


@cache
def _eide_modeller() -> tuple[tuple[type[models.Model], tuple[tuple[str, type[Any]], ...]], ...]:
    """Models logged under their own systemID that hang under a record: each with its owner
    fields (name, the record's model)."""
    arkivmodeller = set(_arkivmodeller())
    funnet = []
    for modell in apps.get_models():
        if modell in arkivmodeller or modell._meta.proxy or modell is Endringslogg:
            continue
        if not any(f.name == "system_id" for f in modell._meta.concrete_fields):
            continue
        eiere: tuple[tuple[str, type[Any]], ...] = tuple(
            (felt.name, felt.related_model)
            for felt in modell._meta.concrete_fields
            if felt.many_to_one
            and isinstance(felt.related_model, type)
            and felt.related_model in arkivmodeller
            and not felt.name.startswith(_IKKE_EIER)
        )
        if eiere:
            funnet.append((modell, eiere))
    return tuple(funnet)


@cache
def _administrasjonstyper() -> tuple[str, ...]:
    return tuple(
        str(modell._meta.model_name)
        for app in _ADMINISTRASJON
        for modell in apps.get_app_config(app).get_models()
    )


def _om(modell: type[models.Model], rader: QuerySet[Any]) -> Q:
    """Rows about one of `rader` (of `modell`). The kind is compared first, so each row is
    looked up in the one table it can be about."""
    return Q(arkivenhet_type__in=_typer(modell)) & Q(
        Exists(rader.filter(system_id=OuterRef("referanse_arkivenhet")))
    )


def _leserett_q(bruker: Any, modell: type[models.Model], synlige: QuerySet[Any]) -> Q | None:
    """Reads of visible records of `modell` the user may see (`kan_se_lesinger`), or None."""
    profil = tilgangsprofil(bruker)
    if profil.har_felles_rolle(*_LESERETT):
        return _om(modell, synlige)
    virksomheter = sorted({v for rolle, _e, v in profil.roller if rolle in _LESERETT})
    if not virksomheter:
        return None
    sti = modell.tilgangsfelter.virksomhet  # type: ignore[attr-defined]
    return _om(modell, synlige.filter(**{f"{sti}__in": virksomheter}))


def _synlig_logg_q(bruker: Any) -> Q:
    profil = tilgangsprofil(bruker)
    if not profil.er_innlogget:
        return Q(pk__in=[])
    lest = Q(hendelsetype=Hendelsetype.LEST)
    deler: list[Q] = []
    kjente: list[Q] = []  # rows about an object that exists and has a district
    for modell in _arkivmodeller():
        synlige = modell._default_manager.synlig_for(bruker)  # type: ignore[attr-defined]
        deler.append(~lest & _om(modell, synlige))
        lesinger = _leserett_q(bruker, modell, synlige)
        if lesinger is not None:
            deler.append(lest & lesinger)
        kjente.append(_om(modell, modell._base_manager.all()))
    for modell, eiere in _eide_modeller():
        under_synlig = Q()
        for felt, eier in eiere:
            synlige_eiere = eier._default_manager.synlig_for(bruker).values("pk")
            under_synlig |= Q(**{f"{felt}__in": synlige_eiere})
        deler.append(_om(modell, modell._base_manager.filter(under_synlig)))
        kjente.append(_om(modell, modell._base_manager.all()))
    administrasjon = Q(arkivenhet_type__in=_administrasjonstyper())
    if profil.har_rolle(Rolle.SYSTEMADMINISTRATOR):
        deler.append(administrasjon)
    if profil.har_felles_rolle(*_LESERETT):
        uten_distrikt = ~administrasjon
        for kjent in kjente:
            uten_distrikt &= ~kjent
        deler.append(uten_distrikt)
    betingelse = Q(pk__in=[])
    for del_ in deler:
        betingelse |= del_
    return betingelse


def hendelseslogg_liste(*, bruker: Any) -> QuerySet[Endringslogg]:
    """Every event of the log the user may see (see the module docstring), reads included,
    in the order of the chain."""
    return Endringslogg.objects.filter(_synlig_logg_q(bruker)).order_by("loepenummer")


def endringslogg_liste(*, bruker: Any) -> QuerySet[Endringslogg]:
    """The changes (created, changed, deleted) the user may see; reads are events, not
    changes, and are only in the hendelseslogg."""
    return hendelseslogg_liste(bruker=bruker).exclude(hendelsetype=Hendelsetype.LEST)
