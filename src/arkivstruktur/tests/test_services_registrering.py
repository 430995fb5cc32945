"""Plain registreringer: placement, numbering in the mappe, periods, forenklet registrering,
change, archiving and deletion (model.md §3.9, §6.1, §6.3, §6.4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from arkivstruktur.models import Arkivdel, Klasse, Mappe, Merknad, Registrering
from arkivstruktur.services.arkiv import arkivdel_periodiser
from arkivstruktur.services.arv import skjerming_sett
from arkivstruktur.services.mappe import mappe_opprett
from arkivstruktur.services.registrering import (
    FORENKLET_TITTEL,
    registrering_arkiver,
    registrering_endre,
    registrering_opprett,
    registrering_slett,
)
from arkivstruktur.services.sekundaer import kryssreferanse_opprett, merknad_opprett
from arkivstruktur.tests.factories import KlasseFactory
from arkivstruktur.tests.factories_registrering import (
    Arkivoppsett,
    MappeFactory,
    avslutt,
)
from arkivstruktur.tests.test_services_arv import dokument_i
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import dato_i_oslo, naa
from organisasjon.tests.factories import AdministrativEnhetFactory
from sporing.models import Endringslogg


def ny_registrering(oppsett: Arkivoppsett, **kwargs: Any) -> Registrering:
    kwargs.setdefault("tittel", "Timeliste uke 12")
    kwargs.setdefault("mappe", oppsett.mappe)
    kwargs.setdefault("utfoert_av", oppsett.saksbehandler)
    return registrering_opprett(**kwargs)


def journalpost(oppsett: Arkivoppsett) -> Registrering:
    """A journalpost row, as sakarkiv would have made it."""
    return oppsett.ny_registrering(
        registreringstype="journalpost",
        journalaar=2026,
        journalsekvensnummer=1,
        journalpostnummer=1,
        journalposttype="I",
        journalstatus="M",
        journaldato=dato_i_oslo(naa()),
    )


def logg(objekt: Any) -> list[tuple[str, str]]:
    return list(
        Endringslogg.objects.filter(referanse_arkivenhet=objekt.system_id).values_list(
            "hendelsetype", "referanse_metadata"
        )
    )


# --- create -------------------------------------------------------------------------------------


def test_registreringer_i_mappe_nummereres_fortloepende(oppsett: Arkivoppsett) -> None:
    forste = ny_registrering(oppsett)
    andre = ny_registrering(oppsett)

    oppsett.mappe.refresh_from_db()
    assert forste.registrerings_id == f"{oppsett.mappe.mappe_id}-1"
    assert andre.registrerings_id == f"{oppsett.mappe.mappe_id}-2"
    assert oppsett.mappe.siste_journalpostnummer == 2
    assert forste.registreringstype == "registrering"
    assert (forste.arkiv, forste.arkivdel, forste.klasse) == (
        oppsett.arkiv,
        oppsett.arkivdel,
        None,
    )
    assert forste.journalpostnummer is None
    assert logg(forste) == [("C", "")]


def test_registrering_arver_fra_mappen(oppsett: Arkivoppsett) -> None:
    enhet = AdministrativEnhetFactory(virksomhet=oppsett.arkiv.virksomhet)
    mappe = MappeFactory(
        arkivdel=oppsett.arkivdel,
        dokumentmedium="F",
        dokumentmedium_kodenavn="Fysisk medium",
        oppbevaringssted=["Hylle 3"],
        referanse_administrativ_enhet=enhet,
        referanse_saksansvarlig=oppsett.saksbehandler,
    )
    skjerming_sett(
        enhet=mappe,
        tilgangsrestriksjon="13",
        skjerming_metadata=["TM1"],
        utfoert_av=oppsett.saksbehandler,
    )

    registrering = ny_registrering(oppsett, mappe=mappe)

    registrering.refresh_from_db()
    assert (registrering.dokumentmedium, registrering.dokumentmedium_kodenavn) == (
        "F",
        "Fysisk medium",
    )
    assert registrering.oppbevaringssted == ["Hylle 3"]
    assert registrering.referanse_administrativ_enhet == enhet
    assert registrering.referanse_saksbehandler == oppsett.saksbehandler
    assert registrering.skjerming_id == mappe.skjerming_id
    assert registrering.skjerming_er_arvet is True


def test_registrering_i_klasse_faar_system_id_som_registrerings_id(oppsett: Arkivoppsett) -> None:
    klasse = KlasseFactory(klassifikasjonssystem=oppsett.arkivdel.klassifikasjonssystem)

    registrering = ny_registrering(oppsett, mappe=None, arkivdel=oppsett.arkivdel, klasse=klasse)

    assert (registrering.mappe, registrering.klasse) == (None, klasse)
    assert registrering.registrerings_id == str(registrering.system_id)


def test_registrering_direkte_i_arkivdel_uten_klassifikasjon(
    oppsett: Arkivoppsett, uklassifisert: Arkivdel
) -> None:
    registrering = ny_registrering(oppsett, mappe=None, arkivdel=uklassifisert)

    assert (registrering.arkivdel, registrering.mappe, registrering.klasse) == (
        uklassifisert,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("plassering", "felt"),
    [
        (lambda oppsett: {"mappe": None}, "arkivdel"),
        (lambda oppsett: {"mappe": None, "klasse": oppsett.klasse}, "arkivdel"),
        (lambda oppsett: {"arkivdel": oppsett.arkivdel}, "mappe"),
        (lambda oppsett: {"klasse": oppsett.klasse}, "mappe"),
    ],
    ids=["ingen", "klasse-uten-arkivdel", "mappe-og-arkivdel", "mappe-og-klasse"],
)
def test_registrering_ligger_i_noeyaktig_en_forelder(
    oppsett: Arkivoppsett, plassering: Callable[[Arkivoppsett], dict[str, Any]], felt: str
) -> None:
    with pytest.raises(DomeneFeil) as feil:
        ny_registrering(oppsett, **plassering(oppsett))

    assert feil.value.felt == felt
    assert Registrering.objects.exists() is False


def test_avsluttet_mappe_tar_ikke_imot_nye_registreringer(oppsett: Arkivoppsett) -> None:
    avslutt(oppsett.mappe)

    with pytest.raises(DomeneFeil) as feil:
        ny_registrering(oppsett)

    assert feil.value.felt == "mappe"
    assert Registrering.objects.exists() is False


def test_mappe_med_undermapper_tar_ikke_imot_registreringer(oppsett: Arkivoppsett) -> None:
    MappeFactory(arkivdel=oppsett.arkivdel, overmappe=oppsett.mappe)

    with pytest.raises(DomeneFeil) as feil:
        ny_registrering(oppsett)

    assert feil.value.felt == "mappe"
    assert Registrering.objects.exists() is False


def test_mappe_i_avsluttet_periode_tar_ikke_imot_registreringer(oppsett: Arkivoppsett) -> None:
    Arkivdel.objects.filter(pk=oppsett.arkivdel.pk).update(arkivdelstatus="P")

    with pytest.raises(DomeneFeil) as feil:
        ny_registrering(oppsett)

    assert feil.value.felt == "arkivdel"
    assert Registrering.objects.exists() is False


def test_ny_registrering_i_overlappingsperiode_flytter_mappen_til_arvtakeren(
    oppsett: Arkivoppsett,
) -> None:
    gammel = oppsett.ny_registrering()
    arvtaker = arkivdel_periodiser(
        arkivdel=oppsett.arkivdel, ny_tittel="Ny periode", utfoert_av=oppsett.arkivar
    )

    registrering = ny_registrering(oppsett)

    oppsett.mappe.refresh_from_db()
    gammel.refresh_from_db()
    assert oppsett.mappe.arkivdel == arvtaker
    assert registrering.arkivdel == arvtaker
    assert gammel.arkivdel == arvtaker


@pytest.mark.parametrize("status", ["O", "P"])
def test_arkivdel_i_overlapp_eller_avsluttet_tar_ikke_imot_registreringer_direkte(
    oppsett: Arkivoppsett, uklassifisert: Arkivdel, status: str
) -> None:
    Arkivdel.objects.filter(pk=uklassifisert.pk).update(arkivdelstatus=status)

    with pytest.raises(DomeneFeil) as feil:
        ny_registrering(oppsett, mappe=None, arkivdel=uklassifisert)

    assert feil.value.felt == "arkivdel"
    assert Registrering.objects.exists() is False


def test_klasse_med_underklasser_tar_ikke_imot_registreringer(oppsett: Arkivoppsett) -> None:
    KlasseFactory(
        klassifikasjonssystem=oppsett.klasse.klassifikasjonssystem,
        overordnet_klasse=oppsett.klasse,
    )

    with pytest.raises(DomeneFeil) as feil:
        ny_registrering(oppsett, mappe=None, arkivdel=oppsett.arkivdel, klasse=oppsett.klasse)

    assert feil.value.felt == "klasse"
    assert "underklasser" in feil.value.melding


def test_klasse_med_mapper_tar_ikke_imot_registreringer(oppsett: Arkivoppsett) -> None:
    MappeFactory(arkivdel=oppsett.arkivdel, klasse=oppsett.klasse)

    with pytest.raises(DomeneFeil) as feil:
        ny_registrering(oppsett, mappe=None, arkivdel=oppsett.arkivdel, klasse=oppsett.klasse)

    assert feil.value.felt == "klasse"
    assert "mapper" in feil.value.melding


def test_avsluttet_klasse_tar_ikke_imot_registreringer(oppsett: Arkivoppsett) -> None:
    Klasse.objects.filter(pk=oppsett.klasse.pk).update(avsluttet_dato=naa(), avsluttet_av="test")

    with pytest.raises(DomeneFeil) as feil:
        ny_registrering(oppsett, mappe=None, arkivdel=oppsett.arkivdel, klasse=oppsett.klasse)

    assert feil.value.felt == "klasse"
    assert "avsluttet" in feil.value.melding


def test_klasse_utenfor_arkivdelens_klassifikasjonssystem_avvises(
    oppsett: Arkivoppsett, uklassifisert: Arkivdel
) -> None:
    with pytest.raises(DomeneFeil) as feil:
        ny_registrering(oppsett, mappe=None, arkivdel=uklassifisert, klasse=oppsett.klasse)

    assert feil.value.felt == "klasse"


def test_arkivdel_med_klassifikasjonssystem_tar_ikke_imot_registreringer_direkte(
    oppsett: Arkivoppsett,
) -> None:
    with pytest.raises(DomeneFeil) as feil:
        ny_registrering(oppsett, mappe=None, arkivdel=oppsett.arkivdel)

    assert feil.value.felt == "klasse"
    assert feil.value.kode == "paakrevd"


def test_arkivdel_med_mapper_tar_ikke_imot_registreringer_direkte(
    oppsett: Arkivoppsett, uklassifisert: Arkivdel
) -> None:
    MappeFactory(arkivdel=uklassifisert)

    with pytest.raises(DomeneFeil) as feil:
        ny_registrering(oppsett, mappe=None, arkivdel=uklassifisert)

    assert feil.value.felt == "arkivdel"
    assert Registrering.objects.exists() is False


def test_bruker_uten_rolle_kan_ikke_opprette_registrering(oppsett: Arkivoppsett) -> None:
    with pytest.raises(IngenTilgang):
        ny_registrering(oppsett, utfoert_av=oppsett.uten_rolle)

    oppsett.mappe.refresh_from_db()
    assert Registrering.objects.exists() is False
    assert oppsett.mappe.siste_journalpostnummer == 0


def test_bruker_uten_rolle_kan_ikke_registrere_direkte_i_arkivdel(
    oppsett: Arkivoppsett, uklassifisert: Arkivdel
) -> None:
    with pytest.raises(IngenTilgang):
        ny_registrering(oppsett, mappe=None, arkivdel=uklassifisert, utfoert_av=oppsett.uten_rolle)

    assert Registrering.objects.exists() is False


def test_ugyldig_kode_skriver_ingenting_og_bruker_ikke_nummer(oppsett: Arkivoppsett) -> None:
    logg_foer = Endringslogg.objects.count()

    with pytest.raises(DomeneFeil) as feil:
        ny_registrering(oppsett, dokumentmedium="X")

    assert feil.value.felt == "dokumentmedium"
    oppsett.mappe.refresh_from_db()
    assert oppsett.mappe.siste_journalpostnummer == 0
    assert Registrering.objects.exists() is False
    assert Endringslogg.objects.count() == logg_foer


def test_forenklet_registrering_faar_ikke_nummer_i_mappen(oppsett: Arkivoppsett) -> None:
    registrering = ny_registrering(oppsett, tittel=FORENKLET_TITTEL)

    oppsett.mappe.refresh_from_db()
    assert registrering.registrerings_id == str(registrering.system_id)
    assert oppsett.mappe.siste_journalpostnummer == 0
    assert registrering.dokumentmedium == ""


@pytest.mark.parametrize(
    ("felt", "verdi"),
    [("beskrivelse", "Mer"), ("noekkelord", ["lønn"]), ("forfatter", ["Kari"])],
)
def test_forenklet_registrering_har_bare_grunnfeltene(
    oppsett: Arkivoppsett, felt: str, verdi: Any
) -> None:
    with pytest.raises(DomeneFeil) as feil:
        ny_registrering(oppsett, tittel=FORENKLET_TITTEL, **{felt: verdi})

    assert feil.value.felt == felt
    assert Registrering.objects.exists() is False


def test_registrering_i_ny_undermappe(oppsett: Arkivoppsett) -> None:
    mappe = mappe_opprett(
        tittel="Elev", arkivdel=oppsett.arkivdel, klasse=oppsett.klasse, utfoert_av=oppsett.arkivar
    )

    registrering = ny_registrering(oppsett, mappe=mappe)

    assert registrering.registrerings_id == f"{mappe.mappe_id}-1"


# --- change -------------------------------------------------------------------------------------


def test_endring_logges_per_felt(oppsett: Arkivoppsett) -> None:
    registrering = ny_registrering(oppsett)

    registrering = registrering_endre(
        registrering=registrering,
        endringer={"tittel": "Timeliste uke 13", "forfatter": ["Kari Nordmann"]},
        utfoert_av=oppsett.saksbehandler,
    )

    registrering.refresh_from_db()
    assert registrering.tittel == "Timeliste uke 13"
    assert registrering.forfatter == ["Kari Nordmann"]
    assert sorted(logg(registrering)) == [("C", ""), ("U", "forfatter"), ("U", "tittel")]


@pytest.mark.parametrize(
    ("felt", "verdi"), [("tittel", "Ny tittel"), ("beskrivelse", "Ny"), ("dokumentmedium", "F")]
)
def test_arkivert_registrering_fryser_beskrivende_felter(
    oppsett: Arkivoppsett, felt: str, verdi: str
) -> None:
    registrering = ny_registrering(oppsett)
    registrering_arkiver(registrering=registrering, utfoert_av=oppsett.arkivar)

    with pytest.raises(DomeneFeil) as feil:
        registrering_endre(
            registrering=registrering, endringer={felt: verdi}, utfoert_av=oppsett.saksbehandler
        )

    assert feil.value.felt == felt
    assert feil.value.kode == "laast"
    registrering.refresh_from_db()
    assert getattr(registrering, felt) != verdi


def test_arkivert_registrering_kan_faa_nytt_oppbevaringssted(oppsett: Arkivoppsett) -> None:
    registrering = ny_registrering(oppsett)
    registrering_arkiver(registrering=registrering, utfoert_av=oppsett.arkivar)

    registrering = registrering_endre(
        registrering=registrering,
        endringer={"oppbevaringssted": ["Fjernarkivet"]},
        utfoert_av=oppsett.saksbehandler,
    )

    assert registrering.oppbevaringssted == ["Fjernarkivet"]


def test_systemsatt_felt_kan_ikke_endres(oppsett: Arkivoppsett) -> None:
    registrering = ny_registrering(oppsett)

    with pytest.raises(DomeneFeil) as feil:
        registrering_endre(
            registrering=registrering,
            endringer={"registrerings_id": "X"},
            utfoert_av=oppsett.saksbehandler,
        )

    assert feil.value.felt == "registrerings_id"


def test_forenklet_registrering_faar_ikke_tilleggsfelter_ved_endring(
    oppsett: Arkivoppsett,
) -> None:
    registrering = ny_registrering(oppsett, tittel=FORENKLET_TITTEL)

    with pytest.raises(DomeneFeil) as feil:
        registrering_endre(
            registrering=registrering,
            endringer={"beskrivelse": "Mer"},
            utfoert_av=oppsett.saksbehandler,
        )

    assert feil.value.felt == "beskrivelse"
    registrering.refresh_from_db()
    assert registrering.beskrivelse == ""


def test_journalpost_endres_ikke_her(oppsett: Arkivoppsett) -> None:
    jp = journalpost(oppsett)

    with pytest.raises(DomeneFeil) as feil:
        registrering_endre(registrering=jp, endringer={"tittel": "X"}, utfoert_av=oppsett.arkivar)

    assert feil.value.felt == "registreringstype"


def test_bruker_uten_rolle_kan_ikke_endre(oppsett: Arkivoppsett) -> None:
    registrering = ny_registrering(oppsett)

    with pytest.raises(IngenTilgang):
        registrering_endre(
            registrering=registrering, endringer={"tittel": "X"}, utfoert_av=oppsett.uten_rolle
        )

    registrering.refresh_from_db()
    assert registrering.tittel == "Timeliste uke 12"


# --- archive ------------------------------------------------------------------------------------


def test_arkivar_arkiverer_registrering(oppsett: Arkivoppsett) -> None:
    registrering = ny_registrering(oppsett)

    registrering = registrering_arkiver(registrering=registrering, utfoert_av=oppsett.arkivar)

    registrering.refresh_from_db()
    assert registrering.arkivert_dato is not None
    assert registrering.arkivert_av == oppsett.arkivar.visningsnavn
    assert registrering.referanse_arkivert_av == oppsett.arkivar
    assert ("U", "arkivertDato") in logg(registrering)


def test_saksbehandler_kan_ikke_arkivere(oppsett: Arkivoppsett) -> None:
    registrering = ny_registrering(oppsett)

    with pytest.raises(IngenTilgang):
        registrering_arkiver(registrering=registrering, utfoert_av=oppsett.saksbehandler)

    registrering.refresh_from_db()
    assert registrering.arkivert_dato is None


def test_arkivert_registrering_arkiveres_ikke_paa_nytt(oppsett: Arkivoppsett) -> None:
    registrering = ny_registrering(oppsett)
    registrering_arkiver(registrering=registrering, utfoert_av=oppsett.arkivar)
    registrering.refresh_from_db()
    arkivert = registrering.arkivert_dato

    with pytest.raises(DomeneFeil) as feil:
        registrering_arkiver(registrering=registrering, utfoert_av=oppsett.arkivar)

    assert feil.value.felt == "arkivert_dato"
    registrering.refresh_from_db()
    assert registrering.arkivert_dato == arkivert


def test_journalpost_arkiveres_ikke_her(oppsett: Arkivoppsett) -> None:
    jp = journalpost(oppsett)

    with pytest.raises(DomeneFeil) as feil:
        registrering_arkiver(registrering=jp, utfoert_av=oppsett.arkivar)

    assert feil.value.felt == "registreringstype"
    jp.refresh_from_db()
    assert jp.arkivert_dato is None


# --- delete -------------------------------------------------------------------------------------


def test_uarkivert_registrering_slettes_og_nummeret_brukes_ikke_igjen(
    oppsett: Arkivoppsett,
) -> None:
    registrering = ny_registrering(oppsett)
    merknad = merknad_opprett(
        registrering=registrering, merknadstekst="Feil mappe", utfoert_av=oppsett.saksbehandler
    )

    registrering_slett(registrering=registrering, utfoert_av=oppsett.saksbehandler)
    neste = ny_registrering(oppsett)

    assert Registrering.objects.filter(pk=registrering.pk).exists() is False
    assert Merknad.objects.filter(pk=merknad.pk).exists() is False
    assert ("D", "") in logg(registrering)
    assert ("D", "") in logg(merknad)
    assert neste.registrerings_id == f"{oppsett.mappe.mappe_id}-2"


def test_arkivert_registrering_kan_ikke_slettes(oppsett: Arkivoppsett) -> None:
    registrering = ny_registrering(oppsett)
    registrering_arkiver(registrering=registrering, utfoert_av=oppsett.arkivar)

    with pytest.raises(DomeneFeil) as feil:
        registrering_slett(registrering=registrering, utfoert_av=oppsett.arkivar)

    assert feil.value.felt == "arkivert_dato"
    assert Registrering.objects.filter(pk=registrering.pk).exists() is True


def test_registrering_med_dokument_kan_ikke_slettes(oppsett: Arkivoppsett) -> None:
    registrering = ny_registrering(oppsett)
    dokument_i(registrering)

    with pytest.raises(DomeneFeil) as feil:
        registrering_slett(registrering=registrering, utfoert_av=oppsett.saksbehandler)

    assert feil.value.felt == "dokumentbeskrivelser"
    assert Registrering.objects.filter(pk=registrering.pk).exists() is True


def test_registrering_med_kryssreferanse_til_seg_kan_ikke_slettes(
    oppsett: Arkivoppsett,
) -> None:
    registrering = ny_registrering(oppsett)
    kryssreferanse_opprett(fra=oppsett.mappe, til=registrering, utfoert_av=oppsett.saksbehandler)

    with pytest.raises(DomeneFeil) as feil:
        registrering_slett(registrering=registrering, utfoert_av=oppsett.saksbehandler)

    assert feil.value.felt == "kryssreferanse"
    assert Registrering.objects.filter(pk=registrering.pk).exists() is True


def test_journalpost_slettes_ikke_her(oppsett: Arkivoppsett) -> None:
    jp = journalpost(oppsett)

    with pytest.raises(DomeneFeil) as feil:
        registrering_slett(registrering=jp, utfoert_av=oppsett.arkivar)

    assert feil.value.felt == "registreringstype"
    assert Registrering.objects.filter(pk=jp.pk).exists() is True


def test_bruker_uten_rolle_kan_ikke_slette(oppsett: Arkivoppsett) -> None:
    registrering = ny_registrering(oppsett)

    with pytest.raises(IngenTilgang):
        registrering_slett(registrering=registrering, utfoert_av=oppsett.uten_rolle)

    assert Registrering.objects.filter(pk=registrering.pk).exists() is True
    assert Mappe.objects.filter(pk=oppsett.mappe.pk).exists() is True
