"""Clock helpers. The year of saks- and journalnummer is the year in Europe/Oslo (model.md §6.1)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

OSLO = ZoneInfo("Europe/Oslo")


def naa() -> dt.datetime:
    return timezone.now()


def aar_i_oslo(tidspunkt: dt.datetime) -> int:
    return tidspunkt.astimezone(OSLO).year


def dato_i_oslo(tidspunkt: dt.datetime) -> dt.date:
    return tidspunkt.astimezone(OSLO).date()


def legg_til_aar(dato: dt.date, aar: int) -> dt.date:
    """Add whole years; 29 February becomes 28 February in a non-leap year."""
    try:
        return dato.replace(year=dato.year + aar)
    except ValueError:
        return dato.replace(year=dato.year + aar, day=28)


MAANEDER = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


def lang_dato(dato: dt.date) -> str:
    """The date as Norwegian letters write it: 22. november 2026."""
    return f"{dato.day}. {MAANEDER[dato.month - 1]} {dato.year}"
