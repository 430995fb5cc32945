"""Korrespondansepart (model.md §4.1): input shape, validation and creation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from arkivstruktur.models import Registrering
from arkivstruktur.services.felles import endre_felter, opprett
from arkivstruktur.services.sekundaer import er_gyldig_organisasjonsnummer, personidentifikatortype
from felles.feil import DomeneFeil
from felles.validering import krev_tekst, valgfri_tekst
from kodeliste.services import kodeverdi_for_bruk
from organisasjon.models import AdministrativEnhet
from sakarkiv.models import Avskrivning, Korrespondansepart, Korrespondanseparttype
from sporing.services import logg_opprettet, logg_slettet, logget
from tilgang.regler import krev_tillatelse

INTERNE_TYPER = frozenset({"IA", "IM", "IK"})


@dataclass(frozen=True)
class NyKorrespondansepart:
    """What a caller gives for one sender or recipient."""

    korrespondanseparttype: str
    navn: str = ""
    subtype: str = Korrespondanseparttype.PERSON
    postadresse: Sequence[str] = ()
    postnummer: str = ""
    poststed: str = ""
    land: str = ""
    epostadresse: str = ""
    telefonnummer: Sequence[str] = ()
    kontaktperson: str = ""
    personidentifikator: str = ""
    enhetsidentifikator: str = ""
    administrativ_enhet: AdministrativEnhet | None = None
    saksbehandler: Any = None
    virksomhetsspesifikke_metadata: dict[str, Any] | None = field(default=None)


def bygg_korrespondansepart(
    registrering: Registrering, data: NyKorrespondansepart, nr: int
) -> Korrespondansepart:
    """Validate one party and build the (unsaved) row. `nr` names it in error messages."""
    felt = f"korrespondanseparter[{nr}]"
    if data.subtype not in Korrespondanseparttype.values:
        raise DomeneFeil(f"Ukjent type korrespondansepart «{data.subtype}».", felt=felt)
    type_ = kodeverdi_for_bruk(
        kodeliste="korrespondanseparttype",
        kode=data.korrespondanseparttype,
        felt=f"{felt}.korrespondanseparttype",
        visningsnavn="korrespondanseparttype",
    )
    intern = data.subtype == Korrespondanseparttype.INTERN
    navn = data.navn
    if intern:
        if data.administrativ_enhet is None and data.saksbehandler is None:
            raise DomeneFeil(
                "En intern korrespondansepart må ha enhet eller saksbehandler.", felt=felt
            )
        # The extract requires korrespondansepartNavn: use the person's or the unit's name.
        if not navn:
            navn = (
                data.saksbehandler.visningsnavn
                if data.saksbehandler
                else getattr(data.administrativ_enhet, "administrativ_enhet_navn", "")
            )
    navn = krev_tekst(
        navn, felt=f"{felt}.navn", visningsnavn="Navn på korrespondansepart", maks=255
    )
    return Korrespondansepart(
        registrering=registrering,
        korrespondansepartsubtype=data.subtype,
        korrespondanseparttype=type_.kode,
        korrespondanseparttype_kodenavn=type_.kodenavn,
        korrespondansepart_navn=navn,
        postadresse=[
            krev_tekst(linje, felt=f"{felt}.postadresse", visningsnavn="Adresselinje")
            for linje in data.postadresse
        ],
        postnummer=valgfri_tekst(
            data.postnummer, felt=f"{felt}.postnummer", visningsnavn="Postnummer", maks=10
        ),
        poststed=valgfri_tekst(
            data.poststed, felt=f"{felt}.poststed", visningsnavn="Poststed", maks=100
        ),
        land=valgfri_tekst(data.land, felt=f"{felt}.land", visningsnavn="Land", maks=2).upper(),
        epostadresse=_epost(data.epostadresse, felt=f"{felt}.epostadresse"),
        telefonnummer=list(data.telefonnummer),
        kontaktperson=valgfri_tekst(
            data.kontaktperson, felt=f"{felt}.kontaktperson", visningsnavn="Kontaktperson"
        ),
        personidentifikator=data.personidentifikator,
        enhetsidentifikator=data.enhetsidentifikator,
        administrativ_enhet=data.administrativ_enhet.administrativ_enhet_navn
        if data.administrativ_enhet
        else "",
        referanse_administrativ_enhet=data.administrativ_enhet,
        saksbehandler=data.saksbehandler.visningsnavn if data.saksbehandler else "",
        referanse_saksbehandler=data.saksbehandler,
        virksomhetsspesifikke_metadata=data.virksomhetsspesifikke_metadata,
    )


def _epost(verdi: str, *, felt: str) -> str:
    tekst = valgfri_tekst(verdi, felt=felt, visningsnavn="E-postadresse", maks=254)
    if tekst and ("@" not in tekst or tekst.startswith("@") or tekst.endswith("@")):
        raise DomeneFeil(f"«{tekst}» er ikke en gyldig e-postadresse.", felt=felt)
    return tekst


def korrespondanseparter_opprett(
    registrering: Registrering, parter: Sequence[NyKorrespondansepart], *, utfoert_av: Any
) -> list[Korrespondansepart]:
    """Insert the parties in one statement and log each (caller holds the logged transaction)."""
    rader = [bygg_korrespondansepart(registrering, data, nr) for nr, data in enumerate(parter)]
    Korrespondansepart.objects.bulk_create(rader)
    for rad in rader:
        logg_opprettet(rad, utfoert_av=utfoert_av)
    return rader


# One party at a time, as the Noark API creates, changes and deletes them (model.md §4.1).

_PERSON_OG_ENHET = (Korrespondanseparttype.PERSON, Korrespondanseparttype.ENHET)


@logget
def korrespondansepart_opprett(
    *, registrering: Registrering, data: NyKorrespondansepart, utfoert_av: Any
) -> Korrespondansepart:
    """Add one sender or recipient to a registrering that is not archived. A person may
    carry a fødselsnummer or D-nummer and an organisation an organisasjonsnummer, each
    checked by its check digits; an internal party names a unit or a case handler."""
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", registrering)
    _krev_ikke_arkivert(registrering)
    part = bygg_korrespondansepart(registrering, data, 0)
    _krev_gyldige_identifikatorer(part)
    return opprett(part, utfoert_av=utfoert_av)  # type: ignore[no-any-return]


@logget
def korrespondansepart_endre(
    *, korrespondansepart: Korrespondansepart, utfoert_av: Any, **endringer: Any
) -> Korrespondansepart:
    """Change a party; absent arguments leave a field as it is (the `NyKorrespondansepart`
    names, without `subtype`: a person stays a person). Same checks as when it was added;
    a changed personidentifikator is logged masked."""
    registrering = korrespondansepart.registrering
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", registrering)
    _krev_ikke_arkivert(registrering)
    ukjente = sorted(set(endringer) - _ENDRBARE)
    if ukjente:
        raise DomeneFeil(f"Kan ikke endre {', '.join(ukjente)}.", felt=ukjente[0])
    naavaerende = _som_ny(korrespondansepart)
    ny = bygg_korrespondansepart(registrering, replace(naavaerende, **endringer), 0)
    _krev_gyldige_identifikatorer(ny)
    endre_felter(
        korrespondansepart,
        {felt: getattr(ny, felt) for felt in _LAGREDE_FELTER},
        utfoert_av=utfoert_av,
    )
    return korrespondansepart


@logget
def korrespondansepart_slett(*, korrespondansepart: Korrespondansepart, utfoert_av: Any) -> None:
    """Remove a party from a registrering that is not archived."""
    registrering = korrespondansepart.registrering
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", registrering)
    _krev_ikke_arkivert(registrering)
    if Avskrivning.objects.filter(
        referanse_avskrives_av_korrespondansepart=korrespondansepart
    ).exists():
        raise DomeneFeil(
            "En avskrivning viser til korrespondanseparten; fjern avskrivningen først.",
            felt="korrespondansepart",
        )
    logg_slettet(korrespondansepart, utfoert_av=utfoert_av)
    korrespondansepart.delete()


_ENDRBARE = frozenset(
    {
        "korrespondanseparttype",
        "navn",
        "postadresse",
        "postnummer",
        "poststed",
        "land",
        "epostadresse",
        "telefonnummer",
        "kontaktperson",
        "personidentifikator",
        "enhetsidentifikator",
        "administrativ_enhet",
        "saksbehandler",
    }
)
_LAGREDE_FELTER = (
    "korrespondanseparttype",
    "korrespondansepart_navn",
    "postadresse",
    "postnummer",
    "poststed",
    "land",
    "epostadresse",
    "telefonnummer",
    "kontaktperson",
    "personidentifikator",
    "enhetsidentifikator",
    "administrativ_enhet",
    "referanse_administrativ_enhet",
    "saksbehandler",
    "referanse_saksbehandler",
)


def _som_ny(part: Korrespondansepart) -> NyKorrespondansepart:
    return NyKorrespondansepart(
        korrespondanseparttype=part.korrespondanseparttype,
        navn=part.korrespondansepart_navn,
        subtype=part.korrespondansepartsubtype,
        postadresse=tuple(part.postadresse or ()),
        postnummer=part.postnummer,
        poststed=part.poststed,
        land=part.land,
        epostadresse=part.epostadresse,
        telefonnummer=tuple(part.telefonnummer or ()),
        kontaktperson=part.kontaktperson,
        personidentifikator=part.personidentifikator,
        enhetsidentifikator=part.enhetsidentifikator,
        administrativ_enhet=part.referanse_administrativ_enhet,
        saksbehandler=part.referanse_saksbehandler,
        virksomhetsspesifikke_metadata=part.virksomhetsspesifikke_metadata,
    )


def _krev_ikke_arkivert(registrering: Registrering) -> None:
    """Read from the database, not from the caller's copy (model.md §6.3)."""
    if Registrering.objects.filter(pk=registrering.pk, arkivert_dato__isnull=False).exists():
        raise DomeneFeil("Registreringen er arkivert og kan ikke endres.", kode="laast")


def _krev_gyldige_identifikatorer(part: Korrespondansepart) -> None:
    """Normalise and check the identity numbers that belong to the party's subtype."""
    personid = re.sub(r"\s+", "", part.personidentifikator or "")
    orgnr = re.sub(r"\s+", "", part.enhetsidentifikator or "")
    subtype = part.korrespondansepartsubtype
    if personid and subtype != Korrespondanseparttype.PERSON:
        raise DomeneFeil(
            "Bare en person kan ha fødselsnummer eller D-nummer.", felt="personidentifikator"
        )
    if orgnr and subtype != Korrespondanseparttype.ENHET:
        raise DomeneFeil("Bare en enhet kan ha organisasjonsnummer.", felt="enhetsidentifikator")
    if personid and personidentifikatortype(personid) is None:
        raise DomeneFeil(
            "Fødselsnummeret eller D-nummeret er ikke gyldig.", felt="personidentifikator"
        )
    if orgnr and not er_gyldig_organisasjonsnummer(orgnr):
        raise DomeneFeil("Organisasjonsnummeret er ikke gyldig.", felt="enhetsidentifikator")
    if subtype in _PERSON_OG_ENHET and (
        part.referanse_administrativ_enhet_id or part.referanse_saksbehandler_id
    ):
        raise DomeneFeil(
            "Bare en intern korrespondansepart har administrativ enhet og saksbehandler.",
            felt="korrespondansepart",
        )
    part.personidentifikator, part.enhetsidentifikator = personid, orgnr
