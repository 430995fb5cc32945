"""One korrespondansepart at a time; changing and undoing avskrivning, dokumentflyt and
presedens; the selectors of what hangs on a registrering (model.md §4.1, §4.11–4.13)."""

from __future__ import annotations

import datetime as dt

import pytest

from arkivstruktur.tests.factories_registrering import arkiver
from felles.feil import DomeneFeil, IkkeFunnet, IngenTilgang
from felles.tid import naa
from sakarkiv.models import Avskrivning, Dokumentflyt, Korrespondansepart, Presedens
from sakarkiv.selectors import (
    avskrivning_liste,
    dokumentflyt_liste,
    korrespondansepart_hent,
    korrespondansepart_liste,
    presedens_liste,
)
from sakarkiv.services.avskrivning import (
    avskrivning_endre,
    avskrivning_slett,
    journalpost_avskriv,
)
from sakarkiv.services.dokumentflyt import (
    dokumentflyt_besvar,
    dokumentflyt_send,
    dokumentflyt_slett,
)
from sakarkiv.services.korrespondansepart import (
    NyKorrespondansepart,
    korrespondansepart_endre,
    korrespondansepart_opprett,
    korrespondansepart_slett,
)
from sakarkiv.services.presedens import presedens_endre, presedens_opprett, presedens_slett
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sporing.models import Endringslogg

pytestmark = pytest.mark.django_db

GYLDIG_FNR = "15108695088"
GYLDIG_ORGNR = "974760673"


# Korrespondansepart


def test_korrespondansepart_legges_til_endres_og_slettes(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler)

    part = korrespondansepart_opprett(
        registrering=jp,
        data=NyKorrespondansepart(
            korrespondanseparttype="EK", navn="Ola Hansen", personidentifikator=GYLDIG_FNR
        ),
        utfoert_av=bydel.saksbehandler,
    )
    korrespondansepart_endre(
        korrespondansepart=part,
        navn="Ola Hansen-Olsen",
        personidentifikator="01010050053",
        utfoert_av=bydel.saksbehandler,
    )
    part.refresh_from_db()
    navn, personid = part.korrespondansepart_navn, part.personidentifikator
    korrespondansepart_slett(korrespondansepart=part, utfoert_av=bydel.saksbehandler)

    assert (navn, personid) == ("Ola Hansen-Olsen", "01010050053")
    assert Korrespondansepart.objects.filter(pk=part.pk).exists() is False
    logg = Endringslogg.objects.filter(referanse_arkivenhet=part.system_id)
    assert sorted(logg.values_list("hendelsetype", flat=True)) == ["C", "D", "U", "U"]
    personlogg = logg.get(referanse_metadata="personidentifikator")
    assert (personlogg.tidligere_verdi, personlogg.ny_verdi) == ("*****", "*****")


@pytest.mark.parametrize(
    ("data", "felt"),
    [
        (
            NyKorrespondansepart(
                korrespondanseparttype="EA", navn="Kari", personidentifikator="15108695077"
            ),
            "personidentifikator",
        ),
        (
            NyKorrespondansepart(
                korrespondanseparttype="EA",
                navn="Firma",
                subtype="enhet",
                enhetsidentifikator="988077918",
            ),
            "enhetsidentifikator",
        ),
        (
            NyKorrespondansepart(
                korrespondanseparttype="EA", navn="Kari", enhetsidentifikator=GYLDIG_ORGNR
            ),
            "enhetsidentifikator",
        ),
        (
            NyKorrespondansepart(korrespondanseparttype="XX", navn="Kari"),
            "korrespondanseparter[0].korrespondanseparttype",
        ),
    ],
)
def test_ugyldig_korrespondansepart_avvises(
    bydel: Bydel, data: NyKorrespondansepart, felt: str
) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler)

    with pytest.raises(DomeneFeil) as feil:
        korrespondansepart_opprett(registrering=jp, data=data, utfoert_av=bydel.saksbehandler)

    assert feil.value.felt == felt
    assert Korrespondansepart.objects.filter(registrering=jp).count() == 1


def test_korrespondansepart_paa_arkivert_journalpost_er_frosset(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler)
    part = jp.korrespondanseparter.get()
    arkiver(jp)

    with pytest.raises(DomeneFeil, match="arkivert"):
        korrespondansepart_opprett(
            registrering=jp,
            data=NyKorrespondansepart(korrespondanseparttype="EK", navn="Ola"),
            utfoert_av=bydel.saksbehandler,
        )
    with pytest.raises(DomeneFeil, match="arkivert"):
        korrespondansepart_endre(
            korrespondansepart=part, navn="Annen", utfoert_av=bydel.saksbehandler
        )
    with pytest.raises(DomeneFeil, match="arkivert"):
        korrespondansepart_slett(korrespondansepart=part, utfoert_av=bydel.saksbehandler)

    assert jp.korrespondanseparter.get().korrespondansepart_navn == "Kari Nordmann"


def test_korrespondansepart_i_annen_bydel_er_skjult_og_kan_ikke_endres(
    bydel: Bydel, annen_bydel: Bydel
) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler)
    part = jp.korrespondanseparter.get()

    with pytest.raises(IkkeFunnet):
        korrespondansepart_hent(bruker=annen_bydel.saksbehandler, system_id=part.system_id)
    with pytest.raises(IngenTilgang):
        korrespondansepart_endre(
            korrespondansepart=part, navn="X", utfoert_av=annen_bydel.saksbehandler
        )

    assert korrespondansepart_liste(bruker=bydel.saksbehandler, registrering=jp).count() == 1


def test_intern_korrespondansepart_faar_navn_fra_saksbehandler(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="N")

    part = korrespondansepart_opprett(
        registrering=jp,
        data=NyKorrespondansepart(
            korrespondanseparttype="IM", subtype="intern", saksbehandler=bydel.leder
        ),
        utfoert_av=bydel.saksbehandler,
    )

    assert part.korrespondansepart_navn == bydel.leder.visningsnavn
    assert part.referanse_saksbehandler == bydel.leder


def test_korrespondansepart_som_avskrivningen_viser_til_slettes_ikke(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="I")
    part = jp.korrespondanseparter.get()
    journalpost_avskriv(
        journalpost=jp,
        avskrivningsmaate="TE",
        avskrives_av_korrespondansepart=part,
        utfoert_av=bydel.saksbehandler,
    )

    with pytest.raises(DomeneFeil, match="avskrivning"):
        korrespondansepart_slett(korrespondansepart=part, utfoert_av=bydel.saksbehandler)

    assert Korrespondansepart.objects.filter(pk=part.pk).exists() is True


# Avskrivning


def test_avskrivning_endres_med_samme_regler_og_kan_angres(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    inn = ny_journalpost(sak, bydel.saksbehandler, journalposttype="I")
    svar = ny_journalpost(sak, bydel.saksbehandler, journalposttype="U")
    avskrivning = journalpost_avskriv(
        journalpost=inn, avskrivningsmaate="TE", utfoert_av=bydel.saksbehandler
    )

    with pytest.raises(DomeneFeil) as uten_svar:
        avskrivning_endre(
            avskrivning=avskrivning, avskrivningsmaate="BU", utfoert_av=bydel.saksbehandler
        )
    avskrivning_endre(
        avskrivning=avskrivning,
        avskrivningsmaate="BU",
        avskrives_av_journalpost=svar,
        utfoert_av=bydel.saksbehandler,
    )
    avskrivning.refresh_from_db()
    endret = (avskrivning.avskrivningsmaate, avskrivning.referanse_avskrives_av_journalpost_id)
    avskrivning_slett(avskrivning=avskrivning, utfoert_av=bydel.saksbehandler)

    assert uten_svar.value.felt == "avskrives_av_journalpost"
    assert endret == ("BU", svar.pk)
    assert Avskrivning.objects.exists() is False
    assert Endringslogg.objects.filter(
        referanse_arkivenhet=avskrivning.system_id, hendelsetype="D"
    ).exists()


def test_avskrivning_paa_arkivert_journalpost_er_frosset(bydel: Bydel) -> None:
    inn = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="I")
    avskrivning = journalpost_avskriv(
        journalpost=inn, avskrivningsmaate="TE", utfoert_av=bydel.saksbehandler
    )
    arkiver(inn)

    with pytest.raises(DomeneFeil, match="arkivert"):
        avskrivning_slett(avskrivning=avskrivning, utfoert_av=bydel.arkivar)
    with pytest.raises(DomeneFeil, match="arkivert"):
        avskrivning_endre(avskrivning=avskrivning, avskrivningsmaate="TO", utfoert_av=bydel.arkivar)

    assert Avskrivning.objects.get().avskrivningsmaate == "TE"


# Dokumentflyt


def test_ubesvart_dokumentflyt_trekkes_tilbake_men_ikke_besvart(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="U", journalstatus="F")
    ubesvart = dokumentflyt_send(
        registrering=jp, flyt_til=bydel.leder, utfoert_av=bydel.saksbehandler
    )
    besvart = dokumentflyt_send(
        registrering=jp, flyt_til=bydel.leder, utfoert_av=bydel.saksbehandler
    )
    dokumentflyt_besvar(dokumentflyt=besvart, flyt_status="G", utfoert_av=bydel.leder)

    dokumentflyt_slett(dokumentflyt=ubesvart, utfoert_av=bydel.saksbehandler)
    with pytest.raises(DomeneFeil, match="besvart"):
        dokumentflyt_slett(dokumentflyt=besvart, utfoert_av=bydel.saksbehandler)

    assert list(Dokumentflyt.objects.values_list("pk", flat=True)) == [besvart.pk]


def test_dokumentflyt_med_oppgitt_sendt_tidspunkt(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, journalposttype="U", journalstatus="F")
    sendt = naa() - dt.timedelta(hours=1)

    flyt = dokumentflyt_send(
        registrering=jp, flyt_til=bydel.leder, flyt_sendt_dato=sendt, utfoert_av=bydel.saksbehandler
    )
    with pytest.raises(DomeneFeil) as framtid:
        dokumentflyt_send(
            registrering=jp,
            flyt_til=bydel.leder,
            flyt_sendt_dato=naa() + dt.timedelta(days=1),
            utfoert_av=bydel.saksbehandler,
        )

    flyt.refresh_from_db()
    assert flyt.flyt_sendt_dato == sendt
    assert framtid.value.felt == "flyt_sendt_dato"


# Presedens


def test_presedens_endres_foreldes_og_slettes(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    presedens = presedens_opprett(
        tittel="Barnehageplass ved flytting",
        rettskildefaktor="Vedtak",
        saksmappe=sak,
        utfoert_av=bydel.saksbehandler,
    )

    presedens_endre(
        presedens=presedens,
        beskrivelse="Gjelder flytting innad i bydelen.",
        presedens_status="F",
        utfoert_av=bydel.saksbehandler,
    )
    presedens.refresh_from_db()
    foreldet = (presedens.presedens_status, presedens.avsluttet_dato is not None)
    with pytest.raises(DomeneFeil, match="kan ikke endres"):
        presedens_endre(presedens=presedens, tittel="Ny tittel", utfoert_av=bydel.saksbehandler)
    with pytest.raises(DomeneFeil) as tilbake:
        presedens_endre(presedens=presedens, presedens_status="G", utfoert_av=bydel.saksbehandler)
    presedens_slett(presedens=presedens, utfoert_av=bydel.saksbehandler)

    assert foreldet == ("F", True)
    assert tilbake.value.felt == "presedens_status"
    assert Presedens.objects.exists() is False


def test_presedens_krever_arbeid_paa_alle_saker_som_viser_til_den(
    bydel: Bydel, annen_bydel: Bydel
) -> None:
    presedens = presedens_opprett(
        tittel="Vedtak", rettskildefaktor="Vedtak", saksmappe=ny_sak(bydel), utfoert_av=bydel.leder
    )
    presedens.saksmapper.add(ny_sak(annen_bydel))

    with pytest.raises(IngenTilgang):
        presedens_endre(presedens=presedens, tittel="Endret", utfoert_av=bydel.saksbehandler)
    with pytest.raises(IngenTilgang):
        presedens_slett(presedens=presedens, utfoert_av=bydel.saksbehandler)

    assert Presedens.objects.get().tittel == "Vedtak"


# Selectors


def test_annen_bydel_ser_ikke_oppfoelgingen(bydel: Bydel, annen_bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    inn = ny_journalpost(sak, bydel.saksbehandler, journalposttype="I")
    journalpost_avskriv(journalpost=inn, avskrivningsmaate="TE", utfoert_av=bydel.saksbehandler)
    dokumentflyt_send(registrering=inn, flyt_til=bydel.leder, utfoert_av=bydel.saksbehandler)
    presedens_opprett(
        tittel="P", rettskildefaktor="R", journalpost=inn, utfoert_av=bydel.saksbehandler
    )

    for bruker, antall in ((bydel.saksbehandler, 1), (annen_bydel.saksbehandler, 0)):
        assert korrespondansepart_liste(bruker=bruker).count() == antall
        assert avskrivning_liste(bruker=bruker).count() == antall
        assert dokumentflyt_liste(bruker=bruker).count() == antall
        assert presedens_liste(bruker=bruker).count() == antall
    assert presedens_liste(bruker=bydel.saksbehandler, journalpost=inn).count() == 1
    assert presedens_liste(bruker=bydel.saksbehandler, saksmappe=sak).count() == 0
