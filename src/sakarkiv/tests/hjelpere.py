"""Short-hands for building cases and journalposts through the real services in tests."""

from __future__ import annotations

from typing import Any

from sakarkiv.models import Journalpost, Saksmappe
from sakarkiv.services.journalpost import journalpost_registrer
from sakarkiv.services.saksmappe import saksmappe_opprett
from sakarkiv.tests.conftest import AVSENDER, MOTTAKER, Bydel


def ny_sak(bydel: Bydel, **kwargs: Any) -> Saksmappe:
    kwargs.setdefault("tittel", "Søknad om barnehageplass")
    kwargs.setdefault("klasse", bydel.klasse)
    kwargs.setdefault("utfoert_av", bydel.saksbehandler)
    return saksmappe_opprett(arkivdel=bydel.arkivdel, **kwargs)


def ny_journalpost(sak: Saksmappe, bruker: Any, **kwargs: Any) -> Journalpost:
    kwargs.setdefault("tittel", "Søknad")
    kwargs.setdefault("journalposttype", "I")
    kwargs.setdefault(
        "korrespondanseparter", [AVSENDER if kwargs["journalposttype"] == "I" else MOTTAKER]
    )
    return journalpost_registrer(saksmappe=sak, utfoert_av=bruker, **kwargs)
