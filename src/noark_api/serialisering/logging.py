"""Endringslogg and Hendelseslogg in the standard's shape (model.md §5.4, §5.5;
client-compat.md §16). Both are views of the same rows: a hendelse is an endringslogg entry
with its hendelsetype, hendelseDato and beskrivelse."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers  # type: ignore[import-untyped]

from noark_api.innloggingsnavn import Innloggingsnavn, innlogging
from noark_api.odata import Felt, Feltkart, Felttype
from noark_api.serialisering.felles import KodeSerializer, Noark5Serializer, med_lenker
from sporing.models import Hendelsetype


class _EndringsloggFelter(Noark5Serializer):
    systemID = serializers.UUIDField(source="system_id")
    referanseArkivenhet = serializers.UUIDField(source="referanse_arkivenhet", help_text="M680")
    referanseMetadata = serializers.CharField(
        source="referanse_metadata", required=False, help_text="M681"
    )
    endretDato = serializers.DateTimeField(source="endret_dato", help_text="M682")
    endretAv = Innloggingsnavn("endret_av", help_text="M683")
    referanseEndretAv = serializers.UUIDField(source="referanse_endret_av", required=False)
    tidligereVerdi = serializers.CharField(
        source="tidligere_verdi", required=False, help_text="M684"
    )
    nyVerdi = serializers.CharField(source="ny_verdi", required=False, help_text="M685")


EndringsloggSerializer = med_lenker(
    "EndringsloggSerializer", _EndringsloggFelter, "loggingogsporing/endringslogg"
)

ENDRINGSLOGG_FELTER: Feltkart = {
    "systemID": Felt("system_id", Felttype.TEKST),
    "referanseArkivenhet": Felt("referanse_arkivenhet", Felttype.TEKST),
    "referanseMetadata": Felt("referanse_metadata", Felttype.TEKST),
    "endretDato": Felt("endret_dato", Felttype.DATOTID),
    "endretAv": Felt(innlogging("endret_av"), Felttype.TEKST),
    "referanseEndretAv": Felt("referanse_endret_av", Felttype.TEKST),
    "tidligereVerdi": Felt("tidligere_verdi", Felttype.TEKST),
    "nyVerdi": Felt("ny_verdi", Felttype.TEKST),
}


@extend_schema_field(KodeSerializer)
class _Hendelsetype(serializers.Field):  # type: ignore[misc]
    """`{"kode", "kodenavn"}` of the hendelsetype list (C, R, U, D): the log's own four
    events, named as the seeded code list names them, without a look-up per row."""

    def to_representation(self, kode: str) -> dict[str, str]:
        navn = Hendelsetype(kode).label if kode in Hendelsetype.values else kode
        return {"kode": kode, "kodenavn": str(navn)}


class _HendelsesloggFelter(_EndringsloggFelter):
    hendelsetype = _Hendelsetype()
    hendelseDato = serializers.DateTimeField(source="endret_dato")
    beskrivelse = serializers.CharField(required=False)


HendelsesloggSerializer = med_lenker(
    "HendelsesloggSerializer", _HendelsesloggFelter, "loggingogsporing/hendelseslogg"
)

HENDELSESLOGG_FELTER: Feltkart = {
    **ENDRINGSLOGG_FELTER,
    "hendelsetype/kode": Felt("hendelsetype", Felttype.KODE),
    "hendelseDato": Felt("endret_dato", Felttype.DATOTID),
    "beskrivelse": Felt("beskrivelse", Felttype.TEKST),
}
