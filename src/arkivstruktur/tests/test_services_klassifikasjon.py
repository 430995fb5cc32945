"""Klassifikasjonssystem and Klasse: ids, exclusive children, closing, object-based klasser."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q

from arkivstruktur.models import Klasse, Klassifikasjonssystem, Skjerming
from arkivstruktur.services.arv import skjerming_sett
from arkivstruktur.services.klassifikasjon import (
    er_gyldig_foedselsnummer,
    er_gyldig_gaards_og_bruksnummer,
    klasse_avslutt,
    klasse_endre,
    klasse_opprett,
    klassifikasjonssystem_avslutt,
    klassifikasjonssystem_opprett,
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
from organisasjon.models import Rolle
from organisasjon.tests.factories import AdministrativEnhetFactory, bruker_med_rolle
from sporing.models import Endringslogg

GYLDIG_FOEDSELSNUMMER = "15019010063"


@pytest.fixture
def system(oppsett: Arkivoppsett) -> Klassifikasjonssystem:
    return oppsett.arkivdel.klassifikasjonssystem


def ny_klasse(system: Klassifikasjonssystem, bruker: Any, **kwargs: Any) -> Klasse:
    kwargs.setdefault("klasse_id", "100")
    kwargs.setdefault("tittel", "Barnehage")
    return klasse_opprett(klassifikasjonssystem=system, utfoert_av=bruker, **kwargs)


def objektbasert_system(oppsett: Arkivoppsett, klassifikasjonstype: str) -> Klassifikasjonssystem:
    system = KlassifikasjonssystemFactory(klassifikasjonstype=klassifikasjonstype)
    oppsett.arkivdel.sekundaere_klassifikasjonssystemer.add(system)
    return system  # type: ignore[no-any-return]


def logg(objekt: Any) -> list[tuple[str, str]]:
    return list(
        Endringslogg.objects.filter(referanse_arkivenhet=objekt.system_id).values_list(
            "hendelsetype", "referanse_metadata"
        )
    )


# --- klassifikasjonssystem ---------------------------------------------------------------------


def test_arkivar_oppretter_klassifikasjonssystem(oppsett: Arkivoppsett) -> None:
    system = klassifikasjonssystem_opprett(
        tittel="Funksjonsbasert arkivnøkkel", klassifikasjonstype="FH", utfoert_av=oppsett.arkivar
    )

    system.refresh_from_db()
    assert system.tittel == "Funksjonsbasert arkivnøkkel"
    assert system.klassifikasjonstype_kodenavn == "Funksjonsbasert, hierarkisk"
    assert system.opprettet_av == oppsett.arkivar.visningsnavn
    assert logg(system) == [("C", "")]


def test_saksbehandler_kan_ikke_opprette_klassifikasjonssystem(oppsett: Arkivoppsett) -> None:
    antall = Klassifikasjonssystem.objects.count()

    with pytest.raises(IngenTilgang):
        klassifikasjonssystem_opprett(tittel="K-koder", utfoert_av=oppsett.saksbehandler)

    assert Klassifikasjonssystem.objects.count() == antall


def test_avsluttet_klassifikasjonssystem_tar_ikke_imot_nye_klasser(
    oppsett: Arkivoppsett, system: Klassifikasjonssystem
) -> None:
    klassifikasjonssystem_avslutt(klassifikasjonssystem=system, utfoert_av=oppsett.arkivar)

    with pytest.raises(DomeneFeil) as feil:
        ny_klasse(system, oppsett.arkivar)

    assert feil.value.felt == "klassifikasjonssystem"
    assert system.avsluttet_av == oppsett.arkivar.visningsnavn
    assert ("U", "avsluttetDato") in logg(system)
    assert not Klasse.objects.filter(klasse_id="100").exists()


def test_klassifikasjonssystem_kan_ikke_avsluttes_to_ganger(
    oppsett: Arkivoppsett, system: Klassifikasjonssystem
) -> None:
    klassifikasjonssystem_avslutt(klassifikasjonssystem=system, utfoert_av=oppsett.arkivar)

    with pytest.raises(DomeneFeil):
        klassifikasjonssystem_avslutt(klassifikasjonssystem=system, utfoert_av=oppsett.arkivar)


# --- access -------------------------------------------------------------------------------------


def test_arkivar_i_annen_bydel_kan_ikke_endre_system_som_brukes_her(
    oppsett: Arkivoppsett, system: Klassifikasjonssystem
) -> None:
    annen = lag_arkivoppsett("Bjerke")

    with pytest.raises(IngenTilgang):
        ny_klasse(system, annen.arkivar)

    assert not Klasse.objects.filter(klasse_id="100").exists()


def test_system_som_deles_av_to_bydeler_forvaltes_av_systemadministrator(
    oppsett: Arkivoppsett, system: Klassifikasjonssystem
) -> None:
    annen = lag_arkivoppsett("Bjerke")
    ArkivdelFactory(arkiv=annen.arkiv, klassifikasjonssystem=system)
    administrator = bruker_med_rolle(Rolle.SYSTEMADMINISTRATOR, AdministrativEnhetFactory())

    with pytest.raises(IngenTilgang):
        ny_klasse(system, oppsett.arkivar)
    klasse = ny_klasse(system, administrator)

    assert klasse.klassifikasjonssystem == system


def test_saksbehandler_kan_ikke_opprette_klasse_i_vanlig_system(
    oppsett: Arkivoppsett, system: Klassifikasjonssystem
) -> None:
    with pytest.raises(IngenTilgang):
        ny_klasse(system, oppsett.saksbehandler)


def test_saksbehandler_oppretter_klasse_i_objektbasert_system(oppsett: Arkivoppsett) -> None:
    system = objektbasert_system(oppsett, "GBN")

    klasse = ny_klasse(system, oppsett.saksbehandler, klasse_id="12/34", tittel="Storgata 1")

    assert klasse.klasse_id == "12/34"
    assert klasse.opprettet_av == oppsett.saksbehandler.visningsnavn


# --- klasse_opprett -------------------------------------------------------------------------------


def test_klasse_opprettes_og_logges(oppsett: Arkivoppsett, system: Klassifikasjonssystem) -> None:
    klasse = ny_klasse(system, oppsett.arkivar, noekkelord=["barnehage", "opptak"])

    klasse.refresh_from_db()
    assert (klasse.klasse_id, klasse.tittel) == ("100", "Barnehage")
    assert klasse.noekkelord == ["barnehage", "opptak"]
    assert klasse.overordnet_klasse is None
    assert logg(klasse) == [("C", "")]


def test_klasse_id_maa_vaere_unik_i_systemet(
    oppsett: Arkivoppsett, system: Klassifikasjonssystem
) -> None:
    ny_klasse(system, oppsett.arkivar, klasse_id="200")

    with pytest.raises(DomeneFeil) as feil:
        ny_klasse(system, oppsett.arkivar, klasse_id="200")

    assert feil.value.felt == "klasse_id"
    assert str(feil.value) == "KlasseID «200» finnes allerede i klassifikasjonssystemet."
    assert Klasse.objects.filter(klassifikasjonssystem=system, klasse_id="200").count() == 1


def test_samme_klasse_id_kan_brukes_i_et_annet_system(
    oppsett: Arkivoppsett, system: Klassifikasjonssystem
) -> None:
    annet = KlassifikasjonssystemFactory()
    ny_klasse(system, oppsett.arkivar, klasse_id="200")

    klasse = ny_klasse(annet, oppsett.arkivar, klasse_id="200")

    assert klasse.klassifikasjonssystem == annet


def test_underklasse_arver_skjerming_fra_overordnet_klasse(
    oppsett: Arkivoppsett, system: Klassifikasjonssystem
) -> None:
    overordnet = ny_klasse(system, oppsett.arkivar, klasse_id="2")
    skjerming_sett(
        enhet=overordnet,
        tilgangsrestriksjon="13",
        skjerming_metadata=["TKL"],
        utfoert_av=oppsett.arkivar,
    )

    underklasse = ny_klasse(system, oppsett.arkivar, klasse_id="2.3", overordnet_klasse=overordnet)

    underklasse.refresh_from_db()
    assert underklasse.overordnet_klasse == overordnet
    assert underklasse.skjerming_id == overordnet.skjerming_id
    assert underklasse.skjerming_er_arvet is True


def test_klasse_med_mapper_kan_ikke_faa_underklasser(
    oppsett: Arkivoppsett, system: Klassifikasjonssystem
) -> None:
    MappeFactory(arkivdel=oppsett.arkivdel, klasse=oppsett.klasse)

    with pytest.raises(DomeneFeil) as feil:
        ny_klasse(system, oppsett.arkivar, klasse_id="X.1", overordnet_klasse=oppsett.klasse)

    assert feil.value.felt == "overordnet_klasse"
    assert not oppsett.klasse.underklasser.exists()


def test_klasse_med_registreringer_kan_ikke_faa_underklasser(
    oppsett: Arkivoppsett, system: Klassifikasjonssystem
) -> None:
    RegistreringFactory(mappe=None, klasse=oppsett.klasse, arkivdel=oppsett.arkivdel)

    with pytest.raises(DomeneFeil) as feil:
        ny_klasse(system, oppsett.arkivar, klasse_id="X.1", overordnet_klasse=oppsett.klasse)

    assert feil.value.felt == "overordnet_klasse"


def test_avsluttet_klasse_tar_ikke_imot_underklasser(
    oppsett: Arkivoppsett, system: Klassifikasjonssystem
) -> None:
    klasse_avslutt(klasse=oppsett.klasse, utfoert_av=oppsett.arkivar)

    with pytest.raises(DomeneFeil) as feil:
        ny_klasse(system, oppsett.arkivar, klasse_id="X.1", overordnet_klasse=oppsett.klasse)

    assert feil.value.felt == "overordnet_klasse"
    assert "avsluttet" in str(feil.value)


def test_overordnet_klasse_maa_vaere_i_samme_system(
    oppsett: Arkivoppsett, system: Klassifikasjonssystem
) -> None:
    fremmed = KlasseFactory()

    with pytest.raises(DomeneFeil) as feil:
        ny_klasse(system, oppsett.arkivar, overordnet_klasse=fremmed)

    assert feil.value.felt == "overordnet_klasse"


# --- object-based klasser -----------------------------------------------------------------------


def test_foedselsnummer_som_klasse_id_skjermes_automatisk(oppsett: Arkivoppsett) -> None:
    system = objektbasert_system(oppsett, "PNR")

    klasse = ny_klasse(
        system, oppsett.saksbehandler, klasse_id=GYLDIG_FOEDSELSNUMMER, tittel="Kari Nordmann"
    )

    klasse.refresh_from_db()
    assert klasse.skjerming_er_arvet is False
    assert klasse.skjerming.skjerming_metadata == ["KID"]
    assert klasse.skjerming.tilgangsrestriksjon == "26"
    assert klasse.skjerming.skjermingshjemmel == "Offl. § 26 femte ledd"
    oppfoering = Endringslogg.objects.get(referanse_arkivenhet=klasse.system_id)
    assert oppfoering.beskrivelse == (
        "KlasseID er et fødselsnummer og er skjermet automatisk (skjermingMetadata KID)."
    )
    # The log is kept for ever: the fødselsnummer is in none of its entries.
    assert oppfoering.ny_verdi == "***** Kari Nordmann"
    assert not Endringslogg.objects.filter(
        Q(ny_verdi__contains=GYLDIG_FOEDSELSNUMMER)
        | Q(tidligere_verdi__contains=GYLDIG_FOEDSELSNUMMER)
        | Q(beskrivelse__contains=GYLDIG_FOEDSELSNUMMER)
    ).exists()


def test_ugyldig_foedselsnummer_avvises_i_pnr_system(oppsett: Arkivoppsett) -> None:
    system = objektbasert_system(oppsett, "PNR")

    with pytest.raises(DomeneFeil) as feil:
        ny_klasse(system, oppsett.saksbehandler, klasse_id="15019010064")

    assert feil.value.felt == "klasse_id"
    assert not Klasse.objects.filter(klassifikasjonssystem=system).exists()
    assert Skjerming.objects.count() == 0


def test_vanlig_klasse_skjermes_ikke_automatisk(
    oppsett: Arkivoppsett, system: Klassifikasjonssystem
) -> None:
    klasse = ny_klasse(system, oppsett.arkivar, klasse_id=GYLDIG_FOEDSELSNUMMER)

    assert klasse.skjerming is None


@pytest.mark.parametrize(
    ("verdi", "gyldig"),
    [
        (GYLDIG_FOEDSELSNUMMER, True),
        ("15019010144", True),
        ("15019010064", False),
        ("15019010163", False),
        ("1501901006", False),
        ("150190100633", False),
        ("1501901006a", False),
    ],
)
def test_foedselsnummer_kontrollsiffer(verdi: str, gyldig: bool) -> None:
    assert er_gyldig_foedselsnummer(verdi) is gyldig


@pytest.mark.parametrize(
    ("verdi", "gyldig"),
    [
        ("12/34", True),
        ("1/1", True),
        ("12/34/5/6", True),
        ("12/34/0/2", True),
        ("12/34/3/0", True),
        ("12/34/0/0", False),
        ("0/34", False),
        ("12/0", False),
        ("012/34", False),
        ("12", False),
        ("12/34/5", False),
        ("12-34", False),
        ("a/b", False),
        (" 12/34", False),
    ],
)
def test_gaards_og_bruksnummer_form(verdi: str, gyldig: bool) -> None:
    assert er_gyldig_gaards_og_bruksnummer(verdi) is gyldig


def test_ugyldig_gaards_og_bruksnummer_avvises_i_gbn_system(oppsett: Arkivoppsett) -> None:
    system = objektbasert_system(oppsett, "GBN")

    with pytest.raises(DomeneFeil) as feil:
        ny_klasse(system, oppsett.saksbehandler, klasse_id="12")

    assert feil.value.felt == "klasse_id"
    assert str(feil.value).startswith("KlasseID må ha formen gnr/bnr eller gnr/bnr/fnr/snr")


# --- klasse_endre and klasse_avslutt ------------------------------------------------------------


def test_klasse_id_kan_aldri_endres(oppsett: Arkivoppsett) -> None:
    opprinnelig = oppsett.klasse.klasse_id

    with pytest.raises(DomeneFeil) as feil:
        klasse_endre(
            klasse=oppsett.klasse, klasse_id="999", tittel="Ny", utfoert_av=oppsett.arkivar
        )

    assert feil.value.felt == "klasse_id"
    oppsett.klasse.refresh_from_db()
    assert oppsett.klasse.klasse_id == opprinnelig
    assert oppsett.klasse.tittel != "Ny"
    assert logg(oppsett.klasse) == []


def test_klasse_endres_og_hvert_felt_logges(oppsett: Arkivoppsett) -> None:
    klasse_endre(
        klasse=oppsett.klasse,
        klasse_id=oppsett.klasse.klasse_id,
        tittel="Skole",
        beskrivelse="Grunnskole",
        utfoert_av=oppsett.arkivar,
    )

    oppsett.klasse.refresh_from_db()
    assert oppsett.klasse.tittel == "Skole"
    assert oppsett.klasse.endret_av == oppsett.arkivar.visningsnavn
    assert logg(oppsett.klasse) == [("U", "tittel"), ("U", "beskrivelse")]


def test_tittel_paa_avsluttet_klasse_er_last(oppsett: Arkivoppsett) -> None:
    klasse_avslutt(klasse=oppsett.klasse, utfoert_av=oppsett.arkivar)
    tittel = oppsett.klasse.tittel

    with pytest.raises(DomeneFeil) as feil:
        klasse_endre(klasse=oppsett.klasse, tittel="Ny tittel", utfoert_av=oppsett.arkivar)
    klasse_endre(klasse=oppsett.klasse, beskrivelse="Fortsatt lov", utfoert_av=oppsett.arkivar)

    assert feil.value.felt == "tittel"
    assert str(feil.value) == "Tittel kan ikke endres når klassen er avsluttet."
    oppsett.klasse.refresh_from_db()
    assert oppsett.klasse.tittel == tittel
    assert oppsett.klasse.beskrivelse == "Fortsatt lov"


def test_klasse_avsluttes_en_gang(oppsett: Arkivoppsett) -> None:
    foer = naa()

    klasse_avslutt(klasse=oppsett.klasse, utfoert_av=oppsett.arkivar)
    with pytest.raises(DomeneFeil):
        klasse_avslutt(klasse=oppsett.klasse, utfoert_av=oppsett.arkivar)

    oppsett.klasse.refresh_from_db()
    assert oppsett.klasse.avsluttet_dato >= foer
    assert oppsett.klasse.referanse_avsluttet_av == oppsett.arkivar
    assert logg(oppsett.klasse) == [
        ("U", "avsluttetDato"),
        ("U", "avsluttetAv"),
        ("U", "referanseAvsluttetAv"),
    ]


def test_saksbehandler_kan_ikke_avslutte_klasse(oppsett: Arkivoppsett) -> None:
    with pytest.raises(IngenTilgang):
        klasse_avslutt(klasse=oppsett.klasse, utfoert_av=oppsett.saksbehandler)

    oppsett.klasse.refresh_from_db()
    assert oppsett.klasse.avsluttet_dato is None
