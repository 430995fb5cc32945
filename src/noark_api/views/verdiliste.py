"""The vendor sub-resources of repeated values (client-compat.md §1 item 8): noekkelord,
forfatter, oppbevaringssted and skjermingmetadata, each value with its own `self`.

Below an owner that declares the list (`Entitetstype.verdilister`):

    <eier>/<systemID>/<navn>/                the values                   GET
    <eier>/<systemID>/ny-<navn>/             template and create          GET POST
    <eier>/<systemID>/<navn>/<systemID>/     one value (ETag)             GET PUT DELETE

A value is `{"systemID": …, "noekkelord": "…"}` (the attribute named as the list), or
`{"systemID": …, "kode": …, "kodenavn": …}` for skjermingmetadata. The values live on the owner:
every write is a PATCH of the owner with the changed list, through the same code as the
owner's own PATCH (views.entitet.endre), so the owner's service checks the rights and the
frozen rules and logs the change; reads show exactly what the owner shows. The systemIDs come
from noark_api.verdiidentitet. A value's ETag is a hash of its systemID and value.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import URLPattern, re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers  # type: ignore[import-untyped]
from rest_framework.response import Response  # type: ignore[import-untyped]

from felles.feil import DomeneFeil, IkkeFunnet
from noark_api import verdiidentitet
from noark_api.forutsetning import krev_merke
from noark_api.inndata import LENKER, Modus, Verditype, krev_objekt, les_verdi
from noark_api.lenker import Lenker, href, kodelistelenker
from noark_api.relasjoner import leverandoer_rel, rel
from noark_api.ressurs import REGISTER, Entitetstype, Verdiliste, konkret_type
from noark_api.skjema import LESEFEIL, LenkeSerializer, feilsvar
from noark_api.views.base import Noark5View
from noark_api.views.entitet import (
    ETAG_SVAR,
    FORUTSETNING,
    LOCATION,
    SKRIVEFEIL,
    SYSTEM_ID,
    _beskriv,
    _id,
    _klasse,
    endre,
    representasjon,
)

SKJERMING = "skjerming"
SKJERMINGMETADATA = "skjermingMetadata"


@dataclass(frozen=True)
class Verdi:
    system_id: uuid.UUID
    noekkel: str  # the value, or the kode of a code value
    vist: Any  # as the owner shows it: the text, or the code object

    @property
    def etag(self) -> str:
        tekst = f"{self.system_id}/{self.noekkel}"
        return '"' + hashlib.sha256(tekst.encode()).hexdigest()[:32] + '"'


# --- the list on its owner ------------------------------------------------------------------------


def _vist(liste: Verdiliste, eier: dict[str, Any]) -> list[Any]:
    """The values as the owner's representation shows them."""
    if liste.kodeliste is not None:
        return list((eier.get(SKJERMING) or {}).get(SKJERMINGMETADATA) or [])
    return list(eier.get(liste.navn) or [])


def _noekkel(liste: Verdiliste, vist: Any) -> str:
    return str(vist["kode"]) if liste.kodeliste is not None else str(vist)


def _kropp(liste: Verdiliste, noekler: list[str]) -> dict[str, Any]:
    """The PATCH of the owner that sets the list to `noekler`."""
    if liste.kodeliste is not None:
        return {SKJERMING: {SKJERMINGMETADATA: [{"kode": kode} for kode in noekler]}}
    return {liste.navn: noekler}


def _verdier(request: Any, type_: Entitetstype, eier: Any, liste: Verdiliste) -> list[Verdi]:
    vist = _vist(liste, representasjon(request, type_, eier))
    noekler = [_noekkel(liste, v) for v in vist]
    lagret = verdiidentitet.lagrede(eier.system_id, liste.navn)
    ider = verdiidentitet.tildel(eier.system_id, liste.navn, noekler, lagret)
    return [Verdi(i, n, v) for i, n, v in zip(ider, noekler, vist, strict=True)]


def _finn(verdier: list[Verdi], verdi_id: str) -> int:
    try:
        nokkel = uuid.UUID(verdi_id)
    except ValueError:
        raise IkkeFunnet() from None
    for plass, verdi in enumerate(verdier):
        if verdi.system_id == nokkel:
            return plass
    raise IkkeFunnet()


def _les(liste: Verdiliste, data: Any, naavaerende: Verdi | None = None) -> str:
    """The value a POST or PUT body names; a PUT may send back the systemID it read."""
    data = krev_objekt(data)
    medlemmer = {"kode", "kodenavn"} if liste.kodeliste is not None else {liste.navn}
    ukjente = sorted(set(data) - medlemmer - {"systemID", LENKER})
    if ukjente:
        raise DomeneFeil(f"«{ukjente[0]}» kan ikke settes her.", felt=ukjente[0])
    sendt_id = data.get("systemID")
    if sendt_id is not None and (
        naavaerende is None or str(sendt_id) != str(naavaerende.system_id)
    ):
        raise DomeneFeil("«systemID» settes av systemet og kan ikke endres.", felt="systemID")
    felt = "kode" if liste.kodeliste is not None else liste.navn
    if data.get(felt) is None:
        raise DomeneFeil(f"«{felt}» må fylles ut.", felt=felt, kode="paakrevd")
    if liste.kodeliste is not None:
        verdi = les_verdi(Verditype.KODE, felt, {"kode": data["kode"]})
    else:
        verdi = les_verdi(Verditype.TEKST, felt, data[felt])
    if not str(verdi).strip():
        raise DomeneFeil(f"«{felt}» må fylles ut.", felt=felt, kode="paakrevd")
    return str(verdi)


# --- the representation ---------------------------------------------------------------------------


def _eiersti(type_: Entitetstype, eier: Any) -> str:
    return konkret_type(type_, eier).sti(eier)


def _verdisvar(
    request: Any, type_: Entitetstype, eier: Any, liste: Verdiliste, verdi: Verdi
) -> dict[str, Any]:
    eiersti = _eiersti(type_, eier)
    selv = href(request, f"{eiersti}{liste.navn}/{verdi.system_id}/")
    lenker = Lenker(request).legg_til("self", selv)
    lenker.legg_til(leverandoer_rel(f"{liste.navn}/"), selv)
    lenker.legg_til(rel(konkret_type(type_, eier).samling), href(request, eiersti))
    if liste.kodeliste is not None:
        kodelistelenker(lenker, (liste.kodeliste,))
        innhold = {"kode": verdi.vist["kode"], "kodenavn": verdi.vist.get("kodenavn")}
    else:
        innhold = {liste.navn: verdi.vist}
    innhold = {n: v for n, v in innhold.items() if v is not None}
    return {"systemID": str(verdi.system_id), **innhold, LENKER: lenker.som_dict()}


def _svar(
    request: Any,
    type_: Entitetstype,
    eier: Any,
    liste: Verdiliste,
    verdi: Verdi,
    status: int = 200,
) -> Response:
    svar = Response(_verdisvar(request, type_, eier, liste, verdi), status=status)
    svar["ETag"] = verdi.etag
    if status == 201:
        eiersti = _eiersti(type_, eier)
        svar["Location"] = href(request, f"{eiersti}{liste.navn}/{verdi.system_id}/")
    return svar


# --- writing --------------------------------------------------------------------------------------


def _skriv(
    request: Any,
    type_: Entitetstype,
    eier: Any,
    liste: Verdiliste,
    noekler: list[str],
    oenskede: list[uuid.UUID | None],
) -> tuple[Any, list[Verdi]]:
    """Set the owner's list to `noekler` as a PATCH of the owner would, keeping the systemIDs
    `oenskede` (position by position; None for a new value). The owner and its values after."""
    _, eier = endre(request, type_, eier, _kropp(liste, noekler), Modus.FLETT)
    verdiidentitet.fest(eier.system_id, liste.navn, noekler, oenskede)
    return eier, _verdier(request, type_, eier, liste)


def _laast_eier(request: Any, type_: Entitetstype, system_id: str) -> Any:
    """The owner, with its row locked for the transaction: two clients adding a value at
    once must both find it in the list (a lost update otherwise)."""
    eier = type_.finn(request.user, system_id)  # visible: a hidden owner is a 404, unlocked
    type(eier)._base_manager.select_for_update().filter(pk=eier.pk).exists()
    return type_.hent(request.user, system_id)  # read again, now locked, for its links


class VerdilisteView(Noark5View):
    entitet: Entitetstype
    liste: Verdiliste

    def get(self, request: Any, system_id: str) -> Response:
        eier = self.entitet.hent(request.user, system_id)
        verdier = _verdier(request, self.entitet, eier, self.liste)
        sti = f"{_eiersti(self.entitet, eier)}{self.liste.navn}/"
        lenker = (
            Lenker(request)
            .selv(sti)
            .legg_til(leverandoer_rel(f"{self.liste.navn}/"), href(request, sti))
        )
        if self.liste.kan(request.user, eier):
            ny = f"ny-{self.liste.navn}/"
            lenker.legg_til(
                leverandoer_rel(ny), href(request, f"{_eiersti(self.entitet, eier)}{ny}")
            )
        return Response(
            {
                "count": len(verdier),
                "results": [
                    _verdisvar(request, self.entitet, eier, self.liste, v) for v in verdier
                ],
                LENKER: lenker.som_dict(),
            }
        )


class NyVerdiView(Noark5View):
    entitet: Entitetstype
    liste: Verdiliste

    def get(self, request: Any, system_id: str) -> Response:
        self.entitet.hent(request.user, system_id)
        lenker = Lenker(request)
        if self.liste.kodeliste is not None:
            kodelistelenker(lenker, (self.liste.kodeliste,))
        return Response({LENKER: lenker.som_dict()})

    def post(self, request: Any, system_id: str) -> Response:
        with transaction.atomic():
            eier = _laast_eier(request, self.entitet, system_id)
            ny = _les(self.liste, request.data)
            verdier = _verdier(request, self.entitet, eier, self.liste)
            noekler = [v.noekkel for v in verdier]
            if ny in noekler:
                raise DomeneFeil(
                    f"«{ny}» står allerede i {self.liste.navn}.",
                    felt="kode" if self.liste.kodeliste is not None else self.liste.navn,
                )
            eier, etter = _skriv(
                request,
                self.entitet,
                eier,
                self.liste,
                [*noekler, ny],
                [*(v.system_id for v in verdier), None],
            )
        return _svar(request, self.entitet, eier, self.liste, etter[len(verdier)], status=201)


class VerdiView(Noark5View):
    entitet: Entitetstype
    liste: Verdiliste

    def get(self, request: Any, system_id: str, verdi_id: str) -> Response:
        eier = self.entitet.hent(request.user, system_id)
        verdier = _verdier(request, self.entitet, eier, self.liste)
        verdi = verdier[_finn(verdier, verdi_id)]
        return _svar(request, self.entitet, eier, self.liste, verdi)

    def put(self, request: Any, system_id: str, verdi_id: str) -> Response:
        with transaction.atomic():
            eier = _laast_eier(request, self.entitet, system_id)
            verdier = _verdier(request, self.entitet, eier, self.liste)
            plass = _finn(verdier, verdi_id)
            krev_merke(request, verdier[plass].etag)
            ny = _les(self.liste, request.data, verdier[plass])
            noekler = [v.noekkel for v in verdier]
            if ny != noekler[plass] and ny in noekler:
                raise DomeneFeil(f"«{ny}» står allerede i {self.liste.navn}.")
            noekler[plass] = ny
            eier, etter = _skriv(
                request,
                self.entitet,
                eier,
                self.liste,
                noekler,
                [v.system_id for v in verdier],
            )
        return _svar(request, self.entitet, eier, self.liste, etter[plass])

    def delete(self, request: Any, system_id: str, verdi_id: str) -> Response:
        with transaction.atomic():
            eier = _laast_eier(request, self.entitet, system_id)
            verdier = _verdier(request, self.entitet, eier, self.liste)
            plass = _finn(verdier, verdi_id)
            krev_merke(request, verdier[plass].etag)
            igjen = verdier[:plass] + verdier[plass + 1 :]
            _skriv(
                request,
                self.entitet,
                eier,
                self.liste,
                [v.noekkel for v in igjen],
                [v.system_id for v in igjen],
            )
        return Response(status=204)


# --- OpenAPI and routes ---------------------------------------------------------------------------

_VERDI_ID = OpenApiParameter("verdi_id", OpenApiTypes.UUID, OpenApiParameter.PATH)
_SKJEMA: dict[str, tuple[type[Any], type[Any], type[Any]]] = {}


def _skjemaer(liste: Verdiliste) -> tuple[type[Any], type[Any], type[Any]]:
    """The value, the list of values and a request body, as OpenAPI components."""
    if liste.navn in _SKJEMA:
        return _SKJEMA[liste.navn]
    navn = liste.navn.capitalize()
    if liste.kodeliste is not None:
        innhold: dict[str, Any] = {
            "kode": serializers.CharField(),
            "kodenavn": serializers.CharField(required=False),
        }
    else:
        innhold = {liste.navn: serializers.CharField()}
    lenker = serializers.DictField(child=LenkeSerializer())
    verdi = _serializer(
        f"{navn}Verdi", {"systemID": serializers.UUIDField(), **innhold, LENKER: lenker}
    )
    inn = _serializer(f"{navn}Inn", {"systemID": serializers.UUIDField(required=False), **innhold})
    liste_ = _serializer(
        f"{navn}Verdiliste",
        {"count": serializers.IntegerField(), "results": verdi(many=True), LENKER: lenker},
    )
    _SKJEMA[liste.navn] = (verdi, liste_, inn)
    return _SKJEMA[liste.navn]


def _serializer(navn: str, felter: dict[str, Any]) -> type[Any]:
    klasse: type[Any] = serializers.SerializerMetaclass(
        navn, (serializers.Serializer,), {**felter, "__module__": __name__}
    )
    return klasse


def _views(type_: Entitetstype, liste: Verdiliste) -> list[URLPattern]:
    id_ = f"{_id(type_.noekkel)}_{liste.navn}"
    verdi, verdiliste, inn = _skjemaer(liste)
    lenker = serializers.DictField(child=LenkeSerializer())
    attributter = {"entitet": type_, "liste": liste}
    listeview = _klasse(f"{id_}_liste", VerdilisteView, **attributter)
    _beskriv(
        listeview,
        "get",
        operation_id=f"{id_}_liste",
        summary=f"List the {liste.navn} values of one {type_.navn}",
        parameters=[SYSTEM_ID],
        responses={200: OpenApiResponse(verdiliste), **feilsvar(*LESEFEIL)},
    )
    nyview = _klasse(f"{id_}_ny", NyVerdiView, **attributter)
    _beskriv(
        nyview,
        "get",
        operation_id=f"{id_}_mal",
        summary=f"Template of a new {liste.navn} value",
        parameters=[SYSTEM_ID],
        responses={
            200: OpenApiResponse(_serializer(f"{id_}_mal", {LENKER: lenker})),
            **feilsvar(*LESEFEIL),
        },
    )
    _beskriv(
        nyview,
        "post",
        operation_id=f"{id_}_opprett",
        summary=f"Add a {liste.navn} value",
        parameters=[SYSTEM_ID, ETAG_SVAR, LOCATION],
        request=inn,
        responses={201: OpenApiResponse(verdi), **feilsvar(*SKRIVEFEIL)},
    )
    verdiview = _klasse(f"{id_}_verdi", VerdiView, **attributter)
    _beskriv(
        verdiview,
        "get",
        operation_id=f"{id_}_hent",
        summary=f"Read one {liste.navn} value",
        parameters=[SYSTEM_ID, _VERDI_ID, ETAG_SVAR],
        responses={200: OpenApiResponse(verdi), **feilsvar(*LESEFEIL)},
    )
    _beskriv(
        verdiview,
        "put",
        operation_id=f"{id_}_erstatt",
        summary=f"Change one {liste.navn} value, keeping its systemID",
        parameters=[SYSTEM_ID, _VERDI_ID, *FORUTSETNING, ETAG_SVAR],
        request=inn,
        responses={200: OpenApiResponse(verdi), **feilsvar(*SKRIVEFEIL)},
    )
    _beskriv(
        verdiview,
        "delete",
        operation_id=f"{id_}_slett",
        summary=f"Remove one {liste.navn} value",
        parameters=[SYSTEM_ID, _VERDI_ID, *FORUTSETNING],
        responses={204: None, **feilsvar(*SKRIVEFEIL)},
    )
    listeview.http_method_names = ["get", "options"]
    nyview.http_method_names = ["get", "post", "options"]
    verdiview.http_method_names = ["get", "put", "delete", "options"]
    grunn = rf"^{type_.samling}(?P<system_id>[^/]+)"
    return [
        re_path(rf"{grunn}/{liste.navn}/?$", listeview.as_view()),
        re_path(rf"{grunn}/ny-{liste.navn}/?$", nyview.as_view()),
        re_path(rf"{grunn}/{liste.navn}/(?P<verdi_id>[^/]+)/?$", verdiview.as_view()),
    ]


def urlmonstre() -> list[URLPattern]:
    """The routes of every declared list; urls.py puts them before the generic routes."""
    return [
        monster
        for type_ in REGISTER.values()
        for liste in type_.verdilister
        for monster in _views(type_, liste)
    ]
