"""Code values and the catalogue of virksomhetsspesifikkeMetadata in the standard's shape
(client-compat.md §14.2, §14.5; rest-api.md §9, §12.5)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers  # type: ignore[import-untyped]

from noark_api.lenker import Lenke
from noark_api.odata import Felt, Feltkart, Felttype
from noark_api.serialisering.felles import Noark5Serializer, med_lenker


class _KodeverdiFelter(Noark5Serializer):
    kode = serializers.CharField()
    kodenavn = serializers.CharField()
    beskrivelse = serializers.CharField(required=False)
    utdatert = serializers.DateTimeField(
        required=False, help_text="From this moment the value may not be used on records."
    )


def _kodeverdilenker(request: Any, kodeverdi: Any) -> dict[str, Lenke]:
    """One serializer for every list: the value's own list names its type (and `self`)."""
    from noark_api.lenker import instanslenker
    from noark_api.ressurs import entitetstype

    return instanslenker(request, entitetstype(f"metadata/{kodeverdi.kodeliste.navn}"), kodeverdi)


KodeverdiSerializer = med_lenker("KodeverdiSerializer", _KodeverdiFelter, _kodeverdilenker)

KODEVERDI_FELTER: Feltkart = {
    "kode": Felt("kode", Felttype.TEKST),
    "kodenavn": Felt("kodenavn", Felttype.TEKST),
    "beskrivelse": Felt("beskrivelse", Felttype.TEKST),
    "utdatert": Felt("utdatert", Felttype.DATOTID),
}


class _VsmFelter(Noark5Serializer):
    systemID = serializers.UUIDField(source="system_id", help_text="M001")
    navn = serializers.CharField(help_text="<navnerom>-<versjon>:<felt>, e.g. ppt-v1:skoleaar")
    type = serializers.ChoiceField(
        choices=["boolean", "date", "datetime", "integer", "decimal", "string", "uri"]
    )
    beskrivelse = serializers.CharField(required=False)
    kilde = serializers.CharField(required=False, help_text="URL of the definition.")
    utdatert = serializers.DateTimeField(required=False)


VirksomhetsspesifikkeMetadataSerializer = med_lenker(
    "VirksomhetsspesifikkeMetadataSerializer",
    _VsmFelter,
    "metadata/virksomhetsspesifikkeMetadata",
)

VSM_FELTER: Feltkart = {
    "systemID": Felt("system_id", Felttype.TEKST),
    "navn": Felt("navn", Felttype.TEKST),
    "type": Felt("type", Felttype.TEKST),
    "beskrivelse": Felt("beskrivelse", Felttype.TEKST),
    "kilde": Felt("kilde", Felttype.TEKST),
    "utdatert": Felt("utdatert", Felttype.DATOTID),
}
