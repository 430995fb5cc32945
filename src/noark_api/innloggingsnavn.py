"""`opprettetAv`, `endretAv`, `avsluttetAv` and the like as the acting user's login name
(client-compat.md §3 item 6, §18): clients filter on them, and a login name is unambiguous
where a person's name is not. The archive stores the person's name (what the UI and the
deposit extract show) beside a reference to the user; the API reads the login name through
that reference, and the stored name where there is none (migrated records, the system).

`med_innloggingsnavn` annotates every `<x>_av` text column of a model as `<x>_av_innlogging`,
so that `Innloggingsnavn` shows it and OData filters on it (`Felt(innlogging("opprettet_av"))`)
with no query per row.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce, NullIf
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers  # type: ignore[import-untyped]

_ENDELSE = "_innlogging"


def innlogging(felt: str) -> str:
    """The annotation holding the login name for the text column `felt` (`opprettet_av`)."""
    return felt + _ENDELSE


_PER_MODELL: dict[type[models.Model], dict[str, Any]] = {}


def _annoteringer(modell: type[models.Model]) -> dict[str, Any]:
    if modell not in _PER_MODELL:
        _PER_MODELL[modell] = _finn_annoteringer(modell)
    return _PER_MODELL[modell]


def _finn_annoteringer(modell: type[models.Model]) -> dict[str, Any]:
    felter = {f.name: f for f in modell._meta.get_fields()}
    annoteringer: dict[str, Any] = {}
    for felt in modell._meta.concrete_fields:
        if not (felt.name.endswith("_av") and isinstance(felt, models.CharField)):
            continue
        referanse = felter.get(f"referanse_{felt.name}")
        if getattr(referanse, "related_model", None) is _brukermodell():
            uttrykk: Any = Coalesce(
                NullIf(F(f"referanse_{felt.name}__username"), models.Value("")), F(felt.name)
            )
        elif isinstance(referanse, models.UUIDField):
            # The log names the user by systemID, not by key: it outlives the user row.
            brukernavn = _brukermodell().objects.filter(system_id=OuterRef(referanse.name))
            uttrykk = Coalesce(
                NullIf(Subquery(brukernavn.values("username")[:1]), models.Value("")),
                F(felt.name),
            )
        else:
            uttrykk = F(felt.name)
        annoteringer[innlogging(felt.name)] = uttrykk
    return annoteringer


def _brukermodell() -> Any:
    from django.apps import apps

    return apps.get_model(settings.AUTH_USER_MODEL)


def med_innloggingsnavn(rader: models.QuerySet[Any]) -> models.QuerySet[Any]:
    annoteringer = _annoteringer(rader.model)
    return rader.annotate(**annoteringer) if annoteringer else rader


@extend_schema_field(OpenApiTypes.STR)
class Innloggingsnavn(serializers.Field):  # type: ignore[misc]
    """A `…Av` attribute: the login name annotated by `med_innloggingsnavn`, else the stored
    name (an instance read some other way)."""

    def __init__(self, felt: str, **kwargs: Any) -> None:
        self.felt = felt
        super().__init__(source="*", **kwargs)

    def to_representation(self, instans: Any) -> str:
        verdi = getattr(instans, innlogging(self.felt), None)
        return str(verdi if verdi is not None else getattr(instans, self.felt))
