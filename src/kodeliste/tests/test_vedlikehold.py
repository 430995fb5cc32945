"""Deleting code values, logging their changes, and the catalogue of
virksomhetsspesifikkeMetadata."""

from __future__ import annotations

import datetime as dt

import pytest

from arkivstruktur.tests.factories import ArkivFactory
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import naa
from kodeliste.models import Kodeliste, Kodeverdi, VirksomhetsspesifiktMetadatafelt
from kodeliste.services import (
    kodeverdi_endre,
    kodeverdi_opprett,
    kodeverdi_slett,
    vsm_endre,
    vsm_opprett,
    vsm_slett,
)
from organisasjon.models import Bruker, Rolle
from organisasjon.tests.factories import AdministrativEnhetFactory, bruker_med_rolle
from sporing.models import Endringslogg

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin() -> Bruker:
    return bruker_med_rolle(Rolle.SYSTEMADMINISTRATOR, AdministrativEnhetFactory())


@pytest.fixture
def saksbehandler() -> Bruker:
    return bruker_med_rolle(Rolle.SAKSBEHANDLER, AdministrativEnhetFactory())


def _logg(system_id: object) -> list[tuple[str, str]]:
    return [
        (r.hendelsetype, r.referanse_metadata)
        for r in Endringslogg.objects.filter(referanse_arkivenhet=system_id)
    ]


def test_egen_verdi_opprettes_endres_og_slettes_med_logg(admin: Bruker) -> None:
    liste = Kodeliste.objects.get(navn="dokumentmedium")
    verdi = kodeverdi_opprett(kodeliste=liste, kode="X", kodenavn="Mikrofilm", utfoert_av=admin)
    system_id = verdi.system_id

    kodeverdi_endre(kodeverdi=verdi, kodenavn="Mikrofilm (ny)", utfoert_av=admin)
    kodeverdi_slett(kodeverdi=verdi, utfoert_av=admin)

    assert Kodeverdi.objects.filter(system_id=system_id).exists() is False
    assert _logg(system_id) == [("C", ""), ("U", "kodenavn"), ("D", "")]


def test_standardverdi_og_verdi_i_bruk_kan_ikke_slettes(admin: Bruker) -> None:
    standard = Kodeverdi.objects.get(kodeliste__navn="dokumentmedium", kode="E")
    liste = Kodeliste.objects.get(navn="dokumentmedium")
    egen = kodeverdi_opprett(kodeliste=liste, kode="X", kodenavn="Mikrofilm", utfoert_av=admin)
    ArkivFactory(dokumentmedium="X", dokumentmedium_kodenavn="Mikrofilm")

    with pytest.raises(DomeneFeil) as standardfeil:
        kodeverdi_slett(kodeverdi=standard, utfoert_av=admin)
    with pytest.raises(DomeneFeil) as i_bruk:
        kodeverdi_slett(kodeverdi=egen, utfoert_av=admin)

    assert "standardverdi" in standardfeil.value.melding
    assert i_bruk.value.kode == "i_bruk"
    assert Kodeverdi.objects.filter(pk__in=[standard.pk, egen.pk]).count() == 2


def test_bare_systemadministrator_sletter(saksbehandler: Bruker, admin: Bruker) -> None:
    liste = Kodeliste.objects.get(navn="dokumentmedium")
    egen = kodeverdi_opprett(kodeliste=liste, kode="X", kodenavn="Mikrofilm", utfoert_av=admin)

    with pytest.raises(IngenTilgang):
        kodeverdi_slett(kodeverdi=egen, utfoert_av=saksbehandler)

    assert Kodeverdi.objects.filter(pk=egen.pk).exists() is True


@pytest.mark.parametrize("navn", ["ppt-v1:skoleaar", "vnd-acme-v1:intern-kode", "a1-2:x9"], ids=str)
def test_gyldige_navn(admin: Bruker, navn: str) -> None:
    felt = vsm_opprett(navn=navn, felttype="string", utfoert_av=admin)

    assert felt.navn == navn
    assert _logg(felt.system_id) == [("C", "")]


@pytest.mark.parametrize(
    "navn",
    ["skoleaar", "ppt:skoleaar", "PPT-v1:skoleaar", "ppt-v1:skoleår", "ppt-v1:", "ppt v1:x", ""],
    ids=repr,
)
def test_ugyldige_navn_avvises(admin: Bruker, navn: str) -> None:
    with pytest.raises(DomeneFeil) as feil:
        vsm_opprett(navn=navn, felttype="string", utfoert_av=admin)

    assert feil.value.felt == "navn"
    assert VirksomhetsspesifiktMetadatafelt.objects.exists() is False


def test_vsm_type_kilde_og_dobbelt_navn(admin: Bruker) -> None:
    vsm_opprett(navn="ppt-v1:skoleaar", felttype="string", utfoert_av=admin)

    for felt, argumenter in (
        ("navn", {"navn": "ppt-v1:skoleaar", "felttype": "string"}),
        ("type", {"navn": "ppt-v1:trinn", "felttype": "tekst"}),
        ("kilde", {"navn": "ppt-v1:trinn", "felttype": "integer", "kilde": "ikke en url"}),
    ):
        with pytest.raises(DomeneFeil) as feil:
            vsm_opprett(utfoert_av=admin, **argumenter)
        assert feil.value.felt == felt


def test_vsm_endres_men_ikke_navnet_og_slettes(admin: Bruker, saksbehandler: Bruker) -> None:
    felt = vsm_opprett(navn="ppt-v1:skoleaar", felttype="string", utfoert_av=admin)
    utdatert = naa() + dt.timedelta(days=30)

    vsm_endre(felt=felt, beskrivelse="Skoleåret", utdatert=utdatert, utfoert_av=admin)
    with pytest.raises(DomeneFeil):
        vsm_endre(felt=felt, navn="ppt-v2:skoleaar", utfoert_av=admin)
    with pytest.raises(IngenTilgang):
        vsm_opprett(navn="ppt-v1:trinn", felttype="integer", utfoert_av=saksbehandler)
    vsm_slett(felt=felt, utfoert_av=admin)

    assert _logg(felt.system_id) == [
        ("C", ""),
        ("U", "beskrivelse"),
        ("U", "utdatert"),
        ("D", ""),
    ]
    assert VirksomhetsspesifiktMetadatafelt.objects.exists() is False
