"""Avskrivning: writing off incoming and internal journalposter (model.md §4.11)."""

from __future__ import annotations

from typing import Any

from arkivstruktur.models import Registrering
from arkivstruktur.services.felles import endre_felter, koder, opprett
from felles.feil import DomeneFeil
from felles.tid import dato_i_oslo, naa
from sakarkiv import regler
from sakarkiv.models import Avskrivning, Korrespondansepart
from sakarkiv.services.journalpost import laas_journalpost
from sporing.services import logg_slettet, logget
from tilgang.regler import krev_tillatelse


@logget
def journalpost_avskriv(
    *,
    journalpost: Registrering,
    avskrivningsmaate: str,
    avskrives_av_journalpost: Registrering | None = None,
    avskrives_av_korrespondansepart: Korrespondansepart | None = None,
    utfoert_av: Any,
) -> Avskrivning:
    """Only I and N are restanser; a written answer (BU, BN) names the journalpost that
    answered, of the matching type and in the same arkiv."""
    journalpost = laas_journalpost(journalpost)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", journalpost)
    if journalpost.journalposttype not in regler.AVSKRIVES:
        raise DomeneFeil(
            "Bare inngående dokumenter (I) og organinterne dokumenter for oppfølging (N) "
            "avskrives.",
            felt="journalposttype",
        )
    if journalpost.journalstatus == "U":
        raise DomeneFeil("En utgått journalpost avskrives ikke.", felt="journalstatus")
    if avskrivningsmaate in regler.AVSKRIVNING_KREVER_SVAR and avskrives_av_journalpost is None:
        raise DomeneFeil(
            "Avskrivningsmåten krever at svaret (journalposten som avskriver) oppgis.",
            felt="avskrives_av_journalpost",
            kode="paakrevd",
        )
    if avskrives_av_journalpost is not None:
        _krev_gyldig_svar(journalpost, avskrives_av_journalpost, avskrivningsmaate)
    if (
        avskrives_av_korrespondansepart is not None
        and avskrives_av_korrespondansepart.registrering_id != journalpost.pk
    ):
        raise DomeneFeil(
            "Korrespondanseparten hører ikke til journalposten.",
            felt="avskrives_av_korrespondansepart",
        )
    tidspunkt = naa()
    avskrivning = Avskrivning(
        journalpost=journalpost,
        avskrivningsdato=dato_i_oslo(tidspunkt),
        avskrevet_av=utfoert_av.visningsnavn,
        referanse_avskrevet_av=utfoert_av,
        referanse_avskrives_av_journalpost=avskrives_av_journalpost,
        referanse_avskrives_av_korrespondansepart=avskrives_av_korrespondansepart,
    )
    koder(avskrivning, {"avskrivningsmaate": (avskrivningsmaate, "avskrivningsmåte")})
    if not avskrivning.avskrivningsmaate:
        raise DomeneFeil(
            "Avskrivningsmåte må fylles ut.", felt="avskrivningsmaate", kode="paakrevd"
        )
    return opprett(avskrivning, utfoert_av=utfoert_av)  # type: ignore[no-any-return]


def _krev_gyldig_svar(journalpost: Registrering, svar: Registrering, maate: str) -> None:
    if svar.pk == journalpost.pk:
        raise DomeneFeil(
            "En journalpost kan ikke avskrive seg selv.", felt="avskrives_av_journalpost"
        )
    if svar.arkiv_id != journalpost.arkiv_id or svar.registreringstype != "journalpost":
        raise DomeneFeil(
            "Svaret må være en journalpost i samme arkiv.", felt="avskrives_av_journalpost"
        )
    tillatte = regler.AVSKRIVNING_SVARTYPE.get(maate)
    if tillatte and svar.journalposttype not in tillatte:
        raise DomeneFeil(
            f"Avskrivningsmåte {maate} krever et svar av type {'/'.join(sorted(tillatte))}.",
            felt="avskrives_av_journalpost",
        )


_UENDRET: Any = object()


@logget
def avskrivning_endre(
    *,
    avskrivning: Avskrivning,
    utfoert_av: Any,
    avskrivningsmaate: str | None = None,
    avskrives_av_journalpost: Registrering | None = _UENDRET,
    avskrives_av_korrespondansepart: Korrespondansepart | None = _UENDRET,
) -> Avskrivning:
    """Correct a write-off while the journalpost is not archived: the method and what it
    names, by the same rules as writing off (`None` for a reference removes it; an absent
    argument leaves it). avskrivningsdato and avskrevetAv never change (model.md §4.11)."""
    journalpost = laas_journalpost(avskrivning.journalpost)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", journalpost)
    _krev_ikke_arkivert(journalpost)
    maate = avskrivningsmaate or avskrivning.avskrivningsmaate
    svar = (
        avskrivning.referanse_avskrives_av_journalpost
        if avskrives_av_journalpost is _UENDRET
        else avskrives_av_journalpost
    )
    part = (
        avskrivning.referanse_avskrives_av_korrespondansepart
        if avskrives_av_korrespondansepart is _UENDRET
        else avskrives_av_korrespondansepart
    )
    if maate in regler.AVSKRIVNING_KREVER_SVAR and svar is None:
        raise DomeneFeil(
            "Avskrivningsmåten krever at svaret (journalposten som avskriver) oppgis.",
            felt="avskrives_av_journalpost",
            kode="paakrevd",
        )
    if svar is not None:
        _krev_gyldig_svar(journalpost, svar, maate)
    if part is not None and part.registrering_id != journalpost.pk:
        raise DomeneFeil(
            "Korrespondanseparten hører ikke til journalposten.",
            felt="avskrives_av_korrespondansepart",
        )
    endre_felter(
        avskrivning,
        {
            "avskrivningsmaate": maate,
            "referanse_avskrives_av_journalpost": svar,
            "referanse_avskrives_av_korrespondansepart": part,
        },
        utfoert_av=utfoert_av,
    )
    return avskrivning


@logget
def avskrivning_slett(*, avskrivning: Avskrivning, utfoert_av: Any) -> None:
    """Undo a write-off while the journalpost is not archived: it is a restanse again."""
    journalpost = laas_journalpost(avskrivning.journalpost)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", journalpost)
    _krev_ikke_arkivert(journalpost)
    logg_slettet(avskrivning, utfoert_av=utfoert_av)
    avskrivning.delete()


def _krev_ikke_arkivert(journalpost: Registrering) -> None:
    if journalpost.arkivert_dato is not None:
        raise DomeneFeil("Journalposten er arkivert; avskrivningen kan ikke endres.", kode="laast")
