"""The demo as the archive extracts are taken of."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from arkivstruktur.models import Arkivdel
from sakarkiv.models import Saksmappe


@pytest.fixture
def demo(db: Any, dokumentlager: Path) -> Arkivdel:
    """The demo with 40 cases; the arkivdel of a district with a screened child-welfare case."""
    call_command("demo", saker=40, froe=2026, stdout=StringIO())
    sak = Saksmappe.objects.filter(skjerming__tilgangsrestriksjon="13").first()
    assert sak is not None
    return sak.arkivdel
