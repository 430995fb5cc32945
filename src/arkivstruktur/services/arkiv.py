"""Arkivskaper, Arkiv and Arkivdel, with periods (model.md §3.1–3.3, §6.2, §6.3, §6.5).

Arkiv and arkivdel are created and changed by administrators (5.13.4–5.13.6): a new arkiv or
arkivskaper by a systemadministrator only, since that decides which virksomhet owns what;
everything else by whoever may `arkivstruktur.forvalte` the arkiv (systemadministrator or the
virksomhet's arkivar).

Arkivdelstatus (M051) moves only forward: A aktiv → O overlapping → P avsluttet, or A → P
directly. P is final; U (uaktuelle mapper) is not reachable. An arkivdel in O always has an
arvtaker, because its open mapper move there as soon as they get a new registrering (5.11.5);
`arkivdel_periodiser` creates it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from arkivstruktur.models import (
    Arkiv,
    Arkivdel,
    Arkivskaper,
    Dokumentbeskrivelse,
    Kassasjon,
    Klassifikasjonssystem,
    Mappe,
    Registrering,
    Skjerming,
)
from arkivstruktur.services.arv import arv_oppdater, laas_rad
from arkivstruktur.services.felles import (
    endre_felter,
    koder,
    kopier_koder,
    opprett,
    stemple_opprettet,
)
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import dato_i_oslo, legg_til_aar, naa
from felles.validering import krev_tekst, tekstliste, valgfri_tekst
from kodeliste.services import kodeverdi_for_bruk
from organisasjon.models import Virksomhet
from sporing.services import logg_endret, logget
from tilgang.regler import er_systemadministrator, krev_tillatelse

ARKIV_OPPRETTET = "O"
ARKIV_AVSLUTTET = "A"

AKTIV_PERIODE = "A"
OVERLAPPINGSPERIODE = "O"
AVSLUTTET_PERIODE = "P"
_TILLATTE_OVERGANGER = {
    (AKTIV_PERIODE, OVERLAPPINGSPERIODE),
    (OVERLAPPINGSPERIODE, AVSLUTTET_PERIODE),
    (AKTIV_PERIODE, AVSLUTTET_PERIODE),
}
# A chain of periods is short; the limit only guards against a loop in bad data.
_MAKS_PERIODER = 1000


def _avsluttet(utfoert_av: Any, tidspunkt: dt.datetime) -> dict[str, Any]:
    return {
        "avsluttet_dato": tidspunkt,
        "avsluttet_av": utfoert_av.visningsnavn,
        "referanse_avsluttet_av": utfoert_av,
    }


# --- arkivskaper and arkiv -----------------------------------------------------------------------


@logget
def arkivskaper_opprett(
    *,
    arkivskaper_id: str,
    arkivskaper_navn: str,
    beskrivelse: str = "",
    virksomhet: Virksomhet | None = None,
    utfoert_av: Any,
) -> Arkivskaper:
    """Register an arkivskaper (model.md §3.2). arkivskaperID (M006) is the organisation
    number or an id agreed with the depot; not unique (client-compat.md §6.5). Set up by a
    systemadministrator together with the arkiv."""
    if not er_systemadministrator(utfoert_av):
        raise IngenTilgang()
    arkivskaper_id = krev_tekst(
        arkivskaper_id, felt="arkivskaper_id", visningsnavn="ArkivskaperID", maks=100
    )
    arkivskaper = Arkivskaper(
        arkivskaper_id=arkivskaper_id,
        arkivskaper_navn=krev_tekst(
            arkivskaper_navn, felt="arkivskaper_navn", visningsnavn="ArkivskaperNavn", maks=255
        ),
        beskrivelse=valgfri_tekst(beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"),
        virksomhet=virksomhet,
    )
    stemple_opprettet(arkivskaper, utfoert_av=utfoert_av)
    opprett(arkivskaper, utfoert_av=utfoert_av)
    return arkivskaper


@logget
def arkivskaper_endre(
    *,
    arkivskaper: Arkivskaper,
    arkivskaper_id: str | None = None,
    arkivskaper_navn: str | None = None,
    beskrivelse: str | None = None,
    utfoert_av: Any,
) -> Arkivskaper:
    """Correct an arkivskaper's ID, name or description; a systemadministrator only."""
    if not er_systemadministrator(utfoert_av):
        raise IngenTilgang()
    laas_rad(arkivskaper)
    endringer: dict[str, Any] = {}
    if arkivskaper_id is not None:
        endringer["arkivskaper_id"] = krev_tekst(
            arkivskaper_id, felt="arkivskaper_id", visningsnavn="ArkivskaperID", maks=100
        )
    if arkivskaper_navn is not None:
        endringer["arkivskaper_navn"] = krev_tekst(
            arkivskaper_navn, felt="arkivskaper_navn", visningsnavn="ArkivskaperNavn", maks=255
        )
    if beskrivelse is not None:
        endringer["beskrivelse"] = valgfri_tekst(
            beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"
        )
    endre_felter(arkivskaper, endringer, utfoert_av=utfoert_av)
    return arkivskaper


@logget
def arkiv_opprett(
    *,
    tittel: str,
    beskrivelse: str = "",
    virksomhet: Virksomhet,
    arkivskapere: Iterable[Arkivskaper],
    dokumentmedium: str | None = None,
    oppbevaringssted: list[str] | None = None,
    overarkiv: Arkiv | None = None,
    utfoert_av: Any,
) -> Arkiv:
    """Create an arkiv, or an underarkiv of `overarkiv` (model.md §3.1; 5.13.4).

    Only a systemadministrator. At least one arkivskaper. Arkivstatus starts as O
    (Opprettet). An arkiv holds either underarkiver or arkivdeler (exclusive children), and a
    closed arkiv takes neither. dokumentmedium and oppbevaringssted of an underarkiv default
    to the overarkiv's.
    """
    if not er_systemadministrator(utfoert_av):
        raise IngenTilgang()
    arkivskapere = list(arkivskapere)
    if not arkivskapere:
        raise DomeneFeil("Arkivet må ha minst én arkivskaper.", felt="arkivskaper", kode="paakrevd")
    if overarkiv is not None:
        laas_rad(overarkiv)
        _krev_kan_faa_underarkiv(overarkiv, virksomhet)
    arkiv = Arkiv(
        tittel=krev_tekst(tittel, felt="tittel", visningsnavn="Tittel", maks=255),
        beskrivelse=valgfri_tekst(beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"),
        virksomhet=virksomhet,
        overarkiv=overarkiv,
    )
    koder(arkiv, {"arkivstatus": (ARKIV_OPPRETTET, "arkivstatus")})
    if dokumentmedium is not None or overarkiv is None:
        koder(arkiv, {"dokumentmedium": (dokumentmedium, "dokumentmedium")})
    else:
        kopier_koder(overarkiv, arkiv, "dokumentmedium")
    if oppbevaringssted is not None or overarkiv is None:
        arkiv.oppbevaringssted = tekstliste(
            oppbevaringssted, felt="oppbevaringssted", visningsnavn="Oppbevaringssted"
        )
    else:
        arkiv.oppbevaringssted = list(overarkiv.oppbevaringssted)
    stemple_opprettet(arkiv, utfoert_av=utfoert_av)
    opprett(arkiv, utfoert_av=utfoert_av)
    arkiv.arkivskapere.set(arkivskapere)
    return arkiv


def _krev_kan_faa_underarkiv(overarkiv: Arkiv, virksomhet: Virksomhet) -> None:
    if overarkiv.er_avsluttet:
        raise DomeneFeil(
            f"Arkivet «{overarkiv.tittel}» er avsluttet og tar ikke imot nye underarkiver.",
            felt="overarkiv",
        )
    if overarkiv.arkivdeler.exists():
        raise DomeneFeil(
            f"Arkivet «{overarkiv.tittel}» har arkivdeler og kan ikke ha underarkiver.",
            felt="overarkiv",
        )
    if overarkiv.virksomhet_id != virksomhet.pk:
        raise DomeneFeil(
            "Et underarkiv må høre til samme virksomhet som arkivet over det.",
            felt="virksomhet",
        )


@logget
def arkiv_endre(
    *,
    arkiv: Arkiv,
    tittel: str | None = None,
    beskrivelse: str | None = None,
    dokumentmedium: str | None = None,
    oppbevaringssted: list[str] | None = None,
    utfoert_av: Any,
) -> Arkiv:
    """Change an arkiv (5.13.5). tittel is frozen once the arkiv is closed (model.md §3.1).
    Arguments left as None are not changed."""
    krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", arkiv)
    laas_rad(arkiv)
    endringer = _felles_endringer(tittel, beskrivelse, dokumentmedium, oppbevaringssted)
    endre_felter(
        arkiv,
        endringer,
        utfoert_av=utfoert_av,
        frosne=["tittel"] if arkiv.er_avsluttet else [],
        frossen_grunn="når arkivet er avsluttet",
    )
    return arkiv


@logget
def arkiv_avslutt(*, arkiv: Arkiv, utfoert_av: Any) -> Arkiv:
    """Close an arkiv: arkivstatus A, avsluttetDato/avsluttetAv set by the system (model.md
    §3.1, §6.3). It then takes no new arkivdeler (5.2.4)."""
    krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", arkiv)
    laas_rad(arkiv)
    if arkiv.er_avsluttet:
        raise DomeneFeil("Arkivet er allerede avsluttet.", felt="arkivstatus")
    endre_felter(
        arkiv,
        {"arkivstatus": ARKIV_AVSLUTTET, **_avsluttet(utfoert_av, naa())},
        utfoert_av=utfoert_av,
    )
    return arkiv


def _felles_endringer(
    tittel: str | None,
    beskrivelse: str | None,
    dokumentmedium: str | None,
    oppbevaringssted: list[str] | None,
) -> dict[str, Any]:
    endringer: dict[str, Any] = {}
    if tittel is not None:
        endringer["tittel"] = krev_tekst(tittel, felt="tittel", visningsnavn="Tittel", maks=255)
    if beskrivelse is not None:
        endringer["beskrivelse"] = valgfri_tekst(
            beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"
        )
    if dokumentmedium is not None:
        endringer["dokumentmedium"] = dokumentmedium
    if oppbevaringssted is not None:
        endringer["oppbevaringssted"] = tekstliste(
            oppbevaringssted, felt="oppbevaringssted", visningsnavn="Oppbevaringssted"
        )
    return endringer


# --- arkivdel ------------------------------------------------------------------------------------


def _krev_arkiv_tar_imot_arkivdeler(arkiv: Arkiv) -> None:
    if arkiv.er_avsluttet:
        raise DomeneFeil(
            "Arkivet er avsluttet og tar ikke imot nye arkivdeler.", felt="arkiv", kode="avsluttet"
        )
    if arkiv.underarkiver.exists():
        raise DomeneFeil(
            "Arkivet har underarkiver; arkivdeler hører til på det laveste arkivnivået.",
            felt="arkiv",
        )


@logget
def arkivdel_opprett(
    *,
    arkiv: Arkiv,
    tittel: str,
    beskrivelse: str = "",
    klassifikasjonssystem: Klassifikasjonssystem | None = None,
    dokumentmedium: str | None = None,
    oppbevaringssted: list[str] | None = None,
    arkivperiode_start_dato: dt.date | None = None,
    utfoert_av: Any,
) -> Arkivdel:
    """Create an arkivdel (model.md §3.3; 5.13.6).

    Not in a closed arkiv (5.2.4), nor in one with underarkiver (exclusive children).
    Arkivdelstatus starts as A (aktiv periode), arkivperiodeStartDato (M107) defaults to
    today. dokumentmedium and oppbevaringssted are inherited from the arkiv unless given.
    The arkivdel is the top of skjerming and kassasjon: it inherits neither.
    """
    krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", arkiv)
    laas_rad(arkiv)
    _krev_arkiv_tar_imot_arkivdeler(arkiv)
    if klassifikasjonssystem is not None and klassifikasjonssystem.er_avsluttet:
        raise DomeneFeil(
            "Klassifikasjonssystemet er avsluttet og kan ikke brukes i en ny arkivdel.",
            felt="klassifikasjonssystem",
        )
    arkivdel = Arkivdel(
        arkiv=arkiv,
        tittel=krev_tekst(tittel, felt="tittel", visningsnavn="Tittel", maks=255),
        beskrivelse=valgfri_tekst(beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"),
        klassifikasjonssystem=klassifikasjonssystem,
    )
    koder(arkivdel, {"arkivdelstatus": (AKTIV_PERIODE, "arkivdelstatus")})
    if dokumentmedium is not None:
        koder(arkivdel, {"dokumentmedium": (dokumentmedium, "dokumentmedium")})
    else:
        kopier_koder(arkiv, arkivdel, "dokumentmedium")
    if oppbevaringssted is not None:
        arkivdel.oppbevaringssted = tekstliste(
            oppbevaringssted, felt="oppbevaringssted", visningsnavn="Oppbevaringssted"
        )
    else:
        arkivdel.oppbevaringssted = list(arkiv.oppbevaringssted)
    stemple_opprettet(arkivdel, utfoert_av=utfoert_av)
    arkivdel.arkivperiode_start_dato = arkivperiode_start_dato or dato_i_oslo(
        arkivdel.opprettet_dato
    )
    opprett(arkivdel, utfoert_av=utfoert_av)
    return arkivdel


@logget
def arkivdel_endre(
    *,
    arkivdel: Arkivdel,
    tittel: str | None = None,
    beskrivelse: str | None = None,
    dokumentmedium: str | None = None,
    oppbevaringssted: list[str] | None = None,
    arkivperiode_start_dato: dt.date | None = None,
    arkivperiode_slutt_dato: dt.date | None = None,
    utfoert_av: Any,
) -> Arkivdel:
    """Change an arkivdel (5.13.6). tittel is frozen once it is closed (model.md §3.3); the
    period dates may be edited (M107/M108) but may not end before they start. Status changes
    go through `arkivdel_endre_status`. Arguments left as None are not changed."""
    krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", arkivdel)
    laas_rad(arkivdel)
    endringer = _felles_endringer(tittel, beskrivelse, dokumentmedium, oppbevaringssted)
    if arkivperiode_start_dato is not None:
        endringer["arkivperiode_start_dato"] = arkivperiode_start_dato
    if arkivperiode_slutt_dato is not None:
        endringer["arkivperiode_slutt_dato"] = arkivperiode_slutt_dato
    _krev_periode_i_rekkefoelge(
        endringer.get("arkivperiode_start_dato", arkivdel.arkivperiode_start_dato),
        endringer.get("arkivperiode_slutt_dato", arkivdel.arkivperiode_slutt_dato),
    )
    endre_felter(
        arkivdel,
        endringer,
        utfoert_av=utfoert_av,
        frosne=["tittel"] if _er_avsluttet(arkivdel) else [],
        frossen_grunn="når arkivdelen er avsluttet",
    )
    return arkivdel


def _er_avsluttet(arkivdel: Arkivdel) -> bool:
    return arkivdel.er_avsluttet or arkivdel.arkivdelstatus == AVSLUTTET_PERIODE


def _krev_periode_i_rekkefoelge(start: dt.date | None, slutt: dt.date | None) -> None:
    if start is not None and slutt is not None and slutt < start:
        raise DomeneFeil(
            "ArkivperiodeSluttDato kan ikke være før arkivperiodeStartDato.",
            felt="arkivperiode_slutt_dato",
        )


@logget
def arkivdel_endre_status(
    *,
    arkivdel: Arkivdel,
    arkivdelstatus: str,
    arkivperiode_slutt_dato: dt.date | None = None,
    utfoert_av: Any,
) -> Arkivdel:
    """Move an arkivdel to the next period status (model.md §6.2, §6.5; 5.2.20).

    Allowed: A → O (only with an arvtaker, 5.11.5), O → P and A → P. P is final. Closing (P)
    is refused while the arkivdel has open mapper (5.11.6, 5.11.7), and sets avsluttetDato /
    avsluttetAv and, unless already set or given, arkivperiodeSluttDato (M108) to the day of
    closing.
    """
    krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", arkivdel)
    laas_rad(arkivdel)
    _endre_status(
        arkivdel,
        arkivdelstatus,
        utfoert_av=utfoert_av,
        arkivperiode_slutt_dato=arkivperiode_slutt_dato,
    )
    return arkivdel


@logget
def arkivdel_avslutt(
    *, arkivdel: Arkivdel, arkivperiode_slutt_dato: dt.date | None = None, utfoert_av: Any
) -> Arkivdel:
    """Close an arkivdel (status P) from A or O; see `arkivdel_endre_status` (5.11.7)."""
    return arkivdel_endre_status(
        arkivdel=arkivdel,
        arkivdelstatus=AVSLUTTET_PERIODE,
        arkivperiode_slutt_dato=arkivperiode_slutt_dato,
        utfoert_av=utfoert_av,
    )


@logget
def arkivdel_avslutt_overlapp(
    *, arkivdel: Arkivdel, arkivperiode_slutt_dato: dt.date | None = None, utfoert_av: Any
) -> Arkivdel:
    """End the overlapping period: O → P, refused while open mapper remain (5.11.7)."""
    krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", arkivdel)
    laas_rad(arkivdel)
    if arkivdel.arkivdelstatus != OVERLAPPINGSPERIODE:
        raise DomeneFeil("Arkivdelen er ikke i overlappingsperiode.", felt="arkivdelstatus")
    _endre_status(
        arkivdel,
        AVSLUTTET_PERIODE,
        utfoert_av=utfoert_av,
        arkivperiode_slutt_dato=arkivperiode_slutt_dato,
    )
    return arkivdel


def _endre_status(
    arkivdel: Arkivdel,
    arkivdelstatus: str,
    *,
    utfoert_av: Any,
    arkivperiode_slutt_dato: dt.date | None = None,
) -> None:
    ny = kodeverdi_for_bruk(
        kodeliste="arkivdelstatus",
        kode=arkivdelstatus,
        felt="arkivdelstatus",
        visningsnavn="arkivdelstatus",
    ).kode
    gammel = arkivdel.arkivdelstatus
    if gammel == ny:
        raise DomeneFeil(f"Arkivdelen har allerede status «{ny}».", felt="arkivdelstatus")
    if gammel == AVSLUTTET_PERIODE:
        raise DomeneFeil(
            "Arkivdelen er avsluttet (P), og statusen kan ikke endres.",
            felt="arkivdelstatus",
            kode="laast",
        )
    if (gammel, ny) not in _TILLATTE_OVERGANGER:
        raise DomeneFeil(
            f"Arkivdelstatus kan ikke endres fra «{gammel}» til «{ny}».", felt="arkivdelstatus"
        )
    endringer: dict[str, Any] = {"arkivdelstatus": ny}
    if (
        ny == OVERLAPPINGSPERIODE
        and not Arkivdel.objects.filter(referanse_forloeper=arkivdel).exists()
    ):
        raise DomeneFeil(
            "En arkivdel i overlappingsperiode må ha en arvtaker som mappene kan flyttes til "
            "(5.11.5). Bruk periodisering.",
            felt="arkivdelstatus",
        )
    if ny == AVSLUTTET_PERIODE:
        aapne = arkivdel.mapper.filter(avsluttet_dato__isnull=True).count()
        if aapne:
            raise DomeneFeil(
                f"Arkivdelen har {aapne} åpne mapper og kan ikke avsluttes før de er avsluttet.",
                felt="arkivdelstatus",
                kode="aapne_mapper",
            )
        tidspunkt = naa()
        endringer.update(_avsluttet(utfoert_av, tidspunkt))
        slutt = (
            arkivperiode_slutt_dato or arkivdel.arkivperiode_slutt_dato or dato_i_oslo(tidspunkt)
        )
        _krev_periode_i_rekkefoelge(arkivdel.arkivperiode_start_dato, slutt)
        endringer["arkivperiode_slutt_dato"] = slutt
    endre_felter(arkivdel, endringer, utfoert_av=utfoert_av)


# --- periods -------------------------------------------------------------------------------------


@logget
def arkivdel_periodiser(*, arkivdel: Arkivdel, ny_tittel: str, utfoert_av: Any) -> Arkivdel:
    """Start a new period (model.md §6.5; 5.11.2): create the arvtaker and put `arkivdel` in
    overlappingsperiode (O). Returns the arvtaker.

    The arvtaker is a new arkivdel in status A in the same arkiv, with the same primary and
    secondary klassifikasjonssystemer, dokumentmedium, oppbevaringssted and beskrivelse, and
    copies of the skjerming and kassasjon of `arkivdel` as values of its own (the new period
    keeps the rules; later changes to one period do not touch the other). It points back with
    referanseForloeper (M202); the old arkivdel's referanseArvtaker (M203) is logged.
    """
    krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", arkivdel)
    laas_rad(arkivdel)
    if arkivdel.arkivdelstatus != AKTIV_PERIODE:
        raise DomeneFeil(
            "Bare en arkivdel i aktiv periode kan periodiseres.", felt="arkivdelstatus"
        )
    if Arkivdel.objects.filter(referanse_forloeper=arkivdel).exists():
        raise DomeneFeil("Arkivdelen har allerede en arvtaker.", felt="referanse_arvtaker")
    arkiv = arkivdel.arkiv
    laas_rad(arkiv)
    _krev_arkiv_tar_imot_arkivdeler(arkiv)
    arvtaker = Arkivdel(
        arkiv=arkiv,
        tittel=krev_tekst(ny_tittel, felt="tittel", visningsnavn="Tittel", maks=255),
        beskrivelse=arkivdel.beskrivelse,
        klassifikasjonssystem=arkivdel.klassifikasjonssystem,
        oppbevaringssted=list(arkivdel.oppbevaringssted),
        referanse_forloeper=arkivdel,
    )
    kopier_koder(arkivdel, arvtaker, "dokumentmedium")
    koder(arvtaker, {"arkivdelstatus": (AKTIV_PERIODE, "arkivdelstatus")})
    stemple_opprettet(arvtaker, utfoert_av=utfoert_av)
    arvtaker.arkivperiode_start_dato = dato_i_oslo(arvtaker.opprettet_dato)
    if arkivdel.skjerming is not None:
        arvtaker.skjerming = _kopi_av_skjerming(
            arkivdel.skjerming, start=arvtaker.arkivperiode_start_dato
        )
        arvtaker.skjerming_er_arvet = False
    if arkivdel.kassasjon is not None:
        arvtaker.kassasjon = _kopi_av_kassasjon(arkivdel.kassasjon)
        arvtaker.kassasjon_er_arvet = False
    opprett(
        arvtaker,
        utfoert_av=utfoert_av,
        beskrivelse=f"Ny periode etter arkivdelen «{arkivdel.tittel}» (periodisering).",
    )
    arvtaker.sekundaere_klassifikasjonssystemer.set(
        arkivdel.sekundaere_klassifikasjonssystemer.all()
    )
    logg_endret(
        arkivdel, utfoert_av=utfoert_av, felt="referanseArvtaker", tidligere=None, ny=arvtaker
    )
    _endre_status(arkivdel, OVERLAPPINGSPERIODE, utfoert_av=utfoert_av)
    return arvtaker


def _kopi_av_skjerming(skjerming: Skjerming, *, start: dt.date) -> Skjerming:
    """The same values for a new owner; the end date follows the new owner's start."""
    kopi = Skjerming(
        skjermingshjemmel=skjerming.skjermingshjemmel,
        skjerming_metadata=list(skjerming.skjerming_metadata),
        skjermingsvarighet=skjerming.skjermingsvarighet,
    )
    kopier_koder(skjerming, kopi, "tilgangsrestriksjon", "skjerming_dokument")
    if kopi.skjermingsvarighet is not None:
        kopi.skjerming_opphoerer_dato = legg_til_aar(start, kopi.skjermingsvarighet)
    kopi.save()
    return kopi


def _kopi_av_kassasjon(kassasjon: Kassasjon) -> Kassasjon:
    kopi = Kassasjon(
        kassasjonshjemmel=kassasjon.kassasjonshjemmel,
        bevaringstid=kassasjon.bevaringstid,
        kassasjonsdato=kassasjon.kassasjonsdato,
    )
    kopier_koder(kassasjon, kopi, "kassasjonsvedtak")
    kopi.save()
    return kopi


def _aktiv_arvtaker(arkivdel: Arkivdel) -> Arkivdel:
    """The first arkivdel in status A along the chain of arvtakere."""
    naavaerende = arkivdel
    for _ in range(_MAKS_PERIODER):
        neste: Arkivdel | None = Arkivdel.objects.filter(referanse_forloeper=naavaerende).first()
        if neste is None or neste.arkivdelstatus not in (AKTIV_PERIODE, OVERLAPPINGSPERIODE):
            break
        if neste.arkivdelstatus == AKTIV_PERIODE:
            return neste
        naavaerende = neste
    raise DomeneFeil(
        "Arkivdelen har ingen arvtaker i aktiv periode som mappen kan flyttes til.",
        felt="arkivdel",
    )


@logget
def mappe_flytt_til_arvtaker(*, mappe: Mappe, utfoert_av: Any) -> Mappe:
    """Move an open mappe from an arkivdel in overlappingsperiode to its arvtaker (model.md
    §6.5; 5.11.5). Called when a new registrering is added to the mappe.

    The whole folder moves: the top mappe in the old arkivdel with its undermapper, their
    registreringer, and the dokumentbeskrivelser of those registreringer, each where it points
    at the old arkivdel (a unit pointing at another, rule-carrying arkivdel keeps pointing
    there). Skjerming and kassasjon inherited from the old arkivdel are then taken from the
    new one. Each moved unit gets a referanseArkivdel (M208) entry in the endringslogg.
    """
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", mappe)
    laas_rad(mappe)
    if mappe.er_avsluttet:
        raise DomeneFeil(
            "Mappen er avsluttet og tar ikke imot nye registreringer.",
            felt="mappe",
            kode="avsluttet",
        )
    gammel = mappe.arkivdel
    if gammel.arkivdelstatus != OVERLAPPINGSPERIODE:
        raise DomeneFeil(
            "Mappen flyttes bare når arkivdelen er i overlappingsperiode.", felt="arkivdel"
        )
    ny = _aktiv_arvtaker(gammel)
    rot = mappe
    overmappe = rot.overmappe
    while overmappe is not None and overmappe.arkivdel_id == gammel.pk:
        rot, overmappe = overmappe, overmappe.overmappe
    mappe_ider = _mappetre(rot, arkivdel=gammel)
    mapper = list(
        Mappe._base_manager.filter(pk__in=mappe_ider).only("pk", "system_id", "mappetype")
    )
    registreringer = list(
        Registrering._base_manager.filter(mappe_id__in=mappe_ider, arkivdel=gammel).only(
            "pk", "system_id", "registreringstype"
        )
    )
    dokumenter = list(
        Dokumentbeskrivelse._base_manager.filter(
            arkivdel=gammel, tilknytninger__registrering__in=[r.pk for r in registreringer]
        )
        .distinct()
        .only("pk", "system_id")
    )
    stempel = {
        "arkivdel": ny,
        "endret_dato": naa(),
        "endret_av": utfoert_av.visningsnavn,
        "referanse_endret_av": utfoert_av,
    }
    for modell, enheter in (
        (Mappe, mapper),
        (Registrering, registreringer),
        (Dokumentbeskrivelse, dokumenter),
    ):
        modell._base_manager.filter(pk__in=[enhet.pk for enhet in enheter]).update(**stempel)
        for enhet in enheter:
            logg_endret(
                enhet,
                utfoert_av=utfoert_av,
                felt="referanseArkivdel",
                tidligere=gammel,
                ny=ny,
                beskrivelse="Flyttet til arkivdelen for ny periode fordi mappen fikk en ny "
                "registrering i overlappingsperioden.",
            )
    arv_oppdater(Mappe._base_manager.get(pk=rot.pk))
    mappe.refresh_from_db()
    return mappe


def _mappetre(rot: Mappe, *, arkivdel: Arkivdel) -> list[int]:
    """Primary keys of `rot` and its undermapper (at every depth) in `arkivdel`."""
    ider = [rot.pk]
    nivaa = [rot.pk]
    while nivaa:
        nivaa = list(
            Mappe._base_manager.filter(overmappe_id__in=nivaa, arkivdel=arkivdel).values_list(
                "pk", flat=True
            )
        )
        ider.extend(nivaa)
    return ider
