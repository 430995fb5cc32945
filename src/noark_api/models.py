"""The API's own rows: registered API clients and issued OAuth2 tokens (rest-api.md §1.2,
client-compat.md §3.4), and the kept identities of repeated values (`Verdiidentitet`). None is
a Noark entity, so none is in the endringslogg; the services in `noark_api.tokens` log to the
application log instead.

No secret is stored in a form that can be read back: a client's secret is hashed with Django's
password hasher, and a token only as its SHA-256 (a token is 256 random bits, so a fast hash
is enough; a slow one would cost on every API call).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiKlient(models.Model):
    """An OAuth2 client (RFC 6749 §2) registered for a fagsystem. It gets tokens with its
    klient-ID and secret (`grant_type=client_credentials`) and acts as `bruker`, so every
    request it makes goes through that user's access rules."""

    klient_id = models.CharField(max_length=100, unique=True, help_text="client_id")
    navn = models.CharField(max_length=200, help_text="Fagsystemet klienten er registrert for")
    hemmelighet = models.CharField(
        max_length=128, editable=False, help_text="client_secret, hashet som et passord"
    )
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_klienter",
        help_text="Brukeren klienten handler som",
    )
    er_aktiv = models.BooleanField(default=True)
    opprettet_dato = models.DateTimeField(auto_now_add=True)
    opprettet_av = models.CharField(max_length=255)
    deaktivert_dato = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API-klient"
        verbose_name_plural = "API-klienter"
        ordering = ["klient_id"]

    def __str__(self) -> str:
        return self.klient_id


class Tokenart(models.TextChoices):
    TILGANG = "tilgang", _("Tilgangstoken")
    FORNYING = "fornying", _("Fornyingstoken")


class ApiToken(models.Model):
    """An issued access token or refresh token (RFC 6749 §1.4, §1.5), kept as its SHA-256.

    The tokens of one login share `familie`: a refresh gives a new pair in the same family and
    marks the old refresh token used, so a used refresh token that comes back is a stolen copy,
    and the whole family is revoked (RFC 9700 §4.14.2). `okt_generasjon` is the user's session
    generation at issue: "Logg ut på alle enheter" ends the user's tokens as well."""

    art = models.CharField(max_length=10, choices=Tokenart.choices)
    token_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256, heksadesimalt")
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    klient = models.ForeignKey(
        ApiKlient, on_delete=models.CASCADE, null=True, blank=True, related_name="tokens"
    )
    familie = models.UUIDField(db_index=True)
    okt_generasjon = models.PositiveIntegerField()
    utstedt_dato = models.DateTimeField()
    utloeper_dato = models.DateTimeField(db_index=True)
    brukt_dato = models.DateTimeField(
        null=True, blank=True, help_text="Når fornyingstokenet ble byttet inn"
    )
    tilbakekalt_dato = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API-token"
        verbose_name_plural = "API-token"

    def __str__(self) -> str:
        return f"{self.get_art_display()} for {self.bruker_id} til {self.utloeper_dato}"


class Verdiidentitet(models.Model):
    """The systemID of one value of a repeated attribute (noekkelord, forfatter,
    oppbevaringssted, skjermingMetadata), where it is not the one derived from the value.

    The values are stored on their owner as a list; the vendor sub-resources give each its own
    `self` (noark_api.verdiidentitet). An identity is derived from the owner, the value and its
    occurrence, so only what that rule would get wrong is kept here: a value changed with PUT
    keeps its systemID, and the values after a deleted duplicate keep theirs."""

    system_id = models.UUIDField(unique=True)
    eier = models.UUIDField(help_text="The owner's systemID")
    liste = models.CharField(max_length=30, help_text="noekkelord, forfatter …")
    verdi = models.TextField(help_text="The value, or a code value's kode")

    class Meta:
        verbose_name = "verdiidentitet"
        verbose_name_plural = "verdiidentiteter"
        indexes = [models.Index(fields=["eier", "liste"], name="verdiidentitet_eier")]

    def __str__(self) -> str:
        return f"{self.liste} {self.verdi!r} ({self.system_id})"
