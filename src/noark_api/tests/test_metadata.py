"""The metadata package over HTTP: code lists and their values, and the catalogue of
virksomhetsspesifikkeMetadata (client-compat.md §14; rest-api.md §9, §12.5)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from kodeliste.models import Kodeverdi, VirksomhetsspesifiktMetadatafelt
from organisasjon.models import Bruker, Rolle
from organisasjon.tests.factories import AdministrativEnhetFactory, bruker_med_rolle
from sporing.models import Endringslogg

from .conftest import basic

pytestmark = pytest.mark.django_db

REL = "https://rel.arkivverket.no/noark5/v5/api/"
BASE = "http://testserver/api/"


def _lenke(data: dict[str, Any], noekkel: str) -> str:
    return str(data["_links"][REL + noekkel]["href"])


@pytest.fixture
def saksbehandler_api() -> APIClient:
    bruker = bruker_med_rolle(
        Rolle.SAKSBEHANDLER, AdministrativEnhetFactory(), username="sb@example.com"
    )
    klient = APIClient()
    klient.credentials(HTTP_AUTHORIZATION=basic(bruker.username))
    return klient


def test_alle_pakkens_lenker_svarer_200(admin_api: APIClient) -> None:
    lenker = admin_api.get(f"{BASE}metadata/").json()["_links"]

    svar = {noekkel: admin_api.get(lenke["href"]) for noekkel, lenke in lenker.items()}

    assert len(lenker) == 2 * 32 + 1
    assert {n: s.status_code for n, s in svar.items() if s.status_code != 200} == {}
    assert all("count" in s.json() for n, s in svar.items() if "/ny-" not in n and n != "self")


def test_kodeliste_er_en_samling_med_kode_kodenavn_og_lenker(innlogget: APIClient) -> None:
    svar = innlogget.get(f"{BASE}metadata/journalstatus/", {"$filter": "kode eq 'J'"})

    data = svar.json()
    assert svar.status_code == 200
    assert data["count"] == 1
    verdi = data["results"][0]
    assert (verdi["kode"], verdi["kodenavn"]) == ("J", "Journalført")
    assert _lenke(verdi, "metadata/journalstatus/") == verdi["_links"]["self"]["href"]
    assert REL + "loggingogsporing/endringslogg/" not in verdi["_links"]
    assert data["_links"]["self"]["href"].startswith(f"{BASE}metadata/journalstatus/")
    # A plain user gets no create link.
    assert REL + "metadata/ny-journalstatus/" not in data["_links"]


def test_utdatert_verdi_vises_med_utdatert(innlogget: APIClient) -> None:
    data = innlogget.get(f"{BASE}metadata/tilgangsrestriksjon/", {"$filter": "kode eq '5'"}).json()

    assert data["results"][0]["utdatert"].startswith("2009-01-01")


def test_kodeverdi_rundtur_som_systemadministrator(admin_api: APIClient) -> None:
    pakke = admin_api.get(f"{BASE}metadata/").json()
    ny = _lenke(pakke, "metadata/ny-dokumenttype/")
    mal = admin_api.get(ny)
    assert mal.status_code == 200
    assert "ETag" not in mal
    assert "self" not in mal.json()["_links"]

    opprettet = admin_api.post(ny, {"kode": "VED", "kodenavn": "Vedtak"}, format="json")
    assert opprettet.status_code == 201, opprettet.json()
    assert {"kode": "VED", "kodenavn": "Vedtak"}.items() <= opprettet.json().items()
    selv = opprettet["Location"]
    assert selv == opprettet.json()["_links"]["self"]["href"]

    lest = admin_api.get(selv)
    assert lest.status_code == 200
    assert lest["ETag"] == opprettet["ETag"]
    endret = admin_api.put(
        selv,
        {**lest.json(), "kodenavn": "Vedtaksbrev", "beskrivelse": "Et vedtak"},
        format="json",
        HTTP_IF_MATCH=lest["ETag"],
    )
    assert endret.status_code == 200, endret.json()
    assert endret.json()["kodenavn"] == "Vedtaksbrev"
    assert endret["ETag"] != lest["ETag"]
    assert admin_api.delete(selv, HTTP_IF_MATCH=lest["ETag"]).status_code == 409

    slettet = admin_api.delete(selv, HTTP_IF_MATCH=endret["ETag"])
    assert slettet.status_code == 204
    assert admin_api.get(selv).status_code == 404
    system_id = selv.rstrip("/").rsplit("/", 1)[1]
    assert list(
        Endringslogg.objects.filter(referanse_arkivenhet=system_id).values_list(
            "hendelsetype", flat=True
        )
    ) == ["C", "U", "U", "D"]


def test_kode_endres_ikke_og_standardverdi_slettes_ikke(admin_api: APIClient) -> None:
    verdi = admin_api.get(f"{BASE}metadata/dokumentmedium/", {"$filter": "kode eq 'E'"}).json()
    selv = verdi["results"][0]["_links"]["self"]["href"]
    lest = admin_api.get(selv).json()

    ny_kode = admin_api.put(selv, {**lest, "kode": "EL"}, format="json")
    slett = admin_api.delete(selv)

    assert ny_kode.status_code == 400
    assert "kode" in ny_kode.json()["detail"]
    assert slett.status_code == 400
    assert Kodeverdi.objects.filter(kodeliste__navn="dokumentmedium", kode="E").exists()


def test_koder_er_unike_bare_innen_listen(admin_api: APIClient) -> None:
    en = admin_api.post(
        f"{BASE}metadata/ny-dokumenttype/", {"kode": "J", "kodenavn": "Journal"}, format="json"
    )
    igjen = admin_api.post(
        f"{BASE}metadata/ny-dokumenttype/", {"kode": "J", "kodenavn": "Annen"}, format="json"
    )
    lukket = admin_api.post(
        f"{BASE}metadata/ny-land/", {"kode": "XX", "kodenavn": "Ingensteds"}, format="json"
    )
    uten_navn = admin_api.post(f"{BASE}metadata/ny-dokumenttype/", {"kode": "Q"}, format="json")

    assert en.status_code == 201  # J is journalstatus's too; other lists do not count
    assert igjen.status_code == 400
    assert lukket.status_code == 400
    assert uten_navn.status_code == 400
    assert "kodenavn" in uten_navn.json()["feil"]["beskrivelse"]


def test_saksbehandler_faar_403_og_ingen_opprettingslenker(
    saksbehandler_api: APIClient, admin_api: APIClient
) -> None:
    laget = admin_api.post(
        f"{BASE}metadata/ny-dokumenttype/", {"kode": "VED", "kodenavn": "Vedtak"}, format="json"
    )
    selv = laget["Location"]
    pakke = saksbehandler_api.get(f"{BASE}metadata/").json()["_links"]

    ny = saksbehandler_api.post(
        f"{BASE}metadata/ny-dokumenttype/", {"kode": "ZZ9", "kodenavn": "ZZ9"}, format="json"
    )
    endre = saksbehandler_api.patch(selv, {"kodenavn": "Annet"}, format="json")
    slett = saksbehandler_api.delete(selv)
    vsm = saksbehandler_api.post(
        f"{BASE}metadata/ny-virksomhetsspesifikkeMetadata/",
        {"navn": "ppt-v1:skoleaar", "type": "string"},
        format="json",
    )

    assert not [n for n in pakke if "/ny-" in n]
    assert (ny.status_code, endre.status_code, slett.status_code, vsm.status_code) == (
        403,
        403,
        403,
        403,
    )
    assert ny.json()["feil"]["kode"] == 403
    assert saksbehandler_api.get(selv).json()["kodenavn"] == "Vedtak"
    assert not Kodeverdi.objects.filter(kode="ZZ9").exists()


def test_anonym_faar_401(api: APIClient) -> None:
    assert api.get(f"{BASE}metadata/arkivstatus/").status_code == 401


# --- virksomhetsspesifikkeMetadata -------------------------------------------------------------


def test_vsm_katalogen_er_en_samling_ogsaa_tom(innlogget: APIClient) -> None:
    data = innlogget.get(f"{BASE}metadata/virksomhetsspesifikkeMetadata/").json()

    assert (data["count"], data["results"]) == (0, [])


def test_vsm_rundtur(admin_api: APIClient, bruker: Bruker) -> None:
    ny = f"{BASE}metadata/ny-virksomhetsspesifikkeMetadata/"
    assert admin_api.get(ny).json()["type"] == "string"

    svar = admin_api.post(
        ny,
        {
            "navn": "ppt-v1:skoleaar",
            "type": "string",
            "beskrivelse": "Skoleåret",
            "kilde": "https://example.com/ppt",
        },
        format="json",
    )
    assert svar.status_code == 201, svar.json()
    data = svar.json()
    assert {"systemID", "navn", "type", "beskrivelse", "kilde"} <= data.keys()
    selv = svar["Location"]
    liste = admin_api.get(f"{BASE}metadata/virksomhetsspesifikkeMetadata/").json()
    assert [r["navn"] for r in liste["results"]] == ["ppt-v1:skoleaar"]

    endret = admin_api.patch(selv, {"utdatert": "2030-01-01T00:00:00+01:00"}, format="json")
    nytt_navn = admin_api.patch(selv, {"navn": "ppt-v2:skoleaar"}, format="json")
    assert endret.status_code == 200, endret.json()
    assert endret.json()["utdatert"].startswith("2030-01-01")
    assert nytt_navn.status_code == 400

    assert admin_api.delete(selv, HTTP_ETAG=endret["ETag"]).status_code == 204
    assert VirksomhetsspesifiktMetadatafelt.objects.exists() is False


@pytest.mark.parametrize(
    "navn", ["skoleaar", "ppt:skoleaar", "PPT-v1:skoleaar", "ppt-v1:skole_aar", "ppt-v1 :x"]
)
def test_vsm_navneregelen_gir_400(admin_api: APIClient, navn: str) -> None:
    svar = admin_api.post(
        f"{BASE}metadata/ny-virksomhetsspesifikkeMetadata/",
        {"navn": navn, "type": "string"},
        format="json",
    )

    assert svar.status_code == 400
    assert "navn" in svar.json()["detail"]
    assert VirksomhetsspesifiktMetadatafelt.objects.exists() is False


def test_vsm_ukjent_type_gir_400(admin_api: APIClient) -> None:
    svar = admin_api.post(
        f"{BASE}metadata/ny-virksomhetsspesifikkeMetadata/",
        {"navn": "ppt-v1:skoleaar", "type": "tekst"},
        format="json",
    )

    assert svar.status_code == 400
    assert "type" in svar.json()["detail"]


def test_kodelisten_spoer_ikke_per_rad(admin_api: APIClient) -> None:
    def spoerringer(url: str) -> int:
        with CaptureQueriesContext(connection) as logg:
            assert admin_api.get(url, {"$top": 100}).status_code == 200
        return len(logg)

    # 2 values against 37: the same number of queries.
    assert spoerringer(f"{BASE}metadata/arkivstatus/") == spoerringer(f"{BASE}metadata/format/")
