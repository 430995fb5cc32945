"""Periods (model.md §6.5): an open case in an overlapping period moves on with new records."""

from __future__ import annotations

import pytest

from arkivstruktur.models import Registrering
from arkivstruktur.services.arkiv import arkivdel_avslutt_overlapp, arkivdel_periodiser
from felles.feil import DomeneFeil
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sporing.models import Endringslogg

pytestmark = pytest.mark.django_db


def test_ny_journalpost_i_sak_i_overlappingsperiode_flytter_saken_til_arvtakeren(
    bydel: Bydel,
) -> None:
    sak = ny_sak(bydel)
    gammel_jp = ny_journalpost(sak, bydel.saksbehandler, journalposttype="U")
    arvtaker = arkivdel_periodiser(
        arkivdel=bydel.arkivdel, ny_tittel="Sakarkiv 2027–2030", utfoert_av=bydel.arkivar
    )

    ny_jp = ny_journalpost(sak, bydel.saksbehandler, journalposttype="U")

    sak.refresh_from_db()
    assert sak.arkivdel == arvtaker
    assert ny_jp.arkivdel == arvtaker
    assert Registrering.objects.get(pk=gammel_jp.pk).arkivdel == arvtaker
    assert (
        Endringslogg.objects.filter(
            referanse_arkivenhet=sak.system_id, referanse_metadata="referanseArkivdel"
        ).exists()
        is True
    )


def test_ny_sak_kan_ikke_opprettes_i_overlappingsperiode_men_i_arvtakeren(bydel: Bydel) -> None:
    from sakarkiv.services.saksmappe import saksmappe_opprett

    arvtaker = arkivdel_periodiser(
        arkivdel=bydel.arkivdel, ny_tittel="Ny periode", utfoert_av=bydel.arkivar
    )

    with pytest.raises(DomeneFeil):
        ny_sak(bydel)
    sak = saksmappe_opprett(
        arkivdel=arvtaker, tittel="Ny sak", klasse=bydel.klasse, utfoert_av=bydel.saksbehandler
    )

    assert sak.arkivdel == arvtaker
    assert sak.sakssekvensnummer == 1  # the number series belongs to the arkiv, not the period


def test_overlappingsperioden_kan_ikke_avsluttes_med_aapne_saker(bydel: Bydel) -> None:
    ny_sak(bydel)
    arkivdel_periodiser(arkivdel=bydel.arkivdel, ny_tittel="Ny periode", utfoert_av=bydel.arkivar)

    with pytest.raises(DomeneFeil):
        arkivdel_avslutt_overlapp(arkivdel=bydel.arkivdel, utfoert_av=bydel.arkivar)

    bydel.arkivdel.refresh_from_db()
    assert bydel.arkivdel.arkivdelstatus == "O"


def test_overlappingsperioden_avsluttes_naar_sakene_har_flyttet(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    arkivdel_periodiser(arkivdel=bydel.arkivdel, ny_tittel="Ny periode", utfoert_av=bydel.arkivar)
    ny_journalpost(sak, bydel.saksbehandler, journalposttype="U")

    arkivdel = arkivdel_avslutt_overlapp(arkivdel=bydel.arkivdel, utfoert_av=bydel.arkivar)

    assert arkivdel.arkivdelstatus == "P"
    assert arkivdel.avsluttet_dato is not None
