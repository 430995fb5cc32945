"""Dokumentbeskrivelse, its link to registreringer, Dokumentobjekt, Konvertering.

model.md §3.13–3.15.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from arkivstruktur.models.datatyper import (
    ArverSkjermingOgKassasjon,
    ElektroniskSignatur,
    Sletting,
    UtfoertKassasjon,
)
from arkivstruktur.querysets import DokumentbeskrivelseQuerySet, DokumentobjektQuerySet
from felles.ids import uuid7
from felles.kodefelt import KodeFelt
from felles.models import Arkivenhet
from tilgang.omfang import Tilgangsfelter


class Dokumentbeskrivelse(Arkivenhet, ArverSkjermingOgKassasjon):
    """Noark 5 Dokumentbeskrivelse: metadata of one document, attachable to several
    registreringer."""

    dokumenttype = KodeFelt("dokumenttype", "M083")
    dokumentstatus = KodeFelt("dokumentstatus", "M054")
    tittel = models.TextField(help_text="M020 tittel")
    beskrivelse = models.TextField(blank=True, default="", help_text="M021 beskrivelse")
    forfatter = models.JSONField(default=list, blank=True, help_text="M024 forfatter")
    dokumentmedium = KodeFelt("dokumentmedium", "M300")
    oppbevaringssted = models.CharField(
        max_length=255, blank=True, default="", help_text="M301 oppbevaringssted"
    )
    arkivdel = models.ForeignKey(
        "arkivstruktur.Arkivdel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="M208 referanseArkivdel",
    )
    utfoert_kassasjon = models.ForeignKey(
        UtfoertKassasjon, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sletting = models.ForeignKey(
        Sletting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    elektronisk_signatur = models.ForeignKey(
        ElektroniskSignatur, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ekstern_referanse = models.CharField(
        max_length=255, blank=True, default="", help_text="eksternReferanse"
    )
    virksomhetsspesifikke_metadata = models.JSONField(
        null=True, blank=True, help_text="M711 virksomhetsspesifikkeMetadata"
    )
    registreringer: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "arkivstruktur.Registrering",
        through="Dokumenttilknytning",
        related_name="dokumentbeskrivelser",
    )

    objects = DokumentbeskrivelseQuerySet.as_manager()
    tilgangsfelter = Tilgangsfelter(
        virksomhet="arkivdel__arkiv__virksomhet_id", skjerming="skjerming"
    )

    class Meta:
        verbose_name_plural = "dokumentbeskrivelser"

    def __str__(self) -> str:
        return self.tittel


class Dokumenttilknytning(models.Model):
    """The n:m link registrering ↔ dokumentbeskrivelse with the attributes the standard puts on
    the document but which really describe the link (model.md §3.13 design note)."""

    registrering = models.ForeignKey(
        "arkivstruktur.Registrering", on_delete=models.PROTECT, related_name="tilknytninger"
    )
    dokumentbeskrivelse = models.ForeignKey(
        Dokumentbeskrivelse, on_delete=models.PROTECT, related_name="tilknytninger"
    )
    dokumentnummer = models.PositiveIntegerField(help_text="M007 dokumentnummer")
    tilknyttet_registrering_som = KodeFelt("tilknyttetregistreringsom", "M217")
    tilknyttet_dato = models.DateTimeField(help_text="M620 tilknyttetDato")
    tilknyttet_av = models.CharField(max_length=255, help_text="M621 tilknyttetAv")
    referanse_tilknyttet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "dokumenttilknytninger"
        ordering = ["registrering", "dokumentnummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["registrering", "dokumentnummer"], name="dokumentnummer_unik"
            ),
            models.UniqueConstraint(
                fields=["registrering", "dokumentbeskrivelse"], name="dokument_tilknyttet_en_gang"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registrering_id}-{self.dokumentnummer}"


class Dokumentobjekt(Arkivenhet):
    """Noark 5 Dokumentobjekt: one file, one per version × variant × format; immutable.

    Through the API a client may describe the file first and upload it afterwards (rest-api.md
    §6.2): until then `har_fil` is false, and `sjekksum`/`filstoerrelse` hold what the client
    declared (empty when it declared nothing), which the upload verifies. Once the file is
    there, it never changes.
    """

    dokumentbeskrivelse = models.ForeignKey(
        Dokumentbeskrivelse, on_delete=models.PROTECT, related_name="dokumentobjekter"
    )
    versjonsnummer = models.PositiveIntegerField(help_text="M005 versjonsnummer")
    variantformat = KodeFelt("variantformat", "M700")
    format = KodeFelt("format", "M701")
    format_detaljer = models.CharField(
        max_length=255, blank=True, default="", help_text="M702 formatDetaljer"
    )
    filnavn = models.CharField(max_length=255, blank=True, default="", help_text="filnavn")
    mime_type = models.CharField(max_length=150, blank=True, default="", help_text="mimeType")
    sjekksum = models.CharField(max_length=64, blank=True, help_text="M705 sjekksum")
    sjekksum_algoritme = models.CharField(
        max_length=20, default="SHA-256", help_text="M706 sjekksumAlgoritme"
    )
    filstoerrelse = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="M707 filstoerrelse"
    )
    # False while a dokumentobjekt made through the API waits for its file (rest-api.md §6.2).
    har_fil = models.BooleanField(default=True)
    elektronisk_signatur = models.ForeignKey(
        ElektroniskSignatur, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = DokumentobjektQuerySet.as_manager()
    tilgangsfelter = Tilgangsfelter(
        virksomhet="dokumentbeskrivelse__arkivdel__arkiv__virksomhet_id"
    )

    class Meta:
        verbose_name_plural = "dokumentobjekter"
        constraints = [
            models.UniqueConstraint(
                fields=["dokumentbeskrivelse", "versjonsnummer", "variantformat", "format"],
                name="dokumentobjekt_unik_versjon_variant_format",
            ),
            models.CheckConstraint(
                condition=Q(sjekksum_algoritme="SHA-256"), name="sjekksum_er_sha256"
            ),
            models.CheckConstraint(
                condition=Q(filstoerrelse__isnull=True) | Q(filstoerrelse__gt=0),
                name="filstoerrelse_positiv",
            ),
            # A file that is there has its checksum and size.
            models.CheckConstraint(
                condition=Q(har_fil=False) | (Q(filstoerrelse__isnull=False) & ~Q(sjekksum="")),
                name="dokumentobjekt_fil_beskrevet",
            ),
        ]
        indexes = [models.Index(fields=["sjekksum"], name="dokobj_sjekksum_idx")]

    def __str__(self) -> str:
        return f"{self.dokumentbeskrivelse_id} v{self.versjonsnummer} {self.variantformat}"


class Konvertering(models.Model):
    """Noark 5 Konvertering (§3.15): log of one format conversion; immutable."""

    system_id = models.UUIDField(
        default=uuid7, unique=True, editable=False, help_text="M001 systemID"
    )
    dokumentobjekt = models.ForeignKey(
        Dokumentobjekt, on_delete=models.PROTECT, related_name="konverteringer"
    )
    konvertert_dato = models.DateTimeField(help_text="M615 konvertertDato")
    konvertert_av = models.CharField(max_length=255, help_text="M616 konvertertAv")
    konvertert_fra_format = KodeFelt("format", "M712")
    konvertert_til_format = KodeFelt("format", "M713")
    konverteringsverktoey = models.CharField(
        max_length=255, blank=True, default="", help_text="M714 konverteringsverktoey"
    )
    konverteringskommentar = models.TextField(
        blank=True, default="", help_text="M715 konverteringskommentar"
    )

    class Meta:
        verbose_name_plural = "konverteringer"

    def __str__(self) -> str:
        return f"{self.konvertert_fra_format} → {self.konvertert_til_format}"
