"""The pages of issue 6 cost the same number of queries for one row as for many (no N+1;
performance.md: every page well under a second with the 20,000 demo cases)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from arkivstruktur.services.arv import skjerming_sett
from organisasjon.models import Rolle
from organisasjon.tests.factories import bruker_med_rolle
from sakarkiv.services.mottak import Mottatt, mottakspost_opprett
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak

pytestmark = pytest.mark.django_db


def _spoerringer(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as spoerringer:
        assert client.get(url).status_code == 200
    return len(spoerringer)


def _like_mange(client: Client, url: str, flere: Callable[[], None]) -> None:
    foer = _spoerringer(client, url)
    flere()
    assert _spoerringer(client, url) == foer


def test_journalkontrollen(client: Client, bydel: Bydel) -> None:
    sak = ny_sak(bydel)

    def ferdigstilt() -> None:
        ny_journalpost(sak, bydel.saksbehandler, journalposttype="U", journalstatus="F")

    ferdigstilt()
    client.force_login(bydel.arkivar)
    _like_mange(client, "/journalkontroll/", lambda: [ferdigstilt() for _ in range(4)])


def test_min_enhet(client: Client, bydel: Bydel) -> None:
    ny_journalpost(ny_sak(bydel), bydel.saksbehandler)
    client.force_login(bydel.leder)

    def flere() -> None:
        for _ in range(3):
            kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, bydel.enhet)
            ny_journalpost(ny_sak(bydel, utfoert_av=kollega), kollega)

    _like_mange(client, "/enhet/", flere)


def test_sakssiden_med_neste_steg(client: Client, bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    ny_journalpost(sak, bydel.saksbehandler)
    # A draft from the start, so both counts include the approvers list (one query per page).
    ny_journalpost(sak, bydel.saksbehandler, journalposttype="U", journalstatus="R")
    client.force_login(bydel.saksbehandler)

    def flere() -> None:
        for type_, status in (("I", "M"), ("U", "R"), ("U", "F"), ("N", "R")):
            ny_journalpost(sak, bydel.saksbehandler, journalposttype=type_, journalstatus=status)

    _like_mange(client, f"/saker/{sak.system_id}/", flere)


def test_ny_sak_og_ny_journalpost(client: Client, bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    client.force_login(bydel.saksbehandler)

    _like_mange(client, "/saker/ny/", lambda: [ny_sak(bydel) for _ in range(3)])
    _like_mange(
        client,
        f"/saker/{sak.system_id}/ny-journalpost/",
        lambda: [ny_journalpost(sak, bydel.saksbehandler) for _ in range(3)],
    )


def test_loepende_og_offentlig_journal(client: Client, bydel: Bydel) -> None:
    def flere() -> None:
        for nr in range(3):
            sak = ny_sak(bydel, tittel=f"Sak {nr}", offentlig_tittel="Sak *****")
            skjerming_sett(
                enhet=sak,
                tilgangsrestriksjon="13",
                skjerming_metadata=["TMO", "NA"],
                utfoert_av=bydel.arkivar,
            )
            ny_journalpost(sak, bydel.arkivar, journalstatus="J")
            ny_journalpost(ny_sak(bydel), bydel.arkivar, journalstatus="J")

    ny_journalpost(ny_sak(bydel), bydel.arkivar, journalstatus="J")
    client.force_login(bydel.arkivar)
    # Without access code 13 the archivist sees the open ones only: no read log per row here.
    _like_mange(client, "/journal/?bydel=alna", flere)
    _like_mange(client, "/offentlig-journal/?bydel=alna", flere)


def test_mottakskoeen(client: Client, bydel: Bydel) -> None:
    def ny_post() -> None:
        mottakspost_opprett(
            virksomhet=bydel.arkiv.virksomhet,
            filer=[Mottatt("a.pdf", b"%PDF-1.7 a"), Mottatt("b.pdf", b"%PDF-1.7 b")],
            kanal="papir",
            utfoert_av=bydel.arkivar,
        )

    ny_post()
    client.force_login(bydel.arkivar)
    _like_mange(client, "/mottak/", lambda: [ny_post() for _ in range(3)])
