"""Part, Merknad, Kryssreferanse, Nasjonalidentifikator (model.md §4.2–4.5, §4.15).

Each attaches to exactly one owner; check constraints hold that in the database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from felles.ids import uuid7
from felles.kodefelt import KodeFelt
from felles.models import Arkivenhet


def _naktig_en(*felter: str) -> Q:
    """Exactly one of the given foreign keys is set."""
    alternativer = Q()
    for valgt in felter:
        betingelse = Q(**{f"{valgt}__isnull": False})
        for annet in felter:
            if annet != valgt:
                betingelse &= Q(**{f"{annet}__isnull": True})
        alternativer |= betingelse
    return alternativer


class Adressefelter(models.Model):
    """EnkelAdresse and Kontaktinformasjon (model.md §4.3), flattened as in the extract."""

    postadresse = models.JSONField(
        default=list, blank=True, help_text="M406 postadresse (adresselinjer)"
    )
    postnummer = models.CharField(
        max_length=10, blank=True, default="", help_text="M407 postnummer"
    )
    poststed = models.CharField(max_length=100, blank=True, default="", help_text="M408 poststed")
    land = models.CharField(
        max_length=2, blank=True, default="", help_text="M409 land (ISO 3166-1)"
    )
    epostadresse = models.CharField(
        max_length=254, blank=True, default="", help_text="M410 epostadresse"
    )
    telefonnummer = models.JSONField(default=list, blank=True, help_text="M411 telefonnummer")
    kontaktperson = models.CharField(
        max_length=255, blank=True, default="", help_text="M412 kontaktperson"
    )

    class Meta:
        abstract = True


class Parttype(models.TextChoices):
    PERSON = "person", "Person"
    ENHET = "enhet", "Enhet (organisasjon)"


class Part(Adressefelter):
    """Noark 5 Part (§4.2): a party on a mappe, registrering or dokumentbeskrivelse."""

    system_id = models.UUIDField(
        default=uuid7, unique=True, editable=False, help_text="M001 systemID"
    )
    mappe = models.ForeignKey(
        "arkivstruktur.Mappe",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parter",
    )
    registrering = models.ForeignKey(
        "arkivstruktur.Registrering",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parter",
    )
    dokumentbeskrivelse = models.ForeignKey(
        "arkivstruktur.Dokumentbeskrivelse",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parter",
    )
    parttype = models.CharField(max_length=10, choices=Parttype.choices, default=Parttype.PERSON)
    part_id = models.CharField(max_length=100, blank=True, default="", help_text="M010 partID")
    part_navn = models.CharField(max_length=255, help_text="M302 partNavn")
    part_rolle = KodeFelt("partrolle", "M303")
    personidentifikator = models.CharField(
        max_length=11, blank=True, default="", help_text="Fødselsnummer eller D-nummer"
    )
    enhetsidentifikator = models.CharField(
        max_length=9, blank=True, default="", help_text="Organisasjonsnummer"
    )
    virksomhetsspesifikke_metadata = models.JSONField(null=True, blank=True, help_text="M711")

    class Meta:
        verbose_name_plural = "parter"
        constraints = [
            models.CheckConstraint(
                condition=_naktig_en("mappe", "registrering", "dokumentbeskrivelse"),
                name="part_har_en_eier",
            ),
        ]

    def __str__(self) -> str:
        return self.part_navn


class Merknad(models.Model):
    """Noark 5 Merknad (§4.4)."""

    system_id = models.UUIDField(
        default=uuid7, unique=True, editable=False, help_text="M001 systemID"
    )
    mappe = models.ForeignKey(
        "arkivstruktur.Mappe",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="merknader",
    )
    registrering = models.ForeignKey(
        "arkivstruktur.Registrering",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="merknader",
    )
    dokumentbeskrivelse = models.ForeignKey(
        "arkivstruktur.Dokumentbeskrivelse",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="merknader",
    )
    merknadstekst = models.TextField(help_text="M310 merknadstekst")
    merknadstype = KodeFelt("merknadstype", "M084")
    merknadsdato = models.DateTimeField(help_text="M611 merknadsdato")
    merknad_registrert_av = models.CharField(max_length=255, help_text="M612 merknadRegistrertAv")
    referanse_merknad_registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "merknader"
        constraints = [
            models.CheckConstraint(
                condition=_naktig_en("mappe", "registrering", "dokumentbeskrivelse"),
                name="merknad_har_en_eier",
            ),
        ]

    def __str__(self) -> str:
        return self.merknadstekst[:50]


class Kryssreferanse(Arkivenhet):
    """Noark 5 Kryssreferanse (§4.5): a one-way reference klasse→klasse or
    mappe/registrering→mappe/registrering."""

    fra_klasse = models.ForeignKey(
        "arkivstruktur.Klasse",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kryssreferanser",
    )
    fra_mappe = models.ForeignKey(
        "arkivstruktur.Mappe",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kryssreferanser",
    )
    fra_registrering = models.ForeignKey(
        "arkivstruktur.Registrering",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kryssreferanser",
    )
    til_klasse = models.ForeignKey(
        "arkivstruktur.Klasse",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="M219 referanseTilKlasse",
    )
    til_mappe = models.ForeignKey(
        "arkivstruktur.Mappe",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="M210 referanseTilMappe",
    )
    til_registrering = models.ForeignKey(
        "arkivstruktur.Registrering",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="M212 referanseTilRegistrering",
    )

    class Meta:
        verbose_name_plural = "kryssreferanser"
        constraints = [
            models.CheckConstraint(
                condition=_naktig_en("fra_klasse", "fra_mappe", "fra_registrering"),
                name="kryssref_en_kilde",
            ),
            models.CheckConstraint(
                condition=_naktig_en("til_klasse", "til_mappe", "til_registrering"),
                name="kryssref_ett_maal",
            ),
            # klasse → klasse only; mappe/registrering → mappe/registrering only.
            models.CheckConstraint(
                condition=Q(fra_klasse__isnull=True, til_klasse__isnull=True)
                | Q(fra_klasse__isnull=False, til_klasse__isnull=False),
                name="kryssref_klasse_til_klasse",
            ),
            models.UniqueConstraint(
                fields=[
                    "fra_klasse",
                    "fra_mappe",
                    "fra_registrering",
                    "til_klasse",
                    "til_mappe",
                    "til_registrering",
                ],
                name="kryssref_unik",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return str(self.system_id)


class Nasjonalidentifikatortype(models.TextChoices):
    BYGNING = "bygning", "Bygning"
    MATRIKKEL = "matrikkel", "Matrikkel"
    PLAN = "plan", "Plan"
    POSISJON = "posisjon", "Posisjon"
    ENHETSIDENTIFIKATOR = "enhetsidentifikator", "Enhetsidentifikator"
    FOEDSELSNUMMER = "foedselsnummer", "Fødselsnummer"
    DNUMMER = "dnummer", "D-nummer"


class Nasjonalidentifikator(models.Model):
    """Nasjonalidentifikator (§4.15, API only): links to national registers.

    The subtype's attributes are kept in `verdier` (validated per subtype by the service), since
    each subtype has two to five small fields and none is queried across subtypes.
    """

    system_id = models.UUIDField(
        default=uuid7, unique=True, editable=False, help_text="M001 systemID"
    )
    mappe = models.ForeignKey(
        "arkivstruktur.Mappe",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="nasjonalidentifikatorer",
    )
    registrering = models.ForeignKey(
        "arkivstruktur.Registrering",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="nasjonalidentifikatorer",
    )
    identifikatortype = models.CharField(max_length=30, choices=Nasjonalidentifikatortype.choices)
    verdier = models.JSONField()

    class Meta:
        verbose_name_plural = "nasjonalidentifikatorer"
        constraints = [
            models.CheckConstraint(
                condition=_naktig_en("mappe", "registrering"), name="nasjonalid_en_eier"
            ),
        ]

    def __str__(self) -> str:
        # The change log writes str() of what is created or deleted, and it is kept for
        # ever: a fødselsnummer or D-nummer must not end up there (personopplysningsloven § 12).
        if self.identifikatortype in (
            Nasjonalidentifikatortype.FOEDSELSNUMMER,
            Nasjonalidentifikatortype.DNUMMER,
        ):
            return f"{self.identifikatortype} *****"
        return f"{self.identifikatortype} {self.verdier}"
