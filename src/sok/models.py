"""The search index: one row per searchable record, with the metadata the filters need.

The searchable text itself is kept by the engine's adapter (sok/adaptere/): in the FTS5 table
`sok_fts` on SQLite (stemmed shadow text, rowid = Indeksrad.id), in the tsvector column
`sokevektor` of this table on PostgreSQL. Neither is a model field; the migration creates
them for its engine only. Both also hold the row's district as a searchable token, so that a
case handler's search skips the other 14 bydeler inside the full-text index itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

# The part of a key that names the record: its id times 4 plus the kind. Ids up to 2.5·10^9.
_POSISJONER = 10**10
_ART_NUMMER = {"R": 0, "M": 1, "D": 2}


class Nokkelfelt(models.BigIntegerField):  # type: ignore[type-arg]
    """A 64-bit primary key that SQLite stores as the rowid ("INTEGER PRIMARY KEY" is the
    only spelling that makes it one): FTS5's rowid then joins to it in one lookup."""

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class Art(models.TextChoices):
    MAPPE = "M", "Mappe"
    REGISTRERING = "R", "Registrering"
    DOKUMENT = "D", "Dokument"


class Indeksrad(models.Model):
    """One searchable record: a mappe, a registrering, or a document as attached to one
    registrering (a dokumentbeskrivelse attached to two registreringer has two rows, each
    judged for access in its registrering's context).

    The key orders rows newest first by itself (`indeksnokkel`): the day of the record
    times 10^10 plus a number unique to the record. Both engines then read the newest
    matches by walking the key backwards and stop after a page, without sorting the hits.
    A row that is deleted with its record follows it (CASCADE); a row is never updated in
    place when its text changes, but replaced.
    """

    id = Nokkelfelt(primary_key=True)
    art = models.CharField(max_length=1, choices=Art.choices)
    # The case (mappe) of a registrering or document row, the mappe itself for a mappe row.
    mappe = models.ForeignKey(
        "arkivstruktur.Mappe", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    registrering = models.ForeignKey(
        "arkivstruktur.Registrering",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    dokumentbeskrivelse = models.ForeignKey(
        "arkivstruktur.Dokumentbeskrivelse",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    tilknytning = models.ForeignKey(
        "arkivstruktur.Dokumenttilknytning",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    # Filters and facets. Copies of the record's values, kept current by the indexer; the
    # access check never relies on them but reads the record itself. Not indexed: a search
    # always starts from the text, and an index on one of 15 districts only tempts
    # PostgreSQL's planner away from the key order.
    virksomhet = models.ForeignKey(
        "organisasjon.Virksomhet",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    administrativ_enhet = models.ForeignKey(
        "organisasjon.AdministrativEnhet",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    klasse = models.ForeignKey(
        "arkivstruktur.Klasse",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    journalposttype = models.CharField(max_length=10, blank=True, default="")
    journalstatus = models.CharField(max_length=10, blank=True, default="")
    # The mappe's; a registrering and its documents carry their case's.
    saksstatus = models.CharField(max_length=10, blank=True, default="")
    # journaldato of a registrering (and its documents), saksdato of a mappe, or opprettetDato.
    dato = models.DateField()
    aar = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "indeksrad"
        verbose_name_plural = "indeksrader"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(art="M", mappe__isnull=False, registrering__isnull=True)
                    | models.Q(art="R", registrering__isnull=False, tilknytning__isnull=True)
                    | models.Q(
                        art="D",
                        registrering__isnull=False,
                        dokumentbeskrivelse__isnull=False,
                        tilknytning__isnull=False,
                    )
                ),
                name="sok_indeksrad_peker_paa_sin_art",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} {self.pk}"


def indeksnokkel(art: str, kilde_id: int, dato: dt.date) -> int:
    """The key of the row for the record `kilde_id` (a registrering, mappe or
    dokumenttilknytning id, by `art`) dated `dato`: larger is newer."""
    return dato.toordinal() * _POSISJONER + kilde_id * 4 + _ART_NUMMER[art]
