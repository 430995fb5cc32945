"""`synlig_for(bruker)`: district, screening (with access code or as responsible), grading."""

from __future__ import annotations

from typing import Any

import pytest

from arkivstruktur.models import Gradering, Registrering, Skjerming
from felles.feil import IkkeFunnet
from felles.tid import naa
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
from tilgang.models import Tilgangskodetildeling
from tilgang.profil import glem_tilgangsprofil

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


def test_gradert_sak_er_skjult_for_andre_enn_saksansvarlig(oppsett: Any) -> None:
    alna, _bjerke, aapen, _skjermet = oppsett
    gradering = Gradering.objects.create(
        graderingskode="B", graderingsdato=naa(), gradert_av="test"
    )
    Saksmappe.objects.filter(pk=aapen.pk).update(gradering=gradering)
    kollega = bruker_med_rolle(Rolle.ARKIVAR, alna.enhet)
    Tilgangskodetildeling.objects.create(
        bruker=kollega, tilgangskode="13", virksomhet=alna.arkiv.virksomhet, gitt_av="test"
    )

    assert "Tilskudd til idrettslag" not in _synlige(kollega)
    assert "Tilskudd til idrettslag" in _synlige(alna.saksbehandler)


def test_anonym_og_deaktivert_bruker_ser_ingenting(oppsett: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    alna, *_ = oppsett
    alna.saksbehandler.is_active = False
    glem_tilgangsprofil(alna.saksbehandler)

    assert _synlige(AnonymousUser()) == set()
    assert _synlige(alna.saksbehandler) == set()
