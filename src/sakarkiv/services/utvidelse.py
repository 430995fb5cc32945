"""Extend a registrering to a journalpost (model.md §3.9–3.10, §6.1; API `utvid-til-journalpost`).

Noark 5 requirements: 5.5.7 (a registrering may be extended to a journalpost, only when its
parent is a saksmappe), M013–M015 (journalaar, journalsekvensnummer, journalpostnummer), M082
and M053 (journalposttype and journalstatus), M004 (registreringsID kept).

The row stays the same: its systemID, registreringsID and documents are kept, and it gets the
journal fields. Its number within the case comes from the case's one running series (shared by
registreringer, arkivnotater and journalposter), so `<mappeID>-<n>` becomes journalpostnummer
n. The journal number is taken last, as in `journalpost_registrer`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from arkivstruktur.models import Mappe, Mappetype, Registrering, Registreringstype
from arkivstruktur.services.felles import endre_felter
from arkivstruktur.services.mappe import neste_nummer_i_mappe
from arkivstruktur.services.registrering import laas_registrering
from felles.feil import DomeneFeil
from felles.tid import aar_i_oslo, dato_i_oslo, naa
from felles.validering import er_blank
from kodeliste.services import kodeverdi_for_bruk
from sakarkiv import regler
from sakarkiv.models import Journalpost, Serie
from sakarkiv.services.korrespondansepart import NyKorrespondansepart, korrespondanseparter_opprett
from sakarkiv.services.nummerering import neste_nummer
from sakarkiv.services.saksmappe import laas_saksmappe
from sporing.services import logget
from tilgang.regler import krev_tillatelse

_LOEPENUMMER = re.compile(r"[1-9][0-9]*")


def _krev_kan_utvides(registrering: Registrering) -> None:
    if registrering.registreringstype != Registreringstype.REGISTRERING:
        raise DomeneFeil(
            "Bare en vanlig registrering kan utvides til journalpost.", felt="registreringstype"
        )
    if registrering.er_arkivert:
        raise DomeneFeil(
            "Registreringen er arkivert og kan ikke utvides til journalpost.",
            felt="arkivert_dato",
        )


def _nummer_i_saken(registrering: Registrering, saksmappe: Mappe) -> int | None:
    """n of a registreringsID `<mappeID>-<n>` taken from this case's series, unless a
    journalpost already has it; None for any other form (a forenklet registrering, say)."""
    prefiks = f"{saksmappe.mappe_id}-"
    if not registrering.registrerings_id.startswith(prefiks):
        return None
    rest = registrering.registrerings_id[len(prefiks) :]
    if not _LOEPENUMMER.fullmatch(rest) or int(rest) > saksmappe.siste_journalpostnummer:
        return None
    opptatt = Registrering.objects.filter(
        mappe=saksmappe,
        registreringstype=Registreringstype.JOURNALPOST,
        journalpostnummer=int(rest),
    ).exists()
    return None if opptatt else int(rest)


def _kode(kodeliste: str, kode: str | None, *, felt: str) -> str:
    if kode is None or er_blank(kode):
        raise DomeneFeil(f"{felt.capitalize()} må fylles ut.", felt=felt, kode="paakrevd")
    return kodeverdi_for_bruk(kodeliste=kodeliste, kode=kode, felt=felt, visningsnavn=felt).kode


@logget
def registrering_utvid_til_journalpost(
    *,
    registrering: Registrering,
    journalposttype: str,
    korrespondanseparter: Sequence[NyKorrespondansepart],
    journalstatus: str | None = None,
    utfoert_av: Any,
) -> Journalpost:
    """Make a registrering in a saksmappe a journalpost (5.5.7); it must not be archived.

    journalposttype and journalstatus follow the same rules as a new journalpost
    (`sakarkiv.regler`); at least one korrespondansepart is required. journaldato is today,
    dokumentetsDato defaults to the day the registrering was created, and for an incoming
    document mottattDato to its creation time. Every changed field is logged.
    """
    registrering = laas_registrering(registrering)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", registrering)
    forelder = registrering.mappe
    if forelder is None or forelder.mappetype != Mappetype.SAKSMAPPE:
        raise DomeneFeil(
            "Bare en registrering i en saksmappe kan utvides til journalpost.", felt="mappe"
        )
    # The record, then its case (for the counters), as journalpost_endre_status does.
    saksmappe = laas_saksmappe(forelder)
    _krev_kan_utvides(registrering)
    type_ = _kode("journalposttype", journalposttype, felt="journalposttype")
    status = journalstatus or regler.STANDARD_JOURNALSTATUS.get(type_, "")
    if type_ in regler.JOURNALSTATUS_VED_OPPRETTELSE and not (
        regler.journalstatus_ved_opprettelse_tillatt(type_, status)
    ):
        raise DomeneFeil(
            f"En journalpost av type {type_} kan ikke registreres med status {status}.",
            felt="journalstatus",
        )
    status = _kode("journalstatus", status, felt="journalstatus")
    if not korrespondanseparter:
        raise DomeneFeil(
            "Journalposten må ha minst én korrespondansepart.",
            felt="korrespondanseparter",
            kode="paakrevd",
        )

    tidspunkt = naa()
    endringer: dict[str, Any] = {
        "registreringstype": Registreringstype.JOURNALPOST,
        "journalposttype": type_,
        "journalstatus": status,
        "journaldato": dato_i_oslo(tidspunkt),
        "dokumentets_dato": registrering.dokumentets_dato
        or dato_i_oslo(registrering.opprettet_dato),
        "journalenhet": registrering.journalenhet or saksmappe.journalenhet,
    }
    if type_ == regler.INNGAAENDE and registrering.mottatt_dato is None:
        endringer["mottatt_dato"] = registrering.opprettet_dato
    if registrering.referanse_administrativ_enhet_id is None:
        endringer["referanse_administrativ_enhet"] = saksmappe.referanse_administrativ_enhet
    if registrering.referanse_saksbehandler_id is None:
        endringer["referanse_saksbehandler"] = saksmappe.referanse_saksansvarlig
    nummer = _nummer_i_saken(registrering, saksmappe)
    if nummer is None:
        # No number of this case's series (a forenklet registrering): the next one, and the
        # registreringsID that goes with it (M004 may change in this case).
        nummer = neste_nummer_i_mappe(saksmappe)
        endringer["registrerings_id"] = f"{saksmappe.mappe_id}-{nummer}"
    endringer["journalpostnummer"] = nummer
    endringer["journalaar"] = aar_i_oslo(tidspunkt)
    # Last, so the journal series is locked only until commit.
    endringer["journalsekvensnummer"] = neste_nummer(
        arkiv_id=saksmappe.arkiv_id, serie=Serie.JOURNAL, aar=endringer["journalaar"]
    )
    endre_felter(
        registrering, endringer, utfoert_av=utfoert_av, beskrivelse="Utvidet til journalpost"
    )
    journalpost: Journalpost = Journalpost.objects.get(pk=registrering.pk)
    korrespondanseparter_opprett(journalpost, korrespondanseparter, utfoert_av=utfoert_av)
    if status in regler.EKSPEDERT_ELLER_JOURNALFOERT:
        # 6.1.18: the case may then never be deleted (as journalpost_registrer marks it).
        Mappe.objects.filter(pk=saksmappe.pk, har_hatt_ekspedert_eller_journalfoert=False).update(
            har_hatt_ekspedert_eller_journalfoert=True
        )
    return journalpost
