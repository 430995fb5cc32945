"""The case page's notes and timeline (issue 6 item 2)."""

from __future__ import annotations

import pytest
from django.test import Client

from arkivstruktur.models import Merknad
from arkivstruktur.services.arv import skjerming_sett
from organisasjon.models import Rolle
from organisasjon.tests.factories import bruker_med_rolle
from sakarkiv.services.journalpost import journalpost_endre_status
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak

pytestmark = pytest.mark.django_db


def test_merknad_og_tidslinje_paa_sakssiden(client: Client, bydel: Bydel) -> None:
    sak = ny_sak(bydel, tittel="Søknad om tilskudd")
    brev = ny_journalpost(sak, bydel.saksbehandler, tittel="Svar", journalposttype="U")
    journalpost_endre_status(journalpost=brev, journalstatus="F", utfoert_av=bydel.saksbehandler)
    client.force_login(bydel.saksbehandler)

    tom = client.post(f"/saker/{sak.system_id}/merknad/", {"merknadstekst": " "}, follow=True)
    svar = client.post(
        f"/saker/{sak.system_id}/merknad/",
        {"merknadstekst": "Ringte søker 12. november."},
        follow=True,
    )

    assert "Merknadstekst må fylles ut." in tom.content.decode()
    innhold = svar.content.decode()
    assert "Merknaden er lagret." in innhold
    assert "Ringte søker 12. november." in innhold
    assert Merknad.objects.filter(mappe=sak).count() == 1
    tidslinje = [(p.gjelder, p.hendelse.referanse_metadata) for p in svar.context["tidslinje"]]
    assert tidslinje[0][0] == "Merknad"  # newest first
    assert (f"Journalpost {brev.registrerings_id}", "journalstatus") in tidslinje
    assert (f"Sak {sak.mappe_id}", "") in tidslinje
    assert "(R → F)" in innhold


def test_tidslinjen_viser_ikke_skjermede_journalposter_uten_tilgang(
    client: Client, bydel: Bydel
) -> None:
    sak = ny_sak(bydel)
    skjult = ny_journalpost(sak, bydel.saksbehandler, tittel="Melding om Ola Hansen")
    skjerming_sett(
        enhet=skjult,
        tilgangsrestriksjon="13",
        skjerming_metadata=["NA"],
        utfoert_av=bydel.saksbehandler,
    )
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, bydel.enhet, username="kollega.alna")
    client.force_login(kollega)

    svar = client.get(f"/saker/{sak.system_id}/")

    assert svar.status_code == 200
    gjelder = {p.gjelder for p in svar.context["tidslinje"]}
    assert f"Journalpost {skjult.registrerings_id}" not in gjelder
    assert "Ola Hansen" not in svar.content.decode()
