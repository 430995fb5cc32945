"""Arkivnotat: numbering shared with the journalposts of the case, no journal fields, periods,
archiving (model.md §3.11, §6.1, §6.3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from arkivstruktur.models import Registrering
from arkivstruktur.services.arkiv import arkivdel_periodiser
from arkivstruktur.services.mappe import mappe_opprett
from arkivstruktur.services.registrering import registrering_opprett
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import dato_i_oslo, naa
from sakarkiv.models import Arkivnotat, Journalpost, Saksmappe
from sakarkiv.services.arkivnotat import arkivnotat_arkiver, arkivnotat_opprett
from sakarkiv.services.saksmappe import saksmappe_avslutt
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sporing.models import Endringslogg

pytestmark = pytest.mark.django_db


def nytt_notat(mappe: Any, bruker: Any, **kwargs: Any) -> Arkivnotat:
    kwargs.setdefault("tittel", "Notat fra telefonsamtale")
    return arkivnotat_opprett(mappe=mappe, utfoert_av=bruker, **kwargs)


def test_arkivnotat_faar_nummer_i_saken_og_ingen_journalfelter(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    forfall = dt.date(2026, 12, 1)

    notat = nytt_notat(sak, bydel.saksbehandler, forfallsdato=forfall, antall_vedlegg=2)

    notat.refresh_from_db()
    assert notat.registreringstype == "arkivnotat"
    assert notat.registrerings_id == f"{sak.mappe_id}-1"
    assert (notat.journalaar, notat.journalsekvensnummer, notat.journalpostnummer) == (
        None,
        None,
        None,
    )
    assert (notat.journalposttype, notat.journalstatus, notat.journaldato) == ("", "", None)
    assert notat.dokumentets_dato == dato_i_oslo(naa())
    assert (notat.mottatt_dato, notat.sendt_dato) == (None, None)
    assert (notat.forfallsdato, notat.antall_vedlegg) == (forfall, 2)
    assert notat.referanse_saksbehandler == bydel.saksbehandler
    assert notat.referanse_administrativ_enhet == bydel.enhet
    assert list(
        Endringslogg.objects.filter(referanse_arkivenhet=notat.system_id).values_list(
            "hendelsetype", "arkivenhet_type"
        )
    ) == [("C", "arkivnotat")]


def test_arkivnotat_og_journalposter_i_en_sak_deler_ikke_nummer(bydel: Bydel) -> None:
    sak = ny_sak(bydel)

    foerste = ny_journalpost(sak, bydel.saksbehandler)
    notat = nytt_notat(sak, bydel.saksbehandler)
    tredje = ny_journalpost(sak, bydel.saksbehandler)

    assert foerste.registrerings_id == f"{sak.mappe_id}-1"
    assert notat.registrerings_id == f"{sak.mappe_id}-2"
    assert (tredje.registrerings_id, tredje.journalpostnummer) == (f"{sak.mappe_id}-3", 3)


def test_arkivnotat_er_ikke_i_journalen(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    ny_journalpost(sak, bydel.saksbehandler)

    notat = nytt_notat(sak, bydel.saksbehandler)

    assert list(Journalpost.objects.values_list("registreringstype", flat=True)) == ["journalpost"]
    assert list(Arkivnotat.objects.all()) == [notat]


def test_arkivnotat_i_generisk_mappe(bydel: Bydel) -> None:
    mappe = mappe_opprett(
        tittel="Personalmappe Ola Nordmann",
        arkivdel=bydel.arkivdel,
        klasse=bydel.klasse,
        utfoert_av=bydel.saksbehandler,
    )

    notat = nytt_notat(mappe, bydel.saksbehandler)

    assert notat.registrerings_id == f"{mappe.mappe_id}-1"
    assert notat.referanse_saksbehandler is None


def test_avsluttet_sak_tar_ikke_imot_arkivnotat(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    saksmappe_avslutt(saksmappe=sak, utfoert_av=bydel.arkivar)

    with pytest.raises(DomeneFeil) as feil:
        nytt_notat(sak, bydel.saksbehandler)

    assert feil.value.felt == "mappe"
    assert Registrering.objects.exists() is False


def test_saksbehandler_fra_annen_bydel_kan_ikke_skrive_notat(
    bydel: Bydel, annen_bydel: Bydel
) -> None:
    sak = ny_sak(bydel)

    with pytest.raises(IngenTilgang):
        nytt_notat(sak, annen_bydel.saksbehandler)

    sak.refresh_from_db()
    assert Registrering.objects.exists() is False
    assert sak.siste_journalpostnummer == 0


def test_negativt_antall_vedlegg_avvises_og_ingenting_skrives(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    logg_foer = Endringslogg.objects.count()

    with pytest.raises(DomeneFeil) as feil:
        nytt_notat(sak, bydel.saksbehandler, antall_vedlegg=-1)

    assert feil.value.felt == "antall_vedlegg"
    sak.refresh_from_db()
    assert sak.siste_journalpostnummer == 0
    assert Endringslogg.objects.count() == logg_foer


def test_notat_i_sak_i_overlappingsperiode_flytter_saken(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    arvtaker = arkivdel_periodiser(
        arkivdel=bydel.arkivdel, ny_tittel="Ny periode", utfoert_av=bydel.arkivar
    )

    notat = nytt_notat(sak, bydel.saksbehandler)

    sak.refresh_from_db()
    assert sak.arkivdel == arvtaker
    assert notat.arkivdel == arvtaker


def test_arkivar_arkiverer_notat_og_saken_kan_avsluttes(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    notat = nytt_notat(sak, bydel.saksbehandler)

    notat = arkivnotat_arkiver(arkivnotat=notat, utfoert_av=bydel.arkivar)
    saksmappe_avslutt(saksmappe=sak, utfoert_av=bydel.arkivar)

    assert notat.arkivert_dato is not None
    assert notat.arkivert_av == bydel.arkivar.visningsnavn
    assert Saksmappe.objects.get(pk=sak.pk).saksstatus == "A"


def test_uarkivert_notat_hindrer_avslutning_av_saken(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    nytt_notat(sak, bydel.saksbehandler)

    with pytest.raises(DomeneFeil) as feil:
        saksmappe_avslutt(saksmappe=sak, utfoert_av=bydel.arkivar)

    assert "ikke arkivert" in feil.value.melding


def test_saksbehandler_kan_ikke_arkivere_notat(bydel: Bydel) -> None:
    notat = nytt_notat(ny_sak(bydel), bydel.saksbehandler)

    with pytest.raises(IngenTilgang):
        arkivnotat_arkiver(arkivnotat=notat, utfoert_av=bydel.saksbehandler)

    notat.refresh_from_db()
    assert notat.arkivert_dato is None


def test_vanlig_registrering_arkiveres_ikke_som_arkivnotat(bydel: Bydel) -> None:
    registrering = registrering_opprett(
        tittel="Kvittering", mappe=ny_sak(bydel), utfoert_av=bydel.saksbehandler
    )

    with pytest.raises(DomeneFeil) as feil:
        arkivnotat_arkiver(arkivnotat=registrering, utfoert_av=bydel.arkivar)

    assert feil.value.felt == "registreringstype"
    registrering.refresh_from_db()
    assert registrering.arkivert_dato is None
