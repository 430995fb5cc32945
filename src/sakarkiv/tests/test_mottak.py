"""The registration queue (issue 6 item 7): incoming post is received, registered as a
journalpost in a new or existing case and distributed, or rejected; by the records office only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from arkivstruktur.models import Dokumentobjekt, Dokumenttilknytning
from dokument.lagring import rydd_foreldreloese, verifiser
from felles.feil import DomeneFeil, IngenTilgang
from organisasjon.models import Rolle
from organisasjon.tests.factories import AdministrativEnhetFactory, bruker_med_rolle
from sakarkiv.models import Journalpost, Mottakspost, Mottaksstatus, Saksmappe
from sakarkiv.services.mottak import (
    Mottatt,
    NySak,
    mottakspost_avvis,
    mottakspost_opprett,
    mottakspost_registrer,
)
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_sak
from sporing.models import Endringslogg

# The clean-up is run here: on a storage folder of the test's own (src/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dokumentlager")]

BREV = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
VEDLEGG = b"%PDF-1.7\n% vedlegg\ntrailer<<>>\n%%EOF\n"


def _post(bydel: Bydel, **kwargs: object) -> Mottakspost:
    return mottakspost_opprett(
        virksomhet=bydel.arkiv.virksomhet,
        filer=[Mottatt("brev.pdf", BREV, "application/pdf"), Mottatt("vedlegg.pdf", VEDLEGG)],
        kanal="papir",
        avsender="Kari Nordmann",
        tittel="Søknad om parkeringstillatelse",
        utfoert_av=bydel.arkivar,
        **kwargs,  # type: ignore[arg-type]
    )


# --- services -----------------------------------------------------------------------------------


def test_mottatt_post_lagres_med_sjekksum_og_logges(bydel: Bydel) -> None:
    post = _post(bydel)

    filer = list(post.filer.all())
    assert [f.filnavn for f in filer] == ["brev.pdf", "vedlegg.pdf"]
    assert all(verifiser(f.sjekksum) for f in filer)
    assert post.status == Mottaksstatus.VENTER
    assert Endringslogg.objects.filter(referanse_arkivenhet=post.system_id).count() == 1


def test_bare_arkivet_tar_imot_og_ingen_fil_avvises(bydel: Bydel, annen_bydel: Bydel) -> None:
    for bruker in (bydel.saksbehandler, bydel.leder, annen_bydel.arkivar):
        with pytest.raises(IngenTilgang):
            mottakspost_opprett(
                virksomhet=bydel.arkiv.virksomhet,
                filer=[Mottatt("brev.pdf", BREV)],
                kanal="papir",
                utfoert_av=bruker,
            )
    with pytest.raises(DomeneFeil, match="minst én fil"):
        mottakspost_opprett(
            virksomhet=bydel.arkiv.virksomhet, filer=[], kanal="papir", utfoert_av=bydel.arkivar
        )
    with pytest.raises(DomeneFeil, match="hvordan posten kom inn"):
        mottakspost_opprett(
            virksomhet=bydel.arkiv.virksomhet,
            filer=[Mottatt("brev.pdf", BREV)],
            kanal="due",
            utfoert_av=bydel.arkivar,
        )
    assert not Mottakspost.objects.exists()


def test_registrert_i_ny_sak_og_fordelt_til_enhetens_leder(bydel: Bydel) -> None:
    post = _post(bydel)

    journalpost = mottakspost_registrer(
        mottakspost=post,
        tittel="Søknad om parkeringstillatelse",
        avsender="Kari Nordmann",
        ny_sak=NySak(arkivdel=bydel.arkivdel, klasse=bydel.klasse, tittel="Parkeringstillatelse"),
        enhet=bydel.enhet,
        dokumentets_dato=dt.date(2026, 11, 2),
        utfoert_av=bydel.arkivar,
    )

    sak = Saksmappe.objects.get(pk=journalpost.mappe_id)
    assert sak.tittel == "Parkeringstillatelse"
    assert sak.referanse_administrativ_enhet == bydel.enhet
    assert sak.referanse_saksansvarlig == bydel.leder  # the unit's leader distributes it on
    assert (journalpost.journalposttype, journalpost.journalstatus) == ("I", "M")
    assert journalpost.referanse_saksbehandler == bydel.leder
    assert journalpost.mottatt_dato == post.mottatt_dato
    assert [p.korrespondansepart_navn for p in journalpost.korrespondanseparter.all()] == [
        "Kari Nordmann"
    ]
    filer = Dokumentobjekt.objects.filter(dokumentbeskrivelse__registreringer=journalpost)
    assert {(f.filnavn, f.sjekksum) for f in filer} == {
        (f.filnavn, f.sjekksum) for f in post.filer.all()
    }
    roller = Dokumenttilknytning.objects.filter(registrering=journalpost).values_list(
        "dokumentbeskrivelse__tittel", "tilknyttet_registrering_som"
    )
    assert dict(roller) == {"brev": "H", "vedlegg": "V"}
    post.refresh_from_db()
    assert (post.status, post.journalpost_id) == (Mottaksstatus.REGISTRERT, journalpost.pk)


def test_registrert_i_eksisterende_sak_til_valgt_saksbehandler(bydel: Bydel) -> None:
    sak = ny_sak(bydel, utfoert_av=bydel.saksbehandler)
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, bydel.enhet, username="kollega.alna")

    journalpost = mottakspost_registrer(
        mottakspost=_post(bydel),
        tittel="Ettersendt dokumentasjon",
        avsender="Kari Nordmann",
        saksmappe=sak,
        saksbehandler=kollega,
        utfoert_av=bydel.arkivar,
    )

    assert journalpost.mappe_id == sak.pk
    assert journalpost.referanse_saksbehandler == kollega


def test_feil_ved_registrering_etterlater_posten_ventende(bydel: Bydel, annen_bydel: Bydel) -> None:
    post = _post(bydel)
    uten_leder = AdministrativEnhetFactory(virksomhet=bydel.arkiv.virksomhet)
    forsoek = [
        ({"saksmappe": ny_sak(annen_bydel), "saksbehandler": bydel.saksbehandler}, "annen bydel"),
        (
            {"ny_sak": NySak(bydel.arkivdel, bydel.klasse, "Sak"), "enhet": uten_leder},
            "ingen leder",
        ),
        ({"ny_sak": NySak(bydel.arkivdel, bydel.klasse, "Sak")}, "enhet eller en saksbehandler"),
        (
            {
                "ny_sak": NySak(bydel.arkivdel, bydel.klasse, "Sak"),
                "saksbehandler": annen_bydel.saksbehandler,
            },
            "ikke saksbehandler eller leder i bydelen",
        ),
        ({"ny_sak": NySak(bydel.arkivdel, bydel.klasse, ""), "enhet": bydel.enhet}, "Tittel"),
    ]
    for kwargs, melding in forsoek:
        with pytest.raises(DomeneFeil, match=melding):
            mottakspost_registrer(
                mottakspost=post,
                tittel="Søknad",
                avsender="Kari Nordmann",
                utfoert_av=bydel.arkivar,
                **kwargs,  # type: ignore[arg-type]
            )
    post.refresh_from_db()
    assert post.status == Mottaksstatus.VENTER
    assert not Journalpost.objects.filter(tittel="Søknad").exists()
    assert Saksmappe.objects.filter(arkiv=bydel.arkiv).count() == 0


def test_registrert_post_kan_ikke_registreres_igjen(bydel: Bydel) -> None:
    post = _post(bydel)
    kwargs = {
        "mottakspost": post,
        "tittel": "Søknad",
        "avsender": "Kari Nordmann",
        "ny_sak": NySak(bydel.arkivdel, bydel.klasse, "Sak"),
        "enhet": bydel.enhet,
        "utfoert_av": bydel.arkivar,
    }
    mottakspost_registrer(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(DomeneFeil, match="allerede registrert"):
        mottakspost_registrer(**kwargs)  # type: ignore[arg-type]
    assert Journalpost.objects.filter(tittel="Søknad").count() == 1


def test_avvist_post_slipper_filene_som_ryddes_bort(bydel: Bydel) -> None:
    post = _post(bydel)
    sjekksummer = [f.sjekksum for f in post.filer.all()]
    assert rydd_foreldreloese(eldre_enn=dt.timedelta(0)) == []  # the queue holds them

    with pytest.raises(DomeneFeil, match="Begrunnelse"):
        mottakspost_avvis(mottakspost=post, grunn=" ", utfoert_av=bydel.arkivar)
    mottakspost_avvis(mottakspost=post, grunn="Reklame", utfoert_av=bydel.arkivar)

    post.refresh_from_db()
    assert (post.status, post.avvisningsgrunn) == (Mottaksstatus.AVVIST, "Reklame")
    assert not post.filer.exists()
    rydd_foreldreloese(eldre_enn=dt.timedelta(0))
    assert not any(verifiser(s) for s in sjekksummer)


# --- the pages -----------------------------------------------------------------------------------


def test_arkivaren_legger_post_i_koen_fra_siden(client: Client, bydel: Bydel) -> None:
    client.force_login(bydel.arkivar)

    uten_fil = client.post("/mottak/", {"bydel": "alna", "kanal": "papir", "avsender": "Ola"})
    svar = client.post(
        "/mottak/",
        {
            "bydel": "alna",
            "kanal": "papir",
            "avsender": "Ola Nordmann",
            "filer": [
                SimpleUploadedFile("brev.pdf", BREV, "application/pdf"),
                SimpleUploadedFile("vedlegg.pdf", VEDLEGG, "application/pdf"),
            ],
        },
        follow=True,
    )

    assert uten_fil.status_code == 400
    assert 'id="feil-filer"' in uten_fil.content.decode()
    assert 'value="Ola"' in uten_fil.content.decode()
    post = Mottakspost.objects.get()
    assert [p.pk for p in svar.context["poster"]] == [post.pk]
    assert "er lagt i mottakskøen" in svar.content.decode()
    fil = client.get(f"/mottak/{post.system_id}/fil/1/")
    assert fil["Content-Type"] == "application/pdf"
    assert b"".join(fil.streaming_content) == BREV  # type: ignore[attr-defined]


def test_arkivaren_registrerer_og_fordeler_fra_siden(client: Client, bydel: Bydel) -> None:
    post = _post(bydel)
    sak = ny_sak(bydel)
    client.force_login(bydel.arkivar)

    side = client.get(f"/mottak/{post.system_id}/")
    feil = client.post(
        f"/mottak/{post.system_id}/",
        {"tittel": "Ettersendt", "avsender": "Kari", "sak": "eksisterende", "saksnummer": "9/9"},
    )
    svar = client.post(
        f"/mottak/{post.system_id}/",
        {
            "tittel": "Ettersendt",
            "avsender": "Kari Nordmann",
            "sak": "eksisterende",
            "saksnummer": f"{sak.saksaar}/{sak.sakssekvensnummer}",
            "saksbehandler": str(bydel.saksbehandler.pk),
        },
        follow=True,
    )

    assert 'value="Søknad om parkeringstillatelse"' in side.content.decode()
    assert feil.status_code == 400
    assert "Fant ingen sak 9/9" in feil.content.decode()
    assert 'value="Ettersendt"' in feil.content.decode()
    journalpost = Journalpost.objects.get(mappe=sak, tittel="Ettersendt")
    innhold = svar.content.decode()
    assert f"Journalpost {journalpost.registrerings_id} er registrert og fordelt til" in innhold
    assert "Ingen post venter på registrering." in innhold
    # The case handler has it among their restanser; the records office in journal control.
    client.force_login(bydel.saksbehandler)
    assert "Ettersendt" in client.get("/").content.decode()
    client.force_login(bydel.arkivar)
    kontroll = client.get("/journalkontroll/")
    assert journalpost in [rad.objekt for rad in kontroll.context["rader"]]


def test_avvis_fra_siden(client: Client, bydel: Bydel) -> None:
    post = _post(bydel)
    client.force_login(bydel.arkivar)

    uten_grunn = client.post(f"/mottak/{post.system_id}/avvis/", {"grunn": ""}, follow=True)
    med_grunn = client.post(f"/mottak/{post.system_id}/avvis/", {"grunn": "Reklame"}, follow=True)

    assert "Begrunnelse må fylles ut." in uten_grunn.content.decode()
    assert "er avvist" in med_grunn.content.decode()
    assert client.get(f"/mottak/{post.system_id}/").status_code == 404


def test_andre_enn_arkivet_faar_403_og_annen_bydel_404(
    client: Client, bydel: Bydel, annen_bydel: Bydel
) -> None:
    post = _post(bydel)
    client.force_login(bydel.saksbehandler)
    assert client.get("/mottak/").status_code == 403
    assert client.get(f"/mottak/{post.system_id}/").status_code == 403
    assert client.get(f"/mottak/{post.system_id}/fil/1/").status_code == 403
    assert "Mottak</a>" not in client.get("/").content.decode()

    client.force_login(annen_bydel.arkivar)
    assert client.get("/mottak/").context["poster"].count() == 0  # type: ignore[union-attr]
    assert client.get(f"/mottak/{post.system_id}/").status_code == 404
    assert client.post(f"/mottak/{post.system_id}/avvis/", {"grunn": "x"}).status_code == 404
    post.refresh_from_db()
    assert post.status == Mottaksstatus.VENTER


# --- the scanner folder --------------------------------------------------------------------------


def test_skannermappen_leses_inn_en_post_per_fil_og_kan_kjoeres_igjen(
    bydel: Bydel, tmp_path: Path
) -> None:
    (tmp_path / "skann-001.pdf").write_bytes(BREV)
    (tmp_path / "skann-002.pdf").write_bytes(VEDLEGG)

    call_command("mottak", str(tmp_path), bydel="alna", som=bydel.arkivar.username)
    (tmp_path / "skann-003.pdf").write_bytes(BREV)  # scanned twice
    call_command("mottak", str(tmp_path), bydel="alna", som=bydel.arkivar.username)

    assert Mottakspost.objects.filter(kanal="skanner").count() == 2
    assert sorted(p.name for p in (tmp_path / "innlest").iterdir()) == [
        "skann-001.pdf",
        "skann-002.pdf",
        "skann-003.pdf",
    ]
    (tmp_path / "skann-004.pdf").write_bytes(b"%PDF-1.7 ny")
    with pytest.raises(CommandError, match="Bare arkivet"):
        call_command("mottak", str(tmp_path), bydel="alna", som=bydel.saksbehandler.username)
    assert (tmp_path / "skann-004.pdf").exists()  # left for the next run
