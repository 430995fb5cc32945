"""Fixtures shared by every app's tests."""

from __future__ import annotations

import datetime as dt
import importlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from felles.tid import OSLO, dato_i_oslo, naa
from kodeliste.services import glem_hurtigbuffer
from sporing.triggere import fjern_triggere, installer_triggere
from tilgang.eierskap import glem_eierskap


@pytest.fixture(autouse=True)
def _tomme_hurtigbuffere() -> Iterator[None]:
    glem_hurtigbuffer()
    glem_eierskap()
    yield
    glem_hurtigbuffer()
    glem_eierskap()


def _seed_kodelister_paa_nytt() -> None:
    """A transactional test before this one emptied the database, seeded code lists too."""
    from django.apps import apps

    from kodeliste.models import Kodeliste

    if not Kodeliste.objects.exists():
        standardverdier = importlib.import_module("kodeliste.migrations.0002_standardverdier")
        standardverdier.last_inn(apps, None)


@pytest.fixture(autouse=True)
def _append_only_logg(request: pytest.FixtureRequest) -> Iterator[None]:
    """The log's triggers are on in every test. A transactional test empties the database
    afterwards, which the triggers refuse, so they are lifted just for that clean-up."""
    merke = request.node.get_closest_marker("django_db")
    transaksjonell = bool(
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or (merke and merke.kwargs.get("transaction"))
    )
    if not (merke or transaksjonell or "db" in request.fixturenames):
        yield
        return
    request.getfixturevalue("transactional_db" if transaksjonell else "db")
    installer_triggere(connection)
    if transaksjonell:
        _seed_kodelister_paa_nytt()
    yield
    if transaksjonell:
        fjern_triggere(connection)


# --- an arkiv with a mappe, a registrering and a document (arkivstruktur and dokument tests) ---


@pytest.fixture
def i_dag(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Today in Oslo, with the clock moved to noon of it and ticking from there: a test that
    compares with 'today' must not fail when the suite runs across midnight."""
    dato = dato_i_oslo(naa())
    middag = dt.datetime.combine(dato, dt.time(12), tzinfo=OSLO)
    start = time.monotonic()
    monkeypatch.setattr(
        timezone, "now", lambda: middag + dt.timedelta(seconds=time.monotonic() - start)
    )
    return dato


@pytest.fixture
def oppsett(db: Any) -> Any:
    from arkivstruktur.tests.factories_registrering import lag_arkivoppsett

    return lag_arkivoppsett()


@pytest.fixture
def registrering(oppsett: Any) -> Any:
    return oppsett.ny_registrering()


@pytest.fixture
def dokument(oppsett: Any, registrering: Any) -> Any:
    from arkivstruktur.services.dokumentbeskrivelse import dokumentbeskrivelse_opprett

    return dokumentbeskrivelse_opprett(
        registrering=registrering, tittel="Brev", utfoert_av=oppsett.saksbehandler
    )


# --- browser tests (felles/tests/nettleser.py) ---------------------------------------------------


@pytest.fixture
def nettleser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A headless chromium for one test. Not shared across tests: Playwright's sync API keeps
    an event loop running in this thread while it is open, and later tests in the same
    process call asyncio.run (pyHanko's signature checks), which refuses a running loop."""
    from playwright.sync_api import sync_playwright

    from felles.tests.nettleser import chromium

    # The test's ORM calls are synchronous, in this thread; Django's guard against ORM calls
    # from async code sees Playwright's loop and must be told so.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), headless=True)
        yield browser
        browser.close()


@pytest.fixture
def side(nettleser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh page (own cookies) against the live server, Norwegian, iPad-wide."""
    kontekst = nettleser.new_context(
        base_url=live_server.url, locale="nb-NO", viewport={"width": 1024, "height": 768}
    )
    kontekst.set_default_timeout(15_000)
    # Assertions on the page wait for it (expect), never read it once: after a click the old
    # page may still be there, and CI runs loaded.
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    side = kontekst.new_page()
    yield side
    kontekst.close()


@pytest.fixture
def dokumentlager(settings: Any, tmp_path: Path) -> Path:
    """A document storage folder of the test's own: for tests that look at the folder, or
    clean it up, while other tests write to the shared one."""
    mappe = tmp_path / "dokumenter"
    settings.STORAGES = {
        **settings.STORAGES,
        "dokumenter": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": mappe},
        },
    }
    return mappe
