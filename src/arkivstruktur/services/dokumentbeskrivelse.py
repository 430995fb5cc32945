"""Dokumentbeskrivelse and its links to registreringer (model.md §3.13, §6.1, §6.3, §6.4).

A dokumentbeskrivelse may belong to several registreringer (n:m). The link,
`Dokumenttilknytning`, holds dokumentnummer (M007), tilknyttetRegistreringSom (M217) and
tilknyttetDato/-Av (M620/M621); the system sets all four and none of them ever changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import Count, Q

from arkivstruktur.models import Dokumentbeskrivelse, Dokumenttilknytning, Registrering
from arkivstruktur.services.arv import arv_oppdater, arv_ved_opprettelse
from arkivstruktur.services.felles import endre_felter, koder, opprett, stemple_opprettet
from felles.feil import DomeneFeil
from felles.tid import naa
from felles.validering import krev_tekst, tekstliste, valgfri_tekst
from kodeliste.services import kodeverdi_for_bruk
from sporing.services import logg_endret, logg_slettet, logget
from tilgang.regler import krev_tillatelse

HOVEDDOKUMENT = "H"
VEDLEGG = "V"
UNDER_REDIGERING = "B"
FERDIGSTILT = "F"

# Everything a user may edit on a dokumentbeskrivelse; all of it freezes with archiving.
_REDIGERBARE = (
    "tittel",
    "beskrivelse",
    "dokumenttype",
    "forfatter",
    "dokumentmedium",
    "oppbevaringssted",
    "ekstern_referanse",
)


# Rules shared with dokument.services


def er_frosset(dokumentbeskrivelse: Dokumentbeskrivelse) -> bool:
    """Documents freeze with archiving (model.md §6.3): a dokumentbeskrivelse is frozen once
    every registrering it belongs to is archived (arkivertDato set)."""
    telling = Registrering.objects.filter(
        tilknytninger__dokumentbeskrivelse=dokumentbeskrivelse
    ).aggregate(alle=Count("pk"), uarkiverte=Count("pk", filter=Q(arkivert_dato__isnull=True)))
    return bool(telling["alle"]) and not telling["uarkiverte"]


def har_arkivert_registrering(dokumentbeskrivelse: Dokumentbeskrivelse) -> bool:
    return Registrering.objects.filter(
        tilknytninger__dokumentbeskrivelse=dokumentbeskrivelse, arkivert_dato__isnull=False
    ).exists()


def krev_arbeid_med(
    dokumentbeskrivelse: Dokumentbeskrivelse,
    utfoert_av: Any,
    *,
    tillatelse: str = "arkivstruktur.arbeide",
) -> None:
    """Permission is decided by the arkiv the document lives in (its arkivdel, else the first
    registrering it belongs to)."""
    krev_tillatelse(utfoert_av, tillatelse, _tilgangsobjekt(dokumentbeskrivelse))


def _tilgangsobjekt(dokumentbeskrivelse: Dokumentbeskrivelse) -> Any:
    if dokumentbeskrivelse.arkivdel_id is not None:
        return dokumentbeskrivelse.arkivdel
    registrering = (
        Registrering.objects.filter(tilknytninger__dokumentbeskrivelse=dokumentbeskrivelse)
        .select_related("arkiv")
        .order_by("pk")
        .first()
    )
    if registrering is None:
        raise DomeneFeil("Dokumentet er ikke knyttet til noen registrering.")
    return registrering


# Services


@logget
def dokumentbeskrivelse_opprett(
    *,
    registrering: Registrering,
    tittel: str,
    dokumenttype: str = "B",
    dokumentstatus: str = UNDER_REDIGERING,
    tilknyttet_registrering_som: str | None = None,
    beskrivelse: str = "",
    forfatter: list[str] | None = None,
    dokumentmedium: str | None = None,
    oppbevaringssted: str | None = None,
    ekstern_referanse: str = "",
    utfoert_av: Any,
) -> Dokumentbeskrivelse:
    """Create a document in a registrering, with the registrering's next dokumentnummer.

    Refused when the registrering is archived or its mappe closed (model.md §6.3: no new
    attachments). dokumentmedium and oppbevaringssted are inherited from the registrering
    unless given (§6.6), skjerming and kassasjon through `arv_ved_opprettelse`. Without
    `tilknyttet_registrering_som` the first document becomes the hoveddokument and later ones
    vedlegg.
    """
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", registrering)
    # Whether the registrering still takes documents is checked by the statement that takes
    # the dokumentnummer (`_neste_dokumentnummer`); a refusal there rolls this back.
    dokument = Dokumentbeskrivelse(
        tittel=krev_tekst(tittel, felt="tittel", visningsnavn="Tittel"),
        beskrivelse=valgfri_tekst(beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"),
        forfatter=tekstliste(forfatter, felt="forfatter", visningsnavn="Forfatter"),
        ekstern_referanse=valgfri_tekst(
            ekstern_referanse, felt="ekstern_referanse", visningsnavn="Ekstern referanse", maks=255
        ),
        arkivdel_id=registrering.arkivdel_id,
    )
    # Both are [1..1] in the extract.
    for felt, kode, visningsnavn in (
        ("dokumenttype", dokumenttype, "Dokumenttype"),
        ("dokumentstatus", dokumentstatus, "Dokumentstatus"),
    ):
        if not kode:
            raise DomeneFeil(f"{visningsnavn} må fylles ut.", felt=felt, kode="paakrevd")
    koder(
        dokument,
        {
            "dokumenttype": (dokumenttype, "Dokumenttype"),
            "dokumentstatus": (dokumentstatus, "Dokumentstatus"),
        },
    )
    som = _tilknyttet_som(tilknyttet_registrering_som)
    if registrering.dokumentmedium:
        dokument.dokumentmedium = registrering.dokumentmedium
        # KodeFelt adds the *_kodenavn companions when the model class is built.
        dokument.dokumentmedium_kodenavn = registrering.dokumentmedium_kodenavn  # type: ignore[attr-defined]
    if len(registrering.oppbevaringssted) == 1:
        # The registrering keeps a list (0..n), the dokumentbeskrivelse one place (0..1).
        dokument.oppbevaringssted = registrering.oppbevaringssted[0]
    if dokumentmedium:
        koder(dokument, {"dokumentmedium": (dokumentmedium, "Dokumentmedium")})
    if oppbevaringssted is not None:
        dokument.oppbevaringssted = valgfri_tekst(
            oppbevaringssted, felt="oppbevaringssted", visningsnavn="Oppbevaringssted", maks=255
        )
    arv_ved_opprettelse(dokument, registrering)
    tidspunkt = naa()
    stemple_opprettet(dokument, utfoert_av=utfoert_av, tidspunkt=tidspunkt)
    opprett(dokument, utfoert_av=utfoert_av)
    _knytt_til(dokument, registrering, som=som, utfoert_av=utfoert_av, tidspunkt=tidspunkt)
    return dokument


@logget
def dokumentbeskrivelse_tilknytt(
    *,
    dokumentbeskrivelse: Dokumentbeskrivelse,
    registrering: Registrering,
    tilknyttet_registrering_som: str | None = None,
    utfoert_av: Any,
) -> Dokumenttilknytning:
    """Attach an existing document to another registrering (n:m), with that registrering's
    next dokumentnummer. Same rules for the target as for a new document."""
    krev_arbeid_med(dokumentbeskrivelse, utfoert_av)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", registrering)
    _krev_tar_imot_dokumenter(registrering)
    _krev_ikke_knyttet_til(dokumentbeskrivelse, registrering, "denne registreringen")
    som = _tilknyttet_som(tilknyttet_registrering_som)
    return _knytt_til(
        dokumentbeskrivelse, registrering, som=som, utfoert_av=utfoert_av, tidspunkt=naa()
    )


@logget
def dokumentbeskrivelse_flytt(
    *,
    dokumentbeskrivelse: Dokumentbeskrivelse,
    fra: Registrering,
    til: Registrering,
    utfoert_av: Any,
) -> Dokumenttilknytning:
    """Move a document from one registrering to another in the same arkiv: a letter filed on
    the wrong journalpost (rest-api.md §5.2, the standard's example of a move).

    The link to `fra` is removed and the document gets `til`'s next dokumentnummer (numbers
    are never reused); H or V as for a document attached there. Neither registrering may be
    archived or in a closed mappe (model.md §6.3). What the document inherits follows it.
    """
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", fra)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", til)
    if fra.pk == til.pk:
        raise DomeneFeil("Dokumentet er allerede i denne registreringen.", felt="registrering")
    if fra.arkiv_id != til.arkiv_id:
        raise DomeneFeil(
            "Et dokument kan bare flyttes til en registrering i samme arkiv.", felt="registrering"
        )
    tilknytning = (
        Dokumenttilknytning.objects.select_for_update()
        .filter(registrering=fra, dokumentbeskrivelse=dokumentbeskrivelse)
        .first()
    )
    if tilknytning is None:
        raise DomeneFeil(
            "Dokumentet er ikke knyttet til denne registreringen.", felt="registrering"
        )
    _krev_ikke_knyttet_til(dokumentbeskrivelse, til, "målregistreringen")
    _krev_tar_imot_dokumenter(fra, "kan ikke gi fra seg dokumenter")
    logg_endret(
        dokumentbeskrivelse,
        utfoert_av=utfoert_av,
        felt="registrering",
        tidligere=fra,
        ny=None,
        beskrivelse=(
            f"Dokumentnummer {tilknytning.dokumentnummer} flyttet til {til.registrerings_id}"
        ),
    )
    tilknytning.delete()
    ny = _knytt_til(dokumentbeskrivelse, til, som=None, utfoert_av=utfoert_av, tidspunkt=naa())
    if dokumentbeskrivelse.arkivdel_id == fra.arkivdel_id != til.arkivdel_id:
        endre_felter(dokumentbeskrivelse, {"arkivdel": til.arkivdel}, utfoert_av=utfoert_av)
    arv_oppdater(dokumentbeskrivelse)
    return ny


@logget
def dokumentbeskrivelse_endre(
    *,
    dokumentbeskrivelse: Dokumentbeskrivelse,
    utfoert_av: Any,
    tittel: str | None = None,
    beskrivelse: str | None = None,
    dokumenttype: str | None = None,
    forfatter: list[str] | None = None,
    dokumentmedium: str | None = None,
    oppbevaringssted: str | None = None,
    ekstern_referanse: str | None = None,
) -> Dokumentbeskrivelse:
    """Change the descriptive fields; `None` leaves a field as it is.

    Frozen once every registrering the document belongs to is archived (model.md §6.3).
    dokumentnummer and the tilknyttet fields are never changed; dokumentstatus has its own
    service.
    """
    krev_arbeid_med(dokumentbeskrivelse, utfoert_av)
    endringer: dict[str, Any] = {}
    if tittel is not None:
        endringer["tittel"] = krev_tekst(tittel, felt="tittel", visningsnavn="Tittel")
    if beskrivelse is not None:
        endringer["beskrivelse"] = valgfri_tekst(
            beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"
        )
    if dokumenttype is not None:
        endringer["dokumenttype"] = krev_tekst(
            dokumenttype, felt="dokumenttype", visningsnavn="Dokumenttype"
        )
    if forfatter is not None:
        endringer["forfatter"] = tekstliste(forfatter, felt="forfatter", visningsnavn="Forfatter")
    if dokumentmedium is not None:
        endringer["dokumentmedium"] = krev_tekst(
            dokumentmedium, felt="dokumentmedium", visningsnavn="Dokumentmedium"
        )
    if oppbevaringssted is not None:
        endringer["oppbevaringssted"] = valgfri_tekst(
            oppbevaringssted, felt="oppbevaringssted", visningsnavn="Oppbevaringssted", maks=255
        )
    if ekstern_referanse is not None:
        endringer["ekstern_referanse"] = valgfri_tekst(
            ekstern_referanse, felt="ekstern_referanse", visningsnavn="Ekstern referanse", maks=255
        )
    endre_felter(
        dokumentbeskrivelse,
        endringer,
        utfoert_av=utfoert_av,
        frosne=_REDIGERBARE if er_frosset(dokumentbeskrivelse) else (),
        frossen_grunn="etter at dokumentet er arkivert",
    )
    return dokumentbeskrivelse


@logget
def dokumentbeskrivelse_endre_status(
    *, dokumentbeskrivelse: Dokumentbeskrivelse, dokumentstatus: str, utfoert_av: Any
) -> Dokumentbeskrivelse:
    """Dokumentstatus (M054) goes B → F only. F is final: a finished document is changed only
    by archiving a new version (model.md §6.2)."""
    krev_arbeid_med(dokumentbeskrivelse, utfoert_av)
    ny = kodeverdi_for_bruk(
        kodeliste="dokumentstatus",
        kode=dokumentstatus,
        felt="dokumentstatus",
        visningsnavn="Dokumentstatus",
    ).kode
    if ny == dokumentbeskrivelse.dokumentstatus:
        return dokumentbeskrivelse
    if dokumentbeskrivelse.dokumentstatus == FERDIGSTILT:
        raise DomeneFeil(
            "Dokumentet er ferdigstilt og kan ikke få ny status. "
            "Endringer lagres som en ny versjon.",
            felt="dokumentstatus",
            kode="ugyldig_overgang",
        )
    if ny != FERDIGSTILT:
        raise DomeneFeil(
            "Et dokument under redigering kan bare settes til ferdigstilt.",
            felt="dokumentstatus",
            kode="ugyldig_overgang",
        )
    endre_felter(dokumentbeskrivelse, {"dokumentstatus": ny}, utfoert_av=utfoert_av)
    return dokumentbeskrivelse


@logget
def dokumentbeskrivelse_slett(*, dokumentbeskrivelse: Dokumentbeskrivelse, utfoert_av: Any) -> None:
    """Delete a document description with its links, parties and remarks.

    Only while no registrering it belongs to is archived (archived documents are never deleted
    by normal users, model.md §6.4) and once no dokumentobjekt remains. The dokumentnummer it
    had is not reused.
    """
    tilknytninger = list(
        dokumentbeskrivelse.tilknytninger.select_related("registrering__arkiv").order_by("pk")
    )
    for tilknytning in tilknytninger:
        krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", tilknytning.registrering)
    if not tilknytninger:
        krev_arbeid_med(dokumentbeskrivelse, utfoert_av)
    if har_arkivert_registrering(dokumentbeskrivelse):
        raise DomeneFeil(
            "Dokumentet hører til en arkivert registrering og kan ikke slettes.", kode="laast"
        )
    if dokumentbeskrivelse.dokumentobjekter.exists():
        raise DomeneFeil(
            "Dokumentet har fortsatt filer. Slett dokumentobjektene først.", kode="har_innhold"
        )
    for tilknytning in tilknytninger:
        logg_endret(
            dokumentbeskrivelse,
            utfoert_av=utfoert_av,
            felt="registrering",
            tidligere=tilknytning.registrering,
            ny=None,
            beskrivelse=f"Dokumentnummer {tilknytning.dokumentnummer} fjernet",
        )
        tilknytning.delete()
    for underordnet in (*dokumentbeskrivelse.parter.all(), *dokumentbeskrivelse.merknader.all()):
        logg_slettet(underordnet, utfoert_av=utfoert_av)
        underordnet.delete()
    logg_slettet(dokumentbeskrivelse, utfoert_av=utfoert_av)
    dokumentbeskrivelse.delete()


# Helpers


def _krev_tar_imot_dokumenter(
    registrering: Registrering, hva: str = "kan ikke få nye dokumenter"
) -> None:
    """No new documents or attachments after archiving, or in a closed mappe (model.md §6.3);
    nor may one leave. `hva` ends the refusal."""
    # Read from the database: the caller's copy may be older than an archiving or a closing.
    arkivert_dato, mappe_avsluttet_dato = (
        Registrering.objects.filter(pk=registrering.pk)
        .values_list("arkivert_dato", "mappe__avsluttet_dato")
        .get()
    )
    if arkivert_dato is not None:
        raise DomeneFeil(
            f"Registreringen er arkivert og {hva}.",
            felt="registrering",
            kode="laast",
        )
    if mappe_avsluttet_dato is not None:
        raise DomeneFeil(
            f"Mappen er avsluttet, og registreringen {hva}.", felt="registrering", kode="laast"
        )


def _krev_ikke_knyttet_til(
    dokumentbeskrivelse: Dokumentbeskrivelse, registrering: Registrering, hvilken: str
) -> None:
    if Dokumenttilknytning.objects.filter(
        registrering=registrering, dokumentbeskrivelse=dokumentbeskrivelse
    ).exists():
        raise DomeneFeil(
            f"Dokumentet er allerede knyttet til {hvilken}.", felt="registrering", kode="finnes"
        )


def _tilknyttet_som(kode: str | None) -> str | None:
    if kode is None or kode == "":
        return None
    return kodeverdi_for_bruk(
        kodeliste="tilknyttetregistreringsom",
        kode=kode,
        felt="tilknyttet_registrering_som",
        visningsnavn="Tilknyttet registrering som",
    ).kode


def _neste_dokumentnummer(registrering: Registrering) -> int:
    """Allocate M007 1, 2, 3 … per registrering.

    The UPDATE takes the row lock of the registrering until commit, so concurrent writers get
    different numbers; the unique constraint (registrering, dokumentnummer) is the backstop.
    The arkivertDato condition closes the race with archiving.
    """
    with connection.cursor() as cursor:
        cursor.execute(_NESTE_DOKUMENTNUMMER, [registrering.pk])
        rad = cursor.fetchone()
    if rad is None:
        _krev_tar_imot_dokumenter(registrering)  # names the reason
        raise DomeneFeil(
            "Registreringen tar ikke imot nye dokumenter.", felt="registrering", kode="laast"
        )
    nummer = int(rad[0])
    registrering.siste_dokumentnummer = nummer
    return nummer


# One statement takes the row lock, checks that the registrering is not archived and its
# mappe not closed (model.md §6.3), and reads the new number.
_NESTE_DOKUMENTNUMMER = (
    "UPDATE arkivstruktur_registrering SET siste_dokumentnummer = siste_dokumentnummer + 1 "
    "WHERE id = %s AND arkivert_dato IS NULL AND NOT EXISTS ("
    "SELECT 1 FROM arkivstruktur_mappe m "
    "WHERE m.id = arkivstruktur_registrering.mappe_id AND m.avsluttet_dato IS NOT NULL) "
    "RETURNING siste_dokumentnummer"
)


def _knytt_til(
    dokument: Dokumentbeskrivelse,
    registrering: Registrering,
    *,
    som: str | None,
    utfoert_av: Any,
    tidspunkt: dt.datetime,
) -> Dokumenttilknytning:
    # The number is taken last, so the registrering's row is locked as briefly as possible.
    nummer = _neste_dokumentnummer(registrering)
    if som is None and nummer == 1:
        som = HOVEDDOKUMENT
    elif som is None:
        har_hoveddokument = Dokumenttilknytning.objects.filter(
            registrering=registrering, tilknyttet_registrering_som=HOVEDDOKUMENT
        ).exists()
        som = VEDLEGG if har_hoveddokument else HOVEDDOKUMENT
    tilknytning = Dokumenttilknytning(
        registrering=registrering,
        dokumentbeskrivelse=dokument,
        dokumentnummer=nummer,
        tilknyttet_dato=tidspunkt,
        tilknyttet_av=utfoert_av.visningsnavn,
        referanse_tilknyttet_av=utfoert_av,
    )
    koder(tilknytning, {"tilknyttet_registrering_som": (som, "Tilknyttet registrering som")})
    tilknytning.save(force_insert=True)
    som_navn = tilknytning.tilknyttet_registrering_som_kodenavn  # type: ignore[attr-defined]
    logg_endret(
        dokument,
        utfoert_av=utfoert_av,
        felt="registrering",
        tidligere=None,
        ny=registrering,
        beskrivelse=f"Dokumentnummer {nummer}, {som_navn}",
    )
    return tilknytning
