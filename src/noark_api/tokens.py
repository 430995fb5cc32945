"""OAuth2 tokens for the API (RFC 6749, RFC 6750; rest-api.md §1.2, client-compat.md §3.4):
issuing, refreshing and checking them, and the registered API clients (fagsystemer).

Rules:

* A token is `secrets.token_urlsafe(32)` (256 random bits) and is stored only as its SHA-256;
  the raw value exists in the answer to the client and nowhere else.
* An access token lasts `ARKIVAR_API_TOKEN_LEVETID` seconds, a refresh token
  `ARKIVAR_API_REFRESH_LEVETID`. A refresh token is used once: refreshing marks it used and
  issues a new pair (rotation). A used refresh token that comes back revokes its whole family
  (RFC 9700 §4.14.2: one of the two holders is an attacker).
* A token is refused as soon as its user is deactivated, its client is deactivated, or the
  user has logged out on all devices (the session generation, tilgang.innlogging.okter).
* A client's secret is hashed with Django's password hasher and shown once, at registration.
  A client acts as a named Bruker, so its requests meet the same access rules as that user.

The client-credentials grant gives no refresh token (RFC 6749 §4.4.3): the client asks again.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils.translation import gettext as _

from felles.feil import DomeneFeil, IkkeFunnet
from felles.tid import naa
from noark_api.models import ApiKlient, ApiToken, Tokenart

logger = logging.getLogger(__name__)

_KLIENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{2,99}$")


@dataclass(frozen=True)
class Tokenpar:
    """What the token endpoint answers with (RFC 6749 §5.1); the raw tokens live only here."""

    access_token: str
    expires_in: int
    refresh_token: str | None = None
    refresh_expires_in: int | None = None


class TokenFeil(Exception):
    """A refusal in RFC 6749 §5.2 terms: `kode` is the `error` code, `beskrivelse` the text for
    people (bokmål), `status` the HTTP status (400; 401 for a client that failed to
    authenticate; 429 with `vent` seconds for a locked user name)."""

    def __init__(
        self, kode: str, beskrivelse: str, status: int = 400, *, vent: int | None = None
    ) -> None:
        super().__init__(beskrivelse)
        self.kode = kode
        self.beskrivelse = beskrivelse
        self.status = status
        self.vent = vent


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _levetider() -> tuple[int, int]:
    return int(settings.ARKIVAR_API_TOKEN_LEVETID), int(settings.ARKIVAR_API_REFRESH_LEVETID)


def _ny_rad(
    *, art: str, bruker: Any, klient: ApiKlient | None, familie: uuid.UUID, levetid: int
) -> tuple[str, ApiToken]:
    token = secrets.token_urlsafe(32)
    tidspunkt = naa()
    rad = ApiToken(
        art=art,
        token_hash=token_hash(token),
        bruker=bruker,
        klient=klient,
        familie=familie,
        okt_generasjon=bruker.okt_generasjon,
        utstedt_dato=tidspunkt,
        utloeper_dato=tidspunkt + timedelta(seconds=levetid),
    )
    return token, rad


def token_utsted(
    *,
    bruker: Any,
    klient: ApiKlient | None = None,
    med_fornying: bool = True,
    familie: uuid.UUID | None = None,
) -> Tokenpar:
    """Issue an access token (and a refresh token unless `med_fornying` is false) for an
    active `bruker`, on behalf of `klient` when a registered client authenticated. Expired
    tokens are cleared on the way, so the table holds only live ones and does not grow."""
    if not bruker.is_active:
        raise TokenFeil("invalid_grant", _("Brukeren er deaktivert."))
    tilgang_levetid, fornying_levetid = _levetider()
    familie = familie or uuid.uuid4()
    tilgang, tilgangsrad = _ny_rad(
        art=Tokenart.TILGANG, bruker=bruker, klient=klient, familie=familie, levetid=tilgang_levetid
    )
    rader = [tilgangsrad]
    fornying: str | None = None
    if med_fornying:
        fornying, fornyingsrad = _ny_rad(
            art=Tokenart.FORNYING,
            bruker=bruker,
            klient=klient,
            familie=familie,
            levetid=fornying_levetid,
        )
        rader.append(fornyingsrad)
    with transaction.atomic():
        ApiToken.objects.filter(utloeper_dato__lt=naa()).delete()
        ApiToken.objects.bulk_create(rader)
    logger.info(
        "noark_api.token.utstedt",
        extra={
            "bruker_id": bruker.pk,
            "klient_id": klient.klient_id if klient else None,
            "med_fornying": med_fornying,
        },
    )
    return Tokenpar(
        access_token=tilgang,
        expires_in=tilgang_levetid,
        refresh_token=fornying,
        refresh_expires_in=fornying_levetid if med_fornying else None,
    )


def _er_gyldig(rad: ApiToken) -> bool:
    """Still valid: not revoked or expired; user and client active; no "log out everywhere"
    since it was issued."""
    bruker = rad.bruker
    return (
        rad.tilbakekalt_dato is None
        and rad.utloeper_dato > naa()
        and bruker.is_active
        and (rad.klient is None or rad.klient.er_aktiv)
        and rad.okt_generasjon == bruker.okt_generasjon
    )


def token_finn(token: str) -> ApiToken | None:
    """The valid access token behind a Bearer value, with its user and client; None for an
    unknown, expired, revoked or otherwise refused one (RFC 6750 §3.1 invalid_token)."""
    rad = (
        ApiToken.objects.select_related("bruker", "klient")
        .filter(token_hash=token_hash(token), art=Tokenart.TILGANG)
        .first()
    )
    if rad is None or not _er_gyldig(rad):
        return None
    return rad


def token_forny(*, fornyingstoken: str, klient: ApiKlient | None) -> Tokenpar:
    """`grant_type=refresh_token` (RFC 6749 §6): a new pair for a valid, unused refresh token.
    A token issued to a registered client may be refreshed by that client only."""
    ugyldig = TokenFeil(
        "invalid_grant", _("Fornyingstokenet er ugyldig, utløpt eller allerede brukt.")
    )
    rad = (
        ApiToken.objects.select_related("bruker", "klient")
        .filter(token_hash=token_hash(fornyingstoken), art=Tokenart.FORNYING)
        .first()
    )
    if rad is None:
        raise ugyldig
    if rad.brukt_dato is not None:
        tilbakekalte = _tilbakekall(ApiToken.objects.filter(familie=rad.familie))
        logger.warning(
            "noark_api.token.fornying_gjenbrukt",
            extra={"bruker_id": rad.bruker_id, "tilbakekalt": tilbakekalte},
        )
        raise ugyldig
    if rad.klient_id is not None and (klient is None or klient.pk != rad.klient_id):
        raise TokenFeil("invalid_client", _("Tokenet er utstedt til en annen klient."), status=401)
    if not _er_gyldig(rad):
        raise ugyldig
    with transaction.atomic():
        # Conditional: of two refreshes racing with one token, only one wins.
        brukt = ApiToken.objects.filter(pk=rad.pk, brukt_dato__isnull=True).update(brukt_dato=naa())
        if brukt != 1:
            raise ugyldig
        return token_utsted(bruker=rad.bruker, klient=rad.klient, familie=rad.familie)


def _tilbakekall(tokens: Any) -> int:
    return int(tokens.filter(tilbakekalt_dato__isnull=True).update(tilbakekalt_dato=naa()))


def tokens_tilbakekall(*, bruker: Any = None, klient: ApiKlient | None = None) -> int:
    """Revoke every live token of a user or of a client; returns how many."""
    tokens = ApiToken.objects.all()
    if bruker is not None:
        tokens = tokens.filter(bruker=bruker)
    if klient is not None:
        tokens = tokens.filter(klient=klient)
    return _tilbakekall(tokens.filter(utloeper_dato__gt=naa()))


# --- API clients ------------------------------------------------------------------------------


def apiklient_registrer(
    *, klient_id: str, navn: str, bruker: Any, utfoert_av: str
) -> tuple[ApiKlient, str]:
    """Register a fagsystem as an API client acting as `bruker`. Returns the client and its
    secret, which is shown this once: only its hash is stored."""
    if not _KLIENT_ID.match(klient_id):
        raise DomeneFeil(
            "Klient-ID-en må være 3–100 tegn: bokstaver a–z og A–Z, sifre, punktum, bindestrek "
            "og understrek, og begynne med en bokstav eller et siffer.",
            felt="klient_id",
        )
    if not bruker.is_active:
        raise DomeneFeil("Brukeren klienten skal handle som, er deaktivert.", felt="bruker")
    if ApiKlient.objects.filter(klient_id=klient_id).exists():
        raise DomeneFeil(f"Klient-ID-en «{klient_id}» er allerede i bruk.", felt="klient_id")
    hemmelighet = secrets.token_urlsafe(32)
    klient = ApiKlient.objects.create(
        klient_id=klient_id,
        navn=navn.strip() or klient_id,
        hemmelighet=make_password(hemmelighet),
        bruker=bruker,
        opprettet_av=utfoert_av,
    )
    logger.info(
        "noark_api.klient.registrert", extra={"klient_id": klient_id, "bruker_id": bruker.pk}
    )
    return klient, hemmelighet


def apiklient_deaktiver(*, klient_id: str) -> ApiKlient:
    """Deactivate a client for good and revoke its tokens."""
    klient = ApiKlient.objects.filter(klient_id=klient_id).first()
    if klient is None:
        raise IkkeFunnet(f"Fant ingen API-klient «{klient_id}».")
    with transaction.atomic():
        if klient.er_aktiv:
            klient.er_aktiv = False
            klient.deaktivert_dato = naa()
            klient.save(update_fields=["er_aktiv", "deaktivert_dato"])
        tilbakekalte = tokens_tilbakekall(klient=klient)
    logger.info(
        "noark_api.klient.deaktivert",
        extra={"klient_id": klient_id, "tilbakekalt": tilbakekalte},
    )
    return klient


def apiklient_autentiser(klient_id: str, hemmelighet: str) -> ApiKlient | None:
    """The active client with this ID and secret, whose user is active; otherwise None."""
    klient = ApiKlient.objects.select_related("bruker").filter(klient_id=klient_id).first()
    if klient is None:
        make_password(hemmelighet)  # the same time for an unknown client as for a known one
        return None
    if not check_password(hemmelighet, klient.hemmelighet):
        return None
    if not (klient.er_aktiv and klient.bruker.is_active):
        return None
    return klient


def apiklient_finnes(klient_id: str) -> bool:
    return ApiKlient.objects.filter(klient_id=klient_id).exists()
