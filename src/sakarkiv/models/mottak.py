"""The records office's registration queue (issue 6 item 7): incoming post that has arrived
(scanned by the mail room, dropped by a scanner, forwarded by e-mail) and waits to be registered
as a journalpost and distributed.

An item is not yet archive material: it has no number and is in no case. Its files are already
stored and checksummed in the document store (`dokument.lagring`, content-addressed), so that
registering it only points the new dokumentobjekter at them; nothing is copied or lost on the
way. A rejected item (junk mail, a duplicate) keeps its row for the trail but lets go of its
files, which the orphan clean-up then removes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from felles.ids import uuid7
from felles.tid import naa


class Mottakskanal(models.TextChoices):
    PAPIR = "papir", "Papirpost (skannet)"
    SKANNER = "skanner", "Skannerstasjon"
    EPOST = "epost", "E-post"
    ANNET = "annet", "Annet"


class Mottaksstatus(models.TextChoices):
    VENTER = "venter", "Venter"
    REGISTRERT = "registrert", "Registrert"
    AVVIST = "avvist", "Avvist"


class Mottakspost(models.Model):
    """One incoming letter (with its attachments) in a district's registration queue."""

    system_id = models.UUIDField(default=uuid7, unique=True, editable=False)
    virksomhet = models.ForeignKey(
        "organisasjon.Virksomhet", on_delete=models.PROTECT, related_name="+"
    )
    kanal = models.CharField(max_length=20, choices=Mottakskanal.choices)
    # What the mail room read off the envelope: suggestions for the registration.
    avsender = models.CharField(max_length=255, blank=True, default="")
    tittel = models.CharField(max_length=500, blank=True, default="")
    mottatt_dato = models.DateTimeField(default=naa)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=Mottaksstatus.choices, default=Mottaksstatus.VENTER
    )
    journalpost = models.ForeignKey(
        "arkivstruktur.Registrering",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    behandlet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    behandlet_dato = models.DateTimeField(null=True, blank=True)
    avvisningsgrunn = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = "mottakspost"
        verbose_name_plural = "mottaksposter"
        indexes = [
            models.Index(fields=["virksomhet", "status", "mottatt_dato"], name="mottak_koe_idx")
        ]

    def __str__(self) -> str:
        return self.tittel or f"Mottatt {self.mottatt_dato:%d.%m.%Y %H:%M}"


class Mottaksfil(models.Model):
    """A stored file of an incoming item; the first becomes the main document."""

    mottakspost = models.ForeignKey(Mottakspost, on_delete=models.CASCADE, related_name="filer")
    rekkefoelge = models.PositiveIntegerField()
    filnavn = models.CharField(max_length=255)
    mime_type = models.CharField(max_length=150, blank=True, default="")
    sjekksum = models.CharField(max_length=64, help_text="SHA-256 of the stored content")
    filstoerrelse = models.BigIntegerField()

    class Meta:
        verbose_name = "mottaksfil"
        verbose_name_plural = "mottaksfiler"
        ordering = ["rekkefoelge", "pk"]
        indexes = [models.Index(fields=["sjekksum"], name="mottaksfil_sjekksum_idx")]

    def __str__(self) -> str:
        return self.filnavn
