"""Authorisations for access codes (tilgangskoder)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Tilgangskodetildeling(models.Model):
    """A user may see records screened with `tilgangskode` in one virksomhet or one unit
    (the child-welfare unit holds code 13 for its own cases only)."""

    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tilgangskoder"
    )
    tilgangskode = models.CharField(
        max_length=20, help_text="Kode i kodelisten tilgangsrestriksjon"
    )
    virksomhet = models.ForeignKey(
        "organisasjon.Virksomhet", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    administrativ_enhet = models.ForeignKey(
        "organisasjon.AdministrativEnhet",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    gitt_dato = models.DateTimeField(auto_now_add=True)
    gitt_av = models.CharField(max_length=255)

    class Meta:
        verbose_name = "tilgangskodetildeling"
        verbose_name_plural = "tilgangskodetildelinger"
        constraints = [
            models.CheckConstraint(
                condition=Q(virksomhet__isnull=False, administrativ_enhet__isnull=True)
                | Q(virksomhet__isnull=True, administrativ_enhet__isnull=False),
                name="tilgangskode_gjelder_virksomhet_eller_enhet",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bruker} {self.tilgangskode}"
