"""Mapper and saksmapper over HTTP (rest-api.md §3–§5, §12; client-compat.md §5–§8, §10–§12):
creating through the `ny-*` links, numbers, polymorphic lists, OData, ETag, deletion, access."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from arkivstruktur.models import Arkivdel, Mappe
from arkivstruktur.services.arv import kassasjon_sett
from arkivstruktur.services.mappe import mappe_endre
from arkivstruktur.tests.factories import ArkivdelFactory, KlasseFactory
from felles.feil import DomeneFeil
from felles.tid import aar_i_oslo, dato_i_oslo, naa
from organisasjon.models import Rolle
from organisasjon.tests.factories import AdministrativEnhetFactory, bruker_med_rolle
from sakarkiv.tests.conftest import Bydel, lag_bydel
from sporing.models import Endringslogg

from .conftest import basic

pytestmark = pytest.mark.django_db

REL = "https://rel.arkivverket.no/noark5/v5/api/"
BASE = "http://testserver/api/"


def lenke(data: dict[str, Any], noekkel: str) -> str:
    return str(data["_links"][REL + noekkel]["href"])


def klient(bruker: Any) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=basic(bruker.username))
    return api


def post(api: APIClient, href: str, data: dict[str, Any]) -> Any:
    return api.post(href, data, format="json")


@dataclass
class Oppsett:
    bydel: Bydel
    arkivdel: Arkivdel  # without classification: mapper and saksmapper directly in it
    saksbehandler: APIClient
    arkivar: APIClient


def lag_oppsett(navn: str) -> Oppsett:
    bydel = lag_bydel(navn)
    arkivdel = ArkivdelFactory(arkiv=bydel.arkiv, klassifikasjonssystem=None)
    return Oppsett(bydel, arkivdel, klient(bydel.saksbehandler), klient(bydel.arkivar))


@pytest.fixture
def alna() -> Oppsett:
    return lag_oppsett("Alna")


@pytest.fixture
def bjerke() -> Oppsett:
    return lag_oppsett("Bjerke")


def arkivdel_json(o: Oppsett, arkivdel: Arkivdel | None = None) -> dict[str, Any]:
    arkivdel = arkivdel or o.arkivdel
    svar = o.saksbehandler.get(f"{BASE}arkivstruktur/arkivdel/{arkivdel.system_id}/")
    assert svar.status_code == 200, svar.json()
    return dict(svar.json())


def ny_saksmappe(o: Oppsett, tittel: str = "Søknad om barnehageplass") -> dict[str, Any]:
    href = lenke(arkivdel_json(o), "sakarkiv/ny-saksmappe/")
    mal = o.saksbehandler.get(href).json()
    mal.pop("_links")
    svar = post(o.saksbehandler, href, {**mal, "tittel": tittel})
    assert svar.status_code == 201, svar.json()
    return dict(svar.json())


def ny_journalpost(o: Oppsett, saksmappe: dict[str, Any], **felter: Any) -> dict[str, Any]:
    href = lenke(saksmappe, "sakarkiv/ny-journalpost/")
    mal = o.saksbehandler.get(href).json()
    mal.pop("_links")
    svar = post(o.saksbehandler, href, {**mal, "tittel": "Søknad", **felter})
    assert svar.status_code == 201, svar.json()
    return dict(svar.json())


def test_saksmappe_og_journalpost_opprettes_gjennom_lenkene(alna: Oppsett) -> None:
    idag = dato_i_oslo(naa())
    href = lenke(arkivdel_json(alna), "sakarkiv/ny-saksmappe/")
    mal = alna.saksbehandler.get(href)
    assert mal.status_code == 200
    assert "ETag" not in mal
    assert "self" not in mal.json()["_links"]
    assert REL + "metadata/saksstatus/" in mal.json()["_links"]
    assert mal.json()["saksdato"] == idag.isoformat()
    assert mal.json()["saksansvarlig"] == alna.bydel.saksbehandler.visningsnavn
    assert mal.json()["administrativEnhet"] == alna.bydel.enhet.administrativ_enhet_navn
    assert mal.json()["saksstatus"]["kode"] == "B"

    sak = ny_saksmappe(alna)

    aar = aar_i_oslo(naa())
    assert sak["saksaar"] == aar
    assert sak["sakssekvensnummer"] == 1
    assert sak["mappeID"] == f"{aar}/1"
    assert sak["saksstatus"] == {"kode": "B", "kodenavn": "Under behandling"}
    assert sak["saksdato"] == idag.isoformat()
    assert sak["_links"]["self"]["href"] == f"{BASE}sakarkiv/saksmappe/{sak['systemID']}/"
    assert lenke(sak, "arkivstruktur/arkivdel/") == (
        f"{BASE}arkivstruktur/arkivdel/{alna.arkivdel.system_id}/"
    )
    jp_mal = alna.saksbehandler.get(lenke(sak, "sakarkiv/ny-journalpost/")).json()
    assert jp_mal["journalposttype"]["kode"] == "I"
    assert jp_mal["journalstatus"]["kode"] == "M"
    assert jp_mal["journaldato"] == idag.isoformat()

    foerste = ny_journalpost(alna, sak)
    andre = ny_journalpost(alna, sak, journalposttype={"kode": "U"}, journalstatus={"kode": "R"})

    assert foerste["journalpostnummer"] == 1
    assert andre["journalpostnummer"] == 2
    assert foerste["registreringsID"] == f"{aar}/1-1"
    assert foerste["journalaar"] == aar
    assert (foerste["journalsekvensnummer"], andre["journalsekvensnummer"]) == (1, 2)
    assert foerste["journaldato"] == idag.isoformat()
    assert andre["journalposttype"] == {"kode": "U", "kodenavn": "Utgående dokument"}
    assert foerste["_links"]["self"]["href"].startswith(f"{BASE}sakarkiv/journalpost/")
    assert lenke(foerste, "arkivstruktur/mappe/") == f"{BASE}arkivstruktur/mappe/{sak['systemID']}/"
    registreringer = alna.saksbehandler.get(lenke(sak, "arkivstruktur/registrering/")).json()
    assert [r["systemID"] for r in registreringer["results"]] == [
        foerste["systemID"],
        andre["systemID"],
    ]


def test_mappeID_foelger_sakssekvensen(alna: Oppsett) -> None:
    saker = [ny_saksmappe(alna, f"Sak {n}") for n in range(3)]
    aar = aar_i_oslo(naa())
    assert [s["mappeID"] for s in saker] == [f"{aar}/1", f"{aar}/2", f"{aar}/3"]


def test_mappelisten_er_polymorf(alna: Oppsett) -> None:
    href = lenke(arkivdel_json(alna), "arkivstruktur/ny-mappe/")
    mappe = post(alna.saksbehandler, href, {"tittel": "Personalmappe"}).json()
    sak = ny_saksmappe(alna)

    liste = alna.saksbehandler.get(f"{BASE}arkivstruktur/mappe/").json()

    assert liste["count"] == 2
    etter_id = {rad["systemID"]: rad for rad in liste["results"]}
    assert etter_id[mappe["systemID"]]["_links"]["self"]["href"] == (
        f"{BASE}arkivstruktur/mappe/{mappe['systemID']}/"
    )
    assert REL + "arkivstruktur/mappe/" in etter_id[mappe["systemID"]]["_links"]
    saksrad = etter_id[sak["systemID"]]
    assert saksrad["_links"]["self"]["href"] == f"{BASE}sakarkiv/saksmappe/{sak['systemID']}/"
    assert REL + "sakarkiv/saksmappe/" in saksrad["_links"]
    assert saksrad["saksaar"] == sak["saksaar"]
    assert "saksaar" not in etter_id[mappe["systemID"]]
    # The base href of a saksmappe answers with the saksmappe.
    via_grunn = alna.saksbehandler.get(f"{BASE}arkivstruktur/mappe/{sak['systemID']}/")
    assert via_grunn.json()["_links"]["self"]["href"] == saksrad["_links"]["self"]["href"]
    saksliste = alna.saksbehandler.get(f"{BASE}sakarkiv/saksmappe/").json()
    assert [rad["systemID"] for rad in saksliste["results"]] == [sak["systemID"]]


def test_odata_paa_saksaar_status_og_klasse(alna: Oppsett) -> None:
    post(
        alna.saksbehandler,
        lenke(arkivdel_json(alna), "arkivstruktur/ny-mappe/"),
        {"tittel": "Personalmappe"},
    )
    sak = ny_saksmappe(alna)
    aar = sak["saksaar"]

    def treff(filter_: str, samling: str = "arkivstruktur/mappe/") -> list[str]:
        svar = alna.saksbehandler.get(f"{BASE}{samling}", {"$filter": filter_})
        assert svar.status_code == 200, svar.json()
        return [rad["systemID"] for rad in svar.json()["results"]]

    assert treff(f"saksaar eq {aar}") == [sak["systemID"]]
    assert treff(f"saksaar eq {aar + 1}") == []
    assert treff("saksstatus/kode eq 'B'") == [sak["systemID"]]
    assert treff("saksaar eq null") != [sak["systemID"]]
    assert treff(f"mappeID eq '{sak['mappeID']}'", "sakarkiv/saksmappe/") == [sak["systemID"]]
    assert treff("startswith(tittel,'Søknad')", "sakarkiv/saksmappe/") == [sak["systemID"]]
    assert treff("dokumentmedium/kode eq 'E'", "sakarkiv/saksmappe/") == [sak["systemID"]]


def test_arkivdel_med_klassifikasjonssystem_avviser_mappe_direkte(alna: Oppsett) -> None:
    arkivdel = arkivdel_json(alna, alna.bydel.arkivdel)
    antall = Mappe.objects.count()

    mappe = post(alna.saksbehandler, lenke(arkivdel, "arkivstruktur/ny-mappe/"), {"tittel": "x"})
    sak = post(alna.saksbehandler, lenke(arkivdel, "sakarkiv/ny-saksmappe/"), {"tittel": "x"})

    assert mappe.status_code == 400
    assert sak.status_code == 400
    assert mappe.json()["feil"]["kode"] == 400
    assert REL + "arkivstruktur/ny-registrering/" not in arkivdel["_links"]
    assert Mappe.objects.count() == antall


def test_undermappe_og_saksmappe_i_mappe(alna: Oppsett) -> None:
    mappe = post(
        alna.saksbehandler,
        lenke(arkivdel_json(alna), "arkivstruktur/ny-mappe/"),
        {"tittel": "Eiendom Storgata 1"},
    ).json()
    under = post(alna.saksbehandler, lenke(mappe, "arkivstruktur/ny-mappe/"), {"tittel": "Bygg"})
    undersak = post(
        alna.saksbehandler, lenke(mappe, "sakarkiv/ny-saksmappe/"), {"tittel": "Byggesøknad"}
    )

    assert under.status_code == 201, under.json()
    assert undersak.status_code == 201, undersak.json()
    assert lenke(under.json(), "arkivstruktur/overmappe/") == (
        f"{BASE}arkivstruktur/mappe/{mappe['systemID']}/"
    )
    assert lenke(undersak.json(), "arkivstruktur/overmappe/") == lenke(
        under.json(), "arkivstruktur/overmappe/"
    )
    lest = alna.saksbehandler.get(mappe["_links"]["self"]["href"]).json()
    undermapper = alna.saksbehandler.get(lenke(lest, "arkivstruktur/undermappe/")).json()
    assert {rad["systemID"] for rad in undermapper["results"]} == {
        under.json()["systemID"],
        undersak.json()["systemID"],
    }
    # Exclusive children: a mappe with undermapper offers no registrering.
    assert REL + "arkivstruktur/ny-registrering/" not in lest["_links"]
    arkivdel_mapper = alna.saksbehandler.get(lenke(arkivdel_json(alna), "arkivstruktur/mappe/"))
    assert [rad["systemID"] for rad in arkivdel_mapper.json()["results"]] == [mappe["systemID"]]


def test_put_med_etag_og_409_ved_gammel_etag(alna: Oppsett) -> None:
    sak = ny_saksmappe(alna)
    selv = sak["_links"]["self"]["href"]
    lest = alna.saksbehandler.get(selv)

    svar = alna.saksbehandler.put(
        selv, {**lest.json(), "tittel": "Ny tittel"}, format="json", HTTP_ETAG=lest["ETag"]
    )
    gammel = alna.saksbehandler.put(
        selv, {**lest.json(), "tittel": "Enda en"}, format="json", HTTP_IF_MATCH=lest["ETag"]
    )

    assert svar.status_code == 200, svar.json()
    assert svar.json()["tittel"] == "Ny tittel"
    assert svar["ETag"] != lest["ETag"]
    assert gammel.status_code == 409
    assert Mappe.objects.get(system_id=sak["systemID"]).tittel == "Ny tittel"
    logg = Endringslogg.objects.filter(
        referanse_arkivenhet=sak["systemID"], referanse_metadata="tittel"
    )
    assert logg.count() == 1


def test_etag_holder_seg_naar_det_kommer_journalposter_og_dokumenter(alna: Oppsett) -> None:
    """A fagsystem creates the case, files its letters and then updates the case with the ETag
    it read first: numbering the children is not a change of the case or the journalpost."""
    sak = ny_saksmappe(alna)
    lest_sak = alna.saksbehandler.get(sak["_links"]["self"]["href"])
    journalpost = ny_journalpost(alna, sak, journalstatus={"kode": "J"})
    lest_journalpost = alna.saksbehandler.get(journalpost["_links"]["self"]["href"])
    dokument = post(
        alna.saksbehandler,
        lenke(journalpost, "arkivstruktur/ny-dokumentbeskrivelse/"),
        {"tittel": "Søknad", "dokumenttype": {"kode": "B"}, "dokumentstatus": {"kode": "B"}},
    )
    assert dokument.status_code == 201, dokument.json()

    for lest in (lest_sak, lest_journalpost):
        svar = alna.saksbehandler.patch(
            lest.json()["_links"]["self"]["href"],
            {"tittel": "Ny tittel"},
            format="json",
            HTTP_IF_MATCH=lest["ETag"],
        )
        assert svar.status_code == 200, svar.json()
        assert svar["ETag"] != lest["ETag"]


def _flytt(o: Oppsett, journalpost: dict[str, Any], til: str) -> Any:
    selv = journalpost["_links"]["self"]["href"]
    return o.arkivar.patch(
        selv,
        {"_links": {REL + "arkivstruktur/mappe/": {"href": til}}},
        format="json",
        HTTP_IF_MATCH=o.arkivar.get(selv)["ETag"],
    )


def test_journalpost_flyttes_til_riktig_sak_ved_aa_patche_mappelenken(alna: Oppsett) -> None:
    """The records office moves a letter filed in the wrong case: it takes the new case's next
    number, keeps its journal number, and its documents go with it."""
    feil_sak, riktig_sak = ny_saksmappe(alna, "Feil sak"), ny_saksmappe(alna, "Riktig sak")
    ny_journalpost(alna, riktig_sak)
    journalpost = ny_journalpost(alna, feil_sak, tittel="Brev om barnehageplass")
    dokument = post(
        alna.saksbehandler,
        lenke(journalpost, "arkivstruktur/ny-dokumentbeskrivelse/"),
        {"tittel": "Brev", "dokumenttype": {"kode": "B"}, "dokumentstatus": {"kode": "B"}},
    )
    assert dokument.status_code == 201, dokument.json()

    svar = _flytt(alna, journalpost, riktig_sak["_links"]["self"]["href"])

    assert svar.status_code == 200, svar.json()
    flyttet = svar.json()
    assert lenke(flyttet, "arkivstruktur/mappe/") == (
        f"{BASE}arkivstruktur/mappe/{riktig_sak['systemID']}/"
    )
    assert flyttet["journalpostnummer"] == 2
    assert flyttet["registreringsID"] == f"{riktig_sak['mappeID']}-2"
    assert (flyttet["journalaar"], flyttet["journalsekvensnummer"]) == (
        journalpost["journalaar"],
        journalpost["journalsekvensnummer"],
    )
    i_riktig = alna.saksbehandler.get(lenke(riktig_sak, "arkivstruktur/registrering/")).json()
    assert [r["tittel"] for r in i_riktig["results"]] == ["Søknad", "Brev om barnehageplass"]
    i_feil = alna.saksbehandler.get(lenke(feil_sak, "arkivstruktur/registrering/")).json()
    assert i_feil["count"] == 0
    dokumenter = alna.saksbehandler.get(lenke(flyttet, "arkivstruktur/dokumentbeskrivelse/"))
    assert [d["tittel"] for d in dokumenter.json()["results"]] == ["Brev"]
    assert Endringslogg.objects.filter(
        referanse_arkivenhet=journalpost["systemID"], referanse_metadata="mappe"
    ).values_list("tidligere_verdi", "ny_verdi").get() == (
        feil_sak["systemID"],
        riktig_sak["systemID"],
    )


def test_arkivnotat_flyttes_ogsaa_og_faar_neste_nummer_i_saken(alna: Oppsett) -> None:
    feil_sak, riktig_sak = ny_saksmappe(alna, "Feil sak"), ny_saksmappe(alna, "Riktig sak")
    href = lenke(feil_sak, "sakarkiv/ny-arkivnotat/")
    mal = alna.saksbehandler.get(href).json()
    mal.pop("_links")
    notat = post(alna.saksbehandler, href, {**mal, "tittel": "Telefonnotat"})
    assert notat.status_code == 201, notat.json()

    svar = _flytt(alna, notat.json(), riktig_sak["_links"]["self"]["href"])

    assert svar.status_code == 200, svar.json()
    assert svar.json()["registreringsID"] == f"{riktig_sak['mappeID']}-1"


def test_journalpost_flyttes_ikke_til_en_annen_bydel_eller_inn_i_en_avsluttet_sak(
    alna: Oppsett, bjerke: Oppsett
) -> None:
    sak, avsluttet = ny_saksmappe(alna), ny_saksmappe(alna, "Avsluttet sak")
    journalpost = ny_journalpost(alna, sak)
    alna.arkivar.patch(
        avsluttet["_links"]["self"]["href"], {"saksstatus": {"kode": "A"}}, format="json"
    )

    for maal in (
        ny_saksmappe(bjerke)["_links"]["self"]["href"],
        avsluttet["_links"]["self"]["href"],
        f"{BASE}arkivstruktur/arkivdel/{alna.arkivdel.system_id}/",
    ):
        svar = _flytt(alna, journalpost, maal)
        assert svar.status_code == 400, (maal, svar.json())

    lest = alna.saksbehandler.get(journalpost["_links"]["self"]["href"]).json()
    assert lenke(lest, "arkivstruktur/mappe/") == f"{BASE}arkivstruktur/mappe/{sak['systemID']}/"


def test_put_av_systemfelt_gir_400(alna: Oppsett) -> None:
    sak = ny_saksmappe(alna)
    selv = sak["_links"]["self"]["href"]
    lest = alna.saksbehandler.get(selv).json()

    svar = alna.saksbehandler.put(selv, {**lest, "sakssekvensnummer": 99}, format="json")

    assert svar.status_code == 400
    assert "sakssekvensnummer" in svar.json()["feil"]["beskrivelse"]


def test_saksmappe_avsluttes_med_saksstatus_a(alna: Oppsett) -> None:
    sak = ny_saksmappe(alna)
    selv = sak["_links"]["self"]["href"]

    saksbehandler = alna.saksbehandler.patch(selv, {"saksstatus": {"kode": "A"}}, format="json")
    ugyldig = alna.arkivar.patch(selv, {"saksstatus": {"kode": "Q"}}, format="json")
    avsluttet = alna.arkivar.patch(selv, {"saksstatus": {"kode": "A"}}, format="json")

    assert saksbehandler.status_code == 403
    assert ugyldig.status_code == 400
    assert avsluttet.status_code == 200, avsluttet.json()
    assert avsluttet.json()["saksstatus"]["kode"] == "A"
    assert "avsluttetDato" in avsluttet.json()
    assert REL + "sakarkiv/ny-journalpost/" not in avsluttet.json()["_links"]
    ny = post(alna.saksbehandler, f"{selv}ny-journalpost/", {"tittel": "x", "journalposttype": "I"})
    assert ny.status_code == 400


def test_generisk_mappe_avsluttes_med_avsluttetDato(alna: Oppsett) -> None:
    mappe = post(
        alna.saksbehandler,
        lenke(arkivdel_json(alna), "arkivstruktur/ny-mappe/"),
        {"tittel": "Personalmappe"},
    ).json()

    svar = alna.saksbehandler.patch(
        mappe["_links"]["self"]["href"],
        {"avsluttetDato": "2026-01-01T12:00:00+01:00"},
        format="json",
    )

    assert svar.status_code == 200, svar.json()
    assert Mappe.objects.get(system_id=mappe["systemID"]).er_avsluttet is True
    assert svar.json()["avsluttetAv"] == alna.bydel.saksbehandler.username
    # Sent back unchanged it is accepted; a new value is refused, and nothing is changed.
    igjen = alna.saksbehandler.put(mappe["_links"]["self"]["href"], svar.json(), format="json")
    endret = alna.saksbehandler.patch(
        mappe["_links"]["self"]["href"],
        {"avsluttetDato": "2027-01-01T12:00:00+01:00", "beskrivelse": "x"},
        format="json",
    )
    assert igjen.status_code == 200, igjen.json()
    assert endret.status_code == 400
    assert Mappe.objects.get(system_id=mappe["systemID"]).beskrivelse == ""


def test_sletting_barn_foerst(alna: Oppsett) -> None:
    sak = ny_saksmappe(alna)
    jp = ny_journalpost(alna, sak)
    sak_selv = sak["_links"]["self"]["href"]

    for_tidlig = alna.saksbehandler.delete(sak_selv)
    jp_slettet = alna.saksbehandler.delete(jp["_links"]["self"]["href"])
    sak_slettet = alna.saksbehandler.delete(sak_selv)

    assert for_tidlig.status_code == 400
    assert jp_slettet.status_code == 204
    assert sak_slettet.status_code == 204
    assert alna.saksbehandler.get(sak_selv).status_code == 404
    assert not Mappe.objects.filter(system_id=sak["systemID"]).exists()


def test_annen_bydels_sak_er_404(alna: Oppsett, bjerke: Oppsett) -> None:
    sak = ny_saksmappe(bjerke)
    selv = sak["_links"]["self"]["href"]

    svar = [
        alna.saksbehandler.get(selv),
        alna.saksbehandler.get(f"{BASE}arkivstruktur/mappe/{sak['systemID']}/"),
        alna.saksbehandler.get(f"{selv}registrering/"),
        alna.saksbehandler.get(f"{selv}ny-journalpost/"),
        post(alna.saksbehandler, f"{selv}ny-journalpost/", {"tittel": "x", "journalposttype": "I"}),
        alna.saksbehandler.patch(selv, {"tittel": "x"}, format="json"),
        alna.saksbehandler.delete(selv),
    ]

    assert [s.status_code for s in svar] == [404] * len(svar)
    assert sak["tittel"] not in str([s.content for s in svar])
    liste = alna.saksbehandler.get(f"{BASE}sakarkiv/saksmappe/").json()
    assert liste["count"] == 0


def test_bruker_uten_rettighet_faar_403_og_ingen_lenke(alna: Oppsett) -> None:
    sak = ny_saksmappe(alna)
    # A systemadministrator sees the open case but does no case work in the bydel.
    admin = klient(
        bruker_med_rolle(
            Rolle.SYSTEMADMINISTRATOR,
            AdministrativEnhetFactory(virksomhet=alna.bydel.arkiv.virksomhet),
            username="admin.alna",
        )
    )
    lest = admin.get(sak["_links"]["self"]["href"])
    arkivdel = admin.get(f"{BASE}arkivstruktur/arkivdel/{alna.arkivdel.system_id}/").json()

    assert lest.status_code == 200
    assert not [n for n in lest.json()["_links"] if "/ny-" in n or "/utvid-" in n]
    assert not [n for n in arkivdel["_links"] if "/ny-mappe" in n or "/ny-saksmappe" in n]
    svar = post(
        admin,
        f"{sak['_links']['self']['href']}ny-journalpost/",
        {"tittel": "x", "journalposttype": "I"},
    )
    ny_sak = post(
        admin,
        f"{BASE}arkivstruktur/arkivdel/{alna.arkivdel.system_id}/ny-saksmappe/",
        {"tittel": "x"},
    )
    endre = admin.patch(sak["_links"]["self"]["href"], {"tittel": "x"}, format="json")
    assert (svar.status_code, ny_sak.status_code, endre.status_code) == (403, 403, 403)
    assert Mappe.objects.count() == 1


def test_pakkelistene_svarer(alna: Oppsett) -> None:
    pakker = {
        pakke: alna.saksbehandler.get(f"{BASE}{pakke}/").json()["_links"]
        for pakke in ("arkivstruktur", "sakarkiv")
    }
    for samling in (
        "arkivstruktur/mappe/",
        "arkivstruktur/registrering/",
        "sakarkiv/saksmappe/",
        "sakarkiv/journalpost/",
        "sakarkiv/arkivnotat/",
    ):
        lenke_ = pakker[samling.split("/")[0]][REL + samling]
        assert lenke_["templated"] is True
        svar = alna.saksbehandler.get(lenke_["href"].split("{")[0])
        assert svar.status_code == 200, samling
        assert svar.json()["count"] == 0
        assert svar.json()["_links"][REL + samling]["href"] == f"{BASE}{samling}"


def test_utvid_til_saksmappe_beholder_systemid(alna: Oppsett) -> None:
    mappe = post(
        alna.saksbehandler,
        lenke(arkivdel_json(alna), "arkivstruktur/ny-mappe/"),
        {"tittel": "Sak som mappe"},
    ).json()
    href = lenke(mappe, "sakarkiv/utvid-til-saksmappe/")
    mal = alna.saksbehandler.get(href).json()
    mal.pop("_links")

    svar = alna.saksbehandler.put(href, {**mal, "saksdato": "2026-01-08"}, format="json")

    assert svar.status_code == 200, svar.json()
    sak = svar.json()
    assert sak["systemID"] == mappe["systemID"]
    assert sak["saksdato"] == "2026-01-08"
    assert sak["saksstatus"]["kode"] == "B"
    assert sak["mappeID"] == f"{sak['saksaar']}/{sak['sakssekvensnummer']}"
    assert sak["_links"]["self"]["href"] == f"{BASE}sakarkiv/saksmappe/{mappe['systemID']}/"
    assert REL + "sakarkiv/utvid-til-saksmappe/" not in sak["_links"]
    igjen = alna.saksbehandler.put(href, mal, format="json")
    assert igjen.status_code == 400


def test_saksmappe_i_klasse_havner_i_klassens_arkivdel(alna: Oppsett) -> None:
    href = f"{BASE}arkivstruktur/klasse/{alna.bydel.klasse.system_id}/ny-saksmappe/"
    mal = alna.saksbehandler.get(href).json()
    mal.pop("_links")

    svar = post(alna.saksbehandler, href, {**mal, "tittel": "Klassifisert sak"})

    assert svar.status_code == 201, svar.json()
    assert lenke(svar.json(), "arkivstruktur/klasse/") == (
        f"{BASE}arkivstruktur/klasse/{alna.bydel.klasse.system_id}/"
    )
    assert lenke(svar.json(), "arkivstruktur/arkivdel/") == (
        f"{BASE}arkivstruktur/arkivdel/{alna.bydel.arkivdel.system_id}/"
    )
    assert mal["administrativEnhet"] == alna.bydel.enhet.administrativ_enhet_navn


def test_sak_klassifiseres_om_ved_aa_patche_klasselenken_og_arver_den_nye_klassens_kassasjon(
    alna: Oppsett,
) -> None:
    href = f"{BASE}arkivstruktur/klasse/{alna.bydel.klasse.system_id}/ny-saksmappe/"
    mal = alna.saksbehandler.get(href).json()
    mal.pop("_links")
    sak = post(alna.saksbehandler, href, {**mal, "tittel": "Feil klassifisert"}).json()
    riktig = KlasseFactory(
        klassifikasjonssystem=alna.bydel.klasse.klassifikasjonssystem, klasse_id="999"
    )
    kassasjon_sett(
        enhet=riktig, kassasjonsvedtak="K", bevaringstid=10, utfoert_av=alna.bydel.arkivar
    )
    selv = sak["_links"]["self"]["href"]
    riktig_href = f"{BASE}arkivstruktur/klasse/{riktig.system_id}/"

    svar = alna.arkivar.patch(
        selv,
        {"_links": {REL + "arkivstruktur/klasse/": {"href": riktig_href}}},
        format="json",
        HTTP_IF_MATCH=alna.arkivar.get(selv)["ETag"],
    )

    assert svar.status_code == 200, svar.json()
    assert lenke(svar.json(), "arkivstruktur/klasse/") == riktig_href
    assert svar.json()["kassasjon"]["kassasjonsvedtak"]["kode"] == "K"
    assert Endringslogg.objects.filter(
        referanse_arkivenhet=sak["systemID"], referanse_metadata="klasse"
    ).values_list("ny_verdi", flat=True).get() == str(riktig.system_id)
    annet_system = f"{BASE}arkivstruktur/klasse/{KlasseFactory().system_id}/"
    nektet = alna.arkivar.patch(
        selv, {"_links": {REL + "arkivstruktur/klasse/": {"href": annet_system}}}, format="json"
    )
    assert nektet.status_code == 400, nektet.json()


def test_mappe_klassifiseres_om_ved_aa_patche_klasselenken(alna: Oppsett) -> None:
    """A plain mappe as a case (rest-api.md §5.2): the `klasse` link moves it within the
    arkivdel's system, it inherits the new klasse's kassasjon, and the change is logged."""
    href = f"{BASE}arkivstruktur/klasse/{alna.bydel.klasse.system_id}/ny-mappe/"
    mappe = post(alna.saksbehandler, href, {"tittel": "Eiendom Storgata 1"})
    assert mappe.status_code == 201, mappe.json()
    riktig = KlasseFactory(
        klassifikasjonssystem=alna.bydel.klasse.klassifikasjonssystem, klasse_id="998"
    )
    kassasjon_sett(
        enhet=riktig, kassasjonsvedtak="K", bevaringstid=10, utfoert_av=alna.bydel.arkivar
    )
    selv = mappe.json()["_links"]["self"]["href"]
    riktig_href = f"{BASE}arkivstruktur/klasse/{riktig.system_id}/"

    svar = alna.saksbehandler.patch(
        selv, {"_links": {REL + "arkivstruktur/klasse/": {"href": riktig_href}}}, format="json"
    )

    assert svar.status_code == 200, svar.json()
    assert lenke(svar.json(), "arkivstruktur/klasse/") == riktig_href
    assert svar.json()["kassasjon"]["kassasjonsvedtak"]["kode"] == "K"
    assert Endringslogg.objects.filter(
        referanse_arkivenhet=mappe.json()["systemID"], referanse_metadata="klasse"
    ).values_list("ny_verdi", flat=True).get() == str(riktig.system_id)
    under = post(alna.saksbehandler, lenke(svar.json(), "arkivstruktur/ny-mappe/"), {"tittel": "B"})
    assert under.status_code == 201, under.json()
    # An undermappe is classified through its overmappe: the service refuses a klasse.
    with pytest.raises(DomeneFeil, match="undermappe"):
        mappe_endre(
            mappe=Mappe.objects.get(system_id=under.json()["systemID"]),
            endringer={"klasse": riktig},
            utfoert_av=alna.bydel.arkivar,
        )


def test_listen_koster_ikke_en_spoerring_per_rad(alna: Oppsett) -> None:
    def spoerringer() -> int:
        with CaptureQueriesContext(connection) as fanget:
            for samling in ("arkivstruktur/mappe/", "arkivstruktur/registrering/"):
                assert alna.saksbehandler.get(f"{BASE}{samling}").status_code == 200
        return len(fanget)

    sak = ny_saksmappe(alna)
    ny_journalpost(alna, sak)
    foer = spoerringer()
    for n in range(4):
        ny_journalpost(alna, ny_saksmappe(alna, f"Sak {n}"))

    assert spoerringer() == foer


def test_opprettetAv_er_innloggingsnavnet_og_kan_filtreres(alna: Oppsett) -> None:
    """client-compat.md §3 item 6: the login name, searchable; the archive keeps the person's
    name, and a record without a user reference (migrated) shows that."""
    sak = ny_saksmappe(alna)
    migrert = ny_saksmappe(alna, tittel="Fra gammelt system")
    Mappe.objects.filter(system_id=migrert["systemID"]).update(
        referanse_opprettet_av=None, opprettet_av="Ola Gammel"
    )
    brukernavn = alna.bydel.saksbehandler.username

    def treff(verdi: str) -> list[str]:
        svar = alna.saksbehandler.get(
            f"{BASE}sakarkiv/saksmappe/", {"$filter": f"opprettetAv eq '{verdi}'"}
        )
        assert svar.status_code == 200, svar.json()
        return [rad["systemID"] for rad in svar.json()["results"]]

    assert sak["opprettetAv"] == brukernavn
    assert Mappe.objects.get(system_id=sak["systemID"]).opprettet_av == (
        alna.bydel.saksbehandler.visningsnavn
    )
    assert treff(brukernavn) == [sak["systemID"]]
    assert treff("Ola Gammel") == [migrert["systemID"]]
    lest = alna.saksbehandler.get(migrert["_links"]["self"]["href"]).json()
    assert lest["opprettetAv"] == "Ola Gammel"
