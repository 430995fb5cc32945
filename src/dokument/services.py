"""Dokumentobjekt and Konvertering: the files of a document (model.md §3.14–3.15, §6.3, §6.4).

The file is stored and checksummed before the metadata transaction starts (a file is large,
a transaction should be short). If the transaction then fails, the stored file is an orphan
that `dokument.lagring.rydd_foreldreloese` removes later.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Subquery

from arkivstruktur.models import (
    Dokumentbeskrivelse,
    Dokumentobjekt,
    Konvertering,
    Registrering,
    Sletting,
)
from arkivstruktur.services.dokumentbeskrivelse import (
    FERDIGSTILT,
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
    mime_typer_er_like,
    sikre_formatkode,
)
from dokument.lagring import SJEKKSUM_ALGORITME, LagretFil, lagre_innhold
from dokument.models import Filbehandling, Formatavvik
from dokument.tasks import behandle_fil
from felles.feil import DomeneFeil
from felles.tid import naa
from felles.validering import krev_heltall, valgfri_tekst
from kodeliste.services import kodenavn
from sporing.services import logg_slettet, logget, logget_transaksjon
from tilgang.regler import krev_tillatelse

logger = logging.getLogger(__name__)

PRODUKSJONSFORMAT = "P"
ARKIVFORMAT = "A"
SKJERMET_VARIANT = "O"

# Slettingstype (M089)
SLETTING_TIDLIGERE_VERSJON = "SV"
SLETTING_VARIANT = "SS"
SLETTING_PRODUKSJONSFORMAT = "SP"


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
    one is recorded as a `Formatavvik` for the archivists.
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
    utfoert_av: Any,
) -> Dokumentobjekt:
    """A new document with its file in a registrering: the standard's three calls
    (dokumentbeskrivelse, dokumentobjekt, content) as one.

    The file is stored and checksummed first; the document and its file are then recorded in
    one transaction, so a refusal leaves neither (the stored file becomes an orphan that the
    clean-up removes). Rights are checked before the file is stored.
    """
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", registrering)
    filnavn, mime_type, _ = _filfelter(filnavn, mime_type, "")
    lagret, identifikasjon = _lagre_og_identifiser(innhold)
    with logget_transaksjon():
        dokument = dokumentbeskrivelse_opprett(
            registrering=registrering,
            tittel=tittel,
            dokumenttype=dokumenttype,
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
    utfoert_av: Any,
) -> Dokumentobjekt:
    avvik = _formatavvik(identifikasjon, format=format, mime_type=mime_type)
    if identifikasjon.er_kjent:
        format = identifikasjon.puid
    if identifikasjon.kilde != KILDE_UKJENT or not mime_type:
        mime_type = identifikasjon.mime_type
    # The lock on the document serialises version numbering and the checks below; the same
    # statement reads whether it is frozen and its highest version.
    laast = (
        Dokumentbeskrivelse.objects.select_for_update(of=("self",))
        .annotate(**frossen_og_hoeyeste_versjon())
        .get(pk=dokumentbeskrivelse.pk)
    )
    if laast.er_frossen:
        raise _frossen()
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
