"""Reads of the sakarkiv. Every function takes the user and returns only what they may see."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat

from arkivstruktur.models import Mappe, Registrering
from felles.feil import IkkeFunnet
from organisasjon.models import AdministrativEnhet, Bruker, Rolle, Rolletildeling, Virksomhet
from sakarkiv import regler
from sakarkiv.models import (
    Arkivnotat,
    Avskrivning,
    Brevmal,
    Dokumentflyt,
    Journalpost,
    Korrespondansepart,
    Mottakspost,
    Mottaksstatus,
    Presedens,
    Saksmappe,
)
from tilgang.profil import tilgangsprofil

# Roles that do case work (and so may be responsible for a case): tilgang.regler._SAKSARBEID.
_SAKSARBEID = (Rolle.SAKSBEHANDLER, Rolle.LEDER, Rolle.ARKIVAR)


def saksmappe_liste(*, bruker: Any) -> QuerySet[Saksmappe]:
    return (
        Saksmappe.objects.synlig_for(bruker)
        .select_related(
            "klasse", "referanse_administrativ_enhet", "referanse_saksansvarlig", "skjerming"
        )
        .order_by("-saksaar", "-sakssekvensnummer")
    )


def saksmappe_hent(*, bruker: Any, system_id: UUID | str) -> Saksmappe:
    """The same answer whether the case is missing or hidden from the user."""
    try:
        return (
            saksmappe_liste(bruker=bruker)
            .select_related("arkivdel", "arkiv")
            .get(system_id=system_id)
        )
    except (Saksmappe.DoesNotExist, ValueError) as feil:
        raise IkkeFunnet("Fant ikke saken.") from feil


def mine_saker(*, bruker: Any) -> QuerySet[Saksmappe]:
    return (
        saksmappe_liste(bruker=bruker)
        .filter(referanse_saksansvarlig=bruker)
        .exclude(saksstatus__in=["A", "U"])
    )


def journalpost_liste(*, bruker: Any, saksmappe: Saksmappe | None = None) -> QuerySet[Journalpost]:
    journalposter = Journalpost.objects.synlig_for(bruker).select_related("mappe", "skjerming")
    if saksmappe is not None:
        return journalposter.filter(mappe=saksmappe).order_by("journalpostnummer")
    return journalposter.order_by("-journalaar", "-journalsekvensnummer")


def journalpost_hent(*, bruker: Any, system_id: UUID | str) -> Journalpost:
    try:
        return journalpost_liste(bruker=bruker).get(system_id=system_id)
    except (Journalpost.DoesNotExist, ValueError) as feil:
        raise IkkeFunnet("Fant ikke journalposten.") from feil


def restanser(*, bruker: Any, saksbehandler: Any = None) -> QuerySet[Journalpost]:
    """Incoming and internal-for-follow-up journalposts not yet written off (§4.11)."""
    uavskrevne = (
        journalpost_liste(bruker=bruker)
        .filter(journalposttype__in=regler.AVSKRIVES)
        .exclude(journalstatus="U")
        .exclude(Exists(Avskrivning.objects.filter(journalpost=OuterRef("pk"))))
    )
    if saksbehandler is not None:
        uavskrevne = uavskrevne.filter(referanse_saksbehandler=saksbehandler)
    return uavskrevne.order_by("forfallsdato", "journaldato")


def arkivnotat_liste(*, bruker: Any) -> QuerySet[Arkivnotat]:
    return (
        Arkivnotat.objects.synlig_for(bruker)
        .select_related("arkiv", "skjerming", "gradering")
        .order_by("opprettet_dato", "pk")
    )


def standard_enhet(*, bruker: Any, virksomhet_id: int) -> AdministrativEnhet | None:
    """The unit a new case of `bruker` in the virksomhet belongs to by default: the first
    in which they do case work there (saksansvar, model.md §4.16)."""
    tildeling = (
        Rolletildeling.objects.filter(
            bruker=bruker,
            administrativ_enhet__virksomhet_id=virksomhet_id,
            rolle__in=_SAKSARBEID,
        )
        .select_related("administrativ_enhet")
        .order_by("id")
        .first()
    )
    return tildeling.administrativ_enhet if tildeling else None


def administrativ_enhet_etter_navn(
    *, bruker: Any, virksomhet_id: int, navn: str
) -> AdministrativEnhet | None:
    """The unit of the virksomhet named `navn` (administrativEnhetNavn or kortnavn), for a
    client that names a case's unit (M305); None when the user cannot see the virksomhet or
    no single unit has that name."""
    if not tilgangsprofil(bruker).ser_virksomhet(virksomhet_id):
        return None
    treff = list(
        AdministrativEnhet.objects.filter(virksomhet_id=virksomhet_id).filter(
            Q(administrativ_enhet_navn=navn) | Q(kortnavn=navn)
        )[:2]
    )
    return treff[0] if len(treff) == 1 else None


def saksansvarlig_etter_navn(*, bruker: Any, virksomhet_id: int, navn: str) -> Bruker | None:
    """The active user doing case work in the virksomhet whose login name or full name is
    `navn`, for a client that names a case's saksansvarlig (M306); None when the user cannot
    see the virksomhet or no single person has that name."""
    if not tilgangsprofil(bruker).ser_virksomhet(virksomhet_id):
        return None
    treff = list(
        Bruker.objects.filter(
            is_active=True,
            roller__administrativ_enhet__virksomhet_id=virksomhet_id,
            roller__rolle__in=_SAKSARBEID,
        )
        .annotate(fullt_navn=Concat("first_name", Value(" "), "last_name"))
        .filter(Q(username=navn) | Q(fullt_navn=navn))
        .distinct()[:2]
    )
    return treff[0] if len(treff) == 1 else None


# --- what hangs on a registrering, visible exactly when it is (model.md §4.1, §4.11–4.13) ---

# What the screening view of the registrering needs (tilgang.skjerming), without a query per row.
_REGISTRERING_FOR_VISNING = (
    "registrering__skjerming",
    "registrering__gradering",
    "registrering__arkiv",
)


def _synlige_registreringer(bruker: Any) -> QuerySet[Any]:
    return Registrering.objects.synlig_for(bruker).values("pk")


def korrespondansepart_liste(
    *, bruker: Any, registrering: Registrering | None = None
) -> QuerySet[Korrespondansepart]:
    rader = Korrespondansepart.objects.filter(registrering__in=_synlige_registreringer(bruker))
    if registrering is not None:
        rader = rader.filter(registrering=registrering)
    return rader.select_related(
        *_REGISTRERING_FOR_VISNING, "referanse_administrativ_enhet", "referanse_saksbehandler"
    ).order_by("pk")


def korrespondansepart_hent(*, bruker: Any, system_id: UUID | str) -> Korrespondansepart:
    return _hent(korrespondansepart_liste(bruker=bruker), system_id)


def avskrivning_liste(
    *, bruker: Any, journalpost: Registrering | None = None
) -> QuerySet[Avskrivning]:
    rader = Avskrivning.objects.filter(journalpost__in=_synlige_registreringer(bruker))
    if journalpost is not None:
        rader = rader.filter(journalpost=journalpost)
    return rader.select_related(
        "journalpost",
        "referanse_avskrevet_av",
        "referanse_avskrives_av_journalpost",
        "referanse_avskrives_av_korrespondansepart",
    ).order_by("avskrivningsdato", "pk")


def avskrivning_hent(*, bruker: Any, system_id: UUID | str) -> Avskrivning:
    return _hent(avskrivning_liste(bruker=bruker), system_id)


def dokumentflyt_liste(
    *, bruker: Any, registrering: Registrering | None = None
) -> QuerySet[Dokumentflyt]:
    rader = Dokumentflyt.objects.filter(registrering__in=_synlige_registreringer(bruker))
    if registrering is not None:
        rader = rader.filter(registrering=registrering)
    return rader.select_related(
        "registrering", "referanse_flyt_til", "referanse_flyt_fra"
    ).order_by("flyt_sendt_dato", "pk")


def dokumentflyt_hent(*, bruker: Any, system_id: UUID | str) -> Dokumentflyt:
    return _hent(dokumentflyt_liste(bruker=bruker), system_id)


def presedens_liste(
    *, bruker: Any, saksmappe: Mappe | None = None, journalpost: Registrering | None = None
) -> QuerySet[Presedens]:
    """Precedents cited by a case or journalpost the user may see (a precedent's title and
    grounds speak of the case it came from)."""
    synlig = Q(saksmapper__in=Mappe.objects.synlig_for(bruker).values("pk")) | Q(
        journalposter__in=_synlige_registreringer(bruker)
    )
    rader = Presedens.objects.filter(pk__in=Presedens.objects.filter(synlig).values("pk"))
    if saksmappe is not None:
        rader = rader.filter(saksmapper=saksmappe)
    if journalpost is not None:
        rader = rader.filter(journalposter=journalpost)
    return rader.order_by("-presedens_dato", "pk")


def presedens_hent(*, bruker: Any, system_id: UUID | str) -> Presedens:
    return _hent(presedens_liste(bruker=bruker), system_id)


M = TypeVar("M", bound=Model)


def _hent(rader: QuerySet[M], system_id: UUID | str) -> M:
    """Missing and hidden are the same answer."""
    try:
        nokkel = system_id if isinstance(system_id, UUID) else UUID(str(system_id))
    except ValueError:
        raise IkkeFunnet() from None
    objekt = rader.filter(system_id=nokkel).first()
    if objekt is None:
        raise IkkeFunnet()
    return objekt


# --- the leader's view and redistribution (issue 6: leder) ---------------------------------------


def mulige_saksansvarlige(*, bruker: Any, saksmappe: Mappe) -> QuerySet[Bruker]:
    """Who can take over the case: active case handlers and leaders of its district, the
    same people `saksansvar_endre` accepts. Empty for a user who may not see the district."""
    return saksbehandlere_i_virksomhet(bruker=bruker, virksomhet_id=saksmappe.arkiv.virksomhet_id)


def saksbehandlere_i_virksomhet(*, bruker: Any, virksomhet_id: int) -> QuerySet[Bruker]:
    """Active case handlers and leaders of the district: who a case or incoming post can be
    given to. Empty for a user who may not see the district."""
    if not tilgangsprofil(bruker).ser_virksomhet(virksomhet_id):
        return Bruker.objects.none()
    return (
        Bruker.objects.filter(
            is_active=True,
            roller__rolle__in=[Rolle.SAKSBEHANDLER, Rolle.LEDER],
            roller__administrativ_enhet__virksomhet_id=virksomhet_id,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


@dataclass(frozen=True)
class Behandlerrad:
    """One case handler in the leader's units: open cases, restanser, and those overdue."""

    bruker: Bruker
    enhet: AdministrativEnhet
    aapne_saker: int
    restanser: int
    over_fristen: int


def enhetsoversikt(*, bruker: Any, i_dag: Any) -> list[Behandlerrad]:
    """Per unit the user leads, every case handler with a role there or a case of the unit:
    counts over what the leader may see (screened cases outside their codes are not counted,
    as they are not shown)."""
    enheter = {
        t.administrativ_enhet_id: t.administrativ_enhet
        for t in Rolletildeling.objects.filter(bruker=bruker, rolle=Rolle.LEDER).select_related(
            "administrativ_enhet"
        )
    }
    saker = (
        saker_i_enhetene(bruker, enheter)
        .values_list("referanse_administrativ_enhet_id", "referanse_saksansvarlig_id")
        .annotate(antall=Count("pk"))
    )
    uavskrevne = (
        restanser(bruker=bruker)
        .filter(mappe__referanse_administrativ_enhet_id__in=enheter)
        .values_list("mappe__referanse_administrativ_enhet_id", "referanse_saksbehandler_id")
        .annotate(antall=Count("pk"), over=Count("pk", filter=Q(forfallsdato__lt=i_dag)))
        .order_by()
    )
    tall: dict[tuple[int, int], list[int]] = {}
    for enhet_id, bruker_id, antall in saker:
        tall.setdefault((enhet_id, bruker_id), [0, 0, 0])[0] = antall
    for enhet_id, bruker_id, antall, over in uavskrevne:
        rad = tall.setdefault((enhet_id, bruker_id), [0, 0, 0])
        rad[1], rad[2] = antall, over
    for enhet_id, bruker_id in Rolletildeling.objects.filter(
        administrativ_enhet_id__in=enheter, rolle=Rolle.SAKSBEHANDLER, bruker__is_active=True
    ).values_list("administrativ_enhet_id", "bruker_id"):
        tall.setdefault((enhet_id, bruker_id), [0, 0, 0])
    brukere = Bruker.objects.in_bulk({b for _e, b in tall if b is not None})
    rader = [
        Behandlerrad(brukere[b], enheter[e], *verdier)
        for (e, b), verdier in tall.items()
        if b in brukere
    ]
    return sorted(rader, key=lambda r: (r.enhet.administrativ_enhet_navn, r.bruker.visningsnavn))


def saker_i_enhetene(bruker: Any, enheter: Any) -> QuerySet[Saksmappe]:
    """The open cases of these units the user may see."""
    return (
        saksmappe_liste(bruker=bruker)
        .filter(referanse_administrativ_enhet_id__in=enheter)
        .exclude(saksstatus__in=["A", "U"])
        .order_by()
    )


# --- journal control (issue 6: the records office) -------------------------------------------


def arkivets_virksomheter(*, bruker: Any) -> QuerySet[Virksomhet]:
    """The districts where the user is the records office (all of them for the city's shared
    records office): whose journal, journal control and incoming post they handle."""
    profil = tilgangsprofil(bruker)
    if not profil.er_innlogget or not profil.har_rolle(Rolle.ARKIVAR):
        return Virksomhet.objects.none()
    rader = Virksomhet.objects.order_by("navn", "pk")
    if profil.har_felles_rolle(Rolle.ARKIVAR):
        return rader
    return rader.filter(pk__in={v for rolle, _e, v in profil.roller if rolle == Rolle.ARKIVAR})


# Waiting for journal control: incoming registered provisionally (M), finished by the case
# handler (F), sent (E); each goes on to journalført (J).
TIL_KONTROLL = ("M", "F", "E")


def til_journalkontroll(*, bruker: Any) -> QuerySet[Journalpost]:
    """Journalposts waiting to be checked and journalført in the districts where the user is
    the records office, oldest first."""
    rader = journalpost_liste(bruker=bruker).filter(
        journalstatus__in=TIL_KONTROLL,
        arkiv__virksomhet__in=arkivets_virksomheter(bruker=bruker),
    )
    return rader.select_related("mappe", "skjerming").order_by("journaldato", "pk")


# --- the case's timeline and notes (issue 6 item 2) ------------------------------------------


@dataclass(frozen=True)
class Tidslinjepunkt:
    hendelse: Any  # sporing.models.Endringslogg
    gjelder: str  # "Sak 2026/12", "Journalpost 2026/12-3", "Merknad" …


def tidslinje(*, bruker: Any, saksmappe: Saksmappe, antall: int = 100) -> list[Tidslinjepunkt]:
    """What has happened in the case, newest first: the change log of the case and of the
    journalposts, documents, remarks, approvals and write-offs in it that the user may see
    (reads are events of the audit, not of the case, and are left out)."""
    from arkivstruktur.models import Dokumentbeskrivelse, Merknad
    from sporing.models import Endringslogg, Hendelsetype

    saksmappe_hent(bruker=bruker, system_id=saksmappe.system_id)  # IkkeFunnet when hidden
    registreringer = journalpost_liste(bruker=bruker, saksmappe=saksmappe)
    navn: dict[Any, str] = {saksmappe.system_id: f"Sak {saksmappe.mappe_id}"}
    for system_id, nummer in registreringer.values_list("system_id", "registrerings_id"):
        navn[system_id] = f"Journalpost {nummer}"
    # Documents have screening of their own; the rest is seen with its journalpost.
    deler: tuple[tuple[QuerySet[Any], str], ...] = (
        (
            Dokumentbeskrivelse.objects.synlig_for(bruker).filter(
                registreringer__in=registreringer
            ),
            "Dokument",
        ),
        (
            Merknad.objects.filter(Q(mappe=saksmappe) | Q(registrering__in=registreringer)),
            "Merknad",
        ),
        (Dokumentflyt.objects.filter(registrering__in=registreringer), "Godkjenning"),
        (Avskrivning.objects.filter(journalpost__in=registreringer), "Avskrivning"),
        (
            Korrespondansepart.objects.filter(registrering__in=registreringer),
            "Avsender/mottaker",
        ),
    )
    for rader, etikett in deler:
        for system_id in rader.values_list("system_id", flat=True).distinct():
            navn.setdefault(system_id, etikett)
    hendelser = (
        Endringslogg.objects.filter(referanse_arkivenhet__in=list(navn))
        .exclude(hendelsetype=Hendelsetype.LEST)
        .order_by("-endret_dato", "-loepenummer")[:antall]
    )
    return [Tidslinjepunkt(h, navn[h.referanse_arkivenhet]) for h in hendelser]


def merknader(*, bruker: Any, saksmappe: Saksmappe) -> QuerySet[Any]:
    """The case's own remarks, newest first (the case must be visible to the user)."""
    from arkivstruktur.models import Merknad

    saksmappe_hent(bruker=bruker, system_id=saksmappe.system_id)
    return Merknad.objects.filter(mappe=saksmappe).order_by("-merknadsdato", "-pk")


# --- approval (issue 6 item 4) ----------------------------------------------------------------


def til_godkjenning(*, bruker: Any) -> QuerySet[Dokumentflyt]:
    """Documents sent to the user for approval and not yet answered, oldest first."""
    return (
        Dokumentflyt.objects.filter(
            referanse_flyt_til=bruker,
            flyt_status="",
            registrering__in=journalpost_liste(bruker=bruker).values("pk"),
        )
        .select_related("registrering", "registrering__mappe", "registrering__skjerming")
        .order_by("flyt_sendt_dato", "pk")
    )


def mulige_godkjennere(*, bruker: Any, saksmappe: Mappe) -> QuerySet[Bruker]:
    """The leaders of the case's district, other than the user: who can approve its
    documents."""
    virksomhet_id = saksmappe.arkiv.virksomhet_id
    if not tilgangsprofil(bruker).ser_virksomhet(virksomhet_id):
        return Bruker.objects.none()
    return (
        Bruker.objects.filter(
            is_active=True,
            roller__rolle=Rolle.LEDER,
            roller__administrativ_enhet__virksomhet_id=virksomhet_id,
        )
        .exclude(pk=bruker.pk)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


# Case number 2026/123, journalpost number 2026/123-4, journal number 45/2026 (model.md §6.1).
_SAKSNUMMER = re.compile(r"^(\d{4})/(\d+)$")
_JOURNALPOSTNUMMER = re.compile(r"^(\d{4})/(\d+)-(\d+)$")
_JOURNALNUMMER = re.compile(r"^(\d+)/(\d{4})$")


def etter_nummer(*, bruker: Any, tekst: str) -> list[Saksmappe | Journalpost]:
    """The cases or journalposts the user may see whose number is `tekst` (a case number, a
    journalpost's number or a journal number; one per district that uses it), or [] when
    `tekst` is not a number."""
    tekst = tekst.strip().replace(" ", "")
    if treff := _SAKSNUMMER.match(tekst):
        aar, nr = map(int, treff.groups())
        return list(
            saksmappe_liste(bruker=bruker)
            .filter(saksaar=aar, sakssekvensnummer=nr)
            .select_related("arkiv__virksomhet", "skjerming")[:20]
        )
    journalposter = journalpost_liste(bruker=bruker)
    if treff := _JOURNALPOSTNUMMER.match(tekst):
        aar, nr, dok = map(int, treff.groups())
        journalposter = journalposter.filter(
            mappe__saksaar=aar, mappe__sakssekvensnummer=nr, journalpostnummer=dok
        )
    elif treff := _JOURNALNUMMER.match(tekst):
        nr, aar = map(int, treff.groups())
        journalposter = journalposter.filter(journalaar=aar, journalsekvensnummer=nr)
    else:
        return []
    return list(journalposter.select_related("arkiv__virksomhet", "mappe", "skjerming")[:20])


def brevmaler(*, bruker: Any, saksmappe: Mappe) -> QuerySet[Brevmal]:
    """The active templates a letter in the case may use: the shared ones and the district's."""
    virksomhet_id = saksmappe.arkiv.virksomhet_id
    if not tilgangsprofil(bruker).ser_virksomhet(virksomhet_id):
        return Brevmal.objects.none()
    return Brevmal.objects.filter(
        Q(virksomhet__isnull=True) | Q(virksomhet_id=virksomhet_id), aktiv=True
    ).order_by("navn", "pk")


# --- the registration queue (issue 6 item 7) --------------------------------------------------


def mottakskoe(*, bruker: Any) -> QuerySet[Mottakspost]:
    """Incoming post waiting in the districts where the user is the records office, oldest
    first."""
    return (
        Mottakspost.objects.filter(
            virksomhet__in=arkivets_virksomheter(bruker=bruker), status=Mottaksstatus.VENTER
        )
        .select_related("virksomhet")
        .prefetch_related("filer")
        .order_by("mottatt_dato", "pk")
    )


def mottakspost_hent(*, bruker: Any, system_id: UUID | str) -> Mottakspost:
    """A waiting item of the user's records office; IkkeFunnet otherwise."""
    return _hent(mottakskoe(bruker=bruker), system_id)


def saksmappe_etter_saksnummer(*, bruker: Any, virksomhet_id: int, saksnummer: str) -> Saksmappe:
    """The case `saksaar/sakssekvensnummer` of the district, if the user may see it."""
    aar, _, sekvens = saksnummer.strip().partition("/")
    if not (aar.isdigit() and sekvens.isdigit()):
        raise IkkeFunnet("Skriv saksnummeret som år/nummer, for eksempel 2026/123.")
    sak = (
        saksmappe_liste(bruker=bruker)
        .filter(
            arkiv__virksomhet_id=virksomhet_id, saksaar=int(aar), sakssekvensnummer=int(sekvens)
        )
        .first()
    )
    if sak is None:
        raise IkkeFunnet(f"Fant ingen sak {aar}/{sekvens} i bydelen som du har tilgang til.")
    return sak


def kjente_korrespondanseparter(*, bruker: Any, begynner: str, antall: int = 10) -> list[str]:
    """Names of senders and recipients on journalposts the user may see, starting with
    `begynner` (at least two letters): suggestions when registering a new one. Parties whose
    names are screened (NPS) are left out."""
    begynner = begynner.strip()
    if len(begynner) < 2:
        return []
    synlige = journalpost_liste(bruker=bruker).exclude(
        skjerming__skjerming_metadata__icontains='"NPS"'
    )
    return list(
        Korrespondansepart.objects.filter(
            registrering__in=synlige.values("pk"),
            korrespondansepart_navn__istartswith=begynner,
        )
        .order_by("korrespondansepart_navn")
        .values_list("korrespondansepart_navn", flat=True)
        .distinct()[:antall]
    )
