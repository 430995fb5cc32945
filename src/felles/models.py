"""Abstract bases shared by the Noark entities."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from felles.ids import uuid7


class Arkivenhet(models.Model):
    """Noark 5 Arkivenhet (model.md §2): identity and creation/change stamps."""

    system_id = models.UUIDField(
        "systemID", default=uuid7, unique=True, editable=False, help_text="M001 systemID"
    )
    opprettet_dato = models.DateTimeField(help_text="M600 opprettetDato")
    opprettet_av = models.CharField(max_length=255, help_text="M601 opprettetAv")
    referanse_opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="referanseOpprettetAv",
    )
    endret_dato = models.DateTimeField(null=True, blank=True, help_text="M682 endretDato")
    endret_av = models.CharField(max_length=255, blank=True, default="", help_text="M683 endretAv")
    referanse_endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="referanseEndretAv",
    )

    class Meta:
        abstract = True


class Avsluttbar(models.Model):
    """avsluttetDato / avsluttetAv (M602 / M603): set by closing, never changed afterwards."""

    avsluttet_dato = models.DateTimeField(null=True, blank=True, help_text="M602 avsluttetDato")
    avsluttet_av = models.CharField(
        max_length=255, blank=True, default="", help_text="M603 avsluttetAv"
    )
    referanse_avsluttet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="referanseAvsluttetAv",
    )

    class Meta:
        abstract = True

    @property
    def er_avsluttet(self) -> bool:
        return self.avsluttet_dato is not None
