"""Approval of a case handler's own document by a leader (issue 6 item 4; model.md §4.12).

The case handler sends the finished draft of an outgoing letter or internal note to a leader
as a dokumentflyt; the journalpost is ferdigstilt (F) on the way. The leader approves it
(journalstatus G, flytStatus G) or returns it with a comment (back to R for more work,
flytStatus S). Each step is one transaction with the change log; the dokumentflyt keeps who
sent what to whom, when, and what they said.
"""

from __future__ import annotations

from typing import Any

import rules

from felles.feil import DomeneFeil
from sakarkiv import regler
from sakarkiv.models import Dokumentflyt, Journalpost
from sakarkiv.services.dokumentflyt import dokumentflyt_besvar, dokumentflyt_send
from sakarkiv.services.journalpost import journalpost_endre_status, laas_journalpost
from sporing.services import logget_transaksjon
from tilgang.regler import krev_tillatelse

# Journalstatus a document may be sent for approval from: a draft, or finished but not sent.
KAN_SENDES_TIL_GODKJENNING = frozenset({"R", "F"})


def ventende_godkjenning(journalpost: Any) -> Dokumentflyt | None:
    """The unanswered approval step of the journalpost, if there is one."""
    return (
        Dokumentflyt.objects.filter(registrering_id=journalpost.pk, flyt_status="")
        .select_related("referanse_flyt_til")
        .first()
    )


def send_til_godkjenning(
    *, journalpost: Any, leder: Any, merknad: str = "", utfoert_av: Any
) -> Dokumentflyt:
    """Send the document to `leder` for approval, ferdigstilling a draft first."""
    with logget_transaksjon():
        journalpost = laas_journalpost(journalpost)
        krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", journalpost)
        if (
            journalpost.journalposttype not in regler.EGNE_DOKUMENTTYPER
            or journalpost.journalstatus not in KAN_SENDES_TIL_GODKJENNING
        ):
            raise DomeneFeil(
                "Bare egne dokumenter under arbeid (status R eller F) kan sendes til godkjenning.",
                felt="journalstatus",
            )
        if ventende_godkjenning(journalpost) is not None:
            raise DomeneFeil("Dokumentet venter allerede på godkjenning.", felt="leder")
        if leder is None or not rules.has_perm("sakarkiv.godkjenne", leder, journalpost):
            raise DomeneFeil("Velg en leder i bydelen som kan godkjenne.", felt="leder")
        if journalpost.journalstatus == "R":
            journalpost = journalpost_endre_status(
                journalpost=journalpost, journalstatus="F", utfoert_av=utfoert_av
            )
        return dokumentflyt_send(
            registrering=journalpost, flyt_til=leder, flyt_merknad=merknad, utfoert_av=utfoert_av
        )


def godkjenning_besvar(
    *, dokumentflyt: Dokumentflyt, godkjent: bool, merknad: str = "", utfoert_av: Any
) -> Journalpost:
    """The leader it was sent to approves (G) or returns it with a comment (R)."""
    with logget_transaksjon():
        krev_tillatelse(utfoert_av, "sakarkiv.godkjenne", dokumentflyt.registrering)
        flyt = dokumentflyt_besvar(
            dokumentflyt=dokumentflyt,
            flyt_status="G" if godkjent else "S",
            flyt_merknad=merknad,
            utfoert_av=utfoert_av,
        )
        return journalpost_endre_status(
            journalpost=flyt.registrering,
            journalstatus="G" if godkjent else "R",
            utfoert_av=utfoert_av,
        )
