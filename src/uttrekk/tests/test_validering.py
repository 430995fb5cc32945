"""The extract validator (uttrekk.validering): a valid extract passes, and each defect is
reported by exactly the checks that should report it."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from uttrekk.tests.uttrekksbygger import (
    ARKIVDEL,
    DOKUMENTFILER,
    DOKUMENTOBJEKTER,
    JOURNALPOSTER,
    KLASSER,
    N5,
    NS,
    SAKSMAPPER,
    XSD,
    Uttrekk,
    bygg_uttrekk,
    systemid,
)
from uttrekk.validering import (
    KATALOG,
    MAKS_FUNN,
    Alvor,
    Funn,
    Kontroll,
    Rapport,
    rapportlinjer,
    valider,
)
from uttrekk.validering.felles import er_datotid

ARKIVSTRUKTUR = "arkivstruktur.xml"
ARKIVUTTREKK = "arkivuttrekk.xml"


@pytest.fixture
def uttrekk(tmp_path: Path) -> Uttrekk:
    return bygg_uttrekk(tmp_path / "uttrekk")


def feilkoder(rapport: Rapport) -> set[str]:
    return {f.kontroll for f in rapport.feil}


def advarselkoder(rapport: Rapport) -> set[str]:
    return {f.kontroll for f in rapport.advarsler}


def funn(rapport: Rapport, kode: str) -> list[Funn]:
    return rapport.kontroll(kode).funn


def eneste_feil(rapport: Rapport, kode: str) -> Funn:
    feil = [f for f in funn(rapport, kode) if f.alvor is Alvor.FEIL]
    assert len(feil) == 1, feil
    return feil[0]


def dokumentobjekt(nr: int) -> str:
    return f"//n5:dokumentobjekt[n5:systemID='{DOKUMENTOBJEKTER[nr]}']"


def saksmappe(nr: int) -> str:
    return f"//n5:mappe[n5:systemID='{SAKSMAPPER[nr]}']"


def journalpost(nr: int) -> str:
    return f"//n5:registrering[n5:systemID='{JOURNALPOSTER[nr]}']"


def sett_tekst(uttrekk: Uttrekk, fil: str, xpath: str, tekst: str | None) -> None:
    def endring(rot: Any) -> None:
        for el in rot.xpath(xpath, namespaces=NS):
            el.text = tekst

    uttrekk.endre_xml(fil, endring)


def sett_forekomster(uttrekk: Uttrekk, element: str, verdi: str) -> None:
    sett_tekst(
        uttrekk,
        ARKIVUTTREKK,
        f"//a:property[@name='numberOfOccurrences'][a:value='{element}']"
        "/a:properties/a:property[@name='value']/a:value",
        verdi,
    )


# --- the valid extract ----------------------------------------------------------------------


def test_bygget_uttrekk_er_gyldig_etter_de_offisielle_skjemaene(uttrekk: Uttrekk) -> None:
    for fil, skjema in (
        (ARKIVSTRUKTUR, "arkivstruktur.xsd"),
        ("endringslogg.xml", "endringslogg.xsd"),
        ("loependeJournal.xml", "loependeJournal.xsd"),
        ("offentligJournal.xml", "offentligJournal.xsd"),
        (ARKIVUTTREKK, "addml.xsd"),
    ):
        xsd = etree.XMLSchema(etree.parse(str(XSD / skjema)))
        assert xsd.validate(uttrekk.les_xml(fil)) is True, (fil, xsd.error_log)


def test_gyldig_uttrekk_har_verken_feil_eller_advarsler(uttrekk: Uttrekk) -> None:
    rapport = valider(uttrekk.mappe)

    assert rapport.feil == []
    assert rapport.advarsler == []
    assert rapport.er_gyldig is True
    assert [k.kode for k in rapport.kontroller] == [kode for kode, _ in KATALOG]
    assert all(not k.ikke_utfoert for k in rapport.kontroller)
    statistikk = rapport.statistikk
    assert statistikk["arkiv"] == 1
    assert statistikk["arkivdel"] == 1
    assert statistikk["klasse"] == 2
    assert statistikk["mappe"] == statistikk["saksmappe"] == 2
    assert statistikk["registrering"] == statistikk["journalpost"] == 2
    assert statistikk["dokumentbeskrivelse"] == statistikk["dokumentobjekt"] == 2
    assert statistikk["korrespondansepart"] == 2
    assert statistikk["skjerming"] == 1
    assert statistikk["kassasjon"] == statistikk["utfoertKassasjon"] == 0
    assert statistikk["endring"] == 1
    assert statistikk["dokumentfiler"] == 2


def test_rapportlinjer_for_gyldig_uttrekk(uttrekk: Uttrekk) -> None:
    linjer = list(rapportlinjer(valider(uttrekk.mappe)))

    assert "OK   N5.30 Sjekksummer for dokumentfiler" in linjer
    assert len(linjer) == len(KATALOG) + 1
    assert linjer[-1] == "Uttrekket er gyldig: 0 feil, 0 advarsler"


def test_rapportlinjer_viser_funn_med_sted_og_oppsummering(uttrekk: Uttrekk) -> None:
    fil = uttrekk.sti(DOKUMENTFILER[0])
    fil.write_bytes(fil.read_bytes().replace(b"testdokument", b"TESTDOKUMENT"))
    linje = uttrekk.linje(ARKIVSTRUKTUR, f"{dokumentobjekt(0)}/n5:sjekksum")

    linjer = list(rapportlinjer(valider(uttrekk.mappe)))

    i = linjer.index("FEIL N5.30 Sjekksummer for dokumentfiler (1 funn)")
    assert linjer[i + 1].startswith(
        f"  arkivstruktur.xml:{linje} dokumentobjekt/sjekksum: Sjekksummen for «{DOKUMENTFILER[0]}»"
    )
    assert linjer[-1] == "Uttrekket har 1 feil og 0 advarsler"


# --- document files -------------------------------------------------------------------------


def test_manglende_dokumentfil(uttrekk: Uttrekk) -> None:
    uttrekk.sti(DOKUMENTFILER[1]).unlink()
    uttrekk.sett_addml_egenskap("antallDokumentfiler", "1")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.30", "N5.32"}
    f = eneste_feil(rapport, "N5.32")
    assert f.fil == ARKIVSTRUKTUR
    assert f.linje == uttrekk.linje(ARKIVSTRUKTUR, f"{dokumentobjekt(1)}/n5:referanseDokumentfil")
    assert f.element == "dokumentobjekt/referanseDokumentfil"
    assert DOKUMENTFILER[1] in f.melding


def test_endret_dokumentfil_gir_feil_sjekksum(uttrekk: Uttrekk) -> None:
    fil = uttrekk.sti(DOKUMENTFILER[0])
    fil.write_bytes(fil.read_bytes().replace(b"testdokument", b"TESTDOKUMENT"))

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.30"}
    f = eneste_feil(rapport, "N5.30")
    assert f.fil == ARKIVSTRUKTUR
    assert f.linje == uttrekk.linje(ARKIVSTRUKTUR, f"{dokumentobjekt(0)}/n5:sjekksum")
    assert f.element == "dokumentobjekt/sjekksum"


def test_feil_filstoerrelse(uttrekk: Uttrekk) -> None:
    sett_tekst(uttrekk, ARKIVSTRUKTUR, f"{dokumentobjekt(0)}/n5:filstoerrelse", "1")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.30"}
    assert eneste_feil(rapport, "N5.30").element == "dokumentobjekt/filstoerrelse"


def test_antall_dokumentfiler_stemmer_ikke(uttrekk: Uttrekk) -> None:
    uttrekk.sett_addml_egenskap("antallDokumentfiler", "3")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.28"}
    f = eneste_feil(rapport, "N5.28")
    assert f.fil == ARKIVUTTREKK
    assert f.element == "additionalInfo/antallDokumentfiler"
    assert "3" in f.melding
    assert "2 filer" in f.melding


def test_fil_i_dokumentmappen_uten_referanse(uttrekk: Uttrekk) -> None:
    (uttrekk.sti("dokumenter/2020/ekstra.pdf")).write_bytes(b"%PDF-1.4\n%%EOF\n")
    uttrekk.sett_addml_egenskap("antallDokumentfiler", "3")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.33"}
    assert eneste_feil(rapport, "N5.33").fil == "dokumenter/2020/ekstra.pdf"


def test_format_som_ikke_er_filendelsen(uttrekk: Uttrekk) -> None:
    sett_tekst(uttrekk, ARKIVSTRUKTUR, f"{dokumentobjekt(1)}/n5:format", "PDF/A")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.29"}
    f = eneste_feil(rapport, "N5.29")
    assert f.linje == uttrekk.linje(ARKIVSTRUKTUR, f"{dokumentobjekt(1)}/n5:format")
    assert "PDF/A" in f.melding


def test_format_med_store_bokstaver_godtas(uttrekk: Uttrekk) -> None:
    sett_tekst(uttrekk, ARKIVSTRUKTUR, f"{dokumentobjekt(1)}/n5:format", "PDF")

    assert feilkoder(valider(uttrekk.mappe)) == set()


@pytest.mark.parametrize(
    "referanse",
    [
        "/srv/arkiv/5000002.pdf",
        "../5000002.pdf",
        "dokumenter/../dokumenter/5000002.pdf",
        "C:\\arkiv\\dokumenter\\5000002.pdf",
    ],
)
def test_absolutt_sti_eller_foreldremappe_i_referanse_avvises(
    uttrekk: Uttrekk, referanse: str
) -> None:
    sett_tekst(uttrekk, ARKIVSTRUKTUR, f"{dokumentobjekt(1)}/n5:referanseDokumentfil", referanse)

    rapport = valider(uttrekk.mappe)

    # The file the reference used to point at is now unreferenced: N5.33 as well.
    assert feilkoder(rapport) == {"N5.32", "N5.33"}
    f = eneste_feil(rapport, "N5.32")
    assert f.linje == uttrekk.linje(ARKIVSTRUKTUR, f"{dokumentobjekt(1)}/n5:referanseDokumentfil")
    assert referanse in f.melding
    assert eneste_feil(rapport, "N5.33").fil == DOKUMENTFILER[1]


def test_omvendt_skraastrek_i_referanse_godtas(uttrekk: Uttrekk) -> None:
    sett_tekst(
        uttrekk,
        ARKIVSTRUKTUR,
        f"{dokumentobjekt(1)}/n5:referanseDokumentfil",
        DOKUMENTFILER[1].replace("/", "\\"),
    )

    assert feilkoder(valider(uttrekk.mappe)) == set()


def test_tom_dokumentfil_gir_advarsel(uttrekk: Uttrekk) -> None:
    uttrekk.sti(DOKUMENTFILER[1]).write_bytes(b"")
    sett_tekst(uttrekk, ARKIVSTRUKTUR, f"{dokumentobjekt(1)}/n5:filstoerrelse", "0")
    sett_tekst(
        uttrekk,
        ARKIVSTRUKTUR,
        f"{dokumentobjekt(1)}/n5:sjekksum",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    )

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == set()
    assert advarselkoder(rapport) == {"N5.64"}
    assert funn(rapport, "N5.64")[0].fil == DOKUMENTFILER[1]
    assert rapport.er_gyldig is True


# --- arkivuttrekk.xml ----------------------------------------------------------------------


def test_feil_sjekksum_i_arkivuttrekk(uttrekk: Uttrekk) -> None:
    sti = uttrekk.sti(ARKIVSTRUKTUR)
    sti.write_bytes(sti.read_bytes() + b"\n")  # changed after the checksum was computed

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.02"}
    f = eneste_feil(rapport, "N5.02")
    assert f.fil == ARKIVUTTREKK
    assert f.element == "dataObject/arkivstruktur/file/checksum"
    assert f.linje == uttrekk.linje(
        ARKIVUTTREKK,
        "//a:dataObject[@name='arkivstruktur']/a:properties/a:property[@name='file']"
        "/a:properties/a:property[@name='checksum']",
    )


def test_feil_sjekksumalgoritme_i_arkivuttrekk(uttrekk: Uttrekk) -> None:
    sett_tekst(
        uttrekk,
        ARKIVUTTREKK,
        "//a:dataObject[@name='endringslogg']/a:properties/a:property[@name='file']"
        "//a:property[@name='algorithm']/a:value",
        "MD5",
    )

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.02"}
    assert "MD5" in eneste_feil(rapport, "N5.02").melding


@pytest.mark.parametrize(("element", "kode"), [("mappe", "N5.10"), ("registrering", "N5.16")])
def test_number_of_occurrences_stemmer_ikke(uttrekk: Uttrekk, element: str, kode: str) -> None:
    sett_forekomster(uttrekk, element, "3")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {kode}
    f = eneste_feil(rapport, kode)
    assert f.fil == ARKIVUTTREKK
    assert f.element == f"numberOfOccurrences/{element}"


def test_number_of_occurrences_for_registrering_maa_finnes(uttrekk: Uttrekk) -> None:
    def fjern(rot: Any) -> None:
        for el in rot.xpath(
            "//a:property[@name='numberOfOccurrences'][a:value='registrering']", namespaces=NS
        ):
            el.getparent().remove(el)

    uttrekk.endre_xml(ARKIVUTTREKK, fjern)

    assert feilkoder(valider(uttrekk.mappe)) == {"N5.16"}


def test_skjermingsflagg_stemmer_ikke(uttrekk: Uttrekk) -> None:
    uttrekk.sett_addml_egenskap("inneholderSkjermetInformasjon", "false")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.42"}
    f = eneste_feil(rapport, "N5.42")
    assert f.fil == ARKIVUTTREKK
    assert "1 skjerming" in f.melding


def test_kassasjonsflagg_uten_kassasjon(uttrekk: Uttrekk) -> None:
    uttrekk.sett_addml_egenskap("inneholderDokumenterSomSkalKasseres", "true")

    assert feilkoder(valider(uttrekk.mappe)) == {"N5.44"}


def test_periodeskille_med_ugyldig_verdi(uttrekk: Uttrekk) -> None:
    uttrekk.sett_addml_egenskap("inngaaendeSkille", "skarp")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"ADDML"}
    assert "skarp" in eneste_feil(rapport, "ADDML").melding


def test_manglende_arkivuttrekk_gir_feil_og_ikke_krasj(uttrekk: Uttrekk) -> None:
    uttrekk.sti(ARKIVUTTREKK).unlink()

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.01"}
    assert eneste_feil(rapport, "N5.01").fil == ARKIVUTTREKK
    assert rapport.kontroll("N5.02").ikke_utfoert != ""
    assert rapport.kontroll("N5.59").ikke_utfoert != ""
    assert rapport.kontroll("N5.47").ikke_utfoert == ""  # arkivstruktur.xml is still checked
    assert rapport.er_gyldig is False


def test_arkivstruktur_er_ikke_foerste_dataobjekt(uttrekk: Uttrekk) -> None:
    def flytt(rot: Any) -> None:
        objekt = rot.xpath("//a:dataObject[@name='arkivstruktur']", namespaces=NS)[0]
        objekt.getparent().append(objekt)

    uttrekk.endre_xml(ARKIVUTTREKK, flytt)

    rapport = valider(uttrekk.mappe)

    # The counts are still read from the arkivstruktur data object, so only ADDML fails.
    assert feilkoder(rapport) == {"ADDML"}
    assert "første indre dataObject" in eneste_feil(rapport, "ADDML").melding


def test_manglende_addml_skjema_gir_advarsel(uttrekk: Uttrekk) -> None:
    uttrekk.sti("addml.xsd").unlink()

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == set()
    assert advarselkoder(rapport) == {"ADDML"}


# --- schemas ------------------------------------------------------------------------------


def test_element_i_feil_rekkefoelge_er_skjemafeil(uttrekk: Uttrekk) -> None:
    # An exporter that writes the dokumentbeskrivelse after the journalpost's own elements
    # (arkivuttrekk.md §4: they come before journalaar).
    def flytt(rot: Any) -> None:
        jp = rot.xpath(journalpost(0), namespaces=NS)[0]
        jp.append(jp.find(f"{{{N5}}}dokumentbeskrivelse"))

    uttrekk.endre_xml(ARKIVSTRUKTUR, flytt)

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.03"}
    f = funn(rapport, "N5.03")[0]
    assert f.fil == ARKIVSTRUKTUR
    assert f.linje == uttrekk.linje(ARKIVSTRUKTUR, f"{journalpost(0)}/n5:dokumentbeskrivelse")
    assert f.element == "registrering/dokumentbeskrivelse"
    assert "dokumentbeskrivelse" in f.melding


def test_tom_tittel_med_start_og_sluttagg(uttrekk: Uttrekk) -> None:
    xpath = f"//n5:dokumentbeskrivelse[n5:systemID='{systemid(31)}']/n5:tittel"
    sett_tekst(uttrekk, ARKIVSTRUKTUR, xpath, "")
    assert b"<tittel></tittel>" in uttrekk.sti(ARKIVSTRUKTUR).read_bytes()

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.03", "N5.63"}
    linje = uttrekk.linje(ARKIVSTRUKTUR, xpath)
    f = eneste_feil(rapport, "N5.63")
    assert (f.fil, f.linje, f.element) == (ARKIVSTRUKTUR, linje, "dokumentbeskrivelse/tittel")
    skjemafeil = eneste_feil(rapport, "N5.03")
    assert (skjemafeil.linje, skjemafeil.element) == (linje, "dokumentbeskrivelse/tittel")


def test_tomt_element_skrevet_som_x_slash_ser_ikke_n5_63(uttrekk: Uttrekk) -> None:
    # Arkade does not see <tittel/> in N5.63; the schema still rejects it.
    xpath = f"//n5:dokumentbeskrivelse[n5:systemID='{systemid(31)}']/n5:tittel"
    sett_tekst(uttrekk, ARKIVSTRUKTUR, xpath, None)
    assert b"<tittel/>" in uttrekk.sti(ARKIVSTRUKTUR).read_bytes()

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.03"}


def fjern_skjemaoppfoering(uttrekk: Uttrekk, dataobjekt: str, skjema: str) -> None:
    def fjern(rot: Any) -> None:
        for el in rot.xpath(
            f"//a:dataObject[@name='{dataobjekt}']/a:properties/a:property[@name='schema']"
            "[a:properties/a:property[@name='file']/a:properties/a:property[@name='name']"
            f"/a:value='{skjema}']",
            namespaces=NS,
        ):
            el.getparent().remove(el)

    uttrekk.endre_xml(ARKIVUTTREKK, fjern)


def test_standardskjema_som_ikke_er_oppfoert(uttrekk: Uttrekk) -> None:
    fjern_skjemaoppfoering(uttrekk, "arkivstruktur", "metadatakatalog.xsd")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.03"}
    f = eneste_feil(rapport, "N5.03")
    assert f.fil == ARKIVUTTREKK
    assert "metadatakatalog.xsd" in f.melding
    assert "arkivstruktur.xml" in f.melding


def test_ikke_oppfoert_standardskjema_erstattes_av_innebygd_kopi(uttrekk: Uttrekk) -> None:
    # The extract's metadatakatalog.xsd is changed so that every mappeID is invalid, and it is
    # not listed for arkivstruktur.xml: arkivstruktur.xml must be validated with the built-in
    # copy (libxml2 keeps the first schema imported for a namespace).
    sti = uttrekk.sti("metadatakatalog.xsd")
    tekst = sti.read_text(encoding="utf-8")
    start = tekst.index('<xs:simpleType name="mappeID">')
    slutt = tekst.index("</xs:simpleType>", start)
    endret = tekst[start:slutt].replace('<xs:minLength value="1"/>', '<xs:pattern value="X+"/>')
    assert endret != tekst[start:slutt]
    uttrekk.skriv("metadatakatalog.xsd", (tekst[:start] + endret + tekst[slutt:]).encode())
    fjern_skjemaoppfoering(uttrekk, "arkivstruktur", "metadatakatalog.xsd")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.03"}
    assert "ikke oppført" in eneste_feil(rapport, "N5.03").melding
    # Still listed for the other files, and not the official one: a warning.
    assert advarselkoder(rapport) == {"N5.03"}


def test_oppfoert_endret_standardskjema_brukes(uttrekk: Uttrekk) -> None:
    sti = uttrekk.sti("metadatakatalog.xsd")
    tekst = sti.read_text(encoding="utf-8")
    start = tekst.index('<xs:simpleType name="mappeID">')
    slutt = tekst.index("</xs:simpleType>", start)
    endret = tekst[start:slutt].replace('<xs:minLength value="1"/>', '<xs:pattern value="X+"/>')
    uttrekk.skriv("metadatakatalog.xsd", (tekst[:start] + endret + tekst[slutt:]).encode())

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.03"}
    assert {f.element for f in rapport.feil} == {"mappe/mappeID"}
    assert len(rapport.feil) == 2


def test_endret_standardskjema_gir_advarsel(uttrekk: Uttrekk) -> None:
    sti = uttrekk.sti("endringslogg.xsd")
    uttrekk.skriv("endringslogg.xsd", sti.read_bytes() + b"<!-- lokal endring -->\n")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == set()
    assert advarselkoder(rapport) == {"N5.03"}
    assert funn(rapport, "N5.03")[0].fil == "endringslogg.xsd"


def test_udeklarert_innhold_i_virksomhetsspesifikke_metadata(uttrekk: Uttrekk) -> None:
    def legg_til(rot: Any) -> None:
        mappe = rot.xpath(saksmappe(1), namespaces=NS)[0]
        vsm = etree.Element(f"{{{N5}}}virksomhetsspesifikkeMetadata")
        etree.SubElement(vsm, "{urn:eksempel}byggnummer").text = "123"
        mappe.find(f"{{{N5}}}avsluttetAv").addnext(vsm)

    uttrekk.endre_xml(ARKIVSTRUKTUR, legg_til)
    uttrekk.sett_addml_egenskap("inneholderVirksomhetsspesifikkeMetadata", "true")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.03"}
    f = eneste_feil(rapport, "N5.03")
    assert f.element == "virksomhetsspesifikkeMetadata/byggnummer"


def test_uleselig_arkivstruktur_gir_feil_og_ikke_krasj(uttrekk: Uttrekk) -> None:
    sti = uttrekk.sti(ARKIVSTRUKTUR)
    uttrekk.skriv(ARKIVSTRUKTUR, sti.read_bytes()[:-200])

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.03"}
    f = eneste_feil(rapport, "N5.03")
    assert f.fil == ARKIVSTRUKTUR
    assert "ikke velformet" in f.melding
    assert f.linje is not None
    hoppet_over = {k.kode for k in rapport.kontroller if k.ikke_utfoert}
    assert {"N5.10", "N5.30", "N5.47", "N5.59", "N5.62", "N5.63"} <= hoppet_over
    assert "N5.28" not in hoppet_over
    assert rapport.er_gyldig is False
    linjer = list(rapportlinjer(rapport))
    assert any(linje.startswith("IKKE N5.47 ") for linje in linjer)
    assert re.fullmatch(
        r"Uttrekket har 1 feil og 0 advarsler \(\d+ kontroller ble ikke utført\)", linjer[-1]
    )


def test_skjemavalideringen_stopper_etter_maks_funn(uttrekk: Uttrekk) -> None:
    def legg_til(rot: Any) -> None:
        kp = rot.xpath(f"{journalpost(0)}/n5:korrespondansepart", namespaces=NS)[0]
        for _ in range(MAKS_FUNN + 10):
            ny = copy.deepcopy(kp)
            ny.find(f"{{{N5}}}korrespondansepartNavn").text = ""
            kp.addnext(ny)

    uttrekk.endre_xml(ARKIVSTRUKTUR, legg_til)

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.03", "N5.63"}
    skjema = rapport.kontroll("N5.03")
    assert len(skjema.funn) == MAKS_FUNN + 1
    assert "stoppet etter" in skjema.funn[-1].melding
    tomme = rapport.kontroll("N5.63")
    assert len(tomme.funn) == MAKS_FUNN
    assert tomme.antall_feil == MAKS_FUNN + 10
    assert rapport.statistikk["korrespondansepart"] == MAKS_FUNN + 12


# --- content of arkivstruktur.xml -----------------------------------------------------------


def test_duplisert_systemid(uttrekk: Uttrekk) -> None:
    sett_tekst(uttrekk, ARKIVSTRUKTUR, f"{dokumentobjekt(1)}/n5:systemID", DOKUMENTOBJEKTER[0])

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.47"}
    f = eneste_feil(rapport, "N5.47")
    assert DOKUMENTOBJEKTER[0] in f.melding
    assert f.linje == uttrekk.finn(ARKIVSTRUKTUR, "//n5:dokumentobjekt/n5:systemID")[1].sourceline


def test_referanse_til_ukjent_arkivdel(uttrekk: Uttrekk) -> None:
    sett_tekst(uttrekk, ARKIVSTRUKTUR, f"{saksmappe(0)}/n5:referanseArkivdel", systemid(998))

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.48"}
    f = eneste_feil(rapport, "N5.48")
    assert f.linje == uttrekk.linje(ARKIVSTRUKTUR, f"{saksmappe(0)}/n5:referanseArkivdel")
    assert f.element == "mappe/referanseArkivdel"
    assert systemid(998) in f.melding
    assert ARKIVDEL not in f.melding


def test_referanse_til_ukjent_sekundaerklasse(uttrekk: Uttrekk) -> None:
    sett_tekst(
        uttrekk,
        ARKIVSTRUKTUR,
        f"{saksmappe(0)}/n5:referanseSekundaerKlassifikasjon",
        SAKSMAPPER[1],  # a systemID, but of a mappe, not a klasse
    )

    assert feilkoder(valider(uttrekk.mappe)) == {"N5.51"}


def test_klasse_med_baade_underklasse_og_mappe(uttrekk: Uttrekk) -> None:
    def legg_til(rot: Any) -> None:
        klasse = rot.xpath(f"//n5:klasse[n5:systemID='{KLASSER[0]}']", namespaces=NS)[0]
        under = etree.SubElement(klasse, f"{{{N5}}}klasse")
        for navn, tekst in (
            ("systemID", systemid(6)),
            ("klasseID", "011"),
            ("tittel", "Underklasse"),
            ("opprettetDato", "2020-01-01T08:00:00+01:00"),
            ("opprettetAv", "Arkivar"),
        ):
            etree.SubElement(under, f"{{{N5}}}{navn}").text = tekst

    uttrekk.endre_xml(ARKIVSTRUKTUR, legg_til)

    rapport = valider(uttrekk.mappe)

    # The schema's xs:choice forbids it too.
    assert feilkoder(rapport) == {"N5.03", "N5.12"}
    assert KLASSER[0] in eneste_feil(rapport, "N5.12").melding


def test_ugyldig_opprettet_dato_for_registrering(uttrekk: Uttrekk) -> None:
    sett_tekst(uttrekk, ARKIVSTRUKTUR, f"{journalpost(1)}/n5:opprettetDato", "2020-02-30T10:00:00")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.03", "N5.27"}
    assert eneste_feil(rapport, "N5.27").element == "registrering/opprettetDato"


def test_tom_journalposttype(uttrekk: Uttrekk) -> None:
    sett_tekst(uttrekk, ARKIVSTRUKTUR, f"{journalpost(1)}/n5:journalposttype", "")

    assert feilkoder(valider(uttrekk.mappe)) == {"N5.03", "N5.17", "N5.63"}


STATUSER = [
    pytest.param(f"{saksmappe(0)}/n5:saksstatus", "Under behandling", "N5.15", id="saksstatus"),
    pytest.param(f"{journalpost(0)}/n5:journalstatus", "Journalført", "N5.22", id="journalstatus"),
    pytest.param(
        f"//n5:dokumentbeskrivelse[n5:systemID='{systemid(30)}']/n5:dokumentstatus",
        "Dokumentet er under redigering",
        "N5.25",
        id="dokumentstatus",
    ),
]


@pytest.mark.parametrize(("xpath", "verdi", "kode"), STATUSER)
def test_aapen_status_i_avlevering_er_feil(
    uttrekk: Uttrekk, xpath: str, verdi: str, kode: str
) -> None:
    sett_tekst(uttrekk, ARKIVSTRUKTUR, xpath, verdi)

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {kode}
    f = eneste_feil(rapport, kode)
    assert f.linje == uttrekk.linje(ARKIVSTRUKTUR, xpath)
    assert verdi in f.melding


@pytest.mark.parametrize(("xpath", "verdi", "kode"), STATUSER)
def test_aapen_status_i_deponering_er_advarsel(
    uttrekk: Uttrekk, xpath: str, verdi: str, kode: str
) -> None:
    sett_tekst(uttrekk, ARKIVSTRUKTUR, xpath, verdi)
    sett_tekst(uttrekk, ARKIVSTRUKTUR, "//n5:arkivdel/n5:arkivdelstatus", "Aktiv periode")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == set()
    assert advarselkoder(rapport) == {kode}
    advarsel = funn(rapport, kode)[0]
    assert verdi in advarsel.melding
    assert "deponering" in advarsel.melding
    assert rapport.er_gyldig is True


def test_prefiks_paa_elementnavn_gir_advarsel(uttrekk: Uttrekk) -> None:
    sti = uttrekk.sti(ARKIVSTRUKTUR)
    tekst = sti.read_text(encoding="utf-8")
    tekst = tekst.replace(f'xmlns="{N5}"', f'xmlns:n5="{N5}"')
    tekst = re.sub(r"<(/?)(?=[A-Za-z])", r"<\1n5:", tekst)
    # Without a default namespace the xsi:type values need the prefix to stay schema-valid.
    tekst = tekst.replace('xsi:type="', 'xsi:type="n5:')
    uttrekk.skriv(ARKIVSTRUKTUR, tekst.encode("utf-8"))

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == set()
    assert advarselkoder(rapport) == {"PREFIKS"}
    meldinger = [f.melding for f in funn(rapport, "PREFIKS")]
    assert len(meldinger) == 3
    assert "«n5»" in meldinger[0]
    assert funn(rapport, "PREFIKS")[0].linje == 2
    assert "«n5:saksmappe»" in meldinger[1]
    assert "«n5:journalpost»" in meldinger[2]
    # Counted by local name all the same.
    assert rapport.statistikk["journalpost"] == 2


# --- journals and change log -----------------------------------------------------------------


def test_ulikt_antall_journalposter_i_journalene(uttrekk: Uttrekk) -> None:
    sett_tekst(uttrekk, "offentligJournal.xml", "//o:antallJournalposter", "3")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.59"}
    assert {f.fil for f in funn(rapport, "N5.59")} == {"offentligJournal.xml"}
    assert any("ulik i journalene" in f.melding for f in funn(rapport, "N5.59"))


def test_journaldatoer_som_ikke_stemmer_med_arkivstruktur(uttrekk: Uttrekk) -> None:
    sett_tekst(uttrekk, "loependeJournal.xml", "//l:journalStartDato", "2020-01-01")
    sett_tekst(uttrekk, "offentligJournal.xml", "//o:journalStartDato", "2020-01-01")

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.60"}
    assert {f.fil for f in funn(rapport, "N5.60")} == {
        "loependeJournal.xml",
        "offentligJournal.xml",
    }
    assert all("2020-01-15" in f.melding for f in funn(rapport, "N5.60"))


def test_journaldatoer_med_mykt_periodeskille_sammenlignes_ikke_med_arkivstruktur(
    uttrekk: Uttrekk,
) -> None:
    uttrekk.sett_addml_egenskap("utgaaendeSkille", "mykt")
    sett_tekst(uttrekk, "loependeJournal.xml", "//l:journalStartDato", "2020-01-01")
    sett_tekst(uttrekk, "offentligJournal.xml", "//o:journalStartDato", "2020-01-01")

    assert feilkoder(valider(uttrekk.mappe)) == set()


def test_manglende_endringslogg(uttrekk: Uttrekk) -> None:
    uttrekk.sti("endringslogg.xml").unlink()

    rapport = valider(uttrekk.mappe)

    # Listed in arkivuttrekk.xml but gone (N5.01); Arkade fails N5.61 and N5.62.
    assert feilkoder(rapport) == {"N5.01", "N5.61", "N5.62"}
    assert eneste_feil(rapport, "N5.61").fil == "endringslogg.xml"
    assert eneste_feil(rapport, "N5.01").fil == "endringslogg.xml"


def test_endringslogg_med_ukjent_systemid(uttrekk: Uttrekk) -> None:
    sett_tekst(uttrekk, "endringslogg.xml", "//e:referanseArkivenhet", systemid(999))

    rapport = valider(uttrekk.mappe)

    assert feilkoder(rapport) == {"N5.62"}
    f = eneste_feil(rapport, "N5.62")
    assert f.fil == "endringslogg.xml"
    assert f.linje == uttrekk.linje("endringslogg.xml", "//e:referanseArkivenhet")
    assert f.element == "endring/referanseArkivenhet"
    assert systemid(999) in f.melding


# --- the report and helpers -------------------------------------------------------------------


def test_kontroll_beholder_hoeyst_maks_funn_og_teller_resten() -> None:
    kontroll = Kontroll("N5.47", "Unike systemID-er")
    for i in range(MAKS_FUNN + 50):
        kontroll.feil(f"systemID nr. {i} forekommer to ganger.", ARKIVSTRUKTUR, i + 1)

    linjer = list(rapportlinjer(Rapport([kontroll])))

    assert len(kontroll.funn) == MAKS_FUNN
    assert kontroll.antall_feil == MAKS_FUNN + 50
    assert linjer[0] == f"FEIL N5.47 Unike systemID-er ({MAKS_FUNN + 50} funn)"
    assert linjer[1] == "  arkivstruktur.xml:1: systemID nr. 0 forekommer to ganger."
    assert linjer[-2] == "  … og 50 funn til av samme slag som ikke er vist"
    assert linjer[-1] == f"Uttrekket har {MAKS_FUNN + 50} feil og 0 advarsler"


def test_uttrekksmappe_som_ikke_finnes(tmp_path: Path) -> None:
    rapport = valider(tmp_path / "finnes-ikke")

    assert feilkoder(rapport) == {"N5.01"}
    assert all(k.ikke_utfoert for k in rapport.kontroller if k.kode != "N5.01")
    assert rapport.er_gyldig is False


@pytest.mark.parametrize(
    ("tekst", "gyldig"),
    [
        ("2020-01-15T09:30:00", True),
        ("2020-01-15T09:30:00.123+01:00", True),
        ("2020-01-15T09:30:00Z", True),
        (" 2020-01-15T09:30:00Z ", True),
        ("2020-12-31T24:00:00", True),
        ("2020-02-29T10:00:00", True),
        ("2021-02-29T10:00:00", False),
        ("2020-01-15", False),
        ("2020-01-15 09:30:00", False),
        ("2020-13-01T10:00:00", False),
        ("2020-01-15T24:00:01", False),
        ("2020-01-15T09:30:00+15:00", False),
        ("0000-01-01T00:00:00", False),
        ("", False),
    ],
)
def test_xs_datetime(tekst: str, gyldig: bool) -> None:
    assert er_datotid(tekst) is gyldig
