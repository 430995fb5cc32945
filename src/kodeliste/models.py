"""Noark "metadata": code lists as data (model.md §7)."""

from __future__ import annotations

from django.db import models

from felles.ids import uuid7


class Kodeliste(models.Model):
    """One Noark code list, keyed by its API name (`journalposttype`, `tilgangsrestriksjon` …)."""

    navn = models.CharField(
        max_length=60, unique=True, help_text="Navnet i API-et (metadata/<navn>/)"
    )
    visningsnavn = models.CharField(max_length=100)
    m_nummer = models.CharField(max_length=10, blank=True, default="")
    beskrivelse = models.TextField(blank=True, default="")
    er_aapen = models.BooleanField(
        default=True, help_text="Virksomheten kan legge til egne verdier"
    )

    class Meta:
        verbose_name = "kodeliste"
        verbose_name_plural = "kodelister"
        ordering = ["navn"]

    def __str__(self) -> str:
        return self.visningsnavn


class Kodeverdi(models.Model):
    """One value of a code list. `utdatert` set: no longer usable on new or changed records."""

    system_id = models.UUIDField(default=uuid7, unique=True, editable=False)
    kodeliste = models.ForeignKey(Kodeliste, on_delete=models.PROTECT, related_name="verdier")
    kode = models.CharField(max_length=20)
    kodenavn = models.CharField(max_length=200)
    beskrivelse = models.TextField(blank=True, default="")
    gyldig_fra = models.DateTimeField(null=True, blank=True)
    utdatert = models.DateTimeField(null=True, blank=True)
    er_standard = models.BooleanField(default=False, help_text="Levert med standarden/Arkivar")
    # Only for tilgangsrestriksjon: what a new skjerming proposes (model.md §4.6).
    standard_skjermingshjemmel = models.CharField(max_length=200, blank=True, default="")
    standard_skjermingsvarighet = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "kodeverdi"
        verbose_name_plural = "kodeverdier"
        ordering = ["kodeliste", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["kodeliste", "kode"], name="kode_unik_i_liste"),
            models.UniqueConstraint(fields=["kodeliste", "kodenavn"], name="kodenavn_unik_i_liste"),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.kodenavn}"
