"""Reads of the archive structure, always scoped to what the user may see (style.md §6).

`*_hent` raises IkkeFunnet both when the object does not exist and when the user may not see
it, so the answer never reveals that a hidden object exists. Klassifikasjonssystem and Klasse
carry no district: every logged-in user may read them (a shared K-koder serves every bydel).
A klasseID screened with KID (a fødselsnummer) must be masked where it is shown.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any, TypeVar, cast

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from arkivstruktur.models import (
    Arkiv,
    Arkivdel,
    Arkivskaper,
    Dokumentbeskrivelse,
    Klasse,
    Klassifikasjonssystem,
    Kryssreferanse,
    Mappe,
    Merknad,
    Nasjonalidentifikator,
    Part,
    Registrering,
)
from arkivstruktur.services.arkiv import AKTIV_PERIODE
from arkivstruktur.services.klassifikasjon import OBJEKTBASERTE_TYPER
from felles.feil import IkkeFunnet
from organisasjon.models import Rolle
from tilgang.omfang import MIDLERTIDIG_SKJERMINGMETADATA, idag, skjerming_virker_q
from tilgang.profil import Tilgangsprofil, tilgangsprofil

M = TypeVar("M", bound=models.Model)


def _hent(rader: QuerySet[M], system_id: uuid.UUID | str) -> M:
    try:
        nokkel = system_id if isinstance(system_id, uuid.UUID) else uuid.UUID(str(system_id))
    except ValueError:
        raise IkkeFunnet() from None
    objekt = rader.filter(system_id=nokkel).first()
    if objekt is None:
        raise IkkeFunnet()
    return objekt


def arkiv_liste(*, bruker: Any) -> QuerySet[Arkiv]:
    return Arkiv.objects.synlig_for(bruker).select_related("virksomhet").order_by("tittel", "pk")


def arkiv_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Arkiv:
    return _hent(arkiv_liste(bruker=bruker), system_id)


def arkivdel_liste(*, bruker: Any, arkiv: Arkiv | None = None) -> QuerySet[Arkivdel]:
    rader = Arkivdel.objects.synlig_for(bruker).select_related(
        "arkiv", "klassifikasjonssystem", "skjerming", "gradering", "kassasjon"
    )
    if arkiv is not None:
        rader = rader.filter(arkiv=arkiv)
    return rader.order_by("arkiv_id", "arkivperiode_start_dato", "pk")


def arkivdel_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Arkivdel:
    return _hent(arkivdel_liste(bruker=bruker), system_id)


def klassifikasjonssystem_liste(*, bruker: Any) -> QuerySet[Klassifikasjonssystem]:
    if not tilgangsprofil(bruker).er_innlogget:
        return Klassifikasjonssystem.objects.none()
    return Klassifikasjonssystem.objects.order_by("tittel", "pk")


def klassifikasjonssystem_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Klassifikasjonssystem:
    return _hent(klassifikasjonssystem_liste(bruker=bruker), system_id)


def _klasser(bruker: Any) -> QuerySet[Klasse]:
    if not tilgangsprofil(bruker).er_innlogget:
        return Klasse.objects.none()
    return Klasse.objects.select_related(
        "klassifikasjonssystem", "overordnet_klasse", "skjerming", "gradering", "kassasjon"
    )


def klasse_liste(*, bruker: Any, klassifikasjonssystem: Klassifikasjonssystem) -> QuerySet[Klasse]:
    return (
        _klasser(bruker)
        .filter(klassifikasjonssystem=klassifikasjonssystem)
        .order_by("klasse_id", "pk")
    )


def klasse_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Klasse:
    return _hent(_klasser(bruker), system_id)


def arkivdeler_for_klasse(*, bruker: Any, klasse: Klasse) -> QuerySet[Arkivdel]:
    """The visible arkivdeler whose primary classification system holds `klasse`: where a
    mappe or registrering filed under the klasse can go. A shared system (K-koder) serves
    the arkivdeler of every bydel, so the answer depends on the user."""
    return arkivdel_liste(bruker=bruker).filter(
        klassifikasjonssystem_id=klasse.klassifikasjonssystem_id
    )


def mappe_liste(*, bruker: Any) -> QuerySet[Mappe]:
    """Every visible mappe, saksmapper included (one table), in creation order. What the
    screening rules read (skjerming, gradering and the arkiv) and the embedded kassasjon
    are loaded with each row."""
    return (
        Mappe.objects.synlig_for(bruker)
        .select_related("arkiv", "skjerming", "gradering", "kassasjon")
        .order_by("opprettet_dato", "pk")
    )


def registrering_liste(*, bruker: Any) -> QuerySet[Registrering]:
    """Every visible registrering, journalposter and arkivnotater included, in creation
    order, loaded as `mappe_liste` is."""
    return (
        Registrering.objects.synlig_for(bruker)
        .select_related("arkiv", "skjerming", "gradering", "kassasjon")
        .order_by("opprettet_dato", "pk")
    )


def mappe_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Mappe:
    rader = Mappe.objects.synlig_for(bruker).select_related(
        "arkiv", "arkivdel", "klasse", "overmappe", "skjerming", "gradering", "kassasjon"
    )
    return cast(Mappe, _hent(rader, system_id))


def registrering_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Registrering:
    rader = Registrering.objects.synlig_for(bruker).select_related(
        "arkiv", "arkivdel", "mappe", "klasse", "skjerming", "gradering", "kassasjon"
    )
    return cast(Registrering, _hent(rader, system_id))


def arkivskaper_liste(*, bruker: Any) -> QuerySet[Arkivskaper]:
    """Arkivskapere name organisations (a bydel and its organisation number), which is no
    secret: every logged-in user may read them, as the shared classification systems."""
    if not tilgangsprofil(bruker).er_innlogget:
        return Arkivskaper.objects.none()
    return Arkivskaper.objects.order_by("arkivskaper_navn", "pk")


# --- classification: lists below a system, a klasse or an arkivdel -------------------------------


def klasse_liste_alle(*, bruker: Any) -> QuerySet[Klasse]:
    """Every klasse of every system (the `arkivstruktur/klasse/` collection)."""
    return _klasser(bruker).order_by("klassifikasjonssystem_id", "klasse_id", "pk")


def toppklasse_liste(
    *, bruker: Any, klassifikasjonssystem: Klassifikasjonssystem
) -> QuerySet[Klasse]:
    """The klasser at the top of a system, those without an overordnet klasse."""
    return klasse_liste(bruker=bruker, klassifikasjonssystem=klassifikasjonssystem).filter(
        overordnet_klasse__isnull=True
    )


def underklasse_liste(*, bruker: Any, klasse: Klasse) -> QuerySet[Klasse]:
    return _klasser(bruker).filter(overordnet_klasse=klasse).order_by("klasse_id", "pk")


def _bruker_systemet(system: Any) -> Q:
    """Arkivdeler with `system` as primary or secondary system. A join: inside `Exists`
    (where `system` is an OuterRef) duplicates do not matter; lists use `pk__in`."""
    return Q(klassifikasjonssystem=system) | Q(sekundaere_klassifikasjonssystemer=system)


def arkivdel_liste_for_klassifikasjonssystem(
    *, bruker: Any, klassifikasjonssystem: Klassifikasjonssystem
) -> QuerySet[Arkivdel]:
    """The visible arkivdeler that use a system, as primary or secondary system."""
    return arkivdel_liste(bruker=bruker).filter(
        pk__in=Arkivdel.objects.filter(_bruker_systemet(klassifikasjonssystem)).values("pk")
    )


def sekundaert_klassifikasjonssystem_liste(
    *, bruker: Any, arkivdel: Arkivdel
) -> QuerySet[Klassifikasjonssystem]:
    return klassifikasjonssystem_liste(bruker=bruker).filter(
        pk__in=arkivdel.sekundaere_klassifikasjonssystemer.values("pk")
    )


# --- classification: what a user may see and do, as conditions on rows ---------------------------
#
# Lists show links per row, and a query per row is not allowed, so the rules of the services
# (services/klassifikasjon.py, tilgang.regler) are also written as conditions the list query
# carries. Tests hold each condition to the service it mirrors.

_SAKSARBEID = (Rolle.SAKSBEHANDLER, Rolle.LEDER, Rolle.ARKIVAR)  # tilgang.regler's
_ALLTID = Q(pk__isnull=False)
_ALDRI = Q(pk__isnull=True)


def _virksomheter_med_rolle(profil: Tilgangsprofil, *roller: str) -> frozenset[int] | None:
    """Where the user holds one of `roller`; None: everywhere (the city, a shared service),
    as `Tilgangsprofil.har_rolle` counts it."""
    if profil.har_felles_rolle(*roller):
        return None
    return frozenset(v_id for rolle, _enhet, v_id in profil.roller if rolle in roller)


def kan_forvalte_klassifikasjon_q(bruker: Any, *, system: str = "pk") -> Q:
    """The user may change the system at `system` (a path on the rows: `pk` on systems,
    `klassifikasjonssystem_id` on klasser) and its klasser, as `krev_forvalte_klassifikasjon`:
    a systemadministrator; or an arkivar who may manage every arkivdel using the system."""
    profil = tilgangsprofil(bruker)
    if profil.har_rolle(Rolle.SYSTEMADMINISTRATOR):
        return _ALLTID
    arkivar = _virksomheter_med_rolle(profil, Rolle.ARKIVAR)
    if arkivar is None:
        return _ALLTID
    if not arkivar:
        return _ALDRI
    andre = Arkivdel.objects.filter(_bruker_systemet(OuterRef(system))).exclude(
        arkiv__virksomhet_id__in=sorted(arkivar)
    )
    return ~Q(Exists(andre))


def kan_opprette_klasse_q(bruker: Any, *, system: str = "pk") -> Q:
    """The user may create klasser in the system at `system`, as the rule of `klasse_opprett`:
    who may manage it, or in an object-based system anyone who works in an arkivdel using it."""
    forvalte = kan_forvalte_klassifikasjon_q(bruker, system=system)
    arbeide = _virksomheter_med_rolle(tilgangsprofil(bruker), *_SAKSARBEID)
    if arbeide is not None and not arbeide:
        return forvalte
    brukes = Arkivdel.objects.filter(_bruker_systemet(OuterRef(system)))
    if arbeide is not None:
        brukes = brukes.filter(arkiv__virksomhet_id__in=sorted(arbeide))
    typefelt = (
        "klassifikasjonstype"
        if system == "pk"
        else f"{system.removesuffix('_id')}__klassifikasjonstype"
    )
    return forvalte | (Q(**{f"{typefelt}__in": sorted(OBJEKTBASERTE_TYPER)}) & Q(Exists(brukes)))


def _klassefelt_skjult_q(bruker: Any, skjermingmetadata: str, dato: dt.date | None) -> Q:
    """Klasser where the field screened by `skjermingmetadata` is hidden from the user.

    A klasse belongs to no bydel, so the usual reasons for seeing a screened record (the code
    for the record's bydel or unit, being responsible) do not apply as they are. The field is
    shown to a user who holds the skjerming's access code for a whole virksomhet that uses
    the system (an arkivdel of its arkiv has it as primary or secondary system): the people
    who may see the cases filed under the klasse. A code held for one unit does not count,
    since the klasse is not that unit's. skjermingMetadata M hides every field.
    """
    profil = tilgangsprofil(bruker)
    skjermet = skjerming_virker_q("skjerming", dato or idag()) & (
        Q(skjerming__skjerming_metadata__icontains=f'"{skjermingmetadata}"')
        | Q(skjerming__skjerming_metadata__icontains=f'"{MIDLERTIDIG_SKJERMINGMETADATA}"')
    )
    per_kode: dict[str, set[int]] = defaultdict(set)
    for tilgang in profil.koder:
        if tilgang.virksomhet_id is not None:
            per_kode[tilgang.kode].add(tilgang.virksomhet_id)
    innsyn = _ALDRI
    for kode, virksomheter in sorted(per_kode.items()):
        brukes = Arkivdel.objects.filter(
            _bruker_systemet(OuterRef("klassifikasjonssystem_id")),
            arkiv__virksomhet_id__in=sorted(virksomheter),
        )
        innsyn |= Q(skjerming__tilgangsrestriksjon=kode) & Q(Exists(brukes))
    return skjermet & ~innsyn


def klasse_id_skjult_q(bruker: Any, *, dato: dt.date | None = None) -> Q:
    """Klasser whose klasseID is hidden from the user (model.md §3.5: a fødselsnummer as
    klasseID is screened with skjermingMetadata KID). Where it is shown, it is `*****`, in
    lists and instances alike, and a `$filter` on klasseID sees what the user sees."""
    return _klassefelt_skjult_q(bruker, "KID", dato)


def klassetittel_skjult_q(bruker: Any, *, dato: dt.date | None = None) -> Q:
    """Klasser whose tittel is hidden from the user (skjermingMetadata TKL), by the same
    rule as `klasse_id_skjult_q`."""
    return _klassefelt_skjult_q(bruker, "TKL", dato)


# --- classification: where a mappe or registrering made from a klasse goes -----------------------


def arkivdeler_for_registrering(*, bruker: Any) -> QuerySet[Arkivdel]:
    """The arkivdeler the user may file new mapper and registreringer in: visible, in active
    period (A), open, and of a virksomhet where the user works (`arkivstruktur.arbeide`). In
    overlapping period (O) new mapper go to the arvtaker. As a condition on rows, for the
    create links of a klasse; the same choice the API makes when it files under a klasse."""
    rader = arkivdel_liste(bruker=bruker).filter(
        arkivdelstatus=AKTIV_PERIODE, avsluttet_dato__isnull=True
    )
    arbeide = _virksomheter_med_rolle(tilgangsprofil(bruker), *_SAKSARBEID)
    if arbeide is not None:
        rader = rader.filter(arkiv__virksomhet_id__in=sorted(arbeide))
    return rader


# --- what hangs on a mappe, registrering or dokumentbeskrivelse (model.md §4.2–4.5, §4.15) ---
#
# Parts, remarks, cross references and national identifiers have no access rules of their
# own: they are visible exactly when their owner is. The owner's select_related carries what
# the screening view of the owner needs (tilgang.skjerming reads skjerming, gradering and the
# arkiv's virksomhet), so masking a list runs no query per row.

_EIERE_FOR_VISNING = (
    "mappe__skjerming",
    "mappe__gradering",
    "mappe__arkiv",
    "registrering__skjerming",
    "registrering__gradering",
    "registrering__arkiv",
)
_DOKUMENT_FOR_VISNING = (
    "dokumentbeskrivelse__skjerming",
    "dokumentbeskrivelse__gradering",
    "dokumentbeskrivelse__arkivdel__arkiv",
)


def _synlige_eiere(bruker: Any, *, dokument: bool = True) -> models.Q:
    q = models.Q(mappe__in=Mappe.objects.synlig_for(bruker).values("pk")) | models.Q(
        registrering__in=Registrering.objects.synlig_for(bruker).values("pk")
    )
    if dokument:
        q |= models.Q(
            dokumentbeskrivelse__in=Dokumentbeskrivelse.objects.synlig_for(bruker).values("pk")
        )
    return q


def _eier_filter(
    mappe: Mappe | None, registrering: Registrering | None, dokumentbeskrivelse: Any = None
) -> dict[str, Any]:
    filter_: dict[str, Any] = {}
    if mappe is not None:
        filter_["mappe"] = mappe
    if registrering is not None:
        filter_["registrering"] = registrering
    if dokumentbeskrivelse is not None:
        filter_["dokumentbeskrivelse"] = dokumentbeskrivelse
    return filter_


def part_liste(
    *,
    bruker: Any,
    mappe: Mappe | None = None,
    registrering: Registrering | None = None,
    dokumentbeskrivelse: Dokumentbeskrivelse | None = None,
) -> QuerySet[Part]:
    """The parties whose owner the user may see; of one owner when given."""
    return (
        Part.objects.filter(_synlige_eiere(bruker))
        .filter(**_eier_filter(mappe, registrering, dokumentbeskrivelse))
        .select_related(*_EIERE_FOR_VISNING, *_DOKUMENT_FOR_VISNING)
        .order_by("pk")
    )


def part_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Part:
    return _hent(part_liste(bruker=bruker), system_id)


def merknad_liste(
    *,
    bruker: Any,
    mappe: Mappe | None = None,
    registrering: Registrering | None = None,
    dokumentbeskrivelse: Dokumentbeskrivelse | None = None,
) -> QuerySet[Merknad]:
    return (
        Merknad.objects.filter(_synlige_eiere(bruker))
        .filter(**_eier_filter(mappe, registrering, dokumentbeskrivelse))
        .select_related(*_EIERE_FOR_VISNING, *_DOKUMENT_FOR_VISNING)
        .order_by("merknadsdato", "pk")
    )


def merknad_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Merknad:
    return _hent(merknad_liste(bruker=bruker), system_id)


def nasjonalidentifikator_liste(
    *, bruker: Any, mappe: Mappe | None = None, registrering: Registrering | None = None
) -> QuerySet[Nasjonalidentifikator]:
    return (
        Nasjonalidentifikator.objects.filter(_synlige_eiere(bruker, dokument=False))
        .filter(**_eier_filter(mappe, registrering))
        .select_related(*_EIERE_FOR_VISNING)
        .order_by("pk")
    )


def nasjonalidentifikator_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Nasjonalidentifikator:
    return _hent(nasjonalidentifikator_liste(bruker=bruker), system_id)


def kryssreferanse_liste(
    *, bruker: Any, fra: Klasse | Mappe | Registrering | None = None
) -> QuerySet[Kryssreferanse]:
    """References whose source and target the user may both see: a reference must not reveal
    that a hidden mappe or registrering exists. Classes are open to every logged-in user."""
    if not tilgangsprofil(bruker).er_innlogget:
        return Kryssreferanse.objects.none()
    mapper = Mappe.objects.synlig_for(bruker).values("pk")
    registreringer = Registrering.objects.synlig_for(bruker).values("pk")
    kilde = (
        models.Q(fra_klasse__isnull=False)
        | models.Q(fra_mappe__in=mapper)
        | models.Q(fra_registrering__in=registreringer)
    )
    maal = (
        models.Q(til_klasse__isnull=False)
        | models.Q(til_mappe__in=mapper)
        | models.Q(til_registrering__in=registreringer)
    )
    rader = Kryssreferanse.objects.filter(kilde & maal)
    if isinstance(fra, Klasse):
        rader = rader.filter(fra_klasse=fra)
    elif isinstance(fra, Mappe):
        rader = rader.filter(fra_mappe=fra)
    elif isinstance(fra, Registrering):
        rader = rader.filter(fra_registrering=fra)
    return rader.select_related(
        "fra_klasse", "fra_mappe", "fra_registrering", "til_klasse", "til_mappe", "til_registrering"
    ).order_by("opprettet_dato", "pk")


def kryssreferanse_hent(*, bruker: Any, system_id: uuid.UUID | str) -> Kryssreferanse:
    return _hent(kryssreferanse_liste(bruker=bruker), system_id)
