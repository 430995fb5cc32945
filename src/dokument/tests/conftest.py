"""Fixtures the document tests share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sakarkiv.tests.conftest import Bydel, lag_bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak


@pytest.fixture
def bydel(db: Any) -> Bydel:
    return lag_bydel("Alna")


@pytest.fixture
def journalpost(bydel: Bydel) -> Any:
    return ny_journalpost(ny_sak(bydel), bydel.saksbehandler)


@pytest.fixture
def arbeidsmappe(tmp_path: Path) -> Path:
    """The converter's working folder, apart from the test's own files in `tmp_path`."""
    mappe = tmp_path / "arbeid"
    mappe.mkdir()
    return mappe
