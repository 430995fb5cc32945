"""virksomhetsspesifikkeMetadata read back from an extract: Arkivar's own form gives each value
its type again; any other form is refused by name and line, never dropped; the catalogue
gets the fields an import brings (uttrekk.vsm)."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree

from felles.tid import naa
from kodeliste.models import VirksomhetsspesifiktMetadatafelt
from organisasjon.models import Rolle
from organisasjon.tests.factories import AdministrativEnhetFactory, bruker_med_rolle
from sporing.models import Endringslogg
from sporing.services import logget_transaksjon
from uttrekk.skjema import NS_ARKIVSTRUKTUR
from uttrekk.vsm import NS_VSM, UkjentVsmFormat, les_vsm, sikre_katalog, skriv_vsm

A = f"{{{NS_ARKIVSTRUKTUR}}}"


def _mappe(innhold: str) -> Any:
    return etree.fromstring(
        f'<mappe xmlns="{NS_ARKIVSTRUKTUR}" xmlns:v="{NS_VSM}" '
        f'xmlns:e="urn:eksempel">{innhold}</mappe>'
    )


def test_skrevet_og_lest_gir_de_samme_verdiene_med_sine_typer() -> None:
    verdier = {"ppt-v1:saksnummer": 123, "ppt-v1:skoleaar": "2018/2019", "vnd-a-v1:haster": False}
    typer = {
        "ppt-v1:saksnummer": "integer",
        "ppt-v1:skoleaar": "string",
        "vnd-a-v1:haster": "boolean",
    }
    mappe = etree.Element(A + "mappe")

    assert skriv_vsm(mappe, verdier, typer) is True
    assert les_vsm(mappe) == (verdier, typer)


def test_uten_verdier_skrives_ingenting() -> None:
    mappe = etree.Element(A + "mappe")

    assert skriv_vsm(mappe, None, {}) is False
    assert skriv_vsm(mappe, {}, {}) is False
    assert len(mappe) == 0
    assert les_vsm(mappe) == (None, {})


@pytest.mark.parametrize(
    ("innhold", "i_meldingen"),
    [
        (
            "<virksomhetsspesifikkeMetadata><e:byggnummer>12</e:byggnummer>"
            "</virksomhetsspesifikkeMetadata>",
            "{urn:eksempel}byggnummer",
        ),
        (
            "<virksomhetsspesifikkeMetadata>byggnummer 12</virksomhetsspesifikkeMetadata>",
            "har tekst",
        ),
        (
            '<virksomhetsspesifikkeMetadata><v:felt navn="a-v1:b" type="integer">tolv</v:felt>'
            "</virksomhetsspesifikkeMetadata>",
            "ikke av typen integer",
        ),
        (
            '<virksomhetsspesifikkeMetadata><v:felt navn="a-v1:b" type="boolean">ja</v:felt>'
            "</virksomhetsspesifikkeMetadata>",
            "ikke av typen boolean",
        ),
        (
            '<virksomhetsspesifikkeMetadata><v:felt navn="a-v1:b" type="date">2025-02-30</v:felt>'
            "</virksomhetsspesifikkeMetadata>",
            "ikke av typen date",
        ),
        (
            '<virksomhetsspesifikkeMetadata><v:felt navn="a-v1:b" type="tall">1</v:felt>'
            "</virksomhetsspesifikkeMetadata>",
            "ikke er på formen",
        ),
    ],
)
def test_annen_form_avvises_med_linje(innhold: str, i_meldingen: str) -> None:
    with pytest.raises(UkjentVsmFormat, match="linje") as feil:
        les_vsm(_mappe(innhold))
    assert i_meldingen in str(feil.value)


@pytest.mark.django_db
def test_katalogen_faar_nye_felt_og_en_typekonflikt_meldes() -> None:
    VirksomhetsspesifiktMetadatafelt.objects.create(
        navn="ppt-v1:saksnummer", type="integer", opprettet_dato=naa(), opprettet_av="test"
    )
    arkivar = bruker_med_rolle(Rolle.ARKIVAR, AdministrativEnhetFactory(), username="arkivar")

    with logget_transaksjon():  # the import's own transaction
        problemer = sikre_katalog(
            {
                "ppt-v1:saksnummer": "string",
                "ppt-v1:skoleaar": "string",
                "ppt-v1:saksnummer2": "integer",
            },
            utfoert_av=arkivar,
            kilde="uttrekk-1",
        )

    assert problemer == [
        "«ppt-v1:saksnummer» er string i uttrekket, men integer i katalogen over "
        "virksomhetsspesifikke metadata."
    ]
    ny = VirksomhetsspesifiktMetadatafelt.objects.get(navn="ppt-v1:skoleaar")
    assert (ny.type, ny.beskrivelse) == ("string", "Fra arkivuttrekket uttrekk-1")
    assert Endringslogg.objects.filter(referanse_arkivenhet=ny.system_id).exists()
    assert VirksomhetsspesifiktMetadatafelt.objects.filter(navn="ppt-v1:saksnummer2").exists()
