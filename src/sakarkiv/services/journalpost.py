"""Journalpost: register, change, status and archiving, delete (model.md §3.10, §6.1–6.4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import rules
from django.db import transaction

from arkivstruktur.models import Mappe, Registrering, Registreringstype
from arkivstruktur.services.arv import arv_ved_opprettelse
from arkivstruktur.services.felles import (
    endre_felter,
    koder,
    kopier_koder,
    opprett,
    stemple_opprettet,
)
from arkivstruktur.services.mappe import neste_nummer_i_mappe, slett_sekundaere
from arkivstruktur.services.registrering import (
    flytt_til_mappe,
    mappe_for_ny_registrering,
)
from felles.feil import DomeneFeil
from felles.tid import aar_i_oslo, dato_i_oslo, naa
from felles.validering import krev_tekst, tekstliste, valgfri_tekst
from kodeliste.vsmverdier import vsm_verdier
from sakarkiv import regler
from sakarkiv.models import Avskrivning, Journalpost, Serie
from sakarkiv.services.korrespondansepart import NyKorrespondansepart, korrespondanseparter_opprett
from sakarkiv.services.nummerering import neste_nummer
from sporing.services import logg_slettet, logget
from tilgang.regler import krev_tillatelse

# Editable until the journalpost is archived (§6.3); lending fields stay editable after.
FROSSET_VED_ARKIVERING = (
    "tittel",
    "offentlig_tittel",
    "journaldato",
    "dokumentets_dato",
    "mottatt_dato",
    "sendt_dato",
    "forfallsdato",
    "dokumentmedium",
    "antall_vedlegg",
    "forfatter",
    "beskrivelse",
    "noekkelord",
)
ENDRINGSBARE_FELTER = frozenset(
    {
        *FROSSET_VED_ARKIVERING,
        "utlaant_dato",
        "utlaant_til",
        "referanse_utlaant_til",
        "journalenhet",
        "offentlighetsvurdert_dato",
        "virksomhetsspesifikke_metadata",
    }
)


@logget
def journalpost_registrer(
    *,
    saksmappe: Mappe,
    tittel: str,
    journalposttype: str,
    korrespondanseparter: Sequence[NyKorrespondansepart],
    journalstatus: str | None = None,
    offentlig_tittel: str = "",
    beskrivelse: str = "",
    forfatter: Sequence[str] = (),
    dokumentets_dato: dt.date | None = None,
    mottatt_dato: dt.datetime | None = None,
    sendt_dato: dt.datetime | None = None,
    forfallsdato: dt.date | None = None,
    antall_vedlegg: int | None = None,
    journalenhet: str = "",
    saksbehandler: Any = None,
    journaldato: dt.date | None = None,
    noekkelord: Sequence[str] = (),
    dokumentmedium: str | None = None,
    oppbevaringssted: Sequence[str] | None = None,
    krev_korrespondansepart: bool = True,
    virksomhetsspesifikke_metadata: Mapping[str, Any] | None = None,
    utfoert_av: Any,
    tidspunkt: dt.datetime | None = None,
) -> Journalpost:
    """Register a journalpost in a case with its senders/recipients.

    journalpostnummer is the next in the case, journalaar/journalsekvensnummer the next in the
    arkiv's journal for the year (6.1); the journal number is taken last. A case in an
    arkivdel under overlap moves to the successor period first (5.11.5). journaldato defaults
    to today (M101); dokumentmedium and oppbevaringssted are inherited from the case unless
    given (§6.6).

    `krev_korrespondansepart=False` is for the Noark API, where a client creates the
    journalpost first and adds its parties through their own resources afterwards
    (rest-api.md §5.1); everywhere else at least one is required at once.
    """
    if not saksmappe.er_saksmappe:
        raise DomeneFeil("En journalpost registreres i en saksmappe.", felt="saksmappe")
    saksmappe = mappe_for_ny_registrering(saksmappe, utfoert_av=utfoert_av)
    status = journalstatus or regler.STANDARD_JOURNALSTATUS.get(journalposttype, "")
    if (
        journalposttype in regler.JOURNALSTATUS_VED_OPPRETTELSE
        and not regler.journalstatus_ved_opprettelse_tillatt(journalposttype, status)
    ):
        raise DomeneFeil(
            f"En journalpost av type {journalposttype} kan ikke registreres med status {status}.",
            felt="journalstatus",
        )
    if not korrespondanseparter and krev_korrespondansepart:
        # The API text requires at least one for a journalpost (model.md §9.3).
        raise DomeneFeil(
            "Journalposten må ha minst én korrespondansepart.",
            felt="korrespondanseparter",
            kode="paakrevd",
        )
    tidspunkt = tidspunkt or naa()
    ansvarlig_id = saksbehandler.pk if saksbehandler else saksmappe.referanse_saksansvarlig_id

    journalpost = Journalpost(
        virksomhetsspesifikke_metadata=vsm_verdier(virksomhetsspesifikke_metadata),
        arkiv_id=saksmappe.arkiv_id,
        arkivdel_id=saksmappe.arkivdel_id,
        mappe=saksmappe,
        tittel=krev_tekst(tittel, felt="tittel", visningsnavn="Tittel"),
        offentlig_tittel=valgfri_tekst(
            offentlig_tittel, felt="offentlig_tittel", visningsnavn="Offentlig tittel"
        ),
        beskrivelse=valgfri_tekst(beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"),
        forfatter=tekstliste(list(forfatter), felt="forfatter", visningsnavn="Forfatter"),
        noekkelord=tekstliste(list(noekkelord), felt="noekkelord", visningsnavn="Nøkkelord"),
        oppbevaringssted=list(saksmappe.oppbevaringssted)
        if oppbevaringssted is None
        else tekstliste(
            list(oppbevaringssted), felt="oppbevaringssted", visningsnavn="Oppbevaringssted"
        ),
        journaldato=journaldato or dato_i_oslo(tidspunkt),
        dokumentets_dato=dokumentets_dato or dato_i_oslo(tidspunkt),
        mottatt_dato=mottatt_dato
        if mottatt_dato or journalposttype != regler.INNGAAENDE
        else tidspunkt,
        sendt_dato=sendt_dato,
        forfallsdato=forfallsdato,
        antall_vedlegg=antall_vedlegg,
        journalenhet=valgfri_tekst(journalenhet, felt="journalenhet", visningsnavn="Journalenhet")
        or saksmappe.journalenhet,
        referanse_administrativ_enhet_id=saksmappe.referanse_administrativ_enhet_id,
        referanse_saksbehandler_id=ansvarlig_id,
    )
    kopier_koder(saksmappe, journalpost, "dokumentmedium")
    koder(
        journalpost,
        {
            "journalposttype": (journalposttype, "journalposttype"),
            "journalstatus": (status, "journalstatus"),
            "dokumentmedium": (dokumentmedium, "dokumentmedium"),
        },
    )
    if not journalpost.journalposttype:
        raise DomeneFeil("Journalposttype må fylles ut.", felt="journalposttype", kode="paakrevd")
    stemple_opprettet(journalpost, utfoert_av=utfoert_av, tidspunkt=tidspunkt)
    arv_ved_opprettelse(journalpost, saksmappe)

    journalpost.journalpostnummer = neste_nummer_i_mappe(saksmappe)
    journalpost.registrerings_id = f"{saksmappe.mappe_id}-{journalpost.journalpostnummer}"
    journalpost.journalaar = aar_i_oslo(tidspunkt)
    journalpost.journalsekvensnummer = neste_nummer(
        arkiv_id=saksmappe.arkiv_id, serie=Serie.JOURNAL, aar=journalpost.journalaar
    )
    opprett(journalpost, utfoert_av=utfoert_av)
    korrespondanseparter_opprett(journalpost, korrespondanseparter, utfoert_av=utfoert_av)
    if journalpost.journalstatus in regler.EKSPEDERT_ELLER_JOURNALFOERT:
        _merk_saken_som_ekspedert(saksmappe.pk)
    return journalpost


def _merk_saken_som_ekspedert(mappe_id: int) -> None:
    Mappe.objects.filter(pk=mappe_id, har_hatt_ekspedert_eller_journalfoert=False).update(
        har_hatt_ekspedert_eller_journalfoert=True
    )


def laas_journalpost(journalpost: Registrering) -> Journalpost:
    laast: Journalpost = Journalpost.objects.select_for_update(of=("self",)).get(pk=journalpost.pk)
    return laast


@logget
def journalpost_endre(
    *, journalpost: Registrering, endringer: dict[str, Any], utfoert_av: Any
) -> Journalpost:
    """Change metadata; the registration fields freeze when archived (§6.3)."""
    journalpost = laas_journalpost(journalpost)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", journalpost)
    ukjente = set(endringer) - ENDRINGSBARE_FELTER
    if ukjente:
        felt = sorted(ukjente)[0]
        raise DomeneFeil(f"Feltet {felt} kan ikke endres her.", felt=felt, kode="laast")
    if journalpost.journalstatus == "U":
        raise DomeneFeil("Journalposten er utgått og kan ikke endres.", kode="laast")
    if "tittel" in endringer:
        endringer["tittel"] = krev_tekst(endringer["tittel"], felt="tittel", visningsnavn="Tittel")
    endre_felter(
        journalpost,
        endringer,
        utfoert_av=utfoert_av,
        frosne=FROSSET_VED_ARKIVERING if journalpost.er_arkivert else (),
        frossen_grunn="etter at journalposten er arkivert",
    )
    return journalpost


@logget
def journalpost_endre_status(
    *, journalpost: Registrering, journalstatus: str, utfoert_av: Any
) -> Journalpost:
    """Move along the journal's life cycle (§6.2). J (journalført) and A (arkivert) are the
    records office's; A sets arkivertDato/Av and freezes the documents."""
    journalpost = laas_journalpost(journalpost)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", journalpost)
    fra = journalpost.journalstatus
    if not regler.journalstatus_overgang_tillatt(fra, journalstatus):
        raise DomeneFeil(
            f"Journalstatus kan ikke endres fra {fra} til {journalstatus}.",
            felt="journalstatus",
            kode="ugyldig_overgang",
        )
    if journalstatus in {"J", "A"}:
        krev_tillatelse(utfoert_av, "sakarkiv.arkivere", journalpost)
    if journalstatus == "G":
        krev_tillatelse(utfoert_av, "sakarkiv.godkjenne", journalpost)
    endringer: dict[str, Any] = {"journalstatus": journalstatus}
    if journalstatus == "A":
        endringer |= {
            "arkivert_dato": naa(),
            "arkivert_av": utfoert_av.visningsnavn,
            "referanse_arkivert_av": utfoert_av,
        }
    if journalstatus == "E" and journalpost.sendt_dato is None:
        endringer["sendt_dato"] = naa()
    endre_felter(journalpost, endringer, utfoert_av=utfoert_av)
    if journalstatus in regler.EKSPEDERT_ELLER_JOURNALFOERT and journalpost.mappe_id:
        _merk_saken_som_ekspedert(journalpost.mappe_id)
    return journalpost


def journalposter_journalfoer(
    *, journalposter: Sequence[Registrering], utfoert_av: Any
) -> list[Journalpost]:
    """Journal control in bulk: every one to J in one transaction, or none (a refusal names
    the journalpost it stopped at)."""
    journalfoert = []
    with transaction.atomic():
        for journalpost in journalposter:
            try:
                journalfoert.append(
                    journalpost_endre_status(
                        journalpost=journalpost, journalstatus="J", utfoert_av=utfoert_av
                    )
                )
            except DomeneFeil as feil:
                raise DomeneFeil(
                    f"{journalpost.registrerings_id}: {feil.melding}",
                    felt=feil.felt,
                    kode=feil.kode,
                ) from feil
    return journalfoert


def journalpost_arkiver(*, journalpost: Registrering, utfoert_av: Any) -> Journalpost:
    return journalpost_endre_status(
        journalpost=journalpost, journalstatus="A", utfoert_av=utfoert_av
    )


_FLYTTBARE = (Registreringstype.JOURNALPOST, Registreringstype.ARKIVNOTAT)


@logget
def flytt_til_sak(*, registrering: Registrering, saksmappe: Mappe, utfoert_av: Any) -> Registrering:
    """Move a journalpost or an arkivnotat filed in the wrong case to another case in the same
    arkiv.

    It takes the new case's next number (the series both share), so registreringsID and a
    journalpost's journalpostnummer change (the old number is not reused); the journal number
    (journalår/-sekvensnummer) stays, since the journal is one running series. Not once
    archived, nor out of or into a closed case. The case handler stays; skjerming and
    kassasjon that were inherited follow the new case, down to the documents, and documents
    filed only here follow it to its arkivdel.
    """
    er_journalpost = registrering.registreringstype == Registreringstype.JOURNALPOST
    hva = "Journalposten" if er_journalpost else "Arkivnotatet"
    if registrering.registreringstype not in _FLYTTBARE:
        raise DomeneFeil(
            "Bare journalposter og arkivnotater flyttes mellom saker.", felt="saksmappe"
        )
    if not saksmappe.er_saksmappe:
        raise DomeneFeil(f"{hva} kan bare flyttes til en saksmappe.", felt="saksmappe")
    registrering = flytt_til_mappe(
        registrering=registrering,
        mappe=saksmappe,
        utfoert_av=utfoert_av,
        hva=hva,
        bestemt="saken",
        felt="saksmappe",
        nummerfelter=lambda nummer: {"journalpostnummer": nummer} if er_journalpost else {},
    )
    if registrering.journalstatus in regler.EKSPEDERT_ELLER_JOURNALFOERT:
        assert registrering.mappe_id is not None  # noqa: S101 - it was just moved into one
        _merk_saken_som_ekspedert(registrering.mappe_id)
    return registrering


@logget
def journalpost_slett(*, journalpost: Registrering, utfoert_av: Any) -> None:
    """Only a reserved (R) or temporary (M) journalpost can be deleted (§6.4); its numbers are
    never given to another.

    The records office (`sakarkiv.arkivere`) may also remove one in a later status as long as
    it is not archived (A) and holds no documents (client-compat.md §12.2: an administrator
    is not blocked from removing a journalpost without archived documents, even in J).
    Archived material is never deleted."""
    journalpost = laas_journalpost(journalpost)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", journalpost)
    if journalpost.journalstatus not in regler.SLETTBAR_JOURNALSTATUS and not (
        journalpost.journalstatus != "A"
        and not journalpost.er_arkivert
        and rules.has_perm("sakarkiv.arkivere", utfoert_av, journalpost)
    ):
        raise DomeneFeil(
            f"En journalpost med status {journalpost.journalstatus} kan ikke slettes; "
            "sett den til U (utgår).",
            kode="kan_ikke_slettes",
        )
    if journalpost.tilknytninger.exists():
        raise DomeneFeil("Journalposten har dokumenter; slett dem først.", kode="kan_ikke_slettes")
    if Avskrivning.objects.filter(referanse_avskrives_av_journalpost=journalpost).exists():
        raise DomeneFeil(
            "Journalposten er svaret som avskriver en annen journalpost og kan ikke slettes.",
            kode="kan_ikke_slettes",
        )
    slett_sekundaere(journalpost, utfoert_av=utfoert_av)
    logg_slettet(journalpost, utfoert_av=utfoert_av)
    Registrering.objects.filter(pk=journalpost.pk).delete()
