"""Generic mapper: placement, exclusive children, classification, periods, closing, re-opening,
deletion (model.md §3.6, §6.1–6.4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from arkivstruktur.models import Arkivdel, Klasse, Kryssreferanse, Mappe, Merknad
from arkivstruktur.services.arkiv import arkivdel_periodiser
from arkivstruktur.services.arv import skjerming_sett
from arkivstruktur.services.mappe import (
    mappe_avslutt,
    mappe_endre,
    mappe_gjenaapne,
    mappe_opprett,
    mappe_slett,
)
from arkivstruktur.services.sekundaer import kryssreferanse_opprett, merknad_opprett
from arkivstruktur.tests.factories import (
    KlasseFactory,
    KlassifikasjonssystemFactory,
)
from arkivstruktur.tests.factories_registrering import (
    Arkivoppsett,
    MappeFactory,
    RegistreringFactory,
    arkiver,
    avslutt,
)
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import dato_i_oslo, naa
from sporing.models import Endringslogg


def ny_mappe(oppsett: Arkivoppsett, **kwargs: Any) -> Mappe:
    kwargs.setdefault("tittel", "Elevmappe Kari Nordmann")
    kwargs.setdefault("arkivdel", oppsett.arkivdel)
    kwargs.setdefault("klasse", oppsett.klasse)
    kwargs.setdefault("utfoert_av", oppsett.saksbehandler)
    return mappe_opprett(**kwargs)


def undermappe(overmappe: Mappe, bruker: Any, **kwargs: Any) -> Mappe:
    kwargs.setdefault("tittel", "Karakterer")
    return mappe_opprett(overmappe=overmappe, utfoert_av=bruker, **kwargs)


def saksmappe(oppsett: Arkivoppsett, **kwargs: Any) -> Mappe:
    """A saksmappe row, as sakarkiv would have made it."""
    sak: Mappe = MappeFactory(
        arkivdel=oppsett.arkivdel,
        mappetype="saksmappe",
        saksaar=2026,
        sakssekvensnummer=1,
        saksdato=dato_i_oslo(naa()),
        saksstatus="B",
        **kwargs,
    )
    return sak


def logg(objekt: Any) -> list[tuple[str, str]]:
    return list(
        Endringslogg.objects.filter(referanse_arkivenhet=objekt.system_id).values_list(
            "hendelsetype", "referanse_metadata"
        )
    )


# --- create ---------------------------------------------------------------------------------


def test_mappe_i_klasse_faar_plassering_mappe_id_og_logg(oppsett: Arkivoppsett) -> None:
    oppsett.arkivdel.dokumentmedium = "E"
    oppsett.arkivdel.dokumentmedium_kodenavn = "Elektronisk arkiv"
    oppsett.arkivdel.oppbevaringssted = ["Kjelleren"]
    oppsett.arkivdel.save()

    mappe = ny_mappe(oppsett, noekkelord=["elev"])

    mappe.refresh_from_db()
    assert mappe.mappetype == "mappe"
    assert (mappe.arkiv, mappe.arkivdel, mappe.klasse) == (
        oppsett.arkiv,
        oppsett.arkivdel,
        oppsett.klasse,
    )
    assert mappe.overmappe is None
    assert mappe.mappe_id == str(mappe.system_id)
    assert (mappe.dokumentmedium, mappe.dokumentmedium_kodenavn) == ("E", "Elektronisk arkiv")
    assert mappe.oppbevaringssted == ["Kjelleren"]
    assert mappe.noekkelord == ["elev"]
    assert mappe.opprettet_av == oppsett.saksbehandler.visningsnavn
    assert logg(mappe) == [("C", "")]


def test_to_mapper_faar_ulik_mappe_id(oppsett: Arkivoppsett) -> None:
    forste = ny_mappe(oppsett)
    andre = ny_mappe(oppsett)

    assert forste.mappe_id != andre.mappe_id


def test_mappe_direkte_i_arkivdel_uten_klassifikasjon(
    oppsett: Arkivoppsett, uklassifisert: Arkivdel
) -> None:
    mappe = ny_mappe(oppsett, arkivdel=uklassifisert, klasse=None)

    assert (mappe.arkivdel, mappe.klasse) == (uklassifisert, None)


def test_undermappe_faar_arkivdel_fra_overmappen_og_arver_skjerming(
    oppsett: Arkivoppsett,
) -> None:
    overmappe = ny_mappe(oppsett)
    skjerming_sett(
        enhet=overmappe,
        tilgangsrestriksjon="13",
        skjerming_metadata=["TM1"],
        utfoert_av=oppsett.saksbehandler,
    )

    mappe = undermappe(overmappe, oppsett.saksbehandler)

    mappe.refresh_from_db()
    assert (mappe.arkiv, mappe.arkivdel, mappe.klasse) == (oppsett.arkiv, oppsett.arkivdel, None)
    assert mappe.overmappe == overmappe
    assert mappe.skjerming_id == overmappe.skjerming_id
    assert mappe.skjerming_er_arvet is True


@pytest.mark.parametrize(
    ("plassering", "felt"),
    [
        (lambda oppsett: {"arkivdel": None, "klasse": None}, "arkivdel"),
        (lambda oppsett: {"arkivdel": None}, "arkivdel"),
        (lambda oppsett: {"overmappe": oppsett.mappe}, "overmappe"),
        (lambda oppsett: {"arkivdel": None, "overmappe": oppsett.mappe}, "overmappe"),
    ],
    ids=["ingen", "klasse-uten-arkivdel", "overmappe-og-arkivdel", "overmappe-og-klasse"],
)
def test_mappe_maa_ligge_under_noeyaktig_en_forelder(
    oppsett: Arkivoppsett, plassering: Callable[[Arkivoppsett], dict[str, Any]], felt: str
) -> None:
    antall_foer = Mappe.objects.count()

    with pytest.raises(DomeneFeil) as feil:
        ny_mappe(oppsett, **plassering(oppsett))

    assert feil.value.felt == felt
    assert Mappe.objects.count() == antall_foer


def test_bruker_uten_rolle_kan_ikke_opprette_mappe(oppsett: Arkivoppsett) -> None:
    logg_foer = Endringslogg.objects.count()

    with pytest.raises(IngenTilgang):
        ny_mappe(oppsett, utfoert_av=oppsett.uten_rolle)

    assert Mappe.objects.filter(tittel="Elevmappe Kari Nordmann").exists() is False
    assert Endringslogg.objects.count() == logg_foer


def test_bruker_uten_rolle_kan_ikke_opprette_undermappe(oppsett: Arkivoppsett) -> None:
    with pytest.raises(IngenTilgang):
        undermappe(oppsett.mappe, oppsett.uten_rolle)

    assert oppsett.mappe.undermapper.exists() is False


def test_tom_tittel_avvises(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil) as feil:
        ny_mappe(oppsett, tittel=" \u200b")

    assert feil.value.felt == "tittel"
    assert feil.value.kode == "paakrevd"


def test_mappe_maa_klassifiseres_naar_arkivdelen_har_klassifikasjonssystem(
    oppsett: Arkivoppsett,
) -> None:
    with pytest.raises(DomeneFeil) as feil:
        ny_mappe(oppsett, klasse=None)

    assert feil.value.felt == "klasse"
    assert feil.value.kode == "paakrevd"


def test_klasse_fra_et_annet_klassifikasjonssystem_avvises(oppsett: Arkivoppsett) -> None:
    fremmed = KlasseFactory(klassifikasjonssystem=KlassifikasjonssystemFactory())

    with pytest.raises(DomeneFeil) as feil:
        ny_mappe(oppsett, klasse=fremmed)

    assert feil.value.felt == "klasse"


def test_klasse_i_arkivdel_uten_klassifikasjon_avvises(
    oppsett: Arkivoppsett, uklassifisert: Arkivdel
) -> None:
    with pytest.raises(DomeneFeil) as feil:
        ny_mappe(oppsett, arkivdel=uklassifisert, klasse=oppsett.klasse)

    assert feil.value.felt == "klasse"


def test_mappe_klassifiseres_paa_laveste_nivaa(oppsett: Arkivoppsett) -> None:
    KlasseFactory(
        klassifikasjonssystem=oppsett.klasse.klassifikasjonssystem,
        overordnet_klasse=oppsett.klasse,
    )

    with pytest.raises(DomeneFeil) as feil:
        ny_mappe(oppsett)

    assert feil.value.felt == "klasse"
    assert "underklasser" in feil.value.melding


def test_avsluttet_klasse_tar_ikke_imot_mapper(oppsett: Arkivoppsett) -> None:
    Klasse.objects.filter(pk=oppsett.klasse.pk).update(avsluttet_dato=naa(), avsluttet_av="test")

    with pytest.raises(DomeneFeil) as feil:
        ny_mappe(oppsett)

    assert feil.value.felt == "klasse"
    assert "avsluttet" in feil.value.melding


def test_klasse_med_registreringer_tar_ikke_imot_mapper(oppsett: Arkivoppsett) -> None:
    RegistreringFactory(mappe=None, arkivdel=oppsett.arkivdel, klasse=oppsett.klasse)

    with pytest.raises(DomeneFeil) as feil:
        ny_mappe(oppsett)

    assert feil.value.felt == "klasse"
    assert oppsett.klasse.mapper.exists() is False


def test_arkivdel_med_registreringer_direkte_tar_ikke_imot_mapper(
    oppsett: Arkivoppsett, uklassifisert: Arkivdel
) -> None:
    RegistreringFactory(mappe=None, arkivdel=uklassifisert)

    with pytest.raises(DomeneFeil) as feil:
        ny_mappe(oppsett, arkivdel=uklassifisert, klasse=None)

    assert feil.value.felt == "arkivdel"
    assert uklassifisert.mapper.exists() is False


@pytest.mark.parametrize("status", ["O", "P"])
def test_arkivdel_i_overlapp_eller_avsluttet_tar_ikke_imot_nye_mapper(
    oppsett: Arkivoppsett, status: str
) -> None:
    Arkivdel.objects.filter(pk=oppsett.arkivdel.pk).update(arkivdelstatus=status)

    with pytest.raises(DomeneFeil) as feil:
        ny_mappe(oppsett)

    assert feil.value.felt == "arkivdel"
    assert oppsett.klasse.mapper.exists() is False


def test_avsluttet_arkiv_tar_ikke_imot_nye_mapper(oppsett: Arkivoppsett) -> None:
    oppsett.arkiv.avsluttet_dato = naa()
    oppsett.arkiv.save()

    with pytest.raises(DomeneFeil) as feil:
        ny_mappe(oppsett)

    assert feil.value.felt == "arkivdel"


def test_overmappe_med_registreringer_tar_ikke_imot_undermapper(oppsett: Arkivoppsett) -> None:
    oppsett.ny_registrering()

    with pytest.raises(DomeneFeil) as feil:
        undermappe(oppsett.mappe, oppsett.saksbehandler)

    assert feil.value.felt == "overmappe"
    assert oppsett.mappe.undermapper.exists() is False


def test_avsluttet_overmappe_tar_ikke_imot_undermapper(oppsett: Arkivoppsett) -> None:
    avslutt(oppsett.mappe)

    with pytest.raises(DomeneFeil) as feil:
        undermappe(oppsett.mappe, oppsett.saksbehandler)

    assert feil.value.felt == "overmappe"
    assert oppsett.mappe.undermapper.exists() is False


def test_overmappe_i_avsluttet_arkivdel_tar_ikke_imot_undermapper(oppsett: Arkivoppsett) -> None:
    Arkivdel.objects.filter(pk=oppsett.arkivdel.pk).update(arkivdelstatus="P")

    with pytest.raises(DomeneFeil) as feil:
        undermappe(oppsett.mappe, oppsett.saksbehandler)

    assert feil.value.felt == "arkivdel"


def test_ny_undermappe_i_overlappingsperiode_flytter_overmappen_til_arvtakeren(
    oppsett: Arkivoppsett,
) -> None:
    overmappe = ny_mappe(oppsett)
    arvtaker = arkivdel_periodiser(
        arkivdel=oppsett.arkivdel, ny_tittel="Ny periode", utfoert_av=oppsett.arkivar
    )

    mappe = undermappe(overmappe, oppsett.saksbehandler)

    overmappe.refresh_from_db()
    assert overmappe.arkivdel == arvtaker
    assert mappe.arkivdel == arvtaker
    assert ("U", "referanseArkivdel") in logg(overmappe)


# --- change -------------------------------------------------------------------------------------


def test_endring_logges_per_felt(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)

    mappe = mappe_endre(
        mappe=mappe,
        endringer={"tittel": "Elevmappe Kari N.", "beskrivelse": "Flyttet fra Bergen"},
        utfoert_av=oppsett.saksbehandler,
    )

    mappe.refresh_from_db()
    assert (mappe.tittel, mappe.beskrivelse) == ("Elevmappe Kari N.", "Flyttet fra Bergen")
    assert sorted(logg(mappe)) == [("C", ""), ("U", "beskrivelse"), ("U", "tittel")]


@pytest.mark.parametrize(("felt", "verdi"), [("tittel", "Ny tittel"), ("dokumentmedium", "F")])
def test_avsluttet_mappe_fryser_tittel_og_dokumentmedium(
    oppsett: Arkivoppsett, felt: str, verdi: str
) -> None:
    mappe = ny_mappe(oppsett)
    mappe_avslutt(mappe=mappe, utfoert_av=oppsett.saksbehandler)

    with pytest.raises(DomeneFeil) as feil:
        mappe_endre(mappe=mappe, endringer={felt: verdi}, utfoert_av=oppsett.saksbehandler)

    assert feil.value.felt == felt
    assert feil.value.kode == "laast"
    mappe.refresh_from_db()
    assert getattr(mappe, felt) != verdi


def test_avsluttet_mappe_kan_faa_endret_beskrivelse(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)
    mappe_avslutt(mappe=mappe, utfoert_av=oppsett.saksbehandler)

    mappe = mappe_endre(
        mappe=mappe, endringer={"beskrivelse": "Merk"}, utfoert_av=oppsett.saksbehandler
    )

    assert mappe.beskrivelse == "Merk"


def test_ukjent_eller_systemsatt_felt_kan_ikke_endres(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)

    with pytest.raises(DomeneFeil) as feil:
        mappe_endre(mappe=mappe, endringer={"mappe_id": "X"}, utfoert_av=oppsett.saksbehandler)

    assert feil.value.felt == "mappe_id"
    mappe.refresh_from_db()
    assert mappe.mappe_id == str(mappe.system_id)


def test_saksmappe_endres_ikke_her(oppsett: Arkivoppsett) -> None:
    sak = saksmappe(oppsett)

    with pytest.raises(DomeneFeil) as feil:
        mappe_endre(mappe=sak, endringer={"tittel": "X"}, utfoert_av=oppsett.saksbehandler)

    assert feil.value.felt == "mappetype"


def test_bruker_uten_rolle_kan_ikke_endre(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)

    with pytest.raises(IngenTilgang):
        mappe_endre(mappe=mappe, endringer={"tittel": "X"}, utfoert_av=oppsett.uten_rolle)

    mappe.refresh_from_db()
    assert mappe.tittel == "Elevmappe Kari Nordmann"


# --- close and re-open ----------------------------------------------------------------------------


def test_avslutning_setter_avsluttet_dato_og_av(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)

    mappe = mappe_avslutt(mappe=mappe, utfoert_av=oppsett.saksbehandler)

    mappe.refresh_from_db()
    assert mappe.avsluttet_dato is not None
    assert mappe.avsluttet_av == oppsett.saksbehandler.visningsnavn
    assert mappe.referanse_avsluttet_av == oppsett.saksbehandler
    assert ("U", "avsluttetDato") in logg(mappe)


def test_saksmappe_avsluttes_ikke_her(oppsett: Arkivoppsett) -> None:
    sak = saksmappe(oppsett)

    with pytest.raises(DomeneFeil) as feil:
        mappe_avslutt(mappe=sak, utfoert_av=oppsett.arkivar)

    assert feil.value.felt == "mappetype"
    sak.refresh_from_db()
    assert sak.avsluttet_dato is None


def test_mappe_med_aapen_undermappe_kan_ikke_avsluttes(oppsett: Arkivoppsett) -> None:
    overmappe = ny_mappe(oppsett)
    undermappe(overmappe, oppsett.saksbehandler)

    with pytest.raises(DomeneFeil) as feil:
        mappe_avslutt(mappe=overmappe, utfoert_av=oppsett.saksbehandler)

    assert feil.value.felt == "avsluttet_dato"
    assert "undermappe" in feil.value.melding
    overmappe.refresh_from_db()
    assert overmappe.avsluttet_dato is None


def test_mappe_avsluttes_naar_undermappene_er_avsluttet(oppsett: Arkivoppsett) -> None:
    overmappe = ny_mappe(oppsett)
    mappe_avslutt(mappe=undermappe(overmappe, oppsett.saksbehandler), utfoert_av=oppsett.arkivar)

    overmappe = mappe_avslutt(mappe=overmappe, utfoert_av=oppsett.saksbehandler)

    assert overmappe.er_avsluttet is True


def test_mappe_med_uarkivert_registrering_kan_ikke_avsluttes(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)
    RegistreringFactory(mappe=mappe)

    with pytest.raises(DomeneFeil) as feil:
        mappe_avslutt(mappe=mappe, utfoert_av=oppsett.saksbehandler)

    assert feil.value.kode == "kan_ikke_avsluttes"
    assert "registrering" in feil.value.melding
    mappe.refresh_from_db()
    assert mappe.avsluttet_dato is None


def test_mappe_med_arkiverte_registreringer_kan_avsluttes(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)
    arkiver(RegistreringFactory(mappe=mappe))

    mappe = mappe_avslutt(mappe=mappe, utfoert_av=oppsett.saksbehandler)

    assert mappe.er_avsluttet is True


def test_avsluttet_mappe_kan_ikke_avsluttes_igjen(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)
    mappe_avslutt(mappe=mappe, utfoert_av=oppsett.saksbehandler)

    with pytest.raises(DomeneFeil) as feil:
        mappe_avslutt(mappe=mappe, utfoert_av=oppsett.saksbehandler)

    assert feil.value.felt == "avsluttet_dato"


def test_bruker_uten_rolle_kan_ikke_avslutte(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)

    with pytest.raises(IngenTilgang):
        mappe_avslutt(mappe=mappe, utfoert_av=oppsett.uten_rolle)

    mappe.refresh_from_db()
    assert mappe.avsluttet_dato is None


def test_gjenaapning_er_for_arkivet_og_logges(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)
    mappe_avslutt(mappe=mappe, utfoert_av=oppsett.saksbehandler)
    mappe.refresh_from_db()
    avsluttet = mappe.avsluttet_dato

    with pytest.raises(IngenTilgang):
        mappe_gjenaapne(mappe=mappe, utfoert_av=oppsett.saksbehandler)
    mappe = mappe_gjenaapne(mappe=mappe, utfoert_av=oppsett.arkivar)

    mappe.refresh_from_db()
    assert (mappe.avsluttet_dato, mappe.avsluttet_av, mappe.referanse_avsluttet_av) == (
        None,
        "",
        None,
    )
    oppfoering = Endringslogg.objects.get(
        referanse_arkivenhet=mappe.system_id, referanse_metadata="avsluttetDato", ny_verdi=None
    )
    assert oppfoering.tidligere_verdi == avsluttet.isoformat()
    assert oppfoering.beskrivelse == "Gjenåpnet"


def test_aapen_mappe_kan_ikke_gjenaapnes(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)

    with pytest.raises(DomeneFeil) as feil:
        mappe_gjenaapne(mappe=mappe, utfoert_av=oppsett.arkivar)

    assert feil.value.felt == "avsluttet_dato"


def test_mappe_i_avsluttet_arkivdel_kan_ikke_gjenaapnes(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)
    mappe_avslutt(mappe=mappe, utfoert_av=oppsett.saksbehandler)
    Arkivdel.objects.filter(pk=oppsett.arkivdel.pk).update(arkivdelstatus="P")

    with pytest.raises(DomeneFeil) as feil:
        mappe_gjenaapne(mappe=mappe, utfoert_av=oppsett.arkivar)

    assert feil.value.felt == "arkivdel"
    mappe.refresh_from_db()
    assert mappe.er_avsluttet is True


def test_undermappe_i_avsluttet_overmappe_kan_ikke_gjenaapnes(oppsett: Arkivoppsett) -> None:
    overmappe = ny_mappe(oppsett)
    mappe = undermappe(overmappe, oppsett.saksbehandler)
    mappe_avslutt(mappe=mappe, utfoert_av=oppsett.saksbehandler)
    mappe_avslutt(mappe=overmappe, utfoert_av=oppsett.saksbehandler)

    with pytest.raises(DomeneFeil) as feil:
        mappe_gjenaapne(mappe=mappe, utfoert_av=oppsett.arkivar)

    assert feil.value.felt == "overmappe"


def test_saksmappe_gjenaapnes_ikke_her(oppsett: Arkivoppsett) -> None:
    sak = saksmappe(oppsett, avsluttet=True)

    with pytest.raises(DomeneFeil) as feil:
        mappe_gjenaapne(mappe=sak, utfoert_av=oppsett.arkivar)

    assert feil.value.felt == "mappetype"


# --- delete -------------------------------------------------------------------------------------


def test_tom_aapen_mappe_slettes_med_merknad_og_logg(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)
    merknad = merknad_opprett(
        mappe=mappe, merknadstekst="Opprettet ved en feil", utfoert_av=oppsett.saksbehandler
    )

    mappe_slett(mappe=mappe, utfoert_av=oppsett.saksbehandler)

    assert Mappe.objects.filter(pk=mappe.pk).exists() is False
    assert Merknad.objects.filter(pk=merknad.pk).exists() is False
    assert ("D", "") in logg(mappe)
    assert ("D", "") in logg(merknad)


def test_avsluttet_mappe_kan_ikke_slettes(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)
    mappe_avslutt(mappe=mappe, utfoert_av=oppsett.saksbehandler)

    with pytest.raises(DomeneFeil) as feil:
        mappe_slett(mappe=mappe, utfoert_av=oppsett.arkivar)

    assert feil.value.kode == "kan_ikke_slettes"
    assert feil.value.felt == "avsluttet_dato"
    assert Mappe.objects.filter(pk=mappe.pk).exists() is True


def test_mappe_med_registrering_kan_ikke_slettes(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)
    RegistreringFactory(mappe=mappe)

    with pytest.raises(DomeneFeil) as feil:
        mappe_slett(mappe=mappe, utfoert_av=oppsett.saksbehandler)

    assert feil.value.felt == "registreringer"
    assert Mappe.objects.filter(pk=mappe.pk).exists() is True


def test_mappe_med_undermappe_kan_ikke_slettes(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)
    undermappe(mappe, oppsett.saksbehandler)

    with pytest.raises(DomeneFeil) as feil:
        mappe_slett(mappe=mappe, utfoert_av=oppsett.saksbehandler)

    assert feil.value.felt == "undermapper"
    assert Mappe.objects.filter(pk=mappe.pk).exists() is True


def test_mappe_med_kryssreferanse_til_seg_kan_ikke_slettes(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)
    kryssreferanse_opprett(fra=oppsett.mappe, til=mappe, utfoert_av=oppsett.saksbehandler)
    logg_foer = Endringslogg.objects.count()

    with pytest.raises(DomeneFeil) as feil:
        mappe_slett(mappe=mappe, utfoert_av=oppsett.saksbehandler)

    assert feil.value.felt == "kryssreferanse"
    assert Mappe.objects.filter(pk=mappe.pk).exists() is True
    assert Kryssreferanse.objects.filter(til_mappe=mappe).count() == 1
    assert Endringslogg.objects.count() == logg_foer


def test_saksmappe_slettes_ikke_her(oppsett: Arkivoppsett) -> None:
    sak = saksmappe(oppsett)

    with pytest.raises(DomeneFeil) as feil:
        mappe_slett(mappe=sak, utfoert_av=oppsett.arkivar)

    assert feil.value.felt == "mappetype"
    assert Mappe.objects.filter(pk=sak.pk).exists() is True


def test_bruker_uten_rolle_kan_ikke_slette(oppsett: Arkivoppsett) -> None:
    mappe = ny_mappe(oppsett)

    with pytest.raises(IngenTilgang):
        mappe_slett(mappe=mappe, utfoert_av=oppsett.uten_rolle)

    assert Mappe.objects.filter(pk=mappe.pk).exists() is True
