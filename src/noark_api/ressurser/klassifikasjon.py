"""Classification: klassifikasjonssystem and klasse (rest-api.md §12.1, model.md §3.4, §3.5).

Creating (client-compat.md §6.4): `ny-klassifikasjonssystem` on an arkivdel creates its
primary system and `ny-sekundaerklassifikasjonssystem` a secondary one (offered on the
arkivdel, rest-api.md §13 item 6); `ny-klasse` on a system creates a top-level klasse and on a
klasse an underklasse. The arkivdel links to its primary system and lists its secondary ones.
On a klasse on the lowest level, `ny-mappe`, `sakarkiv/ny-saksmappe` and `ny-registrering`
are the mappe module's create resources (imported from it, with the klasse's own link
rules): the new unit is filed under the klasse in the one arkivdel using its system that the
user may file in. The klasse lists the mapper and registreringer filed under it.

Every logged-in user reads classification (a shared K-kode serves every bydel); a klasseID
screened with KID (a fødselsnummer) is shown as `*****` to whoever may not see it
(`klasse_id_skjult_q`), in lists, instances and `$filter` alike. The create links appear by
the services' rules, carried on the rows as annotations (no query per row).

Deleting goes child first (client-compat.md §12.2): an empty klasse, then the system, which
is detached from the arkivdeler that use it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from arkivstruktur.models import Arkivdel, Klasse, Klassifikasjonssystem, Mappe, Registrering
from arkivstruktur.selectors import (
    arkivdel_liste_for_klassifikasjonssystem,
    arkivdeler_for_registrering,
    kan_opprette_klasse_q,
    klasse_id_skjult_q,
    klasse_liste_alle,
    klassetittel_skjult_q,
    klassifikasjonssystem_liste,
    mappe_liste,
    registrering_liste,
    sekundaert_klassifikasjonssystem_liste,
    toppklasse_liste,
    underklasse_liste,
)
from arkivstruktur.services.klassifikasjon import (
    arkivdel_opprett_klassifikasjonssystem,
    klasse_avslutt,
    klasse_endre,
    klasse_opprett,
    klasse_slett,
    klassifikasjonssystem_avslutt,
    klassifikasjonssystem_endre,
    klassifikasjonssystem_slett,
)
from felles.feil import DomeneFeil
from noark_api import arvbare
from noark_api.inndata import Skrivefelt, Verditype
from noark_api.ressurs import (
    REGISTER,
    Entitetstype,
    Forelder,
    Opprettelse,
    Underliste,
    registrer,
    utvid,
)
from noark_api.ressurser.felles import kan
from noark_api.ressurser.mappe import (
    MAPPE,
    NY_MAPPE,
    NY_REGISTRERING,
    NY_SAKSMAPPE,
    REGISTRERING,
)
from noark_api.serialisering.klassifikasjon import (
    KLASSE_FELTER,
    KLASSIFIKASJONSSYSTEM_FELTER,
    VIST_KLASSE_ID,
    VIST_TITTEL,
    KlasseSerializer,
    KlassifikasjonssystemSerializer,
)
from tilgang.skjerming import SKJULT

T = Verditype
ARKIVDEL = "arkivstruktur/arkivdel"
KLASSIFIKASJONSSYSTEM = "arkivstruktur/klassifikasjonssystem"
KLASSE = "arkivstruktur/klasse"


def _flagg(instans: Any, navn: str) -> bool:
    """An annotation of the row; False when the row was read without it."""
    return bool(getattr(instans, navn, False))


# --- klassifikasjonssystem -----------------------------------------------------------------------


def _system_annoter(
    rader: QuerySet[Klassifikasjonssystem], bruker: Any
) -> QuerySet[Klassifikasjonssystem]:
    return rader.annotate(
        kan_opprette_klasse=ExpressionWrapper(
            kan_opprette_klasse_q(bruker), output_field=BooleanField()
        )
    )


def _system_endre(system: Klassifikasjonssystem, argumenter: dict[str, Any], bruker: Any) -> None:
    avsluttet = argumenter.pop("avsluttet_dato", None)
    if argumenter:
        klassifikasjonssystem_endre(klassifikasjonssystem=system, utfoert_av=bruker, **argumenter)
    if avsluttet is not None and not system.er_avsluttet:
        klassifikasjonssystem_avslutt(klassifikasjonssystem=system, utfoert_av=bruker)


def _nytt_system(sekundaert: bool) -> Any:
    def utfoer(arkivdel: Arkivdel, argumenter: dict[str, Any], bruker: Any) -> Any:
        return arkivdel_opprett_klassifikasjonssystem(
            arkivdel=arkivdel, sekundaert=sekundaert, utfoert_av=bruker, **argumenter
        )

    return utfoer


_forvalte_arkivdel = kan("arkivstruktur.forvalte")

NY_KLASSIFIKASJONSSYSTEM = Opprettelse(
    "arkivstruktur/ny-klassifikasjonssystem/",
    KLASSIFIKASJONSSYSTEM,
    _nytt_system(sekundaert=False),
    # Only one primary system; an arkivdel that has one does not offer another.
    kan=lambda bruker, arkivdel: (
        arkivdel.klassifikasjonssystem_id is None and _forvalte_arkivdel(bruker, arkivdel)
    ),
)
NY_SEKUNDAERKLASSIFIKASJONSSYSTEM = Opprettelse(
    "arkivstruktur/ny-sekundaerklassifikasjonssystem/",
    KLASSIFIKASJONSSYSTEM,
    _nytt_system(sekundaert=True),
    kan=_forvalte_arkivdel,
)


def _ny_toppklasse(system: Klassifikasjonssystem, argumenter: dict[str, Any], bruker: Any) -> Any:
    return klasse_opprett(klassifikasjonssystem=system, utfoert_av=bruker, **argumenter)


NY_KLASSE_I_SYSTEM = Opprettelse(
    "arkivstruktur/ny-klasse/",
    KLASSE,
    _ny_toppklasse,
    kan=lambda bruker, system: _flagg(system, "kan_opprette_klasse") and not system.er_avsluttet,
)


# --- klasse --------------------------------------------------------------------------------------


def _skjult_eller(skjult: Q, felt: str) -> Case:
    return Case(When(skjult, then=Value(SKJULT)), default=F(felt), output_field=CharField())


def _klasse_annoter(rader: QuerySet[Klasse], bruker: Any) -> QuerySet[Klasse]:
    """klasseID and tittel as this reader may see them, and what the links need: the rules of the
    services as conditions on the row, and which kind of children the klasse holds
    (exclusive children, model.md §1)."""
    barn = Klasse.objects.filter(overordnet_klasse=OuterRef("pk"))
    # A unit filed under a klasse goes to the one arkivdel using its system that the user
    # may file in (ressurser/mappe.py); with none, or several to choose from, no link.
    arkivdeler = (
        arkivdeler_for_registrering(bruker=bruker)
        .filter(klassifikasjonssystem=OuterRef("klassifikasjonssystem_id"))
        .order_by()
        .values("klassifikasjonssystem")
        .annotate(antall=Count("pk"))
        .values("antall")
    )
    return rader.annotate(
        **{
            VIST_KLASSE_ID: _skjult_eller(klasse_id_skjult_q(bruker), "klasse_id"),
            VIST_TITTEL: _skjult_eller(klassetittel_skjult_q(bruker), "tittel"),
        },
        kan_opprette_klasse=ExpressionWrapper(
            kan_opprette_klasse_q(bruker, system="klassifikasjonssystem_id"),
            output_field=BooleanField(),
        ),
        registrerbare_arkivdeler=Coalesce(
            Subquery(arkivdeler, output_field=IntegerField()), Value(0)
        ),
        har_underklasser=Exists(barn),
        har_mapper=Exists(Mappe.objects.filter(klasse=OuterRef("pk"))),
        har_registreringer=Exists(Registrering.objects.filter(klasse=OuterRef("pk"))),
    )


def _klasse_endre(klasse: Klasse, argumenter: dict[str, Any], bruker: Any) -> None:
    # klasseID never changes (model.md §3.5); the client sends back what it read, which is
    # `*****` when it is screened from them. Compared with what they read, never with the
    # stored value, so that a PUT cannot test a guess at a screened fødselsnummer.
    klasse_id = argumenter.pop("klasse_id", None)
    if klasse_id is not None and klasse_id != getattr(klasse, VIST_KLASSE_ID, None):
        raise DomeneFeil("KlasseID kan ikke endres.", felt="klasseID", kode="laast")
    # A screened tittel sent back as read is no new tittel.
    if argumenter.get("tittel") == SKJULT and getattr(klasse, VIST_TITTEL, None) == SKJULT:
        del argumenter["tittel"]
    avsluttet = argumenter.pop("avsluttet_dato", None)
    if argumenter:
        klasse_endre(klasse=klasse, utfoert_av=bruker, **argumenter)
    if avsluttet is not None and not klasse.er_avsluttet:
        klasse_avslutt(klasse=klasse, utfoert_av=bruker)


def _ny_underklasse(klasse: Klasse, argumenter: dict[str, Any], bruker: Any) -> Any:
    return klasse_opprett(
        klassifikasjonssystem=klasse.klassifikasjonssystem,
        overordnet_klasse=klasse,
        utfoert_av=bruker,
        **argumenter,
    )


def _kan_ta_imot(*, mapper: bool) -> Any:
    """The `kan` of a create link of mapper (`mapper`) or registreringer below a klasse: it
    is open, on the lowest level and holds no children of the other kind (exclusive children,
    model.md §1), and there is exactly one arkivdel using its system the user may file in."""

    def kan_(bruker: Any, klasse: Any) -> bool:
        if klasse.er_avsluttet or _flagg(klasse, "har_underklasser"):
            return False
        if _flagg(klasse, "har_registreringer" if mapper else "har_mapper"):
            return False
        return getattr(klasse, "registrerbare_arkivdeler", 0) == 1

    return kan_


NY_UNDERKLASSE = Opprettelse(
    "arkivstruktur/ny-klasse/",
    KLASSE,
    _ny_underklasse,
    kan=lambda bruker, klasse: (
        _flagg(klasse, "kan_opprette_klasse")
        and not klasse.er_avsluttet
        and not klasse.klassifikasjonssystem.er_avsluttet
        and not _flagg(klasse, "har_mapper")
        and not _flagg(klasse, "har_registreringer")
    ),
)

# model.md §6.3: a system or klasse is closed by setting avsluttetDato (no status attribute);
# the server sets the actual time and who did it, as mappe.py does for a generic mappe.
_AVSLUTTET = Skrivefelt(
    "avsluttetDato", "avsluttet_dato", T.DATOTID, kan_fjernes=False, ved_opprettelse=False
)
_KLASSIFIKASJONSSYSTEM_FELTER = (
    Skrivefelt("tittel", "tittel", kan_fjernes=False, paakrevd=True),
    Skrivefelt("beskrivelse", "beskrivelse"),
    Skrivefelt("klassifikasjonstype", "klassifikasjonstype", T.KODE, kan_fjernes=False),
    _AVSLUTTET,
)

registrer(
    Entitetstype(
        "arkivstruktur",
        "klassifikasjonssystem",
        rader=lambda bruker: klassifikasjonssystem_liste(bruker=bruker),
        serializer=KlassifikasjonssystemSerializer,
        feltkart=KLASSIFIKASJONSSYSTEM_FELTER,
        skrivefelter=_KLASSIFIKASJONSSYSTEM_FELTER,
        endre=_system_endre,
        slett=lambda system, bruker: klassifikasjonssystem_slett(
            klassifikasjonssystem=system, utfoert_av=bruker
        ),
        annoter=_system_annoter,
        underlister=(
            Underliste(
                "arkivstruktur/klasse/",
                "klasse",
                KLASSE,
                lambda bruker, system: toppklasse_liste(
                    bruker=bruker, klassifikasjonssystem=system
                ),
            ),
            Underliste(
                "arkivstruktur/arkivdel/",
                "arkivdel",
                ARKIVDEL,
                lambda bruker, system: arkivdel_liste_for_klassifikasjonssystem(
                    bruker=bruker, klassifikasjonssystem=system
                ),
            ),
        ),
        opprettelser=(NY_KLASSE_I_SYSTEM,),
        kodelister=("klassifikasjonstype",),
    ),
    Entitetstype(
        "arkivstruktur",
        "klasse",
        rader=lambda bruker: klasse_liste_alle(bruker=bruker),
        serializer=KlasseSerializer,
        feltkart=KLASSE_FELTER,
        skrivefelter=(
            Skrivefelt("klasseID", "klasse_id", kan_fjernes=False, paakrevd=True),
            Skrivefelt("tittel", "tittel", kan_fjernes=False, paakrevd=True),
            Skrivefelt("beskrivelse", "beskrivelse"),
            Skrivefelt("noekkelord", "noekkelord", T.TEKSTLISTE),
            _AVSLUTTET,
            *arvbare.FELTER,
        ),
        endre=_klasse_endre,
        slett=lambda klasse, bruker: klasse_slett(klasse=klasse, utfoert_av=bruker),
        annoter=_klasse_annoter,
        foreldre=(
            Forelder(
                "arkivstruktur/klassifikasjonssystem/",
                "arkivstruktur/klassifikasjonssystem/",
                "klassifikasjonssystem.system_id",
            ),
            Forelder(
                "arkivstruktur/overklasse/", "arkivstruktur/klasse/", "overordnet_klasse.system_id"
            ),
        ),
        underlister=(
            Underliste(
                "arkivstruktur/underklasse/",
                "underklasse",
                KLASSE,
                lambda bruker, klasse: underklasse_liste(bruker=bruker, klasse=klasse),
                vis=lambda klasse: _flagg(klasse, "har_underklasser"),
            ),
            Underliste(
                "arkivstruktur/mappe/",
                "mappe",
                MAPPE,
                lambda bruker, klasse: mappe_liste(bruker=bruker).filter(klasse=klasse),
            ),
            Underliste(
                "arkivstruktur/registrering/",
                "registrering",
                REGISTRERING,
                lambda bruker, klasse: registrering_liste(bruker=bruker).filter(klasse=klasse),
            ),
        ),
        # The mappe module's create resources, with the klasse's own rules for the links;
        # they file the new unit in the klasse's arkivdel.
        opprettelser=(
            NY_UNDERKLASSE,
            replace(NY_MAPPE, kan=_kan_ta_imot(mapper=True)),
            replace(NY_SAKSMAPPE, kan=_kan_ta_imot(mapper=True)),
            replace(NY_REGISTRERING, kan=_kan_ta_imot(mapper=False)),
        ),
    ),
)

# The arkivdel (arkivstruktur.py) links to its primary system and lists its secondary ones.
# Its Entitetstype is mutable: the parent link is appended here, where the system type is.
_arkivdel = REGISTER[ARKIVDEL]
_arkivdel.foreldre = (
    *_arkivdel.foreldre,
    Forelder(
        "arkivstruktur/klassifikasjonssystem/",
        "arkivstruktur/klassifikasjonssystem/",
        "klassifikasjonssystem.system_id",
    ),
)
utvid(
    ARKIVDEL,
    underlister=(
        Underliste(
            "arkivstruktur/sekundaerklassifikasjonssystem/",
            "sekundaerklassifikasjonssystem",
            KLASSIFIKASJONSSYSTEM,
            lambda bruker, arkivdel: sekundaert_klassifikasjonssystem_liste(
                bruker=bruker, arkivdel=arkivdel
            ),
        ),
    ),
    opprettelser=(NY_KLASSIFIKASJONSSYSTEM, NY_SEKUNDAERKLASSIFIKASJONSSYSTEM),
)
