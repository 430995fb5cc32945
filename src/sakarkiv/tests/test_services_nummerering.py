"""Saks- and journalnummer: unique in the arkiv, per year, never reused (model.md §6.1)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from typing import Any

import pytest
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from felles.tid import OSLO
from sakarkiv.models import Journalpost, Saksmappe
from sakarkiv.services.journalpost import journalpost_slett
from sakarkiv.tests.conftest import Bydel, lag_bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak


def _tid(aar: int) -> dt.datetime:
    return dt.datetime(aar, 6, 1, 12, tzinfo=OSLO)


@pytest.mark.django_db
def test_saksnummer_og_journalnummer_starter_paa_1_og_teller_opp(bydel: Bydel) -> None:
    sak1 = ny_sak(bydel)
    sak2 = ny_sak(bydel)
    jp1 = ny_journalpost(sak2, bydel.saksbehandler)
    jp2 = ny_journalpost(sak2, bydel.saksbehandler)

    assert (sak1.sakssekvensnummer, sak2.sakssekvensnummer) == (1, 2)
    assert sak2.mappe_id == f"{sak2.saksaar}/2"
    assert (jp1.journalsekvensnummer, jp2.journalsekvensnummer) == (1, 2)
    assert (jp1.journalpostnummer, jp2.journalpostnummer) == (1, 2)
    assert jp2.registrerings_id == f"{sak2.mappe_id}-2"
    assert jp2.journalnummer == f"2/{jp2.journalaar}"


@pytest.mark.django_db
def test_nummerseriene_starter_paa_nytt_hvert_aar(bydel: Bydel) -> None:
    ny_sak(bydel, tidspunkt=_tid(2025))
    ny_sak(bydel, tidspunkt=_tid(2025))
    sak = ny_sak(bydel, tidspunkt=_tid(2026))

    assert (sak.saksaar, sak.sakssekvensnummer, sak.mappe_id) == (2026, 1, "2026/1")


@pytest.mark.django_db
def test_aaret_er_aaret_i_oslo(bydel: Bydel) -> None:
    nyttaarsnatt = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)  # 00:30 in Oslo

    sak = ny_sak(bydel, tidspunkt=nyttaarsnatt)

    assert sak.saksaar == 2026


@pytest.mark.django_db
def test_hver_bydel_har_egne_nummerserier(bydel: Bydel, annen_bydel: Bydel) -> None:
    ny_sak(bydel)
    sak = ny_sak(annen_bydel)

    assert sak.sakssekvensnummer == 1


@pytest.mark.django_db
def test_nummer_gjenbrukes_ikke_etter_sletting(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    reservert = ny_journalpost(sak, bydel.saksbehandler, journalposttype="U")
    journalpost_slett(journalpost=reservert, utfoert_av=bydel.saksbehandler)

    neste = ny_journalpost(sak, bydel.saksbehandler, journalposttype="U")

    assert (neste.journalsekvensnummer, neste.journalpostnummer) == (2, 2)


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    operasjoner=st.lists(
        st.tuples(
            st.sampled_from(["sak", "jp", "slett"]),
            st.sampled_from([2025, 2026]),
            st.integers(min_value=0, max_value=5),
        ),
        max_size=12,
    )
)
def test_nummerering_uten_duplikater_eller_hull(
    bydel: Bydel, operasjoner: list[tuple[str, int, int]]
) -> None:
    for operasjon, aar, valg in operasjoner:
        saker = list(Saksmappe.objects.filter(arkiv=bydel.arkiv, saksaar=aar).order_by("pk"))
        if operasjon == "sak" or not saker:
            ny_sak(bydel, tidspunkt=_tid(aar))
        elif operasjon == "jp":
            ny_journalpost(
                saker[valg % len(saker)],
                bydel.saksbehandler,
                journalposttype="U",
                tidspunkt=_tid(aar),
            )
        else:
            reserverte = list(Journalpost.objects.filter(arkiv=bydel.arkiv, journalstatus="R"))
            if reserverte:
                journalpost_slett(
                    journalpost=reserverte[valg % len(reserverte)], utfoert_av=bydel.saksbehandler
                )

    for aar in (2025, 2026):
        saksnummer = sorted(
            Saksmappe.objects.filter(arkiv=bydel.arkiv, saksaar=aar).values_list(
                "sakssekvensnummer", flat=True
            )
        )
        assert saksnummer == list(range(1, len(saksnummer) + 1))  # cases are never deleted here
        journalnummer = list(
            Journalpost.objects.filter(arkiv=bydel.arkiv, journalaar=aar).values_list(
                "journalsekvensnummer", flat=True
            )
        )
        assert len(journalnummer) == len(set(journalnummer))
    for sak in Saksmappe.objects.filter(arkiv=bydel.arkiv):
        nummer = list(sak.registreringer.values_list("journalpostnummer", flat=True))
        assert len(nummer) == len(set(nummer))
        assert all(n <= sak.siste_journalpostnummer for n in nummer)


SKRIVERE = 16
PER_SKRIVER = 4


@pytest.mark.django_db(transaction=True)
def test_samtidige_skrivere_faar_unike_nummer() -> None:
    """16 parallel writers, each with its own database connection, register journalposts in
    one arkiv, four of them in the very same case. Runs on SQLite and on PostgreSQL."""
    bydel = lag_bydel("Sagene")
    saker = [ny_sak(bydel) for _ in range(4)]
    start = threading.Barrier(SKRIVERE)
    feil: list[BaseException] = []

    def skriv(nr: int) -> None:
        try:
            start.wait()
            for _ in range(PER_SKRIVER):
                ny_journalpost(saker[nr % len(saker)], bydel.saksbehandler, journalposttype="U")
        except BaseException as unntak:
            feil.append(unntak)
        finally:
            close_old_connections()
            connection.close()

    traader = [threading.Thread(target=skriv, args=(nr,)) for nr in range(SKRIVERE)]
    for traad in traader:
        traad.start()
    for traad in traader:
        traad.join()

    assert feil == []
    journalposter = list(
        Journalpost.objects.filter(arkiv=bydel.arkiv).values(
            "journalsekvensnummer", "mappe_id", "journalpostnummer"
        )
    )
    sekvens = sorted(jp["journalsekvensnummer"] for jp in journalposter)
    assert sekvens == list(range(1, SKRIVERE * PER_SKRIVER + 1))
    per_sak: dict[Any, list[int]] = {}
    for jp in journalposter:
        per_sak.setdefault(jp["mappe_id"], []).append(jp["journalpostnummer"])
    for nummer in per_sak.values():
        assert sorted(nummer) == list(range(1, len(nummer) + 1))
    assert Counter(len(n) for n in per_sak.values()) == Counter({SKRIVERE * PER_SKRIVER // 4: 4})
