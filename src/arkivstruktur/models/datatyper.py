"""Noark «dataType»s embedded in their owners (model.md §4.6–4.10, §4.14).

They are rows of their own so that an inheriting unit can point at its ancestor's value: a change
on the parent then reaches every child that has not overridden it (model.md §6.6).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from felles.kodefelt import KodeFelt


class Skjerming(models.Model):
    """Skjerming (§4.6): takes effect when a tilgangsrestriksjon is set."""

    tilgangsrestriksjon = KodeFelt("tilgangsrestriksjon", "M500")
    skjermingshjemmel = models.CharField(max_length=255, help_text="M501 skjermingshjemmel")
    skjerming_metadata = models.JSONField(default=list, help_text="M502 skjermingMetadata (koder)")
    skjerming_dokument = KodeFelt("skjermingdokument", "M503")
    skjermingsvarighet = models.PositiveIntegerField(
        null=True, blank=True, help_text="M504 skjermingsvarighet"
    )
    skjerming_opphoerer_dato = models.DateField(
        null=True, blank=True, help_text="M505 skjermingOpphoererDato"
    )

    class Meta:
        verbose_name_plural = "skjerminger"

    def __str__(self) -> str:
        return f"{self.tilgangsrestriksjon} {self.skjermingshjemmel}"


class Gradering(models.Model):
    """Gradering (§4.7): security classification; no inheritance rule is stated."""

    graderingskode = KodeFelt("graderingskode", "M506")
    graderingsdato = models.DateTimeField(help_text="M624 graderingsdato")
    gradert_av = models.CharField(max_length=255, help_text="M625 gradertAv")
    referanse_gradert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    nedgraderingsdato = models.DateTimeField(
        null=True, blank=True, help_text="M626 nedgraderingsdato"
    )
    nedgradert_av = models.CharField(
        max_length=255, blank=True, default="", help_text="M627 nedgradertAv"
    )
    referanse_nedgradert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "graderinger"

    def __str__(self) -> str:
        return self.graderingskode


class Kassasjon(models.Model):
    """Kassasjon (§4.8): the retention decision."""

    kassasjonsvedtak = KodeFelt("kassasjonsvedtak", "M450")
    kassasjonshjemmel = models.CharField(
        max_length=255, blank=True, default="", help_text="M453 kassasjonshjemmel"
    )
    bevaringstid = models.PositiveIntegerField(help_text="M451 bevaringstid (år)")
    kassasjonsdato = models.DateField(null=True, blank=True, help_text="M452 kassasjonsdato")

    class Meta:
        verbose_name_plural = "kassasjoner"

    def __str__(self) -> str:
        return f"{self.kassasjonsvedtak} {self.bevaringstid} år"


class UtfoertKassasjon(models.Model):
    """UtfoertKassasjon (§4.9)."""

    kassert_dato = models.DateTimeField(help_text="M630 kassertDato")
    kassert_av = models.CharField(max_length=255, help_text="M631 kassertAv")
    referanse_kassert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "utførte kassasjoner"

    def __str__(self) -> str:
        return f"kassert {self.kassert_dato:%Y-%m-%d}"


class Sletting(models.Model):
    """Sletting (§4.10): a recorded deletion, which is not a disposal."""

    slettingstype = KodeFelt("slettingstype", "M089")
    slettet_dato = models.DateTimeField(help_text="M613 slettetDato")
    slettet_av = models.CharField(max_length=255, help_text="M614 slettetAv")
    referanse_slettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "slettinger"

    def __str__(self) -> str:
        return self.slettingstype


class ElektroniskSignatur(models.Model):
    """ElektroniskSignatur (§4.14)."""

    elektronisk_signatur_sikkerhetsnivaa = KodeFelt("elektronisksignatursikkerhetsnivaa", "M507")
    elektronisk_signatur_verifisert = KodeFelt("elektronisksignaturverifisert", "M508")
    verifisert_dato = models.DateTimeField(help_text="M622 verifisertDato")
    verifisert_av = models.CharField(max_length=255, help_text="M623 verifisertAv")
    referanse_verifisert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "elektroniske signaturer"

    def __str__(self) -> str:
        return self.elektronisk_signatur_verifisert


class ArverSkjermingOgKassasjon(models.Model):
    """Owners of skjerming, gradering and kassasjon.

    `skjerming`/`kassasjon` point at the *effective* value: the unit's own, or the ancestor's it
    inherits (then `*_er_arvet` is true). Scoping reads the effective access code in one join.
    """

    skjerming = models.ForeignKey(
        Skjerming, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    skjerming_er_arvet = models.BooleanField(default=False)
    gradering = models.ForeignKey(
        Gradering, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kassasjon = models.ForeignKey(
        Kassasjon, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kassasjon_er_arvet = models.BooleanField(default=False)

    class Meta:
        abstract = True
