"""The outcome of the nightly deposit check of each arkivdel (issue 7 §3): whether an extract
taken now would pass, and which checks fail."""

from __future__ import annotations

from django.db import models

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
