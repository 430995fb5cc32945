"""The case pages answer only with what the logged-in user may see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sakarkiv.models import Saksmappe
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak

pytestmark = pytest.mark.django_db


def test_anonym_sendes_til_innlogging(client: Client) -> None:
    svar = client.get("/saker/")

    assert svar.status_code == 302
    assert svar["Location"].startswith("/logg-inn/")


def test_innlogging_med_passord(client: Client, bydel: Bydel) -> None:
    svar = client.post("/logg-inn/", {"username": "sb.Alna", "password": "demo"})

    assert svar.status_code == 302
    assert client.get("/").status_code == 200


def test_saksliste_og_sak_for_egen_bydel(client: Client, bydel: Bydel) -> None:
    sak = ny_sak(bydel, tittel="Søknad om avlastning")
    ny_journalpost(sak, bydel.saksbehandler, tittel="Søknad fra Kari")
    client.force_login(bydel.saksbehandler)

    liste = client.get("/saker/")
    side = client.get(f"/saker/{sak.system_id}/")

    assert "Søknad om avlastning" in liste.content.decode()
    assert side.status_code == 200
    assert "Søknad fra Kari" in side.content.decode()
    assert "Kari Nordmann" in side.content.decode()


def test_sakssiden_viser_virksomhetsspesifikke_metadata(client: Client, bydel: Bydel) -> None:
    sak = ny_sak(bydel, tittel="Skoleskyss")
    Saksmappe.objects.filter(pk=sak.pk).update(
        virksomhetsspesifikke_metadata={"ppt-v1:skoleaar": "2018/2019", "vnd-a-v1:haster": True}
    )
    client.force_login(bydel.saksbehandler)

    side = client.get(f"/saker/{sak.system_id}/").content.decode()

    assert "<dt>ppt-v1:skoleaar</dt><dd>2018/2019</dd>" in side
    assert "<dt>vnd-a-v1:haster</dt><dd>ja</dd>" in side


def test_sak_i_annen_bydel_gir_404(client: Client, bydel: Bydel, annen_bydel: Bydel) -> None:
    sak = ny_sak(bydel, tittel="Søknad om avlastning")
    client.force_login(annen_bydel.saksbehandler)

    assert client.get(f"/saker/{sak.system_id}/").status_code == 404
    assert "Søknad om avlastning" not in client.get("/saker/").content.decode()


def test_startside_viser_mine_restanser(client: Client, bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    ny_journalpost(sak, bydel.saksbehandler, tittel="Klage på vedtak")
    client.force_login(bydel.saksbehandler)

    assert "Klage på vedtak" in client.get("/").content.decode()


def test_restanse_viser_dager_over_fristen_og_lenker_til_saken(
    client: Client, bydel: Bydel, i_dag: dt.date
) -> None:
    sak = ny_sak(bydel)
    ny_journalpost(
        sak,
        bydel.saksbehandler,
        tittel="Klage på vedtak",
        forfallsdato=i_dag - dt.timedelta(days=3),
    )
    ny_journalpost(
        sak, bydel.saksbehandler, tittel="Søknad", forfallsdato=i_dag + dt.timedelta(days=3)
    )
    client.force_login(bydel.saksbehandler)

    rader = client.get("/").context["restanser"]

    assert [(r.visning.tittel, r.dager_over) for r in rader] == [
        ("Klage på vedtak", 3),
        ("Søknad", None),
    ]
    assert f'href="/saker/{sak.system_id}/">Klage på vedtak</a>' in client.get("/").content.decode()


def test_sakslisten_har_fast_antall_sporringer(
    client: Client, bydel: Bydel, django_assert_max_num_queries: object
) -> None:
    for _ in range(5):
        ny_sak(bydel)
    client.force_login(bydel.saksbehandler)

    with django_assert_max_num_queries(8):  # type: ignore[operator]
        client.get("/saker/")
