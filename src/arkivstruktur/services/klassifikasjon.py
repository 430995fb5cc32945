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

import copy
import re
from typing import Any

from django.db.models import Q, QuerySet

from arkivstruktur.models import Arkivdel, Klasse, Klassifikasjonssystem, Kryssreferanse
from arkivstruktur.services.arkiv import AVSLUTTET_PERIODE
from arkivstruktur.services.arv import arv_ved_opprettelse, laas_rad, ny_skjerming
from arkivstruktur.services.felles import endre_felter, koder, opprett, stemple_opprettet
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import naa
from felles.validering import krev_tekst, tekstliste, valgfri_tekst
from organisasjon.models import Rolle
from sporing.services import logg_endret, logg_opprettet, logg_slettet, logget
from tilgang.profil import tilgangsprofil
from tilgang.regler import er_systemadministrator, krev_tillatelse

FOEDSELSNUMMER = "PNR"
GAARDS_OG_BRUKSNUMMER = "GBN"
OBJEKTBASERT = "UO"
OBJEKTBASERTE_TYPER = frozenset({FOEDSELSNUMMER, GAARDS_OG_BRUKSNUMMER, OBJEKTBASERT})

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
    if klassifikasjonssystem.klassifikasjonstype in OBJEKTBASERTE_TYPER and any(
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
    klasse.save(force_insert=True)
    logg_opprettet(
        _uten_skjermet_klasse_id(klasse), utfoert_av=utfoert_av, beskrivelse=beskrivelse_logg
    )
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


# --- change and delete a klassifikasjonssystem ---------------------------------------------------


@logget
def klassifikasjonssystem_endre(
    *,
    klassifikasjonssystem: Klassifikasjonssystem,
    tittel: str | None = None,
    beskrivelse: str | None = None,
    klassifikasjonstype: str | None = None,
    utfoert_av: Any,
) -> Klassifikasjonssystem:
    """Change a klassifikasjonssystem (model.md §3.4; 5.13.6). tittel is frozen once it is
    closed. klassifikasjonstype may change only while the system has no klasser: it decides
    how klasseID is validated and screened (PNR, GBN), which existing klasser were not held
    to. Arguments left as None are not changed."""
    krev_forvalte_klassifikasjon(utfoert_av, klassifikasjonssystem)
    laas_rad(klassifikasjonssystem)
    endringer: dict[str, Any] = {}
    if tittel is not None:
        endringer["tittel"] = krev_tekst(tittel, felt="tittel", visningsnavn="Tittel", maks=255)
    if beskrivelse is not None:
        endringer["beskrivelse"] = valgfri_tekst(
            beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"
        )
    if (
        klassifikasjonstype is not None
        and klassifikasjonstype != klassifikasjonssystem.klassifikasjonstype
    ):
        if klassifikasjonssystem.klasser.exists():
            raise DomeneFeil(
                "Klassifikasjonstypen kan ikke endres når klassifikasjonssystemet har klasser.",
                felt="klassifikasjonstype",
                kode="laast",
            )
        endringer["klassifikasjonstype"] = klassifikasjonstype
    endre_felter(
        klassifikasjonssystem,
        endringer,
        utfoert_av=utfoert_av,
        frosne=["tittel"] if klassifikasjonssystem.er_avsluttet else [],
        frossen_grunn="når klassifikasjonssystemet er avsluttet",
    )
    return klassifikasjonssystem


def _er_avsluttet_arkivdel(arkivdel: Arkivdel) -> bool:
    return bool(
        arkivdel.er_deponert
        or arkivdel.er_avsluttet
        or arkivdel.arkivdelstatus == AVSLUTTET_PERIODE
    )


def _kan_ikke_slettes(melding: str, felt: str) -> DomeneFeil:
    return DomeneFeil(melding, felt=felt, kode="kan_ikke_slettes")


@logget
def klassifikasjonssystem_slett(
    *, klassifikasjonssystem: Klassifikasjonssystem, utfoert_av: Any
) -> None:
    """Delete a klassifikasjonssystem without klasser (model.md §6.4; client-compat §12.2).

    A client deletes child first, so the system goes before the arkivdel it was created on:
    the arkivdeler that use it (as primary or secondary system) are detached, each change
    logged on the arkivdel. A closed or deposited arkivdel keeps its system, so the delete is
    refused then. Nothing with content is ever cascaded.
    """
    krev_forvalte_klassifikasjon(utfoert_av, klassifikasjonssystem)
    laas_rad(klassifikasjonssystem)
    if klassifikasjonssystem.klasser.exists():
        raise _kan_ikke_slettes(
            "Klassifikasjonssystemet har klasser og kan ikke slettes.", "klasse"
        )
    arkivdeler = list(arkivdeler_som_bruker(klassifikasjonssystem))
    for arkivdel in arkivdeler:
        if _er_avsluttet_arkivdel(arkivdel):
            raise _kan_ikke_slettes(
                f"Klassifikasjonssystemet brukes av den avsluttede arkivdelen «{arkivdel.tittel}» "
                "og kan ikke slettes.",
                "arkivdel",
            )
    for arkivdel in arkivdeler:
        laas_rad(arkivdel)
        if arkivdel.klassifikasjonssystem_id == klassifikasjonssystem.pk:
            endre_felter(arkivdel, {"klassifikasjonssystem": None}, utfoert_av=utfoert_av)
        if arkivdel.sekundaere_klassifikasjonssystemer.filter(pk=klassifikasjonssystem.pk).exists():
            arkivdel.sekundaere_klassifikasjonssystemer.remove(klassifikasjonssystem)
            logg_endret(
                arkivdel,
                utfoert_av=utfoert_av,
                felt="sekundaerklassifikasjonssystem",
                tidligere=klassifikasjonssystem,
                ny=None,
            )
    logg_slettet(klassifikasjonssystem, utfoert_av=utfoert_av)
    Klassifikasjonssystem.objects.filter(pk=klassifikasjonssystem.pk).delete()


@logget
def klasse_slett(*, klasse: Klasse, utfoert_av: Any) -> None:
    """Delete an empty klasse (model.md §6.4; client-compat §12.2): no underklasser, mapper
    or registreringer (primary or secondary classification), no kryssreferanse pointing at
    it, not closed. Its own outgoing kryssreferanser go with it, each logged."""
    krev_forvalte_klassifikasjon(utfoert_av, klasse.klassifikasjonssystem)
    laas_rad(klasse)
    if klasse.er_avsluttet:
        raise _kan_ikke_slettes("En avsluttet klasse kan ikke slettes.", "avsluttet_dato")
    innhold = (
        (klasse.underklasser, "underklasser"),
        (klasse.mapper, "mapper"),
        (klasse.registreringer, "registreringer"),
        (klasse.sekundaert_klassifiserte_mapper, "saker med klassen som sekundærklassering"),
    )
    for rader, hva in innhold:
        if rader.exists():
            raise _kan_ikke_slettes(f"Klassen har {hva} og kan ikke slettes.", "klasse")
    if Kryssreferanse.objects.filter(til_klasse=klasse).exists():
        raise _kan_ikke_slettes(
            "Andre enheter har kryssreferanser til klassen; fjern dem først.", "kryssreferanse"
        )
    for referanse in Kryssreferanse.objects.filter(fra_klasse=klasse):
        logg_slettet(referanse, utfoert_av=utfoert_av)
    Kryssreferanse.objects.filter(fra_klasse=klasse).delete()
    logg_slettet(_uten_skjermet_klasse_id(klasse), utfoert_av=utfoert_av)
    Klasse.objects.filter(pk=klasse.pk).delete()


def _uten_skjermet_klasse_id(klasse: Klasse) -> Klasse:
    """The klasse as the log may name it: the log is append-only for ever, and a klasseID
    screened with KID (a fødselsnummer) must not be written into it (as `endre_felter`
    masks personal identifiers)."""
    skjerming = klasse.skjerming
    if skjerming is None or "KID" not in (skjerming.skjerming_metadata or []):
        return klasse
    kopi = copy.copy(klasse)
    kopi.klasse_id = "*****"
    return kopi


# --- the classification of an arkivdel -----------------------------------------------------------


def _krev_arkivdel_kan_klassifiseres(arkivdel: Arkivdel) -> None:
    if _er_avsluttet_arkivdel(arkivdel):
        raise DomeneFeil(
            "Arkivdelen er avsluttet, og klassifikasjonen kan ikke endres.",
            felt="klassifikasjonssystem",
            kode="avsluttet",
        )


def _krev_aapent_system(klassifikasjonssystem: Klassifikasjonssystem) -> None:
    if klassifikasjonssystem.er_avsluttet:
        raise DomeneFeil(
            "Klassifikasjonssystemet er avsluttet og kan ikke tas i bruk i en arkivdel.",
            felt="klassifikasjonssystem",
        )


@logget
def arkivdel_sett_klassifikasjonssystem(
    *, arkivdel: Arkivdel, klassifikasjonssystem: Klassifikasjonssystem, utfoert_av: Any
) -> Arkivdel:
    """Give an arkivdel its primary klassifikasjonssystem (model.md §3.3; 5.13.6), logged on
    the arkivdel.

    Exclusive children (model.md §1): an arkivdel holds a klassifikasjonssystem, or mapper,
    or registreringer, and with a system every mappe is classified under it (5.4.14), so an
    arkivdel that already holds mapper or registreringer cannot be given one. The primary
    system is not replaced here: the klasser of the mapper in it belong to that system.
    """
    krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", arkivdel)
    laas_rad(arkivdel)
    _krev_arkivdel_kan_klassifiseres(arkivdel)
    if arkivdel.klassifikasjonssystem_id is not None:
        raise DomeneFeil(
            "Arkivdelen har allerede et primært klassifikasjonssystem.",
            felt="klassifikasjonssystem",
            kode="finnes",
        )
    if arkivdel.mapper.exists() or arkivdel.registreringer.exists():
        raise DomeneFeil(
            "Arkivdelen har mapper eller registreringer og kan ikke få et klassifikasjonssystem.",
            felt="klassifikasjonssystem",
        )
    laas_rad(klassifikasjonssystem)
    _krev_aapent_system(klassifikasjonssystem)
    if arkivdel.sekundaere_klassifikasjonssystemer.filter(pk=klassifikasjonssystem.pk).exists():
        raise DomeneFeil(
            "Klassifikasjonssystemet er allerede sekundært for arkivdelen.",
            felt="klassifikasjonssystem",
        )
    endre_felter(arkivdel, {"klassifikasjonssystem": klassifikasjonssystem}, utfoert_av=utfoert_av)
    return arkivdel


@logget
def arkivdel_legg_til_sekundaert_klassifikasjonssystem(
    *, arkivdel: Arkivdel, klassifikasjonssystem: Klassifikasjonssystem, utfoert_av: Any
) -> Arkivdel:
    """Add a secondary klassifikasjonssystem to an arkivdel (model.md §3.3: 0..n
    sekundaerklassifikasjonssystem), logged on the arkivdel. Not the primary system, not a
    closed system, not in a closed arkivdel."""
    krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", arkivdel)
    laas_rad(arkivdel)
    _krev_arkivdel_kan_klassifiseres(arkivdel)
    laas_rad(klassifikasjonssystem)
    _krev_aapent_system(klassifikasjonssystem)
    if arkivdel.klassifikasjonssystem_id == klassifikasjonssystem.pk:
        raise DomeneFeil(
            "Klassifikasjonssystemet er arkivdelens primære system.",
            felt="klassifikasjonssystem",
        )
    if arkivdel.sekundaere_klassifikasjonssystemer.filter(pk=klassifikasjonssystem.pk).exists():
        return arkivdel
    arkivdel.sekundaere_klassifikasjonssystemer.add(klassifikasjonssystem)
    logg_endret(
        arkivdel,
        utfoert_av=utfoert_av,
        felt="sekundaerklassifikasjonssystem",
        tidligere=None,
        ny=klassifikasjonssystem,
    )
    return arkivdel


@logget
def arkivdel_opprett_klassifikasjonssystem(
    *,
    arkivdel: Arkivdel,
    sekundaert: bool = False,
    tittel: str,
    beskrivelse: str = "",
    klassifikasjonstype: str | None = None,
    utfoert_av: Any,
) -> Klassifikasjonssystem:
    """Create a klassifikasjonssystem for an arkivdel and attach it, as its primary system
    or (`sekundaert`) as a secondary one: `ny-klassifikasjonssystem` and
    `ny-sekundaerklassifikasjonssystem` on an arkivdel (rest-api.md §12.1, §13 item 6).
    The right to manage the arkivdel is checked before anything is created."""
    krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", arkivdel)
    system = klassifikasjonssystem_opprett(
        tittel=tittel,
        beskrivelse=beskrivelse,
        klassifikasjonstype=klassifikasjonstype,
        utfoert_av=utfoert_av,
    )
    if sekundaert:
        arkivdel_legg_til_sekundaert_klassifikasjonssystem(
            arkivdel=arkivdel, klassifikasjonssystem=system, utfoert_av=utfoert_av
        )
    else:
        arkivdel_sett_klassifikasjonssystem(
            arkivdel=arkivdel, klassifikasjonssystem=system, utfoert_av=utfoert_av
        )
    return system
