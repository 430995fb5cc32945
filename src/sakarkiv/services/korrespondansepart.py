"""Korrespondansepart (model.md §4.1): input shape, validation and creation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from arkivstruktur.models import Registrering
from felles.feil import DomeneFeil
from felles.validering import krev_tekst, valgfri_tekst
from kodeliste.services import kodeverdi_for_bruk
from organisasjon.models import AdministrativEnhet
from sakarkiv.models import Korrespondansepart, Korrespondanseparttype
from sporing.services import logg_opprettet

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
