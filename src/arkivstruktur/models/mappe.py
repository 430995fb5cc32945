"""Mappe and its subtype Saksmappe in one table (model.md §3.6–3.7).

One table keeps a registration to single-row inserts and lets the database itself hold the
numbering constraints (saksaar/sakssekvensnummer unique in the arkiv). `sakarkiv.Saksmappe` is
a proxy over the rows with mappetype "saksmappe"; the rules for it live in `sakarkiv`.
See docs/decisions/0001-en-tabell-per-hierarki.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from arkivstruktur.models.datatyper import ArverSkjermingOgKassasjon
from felles.kodefelt import KodeFelt
from felles.models import Arkivenhet, Avsluttbar
from tilgang.omfang import SynligManager, Tilgangsfelter


class Mappetype(models.TextChoices):
    MAPPE = "mappe", "Mappe"
    SAKSMAPPE = "saksmappe", "Saksmappe"


class Mappe(Arkivenhet, Avsluttbar, ArverSkjermingOgKassasjon):
    """Noark 5 Mappe: a folder of registreringer; a saksmappe when mappetype says so."""

    mappetype = models.CharField(max_length=20, choices=Mappetype.choices, default=Mappetype.MAPPE)
    arkiv = models.ForeignKey(
        "arkivstruktur.Arkiv",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Arkivet mappeID er unik innenfor (avledet av arkivdelen)",
    )
    arkivdel = models.ForeignKey(
        "arkivstruktur.Arkivdel",
        on_delete=models.PROTECT,
        related_name="mapper",
        help_text="M208 referanseArkivdel",
    )
    klasse = models.ForeignKey(
        "arkivstruktur.Klasse",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mapper",
        help_text="Primærklassering",
    )
    overmappe = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="undermapper",
        help_text="referanseForelderMappe",
    )
    mappe_id = models.CharField(max_length=100, help_text="M003 mappeID")
    tittel = models.TextField(help_text="M020 tittel")
    offentlig_tittel = models.TextField(blank=True, default="", help_text="M025 offentligTittel")
    beskrivelse = models.TextField(blank=True, default="", help_text="M021 beskrivelse")
    noekkelord = models.JSONField(default=list, blank=True, help_text="M022 noekkelord")
    dokumentmedium = KodeFelt("dokumentmedium", "M300")
    oppbevaringssted = models.JSONField(default=list, blank=True, help_text="M301 oppbevaringssted")
    virksomhetsspesifikke_metadata = models.JSONField(
        null=True, blank=True, help_text="M711 virksomhetsspesifikkeMetadata"
    )

    # Saksmappe (§3.7)
    saksaar = models.PositiveIntegerField(null=True, blank=True, help_text="M011 saksaar")
    sakssekvensnummer = models.PositiveIntegerField(
        null=True, blank=True, help_text="M012 sakssekvensnummer"
    )
    saksdato = models.DateField(null=True, blank=True, help_text="M100 saksdato")
    administrativ_enhet = models.CharField(
        max_length=255, blank=True, default="", help_text="M305 administrativEnhet"
    )
    referanse_administrativ_enhet = models.ForeignKey(
        "organisasjon.AdministrativEnhet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="referanseAdministrativEnhet",
    )
    saksansvarlig = models.CharField(
        max_length=255, blank=True, default="", help_text="M306 saksansvarlig"
    )
    referanse_saksansvarlig = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="referanseSaksansvarlig",
    )
    journalenhet = models.CharField(
        max_length=255, blank=True, default="", help_text="M308 journalenhet"
    )
    saksstatus = KodeFelt("saksstatus", "M052")
    utlaant_dato = models.DateField(null=True, blank=True, help_text="M106 utlaantDato")
    utlaant_til = models.CharField(
        max_length=255, blank=True, default="", help_text="M309 utlaantTil"
    )
    referanse_utlaant_til = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sekundaerklassifikasjon = models.ManyToManyField(
        "arkivstruktur.Klasse",
        blank=True,
        related_name="sekundaert_klassifiserte_mapper",
        help_text="M209 referanseSekundaerKlassifikasjon",
    )
    # Counter for journalpostnummer (M015), incremented under the row lock of this mappe.
    siste_journalpostnummer = models.PositiveIntegerField(default=0)
    # Set once a journalpost in status E, J or A has been in the mappe (6.1.18: then never deleted).
    har_hatt_ekspedert_eller_journalfoert = models.BooleanField(default=False)
    # Adding a journalpost updates these; the mappe itself is unchanged (noark_api.etag).
    etag_uten = ("siste_journalpostnummer", "har_hatt_ekspedert_eller_journalfoert")

    objects = SynligManager()
    tilgangsfelter = Tilgangsfelter(
        virksomhet="arkiv__virksomhet_id",
        skjerming="skjerming",
        gradering="gradering",
        ansvarlig="referanse_saksansvarlig_id",
        enhet="referanse_administrativ_enhet_id",
        sak="pk",
    )

    class Meta:
        verbose_name_plural = "mapper"
        indexes = [
            models.Index(
                fields=["arkiv", "-saksaar", "-sakssekvensnummer"], name="mappe_saksnummer_idx"
            ),
            models.Index(
                fields=["referanse_administrativ_enhet", "saksstatus"],
                name="mappe_enhet_status_idx",
            ),
            models.Index(
                fields=["referanse_saksansvarlig", "saksstatus"], name="mappe_ansvarlig_status_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["arkiv", "mappe_id"], name="mappe_id_unik_i_arkiv"),
            models.UniqueConstraint(
                fields=["arkiv", "saksaar", "sakssekvensnummer"],
                condition=Q(mappetype="saksmappe"),
                name="saksnummer_unik_i_arkiv",
            ),
            models.CheckConstraint(
                condition=~Q(mappetype="saksmappe")
                | (
                    Q(saksaar__isnull=False)
                    & Q(sakssekvensnummer__isnull=False)
                    & Q(saksdato__isnull=False)
                    & ~Q(saksstatus="")
                ),
                name="saksmappe_har_saksnummer_og_status",
            ),
            models.CheckConstraint(
                condition=~Q(saksstatus="A") | Q(avsluttet_dato__isnull=False),
                name="avsluttet_sak_har_avsluttet_dato",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mappe_id} {self.tittel}"

    @property
    def er_saksmappe(self) -> bool:
        return self.mappetype == Mappetype.SAKSMAPPE
