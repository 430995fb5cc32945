"""Ferdigstill, ekspeder and avskriv from the case page (issue 6 item 4)."""

from __future__ import annotations

import pytest
from django.test import Client

from sakarkiv.models import Avskrivning, Journalpost
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak

pytestmark = pytest.mark.django_db


def _status(journalpost: Journalpost) -> str:
    return str(Journalpost.objects.get(pk=journalpost.pk).journalstatus)


def test_svarbrev_ferdigstilles_ekspederes_og_avskriver_soknaden(
    client: Client, bydel: Bydel
) -> None:
    sak = ny_sak(bydel)
    soknad = ny_journalpost(sak, bydel.saksbehandler, tittel="Søknad")
    svar = ny_journalpost(
        sak, bydel.saksbehandler, tittel="Vedtak", journalposttype="U", journalstatus="R"
    )
    client.force_login(bydel.saksbehandler)
    side = client.get(f"/saker/{sak.system_id}/").content.decode()
    assert f'aria-label="Ferdigstill {svar.registrerings_id}"' in side
    assert f'for="maate-{soknad.pk}"' in side

    client.post(f"/journalposter/{svar.system_id}/status/", {"journalstatus": "F"})
    assert _status(svar) == "F"
    ekspedert = client.post(
        f"/journalposter/{svar.system_id}/status/", {"journalstatus": "E"}, follow=True
    )
    assert _status(svar) == "E"
    assert f"Journalpost {svar.registrerings_id} er ekspedert." in ekspedert.content.decode()

    avskrevet = client.post(
        f"/journalposter/{soknad.system_id}/avskriv/",
        {"avskrivningsmaate": "BU", "svar": str(svar.system_id)},
        follow=True,
    )

    avskrivning = Avskrivning.objects.get(journalpost=soknad)
    assert avskrivning.referanse_avskrives_av_journalpost_id == svar.pk
    assert f"Journalpost {soknad.registrerings_id} er avskrevet." in avskrevet.content.decode()
    assert f'for="maate-{soknad.pk}"' not in avskrevet.content.decode()


def test_ugyldig_handling_gir_melding_og_ingen_endring(client: Client, bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    soknad = ny_journalpost(sak, bydel.saksbehandler, tittel="Søknad")
    client.force_login(bydel.saksbehandler)

    ekspedere_inngaaende = client.post(
        f"/journalposter/{soknad.system_id}/status/", {"journalstatus": "E"}, follow=True
    )
    bu_uten_svar = client.post(
        f"/journalposter/{soknad.system_id}/avskriv/",
        {"avskrivningsmaate": "BU", "svar": "ikke-en-id"},
        follow=True,
    )

    assert "Journalstatus kan ikke endres" in ekspedere_inngaaende.content.decode()
    assert "Fant ikke svaret i saken." in bu_uten_svar.content.decode()
    assert _status(soknad) == "M"
    assert not Avskrivning.objects.exists()


def test_annen_bydel_faar_404(client: Client, bydel: Bydel, annen_bydel: Bydel) -> None:
    soknad = ny_journalpost(ny_sak(bydel), bydel.saksbehandler)
    client.force_login(annen_bydel.saksbehandler)

    svar = client.post(f"/journalposter/{soknad.system_id}/avskriv/", {"avskrivningsmaate": "TE"})

    assert svar.status_code == 404
    assert not Avskrivning.objects.exists()
