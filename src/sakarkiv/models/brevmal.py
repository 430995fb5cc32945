"""Letter templates (issue 6 item 4): DOCX files with merge fields (`dokument.docx`), shared
by every district or a district's own. The file lies in the document store like any other
(content-addressed, checksummed); the row names it."""

from __future__ import annotations

from django.db import models

from felles.ids import uuid7
from felles.tid import naa


class Brevmal(models.Model):
    system_id = models.UUIDField(default=uuid7, unique=True, editable=False)
    navn = models.CharField(max_length=200)
    beskrivelse = models.TextField(blank=True, default="")
    # None: shared by every district (the city's templates).
    virksomhet = models.ForeignKey(
        "organisasjon.Virksomhet", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filnavn = models.CharField(max_length=255)
    sjekksum = models.CharField(max_length=64, help_text="SHA-256 of the stored DOCX")
    filstoerrelse = models.BigIntegerField()
    aktiv = models.BooleanField(default=True)
    opprettet_dato = models.DateTimeField(default=naa)
    opprettet_av = models.CharField(max_length=255)

    class Meta:
        verbose_name = "brevmal"
        verbose_name_plural = "brevmaler"
        ordering = ["navn", "pk"]
        indexes = [models.Index(fields=["sjekksum"], name="brevmal_sjekksum_idx")]

    def __str__(self) -> str:
        return self.navn
