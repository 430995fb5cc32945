"""`synlig_for(bruker)`: district, screening (code, responsibility, sakstilgang; lapsing by
date), grading (clearance only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from arkivstruktur.models import Gradering, Registrering, Skjerming
from felles.feil import IkkeFunnet
from felles.tid import dato_i_oslo, naa
from organisasjon.models import Rolle, Virksomhetstype
from organisasjon.tests.factories import (
    AdministrativEnhetFactory,
    VirksomhetFactory,
    bruker_med_rolle,
)
from sakarkiv.models import Journalpost, Saksmappe
from sakarkiv.selectors import journalpost_hent, saksmappe_hent, saksmappe_liste
from sakarkiv.tests.conftest import Bydel, lag_bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from tilgang.models import Klarering, Sakstilgang, Tilgangskodetildeling
from tilgang.profil import glem_tilgangsprofil, tilgangsprofil

pytestmark = pytest.mark.django_db


def _skjerm(sak: Saksmappe, kode: str = "13") -> None:
    skjerming = Skjerming.objects.create(
        tilgangsrestriksjon=kode, skjermingshjemmel="Offl. § 13", skjerming_metadata=["TMO"]
    )
    Saksmappe.objects.filter(pk=sak.pk).update(skjerming=skjerming)
    Registrering.objects.filter(mappe=sak).update(skjerming=skjerming, skjerming_er_arvet=True)


@pytest.fixture
def oppsett(db: Any) -> tuple[Bydel, Bydel, Saksmappe, Saksmappe]:
    alna, bjerke = lag_bydel("Alna"), lag_bydel("Bjerke")
    aapen = ny_sak(alna, tittel="Tilskudd til idrettslag")
    skjermet = ny_sak(
        alna, tittel="Bekymringsmelding Ola Hansen", offentlig_tittel="Bekymringsmelding *****"
    )
    ny_journalpost(skjermet, alna.saksbehandler)
    _skjerm(skjermet)
    return alna, bjerke, aapen, skjermet


def _synlige(bruker: Any) -> set[str]:
    return set(saksmappe_liste(bruker=bruker).values_list("tittel", flat=True))


def test_saksbehandler_ser_aapne_saker_i_egen_bydel_men_ikke_skjermede(oppsett: Any) -> None:
    alna, _bjerke, _aapen, _skjermet = oppsett
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)

    assert _synlige(kollega) == {"Tilskudd til idrettslag"}


def test_saksbehandler_i_annen_bydel_ser_ingenting(oppsett: Any) -> None:
    _alna, bjerke, _aapen, skjermet = oppsett

    assert _synlige(bjerke.saksbehandler) == set()
    with pytest.raises(IkkeFunnet):
        saksmappe_hent(bruker=bjerke.saksbehandler, system_id=skjermet.system_id)


def test_saksansvarlig_ser_sin_skjermede_sak(oppsett: Any) -> None:
    alna, *_ = oppsett

    assert _synlige(alna.saksbehandler) == {
        "Tilskudd til idrettslag",
        "Bekymringsmelding Ola Hansen",
    }


def test_tilgangskode_for_bydelen_gir_innsyn_i_skjermede_saker(oppsett: Any) -> None:
    alna, _bjerke, _aapen, skjermet = oppsett
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)
    Tilgangskodetildeling.objects.create(
        bruker=kollega, tilgangskode="13", virksomhet=alna.arkiv.virksomhet, gitt_av="test"
    )

    assert "Bekymringsmelding Ola Hansen" in _synlige(kollega)
    jp = Journalpost.objects.get(mappe=skjermet)
    assert journalpost_hent(bruker=kollega, system_id=jp.system_id) == jp


def test_feil_tilgangskode_gir_ikke_innsyn(oppsett: Any) -> None:
    alna, *_ = oppsett
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)
    Tilgangskodetildeling.objects.create(
        bruker=kollega, tilgangskode="14", virksomhet=alna.arkiv.virksomhet, gitt_av="test"
    )

    assert "Bekymringsmelding Ola Hansen" not in _synlige(kollega)


def test_tilgangskode_for_enhet_gjelder_enheten_og_underenhetene(oppsett: Any) -> None:
    alna, *_ = oppsett
    overordnet = AdministrativEnhetFactory(virksomhet=alna.enhet.virksomhet)
    alna.enhet.overordnet_enhet = overordnet
    alna.enhet.save()
    annen_enhet = AdministrativEnhetFactory(virksomhet=alna.enhet.virksomhet)
    med_overordnet = bruker_med_rolle(Rolle.LEDER, overordnet)
    med_annen = bruker_med_rolle(Rolle.LEDER, annen_enhet)
    Tilgangskodetildeling.objects.create(
        bruker=med_overordnet, tilgangskode="13", administrativ_enhet=overordnet, gitt_av="test"
    )
    Tilgangskodetildeling.objects.create(
        bruker=med_annen, tilgangskode="13", administrativ_enhet=annen_enhet, gitt_av="test"
    )

    assert "Bekymringsmelding Ola Hansen" in _synlige(med_overordnet)
    assert "Bekymringsmelding Ola Hansen" not in _synlige(med_annen)


def test_dokumentsenteret_ser_alle_bydeler_men_ikke_skjermet_uten_kode(oppsett: Any) -> None:
    _alna, bjerke, *_ = oppsett
    ny_sak(bjerke, tittel="Søknad om avlastning")
    senteret = VirksomhetFactory(
        navn="Dokumentsenteret",
        kortnavn="dokumentsenteret",
        virksomhetstype=Virksomhetstype.FELLESTJENESTE,
    )
    arkivar = bruker_med_rolle(Rolle.ARKIVAR, AdministrativEnhetFactory(virksomhet=senteret))

    assert _synlige(arkivar) == {"Tilskudd til idrettslag", "Søknad om avlastning"}


def _grader(sak: Saksmappe, kode: str = "K") -> None:
    gradering = Gradering.objects.create(
        graderingskode=kode, graderingsdato=naa(), gradert_av="test"
    )
    Saksmappe.objects.filter(pk=sak.pk).update(gradering=gradering)


def _klarer(bruker: Any, kode: str, virksomhet: Any = None, **kwargs: Any) -> None:
    kwargs.setdefault("gyldig_fra", dt.date(2020, 1, 1))
    Klarering.objects.create(
        bruker=bruker, graderingskode=kode, virksomhet=virksomhet, gitt_av="test", **kwargs
    )
    glem_tilgangsprofil(bruker)


def test_gradert_sak_er_skjult_ogsaa_for_saksansvarlig_uten_klarering(oppsett: Any) -> None:
    alna, _bjerke, aapen, _skjermet = oppsett
    _grader(aapen, "B")
    kollega = bruker_med_rolle(Rolle.ARKIVAR, alna.enhet)
    Tilgangskodetildeling.objects.create(
        bruker=kollega, tilgangskode="13", virksomhet=alna.arkiv.virksomhet, gitt_av="test"
    )

    assert "Tilskudd til idrettslag" not in _synlige(kollega)
    assert "Tilskudd til idrettslag" not in _synlige(alna.saksbehandler)


@pytest.mark.parametrize(
    ("klarering", "gradering", "ser"),
    [
        ("K", "K", True),
        ("K", "B", True),
        ("K", "H", False),
        ("SH", "B", True),
        ("SF", "F", True),
        ("F", "SF", False),
        ("SH", "F", False),  # a clearance on one scale does not open the other
        ("SF", "B", False),
    ],
)
def test_klarering_gjelder_sin_grad_og_lavere_paa_samme_skala(
    oppsett: Any, klarering: str, gradering: str, ser: bool
) -> None:
    alna, _bjerke, aapen, _skjermet = oppsett
    _grader(aapen, gradering)
    _klarer(alna.saksbehandler, klarering, alna.arkiv.virksomhet)

    assert ("Tilskudd til idrettslag" in _synlige(alna.saksbehandler)) is ser


def test_klarering_for_annen_virksomhet_gjelder_ikke(oppsett: Any) -> None:
    alna, bjerke, aapen, _skjermet = oppsett
    _grader(aapen)
    _klarer(alna.saksbehandler, "K", bjerke.arkiv.virksomhet)

    assert "Tilskudd til idrettslag" not in _synlige(alna.saksbehandler)


def test_klarering_for_alle_virksomheter_krever_fortsatt_rolle_i_bydelen(oppsett: Any) -> None:
    alna, bjerke, aapen, _skjermet = oppsett
    _grader(aapen)
    _klarer(alna.saksbehandler, "K")
    _klarer(bjerke.saksbehandler, "K")

    assert "Tilskudd til idrettslag" in _synlige(alna.saksbehandler)
    assert _synlige(bjerke.saksbehandler) == set()


def test_klarering_gjelder_bare_i_gyldighetsperioden(oppsett: Any) -> None:
    alna, _bjerke, aapen, _skjermet = oppsett
    _grader(aapen)
    i_dag = dato_i_oslo(naa())
    utloept = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)
    framtidig = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)
    siste_dag = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)
    _klarer(utloept, "K", gyldig_til=i_dag - dt.timedelta(days=1))
    _klarer(framtidig, "K", gyldig_fra=i_dag + dt.timedelta(days=1))
    _klarer(siste_dag, "K", gyldig_til=i_dag)

    assert "Tilskudd til idrettslag" not in _synlige(utloept)
    assert "Tilskudd til idrettslag" not in _synlige(framtidig)
    assert "Tilskudd til idrettslag" in _synlige(siste_dag)


def test_gradert_og_skjermet_sak_krever_baade_kode_og_klarering(oppsett: Any) -> None:
    alna, _bjerke, _aapen, skjermet = oppsett
    _grader(skjermet)
    bare_kode = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)
    bare_klarering = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)
    begge = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)
    for bruker in (bare_kode, begge):
        Tilgangskodetildeling.objects.create(
            bruker=bruker, tilgangskode="13", virksomhet=alna.arkiv.virksomhet, gitt_av="test"
        )
    _klarer(bare_klarering, "K")
    _klarer(begge, "K")

    assert "Bekymringsmelding Ola Hansen" not in _synlige(bare_kode)
    assert "Bekymringsmelding Ola Hansen" not in _synlige(bare_klarering)
    assert "Bekymringsmelding Ola Hansen" in _synlige(begge)


def _sett_opphoer(sak: Saksmappe, dato: dt.date, **endringer: Any) -> None:
    Skjerming.objects.filter(pk=Saksmappe.objects.get(pk=sak.pk).skjerming_id).update(
        skjerming_opphoerer_dato=dato, **endringer
    )


def test_skjerming_opphoerer_av_seg_selv_dagen_etter_opphoersdatoen(oppsett: Any) -> None:
    alna, _bjerke, _aapen, skjermet = oppsett
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)
    i_dag = dato_i_oslo(naa())

    _sett_opphoer(skjermet, i_dag)
    assert "Bekymringsmelding Ola Hansen" not in _synlige(kollega)

    _sett_opphoer(skjermet, i_dag - dt.timedelta(days=1))
    assert "Bekymringsmelding Ola Hansen" in _synlige(kollega)
    jp = Journalpost.objects.get(mappe=skjermet)
    assert journalpost_hent(bruker=kollega, system_id=jp.system_id) == jp


@pytest.mark.parametrize(
    "endringer",
    [
        {"tilgangsrestriksjon": "XX"},
        {"skjerming_metadata": ["TMO", "M"]},
        {"skjerming_metadata": ["M"]},
    ],
)
def test_midlertidig_skjerming_opphoerer_ikke_paa_dato(oppsett: Any, endringer: Any) -> None:
    alna, _bjerke, _aapen, skjermet = oppsett
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)

    _sett_opphoer(skjermet, dt.date(2001, 1, 1), **endringer)

    assert "Bekymringsmelding Ola Hansen" not in _synlige(kollega)


def test_skjermingsmetadata_med_annen_kode_som_inneholder_m_er_ikke_midlertidig(
    oppsett: Any,
) -> None:
    alna, _bjerke, _aapen, skjermet = oppsett
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)

    _sett_opphoer(skjermet, dt.date(2001, 1, 1), skjerming_metadata=["TM1", "MT", "NM"])

    assert "Bekymringsmelding Ola Hansen" in _synlige(kollega)


def test_leder_ser_enhetens_skjermede_saker_bare_med_kode(oppsett: Any) -> None:
    alna, *_ = oppsett
    leder_med_kode = bruker_med_rolle(Rolle.LEDER, alna.enhet)
    Tilgangskodetildeling.objects.create(
        bruker=leder_med_kode, tilgangskode="13", administrativ_enhet=alna.enhet, gitt_av="test"
    )

    assert "Bekymringsmelding Ola Hansen" not in _synlige(alna.leder)
    assert "Bekymringsmelding Ola Hansen" in _synlige(leder_med_kode)


def test_sakstilgang_gir_innsyn_i_saken_og_journalpostene_uansett_enhet(oppsett: Any) -> None:
    alna, _bjerke, _aapen, skjermet = oppsett
    annen_enhet = AdministrativEnhetFactory(virksomhet=alna.enhet.virksomhet)
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, annen_enhet)
    annen_skjermet = ny_sak(alna, tittel="Bekymringsmelding Per Hansen", offentlig_tittel="B *")
    _skjerm(annen_skjermet)
    Sakstilgang.objects.create(bruker=kollega, mappe=skjermet, gitt_av="test")

    assert "Bekymringsmelding Ola Hansen" in _synlige(kollega)
    assert "Bekymringsmelding Per Hansen" not in _synlige(kollega)
    jp = Journalpost.objects.get(mappe=skjermet)
    assert journalpost_hent(bruker=kollega, system_id=jp.system_id) == jp


def test_sakstilgang_gjelder_ikke_etter_utloep_eller_i_annen_bydel(oppsett: Any) -> None:
    alna, bjerke, _aapen, skjermet = oppsett
    utloept = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)
    Sakstilgang.objects.create(
        bruker=utloept,
        mappe=skjermet,
        gitt_av="test",
        utloeper=dato_i_oslo(naa()) - dt.timedelta(days=1),
    )
    Sakstilgang.objects.create(bruker=bjerke.saksbehandler, mappe=skjermet, gitt_av="test")

    assert "Bekymringsmelding Ola Hansen" not in _synlige(utloept)
    assert _synlige(bjerke.saksbehandler) == set()


def test_sakstilgang_er_ikke_klarering(oppsett: Any) -> None:
    alna, _bjerke, _aapen, skjermet = oppsett
    _grader(skjermet)
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)
    Sakstilgang.objects.create(bruker=kollega, mappe=skjermet, gitt_av="test")

    assert "Bekymringsmelding Ola Hansen" not in _synlige(kollega)


def test_profilen_leses_med_faste_spoerringer(oppsett: Any, django_assert_num_queries: Any) -> None:
    alna, _bjerke, aapen, skjermet = oppsett
    bruker = bruker_med_rolle(Rolle.LEDER, alna.enhet)
    Tilgangskodetildeling.objects.create(
        bruker=bruker, tilgangskode="13", virksomhet=alna.arkiv.virksomhet, gitt_av="test"
    )
    Tilgangskodetildeling.objects.create(
        bruker=bruker, tilgangskode="14", administrativ_enhet=alna.enhet, gitt_av="test"
    )
    _klarer(bruker, "K")
    Sakstilgang.objects.create(bruker=bruker, mappe=aapen, gitt_av="Kari")
    Sakstilgang.objects.create(bruker=bruker, mappe=skjermet, gitt_av="Kari")
    glem_tilgangsprofil(bruker)

    # roles, codes, clearances and case grants in one UNION; the unit tree (a unit grant)
    with django_assert_num_queries(2):
        profil = tilgangsprofil(bruker)
    with django_assert_num_queries(0):
        tilgangsprofil(bruker)

    assert {(k.kode, k.omfang) for k in profil.koder} == {
        ("13", "Bydel Alna"),
        ("14", f"{alna.enhet.administrativ_enhet_navn} i Bydel Alna"),
    }
    assert [k.grader for k in profil.klareringer] == [frozenset({"B", "K"})]
    assert profil.sak_ider == {aapen.pk, skjermet.pk}


def test_anonym_og_deaktivert_bruker_ser_ingenting(oppsett: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    alna, *_ = oppsett
    alna.saksbehandler.is_active = False
    glem_tilgangsprofil(alna.saksbehandler)

    assert _synlige(AnonymousUser()) == set()
    assert _synlige(alna.saksbehandler) == set()
