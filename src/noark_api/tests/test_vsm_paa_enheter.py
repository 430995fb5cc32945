"""virksomhetsspesifikkeMetadata on mappe and registrering (client-compat.md §14.5, rest-api.md
§9): set on create, echoed as sent, merged by PATCH, replaced by PUT, checked against the
catalogue and its types, logged, and found by its full name in `$filter`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from felles.feil import DomeneFeil
from felles.tid import naa
from kodeliste.models import VirksomhetsspesifiktMetadatafelt
from kodeliste.services import vsm_slett
from organisasjon.models import Rolle
from organisasjon.tests.factories import bruker_med_rolle
from sakarkiv.models import Journalpost, Saksmappe
from sporing.models import Endringslogg

from .test_sekundaer import BASE, Oppsett, lag_oppsett, lenke, post

pytestmark = pytest.mark.django_db

VSM = "virksomhetsspesifikkeMetadata"


def katalogfelt(navn: str, type_: str, **andre: Any) -> VirksomhetsspesifiktMetadatafelt:
    return VirksomhetsspesifiktMetadatafelt.objects.create(
        navn=navn, type=type_, opprettet_dato=naa(), opprettet_av="test", **andre
    )


@pytest.fixture
def alna() -> Oppsett:
    katalogfelt("ppt-v1:skoleaar", "string")
    katalogfelt("ppt-v1:saksnummer", "integer")
    katalogfelt("vnd-acme-v1:sendt", "datetime")
    katalogfelt("vnd-acme-v1:hastesak", "boolean")
    katalogfelt("vnd-acme-v1:beloep", "decimal")
    katalogfelt("vnd-acme-v1:frist", "date")
    katalogfelt("vnd-acme-v1:lenke", "uri")
    return lag_oppsett("Alna")


def ny_saksmappe(oppsett: Oppsett, **data: Any) -> Any:
    klasse = oppsett.api.get(f"{BASE}arkivstruktur/klasse/{oppsett.bydel.klasse.system_id}/").json()
    href = lenke(klasse, "sakarkiv/ny-saksmappe/")
    mal = oppsett.api.get(href).json()
    mal.pop("_links")
    return post(oppsett.api, href, {**mal, "tittel": "Skoleskyss", **data})


def test_saksmappe_med_vsm_rundtur(alna: Oppsett) -> None:
    verdier = {
        "ppt-v1:skoleaar": "2018/2019",
        "ppt-v1:saksnummer": 123,
        "vnd-acme-v1:sendt": "2025-01-31T12:00:00.50+01:00",
        "vnd-acme-v1:hastesak": True,
        "vnd-acme-v1:beloep": "1234.50",
        "vnd-acme-v1:frist": "1865-05-17",
        "vnd-acme-v1:lenke": "https://acme.no/sak/1",
    }
    svar = ny_saksmappe(alna, **{VSM: verdier})

    assert svar.status_code == 201, svar.json()
    assert svar.json()[VSM] == verdier  # character for character, as sent
    lest = alna.api.get(svar["Location"]).json()
    assert lest[VSM] == verdier
    assert Saksmappe.objects.get(system_id=lest["systemID"]).virksomhetsspesifikke_metadata == (
        verdier
    )


def test_uten_vsm_vises_ikke_feltet(alna: Oppsett) -> None:
    assert VSM not in alna.sak
    mal = alna.api.get(lenke(alna.sak, "sakarkiv/ny-journalpost/")).json()
    assert VSM not in mal


@pytest.mark.parametrize(
    ("verdier", "i_meldingen"),
    [
        ({"ppt-v1:ukjent": "x"}, "ikke et felt i katalogen"),
        ({"ppt-v1:saksnummer": "123"}, "et heltall"),
        ({"ppt-v1:saksnummer": True}, "et heltall"),
        ({"vnd-acme-v1:hastesak": "ja"}, "true eller false"),
        ({"vnd-acme-v1:sendt": "2025-01-31T12:00:00"}, "tidssone"),
        ({"vnd-acme-v1:frist": "2025-02-30"}, "gyldig dato"),
        ({"vnd-acme-v1:beloep": "mye"}, "desimaltall"),
        ({"vnd-acme-v1:lenke": "ikke en uri"}, "URI"),
        ({"ppt-v1:skoleaar": 2018}, "en tekst"),
        (["ppt-v1:skoleaar"], "objekt"),
    ],
)
def test_ugyldige_verdier_gir_400_og_ingen_endring(
    alna: Oppsett, verdier: Any, i_meldingen: str
) -> None:
    selv = alna.journalpost["_links"]["self"]["href"]

    svar = alna.api.patch(selv, {VSM: verdier}, format="json")

    assert svar.status_code == 400, svar.json()
    assert i_meldingen in svar.json()["feil"]["beskrivelse"]
    assert (
        Journalpost.objects.get(
            system_id=alna.journalpost["systemID"]
        ).virksomhetsspesifikke_metadata
        is None
    )


def test_patch_fletter_og_null_fjerner_et_felt(alna: Oppsett) -> None:
    selv = alna.journalpost["_links"]["self"]["href"]
    alna.api.patch(
        selv, {VSM: {"ppt-v1:skoleaar": "2018/2019", "ppt-v1:saksnummer": 1}}, format="json"
    )

    svar = alna.api.patch(
        selv, {VSM: {"ppt-v1:saksnummer": None, "vnd-acme-v1:hastesak": False}}, format="json"
    )

    assert svar.status_code == 200, svar.json()
    assert svar.json()[VSM] == {"ppt-v1:skoleaar": "2018/2019", "vnd-acme-v1:hastesak": False}
    logg = Endringslogg.objects.filter(
        referanse_arkivenhet=alna.journalpost["systemID"],
        referanse_metadata=VSM,
    ).order_by("pk")
    assert logg.count() == 2
    assert "hastesak" in logg.last().ny_verdi  # type: ignore[union-attr]

    fjernet = alna.api.patch(selv, {VSM: None}, format="json")
    assert fjernet.status_code == 200
    assert VSM not in fjernet.json()


def test_put_erstatter_hele_objektet(alna: Oppsett) -> None:
    selv = alna.sak["_links"]["self"]["href"]
    alna.api.patch(
        selv, {VSM: {"ppt-v1:skoleaar": "2018/2019", "ppt-v1:saksnummer": 1}}, format="json"
    )
    lest = alna.api.get(selv)
    kropp = {**lest.json(), VSM: {"ppt-v1:saksnummer": 2}}

    svar = alna.api.put(selv, kropp, format="json", HTTP_IF_MATCH=lest["ETag"])

    assert svar.status_code == 200, svar.json()
    assert svar.json()[VSM] == {"ppt-v1:saksnummer": 2}


def test_utdatert_felt_kan_ikke_settes_men_beholdes(alna: Oppsett) -> None:
    selv = alna.sak["_links"]["self"]["href"]
    alna.api.patch(selv, {VSM: {"ppt-v1:skoleaar": "2018/2019"}}, format="json")
    VirksomhetsspesifiktMetadatafelt.objects.filter(navn="ppt-v1:skoleaar").update(
        utdatert=naa() - dt.timedelta(days=1)
    )

    ny_verdi = alna.api.patch(selv, {VSM: {"ppt-v1:skoleaar": "2019/2020"}}, format="json")
    annet_felt = alna.api.patch(selv, {VSM: {"ppt-v1:saksnummer": 7}}, format="json")

    assert ny_verdi.status_code == 400
    assert "utdatert" in ny_verdi.json()["feil"]["beskrivelse"]
    assert annet_felt.status_code == 200, annet_felt.json()
    assert annet_felt.json()[VSM] == {"ppt-v1:skoleaar": "2018/2019", "ppt-v1:saksnummer": 7}


def test_filter_paa_fullt_navn(alna: Oppsett) -> None:
    selv = alna.journalpost["_links"]["self"]["href"]
    alna.api.patch(
        selv, {VSM: {"ppt-v1:skoleaar": "2018/2019", "ppt-v1:saksnummer": 123}}, format="json"
    )
    liste = f"{BASE}sakarkiv/journalpost/"

    def antall(filter_: str) -> int:
        svar = alna.api.get(liste, {"$filter": filter_})
        assert svar.status_code == 200, svar.json()
        return int(svar.json()["count"])

    assert antall("ppt-v1:skoleaar eq '2018/2019'") == 1
    assert antall("ppt-v1:skoleaar eq '2019/2020'") == 0
    assert antall("ppt-v1:saksnummer eq 123") == 1
    assert antall("ppt-v1:saksnummer eq 124") == 0
    assert antall("ppt-v1:skoleaar eq '2018/2019' and journalposttype/kode eq 'I'") == 1
    assert antall("vnd-ukjent-v1:felt eq 'x'") == 0
    saker = alna.api.get(
        f"{BASE}sakarkiv/saksmappe/", {"$filter": "ppt-v1:skoleaar eq '2018/2019'"}
    )
    assert saker.json()["count"] == 0


def test_katalogfelt_i_bruk_kan_ikke_slettes(alna: Oppsett) -> None:
    selv = alna.sak["_links"]["self"]["href"]
    alna.api.patch(selv, {VSM: {"ppt-v1:skoleaar": "2018/2019"}}, format="json")
    admin = bruker_med_rolle(Rolle.SYSTEMADMINISTRATOR, alna.bydel.enhet, username="sysadm")
    felt = VirksomhetsspesifiktMetadatafelt.objects.get(navn="ppt-v1:skoleaar")

    with pytest.raises(DomeneFeil, match="brukes av 1 enheter"):
        vsm_slett(felt=felt, utfoert_av=admin)
    alna.api.patch(selv, {VSM: None}, format="json")
    vsm_slett(felt=felt, utfoert_av=admin)
    assert not VirksomhetsspesifiktMetadatafelt.objects.filter(navn="ppt-v1:skoleaar").exists()


def test_part_har_vsm_og_patch_fletter(alna: Oppsett) -> None:
    href = lenke(alna.sak, "arkivstruktur/ny-partperson/")
    mal = alna.api.get(href).json()
    mal.pop("_links")
    ny = post(
        alna.api, href, {**mal, "navn": "Kari Nordmann", VSM: {"ppt-v1:skoleaar": "2018/2019"}}
    )
    assert ny.status_code == 201, ny.json()
    assert ny.json()[VSM] == {"ppt-v1:skoleaar": "2018/2019"}
    selv = ny.json()["_links"]["self"]["href"]

    endret = alna.api.patch(selv, {VSM: {"ppt-v1:saksnummer": 4}}, format="json")
    feil = alna.api.patch(selv, {VSM: {"ppt-v1:saksnummer": "fire"}}, format="json")
    navn_endret = alna.api.patch(selv, {"navn": "Kari Nordmann Hansen"}, format="json")

    assert endret.status_code == 200, endret.json()
    assert endret.json()[VSM] == {"ppt-v1:skoleaar": "2018/2019", "ppt-v1:saksnummer": 4}
    assert feil.status_code == 400
    assert navn_endret.json()[VSM] == {"ppt-v1:skoleaar": "2018/2019", "ppt-v1:saksnummer": 4}
    assert alna.api.patch(selv, {VSM: None}, format="json").json().get(VSM) is None
