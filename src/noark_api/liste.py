"""Lists of entities (rest-api.md §3.2, §3.3, §4; client-compat.md §8, §10).

`side(request, rader, felter)` applies `$filter`, `$orderby`, `$top` and `$skip` to a
queryset the selector has already scoped to the user, and returns the total and one page.

Decisions:

* Page size: 10 when `$top` is absent (as the reference implementation), at most 100; a
  larger `$top` is capped, not refused (§3.3). `next` is present while more rows remain.
* `$filter` is read tolerantly (client-compat §10.4): an unknown or untranslated path
  (`UkjentFelt`, `IkkeStoettet`), a value that can never match its column (a systemID that is
  no UUID) and an unbalanced trailing quote give `200` with `count: 0`; only a filter that
  cannot be read at all is a 400.
* `$orderby` naming an unknown field is a 400: a silently ignored sort order gives pages
  that look right and are not. A tie-breaker on the primary key keeps pages stable.
* An empty list still carries `"results": []` (client-compat §8.1, the safer choice).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet

from noark_api.odata import (
    Feltkart,
    IkkeStoettet,
    UkjentFelt,
    les_filter,
    les_orderby,
    les_skip,
    les_top,
    til_ordning,
    til_q,
)

STANDARD_SIDESTOERRELSE = 10
MAKS_SIDESTOERRELSE = 100

PARAMETRE = ("$filter", "$orderby", "$top", "$skip")


@dataclass(frozen=True)
class Side:
    antall: int  # the total before paging
    rader: list[Any]
    neste_skip: int | None  # `$skip` of the next page, None on the last
    parametre: dict[str, str]  # the query parameters as asked, for `self` and `next`


def side(request: Any, rader: QuerySet[Any], felter: Feltkart) -> Side:
    """One page of `rader`. Raises `OdataFeil` (a 400) for parameters that cannot be read."""
    spoerring = request.query_params
    parametre = {navn: spoerring[navn] for navn in PARAMETRE if navn in spoerring}
    top = les_top(spoerring.get("$top"), maks=MAKS_SIDESTOERRELSE, standard=STANDARD_SIDESTOERRELSE)
    skip = les_skip(spoerring.get("$skip"))
    sortering = les_orderby(spoerring.get("$orderby"))
    ordning = til_ordning(sortering, felter)
    uttrykk = les_filter(spoerring.get("$filter"), tolerant=True)
    try:
        oversatt = til_q(uttrykk, felter)
        rader = rader.filter(oversatt.q)
    except (UkjentFelt, IkkeStoettet, DjangoValidationError):
        return Side(0, [], None, parametre)
    if oversatt.trenger_distinct:
        rader = rader.distinct()
    if ordning:
        rader = rader.order_by(*ordning, "pk")
    antall = rader.count()
    side_: list[Model] = list(rader[skip : skip + top]) if top else []
    neste = skip + top if top and skip + top < antall else None
    return Side(antall, side_, neste, parametre)
