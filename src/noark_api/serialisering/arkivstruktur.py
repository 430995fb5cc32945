"""Arkivstruktur entities in the standard's shape (rest-api.md §3.1, model.md §3)."""

from __future__ import annotations

from rest_framework import serializers  # type: ignore[import-untyped]

from noark_api.innloggingsnavn import Innloggingsnavn, innlogging
from noark_api.odata import Felt, Feltkart, Felttype, tekstlistefelter
from noark_api.serialisering.arvbare import Arvbare
from noark_api.serialisering.felles import (
    Kodeverdi,
    Noark5Serializer,
    med_lenker,
)


class ArkivenhetFelter(Noark5Serializer):
    """systemID and the system's stamps, common to every archive unit (model.md §3)."""

    systemID = serializers.UUIDField(source="system_id", help_text="M001")
    opprettetDato = serializers.DateTimeField(source="opprettet_dato", help_text="M600")
    opprettetAv = Innloggingsnavn("opprettet_av", help_text="M601")
    endretDato = serializers.DateTimeField(source="endret_dato", required=False, help_text="M682")
    endretAv = Innloggingsnavn("endret_av", required=False, help_text="M683")


class AvsluttbarFelter(ArkivenhetFelter):
    avsluttetDato = serializers.DateTimeField(
        source="avsluttet_dato", required=False, help_text="M602"
    )
    avsluttetAv = Innloggingsnavn("avsluttet_av", required=False, help_text="M603")


ARKIVENHET_FELTER: Feltkart = {
    "systemID": Felt("system_id", Felttype.TEKST),
    "opprettetDato": Felt("opprettet_dato", Felttype.DATOTID),
    "opprettetAv": Felt(innlogging("opprettet_av"), Felttype.TEKST),
    "endretDato": Felt("endret_dato", Felttype.DATOTID),
    "endretAv": Felt(innlogging("endret_av"), Felttype.TEKST),
}
AVSLUTTBAR_FELTER: Feltkart = {
    **ARKIVENHET_FELTER,
    "avsluttetDato": Felt("avsluttet_dato", Felttype.DATOTID),
    "avsluttetAv": Felt(innlogging("avsluttet_av"), Felttype.TEKST),
}


def kodefelter(*navn: str) -> Feltkart:
    """`<navn>/kode` and `<navn>/kodenavn` of coded attributes stored in KodeFelt columns."""
    kart: dict[str, Felt] = {}
    for felt in navn:
        kart[f"{felt}/kode"] = Felt(felt, Felttype.KODE)
        kart[f"{felt}/kodenavn"] = Felt(f"{felt}_kodenavn", Felttype.TEKST)
    return kart


# --- arkiv --------------------------------------------------------------------------------------


class _ArkivFelter(AvsluttbarFelter):
    tittel = serializers.CharField(help_text="M020")
    beskrivelse = serializers.CharField(required=False, help_text="M021")
    arkivstatus = Kodeverdi("arkivstatus", help_text="M050")
    dokumentmedium = Kodeverdi("dokumentmedium", help_text="M300")
    oppbevaringssted = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="M301"
    )


ArkivSerializer = med_lenker("ArkivSerializer", _ArkivFelter, "arkivstruktur/arkiv")

ARKIV_FELTER: Feltkart = {
    **AVSLUTTBAR_FELTER,
    **tekstlistefelter("oppbevaringssted"),
    "tittel": Felt("tittel", Felttype.TEKST),
    "beskrivelse": Felt("beskrivelse", Felttype.TEKST),
    **kodefelter("arkivstatus", "dokumentmedium"),
}
"""`$filter` and `$orderby` names of arkiv (rest-api.md §4, basis level)."""


# --- arkivskaper --------------------------------------------------------------------------------


class _ArkivskaperFelter(ArkivenhetFelter):
    arkivskaperID = serializers.CharField(source="arkivskaper_id", help_text="M006")
    arkivskaperNavn = serializers.CharField(source="arkivskaper_navn", help_text="M023")
    beskrivelse = serializers.CharField(required=False, help_text="M021")


ArkivskaperSerializer = med_lenker(
    "ArkivskaperSerializer", _ArkivskaperFelter, "arkivstruktur/arkivskaper"
)

ARKIVSKAPER_FELTER: Feltkart = {
    **ARKIVENHET_FELTER,
    "arkivskaperID": Felt("arkivskaper_id", Felttype.TEKST),
    "arkivskaperNavn": Felt("arkivskaper_navn", Felttype.TEKST),
    "beskrivelse": Felt("beskrivelse", Felttype.TEKST),
}


# --- arkivdel -----------------------------------------------------------------------------------


class _ArkivdelFelter(AvsluttbarFelter, Arvbare):
    tittel = serializers.CharField(help_text="M020")
    beskrivelse = serializers.CharField(required=False, help_text="M021")
    arkivdelstatus = Kodeverdi("arkivdelstatus", help_text="M051")
    dokumentmedium = Kodeverdi("dokumentmedium", help_text="M300")
    oppbevaringssted = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="M301"
    )
    arkivperiodeStartDato = serializers.DateField(
        source="arkivperiode_start_dato", required=False, help_text="M107"
    )
    arkivperiodeSluttDato = serializers.DateField(
        source="arkivperiode_slutt_dato", required=False, help_text="M108"
    )


ArkivdelSerializer = med_lenker("ArkivdelSerializer", _ArkivdelFelter, "arkivstruktur/arkivdel")

ARKIVDEL_FELTER: Feltkart = {
    **AVSLUTTBAR_FELTER,
    **tekstlistefelter("oppbevaringssted"),
    "tittel": Felt("tittel", Felttype.TEKST),
    "beskrivelse": Felt("beskrivelse", Felttype.TEKST),
    "arkivperiodeStartDato": Felt("arkivperiode_start_dato", Felttype.DATO),
    "arkivperiodeSluttDato": Felt("arkivperiode_slutt_dato", Felttype.DATO),
    **kodefelter("arkivdelstatus", "dokumentmedium"),
}
