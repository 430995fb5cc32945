"""The log as lists (`endringslogg_liste`, `hendelseslogg_liste`): each reader sees only the
entries about objects they may see, since old values are as sensitive as current ones."""

from __future__ import annotations

from typing import Any

import pytest

from arkivstruktur.models import Mappe
from arkivstruktur.services.arv import skjerming_sett
from arkivstruktur.services.sekundaer import merknad_opprett
from arkivstruktur.tests.factories_registrering import Arkivoppsett, MappeFactory, lag_arkivoppsett
from organisasjon.models import Rolle, Virksomhetstype
from organisasjon.tests.factories import (
    AdministrativEnhetFactory,
    BrukerFactory,
    VirksomhetFactory,
    bruker_med_rolle,
)
from sporing.models import Endringslogg
from sporing.selectors import endringslogg_liste, hendelseslogg_liste
from sporing.services import logg_endret, logg_lest, logg_slettet, logget_transaksjon
from tilgang.services import tilgangskode_gi

pytestmark = pytest.mark.django_db


@pytest.fixture
def alna() -> Arkivoppsett:
    return lag_arkivoppsett("Alna")


@pytest.fixture
def bjerke() -> Arkivoppsett:
    return lag_arkivoppsett("Bjerke")


def _endre_tittel(objekt: Any, bruker: Any, ny: str = "Ny tittel") -> Endringslogg:
    with logget_transaksjon():
        logg_endret(objekt, utfoert_av=bruker, felt="tittel", tidligere=objekt.tittel, ny=ny)
    return Endringslogg.objects.latest("loepenummer")


def _ids(rader: Any) -> set[Any]:
    return set(rader.values_list("referanse_arkivenhet", flat=True))


def test_andre_bydelers_endringer_vises_ikke(alna: Arkivoppsett, bjerke: Arkivoppsett) -> None:
    _endre_tittel(alna.mappe, alna.saksbehandler)
    _endre_tittel(bjerke.mappe, bjerke.saksbehandler)

    assert _ids(endringslogg_liste(bruker=alna.saksbehandler)) == {alna.mappe.system_id}
    assert _ids(endringslogg_liste(bruker=bjerke.arkivar)) == {bjerke.mappe.system_id}
    assert endringslogg_liste(bruker=alna.uten_rolle).exists() is False


def test_skjermet_mappe_sin_logg_vises_bare_for_den_som_ser_mappen(alna: Arkivoppsett) -> None:
    skjerming_sett(
        enhet=alna.mappe,
        tilgangsrestriksjon="13",
        skjerming_metadata=["TM1"],
        utfoert_av=alna.arkivar,
    )
    _endre_tittel(alna.mappe, alna.arkivar, ny="Barnevernssak for Ola Nordmann")
    kollega = bruker_med_rolle(
        Rolle.SAKSBEHANDLER, AdministrativEnhetFactory(virksomhet=alna.arkiv.virksomhet)
    )
    med_kode = bruker_med_rolle(
        Rolle.SAKSBEHANDLER, AdministrativEnhetFactory(virksomhet=alna.arkiv.virksomhet)
    )
    tilgangskode_gi(
        bruker=med_kode,
        tilgangskode="13",
        virksomhet=alna.arkiv.virksomhet,
        utfoert_av=alna.arkivar,
    )

    assert alna.mappe.system_id not in _ids(hendelseslogg_liste(bruker=kollega))
    synlige = endringslogg_liste(bruker=med_kode).filter(referanse_arkivenhet=alna.mappe.system_id)
    assert "Barnevernssak for Ola Nordmann" in set(synlige.values_list("ny_verdi", flat=True))


def test_lesinger_vises_bare_for_arkivar_og_bare_i_hendelsesloggen(alna: Arkivoppsett) -> None:
    logg_lest(alna.mappe, utfoert_av=alna.saksbehandler, beskrivelse="Vist med tilgangskode 13.")

    assert hendelseslogg_liste(bruker=alna.saksbehandler).filter(hendelsetype="R").exists() is False
    assert hendelseslogg_liste(bruker=alna.arkivar).filter(hendelsetype="R").count() == 1
    assert endringslogg_liste(bruker=alna.arkivar).filter(hendelsetype="R").exists() is False


def test_det_som_henger_under_en_mappe_foelger_mappen(
    alna: Arkivoppsett, bjerke: Arkivoppsett
) -> None:
    merknad = merknad_opprett(
        mappe=alna.mappe, merknadstekst="Ring tilbake", utfoert_av=alna.saksbehandler
    )

    assert merknad.system_id in _ids(endringslogg_liste(bruker=alna.saksbehandler))
    assert merknad.system_id not in _ids(endringslogg_liste(bruker=bjerke.saksbehandler))


def test_organisasjonens_logg_bare_for_systemadministrator(alna: Arkivoppsett) -> None:
    administrator = bruker_med_rolle(Rolle.SYSTEMADMINISTRATOR, AdministrativEnhetFactory())
    tilgangskode_gi(
        bruker=alna.saksbehandler,
        tilgangskode="13",
        virksomhet=alna.arkiv.virksomhet,
        utfoert_av=alna.arkivar,
    )

    assert alna.saksbehandler.system_id in _ids(endringslogg_liste(bruker=administrator))
    assert alna.saksbehandler.system_id not in _ids(endringslogg_liste(bruker=alna.arkivar))


def test_slettede_enheter_bare_for_felles_arkivar(alna: Arkivoppsett) -> None:
    mappe = MappeFactory(arkivdel=alna.arkivdel)
    system_id = mappe.system_id
    with logget_transaksjon():
        logg_slettet(mappe, utfoert_av=alna.arkivar)
    Mappe.objects.filter(pk=mappe.pk).delete()
    dokumentsenteret = VirksomhetFactory(virksomhetstype=Virksomhetstype.FELLESTJENESTE)
    felles_arkivar = bruker_med_rolle(
        Rolle.ARKIVAR, AdministrativEnhetFactory(virksomhet=dokumentsenteret)
    )

    assert system_id not in _ids(endringslogg_liste(bruker=alna.arkivar))
    assert system_id in _ids(endringslogg_liste(bruker=felles_arkivar))


def test_felles_arkivar_ser_ikke_skjermet_mappe_sin_logg_uten_kode(alna: Arkivoppsett) -> None:
    skjerming_sett(
        enhet=alna.mappe,
        tilgangsrestriksjon="13",
        skjerming_metadata=["TM1"],
        utfoert_av=alna.arkivar,
    )
    dokumentsenteret = VirksomhetFactory(virksomhetstype=Virksomhetstype.FELLESTJENESTE)
    felles_arkivar = bruker_med_rolle(
        Rolle.ARKIVAR, AdministrativEnhetFactory(virksomhet=dokumentsenteret)
    )

    assert alna.mappe.system_id not in _ids(hendelseslogg_liste(bruker=felles_arkivar))


def test_anonym_ser_ingenting(alna: Arkivoppsett) -> None:
    _endre_tittel(alna.mappe, alna.saksbehandler)
    anonym = BrukerFactory.build()
    anonym.is_active = False

    assert hendelseslogg_liste(bruker=None).exists() is False
    assert hendelseslogg_liste(bruker=anonym).exists() is False
