"""Database triggers that make the log append-only, on SQLite and on PostgreSQL.

Code has no update or delete path for the log; the triggers make the database itself refuse
one, so that even a direct SQL statement needs the trigger dropped first (and `verify-log`
then shows what was changed).
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TABELL = "sporing_endringslogg"
MELDING = "Endringsloggen kan ikke endres eller slettes"

_SQLITE_OPPRETT = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABELL}_ingen_endring BEFORE UPDATE ON {TABELL}
        BEGIN SELECT RAISE(ABORT, '{MELDING}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABELL}_ingen_sletting BEFORE DELETE ON {TABELL}
        BEGIN SELECT RAISE(ABORT, '{MELDING}'); END""",
]
_SQLITE_FJERN = [
    f"DROP TRIGGER IF EXISTS {TABELL}_ingen_endring",
    f"DROP TRIGGER IF EXISTS {TABELL}_ingen_sletting",
]
_PG_OPPRETT = [
    f"""CREATE OR REPLACE FUNCTION {TABELL}_avvis() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{MELDING}'; END $$""",
    f"""CREATE OR REPLACE TRIGGER {TABELL}_ingen_endring BEFORE UPDATE OR DELETE ON {TABELL}
        FOR EACH ROW EXECUTE FUNCTION {TABELL}_avvis()""",
    f"""CREATE OR REPLACE TRIGGER {TABELL}_ingen_truncate BEFORE TRUNCATE ON {TABELL}
        FOR EACH STATEMENT EXECUTE FUNCTION {TABELL}_avvis()""",
]
_PG_FJERN = [
    f"DROP TRIGGER IF EXISTS {TABELL}_ingen_endring ON {TABELL}",
    f"DROP TRIGGER IF EXISTS {TABELL}_ingen_truncate ON {TABELL}",
]


def _setninger(connection: BaseDatabaseWrapper, *, opprett: bool) -> list[str]:
    if connection.vendor == "postgresql":
        return _PG_OPPRETT if opprett else _PG_FJERN
    if connection.vendor == "sqlite":
        return _SQLITE_OPPRETT if opprett else _SQLITE_FJERN
    raise NotImplementedError(f"Ingen append-only-triggere for {connection.vendor}")


def installer_triggere(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for setning in _setninger(connection, opprett=True):
            cursor.execute(setning)


def fjern_triggere(connection: BaseDatabaseWrapper) -> None:
    """Only for tests that empty the database between runs, and for the tamper test."""
    with connection.cursor() as cursor:
        for setning in _setninger(connection, opprett=False):
            cursor.execute(setning)
