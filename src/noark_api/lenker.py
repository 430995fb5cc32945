"""The one link builder of the API: every `_links` member is made here (style.md §10).

Hrefs are absolute, built from the request: scheme, host and port as Django sees them. So
`X-Forwarded-Proto` counts only when SECURE_PROXY_SSL_HEADER is set, and `X-Forwarded-Host`
only with USE_X_FORWARDED_HOST, exactly as for the rest of Django; nothing here reads those
headers itself. Whether a link is shown is asked of the same `tilgang` predicates the UI and
the services use, so a link appears exactly when the action is allowed (rest-api.md §1.4).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any
from urllib.parse import quote, unquote, urlencode, urlsplit

import rules
from django.urls import reverse

from felles.feil import DomeneFeil, IkkeFunnet
from noark_api.relasjoner import (
    INNLOGGING_OIDC,
    INNLOGGING_RFC6749,
    INNLOGGING_RFC7617,
    ODATA_MAL,
    OIDC_OPPDAGELSE,
    PAKKER,
    SYSTEM,
    Krav,
    Ressurs,
    leverandoer_rel,
    rel,
)
from tilgang.regler import er_systemadministrator

ENDRINGSLOGG = "loggingogsporing/endringslogg/"

Lenke = dict[str, Any]


def api_rot(request: Any) -> str:
    """The absolute URL of the API root, ending in `/`."""
    return str(request.build_absolute_uri(reverse("noark_api:rot")))


def href(request: Any, sti: str) -> str:
    """The absolute URL of `sti` below the API root (`sti` like `arkivstruktur/mappe/`)."""
    return api_rot(request) + sti.lstrip("/")


def les_href(url: str) -> tuple[str, str] | None:
    """The entity key and systemID a `self` href of this API names (`arkivstruktur/mappe`,
    `<uuid>`), on whichever host; None for anything else."""
    sti = unquote(urlsplit(url.strip()).path)
    rot = reverse("noark_api:rot")
    treff = re.fullmatch(rf".*?{re.escape(rot)}([a-z]+/[a-z]+)/([^/]+)/?", sti)
    if not url.strip() or treff is None:
        return None
    return treff.group(1), treff.group(2)


def lenkemaal(url: str, bruker: Any, noekler: Collection[str], *, hva: str) -> Any:
    """The instance a changed link in `_links` points at: a `self` href of one of the entity
    types `noekler`, visible to `bruker`. Otherwise a 400 naming `_links` (the request is
    wrong, not its URL); `hva` names what was expected («en saksmappe»)."""
    from noark_api.ressurs import REGISTER  # ressurs imports the serializers, which import us

    lest = les_href(url)
    if lest is None or lest[0] not in noekler:
        raise DomeneFeil(f"Lenken må være self-lenken til {hva} i dette API-et.", felt="_links")
    try:
        return REGISTER[lest[0]].hent(bruker, lest[1])
    except IkkeFunnet:
        raise DomeneFeil(f"Fant ikke {hva} som lenken peker på.", felt="_links") from None


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
    lenker.legg_til(rel(INNLOGGING_OIDC), href(request, OIDC_OPPDAGELSE))
    lenker.legg_til(rel(INNLOGGING_RFC6749), href(request, INNLOGGING_RFC6749))
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


def instanslenker(request: Any, type_: Any, instans: Any) -> dict[str, Lenke]:
    """An instance's `_links` from its type's declaration (ressurs.py; client-compat.md §7.1):
    `self` and its own-type key; its parents and other single relations when set; its
    sub-lists (some only when they hold anything); the create links the user may use; the
    vendor links of its repeated values (`Verdiliste`); the code lists of its coded
    attributes; its change log when it is an archive unit."""
    from noark_api.ressurs import forelder_id  # ressurs imports the serializers, which import us

    sti = type_.sti(instans)
    selv = href(request, sti)
    lenker = Lenker(request).legg_til("self", selv).legg_til(rel(type_.samling), selv)
    for forelder in type_.foreldre:
        system_id = forelder_id(instans, forelder)
        if system_id is not None:
            lenker.legg_til(rel(forelder.rel), href(request, f"{forelder.samling}{system_id}/"))
    for underliste in type_.underlister:
        if underliste.vis is None or underliste.vis(instans):
            lenker.legg_til(rel(underliste.rel), href(request, f"{sti}{underliste.sti}/"))
    if er_innlogget(request):
        for opprettelse in type_.opprettelser:
            if opprettelse.kan(request.user, instans):
                lenker.legg_til(rel(opprettelse.rel), href(request, f"{sti}{opprettelse.segment}/"))
    for verdiliste in type_.verdilister:
        lenker.legg_til(
            leverandoer_rel(f"{verdiliste.navn}/"), href(request, f"{sti}{verdiliste.navn}/")
        )
        if er_innlogget(request) and verdiliste.kan(request.user, instans):
            ny = f"ny-{verdiliste.navn}/"
            lenker.legg_til(leverandoer_rel(ny), href(request, f"{sti}{ny}"))
    kodelistelenker(lenker, type_.kodelister)
    if type_.er_arkivenhet:
        lenker.legg_til(rel(ENDRINGSLOGG), href(request, f"{sti}endringslogg/"))
    if type_.ekstra_lenker is not None:
        type_.ekstra_lenker(lenker, request, instans)
    return lenker.som_dict()


def kodelistelenker(lenker: Lenker, kodelister: tuple[str, ...]) -> Lenker:
    for kodeliste in kodelister:
        lenker.legg_til(
            rel(f"metadata/{kodeliste}/"), href(lenker.request, f"metadata/{kodeliste}/")
        )
    return lenker


def malenker(request: Any, type_: Any) -> dict[str, Lenke]:
    """A `ny-*` template's `_links`: the code lists the client will need, no `self` (§5.1)."""
    return kodelistelenker(Lenker(request), type_.kodelister).som_dict()
