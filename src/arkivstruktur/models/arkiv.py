"""Arkiv, Arkivskaper, Arkivdel (model.md §3.1–3.3)."""

from __future__ import annotations

from django.db import models

from arkivstruktur.models.datatyper import ArverSkjermingOgKassasjon, Sletting, UtfoertKassasjon
from felles.kodefelt import KodeFelt
from felles.models import Arkivenhet, Avsluttbar
from tilgang.omfang import SynligManager, Tilgangsfelter


class Arkivskaper(Arkivenhet):
    """Noark 5 Arkivskaper: the organisation that created the archive (one per bydel)."""

    # Not unique: the same organisation may be registered again, for a new arkiv or by a
    # client's repeated test run (client-compat.md §6.5).
    arkivskaper_id = models.CharField(max_length=100, db_index=True, help_text="M006 arkivskaperID")
    arkivskaper_navn = models.CharField(max_length=255, help_text="M023 arkivskaperNavn")
    beskrivelse = models.TextField(blank=True, default="", help_text="M021 beskrivelse")
    virksomhet = models.ForeignKey(
        "organisasjon.Virksomhet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arkivskapere",
    )

    class Meta:
        verbose_name_plural = "arkivskapere"

    def __str__(self) -> str:
        return self.arkivskaper_navn


class Arkiv(Arkivenhet, Avsluttbar):
    """Noark 5 Arkiv: the whole archive of one arkivskaper (each bydel has its own)."""

    tittel = models.CharField(max_length=255, help_text="M020 tittel")
    beskrivelse = models.TextField(blank=True, default="", help_text="M021 beskrivelse")
    arkivstatus = KodeFelt("arkivstatus", "M050")
    dokumentmedium = KodeFelt("dokumentmedium", "M300")
    oppbevaringssted = models.JSONField(default=list, blank=True, help_text="M301 oppbevaringssted")
    arkivskapere = models.ManyToManyField(Arkivskaper, related_name="arkiver")
    overarkiv = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="underarkiver"
    )
    virksomhet = models.ForeignKey(
        "organisasjon.Virksomhet",
        on_delete=models.PROTECT,
        related_name="arkiver",
        help_text="Virksomheten som eier arkivet; avgjør tilgang og nummerserier",
    )
    er_historisk = models.BooleanField(
        default=False, help_text="Importert fra et eldre system; kun lesing"
    )

    objects = SynligManager()
    tilgangsfelter = Tilgangsfelter(virksomhet="virksomhet_id")

    class Meta:
        verbose_name_plural = "arkiver"

    def __str__(self) -> str:
        return self.tittel


class Arkivdel(Arkivenhet, Avsluttbar, ArverSkjermingOgKassasjon):
    """Noark 5 Arkivdel: one period of an arkiv, with common rules."""

    arkiv = models.ForeignKey(Arkiv, on_delete=models.PROTECT, related_name="arkivdeler")
    tittel = models.CharField(max_length=255, help_text="M020 tittel")
    beskrivelse = models.TextField(blank=True, default="", help_text="M021 beskrivelse")
    arkivdelstatus = KodeFelt("arkivdelstatus", "M051")
    dokumentmedium = KodeFelt("dokumentmedium", "M300")
    oppbevaringssted = models.JSONField(default=list, blank=True, help_text="M301 oppbevaringssted")
    arkivperiode_start_dato = models.DateField(
        null=True, blank=True, help_text="M107 arkivperiodeStartDato"
    )
    arkivperiode_slutt_dato = models.DateField(
        null=True, blank=True, help_text="M108 arkivperiodeSluttDato"
    )
    referanse_forloeper = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referanse_arvtaker",
        help_text="M202 referanseForloeper (M203 referanseArvtaker er motsatt vei)",
    )
    klassifikasjonssystem = models.ForeignKey(
        "arkivstruktur.Klassifikasjonssystem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arkivdeler",
        help_text="Primært klassifikasjonssystem",
    )
    sekundaere_klassifikasjonssystemer = models.ManyToManyField(
        "arkivstruktur.Klassifikasjonssystem", blank=True, related_name="sekundaer_for_arkivdeler"
    )
    utfoert_kassasjon = models.ForeignKey(
        UtfoertKassasjon, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sletting = models.ForeignKey(
        Sletting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    er_deponert = models.BooleanField(default=False, help_text="Avlevert/deponert til arkivdepot")

    objects = SynligManager()
    tilgangsfelter = Tilgangsfelter(
        virksomhet="arkiv__virksomhet_id", skjerming="skjerming", gradering="gradering"
    )

    class Meta:
        verbose_name_plural = "arkivdeler"

    def __str__(self) -> str:
        return self.tittel
