"""Factories for the archive structure (test set-up; the services under test build the rest)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from arkivstruktur.models import (
    Arkiv,
    Arkivdel,
    Arkivskaper,
    Klasse,
    Klassifikasjonssystem,
)
from felles.tid import naa
from organisasjon.tests.factories import VirksomhetFactory


class ArkivenhetFactory(DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        abstract = True

    opprettet_dato = factory.LazyFunction(naa)
    opprettet_av = "test"


class ArkivskaperFactory(ArkivenhetFactory):
    class Meta:
        model = Arkivskaper

    arkivskaper_id = factory.Sequence(lambda n: f"97400{n:04d}")
    arkivskaper_navn = factory.Sequence(lambda n: f"Arkivskaper {n}")


class ArkivFactory(ArkivenhetFactory):
    class Meta:
        model = Arkiv

    tittel = factory.Sequence(lambda n: f"Arkiv {n}")
    virksomhet = factory.SubFactory(VirksomhetFactory)
    arkivstatus = "O"
    arkivstatus_kodenavn = "Opprettet"


class KlassifikasjonssystemFactory(ArkivenhetFactory):
    class Meta:
        model = Klassifikasjonssystem

    tittel = "K-koder"
    klassifikasjonstype = "KK"
    klassifikasjonstype_kodenavn = "K-koder"


class KlasseFactory(ArkivenhetFactory):
    class Meta:
        model = Klasse

    klassifikasjonssystem = factory.SubFactory(KlassifikasjonssystemFactory)
    klasse_id = factory.Sequence(lambda n: f"{100 + n}")
    tittel = factory.Sequence(lambda n: f"Klasse {n}")


class ArkivdelFactory(ArkivenhetFactory):
    class Meta:
        model = Arkivdel

    arkiv = factory.SubFactory(ArkivFactory)
    tittel = factory.Sequence(lambda n: f"Arkivdel {n}")
    arkivdelstatus = "A"
    arkivdelstatus_kodenavn = "Aktiv periode"
    klassifikasjonssystem = factory.SubFactory(KlassifikasjonssystemFactory)
