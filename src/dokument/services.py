"""Dokumentobjekt and Konvertering: the files of a document (model.md §3.14–3.15, §6.3, §6.4).

The file is stored and checksummed before the metadata transaction starts (a file is large,
a transaction should be short). If the transaction then fails, the stored file is an orphan
that `dokument.lagring.rydd_foreldreloese` removes later.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db.models import Exists, Max, OuterRef, Subquery

from arkivstruktur.models import (
    Dokumentbeskrivelse,
    Dokumentobjekt,
    Konvertering,
    Registrering,
    Sletting,
    UtfoertKassasjon,
)
from arkivstruktur.services.dokumentbeskrivelse import (
    FERDIGSTILT,
    UNDER_REDIGERING,
    dokumentbeskrivelse_opprett,
    er_frosset,
    har_arkivert_registrering,
    krev_arbeid_med,
)
from arkivstruktur.services.felles import endre_felter, koder, opprett, stemple_opprettet
from dokument.formater import (
    KILDE_UKJENT,
    UKJENT_FORMAT,
    Formatidentifikasjon,
    identiser_lagret,
    mime_kjerne,
    mime_typer_er_like,
    sikre_formatkode,
)
from dokument.lagring import SJEKKSUM_ALGORITME, LagretFil, aapne, lagre_innhold
from dokument.models import Filbehandling, Formatavvik
from dokument.tasks import behandle_fil
from felles.feil import DomeneFeil, IkkeFunnet
from felles.tid import naa
from felles.validering import krev_heltall, valgfri_tekst
from kodeliste.services import kodenavn
from sporing.services import logg_slettet, logget, logget_transaksjon
from tilgang.lesing import LASTET_NED, registrer_lesing
from tilgang.regler import krev_tillatelse

logger = logging.getLogger(__name__)

PRODUKSJONSFORMAT = "P"
ARKIVFORMAT = "A"
SKJERMET_VARIANT = "O"

# Slettingstype (M089)
SLETTING_TIDLIGERE_VERSJON = "SV"
SLETTING_VARIANT = "SS"
SLETTING_PRODUKSJONSFORMAT = "SP"

_SHA256 = re.compile(r"[0-9a-f]{64}")
# Where the platform's table prefers a rarer extension (application/xml → .xsl).
_ENDELSER = {"application/xml": ".xml", "text/xml": ".xml", "text/plain": ".txt"}


def dokumentobjekt_opprett(
    *,
    dokumentbeskrivelse: Dokumentbeskrivelse,
    innhold: Any,
    filnavn: str,
    mime_type: str = "",
    format: str = "av/0",
    format_detaljer: str = "",
    variantformat: str = PRODUKSJONSFORMAT,
    versjonsnummer: int | None = None,
    behold_mime_type: bool = False,
    utfoert_av: Any,
) -> Dokumentobjekt:
    """Store a file and describe it as a dokumentobjekt of the document.

    `innhold` is bytes or a file-like object, streamed to storage and hashed (SHA-256) on the
    way, or a `LagretFil` the caller stored with `lagre_innhold` before opening its
    transaction (so that the fsyncs do not happen while the database is locked).
    Without `versjonsnummer` the file becomes a new version: the highest so far + 1,
    starting at 1 (model.md §6.1). Refused when the document is frozen (every registrering
    archived, §6.3), when a finished document (dokumentstatus F) would get another production
    file for an existing version (it changes only by a new version, §6.2; an archive-format
    copy or a redacted variant of that version is still allowed), and when the version ×
    variant × format combination exists.

    The stored content is identified (`dokument.formater.identiser`, never by the file name):
    an identified PUID and MIME type are what is stored. `format` and `mime_type` are what the
    caller *declares*; they are stored only when identification finds nothing (text formats
    such as CSV have no PRONOM signature). A declared value that differs from the identified
    one is recorded as a `Formatavvik` for the archivists. With `behold_mime_type` the declared
    MIME type is stored as it was sent (the API records a client's Content-Type exactly,
    client-compat.md §13.1); the pipeline still goes by the identified one.
    """
    krev_arbeid_med(dokumentbeskrivelse, utfoert_av)
    if not isinstance(innhold, LagretFil):
        # Checked before storing, so an obviously refused upload is not stored at all.
        _krev_ikke_frosset(dokumentbeskrivelse)
    if versjonsnummer is not None:
        krev_heltall(versjonsnummer, felt="versjonsnummer", visningsnavn="Versjonsnummer", minst=1)
    filnavn, mime_type, format_detaljer = _filfelter(filnavn, mime_type, format_detaljer)
    lagret, identifikasjon = _lagre_og_identifiser(innhold)
    return _opprett_dokumentobjekt(
        dokumentbeskrivelse=dokumentbeskrivelse,
        sjekksum=lagret.sjekksum,
        filstoerrelse=lagret.filstoerrelse,
        filnavn=filnavn,
        mime_type=mime_type,
        format=format,
        format_detaljer=format_detaljer,
        variantformat=variantformat,
        versjonsnummer=versjonsnummer,
        identifikasjon=identifikasjon,
        behold_mime_type=behold_mime_type,
        utfoert_av=utfoert_av,
    )


def dokument_last_opp(
    *,
    registrering: Registrering,
    tittel: str,
    innhold: Any,
    filnavn: str,
    mime_type: str = "",
    tilknyttet_registrering_som: str | None = None,
    dokumenttype: str = "B",
    dokumentstatus: str = UNDER_REDIGERING,
    beskrivelse: str = "",
    behold_mime_type: bool = False,
    utfoert_av: Any,
) -> Dokumentobjekt:
    """A new document with its file in a registrering: the standard's three calls
    (dokumentbeskrivelse, dokumentobjekt, content) as one.

    The file is stored and checksummed first; the document and its file are then recorded in
    one transaction, so a refusal leaves neither (the stored file becomes an orphan that the
    clean-up removes). Rights are checked before the file is stored. `behold_mime_type` as for
    `dokumentobjekt_opprett`.
    """
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", registrering)
    filnavn, mime_type, _ = _filfelter(filnavn, mime_type, "")
    lagret, identifikasjon = _lagre_og_identifiser(innhold)
    with logget_transaksjon():
        dokument = dokumentbeskrivelse_opprett(
            registrering=registrering,
            tittel=tittel,
            dokumenttype=dokumenttype,
            dokumentstatus=dokumentstatus,
            beskrivelse=beskrivelse,
            tilknyttet_registrering_som=tilknyttet_registrering_som,
            utfoert_av=utfoert_av,
        )
        return _opprett_dokumentobjekt(
            dokumentbeskrivelse=dokument,
            sjekksum=lagret.sjekksum,
            filstoerrelse=lagret.filstoerrelse,
            filnavn=filnavn,
            mime_type=mime_type,
            format=UKJENT_FORMAT,
            format_detaljer="",
            variantformat=PRODUKSJONSFORMAT,
            versjonsnummer=None,
            identifikasjon=identifikasjon,
            behold_mime_type=behold_mime_type,
            utfoert_av=utfoert_av,
        )


def _filfelter(filnavn: str, mime_type: str, format_detaljer: str) -> tuple[str, str, str]:
    return (
        valgfri_tekst(filnavn, felt="filnavn", visningsnavn="Filnavn", maks=255),
        valgfri_tekst(mime_type, felt="mime_type", visningsnavn="MIME-type", maks=150),
        valgfri_tekst(
            format_detaljer, felt="format_detaljer", visningsnavn="Formatdetaljer", maks=255
        ),
    )


def _lagre_og_identifiser(innhold: Any) -> tuple[LagretFil, Formatidentifikasjon]:
    """Store (unless the caller already did) and identify the content — both before the
    metadata transaction opens, since both read or write the whole file."""
    lagret = (
        innhold
        if isinstance(innhold, LagretFil)
        else lagre_innhold(innhold, maks_stoerrelse=settings.ARKIVAR_MAKS_FILSTOERRELSE)
    )
    identifikasjon = identiser_lagret(lagret.sjekksum)
    sikre_formatkode(identifikasjon)
    return lagret, identifikasjon


def _formatavvik(
    identifikasjon: Formatidentifikasjon, *, format: str, mime_type: str
) -> Formatavvik | None:
    """The mismatch between what the caller declared and what the content is, if any
    (unsaved). `av/0` and an empty MIME type declare nothing."""
    deklarert_format = "" if format == UKJENT_FORMAT else format
    format_avviker = bool(deklarert_format) and deklarert_format != identifikasjon.puid
    mime_avviker = bool(mime_type) and not mime_typer_er_like(mime_type, identifikasjon.mime_type)
    if not (format_avviker or mime_avviker):
        return None
    return Formatavvik(
        deklarert_format=deklarert_format[:20],
        deklarert_mime_type=mime_type,
        identifisert_format=identifikasjon.puid,
        identifisert_mime_type=identifikasjon.mime_type,
    )


@logget
def _opprett_dokumentobjekt(
    *,
    dokumentbeskrivelse: Dokumentbeskrivelse,
    sjekksum: str,
    filstoerrelse: int,
    filnavn: str,
    mime_type: str,
    format: str,
    format_detaljer: str,
    variantformat: str,
    versjonsnummer: int | None,
    identifikasjon: Formatidentifikasjon,
    behold_mime_type: bool = False,
    utfoert_av: Any,
) -> Dokumentobjekt:
    avvik = _formatavvik(identifikasjon, format=format, mime_type=mime_type)
    if identifikasjon.er_kjent:
        format = identifikasjon.puid
    if (identifikasjon.kilde != KILDE_UKJENT and not behold_mime_type) or not mime_type:
        mime_type = identifikasjon.mime_type
    laast = _laas_ufrossen(dokumentbeskrivelse.pk)
    objekt = Dokumentobjekt(
        dokumentbeskrivelse=laast,
        filnavn=filnavn,
        mime_type=mime_type,
        format_detaljer=format_detaljer,
        sjekksum=sjekksum,
        sjekksum_algoritme=SJEKKSUM_ALGORITME,
        filstoerrelse=filstoerrelse,
    )
    for felt, kode, visningsnavn in (
        ("variantformat", variantformat, "Variantformat"),
        ("format", format, "Format"),
    ):
        if not kode:
            raise DomeneFeil(f"{visningsnavn} må fylles ut.", felt=felt, kode="paakrevd")
    koder(objekt, {"variantformat": (variantformat, "Variantformat"), "format": (format, "Format")})
    eksisterende = Dokumentobjekt.objects.filter(dokumentbeskrivelse=laast)
    ny_versjon = versjonsnummer is None
    if versjonsnummer is None:
        versjonsnummer = (laast.hoeyeste_versjon or 0) + 1
    elif (
        laast.dokumentstatus == FERDIGSTILT
        and objekt.variantformat == PRODUKSJONSFORMAT
        and eksisterende.filter(versjonsnummer=versjonsnummer).exists()
    ):
        raise DomeneFeil(
            f"Dokumentet er ferdigstilt, og versjon {versjonsnummer} kan ikke endres. "
            "Lagre endringen som en ny versjon.",
            felt="versjonsnummer",
            kode="laast",
        )
    objekt.versjonsnummer = versjonsnummer
    # A new version number cannot collide with an existing combination.
    if (
        not ny_versjon
        and eksisterende.filter(
            versjonsnummer=versjonsnummer, variantformat=objekt.variantformat, format=objekt.format
        ).exists()
    ):
        raise DomeneFeil(
            f"Dokumentet har allerede en fil for versjon {versjonsnummer} med variantformat "
            f"{objekt.variantformat_kodenavn} og format {objekt.format}.",  # type: ignore[attr-defined]
            felt="versjonsnummer",
            kode="finnes",
        )
    stemple_opprettet(objekt, utfoert_av=utfoert_av)
    opprett(objekt, utfoert_av=utfoert_av)
    if objekt.variantformat == PRODUKSJONSFORMAT:
        _til_filbehandling(objekt)
    if avvik is not None:
        _lagre_formatavvik(objekt, avvik)
    return objekt


# Files received in bulk (demo data, a migration) wait behind those users upload meanwhile:
# the worker takes the highest priority first.
MASSEINNLESING_PRIORITET = -10
_prioritet: ContextVar[int] = ContextVar("filbehandling_prioritet", default=0)


@contextmanager
def masseinnlesing() -> Iterator[None]:
    """Inside this block, received files are queued behind everything users upload."""
    token = _prioritet.set(MASSEINNLESING_PRIORITET)
    try:
        yield
    finally:
        _prioritet.reset(token)


def _til_filbehandling(objekt: Dokumentobjekt) -> None:
    """Queue a received file for checking, conversion and text extraction (dokument.behandling).
    Enqueued inside the transaction: with the database task backend the job commits or rolls
    back with the file's metadata, so no file is forgotten and no job points at nothing."""
    behandling = Filbehandling.objects.create(dokumentobjekt=objekt)
    behandle_fil.using(priority=_prioritet.get()).enqueue(behandling.pk)


@logget
def dokumentobjekt_slett(*, dokumentobjekt: Dokumentobjekt, utfoert_av: Any) -> None:
    """Delete a dokumentobjekt (model.md §6.4, 5.13.17–5.13.28).

    While no registrering the document belongs to is archived: allowed to those who work in
    the arkiv. Once one is archived: only the records office, and only
    * a version older than the latest (Sletting SV),
    * a redacted variant of the latest version, never the original (SS), or
    * a production-format file of the latest version when an archive-format copy of the same
      version exists, never that copy (SP).
    Such a deletion is recorded as a Sletting on the dokumentbeskrivelse and logged. The file
    itself is removed by the orphan clean-up once nothing refers to it.
    """
    dokumentbeskrivelse = Dokumentbeskrivelse.objects.select_for_update().get(
        pk=dokumentobjekt.dokumentbeskrivelse_id
    )
    # Stricter than for new files: one archived registrering is enough to protect the files.
    if not har_arkivert_registrering(dokumentbeskrivelse):
        krev_arbeid_med(dokumentbeskrivelse, utfoert_av)
        _slett(dokumentobjekt, utfoert_av=utfoert_av, beskrivelse="")
        return
    krev_arbeid_med(dokumentbeskrivelse, utfoert_av, tillatelse="sakarkiv.arkivere")
    slettingstype = _slettingstype_for_arkivert(dokumentbeskrivelse, dokumentobjekt)
    sletting = Sletting(
        slettet_dato=naa(), slettet_av=utfoert_av.visningsnavn, referanse_slettet_av=utfoert_av
    )
    koder(sletting, {"slettingstype": (slettingstype, "Slettingstype")})
    sletting.save(force_insert=True)
    _slett(
        dokumentobjekt,
        utfoert_av=utfoert_av,
        beskrivelse=f"Sletting {slettingstype} {kodenavn('slettingstype', slettingstype)}",
    )
    endre_felter(
        dokumentbeskrivelse,
        {"sletting": sletting},
        utfoert_av=utfoert_av,
        beskrivelse=f"Sletting {slettingstype}",
    )


def dokumentobjekter_kasser(
    *, dokumentbeskrivelse: Dokumentbeskrivelse, utfoert_av: Any
) -> list[str]:
    """Dispose of a document's files under an approved disposal list (model.md §6.4): every
    dokumentobjekt goes, logged, and the description records the UtfoertKassasjon. The caller
    (`bevaring.services`) holds the decision and the rights; returns the checksums, whose
    files are removed once nothing else refers to them."""
    sjekksummer = []
    for objekt in dokumentbeskrivelse.dokumentobjekter.all():
        sjekksummer.append(objekt.sjekksum)
        _slett(objekt, utfoert_av=utfoert_av, beskrivelse="Kassasjon")
    utfoert = UtfoertKassasjon(
        kassert_dato=naa(), kassert_av=utfoert_av.visningsnavn, referanse_kassert_av=utfoert_av
    )
    utfoert.save(force_insert=True)
    endre_felter(
        dokumentbeskrivelse,
        {"utfoert_kassasjon": utfoert},
        utfoert_av=utfoert_av,
        beskrivelse="Kassasjon",
    )
    return [s for s in sjekksummer if s]


def _slettingstype_for_arkivert(
    dokumentbeskrivelse: Dokumentbeskrivelse, dokumentobjekt: Dokumentobjekt
) -> str:
    objekter = Dokumentobjekt.objects.filter(dokumentbeskrivelse=dokumentbeskrivelse)
    siste_versjon = objekter.aggregate(hoeyeste=Max("versjonsnummer"))["hoeyeste"]
    if dokumentobjekt.versjonsnummer < siste_versjon:
        return SLETTING_TIDLIGERE_VERSJON
    if dokumentobjekt.variantformat == SKJERMET_VARIANT:
        return SLETTING_VARIANT
    if dokumentobjekt.variantformat == ARKIVFORMAT:
        raise DomeneFeil(
            "Arkivformatet av siste versjon kan ikke slettes etter arkivering.", kode="laast"
        )
    har_arkivformat = objekter.filter(
        versjonsnummer=dokumentobjekt.versjonsnummer, variantformat=ARKIVFORMAT
    ).exists()
    if dokumentobjekt.variantformat == PRODUKSJONSFORMAT and har_arkivformat:
        return SLETTING_PRODUKSJONSFORMAT
    raise DomeneFeil(
        "Siste versjon av et arkivert dokument kan ikke slettes før det finnes en kopi i "
        "arkivformat.",
        kode="laast",
    )


def _slett(dokumentobjekt: Dokumentobjekt, *, utfoert_av: Any, beskrivelse: str) -> None:
    # A conversion record describes only this file, so it goes with it (and is logged).
    for konvertering in dokumentobjekt.konverteringer.all():
        logg_slettet(konvertering, utfoert_av=utfoert_av, beskrivelse=beskrivelse)
        konvertering.delete()
    logg_slettet(dokumentobjekt, utfoert_av=utfoert_av, beskrivelse=beskrivelse)
    Dokumentobjekt.objects.filter(pk=dokumentobjekt.pk).delete()
    logger.info(
        "dokument.dokumentobjekt_slettet", extra={"system_id": str(dokumentobjekt.system_id)}
    )


@logget
def konvertering_registrer(
    *,
    dokumentobjekt: Dokumentobjekt,
    fra_format: str,
    til_format: str,
    verktoey: str = "",
    kommentar: str = "",
    konvertert_av: str = "",
    utfoert_av: Any,
) -> Konvertering:
    """Record one format conversion of a dokumentobjekt (model.md §3.15). The system sets
    konvertertDato/-Av (konvertertAv is the user, or `konvertert_av` when the system converted
    on its own); the row is never changed afterwards (there is no endre service)."""
    krev_arbeid_med(dokumentobjekt.dokumentbeskrivelse, utfoert_av)
    konvertering = Konvertering(
        dokumentobjekt=dokumentobjekt,
        konvertert_dato=naa(),
        konvertert_av=konvertert_av or utfoert_av.visningsnavn,
        konverteringsverktoey=valgfri_tekst(
            verktoey, felt="konverteringsverktoey", visningsnavn="Konverteringsverktøy", maks=255
        ),
        konverteringskommentar=valgfri_tekst(
            kommentar, felt="konverteringskommentar", visningsnavn="Konverteringskommentar"
        ),
    )
    formater = {
        "konvertert_fra_format": (fra_format, "Konvertert fra format"),
        "konvertert_til_format": (til_format, "Konvertert til format"),
    }
    for felt, (kode, visningsnavn) in formater.items():
        if not kode:
            raise DomeneFeil(f"{visningsnavn} må fylles ut.", felt=felt, kode="paakrevd")
    koder(konvertering, formater)
    return opprett(konvertering, utfoert_av=utfoert_av)  # type: ignore[no-any-return]


def _krev_ikke_frosset(dokumentbeskrivelse: Dokumentbeskrivelse) -> None:
    if er_frosset(dokumentbeskrivelse):
        raise _frossen()


def _laas_ufrossen(dokumentbeskrivelse_id: int) -> Any:  # annotated: er_frossen, hoeyeste_versjon
    """Lock the document (serialising version numbers and the checks after it) and refuse a
    frozen one; one statement reads whether it is frozen and its highest version."""
    laast = (
        Dokumentbeskrivelse.objects.select_for_update(of=("self",))
        .annotate(**frossen_og_hoeyeste_versjon())
        .get(pk=dokumentbeskrivelse_id)
    )
    if laast.er_frossen:
        raise _frossen()
    return laast


def _frossen() -> DomeneFeil:
    return DomeneFeil(
        "Dokumentet er arkivert og kan ikke få nye filer.", felt="dokumentbeskrivelse", kode="laast"
    )


def frossen_og_hoeyeste_versjon() -> dict[str, Any]:
    """Annotations: `er_frossen` (every registrering it belongs to is archived, model.md §6.3)
    and `hoeyeste_versjon`; subqueries, so they go with a FOR UPDATE read."""
    registreringer = Registrering.objects.filter(tilknytninger__dokumentbeskrivelse=OuterRef("pk"))
    return {
        "er_frossen": Exists(registreringer)
        & ~Exists(registreringer.filter(arkivert_dato__isnull=True)),
        "hoeyeste_versjon": Subquery(
            Dokumentobjekt.objects.filter(dokumentbeskrivelse=OuterRef("pk"))
            .order_by("-versjonsnummer")
            .values("versjonsnummer")[:1]
        ),
    }


# --- A file described first and uploaded afterwards; reading a file (the API, rest-api.md §6) ---

_FILFELTER_FRYSER = ("filnavn", "mime_type", "format_detaljer")


@logget
def dokumentobjekt_opprett_uten_fil(
    *,
    dokumentbeskrivelse: Dokumentbeskrivelse,
    versjonsnummer: int | None = None,
    variantformat: str = PRODUKSJONSFORMAT,
    format: str = "",
    format_detaljer: str = "",
    filnavn: str = "",
    mime_type: str = "",
    sjekksum: str = "",
    sjekksum_algoritme: str = "",
    filstoerrelse: int | None = None,
    utfoert_av: Any,
) -> Dokumentobjekt:
    """A dokumentobjekt whose file is uploaded afterwards (rest-api.md §6.2: `ny-dokumentobjekt`,
    then the content to its `fil` link, `dokumentobjekt_fil_motta`).

    What the client declares about the file (sjekksum, filstoerrelse, mimeType, format,
    filnavn) is kept and verified by the upload. The rules of `dokumentobjekt_opprett` hold:
    nothing new in a frozen document (model.md §6.3), no other production file for an existing
    version of a finished document (§6.2), no second version × variant × format. Checksums
    are SHA-256 (M706), so a declared checksum must be one and another algorithm is refused.
    Without `versjonsnummer` the object is a new version (the highest so far + 1).
    """
    krev_arbeid_med(dokumentbeskrivelse, utfoert_av)
    if versjonsnummer is not None:
        krev_heltall(versjonsnummer, felt="versjonsnummer", visningsnavn="Versjonsnummer", minst=1)
    if filstoerrelse is not None:
        krev_heltall(filstoerrelse, felt="filstoerrelse", visningsnavn="Filstørrelse", minst=1)
    filnavn, mime_type, format_detaljer = _filfelter(filnavn, mime_type, format_detaljer)
    sjekksum = _deklarert_sjekksum(sjekksum)
    _krev_sha256(sjekksum_algoritme)
    if not variantformat:
        raise DomeneFeil("Variantformat må fylles ut.", felt="variantformat", kode="paakrevd")
    laast = _laas_ufrossen(dokumentbeskrivelse.pk)
    objekt = Dokumentobjekt(
        dokumentbeskrivelse=laast,
        filnavn=filnavn,
        mime_type=mime_type,
        format_detaljer=format_detaljer,
        sjekksum=sjekksum,
        sjekksum_algoritme=SJEKKSUM_ALGORITME,
        filstoerrelse=filstoerrelse,
        har_fil=False,
    )
    koder(objekt, {"variantformat": (variantformat, "Variantformat"), "format": (format, "Format")})
    if versjonsnummer is None:
        objekt.versjonsnummer = (laast.hoeyeste_versjon or 0) + 1
    else:
        objekt.versjonsnummer = versjonsnummer
        if (
            laast.dokumentstatus == FERDIGSTILT
            and objekt.variantformat == PRODUKSJONSFORMAT
            and laast.dokumentobjekter.filter(versjonsnummer=versjonsnummer).exists()
        ):
            raise DomeneFeil(
                f"Dokumentet er ferdigstilt, og versjon {versjonsnummer} kan ikke endres. "
                "Lagre endringen som en ny versjon.",
                felt="versjonsnummer",
                kode="laast",
            )
        _krev_ledig_kombinasjon(objekt)
    stemple_opprettet(objekt, utfoert_av=utfoert_av)
    return opprett(objekt, utfoert_av=utfoert_av)  # type: ignore[no-any-return]


def dokumentobjekt_fil_motta(
    *,
    dokumentobjekt: Dokumentobjekt,
    innhold: Any,
    mime_type: str = "",
    filnavn: str = "",
    utfoert_av: Any,
) -> Dokumentobjekt:
    """The file of a dokumentobjekt made without one (rest-api.md §6.2, client-compat.md §13.1).

    Stored and identified before the transaction, as every upload. What was declared is
    verified, and any mismatch refuses the upload and leaves the dokumentobjekt as it was:
    sjekksum (the received bytes' SHA-256), filstoerrelse, mimeType (`mime_type`: the upload's
    Content-Type), filnavn, and format (the PRONOM id identified from the content, when the
    content is identified; `av/0` declares nothing). What is empty is filled: mimeType exactly
    as sent (identified when nothing is sent), format by content (`av/0` when unknown),
    filnavn (made from the systemID when the upload names none), sjekksum, filstoerrelse.
    A file is never replaced (model.md §6.3): a second upload is refused; the client deletes
    the dokumentobjekt and uploads again. A production-format file is queued for the pipeline
    in the same transaction.
    """
    krev_arbeid_med(dokumentobjekt.dokumentbeskrivelse, utfoert_av)
    _krev_uten_fil(dokumentobjekt)
    if not isinstance(innhold, LagretFil):
        _krev_ikke_frosset(dokumentobjekt.dokumentbeskrivelse)
    filnavn, mime_type, _ = _filfelter(filnavn, mime_type, "")
    lagret, identifikasjon = _lagre_og_identifiser(innhold)
    return _motta_fil(
        dokumentobjekt,
        lagret=lagret,
        identifikasjon=identifikasjon,
        mime_type=mime_type,
        filnavn=filnavn,
        utfoert_av=utfoert_av,
    )


@logget
def _motta_fil(
    dokumentobjekt: Dokumentobjekt,
    *,
    lagret: LagretFil,
    identifikasjon: Formatidentifikasjon,
    mime_type: str,
    filnavn: str,
    utfoert_av: Any,
) -> Dokumentobjekt:
    # The document's lock first (as every writer of its files), then the object's own row:
    # of two concurrent uploads, the second sees the first one's file.
    _laas_ufrossen(dokumentobjekt.dokumentbeskrivelse_id)
    objekt: Dokumentobjekt = Dokumentobjekt.objects.select_for_update().get(pk=dokumentobjekt.pk)
    _krev_uten_fil(objekt)
    deklarert_format = "" if objekt.format == UKJENT_FORMAT else objekt.format
    _verifiser_deklarert(
        objekt,
        lagret=lagret,
        identifikasjon=identifikasjon,
        mime_type=mime_type,
        filnavn=filnavn,
        deklarert_format=deklarert_format,
    )
    endelig_mime = objekt.mime_type or mime_type or identifikasjon.mime_type
    endringer: dict[str, Any] = {
        "sjekksum": lagret.sjekksum,
        "filstoerrelse": lagret.filstoerrelse,
        "mime_type": endelig_mime,
        "filnavn": objekt.filnavn or filnavn or _standard_filnavn(objekt, endelig_mime),
        "format": deklarert_format or identifikasjon.puid,
    }
    if endringer["format"] != objekt.format:
        _krev_ledig_kombinasjon(objekt, format=endringer["format"])
    endre_felter(objekt, endringer, utfoert_av=utfoert_av, beskrivelse="Filen er lastet opp")
    Dokumentobjekt.objects.filter(pk=objekt.pk).update(har_fil=True)
    objekt.har_fil = True
    avvik = _formatavvik(identifikasjon, format=deklarert_format, mime_type=endelig_mime)
    if avvik is not None:
        _lagre_formatavvik(objekt, avvik)
    if objekt.variantformat == PRODUKSJONSFORMAT:
        _til_filbehandling(objekt)
    return objekt


def _verifiser_deklarert(
    objekt: Dokumentobjekt,
    *,
    lagret: LagretFil,
    identifikasjon: Formatidentifikasjon,
    mime_type: str,
    filnavn: str,
    deklarert_format: str,
) -> None:
    """Raise DomeneFeil (naming the attribute) when the file is not the one declared."""
    if objekt.sjekksum and objekt.sjekksum != lagret.sjekksum:
        raise DomeneFeil(
            f"Sjekksummen til filen som kom inn ({lagret.sjekksum}) er ikke den som er oppgitt "
            f"for dokumentobjektet ({objekt.sjekksum}).",
            felt="sjekksum",
            kode="avvik",
        )
    if objekt.filstoerrelse is not None and objekt.filstoerrelse != lagret.filstoerrelse:
        raise DomeneFeil(
            f"Filen som kom inn er {lagret.filstoerrelse} byte, men dokumentobjektet oppgir "
            f"{objekt.filstoerrelse} byte.",
            felt="filstoerrelse",
            kode="avvik",
        )
    if objekt.mime_type and mime_type and not mime_typer_er_like(objekt.mime_type, mime_type):
        raise DomeneFeil(
            f"Filen kom inn som «{mime_type}», men dokumentobjektet oppgir mimeType "
            f"«{objekt.mime_type}».",
            felt="mimeType",
            kode="avvik",
        )
    if objekt.filnavn and filnavn and objekt.filnavn != filnavn:
        raise DomeneFeil(
            f"Filen heter «{filnavn}», men dokumentobjektet oppgir filnavnet «{objekt.filnavn}».",
            felt="filnavn",
            kode="avvik",
        )
    if deklarert_format and identifikasjon.er_kjent and deklarert_format != identifikasjon.puid:
        raise DomeneFeil(
            f"Filen er i formatet {identifikasjon.puid} ({identifikasjon.formatnavn}), men "
            f"dokumentobjektet oppgir formatet {deklarert_format}.",
            felt="format",
            kode="avvik",
        )


@logget
def dokumentobjekt_endre(
    *,
    dokumentobjekt: Dokumentobjekt,
    utfoert_av: Any,
    filnavn: str | None = None,
    mime_type: str | None = None,
    format_detaljer: str | None = None,
) -> Dokumentobjekt:
    """Correct the free text that describes a file: filnavn, mimeType and formatDetaljer
    (client-compat.md §11.1 asks that mimeType be editable). What identifies the file
    (sjekksum, filstoerrelse, format, version, variant) never changes (model.md §3.14); the
    text freezes with the document (§6.3). `None` leaves a field as it is."""
    krev_arbeid_med(dokumentobjekt.dokumentbeskrivelse, utfoert_av)
    endringer: dict[str, Any] = {}
    if filnavn is not None:
        endringer["filnavn"] = valgfri_tekst(
            filnavn, felt="filnavn", visningsnavn="Filnavn", maks=255
        )
    if mime_type is not None:
        endringer["mime_type"] = valgfri_tekst(
            mime_type, felt="mimeType", visningsnavn="MIME-type", maks=150
        )
    if format_detaljer is not None:
        endringer["format_detaljer"] = valgfri_tekst(
            format_detaljer, felt="formatDetaljer", visningsnavn="Formatdetaljer", maks=255
        )
    endre_felter(
        dokumentobjekt,
        endringer,
        utfoert_av=utfoert_av,
        frosne=_FILFELTER_FRYSER if er_frosset(dokumentobjekt.dokumentbeskrivelse) else (),
        frossen_grunn="etter at dokumentet er arkivert",
    )
    return dokumentobjekt


def dokumentobjekt_fil_les(*, dokumentobjekt: Dokumentobjekt, bruker: Any) -> File:  # type: ignore[type-arg]
    """The stored file of a dokumentobjekt the user may see (the caller read it through
    `synlig_for`), opened for reading; the caller closes it. A download of a screened or
    graded document is logged first (tilgang.lesing), whether it goes through the UI or the
    API: a failed log write means no file. IkkeFunnet when there is no file (yet)."""
    if not dokumentobjekt.har_fil:
        raise IkkeFunnet("Dokumentobjektet har ingen fil ennå.")
    via = (
        Registrering.objects.synlig_for(bruker)
        .filter(dokumentbeskrivelser=dokumentobjekt.dokumentbeskrivelse_id)
        .select_related("skjerming", "gradering", "arkiv", "mappe")
        .order_by("pk")
        .first()
    )
    fil = aapne(dokumentobjekt.sjekksum)
    try:
        registrer_lesing(
            dokumentobjekt,
            bruker,
            via=via,
            handling=LASTET_NED,
            tillegg=(
                f"Fil: {dokumentobjekt.filnavn or 'uten navn'} (versjon "
                f"{dokumentobjekt.versjonsnummer}, variant {dokumentobjekt.variantformat})."
            ),
        )
    except BaseException:
        fil.close()
        raise
    return fil


def _krev_uten_fil(objekt: Dokumentobjekt) -> None:
    if objekt.har_fil:
        raise DomeneFeil(
            "Dokumentobjektet har allerede en fil, og en fil kan ikke overskrives. Slett "
            "dokumentobjektet og last opp filen på nytt.",
            felt="dokumentobjekt",
            kode="finnes",
        )


def _krev_ledig_kombinasjon(objekt: Dokumentobjekt, *, format: str | None = None) -> None:
    """One file per version × variant × format (model.md §3.14), named before the database
    constraint would refuse it. `format`: the format the object is about to get."""
    format = objekt.format if format is None else format
    andre = Dokumentobjekt.objects.filter(
        dokumentbeskrivelse=objekt.dokumentbeskrivelse_id,
        versjonsnummer=objekt.versjonsnummer,
        variantformat=objekt.variantformat,
        format=format,
    ).exclude(pk=objekt.pk)
    if andre.exists():
        hvilket = f" og format {format}" if format else ""
        raise DomeneFeil(
            f"Dokumentet har allerede et dokumentobjekt for versjon {objekt.versjonsnummer} med "
            f"variantformat {objekt.variantformat}{hvilket}.",
            felt="versjonsnummer",
            kode="finnes",
        )


def _deklarert_sjekksum(sjekksum: str) -> str:
    tekst = valgfri_tekst(sjekksum, felt="sjekksum", visningsnavn="Sjekksum").lower()
    if tekst and not _SHA256.fullmatch(tekst):
        raise DomeneFeil(
            "Sjekksummen må være en SHA-256-sum: 64 heksadesimale tegn.", felt="sjekksum"
        )
    return tekst


def _krev_sha256(algoritme: str) -> None:
    tekst = valgfri_tekst(algoritme, felt="sjekksumAlgoritme", visningsnavn="Sjekksumalgoritme")
    if tekst and tekst.upper().replace("SHA256", "SHA-256") != SJEKKSUM_ALGORITME:
        raise DomeneFeil(
            f"Arkivet bruker sjekksumalgoritmen {SJEKKSUM_ALGORITME}, ikke «{tekst}».",
            felt="sjekksumAlgoritme",
        )


def _standard_filnavn(objekt: Dokumentobjekt, mime_type: str) -> str:
    """A name for a file uploaded without one: the systemID and the type's usual extension."""
    kjerne = mime_kjerne(mime_type)
    endelse = _ENDELSER.get(kjerne) or mimetypes.guess_extension(kjerne, strict=False) or ""
    return f"{objekt.system_id}{endelse}"


def _lagre_formatavvik(objekt: Dokumentobjekt, avvik: Formatavvik) -> None:
    avvik.dokumentobjekt = objekt
    avvik.save(force_insert=True)
    logger.warning(
        "dokument.formatavvik",
        extra={
            "system_id": str(objekt.system_id),
            "deklarert_format": avvik.deklarert_format,
            "deklarert_mime_type": avvik.deklarert_mime_type,
            "identifisert_format": avvik.identifisert_format,
            "identifisert_mime_type": avvik.identifisert_mime_type,
        },
    )
