"""The log is append-only and hash-chained; `arkivar verify-log` finds every alteration."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.transaction import TransactionManagementError

from arkivstruktur.tests.factories import ArkivskaperFactory
from organisasjon.tests.factories import BrukerFactory
from sporing.models import Endringslogg, Loggkjede
from sporing.services import logg_endret, logg_opprettet, logget_transaksjon
from sporing.triggere import fjern_triggere

pytestmark = pytest.mark.django_db


@pytest.fixture
def bruker() -> Any:
    return BrukerFactory()


def _skriv(bruker: Any, antall: int = 3) -> None:
    for nr in range(antall):
        enhet = ArkivskaperFactory()
        with logget_transaksjon():
            logg_opprettet(enhet, utfoert_av=bruker)
            logg_endret(
                enhet, utfoert_av=bruker, felt="arkivskaperNavn", tidligere="a", ny=f"b{nr}"
            )


def _verifiser() -> str:
    ut = StringIO()
    call_command("verify_log", stdout=ut, stderr=ut)
    return ut.getvalue()


def test_intakt_logg_verifiseres(bruker: Any) -> None:
    _skriv(bruker)

    assert _verifiser() == "Loggen er intakt: 6 oppføringer, hash-kjeden stemmer.\n"
    assert list(Endringslogg.objects.values_list("loepenummer", flat=True)) == [1, 2, 3, 4, 5, 6]
    forrige = "0" * 64
    for oppfoering in Endringslogg.objects.all():
        assert oppfoering.forrige_hash == forrige
        forrige = oppfoering.hash
    assert Loggkjede.objects.get().siste_hash == forrige


def test_logg_fra_en_transaksjon_som_feiler_forsvinner_med_den(bruker: Any) -> None:
    enhet = ArkivskaperFactory()

    with pytest.raises(ZeroDivisionError), logget_transaksjon():  # noqa: PT012
        logg_opprettet(enhet, utfoert_av=bruker)
        1 / 0  # noqa: B018

    assert Endringslogg.objects.exists() is False


def test_indre_blokk_som_feiler_feller_hele_transaksjonen(bruker: Any) -> None:
    """A caller that swallows an inner service's error cannot commit the rest of the work."""
    enhet = ArkivskaperFactory()

    with pytest.raises(TransactionManagementError), logget_transaksjon():  # noqa: PT012
        logg_opprettet(enhet, utfoert_av=bruker)
        try:
            with logget_transaksjon():
                logg_endret(enhet, utfoert_av=bruker, felt="x", tidligere=1, ny=2)
                raise ValueError
        except ValueError:
            pass

    assert Endringslogg.objects.exists() is False


def test_logging_utenfor_logget_transaksjon_avvises(bruker: Any) -> None:
    with pytest.raises(RuntimeError):
        logg_opprettet(ArkivskaperFactory(), utfoert_av=bruker)


def test_databasen_avviser_endring_av_logg(bruker: Any) -> None:
    _skriv(bruker, 1)
    original = Endringslogg.objects.get(loepenummer=1).ny_verdi

    with pytest.raises(DatabaseError), transaction.atomic():
        Endringslogg.objects.filter(loepenummer=1).update(ny_verdi="forfalsket")

    assert Endringslogg.objects.get(loepenummer=1).ny_verdi == original


def test_databasen_avviser_sletting_av_logg(bruker: Any) -> None:
    _skriv(bruker, 1)

    with pytest.raises(DatabaseError), transaction.atomic():
        Endringslogg.objects.filter(loepenummer=1).delete()

    assert Endringslogg.objects.count() == 2


def _rediger_direkte(sql: str, parametre: list[Any]) -> None:
    """What an attacker with database rights does: lift the trigger, change the row."""
    fjern_triggere(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, parametre)


def test_endret_oppfoering_oppdages(bruker: Any) -> None:
    _skriv(bruker)
    _rediger_direkte(
        "UPDATE sporing_endringslogg SET ny_verdi = %s WHERE loepenummer = %s", ["forfalsket", 4]
    )

    with pytest.raises(CommandError) as feil:
        _verifiser()

    assert "1 avvik" in str(feil.value)


def test_slettet_oppfoering_oppdages(bruker: Any) -> None:
    _skriv(bruker)
    _rediger_direkte("DELETE FROM sporing_endringslogg WHERE loepenummer = %s", [3])

    ut = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_log", stdout=ut, stderr=ut)

    assert "oppføring 3–3 mangler" in ut.getvalue()


def test_slettet_siste_oppfoering_oppdages(bruker: Any) -> None:
    _skriv(bruker)
    _rediger_direkte("DELETE FROM sporing_endringslogg WHERE loepenummer = %s", [6])

    with pytest.raises(CommandError):
        _verifiser()


def test_innsatt_oppfoering_oppdages(bruker: Any) -> None:
    _skriv(bruker)
    kopi = Endringslogg.objects.get(loepenummer=4)
    fjern_triggere(connection)
    with connection.cursor() as cursor:
        for nummer in (6, 5, 4):
            cursor.execute(
                "UPDATE sporing_endringslogg SET loepenummer = %s WHERE loepenummer = %s",
                [nummer + 1, nummer],
            )
    Endringslogg.objects.create(
        loepenummer=4,
        referanse_arkivenhet=kopi.referanse_arkivenhet,
        arkivenhet_type=kopi.arkivenhet_type,
        endret_dato=kopi.endret_dato,
        endret_av="innbruddstyv",
        hendelsetype="U",
        forrige_hash=kopi.forrige_hash,
        hash=kopi.hash,
    )

    with pytest.raises(CommandError):
        _verifiser()
