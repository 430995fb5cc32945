"""Letter templates: merge fields in DOCX, also where Word split them over several runs."""

from __future__ import annotations

import io
import zipfile

import docx as python_docx
import pytest

from dokument.docx import flett, flettefelter, lag_docx
from felles.feil import DomeneFeil


def _tekst(data: bytes) -> list[str]:
    return [p.text for p in python_docx.Document(io.BytesIO(data)).paragraphs]


def test_flettefelt_i_avsnitt_tabeller_og_topptekst() -> None:
    dokument = python_docx.Document()
    dokument.add_paragraph("Til {{mottaker}}")
    avsnitt = dokument.add_paragraph("Saksnr. ")
    # Word splits a field over runs when part of it is formatted differently.
    avsnitt.add_run("{{saks").bold = True
    avsnitt.add_run("nummer}} gjelder {{ sakstittel }}.")
    dokument.add_table(rows=1, cols=1).cell(0, 0).text = "Dato: {{dato}}"
    dokument.sections[0].header.paragraphs[0].text = "{{bydel}}"
    ut = io.BytesIO()
    dokument.save(ut)
    mal = ut.getvalue()

    assert flettefelter(mal) == {"mottaker", "saksnummer", "sakstittel", "dato", "bydel"}
    flettet = flett(
        mal,
        {
            "mottaker": "Kari <Nordmann> & co",
            "saksnummer": "2026/7",
            "sakstittel": "Startlån",
            "dato": "22. november 2026",
            "bydel": "Bydel Alna",
        },
    )

    resultat = python_docx.Document(io.BytesIO(flettet))
    assert [p.text for p in resultat.paragraphs] == [
        "Til Kari <Nordmann> & co",
        "Saksnr. 2026/7 gjelder Startlån.",
    ]
    assert resultat.tables[0].cell(0, 0).text == "Dato: 22. november 2026"
    assert resultat.sections[0].header.paragraphs[0].text == "Bydel Alna"
    assert resultat.paragraphs[1].runs[1].bold  # the first run of the field keeps its format


def test_flere_linjer_blir_linjeskift_og_ukjent_felt_staar_igjen() -> None:
    mal = lag_docx(["{{mottaker_adresse}}", "{{ukjent}}", "Vennlig hilsen"])

    flettet = flett(mal, {"mottaker_adresse": "Storgata 1\n0155 OSLO"})

    assert _tekst(flettet) == ["Storgata 1\n0155 OSLO", "{{ukjent}}", "Vennlig hilsen"]


def test_ugyldig_eller_for_stor_mal_avvises() -> None:
    with pytest.raises(DomeneFeil, match="ikke en gyldig DOCX"):
        flettefelter(b"ikke en zip")
    tom = io.BytesIO()
    with zipfile.ZipFile(tom, "w") as arkiv:
        arkiv.writestr("annet.xml", "<a/>")
    with pytest.raises(DomeneFeil, match=r"mangler word/document\.xml"):
        flettefelter(tom.getvalue())
    bombe = io.BytesIO()
    with zipfile.ZipFile(bombe, "w", zipfile.ZIP_DEFLATED) as arkiv:
        arkiv.writestr("word/document.xml", b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>")
    with pytest.raises(DomeneFeil, match="for stor"):
        flett(bombe.getvalue(), {})
    entitet = io.BytesIO()
    with zipfile.ZipFile(entitet, "w") as arkiv:
        arkiv.writestr(
            "word/document.xml",
            '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
        )
    assert "root:" not in flett(entitet.getvalue(), {}).decode("latin-1")
