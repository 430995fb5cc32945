"""Registrering → Journalpost (5.5.7): only in a saksmappe and before archiving; numbers kept,
journal number new, type and status checked, every change logged."""

from __future__ import annotations

from typing import Any

import pytest

from arkivstruktur.models import Mappe, Registrering
from arkivstruktur.services.mappe import mappe_opprett
from arkivstruktur.services.registrering import (
    FORENKLET_TITTEL,
    registrering_arkiver,
    registrering_opprett,
)
from arkivstruktur.tests.factories import ArkivdelFactory
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import aar_i_oslo, dato_i_oslo, naa
from sakarkiv.models import Journalpost, Korrespondansepart
from sakarkiv.services.arkivnotat import arkivnotat_opprett
from sakarkiv.services.utvidelse import registrering_utvid_til_journalpost
from sakarkiv.tests.conftest import AVSENDER, MOTTAKER, Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sporing.models import Endringslogg

pytestmark = pytest.mark.django_db


def ny_registrering(mappe: Mappe, bruker: Any, **kwargs: Any) -> Registrering:
    kwargs.setdefault("tittel", "Brev fra naboen")
    return registrering_opprett(mappe=mappe, utfoert_av=bruker, **kwargs)


def utvid(registrering: Registrering, bruker: Any, **kwargs: Any) -> Journalpost:
    kwargs.setdefault("journalposttype", "I")
    kwargs.setdefault("korrespondanseparter", [AVSENDER])
    return registrering_utvid_til_journalpost(
        registrering=registrering, utfoert_av=bruker, **kwargs
    )


def test_registrering_i_sak_blir_journalpost_med_samme_nummer(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    ny_journalpost(sak, bydel.saksbehandler)
    registrering = ny_registrering(sak, bydel.saksbehandler)

    journalpost = utvid(registrering, bydel.saksbehandler)

    journalpost.refresh_from_db()
    assert journalpost.pk == registrering.pk
    assert journalpost.system_id == registrering.system_id
    assert journalpost.registreringstype == "journalpost"
    assert journalpost.registrerings_id == f"{sak.mappe_id}-2"
    assert journalpost.journalpostnummer == 2
    assert (journalpost.journalposttype, journalpost.journalstatus) == ("I", "M")
    assert journalpost.journalposttype_kodenavn == "Inngående dokument"
    assert (journalpost.journalaar, journalpost.journalsekvensnummer) == (aar_i_oslo(naa()), 2)
    assert journalpost.journaldato == dato_i_oslo(naa())
    assert journalpost.dokumentets_dato == dato_i_oslo(registrering.opprettet_dato)
    assert journalpost.mottatt_dato == registrering.opprettet_dato
    assert journalpost.referanse_saksbehandler == bydel.saksbehandler
    assert journalpost.korrespondanseparter.get().korrespondansepart_navn == "Kari Nordmann"
    assert Journalpost.objects.filter(mappe=sak).count() == 2


def test_hvert_endret_felt_logges(bydel: Bydel) -> None:
    registrering = ny_registrering(ny_sak(bydel), bydel.saksbehandler)

    utvid(registrering, bydel.saksbehandler)

    endret = set(
        Endringslogg.objects.filter(
            referanse_arkivenhet=registrering.system_id, hendelsetype="U"
        ).values_list("referanse_metadata", flat=True)
    )
    assert {
        "registreringstype",
        "journalposttype",
        "journalstatus",
        "journalpostnummer",
        "journalaar",
        "journalsekvensnummer",
        "journaldato",
    } <= endret
    assert "registreringsID" not in endret
    assert Endringslogg.objects.filter(arkivenhet_type="korrespondansepart").count() == 1


def test_forenklet_registrering_faar_nytt_nummer_og_registrerings_id(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    ny_journalpost(sak, bydel.saksbehandler)
    registrering = ny_registrering(sak, bydel.saksbehandler, tittel=FORENKLET_TITTEL)

    journalpost = utvid(registrering, bydel.saksbehandler)

    assert (journalpost.journalpostnummer, journalpost.registrerings_id) == (
        2,
        f"{sak.mappe_id}-2",
    )
    assert (
        Endringslogg.objects.filter(
            referanse_arkivenhet=registrering.system_id, referanse_metadata="registreringsID"
        ).count()
        == 1
    )


def test_registrering_i_generisk_mappe_kan_ikke_utvides(bydel: Bydel) -> None:
    mappe = mappe_opprett(
        tittel="Elevmappe", arkivdel=bydel.arkivdel, klasse=bydel.klasse, utfoert_av=bydel.arkivar
    )
    registrering = ny_registrering(mappe, bydel.saksbehandler)

    with pytest.raises(DomeneFeil) as feil:
        utvid(registrering, bydel.saksbehandler)

    assert feil.value.felt == "mappe"
    assert Journalpost.objects.exists() is False


def test_registrering_utenfor_mappe_kan_ikke_utvides(bydel: Bydel) -> None:
    arkivdel = ArkivdelFactory(arkiv=bydel.arkiv, klassifikasjonssystem=None)
    registrering = registrering_opprett(
        tittel="Logg", arkivdel=arkivdel, utfoert_av=bydel.saksbehandler
    )

    with pytest.raises(DomeneFeil) as feil:
        utvid(registrering, bydel.saksbehandler)

    assert feil.value.felt == "mappe"
    assert Journalpost.objects.exists() is False


def test_arkivert_registrering_kan_ikke_utvides(bydel: Bydel) -> None:
    registrering = ny_registrering(ny_sak(bydel), bydel.saksbehandler)
    registrering_arkiver(registrering=registrering, utfoert_av=bydel.arkivar)

    with pytest.raises(DomeneFeil) as feil:
        utvid(registrering, bydel.arkivar)

    assert feil.value.felt == "arkivert_dato"
    assert Journalpost.objects.exists() is False


def test_arkivnotat_kan_ikke_utvides(bydel: Bydel) -> None:
    notat = arkivnotat_opprett(mappe=ny_sak(bydel), tittel="Notat", utfoert_av=bydel.saksbehandler)

    with pytest.raises(DomeneFeil) as feil:
        utvid(notat, bydel.saksbehandler)

    assert feil.value.felt == "registreringstype"
    assert Journalpost.objects.exists() is False


def test_journalpost_kan_ikke_utvides_paa_nytt(bydel: Bydel) -> None:
    journalpost = ny_journalpost(ny_sak(bydel), bydel.saksbehandler)

    with pytest.raises(DomeneFeil) as feil:
        utvid(journalpost, bydel.saksbehandler)

    assert feil.value.felt == "registreringstype"


@pytest.mark.parametrize(("journalposttype", "status"), [("I", "R"), ("U", "M"), ("N", "A")])
def test_ugyldig_startstatus_avvises_og_ingenting_endres(
    bydel: Bydel, journalposttype: str, status: str
) -> None:
    sak = ny_sak(bydel)
    registrering = ny_registrering(sak, bydel.saksbehandler)
    logg_foer = Endringslogg.objects.count()

    with pytest.raises(DomeneFeil) as feil:
        utvid(
            registrering,
            bydel.saksbehandler,
            journalposttype=journalposttype,
            journalstatus=status,
            korrespondanseparter=[MOTTAKER],
        )

    assert feil.value.felt == "journalstatus"
    registrering.refresh_from_db()
    assert registrering.registreringstype == "registrering"
    assert Endringslogg.objects.count() == logg_foer
    assert ny_journalpost(sak, bydel.saksbehandler).journalsekvensnummer == 1


@pytest.mark.parametrize(("journalposttype", "kode"), [("", "paakrevd"), ("Q", "ukjent_kode")])
def test_ukjent_eller_manglende_journalposttype_avvises(
    bydel: Bydel, journalposttype: str, kode: str
) -> None:
    registrering = ny_registrering(ny_sak(bydel), bydel.saksbehandler)

    with pytest.raises(DomeneFeil) as feil:
        utvid(registrering, bydel.saksbehandler, journalposttype=journalposttype)

    assert feil.value.felt == "journalposttype"
    assert feil.value.kode == kode
    assert Journalpost.objects.exists() is False


def test_utvidelse_uten_korrespondansepart_avvises(bydel: Bydel) -> None:
    registrering = ny_registrering(ny_sak(bydel), bydel.saksbehandler)

    with pytest.raises(DomeneFeil) as feil:
        utvid(registrering, bydel.saksbehandler, korrespondanseparter=[])

    assert feil.value.felt == "korrespondanseparter"
    assert Journalpost.objects.exists() is False
    assert Korrespondansepart.objects.exists() is False


def test_saksbehandler_fra_annen_bydel_kan_ikke_utvide(bydel: Bydel, annen_bydel: Bydel) -> None:
    registrering = ny_registrering(ny_sak(bydel), bydel.saksbehandler)

    with pytest.raises(IngenTilgang):
        utvid(registrering, annen_bydel.saksbehandler)

    assert Journalpost.objects.exists() is False


def test_ekspedert_utgaaende_merker_saken_som_ikke_slettbar(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    registrering = ny_registrering(sak, bydel.saksbehandler)

    utvid(
        registrering,
        bydel.saksbehandler,
        journalposttype="U",
        journalstatus="E",
        korrespondanseparter=[MOTTAKER],
    )

    sak.refresh_from_db()
    assert sak.har_hatt_ekspedert_eller_journalfoert is True
