"""Queries on the elements of a JSON list of texts (noekkelord, forfatter, oppbevaringssted):
`noekkelord__element="barnehage"` holds when some element is "barnehage".

The repeated values are stored as JSON lists on their owner (model.md: 0..n strings), and
the API filters on them as on any to-many path (`noekkelord/noekkelord eq 'x'`, client-compat
§10.3). Django has no such lookup, and JSONField's `contains` does not exist on SQLite, so the
`element` transform turns each comparison on the element into `EXISTS (SELECT 1 FROM <the
list's elements> WHERE <the same comparison on one element>)`: json_each on SQLite,
jsonb_array_elements_text on PostgreSQL. The comparison itself is Django's own lookup, so
case and LIKE escaping behave exactly as on a text column. `element__isnull=True` holds for
an empty list.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import lookups
from django.db.models.expressions import Expression


def _kilde(kolonne: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"jsonb_array_elements_text({kolonne}) AS element(verdi)"
    return f"json_each({kolonne}) AS element"


class _Elementverdi(Expression):
    """One element's text inside the EXISTS."""

    output_field = models.TextField()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return ("element.verdi" if connection.vendor == "postgresql" else "element.value"), []


class Listeelement(models.TextField):  # type: ignore[type-arg]
    """The output of `element`: only the lookups registered below apply to it."""


@models.JSONField.register_lookup
class Element(models.Transform):
    """Marks the list for the lookups of `Listeelement`; its SQL is the list itself."""

    lookup_name = "element"
    output_field = Listeelement()
    template = "%(expressions)s"


class _FinnesElement(lookups.Lookup):  # type: ignore[type-arg]
    indre: type[lookups.Lookup]  # type: ignore[type-arg]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        kolonne, kolonneparametre = compiler.compile(self.lhs.lhs)
        betingelse, parametre = compiler.compile(self.indre(_Elementverdi(), self.rhs))
        kilde = _kilde(kolonne, connection.vendor)
        return (
            f"EXISTS (SELECT 1 FROM {kilde} WHERE {betingelse})",  # noqa: S608 - compiled SQL
            [*kolonneparametre, *parametre],
        )


def _registrer(indre: type[lookups.Lookup]) -> None:  # type: ignore[type-arg]
    klasse = type(
        f"Element{indre.__name__}",
        (_FinnesElement,),
        {"lookup_name": indre.lookup_name, "indre": indre},
    )
    Listeelement.register_lookup(klasse)


for _indre in (
    lookups.Exact,
    lookups.GreaterThan,
    lookups.GreaterThanOrEqual,
    lookups.LessThan,
    lookups.LessThanOrEqual,
    lookups.IExact,
    lookups.IContains,
    lookups.IStartsWith,
    lookups.IEndsWith,
):
    _registrer(_indre)


@Listeelement.register_lookup
class ElementIsNull(lookups.Lookup):  # type: ignore[type-arg]
    """`element__isnull=True`: the list has no element; False: it has one."""

    lookup_name = "isnull"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        kolonne, parametre = compiler.compile(self.lhs.lhs)
        finnes = f"EXISTS (SELECT 1 FROM {_kilde(kolonne, connection.vendor)})"  # noqa: S608
        return (f"NOT {finnes}" if self.rhs else finnes), list(parametre)
