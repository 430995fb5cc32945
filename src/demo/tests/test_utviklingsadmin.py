"""The development administrator (client-compat.md §3.5): `admin@example.com` / `password`
with every right, from `arkivar utviklingsadmin` and from the demo."""

from __future__ import annotations

from io import StringIO
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from rest_framework.test import APIClient

from demo.bygg import ADMIN_ENHET, Demobygger, planlegg
from organisasjon.models import Bruker, Rolle, Virksomhetstype
from tilgang.regler import er_systemadministrator

pytestmark = pytest.mark.django_db

REL = "https://rel.arkivverket.no/noark5/v5/api/"


def _logg_inn(brukernavn: str, passord: str) -> Any:
    return authenticate(RequestFactory().post("/"), username=brukernavn, password=passord)


def test_kommandoen_lager_admin_example_com_med_alle_roller() -> None:
    ut = StringIO()

    call_command("utviklingsadmin", stdout=ut)

    bruker = _logg_inn("admin@example.com", "password")
    assert bruker is not None
    assert (bruker.is_staff, bruker.is_superuser) == (True, True)
    roller = bruker.roller.select_related("administrativ_enhet__virksomhet")
    assert {r.rolle for r in roller} == set(Rolle.values)
    assert {r.administrativ_enhet.virksomhet.virksomhetstype for r in roller} == {
        Virksomhetstype.KOMMUNE
    }
    assert er_systemadministrator(bruker) is True
    assert "Opprettet admin@example.com" in ut.getvalue()


def test_kommandoen_kan_kjoeres_igjen_uten_aa_endre_passordet() -> None:
    call_command("utviklingsadmin", stdout=StringIO())
    bruker = Bruker.objects.get(username="admin@example.com")
    bruker.set_password("endret")
    bruker.save()
    ut = StringIO()

    call_command("utviklingsadmin", stdout=ut)

    assert "finnes fra før" in ut.getvalue()
    assert Bruker.objects.filter(username="admin@example.com").count() == 1
    assert bruker.roller.count() == len(Rolle.values)
    assert _logg_inn("admin@example.com", "endret") is not None


def test_navn_og_passord_kan_settes(settings: Any) -> None:
    settings.ARKIVAR_UTVIKLINGSADMIN_BRUKERNAVN = "utvikler@kommune.no"
    settings.ARKIVAR_UTVIKLINGSADMIN_PASSORD = "hemmelig-nok"

    call_command("utviklingsadmin", stdout=StringIO())

    assert _logg_inn("utvikler@kommune.no", "hemmelig-nok") is not None
    assert Bruker.objects.filter(username="admin@example.com").exists() is False


def test_noark_klient_logger_inn_og_ser_alle_opprettingslenker() -> None:
    call_command("utviklingsadmin", stdout=StringIO())
    api = APIClient()
    token = api.post(
        "/api/login/rfc6749/token/",
        data=urlencode(
            {"grant_type": "password", "username": "admin@example.com", "password": "password"}
        ),
        content_type="application/x-www-form-urlencoded",
    ).json()["access_token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    arkivstruktur = api.get("/api/arkivstruktur/").json()["_links"]
    metadata = api.get("/api/metadata/").json()["_links"]

    assert f"{REL}arkivstruktur/ny-arkiv/" in arkivstruktur
    assert f"{REL}metadata/ny-dokumenttype/" in metadata


def test_demoen_lager_utviklingsadministratoren_i_byen() -> None:
    Demobygger(skriv=lambda _: None).bygg_organisasjon(planlegg(2026, 0))

    bruker = Bruker.objects.get(username="admin@example.com")
    enheter = {r.administrativ_enhet.kortnavn for r in bruker.roller.all()}
    assert enheter == {ADMIN_ENHET}
    assert _logg_inn("admin@example.com", "password") is not None


def test_demoen_uten_utviklingsadministrator(settings: Any) -> None:
    settings.ARKIVAR_UTVIKLINGSADMIN_BRUKERNAVN = ""

    Demobygger(skriv=lambda _: None).bygg_organisasjon(planlegg(2026, 0))

    assert Bruker.objects.filter(username="admin@example.com").exists() is False
    assert Bruker.objects.filter(username="admin").exists() is True
