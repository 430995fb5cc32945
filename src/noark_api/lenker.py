"""The one link builder of the API: every `_links` member is made here (style.md §10).

Hrefs are absolute, built from the request: scheme, host and port as Django sees them. So
`X-Forwarded-Proto` counts only when SECURE_PROXY_SSL_HEADER is set, and `X-Forwarded-Host`
only with USE_X_FORWARDED_HOST, exactly as for the rest of Django; nothing here reads those
headers itself. Whether a link is shown is asked of the same `tilgang` predicates the UI and
the services use, so a link appears exactly when the action is allowed (rest-api.md §1.4).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

import rules
from django.urls import reverse

from noark_api.relasjoner import (
    ARKIV,
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


# --- Lists (rest-api.md §3.2, §3.3) -----------------------------------------------------------


def _med_spoerring(url: str, parametre: dict[str, str]) -> str:
    """`url?…` with `$` and the OData punctuation left as they are (client-compat.md §8.2:
    hrefs should avoid characters that need percent-escaping where possible)."""
    if not parametre:
        return url
    return url + "?" + urlencode(parametre, safe="$',()/:", quote_via=quote)


def listelenker(
    request: Any,
    sti: str,
    parametre: dict[str, str],
    *,
    neste_skip: int | None,
    ny: Ressurs | None = None,
) -> dict[str, Lenke]:
    """A list's `_links`: `self` (with the query as asked), `next` while more pages remain,
    the collection's own relation key, and the create link when the user may create."""
    grunn = href(request, sti)
    lenker = Lenker(request).legg_til("self", _med_spoerring(grunn, parametre))
    if neste_skip is not None:
        lenker.legg_til("next", _med_spoerring(grunn, {**parametre, "$skip": str(neste_skip)}))
    lenker.legg_til(rel(sti), grunn)
    if ny is not None:
        lenker.ressurs(ny)
    return lenker.som_dict()


# --- Instances ---------------------------------------------------------------------------------


def arkivlenker(request: Any, arkiv: Any) -> dict[str, Lenke]:
    """An arkiv (rest-api.md §12.1, client-compat.md §7.1): `self` and its own-type key, its
    arkivdeler and arkivskapere, `underarkiv` only when it has (visible) children and
    `overarkiv` only when it has a parent, and the code lists of its coded attributes.

    `har_underarkiv` and `overarkiv_system_id` are read from the instance when the caller
    annotated them; the create links (`ny-arkivdel`, …) come with the write operations."""
    sti = f"{ARKIV}{arkiv.system_id}/"
    selv = href(request, sti)
    lenker = Lenker(request).legg_til("self", selv).legg_til(rel(ARKIV), selv)
    lenker.legg_til(rel("arkivstruktur/arkivdel/"), href(request, f"{sti}arkivdel/"))
    lenker.legg_til(rel("arkivstruktur/arkivskaper/"), href(request, f"{sti}arkivskaper/"))
    if getattr(arkiv, "har_underarkiv", False):
        lenker.legg_til(rel("arkivstruktur/underarkiv/"), href(request, f"{sti}underarkiv/"))
    overarkiv = getattr(arkiv, "overarkiv_system_id", None)
    if overarkiv is not None:
        lenker.legg_til(rel("arkivstruktur/overarkiv/"), href(request, f"{ARKIV}{overarkiv}/"))
    for kodeliste in ("arkivstatus", "dokumentmedium"):
        lenker.legg_til(rel(f"metadata/{kodeliste}/"), href(request, f"metadata/{kodeliste}/"))
    return lenker.som_dict()
