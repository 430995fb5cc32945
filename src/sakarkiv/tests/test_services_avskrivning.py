"""Avskrivning (model.md §4.11): only I and N, with a matching answer where the method says so."""

from __future__ import annotations

import pytest

from felles.feil import DomeneFeil
from sakarkiv.models import Avskrivning
from sakarkiv.services.avskrivning import journalpost_avskriv
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak

pytestmark = pytest.mark.django_db


def test_innkommende_avskrives_med_utgaaende_svar(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    innkommende = ny_journalpost(sak, bydel.saksbehandler, journalposttype="I")
    svar = ny_journalpost(sak, bydel.saksbehandler, journalposttype="U")

    avskrivning = journalpost_avskriv(
        journalpost=innkommende,
        avskrivningsmaate="BU",
        avskrives_av_journalpost=svar,
        utfoert_av=bydel.saksbehandler,
    )

    assert avskrivning.avskrivningsmaate_kodenavn == "Besvart med brev"
    assert avskrivning.referanse_avskrives_av_journalpost_id == svar.pk
    assert avskrivning.avskrevet_av == bydel.saksbehandler.visningsnavn


@pytest.mark.parametrize("journalposttype", ["U", "X"])
def test_utgaaende_og_interne_uten_oppfoelging_avskrives_ikke(
    bydel: Bydel, journalposttype: str
) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype=journalposttype)

    with pytest.raises(DomeneFeil):
        journalpost_avskriv(journalpost=jp, avskrivningsmaate="TE", utfoert_av=bydel.saksbehandler)

    assert Avskrivning.objects.exists() is False


def test_besvart_med_brev_krever_svaret(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="I")

    with pytest.raises(DomeneFeil) as feil:
        journalpost_avskriv(journalpost=jp, avskrivningsmaate="BU", utfoert_av=bydel.saksbehandler)

    assert feil.value.felt == "avskrives_av_journalpost"


def test_svaret_maa_vaere_av_riktig_type(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    jp = ny_journalpost(sak, bydel.saksbehandler, journalposttype="I")
    annet_innkommende = ny_journalpost(sak, bydel.saksbehandler, journalposttype="I")

    with pytest.raises(DomeneFeil):
        journalpost_avskriv(
            journalpost=jp,
            avskrivningsmaate="BU",
            avskrives_av_journalpost=annet_innkommende,
            utfoert_av=bydel.saksbehandler,
        )


def test_tatt_til_etterretning_trenger_ikke_svar(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="I")

    avskrivning = journalpost_avskriv(
        journalpost=jp, avskrivningsmaate="TE", utfoert_av=bydel.saksbehandler
    )

    assert avskrivning.referanse_avskrives_av_journalpost is None


def test_ukjent_avskrivningsmaate_avvises(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="I")

    with pytest.raises(DomeneFeil) as feil:
        journalpost_avskriv(journalpost=jp, avskrivningsmaate="XYZ", utfoert_av=bydel.saksbehandler)

    assert feil.value.kode == "ukjent_kode"
