"""A new case from the UI (issue 6 item 2)."""

from __future__ import annotations

import pytest
from django.test import Client

from arkivstruktur.models import Part
from sakarkiv.models import Saksmappe
from sakarkiv.tests.conftest import Bydel

pytestmark = pytest.mark.django_db


def _skjema(bydel: Bydel, **felter: object) -> dict[str, object]:
    return {
        "arkivdel": str(bydel.arkivdel.system_id),
        "klasse": str(bydel.klasse.system_id),
        "tittel": "Søknad om avlastning for Ola Hansen",
        **felter,
    }


def test_ny_sak_med_skjerming_og_part(client: Client, bydel: Bydel) -> None:
    client.force_login(bydel.saksbehandler)
    assert client.get("/saker/ny/").status_code == 200

    svar = client.post(
        "/saker/ny/",
        _skjema(
            bydel,
            offentlig_tittel="Søknad om avlastning for *****",
            tilgangsrestriksjon="13",
            skjerming_metadata=["TMO", "NPS"],
            part_navn="Ola Hansen",
            part_rolle="KLI",
        ),
    )

    sak = Saksmappe.objects.get(tittel="Søknad om avlastning for Ola Hansen")
    assert svar.status_code == 302
    assert svar["Location"] == f"/saker/{sak.system_id}/"
    assert (sak.klasse, sak.referanse_saksansvarlig) == (bydel.klasse, bydel.saksbehandler)
    assert sak.skjerming.tilgangsrestriksjon == "13"
    assert sak.skjerming.skjerming_metadata == ["TMO", "NPS"]
    assert Part.objects.get(mappe=sak).part_navn == "Ola Hansen"
    assert f"Sak {sak.mappe_id} er opprettet." in client.get(svar["Location"]).content.decode()


def test_feil_vises_ved_feltet_og_det_som_er_skrevet_beholdes(client: Client, bydel: Bydel) -> None:
    client.force_login(bydel.saksbehandler)

    svar = client.post(
        "/saker/ny/",
        _skjema(bydel, tilgangsrestriksjon="13", skjerming_metadata=["TMO"], part_navn="Kari"),
    )

    innhold = svar.content.decode()
    assert svar.status_code == 400
    assert 'id="feil-offentlig_tittel"' in innhold  # TMO needs an offentlig tittel
    assert 'value="Søknad om avlastning for Ola Hansen"' in innhold
    assert 'value="Kari"' in innhold
    assert 'value="TMO" checked' in innhold
    assert not Saksmappe.objects.filter(tittel__startswith="Søknad om avlastning").exists()
    assert not Part.objects.filter(part_navn="Kari").exists()


def test_klassefeltet_foelger_arkivdelen(client: Client, bydel: Bydel) -> None:
    client.force_login(bydel.saksbehandler)

    svar = client.get("/saker/ny/klasser/", {"arkivdel": str(bydel.arkivdel.system_id)})

    assert f'value="{bydel.klasse.system_id}"' in svar.content.decode()


def test_annen_bydels_arkivdel_kan_ikke_velges(
    client: Client, bydel: Bydel, annen_bydel: Bydel
) -> None:
    client.force_login(bydel.saksbehandler)

    svar = client.post("/saker/ny/", _skjema(annen_bydel))

    assert str(annen_bydel.arkivdel.system_id) not in client.get("/saker/ny/").content.decode()
    assert svar.status_code == 400  # the klasse is not in the user's arkivdel
    assert not Saksmappe.objects.filter(arkivdel=annen_bydel.arkivdel).exists()
