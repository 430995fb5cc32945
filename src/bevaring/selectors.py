"""What is due for disposal, read as the user (style.md §6).

A case is due when it is closed, its kassasjon (its own or the one it inherits from its klasse
or arkivdel) says Kasseres (K), and its kassasjonsdato has come: the date set on the decision,
or else the day it was closed plus bevaringstid years (model.md §4.8). A case on a disposal
list, carried out or not, is not offered again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import rules
from django.db.models import QuerySet

from arkivstruktur.models import Arkivdel, Mappe
from arkivstruktur.selectors import mappe_liste
from bevaring.models import Kassasjonslinje, Kassasjonsliste
from felles.feil import IkkeFunnet
from felles.ids import som_uuid
from felles.tid import dato_i_oslo, legg_til_aar

KASSERES = "K"


@dataclass(frozen=True)
class Forfalt:
    mappe: Mappe
    kassasjonsdato: dt.date


def kassasjonsdato(mappe: Mappe) -> dt.date | None:
    kassasjon = mappe.kassasjon
    if kassasjon is None:
        return None
    if kassasjon.kassasjonsdato is not None:
        return kassasjon.kassasjonsdato
    if mappe.avsluttet_dato is None:
        return None
    return legg_til_aar(dato_i_oslo(mappe.avsluttet_dato), kassasjon.bevaringstid)


def til_kassasjon(*, bruker: Any, arkivdel: Arkivdel, per: dt.date) -> list[Forfalt]:
    """The closed cases of the arkivdel whose retention has run out by `per`."""
    kandidater = (
        mappe_liste(bruker=bruker)
        .filter(
            arkivdel=arkivdel,
            avsluttet_dato__isnull=False,
            kassasjon__kassasjonsvedtak=KASSERES,
            arkiv__er_historisk=False,
        )
        .exclude(pk__in=Kassasjonslinje.objects.values("mappe_id"))
        .order_by("saksaar", "sakssekvensnummer", "pk")
    )
    forfalt = []
    for mappe in kandidater:
        dato = kassasjonsdato(mappe)
        if dato is not None and dato <= per:
            forfalt.append(Forfalt(mappe, dato))
    return forfalt


def forvaltede_arkivdeler(*, bruker: Any) -> list[Arkivdel]:
    """The arkivdeler the user is records office (or systemadministrator) for."""
    return [
        arkivdel
        for arkivdel in Arkivdel.objects.synlig_for(bruker)
        .filter(arkiv__er_historisk=False)
        .select_related("arkiv__virksomhet")
        .order_by("arkiv__virksomhet__navn", "arkivperiode_start_dato", "pk")
        if rules.has_perm("arkivstruktur.forvalte", bruker, arkivdel)
    ]


def kassasjonslister(*, bruker: Any) -> QuerySet[Kassasjonsliste]:
    return (
        Kassasjonsliste.objects.filter(arkivdel__in=forvaltede_arkivdeler(bruker=bruker))
        .select_related("arkivdel__arkiv__virksomhet")
        .order_by("-opprettet_dato")
    )


def kassasjonsliste_hent(*, bruker: Any, system_id: str) -> Kassasjonsliste:
    """404 alike for a list that does not exist and one of another district."""
    nokkel = som_uuid(system_id)
    liste = kassasjonslister(bruker=bruker).filter(system_id=nokkel).first() if nokkel else None
    if liste is None:
        raise IkkeFunnet()
    return liste
