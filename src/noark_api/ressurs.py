"""Declarations of the API's entity resources (rest-api.md §3, §5, §12; client-compat.md §5–§8,
§11, §12).

Every entity type of the API is one `Entitetstype`: how its visible rows are read (a selector
that takes the user), its serializer and OData field map, its client-settable attributes and
the services that create, change and delete it, its sub-lists and its create links. The views
(views/entitet.py), the URLs, the `_links` and the OpenAPI document are all made from these
declarations, so a resource behaves like every other and nothing is written twice.

URL layout below the API root, mirroring the relation keys (relasjoner.py):

    <pakke>/<navn>/                      list (OData)                 GET
    <pakke>/<navn>/<systemID>/           instance (ETag)              GET PUT PATCH DELETE
    <pakke>/<navn>/<systemID>/<sti>/     a sub-list (`Underliste`)    GET
    <pakke>/<navn>/<systemID>/ny-<x>/    template and create          GET POST
    <pakke>/ny-<x>/                      create at the package root   GET POST

Lists are polymorphic (client-compat §8.3): `konkret(instans)` names the entity type an
instance really is (a mappe that is a saksmappe), which gives its serializer and `self`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import QuerySet

from felles.feil import IkkeFunnet
from noark_api.inndata import Skrivefelt
from noark_api.innloggingsnavn import med_innloggingsnavn
from noark_api.odata import Feltkart

Rader = Callable[[Any], QuerySet[Any]]  # (bruker) → the visible rows
Annotering = Callable[[QuerySet[Any], Any], QuerySet[Any]]  # (rader, bruker) → annotated


def _alle(bruker: Any, forelder: Any) -> bool:
    return True


def _uendret(rader: QuerySet[Any], bruker: Any) -> QuerySet[Any]:
    return rader


def _verdi(instans: Any, sti: str) -> Any:
    """`a.b.c` of an instance; None when a step is None."""
    verdi = instans
    for ledd in sti.split("."):
        verdi = getattr(verdi, ledd, None)
        if verdi is None:
            return None
    return verdi


@dataclass(frozen=True)
class Underliste:
    """A list below an instance, e.g. the arkivdeler of an arkiv (`arkiv/<id>/arkivdel/`)."""

    rel: str  # relation key suffix, e.g. "arkivstruktur/arkivdel/"
    sti: str  # the path segment below the instance, e.g. "arkivdel"
    type: str  # the element type's key (`Entitetstype.noekkel`), e.g. "arkivstruktur/arkivdel"
    rader: Callable[[Any, Any], QuerySet[Any]]  # (bruker, forelder) → visible rows
    # The link is shown only when this holds (e.g. `underarkiv` only when there are some);
    # read from what the entity's `annoter` put on the instance, never a query per row.
    vis: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Forelder:
    """A link from an instance to one related instance (its parent, its class, …)."""

    rel: str  # relation key suffix, e.g. "arkivstruktur/arkiv/"
    samling: str  # the target's collection path, e.g. "arkivstruktur/arkiv/"
    system_id: str  # attribute path to the target's systemID, e.g. "arkiv.system_id"


@dataclass(frozen=True)
class Filopprettelse:
    """Creating from the raw bytes of a file instead of a JSON body (rest-api.md §6): a POST
    to the `ny-*` resource whose Content-Type is not JSON goes to `utfoer`, outside any
    transaction (a file is stored before its metadata transaction opens)."""

    utfoer: Callable[[Any, Any], Any]  # (request, forelder) → the Response
    parametre: tuple[Any, ...] = ()  # OpenAPI parameters of this form (query, headers)
    svar: Mapping[int, Any] = field(default_factory=dict)  # further OpenAPI responses
    beskrivelse: str = ""  # added to the operation's OpenAPI description


@dataclass(frozen=True)
class Opprettelse:
    """A `ny-*` resource: GET the template, POST to create (rest-api.md §5.1)."""

    rel: str  # relation key suffix, e.g. "arkivstruktur/ny-arkivdel/"
    type: str  # key of the created entity type
    # (forelder or None, arguments, bruker) → the new instance, through the service.
    utfoer: Callable[[Any, dict[str, Any], Any], models.Model]
    # (request, forelder or None) → the template: client-settable attributes with defaults.
    mal: Callable[[Any, Any], dict[str, Any]] = lambda request, forelder: {}
    # Whether the link is advertised to this user on this parent (rest-api.md §1.4).
    kan: Callable[[Any, Any], bool] = _alle
    # The attributes accepted; None: the created type's `skrivefelter`.
    felter: tuple[Skrivefelt, ...] | None = None
    # Creating from a file's bytes as well (POST with a non-JSON Content-Type); None: JSON only.
    fil: Filopprettelse | None = None
    # `utvid-til-*` (rest-api.md §5.5): `utfoer` extends the parent in place and returns it
    # as the subtype; PUT or POST, answered 200 without Location.
    utvidelse: bool = False

    @property
    def segment(self) -> str:
        return self.rel.rstrip("/").rsplit("/", 1)[1]


@dataclass(frozen=True)
class Verdiliste:
    """A repeated attribute of an entity (noekkelord, forfatter, oppbevaringssted,
    skjermingMetadata) managed value by value through the vendor sub-resources `<navn>/` and
    `ny-<navn>/` (client-compat.md §1 item 8; views/verdiliste.py)."""

    navn: str  # the path segment, and the vendor relation key's suffix without the slash
    kan: Callable[[Any, Any], bool]  # (bruker, eier) → may add and change values
    # The code list of a list of code values (skjermingMetadata); None: a list of texts.
    kodeliste: str | None = None


@dataclass
class Entitetstype:
    pakke: str
    navn: str
    rader: Rader
    serializer: type[Any]
    feltkart: Feltkart
    skrivefelter: tuple[Skrivefelt, ...] = ()
    endre: Callable[[Any, dict[str, Any], Any], Any] | None = None  # (instans, args, bruker)
    slett: Callable[[Any, Any], None] | None = None  # (instans, bruker)
    underlister: tuple[Underliste, ...] = ()
    opprettelser: tuple[Opprettelse, ...] = ()
    foreldre: tuple[Forelder, ...] = ()
    kodelister: tuple[str, ...] = ()
    annoter: Annotering = _uendret
    # The entity type an instance of these rows really is; None: always this one.
    konkret: Callable[[Any], str] | None = None
    # Archive units link to their own change log (client-compat §16.2).
    er_arkivenhet: bool = True
    beskrivelse: str = ""
    ekstra_lenker: Callable[[Any, Any, Any], None] | None = None  # (lenker, request, instans)
    # (instans, bruker) after one instance is read with GET: the read log of screened and
    # graded records (tilgang.lesing), as the UI's case page writes it.
    ved_lesing: Callable[[Any, Any], None] | None = None
    utvidelser: Mapping[str, Any] = field(default_factory=dict)
    # Moves through `_links` (PATCH/PUT, rest-api.md §5.2): the relation's suffix
    # (`arkivstruktur/registrering/`) → (instans, the new href, bruker).
    flytting: Mapping[str, Callable[[Any, str, Any], None]] = field(default_factory=dict)
    verdilister: tuple[Verdiliste, ...] = ()

    @property
    def noekkel(self) -> str:
        return f"{self.pakke}/{self.navn}"

    @property
    def samling(self) -> str:
        """The collection's path below the API root, also its relation key suffix."""
        return f"{self.pakke}/{self.navn}/"

    def sti(self, instans: Any) -> str:
        return f"{self.samling}{instans.system_id}/"

    def hent(self, bruker: Any, system_id: str) -> Any:
        """One visible instance, annotated for its links; missing and hidden are the same."""
        rader = med_innloggingsnavn(self.annoter(self.rader(bruker), bruker))
        return _en(rader, system_id)

    def finn(self, bruker: Any, system_id: str) -> Any:
        """One visible instance as the services take it, without what only its own
        representation needs (links, login names): the parent of a create."""
        return _en(self.rader(bruker), system_id)


def _en(rader: Any, system_id: str) -> Any:
    try:
        nokkel = uuid.UUID(str(system_id))
    except ValueError:
        raise IkkeFunnet() from None
    instans = rader.filter(system_id=nokkel).first()
    if instans is None:
        raise IkkeFunnet()
    return instans


REGISTER: dict[str, Entitetstype] = {}
PAKKEOPPRETTELSER: dict[str, tuple[Opprettelse, ...]] = {}


def registrer(*typer: Entitetstype) -> None:
    for type_ in typer:
        if type_.noekkel in REGISTER:
            raise ValueError(f"{type_.noekkel} er registrert to ganger.")
        REGISTER[type_.noekkel] = type_


def utvid(
    noekkel: str,
    *,
    underlister: tuple[Underliste, ...] = (),
    opprettelser: tuple[Opprettelse, ...] = (),
    verdilister: tuple[Verdiliste, ...] = (),
) -> None:
    """Add sub-lists and create links to a registered type from another module: the module
    of a child type declares how it is listed and created below its parents (a registrering
    below a mappe), so each module owns its own type's services."""
    type_ = REGISTER[noekkel]
    type_.underlister = type_.underlister + underlister
    type_.opprettelser = type_.opprettelser + opprettelser
    type_.verdilister = type_.verdilister + verdilister


def registrer_pakkeopprettelser(pakke: str, *opprettelser: Opprettelse) -> None:
    PAKKEOPPRETTELSER[pakke] = PAKKEOPPRETTELSER.get(pakke, ()) + opprettelser


def entitetstype(noekkel: str) -> Entitetstype:
    return REGISTER[noekkel]


ENDRINGSLOGG_TYPE = "loggingogsporing/endringslogg"


def endringslogg_underliste() -> Underliste | None:
    """Every archive unit lists its own change log (client-compat.md §16.2), once the
    loggingogsporing package is registered: the entries whose referanseArkivenhet it is."""
    logg = REGISTER.get(ENDRINGSLOGG_TYPE)
    if logg is None:
        return None
    return Underliste(
        "loggingogsporing/endringslogg/",
        "endringslogg",
        ENDRINGSLOGG_TYPE,
        lambda bruker, enhet: logg.rader(bruker).filter(referanse_arkivenhet=enhet.system_id),
    )


def konkret_type(type_: Entitetstype, instans: Any) -> Entitetstype:
    if type_.konkret is None:
        return type_
    return REGISTER[type_.konkret(instans)]


def forelder_id(instans: Any, forelder: Forelder) -> Any:
    return _verdi(instans, forelder.system_id)
