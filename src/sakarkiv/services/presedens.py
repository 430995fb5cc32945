"""Presedens (model.md §4.13): a decision that serves as precedent, linked n:m to cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from arkivstruktur.models import Mappe, Registrering
from arkivstruktur.services.felles import endre_felter, koder, opprett
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import dato_i_oslo, naa
from felles.validering import krev_tekst, valgfri_tekst
from sakarkiv.models import Presedens
from sporing.services import logg_slettet, logget
from tilgang.regler import er_systemadministrator, krev_tillatelse


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


@logget
def presedens_endre(
    *,
    presedens: Presedens,
    utfoert_av: Any,
    tittel: str | None = None,
    beskrivelse: str | None = None,
    presedens_hjemmel: str | None = None,
    rettskildefaktor: str | None = None,
    presedens_dato: dt.date | None = None,
    presedens_status: str | None = None,
) -> Presedens:
    """Change a precedent; `None` leaves a field as it is. Only someone who may work on every
    case and journalpost that cites it may change it (it speaks for all of them). tittel is
    frozen once the precedent is closed (model.md §4.13); status goes only from G to F, which
    closes it (`presedens_foreld`)."""
    _krev_arbeid_med_presedens(presedens, utfoert_av)
    endringer: dict[str, Any] = {}
    if tittel is not None:
        endringer["tittel"] = krev_tekst(tittel, felt="tittel", visningsnavn="Tittel")
    if rettskildefaktor is not None:
        endringer["rettskildefaktor"] = krev_tekst(
            rettskildefaktor, felt="rettskildefaktor", visningsnavn="Rettskildefaktor"
        )
    if beskrivelse is not None:
        endringer["beskrivelse"] = valgfri_tekst(
            beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"
        )
    if presedens_hjemmel is not None:
        endringer["presedens_hjemmel"] = valgfri_tekst(
            presedens_hjemmel, felt="presedens_hjemmel", visningsnavn="Hjemmel"
        )
    if presedens_dato is not None:
        endringer["presedens_dato"] = presedens_dato
    endre_felter(
        presedens,
        endringer,
        utfoert_av=utfoert_av,
        frosne=("tittel",) if presedens.avsluttet_dato is not None else (),
        frossen_grunn="etter at presedensen er foreldet",
    )
    if presedens_status is not None and presedens_status != presedens.presedens_status:
        if presedens_status != "F":
            raise DomeneFeil(
                "Presedensstatus kan bare endres fra G (gjeldende) til F (foreldet).",
                felt="presedens_status",
            )
        presedens_foreld(presedens=presedens, utfoert_av=utfoert_av)
    return presedens


@logget
def presedens_slett(*, presedens: Presedens, utfoert_av: Any) -> None:
    """Remove a precedent registered by mistake: by someone who may work on every case and
    journalpost that cites it. The cases and journalposts themselves stay."""
    _krev_arbeid_med_presedens(presedens, utfoert_av)
    logg_slettet(presedens, utfoert_av=utfoert_av)
    presedens.delete()


def _krev_arbeid_med_presedens(presedens: Presedens, utfoert_av: Any) -> None:
    kilder = [*presedens.saksmapper.all(), *presedens.journalposter.all()]
    if not kilder:
        if not er_systemadministrator(utfoert_av):
            raise IngenTilgang()
        return
    for kilde in kilder:
        krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", kilde)
