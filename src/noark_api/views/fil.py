"""The files of documents (rest-api.md §6, client-compat.md §13): download, upload in one
request, chunked upload, and a document created together with its file in one request.

Every upload takes the same path as the UI's (docs/decisions/0004): the body is streamed into
the document store and checksummed (SHA-256) before the metadata transaction opens, the
format is identified from the content (PRONOM), and the dokumentobjekt is recorded together
with its processing job in one logged transaction, through the services of `dokument`. The
body is the file's raw bytes, never multipart (415).

`arkivstruktur/fil/` on a **dokumentobjekt**:

* GET downloads the exact bytes, `Content-Type` = its stored mimeType; 406 when an Accept
  header admits neither that type nor `*/*`. Read like the UI's download: only documents the
  user may see (others are 404), and the download of a screened or graded document is written
  to the read log first (`dokument.services.dokumentobjekt_fil_les`).
* POST with the bytes (`Content-Type`, `Content-Length`; the file name in
  `Content-Disposition: attachment; filename*=UTF-8''…` or the query parameter `filnavn`)
  uploads the file of a dokumentobjekt made without one (`ny-dokumentobjekt`): 201 with the
  dokumentobjekt. mimeType is recorded exactly as sent; what was declared on creation is
  verified (400 on a mismatch), what is empty is filled. A second upload is refused with 400
  (a file is never replaced, model.md §6.3; 409 is for ETags only).

`arkivstruktur/fil/` on a **dokumentbeskrivelse**: POST with the bytes makes a new version of
the document from the upload: 201 with the new dokumentobjekt. Its variantformat is P
(production format): whether a file is in an approved archival format is decided by the
processing job's check (PDF/A validation), which then records the A variant of the same file.

**One request instead of three** (issue 5 item 4): POST the bytes, with a non-JSON
Content-Type, to a registrering's (journalpost's, arkivnotat's) `ny-dokumentbeskrivelse`. The
document's metadata goes in query parameters: `tittel` (default: the file name),
`dokumenttype`, `dokumentstatus`, `tilknyttetRegistreringSom` (codes), `beskrivelse`, and the
file name as above. The dokumentbeskrivelse and its dokumentobjekt are recorded in one
transaction (neither is left without the other); the answer is 201 with the new
dokumentbeskrivelse, whose `dokumentobjekt` list holds the file.

**Chunked** (rest-api.md §6.4), on each of the three: a POST with `Content-Length: 0`,
`X-Upload-Content-Type` and `X-Upload-Content-Length` opens a session: 200 and a `Location`.
Each chunk is a PUT to the latest Location with `Content-Range: <first>-<last>/<total>` (with
or without `bytes `); the answer is 200 with `Range: 0-<last>` and the Location of the next
chunk, and 201 with the created or updated object after the last one. `Content-Range:
*/<total>` with no body asks how far the session has come. A chunk that does not fit is 400
and changes nothing; the chunks wait in a temporary folder (dokument.bolk) and nothing
reaches the archive before the file is complete.

Limits: a single POST larger than `bulkgrense` (ARKIVAR_MAKS_FILSTOERRELSE, shown on
`admin/system/`) is refused with 403 before a byte is read, as the standard prescribes for a
client to switch to chunked upload. That is also the largest file the archive takes at all,
so a chunked session above it is refused too (400). A failure to store the file is 422.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from email.message import Message
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.http import FileResponse
from django.urls import URLPattern, re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework.exceptions import (  # type: ignore[import-untyped]
    APIException,
    NotAcceptable,
    UnsupportedMediaType,
)
from rest_framework.response import Response  # type: ignore[import-untyped]

from arkivstruktur.models import Dokumentbeskrivelse, Dokumentobjekt
from arkivstruktur.selectors import registrering_hent
from arkivstruktur.services.dokumentbeskrivelse import er_frosset, krev_arbeid_med
from dokument import bolk
from dokument.formater import mime_kjerne, mime_typer_er_like
from dokument.lagring import LagretFil, lagre_innhold
from dokument.selectors import dokumentobjekt_liste
from dokument.services import (
    dokument_last_opp,
    dokumentobjekt_fil_les,
    dokumentobjekt_fil_motta,
    dokumentobjekt_opprett,
)
from felles.feil import DomeneFeil, IkkeFunnet, IngenTilgang
from noark_api.format import Noark5Innholdsforhandling, Noark5JSONRenderer
from noark_api.lenker import href
from noark_api.ressurs import REGISTER, Filopprettelse
from noark_api.serialisering.dokument import (
    BolkSerializer,
    DokumentbeskrivelseSerializer,
    DokumentobjektSerializer,
)
from noark_api.skjema import LESEFEIL, FeilSerializer, feilsvar
from noark_api.views.base import Noark5View
from noark_api.views.entitet import SYSTEM_ID, instanssvar
from tilgang.regler import krev_tillatelse

logger = logging.getLogger(__name__)

DOKUMENTBESKRIVELSE = "arkivstruktur/dokumentbeskrivelse"
DOKUMENTOBJEKT = "arkivstruktur/dokumentobjekt"
OPPLASTING = "arkivstruktur/opplasting/"

# What a dokumentobjekt's upload is for, kept in a chunked session (dokument.bolk).
TIL_DOKUMENTOBJEKT = "dokumentobjekt"
TIL_DOKUMENTBESKRIVELSE = "dokumentbeskrivelse"
TIL_REGISTRERING = "registrering"

_SKJEMA_UTEN_FIL = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})
_CONTENT_RANGE = re.compile(r"^(?:bytes[ =])?\s*(\d{1,18})-(\d{1,18})/(\d{1,18})$", re.IGNORECASE)
_CONTENT_RANGE_STATUS = re.compile(r"^(?:bytes[ =])?\s*\*/(\d{1,18})$", re.IGNORECASE)
_METADATA = (
    ("tittel", "tittel"),
    ("dokumenttype", "dokumenttype"),
    ("dokumentstatus", "dokumentstatus"),
    ("tilknyttetRegistreringSom", "tilknyttet_registrering_som"),
    ("beskrivelse", "beskrivelse"),
)


class Lagringsfeil(APIException):  # type: ignore[misc]
    """The upload could not be stored (rest-api.md §6.2): the client starts again."""

    status_code = 422
    default_detail = "The file could not be stored."
    default_code = "lagringsfeil"


# --- reading the request -----------------------------------------------------------------------


class _Innhold:
    """The request body as a file of exactly `lengde` bytes. A body that ends early is refused,
    so a broken transfer is never stored as the file."""

    def __init__(self, request: Any, lengde: int) -> None:
        self._kilde = request._request  # the Django request: its body is read as a stream
        self._lengde = lengde
        self._igjen = lengde

    def read(self, antall: int = -1) -> bytes:
        if self._igjen <= 0:
            return b""
        antall = self._igjen if antall is None or antall < 0 else min(antall, self._igjen)
        bit = bytes(self._kilde.read(antall))
        if not bit:
            mottatt = self._lengde - self._igjen
            raise DomeneFeil(
                f"Forespørselen stoppet etter {mottatt} av {self._lengde} byte.",
                felt="Content-Length",
            )
        self._igjen -= len(bit)
        return bit


def _heltall_fra_hode(request: Any, navn: str, hode: str) -> int | None:
    verdi = str(request.META.get(navn, "")).strip()
    if not verdi:
        return None
    if not verdi.isdigit() or len(verdi) > 18:
        raise DomeneFeil(f"{hode} må være et antall byte.", felt=hode)
    return int(verdi)


def _lengde(request: Any) -> int:
    return _heltall_fra_hode(request, "CONTENT_LENGTH", "Content-Length") or 0


def _innholdstype(request: Any) -> str:
    """The body's Content-Type as sent (client-compat.md §13.1: recorded exactly)."""
    type_ = str(request.META.get("CONTENT_TYPE", "")).strip()
    if mime_kjerne(type_) in _SKJEMA_UTEN_FIL:
        raise UnsupportedMediaType(
            type_, detail="Send the file's own bytes as the body, not a form (multipart)."
        )
    return type_[:150]


def _filnavn(request: Any) -> str:
    """The file name: the query parameter `filnavn`, else Content-Disposition's `filename*`
    (RFC 8187) or `filename`."""
    navn = str(request.query_params.get("filnavn", ""))
    hode = str(request.META.get("HTTP_CONTENT_DISPOSITION", ""))
    if not navn and hode:
        melding = Message()
        melding["Content-Disposition"] = hode
        try:
            navn = melding.get_filename() or ""
        except Exception:  # a header the e-mail parser cannot read names no file
            navn = ""
        # A bare `filename=` may carry UTF-8 percent-escaped, as browsers' forms do.
        navn = unquote(navn)
    # A name, never a path.
    return navn.replace("/", "_").replace("\\", "_").strip()[:255]


def _krev_innen_bulkgrensen(lengde: int) -> None:
    grense = int(settings.ARKIVAR_MAKS_FILSTOERRELSE)
    if lengde > grense:
        raise IngenTilgang(
            f"Filen er {lengde} byte, mer enn bulkgrensen på {grense} byte for opplasting i én "
            "forespørsel (admin/system/)."
        )


@contextmanager
def _lagringsfeil_er_422() -> Iterator[None]:
    """A disk (or object store) that fails is the standard's 422 (rest-api.md §6.2)."""
    try:
        yield
    except OSError as feil:
        logger.exception("noark_api.fil_ikke_lagret", extra={"feiltype": type(feil).__name__})
        raise Lagringsfeil() from feil


def _lagre(kilde: Any) -> LagretFil:
    """Into the document store before any transaction opens."""
    with _lagringsfeil_er_422():
        return lagre_innhold(kilde, maks_stoerrelse=int(settings.ARKIVAR_MAKS_FILSTOERRELSE))


# --- what an upload is for -----------------------------------------------------------------------


def _dokumentobjekt(request: Any, system_id: str) -> Dokumentobjekt:
    """A dokumentobjekt the user may see; missing and hidden are the same 404."""
    try:
        nokkel = uuid.UUID(str(system_id))
    except ValueError:
        raise IkkeFunnet() from None
    objekt = dokumentobjekt_liste(bruker=request.user).filter(system_id=nokkel).first()
    if objekt is None:
        raise IkkeFunnet()
    return objekt


def _dokumentbeskrivelse(request: Any, system_id: str) -> Dokumentbeskrivelse:
    return REGISTER[DOKUMENTBESKRIVELSE].hent(request.user, system_id)  # type: ignore[no-any-return]


def _krev_kan_motta(objekt: Dokumentobjekt, bruker: Any, mime_type: str, lengde: int) -> None:
    """What can be refused before a byte is stored (the service checks all of it again)."""
    krev_arbeid_med(objekt.dokumentbeskrivelse, bruker)
    if objekt.har_fil:
        raise DomeneFeil(
            "Dokumentobjektet har allerede en fil, og en fil kan ikke overskrives. Slett "
            "dokumentobjektet og last opp filen på nytt.",
            felt="dokumentobjekt",
            kode="finnes",
        )
    _krev_ikke_frosset(objekt.dokumentbeskrivelse)
    if objekt.filstoerrelse is not None and objekt.filstoerrelse != lengde:
        raise DomeneFeil(
            f"Filen er {lengde} byte, men dokumentobjektet oppgir {objekt.filstoerrelse} byte.",
            felt="filstoerrelse",
            kode="avvik",
        )
    if objekt.mime_type and mime_type and not mime_typer_er_like(objekt.mime_type, mime_type):
        raise DomeneFeil(
            f"Filen sendes som «{mime_type}», men dokumentobjektet oppgir mimeType "
            f"«{objekt.mime_type}».",
            felt="mimeType",
            kode="avvik",
        )


def _krev_ikke_frosset(dokumentbeskrivelse: Dokumentbeskrivelse) -> None:
    if er_frosset(dokumentbeskrivelse):
        raise DomeneFeil(
            "Dokumentet er arkivert og kan ikke få nye filer.",
            felt="dokumentbeskrivelse",
            kode="laast",
        )


def _metadata(request: Any) -> dict[str, str]:
    """The document's attributes of a one-request upload, from the query string."""
    return {
        arg: str(request.query_params[navn])
        for navn, arg in _METADATA
        if request.query_params.get(navn)
    }


def _motta(request: Any, maal: Mapping[str, Any], kilde: Any, mime_type: str) -> Response:
    """Store the file and record it for `maal`: 201 with what was created or completed."""
    bruker = request.user
    lagret = _lagre(kilde)
    filnavn = str(maal.get("filnavn", ""))
    if maal["type"] == TIL_DOKUMENTOBJEKT:
        objekt = dokumentobjekt_fil_motta(
            dokumentobjekt=_dokumentobjekt(request, maal["system_id"]),
            innhold=lagret,
            mime_type=mime_type,
            filnavn=filnavn,
            utfoert_av=bruker,
        )
        return _svar_201(request, DOKUMENTOBJEKT, objekt)
    if maal["type"] == TIL_DOKUMENTBESKRIVELSE:
        objekt = dokumentobjekt_opprett(
            dokumentbeskrivelse=_dokumentbeskrivelse(request, maal["system_id"]),
            innhold=lagret,
            filnavn=filnavn,
            mime_type=mime_type,
            behold_mime_type=True,
            utfoert_av=bruker,
        )
        return _svar_201(request, DOKUMENTOBJEKT, objekt)
    metadata: dict[str, str] = dict(maal.get("metadata", {}))
    objekt = dokument_last_opp(
        registrering=registrering_hent(bruker=bruker, system_id=maal["system_id"]),
        tittel=metadata.pop("tittel", "") or filnavn,
        innhold=lagret,
        filnavn=filnavn,
        mime_type=mime_type,
        behold_mime_type=True,
        utfoert_av=bruker,
        **metadata,
    )
    return _svar_201(request, DOKUMENTBESKRIVELSE, objekt.dokumentbeskrivelse)


def _svar_201(request: Any, noekkel: str, objekt: Any) -> Response:
    type_ = REGISTER[noekkel]
    return instanssvar(request, type_, type_.hent(request.user, str(objekt.system_id)), 201)


def _last_opp(request: Any, maal: dict[str, Any], *, deklarert: Dokumentobjekt | None) -> Response:
    """A POST of a file (or the start of a chunked session) for `maal`."""
    mime_type = _innholdstype(request)
    lengde = _lengde(request)
    maal["filnavn"] = _filnavn(request)
    totalt = _heltall_fra_hode(request, "HTTP_X_UPLOAD_CONTENT_LENGTH", "X-Upload-Content-Length")
    if lengde == 0 and totalt is not None:
        bolktype = str(request.META.get("HTTP_X_UPLOAD_CONTENT_TYPE", "")).strip()[:150]
        if deklarert is not None:
            _krev_kan_motta(deklarert, request.user, bolktype, totalt)
        with _lagringsfeil_er_422():
            oekt = bolk.oekt_aapne(
                bruker=request.user, maal=maal, mime_type=bolktype, stoerrelse=totalt
            )
        return _bolksvar(request, oekt)
    if lengde == 0:
        raise DomeneFeil(
            "Filen er tom. Send filens bytes, eller start en oppdelt opplasting med "
            "X-Upload-Content-Type og X-Upload-Content-Length.",
            felt="Content-Length",
            kode="tom_fil",
        )
    _krev_innen_bulkgrensen(lengde)
    if deklarert is not None:
        _krev_kan_motta(deklarert, request.user, mime_type, lengde)
    return _motta(request, maal, _Innhold(request, lengde), mime_type)


def _bolksvar(request: Any, oekt: bolk.Bolkoekt) -> Response:
    svar = Response(
        {"mimeType": oekt.mime_type, "stoerrelse": oekt.stoerrelse, "mottatt": oekt.mottatt}
    )
    svar["Location"] = href(request, f"{OPPLASTING}{oekt.id}/")
    if oekt.mottatt:
        svar["Range"] = f"0-{oekt.mottatt - 1}"
    return svar


def ny_dokumentbeskrivelse_fra_fil(request: Any, registrering: Any) -> Response:
    """`ny-dokumentbeskrivelse` with a file's bytes as the body: the document and its file in
    one request (module docstring)."""
    krev_tillatelse(request.user, "arkivstruktur.arbeide", registrering)
    if registrering.arkivert_dato is not None:
        raise DomeneFeil(
            "Registreringen er arkivert og kan ikke få nye dokumenter.",
            felt="registrering",
            kode="laast",
        )
    maal: dict[str, Any] = {
        "type": TIL_REGISTRERING,
        "system_id": str(registrering.system_id),
        "metadata": _metadata(request),
    }
    if not maal["metadata"].get("tittel") and not _filnavn(request):
        raise DomeneFeil(
            "Oppgi dokumentets tittel (spørreparameteren tittel) eller filnavnet.",
            felt="tittel",
            kode="paakrevd",
        )
    return _last_opp(request, maal, deklarert=None)


# --- the views -----------------------------------------------------------------------------------


class _FilForhandling(Noark5Innholdsforhandling):
    """The file itself answers in its own type; Accept is checked against it by the view. Error
    bodies are Noark JSON whatever Accept says."""

    def select_renderer(
        self, request: Any, renderers: list[Any], format_suffix: str | None = None
    ) -> tuple[Any, str]:
        noark = next(r for r in renderers if isinstance(r, Noark5JSONRenderer))
        return noark, noark.media_type


def godtar(accept: str, mime_type: str) -> bool:
    """Whether an Accept header admits `mime_type` (no header, `*/*` and `type/*` do)."""
    if not accept.strip():
        return True
    kjerne = mime_kjerne(mime_type) or "application/octet-stream"
    hovedtype = kjerne.split("/")[0]
    for del_ in accept.split(",")[:64]:
        type_, *parametre = (stykke.strip() for stykke in del_.split(";"))
        q = next((p.split("=", 1)[1] for p in parametre if p.lower().startswith("q=")), "1")
        try:
            refusert = float(q) <= 0
        except ValueError:
            refusert = False
        if not refusert and type_.lower() in ("*/*", kjerne, f"{hovedtype}/*"):
            return True
    return False


LAGRINGSFEIL = OpenApiResponse(FeilSerializer, description="The file could not be stored")
_FILFEIL = {
    **feilsvar(400, *LESEFEIL, 415),
    422: LAGRINGSFEIL,
}
_FILKROPP = {"application/octet-stream": OpenApiTypes.BINARY}
OPPLASTINGSHODER = [
    OpenApiParameter(
        "Content-Disposition",
        str,
        OpenApiParameter.HEADER,
        description="`attachment; filename*=UTF-8''<name>`: the file name (or use `filnavn`).",
    ),
    OpenApiParameter("filnavn", str, description="The file name (instead of Content-Disposition)."),
    OpenApiParameter(
        "X-Upload-Content-Type",
        str,
        OpenApiParameter.HEADER,
        description="With Content-Length 0: opens a chunked upload of a file of this type.",
    ),
    OpenApiParameter(
        "X-Upload-Content-Length",
        {"type": "integer", "minimum": 1, "maximum": 10**18 - 1},
        OpenApiParameter.HEADER,
        description="With Content-Length 0: opens a chunked upload of a file of this size.",
    ),
]
BOLK_STARTET = OpenApiResponse(
    BolkSerializer,
    description="A chunked upload is open: PUT the chunks to `Location` (rest-api.md §6.4).",
)
_LOCATION = OpenApiParameter(
    "Location", str, OpenApiParameter.HEADER, response=[200, 201], required=True
)
_ETAG = OpenApiParameter("ETag", str, OpenApiParameter.HEADER, response=[201], required=True)


class DokumentobjektFilView(Noark5View):
    """`arkivstruktur/fil/` of a dokumentobjekt: the file (GET), its upload (POST)."""

    content_negotiation_class = _FilForhandling

    @extend_schema(
        operation_id="arkivstruktur_dokumentobjekt_fil_hent",
        summary="Download the file of a dokumentobjekt (rest-api.md §6.1)",
        description=(
            "The exact bytes, Content-Type = the stored mimeType. Send no Accept or `*/*`; an "
            "Accept that admits neither the type nor `*/*` gets 406. A dokumentobjekt without "
            "a file yet: 404. The download of a screened document is written to the read log."
        ),
        parameters=[SYSTEM_ID],
        responses={
            (200, "*/*"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The exact bytes; Content-Type is the mimeType."
            ),
            **feilsvar(*LESEFEIL),
        },
    )
    def get(self, request: Any, system_id: str) -> FileResponse:
        objekt = _dokumentobjekt(request, system_id)
        mime_type = objekt.mime_type or "application/octet-stream"
        if not godtar(str(request.META.get("HTTP_ACCEPT", "")), mime_type):
            raise NotAcceptable()
        fil = dokumentobjekt_fil_les(dokumentobjekt=objekt, bruker=request.user)
        svar = FileResponse(
            fil,
            content_type=mime_type,
            as_attachment=True,
            filename=objekt.filnavn or str(objekt.system_id),
        )
        # A stored HTML or SVG file must never run as a page of this origin, and screened
        # content must not linger in caches.
        svar["Content-Security-Policy"] = "sandbox"
        svar["X-Content-Type-Options"] = "nosniff"
        svar["Cache-Control"] = "private, no-store"
        return svar

    @extend_schema(
        operation_id="arkivstruktur_dokumentobjekt_fil_last_opp",
        summary="Upload the file of a dokumentobjekt made without one (rest-api.md §6.2–6.4)",
        description=(
            "The raw bytes (not multipart) with Content-Type and Content-Length; mimeType is "
            "recorded as sent, declared attributes are verified (400 on a mismatch), empty "
            "ones filled. Larger than bulkgrense: 403. A second upload: 400. With "
            "Content-Length 0 and X-Upload-*: a chunked upload starts (200, Location)."
        ),
        parameters=[SYSTEM_ID, *OPPLASTINGSHODER, _LOCATION, _ETAG],
        request=_FILKROPP,
        responses={201: DokumentobjektSerializer, 200: BOLK_STARTET, **_FILFEIL},
    )
    def post(self, request: Any, system_id: str) -> Response:
        objekt = _dokumentobjekt(request, system_id)
        maal = {"type": TIL_DOKUMENTOBJEKT, "system_id": str(objekt.system_id)}
        return _last_opp(request, maal, deklarert=objekt)


class DokumentbeskrivelseFilView(Noark5View):
    """`arkivstruktur/fil/` of a dokumentbeskrivelse: a new dokumentobjekt from an upload."""

    @extend_schema(
        operation_id="arkivstruktur_dokumentbeskrivelse_fil_last_opp",
        summary="Upload a file as a new dokumentobjekt of the document (rest-api.md §6.2)",
        description=(
            "The raw bytes (not multipart) with Content-Type and Content-Length: a new version, "
            "variantformat P; the processing job adds the archival variant. Larger than "
            "bulkgrense: 403. With Content-Length 0 and X-Upload-*: a chunked upload starts."
        ),
        parameters=[SYSTEM_ID, *OPPLASTINGSHODER, _LOCATION, _ETAG],
        request=_FILKROPP,
        responses={201: DokumentobjektSerializer, 200: BOLK_STARTET, **_FILFEIL},
    )
    def post(self, request: Any, system_id: str) -> Response:
        dokument = _dokumentbeskrivelse(request, system_id)
        krev_arbeid_med(dokument, request.user)
        _krev_ikke_frosset(dokument)
        maal = {"type": TIL_DOKUMENTBESKRIVELSE, "system_id": str(dokument.system_id)}
        return _last_opp(request, maal, deklarert=None)


class BolkView(Noark5View):
    """One chunk of a chunked upload (rest-api.md §6.4)."""

    @extend_schema(
        operation_id="arkivstruktur_opplasting_bit",
        summary="Send one chunk of a chunked upload (rest-api.md §6.4)",
        description=(
            "`Content-Range: <first>-<last>/<total>` (zero-based, inclusive; `bytes ` may "
            "precede it). 200 with `Range: 0-<last>` and the next Location; 201 with the "
            "object after the last chunk. `Content-Range: */<total>` without a body asks how "
            "far the upload has come. A chunk that does not fit: 400, nothing changes."
        ),
        parameters=[
            OpenApiParameter(
                "oekt",
                {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                OpenApiParameter.PATH,
            ),
            OpenApiParameter("Content-Range", str, OpenApiParameter.HEADER, required=True),
            OpenApiParameter("Range", str, OpenApiParameter.HEADER, response=[200]),
            _LOCATION,
            _ETAG,
        ],
        request=_FILKROPP,
        responses={
            200: BolkSerializer,
            201: PolymorphicProxySerializer(
                component_name="OpplastetObjekt",
                serializers=[DokumentobjektSerializer, DokumentbeskrivelseSerializer],
                resource_type_field_name=None,
            ),
            **_FILFEIL,
        },
    )
    def put(self, request: Any, oekt: str) -> Response:
        oekten = bolk.oekt_hent(bruker=request.user, oekt_id=oekt)
        omraade = str(request.META.get("HTTP_CONTENT_RANGE", "")).strip()
        lengde = _lengde(request)
        status = _CONTENT_RANGE_STATUS.match(omraade)
        if status is not None and lengde == 0:
            return _bolksvar(request, oekten)
        treff = _CONTENT_RANGE.match(omraade)
        if treff is None:
            raise DomeneFeil(
                "Content-Range må ha formen <første>-<siste>/<totalt>, for eksempel "
                "0-524287/2000000.",
                felt="Content-Range",
            )
        foerste, siste, totalt = (int(tall) for tall in treff.groups())
        with _lagringsfeil_er_422():
            oekten = bolk.oekt_skriv(
                oekten,
                foerste=foerste,
                siste=siste,
                totalt=totalt,
                kilde=_Innhold(request, lengde),
                lengde=lengde,
            )
        if not oekten.er_komplett:
            return _bolksvar(request, oekten)
        return _fullfoer(request, oekten)


def _fullfoer(request: Any, oekt: bolk.Bolkoekt) -> Response:
    """The last chunk is in: the whole file goes the way of a single upload. The session is
    gone afterwards, whether the upload was accepted or refused."""
    try:
        with bolk.oekt_innhold(oekt) as fil:
            return _motta(request, oekt.maal, fil, oekt.mime_type)
    finally:
        bolk.oekt_slett(oekt.id)


_ID = r"(?P<system_id>[^/]+)"

urlpatterns: list[URLPattern] = [
    re_path(rf"^arkivstruktur/dokumentobjekt/{_ID}/fil/?$", DokumentobjektFilView.as_view()),
    re_path(
        rf"^arkivstruktur/dokumentbeskrivelse/{_ID}/fil/?$", DokumentbeskrivelseFilView.as_view()
    ),
    re_path(rf"^{OPPLASTING}(?P<oekt>[^/]+)/?$", BolkView.as_view()),
]


NY_DOKUMENTBESKRIVELSE_FRA_FIL = Filopprettelse(
    ny_dokumentbeskrivelse_fra_fil,
    parametre=(
        OpenApiParameter(
            "tittel", str, description="With a file: the title (default: the file name)."
        ),
        OpenApiParameter("dokumenttype", str, description="With a file: the code (default B)."),
        OpenApiParameter("dokumentstatus", str, description="With a file: the code (default B)."),
        OpenApiParameter(
            "tilknyttetRegistreringSom",
            str,
            description="With a file: H or V (default: H for the first document, then V).",
        ),
        OpenApiParameter("beskrivelse", str, description="With a file: the description."),
        *OPPLASTINGSHODER,
    ),
    svar={200: BOLK_STARTET, 422: LAGRINGSFEIL},
    beskrivelse=(
        "JSON creates the dokumentbeskrivelse (rest-api.md §5.1). The raw bytes of a file with "
        "a non-JSON Content-Type create the dokumentbeskrivelse, its dokumentobjekt and the "
        "content in one request: 201 with the dokumentbeskrivelse, its attributes taken from "
        "the query parameters. Larger than bulkgrense: 403. With Content-Length 0 and "
        "X-Upload-*: a chunked upload starts (200, Location)."
    ),
)
