"""Avskrivning, Dokumentflyt and Presedens (model.md §4.11–4.13)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from felles.ids import uuid7
from felles.kodefelt import KodeFelt
from felles.models import Avsluttbar


class Avskrivning(models.Model):
    """Noark 5 Avskrivning: an incoming (I) or internal (N) journalpost has been dealt with."""

    system_id = models.UUIDField(
        default=uuid7, unique=True, editable=False, help_text="M001 systemID"
    )
    journalpost = models.ForeignKey(
        "arkivstruktur.Registrering", on_delete=models.CASCADE, related_name="avskrivninger"
    )
    avskrivningsdato = models.DateField(help_text="M617 avskrivningsdato")
    avskrevet_av = models.CharField(max_length=255, help_text="M618 avskrevetAv")
    referanse_avskrevet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    avskrivningsmaate = KodeFelt("avskrivningsmaate", "M619")
    referanse_avskrives_av_journalpost = models.ForeignKey(
        "arkivstruktur.Registrering",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="avskriver",
        help_text="M215 referanseAvskrivesAvJournalpost",
    )
    referanse_avskrives_av_korrespondansepart = models.ForeignKey(
        "sakarkiv.Korrespondansepart",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name_plural = "avskrivninger"

    def __str__(self) -> str:
        return f"{self.avskrivningsmaate} {self.avskrivningsdato}"


class Dokumentflyt(models.Model):
    """Noark 5 Dokumentflyt: one step of a draft's route for approval and back."""

    system_id = models.UUIDField(
        default=uuid7, unique=True, editable=False, help_text="M001 systemID"
    )
    registrering = models.ForeignKey(
        "arkivstruktur.Registrering", on_delete=models.CASCADE, related_name="dokumentflyt"
    )
    flyt_til = models.CharField(max_length=255, help_text="M660 flytTil")
    referanse_flyt_til = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    flyt_fra = models.CharField(max_length=255, help_text="M665 flytFra")
    referanse_flyt_fra = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    flyt_mottatt_dato = models.DateTimeField(
        null=True, blank=True, help_text="M661 flytMottattDato"
    )
    flyt_sendt_dato = models.DateTimeField(help_text="M662 flytSendtDato")
    flyt_status = KodeFelt("flytstatus", "M663")
    flyt_merknad = models.TextField(blank=True, default="", help_text="M664 flytMerknad")

    class Meta:
        verbose_name_plural = "dokumentflyter"
        ordering = ["flyt_sendt_dato"]

    def __str__(self) -> str:
        return f"{self.flyt_fra} → {self.flyt_til}"


class Presedens(Avsluttbar):
    """Noark 5 Presedens: a decision serving as precedent; n:m with saksmapper and journalposter."""

    system_id = models.UUIDField(
        default=uuid7, unique=True, editable=False, help_text="M001 systemID"
    )
    opprettet_dato = models.DateTimeField(help_text="M600 opprettetDato")
    opprettet_av = models.CharField(max_length=255, help_text="M601 opprettetAv")
    presedens_dato = models.DateField(help_text="M111 presedensDato")
    tittel = models.TextField(help_text="M020 tittel")
    beskrivelse = models.TextField(blank=True, default="", help_text="M021 beskrivelse")
    presedens_hjemmel = models.CharField(
        max_length=255, blank=True, default="", help_text="M311 presedensHjemmel"
    )
    rettskildefaktor = models.CharField(max_length=255, help_text="M312 rettskildefaktor")
    presedens_godkjent_dato = models.DateField(
        null=True, blank=True, help_text="M628 presedensGodkjentDato"
    )
    presedens_godkjent_av = models.CharField(
        max_length=255, blank=True, default="", help_text="M629 presedensGodkjentAv"
    )
    presedens_status = KodeFelt("presedensstatus", "M056")
    saksmapper = models.ManyToManyField(
        "arkivstruktur.Mappe", blank=True, related_name="presedenser"
    )
    journalposter = models.ManyToManyField(
        "arkivstruktur.Registrering", blank=True, related_name="presedenser"
    )

    class Meta:
        verbose_name_plural = "presedenser"

    def __str__(self) -> str:
        return self.tittel
