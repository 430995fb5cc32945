"""The leader's unit overview and handing a case to another handler (issue 6: leder)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from arkivstruktur.models import Mappe
from organisasjon.models import Rolle
from organisasjon.tests.factories import bruker_med_rolle
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak

pytestmark = pytest.mark.django_db


def test_leder_ser_saker_og_restanser_per_saksbehandler(
    client: Client, bydel: Bydel, i_dag: dt.date
) -> None:
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, bydel.enhet)
    sak = ny_sak(bydel)
    ny_sak(bydel)
    ny_journalpost(sak, bydel.saksbehandler, forfallsdato=i_dag - dt.timedelta(days=2))
    ny_journalpost(sak, bydel.saksbehandler, forfallsdato=i_dag + dt.timedelta(days=2))
    client.force_login(bydel.leder)

    svar = client.get("/enhet/")

    tall = {
        r.bruker.username: (r.aapne_saker, r.restanser, r.over_fristen)
        for r in svar.context["rader"]
    }
    assert tall == {bydel.saksbehandler.username: (2, 2, 1), kollega.username: (0, 0, 0)}
    innhold = svar.content.decode()
    assert f'href="/saker/?saksansvarlig={bydel.saksbehandler.username}"' in innhold
    assert 'href="/enhet/">Min enhet</a>' in innhold


def test_saksbehandler_er_ikke_leder(client: Client, bydel: Bydel) -> None:
    client.force_login(bydel.saksbehandler)

    svar = client.get("/enhet/")

    assert "Du er ikke leder for noen enhet." in svar.content.decode()
    assert "Min enhet</a>" not in client.get("/").content.decode()


def test_sakslisten_filtrert_paa_saksansvarlig(client: Client, bydel: Bydel) -> None:
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, bydel.enhet)
    ny_sak(bydel, tittel="Min egen sak")
    ny_sak(bydel, tittel="Kollegaens sak", utfoert_av=kollega)
    client.force_login(bydel.leder)

    innhold = client.get(f"/saker/?saksansvarlig={kollega.username}").content.decode()

    assert "Kollegaens sak" in innhold
    assert "Min egen sak" not in innhold


def test_saksansvarlig_gir_saken_til_en_kollega(client: Client, bydel: Bydel) -> None:
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, bydel.enhet)
    sak = ny_sak(bydel)
    client.force_login(bydel.saksbehandler)
    assert (
        f'<option value="{kollega.username}"'
        in client.get(f"/saker/{sak.system_id}/").content.decode()
    )

    svar = client.post(f"/saker/{sak.system_id}/saksansvar/", {"saksansvarlig": kollega.username})

    assert svar.status_code == 302
    assert Mappe.objects.get(pk=sak.pk).referanse_saksansvarlig == kollega
    side = client.get(svar["Location"]).content.decode()
    assert f"Saken er gitt til {kollega.visningsnavn}." in side


def test_andre_kan_ikke_fordele_og_ukjent_mottaker_gir_melding(
    client: Client, bydel: Bydel, annen_bydel: Bydel
) -> None:
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, bydel.enhet)
    sak = ny_sak(bydel)
    client.force_login(kollega)
    assert "Fordel saken" not in client.get(f"/saker/{sak.system_id}/").content.decode()
    nektet = client.post(f"/saker/{sak.system_id}/saksansvar/", {"saksansvarlig": kollega.username})

    client.force_login(bydel.leder)
    ukjent = client.post(
        f"/saker/{sak.system_id}/saksansvar/",
        {"saksansvarlig": annen_bydel.saksbehandler.username},
        follow=True,
    )

    assert nektet.status_code == 403
    assert "Velg en saksbehandler i bydelen." in ukjent.content.decode()
    assert Mappe.objects.get(pk=sak.pk).referanse_saksansvarlig == bydel.saksbehandler
