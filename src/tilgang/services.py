"""Giving and withdrawing access: access codes, case access and clearances.

Every change is logged in the endringslogg in the same transaction: codes and clearances on the
user who receives them (felt `tilgangskode`, `klarering`), case access on the case (felt
`sakstilgang`). Who may do it:

* Access codes and clearances: the systemadministrator, or the archivist of the district the
  grant applies to; a clearance for every district only a systemadministrator of the city or
  a shared service (`tilgang.regler.kan_forvalte_tilgang`).
* Case access: the case's saksansvarlig or a leder of its unit, for a colleague with a role in
  the case's district (`tilgang.regler.er_saksansvarlig_for`, `er_leder_for_enheten`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from felles.feil import DomeneFeil
from felles.validering import krev_tekst, valgfri_tekst
from kodeliste.services import kodeverdi_for_bruk
from sporing.services import logg_endret, logget
from tilgang.models import (
    GRADERINGSNIVAA,
    Klarering,
    Sakstilgang,
    Tilgangskodetildeling,
)
from tilgang.omfang import idag
from tilgang.profil import glem_tilgangsprofil, tilgangsprofil
from tilgang.regler import krev_tillatelse

_IKKE_TILGANGSFORVALTER = (
    "Bare arkivar i bydelen eller systemadministrator kan gi og trekke tilgangskoder og "
    "klareringer."
)
_IKKE_SAKSANSVARLIG = (
    "Bare saksansvarlig eller leder for enheten kan gi og trekke tilgang til saken."
)


def _brukernavn(bruker: Any) -> str:
    return f"{bruker.visningsnavn} ({bruker.username})"


# --- tilgangskoder -----------------------------------------------------------------------------


def _kodeomfang(tildeling: Tilgangskodetildeling) -> str:
    enhet = tildeling.administrativ_enhet
    if enhet is not None:
        return f"{tildeling.tilgangskode} for {enhet} i {enhet.virksomhet}"
    return f"{tildeling.tilgangskode} for {tildeling.virksomhet}"


@logget
def tilgangskode_gi(
    *,
    bruker: Any,
    tilgangskode: str,
    virksomhet: Any = None,
    administrativ_enhet: Any = None,
    utfoert_av: Any,
) -> Tilgangskodetildeling:
    """Give `bruker` an access code (tilgangsrestriksjon, M500) for a whole virksomhet or for
    one administrative unit and the units below it (the child-welfare unit holds code 13 for
    its own cases only). The code must be in use in the code list."""
    if (virksomhet is None) == (administrativ_enhet is None):
        raise DomeneFeil(
            "Tilgangskoden må gjelde enten en virksomhet eller en administrativ enhet.",
            felt="virksomhet",
        )
    krev_tillatelse(
        utfoert_av,
        "tilgang.forvalte",
        virksomhet or administrativ_enhet,
        melding=_IKKE_TILGANGSFORVALTER,
    )
    kode = kodeverdi_for_bruk(
        kodeliste="tilgangsrestriksjon",
        kode=krev_tekst(tilgangskode, felt="tilgangskode", visningsnavn="Tilgangskode"),
        felt="tilgangskode",
        visningsnavn="tilgangskode",
    ).kode
    tildeling = Tilgangskodetildeling(
        bruker=bruker,
        tilgangskode=kode,
        virksomhet=virksomhet,
        administrativ_enhet=administrativ_enhet,
        gitt_av=utfoert_av.visningsnavn,
    )
    if Tilgangskodetildeling.objects.filter(
        bruker=bruker,
        tilgangskode=kode,
        virksomhet=virksomhet,
        administrativ_enhet=administrativ_enhet,
    ).exists():
        raise DomeneFeil(
            f"{bruker.visningsnavn} har allerede tilgangskode {_kodeomfang(tildeling)}.",
            felt="tilgangskode",
            kode="finnes",
        )
    tildeling.save()
    logg_endret(
        bruker,
        utfoert_av=utfoert_av,
        felt="tilgangskode",
        tidligere=None,
        ny=_kodeomfang(tildeling),
        beskrivelse="Tilgangskode gitt.",
    )
    glem_tilgangsprofil(bruker)
    return tildeling


@logget
def tilgangskode_trekk(*, tildeling: Tilgangskodetildeling, utfoert_av: Any) -> None:
    """Withdraw an access code; the endringslogg keeps that it was held, and by whom given."""
    krev_tillatelse(
        utfoert_av,
        "tilgang.forvalte",
        tildeling.virksomhet or tildeling.administrativ_enhet,
        melding=_IKKE_TILGANGSFORVALTER,
    )
    bruker = tildeling.bruker
    tekst = _kodeomfang(tildeling)
    tildeling.delete()
    logg_endret(
        bruker,
        utfoert_av=utfoert_av,
        felt="tilgangskode",
        tidligere=tekst,
        ny=None,
        beskrivelse=f"Tilgangskode trukket (gitt av {tildeling.gitt_av}).",
    )
    glem_tilgangsprofil(bruker)


# --- sakstilgang -------------------------------------------------------------------------------


def _sakstilgangstekst(sakstilgang: Sakstilgang) -> str:
    tekst = _brukernavn(sakstilgang.bruker)
    if sakstilgang.utloeper is not None:
        tekst += f" til og med {sakstilgang.utloeper.isoformat()}"
    return tekst


@logget
def sakstilgang_gi(
    *,
    saksmappe: Any,
    bruker: Any,
    utloeper: dt.date | None = None,
    begrunnelse: str = "",
    utfoert_av: Any,
) -> Sakstilgang:
    """Give a named colleague access to one case and everything in it, screened or not,
    until `utloeper` (inclusive) or until withdrawn. The colleague must have a role in the
    case's district; graded material still needs their clearance."""
    krev_tillatelse(utfoert_av, "tilgang.gi_sakstilgang", saksmappe, melding=_IKKE_SAKSANSVARLIG)
    begrunnelse = valgfri_tekst(begrunnelse, felt="begrunnelse", visningsnavn="Begrunnelse")
    if bruker is None or not bruker.is_active:
        raise DomeneFeil("Velg en aktiv bruker.", felt="bruker", kode="paakrevd")
    if not tilgangsprofil(bruker).ser_virksomhet(saksmappe.arkiv.virksomhet_id):
        raise DomeneFeil(
            f"{bruker.visningsnavn} har ingen rolle i {saksmappe.arkiv.virksomhet} og kan "
            "ikke få tilgang til saken.",
            felt="bruker",
        )
    if utloeper is not None and utloeper < idag():
        raise DomeneFeil("Utløpsdatoen kan ikke ligge i fortiden.", felt="utloeper")
    if Sakstilgang.objects.filter(bruker=bruker, mappe_id=saksmappe.pk).exists():
        raise DomeneFeil(
            f"{bruker.visningsnavn} har allerede tilgang til saken.", felt="bruker", kode="finnes"
        )
    sakstilgang = Sakstilgang.objects.create(
        bruker=bruker,
        mappe_id=saksmappe.pk,
        utloeper=utloeper,
        begrunnelse=begrunnelse,
        gitt_av=utfoert_av.visningsnavn,
        referanse_gitt_av=utfoert_av,
    )
    logg_endret(
        saksmappe,
        utfoert_av=utfoert_av,
        felt="sakstilgang",
        tidligere=None,
        ny=_sakstilgangstekst(sakstilgang),
        beskrivelse=f"Sakstilgang gitt. {begrunnelse}".strip(),
    )
    glem_tilgangsprofil(bruker)
    return sakstilgang


@logget
def sakstilgang_trekk(*, sakstilgang: Sakstilgang, utfoert_av: Any) -> None:
    """Withdraw a colleague's access to a case."""
    saksmappe = sakstilgang.mappe
    krev_tillatelse(utfoert_av, "tilgang.gi_sakstilgang", saksmappe, melding=_IKKE_SAKSANSVARLIG)
    bruker = sakstilgang.bruker
    tekst = _sakstilgangstekst(sakstilgang)
    sakstilgang.delete()
    logg_endret(
        saksmappe,
        utfoert_av=utfoert_av,
        felt="sakstilgang",
        tidligere=tekst,
        ny=None,
        beskrivelse=f"Sakstilgang trukket (gitt av {sakstilgang.gitt_av}).",
    )
    glem_tilgangsprofil(bruker)


# --- klarering ---------------------------------------------------------------------------------


def _klareringstekst(klarering: Klarering) -> str:
    omfang = str(klarering.virksomhet) if klarering.virksomhet_id else "alle virksomheter"
    tekst = f"{klarering.graderingskode} for {omfang} fra {klarering.gyldig_fra.isoformat()}"
    if klarering.gyldig_til is not None:
        tekst += f" til og med {klarering.gyldig_til.isoformat()}"
    return tekst


@logget
def klarering_gi(
    *,
    bruker: Any,
    graderingskode: str,
    virksomhet: Any = None,
    gyldig_fra: dt.date | None = None,
    gyldig_til: dt.date | None = None,
    utfoert_av: Any,
) -> Klarering:
    """Record a user's clearance: the highest graderingskode (M506) they may see on its scale
    (B < K < H < SH; F < SF), in one virksomhet or (None) in all. A user holds one clearance
    per scale and virksomhet; to change it, withdraw the old one first."""
    krev_tillatelse(utfoert_av, "tilgang.forvalte", virksomhet, melding=_IKKE_TILGANGSFORVALTER)
    kode = krev_tekst(graderingskode, felt="graderingskode", visningsnavn="Graderingskode")
    if kode not in GRADERINGSNIVAA:
        raise DomeneFeil(
            f"«{kode}» er ikke en graderingskode. Bruk B, K, H, SH, F eller SF.",
            felt="graderingskode",
        )
    gyldig_fra = gyldig_fra or idag()
    if gyldig_til is not None and gyldig_til < gyldig_fra:
        raise DomeneFeil("Gyldig til kan ikke være før gyldig fra.", felt="gyldig_til")
    skala = GRADERINGSNIVAA[kode][0]
    eksisterende = [
        k
        for k in Klarering.objects.filter(bruker=bruker, virksomhet=virksomhet)
        if k.skala == skala
    ]
    if eksisterende:
        raise DomeneFeil(
            f"{bruker.visningsnavn} har allerede klarering {eksisterende[0].graderingskode} "
            "på samme skala her. Trekk den først.",
            felt="graderingskode",
            kode="finnes",
        )
    klarering = Klarering.objects.create(
        bruker=bruker,
        graderingskode=kode,
        virksomhet=virksomhet,
        gyldig_fra=gyldig_fra,
        gyldig_til=gyldig_til,
        gitt_av=utfoert_av.visningsnavn,
        referanse_gitt_av=utfoert_av,
    )
    logg_endret(
        bruker,
        utfoert_av=utfoert_av,
        felt="klarering",
        tidligere=None,
        ny=_klareringstekst(klarering),
        beskrivelse="Klarering registrert.",
    )
    glem_tilgangsprofil(bruker)
    return klarering


@logget
def klarering_trekk(*, klarering: Klarering, utfoert_av: Any) -> None:
    """Withdraw a clearance."""
    krev_tillatelse(
        utfoert_av, "tilgang.forvalte", klarering.virksomhet, melding=_IKKE_TILGANGSFORVALTER
    )
    bruker = klarering.bruker
    tekst = _klareringstekst(klarering)
    klarering.delete()
    logg_endret(
        bruker,
        utfoert_av=utfoert_av,
        felt="klarering",
        tidligere=tekst,
        ny=None,
        beskrivelse=f"Klarering trukket (registrert av {klarering.gitt_av}).",
    )
    glem_tilgangsprofil(bruker)
