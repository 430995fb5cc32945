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
