"""Registrering and its subtypes Journalpost and Arkivnotat in one table (model.md §3.9–3.11).

As for Mappe, `sakarkiv.Journalpost` and `sakarkiv.Arkivnotat` are proxies and the journal
numbering constraints hold in the database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from arkivstruktur.models.datatyper import ArverSkjermingOgKassasjon, ElektroniskSignatur
from felles.kodefelt import KodeFelt
from felles.models import Arkivenhet
from tilgang.omfang import SynligManager, Tilgangsfelter


class Registreringstype(models.TextChoices):
    REGISTRERING = "registrering", "Registrering"
    JOURNALPOST = "journalpost", "Journalpost"
    ARKIVNOTAT = "arkivnotat", "Arkivnotat"


class Registrering(Arkivenhet, ArverSkjermingOgKassasjon):
    """Noark 5 Registrering: a record of one transaction, in a mappe, klasse or arkivdel."""

    registreringstype = models.CharField(
        max_length=20, choices=Registreringstype.choices, default=Registreringstype.REGISTRERING
    )
    arkiv = models.ForeignKey("arkivstruktur.Arkiv", on_delete=models.PROTECT, related_name="+")
    arkivdel = models.ForeignKey(
        "arkivstruktur.Arkivdel",
        on_delete=models.PROTECT,
        related_name="registreringer",
        help_text="M208 referanseArkivdel",
    )
    mappe = models.ForeignKey(
        "arkivstruktur.Mappe",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registreringer",
    )
    klasse = models.ForeignKey(
        "arkivstruktur.Klasse",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registreringer",
    )
    registrerings_id = models.CharField(max_length=100, help_text="M004 registreringsID")
    tittel = models.TextField(help_text="M020 tittel")
    offentlig_tittel = models.TextField(blank=True, default="", help_text="M025 offentligTittel")
    beskrivelse = models.TextField(blank=True, default="", help_text="M021 beskrivelse")
    noekkelord = models.JSONField(default=list, blank=True, help_text="M022 noekkelord")
    forfatter = models.JSONField(default=list, blank=True, help_text="M024 forfatter")
    dokumentmedium = KodeFelt("dokumentmedium", "M300")
    oppbevaringssted = models.JSONField(default=list, blank=True, help_text="M301 oppbevaringssted")
    arkivert_dato = models.DateTimeField(null=True, blank=True, help_text="M604 arkivertDato")
    arkivert_av = models.CharField(
        max_length=255, blank=True, default="", help_text="M605 arkivertAv"
    )
    referanse_arkivert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    virksomhetsspesifikke_metadata = models.JSONField(
        null=True, blank=True, help_text="M711 virksomhetsspesifikkeMetadata"
    )
    # Saksansvar of the record (5.5.10), copied from the saksmappe by default; used for
    # restanse lists and access scoping. The names are kept on KorrespondansepartIntern.
    referanse_administrativ_enhet = models.ForeignKey(
        "organisasjon.AdministrativEnhet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    referanse_saksbehandler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # Journalpost (§3.10) and Arkivnotat (§3.11)
    journalaar = models.PositiveIntegerField(null=True, blank=True, help_text="M013 journalaar")
    journalsekvensnummer = models.PositiveIntegerField(
        null=True, blank=True, help_text="M014 journalsekvensnummer"
    )
    journalpostnummer = models.PositiveIntegerField(
        null=True, blank=True, help_text="M015 journalpostnummer"
    )
    journalposttype = KodeFelt("journalposttype", "M082")
    journalstatus = KodeFelt("journalstatus", "M053")
    journaldato = models.DateField(null=True, blank=True, help_text="M101 journaldato")
    dokumentets_dato = models.DateField(null=True, blank=True, help_text="M103 dokumentetsDato")
    mottatt_dato = models.DateTimeField(null=True, blank=True, help_text="M104 mottattDato")
    sendt_dato = models.DateTimeField(null=True, blank=True, help_text="M105 sendtDato")
    forfallsdato = models.DateField(null=True, blank=True, help_text="M109 forfallsdato")
    offentlighetsvurdert_dato = models.DateField(
        null=True, blank=True, help_text="M110 offentlighetsvurdertDato"
    )
    antall_vedlegg = models.PositiveIntegerField(
        null=True, blank=True, help_text="M304 antallVedlegg"
    )
    utlaant_dato = models.DateField(null=True, blank=True, help_text="M106 utlaantDato")
    utlaant_til = models.CharField(
        max_length=255, blank=True, default="", help_text="M309 utlaantTil"
    )
    referanse_utlaant_til = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    journalenhet = models.CharField(
        max_length=255, blank=True, default="", help_text="M308 journalenhet"
    )
    elektronisk_signatur = models.ForeignKey(
        ElektroniskSignatur, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Next dokumentnummer (M007), incremented under the row lock of this registrering.
    siste_dokumentnummer = models.PositiveIntegerField(default=0)
    etag_uten = ("siste_dokumentnummer",)  # adding a document updates it (noark_api.etag)

    objects = SynligManager()
    tilgangsfelter = Tilgangsfelter(
        virksomhet="arkiv__virksomhet_id",
        skjerming="skjerming",
        gradering="gradering",
        ansvarlig="referanse_saksbehandler_id",
        enhet="referanse_administrativ_enhet_id",
        sak="mappe_id",
        overordnet_gradering="mappe__gradering",
    )

    class Meta:
        verbose_name_plural = "registreringer"
        indexes = [
            models.Index(
                fields=["arkiv", "-journalaar", "-journalsekvensnummer"],
                name="reg_journalnummer_idx",
            ),
            models.Index(fields=["mappe", "journalpostnummer"], name="reg_mappe_jpnr_idx"),
            models.Index(
                fields=["referanse_saksbehandler", "journalstatus"], name="reg_saksbehandler_idx"
            ),
            models.Index(
                fields=["referanse_administrativ_enhet", "journaldato"], name="reg_enhet_dato_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["arkiv", "registrerings_id"], name="registrerings_id_unik_i_arkiv"
            ),
            models.UniqueConstraint(
                fields=["arkiv", "journalaar", "journalsekvensnummer"],
                condition=Q(registreringstype="journalpost"),
                name="journalnummer_unik_i_arkiv",
            ),
            models.UniqueConstraint(
                fields=["mappe", "journalpostnummer"],
                condition=Q(registreringstype="journalpost"),
                name="journalpostnummer_unik_i_mappe",
            ),
            models.CheckConstraint(
                condition=~Q(registreringstype="journalpost")
                | (
                    Q(journalaar__isnull=False)
                    & Q(journalsekvensnummer__isnull=False)
                    & Q(journalpostnummer__isnull=False)
                    & Q(mappe__isnull=False)
                    & ~Q(journalposttype="")
                    & ~Q(journalstatus="")
                    & Q(journaldato__isnull=False)
                ),
                name="journalpost_har_nummer_type_og_status",
            ),
            models.CheckConstraint(
                condition=~Q(journalstatus="A") | Q(arkivert_dato__isnull=False),
                name="arkivert_journalpost_har_arkivert_dato",
            ),
            models.CheckConstraint(
                condition=Q(mappe__isnull=True) | Q(klasse__isnull=True),
                name="registrering_i_mappe_eller_klasse",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registrerings_id} {self.tittel}"

    @property
    def er_arkivert(self) -> bool:
        return self.arkivert_dato is not None
