"""Format identification by content (dokument.formater) and the Formatavvik flag."""

from __future__ import annotations

import io
import random
import struct
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from arkivstruktur.models import Dokumentbeskrivelse
from arkivstruktur.services.dokumentbeskrivelse import dokumentbeskrivelse_opprett
from arkivstruktur.tests.factories_registrering import Arkivoppsett, lag_arkivoppsett
from dokument.formater import (
    Formatidentifikasjon,
    formatavvik_liste,
    identiser,
    sikre_formatkode,
)
from dokument.models import Formatavvik
from dokument.services import dokumentobjekt_opprett
from felles.pdf import lag_pdf
from kodeliste.models import Kodeverdi
from kodeliste.services import kodenavn

# Each test stores its files in a folder of its own (src/conftest.py).
pytestmark = pytest.mark.usefixtures("dokumentlager")

# Files made here, by hand


def png() -> bytes:
    def chunk(type_: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(type_ + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + type_ + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1×1, 8 bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zip_:
        zip_.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        zip_.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
            '" Target="word/document.xml"/></Relationships>',
        )
        zip_.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hei'
            "</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def pdf() -> bytes:
    return lag_pdf("Vedtak", ["Søknaden er innvilget."])


TEKST = "Søknad om barnehageplass\nBlåbærveien 3, 0580 Oslo\n".encode()
TILFELDIG = random.Random(20261121).randbytes(4096)  # noqa: S311 - fixed test data


# identiser


@pytest.mark.parametrize(
    ("innhold", "puid", "mime_type"),
    [
        pytest.param(pdf(), "fmt/477", "application/pdf", id="pdf"),
        pytest.param(png(), "fmt/11", "image/png", id="png"),
        pytest.param(
            docx(),
            "fmt/412",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            id="docx",
        ),
        pytest.param(TEKST, "av/0", "text/plain", id="tekst"),
        pytest.param(TILFELDIG, "av/0", "application/octet-stream", id="tilfeldig"),
    ],
)
def test_format_gjenkjennes_paa_innholdet(innhold: bytes, puid: str, mime_type: str) -> None:
    resultat = identiser(io.BytesIO(innhold))

    assert (resultat.puid, resultat.mime_type) == (puid, mime_type)
    assert resultat.er_kjent is (puid != "av/0")


def test_docx_gjenkjennes_med_beholdersignatur() -> None:
    resultat = identiser(io.BytesIO(docx()))

    assert resultat.kilde == "fido-beholder"
    assert "Word" in resultat.formatnavn


@pytest.mark.parametrize("navn", ["brev.pdf", "brev.docx", "brev.txt", "brev"])
def test_filnavnet_paavirker_ikke_gjenkjenningen(tmp_path: Path, navn: str) -> None:
    sti = tmp_path / navn
    sti.write_bytes(png())
    ukjent = tmp_path / f"ukjent-{navn}"
    ukjent.write_bytes(TILFELDIG)

    assert identiser(sti).puid == "fmt/11"
    assert identiser(str(ukjent)).puid == "av/0"


def test_fil_som_ikke_kan_soeke_gjenkjennes() -> None:
    class Stroem(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._kilde = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            data = self._kilde.read(len(buffer))
            buffer[: len(data)] = data
            return len(data)

    assert identiser(Stroem(pdf())).puid == "fmt/477"  # type: ignore[arg-type]


def test_identifisering_av_liten_fil_er_rask() -> None:
    identiser(io.BytesIO(pdf()))  # fido's signatures are loaded once per process
    filer = [pdf(), png(), docx(), TEKST, TILFELDIG] * 4

    start = time.perf_counter()
    for innhold in filer:
        identiser(io.BytesIO(innhold))
    per_fil = (time.perf_counter() - start) / len(filer)

    assert per_fil < 0.1


# The format code list


@pytest.mark.django_db
def test_ukjent_puid_legges_i_formatlisten() -> None:
    assert not Kodeverdi.objects.filter(kodeliste__navn="format", kode="fmt/11").exists()

    sikre_formatkode(identiser(io.BytesIO(png())))
    sikre_formatkode(identiser(io.BytesIO(png())))  # twice: still one value

    verdi = Kodeverdi.objects.get(kodeliste__navn="format", kode="fmt/11")
    assert verdi.kodenavn == "Portable Network Graphics 1.0"
    assert verdi.er_standard is False
    assert kodenavn("format", "fmt/11") == "Portable Network Graphics 1.0"


@pytest.mark.django_db
def test_kjent_puid_og_av0_endrer_ikke_formatlisten() -> None:
    foer = Kodeverdi.objects.filter(kodeliste__navn="format").count()

    sikre_formatkode(identiser(io.BytesIO(pdf())))
    sikre_formatkode(identiser(io.BytesIO(TILFELDIG)))

    assert Kodeverdi.objects.filter(kodeliste__navn="format").count() == foer


@pytest.mark.django_db
def test_likt_formatnavn_faar_puid_i_kodenavnet() -> None:
    sikre_formatkode(Formatidentifikasjon("fmt/99999", "PNG", "image/png", "fido"))

    assert kodenavn("format", "fmt/99999") == "PNG (fmt/99999)"


# dokumentobjekt_opprett


def last_opp(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse, innhold: bytes, **kwargs: Any
) -> Any:
    return dokumentobjekt_opprett(
        dokumentbeskrivelse=dokument, innhold=innhold, utfoert_av=oppsett.saksbehandler, **kwargs
    )


def test_png_kalt_pdf_faar_png_format_og_avvik(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    objekt = last_opp(
        oppsett,
        dokument,
        png(),
        filnavn="brev.pdf",
        format="fmt/477",
        mime_type="application/pdf",
    )

    objekt.refresh_from_db()
    assert (objekt.format, objekt.mime_type, objekt.filnavn) == ("fmt/11", "image/png", "brev.pdf")
    assert objekt.format_kodenavn == "Portable Network Graphics 1.0"
    avvik = Formatavvik.objects.get()
    assert avvik.dokumentobjekt == objekt
    assert (avvik.deklarert_format, avvik.deklarert_mime_type) == ("fmt/477", "application/pdf")
    assert (avvik.identifisert_format, avvik.identifisert_mime_type) == ("fmt/11", "image/png")
    assert avvik.behandlet is False


def test_riktig_deklarert_fil_gir_ikke_avvik(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    objekt = last_opp(
        oppsett,
        dokument,
        pdf(),
        filnavn="vedtak.pdf",
        format="fmt/477",
        mime_type="application/pdf; charset=binary",
    )

    assert (objekt.format, objekt.mime_type) == ("fmt/477", "application/pdf")
    assert Formatavvik.objects.exists() is False


def test_udeklarert_fil_faar_format_uten_avvik(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    objekt = last_opp(oppsett, dokument, docx(), filnavn="brev.pdf")

    assert (objekt.format, objekt.mime_type) == (
        "fmt/412",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert Formatavvik.objects.exists() is False


def test_bare_feil_mime_type_gir_avvik(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    objekt = last_opp(oppsett, dokument, pdf(), filnavn="vedtak.pdf", mime_type="image/png")

    assert (objekt.format, objekt.mime_type) == ("fmt/477", "application/pdf")
    avvik = Formatavvik.objects.get()
    assert (avvik.deklarert_format, avvik.deklarert_mime_type) == ("", "image/png")


def test_ukjent_innhold_beholder_deklarert_format_men_gir_avvik(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    # CSV and other text formats have no PRONOM signature: the declared code is kept.
    objekt = last_opp(
        oppsett, dokument, b"navn;alder\nKari;40\n", filnavn="liste.csv", format="x-fmt/18"
    )

    assert (objekt.format, objekt.mime_type) == ("x-fmt/18", "text/plain")
    avvik = Formatavvik.objects.get()
    assert (avvik.deklarert_format, avvik.identifisert_format) == ("x-fmt/18", "av/0")


def test_tilfeldige_bytes_blir_av0(oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse) -> None:
    objekt = last_opp(oppsett, dokument, TILFELDIG, filnavn="vedtak.pdf")

    assert (objekt.format, objekt.mime_type) == ("av/0", "application/octet-stream")
    assert Formatavvik.objects.exists() is False


def test_formatavvik_vises_bare_for_arkivar(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    last_opp(oppsett, dokument, png(), filnavn="brev.pdf", format="fmt/477")
    annen = lag_arkivoppsett("Bjerke")
    annet_dokument = dokumentbeskrivelse_opprett(
        registrering=annen.ny_registrering(), tittel="Brev", utfoert_av=annen.saksbehandler
    )
    dokumentobjekt_opprett(
        dokumentbeskrivelse=annet_dokument,
        innhold=pdf(),
        filnavn="brev.pdf",
        format="fmt/412",
        utfoert_av=annen.saksbehandler,
    )

    synlige = list(formatavvik_liste(bruker=oppsett.arkivar))

    assert [a.dokumentobjekt.dokumentbeskrivelse_id for a in synlige] == [dokument.pk]
    assert list(formatavvik_liste(bruker=oppsett.saksbehandler)) == []
    assert list(formatavvik_liste(bruker=oppsett.uten_rolle)) == []
    assert Formatavvik.objects.count() == 2
