"""The classification rules as conditions on rows (selectors.py), held to the services they
mirror: a create link the API shows must be a create the service allows, and back."""

from __future__ import annotations

from typing import Any

import pytest

from arkivstruktur.models import Arkivdel, Klasse, Klassifikasjonssystem
from arkivstruktur.selectors import (
    arkivdeler_for_registrering,
    kan_forvalte_klassifikasjon_q,
    kan_opprette_klasse_q,
    klasse_id_skjult_q,
)
from arkivstruktur.services.klassifikasjon import (
    _krev_opprette_klasse,
    klasse_opprett,
    krev_forvalte_klassifikasjon,
)
from arkivstruktur.tests.factories import ArkivdelFactory, KlassifikasjonssystemFactory
from arkivstruktur.tests.factories_registrering import Arkivoppsett, lag_arkivoppsett
from felles.feil import IngenTilgang
from felles.tid import naa
from organisasjon.models import Rolle, Virksomhetstype
from organisasjon.tests.factories import (
    AdministrativEnhetFactory,
    BrukerFactory,
    VirksomhetFactory,
    bruker_med_rolle,
)
from tilgang.models import Tilgangskodetildeling

FOEDSELSNUMMER = "15019010063"


@pytest.fixture
def bjerke() -> Arkivoppsett:
    return lag_arkivoppsett("Bjerke")


@pytest.fixture
def brukere(oppsett: Arkivoppsett, bjerke: Arkivoppsett) -> dict[str, Any]:
    oslo = VirksomhetFactory(navn="Oslo kommune", virksomhetstype=Virksomhetstype.KOMMUNE)
    return {
        "systemadministrator": bruker_med_rolle(
            Rolle.SYSTEMADMINISTRATOR, AdministrativEnhetFactory()
        ),
        "arkivar_alna": oppsett.arkivar,
        "arkivar_bjerke": bjerke.arkivar,
        "arkivar_i_kommunen": bruker_med_rolle(
            Rolle.ARKIVAR, AdministrativEnhetFactory(virksomhet=oslo)
        ),
        "saksbehandler_alna": oppsett.saksbehandler,
        "saksbehandler_bjerke": bjerke.saksbehandler,
        "uten_rolle": oppsett.uten_rolle,
    }


@pytest.fixture
def systemer(oppsett: Arkivoppsett, bjerke: Arkivoppsett) -> dict[str, Klassifikasjonssystem]:
    delt = KlassifikasjonssystemFactory(tittel="delt")
    ArkivdelFactory(arkiv=oppsett.arkiv, klassifikasjonssystem=delt)
    ArkivdelFactory(arkiv=bjerke.arkiv, klassifikasjonssystem=delt)
    sekundaert = KlassifikasjonssystemFactory(klassifikasjonstype="GBN", tittel="sekundært")
    oppsett.arkivdel.sekundaere_klassifikasjonssystemer.add(sekundaert)
    return {
        "alna": oppsett.arkivdel.klassifikasjonssystem,
        "delt": delt,
        "ubrukt": KlassifikasjonssystemFactory(tittel="ubrukt"),
        "ubrukt_objektbasert": KlassifikasjonssystemFactory(klassifikasjonstype="PNR"),
        "sekundaert_objektbasert": sekundaert,
    }


def _tillater(regel: Any, bruker: Any, system: Klassifikasjonssystem) -> bool:
    try:
        regel(bruker, system)
    except IngenTilgang:
        return False
    return True


def test_forvalte_som_betingelse_er_tjenestens_regel(
    brukere: dict[str, Any], systemer: dict[str, Klassifikasjonssystem]
) -> None:
    for navn, bruker in brukere.items():
        q = kan_forvalte_klassifikasjon_q(bruker)
        for systemnavn, system in systemer.items():
            rad = Klassifikasjonssystem.objects.filter(pk=system.pk).filter(q).exists()
            assert rad is _tillater(krev_forvalte_klassifikasjon, bruker, system), (
                navn,
                systemnavn,
            )


def test_opprette_klasse_som_betingelse_er_tjenestens_regel(
    brukere: dict[str, Any], systemer: dict[str, Klassifikasjonssystem]
) -> None:
    for navn, bruker in brukere.items():
        paa_system = kan_opprette_klasse_q(bruker)
        paa_klasse = kan_opprette_klasse_q(bruker, system="klassifikasjonssystem_id")
        for systemnavn, system in systemer.items():
            klasse = Klasse.objects.create(
                klassifikasjonssystem=system,
                klasse_id=f"{navn}-{systemnavn}",
                tittel="x",
                opprettet_dato=naa(),
                opprettet_av="t",
            )
            tjenesten = _tillater(_krev_opprette_klasse, bruker, system)
            assert (
                Klassifikasjonssystem.objects.filter(pk=system.pk).filter(paa_system).exists()
                is tjenesten
            ), (navn, systemnavn)
            assert Klasse.objects.filter(pk=klasse.pk).filter(paa_klasse).exists() is tjenesten, (
                navn,
                systemnavn,
            )


def test_reglene_er_ikke_trivielle(
    brukere: dict[str, Any], systemer: dict[str, Klassifikasjonssystem]
) -> None:
    """Guards the two tests above against a matrix where every cell is the same."""
    delt = Klassifikasjonssystem.objects.filter(pk=systemer["delt"].pk)
    objektbasert = Klassifikasjonssystem.objects.filter(pk=systemer["sekundaert_objektbasert"].pk)

    assert delt.filter(kan_forvalte_klassifikasjon_q(brukere["systemadministrator"])).exists()
    assert not delt.filter(kan_forvalte_klassifikasjon_q(brukere["arkivar_alna"])).exists()
    assert objektbasert.filter(kan_opprette_klasse_q(brukere["saksbehandler_alna"])).exists()
    assert not objektbasert.filter(kan_opprette_klasse_q(brukere["saksbehandler_bjerke"])).exists()


# --- a screened klasseID -------------------------------------------------------------------------


@pytest.fixture
def pnr_klasse(oppsett: Arkivoppsett) -> Klasse:
    system = KlassifikasjonssystemFactory(klassifikasjonstype="PNR")
    oppsett.arkivdel.sekundaere_klassifikasjonssystemer.add(system)
    return klasse_opprett(
        klassifikasjonssystem=system,
        klasse_id=FOEDSELSNUMMER,
        tittel="Person",
        utfoert_av=oppsett.arkivar,
    )


def _skjult(klasse: Klasse, bruker: Any) -> bool:
    return Klasse.objects.filter(pk=klasse.pk).filter(klasse_id_skjult_q(bruker)).exists()


def test_fodselsnummer_er_skjult_uten_tilgangskoden(
    oppsett: Arkivoppsett, pnr_klasse: Klasse
) -> None:
    assert _skjult(pnr_klasse, oppsett.saksbehandler) is True
    assert _skjult(pnr_klasse, oppsett.arkivar) is True
    assert _skjult(oppsett.klasse, oppsett.saksbehandler) is False


def test_tilgangskoden_for_bydelen_som_bruker_systemet_viser_det(
    oppsett: Arkivoppsett, pnr_klasse: Klasse
) -> None:
    Tilgangskodetildeling.objects.create(
        bruker=oppsett.saksbehandler,
        tilgangskode="26",
        virksomhet=oppsett.arkiv.virksomhet,
        gitt_av="t",
    )

    assert _skjult(pnr_klasse, oppsett.saksbehandler) is False


@pytest.mark.parametrize("omfang", ["annen_bydel", "enhet", "annen_kode"])
def test_andre_tilgangskoder_viser_det_ikke(
    oppsett: Arkivoppsett, bjerke: Arkivoppsett, pnr_klasse: Klasse, omfang: str
) -> None:
    bruker = BrukerFactory()
    tildeling: dict[str, Any] = {
        "annen_bydel": {"tilgangskode": "26", "virksomhet": bjerke.arkiv.virksomhet},
        "enhet": {
            "tilgangskode": "26",
            "administrativ_enhet": AdministrativEnhetFactory(virksomhet=oppsett.arkiv.virksomhet),
        },
        "annen_kode": {"tilgangskode": "13", "virksomhet": oppsett.arkiv.virksomhet},
    }[omfang]
    Tilgangskodetildeling.objects.create(bruker=bruker, gitt_av="t", **tildeling)
    bruker.save()

    assert _skjult(pnr_klasse, bruker) is True


# --- where a unit filed under a klasse goes ------------------------------------------------------


def test_arkivdeler_for_registrering(oppsett: Arkivoppsett, bjerke: Arkivoppsett) -> None:
    overlappende = ArkivdelFactory(arkiv=oppsett.arkiv, arkivdelstatus="O")
    avsluttet = ArkivdelFactory(arkiv=oppsett.arkiv, avsluttet_dato=naa(), avsluttet_av="t")

    egne = set(arkivdeler_for_registrering(bruker=oppsett.saksbehandler))
    uten_rolle = arkivdeler_for_registrering(bruker=oppsett.uten_rolle)

    assert oppsett.arkivdel in egne
    assert not egne & {overlappende, avsluttet, bjerke.arkivdel}
    assert not uten_rolle.exists()
    assert isinstance(next(iter(egne)), Arkivdel)
