"""Mappe, Saksmappe, Registrering, Journalpost and Arkivnotat in the standard's shape
(rest-api.md §3.1; model.md §3.6, §3.7, §3.9–§3.11).

Subtypes share their base's table, so a base list can filter on a subtype's attributes
(client-compat.md §10.3: `saksaar` on `arkivstruktur/mappe/`); rows of another type hold null
there. The title a reader sees goes through the screening rules (tilgang.skjerming), as in
the UI: see `SkjermetTittel`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers  # type: ignore[import-untyped]

from noark_api.innloggingsnavn import Innloggingsnavn, innlogging
from noark_api.odata import Felt, Feltkart, Felttype, tekstlistefelter, vsm_felter
from noark_api.serialisering.arkivstruktur import (
    ARKIVENHET_FELTER,
    AVSLUTTBAR_FELTER,
    ArkivenhetFelter,
    AvsluttbarFelter,
    kodefelter,
)
from noark_api.serialisering.arvbare import Arvbare
from noark_api.serialisering.felles import Kodeverdi, VirksomhetsspesifikkeMetadata, med_lenker
from tilgang.skjerming import offentlig_visning, skjermet_visning

LISTEVISNING = "listevisning"
"""Serializer context flag: the instance is shown as a row of a list."""


@extend_schema_field(OpenApiTypes.STR)
class SkjermetTittel(serializers.Field):  # type: ignore[misc]
    """`tittel` as this reader may see it (docs/tilgangsmatrise.md).

    One instance: in full to everyone `synlig_for` lets through for the screening, masked by
    its skjermingMetadata otherwise (`skjermet_visning`). A row of a list: as the public sees
    it (`offentlig_visning`: offentligTittel for TMO/TRO, the first line for TM1/TR1, *****
    for M), as the UI's lists and search show it, so that only records actually opened are
    read in full (and logged)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "M020")
        super().__init__(source="*", **kwargs)

    def to_representation(self, instans: Any) -> str:
        if self.context.get(LISTEVISNING):
            return offentlig_visning(instans).tittel
        request = self.context.get("request")
        return skjermet_visning(instans, getattr(request, "user", None)).tittel


def _tekstliste(hjelp: str) -> Any:
    return serializers.ListField(child=serializers.CharField(), required=False, help_text=hjelp)


# --- the embedded «dataType»s (rest-api.md §3.1; model.md §4.6–§4.8) ----------------------------


# --- mappe and saksmappe -------------------------------------------------------------------------


class MappeFelter(AvsluttbarFelter, Arvbare):
    mappeID = serializers.CharField(source="mappe_id", help_text="M003")
    tittel = SkjermetTittel()
    offentligTittel = serializers.CharField(
        source="offentlig_tittel", required=False, help_text="M025"
    )
    beskrivelse = serializers.CharField(required=False, help_text="M021")
    noekkelord = _tekstliste("M022")
    dokumentmedium = Kodeverdi("dokumentmedium", help_text="M300")
    oppbevaringssted = _tekstliste("M301")
    virksomhetsspesifikkeMetadata = VirksomhetsspesifikkeMetadata(
        source="virksomhetsspesifikke_metadata", required=False, help_text="M711"
    )


class SaksmappeFelter(MappeFelter):
    saksaar = serializers.IntegerField(help_text="M011")
    sakssekvensnummer = serializers.IntegerField(help_text="M012")
    saksdato = serializers.DateField(help_text="M100")
    administrativEnhet = serializers.CharField(
        source="administrativ_enhet", required=False, help_text="M305"
    )
    referanseAdministrativEnhet = serializers.UUIDField(
        source="administrativ_enhet_system_id", required=False
    )
    saksansvarlig = serializers.CharField(required=False, help_text="M306")
    referanseSaksansvarlig = serializers.UUIDField(source="saksansvarlig_system_id", required=False)
    journalenhet = serializers.CharField(required=False, help_text="M308")
    saksstatus = Kodeverdi("saksstatus", help_text="M052")
    utlaantDato = serializers.DateField(source="utlaant_dato", required=False, help_text="M106")
    utlaantTil = serializers.CharField(source="utlaant_til", required=False, help_text="M309")


MappeSerializer = med_lenker("MappeSerializer", MappeFelter, "arkivstruktur/mappe")
SaksmappeSerializer = med_lenker("SaksmappeSerializer", SaksmappeFelter, "sakarkiv/saksmappe")

SAKSMAPPE_EGNE_FELTER: Feltkart = {
    "saksaar": Felt("saksaar", Felttype.HELTALL),
    "sakssekvensnummer": Felt("sakssekvensnummer", Felttype.HELTALL),
    "saksdato": Felt("saksdato", Felttype.DATO),
    "administrativEnhet": Felt("administrativ_enhet", Felttype.TEKST),
    "referanseAdministrativEnhet": Felt("referanse_administrativ_enhet__system_id", Felttype.TEKST),
    "saksansvarlig": Felt("saksansvarlig", Felttype.TEKST),
    "referanseSaksansvarlig": Felt("referanse_saksansvarlig__system_id", Felttype.TEKST),
    "journalenhet": Felt("journalenhet", Felttype.TEKST),
    "utlaantDato": Felt("utlaant_dato", Felttype.DATO),
    "utlaantTil": Felt("utlaant_til", Felttype.TEKST),
    **kodefelter("saksstatus"),
}

MAPPE_FELTER: Feltkart = {
    **AVSLUTTBAR_FELTER,
    "mappeID": Felt("mappe_id", Felttype.TEKST),
    **tekstlistefelter("noekkelord"),
    **tekstlistefelter("oppbevaringssted"),
    **vsm_felter("virksomhetsspesifikke_metadata"),
    "tittel": Felt("tittel", Felttype.TEKST),
    "offentligTittel": Felt("offentlig_tittel", Felttype.TEKST),
    "beskrivelse": Felt("beskrivelse", Felttype.TEKST),
    **kodefelter("dokumentmedium"),
    "arkivdel/systemID": Felt("arkivdel__system_id", Felttype.TEKST),
    "klasse/systemID": Felt("klasse__system_id", Felttype.TEKST),
    "klasse/klasseID": Felt("klasse__klasse_id", Felttype.TEKST),
    "klasse/tittel": Felt("klasse__tittel", Felttype.TEKST),
    "overmappe/systemID": Felt("overmappe__system_id", Felttype.TEKST),
    "skjerming/tilgangsrestriksjon/kode": Felt("skjerming__tilgangsrestriksjon", Felttype.KODE),
    "gradering/graderingskode/kode": Felt("gradering__graderingskode", Felttype.KODE),
    # Subtype attributes on the base list (client-compat.md §10.3).
    **SAKSMAPPE_EGNE_FELTER,
}
"""`$filter` and `$orderby` names of mappe, saksmappe included (rest-api.md §4)."""

SAKSMAPPE_FELTER: Feltkart = MAPPE_FELTER


# --- registrering, journalpost and arkivnotat -----------------------------------------------


class RegistreringFelter(ArkivenhetFelter, Arvbare):
    registreringsID = serializers.CharField(source="registrerings_id", help_text="M004")
    tittel = SkjermetTittel()
    offentligTittel = serializers.CharField(
        source="offentlig_tittel", required=False, help_text="M025"
    )
    beskrivelse = serializers.CharField(required=False, help_text="M021")
    noekkelord = _tekstliste("M022")
    forfatter = _tekstliste("M024")
    dokumentmedium = Kodeverdi("dokumentmedium", help_text="M300")
    oppbevaringssted = _tekstliste("M301")
    virksomhetsspesifikkeMetadata = VirksomhetsspesifikkeMetadata(
        source="virksomhetsspesifikke_metadata", required=False, help_text="M711"
    )
    arkivertDato = serializers.DateTimeField(
        source="arkivert_dato", required=False, help_text="M604"
    )
    arkivertAv = Innloggingsnavn("arkivert_av", required=False, help_text="M605")


class _Dokumentdatoer(serializers.Serializer):  # type: ignore[misc]
    """The document dates a journalpost and an arkivnotat share (model.md §3.10, §3.11)."""

    dokumentetsDato = serializers.DateField(
        source="dokumentets_dato", required=False, help_text="M103"
    )
    mottattDato = serializers.DateTimeField(source="mottatt_dato", required=False, help_text="M104")
    sendtDato = serializers.DateTimeField(source="sendt_dato", required=False, help_text="M105")
    forfallsdato = serializers.DateField(required=False, help_text="M109")
    offentlighetsvurdertDato = serializers.DateField(
        source="offentlighetsvurdert_dato", required=False, help_text="M110"
    )
    antallVedlegg = serializers.IntegerField(
        source="antall_vedlegg", required=False, help_text="M304"
    )
    utlaantDato = serializers.DateField(source="utlaant_dato", required=False, help_text="M106")
    utlaantTil = serializers.CharField(source="utlaant_til", required=False, help_text="M309")


class JournalpostFelter(RegistreringFelter, _Dokumentdatoer):
    journalaar = serializers.IntegerField(help_text="M013")
    journalsekvensnummer = serializers.IntegerField(help_text="M014")
    journalpostnummer = serializers.IntegerField(help_text="M015")
    journalposttype = Kodeverdi("journalposttype", help_text="M082")
    journalstatus = Kodeverdi("journalstatus", help_text="M053")
    journaldato = serializers.DateField(help_text="M101")
    journalenhet = serializers.CharField(required=False, help_text="M308")


class ArkivnotatFelter(RegistreringFelter, _Dokumentdatoer):
    pass


RegistreringSerializer = med_lenker(
    "RegistreringSerializer", RegistreringFelter, "arkivstruktur/registrering"
)
JournalpostSerializer = med_lenker(
    "JournalpostSerializer", JournalpostFelter, "sakarkiv/journalpost"
)
ArkivnotatSerializer = med_lenker("ArkivnotatSerializer", ArkivnotatFelter, "sakarkiv/arkivnotat")

DOKUMENTDATO_FELTER: Feltkart = {
    "dokumentetsDato": Felt("dokumentets_dato", Felttype.DATO),
    "mottattDato": Felt("mottatt_dato", Felttype.DATOTID),
    "sendtDato": Felt("sendt_dato", Felttype.DATOTID),
    "forfallsdato": Felt("forfallsdato", Felttype.DATO),
    "offentlighetsvurdertDato": Felt("offentlighetsvurdert_dato", Felttype.DATO),
    "antallVedlegg": Felt("antall_vedlegg", Felttype.HELTALL),
    "utlaantDato": Felt("utlaant_dato", Felttype.DATO),
    "utlaantTil": Felt("utlaant_til", Felttype.TEKST),
}

JOURNALPOST_EGNE_FELTER: Feltkart = {
    "journalaar": Felt("journalaar", Felttype.HELTALL),
    "journalsekvensnummer": Felt("journalsekvensnummer", Felttype.HELTALL),
    "journalpostnummer": Felt("journalpostnummer", Felttype.HELTALL),
    "journaldato": Felt("journaldato", Felttype.DATO),
    "journalenhet": Felt("journalenhet", Felttype.TEKST),
    **kodefelter("journalposttype", "journalstatus"),
}

REGISTRERING_FELTER: Feltkart = {
    **ARKIVENHET_FELTER,
    "registreringsID": Felt("registrerings_id", Felttype.TEKST),
    **tekstlistefelter("noekkelord"),
    **tekstlistefelter("forfatter"),
    **tekstlistefelter("oppbevaringssted"),
    **vsm_felter("virksomhetsspesifikke_metadata"),
    "tittel": Felt("tittel", Felttype.TEKST),
    "offentligTittel": Felt("offentlig_tittel", Felttype.TEKST),
    "beskrivelse": Felt("beskrivelse", Felttype.TEKST),
    "arkivertDato": Felt("arkivert_dato", Felttype.DATOTID),
    "arkivertAv": Felt(innlogging("arkivert_av"), Felttype.TEKST),
    **kodefelter("dokumentmedium"),
    "arkivdel/systemID": Felt("arkivdel__system_id", Felttype.TEKST),
    "mappe/systemID": Felt("mappe__system_id", Felttype.TEKST),
    "mappe/mappeID": Felt("mappe__mappe_id", Felttype.TEKST),
    "klasse/systemID": Felt("klasse__system_id", Felttype.TEKST),
    "klasse/klasseID": Felt("klasse__klasse_id", Felttype.TEKST),
    "skjerming/tilgangsrestriksjon/kode": Felt("skjerming__tilgangsrestriksjon", Felttype.KODE),
    "gradering/graderingskode/kode": Felt("gradering__graderingskode", Felttype.KODE),
    # Subtype attributes on the base list (client-compat.md §10.3).
    **DOKUMENTDATO_FELTER,
    **JOURNALPOST_EGNE_FELTER,
}
"""`$filter` and `$orderby` names of registrering, journalpost and arkivnotat included."""

JOURNALPOST_FELTER: Feltkart = REGISTRERING_FELTER
ARKIVNOTAT_FELTER: Feltkart = REGISTRERING_FELTER
