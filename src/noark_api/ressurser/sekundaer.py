"""What hangs on mapper, registreringer and documents: part, merknad, kryssreferanse and the
national identifiers (rest-api.md §5.4, §12.1; model.md §4.2–4.5, §4.15; client-compat.md
§6.4).

Each has its own instance (`arkivstruktur/partperson/<id>/` …), listed below its owner and
created from it; the base lists are polymorphic (`part/` holds partperson and partenhet,
`nasjonalidentifikator/` every kind, client-compat.md §8.3), and each kind has its own list
too (`bygning/` …, as §12.1 advertises them on Mappe and Registrering). They are visible
exactly when their owner is; the services check the rights and the frozen rules of the owner
(model.md §6.3) and log every change.

`ny-kryssreferanse` follows rest-api.md §5.4: its template is `{"url": "…/$ref?$id="}`, the
client appends the target's `self` and POSTs there (201, the new kryssreferanse); appending
`$ref?$id=<target>` to a kryssreferanse's `self` and PUTting changes its target (204). A JSON
POST to `ny-kryssreferanse` naming `referanseTilMappe` (…Klasse, …Registrering) works too.

Decisions: `navn`, `foedselsnummer`/`dNummer` and `organisasjonsnummer` are flat attributes
of the parties (the type-cast paths of rest-api.md §4), the address and contact details the
API's EnkelAdresse and Kontaktinformasjon objects (serialisering/sekundaer.py). Identity
numbers are checked by their check digits (the domain's rule; client-compat.md §2.3 asks for
no checks, the brief of this project for 400). `bostedsadresse` and `forretningsadresse` are
not stored and refused with 400.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Case, F, QuerySet, When
from django.urls import URLPattern, re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response  # type: ignore[import-untyped]

from arkivstruktur.models import (
    Dokumentbeskrivelse,
    Klasse,
    Mappe,
    Mappetype,
    Registrering,
    Registreringstype,
)
from arkivstruktur.models.sekundaer import Nasjonalidentifikatortype, Parttype
from arkivstruktur.selectors import (
    kryssreferanse_liste,
    merknad_liste,
    nasjonalidentifikator_liste,
    part_liste,
)
from arkivstruktur.services.sekundaer import (
    DNUMMER,
    FOEDSELSNUMMER,
    PERSONLIGE_IDENTIFIKATORTYPER,
    kryssreferanse_endre_maal,
    kryssreferanse_opprett,
    kryssreferanse_slett,
    merknad_endre,
    merknad_opprett,
    merknad_slett,
    nasjonalidentifikator_endre,
    nasjonalidentifikator_opprett,
    nasjonalidentifikator_slett,
    part_endre,
    part_opprett,
    part_slett,
    personidentifikatortype,
)
from felles.feil import DomeneFeil, IkkeFunnet
from noark_api.forutsetning import krev_uendret
from noark_api.inndata import Skrivefelt, Verditype
from noark_api.lenker import href, les_href
from noark_api.ressurs import (
    REGISTER,
    Entitetstype,
    Forelder,
    Opprettelse,
    Underliste,
    registrer,
    utvid,
)
from noark_api.ressurser.felles import kodeobjekt, uten_tomme
from noark_api.ressurser.mappe import (
    ARKIVNOTAT,
    JOURNALPOST,
    MAPPE,
    REGISTRERING,
    SAKSMAPPE,
    kan_arbeide,
)
from noark_api.serialisering.sekundaer import (
    IDENTIFIKATOR_FELTER,
    IDENTIFIKATORSERIALIZERE,
    KRYSSREFERANSE_FELTER,
    MERKNAD_FELTER,
    NASJONALIDENTIFIKATOR_FELTER,
    PART_FELTER,
    KryssreferanseSerializer,
    MerknadSerializer,
    NasjonalidentifikatorSerializer,
    PartEnhetSerializer,
    PartPersonSerializer,
    PartSerializer,
    eier_av,
    enkel_adresse,
    kontaktinformasjon,
)
from noark_api.skjema import feilsvar
from noark_api.views.base import Noark5View
from noark_api.views.entitet import ETAG_SVAR, FORUTSETNING, LOCATION, SKRIVEFEIL, instanssvar
from organisasjon.models import Rolle
from tilgang.lesing import registrer_lesing
from tilgang.profil import tilgangsprofil
from tilgang.skjerming import SKJULT

T = Verditype
PART = "arkivstruktur/part"
PARTPERSON = "arkivstruktur/partperson"
PARTENHET = "arkivstruktur/partenhet"
MERKNAD = "arkivstruktur/merknad"
KRYSSREFERANSE = "arkivstruktur/kryssreferanse"
NASJONALIDENTIFIKATOR = "arkivstruktur/nasjonalidentifikator"
KLASSE = "arkivstruktur/klasse"
DOKUMENTBESKRIVELSE = "arkivstruktur/dokumentbeskrivelse"

_MAPPER = (MAPPE, SAKSMAPPE)
_REGISTRERINGER = (REGISTRERING, JOURNALPOST, ARKIVNOTAT)
_UENDRET: Any = object()


# --- shared pieces ------------------------------------------------------------------------------


def er_frosset(forelder: Any) -> bool:
    """A closed mappe or an archived registrering takes no new parts (model.md §6.3)."""
    if isinstance(forelder, Mappe):
        return bool(forelder.er_avsluttet)
    if isinstance(forelder, Registrering):
        return bool(forelder.er_arkivert)
    return False


def kan_endre_innhold(bruker: Any, forelder: Any) -> bool:
    return not er_frosset(forelder) and kan_arbeide(bruker, forelder)


def eierargument(forelder: Any) -> dict[str, Any]:
    if isinstance(forelder, Mappe):
        return {"mappe": forelder}
    if isinstance(forelder, Registrering):
        return {"registrering": forelder}
    if isinstance(forelder, Dokumentbeskrivelse):
        return {"dokumentbeskrivelse": forelder}
    raise DomeneFeil("Her kan det ikke opprettes noe.")


# The owner's own type, for the link back to it under its entity rel (client-compat.md §6.4):
# (name, owner field, type field, type, rel).
_EIERTYPER = (
    ("mappe", "mappe", "mappetype", Mappetype.MAPPE, "arkivstruktur/mappe/"),
    ("saksmappe", "mappe", "mappetype", Mappetype.SAKSMAPPE, "sakarkiv/saksmappe/"),
    (
        "registrering",
        "registrering",
        "registreringstype",
        Registreringstype.REGISTRERING,
        "arkivstruktur/registrering/",
    ),
    (
        "journalpost",
        "registrering",
        "registreringstype",
        Registreringstype.JOURNALPOST,
        "sakarkiv/journalpost/",
    ),
    (
        "arkivnotat",
        "registrering",
        "registreringstype",
        Registreringstype.ARKIVNOTAT,
        "sakarkiv/arkivnotat/",
    ),
)


def eierannotasjoner(*eierfelter: str) -> dict[str, Any]:
    """The owner's systemID under an annotation per owner type (no query per row)."""
    return {
        f"eier_{navn}_system_id": Case(
            When(**{f"{felt}__{typefelt}": verdi}, then=F(f"{felt}__system_id"))
        )
        for navn, felt, typefelt, verdi, _rel in _EIERTYPER
        if felt in eierfelter
    }


def eierforeldre(*eierfelter: str) -> tuple[Forelder, ...]:
    return tuple(
        Forelder(rel, rel, f"eier_{navn}_system_id")
        for navn, felt, _typefelt, _verdi, rel in _EIERTYPER
        if felt in eierfelter
    )


def eierlenker(rader: QuerySet[Any], bruker: Any) -> QuerySet[Any]:
    annotert: QuerySet[Any] = rader.annotate(**eierannotasjoner("mappe", "registrering"))
    return annotert


def les_eier(instans: Any, bruker: Any) -> None:
    """A sub-object of a screened or graded owner read in full is a read of the owner, logged
    as the UI's case page logs it (tilgang.lesing)."""
    eier = eier_av(instans)
    if eier is not None:
        registrer_lesing(eier, bruker, tillegg=f"({instans._meta.model_name} {instans.system_id})")


def uten_maskerte(instans: Any, argumenter: dict[str, Any], *navn: str) -> dict[str, Any]:
    """A client that writes back what it read sends `*****` where a value was masked to it:
    that is not a new value and must not overwrite the real one."""
    return {n: v for n, v in argumenter.items() if not (n in navn and v == SKJULT)}


_ADRESSELEDD = ("adresselinje1", "adresselinje2", "adresselinje3", "postnr", "poststed", "landkode")
_KONTAKTLEDD = ("epostadresse", "telefon", "mobiltelefon")


def _sammenslaatt(
    navn: str, ny: dict[str, Any] | None, gammel: dict[str, str] | None, ledd: tuple[str, ...]
) -> dict[str, str]:
    """The object after an update: the members sent replace the stored ones, null removes
    one, and null for the whole object removes it (RFC 7396 on the nested object)."""
    if ny is None:
        return {}
    ukjente = sorted(set(ny) - set(ledd))
    if ukjente:
        raise DomeneFeil(
            f"«{navn}» har ikke {', '.join(ukjente)}; kjente ledd er {', '.join(ledd)}.",
            felt=navn,
        )
    samlet = {**(gammel or {}), **ny}
    return {n: v for n, v in samlet.items() if v not in (None, "")}


def adresseargumenter(argumenter: dict[str, Any], naavaerende: Any = None) -> dict[str, Any]:
    """`postadresse` (EnkelAdresse) and `kontaktinformasjon` onto the flat arguments of the
    services (model.md §4.3), merged into what `naavaerende` holds."""
    ut = dict(argumenter)
    adresse = ut.pop("postadresse", _UENDRET)
    if adresse is not _UENDRET:
        gammel = enkel_adresse(naavaerende) if naavaerende is not None else None
        samlet = _sammenslaatt("postadresse", adresse, gammel, _ADRESSELEDD)
        linjer = [samlet.get(f"adresselinje{nr}", "") for nr in (1, 2, 3)]
        if any(linje and not all(linjer[:nr]) for nr, linje in enumerate(linjer)):
            raise DomeneFeil(
                "Adresselinjene fylles ut ovenfra: adresselinje2 krever adresselinje1.",
                felt="postadresse",
            )
        ut |= {
            "postadresse": [linje for linje in linjer if linje],
            "postnummer": samlet.get("postnr", ""),
            "poststed": samlet.get("poststed", ""),
            "land": samlet.get("landkode", ""),
        }
    kontakt = ut.pop("kontaktinformasjon", _UENDRET)
    if kontakt is not _UENDRET:
        gammel = kontaktinformasjon(naavaerende) if naavaerende is not None else None
        samlet = _sammenslaatt("kontaktinformasjon", kontakt, gammel, _KONTAKTLEDD)
        if samlet.get("mobiltelefon") and not samlet.get("telefon"):
            # Both are kept in the one telefonnummer list (M411): the first is telefon.
            raise DomeneFeil(
                "Oppgi telefon sammen med mobiltelefon (begge lagres som telefonnummer).",
                felt="kontaktinformasjon",
            )
        ekstra = list(getattr(naavaerende, "telefonnummer", None) or [])[2:]
        telefoner = [samlet[n] for n in ("telefon", "mobiltelefon") if samlet.get(n)]
        ut |= {
            "epostadresse": samlet.get("epostadresse", ""),
            "telefonnummer": [*telefoner, *ekstra] if len(telefoner) == 2 else telefoner,
        }
    return ut


def personnummerargument(argumenter: dict[str, Any], naavaerende: Any = None) -> dict[str, Any]:
    """`foedselsnummer` or `dNummer` onto the service's `personidentifikator`: the number must
    be of the kind its attribute names (the check digits are the service's to check)."""
    ut = dict(argumenter)
    sendt = {
        type_: ut.pop(arg)
        for type_, arg in ((FOEDSELSNUMMER, "foedselsnummer"), (DNUMMER, "dnummer"))
        if arg in ut and ut[arg] != SKJULT
    }
    nye = {type_: nummer for type_, nummer in sendt.items() if nummer}
    if len(nye) > 1:
        raise DomeneFeil("Oppgi enten fødselsnummer eller D-nummer, ikke begge.", felt="dNummer")
    for type_, nummer in nye.items():
        faktisk = personidentifikatortype(re.sub(r"\s+", "", nummer))
        if faktisk is not None and faktisk != type_:
            navn = "foedselsnummer" if type_ == FOEDSELSNUMMER else "dNummer"
            raise DomeneFeil(
                "Nummeret er et D-nummer, ikke et fødselsnummer."
                if faktisk == DNUMMER
                else "Nummeret er et fødselsnummer, ikke et D-nummer.",
                felt=navn,
            )
        ut["personidentifikator"] = nummer
    if not nye and sendt:  # null: remove the number of that kind
        gammel = getattr(naavaerende, "personidentifikator", "")
        if gammel and personidentifikatortype(gammel) in sendt:
            ut["personidentifikator"] = ""
    return ut


# --- part ---------------------------------------------------------------------------------------

_PARTFELTER = (
    Skrivefelt("partRolle", "part_rolle", T.KODE, kan_fjernes=False),
    Skrivefelt("navn", "part_navn", kan_fjernes=False, paakrevd=True),
    Skrivefelt("postadresse", "postadresse", T.OBJEKT),
    Skrivefelt("kontaktinformasjon", "kontaktinformasjon", T.OBJEKT),
    Skrivefelt("virksomhetsspesifikkeMetadata", "virksomhetsspesifikke_metadata", T.VSM),
)
_PARTPERSONFELTER = (
    *_PARTFELTER,
    Skrivefelt("foedselsnummer", "foedselsnummer"),
    Skrivefelt("dNummer", "dnummer"),
)
_PARTENHETFELTER = (
    *_PARTFELTER,
    Skrivefelt("organisasjonsnummer", "enhetsidentifikator"),
    Skrivefelt("kontaktperson", "kontaktperson"),
)
STANDARD_PARTROLLE = "KLI"  # klient: the usual party of a municipal case


def _ny_part(parttype: str) -> Callable[[Any, dict[str, Any], Any], Any]:
    def utfoer(forelder: Any, argumenter: dict[str, Any], bruker: Any) -> Any:
        argumenter = adresseargumenter(personnummerargument(argumenter))
        argumenter.setdefault("part_rolle", STANDARD_PARTROLLE)
        return part_opprett(
            **eierargument(forelder), parttype=parttype, utfoert_av=bruker, **argumenter
        )

    return utfoer


def _partmal(request: Any, forelder: Any) -> dict[str, Any]:
    return uten_tomme({"partRolle": kodeobjekt("partrolle", STANDARD_PARTROLLE)})


def _part_endre(part: Any, argumenter: dict[str, Any], bruker: Any) -> None:
    argumenter = uten_maskerte(part, argumenter, "part_navn")
    argumenter = adresseargumenter(personnummerargument(argumenter, part), part)
    part_endre(part=part, utfoert_av=bruker, **argumenter)


def _parttype(part: Any) -> str:
    return PARTPERSON if part.parttype == Parttype.PERSON else PARTENHET


_PARTFORELDRE = (
    *eierforeldre("mappe", "registrering"),
    Forelder(
        "arkivstruktur/dokumentbeskrivelse/",
        "arkivstruktur/dokumentbeskrivelse/",
        "dokumentbeskrivelse.system_id",
    ),
)


def _parttype_felles(**kwargs: Any) -> Entitetstype:
    return Entitetstype(
        "arkivstruktur",
        rader=kwargs.pop("rader"),
        serializer=kwargs.pop("serializer"),
        feltkart=PART_FELTER,
        endre=_part_endre,
        slett=lambda part, bruker: part_slett(part=part, utfoert_av=bruker),
        foreldre=_PARTFORELDRE,
        kodelister=("partrolle",),
        er_arkivenhet=False,
        ved_lesing=les_eier,
        annoter=eierlenker,
        **kwargs,
    )


NY_PARTPERSON = Opprettelse(
    "arkivstruktur/ny-partperson/",
    PARTPERSON,
    _ny_part(Parttype.PERSON),
    mal=_partmal,
    kan=kan_endre_innhold,
)
NY_PARTENHET = Opprettelse(
    "arkivstruktur/ny-partenhet/",
    PARTENHET,
    _ny_part(Parttype.ENHET),
    mal=_partmal,
    kan=kan_endre_innhold,
)


# --- merknad ------------------------------------------------------------------------------------


def _ny_merknad(forelder: Any, argumenter: dict[str, Any], bruker: Any) -> Any:
    return merknad_opprett(**eierargument(forelder), utfoert_av=bruker, **argumenter)


def _merknad_endre(merknad: Any, argumenter: dict[str, Any], bruker: Any) -> None:
    argumenter = uten_maskerte(merknad, argumenter, "merknadstekst")
    merknad_endre(merknad=merknad, utfoert_av=bruker, **argumenter)


NY_MERKNAD = Opprettelse(
    "arkivstruktur/ny-merknad/",
    MERKNAD,
    _ny_merknad,
    # A remark may be added after closing and archiving as well (model.md §4.4).
    kan=lambda bruker, forelder: kan_arbeide(bruker, forelder),
)


# --- kryssreferanse -----------------------------------------------------------------------------

_MAALFELTER = (
    Skrivefelt("referanseTilKlasse", "til_klasse"),
    Skrivefelt("referanseTilMappe", "til_mappe"),
    Skrivefelt("referanseTilRegistrering", "til_registrering"),
)
_MAALTYPER = {"til_klasse": KLASSE, "til_mappe": MAPPE, "til_registrering": REGISTRERING}
_MAALNOEKLER = (KLASSE, *_MAPPER, *_REGISTRERINGER)


def _maal_fra_id(argumenter: dict[str, Any], bruker: Any) -> Any:
    """The target named by one of referanseTilKlasse/Mappe/Registrering (a systemID)."""
    oppgitt = {arg: verdi for arg, verdi in argumenter.items() if verdi}
    if len(oppgitt) != 1:
        raise DomeneFeil(
            "Oppgi målet: nøyaktig én av referanseTilKlasse, referanseTilMappe og "
            "referanseTilRegistrering.",
            felt="referanseTilMappe",
        )
    ((arg, system_id),) = oppgitt.items()
    return _synlig_maal(_MAALTYPER[arg], system_id, bruker)


def _synlig_maal(noekkel: str, system_id: str, bruker: Any) -> Any:
    """A missing and a hidden target are the same 400: the request is wrong, not the URL."""
    try:
        return REGISTER[noekkel].hent(bruker, system_id)
    except IkkeFunnet:
        raise DomeneFeil("Fant ikke målet for kryssreferansen.", felt="$id") from None


def maal_fra_url(url: str, request: Any) -> Any:
    """The target of `$id`: the `self` href of a klasse, mappe or registrering (of any of
    their subtypes) of this API."""
    maal = les_href(url)
    if maal is None or maal[0] not in _MAALNOEKLER:
        raise DomeneFeil(
            "$id må være self-lenken til en klasse, mappe eller registrering i dette API-et.",
            felt="$id",
        )
    return _synlig_maal(*maal, request.user)


def _fra_med_ref(request: Any) -> str:
    """`$id` of the query (or of a JSON body, as `$id` or `@odata.id`)."""
    verdi = request.query_params.get("$id")
    if verdi is None and isinstance(request.data, dict):
        verdi = request.data.get("$id") or request.data.get("@odata.id")
    if not isinstance(verdi, str) or not verdi.strip():
        raise DomeneFeil("Oppgi målet som $id (self-lenken til målet).", felt="$id")
    return verdi


def _ny_kryssreferanse(forelder: Any, argumenter: dict[str, Any], bruker: Any) -> Any:
    return kryssreferanse_opprett(
        fra=forelder, til=_maal_fra_id(argumenter, bruker), utfoert_av=bruker
    )


def _kryssreferansemal(request: Any, forelder: Any) -> dict[str, Any]:
    """rest-api.md §5.4: where to POST, once the target's self href is appended."""
    type_ = REGISTER[_kildetype(forelder)]
    return {"url": href(request, f"{type_.sti(forelder)}ny-kryssreferanse/$ref?$id=")}


def _kildetype(forelder: Any) -> str:
    if isinstance(forelder, Klasse):
        return KLASSE
    return MAPPE if isinstance(forelder, Mappe) else REGISTRERING


def _kryssreferanse_endre(kryssreferanse: Any, argumenter: dict[str, Any], bruker: Any) -> None:
    gjeldende = {
        arg: str(getattr(kryssreferanse, arg).system_id)
        for arg in _MAALTYPER
        if getattr(kryssreferanse, arg) is not None
    }
    if {a: v for a, v in argumenter.items() if v} == gjeldende or not argumenter:
        return
    maal = _maal_fra_id({**dict.fromkeys(_MAALTYPER, ""), **argumenter}, bruker)
    kryssreferanse_endre_maal(kryssreferanse=kryssreferanse, til=maal, utfoert_av=bruker)


def _kan_kryssreferanse_fra_klasse(bruker: Any, klasse: Any) -> bool:
    """The service asks for the right to administer every arkivdel using the klasse's
    system; the link (shown on every row of a list) asks only what needs no query."""
    return klasse.avsluttet_dato is None and tilgangsprofil(bruker).har_rolle(
        Rolle.ARKIVAR, Rolle.SYSTEMADMINISTRATOR
    )


NY_KRYSSREFERANSE = Opprettelse(
    "arkivstruktur/ny-kryssreferanse/",
    KRYSSREFERANSE,
    _ny_kryssreferanse,
    mal=_kryssreferansemal,
    kan=kan_endre_innhold,
    felter=_MAALFELTER,
)
NY_KRYSSREFERANSE_FRA_KLASSE = Opprettelse(
    "arkivstruktur/ny-kryssreferanse/",
    KRYSSREFERANSE,
    _ny_kryssreferanse,
    mal=_kryssreferansemal,
    kan=_kan_kryssreferanse_fra_klasse,
    felter=_MAALFELTER,
)


# --- nasjonalidentifikator ----------------------------------------------------------------------

_IDENTIFIKATORFELTER: dict[str, tuple[Skrivefelt, ...]] = {
    Nasjonalidentifikatortype.BYGNING: (
        Skrivefelt("bygningsnummer", "bygningsnummer", T.HELTALL, paakrevd=True),
        Skrivefelt("endringsloepenummer", "endringsloepenummer", T.HELTALL),
    ),
    Nasjonalidentifikatortype.MATRIKKEL: (
        Skrivefelt("kommunenummer", "kommunenummer", paakrevd=True, kan_fjernes=False),
        Skrivefelt("gaardsnummer", "gaardsnummer", T.HELTALL, paakrevd=True),
        Skrivefelt("bruksnummer", "bruksnummer", T.HELTALL, paakrevd=True),
        Skrivefelt("festenummer", "festenummer", T.HELTALL),
        Skrivefelt("seksjonsnummer", "seksjonsnummer", T.HELTALL),
    ),
    Nasjonalidentifikatortype.PLAN: (
        Skrivefelt("kommunenummer", "kommunenummer"),
        Skrivefelt("fylkesnummer", "fylkesnummer"),
        Skrivefelt("landkode", "landkode", T.KODE),
        Skrivefelt("planidentifikasjon", "planidentifikasjon", paakrevd=True, kan_fjernes=False),
    ),
    Nasjonalidentifikatortype.POSISJON: (
        Skrivefelt("koordinatsystem", "koordinatsystem", T.KODE, paakrevd=True),
        Skrivefelt("x", "x", T.DESIMAL, paakrevd=True),
        Skrivefelt("y", "y", T.DESIMAL, paakrevd=True),
        Skrivefelt("z", "z", T.DESIMAL),
    ),
    Nasjonalidentifikatortype.ENHETSIDENTIFIKATOR: (
        Skrivefelt("organisasjonsnummer", "organisasjonsnummer", paakrevd=True, kan_fjernes=False),
    ),
    Nasjonalidentifikatortype.FOEDSELSNUMMER: (
        Skrivefelt("foedselsnummer", "foedselsnummer", paakrevd=True, kan_fjernes=False),
    ),
    Nasjonalidentifikatortype.DNUMMER: (
        Skrivefelt("dNummer", "dNummer", paakrevd=True, kan_fjernes=False),
    ),
}
_IDENTIFIKATORKODER: dict[str, tuple[str, ...]] = {
    Nasjonalidentifikatortype.PLAN: ("land",),
    Nasjonalidentifikatortype.POSISJON: ("koordinatsystem",),
}
STANDARD_KOORDINATSYSTEM = "EPSG:4326"  # WGS84, what clients commonly send


def _identifikatortype(identifikator: Any) -> str:
    return f"arkivstruktur/{identifikator.identifikatortype}"


def _ny_identifikator(identifikatortype: str) -> Callable[[Any, dict[str, Any], Any], Any]:
    def utfoer(forelder: Any, argumenter: dict[str, Any], bruker: Any) -> Any:
        eier = eierargument(forelder)
        if "dokumentbeskrivelse" in eier:
            raise DomeneFeil("Nasjonale identifikatorer hører til mapper og registreringer.")
        return nasjonalidentifikator_opprett(
            **eier, identifikatortype=identifikatortype, verdier=argumenter, utfoert_av=bruker
        )

    return utfoer


def _identifikatormal(identifikatortype: str) -> Callable[[Any, Any], dict[str, Any]]:
    def mal(request: Any, forelder: Any) -> dict[str, Any]:
        if identifikatortype == Nasjonalidentifikatortype.POSISJON:
            return {"koordinatsystem": kodeobjekt("koordinatsystem", STANDARD_KOORDINATSYSTEM)}
        return {}

    return mal


def _identifikator_endre(identifikator: Any, argumenter: dict[str, Any], bruker: Any) -> None:
    argumenter = uten_maskerte(identifikator, argumenter, "foedselsnummer", "dNummer")
    # null removes an optional attribute; the service checks what is left.
    verdier = {n: (None if v == "" else v) for n, v in argumenter.items()}
    if {n: v for n, v in verdier.items() if identifikator.verdier.get(n) != v}:
        nasjonalidentifikator_endre(identifikator=identifikator, verdier=verdier, utfoert_av=bruker)


NY_IDENTIFIKATOR = {
    type_: Opprettelse(
        f"arkivstruktur/ny-{type_}/",
        f"arkivstruktur/{type_}",
        _ny_identifikator(type_),
        mal=_identifikatormal(type_),
        kan=kan_endre_innhold,
    )
    for type_ in Nasjonalidentifikatortype.values
}


def _identifikatorrader(type_: str) -> Callable[[Any], QuerySet[Any]]:
    def rader(bruker: Any) -> QuerySet[Any]:
        return nasjonalidentifikator_liste(bruker=bruker).filter(identifikatortype=type_)

    return rader


def _identifikatorunderliste(type_: str) -> Callable[[Any, Any], QuerySet[Any]]:
    def rader(bruker: Any, forelder: Any) -> QuerySet[Any]:
        return nasjonalidentifikator_liste(bruker=bruker, **eierargument(forelder)).filter(
            identifikatortype=type_
        )

    return rader


def _identifikatorslett(identifikator: Any, bruker: Any) -> None:
    nasjonalidentifikator_slett(identifikator=identifikator, utfoert_av=bruker)


# --- registration -------------------------------------------------------------------------------

_IDENTIFIKATORFORELDRE = eierforeldre("mappe", "registrering")

registrer(
    _parttype_felles(
        navn="part",
        rader=lambda bruker: part_liste(bruker=bruker),
        serializer=PartSerializer,
        konkret=_parttype,
        beskrivelse="Parter, personer og enheter medregnet.",
    ),
    _parttype_felles(
        navn="partperson",
        rader=lambda bruker: part_liste(bruker=bruker).filter(parttype=Parttype.PERSON),
        serializer=PartPersonSerializer,
        skrivefelter=_PARTPERSONFELTER,
    ),
    _parttype_felles(
        navn="partenhet",
        rader=lambda bruker: part_liste(bruker=bruker).filter(parttype=Parttype.ENHET),
        serializer=PartEnhetSerializer,
        skrivefelter=_PARTENHETFELTER,
    ),
    Entitetstype(
        "arkivstruktur",
        "merknad",
        rader=lambda bruker: merknad_liste(bruker=bruker),
        serializer=MerknadSerializer,
        feltkart=MERKNAD_FELTER,
        skrivefelter=(
            Skrivefelt("merknadstekst", "merknadstekst", kan_fjernes=False, paakrevd=True),
            Skrivefelt("merknadstype", "merknadstype", T.KODE),
        ),
        endre=_merknad_endre,
        slett=lambda merknad, bruker: merknad_slett(merknad=merknad, utfoert_av=bruker),
        foreldre=_PARTFORELDRE,
        annoter=eierlenker,
        kodelister=("merknadstype",),
        er_arkivenhet=False,
        ved_lesing=les_eier,
    ),
    Entitetstype(
        "arkivstruktur",
        "kryssreferanse",
        rader=lambda bruker: kryssreferanse_liste(bruker=bruker),
        serializer=KryssreferanseSerializer,
        feltkart=KRYSSREFERANSE_FELTER,
        skrivefelter=_MAALFELTER,
        endre=_kryssreferanse_endre,
        slett=lambda kryssreferanse, bruker: kryssreferanse_slett(
            kryssreferanse=kryssreferanse, utfoert_av=bruker
        ),
        # The target: rest-api.md §12.1 advertises klasse, mappe and registrering on a
        # Kryssreferanse as "the target".
        foreldre=(
            Forelder("arkivstruktur/klasse/", "arkivstruktur/klasse/", "til_klasse.system_id"),
            Forelder("arkivstruktur/mappe/", "arkivstruktur/mappe/", "til_mappe.system_id"),
            Forelder(
                "arkivstruktur/registrering/",
                "arkivstruktur/registrering/",
                "til_registrering.system_id",
            ),
        ),
    ),
    Entitetstype(
        "arkivstruktur",
        "nasjonalidentifikator",
        rader=lambda bruker: nasjonalidentifikator_liste(bruker=bruker),
        serializer=NasjonalidentifikatorSerializer,
        feltkart=NASJONALIDENTIFIKATOR_FELTER,
        foreldre=_IDENTIFIKATORFORELDRE,
        annoter=eierlenker,
        konkret=_identifikatortype,
        er_arkivenhet=False,
        beskrivelse="Nasjonale identifikatorer av alle slag.",
    ),
    *(
        Entitetstype(
            "arkivstruktur",
            type_,
            rader=_identifikatorrader(type_),
            serializer=IDENTIFIKATORSERIALIZERE[type_],
            feltkart=IDENTIFIKATOR_FELTER[type_],
            skrivefelter=_IDENTIFIKATORFELTER[type_],
            endre=_identifikator_endre,
            slett=_identifikatorslett,
            foreldre=_IDENTIFIKATORFORELDRE,
            annoter=eierlenker,
            kodelister=_IDENTIFIKATORKODER.get(type_, ()),
            er_arkivenhet=False,
            ved_lesing=les_eier if type_ in PERSONLIGE_IDENTIFIKATORTYPER else None,
        )
        for type_ in Nasjonalidentifikatortype.values
    ),
)


# --- below the owners ---------------------------------------------------------------------------


def _eierfilter(forelder: Any) -> dict[str, Any]:
    return eierargument(forelder)


_PARTLISTE = Underliste(
    "arkivstruktur/part/",
    "part",
    PART,
    lambda bruker, forelder: part_liste(bruker=bruker, **_eierfilter(forelder)),
)
_MERKNADLISTE = Underliste(
    "arkivstruktur/merknad/",
    "merknad",
    MERKNAD,
    lambda bruker, forelder: merknad_liste(bruker=bruker, **_eierfilter(forelder)),
)
_KRYSSREFERANSELISTE = Underliste(
    "arkivstruktur/kryssreferanse/",
    "kryssreferanse",
    KRYSSREFERANSE,
    lambda bruker, forelder: kryssreferanse_liste(bruker=bruker, fra=forelder),
)
_IDENTIFIKATORLISTER = (
    Underliste(
        "arkivstruktur/nasjonalidentifikator/",
        "nasjonalidentifikator",
        NASJONALIDENTIFIKATOR,
        lambda bruker, forelder: nasjonalidentifikator_liste(
            bruker=bruker, **_eierfilter(forelder)
        ),
    ),
    *(
        Underliste(
            f"arkivstruktur/{type_}/",
            type_,
            f"arkivstruktur/{type_}",
            _identifikatorunderliste(type_),
        )
        for type_ in Nasjonalidentifikatortype.values
    ),
)

for _noekkel in (*_MAPPER, *_REGISTRERINGER):
    utvid(
        _noekkel,
        underlister=(_PARTLISTE, _MERKNADLISTE, _KRYSSREFERANSELISTE, *_IDENTIFIKATORLISTER),
        opprettelser=(
            NY_PARTPERSON,
            NY_PARTENHET,
            NY_MERKNAD,
            NY_KRYSSREFERANSE,
            *NY_IDENTIFIKATOR.values(),
        ),
    )
utvid(
    KLASSE,
    underlister=(_KRYSSREFERANSELISTE,),
    opprettelser=(NY_KRYSSREFERANSE_FRA_KLASSE,),
)
if DOKUMENTBESKRIVELSE in REGISTER:  # dokument.py registers it (imported before this module)
    utvid(DOKUMENTBESKRIVELSE, underlister=(_MERKNADLISTE,), opprettelser=(NY_MERKNAD,))


# --- `$ref` (rest-api.md §5.4) ------------------------------------------------------------------

_ID = OpenApiParameter("system_id", OpenApiTypes.UUID, OpenApiParameter.PATH)
_MAAL = OpenApiParameter(
    "$id",
    str,
    required=True,
    description="The self href of the target: a klasse, mappe or registrering of this API.",
)


class NyKryssreferanseRefView(Noark5View):
    """`POST <kilde>/ny-kryssreferanse/$ref?$id=<target>`: a new kryssreferanse (201)."""

    kilde: str

    def post(self, request: Any, system_id: str) -> Response:
        type_ = REGISTER[KRYSSREFERANSE]
        with transaction.atomic():
            fra = REGISTER[self.kilde].hent(request.user, system_id)
            til = maal_fra_url(_fra_med_ref(request), request)
            ny = kryssreferanse_opprett(fra=fra, til=til, utfoert_av=request.user)
            ny = type_.hent(request.user, str(ny.system_id))
        return instanssvar(request, type_, ny, status=201)


class KryssreferanseRefView(Noark5View):
    """`PUT <kryssreferanse self>$ref?$id=<new target>`: only the target changes (204)."""

    def put(self, request: Any, system_id: str) -> Response:
        with transaction.atomic():
            kryssreferanse = REGISTER[KRYSSREFERANSE].hent(request.user, system_id)
            krev_uendret(request, kryssreferanse)
            til = maal_fra_url(_fra_med_ref(request), request)
            kryssreferanse_endre_maal(
                kryssreferanse=kryssreferanse, til=til, utfoert_av=request.user
            )
        return Response(status=204)

    def post(self, request: Any, system_id: str) -> Response:
        return self.put(request, system_id)


def _beskriv(klasse: type[Any], metode: str, **skjema: Any) -> None:
    arvet = getattr(klasse, metode)

    def operasjon(self: Any, *args: Any, **kwargs: Any) -> Any:
        return arvet(self, *args, **kwargs)

    setattr(klasse, metode, extend_schema(**skjema)(operasjon))


def ref_urlmonstre() -> list[URLPattern]:
    """The `$ref` routes of kryssreferanse; urls.py puts them before the generic routes."""
    monstre: list[URLPattern] = []
    for kilde in (KLASSE, *_MAPPER, *_REGISTRERINGER):
        if kilde not in REGISTER:
            continue
        id_ = kilde.replace("/", "_")
        klasse: Any = type(
            f"{id_}_ny_kryssreferanse_ref", (NyKryssreferanseRefView,), {"kilde": kilde}
        )
        _beskriv(
            klasse,
            "post",
            operation_id=f"{id_}_ny_kryssreferanse_ref",
            summary="Create a kryssreferanse to the target named by $id",
            parameters=[_ID, _MAAL, ETAG_SVAR, LOCATION],
            request=None,
            responses={201: OpenApiResponse(KryssreferanseSerializer), **feilsvar(*SKRIVEFEIL)},
        )
        monstre.append(
            re_path(rf"^{kilde}/(?P<system_id>[^/]+)/ny-kryssreferanse/\$ref/?$", klasse.as_view())
        )
    endre: Any = type("kryssreferanse_ref", (KryssreferanseRefView,), {})
    for metode in ("put", "post"):
        _beskriv(
            endre,
            metode,
            operation_id=f"arkivstruktur_kryssreferanse_ref_{metode}",
            summary="Point the kryssreferanse at the target named by $id",
            parameters=[_ID, _MAAL, *FORUTSETNING],
            request=None,
            responses={204: None, **feilsvar(*SKRIVEFEIL)},
        )
    monstre.append(
        re_path(r"^arkivstruktur/kryssreferanse/(?P<system_id>[^/]+)/\$ref/?$", endre.as_view())
    )
    return monstre
