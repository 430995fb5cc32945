"""Building blocks every entity serializer shares (rest-api.md §3.1, client-compat.md §2).

* Absent values are omitted, never `null` (client-compat.md §2.4): `Noark5Serializer` drops
  `None`, `""` and `[]` from what it renders.
* A code value is `{"kode": …, "kodenavn": …}` (§2.7), read from a `KodeFelt`'s two columns.
* `_links` is made by a function of (request, instance) that uses the one link builder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers  # type: ignore[import-untyped]

from noark_api.lenker import Lenke
from noark_api.skjema import LenkeSerializer

_TOMME: tuple[Any, ...] = (None, "", [])


class KodeSerializer(serializers.Serializer):  # type: ignore[misc]
    """A code-list value copied into the instance."""

    kode = serializers.CharField()
    kodenavn = serializers.CharField(required=False)


@extend_schema_field(KodeSerializer)
class Kodeverdi(serializers.Field):  # type: ignore[misc]
    """`{"kode", "kodenavn"}` from a KodeFelt named `felt` and its `<felt>_kodenavn` column;
    absent (None) when no code is set."""

    def __init__(self, felt: str, **kwargs: Any) -> None:
        self.felt = felt
        # Not read_only: drf-spectacular marks read-only fields required, and a code may be
        # absent. The serializer only ever renders.
        kwargs.setdefault("required", False)
        super().__init__(source="*", **kwargs)

    def to_representation(self, instans: Any) -> dict[str, str] | None:
        kode = getattr(instans, self.felt)
        if not kode:
            return None
        verdi = {"kode": kode}
        kodenavn = getattr(instans, f"{self.felt}_kodenavn", "")
        if kodenavn:
            verdi["kodenavn"] = kodenavn
        return verdi


Lenkebygger = Callable[[Any, Any], dict[str, Lenke]]


@extend_schema_field(
    {
        "type": "object",
        "description": "M711 virksomhetsspesifikkeMetadata: `<navnerom>-<versjon>:<felt>` → "
        "value, each name a field of metadata/virksomhetsspesifikkeMetadata/.",
        "additionalProperties": {
            "oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}],
            "nullable": True,
        },
    }
)
class VirksomhetsspesifikkeMetadata(serializers.JSONField):  # type: ignore[misc]
    """The record's virksomhetsspesifikkeMetadata as stored: each value as it was given."""


@extend_schema_field(
    serializers.DictField(child=LenkeSerializer(), help_text="Relation key → link, sorted by key.")
)
class LenkerFelt(serializers.Field):  # type: ignore[misc]
    """`_links` of an instance, made by `lag(request, instans)`."""

    def __init__(self, lag: Lenkebygger, **kwargs: Any) -> None:
        self.lag = lag
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instans: Any) -> dict[str, Lenke]:
        return self.lag(self.context["request"], instans)


class Noark5Serializer(serializers.Serializer):  # type: ignore[misc]
    """Read-only entity serializer: absent values are left out (client-compat.md §2.4)."""

    def to_representation(self, instans: Any) -> dict[str, Any]:
        data = super().to_representation(instans)
        return {navn: verdi for navn, verdi in data.items() if verdi not in _TOMME}


def typelenker(noekkel: str) -> Lenkebygger:
    """The `_links` of an instance of the registered entity type `noekkel` (ressurs.py)."""

    def lag(request: Any, instans: Any) -> dict[str, Lenke]:
        from noark_api.lenker import instanslenker
        from noark_api.ressurs import entitetstype

        return instanslenker(request, entitetstype(noekkel), instans)

    return lag


def med_lenker(navn: str, grunn: type[Any], lag: Lenkebygger | str) -> type[Any]:
    """`grunn` plus a `_links` field, a name a class body cannot declare as a field. `lag` is
    a link builder, or the key of a registered entity type whose links to use."""
    if isinstance(lag, str):
        lag = typelenker(lag)
    navnerom = {"_links": LenkerFelt(lag), "__module__": grunn.__module__}
    klasse: type[Any] = serializers.SerializerMetaclass(navn, (grunn,), navnerom)
    return klasse


def listeserializer(navn: str, element: type[Any]) -> type[Any]:
    """The list shape of rest-api.md §3.2 (for the OpenAPI document)."""
    felter = {
        "count": serializers.IntegerField(help_text="Total number of matches, before paging."),
        "results": element(many=True),
        "_links": serializers.DictField(
            child=LenkeSerializer(), help_text="`self`, and `next` while more pages remain."
        ),
        "__module__": element.__module__,
    }
    klasse: type[Any] = serializers.SerializerMetaclass(navn, (serializers.Serializer,), felter)
    return klasse
