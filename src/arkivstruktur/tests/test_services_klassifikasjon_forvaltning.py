"""Klassifikasjonssystem on an arkivdel, changing a system, deleting systems and klasser."""

from __future__ import annotations

from typing import Any

import pytest

from arkivstruktur.models import Arkivdel, Klasse, Klassifikasjonssystem, Kryssreferanse
from arkivstruktur.services.klassifikasjon import (
    arkivdel_legg_til_sekundaert_klassifikasjonssystem,
    arkivdel_opprett_klassifikasjonssystem,
    arkivdel_sett_klassifikasjonssystem,
    klasse_avslutt,
    klasse_opprett,
    klasse_slett,
    klassifikasjonssystem_endre,
    klassifikasjonssystem_slett,
)
from arkivstruktur.tests.factories import (
    ArkivdelFactory,
    KlasseFactory,
    KlassifikasjonssystemFactory,
)
from arkivstruktur.tests.factories_registrering import (
    Arkivoppsett,
    MappeFactory,
    RegistreringFactory,
    lag_arkivoppsett,
)
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import naa
from sporing.models import Endringslogg


def logg(objekt: Any) -> list[tuple[str, str, str | None, str | None]]:
    return list(
        Endringslogg.objects.filter(referanse_arkivenhet=objekt.system_id).values_list(
            "hendelsetype", "referanse_metadata", "tidligere_verdi", "ny_verdi"
        )
    )


# --- the system of an arkivdel -------------------------------------------------------------------


def test_arkivdel_faar_nytt_primaert_system_og_endringen_logges(
    oppsett: Arkivoppsett, uklassifisert: Arkivdel
) -> None:
    system = arkivdel_opprett_klassifikasjonssystem(
        arkivdel=uklassifisert,
        tittel="Arkivnøkkel",
        klassifikasjonstype="FH",
        utfoert_av=oppsett.arkivar,
    )

    uklassifisert.refresh_from_db()
    assert uklassifisert.klassifikasjonssystem == system
    assert uklassifisert.endret_av == oppsett.arkivar.visningsnavn
    assert logg(uklassifisert) == [("U", "klassifikasjonssystem", None, str(system.system_id))]
    assert [h for h, *_ in logg(system)] == ["C"]


def test_arkivdel_med_system_faar_ikke_et_nytt(oppsett: Arkivoppsett) -> None:
    antall = Klassifikasjonssystem.objects.count()

    with pytest.raises(DomeneFeil) as feil:
        arkivdel_opprett_klassifikasjonssystem(
            arkivdel=oppsett.arkivdel, tittel="Nytt", utfoert_av=oppsett.arkivar
        )

    assert feil.value.kode == "finnes"
    assert Klassifikasjonssystem.objects.count() == antall


def test_arkivdel_med_mapper_faar_ikke_system(
    oppsett: Arkivoppsett, uklassifisert: Arkivdel
) -> None:
    MappeFactory(arkivdel=uklassifisert)

    with pytest.raises(DomeneFeil):
        arkivdel_sett_klassifikasjonssystem(
            arkivdel=uklassifisert,
            klassifikasjonssystem=KlassifikasjonssystemFactory(),
            utfoert_av=oppsett.arkivar,
        )

    uklassifisert.refresh_from_db()
    assert uklassifisert.klassifikasjonssystem is None


def test_avsluttet_arkivdel_faar_ikke_system(
    oppsett: Arkivoppsett, uklassifisert: Arkivdel
) -> None:
    Arkivdel.objects.filter(pk=uklassifisert.pk).update(arkivdelstatus="P")

    with pytest.raises(DomeneFeil):
        arkivdel_sett_klassifikasjonssystem(
            arkivdel=uklassifisert,
            klassifikasjonssystem=KlassifikasjonssystemFactory(),
            utfoert_av=oppsett.arkivar,
        )


def test_avsluttet_system_tas_ikke_i_bruk(oppsett: Arkivoppsett, uklassifisert: Arkivdel) -> None:
    system = KlassifikasjonssystemFactory(avsluttet_dato=naa(), avsluttet_av="test")

    with pytest.raises(DomeneFeil):
        arkivdel_sett_klassifikasjonssystem(
            arkivdel=uklassifisert, klassifikasjonssystem=system, utfoert_av=oppsett.arkivar
        )


def test_saksbehandler_gir_ikke_arkivdelen_system_og_ingenting_opprettes(
    oppsett: Arkivoppsett, uklassifisert: Arkivdel
) -> None:
    antall = Klassifikasjonssystem.objects.count()

    with pytest.raises(IngenTilgang):
        arkivdel_opprett_klassifikasjonssystem(
            arkivdel=uklassifisert, tittel="K", utfoert_av=oppsett.saksbehandler
        )

    assert Klassifikasjonssystem.objects.count() == antall


def test_arkivar_i_annen_bydel_gir_ikke_arkivdelen_system(uklassifisert: Arkivdel) -> None:
    annen = lag_arkivoppsett("Bjerke")

    with pytest.raises(IngenTilgang):
        arkivdel_opprett_klassifikasjonssystem(
            arkivdel=uklassifisert, tittel="K", utfoert_av=annen.arkivar
        )


def test_sekundaert_system_legges_til_og_logges(oppsett: Arkivoppsett) -> None:
    system = arkivdel_opprett_klassifikasjonssystem(
        arkivdel=oppsett.arkivdel,
        sekundaert=True,
        tittel="Eiendommer",
        klassifikasjonstype="GBN",
        utfoert_av=oppsett.arkivar,
    )

    assert list(oppsett.arkivdel.sekundaere_klassifikasjonssystemer.all()) == [system]
    assert ("U", "sekundaerklassifikasjonssystem", None, str(system.system_id)) in logg(
        oppsett.arkivdel
    )


def test_primaert_system_blir_ikke_sekundaert(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil):
        arkivdel_legg_til_sekundaert_klassifikasjonssystem(
            arkivdel=oppsett.arkivdel,
            klassifikasjonssystem=oppsett.arkivdel.klassifikasjonssystem,
            utfoert_av=oppsett.arkivar,
        )


# --- changing a system ---------------------------------------------------------------------------


def test_system_endres_og_hvert_felt_logges(oppsett: Arkivoppsett, uklassifisert: Arkivdel) -> None:
    system = KlassifikasjonssystemFactory()

    klassifikasjonssystem_endre(
        klassifikasjonssystem=system,
        tittel="Ny tittel",
        klassifikasjonstype="FH",
        utfoert_av=oppsett.arkivar,
    )

    system.refresh_from_db()
    assert system.tittel == "Ny tittel"
    assert system.klassifikasjonstype_kodenavn == "Funksjonsbasert, hierarkisk"
    assert {felt for _, felt, *_ in logg(system)} == {"tittel", "klassifikasjonstype"}


def test_klassifikasjonstype_er_laast_naar_systemet_har_klasser(oppsett: Arkivoppsett) -> None:
    system = oppsett.arkivdel.klassifikasjonssystem

    with pytest.raises(DomeneFeil) as feil:
        klassifikasjonssystem_endre(
            klassifikasjonssystem=system, klassifikasjonstype="PNR", utfoert_av=oppsett.arkivar
        )

    assert feil.value.kode == "laast"
    system.refresh_from_db()
    assert system.klassifikasjonstype == "KK"


def test_saksbehandler_endrer_ikke_system(oppsett: Arkivoppsett) -> None:
    with pytest.raises(IngenTilgang):
        klassifikasjonssystem_endre(
            klassifikasjonssystem=oppsett.arkivdel.klassifikasjonssystem,
            tittel="x",
            utfoert_av=oppsett.saksbehandler,
        )


# --- deleting ------------------------------------------------------------------------------------


def test_tom_klasse_slettes_og_slettingen_logges(oppsett: Arkivoppsett) -> None:
    system = oppsett.arkivdel.klassifikasjonssystem
    klasse = klasse_opprett(
        klassifikasjonssystem=system, klasse_id="9", tittel="Tom", utfoert_av=oppsett.arkivar
    )

    klasse_slett(klasse=klasse, utfoert_av=oppsett.arkivar)

    assert not Klasse.objects.filter(pk=klasse.pk).exists()
    assert [h for h, *_ in logg(klasse)] == ["C", "D"]


def test_slettet_foedselsnummer_skrives_ikke_i_loggen(oppsett: Arkivoppsett) -> None:
    system = KlassifikasjonssystemFactory(klassifikasjonstype="PNR")
    oppsett.arkivdel.sekundaere_klassifikasjonssystemer.add(system)
    klasse = klasse_opprett(
        klassifikasjonssystem=system,
        klasse_id="15019010063",
        tittel="Person",
        utfoert_av=oppsett.arkivar,
    )

    klasse_slett(klasse=klasse, utfoert_av=oppsett.arkivar)

    slettet = Endringslogg.objects.get(referanse_arkivenhet=klasse.system_id, hendelsetype="D")
    assert slettet.tidligere_verdi == "***** Person"


@pytest.mark.parametrize("innhold", ["underklasse", "mappe", "registrering", "kryssreferanse"])
def test_klasse_med_innhold_slettes_ikke(oppsett: Arkivoppsett, innhold: str) -> None:
    klasse = KlasseFactory(klassifikasjonssystem=oppsett.arkivdel.klassifikasjonssystem)
    if innhold == "underklasse":
        KlasseFactory(klassifikasjonssystem=klasse.klassifikasjonssystem, overordnet_klasse=klasse)
    elif innhold == "mappe":
        MappeFactory(arkivdel=oppsett.arkivdel, klasse=klasse)
    elif innhold == "registrering":
        RegistreringFactory(mappe=None, arkivdel=oppsett.arkivdel, klasse=klasse)
    else:
        Kryssreferanse.objects.create(
            fra_klasse=oppsett.klasse, til_klasse=klasse, opprettet_dato=naa(), opprettet_av="t"
        )

    with pytest.raises(DomeneFeil) as feil:
        klasse_slett(klasse=klasse, utfoert_av=oppsett.arkivar)

    assert feil.value.kode == "kan_ikke_slettes"
    assert Klasse.objects.filter(pk=klasse.pk).exists()


def test_klassens_egne_kryssreferanser_slettes_med_den(oppsett: Arkivoppsett) -> None:
    klasse = KlasseFactory(klassifikasjonssystem=oppsett.arkivdel.klassifikasjonssystem)
    referanse = Kryssreferanse.objects.create(
        fra_klasse=klasse, til_klasse=oppsett.klasse, opprettet_dato=naa(), opprettet_av="t"
    )

    klasse_slett(klasse=klasse, utfoert_av=oppsett.arkivar)

    assert not Kryssreferanse.objects.filter(pk=referanse.pk).exists()
    assert [h for h, *_ in logg(referanse)] == ["D"]


def test_avsluttet_klasse_slettes_ikke(oppsett: Arkivoppsett) -> None:
    klasse = KlasseFactory(klassifikasjonssystem=oppsett.arkivdel.klassifikasjonssystem)
    klasse_avslutt(klasse=klasse, utfoert_av=oppsett.arkivar)

    with pytest.raises(DomeneFeil):
        klasse_slett(klasse=klasse, utfoert_av=oppsett.arkivar)


def test_saksbehandler_sletter_ikke_klasse(oppsett: Arkivoppsett) -> None:
    klasse = KlasseFactory(klassifikasjonssystem=oppsett.arkivdel.klassifikasjonssystem)

    with pytest.raises(IngenTilgang):
        klasse_slett(klasse=klasse, utfoert_av=oppsett.saksbehandler)

    assert Klasse.objects.filter(pk=klasse.pk).exists()


def test_system_med_klasser_slettes_ikke(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil) as feil:
        klassifikasjonssystem_slett(
            klassifikasjonssystem=oppsett.arkivdel.klassifikasjonssystem,
            utfoert_av=oppsett.arkivar,
        )

    assert feil.value.kode == "kan_ikke_slettes"


def test_tomt_system_slettes_og_loesnes_fra_arkivdelene(
    oppsett: Arkivoppsett, uklassifisert: Arkivdel
) -> None:
    system = arkivdel_opprett_klassifikasjonssystem(
        arkivdel=uklassifisert, tittel="K", utfoert_av=oppsett.arkivar
    )
    arkivdel_legg_til_sekundaert_klassifikasjonssystem(
        arkivdel=oppsett.arkivdel, klassifikasjonssystem=system, utfoert_av=oppsett.arkivar
    )

    klassifikasjonssystem_slett(klassifikasjonssystem=system, utfoert_av=oppsett.arkivar)

    uklassifisert.refresh_from_db()
    assert uklassifisert.klassifikasjonssystem is None
    assert not oppsett.arkivdel.sekundaere_klassifikasjonssystemer.exists()
    assert not Klassifikasjonssystem.objects.filter(pk=system.pk).exists()
    assert [h for h, *_ in logg(system)] == ["C", "D"]
    assert ("U", "klassifikasjonssystem", str(system.system_id), None) in logg(uklassifisert)
    assert ("U", "sekundaerklassifikasjonssystem", str(system.system_id), None) in logg(
        oppsett.arkivdel
    )


def test_system_i_avsluttet_arkivdel_slettes_ikke(oppsett: Arkivoppsett) -> None:
    system = KlassifikasjonssystemFactory()
    ArkivdelFactory(
        arkiv=oppsett.arkiv, klassifikasjonssystem=system, avsluttet_dato=naa(), avsluttet_av="t"
    )

    with pytest.raises(DomeneFeil):
        klassifikasjonssystem_slett(klassifikasjonssystem=system, utfoert_av=oppsett.arkivar)

    assert Klassifikasjonssystem.objects.filter(pk=system.pk).exists()


def test_system_som_brukes_i_annen_bydel_slettes_ikke_av_arkivaren_her(
    oppsett: Arkivoppsett,
) -> None:
    system = KlassifikasjonssystemFactory()
    ArkivdelFactory(arkiv=lag_arkivoppsett("Bjerke").arkiv, klassifikasjonssystem=system)

    with pytest.raises(IngenTilgang):
        klassifikasjonssystem_slett(klassifikasjonssystem=system, utfoert_av=oppsett.arkivar)
