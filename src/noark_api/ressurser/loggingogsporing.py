"""The loggingogsporing package: the change log and the event log (rest-api.md §12.6;
client-compat.md §16; model.md §5.4, §5.5).

Both are read-only OData lists over the one append-only, hash-chained log (sporing), written
by the services in the same transaction as each change; there is no `ny-endringslogg` or
`ny-hendelseslogg` (a client cannot add to the log).

* `endringslogg/`: the changes, entries with hendelsetype C (created), U (changed) and D
  (deleted), each with referanseArkivenhet, referanseMetadata, endretDato, endretAv,
  referanseEndretAv, tidligereVerdi and nyVerdi.
* `hendelseslogg/`: every event, the same rows plus the reads of screened records (R), each
  with hendelsetype, hendelseDato (when it happened) and beskrivelse. A change is therefore
  in both lists, under its one systemID.

Every archive unit lists its own changes at `<unit>/endringslogg/` (the framework adds it from
this type's key). Who sees which entries is decided in `sporing.selectors`: entries about a
record the reader may see, reads only for the archivist or systemadministrator of its
district, the organisation and code lists for systemadministrators, and entries about
objects without a district or since deleted only for the archivists and administrators of
the city and the shared services. Old values are as sensitive as current ones, so nothing is
shown of a record the reader may not see.

Each entry links back to the object it is about through that object's own relation key
(`arkivstruktur/mappe/`, `sakarkiv/journalpost/`, `admin/bruker/` …) when the API has a
resource of that kind; the link of a deleted object answers 404.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from noark_api.lenker import Lenker, href
from noark_api.relasjoner import rel
from noark_api.ressurs import REGISTER, Entitetstype, registrer
from noark_api.serialisering.logging import (
    ENDRINGSLOGG_FELTER,
    HENDELSESLOGG_FELTER,
    EndringsloggSerializer,
    HendelsesloggSerializer,
)
from sporing.selectors import endringslogg_liste, hendelseslogg_liste


@cache
def _typer_etter_navn() -> dict[str, Entitetstype]:
    """Registered types by name (`saksmappe` → sakarkiv/saksmappe), read once every module
    has registered its own."""
    typer: dict[str, Entitetstype] = {}
    for type_ in REGISTER.values():
        if type_.pakke not in ("loggingogsporing", "metadata"):
            typer.setdefault(type_.navn, type_)
    return typer


def _lenke_til_enheten(lenker: Lenker, request: Any, rad: Any) -> None:
    type_ = _typer_etter_navn().get(rad.arkivenhet_type)
    if type_ is not None:
        lenker.legg_til(
            rel(type_.samling), href(request, f"{type_.samling}{rad.referanse_arkivenhet}/")
        )


registrer(
    Entitetstype(
        "loggingogsporing",
        "endringslogg",
        rader=lambda bruker: endringslogg_liste(bruker=bruker),
        serializer=EndringsloggSerializer,
        feltkart=ENDRINGSLOGG_FELTER,
        er_arkivenhet=False,
        beskrivelse="Changes to archive units and the organisation (C, U, D).",
        ekstra_lenker=_lenke_til_enheten,
    ),
    Entitetstype(
        "loggingogsporing",
        "hendelseslogg",
        rader=lambda bruker: hendelseslogg_liste(bruker=bruker),
        serializer=HendelsesloggSerializer,
        feltkart=HENDELSESLOGG_FELTER,
        kodelister=("hendelsetype",),
        er_arkivenhet=False,
        beskrivelse="Every logged event, reads of screened records included (C, R, U, D).",
        ekstra_lenker=_lenke_til_enheten,
    ),
)
