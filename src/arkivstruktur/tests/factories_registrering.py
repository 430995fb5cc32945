"""Factories for Mappe and Registrering rows, and one arkiv with its people for service tests.

The rows are made with the ORM directly; documents, parties and the rest are built through
the services under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import factory
from django.db.models import QuerySet

from arkivstruktur.models import Arkiv, Arkivdel, Klasse, Mappe, Registrering
from arkivstruktur.tests.factories import (
    ArkivdelFactory,
    ArkivenhetFactory,
    ArkivFactory,
    KlasseFactory,
)
from felles.tid import naa
from organisasjon.models import Rolle
from organisasjon.tests.factories import (
    AdministrativEnhetFactory,
    BrukerFactory,
    VirksomhetFactory,
    bruker_med_rolle,
)


class MappeFactory(ArkivenhetFactory):
    class Meta:
        model = Mappe

    arkivdel = factory.SubFactory(ArkivdelFactory)
    arkiv = factory.LazyAttribute(lambda mappe: mappe.arkivdel.arkiv)
    mappe_id = factory.Sequence(lambda n: f"M-{n}")
    tittel = factory.Sequence(lambda n: f"Mappe {n}")

    class Params:
        avsluttet = factory.Trait(avsluttet_dato=factory.LazyFunction(naa), avsluttet_av="test")


class RegistreringFactory(ArkivenhetFactory):
    class Meta:
        model = Registrering

    mappe = factory.SubFactory(MappeFactory)
    arkivdel = factory.LazyAttribute(lambda registrering: registrering.mappe.arkivdel)
    arkiv = factory.LazyAttribute(lambda registrering: registrering.arkivdel.arkiv)
    registrerings_id = factory.Sequence(lambda n: f"R-{n}")
    tittel = factory.Sequence(lambda n: f"Registrering {n}")

    class Params:
        arkivert = factory.Trait(arkivert_dato=factory.LazyFunction(naa), arkivert_av="test")


@dataclass
class Arkivoppsett:
    """One bydel's arkiv, a mappe in it, and a saksbehandler, an arkivar and an outsider."""

    arkiv: Arkiv
    arkivdel: Arkivdel
    klasse: Klasse
    mappe: Mappe
    saksbehandler: Any
    arkivar: Any
    uten_rolle: Any

    def ny_registrering(self, **kwargs: Any) -> Registrering:
        kwargs.setdefault("mappe", self.mappe)
        return RegistreringFactory(**kwargs)  # type: ignore[no-any-return]


def lag_arkivoppsett(navn: str = "Alna") -> Arkivoppsett:
    virksomhet = VirksomhetFactory(navn=f"Bydel {navn}", kortnavn=navn.lower())
    enhet = AdministrativEnhetFactory(virksomhet=virksomhet)
    arkiv = ArkivFactory(virksomhet=virksomhet)
    arkivdel = ArkivdelFactory(arkiv=arkiv)
    return Arkivoppsett(
        arkiv=arkiv,
        arkivdel=arkivdel,
        klasse=KlasseFactory(klassifikasjonssystem=arkivdel.klassifikasjonssystem),
        mappe=MappeFactory(arkivdel=arkivdel),
        saksbehandler=bruker_med_rolle(Rolle.SAKSBEHANDLER, enhet, username=f"sb.{navn}"),
        arkivar=bruker_med_rolle(Rolle.ARKIVAR, enhet, username=f"arkivar.{navn}"),
        uten_rolle=BrukerFactory(username=f"ingen.{navn}"),
    )


def arkiver(registrering: Registrering) -> None:
    """Archive a registrering (set arkivertDato) the way the archiving service will."""
    _oppdater(
        Registrering.objects.filter(pk=registrering.pk), arkivert_dato=naa(), arkivert_av="test"
    )
    registrering.refresh_from_db()


def avslutt(mappe: Mappe) -> None:
    _oppdater(Mappe.objects.filter(pk=mappe.pk), avsluttet_dato=naa(), avsluttet_av="test")
    mappe.refresh_from_db()


def _oppdater(rader: QuerySet[Any], **felter: Any) -> None:
    rader.update(**felter)
