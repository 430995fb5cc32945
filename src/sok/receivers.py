"""Handlers for the lower apps' signals: keep the index current after each commit.

Both signals arrive after the commit of the change they name, so the index reads committed
data, and a failure here never undoes the change: it is logged, and `arkivar sok-indekser`
repairs the index.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from sok.services import indeks_oppdater
from sporing.signaler import Endring

logger = logging.getLogger(__name__)

_MAPPE = "arkivstruktur.mappe"
_REGISTRERING = "arkivstruktur.registrering"
_DOKUMENT = "arkivstruktur.dokumentbeskrivelse"
# Objects whose text (names) is indexed with the unit they hang under.
_UNDER_ENHET = frozenset({"arkivstruktur.part", "sakarkiv.korrespondansepart"})


def oppdrag(endringer: Iterable[Endring]) -> tuple[set[int], set[int], set[int]]:
    """The mapper, registreringer and dokumentbeskrivelser to re-index for these changes.

    A deleted record needs nothing (its rows went with it); a deleted party re-indexes the
    unit it belonged to. A skjerming or gradering needs nothing either: the search checks
    access against the records themselves when it runs.
    """
    mapper: set[int] = set()
    registreringer: set[int] = set()
    dokumenter: set[int] = set()
    per_felt = {"mappe": mapper, "registrering": registreringer, "dokumentbeskrivelse": dokumenter}
    for endring in endringer:
        if endring.modell in _UNDER_ENHET:
            for felt, eier_id in endring.eiere:
                per_felt[felt].add(eier_id)
        elif endring.er_slettet:
            continue
        elif endring.modell == _MAPPE:
            mapper.add(endring.pk)
        elif endring.modell == _REGISTRERING:
            registreringer.add(endring.pk)
        elif endring.modell == _DOKUMENT:
            dokumenter.add(endring.pk)
    return mapper, registreringer, dokumenter


def _oppdater(**kwargs: Any) -> None:
    try:
        indeks_oppdater(**kwargs)
    except Exception:
        logger.exception(
            "sok.indeksering_feilet",
            extra={navn: sorted(map(str, ider)) for navn, ider in kwargs.items()},
        )


def endringer_lagret_mottatt(sender: Any, endringer: tuple[Endring, ...], **kwargs: Any) -> None:
    mapper, registreringer, dokumenter = oppdrag(endringer)
    if mapper or registreringer or dokumenter:
        _oppdater(
            mapper=mapper,
            registreringer=registreringer,
            dokumenter=dokumenter,
            nye=_opprettet(endringer),
        )


def _opprettet(endringer: Iterable[Endring]) -> set[tuple[str, int]]:
    """The units created in the transaction (and not deleted again)."""
    slettet = {(e.modell, e.pk) for e in endringer if e.er_slettet}
    return {
        (e.modell.split(".")[1], e.pk)
        for e in endringer
        if e.hendelse == "C"
        and e.modell in (_MAPPE, _REGISTRERING, _DOKUMENT)
        and (e.modell, e.pk) not in slettet
    }


def dokumenttekst_lagret_mottatt(sender: Any, dokumentbeskrivelse_id: int, **kwargs: Any) -> None:
    _oppdater(dokumenter={dokumentbeskrivelse_id})
