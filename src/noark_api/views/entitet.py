"""The views of every entity resource, made from its declaration (ressurs.py).

Reads go through the type's selector (`rader`, which takes the user), so hidden and missing
objects are the same 404. Writes go through the services the UI uses, in one transaction with
the re-read of the result; the services check the rules and write the change log. `views_for`
makes one view class per type and operation, so the OpenAPI document names and describes each
operation (style.md §10), and `urlmonstre` their routes.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import URLPattern, re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response  # type: ignore[import-untyped]

from felles.feil import DomeneFeil, IkkeFunnet, IngenTilgang
from noark_api import arvbare
from noark_api.etag import etag
from noark_api.forutsetning import krev_uendret
from noark_api.inndata import Modus, inndataserializer, les_inndata
from noark_api.innloggingsnavn import med_innloggingsnavn
from noark_api.lenker import href, listelenker, malenker
from noark_api.liste import MAKS_SIDESTOERRELSE, STANDARD_SIDESTOERRELSE, side
from noark_api.relasjoner import REL_PREFIKS, Ressurs
from noark_api.ressurs import (
    PAKKEOPPRETTELSER,
    REGISTER,
    Entitetstype,
    Opprettelse,
    Underliste,
    endringslogg_underliste,
    konkret_type,
)
from noark_api.serialisering.felles import listeserializer
from noark_api.skjema import LESEFEIL, feilsvar
from noark_api.views.base import Noark5View

# `$top` and `$skip`: non-negative integers of at most 18 digits (odata.les_top, les_skip).
_TELLER: dict[str, Any] = {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}

ODATA_PARAMETRE = [
    OpenApiParameter(
        "$filter",
        str,
        description="OData 4.01 filter over the entity's attributes (rest-api.md §4). "
        "An unknown field gives an empty list.",
    ),
    OpenApiParameter("$orderby", str, description="Fields, each optionally `asc` or `desc`."),
    OpenApiParameter(
        "$top",
        _TELLER,
        description=f"Page size; {STANDARD_SIDESTOERRELSE} when absent, capped at "
        f"{MAKS_SIDESTOERRELSE}.",
    ),
    OpenApiParameter("$skip", _TELLER, description="Rows to skip."),
]
SYSTEM_ID = OpenApiParameter("system_id", OpenApiTypes.UUID, OpenApiParameter.PATH)
ETAG_SVAR = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200, 201],
    required=True,
    description="The instance's version; send it back on PUT, PATCH and DELETE.",
)
ETAG_VED_201 = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[201],
    required=True,
    description="The new instance's version.",
)
FORUTSETNING = [
    OpenApiParameter(
        "If-Match",
        str,
        OpenApiParameter.HEADER,
        description="The ETag read; a changed object gives 409. `ETag` is accepted instead.",
    ),
]
LOCATION = OpenApiParameter("Location", str, OpenApiParameter.HEADER, response=[201], required=True)
SKRIVEFEIL = (400, *LESEFEIL, 409, 415)


# --- serializing -------------------------------------------------------------------------------


def representasjon(
    request: Any, type_: Entitetstype, instans: Any, *, liste: bool = False
) -> dict[str, Any]:
    """The instance as its concrete type shows it. `liste`: as a row of a list, which
    serializers may show more sparingly (screened titles as the public sees them)."""
    konkret = konkret_type(type_, instans)
    kontekst = {"request": request, "listevisning": liste}
    data: dict[str, Any] = konkret.serializer(instans, context=kontekst).data
    return data


def instanssvar(request: Any, type_: Entitetstype, instans: Any, status: int = 200) -> Response:
    svar = Response(representasjon(request, type_, instans), status=status)
    svar["ETag"] = etag(instans)
    if status == 201:
        svar["Location"] = href(request, konkret_type(type_, instans).sti(instans))
    return svar


def listesvar(
    request: Any,
    type_: Entitetstype,
    rader: Any,
    sti: str,
    ny: Ressurs | None = None,
) -> Response:
    rader = med_innloggingsnavn(type_.annoter(rader, request.user))
    funnet = side(request, rader, type_.feltkart)
    return Response(
        {
            "count": funnet.antall,
            "results": [representasjon(request, type_, rad, liste=True) for rad in funnet.rader],
            "_links": listelenker(
                request, sti, funnet.parametre, neste_skip=funnet.neste_skip, ny=ny
            ),
        }
    )


def _les_paa_nytt(type_: Entitetstype, instans: Any, bruker: Any) -> Any:
    """The written instance as a reader sees it: annotated, and visible to the writer. A
    write that would hide the instance from its writer (a gradering above their klarering)
    is refused, inside the write's transaction, rather than answered with a 404."""
    try:
        return type_.hent(bruker, str(instans.system_id))
    except IkkeFunnet:
        raise IngenTilgang(
            "Endringen ville gjort enheten utilgjengelig for deg (for eksempel en gradering "
            "over din klarering), og er ikke lagret."
        ) from None


# --- the view classes ---------------------------------------------------------------------------


class ListeView(Noark5View):
    entitet: Entitetstype
    ny: Ressurs | None = None

    def get(self, request: Any) -> Response:
        return listesvar(
            request, self.entitet, self.entitet.rader(request.user), self.entitet.samling, self.ny
        )


class InstansView(Noark5View):
    entitet: Entitetstype

    def get(self, request: Any, system_id: str) -> Response:
        instans = self.entitet.hent(request.user, system_id)
        lesing = konkret_type(self.entitet, instans).ved_lesing
        if lesing is not None:
            lesing(instans, request.user)
        return instanssvar(request, self.entitet, instans)

    def put(self, request: Any, system_id: str) -> Response:
        return self._endre(request, system_id, Modus.ERSTATT)

    def patch(self, request: Any, system_id: str) -> Response:
        return self._endre(request, system_id, Modus.FLETT)

    def _endre(self, request: Any, system_id: str, modus: Modus) -> Response:
        with transaction.atomic():
            instans = self.entitet.hent(request.user, system_id)
            krev_uendret(request, instans)
            type_, instans = endre(request, self.entitet, instans, request.data, modus)
        return instanssvar(request, type_, instans)

    def delete(self, request: Any, system_id: str) -> Response:
        with transaction.atomic():
            instans = self.entitet.hent(request.user, system_id)
            type_ = konkret_type(self.entitet, instans)
            if type_.slett is None:
                raise IngenTilgang(f"En {type_.navn} kan ikke slettes gjennom API-et.")
            krev_uendret(request, instans)
            type_.slett(instans, request.user)
        return Response(status=204)


def endre(
    request: Any, entitet: Entitetstype, instans: Any, data: Any, modus: Modus
) -> tuple[Entitetstype, Any]:
    """Apply a PUT or PATCH body to `instans` in the caller's transaction, as its concrete
    type takes it: the attributes through the type's service, skjerming, gradering and
    kassasjon through arvbare, moves through `_links`. Returns the type and the instance as
    read again."""
    type_ = konkret_type(entitet, instans)
    if type_.endre is None:
        raise IngenTilgang(f"En {type_.navn} kan ikke endres gjennom API-et.")
    naavaerende = representasjon(request, type_, instans)
    argumenter = les_inndata(data, type_.skrivefelter, modus=modus, naavaerende=naavaerende)
    flyttinger = _flyttinger(type_, data, naavaerende)
    strukturer = arvbare.skill_ut(argumenter)
    if argumenter:
        type_.endre(instans, argumenter, request.user)
    arvbare.anvend(instans, strukturer, request.user, modus=modus, naavaerende=naavaerende)
    for flytt, maal in flyttinger:
        flytt(instans, maal, request.user)
    return type_, _les_paa_nytt(type_, instans, request.user)


def _flyttinger(
    type_: Entitetstype, data: Any, naavaerende: dict[str, Any]
) -> list[tuple[Any, str]]:
    """The moves a PATCH or PUT asks for by changing a parent's href in `_links` (rest-api.md
    §5.2), each as (the type's handler, the new href). A changed link the type cannot move is
    refused: a silently ignored move would look like success."""
    lenker = data.get("_links") if hasattr(data, "get") else None
    if not isinstance(lenker, dict):
        return []
    gamle = naavaerende.get("_links", {})
    flyttinger = []
    for noekkel, lenke in lenker.items():
        ny = lenke.get("href") if isinstance(lenke, dict) else None
        if noekkel not in gamle or ny is None or ny == gamle[noekkel]["href"]:
            continue
        flytt = type_.flytting.get(noekkel.removeprefix(REL_PREFIKS))
        if flytt is None:
            raise DomeneFeil(
                f"Lenken «{noekkel}» kan ikke endres her; flytting støttes ikke for denne "
                "ressursen.",
                felt="_links",
            )
        flyttinger.append((flytt, str(ny)))
    return flyttinger


class UnderlisteView(Noark5View):
    entitet: Entitetstype
    underliste: Underliste

    def get(self, request: Any, system_id: str) -> Response:
        forelder = self.entitet.hent(request.user, system_id)
        element = REGISTER[self.underliste.type]
        rader = self.underliste.rader(request.user, forelder)
        sti = f"{self.entitet.sti(forelder)}{self.underliste.sti}/"
        return listesvar(request, element, rader, sti)


class OpprettelseView(Noark5View):
    """`ny-*` below an instance (`entitet` set) or at a package root (`entitet` None)."""

    entitet: Entitetstype | None = None
    opprettelse: Opprettelse

    def _forelder(self, request: Any, system_id: str | None, *, til_skriving: bool = False) -> Any:
        if self.entitet is None or system_id is None:
            return None
        if til_skriving:
            return self.entitet.finn(request.user, system_id)
        return self.entitet.hent(request.user, system_id)

    def get(self, request: Any, system_id: str | None = None) -> Response:
        forelder = self._forelder(request, system_id)
        barn = REGISTER[self.opprettelse.type]
        mal = self.opprettelse.mal(request, forelder)
        return Response({**mal, "_links": malenker(request, barn)})

    def post(self, request: Any, system_id: str | None = None) -> Response:
        if self.opprettelse.fil is not None and not er_json(request):
            return self.opprettelse.fil.utfoer(request, self._forelder(request, system_id))
        barn = REGISTER[self.opprettelse.type]
        felter = self.opprettelse.felter or barn.skrivefelter
        with transaction.atomic():
            forelder = self._forelder(request, system_id, til_skriving=True)
            argumenter = les_inndata(request.data, felter, modus=Modus.OPPRETT)
            strukturer = arvbare.skill_ut(argumenter)
            ny = self.opprettelse.utfoer(forelder, argumenter, request.user)
            arvbare.anvend(ny, strukturer, request.user, modus=Modus.OPPRETT)
            ny = _les_paa_nytt(barn, ny, request.user)
        return instanssvar(request, barn, ny, status=200 if self.opprettelse.utvidelse else 201)

    def put(self, request: Any, system_id: str | None = None) -> Response:
        """`utvid-til-*` only (the routes of other `ny-*` resources do not allow PUT)."""
        return self.post(request, system_id)


def er_json(request: Any) -> bool:
    """Whether a request body is JSON (or has no type, which the JSON parsers answer with 415)."""
    type_ = str(request.META.get("CONTENT_TYPE", "")).split(";")[0].strip().lower()
    return not type_ or type_.endswith("+json") or type_ == "application/json"


# --- classes per type, with their OpenAPI description ---------------------------------------------


def _klasse(navn: str, grunn: type[Any], **attributter: Any) -> type[Any]:
    return type(navn, (grunn,), attributter)


def _beskriv(klasse: type[Any], metode: str, **skjema: Any) -> None:
    """Give `klasse` its own `metode` with this OpenAPI description. A wrapper, because
    extend_schema marks the function object, which every class of one kind shares."""
    arvet = getattr(klasse, metode)

    def operasjon(self: Any, *args: Any, **kwargs: Any) -> Any:
        return arvet(self, *args, **kwargs)

    setattr(klasse, metode, extend_schema(**skjema)(operasjon))


def _id(tekst: str) -> str:
    return tekst.replace("/", "_").replace("-", "_")


_LISTESKJEMA: dict[type[Any], type[Any]] = {}


def _listeskjema(element: type[Any]) -> type[Any]:
    """One list component per element serializer, however many lists hold that type."""
    if element not in _LISTESKJEMA:
        navn = f"{element.__name__.removesuffix('Serializer')}Liste"
        _LISTESKJEMA[element] = listeserializer(navn, element)
    return _LISTESKJEMA[element]


def _listeview(type_: Entitetstype, ny: Ressurs | None) -> type[Any]:
    klasse = _klasse(f"{_id(type_.noekkel)}_liste", ListeView, entitet=type_, ny=ny)
    _beskriv(
        klasse,
        "get",
        operation_id=f"{_id(type_.noekkel)}_liste",
        summary=f"List {type_.navn} (OData $filter, $orderby, $top, $skip)",
        parameters=ODATA_PARAMETRE,
        responses={
            200: OpenApiResponse(_listeskjema(type_.serializer)),
            **feilsvar(400, *LESEFEIL),
        },
    )
    return klasse


def _instansview(type_: Entitetstype) -> type[Any]:
    id_ = _id(type_.noekkel)
    klasse = _klasse(f"{id_}_instans", InstansView, entitet=type_)
    svar = {200: OpenApiResponse(type_.serializer)}
    _beskriv(
        klasse,
        "get",
        operation_id=f"{id_}_hent",
        summary=f"Read one {type_.navn}",
        parameters=[SYSTEM_ID, ETAG_SVAR],
        responses={**svar, **feilsvar(*LESEFEIL)},
    )
    if type_.endre is not None:
        for metode, modus in (("put", Modus.ERSTATT), ("patch", Modus.FLETT)):
            _beskriv(
                klasse,
                metode,
                operation_id=f"{id_}_{'erstatt' if metode == 'put' else 'flett'}",
                summary=f"{'Update' if metode == 'put' else 'Merge-patch'} one {type_.navn}",
                parameters=[SYSTEM_ID, *FORUTSETNING, ETAG_SVAR],
                request=inndataserializer(f"{id_}_{metode}", type_.skrivefelter, modus),
                responses={**svar, **feilsvar(*SKRIVEFEIL)},
            )
    else:
        klasse.http_method_names = ["get", "options"]
    if type_.slett is not None:
        _beskriv(
            klasse,
            "delete",
            operation_id=f"{id_}_slett",
            summary=f"Delete one {type_.navn}",
            parameters=[SYSTEM_ID, *FORUTSETNING],
            responses={204: None, **feilsvar(*SKRIVEFEIL)},
        )
    else:
        klasse.http_method_names = [m for m in klasse.http_method_names if m != "delete"]
    return klasse


def _underlisteview(type_: Entitetstype, underliste: Underliste) -> type[Any]:
    id_ = f"{_id(type_.noekkel)}_{_id(underliste.sti)}"
    element = REGISTER[underliste.type]
    klasse = _klasse(id_, UnderlisteView, entitet=type_, underliste=underliste)
    _beskriv(
        klasse,
        "get",
        operation_id=f"{id_}_liste",
        summary=f"List the {underliste.sti} of one {type_.navn}",
        parameters=[SYSTEM_ID, *ODATA_PARAMETRE],
        responses={
            200: OpenApiResponse(_listeskjema(element.serializer)),
            **feilsvar(400, *LESEFEIL),
        },
    )
    return klasse


def _opprettelseview(
    type_: Entitetstype | None, opprettelse: Opprettelse, forelder: str
) -> type[Any]:
    id_ = f"{_id(forelder)}_{_id(opprettelse.segment)}"
    barn = REGISTER[opprettelse.type]
    parametre = [SYSTEM_ID] if type_ is not None else []
    klasse = _klasse(id_, OpprettelseView, entitet=type_, opprettelse=opprettelse)
    felter = opprettelse.felter or barn.skrivefelter
    _beskriv(
        klasse,
        "get",
        operation_id=f"{id_}_mal",
        summary=f"Template of a new {barn.navn}",
        parameters=parametre,
        responses={
            200: OpenApiResponse(inndataserializer(f"{id_}_mal", felter, Modus.OPPRETT, mal=True)),
            **feilsvar(*LESEFEIL),
        },
    )
    if opprettelse.utvidelse:
        inn = inndataserializer(f"{id_}_inn", felter, Modus.OPPRETT)
        for metode in ("post", "put"):
            _beskriv(
                klasse,
                metode,
                operation_id=f"{id_}_{'utvid' if metode == 'post' else 'utvid_put'}",
                summary=f"Extend to a {barn.navn}, keeping the systemID",
                parameters=[*parametre, ETAG_SVAR],
                request=inn,
                responses={200: OpenApiResponse(barn.serializer), **feilsvar(*SKRIVEFEIL)},
            )
        return klasse
    klasse.http_method_names = [m for m in klasse.http_method_names if m != "put"]
    kropp: Any = inndataserializer(f"{id_}_inn", felter, Modus.OPPRETT)
    ekstra: dict[str, Any] = {}
    etag = ETAG_SVAR
    if opprettelse.fil is not None:  # JSON, or a file's bytes
        kropp = {
            **{parser.media_type: kropp for parser in klasse.parser_classes},
            "application/octet-stream": OpenApiTypes.BINARY,
        }
        ekstra = {"description": opprettelse.fil.beskrivelse}
        parametre = [*parametre, *opprettelse.fil.parametre]
        etag = ETAG_VED_201  # opening a chunked upload answers 200 without one (views/fil.py)
    _beskriv(
        klasse,
        "post",
        operation_id=f"{id_}_opprett",
        summary=f"Create a {barn.navn}",
        parameters=[*parametre, etag, LOCATION],
        request=kropp,
        responses={
            201: OpenApiResponse(barn.serializer),
            **feilsvar(*SKRIVEFEIL),
            **(opprettelse.fil.svar if opprettelse.fil is not None else {}),
        },
        **ekstra,
    )
    return klasse


_ID = r"(?P<system_id>[^/]+)"


def urlmonstre(pakkeressurser: dict[str, tuple[Ressurs, ...]]) -> list[URLPattern]:
    """The routes of every registered type and package-level create resource."""
    monstre: list[URLPattern] = []
    for pakke, opprettelser in PAKKEOPPRETTELSER.items():
        for opprettelse in opprettelser:
            view = _opprettelseview(None, opprettelse, pakke)
            monstre.append(re_path(rf"^{pakke}/{opprettelse.segment}/?$", view.as_view()))
    for type_ in REGISTER.values():
        ny = next(
            (
                r
                for r in pakkeressurser.get(type_.pakke, ())
                if r.suffiks == f"{type_.pakke}/ny-{type_.navn}/"
            ),
            None,
        )
        grunn = type_.samling.rstrip("/")
        monstre.append(re_path(rf"^{grunn}/?$", _listeview(type_, ny).as_view()))
        monstre.append(re_path(rf"^{grunn}/{_ID}/?$", _instansview(type_).as_view()))
        logg = endringslogg_underliste() if type_.er_arkivenhet else None
        for underliste in (*type_.underlister, *([logg] if logg else [])):
            view = _underlisteview(type_, underliste)
            monstre.append(re_path(rf"^{grunn}/{_ID}/{underliste.sti}/?$", view.as_view()))
        for opprettelse in type_.opprettelser:
            view = _opprettelseview(type_, opprettelse, type_.noekkel)
            monstre.append(re_path(rf"^{grunn}/{_ID}/{opprettelse.segment}/?$", view.as_view()))
    return monstre
