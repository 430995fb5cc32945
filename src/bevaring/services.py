"""Disposal (kassasjon) in three steps, each one logged transaction (model.md §6.4):

1. `kassasjonsliste_opprett`: the records office lists the cases of an arkivdel that are due.
2. `kassasjonsliste_godkjenn`: an archivist of the district approves the list (a decision
   recorded with name and time; nothing is removed before it).
3. `kassasjonsliste_utfoer`: every document of the listed cases loses its files, and records
   the UtfoertKassasjon; the case and its records stay, as the archive's memory that they
   existed. A document that also belongs to a registrering outside the listed cases is kept
   (its file is still needed there). The files go from the store once nothing refers to them.

Each step checks the cases again: a case re-opened or given a new retention decision since
the list was made stops the execution, and the list must be made again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from arkivstruktur.models import Arkivdel, Dokumentbeskrivelse, Dokumenttilknytning, Mappe
from bevaring.models import Kassasjonslinje, Kassasjonsliste
from bevaring.selectors import KASSERES, kassasjonsdato, til_kassasjon
from dokument.lagring import slett_ubrukte
from dokument.services import dokumentobjekter_kasser
from felles.feil import DomeneFeil
from felles.tid import dato_i_oslo, naa
from sporing.services import logg_endret, logg_opprettet, logget
from tilgang.regler import krev_tillatelse


def _krev_arkivar(bruker: Any, arkivdel: Arkivdel) -> None:
    krev_tillatelse(
        bruker,
        "sakarkiv.arkivere",
        arkivdel,
        melding="Bare arkivaren i bydelen kan kassere.",
    )


@logget
def kassasjonsliste_opprett(
    *, arkivdel: Arkivdel, utfoert_av: Any, per: dt.date | None = None
) -> Kassasjonsliste:
    _krev_arkivar(utfoert_av, arkivdel)
    per = per or dato_i_oslo(naa())
    forfalt = til_kassasjon(bruker=utfoert_av, arkivdel=arkivdel, per=per)
    if not forfalt:
        raise DomeneFeil(f"Ingen saker i «{arkivdel.tittel}» skal kasseres per {per:%d.%m.%Y}.")
    liste = Kassasjonsliste.objects.create(
        arkivdel=arkivdel,
        frist=per,
        opprettet_dato=naa(),
        opprettet_av=utfoert_av.visningsnavn,
        referanse_opprettet_av=utfoert_av,
    )
    Kassasjonslinje.objects.bulk_create(
        Kassasjonslinje(liste=liste, mappe=f.mappe, kassasjonsdato=f.kassasjonsdato)
        for f in forfalt
    )
    logg_opprettet(liste, utfoert_av=utfoert_av, beskrivelse=f"{len(forfalt)} saker")
    return liste


def _laast(liste: Kassasjonsliste, status: str) -> Kassasjonsliste:
    laast = Kassasjonsliste.objects.select_for_update().get(pk=liste.pk)
    if laast.status != status:
        raise DomeneFeil(f"Kassasjonslisten er {laast.get_status_display().lower()}.")
    return laast


@logget
def kassasjonsliste_godkjenn(*, liste: Kassasjonsliste, utfoert_av: Any) -> Kassasjonsliste:
    _krev_arkivar(utfoert_av, liste.arkivdel)
    liste = _laast(liste, Kassasjonsliste.Status.UTKAST)
    _krev_fortsatt_forfalt(liste)
    return _ny_status(
        liste,
        Kassasjonsliste.Status.GODKJENT,
        utfoert_av,
        godkjent_dato=naa(),
        godkjent_av=utfoert_av.visningsnavn,
        referanse_godkjent_av=utfoert_av,
    )


def _ny_status(liste: Kassasjonsliste, status: str, av: Any, **felter: Any) -> Kassasjonsliste:
    """The list's next step, with the fields it stamps, logged."""
    tidligere = liste.status
    liste.status = status
    for felt, verdi in felter.items():
        setattr(liste, felt, verdi)
    liste.save()
    logg_endret(liste, utfoert_av=av, felt="status", tidligere=tidligere, ny=status)
    return liste


def _krev_fortsatt_forfalt(liste: Kassasjonsliste) -> None:
    for linje in liste.linjer.select_related("mappe__kassasjon"):
        mappe: Mappe = linje.mappe
        kassasjon = mappe.kassasjon
        if (
            mappe.avsluttet_dato is None
            or kassasjon is None
            or kassasjon.kassasjonsvedtak != KASSERES
            or kassasjonsdato(mappe) != linje.kassasjonsdato
        ):
            raise DomeneFeil(
                f"Sak {mappe.mappe_id} er gjenåpnet eller har fått nytt kassasjonsvedtak siden "
                "listen ble laget. Lag kassasjonslisten på nytt."
            )


def kassasjonsliste_utfoer(*, liste: Kassasjonsliste, utfoert_av: Any) -> Kassasjonsliste:
    """Carry out an approved list; the files are removed after the commit."""
    _krev_arkivar(utfoert_av, liste.arkivdel)
    sjekksummer: list[str] = []
    with transaction.atomic():
        liste = _utfoer(liste, utfoert_av, sjekksummer)
        transaction.on_commit(lambda: slett_ubrukte(sjekksummer))
    return liste


@logget
def _utfoer(liste: Kassasjonsliste, utfoert_av: Any, sjekksummer: list[str]) -> Kassasjonsliste:
    liste = _laast(liste, Kassasjonsliste.Status.GODKJENT)
    _krev_fortsatt_forfalt(liste)
    mapper = list(liste.linjer.values_list("mappe_id", flat=True))
    # A document also attached to a registrering outside the listed cases is still needed.
    brukt_andre_steder = Dokumenttilknytning.objects.exclude(registrering__mappe__in=mapper).values(
        "dokumentbeskrivelse_id"
    )
    dokumenter = (
        Dokumentbeskrivelse.objects.filter(
            tilknytninger__registrering__mappe__in=mapper, utfoert_kassasjon__isnull=True
        )
        .exclude(pk__in=brukt_andre_steder)
        .distinct()
        .order_by("pk")
    )
    antall = 0
    for dokument in dokumenter:
        sjekksummer += dokumentobjekter_kasser(dokumentbeskrivelse=dokument, utfoert_av=utfoert_av)
        antall += 1
    return _ny_status(
        liste,
        Kassasjonsliste.Status.UTFOERT,
        utfoert_av,
        utfoert_dato=naa(),
        utfoert_av=utfoert_av.visningsnavn,
        antall_kasserte_dokumenter=antall,
    )
