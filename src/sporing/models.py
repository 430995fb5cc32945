"""Noark "logging og sporing": one append-only, hash-chained log (model.md §5.4–5.5).

Endringslogg entries (C/U/D) and hendelseslogg entries such as reads (R) share the table, so one
chain covers both. Rows are never updated or deleted: database triggers refuse it.
"""

from __future__ import annotations

from django.db import models

from felles.ids import uuid7


class Hendelsetype(models.TextChoices):
    OPPRETTET = "C", "Opprettet"
    LEST = "R", "Lest"
    ENDRET = "U", "Endret"
    SLETTET = "D", "Slettet"


class Endringslogg(models.Model):
    """Noark 5 Endringslogg / Hendelseslogg: one changed field, or one event, of one unit."""

    loepenummer = models.BigIntegerField(unique=True, help_text="Plass i hash-kjeden, 1, 2, 3 …")
    system_id = models.UUIDField(default=uuid7, unique=True, editable=False)
    referanse_arkivenhet = models.UUIDField(db_index=True, help_text="M680 referanseArkivenhet")
    arkivenhet_type = models.CharField(max_length=40, help_text="saksmappe, journalpost …")
    referanse_metadata = models.CharField(
        max_length=80, blank=True, default="", help_text="M681 referanseMetadata"
    )
    endret_dato = models.DateTimeField(help_text="M682 endretDato")
    endret_av = models.CharField(max_length=255, help_text="M683 endretAv")
    referanse_endret_av = models.UUIDField(null=True, blank=True, help_text="referanseEndretAv")
    tidligere_verdi = models.TextField(  # noqa: DJ001 - "no value" differs from ""
        null=True, blank=True, help_text="M684 tidligereVerdi"
    )
    ny_verdi = models.TextField(  # noqa: DJ001 - "no value" differs from ""
        null=True, blank=True, help_text="M685 nyVerdi"
    )
    hendelsetype = models.CharField(max_length=1, choices=Hendelsetype.choices)
    beskrivelse = models.TextField(blank=True, default="")
    forrige_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "endringslogg"
        verbose_name_plural = "endringslogg"
        ordering = ["loepenummer"]

    def __str__(self) -> str:
        return f"{self.loepenummer} {self.hendelsetype} {self.arkivenhet_type}"


class Loggkjede(models.Model):
    """The head of the chain: one row, locked only for the instant a transaction appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    siste_loepenummer = models.BigIntegerField(default=0)
    siste_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "loggkjede"
        verbose_name_plural = "loggkjede"

    def __str__(self) -> str:
        return f"{self.siste_loepenummer}"
