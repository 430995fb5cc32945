"""The root and the package roots, walked as a client does (rest-api.md §1.4, §12)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from organisasjon.models import Bruker

from .conftest import basic, ny_bruker

pytestmark = pytest.mark.django_db

REL = "https://rel.arkivverket.no/noark5/v5/api/"
ODATA = "{?$filter&$orderby&$top&$skip&$search}"
BASE = "http://testserver/api/"

# §12: the keys each package root lists, for everyone logged in and for privileged users.
PAKKER = {
    "arkivstruktur": (
        {
            "arkiv",
            "arkivdel",
            "arkivskaper",
            "dokumentbeskrivelse",
            "dokumentobjekt",
            "klasse",
            "klassifikasjonssystem",
            "mappe",
            "registrering",
        },
        {"ny-arkiv", "ny-arkivskaper"},
    ),
    "sakarkiv": ({"arkivnotat", "journalpost", "presedens", "saksmappe"}, set()),
    # §13 item 4: admin/tilgang/ served next to admin/rettighet/.
    "admin": (
        {"administrativenhet", "bruker", "rettighet", "tilgang"},
        {"ny-administrativenhet", "ny-bruker", "ny-rettighet", "ny-tilgang"},
    ),
    "loggingogsporing": ({"endringslogg", "hendelseslogg"}, set()),
}
KODELISTER = [
    "arkivdelstatus",
    "arkivstatus",
    "avskrivningsmaate",
    "dokumentmedium",
    "dokumentstatus",
    "dokumenttype",
    "elektronisksignatursikkerhetsnivaa",
    "elektronisksignaturverifisert",
    "flytstatus",
    "format",
    "graderingskode",
    "hendelsetype",
    "journalposttype",
    "journalstatus",
    "kassasjonsvedtak",
    "klassifikasjonstype",
    "koordinatsystem",
    "korrespondanseparttype",
    "land",
    "merknadstype",
    "partrolle",
    "postnummer",
    "presedensstatus",
    "saksstatus",
    "skjermingdokument",
    "skjermingmetadata",
    "slettingstype",
    "tilgangskategori",
    "tilgangsrestriksjon",
    "tilknyttetregistreringsom",
    "variantformat",
]
PAKKER["metadata"] = (
    {*KODELISTER, "virksomhetsspesifikkeMetadata"},
    {f"ny-{navn}" for navn in (*KODELISTER, "virksomhetsspesifikkeMetadata")},
)


def _noekler(lenker: dict[str, dict[str, object]], pakke: str) -> set[str]:
    prefiks = f"{REL}{pakke}/"
    assert all(n == "self" or n.startswith(prefiks) for n in lenker)
    return {n.removeprefix(prefiks).rstrip("/") for n in lenker if n != "self"}


def test_anonym_rot_viser_bare_innlogging_og_self(api: APIClient) -> None:
    svar = api.get("/api/")

    assert svar.status_code == 200
    assert svar["Content-Type"].startswith("application/vnd.noark5+json")
    assert svar.json() == {
        "_links": {
            f"{REL}login/oidc/": {"href": f"{BASE}.well-known/openid-configuration"},
            f"{REL}login/rfc6749/": {"href": f"{BASE}login/rfc6749/"},
            f"{REL}login/rfc7617/": {"href": f"{BASE}login/rfc7617/"},
            "self": {"href": BASE},
        }
    }


def test_innlogget_rot_viser_pakkene_og_systeminformasjon(innlogget: APIClient) -> None:
    lenker = innlogget.get("/api/").json()["_links"]

    assert list(lenker) == sorted(lenker)
    assert lenker == {
        **{f"{REL}{p}/": {"href": f"{BASE}{p}/"} for p in PAKKER},
        f"{REL}admin/system/": {"href": f"{BASE}admin/system/"},
        f"{REL}login/oidc/": {"href": f"{BASE}.well-known/openid-configuration"},
        f"{REL}login/rfc6749/": {"href": f"{BASE}login/rfc6749/"},
        f"{REL}login/rfc7617/": {"href": f"{BASE}login/rfc7617/"},
        "self": {"href": BASE},
    }


@pytest.mark.parametrize("pakke", list(PAKKER))
def test_pakkeroten_viser_paragraf_12s_noekler_for_systemadministrator(
    admin_api: APIClient, pakke: str
) -> None:
    svar = admin_api.get(f"/api/{pakke}/")

    lenker = svar.json()["_links"]
    alle, privilegerte = PAKKER[pakke]
    assert svar.status_code == 200
    assert _noekler(lenker, pakke) == alle | privilegerte
    assert lenker["self"] == {"href": f"{BASE}{pakke}/"}
    assert list(lenker) == sorted(lenker)


@pytest.mark.parametrize("pakke", list(PAKKER))
def test_pakkeroten_skjuler_opprettingslenker_for_vanlig_bruker(
    innlogget: APIClient, pakke: str
) -> None:
    lenker = innlogget.get(f"/api/{pakke}/").json()["_links"]

    assert _noekler(lenker, pakke) == PAKKER[pakke][0]


def test_samlinger_er_malbaserte_og_opprettingslenker_ikke(admin_api: APIClient) -> None:
    lenker = admin_api.get("/api/arkivstruktur/").json()["_links"]

    assert lenker[f"{REL}arkivstruktur/mappe/"] == {
        "href": f"{BASE}arkivstruktur/mappe/{ODATA}",
        "templated": True,
    }
    assert lenker[f"{REL}arkivstruktur/ny-arkiv/"] == {"href": f"{BASE}arkivstruktur/ny-arkiv/"}


def test_rettighet_og_tilgang_peker_paa_samme_samling(admin_api: APIClient) -> None:
    lenker = admin_api.get("/api/admin/").json()["_links"]

    assert lenker[f"{REL}admin/tilgang/"] == lenker[f"{REL}admin/rettighet/"]
    assert lenker[f"{REL}admin/ny-tilgang/"] == lenker[f"{REL}admin/ny-rettighet/"]


def test_klienten_gaar_alle_lenker_fra_roten(admin_api: APIClient) -> None:
    """Every href the root shows answers 200 with the Noark type and `_links`; every href on
    a package root is absolute and answers GET with 200 (a list, a template or a code list),
    cut at its URI template as clients do (client-compat.md §4)."""
    rot = admin_api.get("/api/").json()["_links"]
    rot.pop(f"{REL}login/oidc/")  # plain JSON, not a Noark resource (test_oauth.py)
    sett = set()
    for noekkel, lenke in rot.items():
        svar = admin_api.get(lenke["href"])
        assert svar.status_code == 200, noekkel
        assert svar["Content-Type"].startswith("application/vnd.noark5+json")
        assert "_links" in svar.json()
        if noekkel.removeprefix(REL).rstrip("/") in PAKKER:
            sett.update(v["href"] for v in svar.json()["_links"].values())

    assert sett
    assert all(href.startswith(BASE) and "//" not in href.removeprefix("http://") for href in sett)
    svar = {href: admin_api.get(href.split("{")[0]) for href in sorted(sett)}
    assert {href: s.status_code for href, s in svar.items() if s.status_code != 200} == {}
    assert all(s["Content-Type"].startswith("application/vnd.noark5+json") for s in svar.values())


def test_systeminformasjon(innlogget: APIClient, settings: object) -> None:
    svar = innlogget.get("/api/admin/system/")

    data = svar.json()
    assert svar.status_code == 200
    assert data["protokollversjon"] == "1.1"
    assert data["produkt"] == "Arkivar"
    assert data["bulkgrense"] == settings.ARKIVAR_MAKS_FILSTOERRELSE  # type: ignore[attr-defined]
    assert data["_links"]["self"] == {"href": f"{BASE}admin/system/"}


def test_systeminformasjon_krever_innlogging(api: APIClient) -> None:
    assert api.get("/api/admin/system/").status_code == 401


@pytest.mark.parametrize("sti", ["/api", "/api/arkivstruktur", "/api/admin/system"])
def test_uten_skraastrek_svarer_uten_omdirigering(innlogget: APIClient, sti: str) -> None:
    assert innlogget.get(sti).status_code == 200


def test_lenker_er_https_bak_proxy_bare_naar_det_er_satt_opp(
    innlogget: APIClient, settings: object
) -> None:
    uten_oppsett = innlogget.get("/api/", HTTP_X_FORWARDED_PROTO="https").json()
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # type: ignore[attr-defined]
    med_oppsett = innlogget.get("/api/", HTTP_X_FORWARDED_PROTO="https").json()

    assert uten_oppsett["_links"]["self"]["href"] == "http://testserver/api/"
    # (The test client puts port 80 into an https URL; a real proxy sends its own Host.)
    assert med_oppsett["_links"]["self"]["href"].startswith("https://testserver")


def test_pakkene_krever_innlogging(api: APIClient) -> None:
    assert api.get("/api/arkivstruktur/").status_code == 401


def test_annen_bruker_med_feil_passord_faar_ikke_pakkene(api: APIClient, bruker: Bruker) -> None:
    ny_bruker("per")
    api.credentials(HTTP_AUTHORIZATION=basic("per", "feil"))

    assert api.get("/api/").status_code == 401
