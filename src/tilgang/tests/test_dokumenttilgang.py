"""A document with its own screening or grading is judged in its registrering's context."""

from __future__ import annotations

from typing import Any

import pytest

from arkivstruktur.models import Dokumentbeskrivelse
from arkivstruktur.services.arv import gradering_sett, skjerming_sett
from arkivstruktur.services.dokumentbeskrivelse import dokumentbeskrivelse_opprett
from organisasjon.models import Rolle
from organisasjon.tests.factories import AdministrativEnhetFactory, bruker_med_rolle
from sakarkiv.tests.conftest import Bydel, lag_bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from tilgang.profil import glem_tilgangsprofil
from tilgang.services import klarering_gi, sakstilgang_gi, tilgangskode_gi

pytestmark = pytest.mark.django_db


@pytest.fixture
def bydel(db: Any) -> Bydel:
    return lag_bydel("Alna")


@pytest.fixture
def skjermet_vedlegg(bydel: Bydel) -> Dokumentbeskrivelse:
    """An open journalpost whose attachment alone is screened under § 13."""
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="U")
    dokumentbeskrivelse_opprett(registrering=jp, tittel="Brev", utfoert_av=bydel.saksbehandler)
    vedlegg = dokumentbeskrivelse_opprett(
        registrering=jp, tittel="Legeerklæring", utfoert_av=bydel.saksbehandler
    )
    skjerming_sett(
        enhet=vedlegg, tilgangsrestriksjon="13", skjerming_metadata=["TD"], utfoert_av=bydel.arkivar
    )
    return vedlegg


def _ser(bruker: Any) -> set[str]:
    return set(Dokumentbeskrivelse.objects.synlig_for(bruker).values_list("tittel", flat=True))


def test_saksbehandleren_ser_det_skjermede_vedlegget_i_sin_egen_sak(
    bydel: Bydel, skjermet_vedlegg: Dokumentbeskrivelse
) -> None:
    assert _ser(bydel.saksbehandler) == {"Brev", "Legeerklæring"}


def test_kollega_uten_kode_ser_brevet_men_ikke_vedlegget(
    bydel: Bydel, skjermet_vedlegg: Dokumentbeskrivelse
) -> None:
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, bydel.enhet)

    assert _ser(kollega) == {"Brev"}


def test_kode_for_enheten_aapner_vedlegget(
    bydel: Bydel, skjermet_vedlegg: Dokumentbeskrivelse
) -> None:
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, bydel.enhet)
    tilgangskode_gi(
        bruker=kollega, tilgangskode="13", administrativ_enhet=bydel.enhet, utfoert_av=bydel.arkivar
    )

    assert "Legeerklæring" in _ser(kollega)


def test_sakstilgang_aapner_vedlegget(bydel: Bydel, skjermet_vedlegg: Dokumentbeskrivelse) -> None:
    kollega = bruker_med_rolle(
        Rolle.SAKSBEHANDLER, AdministrativEnhetFactory(virksomhet=bydel.enhet.virksomhet)
    )
    sak = skjermet_vedlegg.registreringer.get().mappe
    sakstilgang_gi(saksmappe=sak, bruker=kollega, utfoert_av=bydel.saksbehandler)

    assert "Legeerklæring" in _ser(kollega)


def test_gradert_vedlegg_krever_klarering_ogsaa_for_saksbehandleren(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="U")
    vedlegg = dokumentbeskrivelse_opprett(
        registrering=jp, tittel="Beredskapsplan", utfoert_av=bydel.saksbehandler
    )
    gradering_sett(enhet=vedlegg, graderingskode="K", utfoert_av=bydel.arkivar)

    assert "Beredskapsplan" not in _ser(bydel.saksbehandler)
    klarering_gi(
        bruker=bydel.saksbehandler,
        graderingskode="K",
        virksomhet=bydel.arkiv.virksomhet,
        utfoert_av=bydel.arkivar,
    )
    glem_tilgangsprofil(bydel.saksbehandler)
    assert "Beredskapsplan" in _ser(bydel.saksbehandler)


def test_journalposter_i_gradert_sak_krever_sakens_klarering(bydel: Bydel) -> None:
    from sakarkiv.models import Journalpost

    sak = ny_sak(bydel, tittel="Beredskap ved Alna")
    jp = ny_journalpost(
        sak, bydel.saksbehandler, journalposttype="U", tittel="Oversikt over tilfluktsrom"
    )
    dokumentbeskrivelse_opprett(registrering=jp, tittel="Kart", utfoert_av=bydel.saksbehandler)
    gradering_sett(enhet=sak, graderingskode="K", utfoert_av=bydel.arkivar)
    kollega = bruker_med_rolle(Rolle.ARKIVAR, bydel.enhet)
    tilgangskode_gi(
        bruker=kollega,
        tilgangskode="13",
        virksomhet=bydel.arkiv.virksomhet,
        utfoert_av=bydel.arkivar,
    )

    assert Journalpost.objects.synlig_for(kollega).filter(pk=jp.pk).exists() is False
    assert "Kart" not in _ser(kollega)
    klarering_gi(
        bruker=kollega,
        graderingskode="K",
        virksomhet=bydel.arkiv.virksomhet,
        utfoert_av=bydel.arkivar,
    )
    glem_tilgangsprofil(kollega)
    assert Journalpost.objects.synlig_for(kollega).filter(pk=jp.pk).exists() is True
    assert "Kart" in _ser(kollega)
