"""The arkivstruktur package: arkiv, arkivskaper, arkivdel (rest-api.md §12.1, model.md §3).

Creating at the top (client-compat.md §6.4): `ny-arkivskaper` and `ny-arkiv` on the package
root, `ny-arkiv` on an arkivskaper (linked to it) and on an arkiv (an underarkiv),
`ny-arkivdel` and `ny-arkivskaper` on an arkiv. An arkiv belongs to a virksomhet (which decides
access and number series); through the API it is the virksomhet of the arkivskaper it is made
from, or of the administrator's own role. An arkiv is closed by setting `arkivstatus` to A,
an arkivdel moves period status through `arkivdelstatus` (rest-api.md §13 item 13).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet

from arkivstruktur.models import Arkiv, Arkivdel, Arkivskaper
from arkivstruktur.selectors import arkiv_liste, arkivdel_liste, arkivskaper_liste
from arkivstruktur.services.arkiv import (
    arkiv_avslutt,
    arkiv_endre,
    arkiv_opprett,
    arkivdel_endre,
    arkivdel_endre_status,
    arkivdel_opprett,
    arkivskaper_endre,
    arkivskaper_opprett,
)
from arkivstruktur.services.sletting import (
    arkiv_legg_til_arkivskaper,
    arkiv_slett,
    arkivdel_slett,
    arkivskaper_slett,
)
from felles.feil import DomeneFeil, IngenTilgang
from noark_api import arvbare
from noark_api.inndata import Skrivefelt, Verditype
from noark_api.ressurs import (
    Entitetstype,
    Forelder,
    Opprettelse,
    Underliste,
    registrer,
    registrer_pakkeopprettelser,
)
from noark_api.ressurser.felles import (
    arvet_dokumentmedium,
    kan,
    systemadministrator,
    systemadministratorens_virksomheter,
    uten_tomme,
)
from noark_api.serialisering.arkivstruktur import (
    ARKIV_FELTER,
    ARKIVDEL_FELTER,
    ARKIVSKAPER_FELTER,
    ArkivdelSerializer,
    ArkivSerializer,
    ArkivskaperSerializer,
)
from organisasjon.models import Virksomhet

T = Verditype
ARKIV = "arkivstruktur/arkiv"
ARKIVDEL = "arkivstruktur/arkivdel"
ARKIVSKAPER = "arkivstruktur/arkivskaper"

_TITTEL = (
    Skrivefelt("tittel", "tittel", kan_fjernes=False, paakrevd=True),
    Skrivefelt("beskrivelse", "beskrivelse"),
    Skrivefelt("dokumentmedium", "dokumentmedium", T.KODE, kan_fjernes=False),
    Skrivefelt("oppbevaringssted", "oppbevaringssted", T.TEKSTLISTE),
)


# --- arkivskaper --------------------------------------------------------------------------------


def _virksomhet_til(bruker: Any) -> Virksomhet | None:
    """The virksomhet of an administrator's own role, when there is exactly one."""
    virksomheter = systemadministratorens_virksomheter(bruker)
    if len(virksomheter) != 1:
        return None
    return Virksomhet.objects.get(pk=virksomheter.pop())


def _ny_arkivskaper(arkiv: Arkiv | None, argumenter: dict[str, Any], bruker: Any) -> Arkivskaper:
    virksomhet = arkiv.virksomhet if arkiv is not None else _virksomhet_til(bruker)
    arkivskaper = arkivskaper_opprett(virksomhet=virksomhet, utfoert_av=bruker, **argumenter)
    if arkiv is not None:
        arkiv_legg_til_arkivskaper(arkiv=arkiv, arkivskaper=arkivskaper, utfoert_av=bruker)
    return arkivskaper


def _arkivskaper_endre(arkivskaper: Arkivskaper, argumenter: dict[str, Any], bruker: Any) -> None:
    arkivskaper_endre(arkivskaper=arkivskaper, utfoert_av=bruker, **argumenter)


NY_ARKIVSKAPER = Opprettelse(
    "arkivstruktur/ny-arkivskaper/", ARKIVSKAPER, _ny_arkivskaper, kan=systemadministrator
)

# --- arkiv --------------------------------------------------------------------------------------


def _arkivskapere_for_nytt_arkiv(bruker: Any) -> tuple[Virksomhet, list[Arkivskaper]]:
    virksomhet = _virksomhet_til(bruker)
    if virksomhet is None:
        raise DomeneFeil(
            "Velg arkivskaperen arkivet skal høre til: opprett det fra arkivskaperens "
            "ny-arkiv-lenke.",
            felt="arkivskaper",
        )
    arkivskapere = list(Arkivskaper.objects.filter(virksomhet=virksomhet))
    if not arkivskapere:
        raise DomeneFeil(
            f"{virksomhet.navn} har ingen arkivskaper ennå. Opprett arkivskaperen først "
            "(ny-arkivskaper).",
            felt="arkivskaper",
        )
    return virksomhet, arkivskapere


def _nytt_arkiv(forelder: Any, argumenter: dict[str, Any], bruker: Any) -> Arkiv:
    if not systemadministrator(bruker):
        raise IngenTilgang()  # before anything about the place tells what exists
    if isinstance(forelder, Arkiv):  # an underarkiv
        return arkiv_opprett(
            virksomhet=forelder.virksomhet,
            arkivskapere=forelder.arkivskapere.all(),
            overarkiv=forelder,
            utfoert_av=bruker,
            **argumenter,
        )
    if isinstance(forelder, Arkivskaper):
        virksomhet = forelder.virksomhet or _virksomhet_til(bruker)
        if virksomhet is None:
            raise DomeneFeil(
                "Arkivskaperen hører ikke til noen virksomhet; arkivet kan ikke plasseres.",
                felt="arkivskaper",
            )
        return arkiv_opprett(
            virksomhet=virksomhet, arkivskapere=[forelder], utfoert_av=bruker, **argumenter
        )
    virksomhet, arkivskapere = _arkivskapere_for_nytt_arkiv(bruker)
    return arkiv_opprett(
        virksomhet=virksomhet, arkivskapere=arkivskapere, utfoert_av=bruker, **argumenter
    )


def _arkivmal(request: Any, forelder: Any) -> dict[str, Any]:
    return uten_tomme({"dokumentmedium": arvet_dokumentmedium(forelder)})


NY_ARKIV = Opprettelse(
    "arkivstruktur/ny-arkiv/", ARKIV, _nytt_arkiv, mal=_arkivmal, kan=systemadministrator
)


def _arkiv_endre(arkiv: Arkiv, argumenter: dict[str, Any], bruker: Any) -> None:
    status = argumenter.pop("arkivstatus", None)
    if argumenter:
        arkiv_endre(arkiv=arkiv, utfoert_av=bruker, **argumenter)
    if status is not None and status != arkiv.arkivstatus:
        if status != "A":
            raise DomeneFeil(
                "Arkivstatus kan bare settes til A (avsluttet arkiv); den settes av systemet.",
                felt="arkivstatus",
            )
        arkiv_avslutt(arkiv=arkiv, utfoert_av=bruker)


def _arkiv_annoter(rader: QuerySet[Arkiv], bruker: Any) -> QuerySet[Arkiv]:
    """What `_links` needs without a query per row: visible children, the parent's id."""
    barn = arkiv_liste(bruker=bruker).filter(overarkiv=OuterRef("pk"))
    return rader.annotate(
        har_underarkiv=Exists(barn), overarkiv_system_id=F("overarkiv__system_id")
    )


# --- arkivdel -----------------------------------------------------------------------------------


def _ny_arkivdel(arkiv: Arkiv, argumenter: dict[str, Any], bruker: Any) -> Arkivdel:
    return arkivdel_opprett(arkiv=arkiv, utfoert_av=bruker, **argumenter)


def _arkivdelmal(request: Any, arkiv: Arkiv) -> dict[str, Any]:
    return uten_tomme({"dokumentmedium": arvet_dokumentmedium(arkiv)})


def _arkivdel_endre(arkivdel: Arkivdel, argumenter: dict[str, Any], bruker: Any) -> None:
    status = argumenter.pop("arkivdelstatus", None)
    if argumenter:
        arkivdel_endre(arkivdel=arkivdel, utfoert_av=bruker, **argumenter)
    if status is not None and status != arkivdel.arkivdelstatus:
        arkivdel_endre_status(arkivdel=arkivdel, arkivdelstatus=status, utfoert_av=bruker)


def _arkivdel_annoter(rader: QuerySet[Arkivdel], bruker: Any) -> QuerySet[Arkivdel]:
    return rader.annotate(
        arkiv_system_id=F("arkiv__system_id"),
        forloeper_system_id=F("referanse_forloeper__system_id"),
        arvtaker_system_id=F("referanse_arvtaker__system_id"),
    )


registrer(
    Entitetstype(
        "arkivstruktur",
        "arkivskaper",
        rader=lambda bruker: arkivskaper_liste(bruker=bruker),
        serializer=ArkivskaperSerializer,
        feltkart=ARKIVSKAPER_FELTER,
        skrivefelter=(
            Skrivefelt("arkivskaperID", "arkivskaper_id", kan_fjernes=False, paakrevd=True),
            Skrivefelt("arkivskaperNavn", "arkivskaper_navn", kan_fjernes=False, paakrevd=True),
            Skrivefelt("beskrivelse", "beskrivelse"),
        ),
        endre=_arkivskaper_endre,
        slett=lambda arkivskaper, bruker: arkivskaper_slett(
            arkivskaper=arkivskaper, utfoert_av=bruker
        ),
        underlister=(
            Underliste(
                "arkivstruktur/arkiv/",
                "arkiv",
                ARKIV,
                lambda bruker, arkivskaper: arkiv_liste(bruker=bruker).filter(
                    arkivskapere=arkivskaper
                ),
            ),
        ),
        opprettelser=(NY_ARKIV,),
    ),
    Entitetstype(
        "arkivstruktur",
        "arkiv",
        rader=lambda bruker: arkiv_liste(bruker=bruker),
        serializer=ArkivSerializer,
        feltkart=ARKIV_FELTER,
        skrivefelter=(
            *_TITTEL,
            Skrivefelt("arkivstatus", "arkivstatus", T.KODE, ved_opprettelse=False),
        ),
        endre=_arkiv_endre,
        slett=lambda arkiv, bruker: arkiv_slett(arkiv=arkiv, utfoert_av=bruker),
        annoter=_arkiv_annoter,
        foreldre=(
            Forelder("arkivstruktur/overarkiv/", "arkivstruktur/arkiv/", "overarkiv_system_id"),
        ),
        underlister=(
            Underliste(
                "arkivstruktur/arkivdel/",
                "arkivdel",
                ARKIVDEL,
                lambda bruker, arkiv: arkivdel_liste(bruker=bruker, arkiv=arkiv),
            ),
            Underliste(
                "arkivstruktur/arkivskaper/",
                "arkivskaper",
                ARKIVSKAPER,
                lambda bruker, arkiv: arkivskaper_liste(bruker=bruker).filter(arkiver=arkiv),
            ),
            Underliste(
                "arkivstruktur/underarkiv/",
                "underarkiv",
                ARKIV,
                lambda bruker, arkiv: arkiv_liste(bruker=bruker).filter(overarkiv=arkiv),
                vis=lambda arkiv: bool(getattr(arkiv, "har_underarkiv", False)),
            ),
        ),
        opprettelser=(
            Opprettelse(
                "arkivstruktur/ny-arkivdel/",
                ARKIVDEL,
                _ny_arkivdel,
                mal=_arkivdelmal,
                kan=kan("arkivstruktur.forvalte"),
            ),
            NY_ARKIVSKAPER,
            NY_ARKIV,
        ),
        kodelister=("arkivstatus", "dokumentmedium"),
    ),
    Entitetstype(
        "arkivstruktur",
        "arkivdel",
        rader=lambda bruker: arkivdel_liste(bruker=bruker),
        serializer=ArkivdelSerializer,
        feltkart=ARKIVDEL_FELTER,
        skrivefelter=(
            *_TITTEL,
            Skrivefelt(
                "arkivperiodeStartDato", "arkivperiode_start_dato", T.DATO, kan_fjernes=False
            ),
            Skrivefelt(
                "arkivperiodeSluttDato",
                "arkivperiode_slutt_dato",
                T.DATO,
                kan_fjernes=False,
                ved_opprettelse=False,
            ),
            Skrivefelt("arkivdelstatus", "arkivdelstatus", T.KODE, ved_opprettelse=False),
            *arvbare.FELTER,
        ),
        endre=_arkivdel_endre,
        slett=lambda arkivdel, bruker: arkivdel_slett(arkivdel=arkivdel, utfoert_av=bruker),
        annoter=_arkivdel_annoter,
        foreldre=(
            Forelder("arkivstruktur/arkiv/", "arkivstruktur/arkiv/", "arkiv_system_id"),
            Forelder(
                "arkivstruktur/forrigearkivdel/", "arkivstruktur/arkivdel/", "forloeper_system_id"
            ),
            Forelder(
                "arkivstruktur/nestearkivdel/", "arkivstruktur/arkivdel/", "arvtaker_system_id"
            ),
        ),
        kodelister=("arkivdelstatus", "dokumentmedium"),
    ),
)

registrer_pakkeopprettelser("arkivstruktur", NY_ARKIV, NY_ARKIVSKAPER)
