"""Saksmappe rules: creation, status life cycle, closing conditions, freezing, deletion."""

from __future__ import annotations

import pytest

from arkivstruktur.models import Mappe, Registrering
from felles.feil import DomeneFeil, IngenTilgang
from organisasjon.models import Rolle
from organisasjon.tests.factories import bruker_med_rolle
from sakarkiv.models import Korrespondansepart, Saksmappe
from sakarkiv.services.avskrivning import journalpost_avskriv
from sakarkiv.services.journalpost import journalpost_endre_status
from sakarkiv.services.saksmappe import (
    saksansvar_endre,
    saksmappe_endre,
    saksmappe_endre_status,
    saksmappe_slett,
)
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sporing.models import Endringslogg

pytestmark = pytest.mark.django_db


def _arkiver(journalpost, bydel: Bydel) -> None:  # type: ignore[no-untyped-def]
    for status in ("J", "A"):
        journalpost_endre_status(
            journalpost=journalpost, journalstatus=status, utfoert_av=bydel.arkivar
        )


def _avsluttbar_sak(bydel: Bydel) -> Saksmappe:
    sak = ny_sak(bydel)
    innkommende = ny_journalpost(sak, bydel.saksbehandler, journalposttype="I")
    svar = ny_journalpost(sak, bydel.saksbehandler, journalposttype="U", journalstatus="F")
    journalpost_avskriv(
        journalpost=innkommende,
        avskrivningsmaate="BU",
        avskrives_av_journalpost=svar,
        utfoert_av=bydel.saksbehandler,
    )
    _arkiver(innkommende, bydel)
    journalpost_endre_status(journalpost=svar, journalstatus="E", utfoert_av=bydel.saksbehandler)
    _arkiver(svar, bydel)
    return sak


def test_ny_sak_faar_standardverdier_fra_brukeren(bydel: Bydel) -> None:
    sak = ny_sak(bydel)

    assert sak.saksstatus == "B"
    assert sak.saksstatus_kodenavn == "Under behandling"
    assert sak.referanse_saksansvarlig == bydel.saksbehandler
    assert sak.saksansvarlig == bydel.saksbehandler.visningsnavn
    assert sak.referanse_administrativ_enhet == bydel.enhet
    assert sak.opprettet_av == bydel.saksbehandler.visningsnavn
    assert sak.mappetype == "saksmappe"
    assert (
        Endringslogg.objects.filter(referanse_arkivenhet=sak.system_id, hendelsetype="C").count()
        == 1
    )


def test_blank_tittel_avvises_med_feltnavn_og_ingenting_skrives(bydel: Bydel) -> None:
    with pytest.raises(DomeneFeil) as feil:
        ny_sak(bydel, tittel=" \u200b\u00a0")

    assert feil.value.felt == "tittel"
    assert str(feil.value) == "Tittel må fylles ut."
    assert Mappe.objects.exists() is False
    assert Endringslogg.objects.exists() is False


def test_ukjent_saksstatus_avvises(bydel: Bydel) -> None:
    with pytest.raises(DomeneFeil) as feil:
        ny_sak(bydel, saksstatus="Q")

    assert feil.value.felt == "saksstatus"


def test_sak_maa_klassifiseres_i_arkivdelens_system(bydel: Bydel) -> None:
    with pytest.raises(DomeneFeil) as feil:
        ny_sak(bydel, klasse=None)

    assert feil.value.felt == "klasse"


def test_bruker_fra_annen_bydel_kan_ikke_opprette_sak(bydel: Bydel, annen_bydel: Bydel) -> None:
    with pytest.raises(IngenTilgang):
        ny_sak(bydel, utfoert_av=annen_bydel.saksbehandler)

    assert Mappe.objects.exists() is False


@pytest.mark.parametrize("status", ["O", "P"])
def test_arkivdel_i_overlapp_eller_avsluttet_tar_ikke_imot_nye_saker(
    bydel: Bydel, status: str
) -> None:
    bydel.arkivdel.arkivdelstatus = status
    bydel.arkivdel.save()

    with pytest.raises(DomeneFeil) as feil:
        ny_sak(bydel)

    assert feil.value.felt == "arkivdel"


@pytest.mark.parametrize(("fra", "til"), [("B", "R"), ("U", "B"), ("R", "A"), ("S", "U")])
def test_ulovlige_saksstatusoverganger_avvises(bydel: Bydel, fra: str, til: str) -> None:
    sak = ny_sak(bydel)
    Mappe.objects.filter(pk=sak.pk).update(saksstatus=fra)

    with pytest.raises(DomeneFeil) as feil:
        saksmappe_endre_status(saksmappe=sak, saksstatus=til, utfoert_av=bydel.arkivar)

    assert feil.value.kode == "ugyldig_overgang"


def test_avslutning_setter_avsluttet_dato_og_av(bydel: Bydel) -> None:
    sak = _avsluttbar_sak(bydel)

    sak = saksmappe_endre_status(saksmappe=sak, saksstatus="A", utfoert_av=bydel.arkivar)

    assert sak.avsluttet_dato is not None
    assert sak.avsluttet_av == bydel.arkivar.visningsnavn
    assert (
        Endringslogg.objects.filter(
            referanse_arkivenhet=sak.system_id,
            referanse_metadata="saksstatus",
            tidligere_verdi="B",
            ny_verdi="A",
        ).count()
        == 1
    )


def test_saksbehandler_kan_ikke_avslutte_men_arkivar_kan(bydel: Bydel) -> None:
    sak = _avsluttbar_sak(bydel)

    with pytest.raises(IngenTilgang):
        saksmappe_endre_status(saksmappe=sak, saksstatus="A", utfoert_av=bydel.saksbehandler)

    assert Mappe.objects.get(pk=sak.pk).saksstatus == "B"


def test_sak_med_uarkivert_journalpost_kan_ikke_avsluttes(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    ny_journalpost(sak, bydel.saksbehandler, journalposttype="X")

    with pytest.raises(DomeneFeil) as feil:
        saksmappe_endre_status(saksmappe=sak, saksstatus="A", utfoert_av=bydel.arkivar)

    assert "1 registrering(er) er ikke arkivert" in str(feil.value)
    assert Mappe.objects.get(pk=sak.pk).avsluttet_dato is None


def test_sak_med_restanse_kan_ikke_avsluttes(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    innkommende = ny_journalpost(sak, bydel.saksbehandler, journalposttype="I")
    _arkiver(innkommende, bydel)

    with pytest.raises(DomeneFeil) as feil:
        saksmappe_endre_status(saksmappe=sak, saksstatus="A", utfoert_av=bydel.arkivar)

    assert "1 restanse(r) er ikke avskrevet" in str(feil.value)


def test_sak_uten_klasse_kan_ikke_avsluttes(bydel: Bydel) -> None:
    sak = _avsluttbar_sak(bydel)
    Mappe.objects.filter(pk=sak.pk).update(klasse=None)

    with pytest.raises(DomeneFeil) as feil:
        saksmappe_endre_status(saksmappe=sak, saksstatus="A", utfoert_av=bydel.arkivar)

    assert "primærklasse" in str(feil.value)


def test_avsluttet_sak_tar_ikke_imot_nye_journalposter(bydel: Bydel) -> None:
    sak = saksmappe_endre_status(
        saksmappe=_avsluttbar_sak(bydel), saksstatus="A", utfoert_av=bydel.arkivar
    )
    logg_foer = Endringslogg.objects.count()

    with pytest.raises(DomeneFeil) as feil:
        ny_journalpost(sak, bydel.saksbehandler)

    assert feil.value.felt == "mappe"
    assert sak.registreringer.count() == 2
    assert Endringslogg.objects.count() == logg_foer


@pytest.mark.parametrize("felt", ["tittel", "saksdato"])
def test_avsluttet_sak_fryser_tittel_og_saksdato(bydel: Bydel, felt: str) -> None:
    sak = saksmappe_endre_status(
        saksmappe=_avsluttbar_sak(bydel), saksstatus="A", utfoert_av=bydel.arkivar
    )
    ny_verdi = {"tittel": "Ny tittel", "saksdato": sak.saksdato.replace(year=2000)}[felt]

    with pytest.raises(DomeneFeil) as feil:
        saksmappe_endre(saksmappe=sak, endringer={felt: ny_verdi}, utfoert_av=bydel.arkivar)

    assert feil.value.kode == "laast"


def test_avsluttet_sak_fryser_saksansvar(bydel: Bydel) -> None:
    sak = saksmappe_endre_status(
        saksmappe=_avsluttbar_sak(bydel), saksstatus="A", utfoert_av=bydel.arkivar
    )

    with pytest.raises(DomeneFeil):
        saksansvar_endre(saksmappe=sak, saksansvarlig=bydel.leder, utfoert_av=bydel.arkivar)

    assert Mappe.objects.get(pk=sak.pk).referanse_saksansvarlig == bydel.saksbehandler


def test_avsluttet_sak_kan_faa_endret_beskrivelse_og_det_logges(bydel: Bydel) -> None:
    sak = saksmappe_endre_status(
        saksmappe=_avsluttbar_sak(bydel), saksstatus="A", utfoert_av=bydel.arkivar
    )

    saksmappe_endre(saksmappe=sak, endringer={"beskrivelse": "Rettet"}, utfoert_av=bydel.arkivar)

    assert (
        Endringslogg.objects.filter(
            referanse_arkivenhet=sak.system_id, referanse_metadata="beskrivelse", ny_verdi="Rettet"
        ).count()
        == 1
    )


def test_gjenaapning_er_for_arkivet_og_nullstiller_avsluttet_dato_med_logg(bydel: Bydel) -> None:
    sak = saksmappe_endre_status(
        saksmappe=_avsluttbar_sak(bydel), saksstatus="A", utfoert_av=bydel.arkivar
    )
    avsluttet = sak.avsluttet_dato

    with pytest.raises(IngenTilgang):
        saksmappe_endre_status(saksmappe=sak, saksstatus="B", utfoert_av=bydel.saksbehandler)
    sak = saksmappe_endre_status(saksmappe=sak, saksstatus="B", utfoert_av=bydel.arkivar)

    assert sak.avsluttet_dato is None
    logg = Endringslogg.objects.get(
        referanse_arkivenhet=sak.system_id, referanse_metadata="avsluttetDato", ny_verdi=None
    )
    assert logg.tidligere_verdi == avsluttet.isoformat()
    assert logg.beskrivelse == "Gjenåpnet"


def test_saksansvar_kan_flyttes_og_logges(bydel: Bydel) -> None:
    sak = ny_sak(bydel)

    saksansvar_endre(saksmappe=sak, saksansvarlig=bydel.leder, utfoert_av=bydel.leder)

    sak.refresh_from_db()
    assert sak.referanse_saksansvarlig == bydel.leder
    assert sak.saksansvarlig == bydel.leder.visningsnavn
    assert (
        Endringslogg.objects.filter(
            referanse_arkivenhet=sak.system_id,
            referanse_metadata="saksansvarlig",
            ny_verdi=bydel.leder.visningsnavn,
        ).count()
        == 1
    )


def test_tom_sak_kan_slettes_og_slettingen_logges(bydel: Bydel) -> None:
    sak = ny_sak(bydel)

    saksmappe_slett(saksmappe=sak, utfoert_av=bydel.saksbehandler)

    assert Mappe.objects.filter(pk=sak.pk).exists() is False
    assert (
        Endringslogg.objects.filter(referanse_arkivenhet=sak.system_id, hendelsetype="D").count()
        == 1
    )


def test_sak_som_har_hatt_ekspedert_dokument_kan_aldri_slettes(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    jp = ny_journalpost(sak, bydel.saksbehandler, journalposttype="U", journalstatus="E")
    # The journalpost disappears behind the services' back; the mark on the case remains.
    Korrespondansepart.objects.filter(registrering=jp).delete()
    Registrering.objects.filter(pk=jp.pk).delete()

    with pytest.raises(DomeneFeil) as feil:
        saksmappe_slett(saksmappe=sak, utfoert_av=bydel.saksbehandler)

    assert feil.value.kode == "kan_ikke_slettes"
    assert Mappe.objects.filter(pk=sak.pk).exists() is True


def test_sak_med_journalposter_kan_ikke_slettes(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    ny_journalpost(sak, bydel.saksbehandler, journalposttype="U")

    with pytest.raises(DomeneFeil):
        saksmappe_slett(saksmappe=sak, utfoert_av=bydel.saksbehandler)

    assert Mappe.objects.filter(pk=sak.pk).exists() is True


def test_sak_med_aapen_undermappe_kan_ikke_avsluttes_eller_slettes(bydel: Bydel) -> None:
    from arkivstruktur.services.mappe import mappe_opprett

    sak = ny_sak(bydel)
    mappe_opprett(tittel="Vedlegg fra klagenemnda", overmappe=sak, utfoert_av=bydel.saksbehandler)

    with pytest.raises(DomeneFeil) as avslutning:
        saksmappe_endre_status(saksmappe=sak, saksstatus="A", utfoert_av=bydel.arkivar)
    with pytest.raises(DomeneFeil) as sletting:
        saksmappe_slett(saksmappe=sak, utfoert_av=bydel.saksbehandler)

    assert "1 undermappe(r) er ikke avsluttet" in str(avslutning.value)
    assert sletting.value.kode == "kan_ikke_slettes"


def test_bare_saksansvarlig_leder_og_arkiv_kan_fordele_saken(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, bydel.enhet)

    with pytest.raises(IngenTilgang, match="Bare saksansvarlig"):
        saksansvar_endre(saksmappe=sak, saksansvarlig=kollega, utfoert_av=kollega)
    saksansvar_endre(saksmappe=sak, saksansvarlig=kollega, utfoert_av=bydel.saksbehandler)
    saksansvar_endre(saksmappe=sak, saksansvarlig=bydel.saksbehandler, utfoert_av=bydel.leder)

    assert Mappe.objects.get(pk=sak.pk).referanse_saksansvarlig == bydel.saksbehandler
    assert [
        e.ny_verdi
        for e in Endringslogg.objects.filter(
            referanse_arkivenhet=sak.system_id, referanse_metadata="saksansvarlig"
        ).order_by("loepenummer")
    ] == [kollega.visningsnavn, bydel.saksbehandler.visningsnavn]


def test_saken_kan_ikke_gis_til_en_uten_rolle_i_bydelen(bydel: Bydel, annen_bydel: Bydel) -> None:
    sak = ny_sak(bydel)

    with pytest.raises(DomeneFeil, match="ikke saksbehandler eller leder i bydelen"):
        saksansvar_endre(
            saksmappe=sak, saksansvarlig=annen_bydel.saksbehandler, utfoert_av=bydel.leder
        )

    assert Mappe.objects.get(pk=sak.pk).referanse_saksansvarlig == bydel.saksbehandler
