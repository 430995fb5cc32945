"""Journal control for the records office (issue 6 item 8): F to J, one or many at once."""

from __future__ import annotations

import pytest
from django.test import Client

from sakarkiv.models import Journalpost
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sporing.models import Endringslogg

pytestmark = pytest.mark.django_db


def _ferdigstilt(bydel: Bydel, tittel: str) -> Journalpost:
    sak = ny_sak(bydel)
    return ny_journalpost(
        sak, bydel.saksbehandler, tittel=tittel, journalposttype="U", journalstatus="F"
    )


def _status(journalpost: Journalpost) -> str:
    return str(Journalpost.objects.get(pk=journalpost.pk).journalstatus)


def test_arkivaren_ser_ferdigstilte_i_egen_bydel(
    client: Client, bydel: Bydel, annen_bydel: Bydel
) -> None:
    egen = _ferdigstilt(bydel, "Svar på søknad")
    _ferdigstilt(annen_bydel, "Svar i annen bydel")
    inngaaende = ny_journalpost(ny_sak(bydel), bydel.saksbehandler, tittel="Inngående, midlertidig")
    ny_journalpost(ny_sak(bydel), bydel.saksbehandler, tittel="Utkast", journalposttype="U")
    journalfoert = ny_journalpost(ny_sak(bydel), bydel.arkivar, journalstatus="J")
    client.force_login(bydel.arkivar)

    svar = client.get("/journalkontroll/")

    # M, F and E wait for control; a draft (R) and what is journalført (J) do not.
    assert [rad.objekt for rad in svar.context["rader"]] == [egen, inngaaende]
    assert journalfoert.journalstatus == "J"
    assert 'href="/journalkontroll/">Journalkontroll</a>' in svar.content.decode()


def test_en_og_en_eller_de_valgte_journalfoeres_med_endringslogg(
    client: Client, bydel: Bydel
) -> None:
    en, to, tre = (_ferdigstilt(bydel, t) for t in ("Svar 1", "Svar 2", "Svar 3"))
    client.force_login(bydel.arkivar)

    client.post("/journalkontroll/", {"en": str(en.system_id), "valgt": [str(to.system_id)]})
    assert (_status(en), _status(to)) == ("J", "F")

    svar = client.post(
        "/journalkontroll/", {"valgt": [str(to.system_id), str(tre.system_id)]}, follow=True
    )

    assert (_status(to), _status(tre)) == ("J", "J")
    innhold = svar.content.decode()
    assert "2 journalposter er journalført." in innhold, innhold[innhold.index("<main") :][:800]
    logg = Endringslogg.objects.filter(referanse_metadata="journalstatus", ny_verdi="J")
    assert logg.count() == 3


def test_saksbehandler_har_ingen_journalkontroll(client: Client, bydel: Bydel) -> None:
    journalpost = _ferdigstilt(bydel, "Svar")
    client.force_login(bydel.saksbehandler)

    assert client.get("/journalkontroll/").context["rader"] == []
    client.post("/journalkontroll/", {"en": str(journalpost.system_id)})

    assert _status(journalpost) == "F"
    assert "Journalkontroll</a>" not in client.get("/").content.decode()


def test_ingen_valgt_gir_melding(client: Client, bydel: Bydel) -> None:
    _ferdigstilt(bydel, "Svar")
    client.force_login(bydel.arkivar)

    svar = client.post("/journalkontroll/", {"valgt": ["ikke-en-uuid"]}, follow=True)

    assert "Velg minst én journalpost." in svar.content.decode()
