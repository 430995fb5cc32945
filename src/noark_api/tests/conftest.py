"""Fixtures for the API tests: clients over HTTP with the real content type (style.md §12)."""

from __future__ import annotations

import base64

import pytest
from rest_framework.test import APIClient

from organisasjon.models import Bruker, Rolle
from organisasjon.tests.factories import AdministrativEnhetFactory, BrukerFactory, bruker_med_rolle

PASSORD = "demo"  # BrukerFactory's


def basic(brukernavn: str, passord: str = PASSORD) -> str:
    verdi = base64.b64encode(f"{brukernavn}:{passord}".encode()).decode()
    return f"Basic {verdi}"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def ny_bruker(brukernavn: str) -> Bruker:
    bruker = BrukerFactory(username=brukernavn)
    bruker.save()  # the factory sets the password without saving it
    return bruker


@pytest.fixture
def bruker() -> Bruker:
    return ny_bruker("kari.nordmann")


@pytest.fixture
def systemadministrator() -> Bruker:
    return bruker_med_rolle(
        Rolle.SYSTEMADMINISTRATOR, AdministrativEnhetFactory(), username="admin@example.com"
    )


@pytest.fixture
def innlogget(api: APIClient, bruker: Bruker) -> APIClient:
    api.credentials(HTTP_AUTHORIZATION=basic(bruker.username))
    return api


@pytest.fixture
def admin_api(api: APIClient, systemadministrator: Bruker) -> APIClient:
    api.credentials(HTTP_AUTHORIZATION=basic(systemadministrator.username))
    return api
