"""Creating, updating and deleting through the API (rest-api.md §5; client-compat.md §5, §6,
§11, §12), on the top of the structure: arkivskaper → arkiv → arkivdel."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from arkivstruktur.models import Arkiv, Arkivdel, Arkivskaper
from organisasjon.models import Bruker, Rolle
from organisasjon.tests.factories import AdministrativEnhetFactory, bruker_med_rolle
from sporing.models import Endringslogg

from .conftest import basic

pytestmark = pytest.mark.django_db

REL = "https://rel.arkivverket.no/noark5/v5/api/"
BASE = "http://testserver/api/"
JSON = "application/vnd.noark5+json"


def _lenke(data: dict[str, Any], noekkel: str) -> str:
    return str(data["_links"][REL + noekkel]["href"])


def _post(api: APIClient, href: str, data: dict[str, Any]) -> Any:
    return api.post(href, data, format="json", HTTP_ACCEPT=JSON)


@pytest.fixture
def admin(systemadministrator: Bruker) -> APIClient:
    klient = APIClient()
    klient.credentials(HTTP_AUTHORIZATION=basic(systemadministrator.username))
    return klient


@pytest.fixture
def arkivskaper(admin: APIClient) -> dict[str, Any]:
    pakke = admin.get(f"{BASE}arkivstruktur/").json()
    svar = _post(
        admin,
        _lenke(pakke, "arkivstruktur/ny-arkivskaper/"),
        {"arkivskaperID": "974770982", "arkivskaperNavn": "Bydel Alna"},
    )
    assert svar.status_code == 201, svar.json()
    return dict(svar.json())


@pytest.fixture
def arkiv(admin: APIClient, arkivskaper: dict[str, Any]) -> dict[str, Any]:
    href = _lenke(arkivskaper, "arkivstruktur/ny-arkiv/")
    mal = admin.get(href).json()
    assert mal["dokumentmedium"] == {"kode": "E", "kodenavn": "Elektronisk arkiv"}
    svar = _post(admin, href, {**mal, "_links": None, "tittel": "Alna arkiv"} | {"_links": {}})
    assert svar.status_code == 201, svar.json()
    return dict(svar.json())


def test_opprettelse_svarer_201_med_location_etag_og_hele_objektet(
    admin: APIClient, arkiv: dict[str, Any]
) -> None:
    lagret = Arkiv.objects.get(system_id=arkiv["systemID"])
    assert lagret.tittel == "Alna arkiv"
    assert lagret.arkivstatus == "O"
    assert list(lagret.arkivskapere.values_list("arkivskaper_id", flat=True)) == ["974770982"]
    assert arkiv["dokumentmedium"] == {"kode": "E", "kodenavn": "Elektronisk arkiv"}
    assert {"opprettetDato", "opprettetAv"} <= arkiv.keys()
    selv = arkiv["_links"]["self"]["href"]
    assert admin.get(selv).status_code == 200
    assert _lenke(arkiv, "arkivstruktur/ny-arkivdel/") == f"{selv}ny-arkivdel/"
    assert _lenke(arkiv, "loggingogsporing/endringslogg/") == f"{selv}endringslogg/"


def test_location_og_etag(admin: APIClient, arkivskaper: dict[str, Any]) -> None:
    svar = _post(admin, _lenke(arkivskaper, "arkivstruktur/ny-arkiv/"), {"tittel": "A"})
    assert svar.status_code == 201
    assert svar["Location"] == svar.json()["_links"]["self"]["href"]
    assert svar["ETag"] == admin.get(svar["Location"])["ETag"]


def test_mal_har_ingen_self_og_ingen_etag(admin: APIClient, arkiv: dict[str, Any]) -> None:
    svar = admin.get(_lenke(arkiv, "arkivstruktur/ny-arkivdel/"))
    assert svar.status_code == 200
    assert "self" not in svar.json()["_links"]
    assert "ETag" not in svar
    assert REL + "metadata/arkivdelstatus/" in svar.json()["_links"]


def test_manglende_tittel_og_ukjent_attributt_gir_400(
    admin: APIClient, arkiv: dict[str, Any]
) -> None:
    href = _lenke(arkiv, "arkivstruktur/ny-arkivdel/")
    uten_tittel = _post(admin, href, {"beskrivelse": "x"})
    ukjent = _post(admin, href, {"tittel": "x", "finnesIkke": 1})
    feil_type = _post(admin, href, {"tittel": 7})
    ikke_objekt = admin.post(href, [1, 2], format="json")
    for svar in (uten_tittel, ukjent, feil_type, ikke_objekt):
        assert svar.status_code == 400, svar.json()
        assert svar.json()["feil"]["kode"] == 400
    assert "tittel" in uten_tittel.json()["feil"]["beskrivelse"]
    assert not Arkivdel.objects.exists()


def test_saksbehandler_faar_ikke_lenke_og_faar_403(arkiv: dict[str, Any], api: APIClient) -> None:
    saksbehandler = bruker_med_rolle(
        Rolle.SAKSBEHANDLER, AdministrativEnhetFactory(), username="sb@example.com"
    )
    api.credentials(HTTP_AUTHORIZATION=basic(saksbehandler.username))
    pakke = api.get(f"{BASE}arkivstruktur/").json()
    assert REL + "arkivstruktur/ny-arkiv/" not in pakke["_links"]
    svar = _post(
        api, f"{BASE}arkivstruktur/ny-arkivskaper/", {"arkivskaperID": "1", "arkivskaperNavn": "x"}
    )
    assert svar.status_code == 403
    assert Arkivskaper.objects.count() == 1


def test_put_med_etag_endrer_og_gir_ny_etag(admin: APIClient, arkiv: dict[str, Any]) -> None:
    selv = arkiv["_links"]["self"]["href"]
    lest = admin.get(selv)
    tilbake = {**lest.json(), "tittel": "Alna arkiv (nytt navn)"}
    svar = admin.put(selv, tilbake, format="json", HTTP_ETAG=lest["ETag"])
    assert svar.status_code == 200, svar.json()
    assert svar.json()["tittel"] == "Alna arkiv (nytt navn)"
    assert svar["ETag"] != lest["ETag"]
    assert svar.json()["endretAv"]
    logg = Endringslogg.objects.filter(
        referanse_arkivenhet=arkiv["systemID"], referanse_metadata="tittel"
    )
    assert [(r.tidligere_verdi, r.ny_verdi) for r in logg] == [
        ("Alna arkiv", "Alna arkiv (nytt navn)")
    ]


def test_gammel_etag_gir_409_og_ingenting_endres(admin: APIClient, arkiv: dict[str, Any]) -> None:
    selv = arkiv["_links"]["self"]["href"]
    gammel = admin.get(selv)["ETag"]
    admin.patch(selv, {"beskrivelse": "først"}, format="json", HTTP_IF_MATCH=gammel)
    svar = admin.patch(selv, {"beskrivelse": "sist"}, format="json", HTTP_IF_MATCH=gammel)
    slett = admin.delete(selv, HTTP_ETAG=gammel)
    assert svar.status_code == 409
    assert svar.json()["feil"]["kode"] == 409
    assert slett.status_code == 409
    assert Arkiv.objects.get(system_id=arkiv["systemID"]).beskrivelse == "først"


def test_put_som_endrer_systemfelt_gir_400(admin: APIClient, arkiv: dict[str, Any]) -> None:
    selv = arkiv["_links"]["self"]["href"]
    lest = admin.get(selv).json()
    svar = admin.put(selv, {**lest, "opprettetAv": "noen andre"}, format="json")
    flytt = admin.patch(
        selv,
        {"_links": {REL + "arkivstruktur/arkivdel/": {"href": "http://x/"}}},
        format="json",
    )
    assert svar.status_code == 400
    assert "opprettetAv" in svar.json()["feil"]["beskrivelse"]
    assert flytt.status_code == 400


def test_merge_patch_null_fjerner_og_avslutning_med_status(
    admin: APIClient, arkiv: dict[str, Any]
) -> None:
    selv = arkiv["_links"]["self"]["href"]
    admin.patch(selv, {"beskrivelse": "tekst"}, format="json")
    fjernet = admin.generic(
        "PATCH", selv, '{"beskrivelse": null}', content_type="application/merge-patch+json"
    )
    assert fjernet.status_code == 200, fjernet.json()
    assert "beskrivelse" not in fjernet.json()
    tittel_null = admin.patch(selv, {"tittel": None}, format="json")
    assert tittel_null.status_code == 400
    avsluttet = admin.patch(selv, {"arkivstatus": {"kode": "A"}}, format="json")
    assert avsluttet.status_code == 200, avsluttet.json()
    assert avsluttet.json()["arkivstatus"]["kode"] == "A"
    assert "avsluttetDato" in avsluttet.json()
    ny_del = _post(admin, f"{selv}ny-arkivdel/", {"tittel": "2026"})
    assert ny_del.status_code == 400  # a closed arkiv takes no new arkivdeler


def test_arkivdel_i_arkivet_og_sletting_barn_foerst(
    admin: APIClient, arkiv: dict[str, Any], arkivskaper: dict[str, Any]
) -> None:
    svar = _post(
        admin,
        _lenke(arkiv, "arkivstruktur/ny-arkivdel/"),
        {"tittel": "2026", "arkivperiodeStartDato": "2026-01-01"},
    )
    assert svar.status_code == 201, svar.json()
    arkivdel = svar.json()
    assert arkivdel["arkivdelstatus"]["kode"] == "A"
    assert arkivdel["arkivperiodeStartDato"] == "2026-01-01"
    assert _lenke(arkivdel, "arkivstruktur/arkiv/") == arkiv["_links"]["self"]["href"]
    deler = admin.get(_lenke(arkiv, "arkivstruktur/arkivdel/")).json()
    assert [d["systemID"] for d in deler["results"]] == [arkivdel["systemID"]]

    # The parent refuses while it has children; child first works.
    assert admin.delete(arkiv["_links"]["self"]["href"]).status_code == 400
    assert admin.delete(arkivdel["_links"]["self"]["href"]).status_code == 204
    assert admin.delete(arkiv["_links"]["self"]["href"]).status_code == 204
    assert admin.delete(arkivskaper["_links"]["self"]["href"]).status_code == 204
    assert not Arkiv.objects.exists()
    assert not Arkivskaper.objects.exists()
    slettet = Endringslogg.objects.filter(referanse_arkivenhet=arkiv["systemID"], hendelsetype="D")
    assert slettet.count() == 1


def test_samme_arkivskaperid_kan_opprettes_igjen(
    admin: APIClient, arkivskaper: dict[str, Any]
) -> None:
    svar = _post(
        admin,
        f"{BASE}arkivstruktur/ny-arkivskaper/",
        {"arkivskaperID": "974770982", "arkivskaperNavn": "Bydel Alna"},
    )
    assert svar.status_code == 201
    assert Arkivskaper.objects.filter(arkivskaper_id="974770982").count() == 2
