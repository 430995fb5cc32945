"""Files over HTTP (rest-api.md §6, client-compat.md §13): upload in one request (the document,
its dokumentobjekt and the content together, or to a dokumentobjekt made first), chunked
upload, download of the exact bytes, verification, limits and access."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django_tasks import default_task_backend
from rest_framework.test import APIClient

from arkivstruktur.models import Dokumentbeskrivelse, Dokumentobjekt
from arkivstruktur.services.arv import skjerming_sett
from dokument.models import Filbehandling
from organisasjon.models import Rolle
from organisasjon.tests.factories import bruker_med_rolle
from sporing.models import Endringslogg
from tilgang.services import tilgangskode_gi

from .test_dokument import (
    BASE,
    REL,
    Oppsett,
    klient,
    lag_oppsett,
    lenke,
    nytt_dokument,
    nytt_dokumentobjekt,
)

pytestmark = pytest.mark.django_db

ALLE_BYTE = bytes(range(256)) * 3
KIB = 1024


@pytest.fixture(autouse=True)
def datamappe(settings: Any, tmp_path: Path) -> Path:
    """Chunked uploads wait in the data folder: the test's own."""
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def alna() -> Oppsett:
    return lag_oppsett("Alna")


def last_opp_dokument(oppsett: Oppsett, innhold: bytes, mime_type: str, **parametre: str) -> Any:
    """The document, its dokumentobjekt and the content in one request."""
    journalpost = oppsett.api.get(oppsett.journalpost_href).json()
    href = lenke(journalpost, "arkivstruktur/ny-dokumentbeskrivelse/")
    sporring = "&".join(f"{navn}={verdi}" for navn, verdi in parametre.items())
    return oppsett.api.post(f"{href}?{sporring}", innhold, content_type=mime_type)


def eneste_objekt(oppsett: Oppsett, dokument: dict[str, Any]) -> dict[str, Any]:
    liste = oppsett.api.get(lenke(dokument, "arkivstruktur/dokumentobjekt/")).json()
    assert liste["count"] == 1
    return dict(liste["results"][0])


def last_ned(api: APIClient, objekt: dict[str, Any], **hoder: str) -> Any:
    return api.get(lenke(objekt, "arkivstruktur/fil/"), **hoder)


def innhold_av(svar: Any) -> bytes:
    return b"".join(svar.streaming_content)


# --- one request -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("innhold", "mime_type"),
    [
        ("Søknad om barnehageplass for Åse\n".encode(), "text/plain; charset=utf-8"),
        (ALLE_BYTE, "application/octet-stream"),
    ],
)
def test_dokument_med_fil_i_en_forespoersel_og_nedlasting_gir_de_samme_bytene(
    alna: Oppsett, innhold: bytes, mime_type: str
) -> None:
    svar = last_opp_dokument(
        alna, innhold, mime_type, tittel="S%C3%B8knad", filnavn="s%C3%B8knad.txt"
    )

    assert svar.status_code == 201, svar.json()
    dokument = svar.json()
    assert svar["Location"] == dokument["_links"]["self"]["href"]
    assert dokument["tittel"] == "Søknad"
    assert dokument["dokumentnummer"] == 1
    objekt = eneste_objekt(alna, dokument)
    assert objekt["sjekksum"] == hashlib.sha256(innhold).hexdigest()
    assert objekt["sjekksumAlgoritme"] == "SHA-256"
    assert objekt["filstoerrelse"] == len(innhold)
    assert objekt["mimeType"] == mime_type
    assert objekt["filnavn"] == "søknad.txt"
    assert objekt["variantformat"]["kode"] == "P"
    assert objekt["format"]["kode"] == "av/0"
    nedlastet = last_ned(alna.api, objekt)
    assert nedlastet.status_code == 200
    assert nedlastet["Content-Type"] == mime_type
    assert innhold_av(nedlastet) == innhold


def test_behandlingsjobben_legges_i_koeen(alna: Oppsett) -> None:
    foer = len(default_task_backend.results)  # type: ignore[attr-defined]

    svar = last_opp_dokument(alna, b"Hei\n", "text/plain", tittel="Hei")

    objekt = Dokumentobjekt.objects.get(system_id=eneste_objekt(alna, svar.json())["systemID"])
    jobber = default_task_backend.results[foer:]  # type: ignore[attr-defined]
    assert [jobb.args for jobb in jobber] == [[objekt.filbehandling.pk]]
    assert objekt.filbehandling.status == Filbehandling.Status.VENTER


def test_tittel_kan_tas_fra_filnavnet_i_content_disposition(alna: Oppsett) -> None:
    journalpost = alna.api.get(alna.journalpost_href).json()

    svar = alna.api.post(
        lenke(journalpost, "arkivstruktur/ny-dokumentbeskrivelse/"),
        b"%PDF-1.4\n",
        content_type="application/pdf",
        HTTP_CONTENT_DISPOSITION="attachment; filename*=UTF-8''vedtak%20%C3%A5.pdf",
    )

    assert svar.status_code == 201, svar.json()
    assert svar.json()["tittel"] == "vedtak å.pdf"
    assert eneste_objekt(alna, svar.json())["filnavn"] == "vedtak å.pdf"


def test_uten_tittel_og_filnavn_og_multipart_avvises(alna: Oppsett) -> None:
    uten_navn = last_opp_dokument(alna, b"x", "text/plain")
    multipart = last_opp_dokument(
        alna, b"--g\r\n\r\nx\r\n--g--\r\n", "multipart/form-data; boundary=g", tittel="x"
    )

    assert uten_navn.status_code == 400
    assert "tittel" in uten_navn.json()["feil"]["beskrivelse"]
    assert multipart.status_code == 415
    assert not Dokumentbeskrivelse.objects.exists()


# --- to a dokumentobjekt made first ------------------------------------------------------------


@pytest.mark.parametrize("mime_type", ["application/xml", "text/xml"])
def test_mimetype_lagres_slik_den_ble_sendt(alna: Oppsett, mime_type: str) -> None:
    innhold = b'<?xml version="1.0" encoding="UTF-8"?>\n<brev><til>Kari</til></brev>\n'
    objekt = nytt_dokumentobjekt(alna, nytt_dokument(alna)).json()

    svar = alna.api.post(lenke(objekt, "arkivstruktur/fil/"), innhold, content_type=mime_type)

    data = svar.json()
    assert svar.status_code == 201, data
    assert svar["Location"] == objekt["_links"]["self"]["href"]
    assert data["mimeType"] == mime_type
    assert data["format"]["kode"] == "fmt/101"
    assert data["filnavn"].endswith(".xml")
    nedlastet = last_ned(alna.api, data)
    assert nedlastet["Content-Type"] == mime_type
    assert innhold_av(nedlastet) == innhold


def test_oppgitte_verdier_kontrolleres_og_avvik_gir_400(alna: Oppsett) -> None:
    dokument = nytt_dokument(alna)
    feil_sum = nytt_dokumentobjekt(alna, dokument, sjekksum="B" * 64).json()
    feil_stoerrelse = nytt_dokumentobjekt(alna, dokument, filstoerrelse=3).json()
    feil_type = nytt_dokumentobjekt(alna, dokument, mimeType="application/pdf").json()
    innhold = b"Innhold\n"
    foer = len(default_task_backend.results)  # type: ignore[attr-defined]

    svar = {
        felt: alna.api.post(lenke(objekt, "arkivstruktur/fil/"), innhold, content_type="text/plain")
        for felt, objekt in (
            ("sjekksum", feil_sum),
            ("filstoerrelse", feil_stoerrelse),
            ("mimeType", feil_type),
        )
    }

    for felt, enkelt in svar.items():
        assert enkelt.status_code == 400, (felt, enkelt.json())
        assert felt in enkelt.json()["detail"], enkelt.json()
    assert not Dokumentobjekt.objects.filter(har_fil=True).exists()
    assert Dokumentobjekt.objects.get(system_id=feil_sum["systemID"]).sjekksum == "b" * 64
    assert len(default_task_backend.results) == foer  # type: ignore[attr-defined]


def test_riktige_oppgitte_verdier_godtas(alna: Oppsett) -> None:
    innhold = b"Riktig\n"
    objekt = nytt_dokumentobjekt(
        alna,
        nytt_dokument(alna),
        sjekksum=hashlib.sha256(innhold).hexdigest().upper(),
        filstoerrelse=len(innhold),
        filnavn="riktig.txt",
        mimeType="text/plain",
    ).json()

    svar = alna.api.post(
        lenke(objekt, "arkivstruktur/fil/"), innhold, content_type="text/plain; charset=utf-8"
    )

    assert svar.status_code == 201, svar.json()
    assert svar.json()["sjekksum"] == hashlib.sha256(innhold).hexdigest()
    assert svar.json()["mimeType"] == "text/plain"
    assert svar.json()["filnavn"] == "riktig.txt"


def test_andre_opplasting_avvises(alna: Oppsett) -> None:
    objekt = nytt_dokumentobjekt(alna, nytt_dokument(alna)).json()
    fil = lenke(objekt, "arkivstruktur/fil/")

    foerste = alna.api.post(fil, b"Versjon 1\n", content_type="text/plain")
    andre = alna.api.post(fil, b"Versjon 2\n", content_type="text/plain")

    assert foerste.status_code == 201
    assert andre.status_code == 400
    assert "overskrives" in andre.json()["feil"]["beskrivelse"]
    assert innhold_av(last_ned(alna.api, objekt)) == b"Versjon 1\n"


def test_fil_paa_dokumentbeskrivelsen_gir_ny_versjon(alna: Oppsett) -> None:
    dokument = last_opp_dokument(alna, b"Versjon 1\n", "text/plain", tittel="Notat").json()

    svar = alna.api.post(
        lenke(dokument, "arkivstruktur/fil/"), b"Versjon 2\n", content_type="text/plain"
    )

    data = svar.json()
    assert svar.status_code == 201, data
    assert (data["versjonsnummer"], data["variantformat"]["kode"]) == (2, "P")
    assert lenke(data, "arkivstruktur/dokumentbeskrivelse/") == dokument["_links"]["self"]["href"]
    assert innhold_av(last_ned(alna.api, data)) == b"Versjon 2\n"


# --- download ----------------------------------------------------------------------------------


def test_accept_som_utelukker_typen_gir_406(alna: Oppsett) -> None:
    objekt = eneste_objekt(
        alna, last_opp_dokument(alna, b"%PDF-1.4\n", "application/pdf", tittel="x").json()
    )

    assert last_ned(alna.api, objekt, HTTP_ACCEPT="*/*").status_code == 200
    assert last_ned(alna.api, objekt, HTTP_ACCEPT="application/*").status_code == 200
    assert last_ned(alna.api, objekt, HTTP_ACCEPT="application/pdf").status_code == 200
    avvist = last_ned(alna.api, objekt, HTTP_ACCEPT="application/vnd.noark5+json")
    assert avvist.status_code == 406
    assert avvist.json()["feil"]["kode"] == 406


def test_dokumentobjekt_uten_fil_gir_404_ved_nedlasting(alna: Oppsett) -> None:
    objekt = nytt_dokumentobjekt(alna, nytt_dokument(alna)).json()

    assert last_ned(alna.api, objekt).status_code == 404


def test_annen_bydels_fil_gir_404(alna: Oppsett) -> None:
    objekt = eneste_objekt(
        alna, last_opp_dokument(alna, b"Hemmelig\n", "text/plain", tittel="x").json()
    )
    tomt = nytt_dokumentobjekt(alna, nytt_dokument(alna)).json()
    bjerke = lag_oppsett("Bjerke")

    nedlasting = last_ned(bjerke.api, objekt)
    opplasting = bjerke.api.post(lenke(tomt, "arkivstruktur/fil/"), b"x", content_type="text/plain")

    assert nedlasting.status_code == 404
    assert b"Hemmelig" not in nedlasting.content
    assert opplasting.status_code == 404
    assert Dokumentobjekt.objects.filter(har_fil=True).count() == 1


def test_skjermet_dokument_krever_tilgangskode_og_nedlastingen_logges(alna: Oppsett) -> None:
    dokument = last_opp_dokument(alna, b"Legeerklaering\n", "text/plain", tittel="Legeerkl").json()
    objekt = eneste_objekt(alna, dokument)
    skjerming_sett(
        enhet=Dokumentbeskrivelse.objects.get(system_id=dokument["systemID"]),
        tilgangsrestriksjon="13",
        skjerming_metadata=["TD"],
        utfoert_av=alna.bydel.arkivar,
    )
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.bydel.enhet, username="kollega")

    uten_kode = last_ned(klient(kollega), objekt)
    tilgangskode_gi(
        bruker=kollega,
        tilgangskode="13",
        administrativ_enhet=alna.bydel.enhet,
        utfoert_av=alna.bydel.arkivar,
    )
    med_kode = last_ned(klient(kollega), objekt)

    assert uten_kode.status_code == 404
    assert med_kode.status_code == 200
    assert innhold_av(med_kode) == b"Legeerklaering\n"
    lesing = Endringslogg.objects.get(hendelsetype="R", referanse_arkivenhet=objekt["systemID"])
    assert lesing.endret_av == kollega.visningsnavn
    assert "Lastet ned med tilgangskode 13" in lesing.beskrivelse


# --- limits and failures -----------------------------------------------------------------------


@override_settings(ARKIVAR_MAKS_FILSTOERRELSE=1000)
def test_for_stor_enkeltopplasting_gir_403(alna: Oppsett) -> None:
    objekt = nytt_dokumentobjekt(alna, nytt_dokument(alna)).json()
    system = alna.api.get(f"{BASE}admin/system/").json()

    svar = alna.api.post(
        lenke(objekt, "arkivstruktur/fil/"), b"x" * 1001, content_type="text/plain"
    )
    akkurat = alna.api.post(
        lenke(objekt, "arkivstruktur/fil/"), b"x" * 1000, content_type="text/plain"
    )

    assert system["bulkgrense"] == 1000
    assert svar.status_code == 403
    assert "bulkgrensen" in svar.json()["feil"]["beskrivelse"]
    assert akkurat.status_code == 201


def test_lagringsfeil_gir_422(alna: Oppsett, monkeypatch: pytest.MonkeyPatch) -> None:
    def disken_er_full(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("noark_api.views.fil.lagre_innhold", disken_er_full)

    svar = last_opp_dokument(alna, b"x\n", "text/plain", tittel="x")

    assert svar.status_code == 422
    assert svar.json()["feil"]["kode"] == 422
    assert not Dokumentbeskrivelse.objects.exists()


# --- chunked ----------------------------------------------------------------------------------


def start_bolk(api: APIClient, fil: str, mime_type: str, stoerrelse: int) -> Any:
    return api.post(
        fil,
        b"",
        content_type=mime_type,
        HTTP_X_UPLOAD_CONTENT_TYPE=mime_type,
        HTTP_X_UPLOAD_CONTENT_LENGTH=str(stoerrelse),
    )


def send_bit(api: APIClient, sted: str, bit: bytes, omraade: str, mime_type: str) -> Any:
    return api.put(sted, bit, content_type=mime_type, HTTP_CONTENT_RANGE=omraade)


def test_bolkopplasting_av_2_mb_i_biter_paa_512_kib(alna: Oppsett, datamappe: Path) -> None:
    innhold = bytes((n * 7919) % 256 for n in range(2_000_000))
    objekt = nytt_dokumentobjekt(alna, nytt_dokument(alna)).json()
    aapnet = start_bolk(alna.api, lenke(objekt, "arkivstruktur/fil/"), "image/tiff", len(innhold))
    assert aapnet.status_code == 200, aapnet.json()
    sted = aapnet["Location"]

    omraader = []
    svar = aapnet
    for nummer, start in enumerate(range(0, len(innhold), 512 * KIB)):
        slutt = min(start + 512 * KIB, len(innhold)) - 1
        omraade = f"{start}-{slutt}/{len(innhold)}"
        omraader.append(omraade)
        prefiks = "bytes " if nummer % 2 else ""
        svar = send_bit(alna.api, sted, innhold[start : slutt + 1], prefiks + omraade, "image/tiff")
        if slutt < len(innhold) - 1:
            assert svar.status_code == 200, svar.json()
            assert svar["Range"] == f"0-{slutt}"
            sted = svar["Location"]

    assert omraader == [
        "0-524287/2000000",
        "524288-1048575/2000000",
        "1048576-1572863/2000000",
        "1572864-1999999/2000000",
    ]
    assert svar.status_code == 201, svar.json()
    data = svar.json()
    assert data["systemID"] == objekt["systemID"]
    assert data["filstoerrelse"] == 2_000_000
    assert data["sjekksum"] == hashlib.sha256(innhold).hexdigest()
    assert data["mimeType"] == "image/tiff"
    assert innhold_av(last_ned(alna.api, data)) == innhold
    assert list((datamappe / "opplastinger").iterdir()) == []


def test_bit_utenfor_rekkefoelgen_gir_400_og_ingenting_lagres(alna: Oppsett) -> None:
    innhold = b"0123456789" * 100
    objekt = nytt_dokumentobjekt(alna, nytt_dokument(alna)).json()
    sted = start_bolk(alna.api, lenke(objekt, "arkivstruktur/fil/"), "text/plain", 1000)["Location"]

    foerste = send_bit(alna.api, sted, innhold[:400], "0-399/1000", "text/plain")
    hopper = send_bit(alna.api, sted, innhold[600:], "600-999/1000", "text/plain")
    for_lang = send_bit(alna.api, sted, innhold[400:], "400-1000/1000", "text/plain")
    feil_total = send_bit(alna.api, sted, innhold[400:], "400-999/2000", "text/plain")
    status = alna.api.put(sted, b"", content_type="text/plain", HTTP_CONTENT_RANGE="*/1000")

    assert foerste.status_code == 200
    for svar in (hopper, for_lang, feil_total):
        assert svar.status_code == 400, svar.json()
        assert svar.json()["feil"]["kode"] == 400
    assert "400" in hopper.json()["feil"]["beskrivelse"]
    assert (status.status_code, status["Range"]) == (200, "0-399")
    assert not Dokumentobjekt.objects.filter(har_fil=True).exists()
    # The session is intact: the right chunk completes the file.
    resten = send_bit(alna.api, sted, innhold[400:], "400-999/1000", "text/plain")
    assert resten.status_code == 201, resten.json()
    assert innhold_av(last_ned(alna.api, resten.json())) == innhold


def test_bolkopplasting_av_et_nytt_dokument(alna: Oppsett) -> None:
    journalpost = alna.api.get(alna.journalpost_href).json()
    href = lenke(journalpost, "arkivstruktur/ny-dokumentbeskrivelse/")

    aapnet = start_bolk(alna.api, f"{href}?tittel=Kart", "image/png", 10)
    ferdig = send_bit(alna.api, aapnet["Location"], b"0123456789", "0-9/10", "image/png")

    assert aapnet.status_code == 200
    assert ferdig.status_code == 201, ferdig.json()
    assert ferdig.json()["tittel"] == "Kart"
    assert REL + "arkivstruktur/dokumentobjekt/" in ferdig.json()["_links"]
    objekt = eneste_objekt(alna, ferdig.json())
    assert innhold_av(last_ned(alna.api, objekt)) == b"0123456789"


def test_andres_bolkoekt_finnes_ikke(alna: Oppsett) -> None:
    objekt = nytt_dokumentobjekt(alna, nytt_dokument(alna)).json()
    sted = start_bolk(alna.api, lenke(objekt, "arkivstruktur/fil/"), "text/plain", 3)["Location"]
    kollega = klient(bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.bydel.enhet, username="kollega"))

    svar = send_bit(kollega, sted, b"abc", "0-2/3", "text/plain")
    ukjent = send_bit(alna.api, f"{BASE}arkivstruktur/opplasting/{'0' * 32}/", b"a", "0-0/1", "x/y")

    assert (svar.status_code, ukjent.status_code) == (404, 404)
    assert not Dokumentobjekt.objects.filter(har_fil=True).exists()


@override_settings(ARKIVAR_MAKS_FILSTOERRELSE=1000)
def test_bolk_over_stoerste_filstoerrelse_avvises(alna: Oppsett) -> None:
    objekt = nytt_dokumentobjekt(alna, nytt_dokument(alna)).json()

    svar = start_bolk(alna.api, lenke(objekt, "arkivstruktur/fil/"), "text/plain", 1001)

    assert svar.status_code == 400
    assert "Største tillatte filstørrelse" in svar.json()["feil"]["beskrivelse"]
