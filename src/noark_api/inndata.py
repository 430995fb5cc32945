"""Request bodies of create, update and patch: the standard's JSON onto a service's arguments
(rest-api.md §5.1, §5.2; client-compat.md §6, §11).

Each entity declares its client-settable attributes as `Skrivefelt`s: the JSON name, the
service argument and the value type. `les_inndata` turns a body into the arguments:

* A code value is `{"kode": …}` (a `kodenavn` beside it is accepted; the code list's name is
  what is stored, §2.7). A bare string is taken as the code, as lenient clients send it.
* Dates are ISO 8601; a date-time without an offset is read as Oslo time.
* On create, `null` means "not given" (templates may carry nulls, §18). On update, `null`
  removes a value that may be empty (text, lists) and is refused for the others.
* On update the client sends back what it read (client-compat §11.1): server-set attributes
  (systemID, numbers, opprettet…) are accepted when unchanged and refused with 400 when
  changed. An attribute the entity does not have is a 400 too: silently dropping it would
  break the promise to echo what was sent.
* Absent settable attributes are left as they are, on PUT as on PATCH: the API never shows an
  empty value (§2.4), so a client cannot tell "absent" from "emptied" on PUT; `null` is how a
  value is removed.

Errors are `DomeneFeil` naming the attribute, so the API answers 400 with the Noark body.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import serializers  # type: ignore[import-untyped]

from felles.feil import DomeneFeil
from noark_api.serialisering.felles import KodeSerializer
from noark_api.serialisering.felles import VirksomhetsspesifikkeMetadata as VSM_SKJEMA

_OSLO = ZoneInfo("Europe/Oslo")
LENKER = "_links"


class Verditype(enum.Enum):
    TEKST = "tekst"
    KODE = "kode"
    DATO = "dato"
    DATOTID = "datotid"
    TEKSTLISTE = "tekstliste"
    HELTALL = "heltall"
    BOOLSK = "boolsk"
    OBJEKT = "objekt"  # a flat object of text members (EnkelAdresse, Kontaktinformasjon)
    DESIMAL = "desimal"  # a JSON number (coordinates)
    STRUKTUR = "struktur"  # skjerming, gradering, kassasjon: read member by member in arvbare
    VSM = "vsm"  # virksomhetsspesifikkeMetadata: `name: value` pairs, checked by the service


class Modus(enum.Enum):
    OPPRETT = "opprett"
    ERSTATT = "erstatt"  # PUT
    FLETT = "flett"  # PATCH (RFC 7396)


@dataclass(frozen=True)
class Skrivefelt:
    json: str  # the standard's attribute name
    arg: str  # the service's keyword argument
    type: Verditype = Verditype.TEKST
    kan_fjernes: bool = True  # may be emptied with null on update
    paakrevd: bool = False  # must be given on create
    ved_opprettelse: bool = True  # settable on create
    ved_endring: bool = True  # settable on update


def _tekst(felt: str, verdi: Any) -> str:
    if not isinstance(verdi, str):
        raise DomeneFeil(f"«{felt}» må være en tekst.", felt=felt)
    return verdi


def _kode(felt: str, verdi: Any) -> str:
    if isinstance(verdi, Mapping):
        verdi = verdi.get("kode")
    if not isinstance(verdi, str) or not verdi.strip():
        raise DomeneFeil(f'«{felt}» må være en kodeverdi, for eksempel {{"kode": "E"}}.', felt=felt)
    return verdi.strip()


def _dato(felt: str, verdi: Any) -> dt.date:
    tekst = _tekst(felt, verdi)
    try:
        dato = parse_date(tekst[:10]) if len(tekst) >= 10 else None
    except ValueError:
        dato = None
    if dato is None:
        raise DomeneFeil(f"«{felt}» må være en dato (ÅÅÅÅ-MM-DD).", felt=felt)
    return dato


def _datotid(felt: str, verdi: Any) -> dt.datetime:
    tekst = _tekst(felt, verdi)
    try:
        tid = parse_datetime(tekst)
    except ValueError:
        tid = None
    if tid is None:
        dato = parse_date(tekst) if len(tekst) == 10 else None
        if dato is None:
            raise DomeneFeil(f"«{felt}» må være et tidspunkt (ISO 8601).", felt=felt)
        tid = dt.datetime.combine(dato, dt.time())
    return tid if tid.tzinfo else tid.replace(tzinfo=_OSLO)


def _tekstliste(felt: str, verdi: Any) -> list[str]:
    if not isinstance(verdi, list) or not all(isinstance(v, str) for v in verdi):
        raise DomeneFeil(f"«{felt}» må være en liste av tekster.", felt=felt)
    return list(verdi)


def _heltall(felt: str, verdi: Any) -> int:
    if isinstance(verdi, bool) or not isinstance(verdi, int):
        raise DomeneFeil(f"«{felt}» må være et heltall.", felt=felt)
    return int(verdi)


def _boolsk(felt: str, verdi: Any) -> bool:
    if not isinstance(verdi, bool):
        raise DomeneFeil(f"«{felt}» må være true eller false.", felt=felt)
    return verdi


def _desimal(felt: str, verdi: Any) -> int | float:
    if isinstance(verdi, bool) or not isinstance(verdi, int | float):
        raise DomeneFeil(f"«{felt}» må være et tall.", felt=felt)
    if isinstance(verdi, float) and not math.isfinite(verdi):
        raise DomeneFeil(f"«{felt}» må være et endelig tall.", felt=felt)
    return float(verdi) if isinstance(verdi, float) else int(verdi)


def _objekt(felt: str, verdi: Any) -> dict[str, str | None]:
    """A flat object of text members; a member may be null (removed, on update). Which
    members it has is the entity's to check."""
    if not isinstance(verdi, Mapping) or not all(
        isinstance(navn, str) and (v is None or isinstance(v, str)) for navn, v in verdi.items()
    ):
        raise DomeneFeil(f"«{felt}» må være et objekt med tekstverdier.", felt=felt)
    return dict(verdi)


def _struktur(felt: str, verdi: Any) -> dict[str, Any]:
    if not isinstance(verdi, Mapping):
        raise DomeneFeil(f"«{felt}» må være et objekt.", felt=felt)
    return dict(verdi)


def _vsm(felt: str, verdi: Any) -> dict[str, Any]:
    """The pairs as sent; whether each name is in the catalogue and each value of its type is
    the service's to check (kodeliste.vsmverdier). A null member removes that field."""
    if not isinstance(verdi, Mapping) or not all(isinstance(navn, str) for navn in verdi):
        raise DomeneFeil(f"«{felt}» må være et objekt av navn og verdier.", felt=felt)
    return dict(verdi)


_LES = {
    Verditype.TEKST: _tekst,
    Verditype.KODE: _kode,
    Verditype.DATO: _dato,
    Verditype.DATOTID: _datotid,
    Verditype.TEKSTLISTE: _tekstliste,
    Verditype.HELTALL: _heltall,
    Verditype.BOOLSK: _boolsk,
    Verditype.OBJEKT: _objekt,
    Verditype.DESIMAL: _desimal,
    Verditype.STRUKTUR: _struktur,
    Verditype.VSM: _vsm,
}
# What null on update sets; an object's null (None) removes the whole object.
_TOM: dict[Verditype, Any] = {
    Verditype.TEKST: "",
    Verditype.TEKSTLISTE: [],
    Verditype.OBJEKT: None,
    Verditype.STRUKTUR: None,
    Verditype.VSM: None,
}


def les_verdi(type_: Verditype, felt: str, verdi: Any) -> Any:
    """One value of this type, or a DomeneFeil naming `felt`."""
    return _LES[type_](felt, verdi)


def _samme(a: Any, b: Any) -> bool:
    """JSON equality, with a code object equal to one that only lacks its kodenavn."""
    if isinstance(a, Mapping) and isinstance(b, Mapping) and "kode" in a and "kode" in b:
        return bool(a["kode"] == b["kode"])
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def krev_objekt(data: Any) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise DomeneFeil("Forespørselen må være et JSON-objekt.")
    return data


def les_inndata(
    data: Any,
    felter: Sequence[Skrivefelt],
    *,
    modus: Modus,
    naavaerende: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The service arguments of `data`. `naavaerende` is the instance as the API shows it
    (for update: server-set attributes sent back unchanged are accepted)."""
    data = krev_objekt(data)
    etter_navn = {
        felt.json: felt
        for felt in felter
        if (felt.ved_opprettelse if modus is Modus.OPPRETT else felt.ved_endring)
    }
    naavaerende = naavaerende or {}
    argumenter: dict[str, Any] = {}
    for navn, verdi in data.items():
        if navn == LENKER:
            continue
        felt = etter_navn.get(navn)
        if felt is None:
            _krev_uendret_lesefelt(navn, verdi, naavaerende, modus)
            continue
        if verdi is None:
            if modus is Modus.OPPRETT:
                continue
            if not felt.kan_fjernes or felt.type not in _TOM:
                raise DomeneFeil(f"«{navn}» kan ikke fjernes.", felt=navn)
            argumenter[felt.arg] = _TOM[felt.type]
            continue
        argumenter[felt.arg] = les_verdi(felt.type, navn, verdi)
        if felt.type is Verditype.VSM and modus is Modus.FLETT:
            # A merge patch (RFC 7396) merges objects member by member: the fields not named
            # keep their values, and a member set to null removes its field.
            argumenter[felt.arg] = {**(naavaerende.get(navn) or {}), **argumenter[felt.arg]}
    if modus is Modus.OPPRETT:
        for felt in etter_navn.values():
            if felt.paakrevd and felt.arg not in argumenter:
                raise DomeneFeil(f"«{felt.json}» må fylles ut.", felt=felt.json, kode="paakrevd")
    return argumenter


def _krev_uendret_lesefelt(
    navn: str, verdi: Any, naavaerende: Mapping[str, Any], modus: Modus
) -> None:
    if verdi is None and navn not in naavaerende:
        return  # an absent value sent back as null
    if modus is not Modus.OPPRETT and navn in naavaerende:
        if _samme(verdi, naavaerende[navn]):
            return
        raise DomeneFeil(f"«{navn}» settes av systemet og kan ikke endres.", felt=navn)
    raise DomeneFeil(f"«{navn}» kan ikke settes her.", felt=navn)


# --- OpenAPI ------------------------------------------------------------------------------------


def _skjemafelt(felt: Skrivefelt, modus: Modus, *, mal: bool) -> Any:
    paakrevd = felt.paakrevd and modus is Modus.OPPRETT and not mal
    hjelp = {"required": paakrevd, "allow_null": not (paakrevd or mal)}
    if felt.type is Verditype.KODE:
        return KodeSerializer(**hjelp)
    if felt.type is Verditype.DATO:
        return serializers.DateField(**hjelp)
    if felt.type is Verditype.DATOTID:
        return serializers.DateTimeField(**hjelp)
    if felt.type is Verditype.TEKSTLISTE:
        return serializers.ListField(child=serializers.CharField(), **hjelp)
    if felt.type is Verditype.HELTALL:
        return serializers.IntegerField(**hjelp)
    if felt.type is Verditype.BOOLSK:
        return serializers.BooleanField(**hjelp)
    if felt.type is Verditype.DESIMAL:
        return serializers.FloatField(**hjelp)
    if felt.type is Verditype.OBJEKT:
        return serializers.DictField(child=serializers.CharField(allow_null=True), **hjelp)
    if felt.type is Verditype.VSM:
        return VSM_SKJEMA(**hjelp)
    if felt.type is Verditype.STRUKTUR:
        from noark_api.serialisering import arvbare

        return arvbare.INNDATA[felt.json](**hjelp)
    return serializers.CharField(allow_blank=True, **hjelp)


def inndataserializer(
    navn: str, felter: Sequence[Skrivefelt], modus: Modus, *, mal: bool = False
) -> type[Any]:
    """The request body of an operation for the OpenAPI document; with `mal`, the `ny-*`
    template the server answers with (every member optional, no nulls, `_links`)."""
    valgte = [f for f in felter if (f.ved_opprettelse if modus is Modus.OPPRETT else f.ved_endring)]
    navnerom: dict[str, Any] = {f.json: _skjemafelt(f, modus, mal=mal) for f in valgte}
    if mal:
        from noark_api.skjema import LenkeSerializer

        navnerom[LENKER] = serializers.DictField(child=LenkeSerializer())
    navnerom["__module__"] = __name__
    klasse: type[Any] = serializers.SerializerMetaclass(navn, (serializers.Serializer,), navnerom)
    return klasse
