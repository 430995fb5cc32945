"""Closing a case from the records office's desk (issue 6 item 10; model.md §6.2, 6.1.8).

A case can only be closed when every journalpost in it is archived (A) or cancelled (U). The
records office closes a case by archiving the journalposts it has journalført (J → A) and then
closing the case, in one transaction: when anything else stands in the way (a journalpost not
yet journalført, an open restanse, a document without its archival version), nothing is
archived and the refusal names what is left.
"""

from __future__ import annotations

from typing import Any

from arkivstruktur.models import Mappe
from sakarkiv.models import Journalpost, Saksmappe
from sakarkiv.services.journalpost import journalpost_arkiver
from sakarkiv.services.saksmappe import saksmappe_avslutt
from sporing.services import logget_transaksjon
from tilgang.regler import krev_tillatelse


def saksmappe_arkiver_og_avslutt(*, saksmappe: Mappe, utfoert_av: Any) -> Saksmappe:
    krev_tillatelse(utfoert_av, "sakarkiv.arkivere", saksmappe)
    with logget_transaksjon():
        for journalpost in Journalpost.objects.filter(mappe=saksmappe, journalstatus="J"):
            journalpost_arkiver(journalpost=journalpost, utfoert_av=utfoert_av)
        return saksmappe_avslutt(saksmappe=saksmappe, utfoert_av=utfoert_av)
