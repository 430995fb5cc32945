"""A leader approves a case handler's letter, or returns it with a comment (issue 6 item 4)."""

from __future__ import annotations

import pytest
from django.test import Client

from felles.feil import DomeneFeil, IngenTilgang
from organisasjon.models import Rolle
from organisasjon.tests.factories import bruker_med_rolle
from sakarkiv.models import Dokumentflyt, Journalpost
from sakarkiv.services.godkjenning import godkjenning_besvar, send_til_godkjenning
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sporing.models import Endringslogg

pytestmark = pytest.mark.django_db


def _utkast(bydel: Bydel, tittel: str = "Svar på søknad") -> Journalpost:
    return ny_journalpost(ny_sak(bydel), bydel.saksbehandler, tittel=tittel, journalposttype="U")


def _status(journalpost: Journalpost) -> str:
    return str(Journalpost.objects.get(pk=journalpost.pk).journalstatus)


def test_godkjent_brev_faar_status_g_og_flyten_er_besvart(bydel: Bydel) -> None:
    brev = _utkast(bydel)

    flyt = send_til_godkjenning(
        journalpost=brev, leder=bydel.leder, merknad="Haster", utfoert_av=bydel.saksbehandler
    )
    assert _status(brev) == "F"
    godkjenning_besvar(dokumentflyt=flyt, godkjent=True, utfoert_av=bydel.leder)

    flyt.refresh_from_db()
    assert _status(brev) == "G"
    assert (flyt.flyt_status, flyt.flyt_til, flyt.flyt_fra) == (
        "G",
        bydel.leder.visningsnavn,
        bydel.saksbehandler.visningsnavn,
    )
    assert flyt.flyt_mottatt_dato is not None
    statuser = Endringslogg.objects.filter(
        referanse_arkivenhet=brev.system_id, referanse_metadata="journalstatus"
    ).values_list("ny_verdi", flat=True)
    assert list(statuser) == ["F", "G"]


def test_returnert_brev_gaar_tilbake_til_r_med_kommentar(bydel: Bydel) -> None:
    brev = _utkast(bydel)
    flyt = send_til_godkjenning(journalpost=brev, leder=bydel.leder, utfoert_av=bydel.saksbehandler)

    with pytest.raises(DomeneFeil, match="Skriv en kommentar"):
        godkjenning_besvar(dokumentflyt=flyt, godkjent=False, utfoert_av=bydel.leder)
    assert _status(brev) == "F"
    godkjenning_besvar(
        dokumentflyt=flyt, godkjent=False, merknad="Rett opp fristen", utfoert_av=bydel.leder
    )

    flyt.refresh_from_db()
    assert _status(brev) == "R"
    assert (flyt.flyt_status, flyt.flyt_merknad) == ("S", "Rett opp fristen")
    # Corrected, it can go for approval again.
    send_til_godkjenning(journalpost=brev, leder=bydel.leder, utfoert_av=bydel.saksbehandler)
    assert Dokumentflyt.objects.filter(registrering=brev).count() == 2


def test_feil_bruk_avvises(bydel: Bydel, annen_bydel: Bydel) -> None:
    brev = _utkast(bydel)
    innkommende = ny_journalpost(ny_sak(bydel), bydel.saksbehandler)
    with pytest.raises(DomeneFeil, match="Velg en leder"):
        send_til_godkjenning(
            journalpost=brev, leder=annen_bydel.leder, utfoert_av=bydel.saksbehandler
        )
    with pytest.raises(DomeneFeil, match="Bare egne dokumenter"):
        send_til_godkjenning(
            journalpost=innkommende, leder=bydel.leder, utfoert_av=bydel.saksbehandler
        )
    flyt = send_til_godkjenning(journalpost=brev, leder=bydel.leder, utfoert_av=bydel.saksbehandler)
    with pytest.raises(DomeneFeil, match="venter allerede"):
        send_til_godkjenning(journalpost=brev, leder=bydel.leder, utfoert_av=bydel.saksbehandler)
    annen_leder = bruker_med_rolle(Rolle.LEDER, bydel.enhet, username="leder2.alna")
    with pytest.raises(DomeneFeil, match="Bare mottakeren"):
        godkjenning_besvar(dokumentflyt=flyt, godkjent=True, utfoert_av=annen_leder)
    with pytest.raises(IngenTilgang):
        godkjenning_besvar(dokumentflyt=flyt, godkjent=True, utfoert_av=bydel.saksbehandler)
    assert _status(brev) == "F"


def test_flyten_paa_sakssiden_og_min_side(client: Client, bydel: Bydel) -> None:
    brev = _utkast(bydel)
    sak_url = f"/saker/{brev.mappe.system_id}/"  # type: ignore[union-attr]
    client.force_login(bydel.saksbehandler)

    side = client.get(sak_url).content.decode()
    assert f'aria-label="Send til godkjenning: {brev.registrerings_id}"' in side
    client.post(
        f"/journalposter/{brev.system_id}/til-godkjenning/",
        {"leder": str(bydel.leder.pk), "merknad": "Se på begrunnelsen"},
    )
    side = client.get(sak_url).content.decode()
    assert f"Venter på godkjenning hos {bydel.leder.visningsnavn}" in side
    assert f'aria-label="Ekspeder {brev.registrerings_id}"' not in side  # not before approval
    assert (
        client.post(
            f"/journalposter/{brev.system_id}/godkjenning/", {"svar": "godkjenn"}, follow=True
        )
        .content.decode()
        .count("venter ikke på godkjenning fra deg")
        == 1
    )

    client.force_login(bydel.leder)
    min_side = client.get("/").content.decode()
    assert "Til godkjenning" in min_side
    assert "Se på begrunnelsen" in min_side
    svar = client.post(
        f"/journalposter/{brev.system_id}/godkjenning/",
        {"svar": "returner", "merknad": "Legg til klagefristen"},
        follow=True,
    )
    assert "sendt tilbake til saksbehandler" in svar.content.decode()
    assert _status(brev) == "R"

    client.force_login(bydel.saksbehandler)
    side = client.get(sak_url).content.decode()
    assert "Sendt tilbake av" in side
    assert "Legg til klagefristen" in side
    client.post(f"/journalposter/{brev.system_id}/til-godkjenning/", {"leder": str(bydel.leder.pk)})
    client.force_login(bydel.leder)
    client.post(f"/journalposter/{brev.system_id}/godkjenning/", {"svar": "godkjenn"})
    assert _status(brev) == "G"
    client.force_login(bydel.saksbehandler)
    side = client.get(sak_url).content.decode()
    assert f'aria-label="Ekspeder {brev.registrerings_id}"' in side
    client.post(f"/journalposter/{brev.system_id}/status/", {"journalstatus": "E"})
    assert _status(brev) == "E"
