"""16 clients at once create 64 journalposts in one saksmappe through the API; each gets its
own journalpostnummer (issue 5, "Done when"). Every client is a thread with its own database
connection, as the server's workers have, so the numbering meets real concurrent writers (on
PostgreSQL row locks, on SQLite the write lock taken at BEGIN)."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection
from rest_framework.test import APIClient

from sakarkiv.models import Journalpost
from sakarkiv.tests.conftest import lag_bydel
from sakarkiv.tests.hjelpere import ny_sak

from .conftest import basic

KLIENTER = 16
PER_KLIENT = 4
REL = "https://rel.arkivverket.no/noark5/v5/api/"


@pytest.mark.django_db(transaction=True)
def test_samtidige_klienter_faar_ulike_journalpostnummer() -> None:
    bydel = lag_bydel("Gamle Oslo")
    sak = ny_sak(bydel)
    start = threading.Barrier(KLIENTER)
    feil: list[BaseException] = []
    svar: list[int] = []

    def klient() -> None:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=basic(bydel.saksbehandler.username))
        try:
            lenker = api.get(f"/api/sakarkiv/saksmappe/{sak.system_id}/").json()["_links"]
            href = lenker[REL + "sakarkiv/ny-journalpost/"]["href"]
            start.wait()
            for nr in range(PER_KLIENT):
                status = api.post(
                    href,
                    {"tittel": f"Brev {nr}", "journalposttype": {"kode": "U"}},
                    format="json",
                ).status_code
                svar.append(status)
        except BaseException as unntak:
            feil.append(unntak)
        finally:
            close_old_connections()
            connection.close()

    traader = [threading.Thread(target=klient) for _ in range(KLIENTER)]
    for traad in traader:
        traad.start()
    for traad in traader:
        traad.join()

    assert feil == []
    assert svar == [201] * (KLIENTER * PER_KLIENT)
    nummer = sorted(
        Journalpost.objects.filter(mappe=sak).values_list("journalpostnummer", flat=True)
    )
    assert nummer == list(range(1, KLIENTER * PER_KLIENT + 1))
    sekvens = Journalpost.objects.filter(arkiv=bydel.arkiv).values_list(
        "journalsekvensnummer", flat=True
    )
    assert len(set(sekvens)) == KLIENTER * PER_KLIENT
