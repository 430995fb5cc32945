"""skjerming, gradering and kassasjon: the structured attributes («dataType» values) of the
units that inherit screening and retention (rest-api.md §3.1; model.md §4.6–§4.8)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers  # type: ignore[import-untyped]

from kodeliste.services import kodenavn
from noark_api.serialisering.felles import KodeSerializer, Kodeverdi, Noark5Serializer


@extend_schema_field(serializers.ListField(child=KodeSerializer()))
class Kodeobjekter(serializers.Field):  # type: ignore[misc]
    """A list of codes stored as their `kode`s (skjermingMetadata), each shown as a code
    object with the code list's name (from the cached code lists, no query)."""

    def __init__(self, kodeliste: str, **kwargs: Any) -> None:
        self.kodeliste = kodeliste
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_representation(self, koder: Any) -> list[dict[str, str]]:
        return [_kodeobjekt(self.kodeliste, str(kode)) for kode in koder or []]


def _kodeobjekt(kodeliste: str, kode: str) -> dict[str, str]:
    navn = kodenavn(kodeliste, kode)
    return {"kode": kode, "kodenavn": navn} if navn else {"kode": kode}


class SkjermingSerializer(Noark5Serializer):
    """The effective skjerming (own or inherited). Shown to readers who see the record at
    all: `synlig_for` lets through only those authorised for it, and the public's view is
    masked by it, not hidden from knowing it (the UI marks screened rows too)."""

    tilgangsrestriksjon = Kodeverdi("tilgangsrestriksjon", help_text="M500")
    skjermingshjemmel = serializers.CharField(required=False, help_text="M501")
    skjermingMetadata = Kodeobjekter(
        "skjermingmetadata", source="skjerming_metadata", help_text="M502"
    )
    skjermingDokument = Kodeverdi("skjerming_dokument", help_text="M503")
    skjermingsvarighet = serializers.IntegerField(required=False, help_text="M504")
    skjermingOpphoererDato = serializers.DateField(
        source="skjerming_opphoerer_dato", required=False, help_text="M505"
    )


class GraderingSerializer(Noark5Serializer):
    graderingskode = Kodeverdi("graderingskode", help_text="M506")
    graderingsdato = serializers.DateTimeField(required=False, help_text="M624")
    gradertAv = serializers.CharField(source="gradert_av", required=False, help_text="M625")
    nedgraderingsdato = serializers.DateTimeField(required=False, help_text="M626")
    nedgradertAv = serializers.CharField(source="nedgradert_av", required=False, help_text="M627")


class KassasjonSerializer(Noark5Serializer):
    kassasjonsvedtak = Kodeverdi("kassasjonsvedtak", help_text="M450")
    kassasjonshjemmel = serializers.CharField(required=False, help_text="M453")
    bevaringstid = serializers.IntegerField(required=False, help_text="M451")
    kassasjonsdato = serializers.DateField(required=False, help_text="M452")


class Arvbare(serializers.Serializer):  # type: ignore[misc]
    """The structured attributes every unit that inherits screening and retention has
    (arkivdel, klasse, mappe, registrering, dokumentbeskrivelse). Written through
    `noark_api.arvbare`, which calls the services of arkivstruktur.services.arv."""

    skjerming = SkjermingSerializer(required=False)
    gradering = GraderingSerializer(required=False)
    kassasjon = KassasjonSerializer(required=False)


# The request bodies' members, for the OpenAPI document (written through noark_api.arvbare).
INNDATA: dict[str, type[Any]] = {
    "skjerming": SkjermingSerializer,
    "gradering": GraderingSerializer,
    "kassasjon": KassasjonSerializer,
}
