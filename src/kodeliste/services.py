"""Looking up and maintaining code values (model.md §7).

Lookups are cached per process for a short time: code lists change rarely, and every
registration checks several codes.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from felles.feil import DomeneFeil
from felles.tid import naa
from felles.validering import krev_tekst, valgfri_tekst
from kodeliste.models import Kodeliste, Kodeverdi

_LEVETID_SEKUNDER = 30.0
_hurtigbuffer: dict[str, tuple[float, dict[str, _Verdi]]] = {}


@dataclass(frozen=True)
class _Verdi:
    kode: str
    kodenavn: str
    gyldig_fra: dt.datetime | None
    utdatert: dt.datetime | None
    standard_skjermingshjemmel: str
    standard_skjermingsvarighet: int | None

    def er_gyldig(self, tidspunkt: dt.datetime) -> bool:
        if self.gyldig_fra and tidspunkt < self.gyldig_fra:
            return False
        return not (self.utdatert and tidspunkt >= self.utdatert)


def _verdier(kodeliste: str) -> dict[str, _Verdi]:
    lagret = _hurtigbuffer.get(kodeliste)
    if lagret and time.monotonic() - lagret[0] < _LEVETID_SEKUNDER:
        return lagret[1]
    verdier = {
        rad.kode: _Verdi(
            rad.kode,
            rad.kodenavn,
            rad.gyldig_fra,
            rad.utdatert,
            rad.standard_skjermingshjemmel,
            rad.standard_skjermingsvarighet,
        )
        for rad in Kodeverdi.objects.filter(kodeliste__navn=kodeliste)
    }
    _hurtigbuffer[kodeliste] = (time.monotonic(), verdier)
    return verdier


def glem_hurtigbuffer() -> None:
    _hurtigbuffer.clear()


def kodeverdi_for_bruk(*, kodeliste: str, kode: str, felt: str, visningsnavn: str) -> _Verdi:
    """The value to store on a new or changed record: it must exist and not be utdatert.

    A value may be given by its kode or by its kodenavn (both are unique in a list).
    """
    verdier = _verdier(kodeliste)
    verdi = verdier.get(kode) or next((v for v in verdier.values() if v.kodenavn == kode), None)
    if verdi is None:
        raise DomeneFeil(
            f"«{kode}» er ikke en gyldig kode for {visningsnavn}.", felt=felt, kode="ukjent_kode"
        )
    if not verdi.er_gyldig(naa()):
        raise DomeneFeil(
            f"Koden «{kode}» for {visningsnavn} er utdatert og kan ikke brukes.",
            felt=felt,
            kode="utdatert_kode",
        )
    return verdi


def sett_kode(objekt: Any, felt: str, kode: str, *, visningsnavn: str) -> None:
    """Store a copy of kode and kodenavn on the record (model.md §0)."""
    kodeliste = type(objekt)._meta.get_field(felt).kodeliste
    verdi = kodeverdi_for_bruk(kodeliste=kodeliste, kode=kode, felt=felt, visningsnavn=visningsnavn)
    setattr(objekt, felt, verdi.kode)
    setattr(objekt, f"{felt}_kodenavn", verdi.kodenavn)


def kodenavn(kodeliste: str, kode: str) -> str:
    verdi = _verdier(kodeliste).get(kode)
    return verdi.kodenavn if verdi else kode


@transaction.atomic
def kodeverdi_opprett(
    *,
    kodeliste: Kodeliste,
    kode: str,
    kodenavn: str,
    beskrivelse: str = "",
    gyldig_fra: dt.datetime | None = None,
    utdatert: dt.datetime | None = None,
    utfoert_av: Any,
) -> Kodeverdi:
    """A systemadministrator adds a value to an open list (model.md §7: organisations may
    add their own values)."""
    _krev_systemadministrator(utfoert_av)
    if not kodeliste.er_aapen:
        raise DomeneFeil(f"Kodelisten {kodeliste.visningsnavn} kan ikke utvides.", felt="kodeliste")
    kode = krev_tekst(kode, felt="kode", visningsnavn="Kode", maks=20)
    kodenavn = krev_tekst(kodenavn, felt="kodenavn", visningsnavn="Kodenavn", maks=200)
    _krev_gyldighet(gyldig_fra, utdatert)
    if kodeliste.verdier.filter(kode=kode).exists():
        raise DomeneFeil(f"Koden «{kode}» finnes allerede i {kodeliste.visningsnavn}.", felt="kode")
    if kodeliste.verdier.filter(kodenavn=kodenavn).exists():
        raise DomeneFeil(
            f"Kodenavnet «{kodenavn}» finnes allerede i {kodeliste.visningsnavn}.", felt="kodenavn"
        )
    verdi = Kodeverdi.objects.create(
        kodeliste=kodeliste,
        kode=kode,
        kodenavn=kodenavn,
        beskrivelse=valgfri_tekst(beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"),
        gyldig_fra=gyldig_fra,
        utdatert=utdatert,
    )
    glem_hurtigbuffer()
    return verdi


@transaction.atomic
def kodeverdi_endre(
    *,
    kodeverdi: Kodeverdi,
    kodenavn: str | None = None,
    beskrivelse: str | None = None,
    gyldig_fra: dt.datetime | None = None,
    utdatert: dt.datetime | None = None,
    utfoert_av: Any,
) -> Kodeverdi:
    """Rename or set validity dates. The kode never changes; records keep their own copy."""
    _krev_systemadministrator(utfoert_av)
    if kodenavn is not None:
        kodeverdi.kodenavn = krev_tekst(
            kodenavn, felt="kodenavn", visningsnavn="Kodenavn", maks=200
        )
        if (
            Kodeverdi.objects.filter(kodeliste=kodeverdi.kodeliste, kodenavn=kodeverdi.kodenavn)
            .exclude(pk=kodeverdi.pk)
            .exists()
        ):
            raise DomeneFeil(f"Kodenavnet «{kodenavn}» finnes allerede.", felt="kodenavn")
    if beskrivelse is not None:
        kodeverdi.beskrivelse = valgfri_tekst(
            beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"
        )
    kodeverdi.gyldig_fra = gyldig_fra
    kodeverdi.utdatert = utdatert
    _krev_gyldighet(gyldig_fra, utdatert)
    kodeverdi.save()
    glem_hurtigbuffer()
    return kodeverdi


def _krev_gyldighet(gyldig_fra: dt.datetime | None, utdatert: dt.datetime | None) -> None:
    if gyldig_fra and utdatert and utdatert <= gyldig_fra:
        raise DomeneFeil("Utdatert-datoen må være etter gyldig fra-datoen.", felt="utdatert")


def _krev_systemadministrator(bruker: Any) -> None:
    from organisasjon.models import Rolle, Rolletildeling

    if not Rolletildeling.objects.filter(bruker=bruker, rolle=Rolle.SYSTEMADMINISTRATOR).exists():
        raise DomeneFeil("Bare en systemadministrator kan endre kodelister.", kode="ingen_tilgang")
