"""The standard's relation keys (rest-api.md §2, §12) and what each package root lists.

Only the relation keys are standardised; the hrefs are ours (rest-api.md §1.4). Our URL layout
mirrors the keys: the resource of `REL:arkivstruktur/mappe/` lives at `<api>/arkivstruktur/mappe/`,
so the link builder makes every href from the key's suffix.

The package lists are §12's "Keys a package root must list" with two resolutions from §13:
`admin/tilgang/` is served next to `admin/rettighet/` for the same collection (item 4, with
`ny-tilgang/` next to `ny-rettighet/` to match), and the camel-case
`metadata/virksomhetsspesifikkeMetadata/` is the one listed (item 3). Meetings (§12.3) are not
part of API 1.1 and are left out. `metadata/mappetype/` is not listed: §13 item 10 says the
attribute is gone from the model, although client-compat.md §14.1 counts it among 66 keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kodeliste import standardverdier

REL_PREFIKS = "https://rel.arkivverket.no/noark5/v5/api/"

# The OData query template that entity collections carry on a package root
# (client-compat.md §4: clients cut the href at "{").
ODATA_MAL = "{?$filter&$orderby&$top&$skip&$search}"


def rel(suffiks: str) -> str:
    """The full relation key of a suffix such as `arkivstruktur/mappe/`."""
    return REL_PREFIKS + suffiks


# The reference server's namespace for what the standard has no relation key for: the
# sub-resources of repeated values (client-compat.md §1 items 7 and 8).
LEVERANDOER_PREFIKS = "https://nikita.arkivlab.no/noark5/v5/"


def leverandoer_rel(suffiks: str) -> str:
    """The vendor relation key of a suffix such as `ny-noekkelord/`."""
    return LEVERANDOER_PREFIKS + suffiks


class Krav(Enum):
    """Who sees a link on a package root (rest-api.md §1.4: advertise only what the user may do)."""

    INNLOGGET = "innlogget"
    SYSTEMADMINISTRATOR = "systemadministrator"  # tilgang.regler.er_systemadministrator
    KODELISTE_ENDRE = "kodeliste.endre"  # the named permission of tilgang.regler


@dataclass(frozen=True)
class Ressurs:
    suffiks: str  # the relation key after REL_PREFIKS; also the href below the API root
    templated: bool = False
    krav: Krav = Krav.INNLOGGET
    href_suffiks: str | None = None  # when two keys share one href (§13 item 4)


def _samling(pakke: str, navn: str) -> Ressurs:
    return Ressurs(f"{pakke}/{navn}/", templated=True)


def _ny(pakke: str, navn: str, krav: Krav, href_navn: str | None = None) -> Ressurs:
    href = f"{pakke}/ny-{href_navn}/" if href_navn else None
    return Ressurs(f"{pakke}/ny-{navn}/", krav=krav, href_suffiks=href)


# Code lists of §12.5 (alphabetical, as the table): every seeded list but the meeting ones,
# which belong to the moeter package (not in API 1.1). Each gets `metadata/<navn>/` and
# `metadata/ny-<navn>/`.
KODELISTER = tuple(
    sorted(liste.navn for liste in standardverdier.KODELISTER if not liste.navn.startswith("moete"))
)

_SA = Krav.SYSTEMADMINISTRATOR

NY_ARKIV = _ny("arkivstruktur", "arkiv", _SA)

PAKKER: dict[str, tuple[Ressurs, ...]] = {
    "arkivstruktur": (
        *(
            _samling("arkivstruktur", navn)
            for navn in (
                "arkiv",
                "arkivdel",
                "arkivskaper",
                "dokumentbeskrivelse",
                "dokumentobjekt",
                "klasse",
                "klassifikasjonssystem",
                "mappe",
                "registrering",
            )
        ),
        NY_ARKIV,
        _ny("arkivstruktur", "arkivskaper", _SA),
    ),
    "sakarkiv": tuple(
        _samling("sakarkiv", navn)
        for navn in ("arkivnotat", "journalpost", "presedens", "saksmappe")
    ),
    "admin": (
        _samling("admin", "administrativenhet"),
        _samling("admin", "bruker"),
        _samling("admin", "rettighet"),
        Ressurs("admin/tilgang/", templated=True, href_suffiks="admin/rettighet/"),
        _ny("admin", "administrativenhet", _SA),
        _ny("admin", "bruker", _SA),
        _ny("admin", "rettighet", _SA),
        _ny("admin", "tilgang", _SA, href_navn="rettighet"),
    ),
    "metadata": (
        *(Ressurs(f"metadata/{navn}/") for navn in KODELISTER),
        *(_ny("metadata", navn, Krav.KODELISTE_ENDRE) for navn in KODELISTER),
        Ressurs("metadata/virksomhetsspesifikkeMetadata/"),
        _ny("metadata", "virksomhetsspesifikkeMetadata", Krav.KODELISTE_ENDRE),
    ),
    "loggingogsporing": (
        _samling("loggingogsporing", "endringslogg"),
        _samling("loggingogsporing", "hendelseslogg"),
    ),
}

# Login mechanisms (rest-api.md §1.2). Only those that work end to end are advertised
# (client-compat.md §3.2): OpenID Connect discovery (its href is the discovery document, not a
# resource of the same name), OAuth2 (the description of the token endpoint) and HTTP Basic.
INNLOGGING_OIDC = "login/oidc/"
INNLOGGING_RFC6749 = "login/rfc6749/"
INNLOGGING_RFC7617 = "login/rfc7617/"
OIDC_OPPDAGELSE = ".well-known/openid-configuration"  # href of INNLOGGING_OIDC
TOKENENDEPUNKT = "login/rfc6749/token/"
SYSTEM = "admin/system/"

# Entity resources built so far, by their path below the API root.
ARKIV = "arkivstruktur/arkiv/"
