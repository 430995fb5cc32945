"""What of a screened record a reader sees: skjermingMetadata codes, lapsing, offentligTittel and
the authorisation named for the read log. Pure functions, tested on unsaved objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from arkivstruktur.models import (
    Arkiv,
    Arkivdel,
    Dokumentbeskrivelse,
    Dokumentobjekt,
    Gradering,
    Mappe,
    Registrering,
    Skjerming,
)
from sakarkiv.models import Saksmappe
from sakarkiv.tests.conftest import lag_bydel
from sakarkiv.tests.hjelpere import ny_sak
from tilgang.omfang import skjerming_virker_q, uten_skjerming_q
from tilgang.profil import Klareringstilgang, Kodetilgang, Sakstilgangsrett, Tilgangsprofil
from tilgang.skjerming import (
    SKJULT,
    maskert_tittel,
    offentlig_tittel_foreslaa,
    offentlig_visning,
    skjermet_visning,
    skjerming_virker,
    vurder_innsyn,
)

ALNA, BJERKE = 7, 8
BARNEVERN, HELSE = 70, 71
ANSVARLIG, LESER = 100, 200
SAK = 5


def _skjerming(koder: list[str], kode: str = "13", **kwargs: Any) -> Skjerming:
    kwargs.setdefault("skjermingshjemmel", "Offl. § 13 jf. fvl. § 13")
    return Skjerming(tilgangsrestriksjon=kode, skjerming_metadata=koder, **kwargs)


def _sak(skjerming: Skjerming | None, **kwargs: Any) -> Mappe:
    kwargs.setdefault("tittel", "Bekymringsmelding\nOla Hansen, Storgata 1")
    kwargs.setdefault("offentlig_tittel", "Bekymringsmelding *****")
    return Mappe(
        pk=SAK,
        arkiv=Arkiv(virksomhet_id=ALNA),
        referanse_saksansvarlig_id=ANSVARLIG,
        referanse_administrativ_enhet_id=BARNEVERN,
        skjerming=skjerming,
        **kwargs,
    )


def _journalpost(skjerming: Skjerming | None, **kwargs: Any) -> Registrering:
    kwargs.setdefault("tittel", "Melding fra skolen om Ola Hansen")
    kwargs.setdefault("offentlig_tittel", "Melding fra skolen om *****")
    return Registrering(
        pk=9,
        mappe_id=SAK,
        arkiv=Arkiv(virksomhet_id=ALNA),
        referanse_saksbehandler_id=ANSVARLIG,
        referanse_administrativ_enhet_id=BARNEVERN,
        skjerming=skjerming,
        **kwargs,
    )


def _profil(**kwargs: Any) -> Tilgangsprofil:
    kwargs.setdefault("bruker_id", LESER)
    kwargs.setdefault("virksomheter", frozenset({ALNA}))
    return Tilgangsprofil(**kwargs)


# --- offentligTittel ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tittel", "ord_", "forventet"),
    [
        (
            "Søknad om barnehageplass til Ola Hansen",
            ["Ola Hansen"],
            "Søknad om barnehageplass til ***** *****",
        ),
        ("Klage fra ola hansen", ["Ola", "Hansen"], "Klage fra ***** *****"),
        ("Olav Olavsen og Ola", ["Ola"], "Olav Olavsen og *****"),
        ("Vedtak for Åse Ødegård", ["Åse", "Ødegård"], "Vedtak for ***** *****"),
        ("Sak om (c++) og c", ["c++"], "Sak om (*****) og c"),
        ("Uendret tittel", [], "Uendret tittel"),
        ("Uendret tittel", ["  "], "Uendret tittel"),
    ],
)
def test_offentlig_tittel_erstatter_skjermede_ord_med_stjerner(
    tittel: str, ord_: list[str], forventet: str
) -> None:
    assert offentlig_tittel_foreslaa(tittel, ord_) == forventet


# --- lapsing ------------------------------------------------------------------------------


# Expiry dates are given as days from today, so that the cases are built inside the test,
# under the `i_dag` clock, and hold when the suite runs across midnight.
@pytest.mark.parametrize(
    ("koder", "kode", "opphoerer_om", "virker"),
    [
        (None, None, None, False),
        (["TMO"], "", None, False),
        (["TMO"], "13", None, True),
        (["TMO"], "13", 0, True),
        (["TMO"], "13", -1, False),
        (["TMO"], "XX", -1, True),
        (["TMO", "M"], "13", -1, True),
        (["MT", "NM"], "13", -1, False),
    ],
)
def test_skjerming_virker_til_og_med_opphoersdatoen_unntatt_midlertidig(
    koder: list[str] | None, kode: str, opphoerer_om: int | None, virker: bool, i_dag: dt.date
) -> None:
    skjerming = None
    if koder is not None:
        opphoerer = None if opphoerer_om is None else i_dag + dt.timedelta(days=opphoerer_om)
        skjerming = _skjerming(koder, kode=kode, skjerming_opphoerer_dato=opphoerer)
    assert skjerming_virker(skjerming) is virker


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("endringer", "opphoerer_om"),
    [
        ({"tilgangsrestriksjon": ""}, None),
        ({"skjerming_opphoerer_dato": None}, None),
        ({}, 0),
        ({}, -1),
        ({"tilgangsrestriksjon": "XX"}, -1),
        ({"skjerming_metadata": ["TMO", "M"]}, -1),
        ({"skjerming_metadata": ["MT"]}, -1),
    ],
)
def test_databasen_og_python_er_enige_om_skjermingen_virker(
    endringer: dict[str, Any], opphoerer_om: int | None, i_dag: dt.date
) -> None:
    if opphoerer_om is not None:
        endringer = {**endringer, "skjerming_opphoerer_dato": i_dag + dt.timedelta(opphoerer_om)}
    bydel = lag_bydel("Alna")
    sak = ny_sak(bydel)
    skjerming = Skjerming.objects.create(
        tilgangsrestriksjon="13", skjermingshjemmel="Offl. § 13", skjerming_metadata=["TMO"]
    )
    Skjerming.objects.filter(pk=skjerming.pk).update(**endringer)
    Saksmappe.objects.filter(pk=sak.pk).update(skjerming=skjerming)
    skjerming.refresh_from_db()
    rader = Saksmappe.objects.filter(pk=sak.pk)

    i_python = skjerming_virker(skjerming, i_dag)
    assert rader.filter(skjerming_virker_q("skjerming", i_dag)).exists() is i_python
    assert rader.filter(uten_skjerming_q("skjerming", i_dag)).exists() is not i_python


# --- masked titles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("modell", "koder", "forventet"),
    [
        ("mappe", {"TM1"}, f"Bekymringsmelding {SKJULT}"),
        ("mappe", {"TMO"}, "Bekymringsmelding *****"),
        ("mappe", {"TR1"}, "Bekymringsmelding\nOla Hansen"),  # a registrering code
        ("mappe", {"NPS"}, "Bekymringsmelding\nOla Hansen"),
        ("mappe", {"M"}, SKJULT),
        ("registrering", {"TR1"}, f"Bekymringsmelding {SKJULT}"),
        ("registrering", {"TRO"}, "Bekymringsmelding *****"),
        ("registrering", {"TMO"}, "Bekymringsmelding\nOla Hansen"),
        ("dokumentbeskrivelse", {"TD"}, SKJULT),
        ("dokumentbeskrivelse", {"TMO", "TRO"}, "Bekymringsmelding\nOla Hansen"),
    ],
)
def test_tittelen_maskeres_etter_koden_for_sin_enhetstype(
    modell: str, koder: set[str], forventet: str
) -> None:
    tittel = "Bekymringsmelding\nOla Hansen"

    assert maskert_tittel(modell, tittel, "Bekymringsmelding *****", koder) == forventet


def test_tmo_uten_offentlig_tittel_skjuler_hele_tittelen() -> None:
    assert maskert_tittel("mappe", "Sak om Ola", "  ", {"TMO"}) == SKJULT


def test_en_linje_med_tm1_vises_som_den_er() -> None:
    assert maskert_tittel("mappe", "Bekymringsmelding", "", {"TM1"}) == "Bekymringsmelding"


# --- the masked view ----------------------------------------------------------------------


def test_uten_grunnlag_maskeres_avsendere_med_na_men_ikke_mottakere() -> None:
    visning = skjermet_visning(_journalpost(_skjerming(["TRO", "NA"])), _profil())

    assert visning.er_maskert
    assert visning.tittel == "Melding fra skolen om *****"
    assert visning.korrespondansepart_navn("EA", "Kari Hansen") == SKJULT
    assert visning.korrespondansepart_navn("IA", "Saksbehandler") == SKJULT
    assert visning.korrespondansepart_navn("EM", "Skolen") == "Skolen"


def test_nm_skjuler_mottakere_og_kopimottakere() -> None:
    visning = skjermet_visning(_journalpost(_skjerming(["NM"])), _profil())

    assert visning.korrespondansepart_navn("EM", "Ola") == SKJULT
    assert visning.korrespondansepart_navn("EK", "Kari") == SKJULT
    assert visning.korrespondansepart_navn("EA", "Skolen") == "Skolen"
    assert visning.tittel == "Melding fra skolen om Ola Hansen"


def test_midlertidig_skjerming_skjuler_alt() -> None:
    visning = skjermet_visning(_sak(_skjerming(["M"], kode="XX")), _profil())

    assert visning.tittel == SKJULT
    assert visning.part_navn("Ola Hansen") == SKJULT
    assert visning.merknadstekst("Ring mor") == SKJULT
    assert visning.korrespondansepart_navn("EA", "Kari") == SKJULT
    assert visning.skjul_klasse_id
    assert visning.skjul_dokumenttittel


def test_nps_og_mt_skjuler_partnavn_og_merknader() -> None:
    visning = skjermet_visning(_sak(_skjerming(["NPS", "MT"])), _profil())

    assert visning.part_navn("Ola Hansen") == SKJULT
    assert visning.merknadstekst("Ring mor") == SKJULT
    assert visning.tittel == "Bekymringsmelding\nOla Hansen, Storgata 1"


@pytest.mark.parametrize(
    ("skjerming_dokument", "variant", "vises"),
    [("H", "P", False), ("H", "O", False), ("D", "P", False), ("D", "O", True), ("", "P", True)],
)
def test_skjermet_dokument_viser_bare_sladdet_variant_ved_delvis_skjerming(
    skjerming_dokument: str, variant: str, vises: bool
) -> None:
    skjerming = _skjerming(["TD"], skjerming_dokument=skjerming_dokument)

    visning = skjermet_visning(_journalpost(skjerming), _profil())

    assert visning.fil_kan_vises(variant) is vises


def test_med_grunnlag_vises_alt() -> None:
    profil = _profil(koder=(Kodetilgang("13", ALNA, frozenset(), "Bydel Alna"),))

    visning = skjermet_visning(_sak(_skjerming(["TMO", "NPS", "MT"])), profil)

    assert not visning.er_maskert
    assert visning.tittel == "Bekymringsmelding\nOla Hansen, Storgata 1"
    assert visning.part_navn("Ola Hansen") == "Ola Hansen"
    assert visning.grunnlag == "tilgangskode 13 for Bydel Alna"


def test_offentlig_visning_maskerer_ogsaa_for_den_som_har_tilgang() -> None:
    visning = offentlig_visning(_sak(_skjerming(["TMO"])))

    assert visning.er_maskert
    assert visning.tittel == "Bekymringsmelding *****"


def test_utloept_skjerming_maskerer_ingenting(i_dag: dt.date) -> None:
    i_gaar = i_dag - dt.timedelta(days=1)
    sak = _sak(_skjerming(["TMO", "NPS"], skjerming_opphoerer_dato=i_gaar))

    assert not offentlig_visning(sak).er_maskert
    assert not skjermet_visning(sak, _profil()).er_skjermet
    assert offentlig_visning(sak).tittel.startswith("Bekymringsmelding\nOla Hansen")


def test_aapen_sak_vises_som_den_er() -> None:
    visning = offentlig_visning(_sak(None, tittel="Tilskudd til idrettslag"))

    assert (visning.er_skjermet, visning.er_maskert, visning.tittel) == (
        False,
        False,
        "Tilskudd til idrettslag",
    )


# --- the authorisation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profil", "grunnlag"),
    [
        (
            _profil(koder=(Kodetilgang("13", ALNA, frozenset(), "Bydel Alna"),)),
            "tilgangskode 13 for Bydel Alna",
        ),
        (
            _profil(
                koder=(Kodetilgang("13", None, frozenset({BARNEVERN}), "Barnevern i Bydel Alna"),)
            ),
            "tilgangskode 13 for Barnevern i Bydel Alna",
        ),
        (_profil(bruker_id=ANSVARLIG), "saksansvarlig"),
        (
            _profil(saker=(Sakstilgangsrett(SAK, "Kari Nordmann"),)),
            "sakstilgang gitt av Kari Nordmann",
        ),
    ],
)
def test_grunnlaget_for_innsyn_navngis(profil: Tilgangsprofil, grunnlag: str) -> None:
    innsyn = vurder_innsyn(_sak(_skjerming(["TMO"])), profil)

    assert innsyn.har_innsyn
    assert innsyn.grunnlag == grunnlag
    assert innsyn.skjermingshjemmel == "Offl. § 13 jf. fvl. § 13"


@pytest.mark.parametrize(
    "profil",
    [
        _profil(),
        _profil(koder=(Kodetilgang("14", ALNA, frozenset(), "Bydel Alna"),)),
        _profil(koder=(Kodetilgang("13", BJERKE, frozenset(), "Bydel Bjerke"),)),
        _profil(koder=(Kodetilgang("13", None, frozenset({HELSE}), "Helse i Bydel Alna"),)),
        _profil(saker=(Sakstilgangsrett(SAK + 1, "Kari"),)),
        Tilgangsprofil(bruker_id=None),
    ],
)
def test_uten_grunnlag_er_det_ikke_innsyn(profil: Tilgangsprofil) -> None:
    innsyn = vurder_innsyn(_sak(_skjerming(["TMO"])), profil)

    assert innsyn.er_skjermet
    assert not innsyn.har_innsyn
    assert innsyn.grunnlag == ""


def test_saksbehandler_for_journalposten_navngis() -> None:
    innsyn = vurder_innsyn(_journalpost(_skjerming(["TRO"])), _profil(bruker_id=ANSVARLIG))

    assert innsyn.grunnlag == "saksbehandler for registreringen"


def test_gradert_krever_klarering_og_navngir_den() -> None:
    sak = _sak(_skjerming(["TMO"]))
    sak.gradering = Gradering(graderingskode="K")
    med = _profil(
        bruker_id=ANSVARLIG,
        klareringer=(Klareringstilgang("H", frozenset({"B", "K", "H"}), ALNA, "Bydel Alna"),),
    )
    feil_skala = _profil(
        bruker_id=ANSVARLIG,
        klareringer=(Klareringstilgang("SF", frozenset({"F", "SF"}), None, ""),),
    )

    assert vurder_innsyn(sak, med).grunnlag == "saksansvarlig; klarering H for Bydel Alna"
    assert vurder_innsyn(sak, med).full_visning
    assert not vurder_innsyn(sak, feil_skala).er_klarert
    assert not vurder_innsyn(sak, _profil(bruker_id=ANSVARLIG)).full_visning


def test_dokument_vurderes_etter_egen_skjerming_og_registreringen_det_naas_gjennom() -> None:
    skjerming = _skjerming(["TRO"])
    journalpost = _journalpost(skjerming)
    dokument = Dokumentbeskrivelse(
        tittel="Bekymringsmelding.pdf",
        skjerming=skjerming,
        arkivdel=Arkivdel(arkiv=Arkiv(virksomhet_id=ALNA)),
    )
    fil = Dokumentobjekt(dokumentbeskrivelse=dokument)
    profil = _profil(saker=(Sakstilgangsrett(SAK, "Kari"),))

    assert vurder_innsyn(fil, profil, via=journalpost).grunnlag == "sakstilgang gitt av Kari"
    assert not vurder_innsyn(fil, profil).har_innsyn  # without the registrering: no case
