"""The search page and the JSON view, over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from organisasjon.models import Rolle, Virksomhetstype
from organisasjon.tests.factories import (
    AdministrativEnhetFactory,
    VirksomhetFactory,
    bruker_med_rolle,
)
from sakarkiv.tests.conftest import Bydel, lag_bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sok.tests.conftest import Blokk

pytestmark = pytest.mark.django_db


@pytest.fixture
def arkiv(alna: Bydel, etter_commit: Blokk) -> Bydel:
    with etter_commit():
        sak = ny_sak(alna, tittel="Søknad om <b>skjenkebevilling</b> & uteservering")
        ny_journalpost(sak, alna.saksbehandler, tittel="Søknader om skjenkebevilling")
    return alna


def test_siden_krever_innlogging(client: Client) -> None:
    svar = client.get("/sok/", {"q": "søknad"})

    assert svar.status_code == 302
    assert svar["Location"].startswith("/logg-inn/?next=/sok/")


def test_api_svarer_401_uten_innlogging(client: Client) -> None:
    svar = client.get("/sok/api/", {"q": "søknad"})

    assert svar.status_code == 401
    assert svar.json() == {"detail": "Du må være logget inn for å søke."}


def test_siden_viser_treff_markert_og_escaped(client: Client, arkiv: Bydel) -> None:
    client.force_login(arkiv.saksbehandler)

    svar = client.get("/sok/", {"q": "skjenkebevillinger"})
    innhold = svar.content.decode()

    assert svar.status_code == 200
    assert '<label for="id_q">Søk etter</label>' in innhold
    assert "2 treff" in innhold
    assert "&lt;b&gt;<mark>skjenkebevilling</mark>&lt;/b&gt; &amp; uteservering" in innhold
    assert "<b>skjenkebevilling</b>" not in innhold
    assert "<mark>Søknader</mark>" not in innhold  # "søknad" was not searched for
    assert 'href="?q=skjenkebevillinger&amp;bydel=alna"' in innhold  # a facet link
    assert '<a href="/sok/">Søk</a>' in innhold  # in the menu


def test_siden_uten_soekeord_viser_skjemaet(client: Client, arkiv: Bydel) -> None:
    client.force_login(arkiv.saksbehandler)

    svar = client.get("/sok/")

    assert svar.status_code == 200
    assert 'id="treff-overskrift"' not in svar.content.decode()


def test_siden_viser_ugyldig_parameter_og_soeker_uten_det(client: Client, arkiv: Bydel) -> None:
    client.force_login(arkiv.saksbehandler)

    svar = client.get("/sok/", {"q": "skjenkebevilling", "fra": "i går", "side": "x"})
    innhold = svar.content.decode()

    assert svar.status_code == 200
    assert "Fra dato: Oppgi en gyldig dato." in innhold
    assert "2 treff" in innhold


def test_api_gir_treff_antall_og_fasetter(client: Client, arkiv: Bydel) -> None:
    client.force_login(arkiv.saksbehandler)

    svar = client.get("/sok/api/", {"q": "skjenkebevilling", "rekkefoelge": "nyeste"})
    data = svar.json()

    assert svar.status_code == 200
    assert data["count"] == 2
    assert data["countErMinst"] is False
    assert {t["tittel"] for t in data["results"]} == {
        "Søknad om <b>skjenkebevilling</b> & uteservering",
        "Søknader om skjenkebevilling",
    }
    assert {t["type"] for t in data["results"]} == {"Sak", "Journalpost"}
    assert data["facetter"]["bydel"] == [
        {"verdi": "alna", "navn": "Bydel Alna", "antall": 2, "valgt": False}
    ]
    assert all(t["lenke"].startswith("/saker/") for t in data["results"])


def test_api_svarer_400_paa_ugyldige_parametre(client: Client, arkiv: Bydel) -> None:
    client.force_login(arkiv.saksbehandler)

    svar = client.get("/sok/api/", {"q": "søknad", "aar": "mange"})

    assert svar.status_code == 400
    assert svar.json()["detail"].startswith("Ugyldige søkeparametre. aar:")


@pytest.mark.parametrize("q", ['"', "NEAR(", "*", "-", "' OR 1=1 --", "x" * 5000, "æøå" * 100])
def test_rare_soekninger_gir_ikke_feil(client: Client, arkiv: Bydel, q: str) -> None:
    client.force_login(arkiv.saksbehandler)

    assert client.get("/sok/", {"q": q}).status_code == 200
    assert client.get("/sok/api/", {"q": q}).status_code == 200


def test_soeket_bruker_faa_spoerringer(
    client: Client, arkiv: Bydel, django_assert_max_num_queries: Any
) -> None:
    client.force_login(arkiv.saksbehandler)
    client.get("/sok/api/", {"q": "skjenkebevilling"})  # compiles the access rules once

    # Session and user, profile, candidates, case and journalpost, parties,
    # korrespondanseparter, facet names; PostgreSQL adds the plan estimate and finds the
    # candidates in two steps (sok.adaptere.postgresql).
    with django_assert_max_num_queries({"sqlite": 10, "postgresql": 12}[connection.vendor]):
        client.get("/sok/api/", {"q": "skjenkebevilling"})


def test_nummer_gaar_rett_til_saken_og_flere_treff_listes(
    client: Client, alna: Bydel, etter_commit: Blokk
) -> None:
    with etter_commit():
        sak = ny_sak(alna, tittel="Tilskudd til idrettslag")
        ny_sak(alna, tittel="Annen sak")
        journalpost = ny_journalpost(sak, alna.saksbehandler, tittel="Søknad om midler")
    client.force_login(alna.saksbehandler)
    sakens_side = f"/saker/{sak.system_id}/"

    for nummer in (
        sak.mappe_id,
        f" {sak.mappe_id} ",
        journalpost.registrerings_id,
        f"{journalpost.journalsekvensnummer}/{journalpost.journalaar}",
    ):
        svar = client.get("/sok/", {"q": nummer})
        assert (svar.status_code, svar.get("Location")) == (302, sakens_side), nummer

    ukjent = client.get("/sok/", {"q": "1999/1"})
    assert ukjent.status_code == 200
    assert ukjent.context["nummertreff"] == []


def test_nummer_i_annen_bydel_finnes_ikke(client: Client, alna: Bydel, etter_commit: Blokk) -> None:
    with etter_commit():
        sak = ny_sak(alna, tittel="Tilskudd")
    annen = lag_bydel("Bjerke")
    client.force_login(annen.saksbehandler)

    svar = client.get("/sok/", {"q": sak.mappe_id})

    assert svar.status_code == 200
    assert "Tilskudd" not in svar.content.decode()


def test_samme_nummer_i_flere_bydeler_listes(
    client: Client, alna: Bydel, etter_commit: Blokk
) -> None:
    bjerke = lag_bydel("Bjerke")
    with etter_commit():
        i_alna = ny_sak(alna, tittel="Sak i Alna")
        i_bjerke = ny_sak(bjerke, tittel="Sak i Bjerke")
    assert i_alna.mappe_id == i_bjerke.mappe_id  # each bydel numbers its own cases
    dokumentsenteret = VirksomhetFactory(
        navn="Dokumentsenteret",
        kortnavn="dokumentsenteret",
        virksomhetstype=Virksomhetstype.FELLESTJENESTE,
    )
    arkivar = bruker_med_rolle(
        Rolle.ARKIVAR, AdministrativEnhetFactory(virksomhet=dokumentsenteret), username="ds.arkivar"
    )
    client.force_login(arkivar)

    svar = client.get("/sok/", {"q": i_alna.mappe_id})

    assert svar.status_code == 200
    innhold = svar.content.decode()
    assert f'href="/saker/{i_alna.system_id}/"' in innhold
    assert f'href="/saker/{i_bjerke.system_id}/"' in innhold
