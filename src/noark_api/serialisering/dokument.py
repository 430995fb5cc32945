"""Dokumentbeskrivelse, dokumentobjekt and konvertering in the standard's shape (rest-api.md
§3.1, model.md §3.13–3.15).

The attributes of a document's link to a registrering (dokumentnummer, tilknyttetRegistrering-
Som, tilknyttetDato, tilknyttetAv) live on `Dokumenttilknytning`; the API shows them on the
dokumentbeskrivelse as the standard does, read from annotations (`tilknytning_*`) the entity
type puts on the rows: those of the registrering the list is under, otherwise of the first
registrering the document was attached to. A dokumentobjekt has no `referanseDokumentfil`:
its `arkivstruktur/fil/` link replaces it (client-compat.md §7.2).
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers  # type: ignore[import-untyped]

from noark_api.odata import Felt, Feltkart, Felttype, tekstlistefelter
from noark_api.serialisering.arkivstruktur import (
    ARKIVENHET_FELTER,
    ArkivenhetFelter,
    kodefelter,
)
from noark_api.serialisering.arvbare import Arvbare
from noark_api.serialisering.felles import Kodeverdi, Noark5Serializer, med_lenker


class _AnnotertKodeverdi(Kodeverdi):
    """A code value read from annotations, absent when the row carries none."""

    def to_representation(self, instans: Any) -> dict[str, str] | None:
        if not hasattr(instans, self.felt):
            return None
        return super().to_representation(instans)


# --- dokumentbeskrivelse ------------------------------------------------------------------------


class _DokumentbeskrivelseFelter(ArkivenhetFelter, Arvbare):
    dokumenttype = Kodeverdi("dokumenttype", help_text="M083")
    dokumentstatus = Kodeverdi("dokumentstatus", help_text="M054")
    tittel = serializers.CharField(help_text="M020")
    beskrivelse = serializers.CharField(required=False, help_text="M021")
    forfatter = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="M024"
    )
    dokumentmedium = Kodeverdi("dokumentmedium", help_text="M300")
    oppbevaringssted = serializers.CharField(required=False, help_text="M301")
    eksternReferanse = serializers.CharField(source="ekstern_referanse", required=False)
    tilknyttetRegistreringSom = _AnnotertKodeverdi("tilknytning_som", help_text="M217")
    dokumentnummer = serializers.IntegerField(
        source="tilknytning_dokumentnummer", required=False, help_text="M007"
    )
    tilknyttetDato = serializers.DateTimeField(
        source="tilknytning_dato", required=False, help_text="M620"
    )
    tilknyttetAv = serializers.CharField(source="tilknytning_av", required=False, help_text="M621")


DokumentbeskrivelseSerializer = med_lenker(
    "DokumentbeskrivelseSerializer",
    _DokumentbeskrivelseFelter,
    "arkivstruktur/dokumentbeskrivelse",
)

DOKUMENTBESKRIVELSE_FELTER: Feltkart = {
    **ARKIVENHET_FELTER,
    "tittel": Felt("tittel", Felttype.TEKST),
    "beskrivelse": Felt("beskrivelse", Felttype.TEKST),
    "oppbevaringssted": Felt("oppbevaringssted", Felttype.TEKST),
    **tekstlistefelter("forfatter"),
    "eksternReferanse": Felt("ekstern_referanse", Felttype.TEKST),
    **kodefelter("dokumenttype", "dokumentstatus", "dokumentmedium"),
    # Per link: "some registrering it is attached to" (client-compat.md §10.3).
    "dokumentnummer": Felt("tilknytninger__dokumentnummer", Felttype.HELTALL, til_mange=True),
    "tilknyttetDato": Felt("tilknytninger__tilknyttet_dato", Felttype.DATOTID, til_mange=True),
    "tilknyttetAv": Felt("tilknytninger__tilknyttet_av", Felttype.TEKST, til_mange=True),
    "tilknyttetRegistreringSom/kode": Felt(
        "tilknytninger__tilknyttet_registrering_som", Felttype.KODE, til_mange=True
    ),
    "tilknyttetRegistreringSom/kodenavn": Felt(
        "tilknytninger__tilknyttet_registrering_som_kodenavn", Felttype.TEKST, til_mange=True
    ),
}


# --- dokumentobjekt -----------------------------------------------------------------------------


class _DokumentobjektFelter(ArkivenhetFelter):
    versjonsnummer = serializers.IntegerField(help_text="M005")
    variantformat = Kodeverdi("variantformat", help_text="M700")
    format = Kodeverdi("format", help_text="M701")
    formatDetaljer = serializers.CharField(
        source="format_detaljer", required=False, help_text="M702"
    )
    filnavn = serializers.CharField(required=False)
    mimeType = serializers.CharField(source="mime_type", required=False)
    sjekksum = serializers.CharField(required=False, help_text="M705")
    sjekksumAlgoritme = serializers.CharField(
        source="sjekksum_algoritme", required=False, help_text="M706"
    )
    filstoerrelse = serializers.IntegerField(required=False, help_text="M707")


DokumentobjektSerializer = med_lenker(
    "DokumentobjektSerializer", _DokumentobjektFelter, "arkivstruktur/dokumentobjekt"
)

DOKUMENTOBJEKT_FELTER: Feltkart = {
    **ARKIVENHET_FELTER,
    "versjonsnummer": Felt("versjonsnummer", Felttype.HELTALL),
    "formatDetaljer": Felt("format_detaljer", Felttype.TEKST),
    "filnavn": Felt("filnavn", Felttype.TEKST),
    "mimeType": Felt("mime_type", Felttype.TEKST),
    "sjekksum": Felt("sjekksum", Felttype.TEKST),
    "sjekksumAlgoritme": Felt("sjekksum_algoritme", Felttype.TEKST),
    "filstoerrelse": Felt("filstoerrelse", Felttype.HELTALL),
    **kodefelter("variantformat", "format"),
}


# --- konvertering -------------------------------------------------------------------------------


class _KonverteringFelter(Noark5Serializer):
    systemID = serializers.UUIDField(source="system_id", help_text="M001")
    konvertertDato = serializers.DateTimeField(source="konvertert_dato", help_text="M615")
    konvertertAv = serializers.CharField(source="konvertert_av", help_text="M616")
    konvertertFraFormat = Kodeverdi("konvertert_fra_format", help_text="M712")
    konvertertTilFormat = Kodeverdi("konvertert_til_format", help_text="M713")
    konverteringsverktoey = serializers.CharField(required=False, help_text="M714")
    konverteringskommentar = serializers.CharField(required=False, help_text="M715")


KonverteringSerializer = med_lenker(
    "KonverteringSerializer", _KonverteringFelter, "arkivstruktur/konvertering"
)

KONVERTERING_FELTER: Feltkart = {
    "systemID": Felt("system_id", Felttype.TEKST),
    "konvertertDato": Felt("konvertert_dato", Felttype.DATOTID),
    "konvertertAv": Felt("konvertert_av", Felttype.TEKST),
    "konverteringsverktoey": Felt("konverteringsverktoey", Felttype.TEKST),
    "konverteringskommentar": Felt("konverteringskommentar", Felttype.TEKST),
    "konvertertFraFormat/kode": Felt("konvertert_fra_format", Felttype.KODE),
    "konvertertFraFormat/kodenavn": Felt("konvertert_fra_format_kodenavn", Felttype.TEKST),
    "konvertertTilFormat/kode": Felt("konvertert_til_format", Felttype.KODE),
    "konvertertTilFormat/kodenavn": Felt("konvertert_til_format_kodenavn", Felttype.TEKST),
}


# --- chunked upload -----------------------------------------------------------------------------


class BolkSerializer(serializers.Serializer):  # type: ignore[misc]
    """An open chunked upload (rest-api.md §6.4): send the next chunk to `Location`."""

    mimeType = serializers.CharField(help_text="X-Upload-Content-Type of the session.")
    stoerrelse = serializers.IntegerField(help_text="X-Upload-Content-Length: the whole file.")
    mottatt = serializers.IntegerField(help_text="Bytes received so far; the next chunk's start.")
