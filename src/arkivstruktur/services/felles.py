"""Helpers every archive service uses: stamps, codes, logged field changes, frozen fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from felles.feil import DomeneFeil
from felles.kodefelt import KodeFelt
from felles.tid import naa
from kodeliste.services import kodeverdi_for_bruk, sett_kode
from kodeliste.vsmverdier import VSM_FELT, vsm_verdier
from sporing.services import logg_endret, logg_opprettet


def stemple_opprettet(
    objekt: Any, *, utfoert_av: Any, tidspunkt: dt.datetime | None = None
) -> None:
    """opprettetDato/opprettetAv (M600/M601) are set by the server, never by the client."""
    objekt.opprettet_dato = tidspunkt or naa()
    objekt.opprettet_av = utfoert_av.visningsnavn
    objekt.referanse_opprettet_av = utfoert_av


def opprett(objekt: models.Model, *, utfoert_av: Any, beskrivelse: str = "") -> Any:
    """Insert a new unit and write its 'opprettet' log entry in the same transaction."""
    objekt.save(force_insert=True)
    logg_opprettet(objekt, utfoert_av=utfoert_av, beskrivelse=beskrivelse)
    return objekt


def koder(objekt: Any, verdier: Mapping[str, tuple[str | None, str]]) -> None:
    """Set several code fields: {felt: (kode or None, visningsnavn)}; None leaves it as it is."""
    for felt, (kode, visningsnavn) in verdier.items():
        if kode:
            sett_kode(objekt, felt, kode, visningsnavn=visningsnavn)


def kopier_koder(kilde: Any, maal: Any, *felter: str) -> None:
    """Inherit stored code values as they are: kode and the kodenavn copied with it (model.md
    §0), without a new look-up that an outdated code would fail."""
    for felt in felter:
        setattr(maal, felt, getattr(kilde, felt))
        setattr(maal, f"{felt}_kodenavn", getattr(kilde, f"{felt}_kodenavn"))


def _sammenlignbar(verdi: Any) -> Any:
    if isinstance(verdi, models.Model):
        return verdi.pk
    return verdi


def endre_felter(
    objekt: Any,
    endringer: Mapping[str, Any],
    *,
    utfoert_av: Any,
    frosne: Iterable[str] = (),
    frossen_grunn: str = "",
    beskrivelse: str = "",
) -> list[str]:
    """Apply field changes, refuse frozen fields, log one entry per changed field, save.

    Returns the names of the fields that actually changed.
    """
    frosne = set(frosne)
    endret: list[str] = []
    for felt, ny in endringer.items():
        gammel = getattr(objekt, felt)
        if felt == VSM_FELT:
            ny = vsm_verdier(ny, tidligere=gammel)
        if _sammenlignbar(gammel) == _sammenlignbar(ny):
            continue
        felt_def = type(objekt)._meta.get_field(felt)
        if isinstance(felt_def, KodeFelt) and ny:
            verdi = kodeverdi_for_bruk(
                kodeliste=felt_def.kodeliste,
                kode=ny,
                felt=felt,
                visningsnavn=_visningsnavn(objekt, felt),
            )
            ny = verdi.kode
            setattr(objekt, f"{felt}_kodenavn", verdi.kodenavn)
        if _sammenlignbar(gammel) == _sammenlignbar(ny):
            continue
        if felt in frosne:
            raise DomeneFeil(
                f"{_visningsnavn(objekt, felt)} kan ikke endres {frossen_grunn}.".replace(
                    "  ", " "
                ),
                felt=felt,
                kode="laast",
            )
        setattr(objekt, felt, ny)
        if felt in PERSONIDENTIFIKATORER:
            # The log is append-only for ever; a fødselsnummer must not be written into it
            # (personopplysningsloven § 12). The change itself is still recorded.
            gammel, ny = _maskert(gammel), _maskert(ny)
        logg_endret(
            objekt,
            utfoert_av=utfoert_av,
            felt=_metadatanavn(objekt, felt),
            tidligere=gammel,
            ny=ny,
            beskrivelse=beskrivelse,
        )
        endret.append(felt)
    if endret:
        stempel: list[str] = []
        if hasattr(objekt, "endret_dato"):
            objekt.endret_dato = naa()
            objekt.endret_av = utfoert_av.visningsnavn
            objekt.referanse_endret_av = utfoert_av
            stempel = ["endret_dato", "endret_av", "referanse_endret_av"]
        kodenavn_felter = [f"{f}_kodenavn" for f in endret if hasattr(objekt, f"{f}_kodenavn")]
        objekt.save(update_fields=[*endret, *kodenavn_felter, *stempel])
    return endret


PERSONIDENTIFIKATORER = frozenset({"personidentifikator"})


def _maskert(verdi: Any) -> str | None:
    return "*****" if verdi else None


def _metadatanavn(objekt: Any, felt: str) -> str:
    """The Noark element name for the log (referanseMetadata), e.g. `part_rolle` → `partRolle`."""
    hjelp = str(type(objekt)._meta.get_field(felt).help_text or "")
    deler = hjelp.split()
    navn = (
        deler[1]
        if len(deler) >= 2 and deler[0].startswith("M") and deler[0][1:].isdigit()
        else felt
    )
    # Code fields carry the Python name in their help text: part_rolle → partRolle.
    forste, *resten = navn.split("_")
    return forste + "".join(del_.capitalize() for del_ in resten)


def _visningsnavn(objekt: Any, felt: str) -> str:
    return _metadatanavn(objekt, felt)[:1].upper() + _metadatanavn(objekt, felt)[1:]
