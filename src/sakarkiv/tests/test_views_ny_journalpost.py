"""Registering a journalpost with parties and files from the UI (issue 6 item 3)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from arkivstruktur.models import Dokumentbeskrivelse
from arkivstruktur.services.arv import skjerming_sett
from sakarkiv.models import Journalpost, Korrespondansepart
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fil(navn: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(navn, PDF, content_type="application/pdf")


def test_inngaaende_med_avsender_og_to_filer(client: Client, bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    client.force_login(bydel.saksbehandler)
    assert client.get(f"/saker/{sak.system_id}/ny-journalpost/").status_code == 200

    svar = client.post(
        f"/saker/{sak.system_id}/ny-journalpost/",
        {
            "journalposttype": "I",
            "tittel": "Søknad om plass",
            "part": "Kari Nordmann",
            "filer": [_fil("soknad.pdf"), _fil("vedlegg.pdf")],
        },
    )

    assert svar.status_code == 302
    journalpost = Journalpost.objects.get(mappe=sak, tittel="Søknad om plass")
    part = Korrespondansepart.objects.get(registrering=journalpost)
    assert (part.korrespondanseparttype, part.korrespondansepart_navn) == ("EA", "Kari Nordmann")
    dokumenter = Dokumentbeskrivelse.objects.filter(tilknytninger__registrering=journalpost)
    assert sorted(
        dokumenter.values_list("tittel", "tilknytninger__tilknyttet_registrering_som")
    ) == [("soknad", "H"), ("vedlegg", "V")]
    melding = f"Journalpost {journalpost.registrerings_id} er registrert."
    assert melding in client.get(svar["Location"]).content.decode()


def test_uten_tittel_registreres_ingenting_og_det_skrevne_beholdes(
    client: Client, bydel: Bydel
) -> None:
    sak = ny_sak(bydel)
    client.force_login(bydel.saksbehandler)

    svar = client.post(
        f"/saker/{sak.system_id}/ny-journalpost/",
        {"journalposttype": "U", "tittel": " ", "part": "Ola Hansen", "filer": [_fil("a.pdf")]},
    )

    innhold = svar.content.decode()
    assert svar.status_code == 400
    assert 'id="feil-tittel"' in innhold
    assert 'value="Ola Hansen"' in innhold
    assert 'value="U" checked' in innhold
    assert not Journalpost.objects.filter(mappe=sak).exists()
    assert not Dokumentbeskrivelse.objects.exists()


def test_kjente_parter_foreslaas_men_ikke_skjermede_navn(client: Client, bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    ny_journalpost(sak, bydel.saksbehandler)  # the helper's party
    skjermet = ny_sak(bydel, tittel="Barnevern", offentlig_tittel="Barnevern")
    skjerming_sett(
        enhet=skjermet,
        tilgangsrestriksjon="13",
        skjerming_metadata=["NPS"],
        utfoert_av=bydel.saksbehandler,
    )
    jp = ny_journalpost(skjermet, bydel.saksbehandler)
    Korrespondansepart.objects.filter(registrering=jp).update(
        korrespondansepart_navn="Kari Hemmelig"
    )
    kjent = Korrespondansepart.objects.exclude(registrering=jp).first()
    assert kjent is not None
    client.force_login(bydel.saksbehandler)

    forslag = client.get("/saker/parter/", {"part": kjent.korrespondansepart_navn[:3]})
    skjult = client.get("/saker/parter/", {"part": "Kari H"})

    assert f'value="{kjent.korrespondansepart_navn}"' in forslag.content.decode()
    assert "Kari Hemmelig" not in skjult.content.decode()


def test_annen_bydels_sak_gir_404(client: Client, bydel: Bydel, annen_bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    client.force_login(annen_bydel.saksbehandler)

    assert client.get(f"/saker/{sak.system_id}/ny-journalpost/").status_code == 404


def test_flere_mottakere_skilles_med_semikolon(client: Client, bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    client.force_login(bydel.saksbehandler)

    client.post(
        f"/saker/{sak.system_id}/ny-journalpost/",
        {"journalposttype": "U", "tittel": "Vedtak", "part": "Kari Nordmann; Ola Nordmann ;"},
    )

    journalpost = Journalpost.objects.get(mappe=sak, tittel="Vedtak")
    parter = journalpost.korrespondanseparter.order_by("pk")
    assert [(p.korrespondanseparttype, p.korrespondansepart_navn) for p in parter] == [
        ("EM", "Kari Nordmann"),
        ("EM", "Ola Nordmann"),
    ]
