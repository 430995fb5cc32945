"""The demo the extracts are taken of, and a small extract of another system to read in."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from arkivstruktur.models import Arkivdel
from organisasjon.models import Virksomhet
from sakarkiv.models import Saksmappe
from uttrekk.tests.uttrekksbygger import NS, Uttrekk, bygg_uttrekk


@pytest.fixture
def demo(db: Any, dokumentlager: Path) -> Arkivdel:
    """The demo with 40 cases; the arkivdel of a district with a screened child-welfare case."""
    call_command("demo", saker=40, froe=2026, stdout=StringIO())
    sak = Saksmappe.objects.filter(skjerming__tilgangsrestriksjon="13").first()
    assert sak is not None
    return sak.arkivdel


@pytest.fixture
def organisasjon(db: Any, dokumentlager: Path) -> Virksomhet:
    """The demo's organisation and people, without cases."""
    call_command("demo", saker=0, stdout=StringIO())
    return Virksomhet.objects.get(kortnavn="grunerlokka")


@pytest.fixture
def uttrekk(tmp_path: Path) -> Uttrekk:
    """The validator's small valid extract, with the codes of a real system: the access code
    as offentleglova's §13 and skjermingMetadata by its name."""
    uttrekk = bygg_uttrekk(tmp_path / "uttrekk")

    def koder(rot: Any) -> None:
        for element in rot.xpath("//n5:tilgangsrestriksjon", namespaces=NS):
            element.text = "Unntatt etter offentleglova § 13"
        for element in rot.xpath("//n5:skjermingMetadata", namespaces=NS):
            element.text = "Skjerming tittel registrering - unntatt første linje"

    uttrekk.endre_xml("arkivstruktur.xml", koder)
    return uttrekk
