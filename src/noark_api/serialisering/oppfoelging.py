"""Korrespondansepart, Avskrivning, Dokumentflyt and Presedens in the standard's shape
(rest-api.md §3.1, §12.1, §12.2; model.md §4.1, §4.11–4.13).

A korrespondansepart follows its registrering's screening as the UI's case page does
(serialisering/sekundaer.py): senders masked by NA, recipients by NM, both by M.
"""

from __future__ import annotations

from rest_framework import serializers  # type: ignore[import-untyped]

from noark_api.innloggingsnavn import Innloggingsnavn, innlogging
from noark_api.odata import Felt, Feltkart, Felttype
from noark_api.serialisering.arkivstruktur import kodefelter
from noark_api.serialisering.felles import Kodeverdi, Noark5Serializer, med_lenker
from noark_api.serialisering.sekundaer import (
    ADRESSE_FELTER,
    Kontaktinformasjon,
    MaskertNavn,
    Personnummer,
    Postadresse,
    SkjermetSerializer,
    Tekst,
)

# --- korrespondansepart -------------------------------------------------------------------------


class _KorrespondansepartFelter(SkjermetSerializer):
    systemID = serializers.UUIDField(source="system_id", help_text="M001")
    korrespondanseparttype = Kodeverdi("korrespondanseparttype", help_text="M087")


class _KorrespondansepartPersonFelter(_KorrespondansepartFelter):
    navn = MaskertNavn("korrespondansepart_navn", help_text="M400 korrespondansepartNavn")
    foedselsnummer = Personnummer("foedselsnummer")
    dNummer = Personnummer("dnummer")
    postadresse = Postadresse(help_text="EnkelAdresse (M406–M409)")
    kontaktinformasjon = Kontaktinformasjon(help_text="Kontaktinformasjon (M410, M411)")


class _KorrespondansepartEnhetFelter(_KorrespondansepartFelter):
    navn = MaskertNavn("korrespondansepart_navn", help_text="M400 korrespondansepartNavn")
    organisasjonsnummer = Tekst("enhetsidentifikator")
    postadresse = Postadresse(help_text="EnkelAdresse (M406–M409)")
    kontaktinformasjon = Kontaktinformasjon(help_text="Kontaktinformasjon (M410, M411)")
    kontaktperson = Tekst("kontaktperson", help_text="M412")


class _KorrespondansepartInternFelter(_KorrespondansepartFelter):
    # The unit and the person are the party's name here: masked like it.
    administrativEnhet = Tekst("administrativ_enhet", help_text="M305")
    referanseAdministrativEnhet = Tekst("administrativ_enhet_system_id")
    saksbehandler = Tekst("saksbehandler", help_text="M307")
    referanseSaksbehandler = Tekst("saksbehandler_system_id")


KORRESPONDANSEPART = "arkivstruktur/korrespondansepart"

KorrespondansepartPersonSerializer = med_lenker(
    "KorrespondansepartPersonSerializer",
    _KorrespondansepartPersonFelter,
    "arkivstruktur/korrespondansepartperson",
)
KorrespondansepartEnhetSerializer = med_lenker(
    "KorrespondansepartEnhetSerializer",
    _KorrespondansepartEnhetFelter,
    "arkivstruktur/korrespondansepartenhet",
)
KorrespondansepartInternSerializer = med_lenker(
    "KorrespondansepartInternSerializer",
    _KorrespondansepartInternFelter,
    "arkivstruktur/korrespondansepartintern",
)
KorrespondansepartSerializer = med_lenker(
    "KorrespondansepartSerializer", _KorrespondansepartEnhetFelter, KORRESPONDANSEPART
)

KORRESPONDANSEPART_FELTER: Feltkart = {
    "systemID": Felt("system_id", Felttype.TEKST),
    "navn": Felt("korrespondansepart_navn", Felttype.TEKST),
    "organisasjonsnummer": Felt("enhetsidentifikator", Felttype.TEKST),
    "administrativEnhet": Felt("administrativ_enhet", Felttype.TEKST),
    "saksbehandler": Felt("saksbehandler", Felttype.TEKST),
    **kodefelter("korrespondanseparttype"),
    **ADRESSE_FELTER,
}


# --- avskrivning --------------------------------------------------------------------------------


class _AvskrivningFelter(Noark5Serializer):
    systemID = serializers.UUIDField(source="system_id", help_text="M001")
    avskrivningsdato = serializers.DateField(help_text="M617")
    avskrevetAv = Innloggingsnavn("avskrevet_av", help_text="M618")
    referanseAvskrevetAv = serializers.UUIDField(
        source="referanse_avskrevet_av.system_id", required=False
    )
    avskrivningsmaate = Kodeverdi("avskrivningsmaate", help_text="M619")
    referanseAvskrivesAvJournalpost = serializers.UUIDField(
        source="referanse_avskrives_av_journalpost.system_id", required=False, help_text="M215"
    )
    referanseAvskrivesAvKorrespondansepart = serializers.UUIDField(
        source="referanse_avskrives_av_korrespondansepart.system_id", required=False
    )


AvskrivningSerializer = med_lenker(
    "AvskrivningSerializer", _AvskrivningFelter, "sakarkiv/avskrivning"
)

AVSKRIVNING_FELTER: Feltkart = {
    "systemID": Felt("system_id", Felttype.TEKST),
    "avskrivningsdato": Felt("avskrivningsdato", Felttype.DATO),
    "avskrevetAv": Felt(innlogging("avskrevet_av"), Felttype.TEKST),
    "referanseAvskrivesAvJournalpost": Felt(
        "referanse_avskrives_av_journalpost__system_id", Felttype.TEKST
    ),
    **kodefelter("avskrivningsmaate"),
}


# --- dokumentflyt -------------------------------------------------------------------------------


class _DokumentflytFelter(Noark5Serializer):
    systemID = serializers.UUIDField(source="system_id", help_text="M001")
    flytTil = serializers.CharField(source="flyt_til", help_text="M660")
    referanseFlytTil = serializers.UUIDField(source="referanse_flyt_til.system_id", required=False)
    flytFra = serializers.CharField(source="flyt_fra", help_text="M665")
    referanseFlytFra = serializers.UUIDField(source="referanse_flyt_fra.system_id", required=False)
    flytSendtDato = serializers.DateTimeField(source="flyt_sendt_dato", help_text="M662")
    flytMottattDato = serializers.DateTimeField(
        source="flyt_mottatt_dato", required=False, help_text="M661"
    )
    flytStatus = Kodeverdi("flyt_status", help_text="M663")
    flytMerknad = serializers.CharField(source="flyt_merknad", required=False, help_text="M664")


DokumentflytSerializer = med_lenker(
    "DokumentflytSerializer", _DokumentflytFelter, "sakarkiv/dokumentflyt"
)

DOKUMENTFLYT_FELTER: Feltkart = {
    "systemID": Felt("system_id", Felttype.TEKST),
    "flytTil": Felt("flyt_til", Felttype.TEKST),
    "flytFra": Felt("flyt_fra", Felttype.TEKST),
    "flytSendtDato": Felt("flyt_sendt_dato", Felttype.DATOTID),
    "flytMottattDato": Felt("flyt_mottatt_dato", Felttype.DATOTID),
    "flytMerknad": Felt("flyt_merknad", Felttype.TEKST),
    "flytStatus/kode": Felt("flyt_status", Felttype.KODE),
    "flytStatus/kodenavn": Felt("flyt_status_kodenavn", Felttype.TEKST),
}


# --- presedens ----------------------------------------------------------------------------------


class _PresedensFelter(Noark5Serializer):
    systemID = serializers.UUIDField(source="system_id", help_text="M001")
    presedensDato = serializers.DateField(source="presedens_dato", help_text="M111")
    opprettetDato = serializers.DateTimeField(source="opprettet_dato", help_text="M600")
    opprettetAv = Innloggingsnavn("opprettet_av", help_text="M601")
    tittel = serializers.CharField(help_text="M020")
    beskrivelse = serializers.CharField(required=False, help_text="M021")
    presedensHjemmel = serializers.CharField(
        source="presedens_hjemmel", required=False, help_text="M311"
    )
    rettskildefaktor = serializers.CharField(help_text="M312")
    presedensGodkjentDato = serializers.DateField(
        source="presedens_godkjent_dato", required=False, help_text="M628"
    )
    presedensGodkjentAv = serializers.CharField(
        source="presedens_godkjent_av", required=False, help_text="M629"
    )
    avsluttetDato = serializers.DateTimeField(
        source="avsluttet_dato", required=False, help_text="M602"
    )
    avsluttetAv = Innloggingsnavn("avsluttet_av", required=False, help_text="M603")
    presedensStatus = Kodeverdi("presedens_status", help_text="M056")


PresedensSerializer = med_lenker("PresedensSerializer", _PresedensFelter, "sakarkiv/presedens")

PRESEDENS_FELTER: Feltkart = {
    "systemID": Felt("system_id", Felttype.TEKST),
    "presedensDato": Felt("presedens_dato", Felttype.DATO),
    "opprettetDato": Felt("opprettet_dato", Felttype.DATOTID),
    "opprettetAv": Felt(innlogging("opprettet_av"), Felttype.TEKST),
    "tittel": Felt("tittel", Felttype.TEKST),
    "beskrivelse": Felt("beskrivelse", Felttype.TEKST),
    "presedensHjemmel": Felt("presedens_hjemmel", Felttype.TEKST),
    "rettskildefaktor": Felt("rettskildefaktor", Felttype.TEKST),
    "avsluttetDato": Felt("avsluttet_dato", Felttype.DATOTID),
    "presedensStatus/kode": Felt("presedens_status", Felttype.KODE),
    "presedensStatus/kodenavn": Felt("presedens_status_kodenavn", Felttype.TEKST),
}
