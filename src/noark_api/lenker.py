"""The one link builder of the API: every `_links` member is made here (style.md §10).

Hrefs are absolute, built from the request: scheme, host and port as Django sees them. So
`X-Forwarded-Proto` counts only when SECURE_PROXY_SSL_HEADER is set, and `X-Forwarded-Host`
only with USE_X_FORWARDED_HOST, exactly as for the rest of Django; nothing here reads those
headers itself. Whether a link is shown is asked of the same `tilgang` predicates the UI and
the services use, so a link appears exactly when the action is allowed (rest-api.md §1.4).
"""

from __future__ import annotations

from typing import Any

import rules
from django.urls import reverse

from noark_api.relasjoner import (
    INNLOGGING_RFC7617,
    ODATA_MAL,
    PAKKER,
    SYSTEM,
    Krav,
    Ressurs,
    rel,
)
from tilgang.regler import er_systemadministrator

Lenke = dict[str, Any]


def api_rot(request: Any) -> str:
    """The absolute URL of the API root, ending in `/`."""
    return str(request.build_absolute_uri(reverse("noark_api:rot")))


def href(request: Any, sti: str) -> str:
    """The absolute URL of `sti` below the API root (`sti` like `arkivstruktur/mappe/`)."""
    return api_rot(request) + sti.lstrip("/")


def er_innlogget(request: Any) -> bool:
    return bool(getattr(request.user, "is_authenticated", False))


def oppfyller(request: Any, krav: Krav) -> bool:
    if not er_innlogget(request):
        return False
    if krav is Krav.SYSTEMADMINISTRATOR:
        return bool(er_systemadministrator(request.user))
    if krav is Krav.KODELISTE_ENDRE:
        return bool(rules.has_perm(krav.value, request.user))
    return True


class Lenker:
    """`_links` as the standard wants it: an object keyed by relation key, each value
    `{"href": …}` (plus `"templated": true`), sorted by key in ASCII order (rest-api.md §1.4).
    One key never maps to two hrefs (§2)."""

    def __init__(self, request: Any) -> None:
        self.request = request
        self._lenker: dict[str, Lenke] = {}

    def legg_til(self, noekkel: str, url: str, *, templated: bool = False) -> Lenker:
        lenke: Lenke = {"href": url + (ODATA_MAL if templated else "")}
        if templated:
            lenke["templated"] = True
        tidligere = self._lenker.get(noekkel)
        if tidligere is not None and tidligere != lenke:
            raise ValueError(f"Relasjonsnøkkelen {noekkel} peker alt på {tidligere['href']}.")
        self._lenker[noekkel] = lenke
        return self

    def selv(self, sti: str) -> Lenker:
        return self.legg_til("self", href(self.request, sti))

    def ressurs(self, ressurs: Ressurs) -> Lenker:
        """The resource's link when the user meets its requirement; otherwise nothing."""
        if oppfyller(self.request, ressurs.krav):
            sti = ressurs.href_suffiks or ressurs.suffiks
            self.legg_til(
                rel(ressurs.suffiks), href(self.request, sti), templated=ressurs.templated
            )
        return self

    def som_dict(self) -> dict[str, Lenke]:
        return dict(sorted(self._lenker.items()))


def rotlenker(request: Any) -> dict[str, Lenke]:
    """The root (client-compat.md §1.2): anonymously only the login relations and `self`;
    after login also the five package roots and `admin/system/`."""
    lenker = Lenker(request).selv("")
    lenker.legg_til(rel(INNLOGGING_RFC7617), href(request, INNLOGGING_RFC7617))
    if er_innlogget(request):
        for pakke in PAKKER:
            lenker.legg_til(rel(f"{pakke}/"), href(request, f"{pakke}/"))
        lenker.legg_til(rel(SYSTEM), href(request, SYSTEM))
    return lenker.som_dict()


def pakkelenker(request: Any, pakke: str) -> dict[str, Lenke]:
    """A package root: `self` and the package's resources the user may use (§12)."""
    lenker = Lenker(request).selv(f"{pakke}/")
    for ressurs in PAKKER[pakke]:
        lenker.ressurs(ressurs)
    return lenker.som_dict()
