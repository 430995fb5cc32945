"""Pieces the entity declarations share: templates' code defaults, who may do what."""

from __future__ import annotations

from typing import Any

import rules

from kodeliste.services import kodenavn
from organisasjon.models import Rolle
from tilgang.profil import tilgangsprofil
from tilgang.regler import er_systemadministrator

ELEKTRONISK = "E"


def kodeobjekt(kodeliste: str, kode: str | None) -> dict[str, str] | None:
    """`{"kode", "kodenavn"}` as a template suggests it; None when there is no code."""
    if not kode:
        return None
    return {"kode": kode, "kodenavn": kodenavn(kodeliste, kode)}


def arvet_dokumentmedium(forelder: Any) -> dict[str, str] | None:
    """A child's dokumentmedium: the parent's, otherwise E (client-compat.md §5.3)."""
    kode = getattr(forelder, "dokumentmedium", None) or ELEKTRONISK
    return kodeobjekt("dokumentmedium", kode)


def uten_tomme(mal: dict[str, Any]) -> dict[str, Any]:
    """Templates carry no nulls (client-compat.md §5.2)."""
    return {navn: verdi for navn, verdi in mal.items() if verdi not in (None, "", [])}


def systemadministrator(bruker: Any, forelder: Any = None) -> bool:
    return bool(er_systemadministrator(bruker))


def kan(tillatelse: str) -> Any:
    """A `kan` predicate of an `Opprettelse`: the named `tilgang` rule on the parent."""

    def sjekk(bruker: Any, forelder: Any) -> bool:
        return bool(rules.has_perm(tillatelse, bruker, forelder))

    return sjekk


def systemadministratorens_virksomheter(bruker: Any) -> set[int]:
    return {
        virksomhet_id
        for rolle, _enhet, virksomhet_id in tilgangsprofil(bruker).roller
        if rolle == Rolle.SYSTEMADMINISTRATOR
    }
