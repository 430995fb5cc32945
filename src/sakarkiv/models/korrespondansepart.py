"""Korrespondansepart (model.md §4.1): sender, recipient, internal party of a registrering."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from arkivstruktur.models.sekundaer import Adressefelter
from felles.ids import uuid7
from felles.kodefelt import KodeFelt


class Korrespondanseparttype(models.TextChoices):
    """The API subtype; the extract writes one flat element for all three."""

    PERSON = "person", "Person"
    ENHET = "enhet", "Enhet (organisasjon)"
    INTERN = "intern", "Intern"


class Korrespondansepart(Adressefelter):
    """Noark 5 Korrespondansepart (Person, Enhet or Intern)."""

    system_id = models.UUIDField(
        default=uuid7, unique=True, editable=False, help_text="M001 systemID"
    )
    registrering = models.ForeignKey(
        "arkivstruktur.Registrering", on_delete=models.CASCADE, related_name="korrespondanseparter"
    )
    korrespondansepartsubtype = models.CharField(
        max_length=10, choices=Korrespondanseparttype.choices
    )
    korrespondanseparttype = KodeFelt("korrespondanseparttype", "M087")
    korrespondansepart_navn = models.CharField(
        max_length=255, help_text="M400 korrespondansepartNavn"
    )
    personidentifikator = models.CharField(
        max_length=11, blank=True, default="", help_text="Fødselsnummer/D-nummer"
    )
    enhetsidentifikator = models.CharField(
        max_length=9, blank=True, default="", help_text="Organisasjonsnummer"
    )
    administrativ_enhet = models.CharField(
        max_length=255, blank=True, default="", help_text="M305 administrativEnhet"
    )
    referanse_administrativ_enhet = models.ForeignKey(
        "organisasjon.AdministrativEnhet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    saksbehandler = models.CharField(
        max_length=255, blank=True, default="", help_text="M307 saksbehandler"
    )
    referanse_saksbehandler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    virksomhetsspesifikke_metadata = models.JSONField(null=True, blank=True, help_text="M711")

    class Meta:
        verbose_name_plural = "korrespondanseparter"
        indexes = [models.Index(fields=["korrespondansepart_navn"], name="korrpart_navn_idx")]

    def __str__(self) -> str:
        return f"{self.korrespondanseparttype} {self.korrespondansepart_navn}"
