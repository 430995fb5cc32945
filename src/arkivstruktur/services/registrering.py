"""Plain Registrering (registreringstype "registrering"): create, change, archive, delete
(model.md §3.9, §6.1, §6.3, §6.4).

Noark 5 requirements: 5.5.2–5.5.4 (placement in exactly one mappe, klasse or arkivdel), 5.4.7
(a closed mappe takes no new registreringer), 5.2.19 and 5.11.4–5.11.5 (periods: nothing new in
a closed period; a mappe in an overlapping period moves to the arvtaker), M004 (registreringsID
unique within the arkiv), M604/M605 (arkivertDato/arkivertAv set by archiving).

Journalposter and arkivnotater share the table; their own rules live in sakarkiv. The services
here refuse a journalpost (it changes, archives and is deleted through its journalstatus), and
treat an arkivnotat as the registrering it extends.

A "[forenklet registrering]" (model.md §3.9, the Noark 5 v4 form) is a registrering with that
tittel and only the base fields: no offentligTittel, beskrivelse, noekkelord, forfatter,
dokumentmedium or oppbevaringssted, and no number in its mappe (its registreringsID is the
systemID).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from arkivstruktur.models import (
    Arkivdel,
    Dokumentbeskrivelse,
    Klasse,
    Mappe,
    Registrering,
    Registreringstype,
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
from arkivstruktur.services.mappe import (
    arkivdel_tilstand,
    har_undermapper,
    krev_arkivdel_tar_imot_registreringer_direkte,
    krev_klasse_paa_laveste_nivaa,
    laas_mappe,
    neste_nummer_i_mappe,
    slett_sekundaere,
)
from felles.feil import DomeneFeil
from felles.tid import naa
from felles.validering import krev_tekst, tekstliste, valgfri_tekst
from kodeliste.vsmverdier import vsm_verdier
from sporing.services import logg_slettet, logget
from tilgang.regler import krev_tillatelse

FORENKLET_TITTEL = "[forenklet registrering]"
# What a forenklet registrering leaves out (model.md §3.9).
UTELATT_I_FORENKLET = (
    "offentlig_tittel",
    "beskrivelse",
    "noekkelord",
    "forfatter",
    "dokumentmedium",
    "oppbevaringssted",
)
# Frozen once the registrering is archived (§6.3); the storage place and the business
# metadata stay editable.
FROSSET_VED_ARKIVERING = (
    "tittel",
    "offentlig_tittel",
    "beskrivelse",
    "noekkelord",
    "forfatter",
    "dokumentmedium",
)
ENDRINGSBARE_FELTER = frozenset(
    {*FROSSET_VED_ARKIVERING, "oppbevaringssted", "virksomhetsspesifikke_metadata"}
)


# --- rules shared with sakarkiv -----------------------------------------------------------------


def krev_mappe_tar_imot_registreringer(mappe: Mappe) -> None:
    """5.4.7: a closed mappe takes no new registreringer; 5.2.19: nor does a closed period; a
    mappe with undermapper holds no registreringer itself (exclusive children)."""
    if mappe.er_avsluttet:
        raise DomeneFeil("Mappen er avsluttet og tar ikke imot nye registreringer.", felt="mappe")
    status, avsluttet = arkivdel_tilstand(mappe)
    if avsluttet is not None or status == AVSLUTTET_PERIODE:
        raise DomeneFeil(
            "Arkivdelen er avsluttet og tar ikke imot nye registreringer.", felt="arkivdel"
        )
    if har_undermapper(mappe):
        raise DomeneFeil(
            "Mappen har undermapper; registreringer legges i en undermappe.", felt="mappe"
        )


def mappe_for_ny_registrering(mappe: Mappe, *, utfoert_av: Any) -> Mappe:
    """Lock the mappe, check that the user may work in it and that it takes a new
    registrering, and move it to the arvtaker if its arkivdel is in an overlapping period
    (5.11.5). Returns the locked, current row; the caller holds a logged transaction."""
    mappe = laas_mappe(mappe)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", mappe)
    krev_mappe_tar_imot_registreringer(mappe)
    if arkivdel_tilstand(mappe)[0] == OVERLAPPINGSPERIODE:
        mappe_flytt_til_arvtaker(mappe=mappe, utfoert_av=utfoert_av)
        mappe = laas_mappe(mappe)
    return mappe


def krev_forenklet_uten_tilleggsfelter(tittel: str, verdier: Mapping[str, Any]) -> None:
    """A forenklet registrering carries only the base fields (model.md §3.9)."""
    if tittel != FORENKLET_TITTEL:
        return
    for felt in UTELATT_I_FORENKLET:
        if verdier.get(felt):
            raise DomeneFeil(
                f"En forenklet registrering har bare grunnfeltene; {felt} kan ikke fylles ut.",
                felt=felt,
            )


def laas_registrering(registrering: Registrering) -> Registrering:
    laast: Registrering = (
        Registrering.objects.select_for_update(of=("self",))
        .select_related("arkiv", "arkivdel", "mappe")
        .get(pk=registrering.pk)
    )
    return laast


def _krev_ikke_journalpost(registrering: Registrering, melding: str) -> None:
    if registrering.registreringstype == Registreringstype.JOURNALPOST:
        raise DomeneFeil(melding, felt="registreringstype")


# --- create -------------------------------------------------------------------------------------


def _plassering(mappe: Mappe | None, klasse: Klasse | None, arkivdel: Arkivdel | None) -> None:
    """5.5.2–5.5.4: in exactly one mappe, or one klasse (of its arkivdel), or one arkivdel."""
    if mappe is not None and (klasse is not None or arkivdel is not None):
        raise DomeneFeil(
            "En registrering i en mappe får arkivdel fra mappen; oppgi bare mappen.",
            felt="mappe",
        )
    if mappe is None and arkivdel is None:
        raise DomeneFeil(
            "Registreringen må ligge i en mappe, en klasse i arkivdelen eller en arkivdel.",
            felt="arkivdel",
            kode="paakrevd",
        )


def _krev_plass_direkte(arkivdel: Arkivdel, klasse: Klasse | None) -> None:
    """Exclusive children for a registrering outside a mappe."""
    krev_arkivdel_tar_imot_registreringer_direkte(arkivdel)
    if klasse is not None:
        krev_klasse_paa_laveste_nivaa(klasse, arkivdel=arkivdel, hva="registreringer")
        if klasse.mapper.exists():
            raise DomeneFeil(
                "Klassen har mapper; registreringen må legges i en av dem.", felt="klasse"
            )
        return
    if arkivdel.klassifikasjonssystem_id is not None:
        raise DomeneFeil(
            "Arkivdelen har et klassifikasjonssystem; registreringen må ligge i en klasse "
            "eller en mappe.",
            felt="klasse",
            kode="paakrevd",
        )
    if arkivdel.mapper.exists():
        raise DomeneFeil(
            "Arkivdelen har mapper; registreringen må legges i en av dem.", felt="arkivdel"
        )


@logget
def registrering_opprett(
    *,
    tittel: str,
    mappe: Mappe | None = None,
    klasse: Klasse | None = None,
    arkivdel: Arkivdel | None = None,
    offentlig_tittel: str = "",
    beskrivelse: str = "",
    noekkelord: Sequence[str] = (),
    forfatter: Sequence[str] = (),
    dokumentmedium: str | None = None,
    oppbevaringssted: Sequence[str] | None = None,
    virksomhetsspesifikke_metadata: Mapping[str, Any] | None = None,
    utfoert_av: Any,
    tidspunkt: dt.datetime | None = None,
) -> Registrering:
    """Create a plain registrering in a mappe, or in a klasse (with its arkivdel), or directly
    in an arkivdel without classification and without mapper (5.5.2–5.5.4).

    registreringsID (M004), unique within the arkiv: in a mappe `<mappeID>-<n>`, n the next of
    the mappe's one running series, which journalposter and arkivnotater share
    (`neste_nummer_i_mappe`), so a folder's records never share a number and an upgrade to
    journalpost (5.5.7) keeps it. Outside a mappe, and for a forenklet registrering, there is no
    series to number from, and the registreringsID is the systemID as text. Saksansvar
    (referanse_administrativ_enhet / referanse_saksbehandler) is copied from the mappe;
    dokumentmedium and oppbevaringssted are inherited from the mappe or arkivdel (§6.6).
    """
    _plassering(mappe, klasse, arkivdel)
    if mappe is not None:
        mappe = mappe_for_ny_registrering(mappe, utfoert_av=utfoert_av)
        arkivdel = mappe.arkivdel
    else:
        assert arkivdel is not None  # noqa: S101 - _plassering requires it
        krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", arkivdel)
        laas_rad(arkivdel)
        if klasse is not None:
            laas_rad(klasse)
        _krev_plass_direkte(arkivdel, klasse)
    tittel = krev_tekst(tittel, felt="tittel", visningsnavn="Tittel")
    forenklet = tittel == FORENKLET_TITTEL
    verdier: dict[str, Any] = {
        "offentlig_tittel": valgfri_tekst(
            offentlig_tittel, felt="offentlig_tittel", visningsnavn="Offentlig tittel"
        ),
        "beskrivelse": valgfri_tekst(beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"),
        "noekkelord": tekstliste(list(noekkelord), felt="noekkelord", visningsnavn="Nøkkelord"),
        "forfatter": tekstliste(list(forfatter), felt="forfatter", visningsnavn="Forfatter"),
        "dokumentmedium": dokumentmedium,
        "oppbevaringssted": None
        if oppbevaringssted is None
        else tekstliste(
            list(oppbevaringssted), felt="oppbevaringssted", visningsnavn="Oppbevaringssted"
        ),
    }
    krev_forenklet_uten_tilleggsfelter(tittel, verdier)
    forelder: Mappe | Arkivdel = mappe if mappe is not None else arkivdel

    registrering = Registrering(
        virksomhetsspesifikke_metadata=vsm_verdier(virksomhetsspesifikke_metadata),
        registreringstype=Registreringstype.REGISTRERING,
        arkiv_id=arkivdel.arkiv_id,
        arkivdel=arkivdel,
        mappe=mappe,
        klasse=klasse,
        tittel=tittel,
        offentlig_tittel=verdier["offentlig_tittel"],
        beskrivelse=verdier["beskrivelse"],
        noekkelord=verdier["noekkelord"],
        forfatter=verdier["forfatter"],
        referanse_administrativ_enhet_id=mappe.referanse_administrativ_enhet_id if mappe else None,
        referanse_saksbehandler_id=mappe.referanse_saksansvarlig_id if mappe else None,
    )
    if not forenklet:
        registrering.oppbevaringssted = (
            list(forelder.oppbevaringssted)
            if verdier["oppbevaringssted"] is None
            else verdier["oppbevaringssted"]
        )
        kopier_koder(forelder, registrering, "dokumentmedium")
        koder(registrering, {"dokumentmedium": (dokumentmedium, "dokumentmedium")})
    stemple_opprettet(registrering, utfoert_av=utfoert_av, tidspunkt=tidspunkt)
    arv_ved_opprettelse(registrering, *arvekilder(registrering))
    if mappe is not None and not forenklet:
        registrering.registrerings_id = f"{mappe.mappe_id}-{neste_nummer_i_mappe(mappe)}"
    else:
        registrering.registrerings_id = str(registrering.system_id)
    opprett(registrering, utfoert_av=utfoert_av)
    return registrering


# --- move ----------------------------------------------------------------------------------------


def flytt_til_mappe(
    *,
    registrering: Registrering,
    mappe: Mappe,
    utfoert_av: Any,
    hva: str = "Registreringen",
    bestemt: str = "mappen",
    felt: str = "mappe",
    nummerfelter: Callable[[int], dict[str, Any]] = lambda nummer: {},
) -> Registrering:
    """Move a registrering filed in the wrong mappe to another mappe in the same arkiv, in the
        caller's logged transaction.

        It takes the new mappe's next number (the series its records share), so registreringsID
        changes (the old number is not reused); `nummerfelter(nummer)` gives what else a subtype
        numbers from it (a journalpost's journalpostnummer). Not once archived, nor out of a
        closed mappe or into one that takes no registreringer. Skjerming and kassasjon that were
        inherited follow the new mappe, down to the documents, and documents filed only here
        follow it to its arkivdel. Messages name the registrering `hva` and the mappe `bestemt`
    ("saken"), and the attribute `felt`.
    """
    registrering = laas_registrering(registrering)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", registrering)
    if registrering.er_arkivert:
        raise DomeneFeil(f"{hva} er arkivert og kan ikke flyttes.", felt=felt, kode="laast")
    if registrering.mappe_id == mappe.pk:
        raise DomeneFeil(f"{hva} ligger allerede i {bestemt}.", felt=felt)
    if registrering.mappe_id is None:
        raise DomeneFeil(f"{hva} ligger ikke i en mappe og flyttes ikke her.", felt=felt)
    if mappe.arkiv_id != registrering.arkiv_id:
        raise DomeneFeil(f"{hva} kan bare flyttes innen samme arkiv.", felt=felt)
    if Mappe.objects.filter(pk=registrering.mappe_id, avsluttet_dato__isnull=False).exists():
        raise DomeneFeil(
            f"{bestemt.capitalize()} er avsluttet, og {hva.lower()} kan ikke flyttes ut av den.",
            felt=felt,
            kode="laast",
        )
    til = mappe_for_ny_registrering(mappe, utfoert_av=utfoert_av)
    nummer = neste_nummer_i_mappe(til)
    fra_arkivdel_id = registrering.arkivdel_id
    endringer: dict[str, Any] = {
        "mappe": til,
        "arkivdel": til.arkivdel,
        "registrerings_id": f"{til.mappe_id}-{nummer}",
        **nummerfelter(nummer),
    }
    beskrivelse = f"Flyttet til {til.mappe_id}"
    endre_felter(registrering, endringer, utfoert_av=utfoert_av, beskrivelse=beskrivelse)
    if fra_arkivdel_id != til.arkivdel_id:
        for dokument in Dokumentbeskrivelse.objects.filter(
            tilknytninger__registrering=registrering, arkivdel_id=fra_arkivdel_id
        ).exclude(tilknytninger__registrering__arkivdel_id=fra_arkivdel_id):
            endre_felter(dokument, {"arkivdel": til.arkivdel}, utfoert_av=utfoert_av)
    arv_oppdater(registrering)
    return registrering


@logget
def registrering_flytt(
    *, registrering: Registrering, mappe: Mappe, utfoert_av: Any
) -> Registrering:
    """Move a plain registrering to another mappe (`flytt_til_mappe`). A journalpost or an
    arkivnotat moves between cases with sakarkiv's `flytt_til_sak`."""
    _krev_ikke_journalpost(registrering, "En journalpost flyttes mellom saker, ikke her.")
    if registrering.registreringstype != Registreringstype.REGISTRERING:
        raise DomeneFeil("Et arkivnotat flyttes mellom saker, ikke her.", felt="mappe")
    return flytt_til_mappe(registrering=registrering, mappe=mappe, utfoert_av=utfoert_av)


# --- change, archive, delete ----------------------------------------------------------------------


@logget
def registrering_endre(
    *, registrering: Registrering, endringer: dict[str, Any], utfoert_av: Any
) -> Registrering:
    """Change metadata; each changed field is logged. Once archived, tittel, the descriptive
    fields and dokumentmedium are frozen (§6.3). A journalpost changes through sakarkiv."""
    registrering = laas_registrering(registrering)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", registrering)
    _krev_ikke_journalpost(registrering, "En journalpost endres gjennom journalføringen.")
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
    for felt, navn in (
        ("noekkelord", "Nøkkelord"),
        ("forfatter", "Forfatter"),
        ("oppbevaringssted", "Oppbevaringssted"),
    ):
        if felt in endringer:
            endringer[felt] = tekstliste(endringer[felt], felt=felt, visningsnavn=navn)
    etter = {felt: endringer.get(felt, getattr(registrering, felt)) for felt in UTELATT_I_FORENKLET}
    krev_forenklet_uten_tilleggsfelter(endringer.get("tittel", registrering.tittel), etter)
    endre_felter(
        registrering,
        endringer,
        utfoert_av=utfoert_av,
        frosne=FROSSET_VED_ARKIVERING if registrering.er_arkivert else (),
        frossen_grunn="etter at registreringen er arkivert",
    )
    return registrering


@logget
def registrering_arkiver(*, registrering: Registrering, utfoert_av: Any) -> Registrering:
    """Archive: sets arkivertDato/arkivertAv (M604/M605), which freezes the registrering and
    its documents (§6.3). The records office only (`sakarkiv.arkivere`). A journalpost is
    archived with journalstatus A in sakarkiv, which keeps status and date together."""
    registrering = laas_registrering(registrering)
    krev_tillatelse(utfoert_av, "sakarkiv.arkivere", registrering)
    _krev_ikke_journalpost(registrering, "En journalpost arkiveres med journalstatus A.")
    if registrering.er_arkivert:
        raise DomeneFeil("Registreringen er allerede arkivert.", felt="arkivert_dato")
    endre_felter(
        registrering,
        {
            "arkivert_dato": naa(),
            "arkivert_av": utfoert_av.visningsnavn,
            "referanse_arkivert_av": utfoert_av,
        },
        utfoert_av=utfoert_av,
    )
    return registrering


@logget
def registrering_slett(*, registrering: Registrering, utfoert_av: Any) -> None:
    """Delete a registrering that is not archived and has no documents (§6.4: archived
    material is never deleted by users). Its number in the mappe is not reused. A journalpost
    is deleted through sakarkiv (only in status R or M)."""
    registrering = laas_registrering(registrering)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", registrering)
    _krev_ikke_journalpost(registrering, "En journalpost slettes gjennom journalføringen.")
    if registrering.er_arkivert:
        raise DomeneFeil(
            "En arkivert registrering kan ikke slettes.",
            felt="arkivert_dato",
            kode="kan_ikke_slettes",
        )
    if registrering.tilknytninger.exists():
        raise DomeneFeil(
            "Registreringen har dokumenter; slett dem først.",
            felt="dokumentbeskrivelser",
            kode="kan_ikke_slettes",
        )
    slett_sekundaere(registrering, utfoert_av=utfoert_av)
    logg_slettet(registrering, utfoert_av=utfoert_av)
    Registrering.objects.filter(pk=registrering.pk).delete()
