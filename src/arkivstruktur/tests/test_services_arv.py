"""Skjerming, kassasjon and gradering, and their inheritance down the tree (model.md §6.6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factory.django import DjangoModelFactory

from arkivstruktur.models import (
    Arkivdel,
    Dokumentbeskrivelse,
    Dokumenttilknytning,
    Gradering,
    Kassasjon,
    Klasse,
    Mappe,
    Registrering,
    Skjerming,
)
from arkivstruktur.services.arv import (
    arv_oppdater,
    arv_ved_opprettelse,
    arvekilder,
    effektiv_kassasjonsdato,
    gradering_nedgrader,
    gradering_sett,
    kassasjon_fjern,
    kassasjon_sett,
    skjerming_fjern,
    skjerming_sett,
)
from arkivstruktur.tests.factories import ArkivdelFactory, ArkivenhetFactory, KlasseFactory
from arkivstruktur.tests.factories_registrering import (
    Arkivoppsett,
    MappeFactory,
    RegistreringFactory,
    avslutt,
    lag_arkivoppsett,
)
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import dato_i_oslo, naa
from sporing.models import Endringslogg
from tilgang.eierskap import virksomhet_id_for
from tilgang.profil import tilgangsprofil


class DokumentbeskrivelseFactory(ArkivenhetFactory):
    class Meta:
        model = Dokumentbeskrivelse

    tittel = factory.Sequence(lambda n: f"Dokument {n}")


class DokumenttilknytningFactory(DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = Dokumenttilknytning

    dokumentnummer = factory.Sequence(lambda n: n + 1)
    tilknyttet_dato = factory.LazyFunction(naa)
    tilknyttet_av = "test"


def dokument_i(registrering: Registrering, **kwargs: Any) -> Dokumentbeskrivelse:
    kwargs.setdefault("arkivdel", registrering.arkivdel)
    dokument = DokumentbeskrivelseFactory(**kwargs)
    DokumenttilknytningFactory(registrering=registrering, dokumentbeskrivelse=dokument)
    return dokument  # type: ignore[no-any-return]


def sett_skjerming(enhet: Any, bruker: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("tilgangsrestriksjon", "13")
    kwargs.setdefault("skjerming_metadata", ["TM1"])
    return skjerming_sett(enhet=enhet, utfoert_av=bruker, **kwargs)


def sett_kassasjon(enhet: Any, bruker: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("kassasjonsvedtak", "K")
    kwargs.setdefault("bevaringstid", 10)
    return kassasjon_sett(enhet=enhet, utfoert_av=bruker, **kwargs)


def oppfrisket(*enheter: Any) -> list[Any]:
    for enhet in enheter:
        enhet.refresh_from_db()
    return list(enheter)


def logg(enhet: Any) -> list[tuple[str, str, str]]:
    return list(
        Endringslogg.objects.filter(referanse_arkivenhet=enhet.system_id).values_list(
            "hendelsetype", "referanse_metadata", "beskrivelse"
        )
    )


def effektiv_etter_kildene(enhet: Any, felt: str) -> Any:
    """What `enhet` should point at, computed one unit at a time from arvekilder()."""
    if getattr(enhet, f"{felt}_id") is not None and not getattr(enhet, f"{felt}_er_arvet"):
        return getattr(enhet, f"{felt}_id")
    for kilde in arvekilder(enhet):
        if kilde is not None:
            kilde.refresh_from_db()
            if getattr(kilde, f"{felt}_id") is not None:
                return getattr(kilde, f"{felt}_id")
    return None


# --- skjerming_sett ------------------------------------------------------------------------------


def test_skjerming_paa_arkivdel_arves_helt_ned_til_dokumentene(oppsett: Arkivoppsett) -> None:
    registrering = oppsett.ny_registrering()
    dokument = dokument_i(registrering)
    registrering_uten_mappe = RegistreringFactory(mappe=None, arkivdel=oppsett.arkivdel)

    sett_skjerming(oppsett.arkivdel, oppsett.arkivar)

    arkivdel, mappe, registrering, dokument, uten_mappe = oppfrisket(
        oppsett.arkivdel, oppsett.mappe, registrering, dokument, registrering_uten_mappe
    )
    assert arkivdel.skjerming is not None
    assert arkivdel.skjerming_er_arvet is False
    for arving in (mappe, registrering, dokument, uten_mappe):
        assert arving.skjerming_id == arkivdel.skjerming_id
        assert arving.skjerming_er_arvet is True
    assert Skjerming.objects.count() == 1


def test_skjerming_foreslaar_hjemmel_og_varighet_fra_tilgangskoden(oppsett: Arkivoppsett) -> None:
    sett_skjerming(oppsett.mappe, oppsett.saksbehandler, tilgangsrestriksjon="13")

    skjerming = oppsett.mappe.skjerming
    assert skjerming.tilgangsrestriksjon == "13"
    assert skjerming.tilgangsrestriksjon_kodenavn == "Unntatt etter offentleglova § 13"
    assert skjerming.skjermingshjemmel == "Offl. § 13 jf. fvl. § 13"
    assert skjerming.skjermingsvarighet == 60
    start = dato_i_oslo(oppsett.mappe.opprettet_dato)
    assert skjerming.skjerming_opphoerer_dato == start.replace(year=start.year + 60)
    assert skjerming.skjerming_metadata == ["TM1"]


def test_skjerming_paa_registrering_regner_opphoer_fra_journaldato(oppsett: Arkivoppsett) -> None:
    registrering = oppsett.ny_registrering(journaldato=dt.date(2020, 3, 15))

    sett_skjerming(
        registrering,
        oppsett.saksbehandler,
        tilgangsrestriksjon="14",
        skjermingshjemmel="Offl. § 14 første ledd",
        skjermingsvarighet=5,
        skjerming_dokument="H",
    )

    skjerming = registrering.skjerming
    assert skjerming.skjermingshjemmel == "Offl. § 14 første ledd"
    assert skjerming.skjermingsvarighet == 5
    assert skjerming.skjerming_opphoerer_dato == dt.date(2025, 3, 15)
    assert skjerming.skjerming_dokument == "H"
    assert skjerming.skjerming_dokument_kodenavn == "Skjerming av hele dokumentet"


def test_skjerming_logges_en_gang_paa_enheten_med_antall_arvinger(oppsett: Arkivoppsett) -> None:
    registreringer = [oppsett.ny_registrering() for _ in range(3)]

    sett_skjerming(oppsett.mappe, oppsett.saksbehandler)

    oppfoering = Endringslogg.objects.get(referanse_arkivenhet=oppsett.mappe.system_id)
    assert oppfoering.hendelsetype == "U"
    assert oppfoering.referanse_metadata == "skjerming"
    assert oppfoering.tidligere_verdi is None
    assert oppfoering.ny_verdi.startswith("tilgangsrestriksjon 13; skjermingshjemmel Offl. § 13")
    assert oppfoering.beskrivelse == "3 underliggende enheter arver verdien."
    assert oppfoering.endret_av == oppsett.saksbehandler.visningsnavn
    for registrering in registreringer:
        assert logg(registrering) == []


def test_arv_stopper_ved_enhet_med_egen_skjerming(oppsett: Arkivoppsett) -> None:
    registrering = oppsett.ny_registrering()
    sett_skjerming(oppsett.mappe, oppsett.saksbehandler, tilgangsrestriksjon="14")
    egen = oppsett.mappe.skjerming_id

    sett_skjerming(oppsett.arkivdel, oppsett.arkivar, tilgangsrestriksjon="13")

    mappe, registrering = oppfrisket(oppsett.mappe, registrering)
    assert mappe.skjerming_id == egen
    assert mappe.skjerming_er_arvet is False
    assert registrering.skjerming_id == egen


def test_ny_skjerming_paa_enhet_erstatter_den_den_arvet(oppsett: Arkivoppsett) -> None:
    registrering = oppsett.ny_registrering()
    sett_skjerming(oppsett.arkivdel, oppsett.arkivar, tilgangsrestriksjon="13")

    sett_skjerming(oppsett.mappe, oppsett.saksbehandler, tilgangsrestriksjon="14")

    arkivdel, mappe, registrering = oppfrisket(oppsett.arkivdel, oppsett.mappe, registrering)
    assert mappe.skjerming.tilgangsrestriksjon == "14"
    assert mappe.skjerming_er_arvet is False
    assert registrering.skjerming_id == mappe.skjerming_id
    assert arkivdel.skjerming.tilgangsrestriksjon == "13"


def test_skjerming_krever_minst_en_metadatakode_og_endrer_ingenting(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil) as feil:
        sett_skjerming(oppsett.mappe, oppsett.saksbehandler, skjerming_metadata=[])

    assert feil.value.felt == "skjerming_metadata"
    assert str(feil.value) == "Skjerming metadata må inneholde minst én kode."
    oppsett.mappe.refresh_from_db()
    assert oppsett.mappe.skjerming is None
    assert Skjerming.objects.count() == 0
    assert Endringslogg.objects.count() == 0


def test_skjerming_avviser_ukjent_metadatakode(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil) as feil:
        sett_skjerming(oppsett.mappe, oppsett.saksbehandler, skjerming_metadata=["TM1", "XYZ"])

    assert feil.value.felt == "skjerming_metadata"
    assert Skjerming.objects.count() == 0


def test_skjerming_avviser_ukjent_og_utdatert_tilgangskode(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil) as ukjent:
        sett_skjerming(oppsett.mappe, oppsett.saksbehandler, tilgangsrestriksjon="99")
    with pytest.raises(DomeneFeil) as utdatert:
        sett_skjerming(oppsett.mappe, oppsett.saksbehandler, tilgangsrestriksjon="5a")

    assert ukjent.value.kode == "ukjent_kode"
    assert utdatert.value.kode == "utdatert_kode"
    assert Skjerming.objects.count() == 0


def test_skjerming_uten_hjemmel_og_uten_forslag_avvises(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil) as feil:
        sett_skjerming(oppsett.mappe, oppsett.saksbehandler, tilgangsrestriksjon="P")

    assert feil.value.felt == "skjermingshjemmel"
    assert str(feil.value) == "Skjermingshjemmel må fylles ut."


def test_skjermede_ord_i_tittel_krever_offentlig_tittel_paa_enheten(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil) as feil:
        sett_skjerming(oppsett.mappe, oppsett.saksbehandler, skjerming_metadata=["TMO"])

    assert feil.value.felt == "offentlig_tittel"
    oppsett.mappe.refresh_from_db()
    assert oppsett.mappe.skjerming is None


def test_skjermede_ord_i_registreringstitler_krever_offentlig_tittel_ogsaa_paa_mappen(
    oppsett: Arkivoppsett,
) -> None:
    tom = MappeFactory(arkivdel=oppsett.arkivdel)

    with pytest.raises(DomeneFeil) as feil:
        sett_skjerming(tom, oppsett.saksbehandler, skjerming_metadata=["TRO"])

    assert feil.value.felt == "offentlig_tittel"
    assert str(feil.value) == (
        "Offentlig tittel må fylles ut når ord i tittelen skjermes (TMO eller TRO)."
    )


def test_skjermingsvarighet_maa_vaere_minst_ett_aar(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil) as feil:
        sett_skjerming(oppsett.mappe, oppsett.saksbehandler, skjermingsvarighet=0)

    assert feil.value.felt == "skjermingsvarighet"
    assert Skjerming.objects.count() == 0


def test_skjermede_ord_i_tittel_godtas_med_offentlig_tittel(oppsett: Arkivoppsett) -> None:
    mappe = MappeFactory(arkivdel=oppsett.arkivdel, offentlig_tittel="Søknad fra *****")

    sett_skjerming(mappe, oppsett.saksbehandler, skjerming_metadata=["TMO", "NPS"])

    assert mappe.skjerming.skjerming_metadata == ["TMO", "NPS"]


def test_tro_paa_arkivdel_avvises_naar_en_arvende_registrering_mangler_offentlig_tittel(
    oppsett: Arkivoppsett,
) -> None:
    oppsett.ny_registrering(offentlig_tittel="Brev fra *****")
    uten = oppsett.ny_registrering(offentlig_tittel="  ")

    with pytest.raises(DomeneFeil) as feil:
        sett_skjerming(oppsett.arkivdel, oppsett.arkivar, skjerming_metadata=["TRO"])

    assert feil.value.felt == "offentlig_tittel"
    assert "1 registreringer mangler offentlig tittel" in str(feil.value)
    arkivdel, mappe, uten = oppfrisket(oppsett.arkivdel, oppsett.mappe, uten)
    assert arkivdel.skjerming is None
    assert mappe.skjerming is None
    assert uten.skjerming is None
    assert Endringslogg.objects.count() == 0


def test_saksbehandler_kan_skjerme_mappe_men_ikke_arkivdel(oppsett: Arkivoppsett) -> None:
    with pytest.raises(IngenTilgang):
        sett_skjerming(oppsett.arkivdel, oppsett.saksbehandler)

    sett_skjerming(oppsett.mappe, oppsett.saksbehandler)

    oppsett.arkivdel.refresh_from_db()
    assert oppsett.arkivdel.skjerming is None
    assert oppsett.mappe.skjerming is not None


def test_bruker_uten_rolle_kan_ikke_skjerme_mappe(oppsett: Arkivoppsett) -> None:
    with pytest.raises(IngenTilgang):
        sett_skjerming(oppsett.mappe, oppsett.uten_rolle)

    assert Skjerming.objects.count() == 0


def test_skjerming_kan_bare_settes_paa_eiere(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil) as feil:
        sett_skjerming(oppsett.arkiv, oppsett.arkivar)

    assert feil.value.felt == "enhet"


# --- klasse and priority ---------------------------------------------------------------------


def test_skjerming_paa_klasse_arves_av_underklasser_og_deres_mapper(oppsett: Arkivoppsett) -> None:
    underklasse = KlasseFactory(
        klassifikasjonssystem=oppsett.klasse.klassifikasjonssystem, overordnet_klasse=oppsett.klasse
    )
    mappe = MappeFactory(arkivdel=oppsett.arkivdel, klasse=underklasse)
    registrering = RegistreringFactory(mappe=mappe)
    registrering_i_klasse = RegistreringFactory(
        mappe=None, klasse=underklasse, arkivdel=oppsett.arkivdel
    )

    sett_skjerming(oppsett.klasse, oppsett.arkivar)

    for arving in oppfrisket(underklasse, mappe, registrering, registrering_i_klasse):
        assert arving.skjerming_id == oppsett.klasse.skjerming_id
        assert arving.skjerming_er_arvet is True


def test_arkivdelens_kassasjon_vinner_over_klassens(oppsett: Arkivoppsett) -> None:
    mappe = MappeFactory(arkivdel=oppsett.arkivdel, klasse=oppsett.klasse)
    registrering = RegistreringFactory(mappe=mappe)
    sett_kassasjon(oppsett.klasse, oppsett.arkivar, kassasjonsvedtak="K", bevaringstid=5)
    mappe.refresh_from_db()
    assert mappe.kassasjon_id == oppsett.klasse.kassasjon_id

    sett_kassasjon(oppsett.arkivdel, oppsett.arkivar, kassasjonsvedtak="B", bevaringstid=0)
    sett_kassasjon(oppsett.klasse, oppsett.arkivar, kassasjonsvedtak="K", bevaringstid=3)

    mappe, registrering = oppfrisket(mappe, registrering)
    assert mappe.kassasjon_id == oppsett.arkivdel.kassasjon_id
    assert registrering.kassasjon_id == oppsett.arkivdel.kassasjon_id
    assert mappe.kassasjon.kassasjonsvedtak == "B"


def test_uten_kassasjon_paa_arkivdelen_faar_mappen_klassens_igjen(oppsett: Arkivoppsett) -> None:
    mappe = MappeFactory(arkivdel=oppsett.arkivdel, klasse=oppsett.klasse)
    sett_kassasjon(oppsett.klasse, oppsett.arkivar, bevaringstid=5)
    sett_kassasjon(oppsett.arkivdel, oppsett.arkivar, bevaringstid=25)

    kassasjon_fjern(enhet=oppsett.arkivdel, utfoert_av=oppsett.arkivar)

    arkivdel, mappe = oppfrisket(oppsett.arkivdel, mappe)
    assert arkivdel.kassasjon is None
    assert arkivdel.kassasjon_er_arvet is False
    assert mappe.kassasjon_id == oppsett.klasse.kassasjon_id
    assert mappe.kassasjon.bevaringstid == 5


def test_undermappe_arver_fra_overmappen(oppsett: Arkivoppsett) -> None:
    undermappe = MappeFactory(arkivdel=oppsett.arkivdel, overmappe=oppsett.mappe)
    registrering = RegistreringFactory(mappe=undermappe)

    sett_skjerming(oppsett.mappe, oppsett.saksbehandler)

    undermappe, registrering = oppfrisket(undermappe, registrering)
    assert undermappe.skjerming_id == oppsett.mappe.skjerming_id
    assert registrering.skjerming_id == oppsett.mappe.skjerming_id


def test_enhet_som_peker_paa_en_annen_arkivdel_arver_fra_den(oppsett: Arkivoppsett) -> None:
    regelbaerer = ArkivdelFactory(arkiv=oppsett.arkiv, klassifikasjonssystem=None)
    vanlig = oppsett.ny_registrering()
    vedlegg = oppsett.ny_registrering(arkivdel=regelbaerer)
    sett_kassasjon(regelbaerer, oppsett.arkivar, bevaringstid=2)

    sett_kassasjon(oppsett.mappe, oppsett.arkivar, bevaringstid=30)

    vanlig, vedlegg = oppfrisket(vanlig, vedlegg)
    assert vanlig.kassasjon_id == oppsett.mappe.kassasjon_id
    assert vedlegg.kassasjon_id == regelbaerer.kassasjon_id
    assert arvekilder(vedlegg) == (regelbaerer, None)


def test_dokument_arver_fra_registreringen_det_foerst_ble_knyttet_til(
    oppsett: Arkivoppsett,
) -> None:
    foerste = oppsett.ny_registrering()
    andre = oppsett.ny_registrering()
    dokument = dokument_i(foerste)
    DokumenttilknytningFactory(registrering=andre, dokumentbeskrivelse=dokument)
    sett_skjerming(foerste, oppsett.saksbehandler, tilgangsrestriksjon="13")

    sett_skjerming(andre, oppsett.saksbehandler, tilgangsrestriksjon="14")

    dokument.refresh_from_db()
    assert dokument.skjerming_id == foerste.skjerming_id


def test_alle_enheter_peker_paa_det_kildene_gir_etter_mange_endringer(
    oppsett: Arkivoppsett,
) -> None:
    underklasse = KlasseFactory(
        klassifikasjonssystem=oppsett.klasse.klassifikasjonssystem, overordnet_klasse=oppsett.klasse
    )
    i_klasse = MappeFactory(arkivdel=oppsett.arkivdel, klasse=underklasse)
    undermappe = MappeFactory(arkivdel=oppsett.arkivdel, overmappe=i_klasse)
    registreringer = [RegistreringFactory(mappe=m) for m in (oppsett.mappe, i_klasse, undermappe)]
    dokumenter = [dokument_i(r) for r in registreringer]
    bruker = oppsett.arkivar

    sett_skjerming(oppsett.klasse, bruker, tilgangsrestriksjon="13")
    sett_kassasjon(underklasse, bruker, bevaringstid=4)
    sett_skjerming(oppsett.arkivdel, bruker, tilgangsrestriksjon="14")
    sett_skjerming(i_klasse, bruker, tilgangsrestriksjon="15")
    sett_kassasjon(oppsett.arkivdel, bruker, bevaringstid=9)
    skjerming_fjern(enhet=oppsett.arkivdel, utfoert_av=bruker)
    kassasjon_fjern(enhet=oppsett.arkivdel, utfoert_av=bruker)
    skjerming_fjern(enhet=i_klasse, utfoert_av=bruker)

    enheter = oppfrisket(
        oppsett.arkivdel,
        oppsett.klasse,
        underklasse,
        oppsett.mappe,
        i_klasse,
        undermappe,
        *registreringer,
        *dokumenter,
    )
    for enhet in enheter:
        for felt in ("skjerming", "kassasjon"):
            assert getattr(enhet, f"{felt}_id") == effektiv_etter_kildene(enhet, felt), (
                enhet,
                felt,
            )
    assert undermappe.skjerming_id == oppsett.klasse.skjerming_id
    assert dokumenter[2].kassasjon_id == underklasse.kassasjon_id
    assert oppsett.mappe.skjerming is None


def test_spredning_bruker_like_mange_spoerringer_uansett_antall_enheter(db: Any) -> None:
    lite, stort = lag_arkivoppsett("Lite"), lag_arkivoppsett("Stort")
    for oppsett, antall in ((lite, 2), (stort, 40)):
        for _ in range(antall):
            dokument_i(RegistreringFactory(mappe=MappeFactory(arkivdel=oppsett.arkivdel)))

    # Warm the code-list cache, the users' access profiles and the arkiv-owner cache,
    # which are read once.
    sett_skjerming(ArkivdelFactory(arkiv=lite.arkiv), lite.arkivar)
    tilgangsprofil(stort.arkivar)
    virksomhet_id_for(lite.arkivdel)
    virksomhet_id_for(stort.arkivdel)

    spoerringer = []
    for oppsett in (lite, stort):
        with CaptureQueriesContext(connection) as fanget:
            sett_skjerming(oppsett.arkivdel, oppsett.arkivar)
        spoerringer.append(len(fanget.captured_queries))

    assert spoerringer[0] == spoerringer[1]
    assert (
        Dokumentbeskrivelse.objects.filter(
            skjerming=stort.arkivdel.skjerming, skjerming_er_arvet=True
        ).count()
        == 40
    )


# --- skjerming_fjern -----------------------------------------------------------------------------


def test_fjernet_skjerming_gir_arv_fra_overordnet_og_arvingene_foelger(
    oppsett: Arkivoppsett,
) -> None:
    registrering = oppsett.ny_registrering()
    sett_skjerming(oppsett.arkivdel, oppsett.arkivar, tilgangsrestriksjon="13")
    sett_skjerming(oppsett.mappe, oppsett.saksbehandler, tilgangsrestriksjon="14")

    skjerming_fjern(enhet=oppsett.mappe, utfoert_av=oppsett.saksbehandler)

    arkivdel, mappe, registrering = oppfrisket(oppsett.arkivdel, oppsett.mappe, registrering)
    assert mappe.skjerming_id == arkivdel.skjerming_id
    assert mappe.skjerming_er_arvet is True
    assert registrering.skjerming_id == arkivdel.skjerming_id
    siste = Endringslogg.objects.filter(referanse_arkivenhet=mappe.system_id).last()
    assert siste.referanse_metadata == "skjerming"
    assert siste.tidligere_verdi.startswith("tilgangsrestriksjon 14")
    assert siste.ny_verdi.startswith("tilgangsrestriksjon 13")
    assert siste.beskrivelse == (
        "Egen skjerming er fjernet; enheten arver igjen. 1 underliggende enhet fulgte med."
    )


def test_fjernet_skjerming_paa_arkivdel_fjerner_den_hos_arvingene(oppsett: Arkivoppsett) -> None:
    registrering = oppsett.ny_registrering()
    sett_skjerming(oppsett.arkivdel, oppsett.arkivar)

    skjerming_fjern(enhet=oppsett.arkivdel, utfoert_av=oppsett.arkivar)

    arkivdel, mappe, registrering = oppfrisket(oppsett.arkivdel, oppsett.mappe, registrering)
    assert arkivdel.skjerming is None
    assert arkivdel.skjerming_er_arvet is False
    assert mappe.skjerming is None
    assert registrering.skjerming is None


def test_skjerming_kan_ikke_fjernes_fra_enhet_som_bare_arver(oppsett: Arkivoppsett) -> None:
    sett_skjerming(oppsett.arkivdel, oppsett.arkivar)
    oppsett.mappe.refresh_from_db()

    with pytest.raises(DomeneFeil) as feil:
        skjerming_fjern(enhet=oppsett.mappe, utfoert_av=oppsett.saksbehandler)

    assert feil.value.felt == "skjerming"
    oppsett.mappe.refresh_from_db()
    assert oppsett.mappe.skjerming_id == oppsett.arkivdel.skjerming_id


# --- kassasjon ---------------------------------------------------------------------------------


def test_kassasjon_paa_avsluttet_mappe_faar_kassasjonsdato(oppsett: Arkivoppsett) -> None:
    avslutt(oppsett.mappe)

    sett_kassasjon(
        oppsett.mappe,
        oppsett.arkivar,
        kassasjonsvedtak="K",
        bevaringstid=10,
        kassasjonshjemmel="Riksarkivarens bevarings- og kassasjonsregler",
    )

    kassasjon = oppsett.mappe.kassasjon
    start = dato_i_oslo(oppsett.mappe.avsluttet_dato)
    assert kassasjon.kassasjonsdato == start.replace(year=start.year + 10)
    assert kassasjon.kassasjonsvedtak_kodenavn == "Kasseres"
    assert kassasjon.kassasjonshjemmel == "Riksarkivarens bevarings- og kassasjonsregler"
    assert logg(oppsett.mappe) == [("U", "kassasjon", "0 underliggende enheter arver verdien.")]


def test_arvet_kassasjon_faar_dato_fra_mappens_avslutning(oppsett: Arkivoppsett) -> None:
    aapen = oppsett.ny_registrering()
    lukket_mappe = MappeFactory(arkivdel=oppsett.arkivdel, avsluttet=True)
    lukket = RegistreringFactory(mappe=lukket_mappe)

    sett_kassasjon(oppsett.arkivdel, oppsett.arkivar, bevaringstid=10)

    arkivdel, aapen, lukket = oppfrisket(oppsett.arkivdel, aapen, lukket)
    assert arkivdel.kassasjon.kassasjonsdato is None
    assert effektiv_kassasjonsdato(arkivdel) is None
    assert effektiv_kassasjonsdato(aapen) is None
    start = dato_i_oslo(lukket_mappe.avsluttet_dato)
    assert effektiv_kassasjonsdato(lukket) == start.replace(year=start.year + 10)


def test_kassasjon_krever_forvalter_ogsaa_paa_mappe(oppsett: Arkivoppsett) -> None:
    with pytest.raises(IngenTilgang):
        sett_kassasjon(oppsett.mappe, oppsett.saksbehandler)

    assert Kassasjon.objects.count() == 0


def test_kassasjon_avviser_negativ_bevaringstid_og_ukjent_vedtak(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil) as tid:
        sett_kassasjon(oppsett.mappe, oppsett.arkivar, bevaringstid=-1)
    with pytest.raises(DomeneFeil) as vedtak:
        sett_kassasjon(oppsett.mappe, oppsett.arkivar, kassasjonsvedtak="X")

    assert tid.value.felt == "bevaringstid"
    assert vedtak.value.felt == "kassasjonsvedtak"
    assert Kassasjon.objects.count() == 0


# --- arv_ved_opprettelse and arv_oppdater -------------------------------------------------------


def test_ny_mappe_arver_arkivdelens_kassasjon_foran_klassens(oppsett: Arkivoppsett) -> None:
    sett_kassasjon(oppsett.klasse, oppsett.arkivar, bevaringstid=5)
    sett_kassasjon(oppsett.arkivdel, oppsett.arkivar, bevaringstid=20)
    sett_skjerming(oppsett.klasse, oppsett.arkivar)
    mappe = Mappe(arkivdel=oppsett.arkivdel, klasse=oppsett.klasse)

    arv_ved_opprettelse(mappe, oppsett.arkivdel, oppsett.klasse)

    assert mappe.pk is None
    assert mappe.kassasjon_id == oppsett.arkivdel.kassasjon_id
    assert mappe.kassasjon_er_arvet is True
    assert mappe.skjerming_id == oppsett.klasse.skjerming_id
    assert mappe.skjerming_er_arvet is True


def test_ny_enhet_uten_noe_aa_arve_faar_ingen_verdi(oppsett: Arkivoppsett) -> None:
    registrering = Registrering(mappe=oppsett.mappe)
    klasse = Klasse()

    arv_ved_opprettelse(registrering, oppsett.mappe)
    arv_ved_opprettelse(klasse, None)

    assert registrering.skjerming_id is None
    assert registrering.skjerming_er_arvet is True
    assert registrering.kassasjon_id is None
    assert klasse.skjerming_er_arvet is False


def test_flyttet_mappe_arver_fra_ny_klasse(oppsett: Arkivoppsett) -> None:
    annen = KlasseFactory(klassifikasjonssystem=oppsett.klasse.klassifikasjonssystem)
    mappe = MappeFactory(arkivdel=oppsett.arkivdel, klasse=oppsett.klasse)
    registrering = RegistreringFactory(mappe=mappe)
    sett_skjerming(oppsett.klasse, oppsett.arkivar, tilgangsrestriksjon="13")
    sett_skjerming(annen, oppsett.arkivar, tilgangsrestriksjon="14")
    Mappe.objects.filter(pk=mappe.pk).update(klasse=annen)
    mappe.refresh_from_db()

    arv_oppdater(mappe)

    registrering.refresh_from_db()
    assert mappe.skjerming_id == annen.skjerming_id
    assert registrering.skjerming_id == annen.skjerming_id


# --- gradering -----------------------------------------------------------------------------------


def test_gradering_settes_med_dato_og_person(oppsett: Arkivoppsett) -> None:
    foer = naa()

    gradering_sett(enhet=oppsett.mappe, graderingskode="K", utfoert_av=oppsett.arkivar)

    gradering = oppsett.mappe.gradering
    assert gradering.graderingskode == "K"
    assert gradering.graderingskode_kodenavn == "Konfidensielt (sikkerhetsgrad)"
    assert gradering.graderingsdato >= foer
    assert gradering.gradert_av == oppsett.arkivar.visningsnavn
    assert gradering.referanse_gradert_av == oppsett.arkivar
    oppfoering = Endringslogg.objects.get(referanse_arkivenhet=oppsett.mappe.system_id)
    assert (oppfoering.referanse_metadata, oppfoering.tidligere_verdi, oppfoering.ny_verdi) == (
        "gradering",
        None,
        "K",
    )


def test_gradering_arves_ikke(oppsett: Arkivoppsett) -> None:
    registrering = oppsett.ny_registrering()

    gradering_sett(enhet=oppsett.mappe, graderingskode="H", utfoert_av=oppsett.arkivar)

    registrering.refresh_from_db()
    assert registrering.gradering is None


def test_lavere_gradering_maa_settes_som_nedgradering(oppsett: Arkivoppsett) -> None:
    gradering_sett(enhet=oppsett.mappe, graderingskode="H", utfoert_av=oppsett.arkivar)

    with pytest.raises(DomeneFeil) as feil:
        gradering_sett(enhet=oppsett.mappe, graderingskode="B", utfoert_av=oppsett.arkivar)

    assert feil.value.felt == "graderingskode"
    oppsett.mappe.refresh_from_db()
    assert oppsett.mappe.gradering.graderingskode == "H"
    assert Gradering.objects.count() == 1


def test_nedgradering_senker_koden_og_registrerer_hvem_og_naar(oppsett: Arkivoppsett) -> None:
    gradering_sett(enhet=oppsett.mappe, graderingskode="H", utfoert_av=oppsett.arkivar)

    gradering_nedgrader(enhet=oppsett.mappe, graderingskode="B", utfoert_av=oppsett.arkivar)

    gradering = Gradering.objects.get()
    assert oppsett.mappe.gradering_id == gradering.pk
    assert gradering.graderingskode == "B"
    assert gradering.nedgraderingsdato is not None
    assert gradering.nedgradert_av == oppsett.arkivar.visningsnavn
    siste = Endringslogg.objects.filter(referanse_arkivenhet=oppsett.mappe.system_id).last()
    assert (siste.tidligere_verdi, siste.ny_verdi, siste.beskrivelse) == ("H", "B", "Nedgradert.")


def test_nedgradering_til_hoeyere_eller_annet_regelverk_avvises(oppsett: Arkivoppsett) -> None:
    gradering_sett(enhet=oppsett.mappe, graderingskode="K", utfoert_av=oppsett.arkivar)

    for kode in ("H", "K", "F"):
        with pytest.raises(DomeneFeil):
            gradering_nedgrader(
                enhet=oppsett.mappe, graderingskode=kode, utfoert_av=oppsett.arkivar
            )

    assert Gradering.objects.get().nedgraderingsdato is None


def test_avgradering_fjerner_graderingen(oppsett: Arkivoppsett) -> None:
    gradering_sett(enhet=oppsett.mappe, graderingskode="F", utfoert_av=oppsett.arkivar)

    gradering_nedgrader(enhet=oppsett.mappe, utfoert_av=oppsett.arkivar)

    oppsett.mappe.refresh_from_db()
    assert oppsett.mappe.gradering is None
    assert Gradering.objects.get().nedgraderingsdato is not None
    siste = Endringslogg.objects.filter(referanse_arkivenhet=oppsett.mappe.system_id).last()
    assert (siste.tidligere_verdi, siste.ny_verdi, siste.beskrivelse) == ("F", None, "Avgradert.")


def test_nedgradering_av_ugradert_enhet_avvises(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil) as feil:
        gradering_nedgrader(enhet=oppsett.mappe, graderingskode="B", utfoert_av=oppsett.arkivar)

    assert feil.value.felt == "gradering"


def test_arkivdel_er_toppen_og_arver_ingenting(oppsett: Arkivoppsett) -> None:
    assert arvekilder(oppsett.arkivdel) == ()
    assert Arkivdel.objects.filter(skjerming__isnull=False).count() == 0
