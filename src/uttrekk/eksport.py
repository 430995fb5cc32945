"""`eksporter`: a complete Noark 5 (5.0) extract of an arkiv or an arkivdel.

The package is built in a hidden folder next to the target and renamed into place only when
every file is written and described, so a failed or interrupted run leaves no extract that
looks finished, and running it again starts clean. The reads run in one transaction
(REPEATABLE READ on PostgreSQL, a WAL read transaction on SQLite), so arkivstruktur.xml, the
journals and the log describe the same moment while the archive goes on changing.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from felles.feil import DomeneFeil
from felles.tid import dato_i_oslo, naa
from uttrekk.addml import Pakkebeskrivelse, skriv_addml
from uttrekk.arkivstruktur import ArkivstrukturSkriver, Opptelling
from uttrekk.endringslogg import skriv_endringslogg
from uttrekk.journaler import Journaler
from uttrekk.selectors import Omfang, Periode, uttrekk_omfang
from uttrekk.skjema import SKJEMAFILER, XSD_MAPPE
from uttrekk.vsm import VSM_XSD


@dataclass(frozen=True)
class Uttrekk:
    mappe: Path
    telling: Opptelling
    antall_endringer: int


def systemnavn() -> str:
    try:
        return f"Arkivar {version('arkivar')}"
    except PackageNotFoundError:
        return "Arkivar"


@contextmanager
def _samme_oeyeblikk() -> Iterator[None]:
    """One snapshot; inside a caller's transaction, that transaction's."""
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as markoer:
                markoer.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
        return
    # SQLite: Django opens its transactions with BEGIN IMMEDIATE (settings), which would hold
    # the write lock for the whole export. A deferred read transaction in WAL mode sees one
    # state until it ends and lets writers go on; the export writes nothing to the database.
    with connection.cursor() as markoer:
        markoer.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as markoer:
            markoer.execute("ROLLBACK")


def eksporter(
    *,
    bruker: Any,
    utmappe: Path,
    arkiv_id: str | None = None,
    arkivdel_id: str | None = None,
    periode: Periode | None = None,
) -> Uttrekk:
    """The extract `bruker` takes of an arkiv or an arkivdel, into `utmappe` (new or empty)."""
    return skriv_pakke(
        lambda: uttrekk_omfang(
            bruker=bruker, arkiv_id=arkiv_id, arkivdel_id=arkivdel_id, periode=periode
        ),
        utmappe,
    )


def skriv_pakke(omfang: Callable[[], Omfang], utmappe: Path) -> Uttrekk:
    """Write the package of the scope `omfang()` reads (inside the snapshot) to `utmappe`."""
    utmappe = utmappe.resolve()
    if utmappe.exists() and (not utmappe.is_dir() or any(utmappe.iterdir())):
        raise DomeneFeil(f"{utmappe} finnes allerede og er ikke en tom mappe.")
    utmappe.parent.mkdir(parents=True, exist_ok=True)
    arbeid = Path(tempfile.mkdtemp(prefix=f".{utmappe.name}.", dir=utmappe.parent))
    try:
        with _samme_oeyeblikk():
            telling, antall_endringer = _skriv(omfang(), arbeid)
        if utmappe.exists():
            utmappe.rmdir()
        arbeid.rename(utmappe)
    except BaseException:
        shutil.rmtree(arbeid, ignore_errors=True)
        raise
    return Uttrekk(mappe=utmappe, telling=telling, antall_endringer=antall_endringer)


def _skriv(omfang: Omfang, arbeid: Path) -> tuple[Opptelling, int]:
    tidspunkt = naa()
    with (
        tempfile.TemporaryDirectory(prefix=".kladd.", dir=arbeid.parent) as kladd,
        closing(Journaler(Path(kladd), tidspunkt)) as journaler,
    ):
        telling = ArkivstrukturSkriver(omfang, arbeid, tidspunkt, journaler).skriv()
        start, slutt = _journalperiode(omfang, telling, tidspunkt)
        journaler.skriv(
            omfang, arbeid, antall=telling.antall_journalposter, start=start, slutt=slutt
        )
    antall_endringer = skriv_endringslogg(omfang, arbeid)
    vsm_skjema = VSM_XSD if telling.har_virksomhetsspesifikke_metadata else None
    for skjema in (*SKJEMAFILER, *([vsm_skjema] if vsm_skjema else [])):
        shutil.copyfile(XSD_MAPPE / skjema, arbeid / skjema)
    skriv_addml(
        arbeid,
        Pakkebeskrivelse(
            arkivskapere=tuple(
                omfang.arkiv.arkivskapere.order_by("pk").values_list("arkivskaper_navn", flat=True)
            ),
            systemnavn=systemnavn(),
            arkiv=omfang.arkiv.tittel,
            start=omfang.periode.fra if omfang.periode else start,
            slutt=omfang.periode.til if omfang.periode else slutt,
            antall_mapper=telling.mapper,
            antall_registreringer=telling.registreringer,
            antall_journalposter=telling.antall_journalposter,
            antall_dokumentfiler=telling.dokumentfiler,
            har_skjerming=telling.har_skjerming,
            har_kassasjon=telling.har_kassasjon,
            har_utfoert_kassasjon=telling.har_utfoert_kassasjon,
            vsm_skjema=vsm_skjema,
        ),
    )
    return telling, antall_endringer


def _journalperiode(
    omfang: Omfang, telling: Opptelling, tidspunkt: dt.datetime
) -> tuple[dt.date, dt.date]:
    """The journals' start and end: the first and last journaldato written (with a sharp
    period Arkade compares them with arkivstruktur.xml, N5.60); the chosen period or the
    arkivdel's when there is no journalpost."""
    if telling.foerste_journaldato and telling.siste_journaldato:
        return telling.foerste_journaldato, telling.siste_journaldato
    if omfang.periode is not None:
        return omfang.periode.fra, omfang.periode.til
    starter = [a.arkivperiode_start_dato for a in omfang.arkivdeler if a.arkivperiode_start_dato]
    idag = dato_i_oslo(tidspunkt)
    return (min(starter) if starter else idag), idag
