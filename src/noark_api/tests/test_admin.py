"""The admin package over HTTP: administrative units, users and rettigheter (client-compat.md
§15; rest-api.md §12.4; model.md §5.1–5.3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from organisasjon.models import AdministrativEnhet, Bruker, Rolle, Rolletildeling, Virksomhet
from organisasjon.tests.factories import (
    AdministrativEnhetFactory,
    VirksomhetFactory,
    bruker_med_rolle,
)
from sporing.models import Endringslogg

from .conftest import basic

pytestmark = pytest.mark.django_db

REL = "https://rel.arkivverket.no/noark5/v5/api/"
BASE = "http://testserver/api/"


def _lenke(data: dict[str, Any], noekkel: str) -> str:
    return str(data["_links"][REL + noekkel]["href"])


def _klient(bruker: Bruker) -> APIClient:
    klient = APIClient()
    klient.credentials(HTTP_AUTHORIZATION=basic(bruker.username))
    return klient


def _post(api: APIClient, href: str, data: dict[str, Any]) -> Any:
    return api.post(href, data, format="json")


@pytest.fixture
def alna() -> Virksomhet:
    return VirksomhetFactory(navn="Bydel Alna", kortnavn="alna")


@pytest.fixture
def alna_enhet(alna: Virksomhet) -> AdministrativEnhet:
    return AdministrativEnhetFactory(virksomhet=alna, administrativ_enhet_navn="Alna bydelsadm.")


@pytest.fixture
def admin(alna_enhet: AdministrativEnhet) -> APIClient:
    return _klient(bruker_med_rolle(Rolle.SYSTEMADMINISTRATOR, alna_enhet, username="admin"))


@pytest.fixture
def bjerke_enhet() -> AdministrativEnhet:
    return AdministrativEnhetFactory(
        virksomhet=VirksomhetFactory(navn="Bydel Bjerke", kortnavn="bjerke"),
        administrativ_enhet_navn="Bjerke bydelsadm.",
    )


@pytest.fixture
def saksbehandler(alna_enhet: AdministrativEnhet) -> Bruker:
    return bruker_med_rolle(Rolle.SAKSBEHANDLER, alna_enhet, username="kari")


def test_pakkens_lenker_svarer_200_ogsaa_for_saksbehandler(
    admin: APIClient, saksbehandler: Bruker
) -> None:
    for klient in (admin, _klient(saksbehandler)):
        lenker = klient.get(f"{BASE}admin/").json()["_links"]
        svar = {n: klient.get(lenke["href"].split("{")[0]) for n, lenke in lenker.items()}
        assert {n: s.status_code for n, s in svar.items() if s.status_code != 200} == {}
    assert not [n for n in lenker if "/ny-" in n]  # the saksbehandler's


def test_enhet_opprettes_endres_og_slettes(
    admin: APIClient, alna: Virksomhet, alna_enhet: AdministrativEnhet
) -> None:
    pakke = admin.get(f"{BASE}admin/").json()
    ny = _lenke(pakke, "admin/ny-administrativenhet/")
    assert admin.get(ny).json()["administrativEnhetsstatus"] == "Aktiv enhet"

    topp = _post(admin, ny, {"administrativEnhetNavn": "Oppvekst", "kortnavn": "opp"})
    assert topp.status_code == 201, topp.json()
    under = _post(
        admin,
        ny,
        {
            "administrativEnhetNavn": "Barnevern",
            "referanseOverordnetEnhet": topp.json()["systemID"],
        },
    )
    assert under.status_code == 201, under.json()
    assert under.json()["referanseOverordnetEnhet"] == topp.json()["systemID"]
    assert under.json()["kortnavn"] == "barnevern"
    assert AdministrativEnhet.objects.get(system_id=under.json()["systemID"]).virksomhet == alna

    selv = under["Location"]
    lest = admin.get(selv)
    assert lest["ETag"] == under["ETag"]
    endret = admin.put(
        selv,
        {**lest.json(), "kortnavn": "bv", "administrativEnhetsstatus": "Passiv enhet"},
        format="json",
        HTTP_IF_MATCH=lest["ETag"],
    )
    assert endret.status_code == 200, endret.json()
    assert (endret.json()["kortnavn"], endret.json()["administrativEnhetsstatus"]) == (
        "bv",
        "Passiv enhet",
    )
    assert admin.patch(selv, {"administrativEnhetNavn": "Annet"}, format="json").status_code == 400

    foreldre_foerst = admin.delete(topp["Location"])
    assert foreldre_foerst.status_code == 400
    assert admin.delete(selv, HTTP_IF_MATCH=endret["ETag"]).status_code == 204
    assert admin.delete(topp["Location"]).status_code == 204
    assert admin.get(selv).status_code == 404


def test_ukjent_overordnet_enhet_gir_400(
    admin: APIClient, bjerke_enhet: AdministrativEnhet
) -> None:
    svar = _post(
        admin,
        f"{BASE}admin/ny-administrativenhet/",
        {"administrativEnhetNavn": "X", "referanseOverordnetEnhet": "ikke-en-id"},
    )

    assert svar.status_code == 400
    assert "referanseOverordnetEnhet" in svar.json()["detail"]


def test_bruker_opprettes_endres_og_slettes_uten_passord(admin: APIClient) -> None:
    ny = _lenke(admin.get(f"{BASE}admin/").json(), "admin/ny-bruker/")
    assert admin.get(ny).status_code == 200

    svar = _post(admin, ny, {"brukerNavn": "Ola Nordmann", "kortnavn": "ola"})
    assert svar.status_code == 201, svar.json()
    data = svar.json()
    assert (data["brukerNavn"], data["kortnavn"]) == ("Ola Nordmann", "ola")
    assert not {"password", "passord"} & data.keys()
    assert Bruker.objects.get(username="ola").password not in str(data)
    assert _post(admin, ny, {"brukerNavn": "Ola Hansen", "kortnavn": "ola"}).status_code == 400

    selv = svar["Location"]
    endret = admin.put(selv, {**admin.get(selv).json(), "kortnavn": "olno"}, format="json")
    assert endret.status_code == 200, endret.json()
    assert endret.json()["kortnavn"] == "olno"
    assert admin.patch(selv, {"brukerNavn": "Ola Hansen"}, format="json").status_code == 400
    assert (
        admin.get(f"{BASE}admin/bruker/", {"$filter": "brukerNavn eq 'Ola Nordmann'"}).json()[
            "count"
        ]
        == 1
    )

    assert admin.delete(selv).status_code == 204
    assert not Bruker.objects.filter(username="olno").exists()


def test_rettighet_knytter_bruker_og_enhet(
    admin: APIClient, alna_enhet: AdministrativEnhet
) -> None:
    bruker = _post(admin, f"{BASE}admin/ny-bruker/", {"brukerNavn": "Ola Nordmann"}).json()
    enhet = admin.get(f"{BASE}admin/administrativenhet/{alna_enhet.system_id}/").json()
    pakke = admin.get(f"{BASE}admin/").json()
    ny = _lenke(pakke, "admin/ny-rettighet/")
    assert _lenke(pakke, "admin/ny-tilgang/") == ny
    assert admin.get(ny).json()["rolle"] == "saksbehandler"

    svar = _post(
        admin,
        ny,
        {
            "rolle": "saksbehandler",
            "referanseBruker": bruker["systemID"],
            "referanseAdministrativEnhet": enhet["systemID"],
        },
    )
    assert svar.status_code == 201, svar.json()
    rettighet = svar.json()
    assert (rettighet["les"], rettighet["slett"]) == (True, False)
    assert _lenke(rettighet, "admin/bruker/") == bruker["_links"]["self"]["href"]
    assert _lenke(rettighet, "admin/administrativenhet/") == enhet["_links"]["self"]["href"]

    enhetens_brukere = admin.get(_lenke(enhet, "admin/bruker/")).json()
    brukerens_enheter = admin.get(_lenke(bruker, "admin/administrativenhet/")).json()
    assert bruker["systemID"] in [r["systemID"] for r in enhetens_brukere["results"]]
    assert [r["systemID"] for r in brukerens_enheter["results"]] == [enhet["systemID"]]
    assert _lenke(bruker, "admin/ny-administrativenhet/") == f"{BASE}admin/ny-administrativenhet/"
    assert _lenke(enhet, "admin/ny-bruker/") == f"{BASE}admin/ny-bruker/"
    tilgang = admin.get(pakke["_links"][REL + "admin/tilgang/"]["href"].split("{")[0]).json()
    assert rettighet["systemID"] in [r["systemID"] for r in tilgang["results"]]

    selv = svar["Location"]
    endret = admin.patch(selv, {"rolle": "arkivar"}, format="json")
    assert endret.status_code == 200, endret.json()
    assert endret.json()["slett"] is True
    annen = admin.patch(selv, {"referanseBruker": enhet["systemID"]}, format="json")
    assert annen.status_code == 400
    assert admin.delete(selv).status_code == 204
    assert not Rolletildeling.objects.filter(bruker__system_id=bruker["systemID"]).exists()
    assert list(
        Endringslogg.objects.filter(
            referanse_arkivenhet=bruker["systemID"], referanse_metadata="rolle"
        ).values_list("tidligere_verdi", "ny_verdi")
    ) == [
        (None, f"Saksbehandler i {alna_enhet} ({alna_enhet.virksomhet})"),
        (
            f"Saksbehandler i {alna_enhet} ({alna_enhet.virksomhet})",
            f"Arkivar i {alna_enhet} ({alna_enhet.virksomhet})",
        ),
        (f"Arkivar i {alna_enhet} ({alna_enhet.virksomhet})", None),
    ]


def test_saksbehandler_ser_egen_bydel_og_kan_ikke_endre(
    saksbehandler: Bruker, alna_enhet: AdministrativEnhet, bjerke_enhet: AdministrativEnhet
) -> None:
    bruker_med_rolle(Rolle.SAKSBEHANDLER, bjerke_enhet, username="berit")
    klient = _klient(saksbehandler)

    enheter = klient.get(f"{BASE}admin/administrativenhet/").json()
    brukere = klient.get(f"{BASE}admin/bruker/").json()
    bjerke = klient.get(f"{BASE}admin/administrativenhet/{bjerke_enhet.system_id}/")
    egen = klient.get(f"{BASE}admin/administrativenhet/{alna_enhet.system_id}/")
    ny = _post(klient, f"{BASE}admin/ny-bruker/", {"brukerNavn": "Ola"})
    endre = klient.patch(egen.json()["_links"]["self"]["href"], {"kortnavn": "x"}, format="json")

    assert [e["systemID"] for e in enheter["results"]] == [str(alna_enhet.system_id)]
    assert "berit" not in [b["kortnavn"] for b in brukere["results"]]
    assert bjerke.status_code == 404
    assert REL + "admin/ny-bruker/" not in egen.json()["_links"]
    assert REL + "admin/ny-bruker/" not in brukere["_links"]
    assert (ny.status_code, endre.status_code) == (403, 403)
    assert not Bruker.objects.filter(username="ola").exists()


def test_systemadministrator_ser_alle_bydeler(
    admin: APIClient, bjerke_enhet: AdministrativEnhet
) -> None:
    svar = admin.get(f"{BASE}admin/administrativenhet/{bjerke_enhet.system_id}/")

    assert svar.status_code == 200
    assert svar["ETag"]


def test_listene_spoer_ikke_per_rad(admin: APIClient, alna_enhet: AdministrativEnhet) -> None:
    lister = [f"{BASE}admin/{navn}/" for navn in ("administrativenhet", "bruker", "rettighet")]

    def spoerringer() -> list[int]:
        antall = []
        for url in lister:
            with CaptureQueriesContext(connection) as logg:
                assert admin.get(url).status_code == 200
            antall.append(len(logg))
        return antall

    foer = spoerringer()
    for nr in range(3):
        enhet = AdministrativEnhetFactory(
            virksomhet=alna_enhet.virksomhet, overordnet_enhet=alna_enhet
        )
        bruker_med_rolle(Rolle.LEDER, enhet, username=f"leder{nr}")

    assert spoerringer() == foer
