"""Journalpost rules: registration, journalstatus life cycle, archiving, freezing, deletion."""

from __future__ import annotations

import pytest

from arkivstruktur.models import Registrering
from arkivstruktur.services.arv import skjerming_sett
from arkivstruktur.services.dokumentbeskrivelse import dokumentbeskrivelse_opprett
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import naa
from sakarkiv.models import Korrespondansepart
from sakarkiv.services.journalpost import (
    flytt_til_sak,
    journalpost_endre,
    journalpost_endre_status,
    journalpost_slett,
)
from sakarkiv.services.korrespondansepart import NyKorrespondansepart
from sakarkiv.tests.conftest import AVSENDER, MOTTAKER, Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sporing.models import Endringslogg

pytestmark = pytest.mark.django_db


def test_journalpost_med_to_korrespondanseparter_logges_i_samme_transaksjon(bydel: Bydel) -> None:
    sak = ny_sak(bydel)

    jp = ny_journalpost(
        sak, bydel.saksbehandler, journalposttype="U", korrespondanseparter=[MOTTAKER, MOTTAKER]
    )

    assert jp.journalstatus == "R"
    assert jp.journalposttype_kodenavn == "Utgående dokument"
    assert jp.korrespondanseparter.count() == 2
    assert jp.korrespondanseparter.first().korrespondanseparttype_kodenavn == "Mottaker"
    typer = list(
        Endringslogg.objects.filter(hendelsetype="C").values_list("arkivenhet_type", flat=True)
    )
    assert typer.count("journalpost") == 1
    assert typer.count("korrespondansepart") == 2


def test_innkommende_faar_mottatt_dato_og_status_m(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="I")

    assert jp.journalstatus == "M"
    assert jp.mottatt_dato is not None


def test_journalpost_arver_saksansvar_fra_saken(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.arkivar)

    assert jp.referanse_saksbehandler == bydel.saksbehandler
    assert jp.referanse_administrativ_enhet == bydel.enhet


def test_journalpost_uten_korrespondansepart_avvises(bydel: Bydel) -> None:
    sak = ny_sak(bydel)

    with pytest.raises(DomeneFeil) as feil:
        ny_journalpost(sak, bydel.saksbehandler, korrespondanseparter=[])

    assert feil.value.felt == "korrespondanseparter"
    assert Registrering.objects.exists() is False


def test_ugyldig_korrespondansepart_avvises_og_ingenting_skrives(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    logg_foer = Endringslogg.objects.count()
    feil_part = NyKorrespondansepart(
        korrespondanseparttype="EA", navn="Per", epostadresse="ikke-en-adresse"
    )

    with pytest.raises(DomeneFeil) as feil:
        ny_journalpost(sak, bydel.saksbehandler, korrespondanseparter=[AVSENDER, feil_part])

    assert feil.value.felt == "korrespondanseparter[1].epostadresse"
    assert Registrering.objects.exists() is False
    assert Korrespondansepart.objects.exists() is False
    assert Endringslogg.objects.count() == logg_foer
    sak.refresh_from_db()
    assert sak.siste_journalpostnummer == 0


def test_intern_korrespondansepart_faar_navn_fra_saksbehandler(bydel: Bydel) -> None:
    intern = NyKorrespondansepart(
        korrespondanseparttype="IM",
        subtype="intern",
        saksbehandler=bydel.leder,
        administrativ_enhet=bydel.enhet,
    )

    jp = ny_journalpost(
        ny_sak(bydel), bydel.saksbehandler, journalposttype="N", korrespondanseparter=[intern]
    )

    part = jp.korrespondanseparter.get()
    assert part.korrespondansepart_navn == bydel.leder.visningsnavn
    assert part.administrativ_enhet == bydel.enhet.administrativ_enhet_navn


@pytest.mark.parametrize(
    ("journalposttype", "status"), [("I", "R"), ("U", "M"), ("U", "A"), ("I", "A")]
)
def test_ugyldig_startstatus_avvises(bydel: Bydel, journalposttype: str, status: str) -> None:
    with pytest.raises(DomeneFeil) as feil:
        ny_journalpost(
            ny_sak(bydel),
            bydel.saksbehandler,
            journalposttype=journalposttype,
            journalstatus=status,
        )

    assert feil.value.felt == "journalstatus"


@pytest.mark.parametrize(
    ("fra", "til"), [("R", "J"), ("M", "E"), ("A", "J"), ("U", "R"), ("E", "R")]
)
def test_ulovlige_journalstatusoverganger_avvises(bydel: Bydel, fra: str, til: str) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="U")
    Registrering.objects.filter(pk=jp.pk).update(
        journalstatus=fra, arkivert_dato=naa() if fra == "A" else None
    )

    with pytest.raises(DomeneFeil) as feil:
        journalpost_endre_status(journalpost=jp, journalstatus=til, utfoert_av=bydel.arkivar)

    assert feil.value.kode == "ugyldig_overgang"


def test_vanlig_loep_for_utgaaende_brev(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="U")

    for status, bruker in [
        ("F", bydel.saksbehandler),
        ("G", bydel.leder),
        ("E", bydel.saksbehandler),
        ("J", bydel.arkivar),
        ("A", bydel.arkivar),
    ]:
        jp = journalpost_endre_status(journalpost=jp, journalstatus=status, utfoert_av=bruker)

    assert jp.journalstatus == "A"
    assert jp.sendt_dato is not None
    assert jp.arkivert_dato is not None
    assert jp.arkivert_av == bydel.arkivar.visningsnavn
    assert list(
        Endringslogg.objects.filter(
            referanse_arkivenhet=jp.system_id, referanse_metadata="journalstatus"
        ).values_list("ny_verdi", flat=True)
    ) == ["F", "G", "E", "J", "A"]


def test_bare_arkivet_journalfoerer(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="I")

    with pytest.raises(IngenTilgang):
        journalpost_endre_status(journalpost=jp, journalstatus="J", utfoert_av=bydel.saksbehandler)

    assert Registrering.objects.get(pk=jp.pk).journalstatus == "M"


def test_bare_leder_godkjenner(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="U", journalstatus="F")

    with pytest.raises(IngenTilgang):
        journalpost_endre_status(journalpost=jp, journalstatus="G", utfoert_av=bydel.saksbehandler)


def test_arkivert_journalpost_fryser_tittel_men_ikke_utlaan(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="I", journalstatus="J")
    jp = journalpost_endre_status(journalpost=jp, journalstatus="A", utfoert_av=bydel.arkivar)

    with pytest.raises(DomeneFeil) as feil:
        journalpost_endre(journalpost=jp, endringer={"tittel": "Endret"}, utfoert_av=bydel.arkivar)
    journalpost_endre(journalpost=jp, endringer={"utlaant_til": "Kari"}, utfoert_av=bydel.arkivar)

    assert feil.value.kode == "laast"
    jp.refresh_from_db()
    assert (jp.tittel, jp.utlaant_til) == ("Søknad", "Kari")


def test_endring_logger_gammel_og_ny_verdi(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler)

    journalpost_endre(
        journalpost=jp, endringer={"tittel": "Søknad om plass"}, utfoert_av=bydel.saksbehandler
    )

    logg = Endringslogg.objects.get(referanse_arkivenhet=jp.system_id, hendelsetype="U")
    assert (logg.referanse_metadata, logg.tidligere_verdi, logg.ny_verdi) == (
        "tittel",
        "Søknad",
        "Søknad om plass",
    )
    assert logg.endret_av == bydel.saksbehandler.visningsnavn
    assert logg.referanse_endret_av == bydel.saksbehandler.system_id


@pytest.mark.parametrize("status", ["F", "E", "J"])
def test_bare_reserverte_og_midlertidige_kan_slettes(bydel: Bydel, status: str) -> None:
    jp = ny_journalpost(
        ny_sak(bydel), bydel.saksbehandler, journalposttype="U", journalstatus=status
    )

    with pytest.raises(DomeneFeil) as feil:
        journalpost_slett(journalpost=jp, utfoert_av=bydel.saksbehandler)

    assert feil.value.kode == "kan_ikke_slettes"
    assert Registrering.objects.filter(pk=jp.pk).exists() is True


def test_reservert_journalpost_slettes_med_parter_og_logg(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="U")

    journalpost_slett(journalpost=jp, utfoert_av=bydel.saksbehandler)

    assert Registrering.objects.filter(pk=jp.pk).exists() is False
    assert Korrespondansepart.objects.exists() is False
    assert (
        Endringslogg.objects.filter(referanse_arkivenhet=jp.system_id, hendelsetype="D").count()
        == 1
    )


def test_bruker_fra_annen_bydel_kan_ikke_registrere(bydel: Bydel, annen_bydel: Bydel) -> None:
    sak = ny_sak(bydel)

    with pytest.raises(IngenTilgang):
        ny_journalpost(sak, annen_bydel.saksbehandler)

    assert Registrering.objects.exists() is False


def test_svar_som_avskriver_kan_ikke_slettes(bydel: Bydel) -> None:
    from sakarkiv.services.avskrivning import journalpost_avskriv

    sak = ny_sak(bydel)
    innkommende = ny_journalpost(sak, bydel.saksbehandler, journalposttype="I")
    svar = ny_journalpost(sak, bydel.saksbehandler, journalposttype="U")
    journalpost_avskriv(
        journalpost=innkommende,
        avskrivningsmaate="BU",
        avskrives_av_journalpost=svar,
        utfoert_av=bydel.saksbehandler,
    )

    with pytest.raises(DomeneFeil) as feil:
        journalpost_slett(journalpost=svar, utfoert_av=bydel.saksbehandler)

    assert feil.value.kode == "kan_ikke_slettes"
    assert Registrering.objects.filter(pk=svar.pk).exists() is True


def test_sletting_logger_alt_som_forsvinner_med_journalposten(bydel: Bydel) -> None:
    from arkivstruktur.services.sekundaer import merknad_opprett

    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="U")
    merknad = merknad_opprett(
        registrering=jp, merknadstekst="Feilregistrert", utfoert_av=bydel.saksbehandler
    )
    part = jp.korrespondanseparter.get()

    journalpost_slett(journalpost=jp, utfoert_av=bydel.saksbehandler)

    slettet = set(
        Endringslogg.objects.filter(hendelsetype="D").values_list("referanse_arkivenhet", flat=True)
    )
    assert {jp.system_id, merknad.system_id, part.system_id} <= slettet


def test_flyttet_journalpost_arver_fra_den_nye_saken_helt_ned_til_dokumentene(
    bydel: Bydel,
) -> None:
    skjermet = ny_sak(bydel, tittel="Barnevern")
    skjerming_sett(
        enhet=skjermet,
        tilgangsrestriksjon="13",
        skjermingshjemmel="Offl. § 13",
        skjerming_metadata=["TD"],
        utfoert_av=bydel.arkivar,
    )
    aapen = ny_sak(bydel, tittel="Byggesak")
    journalpost = ny_journalpost(skjermet, bydel.saksbehandler)
    dokument = dokumentbeskrivelse_opprett(
        registrering=journalpost, tittel="Tegninger", utfoert_av=bydel.saksbehandler
    )
    assert dokument.skjerming_id is not None

    flytt_til_sak(registrering=journalpost, saksmappe=aapen, utfoert_av=bydel.arkivar)

    journalpost.refresh_from_db()
    dokument.refresh_from_db()
    assert (journalpost.mappe_id, journalpost.journalpostnummer) == (aapen.pk, 1)
    assert journalpost.skjerming_id is None
    assert dokument.skjerming_id is None
