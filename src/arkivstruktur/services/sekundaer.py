"""Part, Merknad, Kryssreferanse and Nasjonalidentifikator (model.md §4.2–4.5, §4.15, §6.8).

Each hangs on one owner. Parts, cross references and national identifiers are frozen with
their owner: a closed mappe, an archived registrering, a document whose registreringer are all
archived (model.md §6.3). A merknad is a remark about the handling or the archiving and may be
added at any time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models

from arkivstruktur.models import (
    Arkivdel,
    Dokumentbeskrivelse,
    Klasse,
    Kryssreferanse,
    Mappe,
    Merknad,
    Nasjonalidentifikator,
    Part,
    Registrering,
)
from arkivstruktur.models.sekundaer import Nasjonalidentifikatortype, Parttype
from arkivstruktur.services.dokumentbeskrivelse import er_frosset, krev_arbeid_med
from arkivstruktur.services.felles import endre_felter, koder, opprett, stemple_opprettet
from felles.feil import DomeneFeil, IkkeFunnet, IngenTilgang
from felles.tid import naa
from felles.validering import krev_heltall, krev_tekst, tekstliste, valgfri_tekst
from kodeliste.services import kodeverdi_for_bruk
from kodeliste.vsmverdier import VSM_FELT, vsm_verdier
from sporing.services import logg_endret, logg_slettet, logget
from tilgang.regler import er_systemadministrator, krev_tillatelse

Eier = Mappe | Registrering | Dokumentbeskrivelse
Kryssreferansepunkt = Klasse | Mappe | Registrering

# National identity numbers (model.md §4.2, §4.15)

_VEKTER_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_VEKTER_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_VEKTER_ORGNR = (3, 2, 7, 6, 5, 4, 3, 2)
FOEDSELSNUMMER = "foedselsnummer"
DNUMMER = "dnummer"
# Identifier subtypes that hold personal data: shown and logged masked.
PERSONLIGE_IDENTIFIKATORTYPER = frozenset({FOEDSELSNUMMER, DNUMMER})


def _mod11(sifre: list[int], vekter: tuple[int, ...]) -> int | None:
    """The mod-11 check digit; None where the remainder gives 10 (no valid number)."""
    rest = sum(siffer * vekt for siffer, vekt in zip(sifre, vekter, strict=True)) % 11
    kontroll = (11 - rest) % 11
    return None if kontroll == 10 else kontroll


def er_gyldig_organisasjonsnummer(verdi: str) -> bool:
    """Nine digits, the last a mod-11 check digit (Enhetsregisteret)."""
    if not re.fullmatch(r"[0-9]{9}", verdi):
        return False
    sifre = [int(tegn) for tegn in verdi]
    return _mod11(sifre[:8], _VEKTER_ORGNR) == sifre[8]


def personidentifikatortype(verdi: str) -> str | None:
    """`foedselsnummer`, `dnummer` (day + 40), or None when the number is not valid.

    Eleven digits: a real date (the century follows from the individual number), and two
    mod-11 check digits (Folkeregisteret).
    """
    if not re.fullmatch(r"[0-9]{11}", verdi):
        return None
    sifre = [int(tegn) for tegn in verdi]
    if _mod11(sifre[:9], _VEKTER_K1) != sifre[9] or _mod11(sifre[:10], _VEKTER_K2) != sifre[10]:
        return None
    dag, maaned, aar2, individ = int(verdi[0:2]), int(verdi[2:4]), int(verdi[4:6]), int(verdi[6:9])
    type_ = FOEDSELSNUMMER
    if dag > 40:
        dag -= 40
        type_ = DNUMMER
    aarhundre = _aarhundre(individ, aar2)
    if aarhundre is None:
        return None
    try:
        dt.date(aarhundre + aar2, maaned, dag)
    except ValueError:
        return None
    return type_


def _aarhundre(individ: int, aar2: int) -> int | None:
    if individ <= 499:
        return 1900
    if individ <= 749 and aar2 >= 54:
        return 1800
    if aar2 <= 39:
        return 2000
    if individ >= 900:
        return 1900
    return None


def _personidentifikator(verdi: Any, *, felt: str, krevd_type: str | None = None) -> str:
    tekst = _uten_mellomrom(krev_tekst(verdi, felt=felt, visningsnavn="Personidentifikator"))
    type_ = personidentifikatortype(tekst)
    if type_ is None:
        raise DomeneFeil("Fødselsnummeret eller D-nummeret er ikke gyldig.", felt=felt)
    if krevd_type == FOEDSELSNUMMER and type_ != FOEDSELSNUMMER:
        raise DomeneFeil("Nummeret er et D-nummer, ikke et fødselsnummer.", felt=felt)
    if krevd_type == DNUMMER and type_ != DNUMMER:
        raise DomeneFeil("Nummeret er et fødselsnummer, ikke et D-nummer.", felt=felt)
    return tekst


def _organisasjonsnummer(verdi: Any, *, felt: str) -> str:
    tekst = _uten_mellomrom(krev_tekst(verdi, felt=felt, visningsnavn="Organisasjonsnummer"))
    if not er_gyldig_organisasjonsnummer(tekst):
        raise DomeneFeil("Organisasjonsnummeret er ikke gyldig.", felt=felt)
    return tekst


def _uten_mellomrom(tekst: str) -> str:
    return re.sub(r"\s+", "", tekst)


# Part (model.md §4.2)


@logget
def part_opprett(
    *,
    mappe: Mappe | None = None,
    registrering: Registrering | None = None,
    dokumentbeskrivelse: Dokumentbeskrivelse | None = None,
    part_navn: str,
    part_rolle: str,
    parttype: str = Parttype.PERSON,
    part_id: str = "",
    personidentifikator: str = "",
    enhetsidentifikator: str = "",
    postadresse: list[str] | None = None,
    postnummer: str = "",
    poststed: str = "",
    land: str = "",
    epostadresse: str = "",
    telefonnummer: list[str] | None = None,
    kontaktperson: str = "",
    virksomhetsspesifikke_metadata: Mapping[str, Any] | None = None,
    utfoert_av: Any,
) -> Part:
    """A party on a mappe, registrering or dokumentbeskrivelse. partNavn (M302) and partRolle
    (M303) are [1..1] in the extract; a person may carry a fødselsnummer or D-nummer, an
    organisation an organisasjonsnummer, each checked by its check digits."""
    eier = _en_eier(mappe=mappe, registrering=registrering, dokumentbeskrivelse=dokumentbeskrivelse)
    _krev_arbeid(eier, utfoert_av)
    _krev_ikke_laast(eier)
    part = Part(
        **_eierfelt(eier),
        virksomhetsspesifikke_metadata=vsm_verdier(virksomhetsspesifikke_metadata),
    )
    part.parttype = _parttype(parttype)
    for felt, verdi in _partfelter(
        parttype=part.parttype,
        part_navn=part_navn,
        part_id=part_id,
        personidentifikator=personidentifikator,
        enhetsidentifikator=enhetsidentifikator,
        postadresse=postadresse,
        postnummer=postnummer,
        poststed=poststed,
        land=land,
        epostadresse=epostadresse,
        telefonnummer=telefonnummer,
        kontaktperson=kontaktperson,
    ).items():
        setattr(part, felt, verdi)
    if not part_rolle:
        raise DomeneFeil("Partrolle må fylles ut.", felt="part_rolle", kode="paakrevd")
    koder(part, {"part_rolle": (part_rolle, "Partrolle")})
    return opprett(part, utfoert_av=utfoert_av)  # type: ignore[no-any-return]


UENDRET: Any = object()
"""An argument left out of an update (where None has a meaning of its own)."""


@logget
def part_endre(
    *,
    part: Part,
    utfoert_av: Any,
    part_navn: str | None = None,
    part_rolle: str | None = None,
    part_id: str | None = None,
    personidentifikator: str | None = None,
    enhetsidentifikator: str | None = None,
    postadresse: list[str] | None = None,
    postnummer: str | None = None,
    poststed: str | None = None,
    land: str | None = None,
    epostadresse: str | None = None,
    telefonnummer: list[str] | None = None,
    kontaktperson: str | None = None,
    virksomhetsspesifikke_metadata: Any = UENDRET,
) -> Part:
    """Change a party; `None` leaves a field as it is (virksomhetsspesifikkeMetadata: None
    removes them, UENDRET leaves them). Same checks as when it was created."""
    eier = _eier_av(part)
    _krev_arbeid(eier, utfoert_av)
    _krev_ikke_laast(eier)

    def valgt(ny: Any, felt: str) -> Any:
        return getattr(part, felt) if ny is None else ny

    endringer: dict[str, Any] = _partfelter(
        parttype=part.parttype,
        part_navn=valgt(part_navn, "part_navn"),
        part_id=valgt(part_id, "part_id"),
        personidentifikator=valgt(personidentifikator, "personidentifikator"),
        enhetsidentifikator=valgt(enhetsidentifikator, "enhetsidentifikator"),
        postadresse=valgt(postadresse, "postadresse"),
        postnummer=valgt(postnummer, "postnummer"),
        poststed=valgt(poststed, "poststed"),
        land=valgt(land, "land"),
        epostadresse=valgt(epostadresse, "epostadresse"),
        telefonnummer=valgt(telefonnummer, "telefonnummer"),
        kontaktperson=valgt(kontaktperson, "kontaktperson"),
    )
    if part_rolle is not None:
        endringer["part_rolle"] = krev_tekst(
            part_rolle, felt="part_rolle", visningsnavn="Partrolle"
        )
    if virksomhetsspesifikke_metadata is not UENDRET:
        endringer[VSM_FELT] = virksomhetsspesifikke_metadata
    endre_felter(part, endringer, utfoert_av=utfoert_av)
    return part


@logget
def part_slett(*, part: Part, utfoert_av: Any) -> None:
    """Remove a party, unless its owner is frozen."""
    eier = _eier_av(part)
    _krev_arbeid(eier, utfoert_av)
    _krev_ikke_laast(eier)
    logg_slettet(part, utfoert_av=utfoert_av)
    part.delete()


def _parttype(verdi: str) -> str:
    if verdi not in Parttype.values:
        raise DomeneFeil("Parttypen må være person eller enhet.", felt="parttype")
    return verdi


def _partfelter(
    *,
    parttype: str,
    part_navn: Any,
    part_id: Any,
    personidentifikator: Any,
    enhetsidentifikator: Any,
    postadresse: Any,
    postnummer: Any,
    poststed: Any,
    land: Any,
    epostadresse: Any,
    telefonnummer: Any,
    kontaktperson: Any,
) -> dict[str, Any]:
    """Validated, normalised party fields (EnkelAdresse and Kontaktinformasjon, §4.3)."""
    felter: dict[str, Any] = {
        "part_navn": krev_tekst(part_navn, felt="part_navn", visningsnavn="Partnavn", maks=255),
        "part_id": valgfri_tekst(part_id, felt="part_id", visningsnavn="PartID", maks=100),
        "poststed": valgfri_tekst(poststed, felt="poststed", visningsnavn="Poststed", maks=100),
        "kontaktperson": valgfri_tekst(
            kontaktperson, felt="kontaktperson", visningsnavn="Kontaktperson", maks=255
        ),
        "postadresse": tekstliste(postadresse, felt="postadresse", visningsnavn="Postadresse"),
        "telefonnummer": tekstliste(
            telefonnummer, felt="telefonnummer", visningsnavn="Telefonnummer"
        ),
        "personidentifikator": "",
        "enhetsidentifikator": "",
    }
    if len(felter["postadresse"]) > 3:
        raise DomeneFeil("Postadressen kan ha høyst tre adresselinjer.", felt="postadresse")
    landkode = valgfri_tekst(land, felt="land", visningsnavn="Land").upper()
    if landkode:
        landkode = kodeverdi_for_bruk(
            kodeliste="land", kode=landkode, felt="land", visningsnavn="Land"
        ).kode
    felter["land"] = landkode
    postnr = _uten_mellomrom(
        valgfri_tekst(postnummer, felt="postnummer", visningsnavn="Postnummer")
    )
    if postnr and landkode in ("", "NO") and not re.fullmatch(r"[0-9]{4}", postnr):
        raise DomeneFeil("Et norsk postnummer har fire sifre.", felt="postnummer")
    if len(postnr) > 10:
        raise DomeneFeil("Postnummeret kan ikke være lengre enn 10 tegn.", felt="postnummer")
    felter["postnummer"] = postnr
    epost = valgfri_tekst(epostadresse, felt="epostadresse", visningsnavn="E-postadresse", maks=254)
    if epost:
        try:
            validate_email(epost)
        except ValidationError:
            raise DomeneFeil("E-postadressen er ikke gyldig.", felt="epostadresse") from None
    felter["epostadresse"] = epost
    personid = valgfri_tekst(
        personidentifikator, felt="personidentifikator", visningsnavn="Personidentifikator"
    )
    orgnr = valgfri_tekst(
        enhetsidentifikator, felt="enhetsidentifikator", visningsnavn="Organisasjonsnummer"
    )
    if parttype == Parttype.PERSON:
        if orgnr:
            raise DomeneFeil("En person har ikke organisasjonsnummer.", felt="enhetsidentifikator")
        if personid:
            felter["personidentifikator"] = _personidentifikator(
                personid, felt="personidentifikator"
            )
    else:
        if personid:
            raise DomeneFeil("En enhet har ikke fødselsnummer.", felt="personidentifikator")
        if orgnr:
            felter["enhetsidentifikator"] = _organisasjonsnummer(orgnr, felt="enhetsidentifikator")
    return felter


# Merknad (model.md §4.4)


@logget
def merknad_opprett(
    *,
    mappe: Mappe | None = None,
    registrering: Registrering | None = None,
    dokumentbeskrivelse: Dokumentbeskrivelse | None = None,
    merknadstekst: str,
    merknadstype: str = "",
    utfoert_av: Any,
) -> Merknad:
    """A remark. merknadsdato and merknadRegistrertAv (M611/M612) are set by the system. Also
    allowed after closing and archiving: a remark does not change the record."""
    eier = _en_eier(mappe=mappe, registrering=registrering, dokumentbeskrivelse=dokumentbeskrivelse)
    _krev_arbeid(eier, utfoert_av)
    merknad = Merknad(
        **_eierfelt(eier),
        merknadstekst=krev_tekst(merknadstekst, felt="merknadstekst", visningsnavn="Merknadstekst"),
        merknadsdato=naa(),
        merknad_registrert_av=utfoert_av.visningsnavn,
        referanse_merknad_registrert_av=utfoert_av,
    )
    koder(merknad, {"merknadstype": (merknadstype or None, "Merknadstype")})
    return opprett(merknad, utfoert_av=utfoert_av)  # type: ignore[no-any-return]


@logget
def merknad_endre(
    *,
    merknad: Merknad,
    utfoert_av: Any,
    merknadstekst: str | None = None,
    merknadstype: str | None = None,
) -> Merknad:
    """Correct a remark's text or type; `None` leaves a field as it is. merknadsdato and
    merknadRegistrertAv never change (model.md §4.4). Like adding one, also after closing."""
    eier = _eier_av(merknad)
    _krev_arbeid(eier, utfoert_av)
    endringer: dict[str, Any] = {}
    if merknadstekst is not None:
        endringer["merknadstekst"] = krev_tekst(
            merknadstekst, felt="merknadstekst", visningsnavn="Merknadstekst"
        )
    if merknadstype is not None:
        endringer["merknadstype"] = merknadstype
    endre_felter(merknad, endringer, utfoert_av=utfoert_av)
    return merknad


@logget
def merknad_slett(*, merknad: Merknad, utfoert_av: Any) -> None:
    """Remove a remark, unless its owner is frozen: a remark on a closed or archived unit
    belongs to the record."""
    eier = _eier_av(merknad)
    _krev_arbeid(eier, utfoert_av)
    _krev_ikke_laast(eier)
    logg_slettet(merknad, utfoert_av=utfoert_av)
    merknad.delete()


# Kryssreferanse (model.md §4.5)


@logget
def kryssreferanse_opprett(
    *, fra: Kryssreferansepunkt, til: Kryssreferansepunkt, utfoert_av: Any
) -> Kryssreferanse:
    """A one-way reference klasse → klasse, or mappe/registrering → mappe/registrering.

    No reference to itself, and no duplicate between the same two units (the API answers 400,
    before the database constraint would).
    """
    _krev_kryssreferanse_fra(fra, utfoert_av)
    _krev_gyldig_maal(fra, til, utfoert_av)
    _krev_ingen_duplikat(fra, til)
    kryssreferanse = Kryssreferanse(**_punktfelter("fra", fra), **_punktfelter("til", til))
    stemple_opprettet(kryssreferanse, utfoert_av=utfoert_av)
    return opprett(kryssreferanse, utfoert_av=utfoert_av)  # type: ignore[no-any-return]


@logget
def kryssreferanse_endre_maal(
    *, kryssreferanse: Kryssreferanse, til: Kryssreferansepunkt, utfoert_av: Any
) -> Kryssreferanse:
    """Point the reference at another unit. Only the target may change (model.md §4.5)."""
    fra = _kilde(kryssreferanse)
    _krev_kryssreferanse_fra(fra, utfoert_av)
    _krev_gyldig_maal(fra, til, utfoert_av)
    _krev_ingen_duplikat(fra, til, unntatt=kryssreferanse)
    endre_felter(kryssreferanse, _punktfelter("til", til), utfoert_av=utfoert_av)
    return kryssreferanse


@logget
def kryssreferanse_slett(*, kryssreferanse: Kryssreferanse, utfoert_av: Any) -> None:
    """Remove a reference, with the same rights and frozen rule as adding one from its
    source."""
    _krev_kryssreferanse_fra(_kilde(kryssreferanse), utfoert_av)
    logg_slettet(kryssreferanse, utfoert_av=utfoert_av)
    kryssreferanse.delete()


def _kilde(kryssreferanse: Kryssreferanse) -> Kryssreferansepunkt:
    kilde = kryssreferanse.fra_klasse or kryssreferanse.fra_mappe or kryssreferanse.fra_registrering
    assert kilde is not None  # noqa: S101 - the check constraint kryssref_en_kilde holds it
    return kilde


def _punkttype(punkt: Any) -> str:
    if isinstance(punkt, Klasse):
        return "klasse"
    if isinstance(punkt, Mappe):
        return "mappe"
    if isinstance(punkt, Registrering):
        return "registrering"
    raise DomeneFeil("En kryssreferanse går mellom klasser, mapper og registreringer.")


def _punktfelter(retning: str, punkt: Kryssreferansepunkt) -> dict[str, Any]:
    valgt = _punkttype(punkt)
    return {
        f"{retning}_{type_}": punkt if type_ == valgt else None
        for type_ in ("klasse", "mappe", "registrering")
    }


def _krev_kryssreferanse_fra(fra: Kryssreferansepunkt, utfoert_av: Any) -> None:
    if isinstance(fra, Klasse):
        _krev_forvalte_klasse(fra, utfoert_av)
        if fra.avsluttet_dato is not None:
            raise DomeneFeil("Klassen er avsluttet og kan ikke endres.", kode="laast")
        return
    _krev_arbeid(fra, utfoert_av)
    _krev_ikke_laast(fra)


def _krev_gyldig_maal(fra: Kryssreferansepunkt, til: Kryssreferansepunkt, utfoert_av: Any) -> None:
    fra_type, til_type = _punkttype(fra), _punkttype(til)
    if (fra_type == "klasse") != (til_type == "klasse"):
        raise DomeneFeil(
            "En klasse kan bare vise til en annen klasse, og en mappe eller "
            "registrering bare til en mappe eller registrering.",
            felt="til",
        )
    if fra_type == til_type and fra.pk == til.pk:
        raise DomeneFeil("En enhet kan ikke ha en kryssreferanse til seg selv.", felt="til")
    if til.pk is None:
        raise IkkeFunnet("Fant ikke målet for kryssreferansen.")
    if isinstance(til, Mappe | Registrering):
        # The target must be one the user may see: a reference must not reveal screened units.
        modell = Mappe if isinstance(til, Mappe) else Registrering
        if not modell.objects.synlig_for(utfoert_av).filter(pk=til.pk).exists():
            raise IkkeFunnet("Fant ikke målet for kryssreferansen.")
    elif not Klasse.objects.filter(pk=til.pk).exists():
        raise IkkeFunnet("Fant ikke målet for kryssreferansen.")


def _krev_ingen_duplikat(
    fra: Kryssreferansepunkt, til: Kryssreferansepunkt, *, unntatt: Kryssreferanse | None = None
) -> None:
    like = Kryssreferanse.objects.filter(**_punktfelter("fra", fra), **_punktfelter("til", til))
    if unntatt is not None:
        like = like.exclude(pk=unntatt.pk)
    if like.exists():
        raise DomeneFeil("Kryssreferansen finnes allerede.", felt="til", kode="duplikat")


def _krev_forvalte_klasse(klasse: Klasse, utfoert_av: Any) -> None:
    """A klasse belongs to a classification system that may serve several arkivdeler: the user
    must be allowed to administer every one of them."""
    arkivdeler = list(
        Arkivdel.objects.filter(
            models.Q(klassifikasjonssystem_id=klasse.klassifikasjonssystem_id)
            | models.Q(sekundaere_klassifikasjonssystemer=klasse.klassifikasjonssystem_id)
        )
        .select_related("arkiv")
        .distinct()
    )
    if not arkivdeler:
        if not er_systemadministrator(utfoert_av):
            raise IngenTilgang()
        return
    for arkivdel in arkivdeler:
        krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", arkivdel)


# Nasjonalidentifikator (model.md §4.15)


@logget
def nasjonalidentifikator_opprett(
    *,
    mappe: Mappe | None = None,
    registrering: Registrering | None = None,
    identifikatortype: str,
    verdier: Mapping[str, Any],
    utfoert_av: Any,
) -> Nasjonalidentifikator:
    """Link a mappe or registrering to a national register. The subtype's attributes are
    checked and stored normalised; decimals (coordinates) are kept as strings so no precision
    is lost in JSON."""
    eier = _en_eier(mappe=mappe, registrering=registrering)
    _krev_arbeid(eier, utfoert_av)
    _krev_ikke_laast(eier)
    validering = _NASJONALIDENTIFIKATOR.get(identifikatortype)
    if validering is None:
        raise DomeneFeil(
            f"«{identifikatortype}» er ikke en type nasjonal identifikator.",
            felt="identifikatortype",
        )
    if not isinstance(verdier, Mapping):
        raise DomeneFeil(
            "Verdiene må være et objekt med attributtene til identifikatoren.", felt="verdier"
        )
    identifikator = Nasjonalidentifikator(
        **_eierfelt(eier),
        identifikatortype=identifikatortype,
        verdier=validering(verdier),
    )
    return opprett(identifikator, utfoert_av=utfoert_av)  # type: ignore[no-any-return]


@logget
def nasjonalidentifikator_endre(
    *,
    identifikator: Nasjonalidentifikator,
    verdier: Mapping[str, Any],
    utfoert_av: Any,
) -> Nasjonalidentifikator:
    """Change a national identifier's attributes (its subtype stays). `verdier` holds the
    attributes to change; `None` removes an optional one. The result is checked as on
    creation. A fødselsnummer or D-nummer is logged masked (personopplysningsloven § 12)."""
    eier = _eier_av_identifikator(identifikator)
    _krev_arbeid(eier, utfoert_av)
    _krev_ikke_laast(eier)
    if not isinstance(verdier, Mapping):
        raise DomeneFeil(
            "Verdiene må være et objekt med attributtene til identifikatoren.", felt="verdier"
        )
    samlet = {**identifikator.verdier, **verdier}
    samlet = {navn: verdi for navn, verdi in samlet.items() if verdi is not None}
    # The stored code name of a position is derived from its code, not an attribute.
    samlet.pop("koordinatsystem_kodenavn", None)
    nye = _NASJONALIDENTIFIKATOR[identifikator.identifikatortype](samlet)
    gamle = identifikator.verdier
    if nye == gamle:
        return identifikator
    identifikator.verdier = nye
    identifikator.save(update_fields=["verdier"])
    personlig = identifikator.identifikatortype in PERSONLIGE_IDENTIFIKATORTYPER
    for navn in sorted(set(gamle) | set(nye)):
        if navn == "koordinatsystem_kodenavn" or gamle.get(navn) == nye.get(navn):
            continue
        tidligere, ny = gamle.get(navn), nye.get(navn)
        if personlig:
            tidligere, ny = _maskert(tidligere), _maskert(ny)
        logg_endret(identifikator, utfoert_av=utfoert_av, felt=navn, tidligere=tidligere, ny=ny)
    return identifikator


@logget
def nasjonalidentifikator_slett(*, identifikator: Nasjonalidentifikator, utfoert_av: Any) -> None:
    """Remove a national identifier, unless its owner is frozen."""
    eier = _eier_av_identifikator(identifikator)
    _krev_arbeid(eier, utfoert_av)
    _krev_ikke_laast(eier)
    logg_slettet(identifikator, utfoert_av=utfoert_av)
    identifikator.delete()


def _eier_av_identifikator(identifikator: Nasjonalidentifikator) -> Mappe | Registrering:
    eier = identifikator.mappe or identifikator.registrering
    assert eier is not None  # noqa: S101 - the check constraint nasjonalid_en_eier holds it
    return eier


def _maskert(verdi: Any) -> str | None:
    return "*****" if verdi else None


def _kun_kjente(verdier: Mapping[str, Any], *tillatte: str) -> None:
    ukjente = sorted(set(verdier) - set(tillatte))
    if ukjente:
        raise DomeneFeil(f"Ukjente attributter: {', '.join(ukjente)}.", felt="verdier")


def _heltall(verdier: Mapping[str, Any], felt: str, *, minst: int, paakrevd: bool) -> int | None:
    verdi = verdier.get(felt)
    if verdi is None:
        if paakrevd:
            raise DomeneFeil(f"{felt} må fylles ut.", felt=felt, kode="paakrevd")
        return None
    return krev_heltall(verdi, felt=felt, visningsnavn=felt, minst=minst)


def _desimal(verdier: Mapping[str, Any], felt: str, *, paakrevd: bool) -> str | None:
    verdi = verdier.get(felt)
    if verdi is None or verdi == "":
        if paakrevd:
            raise DomeneFeil(f"{felt} må fylles ut.", felt=felt, kode="paakrevd")
        return None
    if isinstance(verdi, bool) or not isinstance(verdi, int | float | Decimal | str):
        raise DomeneFeil(f"{felt} må være et desimaltall.", felt=felt)
    try:
        tall = Decimal(str(verdi).strip())
    except InvalidOperation:
        raise DomeneFeil(f"{felt} må være et desimaltall.", felt=felt) from None
    if not tall.is_finite():
        raise DomeneFeil(f"{felt} må være et endelig tall.", felt=felt)
    return str(tall)


def _sifre(verdier: Mapping[str, Any], felt: str, antall: int) -> str:
    verdi = verdier.get(felt)
    if not isinstance(verdi, str) or not re.fullmatch(rf"[0-9]{{{antall}}}", verdi):
        raise DomeneFeil(f"{felt} må være {antall} sifre.", felt=felt)
    return verdi


def _bygning(verdier: Mapping[str, Any]) -> dict[str, Any]:
    _kun_kjente(verdier, "bygningsnummer", "endringsloepenummer")
    resultat: dict[str, Any] = {
        "bygningsnummer": _heltall(verdier, "bygningsnummer", minst=1, paakrevd=True)
    }
    endring = _heltall(verdier, "endringsloepenummer", minst=0, paakrevd=False)
    if endring is not None:
        resultat["endringsloepenummer"] = endring
    return resultat


def _matrikkel(verdier: Mapping[str, Any]) -> dict[str, Any]:
    _kun_kjente(
        verdier, "kommunenummer", "gaardsnummer", "bruksnummer", "festenummer", "seksjonsnummer"
    )
    resultat: dict[str, Any] = {
        "kommunenummer": _sifre(verdier, "kommunenummer", 4),
        "gaardsnummer": _heltall(verdier, "gaardsnummer", minst=1, paakrevd=True),
        "bruksnummer": _heltall(verdier, "bruksnummer", minst=1, paakrevd=True),
    }
    for felt in ("festenummer", "seksjonsnummer"):
        verdi = _heltall(verdier, felt, minst=0, paakrevd=False)
        if verdi is not None:
            resultat[felt] = verdi
    return resultat


def _plan(verdier: Mapping[str, Any]) -> dict[str, Any]:
    _kun_kjente(verdier, "kommunenummer", "fylkesnummer", "landkode", "planidentifikasjon")
    oppgitt = [felt for felt in ("kommunenummer", "fylkesnummer", "landkode") if verdier.get(felt)]
    if len(oppgitt) != 1:
        # model.md §6.8: a plan belongs to exactly one level of government.
        raise DomeneFeil(
            "Oppgi nøyaktig én av kommunenummer, fylkesnummer og landkode.", felt="verdier"
        )
    resultat: dict[str, Any] = {}
    if oppgitt[0] == "kommunenummer":
        resultat["kommunenummer"] = _sifre(verdier, "kommunenummer", 4)
    elif oppgitt[0] == "fylkesnummer":
        resultat["fylkesnummer"] = _sifre(verdier, "fylkesnummer", 2)
    else:
        land = kodeverdi_for_bruk(
            kodeliste="land",
            kode=str(verdier["landkode"]).upper(),
            felt="landkode",
            visningsnavn="Landkode",
        )
        resultat["landkode"] = land.kode
    resultat["planidentifikasjon"] = krev_tekst(
        verdier.get("planidentifikasjon"),
        felt="planidentifikasjon",
        visningsnavn="Planidentifikasjon",
        maks=255,
    )
    return resultat


def _posisjon(verdier: Mapping[str, Any]) -> dict[str, Any]:
    _kun_kjente(verdier, "koordinatsystem", "x", "y", "z")
    kode = krev_tekst(
        verdier.get("koordinatsystem"), felt="koordinatsystem", visningsnavn="Koordinatsystem"
    )
    system = kodeverdi_for_bruk(
        kodeliste="koordinatsystem",
        kode=kode,
        felt="koordinatsystem",
        visningsnavn="Koordinatsystem",
    )
    resultat: dict[str, Any] = {
        "koordinatsystem": system.kode,
        "koordinatsystem_kodenavn": system.kodenavn,
        "x": _desimal(verdier, "x", paakrevd=True),
        "y": _desimal(verdier, "y", paakrevd=True),
    }
    z = _desimal(verdier, "z", paakrevd=False)
    if z is not None:
        resultat["z"] = z
    return resultat


def _enhetsidentifikator(verdier: Mapping[str, Any]) -> dict[str, Any]:
    _kun_kjente(verdier, "organisasjonsnummer")
    return {
        "organisasjonsnummer": _organisasjonsnummer(
            verdier.get("organisasjonsnummer"), felt="organisasjonsnummer"
        )
    }


def _foedselsnummer(verdier: Mapping[str, Any]) -> dict[str, Any]:
    _kun_kjente(verdier, "foedselsnummer")
    return {
        "foedselsnummer": _personidentifikator(
            verdier.get("foedselsnummer"), felt="foedselsnummer", krevd_type=FOEDSELSNUMMER
        )
    }


def _dnummer(verdier: Mapping[str, Any]) -> dict[str, Any]:
    _kun_kjente(verdier, "dNummer")
    return {
        "dNummer": _personidentifikator(verdier.get("dNummer"), felt="dNummer", krevd_type=DNUMMER)
    }


_NASJONALIDENTIFIKATOR: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    Nasjonalidentifikatortype.BYGNING: _bygning,
    Nasjonalidentifikatortype.MATRIKKEL: _matrikkel,
    Nasjonalidentifikatortype.PLAN: _plan,
    Nasjonalidentifikatortype.POSISJON: _posisjon,
    Nasjonalidentifikatortype.ENHETSIDENTIFIKATOR: _enhetsidentifikator,
    Nasjonalidentifikatortype.FOEDSELSNUMMER: _foedselsnummer,
    Nasjonalidentifikatortype.DNUMMER: _dnummer,
}


# Owners


def _en_eier(**eiere: Eier | None) -> Eier:
    valgt = [eier for eier in eiere.values() if eier is not None]
    if len(valgt) != 1:
        navn = ", ".join(eiere)
        raise DomeneFeil(f"Oppgi nøyaktig én av {navn}.", kode="eier")
    return valgt[0]


def _eierfelt(eier: Eier) -> dict[str, Eier]:
    if isinstance(eier, Mappe):
        return {"mappe": eier}
    if isinstance(eier, Registrering):
        return {"registrering": eier}
    return {"dokumentbeskrivelse": eier}


def _eier_av(objekt: Part | Merknad) -> Eier:
    eier = objekt.mappe or objekt.registrering or objekt.dokumentbeskrivelse
    assert eier is not None  # noqa: S101 - the check constraint *_har_en_eier holds it
    return eier


def _krev_arbeid(eier: Eier, utfoert_av: Any) -> None:
    if isinstance(eier, Dokumentbeskrivelse):
        krev_arbeid_med(eier, utfoert_av)
    else:
        krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", eier)


def _krev_ikke_laast(eier: Eier) -> None:
    """A closed mappe, an archived registrering, a document whose registreringer are all
    archived: frozen (model.md §6.3). Read from the database, not from the caller's copy."""
    if isinstance(eier, Mappe):
        if Mappe.objects.filter(pk=eier.pk, avsluttet_dato__isnull=False).exists():
            raise DomeneFeil("Mappen er avsluttet og kan ikke endres.", kode="laast")
    elif isinstance(eier, Registrering):
        if Registrering.objects.filter(pk=eier.pk, arkivert_dato__isnull=False).exists():
            raise DomeneFeil("Registreringen er arkivert og kan ikke endres.", kode="laast")
    elif er_frosset(eier):
        raise DomeneFeil("Dokumentet er arkivert og kan ikke endres.", kode="laast")
