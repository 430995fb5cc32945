"""The registration queue (issue 6 item 7): incoming post is received into a district's queue,
then registered as an incoming journalpost (I) in a new or an existing case and distributed to a
unit or a case handler, or rejected. Only the district's records office does any of it.

Files are stored and checksummed before the transaction that records them; registering an item
points the new dokumentobjekter at the same stored files, so one transaction turns the item
into a journalpost with its documents, or leaves the item waiting as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from arkivstruktur.models import Arkivdel, Klasse
from dokument.lagring import LagretFil, lagre_innhold, sti_for
from dokument.services import dokument_last_opp
from felles.feil import DomeneFeil
from felles.stoerrelse import som_mb
from felles.tid import naa
from felles.validering import krev_tekst, valgfri_tekst
from organisasjon.models import AdministrativEnhet, Rolle, Rolletildeling
from sakarkiv.models import (
    Journalpost,
    Mottaksfil,
    Mottakskanal,
    Mottakspost,
    Mottaksstatus,
    Saksmappe,
)
from sakarkiv.services.journalpost import journalpost_registrer
from sakarkiv.services.korrespondansepart import NyKorrespondansepart
from sakarkiv.services.saksmappe import saksmappe_opprett
from sporing.services import logg_endret, logg_opprettet, logget_transaksjon
from tilgang.eierskap import virksomhet_id_for
from tilgang.profil import tilgangsprofil
from tilgang.regler import krev_tillatelse

_BARE_ARKIVET = "Bare arkivet i bydelen kan behandle innkommende post."


@dataclass(frozen=True)
class Mottatt:
    """A received file: bytes, a file object, or a `LagretFil` stored beforehand."""

    filnavn: str
    innhold: Any
    mime_type: str = ""


@dataclass(frozen=True)
class NySak:
    """The case an item opens when it belongs to no existing one."""

    arkivdel: Arkivdel
    klasse: Klasse | None
    tittel: str
    offentlig_tittel: str = ""


def _lagre(fil: Mottatt) -> LagretFil:
    if isinstance(fil.innhold, LagretFil):
        return fil.innhold
    maks = int(settings.ARKIVAR_MAKS_FILSTOERRELSE)
    stoerrelse = getattr(fil.innhold, "size", None)
    if stoerrelse is not None and stoerrelse > maks:
        raise DomeneFeil(
            f"Filen «{fil.filnavn}» er {som_mb(stoerrelse)} MB. Største tillatte filstørrelse "
            f"er {som_mb(maks)} MB.",
            felt="filer",
        )
    return lagre_innhold(fil.innhold, maks_stoerrelse=maks)


def mottakspost_opprett(
    *,
    virksomhet: Any,
    filer: Sequence[Mottatt],
    kanal: str,
    avsender: str = "",
    tittel: str = "",
    mottatt_dato: dt.datetime | None = None,
    utfoert_av: Any,
) -> Mottakspost:
    """Put one incoming letter, its attachments after it, in the district's queue."""
    post = Mottakspost(virksomhet=virksomhet, opprettet_av=utfoert_av)
    krev_tillatelse(utfoert_av, "sakarkiv.arkivere", post, melding=_BARE_ARKIVET)
    if kanal not in Mottakskanal.values:
        raise DomeneFeil("Velg hvordan posten kom inn.", felt="kanal")
    if not filer:
        raise DomeneFeil("Legg ved minst én fil.", felt="filer")
    post.kanal = kanal
    post.avsender = valgfri_tekst(avsender, felt="avsender", visningsnavn="Avsender", maks=255)
    post.tittel = valgfri_tekst(tittel, felt="tittel", visningsnavn="Tittel", maks=500)
    post.mottatt_dato = mottatt_dato or naa()
    lagrede = [(fil, _lagre(fil)) for fil in filer]  # before the transaction (dokument.lagring)
    with logget_transaksjon():
        post.save()
        Mottaksfil.objects.bulk_create(
            Mottaksfil(
                mottakspost=post,
                rekkefoelge=nummer,
                filnavn=(fil.filnavn or f"fil-{nummer}")[:255],
                mime_type=fil.mime_type[:150],
                sjekksum=lagret.sjekksum,
                filstoerrelse=lagret.filstoerrelse,
            )
            for nummer, (fil, lagret) in enumerate(lagrede, start=1)
        )
        logg_opprettet(
            post,
            utfoert_av=utfoert_av,
            beskrivelse=f"Mottatt ({Mottakskanal(kanal).label}), {len(filer)} fil(er).",
        )
    return post


def _laas_ventende(mottakspost: Mottakspost) -> Mottakspost:
    post = Mottakspost.objects.select_for_update().get(pk=mottakspost.pk)
    if post.status != Mottaksstatus.VENTER:
        raise DomeneFeil(
            f"Posten er allerede {Mottaksstatus(post.status).label.lower()}.", felt="skjema"
        )
    return post


def _ansvarlig(virksomhet_id: int, enhet: AdministrativEnhet | None, saksbehandler: Any) -> Any:
    """Who the item is distributed to: the chosen case handler, who must work in the district,
    or else the leader of the chosen unit, who distributes it on."""
    if saksbehandler is not None:
        if not (
            saksbehandler.is_active
            and tilgangsprofil(saksbehandler).har_rolle(
                Rolle.SAKSBEHANDLER, Rolle.LEDER, virksomhet_id=virksomhet_id
            )
        ):
            raise DomeneFeil(
                f"{saksbehandler.visningsnavn} er ikke saksbehandler eller leder i bydelen.",
                felt="saksbehandler",
            )
        return saksbehandler
    if enhet is None:
        raise DomeneFeil("Fordel posten til en enhet eller en saksbehandler.", felt="enhet")
    leder = (
        Rolletildeling.objects.filter(
            administrativ_enhet=enhet, rolle=Rolle.LEDER, bruker__is_active=True
        )
        .select_related("bruker")
        .order_by("bruker__first_name", "bruker__last_name", "pk")
        .first()
    )
    if leder is None:
        raise DomeneFeil(
            f"{enhet.administrativ_enhet_navn} har ingen leder som kan fordele posten videre. "
            "Velg en saksbehandler.",
            felt="saksbehandler",
        )
    return leder.bruker


def mottakspost_registrer(
    *,
    mottakspost: Mottakspost,
    tittel: str,
    avsender: str,
    saksmappe: Saksmappe | None = None,
    ny_sak: NySak | None = None,
    enhet: AdministrativEnhet | None = None,
    saksbehandler: Any = None,
    offentlig_tittel: str = "",
    dokumentets_dato: dt.date | None = None,
    utfoert_av: Any,
) -> Journalpost:
    """Register the item as an incoming journalpost (status M, for journal control) in
    `saksmappe` or in a new case, with its files as documents (the first the main one), and
    distribute it: to `saksbehandler`, or to the leader of `enhet`. In a new case the unit
    and the person become the case's; in an existing one the person becomes the journalpost's
    case handler."""
    krev_tillatelse(utfoert_av, "sakarkiv.arkivere", mottakspost, melding=_BARE_ARKIVET)
    if (saksmappe is None) == (ny_sak is None):
        raise DomeneFeil("Velg en eksisterende sak eller opprett en ny.", felt="sak")
    if enhet is not None and enhet.virksomhet_id != mottakspost.virksomhet_id:
        raise DomeneFeil("Enheten hører til en annen bydel.", felt="enhet")
    navn = krev_tekst(avsender, felt="avsender", visningsnavn="Avsender", maks=255)
    with logget_transaksjon():
        post = _laas_ventende(mottakspost)
        ansvarlig = _ansvarlig(post.virksomhet_id, enhet, saksbehandler)
        if ny_sak is not None:
            if virksomhet_id_for(ny_sak.arkivdel) != post.virksomhet_id:
                raise DomeneFeil("Arkivdelen hører til en annen bydel.", felt="arkivdel")
            saksmappe = saksmappe_opprett(
                arkivdel=ny_sak.arkivdel,
                klasse=ny_sak.klasse,
                tittel=ny_sak.tittel,
                offentlig_tittel=ny_sak.offentlig_tittel,
                administrativ_enhet=enhet or _enhet_for(ansvarlig, post.virksomhet_id),
                saksansvarlig=ansvarlig,
                utfoert_av=utfoert_av,
            )
        assert saksmappe is not None  # noqa: S101 -- one of the two, checked above
        if virksomhet_id_for(saksmappe) != post.virksomhet_id:
            raise DomeneFeil("Saken hører til en annen bydel.", felt="saksnummer")
        journalpost = journalpost_registrer(
            saksmappe=saksmappe,
            tittel=tittel,
            offentlig_tittel=offentlig_tittel,
            journalposttype="I",
            journalstatus="M",
            korrespondanseparter=[NyKorrespondansepart(korrespondanseparttype="EA", navn=navn)],
            mottatt_dato=post.mottatt_dato,
            dokumentets_dato=dokumentets_dato,
            saksbehandler=ansvarlig,
            utfoert_av=utfoert_av,
        )
        for fil in post.filer.all():
            dokument_last_opp(
                registrering=journalpost,
                tittel=fil.filnavn.rsplit(".", 1)[0] or journalpost.tittel,
                innhold=LagretFil(fil.sjekksum, fil.filstoerrelse, sti_for(fil.sjekksum)),
                filnavn=fil.filnavn,
                mime_type=fil.mime_type,
                tilknyttet_registrering_som="H" if fil.rekkefoelge == 1 else "V",
                utfoert_av=utfoert_av,
            )
        _behandlet(post, Mottaksstatus.REGISTRERT, utfoert_av, journalpost=journalpost)
        logg_endret(
            post,
            utfoert_av=utfoert_av,
            felt="status",
            tidligere=Mottaksstatus.VENTER.value,
            ny=Mottaksstatus.REGISTRERT.value,
            beskrivelse=(
                f"Registrert som journalpost {journalpost.registrerings_id} og fordelt til "
                f"{ansvarlig.visningsnavn}."
            ),
        )
    return journalpost


def _enhet_for(bruker: Any, virksomhet_id: int) -> AdministrativEnhet | None:
    rolle = (
        Rolletildeling.objects.filter(
            bruker=bruker,
            administrativ_enhet__virksomhet_id=virksomhet_id,
            rolle__in=[Rolle.SAKSBEHANDLER, Rolle.LEDER],
        )
        .select_related("administrativ_enhet")
        .order_by("pk")
        .first()
    )
    return rolle.administrativ_enhet if rolle else None


def _behandlet(
    post: Mottakspost, status: str, utfoert_av: Any, *, journalpost: Journalpost | None = None
) -> None:
    post.status = status
    post.journalpost = journalpost
    post.behandlet_av = utfoert_av
    post.behandlet_dato = naa()
    post.save(
        update_fields=[
            "status",
            "journalpost",
            "behandlet_av",
            "behandlet_dato",
            "avvisningsgrunn",
        ]
    )


def mottakspost_avvis(*, mottakspost: Mottakspost, grunn: str, utfoert_av: Any) -> Mottakspost:
    """Take an item out of the queue without registering it (junk mail, a duplicate, not for
    this district): the reason is kept, the files are let go and removed by the clean-up."""
    krev_tillatelse(utfoert_av, "sakarkiv.arkivere", mottakspost, melding=_BARE_ARKIVET)
    grunn = krev_tekst(grunn, felt="grunn", visningsnavn="Begrunnelse", maks=2000)
    with logget_transaksjon():
        post = _laas_ventende(mottakspost)
        post.avvisningsgrunn = grunn
        antall = post.filer.count()
        post.filer.all().delete()
        _behandlet(post, Mottaksstatus.AVVIST, utfoert_av)
        logg_endret(
            post,
            utfoert_av=utfoert_av,
            felt="status",
            tidligere=Mottaksstatus.VENTER.value,
            ny=Mottaksstatus.AVVIST.value,
            beskrivelse=f"Avvist, {antall} fil(er) slettet: {grunn}",
        )
    return post
