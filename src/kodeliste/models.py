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


class Metadatatype(models.TextChoices):
    """The value types of a virksomhetsspesifikkeMetadata field (XML Schema compatible)."""

    BOOLEAN = "boolean", "boolean"
    DATE = "date", "date"
    DATETIME = "datetime", "datetime"
    INTEGER = "integer", "integer"
    DECIMAL = "decimal", "decimal"
    STRING = "string", "string"
    URI = "uri", "uri"


class VirksomhetsspesifiktMetadatafelt(models.Model):
    """One field of the organisation's catalogue of virksomhetsspesifikkeMetadata (M711,
    model.md §5.6): a namespaced name (`ppt-v1:skoleaar`) and the type of its values. After
    `utdatert` the field may no longer be set on records."""

    system_id = models.UUIDField(
        default=uuid7, unique=True, editable=False, help_text="M001 systemID"
    )
    navn = models.CharField(
        max_length=200, unique=True, help_text="<navnerom>-<versjon>:<felt>, bare a–z, 0–9, -"
    )
    type = models.CharField(max_length=10, choices=Metadatatype.choices)
    beskrivelse = models.TextField(blank=True, default="")
    kilde = models.URLField(max_length=500, blank=True, default="", help_text="Definisjonens URL")
    utdatert = models.DateTimeField(null=True, blank=True)
    opprettet_dato = models.DateTimeField(help_text="M600 opprettetDato")
    opprettet_av = models.CharField(max_length=255, help_text="M601 opprettetAv")

    class Meta:
        verbose_name = "virksomhetsspesifikt metadatafelt"
        verbose_name_plural = "virksomhetsspesifikke metadatafelt"
        ordering = ["navn"]

    def __str__(self) -> str:
        return self.navn
