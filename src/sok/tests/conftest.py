"""Fixtures for the search tests: bydeler built through the real services, and the commit
that brings the index up to date."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from sakarkiv.tests.conftest import Bydel, lag_bydel

# What the `etter_commit` fixture gives: `with etter_commit(): …`.
Blokk = Callable[[], AbstractContextManager[Any]]


@pytest.fixture
def alna(db: Any) -> Bydel:
    return lag_bydel("Alna")


@pytest.fixture
def bjerke(db: Any) -> Bydel:
    return lag_bydel("Bjerke")


@pytest.fixture
def etter_commit(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> Blokk:
    """`with etter_commit(): …` runs, at the end of the block, what the services left for
    after their commit (the index update), as the commit of a real request would."""

    def blokk() -> AbstractContextManager[Any]:
        return django_capture_on_commit_callbacks(execute=True)

    return blokk
