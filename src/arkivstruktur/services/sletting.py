"""Deleting the top of the structure, and linking arkivskapere to an arkiv (model.md §3.1–3.3,
§6.4; restriction 5.2.5: deleting an arkiv is logged).

Only what is empty may go: an arkiv without arkivdeler or underarkiver, an arkivdel without
mapper, registreringer or documents, an arkivskaper no arkiv names. A client that created a
structure deletes it child first (client-compat.md §12.2); anything with content is refused
with 400, never cascaded, so nothing archived is lost by a delete. Deposited and closed
arkivdeler are never deleted.
"""

from __future__ import annotations

from typing import Any

from arkivstruktur.models import (
    Arkiv,
    Arkivdel,
    Arkivskaper,
    Dokumentbeskrivelse,
    Mappe,
    Registrering,
)
from arkivstruktur.services.arv import laas_rad
from felles.feil import DomeneFeil, IngenTilgang
from sakarkiv.models.nummerserie import Nummerserie
from sporing.services import logg_endret, logg_slettet, logget
from tilgang.regler import er_systemadministrator, krev_tillatelse


def _kan_ikke(melding: str, felt: str) -> DomeneFeil:
    return DomeneFeil(melding, felt=felt, kode="kan_ikke_slettes")


@logget
def arkiv_slett(*, arkiv: Arkiv, utfoert_av: Any) -> None:
    """An empty arkiv, by a systemadministrator (who alone creates them)."""
    if not er_systemadministrator(utfoert_av):
        raise IngenTilgang()
    laas_rad(arkiv)
    if arkiv.arkivdeler.exists():
        raise _kan_ikke("Arkivet har arkivdeler og kan ikke slettes.", "arkivdel")
    if arkiv.underarkiver.exists():
        raise _kan_ikke("Arkivet har underarkiver og kan ikke slettes.", "underarkiv")
    logg_slettet(arkiv, utfoert_av=utfoert_av)
    arkiv.arkivskapere.clear()
    # Its number series go with it: the numbers they gave out belonged to records of this
    # arkiv, which are gone, and no other arkiv counts from them.
    Nummerserie.objects.filter(arkiv=arkiv).delete()
    Arkiv.objects.filter(pk=arkiv.pk).delete()


@logget
def arkivdel_slett(*, arkivdel: Arkivdel, utfoert_av: Any) -> None:
    """An empty arkivdel that is neither closed nor deposited, by whoever manages the arkiv."""
    krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", arkivdel)
    laas_rad(arkivdel)
    if arkivdel.er_deponert or arkivdel.er_avsluttet:
        raise _kan_ikke("En avsluttet eller deponert arkivdel kan ikke slettes.", "arkivdelstatus")
    innhold = (
        (Mappe.objects.filter(arkivdel=arkivdel), "mapper"),
        (Registrering.objects.filter(arkivdel=arkivdel), "registreringer"),
        (Dokumentbeskrivelse.objects.filter(arkivdel=arkivdel), "dokumenter"),
    )
    for rader, hva in innhold:
        if rader.exists():
            raise _kan_ikke(f"Arkivdelen har {hva} og kan ikke slettes.", hva)
    if Arkivdel.objects.filter(referanse_forloeper=arkivdel).exists():
        raise _kan_ikke("Arkivdelen har en arvtaker og kan ikke slettes.", "referanseArvtaker")
    logg_slettet(arkivdel, utfoert_av=utfoert_av)
    arkivdel.sekundaere_klassifikasjonssystemer.clear()
    Arkivdel.objects.filter(pk=arkivdel.pk).delete()


@logget
def arkivskaper_slett(*, arkivskaper: Arkivskaper, utfoert_av: Any) -> None:
    """An arkivskaper no arkiv names, by a systemadministrator."""
    if not er_systemadministrator(utfoert_av):
        raise IngenTilgang()
    laas_rad(arkivskaper)
    if arkivskaper.arkiver.exists():
        raise _kan_ikke("Arkivskaperen er knyttet til arkiver og kan ikke slettes.", "arkiv")
    logg_slettet(arkivskaper, utfoert_av=utfoert_av)
    Arkivskaper.objects.filter(pk=arkivskaper.pk).delete()


@logget
def arkiv_legg_til_arkivskaper(*, arkiv: Arkiv, arkivskaper: Arkivskaper, utfoert_av: Any) -> Arkiv:
    """Name one more arkivskaper of an arkiv (M2M; logged on the arkiv)."""
    if not er_systemadministrator(utfoert_av):
        raise IngenTilgang()
    laas_rad(arkiv)
    if arkiv.arkivskapere.filter(pk=arkivskaper.pk).exists():
        return arkiv
    arkiv.arkivskapere.add(arkivskaper)
    logg_endret(
        arkiv,
        utfoert_av=utfoert_av,
        felt="arkivskaper",
        tidligere=None,
        ny=f"{arkivskaper.arkivskaper_id} {arkivskaper.arkivskaper_navn}",
    )
    return arkiv
