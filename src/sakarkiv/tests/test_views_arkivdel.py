"""Closing cases and periodisering from the records office's pages (issue 6 item 10)."""

from __future__ import annotations

import pytest
from django.test import Client

from arkivstruktur.models import Arkivdel
from sakarkiv.models import Journalpost, Saksmappe
from sakarkiv.services.avskrivning import journalpost_avskriv
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak

pytestmark = pytest.mark.django_db


def _besvart_og_journalfoert(sak: Saksmappe, bydel: Bydel) -> Journalpost:
    journalpost = ny_journalpost(sak, bydel.arkivar, journalstatus="J")
    journalpost_avskriv(journalpost=journalpost, avskrivningsmaate="TE", utfoert_av=bydel.arkivar)
    return journalpost


def _sak(sak: Saksmappe) -> Saksmappe:
    return Saksmappe.objects.get(pk=sak.pk)


def test_arkivaren_avslutter_saken_og_journalpostene_arkiveres(
    client: Client, bydel: Bydel
) -> None:
    sak = ny_sak(bydel)
    journalpost = _besvart_og_journalfoert(sak, bydel)
    client.force_login(bydel.arkivar)

    assert "Avslutt saken" in client.get(f"/saker/{sak.system_id}/").content.decode()
    svar = client.post(f"/saker/{sak.system_id}/saksstatus/", {"saksstatus": "A"}, follow=True)

    assert f"Sak {sak.mappe_id} er avsluttet." in svar.content.decode()
    assert _sak(sak).saksstatus == "A"
    assert Journalpost.objects.get(pk=journalpost.pk).journalstatus == "A"
    assert "Gjenåpne saken" in svar.content.decode()

    gjenaapnet = client.post(f"/saker/{sak.system_id}/saksstatus/", {"saksstatus": "B"})
    assert gjenaapnet.status_code == 302
    assert _sak(sak).saksstatus == "B"


def test_avslutning_som_hindres_arkiverer_ingenting(client: Client, bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    journalfoert = _besvart_og_journalfoert(sak, bydel)
    ny_journalpost(sak, bydel.saksbehandler, journalposttype="U")  # a draft
    client.force_login(bydel.arkivar)

    svar = client.post(f"/saker/{sak.system_id}/saksstatus/", {"saksstatus": "A"}, follow=True)

    assert "Saken kan ikke avsluttes: 1 registrering(er) er ikke arkivert" in svar.content.decode()
    assert _sak(sak).saksstatus == "B"
    assert Journalpost.objects.get(pk=journalfoert.pk).journalstatus == "J"


def test_saksbehandler_kan_ikke_avslutte(client: Client, bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    client.force_login(bydel.saksbehandler)

    assert "Avslutt saken" not in client.get(f"/saker/{sak.system_id}/").content.decode()
    assert (
        client.post(f"/saker/{sak.system_id}/saksstatus/", {"saksstatus": "A"}).status_code == 403
    )
    assert _sak(sak).saksstatus == "B"


def test_periodisering_og_slutt_paa_overlappingsperioden(client: Client, bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    client.force_login(bydel.arkivar)

    side = client.get("/arkivdeler/")
    assert bydel.arkivdel.tittel in side.content.decode()
    assert [a.aapne for a in side.context["arkivdeler"]] == [1]
    svar = client.post(
        f"/arkivdeler/{bydel.arkivdel.system_id}/",
        {"handling": "periodiser", "ny_tittel": "Sakarkiv 2029–2032"},
        follow=True,
    )
    assert "Ny periode «Sakarkiv 2029–2032» er startet" in svar.content.decode()
    gammel = Arkivdel.objects.get(pk=bydel.arkivdel.pk)
    ny = Arkivdel.objects.get(referanse_forloeper=gammel)
    assert (gammel.arkivdelstatus, ny.arkivdelstatus, ny.tittel) == ("O", "A", "Sakarkiv 2029–2032")

    # An open case keeps the old period open.
    hindret = client.post(
        f"/arkivdeler/{gammel.system_id}/", {"handling": "avslutt_overlapp"}, follow=True
    )
    assert Arkivdel.objects.get(pk=gammel.pk).arkivdelstatus == "O"
    assert "Arkivdelen har 1 åpne mapper" in hindret.content.decode()
    client.post(f"/saker/{sak.system_id}/saksstatus/", {"saksstatus": "A"})
    client.post(f"/arkivdeler/{gammel.system_id}/", {"handling": "avslutt_overlapp"})
    assert Arkivdel.objects.get(pk=gammel.pk).arkivdelstatus == "P"


def test_arkivdelsiden_er_arkivets(client: Client, bydel: Bydel) -> None:
    client.force_login(bydel.saksbehandler)
    assert client.get("/arkivdeler/").status_code == 403
    svar = client.post(
        f"/arkivdeler/{bydel.arkivdel.system_id}/",
        {"handling": "periodiser", "ny_tittel": "Ny"},
    )
    assert svar.status_code == 403
    assert Arkivdel.objects.get(pk=bydel.arkivdel.pk).arkivdelstatus == "A"
