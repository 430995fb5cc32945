"""The pipeline for one received file (style.md §8, issue 4 §3–5):

    check (kontroll) → verify signatures → convert to archival format → extract text

A production-format dokumentobjekt gets a `Filbehandling` row and a task when it is created
(`dokument.services`); the task calls `behandle`. The slow part (the outside tools) runs outside
any transaction; what it produced is stored (checksummed, fsynced) and then recorded in one
logged transaction: the arkivformat dokumentobjekt of the same version, its Konvertering entry,
the text, e-mail attachments as documents of their own, and the row's outcome. A failure is
recorded with the reason in Norwegian; the original file is never touched, so the archivist
sees what arrived, why it could not be converted, and can run it again
(`filbehandling_proev_igjen`).
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from arkivstruktur.models import (
    Dokumentbeskrivelse,
    Dokumentobjekt,
    ElektroniskSignatur,
    Registrering,
)
from arkivstruktur.services.dokumentbeskrivelse import (
    dokumentbeskrivelse_opprett,
    dokumentbeskrivelse_tilknytt,
    krev_arbeid_med,
)
from arkivstruktur.services.felles import endre_felter, koder
from dokument import tekst
from dokument.formater import UKJENT_MIME_TYPE, mime_kjerne
from dokument.konvertering import epost, kontor, ocr, pdfa, signatur
from dokument.konvertering.felles import (
    AVVIST,
    IKKE_STOETTET,
    Konverteringsfeil,
    Konvertert,
)
from dokument.konvertering.kontroll import kontroller
from dokument.lagring import LagretFil, aapne, lagre_innhold, sti_for
from dokument.models import Dokumenttekst, Filbehandling
from dokument.signaler import dokumenttekst_lagret
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import naa
from sporing.services import logget

logger = logging.getLogger(__name__)

# konvertertAv (M711) for what the pipeline does by itself.
SYSTEMNAVN = "Arkivar (automatisk konvertering)"

# Tool failures are tried again by themselves this many times, after these pauses; a failure
# that retrying cannot fix (ENDELIGE_FEIL) is not, since the result would be the same.
MAKS_AUTOMATISKE_FORSOEK = 3
_PAUSER = (dt.timedelta(minutes=1), dt.timedelta(minutes=10))

# PDF/A in PRONOM: 1a, 1b, 2a, 2b, 2u, 3a, 3b, 3u. Taken as they are when they pass the check.
PDFA_FORMATER = frozenset(
    {"fmt/95", "fmt/354", "fmt/476", "fmt/477", "fmt/478", "fmt/479", "fmt/480", "fmt/481"}
)
# Plain text is itself an archival format (arkivforskriften / Riksarkivarens forskrift § 5-17).
TEKST_MIME_TYPER = frozenset({"text/plain", "text/csv"})

# Converter by identified format: PRONOM id first, MIME type when PRONOM has none.
Konverterer = Callable[..., Konvertert]
_KONTOR_PUID = {
    "fmt/412": "docx", "fmt/40": "doc", "fmt/39": "doc", "fmt/290": "odt", "fmt/291": "odt",
    "fmt/355": "rtf", "fmt/45": "rtf", "fmt/50": "rtf", "fmt/52": "rtf", "fmt/53": "rtf",
    "fmt/214": "xlsx", "fmt/61": "xls", "fmt/62": "xls", "fmt/294": "ods", "fmt/295": "ods",
    "fmt/215": "pptx", "fmt/126": "ppt", "fmt/292": "odp", "fmt/293": "odp",
    "fmt/96": "html", "fmt/99": "html", "fmt/100": "html", "fmt/471": "html",
}  # fmt: skip
_KONTOR_MIME = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/msword": "doc",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/rtf": "rtf",
    "text/rtf": "rtf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "text/html": "html",
}
_EPOST_PUID = {"fmt/278": "eml", "fmt/950": "eml", "x-fmt/430": "msg"}
_EPOST_MIME = {"message/rfc822": "eml", "application/vnd.ms-outlook": "msg"}
_BILDE_MIME = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/tiff": "tif",
    "image/gif": "gif",
    "image/bmp": "bmp",
}


def velg_konverterer(puid: str, mime_type: str) -> tuple[Konverterer, str] | None:
    """The converter for an identified format and the file type to give it, or None."""
    mime = mime_kjerne(mime_type)
    for kart, konverterer in (
        (_EPOST_PUID, epost.til_pdfa),
        (_KONTOR_PUID, kontor.til_pdfa),
    ):
        if puid in kart:
            return konverterer, kart[puid]
    for kart, konverterer in (
        (_EPOST_MIME, epost.til_pdfa),
        (_KONTOR_MIME, kontor.til_pdfa),
        (_BILDE_MIME, ocr.til_pdfa),
        ({"application/pdf": "pdf"}, ocr.til_pdfa),
    ):
        if mime in kart:
            return konverterer, kart[mime]
    return None


@dataclass(frozen=True)
class _Resultat:
    """What the tools produced for one file, before anything is recorded."""

    arkivfil: LagretFil  # the original itself when it already is in an archival format
    konvertert: Konvertert | None  # None: no conversion was needed
    tekst: str
    tekstkilde: str
    signatur: signatur.Signaturresultat | None
    vedlegg: tuple[tuple[str, LagretFil, str], ...]  # (filnavn, stored file, MIME type)


def behandle(filbehandling_id: int) -> str:
    """Run the pipeline for one file. Safe to call again: a finished file is left alone."""
    behandling = _start(filbehandling_id)
    if behandling is None:
        return "hoppet over"
    objekt = behandling.dokumentobjekt
    try:
        with tempfile.TemporaryDirectory(prefix="arkivar-fil-") as navn:
            resultat = _kjoer_verktoeyene(objekt, Path(navn))
        _fullfoer(behandling, resultat)
    except Konverteringsfeil as feil:
        _feilet(behandling, feil)
        return f"feilet: {feil.kode}"
    except (DomeneFeil, IngenTilgang) as feil:
        _feilet(behandling, Konverteringsfeil(str(feil), kode=AVVIST))
        return "feilet: avvist"
    except Exception as feil:
        # An unexpected error is still the archivist's to see; the traceback goes to the log.
        logger.exception("dokument.filbehandling_krasjet", extra={"filbehandling": behandling.pk})
        _feilet(
            behandling,
            Konverteringsfeil(
                "Behandlingen av filen stoppet på en uventet feil. Filen er beholdt slik den "
                "kom inn.",
                detaljer=f"{type(feil).__name__}: {feil}"[:2000],
            ),
        )
        return "feilet: uventet"
    return "ferdig"


def _start(filbehandling_id: int) -> Filbehandling | None:
    with transaction.atomic():
        behandling = (
            Filbehandling.objects.select_for_update()
            .select_related("dokumentobjekt__dokumentbeskrivelse")
            .filter(pk=filbehandling_id)
            .first()
        )
        if behandling is None or behandling.status == Filbehandling.Status.FERDIG:
            return None
        if behandling.status == Filbehandling.Status.ARBEIDER and not er_stoppet(behandling):
            return None  # another worker has it (a job delivered twice)
        behandling.status = Filbehandling.Status.ARBEIDER
        behandling.forsoek += 1
        behandling.sist_forsoekt = naa()
        behandling.save(update_fields=["status", "forsoek", "sist_forsoekt"])
    return behandling


def er_stoppet(behandling: Filbehandling) -> bool:
    """A row left in "arbeider" longer than any tool may run belongs to a stopped worker."""
    return behandling.sist_forsoekt is None or behandling.sist_forsoekt < stoppet_foer()


def stoppet_foer() -> dt.datetime:
    return naa() - dt.timedelta(seconds=2 * settings.ARKIVAR_KONVERTERING_TIDSAVBRUDD)


def _kjoer_verktoeyene(objekt: Dokumentobjekt, arbeidsmappe: Path) -> _Resultat:
    kilde = arbeidsmappe / "original"
    with aapne(objekt.sjekksum) as lagret, kilde.open("wb") as kopi:
        for bit in lagret.chunks():
            kopi.write(bit)
    mime_type = mime_type_for_behandling(objekt)
    # Hostile or broken input never reaches LibreOffice or Ghostscript.
    kontroller(kilde, puid=objekt.format, mime_type=mime_type)
    er_pdf = mime_kjerne(mime_type) == tekst.PDF_MIME_TYPE
    signaturresultat = signatur.verifiser_signaturer(kilde) if er_pdf else None

    if objekt.format in PDFA_FORMATER and not pdfa.sjekk_pdfa2(kilde):
        innhold = tekst.fra_pdf(kilde)
        if innhold:
            return _Resultat(
                _som_den_er(objekt), None, innhold, tekst.KILDE_PDF, signaturresultat, ()
            )
        # A scanned PDF/A without a text layer: OCR makes a searchable copy.
    elif mime_kjerne(mime_type) in TEKST_MIME_TYPER:
        innhold = tekst.fra_tekstfil(kilde)
        return _Resultat(
            _som_den_er(objekt), None, innhold, tekst.KILDE_TEKST, signaturresultat, ()
        )

    valgt = velg_konverterer(objekt.format, mime_type)
    if valgt is None:
        raise Konverteringsfeil(
            f"Arkivar kan ikke konvertere formatet {objekt.format} ({mime_type or 'ukjent'})"
            " til arkivformat. Filen er beholdt slik den kom inn.",
            kode=IKKE_STOETTET,
        )
    konverterer, filtype = valgt
    konvertert = konverterer(kilde, arbeidsmappe, filtype=filtype)
    if signaturresultat is not None:
        konvertert = replace(
            konvertert,
            kommentar=" ".join(
                filter(None, [konvertert.kommentar, "Signaturen ble kontrollert før konvertering."])
            ),
        )
    if konvertert.tekst is not None:
        innhold, kilde_for_tekst = tekst.normaliser(konvertert.tekst), tekst.KILDE_OCR
    else:
        innhold, kilde_for_tekst = tekst.fra_pdf(konvertert.fil), tekst.KILDE_PDF
    with konvertert.fil.open("rb") as fil:
        arkivfil = lagre_innhold(fil)
    vedlegg = []
    for del_ in konvertert.vedlegg:
        with del_.fil.open("rb") as fil:
            vedlegg.append((del_.filnavn, lagre_innhold(fil), del_.mime_type))
    return _Resultat(
        arkivfil, konvertert, innhold, kilde_for_tekst, signaturresultat, tuple(vedlegg)
    )


def mime_type_for_behandling(objekt: Dokumentobjekt) -> str:
    """The MIME type the pipeline goes by. An API client's Content-Type is stored as it was
    sent (client-compat.md §13.1), so it must not choose the tools: when it differs from what
    the content was identified as (a Formatavvik), the identified type counts. Otherwise the
    stored one, which for other uploads is the identified type already."""
    avvik = (
        objekt.formatavvik.exclude(identifisert_mime_type__in=("", UKJENT_MIME_TYPE))
        .order_by("pk")
        .first()
    )
    return avvik.identifisert_mime_type if avvik is not None else objekt.mime_type


def _som_den_er(objekt: Dokumentobjekt) -> LagretFil:
    """The original as its own archival version: the same stored file, no copy (the pipeline
    runs only on received files, which have their size)."""
    return LagretFil(objekt.sjekksum, objekt.filstoerrelse or 0, sti_for(objekt.sjekksum))


@logget
def _fullfoer(behandling: Filbehandling, resultat: _Resultat) -> None:
    from dokument.services import ARKIVFORMAT, dokumentobjekt_opprett, konvertering_registrer

    holdt = (
        Filbehandling.objects.select_for_update()
        .filter(pk=behandling.pk, status=Filbehandling.Status.ARBEIDER)
        .values_list("pk", flat=True)
        .first()
    )
    if holdt is None:
        return  # another run finished this file meanwhile
    objekt = behandling.dokumentobjekt
    # The pipeline acts for the user who uploaded the file, under that user's rights today.
    bruker = objekt.referanse_opprettet_av
    dokument = objekt.dokumentbeskrivelse
    if resultat.signatur is not None:
        _registrer_signatur(objekt, resultat.signatur, bruker=bruker)
    # Every finished file gets its arkivformat variant of the same version (the export and
    # the preview read that one); when no conversion was needed it is the same stored file.
    arkivformat = dokumentobjekt_opprett(
        dokumentbeskrivelse=dokument,
        innhold=resultat.arkivfil,
        filnavn=objekt.filnavn if resultat.konvertert is None else _arkivfilnavn(objekt.filnavn),
        variantformat=ARKIVFORMAT,
        versjonsnummer=objekt.versjonsnummer,
        utfoert_av=bruker,
    )
    if resultat.konvertert is not None:
        konvertering_registrer(
            dokumentobjekt=arkivformat,
            fra_format=objekt.format,
            til_format=arkivformat.format,
            verktoey=resultat.konvertert.verktoey,
            kommentar=resultat.konvertert.kommentar,
            konvertert_av=SYSTEMNAVN,
            utfoert_av=bruker,
        )
    _lagre_tekst(dokument, objekt.versjonsnummer, resultat.tekst, resultat.tekstkilde)
    for filnavn, lagret, mime_type in resultat.vedlegg:
        _vedlegg_som_dokument(dokument, filnavn, lagret, mime_type, bruker=bruker)
    Filbehandling.objects.filter(pk=behandling.pk).update(
        status=Filbehandling.Status.FERDIG,
        feilkode="",
        feilmelding="",
        feildetaljer="",
        ferdig_dato=naa(),
        arkivformat=arkivformat,
    )


def _arkivfilnavn(filnavn: str) -> str:
    stamme = filnavn.rsplit(".", 1)[0] if "." in filnavn else filnavn
    return f"{stamme or 'dokument'}.pdf"


def _registrer_signatur(
    objekt: Dokumentobjekt, resultat: signatur.Signaturresultat, *, bruker: Any
) -> None:
    registrert = ElektroniskSignatur(verifisert_dato=naa(), verifisert_av=SYSTEMNAVN)
    koder(
        registrert,
        {
            "elektronisk_signatur_sikkerhetsnivaa": (
                resultat.sikkerhetsnivaa,
                "Elektronisk signatur sikkerhetsnivå",
            ),
            "elektronisk_signatur_verifisert": (
                resultat.verifisert,
                "Elektronisk signatur verifisert",
            ),
        },
    )
    registrert.save(force_insert=True)
    endre_felter(
        objekt,
        {"elektronisk_signatur": registrert},
        utfoert_av=bruker,
        beskrivelse=f"Signatur kontrollert: {resultat.merknad}"[:2000],
    )


def _lagre_tekst(
    dokument: Dokumentbeskrivelse, versjonsnummer: int, innhold: str, kilde: str
) -> None:
    Dokumenttekst.objects.update_or_create(
        dokumentbeskrivelse=dokument,
        versjonsnummer=versjonsnummer,
        defaults={"tekst": innhold, "kilde": kilde, "hentet_dato": naa()},
    )
    dokument_id = dokument.pk
    transaction.on_commit(
        lambda: dokumenttekst_lagret.send(sender=Dokumenttekst, dokumentbeskrivelse_id=dokument_id)
    )


def _vedlegg_som_dokument(
    dokument: Dokumentbeskrivelse, filnavn: str, lagret: LagretFil, mime_type: str, *, bruker: Any
) -> None:
    """An e-mail attachment becomes a vedlegg of every registrering the e-mail belongs to, with
    its own file (and so its own pass through the pipeline)."""
    from dokument.services import dokumentobjekt_opprett

    registreringer = list(
        Registrering.objects.filter(tilknytninger__dokumentbeskrivelse=dokument).order_by("pk")
    )
    if not registreringer:
        return
    ny = dokumentbeskrivelse_opprett(
        registrering=registreringer[0],
        tittel=filnavn or "Vedlegg",
        tilknyttet_registrering_som="V",
        beskrivelse=f"Vedlegg til e-posten «{dokument.tittel}».",
        utfoert_av=bruker,
    )
    for registrering in registreringer[1:]:
        dokumentbeskrivelse_tilknytt(
            dokumentbeskrivelse=ny,
            registrering=registrering,
            tilknyttet_registrering_som="V",
            utfoert_av=bruker,
        )
    dokumentobjekt_opprett(
        dokumentbeskrivelse=ny,
        innhold=lagret,
        filnavn=filnavn,
        mime_type=mime_type,
        utfoert_av=bruker,
    )


def _feilet(behandling: Filbehandling, feil: Konverteringsfeil) -> None:
    from dokument.tasks import behandle_fil

    igjen = not feil.er_endelig and behandling.forsoek < MAKS_AUTOMATISKE_FORSOEK
    with transaction.atomic():
        # Only the run that holds the row records its outcome.
        Filbehandling.objects.filter(pk=behandling.pk, status=Filbehandling.Status.ARBEIDER).update(
            status=Filbehandling.Status.VENTER if igjen else Filbehandling.Status.FEILET,
            feilkode=feil.kode,
            feilmelding=feil.melding,
            feildetaljer=feil.detaljer[-4000:],
        )
        if igjen:
            pause = _PAUSER[min(behandling.forsoek, len(_PAUSER)) - 1]
            behandle_fil.using(run_after=naa() + pause).enqueue(behandling.pk)
    logger.warning(
        "dokument.filbehandling_feilet",
        extra={
            "filbehandling": behandling.pk,
            "system_id": str(behandling.dokumentobjekt.system_id),
            "kode": feil.kode,
            "proever_igjen": igjen,
        },
    )


# Services for the archivist


@logget
def filbehandling_proev_igjen(*, filbehandling: Filbehandling, utfoert_av: Any) -> Filbehandling:
    """Run a failed file through the pipeline again (after a tool was fixed, say); for the
    records office (arkivar) of the document's district."""
    from dokument.tasks import behandle_fil

    krev_arbeid_med(
        filbehandling.dokumentobjekt.dokumentbeskrivelse, utfoert_av, tillatelse="sakarkiv.arkivere"
    )
    laast = Filbehandling.objects.select_for_update().get(pk=filbehandling.pk)
    if laast.status != Filbehandling.Status.FEILET:
        raise DomeneFeil("Bare en fil som har feilet, kan kjøres på nytt.", kode="status")
    laast.status = Filbehandling.Status.VENTER
    laast.save(update_fields=["status"])
    behandle_fil.enqueue(laast.pk)
    logger.info("dokument.filbehandling_proeves_igjen", extra={"filbehandling": laast.pk})
    return laast
