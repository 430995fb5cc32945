"""Reads of the archive structure: scoped by district and screening; hidden equals missing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from arkivstruktur.selectors import (
    arkiv_hent,
    arkiv_liste,
    arkivdel_hent,
    arkivdel_liste,
    klasse_hent,
    klasse_liste,
    klassifikasjonssystem_hent,
    klassifikasjonssystem_liste,
    mappe_hent,
    registrering_hent,
)
from arkivstruktur.services.arv import skjerming_sett
from arkivstruktur.tests.factories import (
    ArkivdelFactory,
    KlasseFactory,
    KlassifikasjonssystemFactory,
)
from arkivstruktur.tests.factories_registrering import Arkivoppsett, lag_arkivoppsett
from felles.feil import IkkeFunnet
from organisasjon.tests.factories import BrukerFactory
from tilgang.models import Tilgangskodetildeling
from tilgang.profil import glem_tilgangsprofil


@pytest.fixture
def alna(db: Any) -> Arkivoppsett:
    return lag_arkivoppsett("Alna")


@pytest.fixture
def bjerke(db: Any) -> Arkivoppsett:
    return lag_arkivoppsett("Bjerke")


def test_saksbehandler_ser_bare_arkivet_i_egen_bydel(
    alna: Arkivoppsett, bjerke: Arkivoppsett
) -> None:
    assert list(arkiv_liste(bruker=alna.saksbehandler)) == [alna.arkiv]
    assert arkiv_hent(bruker=alna.saksbehandler, system_id=alna.arkiv.system_id) == alna.arkiv


def test_skjult_og_manglende_arkiv_gir_samme_svar(alna: Arkivoppsett, bjerke: Arkivoppsett) -> None:
    with pytest.raises(IkkeFunnet) as skjult:
        arkiv_hent(bruker=alna.saksbehandler, system_id=bjerke.arkiv.system_id)
    with pytest.raises(IkkeFunnet) as mangler:
        arkiv_hent(bruker=alna.saksbehandler, system_id=uuid.uuid4())
    with pytest.raises(IkkeFunnet) as ugyldig:
        arkiv_hent(bruker=alna.saksbehandler, system_id="ikke-en-uuid")

    assert str(skjult.value) == str(mangler.value) == str(ugyldig.value) == "Fant ikke objektet."


def test_anonym_bruker_ser_ingenting(alna: Arkivoppsett) -> None:
    anonym = AnonymousUser()

    assert list(arkiv_liste(bruker=anonym)) == []
    assert list(arkivdel_liste(bruker=anonym)) == []
    assert list(klassifikasjonssystem_liste(bruker=anonym)) == []
    assert (
        list(klasse_liste(bruker=anonym, klassifikasjonssystem=alna.klasse.klassifikasjonssystem))
        == []
    )
    with pytest.raises(IkkeFunnet):
        klasse_hent(bruker=anonym, system_id=alna.klasse.system_id)


def test_bruker_uten_rolle_ser_ingen_arkiver(alna: Arkivoppsett) -> None:
    assert list(arkiv_liste(bruker=alna.uten_rolle)) == []


def test_arkivdeler_kan_avgrenses_til_ett_arkiv(alna: Arkivoppsett) -> None:
    andre = ArkivdelFactory(arkiv=alna.arkiv)
    annet_arkiv = ArkivdelFactory(arkiv__virksomhet=alna.arkiv.virksomhet)

    alle = set(arkivdel_liste(bruker=alna.arkivar))
    i_arkivet = set(arkivdel_liste(bruker=alna.arkivar, arkiv=alna.arkiv))

    assert alle == {alna.arkivdel, andre, annet_arkiv}
    assert i_arkivet == {alna.arkivdel, andre}


def test_skjermet_arkivdel_krever_tilgangskoden(alna: Arkivoppsett, bjerke: Arkivoppsett) -> None:
    skjerming_sett(
        enhet=alna.arkivdel,
        tilgangsrestriksjon="13",
        skjerming_metadata=["TM1"],
        utfoert_av=alna.arkivar,
    )
    bruker = alna.saksbehandler

    with pytest.raises(IkkeFunnet):
        arkivdel_hent(bruker=bruker, system_id=alna.arkivdel.system_id)
    Tilgangskodetildeling.objects.create(
        bruker=bruker, tilgangskode="13", virksomhet=alna.arkiv.virksomhet, gitt_av="test"
    )
    glem_tilgangsprofil(bruker)

    assert arkivdel_hent(bruker=bruker, system_id=alna.arkivdel.system_id) == alna.arkivdel
    with pytest.raises(IkkeFunnet):
        arkivdel_hent(bruker=bruker, system_id=bjerke.arkivdel.system_id)


def test_innlogget_bruker_ser_alle_klassifikasjonssystemer(
    alna: Arkivoppsett, bjerke: Arkivoppsett
) -> None:
    felles = KlassifikasjonssystemFactory(tittel="Felles K-koder")
    bruker = BrukerFactory()

    systemer = set(klassifikasjonssystem_liste(bruker=bruker))

    assert systemer == {
        alna.klasse.klassifikasjonssystem,
        bjerke.klasse.klassifikasjonssystem,
        felles,
    }
    assert klassifikasjonssystem_hent(bruker=bruker, system_id=felles.system_id) == felles


def test_klasser_listes_per_system_sortert_paa_klasse_id(alna: Arkivoppsett) -> None:
    system = KlassifikasjonssystemFactory()
    klasser = [KlasseFactory(klassifikasjonssystem=system, klasse_id=k) for k in ("2.3", "1", "2")]
    KlasseFactory()

    funnet = list(klasse_liste(bruker=alna.saksbehandler, klassifikasjonssystem=system))

    assert funnet == [klasser[1], klasser[2], klasser[0]]
    assert klasse_hent(bruker=alna.saksbehandler, system_id=klasser[0].system_id) == klasser[0]


def test_mappe_og_registrering_i_annen_bydel_finnes_ikke(
    alna: Arkivoppsett, bjerke: Arkivoppsett
) -> None:
    registrering = alna.ny_registrering()

    assert mappe_hent(bruker=alna.saksbehandler, system_id=alna.mappe.system_id) == alna.mappe
    assert (
        registrering_hent(bruker=alna.saksbehandler, system_id=registrering.system_id)
        == registrering
    )
    with pytest.raises(IkkeFunnet):
        mappe_hent(bruker=bjerke.saksbehandler, system_id=alna.mappe.system_id)
    with pytest.raises(IkkeFunnet):
        registrering_hent(bruker=bjerke.saksbehandler, system_id=registrering.system_id)


def test_skjerming_arvet_fra_arkivdelen_skjuler_mappe_og_registrering(alna: Arkivoppsett) -> None:
    registrering = alna.ny_registrering()

    skjerming_sett(
        enhet=alna.arkivdel,
        tilgangsrestriksjon="13",
        skjerming_metadata=["TM1"],
        utfoert_av=alna.arkivar,
    )

    with pytest.raises(IkkeFunnet):
        mappe_hent(bruker=alna.saksbehandler, system_id=alna.mappe.system_id)
    with pytest.raises(IkkeFunnet):
        registrering_hent(bruker=alna.saksbehandler, system_id=registrering.system_id)
