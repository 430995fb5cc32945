"""Upload, the document page and the archivists' list of failed files, through HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from arkivstruktur.models import Dokumentbeskrivelse, Dokumentobjekt
from dokument.behandling import behandle
from dokument.models import Filbehandling
from sakarkiv.tests.conftest import Bydel, lag_bydel

pytestmark = pytest.mark.django_db


def klient(bruker: Any) -> Client:
    klient = Client()
    klient.force_login(bruker)
    return klient


def last_opp(bruker: Any, journalpost: Any, navn: str, innhold: bytes, tittel: str = "") -> Any:
    return klient(bruker).post(
        reverse("dokument:last-opp"),
        {
            "registrering": str(journalpost.system_id),
            "tittel": tittel,
            "fil": SimpleUploadedFile(navn, innhold, content_type="text/plain"),
        },
        follow=True,
    )


def test_opplasting_fra_sakssiden(bydel: Bydel, journalpost: Any) -> None:
    sakside = klient(bydel.saksbehandler).get(
        reverse("sakarkiv:saksmappe-detalj", args=[journalpost.mappe.system_id])
    )
    assert 'enctype="multipart/form-data"' in sakside.content.decode()

    svar = last_opp(
        bydel.saksbehandler, journalpost, "notat.txt", "Notat om Økern\n".encode(), "Notat"
    )

    assert svar.status_code == 200
    assert "er lagt til journalpost" in svar.content.decode()
    dokument = Dokumentbeskrivelse.objects.get(tilknytninger__registrering=journalpost)
    assert dokument.tittel == "Notat"
    objekt = dokument.dokumentobjekter.get()
    assert (objekt.filnavn, objekt.variantformat) == ("notat.txt", "P")
    assert objekt.filbehandling.status == Filbehandling.Status.VENTER


def test_for_stor_fil_avvises_med_grensen_navngitt(
    bydel: Bydel, journalpost: Any, settings: Any
) -> None:
    settings.ARKIVAR_MAKS_FILSTOERRELSE = 1024 * 1024

    svar = last_opp(bydel.saksbehandler, journalpost, "stor.txt", b"x" * (1024 * 1024 + 1))

    tekst = svar.content.decode()
    assert "Største tillatte filstørrelse er 1 MB" in tekst
    assert not Dokumentbeskrivelse.objects.filter(tilknytninger__registrering=journalpost).exists()


def test_tom_fil_avvises_og_etterlater_ingenting(bydel: Bydel, journalpost: Any) -> None:
    svar = last_opp(bydel.saksbehandler, journalpost, "tom.txt", b"")

    assert "tom" in svar.content.decode().lower()
    assert not Dokumentbeskrivelse.objects.filter(tilknytninger__registrering=journalpost).exists()


def test_opplasting_til_annen_bydels_journalpost_gir_404(bydel: Bydel, journalpost: Any) -> None:
    annen = lag_bydel("Bjerke")

    svar = last_opp(annen.saksbehandler, journalpost, "x.txt", b"x")

    assert svar.status_code == 404
    assert not Dokumentbeskrivelse.objects.filter(tilknytninger__registrering=journalpost).exists()


def test_dokumentsiden_viser_varianter_konvertering_og_forhaandsvisning(
    bydel: Bydel, journalpost: Any
) -> None:
    last_opp(bydel.saksbehandler, journalpost, "notat.txt", "Notat om Økern\n".encode(), "Notat")
    objekt = Dokumentobjekt.objects.get(
        dokumentbeskrivelse__tilknytninger__registrering=journalpost
    )
    url = reverse("dokument:dokument-detalj", args=[objekt.dokumentbeskrivelse.system_id])

    foer = klient(bydel.saksbehandler).get(url).content.decode()
    assert "venter på konvertering" in foer
    behandle(objekt.filbehandling.pk)
    etter = klient(bydel.saksbehandler).get(url).content.decode()

    assert "konvertert og kontrollert" in etter
    assert "Arkivformat" in etter
    assert "Produksjonsformat" in etter
    assert objekt.sjekksum[:16] in etter
    # Plain text is shown as a download, not in a frame.
    assert "<iframe" not in etter


def test_dokumentsiden_er_skjult_for_annen_bydel(bydel: Bydel, journalpost: Any) -> None:
    last_opp(bydel.saksbehandler, journalpost, "notat.txt", b"Notat\n", "Notat")
    dokument = Dokumentbeskrivelse.objects.get(tilknytninger__registrering=journalpost)
    annen = lag_bydel("Bjerke")

    svar = klient(annen.saksbehandler).get(
        reverse("dokument:dokument-detalj", args=[dokument.system_id])
    )

    assert svar.status_code == 404
    assert "Notat" not in svar.content.decode()


def test_forhaandsvisning_av_pdf_i_ramme(bydel: Bydel, journalpost: Any) -> None:
    from dokument.tests.eksempelfiler import docx

    klient(bydel.saksbehandler).post(
        reverse("dokument:last-opp"),
        {
            "registrering": str(journalpost.system_id),
            "tittel": "Vedtak",
            "fil": SimpleUploadedFile("vedtak.docx", docx("Vedtak")),
        },
    )
    objekt = Dokumentobjekt.objects.get(
        dokumentbeskrivelse__tilknytninger__registrering=journalpost
    )
    behandle(objekt.filbehandling.pk)
    arkiv = Dokumentobjekt.objects.get(
        dokumentbeskrivelse=objekt.dokumentbeskrivelse, variantformat="A"
    )

    side = klient(bydel.saksbehandler).get(
        reverse("dokument:dokument-detalj", args=[objekt.dokumentbeskrivelse.system_id])
    )
    fil = klient(bydel.saksbehandler).get(
        reverse("dokument:dokumentobjekt-fil", args=[arkiv.system_id])
    )

    fil_url = reverse("dokument:dokumentobjekt-fil", args=[arkiv.system_id])
    assert f'<iframe class="forhaandsvisning" src="{fil_url}"' in side.content.decode()
    assert fil["Content-Type"] == "application/pdf"
    assert fil["X-Frame-Options"] == "SAMEORIGIN"
    assert "attachment" not in fil.get("Content-Disposition", "")


def test_feilet_fil_vises_for_arkivaren_som_kan_proeve_igjen(
    bydel: Bydel, journalpost: Any
) -> None:
    last_opp(bydel.saksbehandler, journalpost, "data.bin", bytes(range(256)) * 40, "Data")
    objekt = Dokumentobjekt.objects.get(
        dokumentbeskrivelse__tilknytninger__registrering=journalpost
    )
    behandle(objekt.filbehandling.pk)

    liste = klient(bydel.arkivar).get(reverse("dokument:filbehandling-liste")).content.decode()
    assert "data.bin" in liste
    assert "kan ikke konvertere" in liste
    side = (
        klient(bydel.arkivar)
        .get(reverse("dokument:dokument-detalj", args=[objekt.dokumentbeskrivelse.system_id]))
        .content.decode()
    )
    assert "Prøv igjen" in side
    assert (
        "Prøv igjen"
        not in klient(bydel.saksbehandler)
        .get(reverse("dokument:dokument-detalj", args=[objekt.dokumentbeskrivelse.system_id]))
        .content.decode()
    )

    proev = reverse("dokument:filbehandling-proev-igjen", args=[objekt.filbehandling.pk])
    assert klient(bydel.saksbehandler).post(proev).status_code == 403
    assert klient(bydel.arkivar).post(proev).status_code == 302
    assert (
        Filbehandling.objects.get(pk=objekt.filbehandling.pk).status == Filbehandling.Status.VENTER
    )
    # Another district's archivist does not even see it.
    annen = lag_bydel("Bjerke")
    assert klient(annen.arkivar).post(proev).status_code == 404
    assert (
        "data.bin"
        not in klient(annen.arkivar).get(reverse("dokument:filbehandling-liste")).content.decode()
    )


def test_ny_versjon_fra_dokumentsiden(bydel: Bydel, journalpost: Any) -> None:
    last_opp(bydel.saksbehandler, journalpost, "notat.txt", b"Versjon 1\n", "Notat")
    dokument = Dokumentbeskrivelse.objects.get(tilknytninger__registrering=journalpost)
    side = reverse("dokument:dokument-detalj", args=[dokument.system_id])
    assert "Last opp ny versjon" in klient(bydel.saksbehandler).get(side).content.decode()

    svar = klient(bydel.saksbehandler).post(
        reverse("dokument:ny-versjon", args=[dokument.system_id]),
        {"fil": SimpleUploadedFile("notat-v2.txt", b"Versjon 2\n", content_type="text/plain")},
        follow=True,
    )

    assert "Versjon 2 er lagret" in svar.content.decode()
    ny = dokument.dokumentobjekter.get(versjonsnummer=2)
    assert (ny.filnavn, ny.variantformat) == ("notat-v2.txt", "P")
    assert ny.filbehandling.status == Filbehandling.Status.VENTER
    # Another district cannot reach the document at all.
    annen = lag_bydel("Bjerke")
    forsoek = klient(annen.saksbehandler).post(
        reverse("dokument:ny-versjon", args=[dokument.system_id]),
        {"fil": SimpleUploadedFile("x.txt", b"x")},
    )
    assert forsoek.status_code == 404
    assert dokument.dokumentobjekter.count() == 2
