"""Arkivskaper, Arkiv and Arkivdel: creation, closing, status transitions and periods."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from arkivstruktur.models import Arkiv, Arkivdel, Arkivskaper, Registrering
from arkivstruktur.services.arkiv import (
    arkiv_avslutt,
    arkiv_endre,
    arkiv_opprett,
    arkivdel_avslutt,
    arkivdel_avslutt_overlapp,
    arkivdel_endre,
    arkivdel_endre_status,
    arkivdel_opprett,
    arkivdel_periodiser,
    arkivskaper_opprett,
    mappe_flytt_til_arvtaker,
)
from arkivstruktur.services.arv import kassasjon_sett, skjerming_sett
from arkivstruktur.tests.factories import (
    ArkivdelFactory,
    ArkivFactory,
    ArkivskaperFactory,
    KlassifikasjonssystemFactory,
)
from arkivstruktur.tests.factories_registrering import (
    Arkivoppsett,
    MappeFactory,
    RegistreringFactory,
    avslutt,
    lag_arkivoppsett,
)
from arkivstruktur.tests.test_services_arv import dokument_i
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import dato_i_oslo, naa
from organisasjon.models import Rolle
from organisasjon.tests.factories import AdministrativEnhetFactory, bruker_med_rolle
from sporing.models import Endringslogg


@pytest.fixture
def administrator(oppsett: Arkivoppsett) -> Any:
    return bruker_med_rolle(
        Rolle.SYSTEMADMINISTRATOR, AdministrativEnhetFactory(virksomhet=oppsett.arkiv.virksomhet)
    )


def logg(objekt: Any) -> list[tuple[str, str]]:
    return list(
        Endringslogg.objects.filter(referanse_arkivenhet=objekt.system_id).values_list(
            "hendelsetype", "referanse_metadata"
        )
    )


def ny_arkivdel(oppsett: Arkivoppsett, **kwargs: Any) -> Arkivdel:
    kwargs.setdefault("arkiv", oppsett.arkiv)
    kwargs.setdefault("tittel", "Sakarkiv 2026–")
    return arkivdel_opprett(utfoert_av=oppsett.arkivar, **kwargs)


def periodiser(oppsett: Arkivoppsett) -> Arkivdel:
    return arkivdel_periodiser(
        arkivdel=oppsett.arkivdel, ny_tittel="Ny periode", utfoert_av=oppsett.arkivar
    )


# --- arkivskaper and arkiv ---------------------------------------------------------------------


def test_systemadministrator_registrerer_arkivskaper(
    oppsett: Arkivoppsett, administrator: Any
) -> None:
    arkivskaper = arkivskaper_opprett(
        arkivskaper_id="974770982",
        arkivskaper_navn="Bydel Alna",
        virksomhet=oppsett.arkiv.virksomhet,
        utfoert_av=administrator,
    )

    arkivskaper.refresh_from_db()
    assert arkivskaper.arkivskaper_navn == "Bydel Alna"
    assert arkivskaper.opprettet_av == administrator.visningsnavn
    assert logg(arkivskaper) == [("C", "")]


def test_arkivskaper_id_kan_registreres_igjen(oppsett: Arkivoppsett, administrator: Any) -> None:
    """client-compat.md §6.5: arkivskaperID is not unique; repeated client runs reuse it."""
    ArkivskaperFactory(arkivskaper_id="974770982")

    arkivskaper_opprett(
        arkivskaper_id="974770982", arkivskaper_navn="Bydel Alna", utfoert_av=administrator
    )

    assert Arkivskaper.objects.filter(arkivskaper_id="974770982").count() == 2


def test_arkivar_kan_ikke_registrere_arkivskaper(oppsett: Arkivoppsett) -> None:
    with pytest.raises(IngenTilgang):
        arkivskaper_opprett(arkivskaper_id="1", arkivskaper_navn="X", utfoert_av=oppsett.arkivar)

    assert not Arkivskaper.objects.filter(arkivskaper_id="1").exists()


def test_nytt_arkiv_har_status_opprettet_og_arkivskapere(
    oppsett: Arkivoppsett, administrator: Any
) -> None:
    skaper = ArkivskaperFactory()

    arkiv = arkiv_opprett(
        tittel="Arkiv for Bydel Alna",
        beskrivelse="Hele bydelens arkiv",
        virksomhet=oppsett.arkiv.virksomhet,
        arkivskapere=[skaper],
        dokumentmedium="E",
        oppbevaringssted=["Arkivet i kjelleren"],
        utfoert_av=administrator,
    )

    arkiv.refresh_from_db()
    assert (arkiv.arkivstatus, arkiv.arkivstatus_kodenavn) == ("O", "Opprettet")
    assert (arkiv.dokumentmedium, arkiv.dokumentmedium_kodenavn) == ("E", "Elektronisk arkiv")
    assert arkiv.oppbevaringssted == ["Arkivet i kjelleren"]
    assert list(arkiv.arkivskapere.all()) == [skaper]
    assert arkiv.avsluttet_dato is None
    assert logg(arkiv) == [("C", "")]


def test_arkiv_maa_ha_minst_en_arkivskaper(oppsett: Arkivoppsett, administrator: Any) -> None:
    antall = Arkiv.objects.count()

    with pytest.raises(DomeneFeil) as feil:
        arkiv_opprett(
            tittel="Arkiv",
            virksomhet=oppsett.arkiv.virksomhet,
            arkivskapere=[],
            utfoert_av=administrator,
        )

    assert feil.value.felt == "arkivskaper"
    assert Arkiv.objects.count() == antall


def test_bare_systemadministrator_kan_opprette_arkiv(oppsett: Arkivoppsett) -> None:
    antall = Arkiv.objects.count()

    with pytest.raises(IngenTilgang):
        arkiv_opprett(
            tittel="Arkiv",
            virksomhet=oppsett.arkiv.virksomhet,
            arkivskapere=[ArkivskaperFactory()],
            utfoert_av=oppsett.arkivar,
        )

    assert Arkiv.objects.count() == antall


def test_underarkiv_arver_dokumentmedium_fra_arkivet_over(
    oppsett: Arkivoppsett, administrator: Any
) -> None:
    overarkiv = ArkivFactory(
        virksomhet=oppsett.arkiv.virksomhet,
        dokumentmedium="F",
        dokumentmedium_kodenavn="Fysisk medium",
    )

    underarkiv = arkiv_opprett(
        tittel="Papirarkivet",
        virksomhet=overarkiv.virksomhet,
        arkivskapere=[ArkivskaperFactory()],
        overarkiv=overarkiv,
        utfoert_av=administrator,
    )

    assert underarkiv.overarkiv == overarkiv
    assert (underarkiv.dokumentmedium, underarkiv.dokumentmedium_kodenavn) == ("F", "Fysisk medium")


def test_arkiv_med_arkivdeler_kan_ikke_faa_underarkiv(
    oppsett: Arkivoppsett, administrator: Any
) -> None:
    with pytest.raises(DomeneFeil) as feil:
        arkiv_opprett(
            tittel="Underarkiv",
            virksomhet=oppsett.arkiv.virksomhet,
            arkivskapere=[ArkivskaperFactory()],
            overarkiv=oppsett.arkiv,
            utfoert_av=administrator,
        )

    assert feil.value.felt == "overarkiv"
    assert not oppsett.arkiv.underarkiver.exists()


def test_avsluttet_arkiv_tar_ikke_imot_underarkiv(
    oppsett: Arkivoppsett, administrator: Any
) -> None:
    overarkiv = ArkivFactory(virksomhet=oppsett.arkiv.virksomhet, avsluttet_dato=naa())

    with pytest.raises(DomeneFeil) as feil:
        arkiv_opprett(
            tittel="Underarkiv",
            virksomhet=overarkiv.virksomhet,
            arkivskapere=[ArkivskaperFactory()],
            overarkiv=overarkiv,
            utfoert_av=administrator,
        )

    assert feil.value.felt == "overarkiv"


def test_underarkiv_maa_hoere_til_samme_virksomhet(
    oppsett: Arkivoppsett, administrator: Any
) -> None:
    overarkiv = ArkivFactory()

    with pytest.raises(DomeneFeil) as feil:
        arkiv_opprett(
            tittel="Underarkiv",
            virksomhet=oppsett.arkiv.virksomhet,
            arkivskapere=[ArkivskaperFactory()],
            overarkiv=overarkiv,
            utfoert_av=administrator,
        )

    assert feil.value.felt == "virksomhet"


def test_arkiv_avsluttes_med_status_dato_og_person(oppsett: Arkivoppsett) -> None:
    foer = naa()

    arkiv_avslutt(arkiv=oppsett.arkiv, utfoert_av=oppsett.arkivar)

    arkiv = Arkiv.objects.get(pk=oppsett.arkiv.pk)
    assert (arkiv.arkivstatus, arkiv.arkivstatus_kodenavn) == ("A", "Avsluttet")
    assert arkiv.avsluttet_dato >= foer
    assert arkiv.avsluttet_av == oppsett.arkivar.visningsnavn
    assert arkiv.referanse_avsluttet_av == oppsett.arkivar
    assert logg(arkiv) == [
        ("U", "arkivstatus"),
        ("U", "avsluttetDato"),
        ("U", "avsluttetAv"),
        ("U", "referanseAvsluttetAv"),
    ]


def test_arkiv_kan_ikke_avsluttes_to_ganger(oppsett: Arkivoppsett) -> None:
    arkiv_avslutt(arkiv=oppsett.arkiv, utfoert_av=oppsett.arkivar)
    avsluttet = oppsett.arkiv.avsluttet_dato

    with pytest.raises(DomeneFeil):
        arkiv_avslutt(arkiv=oppsett.arkiv, utfoert_av=oppsett.arkivar)

    oppsett.arkiv.refresh_from_db()
    assert oppsett.arkiv.avsluttet_dato == avsluttet


def test_tittel_paa_avsluttet_arkiv_er_last(oppsett: Arkivoppsett) -> None:
    arkiv_endre(arkiv=oppsett.arkiv, tittel="Nytt navn", utfoert_av=oppsett.arkivar)
    arkiv_avslutt(arkiv=oppsett.arkiv, utfoert_av=oppsett.arkivar)

    with pytest.raises(DomeneFeil) as feil:
        arkiv_endre(arkiv=oppsett.arkiv, tittel="Enda et navn", utfoert_av=oppsett.arkivar)
    arkiv_endre(arkiv=oppsett.arkiv, beskrivelse="Avsluttet 2026", utfoert_av=oppsett.arkivar)

    assert str(feil.value) == "Tittel kan ikke endres når arkivet er avsluttet."
    oppsett.arkiv.refresh_from_db()
    assert oppsett.arkiv.tittel == "Nytt navn"
    assert oppsett.arkiv.beskrivelse == "Avsluttet 2026"


def test_saksbehandler_kan_ikke_endre_arkiv(oppsett: Arkivoppsett) -> None:
    with pytest.raises(IngenTilgang):
        arkiv_endre(arkiv=oppsett.arkiv, tittel="Nytt navn", utfoert_av=oppsett.saksbehandler)


# --- arkivdel_opprett --------------------------------------------------------------------------


def test_ny_arkivdel_er_aktiv_fra_i_dag_og_arver_fra_arkivet(oppsett: Arkivoppsett) -> None:
    Arkiv.objects.filter(pk=oppsett.arkiv.pk).update(
        dokumentmedium="B",
        dokumentmedium_kodenavn="Blandet fysisk og elektronisk arkiv",
        oppbevaringssted=["Rådhuset"],
    )
    oppsett.arkiv.refresh_from_db()
    system = KlassifikasjonssystemFactory()

    arkivdel = ny_arkivdel(oppsett, klassifikasjonssystem=system)

    arkivdel.refresh_from_db()
    assert (arkivdel.arkivdelstatus, arkivdel.arkivdelstatus_kodenavn) == ("A", "Aktiv periode")
    assert arkivdel.arkivperiode_start_dato == dato_i_oslo(arkivdel.opprettet_dato)
    assert arkivdel.arkivperiode_slutt_dato is None
    assert arkivdel.dokumentmedium == "B"
    assert arkivdel.oppbevaringssted == ["Rådhuset"]
    assert arkivdel.klassifikasjonssystem == system
    assert arkivdel.skjerming is None
    assert arkivdel.kassasjon is None
    assert logg(arkivdel) == [("C", "")]


def test_arkivdel_kan_ha_egne_verdier(oppsett: Arkivoppsett) -> None:
    arkivdel = ny_arkivdel(
        oppsett,
        klassifikasjonssystem=None,
        dokumentmedium="F",
        arkivperiode_start_dato=dt.date(2026, 1, 1),
    )

    assert arkivdel.dokumentmedium_kodenavn == "Fysisk medium"
    assert arkivdel.arkivperiode_start_dato == dt.date(2026, 1, 1)
    assert arkivdel.klassifikasjonssystem is None


def test_avsluttet_arkiv_tar_ikke_imot_nye_arkivdeler(oppsett: Arkivoppsett) -> None:
    arkiv_avslutt(arkiv=oppsett.arkiv, utfoert_av=oppsett.arkivar)

    with pytest.raises(DomeneFeil) as feil:
        ny_arkivdel(oppsett)

    assert feil.value.felt == "arkiv"
    assert str(feil.value) == "Arkivet er avsluttet og tar ikke imot nye arkivdeler."
    assert oppsett.arkiv.arkivdeler.count() == 1


def test_arkiv_med_underarkiver_tar_ikke_imot_arkivdeler(oppsett: Arkivoppsett) -> None:
    overarkiv = ArkivFactory(virksomhet=oppsett.arkiv.virksomhet)
    ArkivFactory(virksomhet=overarkiv.virksomhet, overarkiv=overarkiv)

    with pytest.raises(DomeneFeil) as feil:
        ny_arkivdel(oppsett, arkiv=overarkiv)

    assert feil.value.felt == "arkiv"
    assert not overarkiv.arkivdeler.exists()


def test_avsluttet_klassifikasjonssystem_kan_ikke_brukes_i_ny_arkivdel(
    oppsett: Arkivoppsett,
) -> None:
    system = KlassifikasjonssystemFactory(avsluttet_dato=naa())

    with pytest.raises(DomeneFeil) as feil:
        ny_arkivdel(oppsett, klassifikasjonssystem=system)

    assert feil.value.felt == "klassifikasjonssystem"


def test_arkivar_i_annen_bydel_kan_ikke_opprette_arkivdel(oppsett: Arkivoppsett) -> None:
    annen = lag_arkivoppsett("Bjerke")

    with pytest.raises(IngenTilgang):
        arkivdel_opprett(arkiv=oppsett.arkiv, tittel="X", utfoert_av=annen.arkivar)

    assert oppsett.arkiv.arkivdeler.count() == 1


def test_saksbehandler_kan_ikke_opprette_arkivdel(oppsett: Arkivoppsett) -> None:
    with pytest.raises(IngenTilgang):
        arkivdel_opprett(arkiv=oppsett.arkiv, tittel="X", utfoert_av=oppsett.saksbehandler)


# --- arkivdel_endre ----------------------------------------------------------------------------


def test_arkivdel_endres_og_logges(oppsett: Arkivoppsett) -> None:
    arkivdel_endre(
        arkivdel=oppsett.arkivdel,
        tittel="Sakarkiv",
        beskrivelse="Periode 2026",
        utfoert_av=oppsett.arkivar,
    )

    oppsett.arkivdel.refresh_from_db()
    assert oppsett.arkivdel.tittel == "Sakarkiv"
    assert logg(oppsett.arkivdel) == [("U", "tittel"), ("U", "beskrivelse")]


def test_tittel_paa_avsluttet_arkivdel_er_last(oppsett: Arkivoppsett) -> None:
    avslutt(oppsett.mappe)
    arkivdel_avslutt(arkivdel=oppsett.arkivdel, utfoert_av=oppsett.arkivar)
    tittel = oppsett.arkivdel.tittel

    with pytest.raises(DomeneFeil) as feil:
        arkivdel_endre(arkivdel=oppsett.arkivdel, tittel="Nytt", utfoert_av=oppsett.arkivar)

    assert str(feil.value) == "Tittel kan ikke endres når arkivdelen er avsluttet."
    oppsett.arkivdel.refresh_from_db()
    assert oppsett.arkivdel.tittel == tittel


def test_arkivperioden_kan_ikke_slutte_foer_den_starter(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil) as feil:
        arkivdel_endre(
            arkivdel=oppsett.arkivdel,
            arkivperiode_start_dato=dt.date(2026, 1, 1),
            arkivperiode_slutt_dato=dt.date(2025, 12, 31),
            utfoert_av=oppsett.arkivar,
        )

    assert feil.value.felt == "arkivperiode_slutt_dato"
    oppsett.arkivdel.refresh_from_db()
    assert oppsett.arkivdel.arkivperiode_start_dato is None


# --- arkivdelstatus ------------------------------------------------------------------------------


def test_arkivdel_med_aapne_mapper_kan_ikke_avsluttes(oppsett: Arkivoppsett) -> None:
    MappeFactory(arkivdel=oppsett.arkivdel)

    with pytest.raises(DomeneFeil) as feil:
        arkivdel_avslutt(arkivdel=oppsett.arkivdel, utfoert_av=oppsett.arkivar)

    assert feil.value.felt == "arkivdelstatus"
    assert str(feil.value) == (
        "Arkivdelen har 2 åpne mapper og kan ikke avsluttes før de er avsluttet."
    )
    oppsett.arkivdel.refresh_from_db()
    assert oppsett.arkivdel.arkivdelstatus == "A"
    assert oppsett.arkivdel.avsluttet_dato is None
    assert logg(oppsett.arkivdel) == []


def test_avsluttet_arkivdel_faar_dato_person_og_periodeslutt(oppsett: Arkivoppsett) -> None:
    avslutt(oppsett.mappe)

    arkivdel_avslutt(arkivdel=oppsett.arkivdel, utfoert_av=oppsett.arkivar)

    arkivdel = Arkivdel.objects.get(pk=oppsett.arkivdel.pk)
    assert (arkivdel.arkivdelstatus, arkivdel.arkivdelstatus_kodenavn) == ("P", "Avsluttet periode")
    assert arkivdel.avsluttet_av == oppsett.arkivar.visningsnavn
    assert arkivdel.arkivperiode_slutt_dato == dato_i_oslo(arkivdel.avsluttet_dato)
    assert logg(arkivdel) == [
        ("U", "arkivdelstatus"),
        ("U", "avsluttetDato"),
        ("U", "avsluttetAv"),
        ("U", "referanseAvsluttetAv"),
        ("U", "arkivperiodeSluttDato"),
    ]


def test_oppgitt_periodeslutt_brukes_ved_avslutning(oppsett: Arkivoppsett) -> None:
    avslutt(oppsett.mappe)

    arkivdel_avslutt(
        arkivdel=oppsett.arkivdel,
        arkivperiode_slutt_dato=dt.date(2025, 12, 31),
        utfoert_av=oppsett.arkivar,
    )

    assert oppsett.arkivdel.arkivperiode_slutt_dato == dt.date(2025, 12, 31)


def test_avsluttet_periode_er_endelig(oppsett: Arkivoppsett) -> None:
    avslutt(oppsett.mappe)
    arkivdel_avslutt(arkivdel=oppsett.arkivdel, utfoert_av=oppsett.arkivar)

    for status in ("A", "O"):
        with pytest.raises(DomeneFeil) as feil:
            arkivdel_endre_status(
                arkivdel=oppsett.arkivdel, arkivdelstatus=status, utfoert_av=oppsett.arkivar
            )
        assert feil.value.kode == "laast"

    oppsett.arkivdel.refresh_from_db()
    assert oppsett.arkivdel.arkivdelstatus == "P"


def test_overlappingsperiode_krever_arvtaker(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil) as feil:
        arkivdel_endre_status(
            arkivdel=oppsett.arkivdel, arkivdelstatus="O", utfoert_av=oppsett.arkivar
        )

    assert feil.value.felt == "arkivdelstatus"
    oppsett.arkivdel.refresh_from_db()
    assert oppsett.arkivdel.arkivdelstatus == "A"


def test_arkivdel_kan_ikke_gaa_tilbake_fra_overlapping_til_aktiv(oppsett: Arkivoppsett) -> None:
    periodiser(oppsett)

    with pytest.raises(DomeneFeil) as feil:
        arkivdel_endre_status(
            arkivdel=oppsett.arkivdel, arkivdelstatus="A", utfoert_av=oppsett.arkivar
        )

    assert str(feil.value) == "Arkivdelstatus kan ikke endres fra «O» til «A»."


def test_status_u_kan_ikke_velges_som_overgang(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil) as feil:
        arkivdel_endre_status(
            arkivdel=oppsett.arkivdel, arkivdelstatus="U", utfoert_av=oppsett.arkivar
        )

    assert str(feil.value) == "Arkivdelstatus kan ikke endres fra «A» til «U»."


def test_overlappingsperiode_avsluttes_naar_alle_mapper_er_lukket(oppsett: Arkivoppsett) -> None:
    periodiser(oppsett)

    with pytest.raises(DomeneFeil) as feil:
        arkivdel_avslutt_overlapp(arkivdel=oppsett.arkivdel, utfoert_av=oppsett.arkivar)
    avslutt(oppsett.mappe)
    arkivdel_avslutt_overlapp(arkivdel=oppsett.arkivdel, utfoert_av=oppsett.arkivar)

    assert feil.value.kode == "aapne_mapper"
    assert oppsett.arkivdel.arkivdelstatus == "P"
    assert oppsett.arkivdel.avsluttet_dato is not None


def test_avslutt_overlapp_krever_overlappingsperiode(oppsett: Arkivoppsett) -> None:
    avslutt(oppsett.mappe)

    with pytest.raises(DomeneFeil) as feil:
        arkivdel_avslutt_overlapp(arkivdel=oppsett.arkivdel, utfoert_av=oppsett.arkivar)

    assert str(feil.value) == "Arkivdelen er ikke i overlappingsperiode."
    oppsett.arkivdel.refresh_from_db()
    assert oppsett.arkivdel.arkivdelstatus == "A"


def test_saksbehandler_kan_ikke_endre_arkivdelstatus(oppsett: Arkivoppsett) -> None:
    avslutt(oppsett.mappe)

    with pytest.raises(IngenTilgang):
        arkivdel_avslutt(arkivdel=oppsett.arkivdel, utfoert_av=oppsett.saksbehandler)


# --- periodisering -----------------------------------------------------------------------------


def test_periodisering_lager_arvtaker_og_setter_gammel_i_overlapping(oppsett: Arkivoppsett) -> None:
    sekundaert = KlassifikasjonssystemFactory()
    oppsett.arkivdel.sekundaere_klassifikasjonssystemer.add(sekundaert)
    skjerming_sett(
        enhet=oppsett.arkivdel,
        tilgangsrestriksjon="13",
        skjerming_metadata=["TM1"],
        utfoert_av=oppsett.arkivar,
    )
    kassasjon_sett(
        enhet=oppsett.arkivdel, kassasjonsvedtak="K", bevaringstid=10, utfoert_av=oppsett.arkivar
    )

    arvtaker = periodiser(oppsett)

    gammel = Arkivdel.objects.get(pk=oppsett.arkivdel.pk)
    arvtaker.refresh_from_db()
    assert (gammel.arkivdelstatus, gammel.arkivdelstatus_kodenavn) == ("O", "Overlappingsperiode")
    assert gammel.referanse_arvtaker == arvtaker
    assert arvtaker.referanse_forloeper == gammel
    assert (arvtaker.tittel, arvtaker.arkivdelstatus) == ("Ny periode", "A")
    assert arvtaker.arkiv == gammel.arkiv
    assert arvtaker.klassifikasjonssystem == gammel.klassifikasjonssystem
    assert list(arvtaker.sekundaere_klassifikasjonssystemer.all()) == [sekundaert]
    assert arvtaker.arkivperiode_start_dato == dato_i_oslo(arvtaker.opprettet_dato)
    assert arvtaker.skjerming_id != gammel.skjerming_id
    assert arvtaker.skjerming_er_arvet is False
    assert arvtaker.skjerming.tilgangsrestriksjon == "13"
    assert arvtaker.skjerming.skjermingshjemmel == gammel.skjerming.skjermingshjemmel
    assert arvtaker.skjerming.skjerming_metadata == ["TM1"]
    assert arvtaker.kassasjon_id != gammel.kassasjon_id
    assert arvtaker.kassasjon_er_arvet is False
    assert (arvtaker.kassasjon.kassasjonsvedtak, arvtaker.kassasjon.bevaringstid) == ("K", 10)
    assert logg(arvtaker) == [("C", "")]
    assert logg(gammel)[-2:] == [("U", "referanseArvtaker"), ("U", "arkivdelstatus")]


def test_bare_aktiv_arkivdel_kan_periodiseres_en_gang(oppsett: Arkivoppsett) -> None:
    periodiser(oppsett)

    with pytest.raises(DomeneFeil) as feil:
        periodiser(oppsett)

    assert feil.value.felt == "arkivdelstatus"
    assert Arkivdel.objects.filter(arkiv=oppsett.arkiv).count() == 2


def test_periodisering_avvises_i_avsluttet_arkiv(oppsett: Arkivoppsett) -> None:
    arkiv_avslutt(arkiv=oppsett.arkiv, utfoert_av=oppsett.arkivar)

    with pytest.raises(DomeneFeil) as feil:
        periodiser(oppsett)

    assert feil.value.felt == "arkiv"
    oppsett.arkivdel.refresh_from_db()
    assert oppsett.arkivdel.arkivdelstatus == "A"
    assert Arkivdel.objects.filter(arkiv=oppsett.arkiv).count() == 1


# --- mappe_flytt_til_arvtaker -----------------------------------------------------------------


def test_mappe_med_ny_registrering_flyttes_til_arvtakeren(oppsett: Arkivoppsett) -> None:
    registrering = oppsett.ny_registrering()
    dokument = dokument_i(registrering)
    kassasjon_sett(
        enhet=oppsett.arkivdel, kassasjonsvedtak="K", bevaringstid=10, utfoert_av=oppsett.arkivar
    )
    arvtaker = periodiser(oppsett)

    mappe = mappe_flytt_til_arvtaker(mappe=oppsett.mappe, utfoert_av=oppsett.saksbehandler)

    registrering.refresh_from_db()
    dokument.refresh_from_db()
    assert mappe.arkivdel == arvtaker
    assert registrering.arkivdel == arvtaker
    assert dokument.arkivdel == arvtaker
    assert mappe.kassasjon_id == arvtaker.kassasjon_id
    assert registrering.kassasjon_id == arvtaker.kassasjon_id
    assert dokument.kassasjon_id == arvtaker.kassasjon_id
    for enhet in (mappe, registrering, dokument):
        oppfoering = Endringslogg.objects.get(referanse_arkivenhet=enhet.system_id)
        assert oppfoering.referanse_metadata == "referanseArkivdel"
        assert oppfoering.tidligere_verdi == str(oppsett.arkivdel.system_id)
        assert oppfoering.ny_verdi == str(arvtaker.system_id)


def test_hele_mappetreet_flyttes_naar_en_undermappe_faar_registrering(
    oppsett: Arkivoppsett,
) -> None:
    undermappe = MappeFactory(arkivdel=oppsett.arkivdel, overmappe=oppsett.mappe)
    registrering = RegistreringFactory(mappe=undermappe)
    annen_mappe = MappeFactory(arkivdel=oppsett.arkivdel)
    arvtaker = periodiser(oppsett)

    mappe_flytt_til_arvtaker(mappe=undermappe, utfoert_av=oppsett.saksbehandler)

    oppsett.mappe.refresh_from_db()
    registrering.refresh_from_db()
    annen_mappe.refresh_from_db()
    assert undermappe.arkivdel == arvtaker
    assert oppsett.mappe.arkivdel == arvtaker
    assert registrering.arkivdel == arvtaker
    assert annen_mappe.arkivdel == oppsett.arkivdel


def test_enheter_som_peker_paa_en_regelbaerende_arkivdel_blir_der(oppsett: Arkivoppsett) -> None:
    regelbaerer = ArkivdelFactory(arkiv=oppsett.arkiv, klassifikasjonssystem=None)
    vedlegg = oppsett.ny_registrering(arkivdel=regelbaerer)
    kassasjon_sett(
        enhet=regelbaerer, kassasjonsvedtak="K", bevaringstid=2, utfoert_av=oppsett.arkivar
    )
    periodiser(oppsett)

    mappe_flytt_til_arvtaker(mappe=oppsett.mappe, utfoert_av=oppsett.saksbehandler)

    vedlegg.refresh_from_db()
    assert vedlegg.arkivdel == regelbaerer
    assert vedlegg.kassasjon_id == regelbaerer.kassasjon_id


def test_mappen_flyttes_videre_naar_arvtakeren_selv_er_i_overlapping(oppsett: Arkivoppsett) -> None:
    mellom = periodiser(oppsett)
    siste = arkivdel_periodiser(arkivdel=mellom, ny_tittel="Tredje", utfoert_av=oppsett.arkivar)

    mappe = mappe_flytt_til_arvtaker(mappe=oppsett.mappe, utfoert_av=oppsett.saksbehandler)

    assert mappe.arkivdel == siste


def test_avsluttet_mappe_flyttes_ikke(oppsett: Arkivoppsett) -> None:
    periodiser(oppsett)
    avslutt(oppsett.mappe)

    with pytest.raises(DomeneFeil) as feil:
        mappe_flytt_til_arvtaker(mappe=oppsett.mappe, utfoert_av=oppsett.saksbehandler)

    assert feil.value.felt == "mappe"
    oppsett.mappe.refresh_from_db()
    assert oppsett.mappe.arkivdel == oppsett.arkivdel


def test_mappe_i_aktiv_arkivdel_flyttes_ikke(oppsett: Arkivoppsett) -> None:
    registrering = oppsett.ny_registrering()

    with pytest.raises(DomeneFeil) as feil:
        mappe_flytt_til_arvtaker(mappe=oppsett.mappe, utfoert_av=oppsett.saksbehandler)

    assert feil.value.felt == "arkivdel"
    registrering.refresh_from_db()
    assert registrering.arkivdel == oppsett.arkivdel
    assert Registrering.objects.filter(arkivdel=oppsett.arkivdel).count() == 1


def test_bruker_uten_rolle_kan_ikke_flytte_mappe(oppsett: Arkivoppsett) -> None:
    periodiser(oppsett)

    with pytest.raises(IngenTilgang):
        mappe_flytt_til_arvtaker(mappe=oppsett.mappe, utfoert_av=oppsett.uten_rolle)

    oppsett.mappe.refresh_from_db()
    assert oppsett.mappe.arkivdel == oppsett.arkivdel
