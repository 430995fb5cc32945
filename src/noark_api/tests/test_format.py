"""Wire format and content negotiation (rest-api.md §1.1, client-compat.md §2.1-2.2)."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.urls("noark_api.tests.urls")]

NOARK = "application/vnd.noark5+json"


@pytest.mark.parametrize(
    "accept",
    [
        None,
        "*/*",
        NOARK,
        "application/json",
        "application/json, application/vnd.noark5+json",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "application/*",
    ],
)
def test_svarer_alltid_noark5_json_naar_json_godtas(api: APIClient, accept: str | None) -> None:
    ekstra = {"HTTP_ACCEPT": accept} if accept else {}
    svar = api.get("/api/", **ekstra)

    assert svar.status_code == 200
    assert svar["Content-Type"] == f"{NOARK}; charset=utf-8"


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "*/*;q=0", "image/png"])
def test_accept_uten_json_gir_406_med_noark_feil(api: APIClient, accept: str) -> None:
    svar = api.get("/api/", HTTP_ACCEPT=accept)

    assert svar.status_code == 406
    assert svar["Content-Type"].startswith(NOARK)
    assert svar.json()["feil"]["kode"] == 406


@pytest.mark.parametrize("innholdstype", [NOARK, "application/json"])
def test_tar_imot_noark5_json_og_vanlig_json(innlogget: APIClient, innholdstype: str) -> None:
    kropp = {"tittel": "Søknad om barnehageplass 😀"}
    svar = innlogget.post(
        "/api/test/kropp/", data=json.dumps(kropp).encode(), content_type=innholdstype
    )

    assert svar.status_code == 200
    assert svar.json()["mottatt"] == kropp
    assert "Søknad om barnehageplass 😀".encode() in svar.content  # not \\u-escaped


def test_tar_imot_merge_patch(innlogget: APIClient) -> None:
    svar = innlogget.patch(
        "/api/test/kropp/", data=b'{"tittel": null}', content_type="application/merge-patch+json"
    )

    assert svar.status_code == 200
    assert svar.json()["mottatt"] == {"tittel": None}


@pytest.mark.parametrize("innholdstype", ["text/plain", "application/xml", "multipart/form-data"])
def test_ukjent_innholdstype_gir_415(innlogget: APIClient, innholdstype: str) -> None:
    svar = innlogget.post("/api/test/kropp/", data=b"tittel=x", content_type=innholdstype)

    assert svar.status_code == 415
    assert svar.json()["feil"] == {
        "kode": 415,
        "beskrivelse": f"Innholdstypen «{innholdstype}» støttes ikke.",
    }


def test_ugyldig_json_gir_400(innlogget: APIClient) -> None:
    svar = innlogget.post("/api/test/kropp/", data=b"{ikke json", content_type=NOARK)

    assert svar.status_code == 400
    assert svar.json()["feil"]["kode"] == 400
