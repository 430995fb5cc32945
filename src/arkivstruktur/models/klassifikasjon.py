"""Klassifikasjonssystem and Klasse (model.md §3.4–3.5)."""

from __future__ import annotations

from django.db import models

from arkivstruktur.models.datatyper import ArverSkjermingOgKassasjon
from felles.kodefelt import KodeFelt
from felles.models import Arkivenhet, Avsluttbar


class Klassifikasjonssystem(Arkivenhet, Avsluttbar):
    """Noark 5 Klassifikasjonssystem: may serve several arkivdeler (shared K-koder, say)."""

    klassifikasjonstype = KodeFelt("klassifikasjonstype", "M086")
    tittel = models.CharField(max_length=255, help_text="M020 tittel")
    beskrivelse = models.TextField(blank=True, default="", help_text="M021 beskrivelse")

    class Meta:
        verbose_name_plural = "klassifikasjonssystemer"

    def __str__(self) -> str:
        return self.tittel


class Klasse(Arkivenhet, Avsluttbar, ArverSkjermingOgKassasjon):
    """Noark 5 Klasse: a class code (ordningsverdi), function-, subject- or object-based."""

    klassifikasjonssystem = models.ForeignKey(
        Klassifikasjonssystem, on_delete=models.PROTECT, related_name="klasser"
    )
    overordnet_klasse = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="underklasser"
    )
    klasse_id = models.CharField(max_length=100, help_text="M002 klasseID")
    tittel = models.CharField(max_length=255, help_text="M020 tittel")
    beskrivelse = models.TextField(blank=True, default="", help_text="M021 beskrivelse")
    noekkelord = models.JSONField(default=list, blank=True, help_text="M022 noekkelord")

    class Meta:
        verbose_name_plural = "klasser"
        constraints = [
            models.UniqueConstraint(
                fields=["klassifikasjonssystem", "klasse_id"], name="klasse_id_unik_i_system"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.klasse_id} {self.tittel}"
