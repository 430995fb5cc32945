"""The round trip issue 7 asks for: demo data → export → validate (0 errors) → import into an
empty database → export again → the two arkivstruktur.xml hold the same units and values,
ignoring the time of the export (what open units carry as their closing time)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from lxml import etree

from arkivstruktur.models import Arkivdel, Part
from felles.tid import naa
from kodeliste.models import VirksomhetsspesifiktMetadatafelt
from sakarkiv.models import Journalpost, Saksmappe
from uttrekk.arkivstruktur import IKKE_ARKIVERT, IKKE_AVSLUTTET
from uttrekk.eksport import eksporter
from uttrekk.skjema import NS_ARKIVSTRUKTUR, NS_ENDRINGSLOGG
from uttrekk.validering import Alvor, valider

A = f"{{{NS_ARKIVSTRUKTUR}}}"
# An open unit carries the time of the extract as its closing time: the one value that differs.
_UTTREKKSTID = {"avsluttetDato": IKKE_AVSLUTTET, "arkivertDato": IKKE_ARKIVERT}


def _arkivar(arkivdel: Arkivdel) -> Any:
    return get_user_model().objects.get(username=f"arkivar.{arkivdel.arkiv.virksomhet.kortnavn}")


def _arkivar_kommando(data: Path, *argumenter: str) -> str:
    """`arkivar …` in a fresh installation of its own: SQLite in `data`, its own files."""
    miljoe = {
        **os.environ,
        "ARKIVAR_DATA_DIR": str(data),
        "ARKIVAR_DATABASE_URL": "",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    kjoering = subprocess.run(  # noqa: S603 - our own command, an argument list
        [sys.executable, "-m", "config.cli", *argumenter],
        env=miljoe,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert kjoering.returncode == 0, kjoering.stderr[-3000:]
    return kjoering.stdout


def _enheter(fil: Path) -> list[str]:
    """Every element of the file as its path and text, closing times of open units left out."""
    linjer: list[str] = []

    def gaa(element: etree._Element, sti: str) -> None:
        navn = etree.QName(element).localname
        if navn in _UTTREKKSTID:
            naboer = element.getparent()
            av = naboer.findtext(A + navn.replace("Dato", "Av")) if naboer is not None else None
            if av == _UTTREKKSTID[navn]:
                return
        sti = f"{sti}/{navn}"
        tekst = (element.text or "").strip()
        attributter = "".join(f"[@{etree.QName(n).localname}={v}]" for n, v in element.items())
        linjer.append(f"{sti}{attributter}={tekst}" if tekst else f"{sti}{attributter}")
        for barn in element:
            gaa(barn, sti)

    gaa(etree.parse(str(fil)).getroot(), "")
    return linjer


def _med_virksomhetsspesifikke_metadata(arkivdel: Arkivdel) -> None:
    """Values on a case, a journalpost and a part, as the API or a fagsystem sets them."""
    for navn, type_ in (("ppt-v1:skoleaar", "string"), ("vnd-acme-v1:hastesak", "boolean")):
        VirksomhetsspesifiktMetadatafelt.objects.create(
            navn=navn, type=type_, opprettet_dato=naa(), opprettet_av="test"
        )
    sak = Saksmappe.objects.filter(arkivdel=arkivdel).order_by("pk").first()
    assert sak is not None
    Saksmappe.objects.filter(pk=sak.pk).update(
        virksomhetsspesifikke_metadata={"ppt-v1:skoleaar": "2018/2019"}
    )
    Journalpost.objects.filter(mappe=sak).update(
        virksomhetsspesifikke_metadata={"vnd-acme-v1:hastesak": True}
    )
    part = Part.objects.create(
        mappe=sak,
        part_navn="Kari Nordmann",
        part_rolle="KLI",
        part_rolle_kodenavn="Klient",
        virksomhetsspesifikke_metadata={"ppt-v1:skoleaar": "2019"},
    )
    assert part.pk


def test_demo_ut_inn_i_tom_database_og_ut_igjen_gir_samme_arkivstruktur(
    demo: Arkivdel, tmp_path: Path
) -> None:
    _med_virksomhetsspesifikke_metadata(demo)
    foerste = eksporter(
        bruker=_arkivar(demo), utmappe=tmp_path / "foerste", arkivdel_id=str(demo.system_id)
    ).mappe
    rapport = valider(foerste)
    assert rapport.feil == []
    # A deposit of a running archive: open cases are reported, as warnings only.
    assert {f.kontroll for f in rapport.advarsler} <= {"N5.15", "N5.22", "N5.25"}
    assert all(f.alvor is Alvor.ADVARSEL for f in rapport.advarsler)

    ny = tmp_path / "ny"
    _arkivar_kommando(ny, "migrate", "-v0")
    _arkivar_kommando(ny, "demo", "--saker", "0")
    bydel = demo.arkiv.virksomhet.kortnavn
    innlest = _arkivar_kommando(
        ny, "uttrekk", "importer", str(foerste), "--virksomhet", bydel, "--som", f"arkivar.{bydel}"
    )
    assert "Lest inn som" in innlest
    assert 'type="boolean">true<' in (foerste / "arkivstruktur.xml").read_text()
    _arkivar_kommando(
        ny,
        "uttrekk",
        "eksporter",
        str(tmp_path / "andre"),
        "--arkivdel",
        str(demo.system_id),
        "--som",
        f"arkivar.{bydel}",
    )
    andre = tmp_path / "andre"
    assert _enheter(andre / "arkivstruktur.xml") == _enheter(foerste / "arkivstruktur.xml")
    # The change log came along too, and the files with their checksums.
    endring = f"{{{NS_ENDRINGSLOGG}}}endring"
    assert len(etree.parse(str(andre / "endringslogg.xml")).findall(endring)) == len(
        etree.parse(str(foerste / "endringslogg.xml")).findall(endring)
    )
    assert sorted(p.name for p in (andre / "dokumenter").rglob("*.pdf")) == sorted(
        p.name for p in (foerste / "dokumenter").rglob("*.pdf")
    )
    assert valider(andre).er_gyldig
