"""Extend in place: a registrering to a journalpost (model.md §3.9–3.10, §6.1; API
`utvid-til-journalpost`), and a generic mappe to a saksmappe (model.md §3.6–3.7; API
`utvid-til-saksmappe`, see `mappe_utvid_til_saksmappe`).

Noark 5 requirements: 5.5.7 (a registrering may be extended to a journalpost, only when its
parent is a saksmappe), M013–M015 (journalaar, journalsekvensnummer, journalpostnummer), M082
and M053 (journalposttype and journalstatus), M004 (registreringsID kept).

The row stays the same: its systemID, registreringsID and documents are kept, and it gets the
journal fields. Its number within the case comes from the case's one running series (shared by
registreringer, arkivnotater and journalposter), so `<mappeID>-<n>` becomes journalpostnummer
n. The journal number is taken last, as in `journalpost_registrer`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from arkivstruktur.models import Mappe, Mappetype, Registrering, Registreringstype
from arkivstruktur.services.felles import endre_felter
from arkivstruktur.services.mappe import laas_mappe, neste_nummer_i_mappe
from arkivstruktur.services.registrering import laas_registrering
from felles.feil import DomeneFeil
from felles.tid import aar_i_oslo, dato_i_oslo, naa
from felles.validering import er_blank, valgfri_tekst
from kodeliste.services import kodeverdi_for_bruk
from organisasjon.models import AdministrativEnhet
from sakarkiv import regler
from sakarkiv.models import Journalpost, Saksmappe, Serie
from sakarkiv.selectors import standard_enhet
from sakarkiv.services.korrespondansepart import NyKorrespondansepart, korrespondanseparter_opprett
from sakarkiv.services.nummerering import neste_nummer
from sakarkiv.services.saksmappe import laas_saksmappe
from sporing.services import logget
from tilgang.eierskap import virksomhet_id_for
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
    krev_korrespondansepart: bool = True,
    utfoert_av: Any,
) -> Journalpost:
    """Make a registrering in a saksmappe a journalpost (5.5.7); it must not be archived.

    journalposttype and journalstatus follow the same rules as a new journalpost
    (`sakarkiv.regler`); at least one korrespondansepart is required. journaldato is today,
    dokumentetsDato defaults to the day the registrering was created, and for an incoming
    document mottattDato to its creation time. Every changed field is logged.
    `krev_korrespondansepart=False` is for the Noark API, whose clients add the parties
    through their own resources afterwards (as for `journalpost_registrer`).
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
    if not korrespondanseparter and krev_korrespondansepart:
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


@logget
def mappe_utvid_til_saksmappe(
    *,
    mappe: Mappe,
    saksdato: dt.date | None = None,
    administrativ_enhet: AdministrativEnhet | None = None,
    saksansvarlig: Any = None,
    journalenhet: str = "",
    saksstatus: str = "B",
    utfoert_av: Any,
) -> Saksmappe:
    """Make a generic mappe a saksmappe in place (API `utvid-til-saksmappe`, rest-api.md §5.5):
    its systemID, children and history are kept, and it gets the case fields of a new
    saksmappe (model.md §3.7) with the same defaults and rules as `saksmappe_opprett`.

    It takes the next saksaar/sakssekvensnummer of the arkiv's series (6.1), and its mappeID
    becomes `saksaar/sakssekvensnummer` as every saksmappe's: a generic mappe's mappeID is
    only its systemID as text, and the case number is how the case is known from now on. The
    registreringer in it keep their registreringsID. An open mappe only: a closed one is
    frozen (6.1.2). Every changed field is logged.
    """
    mappe = laas_mappe(mappe)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", mappe)
    if mappe.mappetype != Mappetype.MAPPE:
        raise DomeneFeil("Mappen er allerede en saksmappe.", felt="mappetype")
    if mappe.er_avsluttet:
        raise DomeneFeil(
            "Mappen er avsluttet og kan ikke utvides til saksmappe.", felt="avsluttet_dato"
        )
    if saksstatus not in regler.SAKSSTATUS_VED_OPPRETTELSE:
        raise DomeneFeil(
            "En ny sak må ha status R (opprettet) eller B (under behandling).", felt="saksstatus"
        )
    virksomhet_id = virksomhet_id_for(mappe)
    enhet = administrativ_enhet or standard_enhet(bruker=utfoert_av, virksomhet_id=virksomhet_id)
    if enhet is None:
        raise DomeneFeil(
            "Saken må ha en administrativ enhet.", felt="administrativ_enhet", kode="paakrevd"
        )
    if enhet.virksomhet_id != virksomhet_id:
        raise DomeneFeil("Enheten hører ikke til arkivets virksomhet.", felt="administrativ_enhet")
    ansvarlig = saksansvarlig or utfoert_av
    tidspunkt = naa()
    saksaar = aar_i_oslo(tidspunkt)
    endringer: dict[str, Any] = {
        "mappetype": Mappetype.SAKSMAPPE,
        "saksdato": saksdato or dato_i_oslo(tidspunkt),
        "administrativ_enhet": enhet.administrativ_enhet_navn,
        "referanse_administrativ_enhet": enhet,
        "saksansvarlig": ansvarlig.visningsnavn,
        "referanse_saksansvarlig": ansvarlig,
        "journalenhet": valgfri_tekst(
            journalenhet, felt="journalenhet", visningsnavn="Journalenhet"
        ),
        "saksstatus": saksstatus,
        "saksaar": saksaar,
    }
    # Last, so the series is locked only until commit.
    endringer["sakssekvensnummer"] = neste_nummer(
        arkiv_id=mappe.arkiv_id, serie=Serie.SAK, aar=saksaar
    )
    endringer["mappe_id"] = f"{saksaar}/{endringer['sakssekvensnummer']}"
    endre_felter(mappe, endringer, utfoert_av=utfoert_av, beskrivelse="Utvidet til saksmappe")
    saksmappe: Saksmappe = Saksmappe.objects.get(pk=mappe.pk)
    return saksmappe
