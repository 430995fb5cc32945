"""Year-based counters for saks- and journalnummer (model.md §6.1)."""

from __future__ import annotations

from django.db import models


class Serie(models.TextChoices):
    SAK = "sak", "Saksnummer (saksaar/sakssekvensnummer)"
    JOURNAL = "journal", "Journalnummer (journalsekvensnummer/journalaar)"


class Nummerserie(models.Model):
    """One counter per (arkiv, serie, år). Each bydel's arkiv has its own series, so the
    districts never wait for each other's numbers."""

    arkiv = models.ForeignKey("arkivstruktur.Arkiv", on_delete=models.PROTECT, related_name="+")
    serie = models.CharField(max_length=10, choices=Serie.choices)
    aar = models.PositiveIntegerField()
    siste_nummer = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "nummerserier"
        constraints = [
            models.UniqueConstraint(fields=["arkiv", "serie", "aar"], name="nummerserie_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.arkiv_id} {self.serie} {self.aar}: {self.siste_nummer}"
