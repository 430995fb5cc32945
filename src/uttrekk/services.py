"""Deposit (deponering/avlevering): asking for a deposit check now, and marking an arkivdel
as delivered to the depot."""

from __future__ import annotations

from typing import Any

from arkivstruktur.models import Arkivdel
from arkivstruktur.services.arkiv import AVSLUTTET_PERIODE
from arkivstruktur.services.arv import laas_rad
from arkivstruktur.services.felles import endre_felter
from felles.feil import DomeneFeil
from sporing.services import logget
from tilgang.regler import krev_tillatelse
from uttrekk.models import Uttrekkskontroll


def uttrekkskontroll_bestill(*, arkivdel: Arkivdel, utfoert_av: Any) -> Arkivdel:
    """Put the deposit check of the arkivdel in the queue now (the records office's button)."""
    from uttrekk.tasks import kontroller_arkivdel

    krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", arkivdel)
    kontroller_arkivdel.enqueue(arkivdel.pk)
    return arkivdel


@logget
def arkivdel_marker_deponert(*, arkivdel: Arkivdel, utfoert_av: Any) -> Arkivdel:
    """After the depot has received the extract. Only a closed period (arkivdelstatus P) is
    transferred (model.md §6.5), and only one whose latest deposit check found no errors."""
    krev_tillatelse(
        utfoert_av,
        "arkivstruktur.forvalte",
        arkivdel,
        melding="Bare arkivaren eller systemadministratoren kan melde arkivdelen deponert.",
    )
    laas_rad(arkivdel)
    if arkivdel.er_deponert:
        raise DomeneFeil(f"«{arkivdel.tittel}» er allerede meldt deponert.")
    if arkivdel.arkivdelstatus != AVSLUTTET_PERIODE:
        raise DomeneFeil(
            f"«{arkivdel.tittel}» er ikke en avsluttet periode; bare avsluttede arkivdeler "
            "avleveres."
        )
    siste = Uttrekkskontroll.objects.filter(arkivdel=arkivdel).order_by("-startet").first()
    if siste is None or siste.resultat not in (
        Uttrekkskontroll.Resultat.GODKJENT,
        Uttrekkskontroll.Resultat.ADVARSLER,
    ):
        raise DomeneFeil(
            f"Uttrekket av «{arkivdel.tittel}» er ikke kontrollert uten feil; kontroller det "
            "før arkivdelen meldes deponert."
        )
    endre_felter(arkivdel, {"er_deponert": True}, utfoert_av=utfoert_av, beskrivelse="Deponert")
    return arkivdel
