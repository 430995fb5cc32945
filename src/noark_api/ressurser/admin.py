"""The admin package: administrative units, users and access rules (rest-api.md §12.4;
client-compat.md §15; model.md §5.1–5.3).

Who sees what (organisasjon.selectors): a systemadministrator, and anyone with a role in the
city or a shared service, sees every unit, user and rettighet; anyone else the units of the
virksomheter they have a role in, the users with a role there (and themselves), and the
rettigheter there. Creating, changing and deleting is for a systemadministrator only
(organisasjon.services, which log every change); the create links are shown only to them.

Mapping onto our model:

* AdministrativEnhet: a unit belongs to a virksomhet (a bydel or a shared service). A new unit
  takes the virksomhet of its parent (`referanseOverordnetEnhet`); without a parent it is made
  in the administrator's own virksomhet when they have a role in exactly one, otherwise 400.
  Without a `kortnavn` one is made from the name; a kortnavn is unique within the virksomhet.
  administrativEnhetNavn never changes (model.md §5.1).
* Bruker: `brukerNavn` (M580) is the person's name as written into opprettetAv and the log,
  `kortnavn` the login name (made from brukerNavn when absent; unique, so a kortnavn already
  in use is a 400). Passwords and their hashes are never shown or set here: a user made
  through the API logs in through the identity provider. brukerNavn never changes (§5.2).
  A user who has acted in the archive is kept for ever; DELETE is refused for them.
* Rettighet / tilgang (one collection, `admin/tilgang/` has the href of `admin/rettighet/`,
  rest-api.md §13 item 4): a Noark Tilgang is our role assignment (Rolletildeling): a user
  holds a `rolle` in a unit, and what they may see and do follows from it (tilgang.regler).
  `referanseBruker` and `referanseAdministrativEnhet` (extensions) name the two; `les`, `ny`,
  `endre` and `slett` summarise the role and are not settable; `tilgangskategori` and
  `tilgangsrestriksjon` are not used (a role holds for the whole archive of its virksomhet;
  access codes and clearances are given in the application, not through this API).
* Links: a unit lists its users (`admin/bruker/`, those with a role in it) and its
  rettigheter; a user lists their units (`admin/administrativenhet/`) and rettigheter. Both
  carry `admin/ny-administrativenhet/` and `admin/ny-bruker/` (the package's create
  resources) for a systemadministrator; a user is attached to a unit by a new rettighet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim

from felles.feil import DomeneFeil, IkkeFunnet, IngenTilgang
from noark_api.inndata import Skrivefelt
from noark_api.lenker import Lenker
from noark_api.relasjoner import PAKKER
from noark_api.ressurs import (
    Entitetstype,
    Forelder,
    Opprettelse,
    Underliste,
    registrer,
    registrer_pakkeopprettelser,
)
from noark_api.ressurser.felles import systemadministrator, systemadministratorens_virksomheter
from noark_api.serialisering.admin import (
    ADMINISTRATIV_ENHET_FELTER,
    BRUKER_FELTER,
    RETTIGHET_FELTER,
    AdministrativEnhetSerializer,
    BrukerSerializer,
    RettighetSerializer,
)
from organisasjon.models import AdministrativEnhet, Bruker, Rolle, Rolletildeling, Virksomhet
from organisasjon.selectors import (
    administrativ_enhet_hent,
    administrativ_enhet_liste,
    bruker_hent,
    bruker_liste,
    rolletildeling_liste,
    virksomhet_liste,
)
from organisasjon.services import (
    AKTIV_ENHET,
    administrativ_enhet_endre,
    administrativ_enhet_opprett,
    administrativ_enhet_slett,
    bruker_endre,
    bruker_opprett,
    bruker_slett,
    rolletildeling_endre,
    rolletildeling_gi,
    rolletildeling_trekk,
)

ENHET = "admin/administrativenhet"
BRUKER = "admin/bruker"
RETTIGHET = "admin/rettighet"


def _krev_systemadministrator(bruker: Any) -> None:
    """Before any reference in the body is looked up: what exists is not told to others."""
    if not systemadministrator(bruker):
        raise IngenTilgang("Bare en systemadministrator kan endre enheter, brukere og roller.")


def _referanse(hent: Callable[..., Any], bruker: Any, system_id: str, felt: str, hva: str) -> Any:
    """The visible object a body names by systemID; a 400 naming the attribute otherwise."""
    try:
        return hent(bruker=bruker, system_id=system_id)
    except IkkeFunnet:
        raise DomeneFeil(f"Fant ingen {hva} med systemID «{system_id}».", felt=felt) from None


def _enhet(bruker: Any, system_id: str, felt: str) -> AdministrativEnhet:
    return _referanse(administrativ_enhet_hent, bruker, system_id, felt, "administrativ enhet")  # type: ignore[no-any-return]


def _pakkelenker(*suffikser: str) -> Callable[[Lenker, Any, Any], None]:
    """Extra links to the package's own create resources (shown by their requirement)."""
    ressurser = [r for r in PAKKER["admin"] if r.suffiks in suffikser]

    def legg_til(lenker: Lenker, request: Any, instans: Any) -> None:
        for ressurs in ressurser:
            lenker.ressurs(ressurs)

    return legg_til


# --- administrativ enhet -------------------------------------------------------------------


def _egen_virksomhet(bruker: Any) -> Virksomhet | None:
    virksomheter = systemadministratorens_virksomheter(bruker)
    if len(virksomheter) != 1:
        return None
    return virksomhet_liste(bruker=bruker).filter(pk=next(iter(virksomheter))).first()


def _ny_enhet(forelder: Any, argumenter: dict[str, Any], bruker: Any) -> AdministrativEnhet:
    _krev_systemadministrator(bruker)
    referanse = argumenter.pop("overordnet_enhet", "")
    overordnet = _enhet(bruker, referanse, "referanseOverordnetEnhet") if referanse else None
    return administrativ_enhet_opprett(
        overordnet_enhet=overordnet,
        virksomhet=None if overordnet else _egen_virksomhet(bruker),
        utfoert_av=bruker,
        **argumenter,
    )


def _enhet_endre(enhet: AdministrativEnhet, argumenter: dict[str, Any], bruker: Any) -> None:
    _krev_systemadministrator(bruker)
    if "overordnet_enhet" in argumenter:
        referanse = argumenter.pop("overordnet_enhet")
        argumenter["overordnet_enhet"] = (
            _enhet(bruker, referanse, "referanseOverordnetEnhet") if referanse else None
        )
    administrativ_enhet_endre(enhet=enhet, utfoert_av=bruker, **argumenter)


NY_ENHET = Opprettelse(
    "admin/ny-administrativenhet/",
    ENHET,
    _ny_enhet,
    mal=lambda request, forelder: {"administrativEnhetsstatus": AKTIV_ENHET},
    kan=systemadministrator,
)


# --- bruker --------------------------------------------------------------------------------


def _ny_bruker(forelder: Any, argumenter: dict[str, Any], bruker: Any) -> Bruker:
    return bruker_opprett(utfoert_av=bruker, **argumenter)


def _bruker_annoter(rader: QuerySet[Bruker], bruker: Any) -> QuerySet[Bruker]:
    """brukerNavn for OData: the full name, or the login name when there is none (as
    `Bruker.visningsnavn`)."""
    fullt_navn = Trim(Concat(F("first_name"), Value(" "), F("last_name"), output_field=CharField()))
    return rader.annotate(bruker_navn=Coalesce(NullIf(fullt_navn, Value("")), F("username")))


NY_BRUKER = Opprettelse("admin/ny-bruker/", BRUKER, _ny_bruker, kan=systemadministrator)


# --- rettighet -----------------------------------------------------------------------------


def _ny_rettighet(forelder: Any, argumenter: dict[str, Any], bruker: Any) -> Rolletildeling:
    _krev_systemadministrator(bruker)
    mottaker = _referanse(
        bruker_hent, bruker, argumenter.pop("bruker"), "referanseBruker", "bruker"
    )
    enhet = _enhet(bruker, argumenter.pop("administrativ_enhet"), "referanseAdministrativEnhet")
    return rolletildeling_gi(
        bruker=mottaker, administrativ_enhet=enhet, utfoert_av=bruker, **argumenter
    )


def _rettighet_endre(tildeling: Rolletildeling, argumenter: dict[str, Any], bruker: Any) -> None:
    _krev_systemadministrator(bruker)
    if "administrativ_enhet" in argumenter:
        argumenter["administrativ_enhet"] = _enhet(
            bruker, argumenter["administrativ_enhet"], "referanseAdministrativEnhet"
        )
    rolletildeling_endre(tildeling=tildeling, utfoert_av=bruker, **argumenter)


NY_RETTIGHET = Opprettelse(
    "admin/ny-rettighet/",
    RETTIGHET,
    _ny_rettighet,
    mal=lambda request, forelder: {"rolle": str(Rolle.SAKSBEHANDLER)},
    kan=systemadministrator,
)

_NY = _pakkelenker("admin/ny-administrativenhet/", "admin/ny-bruker/")

registrer(
    Entitetstype(
        "admin",
        "administrativenhet",
        rader=lambda bruker: administrativ_enhet_liste(bruker=bruker),
        serializer=AdministrativEnhetSerializer,
        feltkart=ADMINISTRATIV_ENHET_FELTER,
        skrivefelter=(
            Skrivefelt(
                "administrativEnhetNavn",
                "administrativ_enhet_navn",
                kan_fjernes=False,
                paakrevd=True,
            ),
            Skrivefelt("kortnavn", "kortnavn", kan_fjernes=False),
            Skrivefelt(
                "administrativEnhetsstatus", "administrativ_enhetsstatus", kan_fjernes=False
            ),
            Skrivefelt("referanseOverordnetEnhet", "overordnet_enhet"),
        ),
        endre=_enhet_endre,
        slett=lambda enhet, bruker: administrativ_enhet_slett(enhet=enhet, utfoert_av=bruker),
        underlister=(
            Underliste(
                "admin/bruker/",
                "bruker",
                BRUKER,
                lambda bruker, enhet: bruker_liste(bruker=bruker, med_rolle_i=enhet),
            ),
            Underliste(
                "admin/rettighet/",
                "rettighet",
                RETTIGHET,
                lambda bruker, enhet: rolletildeling_liste(bruker=bruker, i_enhet=enhet),
            ),
        ),
        er_arkivenhet=False,
        ekstra_lenker=_NY,
    ),
    Entitetstype(
        "admin",
        "bruker",
        rader=lambda bruker: bruker_liste(bruker=bruker),
        serializer=BrukerSerializer,
        feltkart=BRUKER_FELTER,
        skrivefelter=(
            Skrivefelt("brukerNavn", "bruker_navn", kan_fjernes=False, paakrevd=True),
            Skrivefelt("kortnavn", "kortnavn", kan_fjernes=False),
        ),
        endre=lambda mottaker, argumenter, bruker: bruker_endre(
            bruker=mottaker, utfoert_av=bruker, **argumenter
        ),
        slett=lambda mottaker, bruker: bruker_slett(bruker=mottaker, utfoert_av=bruker),
        annoter=_bruker_annoter,
        underlister=(
            Underliste(
                "admin/administrativenhet/",
                "administrativenhet",
                ENHET,
                lambda bruker, mottaker: administrativ_enhet_liste(
                    bruker=bruker, med_rolle_for=mottaker
                ),
            ),
            Underliste(
                "admin/rettighet/",
                "rettighet",
                RETTIGHET,
                lambda bruker, mottaker: rolletildeling_liste(bruker=bruker, for_bruker=mottaker),
            ),
        ),
        er_arkivenhet=False,
        ekstra_lenker=_NY,
    ),
    Entitetstype(
        "admin",
        "rettighet",
        rader=lambda bruker: rolletildeling_liste(bruker=bruker),
        serializer=RettighetSerializer,
        feltkart=RETTIGHET_FELTER,
        skrivefelter=(
            Skrivefelt("rolle", "rolle", kan_fjernes=False, paakrevd=True),
            Skrivefelt(
                "referanseBruker", "bruker", kan_fjernes=False, paakrevd=True, ved_endring=False
            ),
            Skrivefelt(
                "referanseAdministrativEnhet",
                "administrativ_enhet",
                kan_fjernes=False,
                paakrevd=True,
            ),
        ),
        endre=_rettighet_endre,
        slett=lambda tildeling, bruker: rolletildeling_trekk(
            tildeling=tildeling, utfoert_av=bruker
        ),
        foreldre=(
            Forelder("admin/bruker/", "admin/bruker/", "bruker.system_id"),
            Forelder(
                "admin/administrativenhet/",
                "admin/administrativenhet/",
                "administrativ_enhet.system_id",
            ),
        ),
        er_arkivenhet=False,
        ekstra_lenker=_pakkelenker("admin/ny-tilgang/"),
    ),
)

registrer_pakkeopprettelser("admin", NY_ENHET, NY_BRUKER, NY_RETTIGHET)
