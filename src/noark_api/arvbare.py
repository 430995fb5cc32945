"""Writing skjerming, gradering and kassasjon, the structured attributes of arkivdel, klasse,
mappe, registrering and dokumentbeskrivelse (rest-api.md §3.1, §5.2; client-compat.md §6.2).

They are sent inside the unit's own body, on create and on update, and set through the
inheritance services of arkivstruktur.services.arv, which log and carry them down:

* An object sets the unit's own value; `null` removes it (skjerming and kassasjon are
  inherited again, a gradering is lifted: avgradering). PATCH merges members into what is
  shown (RFC 7396), PUT sends the whole object.
* What is shown is the effective value, own or inherited. Sending back what was read is
  "unchanged", so a client that PUTs the object it read does not turn an inherited value
  into an own one.
* Members the server computes (skjermingOpphoererDato, kassasjonsdato, the downgrade stamps)
  are accepted when they equal what the server arrives at and refused with 400 otherwise:
  silently dropping them would break the promise to echo what was sent. A fagsystem may name
  who graded and when (gradertAv, graderingsdato): those are stored as sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from arkivstruktur.services.arv import (
    er_lavere_gradering,
    gradering_nedgrader,
    gradering_sett,
    kassasjon_fjern,
    kassasjon_sett,
    skjerming_fjern,
    skjerming_sett,
)
from felles.feil import DomeneFeil
from noark_api import inndata
from noark_api.inndata import Modus, Skrivefelt, Verditype

SKJERMING, GRADERING, KASSASJON = "skjerming", "gradering", "kassasjon"
NAVN = (SKJERMING, GRADERING, KASSASJON)
FELTER: tuple[Skrivefelt, ...] = tuple(Skrivefelt(navn, navn, Verditype.STRUKTUR) for navn in NAVN)


def skill_ut(argumenter: dict[str, Any]) -> dict[str, Any]:
    """Take the structured attributes out of a body's arguments (they are set afterwards)."""
    return {navn: argumenter.pop(navn) for navn in NAVN if navn in argumenter}


def anvend(
    enhet: Any,
    sendt: Mapping[str, Any],
    bruker: Any,
    *,
    modus: Modus,
    naavaerende: Mapping[str, Any] | None = None,
) -> None:
    """Set what was sent of skjerming, gradering and kassasjon on `enhet`, in the caller's
    transaction. `naavaerende`: the unit as the API showed it before the change."""
    for navn, verdi in sendt.items():
        gammel = (naavaerende or {}).get(navn)
        ny = _flett(gammel, verdi) if modus is Modus.FLETT else verdi
        if _kanonisk(ny) == _kanonisk(gammel):
            continue
        if ny is not None and isinstance(gammel, Mapping):
            # Stamps read and sent back belong to the old value, not to the new one.
            ny = {
                medlem: v
                for medlem, v in ny.items()
                if not (medlem in _BEREGNET[navn] and _kanonisk(gammel.get(medlem)) == _kanonisk(v))
            }
        enhet.refresh_from_db()  # what the body's other attributes changed (offentligTittel)
        if ny is None:
            _FJERN[navn](enhet, bruker)
        else:
            _SETT[navn](enhet, ny, gammel, bruker)


def _flett(gammel: Any, sendt: Any) -> Any:
    """RFC 7396 on one object: members sent replace, `null` members are removed."""
    if sendt is None or not isinstance(gammel, Mapping):
        return sendt
    flettet = {**gammel, **sendt}
    return {navn: verdi for navn, verdi in flettet.items() if verdi is not None}


def _kanonisk(verdi: Any) -> Any:
    """A value as compared: a code object by its `kode`, absent and null members alike."""
    if isinstance(verdi, Mapping):
        if "kode" in verdi:
            return verdi["kode"]
        return {navn: _kanonisk(v) for navn, v in verdi.items() if v is not None}
    if isinstance(verdi, list):
        return [_kanonisk(v) for v in verdi]
    return verdi


def _medlemmer(navn: str, verdi: Mapping[str, Any], tillatt: set[str]) -> None:
    ukjente = sorted(set(verdi) - tillatt)
    if ukjente:
        raise DomeneFeil(
            f"«{navn}» har ikke attributtet «{ukjente[0]}». Tillatt: {', '.join(sorted(tillatt))}.",
            felt=f"{navn}.{ukjente[0]}",
        )


def _les(verdi: Mapping[str, Any], navn: str, type_: Verditype, sti: str) -> Any:
    """One member, read as `les_inndata` reads an attribute of that type; None when absent."""
    if verdi.get(navn) is None:
        return None
    return inndata.les_verdi(type_, f"{sti}.{navn}", verdi[navn])


def _krev_beregnet(sti: str, sendt: Any, beregnet: Any) -> None:
    """A computed member sent by the client must be what the server computed."""
    if sendt is None:
        return
    vist = beregnet.isoformat() if beregnet is not None else None
    if str(sendt)[:10] != (vist or "")[:10]:
        raise DomeneFeil(
            f"«{sti}» beregnes av systemet (her {vist or 'ingen'}) og kan ikke settes.",
            felt=sti,
        )


# --- skjerming ---------------------------------------------------------------------------------

_SKJERMINGSMEDLEMMER = {
    "tilgangsrestriksjon",
    "skjermingshjemmel",
    "skjermingMetadata",
    "skjermingDokument",
    "skjermingsvarighet",
    "skjermingOpphoererDato",
}


def _sett_skjerming(enhet: Any, verdi: Mapping[str, Any], _gammel: Any, bruker: Any) -> None:
    _medlemmer(SKJERMING, verdi, _SKJERMINGSMEDLEMMER)
    metadata = verdi.get("skjermingMetadata")
    if metadata is not None and not isinstance(metadata, list):
        raise DomeneFeil(
            "«skjerming.skjermingMetadata» må være en liste av kodeverdier.",
            felt="skjerming.skjermingMetadata",
        )
    skjerming_sett(
        enhet=enhet,
        tilgangsrestriksjon=_les(verdi, "tilgangsrestriksjon", Verditype.KODE, SKJERMING) or "",
        skjermingshjemmel=_les(verdi, "skjermingshjemmel", Verditype.TEKST, SKJERMING),
        skjerming_metadata=[
            inndata.les_verdi(Verditype.KODE, "skjerming.skjermingMetadata", kode)
            for kode in metadata or []
        ],
        skjerming_dokument=_les(verdi, "skjermingDokument", Verditype.KODE, SKJERMING),
        skjermingsvarighet=_les(verdi, "skjermingsvarighet", Verditype.HELTALL, SKJERMING),
        utfoert_av=bruker,
    )
    _krev_beregnet(
        "skjerming.skjermingOpphoererDato",
        verdi.get("skjermingOpphoererDato"),
        enhet.skjerming.skjerming_opphoerer_dato,
    )


def _fjern_skjerming(enhet: Any, bruker: Any) -> None:
    skjerming_fjern(enhet=enhet, utfoert_av=bruker)


# --- gradering ---------------------------------------------------------------------------------

_GRADERINGSMEDLEMMER = {
    "graderingskode",
    "graderingsdato",
    "gradertAv",
    "nedgraderingsdato",
    "nedgradertAv",
}


def _sett_gradering(enhet: Any, verdi: Mapping[str, Any], gammel: Any, bruker: Any) -> None:
    _medlemmer(GRADERING, verdi, _GRADERINGSMEDLEMMER)
    kode = _les(verdi, "graderingskode", Verditype.KODE, GRADERING)
    if kode is None:
        raise DomeneFeil(
            "«gradering.graderingskode» må fylles ut.",
            felt="gradering.graderingskode",
            kode="paakrevd",
        )
    for stempel in ("nedgraderingsdato", "nedgradertAv"):
        if verdi.get(stempel) is not None:
            raise DomeneFeil(
                f"«gradering.{stempel}» settes av systemet ved nedgradering.",
                felt=f"gradering.{stempel}",
            )
    gammel_kode = _kanonisk((gammel or {}).get("graderingskode"))
    if isinstance(gammel_kode, str) and er_lavere_gradering(kode, gammel_kode):
        gradering_nedgrader(enhet=enhet, graderingskode=kode, utfoert_av=bruker)
        return
    gradering_sett(
        enhet=enhet,
        graderingskode=kode,
        graderingsdato=_les(verdi, "graderingsdato", Verditype.DATOTID, GRADERING),
        gradert_av=_les(verdi, "gradertAv", Verditype.TEKST, GRADERING),
        utfoert_av=bruker,
    )


def _fjern_gradering(enhet: Any, bruker: Any) -> None:
    gradering_nedgrader(enhet=enhet, graderingskode=None, utfoert_av=bruker)


# --- kassasjon ---------------------------------------------------------------------------------

_KASSASJONSMEDLEMMER = {"kassasjonsvedtak", "kassasjonshjemmel", "bevaringstid", "kassasjonsdato"}

# The members the server sets or computes, per attribute.
_BEREGNET = {
    SKJERMING: {"skjermingOpphoererDato"},
    GRADERING: {"graderingsdato", "gradertAv", "nedgraderingsdato", "nedgradertAv"},
    KASSASJON: {"kassasjonsdato"},
}


def _sett_kassasjon(enhet: Any, verdi: Mapping[str, Any], _gammel: Any, bruker: Any) -> None:
    _medlemmer(KASSASJON, verdi, _KASSASJONSMEDLEMMER)
    bevaringstid = _les(verdi, "bevaringstid", Verditype.HELTALL, KASSASJON)
    if bevaringstid is None:
        raise DomeneFeil(
            "«kassasjon.bevaringstid» må fylles ut.",
            felt="kassasjon.bevaringstid",
            kode="paakrevd",
        )
    kassasjon_sett(
        enhet=enhet,
        kassasjonsvedtak=_les(verdi, "kassasjonsvedtak", Verditype.KODE, KASSASJON) or "",
        bevaringstid=bevaringstid,
        kassasjonshjemmel=_les(verdi, "kassasjonshjemmel", Verditype.TEKST, KASSASJON) or "",
        utfoert_av=bruker,
    )
    _krev_beregnet(
        "kassasjon.kassasjonsdato", verdi.get("kassasjonsdato"), enhet.kassasjon.kassasjonsdato
    )


def _fjern_kassasjon(enhet: Any, bruker: Any) -> None:
    kassasjon_fjern(enhet=enhet, utfoert_av=bruker)


_SETT: dict[str, Callable[[Any, Mapping[str, Any], Any, Any], None]] = {
    SKJERMING: _sett_skjerming,
    GRADERING: _sett_gradering,
    KASSASJON: _sett_kassasjon,
}
_FJERN: dict[str, Callable[[Any, Any], None]] = {
    SKJERMING: _fjern_skjerming,
    GRADERING: _fjern_gradering,
    KASSASJON: _fjern_kassasjon,
}
