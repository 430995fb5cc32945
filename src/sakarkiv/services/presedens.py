"""Presedens (model.md §4.13): a decision that serves as precedent, linked n:m to cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from arkivstruktur.models import Mappe, Registrering
from arkivstruktur.services.felles import endre_felter, koder, opprett
from felles.feil import DomeneFeil
from felles.tid import dato_i_oslo, naa
from felles.validering import krev_tekst, valgfri_tekst
from sakarkiv.models import Presedens
from sporing.services import logget
from tilgang.regler import krev_tillatelse


@logget
def presedens_opprett(
    *,
    tittel: str,
    rettskildefaktor: str,
    saksmappe: Mappe | None = None,
    journalpost: Registrering | None = None,
    presedens_hjemmel: str = "",
    beskrivelse: str = "",
    presedens_dato: dt.date | None = None,
    utfoert_av: Any,
) -> Presedens:
    """presedensDato defaults to the journalpost's dokumentetsDato; status G (gjeldende)."""
    kilde = journalpost or saksmappe
    if kilde is None:
        raise DomeneFeil(
            "En presedens må knyttes til en sak eller en journalpost.", felt="saksmappe"
        )
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", kilde)
    tidspunkt = naa()
    presedens = Presedens(
        opprettet_dato=tidspunkt,
        opprettet_av=utfoert_av.visningsnavn,
        presedens_dato=presedens_dato
        or getattr(journalpost, "dokumentets_dato", None)
        or dato_i_oslo(tidspunkt),
        tittel=krev_tekst(tittel, felt="tittel", visningsnavn="Tittel"),
        rettskildefaktor=krev_tekst(
            rettskildefaktor, felt="rettskildefaktor", visningsnavn="Rettskildefaktor"
        ),
        presedens_hjemmel=valgfri_tekst(
            presedens_hjemmel, felt="presedens_hjemmel", visningsnavn="Hjemmel"
        ),
        beskrivelse=valgfri_tekst(beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"),
    )
    koder(presedens, {"presedens_status": ("G", "presedensstatus")})
    opprett(presedens, utfoert_av=utfoert_av)
    if saksmappe is not None:
        presedens.saksmapper.add(saksmappe)
    if journalpost is not None:
        presedens.journalposter.add(journalpost)
    return presedens


@logget
def presedens_foreld(*, presedens: Presedens, utfoert_av: Any) -> Presedens:
    """A precedent that no longer applies becomes F (foreldet) and is closed (M056)."""
    if presedens.presedens_status == "F":
        raise DomeneFeil("Presedensen er allerede foreldet.", felt="presedens_status")
    endringer = {
        "presedens_status": "F",
        "avsluttet_dato": naa(),
        "avsluttet_av": utfoert_av.visningsnavn,
        "referanse_avsluttet_av": utfoert_av,
    }
    endre_felter(presedens, endringer, utfoert_av=utfoert_av)
    return presedens
