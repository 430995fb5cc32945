"""Values of virksomhetsspesifikkeMetadata on records (model.md §5.6, rest-api.md §9).

A record carries one object of `"<navnerom>-<versjon>:<felt>": value` pairs. Every key must be
a field of the catalogue (kodeliste.VirksomhetsspesifiktMetadatafelt), not retired (utdatert),
and its value must be of the field's type. A value is kept exactly as it was given, so that
a client gets back character for character what it sent (client-compat.md §2.6): a date or
a date-time is stored as its text, after it has been checked.

The services of every unit that carries the object read values through `vsm_verdier`, on
create and on change; `i_bruk` tells the catalogue whether a field is still used.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.utils.dateparse import parse_date, parse_datetime

from felles.feil import DomeneFeil
from felles.tid import naa
from kodeliste.models import Metadatatype, VirksomhetsspesifiktMetadatafelt

VSM_FELT = "virksomhetsspesifikke_metadata"
"""The column name on every model that carries the object."""

# The models whose column holds values (model.md §5.6: mappe, registrering, part,
# korrespondansepart, dokumentbeskrivelse), as app_label.Model.
BAERERE = (
    "arkivstruktur.Mappe",
    "arkivstruktur.Registrering",
    "arkivstruktur.Part",
    "arkivstruktur.Dokumentbeskrivelse",
    "sakarkiv.Korrespondansepart",
)

_DATO = re.compile(r"^-?\d{4,}-\d{2}-\d{2}(?:Z|[+-]\d{2}:\d{2})?$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def _feil(navn: str, hva: str) -> DomeneFeil:
    return DomeneFeil(
        f"Verdien av «{navn}» i virksomhetsspesifikke metadata må være {hva}.", felt=VSM_FELT
    )


def _boolean(navn: str, verdi: Any) -> Any:
    if not isinstance(verdi, bool):
        raise _feil(navn, "true eller false")
    return verdi


def _integer(navn: str, verdi: Any) -> Any:
    if isinstance(verdi, bool) or not isinstance(verdi, int):
        raise _feil(navn, "et heltall")
    return verdi


def _decimal(navn: str, verdi: Any) -> Any:
    """A JSON number, or a decimal written as text (no precision is lost that way)."""
    if isinstance(verdi, bool):
        raise _feil(navn, "et desimaltall")
    if isinstance(verdi, int) or (isinstance(verdi, float) and math.isfinite(verdi)):
        return verdi
    if isinstance(verdi, str):
        try:
            if Decimal(verdi).is_finite():
                return verdi
        except InvalidOperation:
            pass
    raise _feil(navn, "et desimaltall")


def _date(navn: str, verdi: Any) -> Any:
    if not isinstance(verdi, str) or not _DATO.match(verdi):
        raise _feil(navn, "en dato (ÅÅÅÅ-MM-DD)")
    try:
        gyldig = parse_date(verdi.lstrip("-")[:10]) is not None
    except ValueError:
        gyldig = False
    if not gyldig:
        raise _feil(navn, "en gyldig dato")
    return verdi


def _datetime(navn: str, verdi: Any) -> Any:
    """An xs:dateTime with its time zone (model.md §6.8: dates always carry one)."""
    try:
        tid = parse_datetime(verdi) if isinstance(verdi, str) else None
    except ValueError:
        tid = None
    if tid is None or tid.tzinfo is None:
        raise _feil(navn, "et tidspunkt med tidssone, for eksempel 2025-01-31T12:00:00+01:00")
    return verdi


def _string(navn: str, verdi: Any) -> Any:
    if not isinstance(verdi, str):
        raise _feil(navn, "en tekst")
    return verdi


def _uri(navn: str, verdi: Any) -> Any:
    if not isinstance(verdi, str) or not _URI.match(verdi):
        raise _feil(navn, "en URI, for eksempel https://eksempel.no/sak/1")
    return verdi


_LES: dict[str, Callable[[str, Any], Any]] = {
    Metadatatype.BOOLEAN: _boolean,
    Metadatatype.INTEGER: _integer,
    Metadatatype.DECIMAL: _decimal,
    Metadatatype.DATE: _date,
    Metadatatype.DATETIME: _datetime,
    Metadatatype.STRING: _string,
    Metadatatype.URI: _uri,
}


def verdi_av_type(type_: str, navn: str, verdi: Any) -> Any:
    """`verdi` if it is of the catalogue type `type_`; a DomeneFeil naming `navn` if not."""
    return _LES[type_](navn, verdi)


def vsm_verdier(
    verdier: Any,
    *,
    tidligere: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    """`verdier` checked against the catalogue: the object to store, None when empty. A
    member whose value is null is left out. A retired field is refused when it is set or
    changed, not when a client sends back the value a record already has (`tidligere`)."""
    if verdier is None:
        return None
    if not isinstance(verdier, Mapping):
        raise DomeneFeil(
            "Virksomhetsspesifikke metadata må være et objekt av navn og verdier.", felt=VSM_FELT
        )
    satt = {navn: verdi for navn, verdi in verdier.items() if verdi is not None}
    if not satt:
        return None
    katalog = {
        felt.navn: felt
        for felt in VirksomhetsspesifiktMetadatafelt.objects.filter(navn__in=list(satt))
    }
    tidligere = tidligere or {}
    tidspunkt = naa()
    resultat: dict[str, Any] = {}
    for navn, verdi in satt.items():
        felt = katalog.get(navn) if isinstance(navn, str) else None
        if felt is None:
            raise DomeneFeil(
                f"«{navn}» er ikke et felt i katalogen over virksomhetsspesifikke metadata "
                "(metadata/virksomhetsspesifikkeMetadata/).",
                felt=VSM_FELT,
            )
        uendret = navn in tidligere and tidligere[navn] == verdi
        if felt.utdatert is not None and felt.utdatert <= tidspunkt and not uendret:
            raise DomeneFeil(
                f"Feltet «{navn}» er utdatert og kan ikke lenger settes.", felt=VSM_FELT
            )
        resultat[navn] = verdi_av_type(felt.type, navn, verdi)
    return resultat


def i_bruk(navn: str) -> int:
    """How many records carry the field `navn`."""
    return sum(
        apps.get_model(modell).objects.filter(**{f"{VSM_FELT}__has_key": navn}).count()
        for modell in BAERERE
    )


def som_tekst(verdier: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """The fields as a page shows them, in name order: a boolean as ja/nei, the rest as
    stored."""
    if not verdier:
        return []
    return [
        (navn, ("ja" if verdi else "nei") if isinstance(verdi, bool) else str(verdi))
        for navn, verdi in sorted(verdier.items())
    ]
