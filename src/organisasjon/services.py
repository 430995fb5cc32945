"""Maintaining the organisation: administrative units, users and their roles (model.md
§5.1–5.3; the API's admin package).

Only a systemadministrator does this (`tilgang.regler.er_systemadministrator`). Every change
is written to the endringslogg in the same transaction: units and users on themselves, role
assignments on the user who holds them (felt `rolle`), as `tilgang.services` does for access
codes. Rules of the standard kept here:

* administrativEnhetNavn (M583) and brukerNavn (M580) never change: a renamed unit is a new
  unit, a renamed person a new user (model.md §5.1, §5.2).
* A user is kept for ever once they have acted in the archive (their name is in the log);
  only a user who never acted may be deleted, e.g. one created by mistake.
* A unit or user is deleted only when nothing hangs under it any more (child units, roles,
  access grants, records): children first, as clients clean up (client-compat.md §12.2).
* The last systemadministrator role cannot be withdrawn: nobody could give it back.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils.text import slugify

from felles.feil import DomeneFeil, IngenTilgang
from felles.validering import krev_tekst, valgfri_tekst
from organisasjon.models import AdministrativEnhet, Bruker, Rolle, Rolletildeling, Virksomhet
from sporing.models import Endringslogg
from sporing.services import logg_endret, logg_opprettet, logg_slettet, logget
from tilgang.models import Klarering, Sakstilgang, Tilgangskodetildeling
from tilgang.profil import glem_tilgangsprofil
from tilgang.regler import er_systemadministrator

AKTIV_ENHET = "Aktiv enhet"

_IKKE_ADMINISTRATOR = "Bare en systemadministrator kan endre enheter, brukere og roller."
_UENDRET: Any = object()


def _krev_systemadministrator(bruker: Any) -> None:
    if not er_systemadministrator(bruker):
        raise IngenTilgang(_IKKE_ADMINISTRATOR)


def _slett(objekt: Any, melding: str) -> None:
    """Delete, refusing with `melding` when a record still points to the object."""
    try:
        objekt.delete()
    except ProtectedError:
        raise DomeneFeil(melding) from None


# --- administrative enheter ----------------------------------------------------------------------


def _ledig_kortnavn(virksomhet: Virksomhet, kortnavn: str, *, unntatt: int | None = None) -> bool:
    rader = AdministrativEnhet.objects.filter(virksomhet=virksomhet, kortnavn=kortnavn)
    if unntatt is not None:
        rader = rader.exclude(pk=unntatt)
    return not rader.exists()


def _enhetens_kortnavn(kortnavn: str, navn: str, virksomhet: Virksomhet) -> str:
    """The given kortnavn, which must be free in the virksomhet; or one made from the name."""
    if kortnavn:
        if not _ledig_kortnavn(virksomhet, kortnavn):
            raise DomeneFeil(
                f"{virksomhet} har allerede en enhet med kortnavnet «{kortnavn}».",
                felt="kortnavn",
                kode="finnes",
            )
        return kortnavn
    return _ledig_variant(
        _ascii_slug(navn)[:50] or "enhet", lambda kandidat: _ledig_kortnavn(virksomhet, kandidat)
    )


def _ascii_slug(tekst: str) -> str:
    for norsk, ascii_ in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        tekst = tekst.replace(norsk, ascii_).replace(norsk.upper(), ascii_.upper())
    return slugify(tekst)


def _ledig_variant(grunn: str, er_ledig: Any) -> str:
    """`grunn`, or `grunn-2`, `grunn-3` … whichever is free first."""
    kandidat, nummer = grunn, 1
    while not er_ledig(kandidat):
        nummer += 1
        kandidat = f"{grunn}-{nummer}"
    return kandidat


def _krev_ingen_sirkel(enhet: AdministrativEnhet, overordnet: AdministrativEnhet) -> None:
    steg: AdministrativEnhet | None = overordnet
    while steg is not None:
        if steg.pk == enhet.pk:
            raise DomeneFeil(
                "En enhet kan ikke ligge under seg selv eller en av sine underenheter.",
                felt="referanseOverordnetEnhet",
            )
        steg = steg.overordnet_enhet


@logget
def administrativ_enhet_opprett(
    *,
    administrativ_enhet_navn: str,
    kortnavn: str = "",
    administrativ_enhetsstatus: str = "",
    overordnet_enhet: AdministrativEnhet | None = None,
    virksomhet: Virksomhet | None = None,
    utfoert_av: Any,
) -> AdministrativEnhet:
    """A new unit (model.md §5.1). It belongs to the virksomhet of its parent unit, or to the
    one given. Without a kortnavn one is made from the name, free in the virksomhet."""
    _krev_systemadministrator(utfoert_av)
    navn = krev_tekst(
        administrativ_enhet_navn,
        felt="administrativEnhetNavn",
        visningsnavn="AdministrativEnhetNavn",
        maks=200,
    )
    if overordnet_enhet is not None:
        if virksomhet is not None and virksomhet.pk != overordnet_enhet.virksomhet_id:
            raise DomeneFeil(
                "Den overordnede enheten hører til en annen virksomhet.",
                felt="referanseOverordnetEnhet",
            )
        virksomhet = overordnet_enhet.virksomhet
    if virksomhet is None:
        raise DomeneFeil(
            "Oppgi den overordnede enheten (referanseOverordnetEnhet), så enheten får "
            "virksomheten sin derfra.",
            felt="referanseOverordnetEnhet",
            kode="paakrevd",
        )
    kort = valgfri_tekst(kortnavn, felt="kortnavn", visningsnavn="Kortnavn", maks=60)
    enhet = AdministrativEnhet.objects.create(
        administrativ_enhet_navn=navn,
        kortnavn=_enhetens_kortnavn(kort, navn, virksomhet),
        administrativ_enhetsstatus=valgfri_tekst(
            administrativ_enhetsstatus,
            felt="administrativEnhetsstatus",
            visningsnavn="AdministrativEnhetsstatus",
            maks=60,
        )
        or AKTIV_ENHET,
        virksomhet=virksomhet,
        overordnet_enhet=overordnet_enhet,
        opprettet_av=utfoert_av.visningsnavn,
    )
    logg_opprettet(enhet, utfoert_av=utfoert_av)
    return enhet


@logget
def administrativ_enhet_endre(
    *,
    enhet: AdministrativEnhet,
    administrativ_enhet_navn: str | None = None,
    kortnavn: str | None = None,
    administrativ_enhetsstatus: str | None = None,
    overordnet_enhet: AdministrativEnhet | None = _UENDRET,
    utfoert_av: Any,
) -> AdministrativEnhet:
    """Change a unit's kortnavn, status or place in the tree (within its virksomhet).
    `overordnet_enhet=None` makes it a top unit."""
    _krev_systemadministrator(utfoert_av)
    if (
        administrativ_enhet_navn is not None
        and administrativ_enhet_navn.strip() != enhet.administrativ_enhet_navn
    ):
        raise DomeneFeil(
            "Navnet på en administrativ enhet endres ikke: opprett en ny enhet og sett "
            "status på den gamle (Noark 5).",
            felt="administrativEnhetNavn",
        )
    endringer: list[tuple[str, Any, Any]] = []
    if kortnavn is not None:
        kort = krev_tekst(kortnavn, felt="kortnavn", visningsnavn="Kortnavn", maks=60)
        if kort != enhet.kortnavn:
            if not _ledig_kortnavn(enhet.virksomhet, kort, unntatt=enhet.pk):
                raise DomeneFeil(
                    f"{enhet.virksomhet} har allerede en enhet med kortnavnet «{kort}».",
                    felt="kortnavn",
                    kode="finnes",
                )
            endringer.append(("kortnavn", enhet.kortnavn, kort))
            enhet.kortnavn = kort
    if administrativ_enhetsstatus is not None:
        status = krev_tekst(
            administrativ_enhetsstatus,
            felt="administrativEnhetsstatus",
            visningsnavn="AdministrativEnhetsstatus",
            maks=60,
        )
        if status != enhet.administrativ_enhetsstatus:
            endringer.append(
                ("administrativEnhetsstatus", enhet.administrativ_enhetsstatus, status)
            )
            enhet.administrativ_enhetsstatus = status
    if overordnet_enhet is not _UENDRET and overordnet_enhet != enhet.overordnet_enhet:
        if overordnet_enhet is not None:
            if overordnet_enhet.virksomhet_id != enhet.virksomhet_id:
                raise DomeneFeil(
                    "En enhet kan bare flyttes innenfor sin egen virksomhet.",
                    felt="referanseOverordnetEnhet",
                )
            _krev_ingen_sirkel(enhet, overordnet_enhet)
        endringer.append(
            (
                "referanseOverordnetEnhet",
                enhet.overordnet_enhet.system_id if enhet.overordnet_enhet else None,
                overordnet_enhet.system_id if overordnet_enhet else None,
            )
        )
        enhet.overordnet_enhet = overordnet_enhet
    if endringer:
        enhet.save()
        for felt, tidligere, ny in endringer:
            logg_endret(enhet, utfoert_av=utfoert_av, felt=felt, tidligere=tidligere, ny=ny)
    return enhet


@logget
def administrativ_enhet_slett(*, enhet: AdministrativEnhet, utfoert_av: Any) -> None:
    """Remove a unit nothing hangs under: no units below it, no roles or access codes in it,
    no records naming it. A unit that has been in use is kept and given another status."""
    _krev_systemadministrator(utfoert_av)
    if enhet.underenheter.exists():
        raise DomeneFeil("Enheten har underenheter; slett eller flytt dem først.")
    if enhet.rolletildelinger.exists():
        raise DomeneFeil("Enheten har brukere med roller; trekk rollene først.")
    if Tilgangskodetildeling.objects.filter(administrativ_enhet=enhet).exists():
        raise DomeneFeil("Noen har tilgangskoder for enheten; trekk dem først.")
    logg_slettet(enhet, utfoert_av=utfoert_av)
    _slett(
        enhet,
        "Enheten er brukt i arkivet og kan ikke slettes; sett status på den i stedet "
        "(for eksempel «Passiv enhet»).",
    )


# --- brukere -------------------------------------------------------------------------------------


def _gyldig_brukernavn(brukernavn: str) -> bool:
    try:
        Bruker.username_validator(brukernavn)
    except ValidationError:
        return False
    return len(brukernavn) <= 150


def _ledig_brukernavn(brukernavn: str, *, unntatt: int | None = None) -> bool:
    rader = Bruker.objects.filter(username__iexact=brukernavn)
    if unntatt is not None:
        rader = rader.exclude(pk=unntatt)
    return not rader.exists()


def _krev_brukernavn(kortnavn: str, *, unntatt: int | None = None) -> str:
    brukernavn = krev_tekst(kortnavn, felt="kortnavn", visningsnavn="Kortnavn", maks=150)
    if not _gyldig_brukernavn(brukernavn):
        raise DomeneFeil(
            f"«{brukernavn}» kan ikke brukes som brukernavn: bruk bokstaver, sifre og "
            "@ . + - _ uten mellomrom.",
            felt="kortnavn",
        )
    if not _ledig_brukernavn(brukernavn, unntatt=unntatt):
        raise DomeneFeil(f"Brukernavnet «{brukernavn}» er i bruk.", felt="kortnavn", kode="finnes")
    return brukernavn


def _nytt_brukernavn(navn: str) -> str:
    """A login name made from brukerNavn: the name itself when it is one (`ola@example.com`),
    otherwise its letters (`Ola Nordmann` → `ola-nordmann`); free, with a number if needed."""
    grunn = navn if _gyldig_brukernavn(navn) else (_ascii_slug(navn)[:140] or "bruker")
    return _ledig_variant(grunn, _ledig_brukernavn)


_MELLOMROM = re.compile(r"\s+")


@logget
def bruker_opprett(*, bruker_navn: str, kortnavn: str = "", utfoert_av: Any) -> Bruker:
    """Register a user (model.md §5.2). brukerNavn (M580) is the person's name as written into
    opprettetAv and the log; kortnavn is the login name, made from the name when absent. A
    user made here has no password and no roles: they log in through the identity provider,
    and a role (admin/ny-rettighet/) gives access."""
    _krev_systemadministrator(utfoert_av)
    navn = _MELLOMROM.sub(
        " ", krev_tekst(bruker_navn, felt="brukerNavn", visningsnavn="BrukerNavn", maks=150)
    )
    kort = valgfri_tekst(kortnavn, felt="kortnavn", visningsnavn="Kortnavn", maks=150)
    brukernavn = _krev_brukernavn(kort) if kort else _nytt_brukernavn(navn)
    bruker = Bruker(username=brukernavn)
    if navn != brukernavn:
        fornavn, _, etternavn = navn.rpartition(" ")
        bruker.first_name, bruker.last_name = (fornavn, etternavn) if fornavn else (navn, "")
    bruker.set_unusable_password()
    bruker.save()
    logg_opprettet(bruker, utfoert_av=utfoert_av)
    return bruker


@logget
def bruker_endre(
    *,
    bruker: Bruker,
    bruker_navn: str | None = None,
    kortnavn: str | None = None,
    utfoert_av: Any,
) -> Bruker:
    """Change a user's login name (kortnavn). brukerNavn never changes (model.md §5.2)."""
    _krev_systemadministrator(utfoert_av)
    if bruker_navn is not None and _MELLOMROM.sub(" ", bruker_navn.strip()) != bruker.visningsnavn:
        raise DomeneFeil(
            "BrukerNavn endres ikke: en person med nytt navn registreres som en ny bruker "
            "(Noark 5).",
            felt="brukerNavn",
        )
    if kortnavn is not None and kortnavn.strip() != bruker.username:
        brukernavn = _krev_brukernavn(kortnavn, unntatt=bruker.pk)
        tidligere, bruker.username = bruker.username, brukernavn
        bruker.save(update_fields=["username"])
        logg_endret(
            bruker, utfoert_av=utfoert_av, felt="kortnavn", tidligere=tidligere, ny=brukernavn
        )
    return bruker


@logget
def bruker_slett(*, bruker: Bruker, utfoert_av: Any) -> None:
    """Remove a user who never acted in the archive and holds nothing: a mistake. Everybody
    who has acted is kept for ever (model.md §5.2); withdraw their roles instead."""
    _krev_systemadministrator(utfoert_av)
    if bruker.pk == utfoert_av.pk:
        raise DomeneFeil("Du kan ikke slette deg selv.")
    if bruker.roller.exists():
        raise DomeneFeil("Brukeren har roller; trekk rollene først.")
    if (
        Tilgangskodetildeling.objects.filter(bruker=bruker).exists()
        or Klarering.objects.filter(bruker=bruker).exists()
        or Sakstilgang.objects.filter(bruker=bruker).exists()
    ):
        raise DomeneFeil(
            "Brukeren har tilgangskoder, klareringer eller sakstilganger; trekk dem først."
        )
    melding = (
        "Brukeren har handlet i arkivet og beholdes for alltid (Noark 5); trekk rollene for å "
        "stenge tilgangen."
    )
    if Endringslogg.objects.filter(referanse_endret_av=bruker.system_id).exists():
        raise DomeneFeil(melding)
    logg_slettet(bruker, utfoert_av=utfoert_av)
    _slett(bruker, melding)


# --- roller --------------------------------------------------------------------------------------


def _rolle(rolle: str) -> str:
    """A role by its value or its name, in any case (`saksbehandler`, `Saksbehandler`)."""
    tekst = krev_tekst(rolle, felt="rolle", visningsnavn="Rolle").lower()
    for verdi, navn in Rolle.choices:
        if tekst in (verdi, str(navn).lower()):
            return str(verdi)
    raise DomeneFeil(
        f"«{rolle}» er ingen rolle; bruk en av {', '.join(Rolle.values)}.", felt="rolle"
    )


def _rolletekst(tildeling: Rolletildeling) -> str:
    enhet = tildeling.administrativ_enhet
    return f"{Rolle(tildeling.rolle).label} i {enhet} ({enhet.virksomhet})"


def _krev_ny_tildeling(bruker: Bruker, enhet: AdministrativEnhet, rolle: str) -> None:
    if Rolletildeling.objects.filter(
        bruker=bruker, administrativ_enhet=enhet, rolle=rolle
    ).exists():
        raise DomeneFeil(
            f"{bruker.visningsnavn} er allerede {Rolle(rolle).label.lower()} i {enhet}.",
            felt="rolle",
            kode="finnes",
        )


def _krev_ikke_siste_systemadministrator(tildeling: Rolletildeling) -> None:
    if (
        tildeling.rolle == Rolle.SYSTEMADMINISTRATOR
        and not Rolletildeling.objects.filter(rolle=Rolle.SYSTEMADMINISTRATOR)
        .exclude(pk=tildeling.pk)
        .exists()
    ):
        raise DomeneFeil(
            "Dette er den siste systemadministratoren; gi rollen til noen andre først.",
            felt="rolle",
        )


@logget
def rolletildeling_gi(
    *, bruker: Bruker, administrativ_enhet: AdministrativEnhet, rolle: str, utfoert_av: Any
) -> Rolletildeling:
    """Give a user a role in a unit: what they may see and do follows from it (tilgang)."""
    _krev_systemadministrator(utfoert_av)
    rolle = _rolle(rolle)
    _krev_ny_tildeling(bruker, administrativ_enhet, rolle)
    tildeling = Rolletildeling.objects.create(
        bruker=bruker, administrativ_enhet=administrativ_enhet, rolle=rolle
    )
    logg_endret(
        bruker,
        utfoert_av=utfoert_av,
        felt="rolle",
        tidligere=None,
        ny=_rolletekst(tildeling),
        beskrivelse="Rolle gitt.",
    )
    glem_tilgangsprofil(bruker)
    return tildeling


@logget
def rolletildeling_endre(
    *,
    tildeling: Rolletildeling,
    rolle: str | None = None,
    administrativ_enhet: AdministrativEnhet | None = None,
    utfoert_av: Any,
) -> Rolletildeling:
    """Change the role, or the unit it is held in."""
    _krev_systemadministrator(utfoert_av)
    ny_rolle = _rolle(rolle) if rolle is not None else tildeling.rolle
    ny_enhet = administrativ_enhet or tildeling.administrativ_enhet
    if ny_rolle == tildeling.rolle and ny_enhet.pk == tildeling.administrativ_enhet_id:
        return tildeling
    if ny_rolle != tildeling.rolle:
        _krev_ikke_siste_systemadministrator(tildeling)
    _krev_ny_tildeling(tildeling.bruker, ny_enhet, ny_rolle)
    tidligere = _rolletekst(tildeling)
    tildeling.rolle, tildeling.administrativ_enhet = ny_rolle, ny_enhet
    tildeling.save(update_fields=["rolle", "administrativ_enhet"])
    logg_endret(
        tildeling.bruker,
        utfoert_av=utfoert_av,
        felt="rolle",
        tidligere=tidligere,
        ny=_rolletekst(tildeling),
        beskrivelse="Rolle endret.",
    )
    glem_tilgangsprofil(tildeling.bruker)
    return tildeling


@logget
def rolletildeling_trekk(*, tildeling: Rolletildeling, utfoert_av: Any) -> None:
    """Withdraw a role; the log keeps that it was held."""
    _krev_systemadministrator(utfoert_av)
    _krev_ikke_siste_systemadministrator(tildeling)
    bruker, tekst = tildeling.bruker, _rolletekst(tildeling)
    tildeling.delete()
    logg_endret(
        bruker,
        utfoert_av=utfoert_av,
        felt="rolle",
        tidligere=tekst,
        ny=None,
        beskrivelse="Rolle trukket.",
    )
    glem_tilgangsprofil(bruker)
