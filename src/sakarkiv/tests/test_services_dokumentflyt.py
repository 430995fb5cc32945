"""Dokumentflyt (model.md §4.12) and Presedens (§4.13)."""

from __future__ import annotations

import pytest

from felles.feil import DomeneFeil
from sakarkiv.models import Dokumentflyt, Presedens
from sakarkiv.services.dokumentflyt import dokumentflyt_besvar, dokumentflyt_send
from sakarkiv.services.presedens import presedens_foreld, presedens_opprett
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sporing.models import Endringslogg

pytestmark = pytest.mark.django_db


def test_utkast_sendes_til_leder_og_godkjennes(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="U", journalstatus="F")

    flyt = dokumentflyt_send(registrering=jp, flyt_til=bydel.leder, utfoert_av=bydel.saksbehandler)
    flyt = dokumentflyt_besvar(dokumentflyt=flyt, flyt_status="G", utfoert_av=bydel.leder)

    assert (flyt.flyt_fra, flyt.flyt_til) == (
        bydel.saksbehandler.visningsnavn,
        bydel.leder.visningsnavn,
    )
    assert flyt.flyt_status_kodenavn == "Godkjent"
    assert flyt.flyt_mottatt_dato is not None
    assert (
        Endringslogg.objects.filter(
            referanse_arkivenhet=flyt.system_id, referanse_metadata="flytStatus", ny_verdi="G"
        ).count()
        == 1
    )


def test_tilbakesending_krever_kommentar(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="U", journalstatus="F")
    flyt = dokumentflyt_send(registrering=jp, flyt_til=bydel.leder, utfoert_av=bydel.saksbehandler)

    with pytest.raises(DomeneFeil) as feil:
        dokumentflyt_besvar(dokumentflyt=flyt, flyt_status="S", utfoert_av=bydel.leder)

    assert feil.value.felt == "flyt_merknad"
    assert Dokumentflyt.objects.get(pk=flyt.pk).flyt_status == ""


def test_bare_mottakeren_svarer_og_bare_en_gang(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="U", journalstatus="F")
    flyt = dokumentflyt_send(registrering=jp, flyt_til=bydel.leder, utfoert_av=bydel.saksbehandler)

    with pytest.raises(DomeneFeil):
        dokumentflyt_besvar(dokumentflyt=flyt, flyt_status="G", utfoert_av=bydel.saksbehandler)
    dokumentflyt_besvar(
        dokumentflyt=flyt, flyt_status="S", flyt_merknad="Presiser fristen.", utfoert_av=bydel.leder
    )
    with pytest.raises(DomeneFeil):
        dokumentflyt_besvar(dokumentflyt=flyt, flyt_status="G", utfoert_av=bydel.leder)

    assert Dokumentflyt.objects.get(pk=flyt.pk).flyt_merknad == "Presiser fristen."


def test_arkivert_journalpost_sendes_ikke_paa_flyt(bydel: Bydel) -> None:
    from sakarkiv.services.journalpost import journalpost_endre_status

    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="X", journalstatus="J")
    journalpost_endre_status(journalpost=jp, journalstatus="A", utfoert_av=bydel.arkivar)
    jp.refresh_from_db()

    with pytest.raises(DomeneFeil):
        dokumentflyt_send(registrering=jp, flyt_til=bydel.leder, utfoert_av=bydel.saksbehandler)

    assert Dokumentflyt.objects.exists() is False


def test_presedens_knyttes_til_sak_og_journalpost_og_kan_foreldes(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    jp = ny_journalpost(sak, bydel.saksbehandler, journalposttype="U")

    presedens = presedens_opprett(
        tittel="Vedtak om avlastning",
        rettskildefaktor="Forvaltningspraksis",
        saksmappe=sak,
        journalpost=jp,
        utfoert_av=bydel.saksbehandler,
    )
    presedens = presedens_foreld(presedens=presedens, utfoert_av=bydel.arkivar)

    assert presedens.presedens_dato == jp.dokumentets_dato
    assert list(presedens.saksmapper.all()) == [sak]
    assert presedens.presedens_status == "F"
    assert presedens.avsluttet_dato is not None


def test_presedens_uten_rettskildefaktor_avvises(bydel: Bydel) -> None:
    with pytest.raises(DomeneFeil) as feil:
        presedens_opprett(
            tittel="X",
            rettskildefaktor=" ",
            saksmappe=ny_sak(bydel),
            utfoert_av=bydel.saksbehandler,
        )

    assert feil.value.felt == "rettskildefaktor"
    assert Presedens.objects.exists() is False
