"""Writing the log: every service that changes an archive entity runs inside
`logget_transaksjon()` and reports its changes with `logg_*`.

Entries are buffered for the transaction and appended to the chain at the end of the outermost
block, just before commit. The chain head is locked only for that instant, so concurrent
registrations wait for each other as briefly as possible (performance.md, "counter last").
After the commit, `sporing.signaler.endringer_lagret` names the objects that changed.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial, wraps
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction

from felles.feil import DomeneFeil
from felles.ids import uuid7
from felles.tid import naa
from sporing.kjede import STARTHASH, beregn_hash
from sporing.models import Endringslogg, Hendelsetype, Loggkjede
from sporing.signaler import EIERFELT, Endring, endringer_lagret
from tilgang.eierskap import arkiv_er_historisk, arkiv_id_for

P = ParamSpec("P")
R = TypeVar("R")

_lokal = threading.local()
# Set while uttrekk.innlesing reads an older system's archive in: the only writes a
# historical arkiv ever gets.
_innlesing: ContextVar[bool] = ContextVar("innlesing_av_historisk_arkiv", default=False)


@contextmanager
def innlesing_av_historisk_arkiv() -> Iterator[None]:
    token = _innlesing.set(True)
    try:
        yield
    finally:
        _innlesing.reset(token)


def _krev_ikke_historisk(objekt: models.Model) -> None:
    """An arkiv read in from an older system is kept as it came: read-only."""
    if _innlesing.get():
        return
    arkiv_id = arkiv_id_for(objekt)
    if arkiv_id is not None and arkiv_er_historisk(arkiv_id):
        raise DomeneFeil(
            "Dette hører til et historisk arkiv lest inn fra et eldre system, og kan ikke endres."
        )


def _buffer() -> list[dict[str, Any]] | None:
    return getattr(_lokal, "buffer", None)


def _endringer() -> list[Endring]:
    endringer: list[Endring] = _lokal.endringer
    return endringer


@contextmanager
def logget_transaksjon() -> Iterator[None]:
    """A transaction whose log entries are chained and written before it commits.

    A nested block (one service calling another) is part of the outer transaction, without a
    savepoint of its own: a failure inside it fails the whole transaction, so a caller that
    catches the error and carries on gets an error from the database rather than a half-done
    registration (and six fewer round trips per registration, see bench/).
    """
    buffer = _buffer()
    if buffer is not None:
        start, start_endringer = len(buffer), len(_endringer())
        try:
            with transaction.atomic(savepoint=False):
                yield
        except BaseException:
            del buffer[start:]
            del _endringer()[start_endringer:]
            raise
        return

    _lokal.buffer, _lokal.endringer = [], []
    try:
        with transaction.atomic():
            yield
            _skriv_til_kjeden(_lokal.buffer)
            _meld_etter_commit(_lokal.endringer)
    finally:
        _lokal.buffer = _lokal.endringer = None


def logget(funksjon: Callable[P, R]) -> Callable[P, R]:
    """Decorator form of `logget_transaksjon` for services."""

    @wraps(funksjon)
    def innpakket(*args: P.args, **kwargs: P.kwargs) -> R:
        with logget_transaksjon():
            return funksjon(*args, **kwargs)

    return innpakket


def _skriv_til_kjeden(oppfoeringer: list[dict[str, Any]]) -> None:
    if not oppfoeringer:
        return
    hode = Loggkjede.objects.select_for_update().filter(pk=1).first()
    if hode is None:
        Loggkjede.objects.bulk_create(
            [Loggkjede(pk=1, siste_hash=STARTHASH)], ignore_conflicts=True
        )
        hode = Loggkjede.objects.select_for_update().get(pk=1)
    loepenummer, forrige = hode.siste_loepenummer, hode.siste_hash
    rader = []
    for felter in oppfoeringer:
        loepenummer += 1
        felter["loepenummer"] = loepenummer
        hash_ = beregn_hash(felter, forrige)
        rader.append(Endringslogg(**felter, forrige_hash=forrige, hash=hash_))
        forrige = hash_
    Endringslogg.objects.bulk_create(rader)
    Loggkjede.objects.filter(pk=1).update(siste_loepenummer=loepenummer, siste_hash=forrige)


def _meld_etter_commit(endringer: list[Endring]) -> None:
    """One `endringer_lagret` after the commit, each object once. A failing receiver is
    logged by Django (robust): the change is committed and stays so."""
    if endringer:
        unike = tuple(dict.fromkeys(endringer))
        transaction.on_commit(
            partial(endringer_lagret.send, sender=Endringslogg, endringer=unike), robust=True
        )


# The owner fields (sporing.signaler.EIERFELT) each model has, as (name, attname), per class.
_eierfelter: dict[type[models.Model], tuple[tuple[str, str], ...]] = {}


def _eierfelter_for(modell: type[models.Model]) -> tuple[tuple[str, str], ...]:
    felter = _eierfelter.get(modell)
    if felter is None:
        funnet = []
        for navn in EIERFELT:
            try:
                felt = modell._meta.get_field(navn)
            except FieldDoesNotExist:
                continue
            if felt.many_to_one:
                funnet.append((navn, felt.attname))  # type: ignore[union-attr]
        felter = _eierfelter[modell] = tuple(funnet)
    return felter


def _endring(objekt: models.Model, hendelsetype: str) -> Endring:
    modell = objekt._meta.concrete_model or type(objekt)
    eiere = tuple(
        (navn, verdi)
        for navn, attname in _eierfelter_for(modell)
        if (verdi := getattr(objekt, attname, None)) is not None
    )
    return Endring(modell._meta.label_lower, objekt.pk, str(hendelsetype), eiere)


def _arkivenhet_type(objekt: models.Model) -> str:
    for attributt in ("mappetype", "registreringstype"):
        verdi = getattr(objekt, attributt, None)
        if verdi:
            return str(verdi)
    return objekt._meta.model_name or type(objekt).__name__.lower()


def _tekst(verdi: Any) -> str | None:
    if verdi is None:
        return None
    if isinstance(verdi, models.Model):
        return str(getattr(verdi, "system_id", verdi.pk))
    if isinstance(verdi, dt.datetime | dt.date):
        return verdi.isoformat()
    if isinstance(verdi, list | tuple):
        return ", ".join(str(v) for v in verdi)
    return str(verdi)


def _legg_til(
    objekt: models.Model,
    *,
    utfoert_av: Any,
    hendelsetype: str,
    felt: str = "",
    tidligere: Any = None,
    ny: Any = None,
    beskrivelse: str = "",
    tidspunkt: dt.datetime | None = None,
) -> None:
    buffer = _buffer()
    if buffer is None:
        raise RuntimeError("Endringer i arkivet må gjøres i en logget transaksjon.")
    if hendelsetype != Hendelsetype.LEST:
        _krev_ikke_historisk(objekt)
    referanse: UUID = objekt.system_id  # type: ignore[attr-defined]
    buffer.append(
        {
            "system_id": uuid7(),
            "referanse_arkivenhet": referanse,
            "arkivenhet_type": _arkivenhet_type(objekt),
            "referanse_metadata": felt,
            "endret_dato": tidspunkt or naa(),
            "endret_av": utfoert_av.visningsnavn,
            "referanse_endret_av": utfoert_av.system_id,
            "tidligere_verdi": _tekst(tidligere),
            "ny_verdi": _tekst(ny),
            "hendelsetype": hendelsetype,
            "beskrivelse": beskrivelse,
        }
    )
    if hendelsetype != Hendelsetype.LEST:
        _endringer().append(_endring(objekt, hendelsetype))


def logg_opprettet(objekt: models.Model, *, utfoert_av: Any, beskrivelse: str = "") -> None:
    _legg_til(
        objekt,
        utfoert_av=utfoert_av,
        hendelsetype=Hendelsetype.OPPRETTET,
        ny=str(objekt),
        beskrivelse=beskrivelse,
    )


def logg_endret(
    objekt: models.Model,
    *,
    utfoert_av: Any,
    felt: str,
    tidligere: Any,
    ny: Any,
    beskrivelse: str = "",
) -> None:
    _legg_til(
        objekt,
        utfoert_av=utfoert_av,
        hendelsetype=Hendelsetype.ENDRET,
        felt=felt,
        tidligere=tidligere,
        ny=ny,
        beskrivelse=beskrivelse,
    )


def logg_slettet(objekt: models.Model, *, utfoert_av: Any, beskrivelse: str = "") -> None:
    _legg_til(
        objekt,
        utfoert_av=utfoert_av,
        hendelsetype=Hendelsetype.SLETTET,
        tidligere=str(objekt),
        beskrivelse=beskrivelse,
    )


def logg_lest(objekt: models.Model, *, utfoert_av: Any, beskrivelse: str = "") -> None:
    """Hendelseslogg: a read of a screened record (who, when, under which authorisation)."""
    with logget_transaksjon():
        _legg_til(
            objekt, utfoert_av=utfoert_av, hendelsetype=Hendelsetype.LEST, beskrivelse=beskrivelse
        )


def logg_historisk_endring(
    *,
    referanse_arkivenhet: UUID,
    felt: str,
    endret_dato: dt.datetime,
    endret_av: str,
    tidligere: str,
    ny: str,
    utfoert_av: Any,
) -> None:
    """A change logged by the system an archive was migrated from (its endringslogg.xml):
    kept with its own time and person, and chained like every other entry."""
    buffer = _buffer()
    if buffer is None:
        raise RuntimeError("Endringer i arkivet må gjøres i en logget transaksjon.")
    buffer.append(
        {
            "system_id": uuid7(),
            "referanse_arkivenhet": referanse_arkivenhet,
            "arkivenhet_type": "innlest",
            "referanse_metadata": felt,
            "endret_dato": endret_dato,
            "endret_av": endret_av,
            "referanse_endret_av": None,
            "tidligere_verdi": tidligere,
            "ny_verdi": ny,
            "hendelsetype": Hendelsetype.ENDRET,
            "beskrivelse": f"Fra arkivuttrekk, lest inn av {utfoert_av.visningsnavn}",
        }
    )
