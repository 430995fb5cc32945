"""Who may do what: predicates shared by services, views and the API's link builder.

Each predicate takes the user and the object. Services call `krev_tillatelse`; reads use
`synlig_for`. One condition per line, so each branch can be tested.
"""

from __future__ import annotations

from typing import Any

import rules

from felles.feil import IngenTilgang
from organisasjon.models import Rolle
from tilgang.profil import tilgangsprofil

_SAKSARBEID = (Rolle.SAKSBEHANDLER, Rolle.LEDER, Rolle.ARKIVAR)


def _virksomhet_id(objekt: Any) -> int:
    """The virksomhet an archive object belongs to, through its arkiv."""
    if hasattr(objekt, "virksomhet_id") and not hasattr(objekt, "arkiv_id"):
        return int(objekt.virksomhet_id)
    return int(objekt.arkiv.virksomhet_id)


@rules.predicate
def er_systemadministrator(bruker: Any) -> bool:
    return tilgangsprofil(bruker).har_rolle(Rolle.SYSTEMADMINISTRATOR)


@rules.predicate
def kan_forvalte_arkiv(bruker: Any, objekt: Any) -> bool:
    """Create and change arkiv, arkivdel and classification: administrators and archivists."""
    profil = tilgangsprofil(bruker)
    if profil.har_rolle(Rolle.SYSTEMADMINISTRATOR):
        return True
    return profil.har_rolle(Rolle.ARKIVAR, virksomhet_id=_virksomhet_id(objekt))


@rules.predicate
def kan_arbeide_i_arkiv(bruker: Any, objekt: Any) -> bool:
    """Register cases and records: case handlers, leaders and archivists of the district."""
    return tilgangsprofil(bruker).har_rolle(*_SAKSARBEID, virksomhet_id=_virksomhet_id(objekt))


@rules.predicate
def er_arkivar_for(bruker: Any, objekt: Any) -> bool:
    """Journalføre, archive, close and re-open: the records office (arkivar) of the district."""
    return tilgangsprofil(bruker).har_rolle(Rolle.ARKIVAR, virksomhet_id=_virksomhet_id(objekt))


@rules.predicate
def er_leder_for(bruker: Any, objekt: Any) -> bool:
    return tilgangsprofil(bruker).har_rolle(Rolle.LEDER, virksomhet_id=_virksomhet_id(objekt))


rules.add_perm("arkivstruktur.forvalte", kan_forvalte_arkiv)
rules.add_perm("arkivstruktur.arbeide", kan_arbeide_i_arkiv)
rules.add_perm("sakarkiv.arkivere", er_arkivar_for)
rules.add_perm("sakarkiv.godkjenne", er_leder_for | er_arkivar_for)
rules.add_perm("kodeliste.endre", er_systemadministrator)


def krev_tillatelse(bruker: Any, tillatelse: str, objekt: Any = None) -> None:
    if not rules.has_perm(tillatelse, bruker, objekt):
        raise IngenTilgang()
