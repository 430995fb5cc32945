"""The code lists seeded by migration 0002 from `kodeliste.standardverdier` (model.md §7)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps

from kodeliste import standardverdier
from kodeliste.models import Kodeliste, Kodeverdi

migrasjon = importlib.import_module("kodeliste.migrations.0002_standardverdier")

ALLE_LISTER = {
    "arkivstatus",
    "arkivdelstatus",
    "avskrivningsmaate",
    "dokumentmedium",
    "dokumentstatus",
    "dokumenttype",
    "elektronisksignatursikkerhetsnivaa",
    "elektronisksignaturverifisert",
    "flytstatus",
    "format",
    "graderingskode",
    "hendelsetype",
    "journalposttype",
    "journalstatus",
    "kassasjonsvedtak",
    "klassifikasjonstype",
    "koordinatsystem",
    "korrespondanseparttype",
    "land",
    "merknadstype",
    "partrolle",
    "postnummer",
    "presedensstatus",
    "saksstatus",
    "skjermingdokument",
    "skjermingmetadata",
    "slettingstype",
    "tilgangskategori",
    "tilgangsrestriksjon",
    "tilknyttetregistreringsom",
    "variantformat",
    "moetedeltakerfunksjon",
    "moeteregistreringsstatus",
    "moeteregistreringstype",
    "moetesakstype",
}


def verdier(navn: str) -> dict[str, str]:
    return dict(Kodeverdi.objects.filter(kodeliste__navn=navn).values_list("kode", "kodenavn"))


def verdi(navn: str, kode: str) -> Kodeverdi:
    return Kodeverdi.objects.get(kodeliste__navn=navn, kode=kode)


# The data itself: uniqueness and the column widths SQLite would not enforce.


def test_dataene_har_akkurat_de_navngitte_listene() -> None:
    navn = [definisjon.navn for definisjon in standardverdier.KODELISTER]
    assert len(navn) == len(set(navn))
    assert set(navn) == ALLE_LISTER


@pytest.mark.parametrize("definisjon", standardverdier.KODELISTER, ids=lambda d: d.navn)
def test_kode_og_kodenavn_er_unike_i_listen(definisjon: standardverdier.Listedefinisjon) -> None:
    koder = [v.kode for v in definisjon.verdier]
    kodenavn = [v.kodenavn for v in definisjon.verdier]
    assert len(koder) == len(set(koder))
    assert len(kodenavn) == len(set(kodenavn))


@pytest.mark.parametrize("definisjon", standardverdier.KODELISTER, ids=lambda d: d.navn)
def test_verdiene_passer_i_kolonnene(definisjon: standardverdier.Listedefinisjon) -> None:
    assert definisjon.navn == definisjon.navn.lower()
    assert definisjon.navn.isalpha() is True
    assert len(definisjon.navn) <= 60
    assert len(definisjon.visningsnavn) <= 100
    assert len(definisjon.m_nummer) <= 10
    for v in definisjon.verdier:
        assert 0 < len(v.kode) <= 20
        assert v.kode == v.kode.strip()
        assert 0 < len(v.kodenavn) <= 200
        assert len(v.standard_skjermingshjemmel) <= 200


# What the migration has put in the database.


@pytest.mark.django_db
def test_alle_listene_finnes() -> None:
    assert set(Kodeliste.objects.values_list("navn", flat=True)) >= ALLE_LISTER


@pytest.mark.django_db
def test_listene_har_m_nummer_og_aapenhet() -> None:
    journalposttype = Kodeliste.objects.get(navn="journalposttype")
    assert journalposttype.m_nummer == "M082"
    assert journalposttype.visningsnavn == "Journalposttype"
    assert journalposttype.er_aapen is True
    assert Kodeliste.objects.get(navn="tilgangskategori").er_aapen is False
    assert Kodeliste.objects.get(navn="land").m_nummer == "M409"


@pytest.mark.django_db
def test_alle_verdiene_er_standardverdier() -> None:
    antall = sum(len(definisjon.verdier) for definisjon in standardverdier.KODELISTER)
    assert Kodeverdi.objects.filter(er_standard=True).count() == antall
    assert Kodeverdi.objects.filter(er_standard=False).exists() is False


@pytest.mark.django_db
def test_journalposttype() -> None:
    assert verdier("journalposttype") == {
        "I": "Inngående dokument",
        "U": "Utgående dokument",
        "N": "Organinternt dokument for oppfølging",
        "X": "Organinternt dokument uten oppfølging",
        "S": "Saksframlegg",
    }


@pytest.mark.django_db
def test_journalstatus() -> None:
    journalstatus = verdier("journalstatus")
    assert set("JFGEAUMSR") <= set(journalstatus)
    assert journalstatus["J"] == "Journalført"
    assert journalstatus["F"] == "Ferdigstilt fra saksbehandler"
    assert journalstatus["R"] == "Reservert dokument"


@pytest.mark.django_db
def test_saksstatus() -> None:
    assert verdier("saksstatus") == {
        "B": "Under behandling",
        "A": "Avsluttet",
        "U": "Utgår",
        "R": "Opprettet av saksbehandler",
        "S": "Avsluttet av saksbehandler",
        "P": "Unntatt prosesstyring",
        "F": "Ferdig fra saksbehandler",
    }


@pytest.mark.django_db
def test_tilgangsrestriksjon_etter_offentleglova() -> None:
    taushetsplikt = verdi("tilgangsrestriksjon", "13")
    assert taushetsplikt.kodenavn == "Unntatt etter offentleglova § 13"
    assert taushetsplikt.standard_skjermingshjemmel == "Offl. § 13 jf. fvl. § 13"
    assert taushetsplikt.standard_skjermingsvarighet == 60
    assert taushetsplikt.utdatert is None

    organinternt = verdi("tilgangsrestriksjon", "14")
    assert organinternt.standard_skjermingshjemmel == "Offl. § 14"
    assert organinternt.standard_skjermingsvarighet == 20

    for kode in ["13", "14", "15", "18", "21", "23", "24", "25", "26"]:
        v = verdi("tilgangsrestriksjon", kode)
        assert v.standard_skjermingshjemmel.startswith(f"Offl. § {kode}")
        assert v.standard_skjermingsvarighet in {20, 60}
        assert v.beskrivelse != ""


@pytest.mark.django_db
def test_tilgangsrestriksjon_etter_loven_av_1970_er_utdatert() -> None:
    opphevet = dt.datetime(2009, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    for kode in ["5", "5a", "6", "11"]:
        assert verdi("tilgangsrestriksjon", kode).utdatert == opphevet
    assert verdi("tilgangsrestriksjon", "5").kodenavn == "Unntatt etter offentlighetsloven § 5"


@pytest.mark.django_db
def test_tilgangsrestriksjon_som_fortsatt_kan_brukes() -> None:
    for kode in ["B", "K", "H", "F", "SF", "XX", "P", "KL"]:
        assert verdi("tilgangsrestriksjon", kode).utdatert is None
    sperret = verdi("tilgangsrestriksjon", "XX")
    assert sperret.kodenavn == "Midlertidig sperret"
    assert sperret.standard_skjermingshjemmel == "Midlertidig skjerming inntil vurdering"
    assert sperret.standard_skjermingsvarighet is None


@pytest.mark.django_db
def test_skjermingmetadata_har_alle_tolv_kodene() -> None:
    skjermingmetadata = verdier("skjermingmetadata")
    assert set(skjermingmetadata) == {
        "KID", "TKL", "TM1", "TMO", "NPS", "TR1", "TRO", "NA", "NM", "TD", "MT", "M",
    }  # fmt: skip
    assert skjermingmetadata["TM1"] == "Skjerming tittel mappe - unntatt første linje"
    assert skjermingmetadata["M"] == "Midlertidig skjerming"


@pytest.mark.django_db
def test_format() -> None:
    formater = verdier("format")
    assert formater["av/0"] == "Ukjent format"
    assert formater["fmt/477"] == "PDF/A 2b"
    assert formater["fmt/95"] == "PDF/A 1a - ISO 19005-1:2005"
    assert formater["fmt/13"] == "PNG"
    assert "UNKNOWN" not in formater


@pytest.mark.django_db
def test_land() -> None:
    land = verdier("land")
    assert len(land) == 249
    assert land["NO"] == "Norge"
    assert land["SE"] == "Sverige"
    assert land["AX"] == "Åland"
    assert all(len(kode) == 2 and kode.isupper() for kode in land)


@pytest.mark.django_db
def test_postnummer_er_en_tom_lukket_liste() -> None:
    postnummer = Kodeliste.objects.get(navn="postnummer")
    assert postnummer.m_nummer == "M407"
    assert postnummer.er_aapen is False
    assert postnummer.verdier.exists() is False


@pytest.mark.django_db
def test_kjoert_to_ganger_gir_ingen_duplikater() -> None:
    lister = Kodeliste.objects.count()
    verdier_foer = Kodeverdi.objects.count()

    migrasjon.last_inn(django_apps, None)
    migrasjon.last_inn(django_apps, None)

    assert Kodeliste.objects.count() == lister
    assert Kodeverdi.objects.count() == verdier_foer


@pytest.mark.django_db
def test_kjoert_paa_nytt_retter_standardverdiene() -> None:
    Kodeverdi.objects.filter(kodeliste__navn="journalposttype", kode="I").update(kodenavn="Feil")

    migrasjon.last_inn(django_apps, None)

    assert verdi("journalposttype", "I").kodenavn == "Inngående dokument"


@pytest.mark.django_db
def test_reversering_beholder_virksomhetens_egne_verdier() -> None:
    dokumenttype = Kodeliste.objects.get(navn="dokumenttype")
    Kodeverdi.objects.create(kodeliste=dokumenttype, kode="SØK", kodenavn="Søknad")

    migrasjon.fjern(django_apps, None)

    assert Kodeverdi.objects.filter(er_standard=True).exists() is False
    assert verdier("dokumenttype") == {"SØK": "Søknad"}
    assert list(Kodeliste.objects.values_list("navn", flat=True)) == ["dokumenttype"]

    migrasjon.last_inn(django_apps, None)

    assert set(Kodeliste.objects.values_list("navn", flat=True)) == ALLE_LISTER
    assert verdier("dokumenttype")["SØK"] == "Søknad"
    assert verdier("dokumenttype")["B"] == "Brev"
