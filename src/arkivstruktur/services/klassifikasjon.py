"""Klassifikasjonssystem and Klasse (model.md §3.4–3.5).

Who may change classification
    A klassifikasjonssystem may serve arkivdeler of several virksomheter (the municipality's
    shared K-koder), so a change is allowed to a systemadministrator, or to a user who may
    forvalte every arkivdel that uses the system. A system no arkivdel uses yet affects
    nobody: any arkivar may create and build it. In object-based systems (a klasse per
    person or property) klasser are created as cases arrive, so anyone who works in an
    arkivdel using the system may add one (klasseID is "U for object-based systems").
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet

from arkivstruktur.models import Arkivdel, Klasse, Klassifikasjonssystem
from arkivstruktur.services.arv import arv_ved_opprettelse, laas_rad, ny_skjerming
from arkivstruktur.services.felles import endre_felter, koder, opprett, stemple_opprettet
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import naa
from felles.validering import krev_tekst, tekstliste, valgfri_tekst
from organisasjon.models import Rolle
from sporing.services import logget
from tilgang.profil import tilgangsprofil
from tilgang.regler import er_systemadministrator, krev_tillatelse

FOEDSELSNUMMER = "PNR"
GAARDS_OG_BRUKSNUMMER = "GBN"
OBJEKTBASERT = "UO"
_OBJEKTBASERTE_TYPER = {FOEDSELSNUMMER, GAARDS_OG_BRUKSNUMMER, OBJEKTBASERT}

# A fødselsnummer as klasseID must be screened (model.md §3.5). Offentleglova § 26 fifth
# paragraph is the exemption ground for fødselsnummer; KID hides the klasseID.
PNR_TILGANGSRESTRIKSJON = "26"
PNR_SKJERMINGSHJEMMEL = "Offl. § 26 femte ledd"
PNR_SKJERMING_METADATA = ("KID",)

_VEKTER_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_VEKTER_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_TALL = r"(0|[1-9][0-9]*)"
_GBN = re.compile(rf"^{_TALL}/{_TALL}(?:/{_TALL}/{_TALL})?$")


# --- access -----------------------------------------------------------------------------------


def arkivdeler_som_bruker(klassifikasjonssystem: Klassifikasjonssystem) -> QuerySet[Arkivdel]:
    """Arkivdeler with this system as primary or secondary classification."""
    return (
        Arkivdel.objects.filter(
            Q(klassifikasjonssystem=klassifikasjonssystem)
            | Q(sekundaere_klassifikasjonssystemer=klassifikasjonssystem)
        )
        .select_related("arkiv")
        .distinct()
    )


def krev_forvalte_klassifikasjon(
    utfoert_av: Any, klassifikasjonssystem: Klassifikasjonssystem
) -> None:
    """Raise IngenTilgang unless the user may change this system and its klasser (5.13.6)."""
    if er_systemadministrator(utfoert_av):
        return
    arkivdeler = list(arkivdeler_som_bruker(klassifikasjonssystem))
    if not arkivdeler:
        if tilgangsprofil(utfoert_av).har_rolle(Rolle.ARKIVAR):
            return
        raise IngenTilgang()
    for arkivdel in arkivdeler:
        krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", arkivdel)


def _krev_opprette_klasse(utfoert_av: Any, klassifikasjonssystem: Klassifikasjonssystem) -> None:
    if klassifikasjonssystem.klassifikasjonstype in _OBJEKTBASERTE_TYPER and any(
        _har_tillatelse(utfoert_av, "arkivstruktur.arbeide", arkivdel)
        for arkivdel in arkivdeler_som_bruker(klassifikasjonssystem)
    ):
        return
    krev_forvalte_klassifikasjon(utfoert_av, klassifikasjonssystem)


def _har_tillatelse(utfoert_av: Any, tillatelse: str, objekt: Any) -> bool:
    try:
        krev_tillatelse(utfoert_av, tillatelse, objekt)
    except IngenTilgang:
        return False
    return True


def _krev_systemadministrator_eller_arkivar(utfoert_av: Any) -> None:
    profil = tilgangsprofil(utfoert_av)
    if not profil.har_rolle(Rolle.SYSTEMADMINISTRATOR, Rolle.ARKIVAR):
        raise IngenTilgang()


# --- object-based klasseID ----------------------------------------------------------------------


def er_gyldig_foedselsnummer(verdi: str) -> bool:
    """11 digits whose two mod-11 check digits are right (D-numbers pass as well)."""
    if not re.fullmatch(r"[0-9]{11}", verdi):
        return False
    sifre = [int(tegn) for tegn in verdi]
    for vekter, plass in ((_VEKTER_K1, 9), (_VEKTER_K2, 10)):
        rest = sum(v * s for v, s in zip(vekter, sifre, strict=False)) % 11
        kontroll = 0 if rest == 0 else 11 - rest
        if kontroll == 10 or kontroll != sifre[plass]:
            return False
    return True


def er_gyldig_gaards_og_bruksnummer(verdi: str) -> bool:
    """`gnr/bnr` or `gnr/bnr/fnr/snr` without leading zeros.

    gnr and bnr are at least 1. In the four-part matrikkel form festenummer and
    seksjonsnummer are 0 when absent (`12/34/0/2` is seksjon 2 of 12/34), but not both:
    that unit is written `12/34`, and two spellings would defeat the uniqueness of klasseID.
    """
    treff = _GBN.fullmatch(verdi)
    if treff is None:
        return False
    gnr, bnr, fnr, snr = (int(del_) if del_ is not None else None for del_ in treff.groups())
    if not gnr or not bnr:
        return False
    return fnr is None or bool(fnr or snr)


def _krev_gyldig_klasse_id(klassifikasjonstype: str, klasse_id: str) -> None:
    if klassifikasjonstype == FOEDSELSNUMMER and not er_gyldig_foedselsnummer(klasse_id):
        raise DomeneFeil(
            "KlasseID må være et gyldig fødselsnummer (11 siffer med riktige kontrollsiffer) "
            "når klassifikasjonstypen er fødselsnummer.",
            felt="klasse_id",
        )
    if klassifikasjonstype == GAARDS_OG_BRUKSNUMMER and not er_gyldig_gaards_og_bruksnummer(
        klasse_id
    ):
        raise DomeneFeil(
            "KlasseID må ha formen gnr/bnr eller gnr/bnr/fnr/snr med hele tall når "
            "klassifikasjonstypen er gårds- og bruksnummer.",
            felt="klasse_id",
        )


# --- services -----------------------------------------------------------------------------------


@logget
def klassifikasjonssystem_opprett(
    *,
    tittel: str,
    beskrivelse: str = "",
    klassifikasjonstype: str | None = None,
    utfoert_av: Any,
) -> Klassifikasjonssystem:
    """Create a klassifikasjonssystem (model.md §3.4). A new system serves no arkivdel yet,
    so a systemadministrator or any arkivar may create it (5.13.6)."""
    _krev_systemadministrator_eller_arkivar(utfoert_av)
    system = Klassifikasjonssystem(
        tittel=krev_tekst(tittel, felt="tittel", visningsnavn="Tittel", maks=255),
        beskrivelse=valgfri_tekst(beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"),
    )
    koder(system, {"klassifikasjonstype": (klassifikasjonstype, "klassifikasjonstype")})
    stemple_opprettet(system, utfoert_av=utfoert_av)
    opprett(system, utfoert_av=utfoert_av)
    return system


@logget
def klassifikasjonssystem_avslutt(
    *, klassifikasjonssystem: Klassifikasjonssystem, utfoert_av: Any
) -> Klassifikasjonssystem:
    """Close a system: sets avsluttetDato/avsluttetAv (M602/M603); it then takes no new
    klasser (model.md §6.3: "sensible: no new children")."""
    krev_forvalte_klassifikasjon(utfoert_av, klassifikasjonssystem)
    laas_rad(klassifikasjonssystem)
    if klassifikasjonssystem.er_avsluttet:
        raise DomeneFeil("Klassifikasjonssystemet er allerede avsluttet.", felt="avsluttet_dato")
    _avslutt(klassifikasjonssystem, utfoert_av=utfoert_av)
    return klassifikasjonssystem


@logget
def klasse_opprett(
    *,
    klassifikasjonssystem: Klassifikasjonssystem,
    klasse_id: str,
    tittel: str,
    beskrivelse: str = "",
    noekkelord: list[str] | None = None,
    overordnet_klasse: Klasse | None = None,
    utfoert_av: Any,
) -> Klasse:
    """Create a klasse (model.md §3.5).

    klasseID (M002) is unique within its system. A klasse holds either underklasser or
    mapper/registreringer (exclusive children, model.md §1). Nothing is added to a closed
    system or klasse. With klassifikasjonstype PNR the klasseID must be a valid fødselsnummer
    and the klasse is screened (skjermingMetadata KID); with GBN it must be a gnr/bnr.
    """
    _krev_opprette_klasse(utfoert_av, klassifikasjonssystem)
    laas_rad(klassifikasjonssystem)
    if klassifikasjonssystem.er_avsluttet:
        raise DomeneFeil(
            "Klassifikasjonssystemet er avsluttet og tar ikke imot nye klasser.",
            felt="klassifikasjonssystem",
        )
    if overordnet_klasse is not None:
        laas_rad(overordnet_klasse)
        _krev_kan_faa_underklasser(overordnet_klasse, klassifikasjonssystem)
    klasse_id = krev_tekst(klasse_id, felt="klasse_id", visningsnavn="KlasseID", maks=100)
    _krev_gyldig_klasse_id(klassifikasjonssystem.klassifikasjonstype, klasse_id)
    if Klasse.objects.filter(
        klassifikasjonssystem=klassifikasjonssystem, klasse_id=klasse_id
    ).exists():
        raise DomeneFeil(
            f"KlasseID «{klasse_id}» finnes allerede i klassifikasjonssystemet.",
            felt="klasse_id",
            kode="finnes",
        )
    klasse = Klasse(
        klassifikasjonssystem=klassifikasjonssystem,
        overordnet_klasse=overordnet_klasse,
        klasse_id=klasse_id,
        tittel=krev_tekst(tittel, felt="tittel", visningsnavn="Tittel", maks=255),
        beskrivelse=valgfri_tekst(beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"),
        noekkelord=tekstliste(noekkelord, felt="noekkelord", visningsnavn="Nøkkelord"),
    )
    stemple_opprettet(klasse, utfoert_av=utfoert_av)
    arv_ved_opprettelse(klasse, overordnet_klasse)
    beskrivelse_logg = ""
    if klassifikasjonssystem.klassifikasjonstype == FOEDSELSNUMMER:
        klasse.skjerming = ny_skjerming(
            enhet=klasse,
            tilgangsrestriksjon=PNR_TILGANGSRESTRIKSJON,
            skjermingshjemmel=PNR_SKJERMINGSHJEMMEL,
            skjerming_metadata=list(PNR_SKJERMING_METADATA),
        )
        klasse.skjerming_er_arvet = False
        beskrivelse_logg = (
            "KlasseID er et fødselsnummer og er skjermet automatisk (skjermingMetadata KID)."
        )
    opprett(klasse, utfoert_av=utfoert_av, beskrivelse=beskrivelse_logg)
    return klasse


@logget
def klasse_endre(
    *,
    klasse: Klasse,
    klasse_id: str | None = None,
    tittel: str | None = None,
    beskrivelse: str | None = None,
    noekkelord: list[str] | None = None,
    utfoert_av: Any,
) -> Klasse:
    """Change a klasse. klasseID never changes (model.md §6.1); tittel is frozen once the
    klasse is closed (model.md §3.5). Arguments left as None are not changed."""
    krev_forvalte_klassifikasjon(utfoert_av, klasse.klassifikasjonssystem)
    laas_rad(klasse)
    if klasse_id is not None and klasse_id != klasse.klasse_id:
        raise DomeneFeil("KlasseID kan ikke endres.", felt="klasse_id", kode="laast")
    endringer: dict[str, Any] = {}
    if tittel is not None:
        endringer["tittel"] = krev_tekst(tittel, felt="tittel", visningsnavn="Tittel", maks=255)
    if beskrivelse is not None:
        endringer["beskrivelse"] = valgfri_tekst(
            beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"
        )
    if noekkelord is not None:
        endringer["noekkelord"] = tekstliste(
            noekkelord, felt="noekkelord", visningsnavn="Nøkkelord"
        )
    endre_felter(
        klasse,
        endringer,
        utfoert_av=utfoert_av,
        frosne=["tittel"] if klasse.er_avsluttet else [],
        frossen_grunn="når klassen er avsluttet",
    )
    return klasse


@logget
def klasse_avslutt(*, klasse: Klasse, utfoert_av: Any) -> Klasse:
    """Close a klasse: sets avsluttetDato/avsluttetAv (M602/M603); it then takes no new
    underklasser, mapper or registreringer (model.md §6.3)."""
    krev_forvalte_klassifikasjon(utfoert_av, klasse.klassifikasjonssystem)
    laas_rad(klasse)
    if klasse.er_avsluttet:
        raise DomeneFeil("Klassen er allerede avsluttet.", felt="avsluttet_dato")
    _avslutt(klasse, utfoert_av=utfoert_av)
    return klasse


def _krev_kan_faa_underklasser(
    overordnet_klasse: Klasse, klassifikasjonssystem: Klassifikasjonssystem
) -> None:
    if overordnet_klasse.klassifikasjonssystem_id != klassifikasjonssystem.pk:
        raise DomeneFeil(
            "Den overordnede klassen hører til et annet klassifikasjonssystem.",
            felt="overordnet_klasse",
        )
    if overordnet_klasse.er_avsluttet:
        raise DomeneFeil(
            f"Klassen «{overordnet_klasse.klasse_id}» er avsluttet og tar ikke imot nye "
            "underklasser.",
            felt="overordnet_klasse",
        )
    if overordnet_klasse.mapper.exists() or overordnet_klasse.registreringer.exists():
        raise DomeneFeil(
            f"Klassen «{overordnet_klasse.klasse_id}» har mapper eller registreringer og kan "
            "ikke ha underklasser.",
            felt="overordnet_klasse",
        )


def _avslutt(objekt: Klasse | Klassifikasjonssystem, *, utfoert_av: Any) -> None:
    endre_felter(
        objekt,
        {
            "avsluttet_dato": naa(),
            "avsluttet_av": utfoert_av.visningsnavn,
            "referanse_avsluttet_av": utfoert_av,
        },
        utfoert_av=utfoert_av,
    )
