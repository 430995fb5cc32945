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


def test_arkivaren_flytter_en_journalpost_fra_feil_sak_til_riktig(
    client: Client, bydel: Bydel
) -> None:
    feil_sak, riktig_sak = ny_sak(bydel, tittel="Feil sak"), ny_sak(bydel, tittel="Riktig sak")
    journalpost = ny_journalpost(feil_sak, bydel.saksbehandler, tittel="Brev fra naboen")
    client.force_login(bydel.arkivar)
    adresse = f"/journalposter/{journalpost.system_id}/flytt/"
    assert adresse in client.get("/journalkontroll/").content.decode()

    side = client.get(adresse)
    svar = client.post(adresse, {"saksnummer": riktig_sak.mappe_id}, follow=True)

    assert side.status_code == 200
    assert "Flytt til sak (saksnummer)" in side.content.decode()
    assert svar.redirect_chain[-1][0] == f"/saker/{riktig_sak.system_id}/"
    assert (
        f"Journalposten er flyttet til sak {riktig_sak.mappe_id} og har nå nummer "
        f"{riktig_sak.mappe_id}-1." in svar.content.decode()
    )
    journalpost.refresh_from_db()
    assert journalpost.mappe_id == riktig_sak.pk


@pytest.mark.parametrize(
    ("saksnummer", "melding"),
    [("ikke et nummer", "Skriv saksnummeret som år/nummer"), ("1999/1", "Fant ingen sak 1999/1")],
)
def test_ukjent_saksnummer_vises_ved_feltet_og_ingenting_flyttes(
    client: Client, bydel: Bydel, saksnummer: str, melding: str
) -> None:
    sak = ny_sak(bydel)
    journalpost = ny_journalpost(sak, bydel.saksbehandler)
    client.force_login(bydel.arkivar)

    svar = client.post(f"/journalposter/{journalpost.system_id}/flytt/", {"saksnummer": saksnummer})

    assert svar.status_code == 400
    assert melding in svar.content.decode()
    assert 'aria-invalid="true"' in svar.content.decode()
    journalpost.refresh_from_db()
    assert journalpost.mappe_id == sak.pk


def test_annen_bydels_journalpost_kan_ikke_flyttes(
    client: Client, bydel: Bydel, annen_bydel: Bydel
) -> None:
    journalpost = ny_journalpost(ny_sak(annen_bydel), annen_bydel.saksbehandler)
    client.force_login(bydel.arkivar)

    svar = client.post(f"/journalposter/{journalpost.system_id}/flytt/", {"saksnummer": "2026/1"})

    assert svar.status_code == 404
