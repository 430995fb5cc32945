"""Formatavvik: a file whose declared format differs from the identified one (style.md §8)."""

from __future__ import annotations

from django.db import models

from felles.tid import naa


class Formatavvik(models.Model):
    """The uploader declared one format or MIME type, identification by content found another.

    Made by `dokument.services.dokumentobjekt_opprett`; listed for archivists by
    `dokument.formater.formatavvik_liste`. `behandlet` is set when an archivist has looked at it.
    """

    dokumentobjekt = models.ForeignKey(
        "arkivstruktur.Dokumentobjekt", on_delete=models.CASCADE, related_name="formatavvik"
    )
    deklarert_format = models.CharField(max_length=20, blank=True, default="")
    deklarert_mime_type = models.CharField(max_length=150, blank=True, default="")
    identifisert_format = models.CharField(max_length=20)
    identifisert_mime_type = models.CharField(max_length=150, blank=True, default="")
    oppdaget_dato = models.DateTimeField(default=naa)
    behandlet = models.BooleanField(default=False)

    class Meta:
        verbose_name = "formatavvik"
        verbose_name_plural = "formatavvik"
        indexes = [models.Index(fields=["behandlet", "oppdaget_dato"], name="formatavvik_beh_idx")]

    def __str__(self) -> str:
        return (
            f"{self.deklarert_format or self.deklarert_mime_type} ≠ "
            f"{self.identifisert_format} ({self.identifisert_mime_type})"
        )


class Dokumenttekst(models.Model):
    """The text of one version of a document, for search (issue 4 §4).

    Taken from the archival-format file (PDF text, OCR output) or, for a file that needs no
    conversion, from the file itself. One row per dokumentbeskrivelse × versjonsnummer; a new
    extraction replaces the row. `dokument.signaler.dokumenttekst_lagret` is sent after commit.
    """

    dokumentbeskrivelse = models.ForeignKey(
        "arkivstruktur.Dokumentbeskrivelse", on_delete=models.CASCADE, related_name="tekster"
    )
    versjonsnummer = models.PositiveIntegerField()
    tekst = models.TextField(blank=True, default="")
    # Where the text came from: "pdf" (text layer), "ocr", "tekst" (plain-text file).
    kilde = models.CharField(max_length=20)
    hentet_dato = models.DateTimeField(default=naa)

    class Meta:
        verbose_name = "dokumenttekst"
        verbose_name_plural = "dokumenttekster"
        constraints = [
            models.UniqueConstraint(
                fields=["dokumentbeskrivelse", "versjonsnummer"], name="dokumenttekst_unik_versjon"
            )
        ]

    def __str__(self) -> str:
        return f"Tekst for versjon {self.versjonsnummer} ({len(self.tekst)} tegn)"


class Filbehandling(models.Model):
    """Where one received file is in the pipeline (style.md §8): identify → check → convert →
    extract text → index. One row per production-format dokumentobjekt; each run records its
    outcome here, so a step can be re-run safely and a failure is shown to the archivist."""

    class Status(models.TextChoices):
        VENTER = "venter", "Venter"
        ARBEIDER = "arbeider", "Arbeider"
        FERDIG = "ferdig", "Ferdig"
        FEILET = "feilet", "Feilet"

    dokumentobjekt = models.OneToOneField(
        "arkivstruktur.Dokumentobjekt", on_delete=models.CASCADE, related_name="filbehandling"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VENTER)
    # Konverteringsfeil.kode and .melding of the last failed run (empty otherwise).
    feilkode = models.CharField(max_length=20, blank=True, default="")
    feilmelding = models.TextField(blank=True, default="")
    feildetaljer = models.TextField(blank=True, default="")
    forsoek = models.PositiveIntegerField(default=0)
    opprettet_dato = models.DateTimeField(default=naa)
    sist_forsoekt = models.DateTimeField(null=True, blank=True)
    ferdig_dato = models.DateTimeField(null=True, blank=True)
    # The archival-format dokumentobjekt made from this file (null when the file already is one).
    arkivformat = models.ForeignKey(
        "arkivstruktur.Dokumentobjekt",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "filbehandling"
        verbose_name_plural = "filbehandlinger"
        indexes = [models.Index(fields=["status", "opprettet_dato"], name="filbeh_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.forsoek} forsøk)"
