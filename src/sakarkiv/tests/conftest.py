"""An arkiv of one bydel with its period, classification and people, for sakarkiv tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from arkivstruktur.models import Arkiv, Arkivdel, Klasse
from arkivstruktur.tests.factories import ArkivdelFactory, ArkivFactory, KlasseFactory
from organisasjon.models import AdministrativEnhet, Rolle
from organisasjon.tests.factories import (
    AdministrativEnhetFactory,
    VirksomhetFactory,
    bruker_med_rolle,
)
from sakarkiv.services.korrespondansepart import NyKorrespondansepart


@dataclass
class Bydel:
    arkiv: Arkiv
    arkivdel: Arkivdel
    klasse: Klasse
    enhet: AdministrativEnhet
    saksbehandler: Any
    leder: Any
    arkivar: Any


def lag_bydel(navn: str) -> Bydel:
    virksomhet = VirksomhetFactory(navn=f"Bydel {navn}", kortnavn=navn.lower())
    enhet = AdministrativEnhetFactory(
        virksomhet=virksomhet, administrativ_enhet_navn=f"Helse {navn}"
    )
    arkiv = ArkivFactory(virksomhet=virksomhet)
    arkivdel = ArkivdelFactory(arkiv=arkiv)
    klasse = KlasseFactory(klassifikasjonssystem=arkivdel.klassifikasjonssystem)
    return Bydel(
        arkiv=arkiv,
        arkivdel=arkivdel,
        klasse=klasse,
        enhet=enhet,
        saksbehandler=bruker_med_rolle(Rolle.SAKSBEHANDLER, enhet, username=f"sb.{navn}"),
        leder=bruker_med_rolle(Rolle.LEDER, enhet, username=f"leder.{navn}"),
        arkivar=bruker_med_rolle(Rolle.ARKIVAR, enhet, username=f"arkivar.{navn}"),
    )


@pytest.fixture
def bydel(db: Any) -> Bydel:
    return lag_bydel("Alna")


@pytest.fixture
def annen_bydel(db: Any) -> Bydel:
    return lag_bydel("Bjerke")


AVSENDER = NyKorrespondansepart(
    korrespondanseparttype="EA",
    navn="Kari Nordmann",
    postadresse=["Storgata 1"],
    postnummer="0155",
    poststed="OSLO",
)
MOTTAKER = NyKorrespondansepart(korrespondanseparttype="EM", navn="Ola Nordmann")
