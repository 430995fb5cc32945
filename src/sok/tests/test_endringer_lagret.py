"""The signal sok listens to: `sporing.signaler.endringer_lagret`, once per logged
transaction, after its commit, naming what changed (no queries of its own)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from arkivstruktur.services.arv import skjerming_sett
from arkivstruktur.services.sekundaer import part_opprett, part_slett
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sok.receivers import oppdrag
from sok.tests.conftest import Blokk
from sporing.services import logget_transaksjon
from sporing.signaler import Endring, endringer_lagret
from tilgang.lesing import registrer_lesing

pytestmark = pytest.mark.django_db

Mottatt = list[tuple[Endring, ...]]


@pytest.fixture
def mottatt() -> Iterator[Mottatt]:
    meldinger: Mottatt = []

    def mottaker(sender: Any, endringer: tuple[Endring, ...], **kwargs: Any) -> None:
        meldinger.append(endringer)

    endringer_lagret.connect(mottaker, dispatch_uid="test.mottatt")
    yield meldinger
    endringer_lagret.disconnect(dispatch_uid="test.mottatt")


def test_en_melding_per_transaksjon_etter_commit(
    alna: Bydel, mottatt: Mottatt, etter_commit: Blokk
) -> None:
    with etter_commit():
        with logget_transaksjon():
            sak = ny_sak(alna)
            journalpost = ny_journalpost(sak, alna.saksbehandler)
        assert mottatt == []  # not before the commit

    assert len(mottatt) == 1
    endringer = mottatt[0]
    assert Endring("arkivstruktur.mappe", sak.pk, "C") in endringer
    assert Endring("arkivstruktur.registrering", journalpost.pk, "C", (("mappe", sak.pk),)) in (
        endringer
    )
    parter = [e for e in endringer if e.modell == "sakarkiv.korrespondansepart"]
    assert [(e.hendelse, e.eier("registrering")) for e in parter] == [("C", journalpost.pk)]
    assert oppdrag(endringer) == ({sak.pk}, {journalpost.pk}, set())


def test_slettet_part_peker_paa_eieren(alna: Bydel, mottatt: Mottatt, etter_commit: Blokk) -> None:
    with etter_commit():
        sak = ny_sak(alna)
        part = part_opprett(
            mappe=sak, part_navn="Per", part_rolle="KLI", utfoert_av=alna.saksbehandler
        )
    with etter_commit():
        part_slett(part=part, utfoert_av=alna.saksbehandler)

    slettet = mottatt[-1]
    assert [(e.modell, e.hendelse, e.eier("mappe")) for e in slettet] == [
        ("arkivstruktur.part", "D", sak.pk)
    ]
    assert oppdrag(slettet) == ({sak.pk}, set(), set())


def test_tilbakerullet_transaksjon_meldes_ikke(
    alna: Bydel, mottatt: Mottatt, etter_commit: Blokk
) -> None:
    with etter_commit(), pytest.raises(RuntimeError, match="avbrutt"):
        _registrer_og_avbryt(alna)

    assert mottatt == []


def _registrer_og_avbryt(alna: Bydel) -> None:
    with logget_transaksjon():
        ny_sak(alna)
        raise RuntimeError("avbrutt")


def test_lesing_er_ingen_endring(alna: Bydel, mottatt: Mottatt, etter_commit: Blokk) -> None:
    with etter_commit():
        sak = ny_sak(alna)
        skjerming_sett(
            enhet=sak,
            tilgangsrestriksjon="13",
            skjerming_metadata=["M"],
            utfoert_av=alna.saksbehandler,
        )
    foer = len(mottatt)
    with etter_commit():
        lest = registrer_lesing(sak, alna.saksbehandler)

    assert lest is True
    assert len(mottatt) == foer
