"""Generic Mappe (mappetype "mappe"): create, change, close, re-open, delete (model.md §3.6,
§6.1–6.4).

Noark 5 requirements: 5.2.19 and 5.11.4 (no new mapper in a closed or overlapping period),
5.4.7 (a closed mappe takes no new registreringer), 5.4.14 (classification under the arkivdel's
system), 6.1.1 (closing service), 6.1.2 (tittel and dokumentmedium freeze when closed), 6.1.17
(a closed mappe is never deleted), M003 (mappeID unique within the arkiv).

Generic mapper are dossier folders (one per person, property …) and collection folders for
routine processes. Saksmapper share the table but follow sakarkiv's rules (saksstatus,
saksnummer), so every service here refuses a saksmappe, except `mappe_opprett` under a
saksmappe as overmappe, which Noark allows (a mappe holds undermapper or registreringer).

Exclusive children (model.md §1): a mappe hangs under exactly one of arkivdel, klasse or
overmappe; an arkivdel holds a klassifikasjonssystem, or mapper, or registreringer; a klasse
holds underklasser, or mapper, or registreringer; a mappe holds undermapper or registreringer.
The parent row is locked before these are checked, so a concurrent writer that adds the other
kind of child, or closes the parent, waits for this transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from django.db import models
from django.db.models import Exists, F, OuterRef, Q

from arkivstruktur.models import (
    Arkivdel,
    Klasse,
    Kryssreferanse,
    Mappe,
    Mappetype,
    Registrering,
)
from arkivstruktur.services.arkiv import (
    AVSLUTTET_PERIODE,
    OVERLAPPINGSPERIODE,
    mappe_flytt_til_arvtaker,
)
from arkivstruktur.services.arv import arv_oppdater, arv_ved_opprettelse, arvekilder, laas_rad
from arkivstruktur.services.felles import (
    endre_felter,
    koder,
    kopier_koder,
    opprett,
    stemple_opprettet,
)
from felles.feil import DomeneFeil
from felles.tid import naa
from felles.validering import krev_tekst, tekstliste, valgfri_tekst
from kodeliste.vsmverdier import vsm_verdier
from sporing.services import logg_slettet, logget
from tilgang.regler import krev_tillatelse

M = TypeVar("M", bound=Mappe)

# 6.1.2: these freeze when the mappe is closed; the rest stays editable, and is logged.
FROSSET_VED_AVSLUTNING = ("tittel", "dokumentmedium")
ENDRINGSBARE_FELTER = frozenset(
    {
        "tittel",
        "offentlig_tittel",
        "beskrivelse",
        "noekkelord",
        "dokumentmedium",
        "oppbevaringssted",
        "virksomhetsspesifikke_metadata",
        "klasse",
    }
)


# --- rules shared with registrering and sakarkiv ----------------------------------------------


def _krev_aktiv_arkivdel(arkivdel: Arkivdel, *, hva: str) -> None:
    if arkivdel.er_avsluttet or arkivdel.arkivdelstatus == AVSLUTTET_PERIODE:
        raise DomeneFeil(f"Arkivdelen er avsluttet og tar ikke imot nye {hva}.", felt="arkivdel")
    if arkivdel.arkivdelstatus == OVERLAPPINGSPERIODE:
        raise DomeneFeil(
            f"Arkivdelen er i overlappingsperiode og tar ikke imot nye {hva}; bruk arvtakeren.",
            felt="arkivdel",
        )
    if arkivdel.arkiv.er_avsluttet:
        raise DomeneFeil("Arkivet er avsluttet.", felt="arkivdel")


def krev_arkivdel_tar_imot_mapper(arkivdel: Arkivdel) -> None:
    """5.2.19 and 5.11.4: new mapper only in an active period (A) of an open arkiv. In an
    overlapping period (O) new mapper go to the arvtaker. Shared by every kind of mappe."""
    _krev_aktiv_arkivdel(arkivdel, hva="mapper")


def krev_arkivdel_tar_imot_registreringer_direkte(arkivdel: Arkivdel) -> None:
    """5.2.19 and 5.11.4 for a registrering directly in an arkivdel or klasse: only the open
    mapper of an overlapping period take new registreringer, not the arkivdel itself."""
    _krev_aktiv_arkivdel(arkivdel, hva="registreringer")


def krev_klasse_paa_laveste_nivaa(klasse: Klasse, *, arkivdel: Arkivdel, hva: str) -> None:
    """A klasse that takes mapper or registreringer directly: in the arkivdel's primary
    system, open, and on the lowest level (exclusive children)."""
    if (
        arkivdel.klassifikasjonssystem_id is None
        or klasse.klassifikasjonssystem_id != arkivdel.klassifikasjonssystem_id
    ):
        raise DomeneFeil("Klassen hører ikke til arkivdelens klassifikasjonssystem.", felt="klasse")
    if klasse.er_avsluttet:
        raise DomeneFeil(f"Klassen er avsluttet og tar ikke imot nye {hva}.", felt="klasse")
    if klasse.underklasser.exists():
        raise DomeneFeil(
            f"Klassen har underklasser; {hva} klassifiseres på laveste nivå.", felt="klasse"
        )


def laas_mappe(mappe: Mappe, *, modell: type[M] = Mappe) -> M:  # type: ignore[assignment]
    """Lock the row before a change that depends on its state (closing, counters, children).

    Only the mappe's own row is read, with the facts of its arkivdel and children that the
    registration rules need as annotations: loading the wide parent rows cost more than all
    else on the registration path (see bench/). Parents load lazily where a rarer path needs
    them. `modell` lets sakarkiv lock through its Saksmappe proxy.
    """
    laast: M = (
        modell._default_manager.select_for_update(of=("self",))
        .annotate(
            har_undermapper=Exists(Mappe.objects.filter(overmappe=OuterRef("pk"))),
            arkivdel_status=F("arkivdel__arkivdelstatus"),
            arkivdel_avsluttet_dato=F("arkivdel__avsluttet_dato"),
        )
        .get(pk=mappe.pk)
    )
    return laast


def arkivdel_tilstand(mappe: Mappe) -> tuple[str, Any]:
    """arkivdelstatus and avsluttetDato of the mappe's arkivdel, as read with its lock."""
    if hasattr(mappe, "arkivdel_status"):
        return mappe.arkivdel_status, getattr(mappe, "arkivdel_avsluttet_dato", None)
    return mappe.arkivdel.arkivdelstatus, mappe.arkivdel.avsluttet_dato


def har_undermapper(mappe: Mappe) -> bool:
    if hasattr(mappe, "har_undermapper"):
        return bool(mappe.har_undermapper)
    return mappe.undermapper.exists()


def neste_nummer_i_mappe(mappe: Mappe) -> int:
    """The next number of the mappe's one running series (`siste_journalpostnummer`).

    Journalposter, arkivnotater and plain registreringer in a mappe all take their number here,
    so no two records of one folder share a number, and a registrering upgraded to a
    journalpost (5.5.7) keeps its number as journalpostnummer. The caller holds the row lock
    (`laas_mappe`), so read-increment cannot race; numbers are never reused.
    """
    Mappe.objects.filter(pk=mappe.pk).update(
        siste_journalpostnummer=F("siste_journalpostnummer") + 1
    )
    mappe.siste_journalpostnummer += 1
    return mappe.siste_journalpostnummer


def krev_generisk_mappe(mappe: Mappe) -> None:
    if mappe.mappetype != Mappetype.MAPPE:
        raise DomeneFeil(
            "En saksmappe endres, avsluttes og slettes gjennom sakarkivet (saksstatus).",
            felt="mappetype",
        )


def slett_sekundaere(eier: Mappe | Registrering, *, utfoert_av: Any) -> None:
    """Before a unit is deleted: log and delete the rows that would go with it (parts,
    merknader, nasjonalidentifikatorer, outgoing kryssreferanser; for a registrering also the
    sakarkiv rows hanging on it, found through the model's relations so that arkivstruktur
    need not know them). Nothing disappears from the archive without a log entry. Refused
    when another unit holds a kryssreferanse to it: that reference would point nowhere."""
    til = Q(til_mappe=eier) if isinstance(eier, Mappe) else Q(til_registrering=eier)
    if Kryssreferanse.objects.filter(til).exists():
        raise DomeneFeil(
            "Andre enheter har kryssreferanser hit; fjern dem først.",
            felt="kryssreferanse",
            kode="kan_ikke_slettes",
        )
    modell = type(eier)._meta.concrete_model or type(eier)
    for relasjon in modell._meta.related_objects:
        if not relasjon.one_to_many or relasjon.on_delete is not models.CASCADE:
            continue
        relatert: Any = relasjon.related_model
        rader = relatert._base_manager.filter(**{relasjon.field.name: eier.pk})
        for rad in rader:
            logg_slettet(rad, utfoert_av=utfoert_av)
        rader.delete()


# --- create -------------------------------------------------------------------------------------


def _plassering(arkivdel: Arkivdel | None, klasse: Klasse | None, overmappe: Mappe | None) -> None:
    """A mappe hangs under exactly one of arkivdel, klasse (with its arkivdel) or overmappe."""
    if overmappe is not None and (arkivdel is not None or klasse is not None):
        raise DomeneFeil(
            "En undermappe får arkivdel og klasse fra overmappen; oppgi bare overmappen.",
            felt="overmappe",
        )
    if overmappe is None and arkivdel is None:
        raise DomeneFeil(
            "Mappen må ligge i en arkivdel, en klasse i arkivdelen eller en overmappe.",
            felt="arkivdel",
            kode="paakrevd",
        )


def _krev_plass_i_arkivdel(arkivdel: Arkivdel, klasse: Klasse | None) -> None:
    """5.4.14 and exclusive children for a top-level mappe."""
    krev_arkivdel_tar_imot_mapper(arkivdel)
    if arkivdel.klassifikasjonssystem_id is not None and klasse is None:
        raise DomeneFeil(
            "Arkivdelen har et klassifikasjonssystem, og mappen må klassifiseres under det.",
            felt="klasse",
            kode="paakrevd",
        )
    if klasse is not None:
        krev_klasse_paa_laveste_nivaa(klasse, arkivdel=arkivdel, hva="mapper")
        if klasse.registreringer.exists():
            raise DomeneFeil(
                "Klassen har registreringer direkte og kan ikke også ha mapper.", felt="klasse"
            )
        return
    if Registrering.objects.filter(
        arkivdel=arkivdel, mappe__isnull=True, klasse__isnull=True
    ).exists():
        raise DomeneFeil(
            "Arkivdelen har registreringer direkte og kan ikke også ha mapper.", felt="arkivdel"
        )


def _krev_plass_i_overmappe(overmappe: Mappe) -> None:
    if overmappe.er_avsluttet:
        raise DomeneFeil(
            "Overmappen er avsluttet og tar ikke imot nye undermapper.", felt="overmappe"
        )
    if overmappe.registreringer.exists():
        raise DomeneFeil(
            "Overmappen har registreringer og kan ikke også ha undermapper.", felt="overmappe"
        )


def overmappe_for_ny_undermappe(overmappe: Mappe, *, utfoert_av: Any) -> Mappe:
    """Lock the overmappe, check that the user may work in it and that it takes a new
    undermappe, and move it to the arvtaker if its arkivdel is in an overlapping period
    (5.11.5 applied to a new undermappe: the folder is still in use, so it follows the new
    period). Returns the locked, current row. Shared by every kind of mappe: a saksmappe may
    be an undermappe too (rest-api.md §12.2, `ny-saksmappe` on a mappe)."""
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", overmappe)
    overmappe = laas_mappe(overmappe)
    _krev_plass_i_overmappe(overmappe)
    if overmappe.arkivdel.arkivdelstatus == OVERLAPPINGSPERIODE:
        mappe_flytt_til_arvtaker(mappe=overmappe, utfoert_av=utfoert_av)
        overmappe = laas_mappe(overmappe)
    krev_arkivdel_tar_imot_mapper(overmappe.arkivdel)
    return overmappe


@logget
def mappe_opprett(
    *,
    tittel: str,
    arkivdel: Arkivdel | None = None,
    klasse: Klasse | None = None,
    overmappe: Mappe | None = None,
    offentlig_tittel: str = "",
    beskrivelse: str = "",
    noekkelord: Sequence[str] = (),
    dokumentmedium: str | None = None,
    oppbevaringssted: Sequence[str] | None = None,
    virksomhetsspesifikke_metadata: Mapping[str, Any] | None = None,
    utfoert_av: Any,
    tidspunkt: dt.datetime | None = None,
) -> Mappe:
    """Create a generic mappe in an arkivdel (with a klasse when the arkivdel has a
    klassifikasjonssystem, 5.4.14) or under an overmappe, whose arkivdel it shares and whose
    placement it inherits.

    An overmappe in an overlapping period moves to the arvtaker first (5.11.5 applied to a new
    undermappe: the folder is still in use, so it follows the new period). dokumentmedium and
    oppbevaringssted are inherited from the parent unless given (§6.6); skjerming and
    kassasjon through `arv_ved_opprettelse`.

    mappeID (M003) is the systemID as text. Noark allows any format that is unique within the
    arkiv and set by the system; the saksnummer series belongs to saksmapper (sakarkiv), and a
    second readable series would need a counter of its own. The systemID is unique
    everywhere, known before the insert and never changes, as M003 requires.
    """
    _plassering(arkivdel, klasse, overmappe)
    if overmappe is not None:
        overmappe = overmappe_for_ny_undermappe(overmappe, utfoert_av=utfoert_av)
        arkivdel = overmappe.arkivdel
    else:
        assert arkivdel is not None  # noqa: S101 - _plassering requires it
        krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", arkivdel)
        laas_rad(arkivdel)
        if klasse is not None:
            laas_rad(klasse)
        _krev_plass_i_arkivdel(arkivdel, klasse)
    forelder: Mappe | Arkivdel = overmappe if overmappe is not None else arkivdel

    mappe = Mappe(
        virksomhetsspesifikke_metadata=vsm_verdier(virksomhetsspesifikke_metadata),
        mappetype=Mappetype.MAPPE,
        arkiv_id=arkivdel.arkiv_id,
        arkivdel=arkivdel,
        klasse=klasse,
        overmappe=overmappe,
        tittel=krev_tekst(tittel, felt="tittel", visningsnavn="Tittel"),
        offentlig_tittel=valgfri_tekst(
            offentlig_tittel, felt="offentlig_tittel", visningsnavn="Offentlig tittel"
        ),
        beskrivelse=valgfri_tekst(beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"),
        noekkelord=tekstliste(list(noekkelord), felt="noekkelord", visningsnavn="Nøkkelord"),
        oppbevaringssted=list(forelder.oppbevaringssted)
        if oppbevaringssted is None
        else tekstliste(
            list(oppbevaringssted), felt="oppbevaringssted", visningsnavn="Oppbevaringssted"
        ),
    )
    mappe.mappe_id = str(mappe.system_id)
    kopier_koder(forelder, mappe, "dokumentmedium")
    koder(mappe, {"dokumentmedium": (dokumentmedium, "dokumentmedium")})
    stemple_opprettet(mappe, utfoert_av=utfoert_av, tidspunkt=tidspunkt)
    arv_ved_opprettelse(mappe, *arvekilder(mappe))
    opprett(mappe, utfoert_av=utfoert_av)
    return mappe


# --- change, close, re-open, delete ----------------------------------------------------------


@logget
def mappe_endre(*, mappe: Mappe, endringer: dict[str, Any], utfoert_av: Any) -> Mappe:
    """Change metadata; each changed field is logged. After closing, tittel and
    dokumentmedium are frozen (6.1.2)."""
    mappe = laas_mappe(mappe)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", mappe)
    krev_generisk_mappe(mappe)
    ukjente = set(endringer) - ENDRINGSBARE_FELTER
    if ukjente:
        felt = sorted(ukjente)[0]
        raise DomeneFeil(f"Feltet {felt} kan ikke endres her.", felt=felt, kode="laast")
    endringer = dict(endringer)
    if "tittel" in endringer:
        endringer["tittel"] = krev_tekst(endringer["tittel"], felt="tittel", visningsnavn="Tittel")
    for felt, navn in (("offentlig_tittel", "Offentlig tittel"), ("beskrivelse", "Beskrivelse")):
        if felt in endringer:
            endringer[felt] = valgfri_tekst(endringer[felt], felt=felt, visningsnavn=navn)
    for felt, navn in (("noekkelord", "Nøkkelord"), ("oppbevaringssted", "Oppbevaringssted")):
        if felt in endringer:
            endringer[felt] = tekstliste(endringer[felt], felt=felt, visningsnavn=navn)
    if "klasse" in endringer:
        _krev_omklassifisering(mappe, endringer["klasse"])
    endret = endre_felter(
        mappe,
        endringer,
        utfoert_av=utfoert_av,
        frosne=FROSSET_VED_AVSLUTNING if mappe.er_avsluttet else (),
        frossen_grunn="etter at mappen er avsluttet",
    )
    if "klasse" in endret:
        arv_oppdater(mappe)  # the new klasse may carry another skjerming or kassasjon
    return mappe


def _krev_omklassifisering(mappe: Mappe, klasse: Klasse | None) -> None:
    """A mappe filed in a klasse may move to another klasse of its arkivdel's system, on the
    lowest level (5.4.14); an undermappe is classified through its overmappe."""
    if mappe.overmappe_id is not None:
        raise DomeneFeil(
            "En undermappe klassifiseres gjennom overmappen og kan ikke få egen klasse.",
            felt="klasse",
        )
    if klasse is None:
        if mappe.arkivdel.klassifikasjonssystem_id is not None:
            raise DomeneFeil("Mappen må ha en klasse.", felt="klasse", kode="paakrevd")
        return
    krev_klasse_paa_laveste_nivaa(klasse, arkivdel=mappe.arkivdel, hva="mapper")


def _hindringer_for_avslutning(mappe: Mappe) -> list[str]:
    """Closing waits for the contents: an open undermappe, or a registrering whose documents
    are not archived (arkivertDato empty; a journalpost cancelled with U counts as done, as
    in the saksmappe's rule 6.1.8). Closing the folder is what freezes it for good (5.4.7,
    6.1.17), so nothing in it may be left half-done."""
    hindringer = []
    aapne = mappe.undermapper.filter(avsluttet_dato__isnull=True).count()
    if aapne:
        hindringer.append(f"{aapne} undermappe(r) er ikke avsluttet")
    uarkiverte = (
        Registrering.objects.filter(mappe=mappe, arkivert_dato__isnull=True)
        .exclude(journalstatus="U")
        .count()
    )
    if uarkiverte:
        hindringer.append(f"{uarkiverte} registrering(er) er ikke arkivert")
    return hindringer


@logget
def mappe_avslutt(*, mappe: Mappe, utfoert_av: Any) -> Mappe:
    """Close a generic mappe (6.1.1): sets avsluttetDato/avsluttetAv. Afterwards it takes no
    new registreringer or undermapper (5.4.7), tittel and dokumentmedium are frozen (6.1.2)
    and it cannot be deleted (6.1.17). Saksmapper close through saksstatus A in sakarkiv."""
    mappe = laas_mappe(mappe)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", mappe)
    krev_generisk_mappe(mappe)
    if mappe.er_avsluttet:
        raise DomeneFeil("Mappen er allerede avsluttet.", felt="avsluttet_dato")
    hindringer = _hindringer_for_avslutning(mappe)
    if hindringer:
        raise DomeneFeil(
            "Mappen kan ikke avsluttes: " + "; ".join(hindringer) + ".",
            felt="avsluttet_dato",
            kode="kan_ikke_avsluttes",
        )
    endre_felter(
        mappe,
        {
            "avsluttet_dato": naa(),
            "avsluttet_av": utfoert_av.visningsnavn,
            "referanse_avsluttet_av": utfoert_av,
        },
        utfoert_av=utfoert_av,
    )
    return mappe


@logget
def mappe_gjenaapne(*, mappe: Mappe, utfoert_av: Any) -> Mappe:
    """Re-open a closed generic mappe: the records office only, logged with the old
    avsluttetDato (as 6.1.15 for saksmapper). Not in a closed period, where every mappe is
    closed (5.11.6), nor under a closed overmappe (a closed folder has no open undermapper)."""
    mappe = laas_mappe(mappe)
    krev_tillatelse(utfoert_av, "sakarkiv.arkivere", mappe)
    krev_generisk_mappe(mappe)
    if not mappe.er_avsluttet:
        raise DomeneFeil("Mappen er ikke avsluttet.", felt="avsluttet_dato")
    arkivdel = mappe.arkivdel
    if arkivdel.er_avsluttet or arkivdel.arkivdelstatus == AVSLUTTET_PERIODE:
        raise DomeneFeil(
            "Arkivdelen er avsluttet, og mappene i den kan ikke gjenåpnes.", felt="arkivdel"
        )
    if mappe.overmappe is not None and mappe.overmappe.er_avsluttet:
        raise DomeneFeil("Overmappen er avsluttet; gjenåpne den først.", felt="overmappe")
    endre_felter(
        mappe,
        {"avsluttet_dato": None, "avsluttet_av": "", "referanse_avsluttet_av": None},
        utfoert_av=utfoert_av,
        beskrivelse="Gjenåpnet",
    )
    return mappe


@logget
def mappe_slett(*, mappe: Mappe, utfoert_av: Any) -> None:
    """Delete an empty, open, generic mappe: never a closed one (6.1.17), nor one with
    undermapper or registreringer. Its parts, merknader and the like go with it, logged."""
    mappe = laas_mappe(mappe)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", mappe)
    krev_generisk_mappe(mappe)
    if mappe.er_avsluttet:
        raise DomeneFeil(
            "En avsluttet mappe kan ikke slettes.", felt="avsluttet_dato", kode="kan_ikke_slettes"
        )
    if mappe.undermapper.exists():
        raise DomeneFeil(
            "Mappen har undermapper og kan ikke slettes.",
            felt="undermapper",
            kode="kan_ikke_slettes",
        )
    if Registrering.objects.filter(mappe=mappe).exists():
        raise DomeneFeil(
            "Mappen har registreringer og kan ikke slettes.",
            felt="registreringer",
            kode="kan_ikke_slettes",
        )
    slett_sekundaere(mappe, utfoert_av=utfoert_av)
    logg_slettet(mappe, utfoert_av=utfoert_av)
    Mappe.objects.filter(pk=mappe.pk).delete()
