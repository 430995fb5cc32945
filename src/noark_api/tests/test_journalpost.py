"""Journalposter and arkivnotater over HTTP (rest-api.md §5, §13 item 14; client-compat.md §5.3,
§6, §11, §12.2): status changes, archiving, deletion, screening and the read log."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from arkivstruktur.models import Registrering
from arkivstruktur.services.arv import skjerming_sett
from organisasjon.models import Rolle
from organisasjon.tests.factories import bruker_med_rolle
from sakarkiv.models import Journalpost
from sporing.models import Endringslogg, Hendelsetype

from .test_mappe import (
    BASE,
    REL,
    Oppsett,
    klient,
    lag_oppsett,
    lenke,
    ny_journalpost,
    ny_saksmappe,
    post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def alna() -> Oppsett:
    return lag_oppsett("Alna")


@pytest.fixture
def sak(alna: Oppsett) -> dict[str, Any]:
    return ny_saksmappe(alna)


def test_journalstatus_foelger_livsloepet(alna: Oppsett, sak: dict[str, Any]) -> None:
    jp = ny_journalpost(alna, sak)
    selv = jp["_links"]["self"]["href"]

    saksbehandler = alna.saksbehandler.patch(selv, {"journalstatus": {"kode": "J"}}, format="json")
    ugyldig = alna.arkivar.patch(selv, {"journalstatus": {"kode": "E"}}, format="json")
    journalfoert = alna.arkivar.patch(selv, {"journalstatus": {"kode": "J"}}, format="json")
    arkivert = alna.arkivar.patch(selv, {"journalstatus": {"kode": "A"}}, format="json")
    frossen = alna.arkivar.patch(selv, {"tittel": "Endret"}, format="json")

    assert saksbehandler.status_code == 403
    assert ugyldig.status_code == 400
    assert journalfoert.status_code == 200, journalfoert.json()
    assert journalfoert.json()["journalstatus"] == {"kode": "J", "kodenavn": "Journalført"}
    assert arkivert.status_code == 200, arkivert.json()
    assert arkivert.json()["journalstatus"]["kode"] == "A"
    assert "arkivertDato" in arkivert.json()
    assert frossen.status_code == 400
    assert Journalpost.objects.get(system_id=jp["systemID"]).tittel == "Søknad"


def test_hele_objektet_kan_sendes_tilbake_med_put(alna: Oppsett, sak: dict[str, Any]) -> None:
    jp = ny_journalpost(alna, sak, dokumentetsDato="2026-01-05", forfallsdato="2026-02-01")
    selv = jp["_links"]["self"]["href"]
    lest = alna.saksbehandler.get(selv)

    svar = alna.saksbehandler.put(
        selv,
        {**lest.json(), "offentligTittel": "Søknad om *****"},
        format="json",
        HTTP_ETAG=lest["ETag"],
    )
    endret_type = alna.saksbehandler.patch(selv, {"journalposttype": {"kode": "U"}}, format="json")
    endret_nummer = alna.saksbehandler.patch(selv, {"journalpostnummer": 7}, format="json")

    assert svar.status_code == 200, svar.json()
    assert svar.json()["offentligTittel"] == "Søknad om *****"
    assert svar.json()["dokumentetsDato"] == "2026-01-05"
    assert svar.json()["forfallsdato"] == "2026-02-01"
    assert endret_type.status_code == 400
    assert endret_nummer.status_code == 400


def test_mal_og_ugyldige_verdier_gir_400(alna: Oppsett, sak: dict[str, Any]) -> None:
    href = lenke(sak, "sakarkiv/ny-journalpost/")
    antall = Registrering.objects.count()

    uten_type = post(alna.saksbehandler, href, {"tittel": "x"})
    ukjent_type = post(alna.saksbehandler, href, {"tittel": "x", "journalposttype": {"kode": "Q"}})
    feil_status = post(
        alna.saksbehandler,
        href,
        {"tittel": "x", "journalposttype": {"kode": "I"}, "journalstatus": {"kode": "A"}},
    )
    feil_dato = post(
        alna.saksbehandler, href, {"tittel": "x", "journalposttype": "I", "journaldato": "i går"}
    )
    negativt = post(
        alna.saksbehandler, href, {"tittel": "x", "journalposttype": "I", "antallVedlegg": -1}
    )
    for_stort = post(
        alna.saksbehandler, href, {"tittel": "x", "journalposttype": "I", "antallVedlegg": 2**40}
    )
    for_langt = post(
        alna.saksbehandler, href, {"tittel": "x", "journalposttype": "I", "journalenhet": "x" * 300}
    )

    for svar in (uten_type, ukjent_type, feil_status, feil_dato, negativt, for_stort, for_langt):
        assert svar.status_code == 400, svar.json()
    assert "antallVedlegg" in negativt.json()["feil"]["beskrivelse"]
    assert "journalenhet" in for_langt.json()["feil"]["beskrivelse"]
    assert Registrering.objects.count() == antall


def test_sletting_av_journalpost(alna: Oppsett, sak: dict[str, Any]) -> None:
    reservert = ny_journalpost(alna, sak)
    journalfoert = ny_journalpost(alna, sak)
    arkivert = ny_journalpost(alna, sak)
    for jp, statuser in ((journalfoert, ["J"]), (arkivert, ["J", "A"])):
        for status in statuser:
            svar = alna.arkivar.patch(
                jp["_links"]["self"]["href"], {"journalstatus": status}, format="json"
            )
            assert svar.status_code == 200, svar.json()

    saksbehandler_j = alna.saksbehandler.delete(journalfoert["_links"]["self"]["href"])
    arkivar_j = alna.arkivar.delete(journalfoert["_links"]["self"]["href"])
    arkivar_a = alna.arkivar.delete(arkivert["_links"]["self"]["href"])
    saksbehandler_m = alna.saksbehandler.delete(reservert["_links"]["self"]["href"])

    assert saksbehandler_j.status_code == 400
    # client-compat §12.2: the records office removes a journalpost without archived documents.
    assert arkivar_j.status_code == 204
    assert arkivar_a.status_code == 400
    assert saksbehandler_m.status_code == 204
    assert list(Journalpost.objects.values_list("system_id", flat=True)) == [
        Journalpost.objects.get(system_id=arkivert["systemID"]).system_id
    ]


def test_arkivnotat_i_saksmappe(alna: Oppsett, sak: dict[str, Any]) -> None:
    href = lenke(sak, "sakarkiv/ny-arkivnotat/")
    mal = alna.saksbehandler.get(href).json()
    mal.pop("_links")
    jp = ny_journalpost(alna, sak)

    svar = post(alna.saksbehandler, href, {**mal, "tittel": "Referat fra telefonsamtale"})

    assert svar.status_code == 201, svar.json()
    notat = svar.json()
    assert notat["registreringsID"] == f"{sak['mappeID']}-2"
    assert notat["dokumentetsDato"] == mal["dokumentetsDato"]
    assert "journalposttype" not in notat
    assert notat["_links"]["self"]["href"] == f"{BASE}sakarkiv/arkivnotat/{notat['systemID']}/"
    assert jp["registreringsID"] == f"{sak['mappeID']}-1"
    arkivert = alna.arkivar.patch(
        notat["_links"]["self"]["href"], {"arkivertDato": "2026-01-01T00:00:00Z"}, format="json"
    )
    assert arkivert.status_code == 200, arkivert.json()
    assert "arkivertDato" in arkivert.json()


def test_generisk_mappe_tilbyr_ikke_journalpost(alna: Oppsett) -> None:
    href = f"{BASE}arkivstruktur/arkivdel/{alna.arkivdel.system_id}/ny-mappe/"
    mappe = post(alna.saksbehandler, href, {"tittel": "Personalmappe"}).json()

    svar = post(
        alna.saksbehandler,
        f"{BASE}arkivstruktur/mappe/{mappe['systemID']}/ny-journalpost/",
        {"tittel": "x", "journalposttype": "I"},
    )

    assert REL + "sakarkiv/ny-journalpost/" not in mappe["_links"]
    assert svar.status_code == 404  # not a resource of a generic mappe


def _skjerm(alna: Oppsett, jp: dict[str, Any]) -> None:
    skjerming_sett(
        enhet=Registrering.objects.get(system_id=jp["systemID"]),
        tilgangsrestriksjon="13",
        skjermingshjemmel="Offl. § 13 jf. fvl. § 13",
        skjerming_metadata=["TRO"],
        utfoert_av=alna.bydel.saksbehandler,
    )


def test_skjermet_tittel_i_lister_og_full_tittel_med_logg(
    alna: Oppsett, sak: dict[str, Any]
) -> None:
    jp = ny_journalpost(
        alna, sak, tittel="Søknad fra Ola Hansen", offentligTittel="Søknad fra *****"
    )
    _skjerm(alna, jp)
    kollega: APIClient = klient(
        bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.bydel.enhet, username="kollega.alna")
    )

    liste = alna.saksbehandler.get(f"{BASE}sakarkiv/journalpost/").json()
    under = alna.saksbehandler.get(lenke(sak, "arkivstruktur/registrering/")).json()
    full = alna.saksbehandler.get(jp["_links"]["self"]["href"])
    skjult = kollega.get(jp["_links"]["self"]["href"])
    kollegas_liste = kollega.get(f"{BASE}sakarkiv/journalpost/").json()

    assert [r["tittel"] for r in liste["results"]] == ["Søknad fra *****"]
    assert [r["tittel"] for r in under["results"]] == ["Søknad fra *****"]
    assert "Ola Hansen" not in str(liste)
    assert full.status_code == 200
    assert full.json()["tittel"] == "Søknad fra Ola Hansen"
    skjerming = full.json()["skjerming"]
    assert skjerming["tilgangsrestriksjon"]["kode"] == "13"
    assert skjerming["skjermingshjemmel"] == "Offl. § 13 jf. fvl. § 13"
    assert [k["kode"] for k in skjerming["skjermingMetadata"]] == ["TRO"]
    assert liste["results"][0]["skjerming"] == skjerming
    lest = Endringslogg.objects.filter(
        referanse_arkivenhet=jp["systemID"], hendelsetype=Hendelsetype.LEST
    )
    assert lest.count() == 1
    assert "saksbehandler for registreringen" in lest.get().beskrivelse
    assert skjult.status_code == 404
    assert "Ola Hansen" not in skjult.content.decode()
    assert kollegas_liste["count"] == 0


def test_maskert_tittel_fra_listen_overskriver_ikke(alna: Oppsett, sak: dict[str, Any]) -> None:
    jp = ny_journalpost(
        alna, sak, tittel="Søknad fra Ola Hansen", offentligTittel="Søknad fra *****"
    )
    _skjerm(alna, jp)
    rad = alna.saksbehandler.get(f"{BASE}sakarkiv/journalpost/").json()["results"][0]

    svar = alna.saksbehandler.put(rad["_links"]["self"]["href"], rad, format="json")

    assert svar.status_code == 200, svar.json()
    assert Journalpost.objects.get(system_id=jp["systemID"]).tittel == "Søknad fra Ola Hansen"
