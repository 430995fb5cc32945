"""The list selectors of mapper and registreringer: every subtype, only what the user may see;
and the arkivdeler a klasse is used in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from arkivstruktur.selectors import arkivdeler_for_klasse, mappe_liste, registrering_liste
from arkivstruktur.services.arv import skjerming_sett
from arkivstruktur.tests.factories import ArkivdelFactory, KlasseFactory
from arkivstruktur.tests.factories_registrering import (
    Arkivoppsett,
    MappeFactory,
    RegistreringFactory,
    lag_arkivoppsett,
)


@pytest.fixture
def alna(db: Any) -> Arkivoppsett:
    return lag_arkivoppsett("Alna")


@pytest.fixture
def bjerke(db: Any) -> Arkivoppsett:
    return lag_arkivoppsett("Bjerke")


def test_mappelisten_har_alle_mappetyper_i_egen_bydel(
    alna: Arkivoppsett, bjerke: Arkivoppsett
) -> None:
    sak = MappeFactory(
        arkivdel=alna.arkivdel,
        mappetype="saksmappe",
        saksaar=2026,
        sakssekvensnummer=1,
        saksdato=dt.date(2026, 1, 2),
        saksstatus="B",
    )

    mapper = list(mappe_liste(bruker=alna.saksbehandler))

    assert mapper == [alna.mappe, sak]
    assert list(mappe_liste(bruker=alna.uten_rolle)) == []


def test_registreringslisten_har_alle_typer_i_egen_bydel(
    alna: Arkivoppsett, bjerke: Arkivoppsett
) -> None:
    vanlig = alna.ny_registrering()
    notat = alna.ny_registrering(registreringstype="arkivnotat")
    bjerke.ny_registrering()

    assert list(registrering_liste(bruker=alna.saksbehandler)) == [vanlig, notat]


def test_skjermet_mappe_er_skjult_uten_tilgang(alna: Arkivoppsett) -> None:
    skjerming_sett(
        enhet=alna.mappe,
        tilgangsrestriksjon="13",
        skjermingshjemmel="Offl. § 13",
        skjerming_metadata=["TM1"],
        utfoert_av=alna.arkivar,
    )
    registrering = RegistreringFactory(mappe=alna.mappe)
    skjerming_sett(
        enhet=registrering,
        tilgangsrestriksjon="13",
        skjermingshjemmel="Offl. § 13",
        skjerming_metadata=["TR1"],
        utfoert_av=alna.arkivar,
    )

    assert list(mappe_liste(bruker=alna.saksbehandler)) == []
    assert list(registrering_liste(bruker=alna.saksbehandler)) == []


def test_raden_har_det_skjermingsreglene_leser(
    alna: Arkivoppsett, django_assert_num_queries: Any
) -> None:
    rader = list(mappe_liste(bruker=alna.saksbehandler))

    with django_assert_num_queries(0):
        _ = [(m.arkiv.virksomhet_id, m.skjerming, m.gradering) for m in rader]


def test_arkivdeler_for_klasse_er_de_synlige_som_bruker_systemet(
    alna: Arkivoppsett, bjerke: Arkivoppsett
) -> None:
    annen_periode = ArkivdelFactory(
        arkiv=alna.arkiv, klassifikasjonssystem=alna.arkivdel.klassifikasjonssystem
    )
    # Bjerke uses the same system (a shared K-koder) but Alna's user does not see Bjerke.
    bjerke.arkivdel.klassifikasjonssystem = alna.arkivdel.klassifikasjonssystem
    bjerke.arkivdel.save(update_fields=["klassifikasjonssystem"])
    annen_klasse = KlasseFactory()

    funnet = arkivdeler_for_klasse(bruker=alna.saksbehandler, klasse=alna.klasse)

    assert set(funnet) == {alna.arkivdel, annen_periode}
    assert list(arkivdeler_for_klasse(bruker=alna.saksbehandler, klasse=annen_klasse)) == []
