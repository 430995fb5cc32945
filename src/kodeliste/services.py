"""Looking up and maintaining code values and the catalogue of virksomhetsspesifikkeMetadata
(model.md §5.6, §7).

Lookups are cached per process for a short time: code lists change rarely, and every
registration checks several codes. Only a systemadministrator maintains either; every change
is written to the endringslogg on the code value or catalogue field (its systemID), in the
same transaction.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from felles.feil import DomeneFeil, IngenTilgang
from felles.kodefelt import kodefelter
from felles.tid import naa
from felles.validering import krev_tekst, valgfri_tekst
from kodeliste.models import (
    Kodeliste,
    Kodeverdi,
    Metadatatype,
    VirksomhetsspesifiktMetadatafelt,
)
from kodeliste.vsmverdier import i_bruk
from sporing.services import logg_endret, logg_opprettet, logg_slettet, logget

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


@logget
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
    logg_opprettet(verdi, utfoert_av=utfoert_av, beskrivelse=f"Ny verdi i {kodeliste.navn}.")
    glem_hurtigbuffer()
    return verdi


@logget
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
    foer = _verdier_av(kodeverdi, _KODEVERDIFELTER)
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
    _logg_endringer(kodeverdi, foer, _KODEVERDIFELTER, utfoert_av=utfoert_av)
    glem_hurtigbuffer()
    return kodeverdi


@logget
def kodeverdi_slett(*, kodeverdi: Kodeverdi, utfoert_av: Any) -> None:
    """Remove a value the organisation added (client-compat.md §12.2: clients delete the code
    values they created). Refused for the values the standard ships, and for a value any
    record carries: those stay, and are retired by setting `utdatert` instead, so that every
    stored code still resolves to a value of its list."""
    _krev_systemadministrator(utfoert_av)
    if kodeverdi.er_standard:
        raise DomeneFeil(
            f"«{kodeverdi.kode}» er en standardverdi og kan ikke slettes; sett utdatert i stedet.",
            felt="kode",
        )
    if kodeverdi_er_i_bruk(kodeverdi):
        raise DomeneFeil(
            f"«{kodeverdi.kode}» er i bruk og kan ikke slettes; sett utdatert i stedet.",
            felt="kode",
            kode="i_bruk",
        )
    logg_slettet(
        kodeverdi, utfoert_av=utfoert_av, beskrivelse=f"Slettet fra {_listenavn(kodeverdi)}."
    )
    kodeverdi.delete()
    glem_hurtigbuffer()


def kodeverdi_er_i_bruk(kodeverdi: Kodeverdi) -> bool:
    """Whether any record stores this code in a field of its list (every KodeFelt)."""
    liste = _listenavn(kodeverdi)
    for modell in apps.get_models():
        if modell._meta.proxy:
            continue
        for felt, kodeliste in kodefelter(modell).items():
            if (
                kodeliste == liste
                and modell._base_manager.filter(**{felt: kodeverdi.kode}).exists()
            ):
                return True
    return False


def _listenavn(kodeverdi: Kodeverdi) -> str:
    return str(kodeverdi.kodeliste.navn)


_KODEVERDIFELTER = ("kodenavn", "beskrivelse", "gyldig_fra", "utdatert")


def _verdier_av(objekt: Any, felter: tuple[str, ...]) -> dict[str, Any]:
    return {felt: getattr(objekt, felt) for felt in felter}


def _logg_endringer(
    objekt: Any, foer: dict[str, Any], felter: tuple[str, ...], *, utfoert_av: Any
) -> None:
    for felt in felter:
        ny = getattr(objekt, felt)
        if ny != foer[felt]:
            logg_endret(
                objekt,
                utfoert_av=utfoert_av,
                felt=_metadatanavn(felt),
                tidligere=foer[felt] if foer[felt] != "" else None,
                ny=ny if ny != "" else None,
            )


def _metadatanavn(felt: str) -> str:
    forste, *resten = felt.split("_")
    return forste + "".join(del_.capitalize() for del_ in resten)


def _krev_gyldighet(gyldig_fra: dt.datetime | None, utdatert: dt.datetime | None) -> None:
    if gyldig_fra and utdatert and utdatert <= gyldig_fra:
        raise DomeneFeil("Utdatert-datoen må være etter gyldig fra-datoen.", felt="utdatert")


def _krev_systemadministrator(bruker: Any) -> None:
    from organisasjon.models import Rolle, Rolletildeling

    if not Rolletildeling.objects.filter(bruker=bruker, rolle=Rolle.SYSTEMADMINISTRATOR).exists():
        raise IngenTilgang("Bare en systemadministrator kan endre kodelister.")


# --- virksomhetsspesifikkeMetadata ---------------------------------------------------------------

# `<navnerom>-<versjon>:<felt>` (model.md §5.6, client-compat.md §14.5): a namespace of at
# least two parts (`ppt-v1`, `vnd-acme-v1`) and a field name, each part only a–z and 0–9,
# parts joined by `-` (the field of `vnd-acme-v1:intern-kode` has two).
_DEL = r"[a-z0-9]+"
VSM_NAVN = re.compile(rf"^{_DEL}(?:-{_DEL})+:{_DEL}(?:-{_DEL})*$")
_VSM_FELTER = ("type", "beskrivelse", "kilde", "utdatert")


def _vsm_navn(navn: str) -> str:
    navn = krev_tekst(navn, felt="navn", visningsnavn="Navn", maks=200)
    if not VSM_NAVN.match(navn):
        raise DomeneFeil(
            f"«{navn}» er ikke et gyldig navn. Navnet må ha formen "
            "<navnerom>-<versjon>:<felt>, for eksempel «ppt-v1:skoleaar», med bare små "
            "bokstaver a–z, sifre og bindestrek.",
            felt="navn",
        )
    return navn


def _vsm_type(type_: str) -> str:
    type_ = krev_tekst(type_, felt="type", visningsnavn="Type")
    if type_ not in Metadatatype.values:
        raise DomeneFeil(
            f"«{type_}» er ingen kjent type; bruk en av {', '.join(Metadatatype.values)}.",
            felt="type",
        )
    return type_


def _vsm_kilde(kilde: str) -> str:
    kilde = valgfri_tekst(kilde, felt="kilde", visningsnavn="Kilde", maks=500)
    if kilde:
        try:
            URLValidator(schemes=["http", "https"])(kilde)
        except ValidationError:
            raise DomeneFeil(f"«{kilde}» er ingen gyldig URL.", felt="kilde") from None
    return kilde


@logget
def vsm_opprett(
    *,
    navn: str,
    felttype: str,
    beskrivelse: str = "",
    kilde: str = "",
    utdatert: dt.datetime | None = None,
    utfoert_av: Any,
) -> VirksomhetsspesifiktMetadatafelt:
    """Add a field to the catalogue of virksomhetsspesifikkeMetadata (model.md §5.6). The
    name is unique and follows `<navnerom>-<versjon>:<felt>`."""
    _krev_systemadministrator(utfoert_av)
    navn = _vsm_navn(navn)
    if VirksomhetsspesifiktMetadatafelt.objects.filter(navn=navn).exists():
        raise DomeneFeil(f"Feltet «{navn}» finnes allerede.", felt="navn", kode="finnes")
    felt = VirksomhetsspesifiktMetadatafelt.objects.create(
        navn=navn,
        type=_vsm_type(felttype),
        beskrivelse=valgfri_tekst(beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"),
        kilde=_vsm_kilde(kilde),
        utdatert=utdatert,
        opprettet_dato=naa(),
        opprettet_av=utfoert_av.visningsnavn,
    )
    logg_opprettet(felt, utfoert_av=utfoert_av)
    return felt


@logget
def vsm_endre(
    *,
    felt: VirksomhetsspesifiktMetadatafelt,
    navn: str | None = None,
    felttype: str | None = None,
    beskrivelse: str | None = None,
    kilde: str | None = None,
    utdatert: dt.datetime | None = None,
    utfoert_av: Any,
) -> VirksomhetsspesifiktMetadatafelt:
    """Describe a field anew or retire it (`utdatert`). The name never changes: records carry
    values under it."""
    _krev_systemadministrator(utfoert_av)
    if navn is not None and navn != felt.navn:
        raise DomeneFeil(
            "Navnet på et felt kan ikke endres; opprett et nytt felt og sett utdatert på dette.",
            felt="navn",
        )
    foer = _verdier_av(felt, _VSM_FELTER)
    if felttype is not None:
        felt.type = _vsm_type(felttype)
    if beskrivelse is not None:
        felt.beskrivelse = valgfri_tekst(
            beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"
        )
    if kilde is not None:
        felt.kilde = _vsm_kilde(kilde)
    if utdatert is not None:
        felt.utdatert = utdatert
    felt.save()
    _logg_endringer(felt, foer, _VSM_FELTER, utfoert_av=utfoert_av)
    return felt


@logget
def vsm_slett(*, felt: VirksomhetsspesifiktMetadatafelt, utfoert_av: Any) -> None:
    """Remove a field from the catalogue (client-compat.md §12.2), once no record carries it:
    a value whose definition is gone could neither be checked nor go into an extract."""
    _krev_systemadministrator(utfoert_av)
    antall = i_bruk(felt.navn)
    if antall:
        raise DomeneFeil(
            f"Feltet «{felt.navn}» brukes av {antall} enheter og kan ikke slettes; sett det "
            "som utdatert i stedet.",
            felt="navn",
            kode="i_bruk",
        )
    logg_slettet(felt, utfoert_av=utfoert_av)
    felt.delete()
