"""Mapper and registreringer: mappe and saksmappe, registrering, journalpost and arkivnotat
(rest-api.md §12.1, §12.2; model.md §3.6, §3.7, §3.9–§3.11; client-compat.md §5–§8).

One table per hierarchy (docs/decisions/0001), so the base lists are polymorphic for free:
`arkivstruktur/mappe/` holds the saksmapper too, each shown as its concrete type with its own
`self` under `sakarkiv/saksmappe/` (client-compat.md §8.3), and `arkivstruktur/registrering/`
holds journalposter and arkivnotater. Writes go through the services of arkivstruktur (generic
mappe and registrering) and sakarkiv (the subtypes), which check placement, period, access
and status rules and write the change log.

Creating: `ny-mappe`, `sakarkiv/ny-saksmappe` and `ny-registrering` on an arkivdel, a mappe
(an undermappe; a registrering in it) and, added by the klassifikasjon module with the
objects exported here, on a klasse; `sakarkiv/ny-journalpost` and `sakarkiv/ny-arkivnotat`
on a saksmappe. `sakarkiv/utvid-til-saksmappe` on a generic mappe and
`sakarkiv/utvid-til-journalpost` on a registrering in a saksmappe extend in place (§5.5).

Closing and archiving go through status attributes (rest-api.md §13 items 13 and 14): a
saksmappe is closed by setting `saksstatus` to A, a journalpost archived by setting
`journalstatus` to A. A generic mappe has no status: setting `avsluttetDato` on an open
mappe closes it, and setting `arkivertDato` archives a registrering or arkivnotat; the
server sets the actual time and who did it, as for the status codes.

Other modules add sub-lists and create links to these types with `ressurs.utvid`, under the
keys `arkivstruktur/mappe`, `sakarkiv/saksmappe`, `arkivstruktur/registrering`,
`sakarkiv/journalpost` and `sakarkiv/arkivnotat`.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Exists, F, OuterRef, PositiveIntegerField, Q, QuerySet

from arkivstruktur.models import Arkivdel, Klasse, Mappe, Mappetype, Registrering
from arkivstruktur.models import Registreringstype as R
from arkivstruktur.selectors import arkivdeler_for_klasse, mappe_liste, registrering_liste
from arkivstruktur.services.mappe import (
    mappe_avslutt,
    mappe_endre,
    mappe_opprett,
    mappe_slett,
)
from arkivstruktur.services.registrering import (
    registrering_arkiver,
    registrering_endre,
    registrering_flytt,
    registrering_opprett,
    registrering_slett,
)
from felles.feil import DomeneFeil
from felles.tid import dato_i_oslo, naa
from noark_api import arvbare
from noark_api.inndata import Skrivefelt, Verditype
from noark_api.lenker import lenkemaal
from noark_api.ressurs import (
    Entitetstype,
    Forelder,
    Opprettelse,
    Underliste,
    registrer,
    utvid,
)
from noark_api.ressurser.felles import arvet_dokumentmedium, kodeobjekt, uten_tomme
from noark_api.serialisering.mappe import (
    ARKIVNOTAT_FELTER,
    JOURNALPOST_FELTER,
    MAPPE_FELTER,
    REGISTRERING_FELTER,
    SAKSMAPPE_FELTER,
    ArkivnotatSerializer,
    JournalpostSerializer,
    MappeSerializer,
    RegistreringSerializer,
    SaksmappeSerializer,
)
from organisasjon.models import Rolle
from sakarkiv import regler
from sakarkiv.selectors import (
    administrativ_enhet_etter_navn,
    saksansvarlig_etter_navn,
    standard_enhet,
)
from sakarkiv.services.arkivnotat import arkivnotat_arkiver, arkivnotat_opprett
from sakarkiv.services.journalpost import (
    flytt_til_sak,
    journalpost_endre,
    journalpost_endre_status,
    journalpost_registrer,
    journalpost_slett,
)
from sakarkiv.services.saksmappe import (
    saksansvar_endre,
    saksmappe_endre,
    saksmappe_endre_status,
    saksmappe_opprett,
    saksmappe_slett,
)
from sakarkiv.services.utvidelse import (
    mappe_utvid_til_saksmappe,
    registrering_utvid_til_journalpost,
)
from tilgang.lesing import registrer_lesing
from tilgang.profil import tilgangsprofil
from tilgang.skjerming import offentlig_visning

T = Verditype
MAPPE = "arkivstruktur/mappe"
KLASSE = "arkivstruktur/klasse"
SAKSMAPPE = "sakarkiv/saksmappe"
REGISTRERING = "arkivstruktur/registrering"
JOURNALPOST = "sakarkiv/journalpost"
ARKIVNOTAT = "sakarkiv/arkivnotat"
ARKIVDEL = "arkivstruktur/arkivdel"

_SAKSARBEID = (Rolle.SAKSBEHANDLER, Rolle.LEDER, Rolle.ARKIVAR)


# --- shared pieces ------------------------------------------------------------------------------


def _idag() -> str:
    return dato_i_oslo(naa()).isoformat()


def kan_arbeide(bruker: Any, forelder: Any) -> bool:
    """May register below `forelder` (`arkivstruktur.arbeide`). A klasse belongs to no
    district (a shared K-koder serves every bydel): there it is enough to do case work
    somewhere; the service checks the arkivdel the new unit lands in."""
    if isinstance(forelder, Klasse):
        return bool(tilgangsprofil(bruker).har_rolle(*_SAKSARBEID))
    return bool(rules.has_perm("arkivstruktur.arbeide", bruker, forelder))


def _aapen(forelder: Any) -> bool:
    return not getattr(forelder, "er_avsluttet", False)


def _kan_ny_mappe(bruker: Any, forelder: Any) -> bool:
    """Exclusive children (model.md §1): no undermappe in a mappe holding registreringer."""
    if isinstance(forelder, Mappe) and getattr(forelder, "har_registrering", False):
        return False
    return _aapen(forelder) and kan_arbeide(bruker, forelder)


def _kan_ny_registrering(bruker: Any, forelder: Any) -> bool:
    """Only where a registrering may go: not in a mappe with undermapper, nor directly in an
    arkivdel with a classification system (5.5.2–5.5.4)."""
    if isinstance(forelder, Mappe) and getattr(forelder, "har_undermappe", False):
        return False
    if isinstance(forelder, Arkivdel) and forelder.klassifikasjonssystem_id is not None:
        return False
    return _aapen(forelder) and kan_arbeide(bruker, forelder)


def _arkivdel_for_klasse(klasse: Klasse, bruker: Any) -> Arkivdel:
    """The arkivdel a unit filed under `klasse` goes to: the one active period the user may
    register in among those using the klasse's classification system."""
    kandidater = [
        arkivdel
        for arkivdel in arkivdeler_for_klasse(bruker=bruker, klasse=klasse)
        if arkivdel.arkivdelstatus == "A"
        and not arkivdel.er_avsluttet
        and rules.has_perm("arkivstruktur.arbeide", bruker, arkivdel)
    ]
    if len(kandidater) != 1:
        raise DomeneFeil(
            "Klassen brukes i flere aktive arkivdeler du kan registrere i, så det er ikke "
            "entydig hvilken arkivdel den nye enheten skal ligge i."
            if kandidater
            else "Klassen er ikke i bruk i noen aktiv arkivdel du kan registrere i.",
            felt="klasse",
        )
    return kandidater[0]


def _plassering(forelder: Any, bruker: Any, *, mappe_arg: str) -> dict[str, Any]:
    """The service's placement arguments for a new unit below `forelder`: an arkivdel, a
    klasse (with the arkivdel it is used in) or a mappe (`mappe_arg` names the argument)."""
    if isinstance(forelder, Mappe):
        return {mappe_arg: forelder}
    if isinstance(forelder, Klasse):
        return {"arkivdel": _arkivdel_for_klasse(forelder, bruker), "klasse": forelder}
    if isinstance(forelder, Arkivdel):
        return {"arkivdel": forelder}
    raise DomeneFeil("Her kan det ikke opprettes noe.")


def _logg_lesing(instans: Any, bruker: Any) -> None:
    """A screened or graded mappe or registrering read in full is logged, as on the UI's
    case page (tilgang.lesing; docs/tilgangsmatrise.md). Lists show such records masked and
    are not logged."""
    registrer_lesing(instans, bruker)


_STOERSTE_HELTALL = 2**31 - 1  # a PositiveIntegerField on PostgreSQL


def _krev_lagringsgrenser(modell: type[Any], argumenter: dict[str, Any]) -> dict[str, Any]:
    """Values the columns cannot hold are a 400 naming the attribute, never a database error:
    text longer than a CharField's max_length, a count outside a positive integer column
    (SQLite would store either; PostgreSQL refuses)."""
    for arg, verdi in argumenter.items():
        try:
            felt = modell._meta.get_field(arg)
        except FieldDoesNotExist:
            continue
        navn = _JSON_NAVN.get(arg, arg)
        grense = getattr(felt, "max_length", None)
        if isinstance(verdi, str) and grense is not None and len(verdi) > grense:
            raise DomeneFeil(f"«{navn}» kan ikke være lengre enn {grense} tegn.", felt=navn)
        utenfor = isinstance(verdi, int) and not 0 <= verdi <= _STOERSTE_HELTALL
        if isinstance(felt, PositiveIntegerField) and utenfor:
            raise DomeneFeil(
                f"«{navn}» må være et heltall fra 0 til {_STOERSTE_HELTALL}.", felt=navn
            )
    return argumenter


def _endringer(instans: Any, argumenter: dict[str, Any]) -> dict[str, Any]:
    """What an update really changes. A PUT sends every attribute back (client-compat.md
    §11.1), and the services refuse a field they do not let change even when it is
    unchanged, so only the values that differ from the stored ones are passed on.

    A client that writes back a list row sends the masked title lists show (SkjermetTittel):
    that is not a new title, and must not overwrite the real one."""
    endringer = {n: v for n, v in argumenter.items() if getattr(instans, n, None) != v}
    tittel = endringer.get("tittel")
    if tittel is not None:
        visning = offentlig_visning(instans)
        if visning.er_maskert and tittel == visning.tittel:
            del endringer["tittel"]
    return endringer


def _tidsstempel(argumenter: dict[str, Any], arg: str, navn: str, satt: bool) -> bool:
    """avsluttetDato or arkivertDato sent on an update: on an open mappe or unarchived
    registrering it asks for closing or archiving (the server sets the time and who, as
    the status codes do, rest-api.md §13 items 13–14); once set, it never changes.
    Takes the value out of `argumenter`; True when the action is asked for."""
    if arg not in argumenter:
        return False
    argumenter.pop(arg)
    if satt:
        raise DomeneFeil(f"«{navn}» er satt og kan ikke endres.", felt=navn, kode="laast")
    return True


_GRUNNFELTER = (
    Skrivefelt("tittel", "tittel", kan_fjernes=False, paakrevd=True),
    Skrivefelt("offentligTittel", "offentlig_tittel"),
    Skrivefelt("beskrivelse", "beskrivelse"),
    Skrivefelt("noekkelord", "noekkelord", T.TEKSTLISTE),
    Skrivefelt("dokumentmedium", "dokumentmedium", T.KODE, kan_fjernes=False),
    Skrivefelt("oppbevaringssted", "oppbevaringssted", T.TEKSTLISTE),
    Skrivefelt("virksomhetsspesifikkeMetadata", "virksomhetsspesifikke_metadata", T.VSM),
    *arvbare.FELTER,
)


def _mappelenker(rader: QuerySet[Mappe], bruker: Any) -> QuerySet[Mappe]:
    """What `_links` needs without a query per row: the parents' ids, whether there are
    children of either kind (exclusive children decide the create links)."""
    return rader.annotate(
        overmappe_system_id=F("overmappe__system_id"),
        arkivdel_system_id=F("arkivdel__system_id"),
        klasse_system_id=F("klasse__system_id"),
        administrativ_enhet_system_id=F("referanse_administrativ_enhet__system_id"),
        saksansvarlig_system_id=F("referanse_saksansvarlig__system_id"),
        har_undermappe=Exists(Mappe.objects.filter(overmappe=OuterRef("pk"))),
        har_registrering=Exists(Registrering.objects.filter(mappe=OuterRef("pk"))),
    )


_MAPPEFORELDRE = (
    Forelder("arkivstruktur/overmappe/", "arkivstruktur/mappe/", "overmappe_system_id"),
    Forelder("arkivstruktur/arkivdel/", "arkivstruktur/arkivdel/", "arkivdel_system_id"),
    Forelder("arkivstruktur/klasse/", "arkivstruktur/klasse/", "klasse_system_id"),
)

_MAPPEUNDERLISTER = (
    Underliste(
        "arkivstruktur/undermappe/",
        "undermappe",
        MAPPE,
        lambda bruker, mappe: mappe_liste(bruker=bruker).filter(overmappe=mappe),
    ),
    Underliste(
        "arkivstruktur/registrering/",
        "registrering",
        REGISTRERING,
        lambda bruker, mappe: registrering_liste(bruker=bruker).filter(mappe=mappe),
    ),
)


def _mappetype(mappe: Any) -> str:
    return SAKSMAPPE if mappe.mappetype == Mappetype.SAKSMAPPE else MAPPE


# --- mappe --------------------------------------------------------------------------------------


def _ny_mappe(forelder: Any, argumenter: dict[str, Any], bruker: Any) -> Mappe:
    _krev_lagringsgrenser(Mappe, argumenter)
    plass = _plassering(forelder, bruker, mappe_arg="overmappe")
    return mappe_opprett(utfoert_av=bruker, **plass, **argumenter)


def _mappemal(request: Any, forelder: Any) -> dict[str, Any]:
    return uten_tomme({"dokumentmedium": arvet_dokumentmedium(forelder)})


def _mappe_endre(mappe: Mappe, argumenter: dict[str, Any], bruker: Any) -> None:
    argumenter = _krev_lagringsgrenser(Mappe, _endringer(mappe, argumenter))
    avsluttes = _tidsstempel(argumenter, "avsluttet_dato", "avsluttetDato", mappe.er_avsluttet)
    if argumenter:
        mappe_endre(mappe=mappe, endringer=argumenter, utfoert_av=bruker)
    if avsluttes:
        mappe_avslutt(mappe=mappe, utfoert_av=bruker)


NY_MAPPE = Opprettelse(
    "arkivstruktur/ny-mappe/", MAPPE, _ny_mappe, mal=_mappemal, kan=_kan_ny_mappe
)
"""`ny-mappe` below an arkivdel, a klasse or a mappe (an undermappe)."""


# --- saksmappe ----------------------------------------------------------------------------------


def _virksomhet_for(forelder: Any, bruker: Any) -> int | None:
    if isinstance(forelder, Mappe | Arkivdel):
        return int(forelder.arkiv.virksomhet_id)
    if isinstance(forelder, Klasse):
        try:
            return int(_arkivdel_for_klasse(forelder, bruker).arkiv.virksomhet_id)
        except DomeneFeil:
            return None
    return None


def _saksansvar(argumenter: dict[str, Any], virksomhet_id: int, bruker: Any) -> dict[str, Any]:
    """administrativEnhet and saksansvarlig are names in the standard (M305, M306); the
    services take the unit and the person they name in the case's virksomhet."""
    argumenter = dict(argumenter)
    enhetsnavn = argumenter.pop("administrativ_enhet", None)
    if enhetsnavn is not None:
        enhet = administrativ_enhet_etter_navn(
            bruker=bruker, virksomhet_id=virksomhet_id, navn=enhetsnavn
        )
        if enhet is None:
            raise DomeneFeil(
                f"Fant ingen administrativ enhet med navnet «{enhetsnavn}» i arkivets virksomhet.",
                felt="administrativEnhet",
            )
        argumenter["administrativ_enhet"] = enhet
    ansvarlig = argumenter.pop("saksansvarlig", None)
    if ansvarlig is not None:
        if ansvarlig in (bruker.visningsnavn, bruker.username):
            person = bruker
        else:
            person = saksansvarlig_etter_navn(
                bruker=bruker, virksomhet_id=virksomhet_id, navn=ansvarlig
            )
        if person is None:
            raise DomeneFeil(
                f"Fant ingen saksbehandler med navnet «{ansvarlig}» i arkivets virksomhet.",
                felt="saksansvarlig",
            )
        argumenter["saksansvarlig"] = person
    return argumenter


def _ny_saksmappe(forelder: Any, argumenter: dict[str, Any], bruker: Any) -> Mappe:
    _krev_lagringsgrenser(Mappe, argumenter)
    plass = _plassering(forelder, bruker, mappe_arg="overmappe")
    arkivdel = plass["overmappe"].arkivdel if "overmappe" in plass else plass["arkivdel"]
    argumenter = _saksansvar(argumenter, arkivdel.arkiv.virksomhet_id, bruker)
    return saksmappe_opprett(utfoert_av=bruker, **plass, **argumenter)


def _saksmappemal(request: Any, forelder: Any) -> dict[str, Any]:
    """client-compat.md §5.3: saksdato today, saksansvarlig the current user (and the unit
    they work in), saksstatus B (under behandling, the service's default)."""
    bruker = request.user
    virksomhet_id = _virksomhet_for(forelder, bruker)
    enhet = (
        standard_enhet(bruker=bruker, virksomhet_id=virksomhet_id)
        if virksomhet_id is not None
        else None
    )
    return uten_tomme(
        {
            "dokumentmedium": arvet_dokumentmedium(forelder),
            "saksdato": _idag(),
            "administrativEnhet": enhet.administrativ_enhet_navn if enhet else None,
            "saksansvarlig": bruker.visningsnavn,
            "saksstatus": kodeobjekt("saksstatus", "B"),
        }
    )


def _saksmappe_endre(saksmappe: Mappe, argumenter: dict[str, Any], bruker: Any) -> None:
    """Fields, saksansvar and status each through their service. Re-opening (from A) comes
    first, so that frozen fields may then change; any other status change comes last, so
    that a case is closed with the values sent alongside."""
    argumenter = _krev_lagringsgrenser(Mappe, _endringer(saksmappe, argumenter))
    status = argumenter.pop("saksstatus", None)
    endret_status = status is not None and status != saksmappe.saksstatus
    if endret_status and saksmappe.saksstatus == "A":
        saksmappe = saksmappe_endre_status(
            saksmappe=saksmappe, saksstatus=status, utfoert_av=bruker
        )
        endret_status = False
    ansvar = _saksansvar(
        {n: argumenter.pop(n) for n in ("administrativ_enhet", "saksansvarlig") if n in argumenter},
        saksmappe.arkiv.virksomhet_id,
        bruker,
    )
    if ansvar.get("administrativ_enhet") is not None and (
        ansvar["administrativ_enhet"].pk == saksmappe.referanse_administrativ_enhet_id
    ):
        ansvar.pop("administrativ_enhet")
    if ansvar.get("saksansvarlig") is not None and (
        ansvar["saksansvarlig"].pk == saksmappe.referanse_saksansvarlig_id
    ):
        ansvar.pop("saksansvarlig")
    if argumenter:
        saksmappe = saksmappe_endre(saksmappe=saksmappe, endringer=argumenter, utfoert_av=bruker)
    if ansvar:
        saksmappe = saksansvar_endre(saksmappe=saksmappe, utfoert_av=bruker, **ansvar)
    if endret_status:
        saksmappe_endre_status(saksmappe=saksmappe, saksstatus=status, utfoert_av=bruker)


NY_SAKSMAPPE = Opprettelse(
    "sakarkiv/ny-saksmappe/",
    SAKSMAPPE,
    _ny_saksmappe,
    mal=_saksmappemal,
    kan=_kan_ny_mappe,
)
"""`sakarkiv/ny-saksmappe` below an arkivdel, a klasse or a mappe (an undermappe)."""

_SAKSMAPPEFELTER = (
    *_GRUNNFELTER,
    Skrivefelt("saksdato", "saksdato", T.DATO, kan_fjernes=False),
    Skrivefelt("administrativEnhet", "administrativ_enhet", kan_fjernes=False),
    Skrivefelt("saksansvarlig", "saksansvarlig", kan_fjernes=False),
    Skrivefelt("journalenhet", "journalenhet"),
    Skrivefelt("saksstatus", "saksstatus", T.KODE, kan_fjernes=False),
    Skrivefelt("utlaantDato", "utlaant_dato", T.DATO, ved_opprettelse=False),
    Skrivefelt("utlaantTil", "utlaant_til", ved_opprettelse=False),
)


# --- registrering -------------------------------------------------------------------------------


def _ny_registrering(forelder: Any, argumenter: dict[str, Any], bruker: Any) -> Registrering:
    _krev_lagringsgrenser(Registrering, argumenter)
    plass = _plassering(forelder, bruker, mappe_arg="mappe")
    return registrering_opprett(utfoert_av=bruker, **plass, **argumenter)


def _registreringsmal(request: Any, forelder: Any) -> dict[str, Any]:
    return uten_tomme({"dokumentmedium": arvet_dokumentmedium(forelder)})


def _registrering_endre(
    registrering: Registrering, argumenter: dict[str, Any], bruker: Any
) -> None:
    argumenter = _krev_lagringsgrenser(Registrering, _endringer(registrering, argumenter))
    arkiveres = _tidsstempel(argumenter, "arkivert_dato", "arkivertDato", registrering.er_arkivert)
    if argumenter:
        registrering_endre(registrering=registrering, endringer=argumenter, utfoert_av=bruker)
    if arkiveres:
        registrering_arkiver(registrering=registrering, utfoert_av=bruker)


def _registreringslenker(rader: QuerySet[Registrering], bruker: Any) -> QuerySet[Registrering]:
    return rader.annotate(
        mappe_system_id=F("mappe__system_id"),
        arkivdel_system_id=F("arkivdel__system_id"),
        klasse_system_id=F("klasse__system_id"),
        i_saksmappe=Q(mappe__mappetype=Mappetype.SAKSMAPPE),
    )


def _registreringstype(registrering: Any) -> str:
    if registrering.registreringstype == R.JOURNALPOST:
        return JOURNALPOST
    if registrering.registreringstype == R.ARKIVNOTAT:
        return ARKIVNOTAT
    return REGISTRERING


NY_REGISTRERING = Opprettelse(
    "arkivstruktur/ny-registrering/",
    REGISTRERING,
    _ny_registrering,
    mal=_registreringsmal,
    kan=_kan_ny_registrering,
)
"""`ny-registrering` in an arkivdel without classification, a klasse or a mappe."""

_REGISTRERINGSFORELDRE = (
    Forelder("arkivstruktur/mappe/", "arkivstruktur/mappe/", "mappe_system_id"),
    Forelder("arkivstruktur/arkivdel/", "arkivstruktur/arkivdel/", "arkivdel_system_id"),
    Forelder("arkivstruktur/klasse/", "arkivstruktur/klasse/", "klasse_system_id"),
)
_REGISTRERINGSFELTER = (
    *_GRUNNFELTER,
    Skrivefelt("forfatter", "forfatter", T.TEKSTLISTE),
)
_ARKIVERT = Skrivefelt(
    "arkivertDato", "arkivert_dato", T.DATOTID, kan_fjernes=False, ved_opprettelse=False
)

# --- journalpost and arkivnotat -------------------------------------------------------------------

_DOKUMENTDATOER = (
    Skrivefelt("dokumentetsDato", "dokumentets_dato", T.DATO),
    Skrivefelt("mottattDato", "mottatt_dato", T.DATOTID),
    Skrivefelt("sendtDato", "sendt_dato", T.DATOTID),
    Skrivefelt("forfallsdato", "forfallsdato", T.DATO),
    Skrivefelt("antallVedlegg", "antall_vedlegg", T.HELTALL),
)


def _krev_saksmappe(forelder: Any) -> Mappe:
    if not isinstance(forelder, Mappe) or forelder.mappetype != Mappetype.SAKSMAPPE:
        raise DomeneFeil("En journalpost registreres i en saksmappe.", felt="saksmappe")
    return forelder


def _ny_journalpost(forelder: Any, argumenter: dict[str, Any], bruker: Any) -> Registrering:
    # Korrespondanseparter are added afterwards through their own resources (rest-api §5.1).
    _krev_lagringsgrenser(Registrering, argumenter)
    return journalpost_registrer(
        saksmappe=_krev_saksmappe(forelder),
        korrespondanseparter=[],
        krev_korrespondansepart=False,
        utfoert_av=bruker,
        **argumenter,
    )


def _journalpostmal(request: Any, forelder: Any) -> dict[str, Any]:
    """client-compat.md §5.3: journalposttype I (incoming, the usual case), its standard
    journalstatus, journaldato today."""
    return uten_tomme(
        {
            "dokumentmedium": arvet_dokumentmedium(forelder),
            "journalposttype": kodeobjekt("journalposttype", regler.INNGAAENDE),
            "journalstatus": kodeobjekt(
                "journalstatus", regler.STANDARD_JOURNALSTATUS[regler.INNGAAENDE]
            ),
            "journaldato": _idag(),
        }
    )


def _klassifiser_om(mappe: Mappe, maal: str, bruker: Any) -> None:
    """PATCH of a mappe's `klasse` link to another klasse of its arkivdel's system: it is
    reclassified (a case's primærklasse), through its own service."""
    klasse = lenkemaal(maal, bruker, (KLASSE,), hva="en klasse")
    if mappe.mappetype == Mappetype.SAKSMAPPE:
        saksmappe_endre(saksmappe=mappe, endringer={"klasse": klasse}, utfoert_av=bruker)
    else:
        mappe_endre(mappe=mappe, endringer={"klasse": klasse}, utfoert_av=bruker)


def _flytt_til_sak(registrering: Registrering, maal: str, bruker: Any) -> None:
    """PATCH of a journalpost's or an arkivnotat's `mappe` link to another case's href
    (rest-api.md §5.2): it moves there."""
    saksmappe = lenkemaal(maal, bruker, (MAPPE, SAKSMAPPE), hva="en saksmappe")
    flytt_til_sak(registrering=registrering, saksmappe=saksmappe, utfoert_av=bruker)


def _flytt_til_mappe(registrering: Registrering, maal: str, bruker: Any) -> None:
    """PATCH of a plain registrering's `mappe` link to another mappe's href: it moves there."""
    mappe = lenkemaal(maal, bruker, (MAPPE, SAKSMAPPE), hva="en mappe")
    registrering_flytt(registrering=registrering, mappe=mappe, utfoert_av=bruker)


def _journalpost_endre(journalpost: Registrering, argumenter: dict[str, Any], bruker: Any) -> None:
    """Fields first, then the status, so that archiving (A) freezes the values sent with it
    (rest-api.md §13 item 14)."""
    argumenter = _krev_lagringsgrenser(Registrering, _endringer(journalpost, argumenter))
    status = argumenter.pop("journalstatus", None)
    if argumenter:
        journalpost = journalpost_endre(
            journalpost=journalpost, endringer=argumenter, utfoert_av=bruker
        )
    if status is not None and status != journalpost.journalstatus:
        journalpost_endre_status(journalpost=journalpost, journalstatus=status, utfoert_av=bruker)


def _kan_i_saksmappe(bruker: Any, mappe: Any) -> bool:
    return getattr(mappe, "mappetype", None) == Mappetype.SAKSMAPPE and _kan_ny_registrering(
        bruker, mappe
    )


NY_JOURNALPOST = Opprettelse(
    "sakarkiv/ny-journalpost/",
    JOURNALPOST,
    _ny_journalpost,
    mal=_journalpostmal,
    kan=_kan_i_saksmappe,
)

_JOURNALPOSTFELTER = (
    *_REGISTRERINGSFELTER,
    Skrivefelt("journalposttype", "journalposttype", T.KODE, paakrevd=True, ved_endring=False),
    Skrivefelt("journalstatus", "journalstatus", T.KODE, kan_fjernes=False),
    Skrivefelt("journaldato", "journaldato", T.DATO, kan_fjernes=False),
    *_DOKUMENTDATOER,
    Skrivefelt(
        "offentlighetsvurdertDato", "offentlighetsvurdert_dato", T.DATO, ved_opprettelse=False
    ),
    Skrivefelt("journalenhet", "journalenhet"),
    Skrivefelt("utlaantDato", "utlaant_dato", T.DATO, ved_opprettelse=False),
    Skrivefelt("utlaantTil", "utlaant_til", ved_opprettelse=False),
)


def _ny_arkivnotat(forelder: Any, argumenter: dict[str, Any], bruker: Any) -> Registrering:
    _krev_lagringsgrenser(Registrering, argumenter)
    if not isinstance(forelder, Mappe):
        raise DomeneFeil("Et arkivnotat registreres i en mappe.", felt="mappe")
    return arkivnotat_opprett(mappe=forelder, utfoert_av=bruker, **argumenter)


def _arkivnotatmal(request: Any, forelder: Any) -> dict[str, Any]:
    return uten_tomme(
        {"dokumentmedium": arvet_dokumentmedium(forelder), "dokumentetsDato": _idag()}
    )


def _arkivnotat_endre(arkivnotat: Registrering, argumenter: dict[str, Any], bruker: Any) -> None:
    argumenter = _krev_lagringsgrenser(Registrering, _endringer(arkivnotat, argumenter))
    arkiveres = _tidsstempel(argumenter, "arkivert_dato", "arkivertDato", arkivnotat.er_arkivert)
    if argumenter:
        registrering_endre(registrering=arkivnotat, endringer=argumenter, utfoert_av=bruker)
    if arkiveres:
        arkivnotat_arkiver(arkivnotat=arkivnotat, utfoert_av=bruker)


NY_ARKIVNOTAT = Opprettelse(
    "sakarkiv/ny-arkivnotat/",
    ARKIVNOTAT,
    _ny_arkivnotat,
    mal=_arkivnotatmal,
    kan=_kan_i_saksmappe,
)

_ARKIVNOTATFELTER = (
    *(f for f in _REGISTRERINGSFELTER if f.arg != "oppbevaringssted"),
    Skrivefelt("oppbevaringssted", "oppbevaringssted", T.TEKSTLISTE, ved_opprettelse=False),
    *(Skrivefelt(f.json, f.arg, f.type, ved_endring=False) for f in _DOKUMENTDATOER),
    _ARKIVERT,
)


# --- utvid-til-* ---------------------------------------------------------------------------------


def _utvid_til_saksmappe(mappe: Any, argumenter: dict[str, Any], bruker: Any) -> Mappe:
    _krev_lagringsgrenser(Mappe, argumenter)
    argumenter = _saksansvar(argumenter, mappe.arkiv.virksomhet_id, bruker)
    return mappe_utvid_til_saksmappe(mappe=mappe, utfoert_av=bruker, **argumenter)


def _utvid_til_saksmappe_mal(request: Any, mappe: Any) -> dict[str, Any]:
    mal = _saksmappemal(request, mappe)
    mal.pop("dokumentmedium", None)
    return mal


_SAKSFELTER_VED_UTVIDELSE = {"saksdato", "administrativEnhet", "saksansvarlig", "journalenhet"}

UTVID_TIL_SAKSMAPPE = Opprettelse(
    "sakarkiv/utvid-til-saksmappe/",
    SAKSMAPPE,
    _utvid_til_saksmappe,
    mal=_utvid_til_saksmappe_mal,
    kan=lambda bruker, mappe: (
        mappe.mappetype == Mappetype.MAPPE and _aapen(mappe) and kan_arbeide(bruker, mappe)
    ),
    felter=(
        *(f for f in _SAKSMAPPEFELTER if f.json in _SAKSFELTER_VED_UTVIDELSE),
        Skrivefelt("saksstatus", "saksstatus", T.KODE),
    ),
    utvidelse=True,
)


def _utvid_til_journalpost(
    registrering: Any, argumenter: dict[str, Any], bruker: Any
) -> Registrering:
    return registrering_utvid_til_journalpost(
        registrering=registrering,
        korrespondanseparter=[],
        krev_korrespondansepart=False,
        utfoert_av=bruker,
        **argumenter,
    )


def _utvid_til_journalpost_mal(request: Any, registrering: Any) -> dict[str, Any]:
    mal = _journalpostmal(request, registrering)
    return {n: v for n, v in mal.items() if n in {"journalposttype", "journalstatus"}}


UTVID_TIL_JOURNALPOST = Opprettelse(
    "sakarkiv/utvid-til-journalpost/",
    JOURNALPOST,
    _utvid_til_journalpost,
    mal=_utvid_til_journalpost_mal,
    kan=lambda bruker, registrering: (
        bool(getattr(registrering, "i_saksmappe", False))
        and registrering.registreringstype == R.REGISTRERING
        and not registrering.er_arkivert
        and kan_arbeide(bruker, registrering)
    ),
    felter=(
        Skrivefelt("journalposttype", "journalposttype", T.KODE, paakrevd=True),
        Skrivefelt("journalstatus", "journalstatus", T.KODE),
    ),
    utvidelse=True,
)


# --- registration -------------------------------------------------------------------------------

_JSON_NAVN = {
    felt.arg: felt.json
    for felt in (
        *_SAKSMAPPEFELTER,
        *_JOURNALPOSTFELTER,
        *_ARKIVNOTATFELTER,
        *(UTVID_TIL_JOURNALPOST.felter or ()),
    )
}

registrer(
    Entitetstype(
        "arkivstruktur",
        "mappe",
        rader=lambda bruker: mappe_liste(bruker=bruker),
        serializer=MappeSerializer,
        feltkart=MAPPE_FELTER,
        skrivefelter=(
            *_GRUNNFELTER,
            Skrivefelt(
                "avsluttetDato",
                "avsluttet_dato",
                T.DATOTID,
                kan_fjernes=False,
                ved_opprettelse=False,
            ),
        ),
        endre=_mappe_endre,
        slett=lambda mappe, bruker: mappe_slett(mappe=mappe, utfoert_av=bruker),
        annoter=_mappelenker,
        ved_lesing=_logg_lesing,
        konkret=_mappetype,
        foreldre=_MAPPEFORELDRE,
        underlister=_MAPPEUNDERLISTER,
        opprettelser=(NY_MAPPE, NY_SAKSMAPPE, NY_REGISTRERING, UTVID_TIL_SAKSMAPPE),
        kodelister=("dokumentmedium",),
        beskrivelse="Mapper, saksmapper medregnet.",
        flytting={"arkivstruktur/klasse/": _klassifiser_om},
    ),
    Entitetstype(
        "sakarkiv",
        "saksmappe",
        rader=lambda bruker: mappe_liste(bruker=bruker).filter(mappetype=Mappetype.SAKSMAPPE),
        serializer=SaksmappeSerializer,
        feltkart=SAKSMAPPE_FELTER,
        skrivefelter=_SAKSMAPPEFELTER,
        endre=_saksmappe_endre,
        slett=lambda saksmappe, bruker: saksmappe_slett(saksmappe=saksmappe, utfoert_av=bruker),
        annoter=_mappelenker,
        ved_lesing=_logg_lesing,
        foreldre=_MAPPEFORELDRE,
        underlister=_MAPPEUNDERLISTER,
        opprettelser=(NY_MAPPE, NY_SAKSMAPPE, NY_REGISTRERING, NY_JOURNALPOST, NY_ARKIVNOTAT),
        kodelister=("dokumentmedium", "saksstatus"),
        flytting={"arkivstruktur/klasse/": _klassifiser_om},
    ),
    Entitetstype(
        "arkivstruktur",
        "registrering",
        rader=lambda bruker: registrering_liste(bruker=bruker),
        serializer=RegistreringSerializer,
        feltkart=REGISTRERING_FELTER,
        skrivefelter=(*_REGISTRERINGSFELTER, _ARKIVERT),
        endre=_registrering_endre,
        slett=lambda registrering, bruker: registrering_slett(
            registrering=registrering, utfoert_av=bruker
        ),
        annoter=_registreringslenker,
        ved_lesing=_logg_lesing,
        konkret=_registreringstype,
        foreldre=_REGISTRERINGSFORELDRE,
        opprettelser=(UTVID_TIL_JOURNALPOST,),
        kodelister=("dokumentmedium",),
        beskrivelse="Registreringer, journalposter og arkivnotater medregnet.",
        flytting={"arkivstruktur/mappe/": _flytt_til_mappe},
    ),
    Entitetstype(
        "sakarkiv",
        "journalpost",
        rader=lambda bruker: registrering_liste(bruker=bruker).filter(
            registreringstype=R.JOURNALPOST
        ),
        serializer=JournalpostSerializer,
        feltkart=JOURNALPOST_FELTER,
        skrivefelter=_JOURNALPOSTFELTER,
        endre=_journalpost_endre,
        slett=lambda journalpost, bruker: journalpost_slett(
            journalpost=journalpost, utfoert_av=bruker
        ),
        annoter=_registreringslenker,
        ved_lesing=_logg_lesing,
        foreldre=_REGISTRERINGSFORELDRE,
        flytting={"arkivstruktur/mappe/": _flytt_til_sak},
        kodelister=("dokumentmedium", "journalposttype", "journalstatus"),
    ),
    Entitetstype(
        "sakarkiv",
        "arkivnotat",
        rader=lambda bruker: registrering_liste(bruker=bruker).filter(
            registreringstype=R.ARKIVNOTAT
        ),
        serializer=ArkivnotatSerializer,
        feltkart=ARKIVNOTAT_FELTER,
        skrivefelter=_ARKIVNOTATFELTER,
        endre=_arkivnotat_endre,
        slett=lambda arkivnotat, bruker: registrering_slett(
            registrering=arkivnotat, utfoert_av=bruker
        ),
        annoter=_registreringslenker,
        ved_lesing=_logg_lesing,
        foreldre=_REGISTRERINGSFORELDRE,
        flytting={"arkivstruktur/mappe/": _flytt_til_sak},
        kodelister=("dokumentmedium",),
    ),
)

# An arkivdel lists its mapper and the registreringer directly in it, and creates them.
utvid(
    ARKIVDEL,
    underlister=(
        Underliste(
            "arkivstruktur/mappe/",
            "mappe",
            MAPPE,
            lambda bruker, arkivdel: mappe_liste(bruker=bruker).filter(
                arkivdel=arkivdel, overmappe__isnull=True
            ),
        ),
        Underliste(
            "arkivstruktur/registrering/",
            "registrering",
            REGISTRERING,
            lambda bruker, arkivdel: registrering_liste(bruker=bruker).filter(
                arkivdel=arkivdel, mappe__isnull=True
            ),
        ),
    ),
    opprettelser=(NY_MAPPE, NY_SAKSMAPPE, NY_REGISTRERING),
)
