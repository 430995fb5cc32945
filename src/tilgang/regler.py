"""Who may do what: predicates shared by services, views and the API's link builder.

Each predicate takes the user and the object. Services call `krev_tillatelse`; reads use
`synlig_for`. One condition per line, so each branch can be tested.
"""

from __future__ import annotations

from typing import Any

import rules

from felles.feil import IngenTilgang
from organisasjon.models import Rolle
from tilgang.eierskap import virksomhet_id_for
from tilgang.profil import tilgangsprofil

_SAKSARBEID = (Rolle.SAKSBEHANDLER, Rolle.LEDER, Rolle.ARKIVAR)


def _virksomhet_id(objekt: Any) -> int:
    """The virksomhet an archive object belongs to, through its arkiv."""
    return virksomhet_id_for(objekt)


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


def _virksomhet_for_tildeling(objekt: Any) -> int | None:
    """The virksomhet a grant of a code or clearance applies to: a Virksomhet, an
    AdministrativEnhet, or None for a clearance that holds everywhere."""
    if objekt is None:
        return None
    if hasattr(objekt, "administrativ_enhet_navn"):
        return int(objekt.virksomhet_id)
    return int(objekt.pk)


@rules.predicate
def kan_forvalte_tilgang(bruker: Any, omfang: Any) -> bool:
    """Give and withdraw access codes and clearances: the systemadministrator or the
    archivist of the district the grant applies to (roles in a shared service count for every
    district); a grant for every district: only a systemadministrator of a shared service or
    the city. `omfang` is a Virksomhet, an AdministrativEnhet or None."""
    profil = tilgangsprofil(bruker)
    virksomhet_id = _virksomhet_for_tildeling(omfang)
    if virksomhet_id is None:
        return profil.har_felles_rolle(Rolle.SYSTEMADMINISTRATOR)
    return profil.har_rolle(Rolle.SYSTEMADMINISTRATOR, Rolle.ARKIVAR, virksomhet_id=virksomhet_id)


@rules.predicate
def er_saksansvarlig_for(bruker: Any, mappe: Any) -> bool:
    profil = tilgangsprofil(bruker)
    return profil.er_innlogget and mappe.referanse_saksansvarlig_id == profil.bruker_id


@rules.predicate
def er_leder_for_enheten(bruker: Any, mappe: Any) -> bool:
    """A leder of the unit the case belongs to (referanseAdministrativEnhet)."""
    return tilgangsprofil(bruker).har_rolle_i_enhet(
        Rolle.LEDER, mappe.referanse_administrativ_enhet_id
    )


@rules.predicate
def kan_se_lesinger(bruker: Any, virksomhet_id: int | None) -> bool:
    """Who has read a record: the archivist or systemadministrator of its district (or of a
    shared service, which serves every district). The object is the record's virksomhet id;
    a record without one is for the shared services only."""
    profil = tilgangsprofil(bruker)
    if virksomhet_id is None:
        return profil.har_felles_rolle(Rolle.ARKIVAR, Rolle.SYSTEMADMINISTRATOR)
    return profil.har_rolle(Rolle.ARKIVAR, Rolle.SYSTEMADMINISTRATOR, virksomhet_id=virksomhet_id)


rules.add_perm("arkivstruktur.forvalte", kan_forvalte_arkiv)
rules.add_perm("arkivstruktur.arbeide", kan_arbeide_i_arkiv)
rules.add_perm("sakarkiv.arkivere", er_arkivar_for)
rules.add_perm("sakarkiv.godkjenne", er_leder_for | er_arkivar_for)
rules.add_perm("kodeliste.endre", er_systemadministrator)
rules.add_perm("tilgang.forvalte", kan_forvalte_tilgang)
rules.add_perm("tilgang.gi_sakstilgang", er_saksansvarlig_for | er_leder_for_enheten)
# Move a case to another handler or unit: its saksansvarlig hands it on, a leder redistributes,
# the records office distributes (fordeling).
rules.add_perm("sakarkiv.fordele", er_saksansvarlig_for | er_leder_for | er_arkivar_for)
rules.add_perm("sporing.se_lesinger", kan_se_lesinger)


def krev_tillatelse(
    bruker: Any, tillatelse: str, objekt: Any = None, *, melding: str | None = None
) -> None:
    if not rules.has_perm(tillatelse, bruker, objekt):
        raise IngenTilgang(melding) if melding else IngenTilgang()
