"""Fixtures shared by the arkivstruktur tests."""

from __future__ import annotations

import pytest

from arkivstruktur.models import Arkivdel
from arkivstruktur.tests.factories import ArkivdelFactory
from arkivstruktur.tests.factories_registrering import Arkivoppsett


@pytest.fixture
def uklassifisert(oppsett: Arkivoppsett) -> Arkivdel:
    """An arkivdel of the same arkiv without classification (and without mapper)."""
    arkivdel: Arkivdel = ArkivdelFactory(arkiv=oppsett.arkiv, klassifikasjonssystem=None)
    return arkivdel
