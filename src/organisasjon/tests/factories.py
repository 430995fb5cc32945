"""Factories for organisations, units, users and roles."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from organisasjon.models import (
    AdministrativEnhet,
    Bruker,
    Rolle,
    Rolletildeling,
    Virksomhet,
    Virksomhetstype,
)


class VirksomhetFactory(DjangoModelFactory[Virksomhet]):
    class Meta:
        model = Virksomhet
        django_get_or_create = ("kortnavn",)

    navn = factory.Sequence(lambda n: f"Bydel {n}")
    kortnavn = factory.Sequence(lambda n: f"bydel{n}")
    virksomhetstype = Virksomhetstype.BYDEL


class AdministrativEnhetFactory(DjangoModelFactory[AdministrativEnhet]):
    class Meta:
        model = AdministrativEnhet

    virksomhet = factory.SubFactory(VirksomhetFactory)
    administrativ_enhet_navn = factory.Sequence(lambda n: f"Enhet {n}")
    kortnavn = factory.Sequence(lambda n: f"enhet{n}")


class BrukerFactory(DjangoModelFactory[Bruker]):
    class Meta:
        model = Bruker
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruker{n}")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    password = factory.PostGenerationMethodCall("set_password", "demo")


class RolletildelingFactory(DjangoModelFactory[Rolletildeling]):
    class Meta:
        model = Rolletildeling

    bruker = factory.SubFactory(BrukerFactory)
    administrativ_enhet = factory.SubFactory(AdministrativEnhetFactory)
    rolle = Rolle.SAKSBEHANDLER


def bruker_med_rolle(rolle: str, enhet: AdministrativEnhet, **kwargs: Any) -> Bruker:
    """A user holding one role in one unit."""
    bruker = BrukerFactory(**kwargs)
    RolletildelingFactory(bruker=bruker, administrativ_enhet=enhet, rolle=rolle)
    bruker.save()
    return bruker
