"""Part, Merknad, Kryssreferanse and the national identifiers in the standard's shape
(rest-api.md §3.1, §12.1; model.md §4.2–4.5, §4.15).

What the reader may see follows the owner's screening, as in the UI (tilgang.skjerming): one
instance in full to everyone `synlig_for` lets through, masked by the owner's
skjermingMetadata otherwise (NPS party names, MT remark texts); a row of a list as the public
sees it. A masked name is `*****`, and the address, contact details and identity numbers that
would name the party just the same are left out.

Fødselsnummer and D-nummer (personopplysningsloven § 12: only where secure identification is
needed) are shown only in one instance read by someone who may work on the owner
(`arkivstruktur.arbeide`); to other readers, and in every list row, they are `*****`.

The party's address and contact details are the API's EnkelAdresse and Kontaktinformasjon
objects over the flat extract columns (model.md §4.3): adresselinje1–3 are the postadresse
lines, `telefon` and `mobiltelefon` the first two telefonnummer.
"""

from __future__ import annotations

from typing import Any

import rules
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers  # type: ignore[import-untyped]

from noark_api.innloggingsnavn import Innloggingsnavn, innlogging
from noark_api.odata import Felt, Feltkart, Felttype, vsm_felter
from noark_api.serialisering.arkivstruktur import ARKIVENHET_FELTER, ArkivenhetFelter, kodefelter
from noark_api.serialisering.felles import (
    KodeSerializer,
    Kodeverdi,
    Noark5Serializer,
    VirksomhetsspesifikkeMetadata,
    med_lenker,
)
from tilgang.skjerming import SKJULT, Visning, offentlig_visning, skjermet_visning

# Serializer context flag set by the list views (views/entitet.py): the instance is a row.
LISTEVISNING = "listevisning"

# --- the owner's screening, once per instance ------------------------------------------------


def eier_av(instans: Any) -> Any:
    """The mappe, registrering or dokumentbeskrivelse a sub-object hangs on."""
    return (
        getattr(instans, "mappe", None)
        or getattr(instans, "registrering", None)
        or getattr(instans, "dokumentbeskrivelse", None)
    )


class SkjermetSerializer(Noark5Serializer):
    """Works out, once per instance, how the owner's screening applies to this reader."""

    def eier(self, instans: Any) -> Any:
        return eier_av(instans)

    def to_representation(self, instans: Any) -> dict[str, Any]:
        request = self.context.get("request")
        bruker = getattr(request, "user", None)
        eier = self.eier(instans)
        liste = bool(self.context.get(LISTEVISNING))
        self.visning: Visning = offentlig_visning(eier) if liste else skjermet_visning(eier, bruker)
        # Identity numbers: one instance, not masked, to those who may work on the owner.
        self.vis_personnummer = (
            not liste
            and not self.visning.er_maskert
            and bool(rules.has_perm("arkivstruktur.arbeide", bruker, eier))
        )
        return super().to_representation(instans)


def _serializer(felt: serializers.Field) -> Any:
    return felt.parent


@extend_schema_field(OpenApiTypes.STR)
class MaskertNavn(serializers.Field):  # type: ignore[misc]
    """A party's name, `*****` where the owner's screening hides it (NPS, NA, NM, M)."""

    def __init__(self, felt: str, **kwargs: Any) -> None:
        self.felt = felt
        super().__init__(source="*", **kwargs)

    def to_representation(self, instans: Any) -> str:
        navn = str(getattr(instans, self.felt))
        visning: Visning = _serializer(self).visning
        type_ = getattr(instans, "korrespondanseparttype", None)
        if type_ is not None:
            return visning.korrespondansepart_navn(type_, navn)
        return visning.part_navn(navn)


def navn_er_skjult(serializer: Any, instans: Any) -> bool:
    visning: Visning = serializer.visning
    type_ = getattr(instans, "korrespondanseparttype", None)
    if type_ is not None:
        return visning.korrespondansepart_navn(type_, "x") == SKJULT
    return visning.skjul_partnavn


class Identifiserende(serializers.Field):  # type: ignore[misc]
    """An attribute that names the party as well as its name does: left out where the name
    is masked."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(source="*", **kwargs)

    def verdi(self, instans: Any) -> Any:
        raise NotImplementedError

    def to_representation(self, instans: Any) -> Any:
        if navn_er_skjult(_serializer(self), instans):
            return None
        return self.verdi(instans)


@extend_schema_field(OpenApiTypes.STR)
class Tekst(Identifiserende):
    def __init__(self, felt: str, **kwargs: Any) -> None:
        self.felt = felt
        super().__init__(**kwargs)

    def verdi(self, instans: Any) -> Any:
        return getattr(instans, self.felt) or None


@extend_schema_field(OpenApiTypes.STR)
class Personnummer(Identifiserende):
    """`foedselsnummer` or `dNummer` of a person party: the one its number is."""

    def __init__(self, type_: str, **kwargs: Any) -> None:
        self.type_ = type_
        super().__init__(**kwargs)

    def verdi(self, instans: Any) -> Any:
        from arkivstruktur.services.sekundaer import personidentifikatortype

        nummer = instans.personidentifikator
        if not nummer or personidentifikatortype(nummer) != self.type_:
            return None
        return nummer if _serializer(self).vis_personnummer else SKJULT


class EnkelAdresseSerializer(serializers.Serializer):  # type: ignore[misc]
    adresselinje1 = serializers.CharField(required=False)
    adresselinje2 = serializers.CharField(required=False)
    adresselinje3 = serializers.CharField(required=False)
    postnr = serializers.CharField(required=False)
    poststed = serializers.CharField(required=False)
    landkode = serializers.CharField(required=False)


class KontaktinformasjonSerializer(serializers.Serializer):  # type: ignore[misc]
    epostadresse = serializers.CharField(required=False)
    telefon = serializers.CharField(required=False)
    mobiltelefon = serializers.CharField(required=False)


def enkel_adresse(instans: Any) -> dict[str, str] | None:
    linjer = list(instans.postadresse or [])
    adresse = {
        **{f"adresselinje{nr}": linje for nr, linje in enumerate(linjer[:3], start=1)},
        "postnr": instans.postnummer,
        "poststed": instans.poststed,
        "landkode": instans.land,
    }
    adresse = {navn: verdi for navn, verdi in adresse.items() if verdi}
    return adresse or None


def kontaktinformasjon(instans: Any) -> dict[str, str] | None:
    telefoner = list(instans.telefonnummer or [])
    kontakt = {
        "epostadresse": instans.epostadresse,
        "telefon": telefoner[0] if telefoner else "",
        "mobiltelefon": telefoner[1] if len(telefoner) > 1 else "",
    }
    kontakt = {navn: verdi for navn, verdi in kontakt.items() if verdi}
    return kontakt or None


@extend_schema_field(EnkelAdresseSerializer)
class Postadresse(Identifiserende):
    def verdi(self, instans: Any) -> Any:
        return enkel_adresse(instans)


@extend_schema_field(KontaktinformasjonSerializer)
class Kontaktinformasjon(Identifiserende):
    def verdi(self, instans: Any) -> Any:
        return kontaktinformasjon(instans)


ADRESSE_FELTER: Feltkart = {
    "postadresse/postnr": Felt("postnummer", Felttype.TEKST),
    "postadresse/poststed": Felt("poststed", Felttype.TEKST),
    "postadresse/landkode": Felt("land", Felttype.TEKST),
    "kontaktinformasjon/epostadresse": Felt("epostadresse", Felttype.TEKST),
    "kontaktperson": Felt("kontaktperson", Felttype.TEKST),
}


# --- part ---------------------------------------------------------------------------------------


class _PartFelter(SkjermetSerializer):
    systemID = serializers.UUIDField(source="system_id", help_text="M001")
    partRolle = Kodeverdi("part_rolle", help_text="M303")
    navn = MaskertNavn("part_navn", help_text="M302 partNavn")
    postadresse = Postadresse(help_text="EnkelAdresse (M406–M409)")
    kontaktinformasjon = Kontaktinformasjon(help_text="Kontaktinformasjon (M410, M411)")
    virksomhetsspesifikkeMetadata = VirksomhetsspesifikkeMetadata(
        source="virksomhetsspesifikke_metadata", required=False, help_text="M711"
    )


class _PartPersonFelter(_PartFelter):
    foedselsnummer = Personnummer("foedselsnummer")
    dNummer = Personnummer("dnummer")


class _PartEnhetFelter(_PartFelter):
    organisasjonsnummer = Tekst("enhetsidentifikator")
    kontaktperson = Tekst("kontaktperson", help_text="M412")


PartPersonSerializer = med_lenker(
    "PartPersonSerializer", _PartPersonFelter, "arkivstruktur/partperson"
)
PartEnhetSerializer = med_lenker("PartEnhetSerializer", _PartEnhetFelter, "arkivstruktur/partenhet")
PartSerializer = med_lenker("PartSerializer", _PartEnhetFelter, "arkivstruktur/part")

PART_FELTER: Feltkart = {
    "systemID": Felt("system_id", Felttype.TEKST),
    "navn": Felt("part_navn", Felttype.TEKST),
    "organisasjonsnummer": Felt("enhetsidentifikator", Felttype.TEKST),
    "partRolle/kode": Felt("part_rolle", Felttype.KODE),
    "partRolle/kodenavn": Felt("part_rolle_kodenavn", Felttype.TEKST),
    **ADRESSE_FELTER,
    **vsm_felter("virksomhetsspesifikke_metadata"),
}


# --- merknad ------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class Merknadstekst(serializers.Field):  # type: ignore[misc]
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", **kwargs)

    def to_representation(self, instans: Any) -> str:
        visning: Visning = _serializer(self).visning
        return visning.merknadstekst(instans.merknadstekst)


class _MerknadFelter(SkjermetSerializer):
    systemID = serializers.UUIDField(source="system_id", help_text="M001")
    merknadstekst = Merknadstekst(help_text="M310")
    merknadstype = Kodeverdi("merknadstype", help_text="M084")
    merknadsdato = serializers.DateTimeField(help_text="M611")
    merknadRegistrertAv = Innloggingsnavn("merknad_registrert_av", help_text="M612")
    referanseMerknadRegistrertAv = serializers.UUIDField(
        source="referanse_merknad_registrert_av.system_id", required=False
    )


MerknadSerializer = med_lenker("MerknadSerializer", _MerknadFelter, "arkivstruktur/merknad")

MERKNAD_FELTER: Feltkart = {
    "systemID": Felt("system_id", Felttype.TEKST),
    "merknadstekst": Felt("merknadstekst", Felttype.TEKST),
    "merknadsdato": Felt("merknadsdato", Felttype.DATOTID),
    "merknadRegistrertAv": Felt(innlogging("merknad_registrert_av"), Felttype.TEKST),
    **kodefelter("merknadstype"),
}


# --- kryssreferanse -----------------------------------------------------------------------------


class _KryssreferanseFelter(ArkivenhetFelter):
    referanseTilKlasse = serializers.UUIDField(
        source="til_klasse.system_id", required=False, help_text="M219"
    )
    referanseTilMappe = serializers.UUIDField(
        source="til_mappe.system_id", required=False, help_text="M210"
    )
    referanseTilRegistrering = serializers.UUIDField(
        source="til_registrering.system_id", required=False, help_text="M212"
    )


KryssreferanseSerializer = med_lenker(
    "KryssreferanseSerializer", _KryssreferanseFelter, "arkivstruktur/kryssreferanse"
)

KRYSSREFERANSE_FELTER: Feltkart = {
    **ARKIVENHET_FELTER,
    "referanseTilKlasse": Felt("til_klasse__system_id", Felttype.TEKST),
    "referanseTilMappe": Felt("til_mappe__system_id", Felttype.TEKST),
    "referanseTilRegistrering": Felt("til_registrering__system_id", Felttype.TEKST),
}


# --- nasjonalidentifikator ----------------------------------------------------------------------


class Verdi(serializers.Field):  # type: ignore[misc]
    """One attribute of a national identifier, read from its stored `verdier`."""

    def __init__(self, navn: str, **kwargs: Any) -> None:
        self.navn = navn
        kwargs.setdefault("required", False)
        super().__init__(source="*", **kwargs)

    def to_representation(self, instans: Any) -> Any:
        return instans.verdier.get(self.navn)


@extend_schema_field(OpenApiTypes.INT)
class Heltallsverdi(Verdi):
    pass


@extend_schema_field(OpenApiTypes.STR)
class Tekstverdi(Verdi):
    pass


@extend_schema_field(OpenApiTypes.NUMBER)
class Desimalverdi(Verdi):
    """Stored as text so no precision is lost; shown as a JSON number."""

    def to_representation(self, instans: Any) -> Any:
        verdi = instans.verdier.get(self.navn)
        if verdi is None:
            return None
        tall = float(verdi)
        return int(tall) if tall.is_integer() and "." not in str(verdi) else tall


@extend_schema_field(OpenApiTypes.STR)
class Personverdi(Verdi):
    """A fødselsnummer or D-nummer: `*****` to readers who may not see it."""

    def to_representation(self, instans: Any) -> Any:
        verdi = instans.verdier.get(self.navn)
        if verdi is None:
            return None
        return verdi if _serializer(self).vis_personnummer else SKJULT


@extend_schema_field(KodeSerializer)
class Kodeverdiverdi(serializers.Field):  # type: ignore[misc]
    """A code attribute of an identifier: `{"kode", "kodenavn"}` from `verdier`."""

    def __init__(self, navn: str, kodeliste: str, **kwargs: Any) -> None:
        self.navn, self.kodeliste = navn, kodeliste
        kwargs.setdefault("required", False)
        super().__init__(source="*", **kwargs)

    def to_representation(self, instans: Any) -> Any:
        from kodeliste.services import kodenavn

        kode = instans.verdier.get(self.navn)
        if not kode:
            return None
        navn = instans.verdier.get(f"{self.navn}_kodenavn") or kodenavn(self.kodeliste, kode)
        return {"kode": kode, "kodenavn": navn} if navn else {"kode": kode}


class _IdentifikatorFelter(SkjermetSerializer):
    systemID = serializers.UUIDField(source="system_id", help_text="M001")


class _BygningFelter(_IdentifikatorFelter):
    bygningsnummer = Heltallsverdi("bygningsnummer")
    endringsloepenummer = Heltallsverdi("endringsloepenummer")


class _MatrikkelFelter(_IdentifikatorFelter):
    kommunenummer = Tekstverdi("kommunenummer")
    gaardsnummer = Heltallsverdi("gaardsnummer")
    bruksnummer = Heltallsverdi("bruksnummer")
    festenummer = Heltallsverdi("festenummer")
    seksjonsnummer = Heltallsverdi("seksjonsnummer")


class _PlanFelter(_IdentifikatorFelter):
    kommunenummer = Tekstverdi("kommunenummer")
    fylkesnummer = Tekstverdi("fylkesnummer")
    landkode = Kodeverdiverdi("landkode", "land")
    planidentifikasjon = Tekstverdi("planidentifikasjon")


class _PosisjonFelter(_IdentifikatorFelter):
    koordinatsystem = Kodeverdiverdi("koordinatsystem", "koordinatsystem")
    x = Desimalverdi("x")
    y = Desimalverdi("y")
    z = Desimalverdi("z")


class _EnhetsidentifikatorFelter(_IdentifikatorFelter):
    organisasjonsnummer = Tekstverdi("organisasjonsnummer")


class _FoedselsnummerFelter(_IdentifikatorFelter):
    foedselsnummer = Personverdi("foedselsnummer")


class _DNummerFelter(_IdentifikatorFelter):
    dNummer = Personverdi("dNummer")


IDENTIFIKATORSERIALIZERE: dict[str, type[Any]] = {
    navn: med_lenker(f"{klasse}Serializer", grunn, f"arkivstruktur/{navn}")
    for navn, klasse, grunn in (
        ("bygning", "Bygning", _BygningFelter),
        ("matrikkel", "Matrikkel", _MatrikkelFelter),
        ("plan", "Plan", _PlanFelter),
        ("posisjon", "Posisjon", _PosisjonFelter),
        ("enhetsidentifikator", "Enhetsidentifikator", _EnhetsidentifikatorFelter),
        ("foedselsnummer", "Foedselsnummer", _FoedselsnummerFelter),
        ("dnummer", "DNummer", _DNummerFelter),
    )
}
NasjonalidentifikatorSerializer = med_lenker(
    "NasjonalidentifikatorSerializer", _IdentifikatorFelter, "arkivstruktur/nasjonalidentifikator"
)


def _verdifelt(navn: str, type_: Felttype) -> Felt:
    return Felt(f"verdier__{navn}", type_)


# Personal identity numbers are not searchable here: a reader who may not see them must not
# be able to test a guess through a filter.
IDENTIFIKATOR_FELTER: dict[str, Feltkart] = {
    "bygning": {
        "bygningsnummer": _verdifelt("bygningsnummer", Felttype.HELTALL),
        "endringsloepenummer": _verdifelt("endringsloepenummer", Felttype.HELTALL),
    },
    "matrikkel": {
        "kommunenummer": _verdifelt("kommunenummer", Felttype.TEKST),
        "gaardsnummer": _verdifelt("gaardsnummer", Felttype.HELTALL),
        "bruksnummer": _verdifelt("bruksnummer", Felttype.HELTALL),
        "festenummer": _verdifelt("festenummer", Felttype.HELTALL),
        "seksjonsnummer": _verdifelt("seksjonsnummer", Felttype.HELTALL),
    },
    "plan": {
        "kommunenummer": _verdifelt("kommunenummer", Felttype.TEKST),
        "fylkesnummer": _verdifelt("fylkesnummer", Felttype.TEKST),
        "landkode/kode": _verdifelt("landkode", Felttype.KODE),
        "planidentifikasjon": _verdifelt("planidentifikasjon", Felttype.TEKST),
    },
    "posisjon": {
        "koordinatsystem/kode": _verdifelt("koordinatsystem", Felttype.KODE),
    },
    "enhetsidentifikator": {
        "organisasjonsnummer": _verdifelt("organisasjonsnummer", Felttype.TEKST),
    },
    "foedselsnummer": {},
    "dnummer": {},
}
IDENTIFIKATOR_FELTER = {
    navn: {"systemID": Felt("system_id", Felttype.TEKST), **kart}
    for navn, kart in IDENTIFIKATOR_FELTER.items()
}
NASJONALIDENTIFIKATOR_FELTER: Feltkart = {
    "systemID": Felt("system_id", Felttype.TEKST),
    "organisasjonsnummer": _verdifelt("organisasjonsnummer", Felttype.TEKST),
    "kommunenummer": _verdifelt("kommunenummer", Felttype.TEKST),
    "bygningsnummer": _verdifelt("bygningsnummer", Felttype.HELTALL),
    "gaardsnummer": _verdifelt("gaardsnummer", Felttype.HELTALL),
    "bruksnummer": _verdifelt("bruksnummer", Felttype.HELTALL),
    "planidentifikasjon": _verdifelt("planidentifikasjon", Felttype.TEKST),
    "koordinatsystem/kode": _verdifelt("koordinatsystem", Felttype.KODE),
}
