"""Arkivstruktur entities in the standard's shape (rest-api.md §3.1, model.md §3)."""

from __future__ import annotations

from rest_framework import serializers  # type: ignore[import-untyped]

from noark_api.lenker import arkivlenker
from noark_api.odata import Felt, Feltkart, Felttype
from noark_api.serialisering.felles import (
    Kodeverdi,
    Noark5Serializer,
    listeserializer,
    med_lenker,
)


class _ArkivFelter(Noark5Serializer):
    systemID = serializers.UUIDField(source="system_id", help_text="M001")
    tittel = serializers.CharField(help_text="M020")
    beskrivelse = serializers.CharField(required=False, help_text="M021")
    arkivstatus = Kodeverdi("arkivstatus", help_text="M050")
    dokumentmedium = Kodeverdi("dokumentmedium", help_text="M300")
    oppbevaringssted = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="M301"
    )
    opprettetDato = serializers.DateTimeField(source="opprettet_dato", help_text="M600")
    opprettetAv = serializers.CharField(source="opprettet_av", help_text="M601")
    endretDato = serializers.DateTimeField(source="endret_dato", required=False, help_text="M682")
    endretAv = serializers.CharField(source="endret_av", required=False, help_text="M683")
    avsluttetDato = serializers.DateTimeField(
        source="avsluttet_dato", required=False, help_text="M602"
    )
    avsluttetAv = serializers.CharField(source="avsluttet_av", required=False, help_text="M603")


ArkivSerializer = med_lenker("ArkivSerializer", _ArkivFelter, arkivlenker)
ArkivListeSerializer = listeserializer("ArkivListeSerializer", ArkivSerializer)

ARKIV_FELTER: Feltkart = {
    "systemID": Felt("system_id", Felttype.TEKST),
    "tittel": Felt("tittel", Felttype.TEKST),
    "beskrivelse": Felt("beskrivelse", Felttype.TEKST),
    "arkivstatus/kode": Felt("arkivstatus", Felttype.KODE),
    "arkivstatus/kodenavn": Felt("arkivstatus_kodenavn", Felttype.TEKST),
    "dokumentmedium/kode": Felt("dokumentmedium", Felttype.KODE),
    "dokumentmedium/kodenavn": Felt("dokumentmedium_kodenavn", Felttype.TEKST),
    "opprettetDato": Felt("opprettet_dato", Felttype.DATOTID),
    "opprettetAv": Felt("opprettet_av", Felttype.TEKST),
    "endretDato": Felt("endret_dato", Felttype.DATOTID),
    "endretAv": Felt("endret_av", Felttype.TEKST),
    "avsluttetDato": Felt("avsluttet_dato", Felttype.DATOTID),
    "avsluttetAv": Felt("avsluttet_av", Felttype.TEKST),
}
"""`$filter` and `$orderby` names of arkiv (rest-api.md §4, basis level)."""
