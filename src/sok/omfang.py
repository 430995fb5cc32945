"""Which index rows a user may find: `synlig_for` of the record each row points at.

The rules are tilgang's (`synlig_q`), applied to the record through the row's foreign key,
so they run in the database with the search itself, before any limit:

* a mappe row: the mappe is visible;
* a registrering row: the registrering is visible;
* a document row: the registrering is visible, and so is the dokumentbeskrivelse, judged in
  that registrering's context (its district, unit, responsible person and case), as
  `DokumentbeskrivelseQuerySet.synlig_for` judges it. A visible journalpost with a screened
  document the user may not see is then never found by the document's words.

Two paths are read from the row's own copies instead of through the record, which spares
PostgreSQL four joins in planning every search: the district (`virksomhet_id`: a record
never leaves its arkiv, nor an arkiv its virksomhet) and a registrering's mappe (`mappe_id`,
which the indexer keeps equal to the registrering's). Screening, grading, the responsible
person and the unit, which do change, are always read from the record itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.db.models import Q

from arkivstruktur.models import Mappe, Registrering
from sok.models import Art
from tilgang.omfang import Tilgangsfelter, synlig_q
from tilgang.profil import Tilgangsprofil


def _gjennom(felter: Tilgangsfelter, relasjon: str) -> Tilgangsfelter:
    """The record's access paths, read from an index row through its foreign key."""

    def sti(verdi: str | None) -> str | None:
        if not verdi:
            return None
        if verdi == "arkiv__virksomhet_id":
            return "virksomhet_id"  # the row's copy
        if relasjon == "mappe" and verdi == "pk":
            return "mappe_id"  # a mappe row's mappe is the mappe
        if relasjon == "registrering" and (verdi == "mappe_id" or verdi.startswith("mappe__")):
            return verdi  # a registrering row's mappe is the registrering's
        return f"{relasjon}__{verdi}"

    return Tilgangsfelter(
        virksomhet=sti(felter.virksomhet) or "",
        skjerming=sti(felter.skjerming),
        gradering=sti(felter.gradering),
        overordnet_gradering=sti(felter.overordnet_gradering),
        ansvarlig=sti(felter.ansvarlig),
        enhet=sti(felter.enhet),
        sak=sti(felter.sak),
    )


def synlige_rader_q(profil: Tilgangsprofil, dato: dt.date) -> Q:
    """The index rows whose records `profil` may see on `dato` (none when not logged in)."""
    if not profil.er_innlogget:
        return Q(pk__in=[])
    registreringen = _gjennom(Registrering.tilgangsfelter, "registrering")
    dokumentet = replace(
        registreringen,
        skjerming="dokumentbeskrivelse__skjerming",
        gradering="dokumentbeskrivelse__gradering",
        overordnet_gradering=None,
    )
    registrering_synlig = synlig_q(profil, registreringen, dato=dato)
    return (
        (Q(art=Art.MAPPE) & synlig_q(profil, _gjennom(Mappe.tilgangsfelter, "mappe"), dato=dato))
        | (Q(art=Art.REGISTRERING) & registrering_synlig)
        | (Q(art=Art.DOKUMENT) & registrering_synlig & synlig_q(profil, dokumentet, dato=dato))
    )
