"""The outcome of the nightly deposit check of each arkivdel (issue 7 §3): whether an extract
taken now would pass, and which checks fail; and the extracts read in through the page."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from felles.ids import uuid7
from felles.tid import naa


class Uttrekkskontroll(models.Model):
    """One run of `uttrekk.kontroll.kontroller_arkivdel`: build the extract, validate it."""

    class Resultat(models.TextChoices):
        GODKJENT = "godkjent", "Klar for deponering"
        ADVARSLER = "advarsler", "Klar, med advarsler"
        FEIL = "feil", "Har feil"
        AVBRUTT = "avbrutt", "Uttrekket kunne ikke lages"

    arkivdel = models.ForeignKey(
        "arkivstruktur.Arkivdel", on_delete=models.CASCADE, related_name="uttrekkskontroller"
    )
    startet = models.DateTimeField(default=naa)
    ferdig = models.DateTimeField()
    resultat = models.CharField(max_length=10, choices=Resultat.choices)
    antall_feil = models.PositiveIntegerField(default=0)
    antall_advarsler = models.PositiveIntegerField(default=0)
    # The failing checks as {"kontroll", "navn", "alvor", "antall", "eksempler": [...]}, and
    # for an extract that could not be made, why.
    kontroller = models.JSONField(default=list)
    melding = models.TextField(blank=True, default="")
    antall_mapper = models.PositiveIntegerField(default=0)
    antall_registreringer = models.PositiveIntegerField(default=0)
    antall_dokumentfiler = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "uttrekkskontroll"
        verbose_name_plural = "uttrekkskontroller"
        ordering = ["-startet"]
        indexes = [models.Index(fields=["arkivdel", "-startet"], name="uttrekkskontroll_siste_idx")]

    def __str__(self) -> str:
        return f"{self.arkivdel_id} {self.startet:%Y-%m-%d} {self.resultat}"


class Innlesing(models.Model):
    """An extract the records office has uploaded to be read in (uttrekk.innlesing), run by
    the task worker; what came of it stays here, the unpacked files do not."""

    class Status(models.TextChoices):
        VENTER = "venter", "Venter"
        ARBEIDER = "arbeider", "Leses inn"
        LEST_INN = "lest_inn", "Lest inn"
        AVVIST = "avvist", "Avvist"

    system_id = models.UUIDField(default=uuid7, unique=True, editable=False)
    virksomhet = models.ForeignKey(
        "organisasjon.Virksomhet", on_delete=models.PROTECT, related_name="+"
    )
    filnavn = models.CharField(max_length=255)
    bestilt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    bestilt_dato = models.DateTimeField(default=naa)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VENTER)
    ferdig_dato = models.DateTimeField(null=True, blank=True)
    arkiv = models.ForeignKey(
        "arkivstruktur.Arkiv", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    antall = models.JSONField(default=dict)
    melding = models.TextField(blank=True, default="")
    linjer = models.JSONField(default=list)

    class Meta:
        verbose_name = "innlesing"
        verbose_name_plural = "innlesinger"
        ordering = ["-bestilt_dato"]

    def __str__(self) -> str:
        return f"{self.filnavn} ({self.get_status_display()})"
