"""Bevaring og kassasjon (model.md §4.8, §6.4): a disposal list the records office draws up
from the cases whose retention has run out, approves, and carries out."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from felles.ids import uuid7


class Kassasjonsliste(models.Model):
    class Status(models.TextChoices):
        UTKAST = "utkast", "Til godkjenning"
        GODKJENT = "godkjent", "Godkjent"
        UTFOERT = "utfoert", "Kassert"

    system_id = models.UUIDField(default=uuid7, unique=True, editable=False)
    arkivdel = models.ForeignKey(
        "arkivstruktur.Arkivdel", on_delete=models.PROTECT, related_name="kassasjonslister"
    )
    # The cases whose kassasjonsdato is this day or earlier.
    frist = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UTKAST)
    opprettet_dato = models.DateTimeField()
    opprettet_av = models.CharField(max_length=255)
    referanse_opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    godkjent_dato = models.DateTimeField(null=True, blank=True)
    godkjent_av = models.CharField(max_length=255, blank=True, default="")
    referanse_godkjent_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    utfoert_dato = models.DateTimeField(null=True, blank=True)
    utfoert_av = models.CharField(max_length=255, blank=True, default="")
    antall_kasserte_dokumenter = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "kassasjonsliste"
        verbose_name_plural = "kassasjonslister"
        ordering = ["-opprettet_dato"]

    def __str__(self) -> str:
        return f"Kassasjonsliste {self.frist:%d.%m.%Y} ({self.get_status_display()})"


class Kassasjonslinje(models.Model):
    """One case on the list, with the date its retention ran out."""

    liste = models.ForeignKey(Kassasjonsliste, on_delete=models.CASCADE, related_name="linjer")
    mappe = models.ForeignKey("arkivstruktur.Mappe", on_delete=models.PROTECT, related_name="+")
    kassasjonsdato = models.DateField()

    class Meta:
        verbose_name = "kassasjonslinje"
        verbose_name_plural = "kassasjonslinjer"
        ordering = ["kassasjonsdato", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["liste", "mappe"], name="kassasjonslinje_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.mappe_id} {self.kassasjonsdato}"
