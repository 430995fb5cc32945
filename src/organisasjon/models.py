"""Noark "admin": virksomheter, administrative enheter, brukere and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from felles.ids import uuid7


class Virksomhetstype(models.TextChoices):
    KOMMUNE = "kommune", _("Kommune")
    BYDEL = "bydel", _("Bydel")
    FELLESTJENESTE = "fellestjeneste", _("Felles tjeneste")


class Virksomhet(models.Model):
    """A body inside the municipality: a bydel (its own arkivskaper) or a shared service."""

    system_id = models.UUIDField(default=uuid7, unique=True, editable=False)
    navn = models.CharField(max_length=200, unique=True)
    kortnavn = models.SlugField(
        max_length=60, unique=True, help_text="Brukes i brukernavn og URL-er"
    )
    organisasjonsnummer = models.CharField(max_length=9, blank=True, default="")
    virksomhetstype = models.CharField(max_length=20, choices=Virksomhetstype.choices)
    overordnet = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="underordnede"
    )

    class Meta:
        verbose_name_plural = "virksomheter"
        ordering = ["navn"]

    def __str__(self) -> str:
        return self.navn


class AdministrativEnhet(models.Model):
    """Noark 5 AdministrativEnhet (model.md §5.1): enhet → avdeling → seksjon in a virksomhet."""

    system_id = models.UUIDField(
        default=uuid7, unique=True, editable=False, help_text="M001 systemID"
    )
    administrativ_enhet_navn = models.CharField(
        max_length=200, help_text="M583 administrativEnhetNavn"
    )
    kortnavn = models.CharField(max_length=60, help_text="kortnavn")
    administrativ_enhetsstatus = models.CharField(
        max_length=60, default="Aktiv enhet", help_text="M584 administrativEnhetsstatus"
    )
    virksomhet = models.ForeignKey(Virksomhet, on_delete=models.PROTECT, related_name="enheter")
    overordnet_enhet = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="underenheter",
        help_text="M585 referanseOverordnetEnhet",
    )
    opprettet_dato = models.DateTimeField(auto_now_add=True, help_text="M600 opprettetDato")
    opprettet_av = models.CharField(max_length=255, default="system", help_text="M601 opprettetAv")
    avsluttet_dato = models.DateTimeField(null=True, blank=True, help_text="M602 avsluttetDato")

    class Meta:
        verbose_name = "administrativ enhet"
        verbose_name_plural = "administrative enheter"
        ordering = ["virksomhet", "administrativ_enhet_navn"]
        constraints = [
            models.UniqueConstraint(
                fields=["virksomhet", "kortnavn"], name="enhet_kortnavn_unik_i_virksomhet"
            ),
        ]

    def __str__(self) -> str:
        return self.administrativ_enhet_navn


class Bruker(AbstractUser):
    """Noark 5 Bruker (model.md §5.2): everybody who has ever acted in the system; kept forever."""

    system_id = models.UUIDField(
        default=uuid7, unique=True, editable=False, help_text="M001 systemID"
    )
    avsluttet_dato = models.DateTimeField(null=True, blank=True, help_text="M602 avsluttetDato")
    er_systembruker = models.BooleanField(
        default=False, help_text="Integrasjoner og jobber handler som en navngitt systembruker"
    )
    okt_generasjon = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Økes ved «Logg ut på alle enheter»; økter fra en eldre generasjon avsluttes",
    )

    class Meta:
        verbose_name = "bruker"
        verbose_name_plural = "brukere"

    def __str__(self) -> str:
        return self.visningsnavn

    @property
    def visningsnavn(self) -> str:
        """brukerNavn (M580): the name written into opprettetAv and similar fields."""
        return self.get_full_name() or self.username


class Rolle(models.TextChoices):
    SAKSBEHANDLER = "saksbehandler", _("Saksbehandler")
    LEDER = "leder", _("Leder")
    ARKIVAR = "arkivar", _("Arkivar")
    MOETESEKRETAER = "moetesekretaer", _("Møtesekretær")
    SYSTEMADMINISTRATOR = "systemadministrator", _("Systemadministrator")


class Rolletildeling(models.Model):
    """A user's role in one administrative unit; a user may hold several, in several bydeler.
    The API shows it as a Noark Tilgang (admin/rettighet/), hence its systemID."""

    system_id = models.UUIDField(
        default=uuid7, unique=True, editable=False, help_text="M001 systemID"
    )
    bruker = models.ForeignKey(Bruker, on_delete=models.CASCADE, related_name="roller")
    administrativ_enhet = models.ForeignKey(
        AdministrativEnhet, on_delete=models.PROTECT, related_name="rolletildelinger"
    )
    rolle = models.CharField(max_length=30, choices=Rolle.choices)
    gyldig_fra = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rolletildeling"
        verbose_name_plural = "rolletildelinger"
        constraints = [
            models.UniqueConstraint(
                fields=["bruker", "administrativ_enhet", "rolle"], name="rolle_unik_per_enhet"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bruker} – {self.get_rolle_display()} i {self.administrativ_enhet}"
