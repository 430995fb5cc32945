"""Korrespondansepart, avskrivning, dokumentflyt and presedens over HTTP (rest-api.md §5,
§12.1, §12.2; client-compat.md §5.3, §6.4, §6.5, §11, §12): created from their owner's links,
read, changed with the ETag, deleted; the rules refused with 400, access and screening."""

from __future__ import annotations

from typing import Any

import pytest

from arkivstruktur.services.arv import skjerming_sett
from organisasjon.models import Rolle
from organisasjon.tests.factories import bruker_med_rolle
from sakarkiv.models import Avskrivning, Dokumentflyt, Journalpost, Korrespondansepart, Presedens
from sakarkiv.services.arkivnotat import arkivnotat_opprett
from sakarkiv.tests.conftest import lag_bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sporing.models import Endringslogg

from .test_sekundaer import (
    BASE,
    GYLDIG_DNR,
    REL,
    Oppsett,
    klient,
    lag_oppsett,
    lenke,
    lenker,
    post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def alna() -> Oppsett:
    return lag_oppsett("Alna")


def _mal(api: Any, href: str) -> dict[str, Any]:
    svar = api.get(href)
    assert svar.status_code == 200, svar.json()
    assert "ETag" not in svar
    assert "self" not in svar.json()["_links"]
    mal = dict(svar.json())
    mal.pop("_links")
    return mal


def _journalpost(alna: Oppsett, **kwargs: Any) -> dict[str, Any]:
    sak = Journalpost.objects.get(system_id=alna.journalpost["systemID"]).mappe
    jp = ny_journalpost(sak, alna.bydel.saksbehandler, **kwargs)
    return dict(alna.api.get(f"{BASE}sakarkiv/journalpost/{jp.system_id}/").json())


# --- korrespondansepart -------------------------------------------------------------------------


def test_korrespondansepartperson_rundtur_fra_journalpostens_lenker(alna: Oppsett) -> None:
    href = lenke(alna.journalpost, "arkivstruktur/ny-korrespondansepartperson/")
    mal = _mal(alna.api, href)
    # An incoming journalpost: the party is its sender (client-compat.md §5.3).
    assert mal == {"korrespondanseparttype": {"kode": "EA", "kodenavn": "Avsender"}}

    sendt = {
        **mal,
        "navn": "Ola Hansen",
        "dNummer": GYLDIG_DNR,
        "postadresse": {"adresselinje1": "Storgata 1", "adresselinje2": "H0101", "postnr": "0155"},
        "kontaktinformasjon": {"telefon": "22000000", "mobiltelefon": "99000000"},
    }
    svar = post(alna.api, href, sendt)

    assert svar.status_code == 201, svar.json()
    part = svar.json()
    assert svar["Location"] == part["_links"]["self"]["href"]
    assert "/arkivstruktur/korrespondansepartperson/" in svar["Location"]
    for navn, verdi in sendt.items():
        assert part[navn] == verdi, navn
    assert lenke(part, "sakarkiv/journalpost/") == alna.journalpost["_links"]["self"]["href"]
    assert REL + "metadata/korrespondanseparttype/" in part["_links"]
    liste = alna.api.get(lenke(alna.journalpost, "arkivstruktur/korrespondansepart/")).json()
    # The sender registered with the journalpost, and the new one, each as its own type.
    assert liste["count"] == 2
    assert {r["_links"]["self"]["href"].split("/")[-3] for r in liste["results"]} == {
        "korrespondansepartperson"
    }


def test_korrespondansepartenhet_endres_med_etag_og_slettes(alna: Oppsett) -> None:
    href = lenke(alna.journalpost, "arkivstruktur/ny-korrespondansepartenhet/")
    svar = post(
        alna.api,
        href,
        {"navn": "Firma AS", "organisasjonsnummer": "974 760 673", "kontaktperson": "Kari"},
    )
    assert svar.status_code == 201, svar.json()
    selv = svar.json()["_links"]["self"]["href"]
    lest = alna.api.get(selv)

    endret = alna.api.put(
        selv,
        {**lest.json(), "korrespondanseparttype": {"kode": "EK"}},
        format="json",
        HTTP_ETAG=lest["ETag"],
    )
    gammel = alna.api.delete(selv, HTTP_ETAG=lest["ETag"])
    slettet = alna.api.delete(selv, HTTP_ETAG=endret["ETag"])

    assert lest.json()["organisasjonsnummer"] == "974760673"
    assert endret.status_code == 200, endret.json()
    assert endret.json()["korrespondanseparttype"] == {"kode": "EK", "kodenavn": "Kopimottaker"}
    assert gammel.status_code == 409
    assert slettet.status_code == 204
    assert Korrespondansepart.objects.filter(system_id=svar.json()["systemID"]).exists() is False


def test_korrespondansepartintern_navngir_enhet_og_saksbehandler(alna: Oppsett) -> None:
    href = lenke(alna.journalpost, "arkivstruktur/ny-korrespondansepartintern/")
    mal = _mal(alna.api, href)
    assert mal == {
        "korrespondanseparttype": {"kode": "IM", "kodenavn": "Intern mottaker"},
        "administrativEnhet": alna.bydel.enhet.administrativ_enhet_navn,
        "saksbehandler": alna.bydel.saksbehandler.visningsnavn,
    }

    svar = post(alna.api, href, {**mal, "saksbehandler": alna.bydel.leder.username})
    ukjent = post(alna.api, href, {**mal, "saksbehandler": "finnes.ikke"})

    assert svar.status_code == 201, svar.json()
    assert svar.json()["saksbehandler"] == alna.bydel.leder.visningsnavn
    assert svar.json()["referanseSaksbehandler"] == str(alna.bydel.leder.system_id)
    assert svar.json()["referanseAdministrativEnhet"] == str(alna.bydel.enhet.system_id)
    assert "navn" not in svar.json()
    assert ukjent.status_code == 400


@pytest.mark.parametrize(
    ("type_", "data"),
    [
        ("person", {"navn": "Kari", "korrespondanseparttype": {"kode": "XX"}}),
        ("person", {"navn": "Kari", "foedselsnummer": "15108695077"}),
        ("person", {"navn": "Kari", "foedselsnummer": GYLDIG_DNR}),
        ("person", {"navn": ""}),
        ("person", {"navn": "Kari", "kontaktinformasjon": {"mobiltelefon": "99000000"}}),
        ("enhet", {"navn": "Firma", "organisasjonsnummer": "988077918"}),
        ("enhet", {"navn": "Firma", "forretningsadresse": {"adresselinje1": "Gata 1"}}),
        ("intern", {"administrativEnhet": "Finnes ikke"}),
    ],
)
def test_regelbrudd_gir_400(alna: Oppsett, type_: str, data: dict[str, Any]) -> None:
    href = lenke(alna.journalpost, f"arkivstruktur/ny-korrespondansepart{type_}/")

    svar = post(alna.api, href, data)

    assert svar.status_code == 400, svar.json()
    assert Korrespondansepart.objects.count() == 1  # the one registered with the journalpost


def test_skjermet_avsender_vises_ikke(alna: Oppsett) -> None:
    """A journalpost screened with NA (senders): its saksbehandler reads the sender in full;
    list rows show it masked, as the UI's lists do; a colleague without the access code gets
    404 for the journalpost and its parties."""
    jp = Journalpost.objects.get(system_id=alna.journalpost["systemID"])
    sender = jp.korrespondanseparter.get()
    skjerming_sett(
        enhet=jp,
        tilgangsrestriksjon="13",
        skjerming_metadata=["NA"],
        utfoert_av=alna.bydel.saksbehandler,
    )
    mottaker = post(
        alna.api,
        lenke(alna.journalpost, "arkivstruktur/ny-korrespondansepartperson/"),
        {"navn": "Per Mottaker", "korrespondanseparttype": {"kode": "EM"}},
    ).json()
    kollega = klient(bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.bydel.enhet, username="kollega"))
    selv = f"{BASE}arkivstruktur/korrespondansepartperson/{sender.system_id}/"
    listehref = lenke(alna.journalpost, "arkivstruktur/korrespondansepart/")

    instans = alna.api.get(selv).json()
    rader = {r["systemID"]: r for r in alna.api.get(listehref).json()["results"]}

    assert instans["navn"] == "Kari Nordmann"
    assert rader[str(sender.system_id)]["navn"] == "*****"
    assert "postadresse" not in rader[str(sender.system_id)]
    assert rader[mottaker["systemID"]]["navn"] == "Per Mottaker"  # NA hides senders only
    for svar in (kollega.get(selv), kollega.get(listehref)):
        assert svar.status_code == 404
        assert b"Kari Nordmann" not in svar.content


def test_annen_bydel_og_leser_uten_rett(alna: Oppsett) -> None:
    bjerke = klient(lag_bydel("Bjerke").saksbehandler)
    admin = klient(bruker_med_rolle(Rolle.SYSTEMADMINISTRATOR, alna.bydel.enhet, username="adm"))
    href = lenke(alna.journalpost, "arkivstruktur/ny-korrespondansepartperson/")

    jp_admin = admin.get(alna.journalpost["_links"]["self"]["href"]).json()

    assert post(bjerke, href, {"navn": "X"}).status_code == 404
    assert bjerke.get(lenke(alna.journalpost, "arkivstruktur/korrespondansepart/")).status_code == (
        404
    )
    assert not {
        "arkivstruktur/ny-korrespondansepartperson/",
        "sakarkiv/ny-avskrivning/",
        "sakarkiv/ny-dokumentflyt/",
        "sakarkiv/ny-presedens/",
    } & lenker(jp_admin)
    assert "arkivstruktur/korrespondansepart/" in lenker(jp_admin)
    assert post(admin, href, {"navn": "X"}).status_code == 403
    assert Korrespondansepart.objects.count() == 1


# --- avskrivning --------------------------------------------------------------------------------


def test_avskrivning_med_svar_i_samme_sak(alna: Oppsett) -> None:
    svar_jp = _journalpost(alna, journalposttype="U")
    href = lenke(alna.journalpost, "sakarkiv/ny-avskrivning/")
    mal = _mal(alna.api, href)
    assert mal == {"avskrivningsmaate": {"kode": "TE", "kodenavn": "Tatt til etterretning"}}

    uten_svar = post(alna.api, href, {"avskrivningsmaate": {"kode": "BU"}})
    svar = post(
        alna.api,
        href,
        {
            "avskrivningsmaate": {"kode": "BU"},
            "referanseAvskrivesAvJournalpost": svar_jp["systemID"],
        },
    )

    assert uten_svar.status_code == 400
    assert svar.status_code == 201, svar.json()
    avskrivning = svar.json()
    assert avskrivning["avskrivningsmaate"] == {"kode": "BU", "kodenavn": "Besvart med brev"}
    assert avskrivning["referanseAvskrivesAvJournalpost"] == svar_jp["systemID"]
    assert avskrivning["avskrevetAv"] == alna.bydel.saksbehandler.username
    assert "avskrivningsdato" in avskrivning
    assert lenke(avskrivning, "sakarkiv/journalpost/") == alna.journalpost["_links"]["self"]["href"]
    liste = alna.api.get(lenke(alna.journalpost, "sakarkiv/avskrivning/")).json()
    assert [a["systemID"] for a in liste["results"]] == [avskrivning["systemID"]]
    # An outgoing journalpost is no restanse: nothing to write off.
    assert "sakarkiv/ny-avskrivning/" not in lenker(svar_jp)


def test_avskrivning_endres_med_etag_og_angres(alna: Oppsett) -> None:
    svar = post(alna.api, lenke(alna.journalpost, "sakarkiv/ny-avskrivning/"), {})
    assert svar.status_code == 201, svar.json()
    selv = svar.json()["_links"]["self"]["href"]
    lest = alna.api.get(selv)

    endret = alna.api.put(
        selv,
        {**lest.json(), "avskrivningsmaate": {"kode": "TO"}},
        format="json",
        HTTP_ETAG=lest["ETag"],
    )
    ukjent = alna.api.patch(selv, {"avskrivningsmaate": {"kode": "XX"}}, format="json")
    ukjent_svar = alna.api.patch(
        selv,
        {"referanseAvskrivesAvJournalpost": "018f0000-0000-7000-8000-000000000000"},
        format="json",
    )
    dato = alna.api.patch(selv, {"avskrivningsdato": "2020-01-01"}, format="json")
    slettet = alna.api.delete(selv, HTTP_ETAG=endret["ETag"])

    assert endret.status_code == 200, endret.json()
    assert endret.json()["avskrivningsmaate"]["kode"] == "TO"
    assert (ukjent.status_code, ukjent_svar.status_code, dato.status_code) == (400, 400, 400)
    assert slettet.status_code == 204
    assert Avskrivning.objects.exists() is False
    assert Endringslogg.objects.filter(
        referanse_arkivenhet=svar.json()["systemID"], hendelsetype="D"
    ).exists()


# --- dokumentflyt -------------------------------------------------------------------------------


def test_dokumentflyt_sendes_og_besvares(alna: Oppsett) -> None:
    utkast = _journalpost(alna, journalposttype="U", journalstatus="F")
    href = lenke(utkast, "sakarkiv/ny-dokumentflyt/")
    mal = _mal(alna.api, href)
    assert mal["flytFra"] == alna.bydel.saksbehandler.visningsnavn
    assert "flytSendtDato" in mal

    svar = post(alna.api, href, {**mal, "flytTil": alna.bydel.leder.username, "flytMerknad": "Se"})
    til_seg_selv = post(alna.api, href, {**mal, "flytTil": alna.bydel.saksbehandler.username})
    ukjent = post(alna.api, href, {**mal, "flytTil": "finnes.ikke"})
    annen_fra = post(alna.api, href, {**mal, "flytTil": alna.bydel.leder.username, "flytFra": "X"})

    assert svar.status_code == 201, svar.json()
    flyt = svar.json()
    # The template round-trips (client-compat.md §5.2, §2.6).
    assert (flyt["flytFra"], flyt["flytSendtDato"]) == (mal["flytFra"], mal["flytSendtDato"])
    assert flyt["flytTil"] == alna.bydel.leder.visningsnavn
    assert flyt["referanseFlytTil"] == str(alna.bydel.leder.system_id)
    assert lenke(flyt, "sakarkiv/journalpost/") == utkast["_links"]["self"]["href"]
    assert [s.status_code for s in (til_seg_selv, ukjent, annen_fra)] == [400, 400, 400]

    selv = flyt["_links"]["self"]["href"]
    leder = klient(alna.bydel.leder)
    lest = leder.get(selv)
    ikke_mottaker = alna.api.patch(selv, {"flytStatus": {"kode": "G"}}, format="json")
    godkjent = leder.put(
        selv, {**lest.json(), "flytStatus": {"kode": "G"}}, format="json", HTTP_ETAG=lest["ETag"]
    )
    slett_besvart = alna.api.delete(selv)

    assert ikke_mottaker.status_code == 400
    assert godkjent.status_code == 200, godkjent.json()
    assert godkjent.json()["flytStatus"] == {"kode": "G", "kodenavn": "Godkjent"}
    assert "flytMottattDato" in godkjent.json()
    assert slett_besvart.status_code == 400
    liste = alna.api.get(lenke(utkast, "sakarkiv/dokumentflyt/")).json()
    assert [f["systemID"] for f in liste["results"]] == [flyt["systemID"]]


def test_dokumentflyt_paa_arkivnotat_trekkes_tilbake(alna: Oppsett) -> None:
    sak = Journalpost.objects.get(system_id=alna.journalpost["systemID"]).mappe
    notat = arkivnotat_opprett(mappe=sak, tittel="Notat", utfoert_av=alna.bydel.saksbehandler)
    data = alna.api.get(f"{BASE}sakarkiv/arkivnotat/{notat.system_id}/").json()

    svar = post(
        alna.api, lenke(data, "sakarkiv/ny-dokumentflyt/"), {"flytTil": alna.bydel.leder.username}
    )
    slettet = alna.api.delete(svar.json()["_links"]["self"]["href"])

    assert svar.status_code == 201, svar.json()
    assert lenke(svar.json(), "sakarkiv/arkivnotat/") == data["_links"]["self"]["href"]
    assert "sakarkiv/ny-avskrivning/" not in lenker(data)
    assert slettet.status_code == 204
    assert Dokumentflyt.objects.exists() is False


# --- presedens ----------------------------------------------------------------------------------


def test_presedens_fra_saksmappen_og_i_pakkelisten(alna: Oppsett) -> None:
    pakke = alna.api.get(f"{BASE}sakarkiv/").json()
    liste_href = lenke(pakke, "sakarkiv/presedens/").split("{")[0]
    assert alna.api.get(liste_href).json() == {
        "count": 0,
        "results": [],
        "_links": alna.api.get(liste_href).json()["_links"],
    }
    href = lenke(alna.sak, "sakarkiv/ny-presedens/")
    mal = _mal(alna.api, href)

    svar = post(
        alna.api,
        href,
        {**mal, "tittel": "Barnehageplass ved flytting", "rettskildefaktor": "Vedtak"},
    )
    mangler = post(alna.api, href, {"tittel": "Uten rettskildefaktor"})

    assert svar.status_code == 201, svar.json()
    presedens = svar.json()
    assert presedens["presedensDato"] == mal["presedensDato"]
    assert presedens["presedensStatus"] == {"kode": "G", "kodenavn": "Gjeldende"}
    assert mangler.status_code == 400
    assert alna.api.get(liste_href).json()["count"] == 1
    assert alna.api.get(lenke(alna.sak, "sakarkiv/presedens/")).json()["count"] == 1
    saker = alna.api.get(lenke(presedens, "sakarkiv/saksmappe/")).json()
    assert [s["systemID"] for s in saker["results"]] == [alna.sak["systemID"]]
    assert klient(lag_bydel("Bjerke").saksbehandler).get(liste_href).json()["count"] == 0


def test_presedens_foreldes_med_status_og_slettes(alna: Oppsett) -> None:
    svar = post(
        alna.api,
        lenke(alna.journalpost, "sakarkiv/ny-presedens/"),
        {"tittel": "Vedtak", "rettskildefaktor": "Vedtak"},
    )
    assert svar.status_code == 201, svar.json()
    selv = svar.json()["_links"]["self"]["href"]
    lest = alna.api.get(selv)

    foreldet = alna.api.put(
        selv,
        {**lest.json(), "presedensStatus": {"kode": "F"}},
        format="json",
        HTTP_ETAG=lest["ETag"],
    )
    tilbake = alna.api.patch(selv, {"presedensStatus": {"kode": "G"}}, format="json")
    tittel = alna.api.patch(selv, {"tittel": "Ny"}, format="json")
    slettet = alna.api.delete(selv, HTTP_ETAG=foreldet["ETag"])

    assert foreldet.status_code == 200, foreldet.json()
    assert foreldet.json()["presedensStatus"]["kode"] == "F"
    assert "avsluttetDato" in foreldet.json()
    assert (tilbake.status_code, tittel.status_code) == (400, 400)
    assert slettet.status_code == 204
    assert Presedens.objects.exists() is False


def test_ny_sak_har_ingen_presedens_fra_andre(alna: Oppsett) -> None:
    """The package list shows what cases the user sees cite, nothing else."""
    bjerke = lag_oppsett("Bjerke")
    post(
        bjerke.api,
        lenke(bjerke.sak, "sakarkiv/ny-presedens/"),
        {"tittel": "Bjerkes", "rettskildefaktor": "Vedtak"},
    )
    annen_sak = ny_sak(alna.bydel, tittel="Annen")

    liste = alna.api.get(f"{BASE}sakarkiv/presedens/").json()
    under = alna.api.get(f"{BASE}sakarkiv/saksmappe/{annen_sak.system_id}/presedens/").json()

    assert (liste["count"], under["count"]) == (0, 0)
    assert "Bjerkes" not in str(liste)
