"""What a user has been given beyond their roles: access codes (tilgangskoder), access to one
named case (sakstilgang) and security clearances (klarering); plus the login identities.

Roles say where a user works (organisasjon.Rolletildeling). These rows widen what they may see
there: a code opens records screened with it, a sakstilgang opens one case, a clearance opens
graded records. Who may give them, and the log of every change, are in `tilgang.services`.
"""

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
            models.UniqueConstraint(
                fields=["bruker", "tilgangskode", "virksomhet"],
                condition=Q(virksomhet__isnull=False),
                name="tilgangskode_unik_per_virksomhet",
            ),
            models.UniqueConstraint(
                fields=["bruker", "tilgangskode", "administrativ_enhet"],
                condition=Q(administrativ_enhet__isnull=False),
                name="tilgangskode_unik_per_enhet",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bruker} {self.tilgangskode}"


class Sakstilgang(models.Model):
    """A named user's access to one mappe (normally a saksmappe) and the registreringer and
    documents in it, screened or not, whatever unit the user belongs to.

    Given by the case's saksansvarlig or a leder of its unit, for a colleague with a role in
    the same virksomhet; it ends on `utloeper` (inclusive) or when it is withdrawn (the row is
    deleted; the endringslogg keeps both events). It is not a clearance: graded material
    still needs a Klarering.
    """

    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sakstilganger"
    )
    mappe = models.ForeignKey("arkivstruktur.Mappe", on_delete=models.CASCADE, related_name="+")
    begrunnelse = models.TextField(blank=True, default="")
    utloeper = models.DateField(
        null=True, blank=True, help_text="Siste dag tilgangen gjelder; tom: til den trekkes"
    )
    gitt_dato = models.DateTimeField(auto_now_add=True)
    gitt_av = models.CharField(max_length=255)
    referanse_gitt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "sakstilgang"
        verbose_name_plural = "sakstilganger"
        constraints = [
            models.UniqueConstraint(fields=["bruker", "mappe"], name="sakstilgang_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.bruker} → mappe {self.mappe_id}"


class Graderingsskala(models.TextChoices):
    """The two scales of Graderingskode (M506): a clearance on one does not open the other."""

    SIKKERHETSGRAD = "sikkerhetsgrad", "Sikkerhetsgrad (sikkerhetsloven)"
    BESKYTTELSESGRAD = "beskyttelsesgrad", "Beskyttelsesgrad (beskyttelsesinstruksen)"


# Graderingskode → (scale, level); a higher level covers the lower ones of the same scale.
GRADERINGSNIVAA: dict[str, tuple[str, int]] = {
    "B": (Graderingsskala.SIKKERHETSGRAD, 1),
    "K": (Graderingsskala.SIKKERHETSGRAD, 2),
    "H": (Graderingsskala.SIKKERHETSGRAD, 3),
    "SH": (Graderingsskala.SIKKERHETSGRAD, 4),
    "F": (Graderingsskala.BESKYTTELSESGRAD, 1),
    "SF": (Graderingsskala.BESKYTTELSESGRAD, 2),
}


def dekkede_grader(graderingskode: str) -> frozenset[str]:
    """The grades a clearance at `graderingskode` opens: it and the lower ones on its scale."""
    skala, nivaa = GRADERINGSNIVAA[graderingskode]
    return frozenset(kode for kode, (s, n) in GRADERINGSNIVAA.items() if s == skala and n <= nivaa)


class Klarering(models.Model):
    """A user's security clearance (sikkerhetsklarering / autorisasjon): the highest
    graderingskode they may see on one scale, in one virksomhet or (empty) in every one.

    Separate from access codes: a graded record needs both the clearance and whatever else
    makes it visible (district, and the code when it is also screened). Valid from
    `gyldig_fra` to `gyldig_til`, both inclusive.
    """

    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="klareringer"
    )
    graderingskode = models.CharField(
        max_length=2, help_text="Høyeste gradering (M506 graderingskode) klareringen gjelder"
    )
    virksomhet = models.ForeignKey(
        "organisasjon.Virksomhet",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Tom: gjelder alle virksomheter",
    )
    gyldig_fra = models.DateField()
    gyldig_til = models.DateField(null=True, blank=True)
    gitt_dato = models.DateTimeField(auto_now_add=True)
    gitt_av = models.CharField(max_length=255)
    referanse_gitt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "klarering"
        verbose_name_plural = "klareringer"
        constraints = [
            models.CheckConstraint(
                condition=Q(graderingskode__in=list(GRADERINGSNIVAA)),
                name="klarering_kjent_graderingskode",
            ),
            models.CheckConstraint(
                condition=Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=models.F("gyldig_fra")),
                name="klarering_gyldig_til_etter_fra",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bruker} {self.graderingskode}"

    @property
    def skala(self) -> str:
        return GRADERINGSNIVAA[self.graderingskode][0]


class OidcIdentitet(models.Model):
    """The stable OpenID Connect identity (issuer + subject) a Bruker logs in with.

    The subject never changes for a person at one issuer, unlike names and user names, so a
    login is matched on this first (tilgang.innlogging.oidc)."""

    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oidc_identiteter"
    )
    issuer = models.CharField(max_length=255, help_text="OIDC iss, eksakt som i ID-tokenet")
    subjekt = models.CharField(max_length=255, help_text="OIDC sub, eksakt som i ID-tokenet")
    opprettet_dato = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "OIDC-identitet"
        verbose_name_plural = "OIDC-identiteter"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subjekt"], name="oidc_identitet_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.bruker} ({self.issuer})"
