"""Arkivnotat: create and archive (model.md §3.11, §6.1, §6.3).

Noark 5 requirements: 5.4.7 (a closed mappe takes no new registreringer), 5.11.5 (a mappe in an
overlapping period moves to the arvtaker), M004 (registreringsID unique within the arkiv),
M103–M105, M109, M304 (the arkivnotat's dates and attachments), M604/M605 (archiving).

An arkivnotat is archived but not journalført: it has the document dates, and no
journalaar/journalsekvensnummer, journalpostnummer, journalposttype or journalstatus, so it
never appears in the journal. It takes its number from the same per-mappe series as the
journalposter (`neste_nummer_i_mappe`), so an arkivnotat and the journalposter of one case
never share a number: `2026/12-3` is one record only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from arkivstruktur.models import Mappe, Registrering, Registreringstype
from arkivstruktur.services.arv import arv_ved_opprettelse
from arkivstruktur.services.felles import koder, kopier_koder, opprett, stemple_opprettet
from arkivstruktur.services.mappe import neste_nummer_i_mappe
from arkivstruktur.services.registrering import mappe_for_ny_registrering, registrering_arkiver
from felles.feil import DomeneFeil
from felles.tid import dato_i_oslo, naa
from felles.validering import krev_heltall, krev_tekst, tekstliste, valgfri_tekst
from kodeliste.vsmverdier import vsm_verdier
from sakarkiv.models import Arkivnotat
from sporing.services import logget


@logget
def arkivnotat_opprett(
    *,
    mappe: Mappe,
    tittel: str,
    dokumentets_dato: dt.date | None = None,
    mottatt_dato: dt.datetime | None = None,
    sendt_dato: dt.datetime | None = None,
    forfallsdato: dt.date | None = None,
    antall_vedlegg: int | None = None,
    offentlig_tittel: str = "",
    beskrivelse: str = "",
    noekkelord: Sequence[str] = (),
    forfatter: Sequence[str] = (),
    dokumentmedium: str | None = None,
    saksbehandler: Any = None,
    virksomhetsspesifikke_metadata: Mapping[str, Any] | None = None,
    utfoert_av: Any,
    tidspunkt: dt.datetime | None = None,
) -> Arkivnotat:
    """Register an arkivnotat in a saksmappe or a generic mappe.

    registreringsID is `<mappeID>-<n>`, n the next in the mappe (shared with journalposter).
    dokumentetsDato defaults to today (API 0..1 → 1); mottattDato and sendtDato are kept only
    when given, since an internal note is neither received nor sent. Saksansvar comes from the
    mappe unless a saksbehandler is given.
    """
    mappe = mappe_for_ny_registrering(mappe, utfoert_av=utfoert_av)
    if antall_vedlegg is not None:
        antall_vedlegg = krev_heltall(
            antall_vedlegg, felt="antall_vedlegg", visningsnavn="Antall vedlegg", minst=0
        )
    tidspunkt = tidspunkt or naa()

    arkivnotat = Arkivnotat(
        virksomhetsspesifikke_metadata=vsm_verdier(virksomhetsspesifikke_metadata),
        registreringstype=Registreringstype.ARKIVNOTAT,
        arkiv_id=mappe.arkiv_id,
        arkivdel_id=mappe.arkivdel_id,
        mappe=mappe,
        tittel=krev_tekst(tittel, felt="tittel", visningsnavn="Tittel"),
        offentlig_tittel=valgfri_tekst(
            offentlig_tittel, felt="offentlig_tittel", visningsnavn="Offentlig tittel"
        ),
        beskrivelse=valgfri_tekst(beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"),
        noekkelord=tekstliste(list(noekkelord), felt="noekkelord", visningsnavn="Nøkkelord"),
        forfatter=tekstliste(list(forfatter), felt="forfatter", visningsnavn="Forfatter"),
        oppbevaringssted=list(mappe.oppbevaringssted),
        dokumentets_dato=dokumentets_dato or dato_i_oslo(tidspunkt),
        mottatt_dato=mottatt_dato,
        sendt_dato=sendt_dato,
        forfallsdato=forfallsdato,
        antall_vedlegg=antall_vedlegg,
        referanse_administrativ_enhet_id=mappe.referanse_administrativ_enhet_id,
        referanse_saksbehandler=saksbehandler or mappe.referanse_saksansvarlig,
    )
    kopier_koder(mappe, arkivnotat, "dokumentmedium")
    koder(arkivnotat, {"dokumentmedium": (dokumentmedium, "dokumentmedium")})
    stemple_opprettet(arkivnotat, utfoert_av=utfoert_av, tidspunkt=tidspunkt)
    arv_ved_opprettelse(arkivnotat, mappe)
    arkivnotat.registrerings_id = f"{mappe.mappe_id}-{neste_nummer_i_mappe(mappe)}"
    opprett(arkivnotat, utfoert_av=utfoert_av)
    return arkivnotat


@logget
def arkivnotat_arkiver(*, arkivnotat: Registrering, utfoert_av: Any) -> Arkivnotat:
    """Archive an arkivnotat: arkivertDato/arkivertAv, by the records office. With no
    journalstatus, archiving is the date alone (arkivstruktur's `registrering_arkiver`)."""
    if arkivnotat.registreringstype != Registreringstype.ARKIVNOTAT:
        raise DomeneFeil("Registreringen er ikke et arkivnotat.", felt="registreringstype")
    registrering_arkiver(registrering=arkivnotat, utfoert_av=utfoert_av)
    arkivert: Arkivnotat = Arkivnotat.objects.get(pk=arkivnotat.pk)
    return arkivert
