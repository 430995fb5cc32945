"""Office files to PDF/A-2b through LibreOffice (dokument.konvertering.kontor).

The sample files are made here: python-docx, openpyxl and python-pptx write the OOXML files,
ODT and RTF are written by hand, and the Word, Excel and PowerPoint 97 files for the encryption
checks are compound files (OLE2) made by `eksempelfiler.lag_ole2`. LibreOffice takes a second or
two a call, so each kind of document is converted once; the failure paths that LibreOffice never
reaches, or that a stand-in `soffice` provokes, run without it.
"""

from __future__ import annotations

import io
import os
import re
import struct
import sys
import time
import zipfile
from pathlib import Path

import docx
import msoffcrypto.format.ooxml
import pptx
import pytest

from dokument.konvertering import felles, kontor
from dokument.konvertering.felles import Konverteringsfeil
from dokument.tests import eksempelfiler
from dokument.tests.eksempelfiler import lag_ole2
from dokument.tests.hjelpere import sjekk_pdfa_2b

ORD = ["Blåbærsyltetøy", "Ærlig", "Øksnes", "Åsane"]


# Sample files


def lag_docx(sti: Path) -> None:
    dokument = docx.Document()
    dokument.add_heading("Søknad om støtte", level=1)
    dokument.add_paragraph(" ".join(ORD))
    tabell = dokument.add_table(rows=2, cols=2)
    tabell.cell(0, 0).text = "Beløp"
    tabell.cell(0, 1).text = "Kjøkkenutstyr"
    dokument.save(str(sti))


def lag_xlsx(sti: Path) -> None:
    rader: list[list[object]] = [[ord_, rad * 1000] for rad, ord_ in enumerate(ORD, start=1)]
    sti.write_bytes(eksempelfiler.xlsx(rader, ark_navn="Budsjett"))


def lag_pptx(sti: Path) -> None:
    presentasjon = pptx.Presentation()
    lysbilde = presentasjon.slides.add_slide(presentasjon.slide_layouts[1])
    lysbilde.shapes.title.text = "Årsmøte"
    lysbilde.placeholders[1].text = "\n".join(ORD)
    presentasjon.save(str(sti))


def _odt_innhold(tekst: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content office:version="1.2"'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:text><text:p>{tekst}</text:p></office:text></office:body>"
        "</office:document-content>"
    ).encode()


def lag_odt(sti: Path, *, kryptert: bool = False) -> None:
    """A minimal ODF text document; `kryptert` declares content.xml encrypted in the manifest
    (the content stays readable: only the declaration is looked at)."""
    kryptering = (
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA">'
        '<manifest:algorithm manifest:algorithm-name="Blowfish CFB"'
        ' manifest:initialisation-vector="AAAA"/>'
        "</manifest:encryption-data>"
        if kryptert
        else ""
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest manifest:version="1.2"'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2"'
        ' manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        f"{kryptering}</manifest:file-entry>"
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(sti, "w") as arkiv:
        # The media type comes first and uncompressed (ODF 1.2 part 3, §3.3).
        arkiv.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        arkiv.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        arkiv.writestr("content.xml", _odt_innhold(" ".join(ORD)), zipfile.ZIP_DEFLATED)


def lag_rtf(sti: Path) -> None:
    # RTF is 7-bit: other characters are written as \uN? (N the UTF-16 code unit, signed).
    tekst = "".join(tegn if ord(tegn) < 128 else f"\\u{ord(tegn)}?" for tegn in " ".join(ORD))
    sti.write_text(
        "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 DejaVu Sans;}}\\f0\\fs24 " + tekst + "\\par}",
        encoding="ascii",
    )


def lag_kryptert_docx(sti: Path) -> None:
    klartekst = sti.with_suffix(".klar.docx")
    lag_docx(klartekst)
    with klartekst.open("rb") as inn, sti.open("wb") as ut:
        msoffcrypto.format.ooxml.OOXMLFile(inn).encrypt("hemmelig", ut)


def lag_doc97(sti: Path, *, kryptert: bool) -> None:
    # FibBase: wIdent, nFib, unused, lid (nb-NO), pnNext, flags (fEncrypted = 0x0100).
    flagg = 0x0200 | (0x0100 if kryptert else 0)
    fib = struct.pack("<HHHHHH", 0xA5EC, 0x00C1, 0, 0x0414, 0, flagg).ljust(898, b"\0")
    sti.write_bytes(lag_ole2({"WordDocument": fib, "1Table": b"\0" * 512}))


def lag_xls97(sti: Path, *, kryptert: bool) -> None:
    bof = struct.pack("<HH", 0x0809, 16) + struct.pack("<HHHHII", 0x0600, 5, 0, 0, 0, 0)
    neste = struct.pack("<HHH", 0x002F, 2, 0) if kryptert else struct.pack("<HHH", 0x00E1, 2, 0)
    slutt = struct.pack("<HH", 0x000A, 0)
    sti.write_bytes(lag_ole2({"Workbook": bof + neste + slutt}))


def lag_ppt97(sti: Path, *, kryptert: bool) -> None:
    merke = 0xF3D1C4DF if kryptert else 0xE391C05F
    atom = struct.pack("<HHIII", 0, 0x0FF6, 20, 20, merke).ljust(28, b"\0")
    sti.write_bytes(lag_ole2({"Current User": atom, "PowerPoint Document": b"\0" * 64}))


# Conversions with LibreOffice: one per kind of document


@pytest.mark.parametrize(
    ("filtype", "lag"),
    [
        ("docx", lag_docx),
        ("xlsx", lag_xlsx),
        ("pptx", lag_pptx),
        ("odt", lag_odt),
        ("rtf", lag_rtf),
    ],
)
def test_kontorfil_blir_pdfa_2b_med_teksten(
    tmp_path: Path, arbeidsmappe: Path, filtype: str, lag: object
) -> None:
    # The stored file has no name or extension; the converter gives its copy one.
    kilde = tmp_path / "lagret-fil"
    lag_fil = tmp_path / f"kilde.{filtype}"
    lag(lag_fil)  # type: ignore[operator]
    lag_fil.rename(kilde)

    resultat = kontor.til_pdfa(kilde, arbeidsmappe, filtype=filtype.upper())

    tekst = sjekk_pdfa_2b(resultat, arbeidsmappe)
    for ord_ in ORD:
        assert ord_ in tekst
    # Only the PDF is left: the copy and the LibreOffice profile are gone.
    assert list(arbeidsmappe.iterdir()) == [resultat.fil]


def test_skadet_fil_gir_skadet(arbeidsmappe: Path, tmp_path: Path) -> None:
    kilde = tmp_path / "rot.docx"
    kilde.write_bytes(bytes(range(256)) * 40)

    with pytest.raises(Konverteringsfeil) as feil:
        kontor.til_pdfa(kilde, arbeidsmappe, filtype="docx")

    assert feil.value.kode == felles.SKADET
    assert feil.value.er_endelig is True
    assert "trolig skadet" in feil.value.melding
    assert "could not be loaded" in feil.value.detaljer
    assert list(arbeidsmappe.iterdir()) == []


def test_verktoeyet_oppgis_med_versjon() -> None:
    assert re.fullmatch(r"LibreOffice \d+(\.\d+)+", kontor.libreoffice_versjon())


# Refused before LibreOffice runs


@pytest.mark.parametrize(
    ("filtype", "lag"),
    [
        ("docx", lag_kryptert_docx),
        ("doc", lambda sti: lag_doc97(sti, kryptert=True)),
        ("xls", lambda sti: lag_xls97(sti, kryptert=True)),
        ("ppt", lambda sti: lag_ppt97(sti, kryptert=True)),
        ("odt", lambda sti: lag_odt(sti, kryptert=True)),
    ],
)
def test_passordbeskyttet_fil_gir_kryptert(
    tmp_path: Path, arbeidsmappe: Path, filtype: str, lag: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    kilde = tmp_path / f"hemmelig.{filtype}"
    lag(kilde)  # type: ignore[operator]
    monkeypatch.setenv("PATH", "")  # LibreOffice is not even looked for

    with pytest.raises(Konverteringsfeil) as feil:
        kontor.til_pdfa(kilde, arbeidsmappe, filtype=filtype)

    assert feil.value.kode == felles.KRYPTERT
    assert feil.value.er_endelig is True
    assert "beskyttet med passord" in feil.value.melding


@pytest.mark.parametrize(
    ("filtype", "lag"),
    [
        ("doc", lag_doc97),
        ("xls", lag_xls97),
        ("ppt", lag_ppt97),
        ("odt", lag_odt),
    ],
)
def test_fil_uten_passord_er_ikke_kryptert(tmp_path: Path, filtype: str, lag: object) -> None:
    kilde = tmp_path / f"aapen.{filtype}"
    lag(kilde, kryptert=False)  # type: ignore[operator]

    assert kontor.er_kryptert(kilde, filtype) is False


@pytest.mark.parametrize(
    ("innhold", "filtype", "kode", "melding"),
    [
        pytest.param(b"", "docx", felles.SKADET, "Filen er tom.", id="tom-fil"),
        pytest.param(
            b"GIF89a",
            "gif",
            felles.IKKE_STOETTET,
            "Filtypen «gif» kan ikke konverteres med LibreOffice.",
            id="ukjent-filtype",
        ),
    ],
)
def test_fil_som_avvises_foer_libreoffice(
    tmp_path: Path, arbeidsmappe: Path, innhold: bytes, filtype: str, kode: str, melding: str
) -> None:
    kilde = tmp_path / "fil"
    kilde.write_bytes(innhold)

    with pytest.raises(Konverteringsfeil) as feil:
        kontor.til_pdfa(kilde, arbeidsmappe, filtype=filtype)

    assert feil.value.kode == kode
    assert feil.value.melding == melding


def test_manglende_libreoffice_gir_verktoeyfeil(
    tmp_path: Path, arbeidsmappe: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kilde = tmp_path / "kilde.rtf"
    lag_rtf(kilde)
    monkeypatch.setenv("PATH", str(tmp_path / "tom"))

    with pytest.raises(Konverteringsfeil) as feil:
        kontor.til_pdfa(kilde, arbeidsmappe, filtype="rtf")

    assert feil.value.kode == felles.VERKTOEYFEIL
    assert "ikke installert" in feil.value.melding


# A stand-in soffice on PATH: hangs, fails, writes nothing, or writes a PDF that is not PDF/A

_FALSK_SOFFICE = """#!{python}
import os, subprocess, sys, time
from pathlib import Path

oppfoersel = os.environ["FALSK_SOFFICE"]
argumenter = sys.argv[1:]
if oppfoersel == "heng":
    # A child in the same process group, as soffice.bin is to the soffice script.
    barn = subprocess.Popen(["sleep", "120"])
    Path(os.environ["FALSK_SOFFICE_PID"]).write_text(str(barn.pid))
    time.sleep(120)
elif oppfoersel == "feil":
    print("Fatal exception: Signal 6", file=sys.stderr)
    sys.exit(134)
elif oppfoersel == "ingenting":
    print("Error: Please verify input parameters...", file=sys.stderr)
elif oppfoersel == "ikke-pdfa":
    utmappe = Path(argumenter[argumenter.index("--outdir") + 1])
    utmappe.mkdir(parents=True, exist_ok=True)
    pdf = Path(os.environ["FALSK_SOFFICE_PDF"]).read_bytes()
    (utmappe / (Path(argumenter[-1]).stem + ".pdf")).write_bytes(pdf)
"""


@pytest.fixture
def falsk_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    mappe = tmp_path / "bin"
    mappe.mkdir()
    program = mappe / "soffice"
    program.write_text(_FALSK_SOFFICE.format(python=sys.executable))
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{mappe}{os.pathsep}{os.environ.get('PATH', '')}")
    return program


def _rtf(tmp_path: Path) -> Path:
    kilde = tmp_path / "kilde.rtf"
    lag_rtf(kilde)
    return kilde


def _lever(pid: int) -> bool:
    """True while the process runs; a zombie waiting for its parent counts as gone."""
    try:
        tilstand = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return tilstand != "Z"


def test_tidsavbrudd_stopper_hele_prosessgruppen(
    tmp_path: Path,
    arbeidsmappe: Path,
    falsk_soffice: Path,
    monkeypatch: pytest.MonkeyPatch,
    settings: object,
) -> None:
    settings.ARKIVAR_KONVERTERING_TIDSAVBRUDD = 1  # type: ignore[attr-defined]
    pidfil = tmp_path / "barn.pid"
    monkeypatch.setenv("FALSK_SOFFICE", "heng")
    monkeypatch.setenv("FALSK_SOFFICE_PID", str(pidfil))
    start = time.monotonic()

    with pytest.raises(Konverteringsfeil) as feil:
        kontor.til_pdfa(_rtf(tmp_path), arbeidsmappe, filtype="rtf")

    assert feil.value.kode == felles.TIDSAVBRUDD
    assert feil.value.er_endelig is False
    assert feil.value.melding == "LibreOffice brukte mer enn 1 sekunder og ble stoppet."
    assert time.monotonic() - start < 30
    barn = int(pidfil.read_text())
    frist = time.monotonic() + 10
    while _lever(barn) and time.monotonic() < frist:
        time.sleep(0.05)
    assert _lever(barn) is False
    assert list(arbeidsmappe.iterdir()) == []


@pytest.mark.parametrize(
    ("oppfoersel", "melding", "detaljer"),
    [
        pytest.param(
            "feil",
            "LibreOffice stoppet med feilkode 134 under konverteringen.",
            "Fatal exception: Signal 6",
            id="krasjer",
        ),
        pytest.param(
            "ingenting",
            "LibreOffice laget ingen PDF-fil.",
            "Error: Please verify input parameters...",
            id="uten-resultat",
        ),
    ],
)
def test_verktoey_som_feiler_gir_verktoeyfeil_med_detaljer(
    tmp_path: Path,
    arbeidsmappe: Path,
    falsk_soffice: Path,
    monkeypatch: pytest.MonkeyPatch,
    oppfoersel: str,
    melding: str,
    detaljer: str,
) -> None:
    monkeypatch.setenv("FALSK_SOFFICE", oppfoersel)

    with pytest.raises(Konverteringsfeil) as feil:
        kontor.til_pdfa(_rtf(tmp_path), arbeidsmappe, filtype="rtf")

    assert feil.value.kode == felles.VERKTOEYFEIL
    assert feil.value.melding == melding
    assert feil.value.detaljer == detaljer


def test_resultat_som_ikke_er_pdfa_gir_ugyldig_resultat(
    tmp_path: Path, arbeidsmappe: Path, falsk_soffice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vanlig_pdf = tmp_path / "vanlig.pdf"
    vanlig_pdf.write_bytes(eksempelfiler.blank_pdf())  # no XMP identification, no output intent
    monkeypatch.setenv("FALSK_SOFFICE", "ikke-pdfa")
    monkeypatch.setenv("FALSK_SOFFICE_PDF", str(vanlig_pdf))

    with pytest.raises(Konverteringsfeil) as feil:
        kontor.til_pdfa(_rtf(tmp_path), arbeidsmappe, filtype="rtf")

    assert feil.value.kode == felles.UGYLDIG_RESULTAT
    assert feil.value.melding == "LibreOffice laget en PDF som ikke er gyldig PDF/A-2."
    assert "PDF/A" in feil.value.detaljer


def test_lag_ole2_kan_leses_av_olefile() -> None:
    import olefile

    data = lag_ole2({"Stor": b"x" * 5000, "mappe/liten": b"hei", "tom": b""})
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)

    assert sorted(ole.listdir()) == [["Stor"], ["mappe", "liten"], ["tom"]]
    assert ole.openstream("mappe/liten").read() == b"hei"
    assert ole.openstream("Stor").read() == b"x" * 5000
