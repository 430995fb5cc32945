"""`eksporter`: demo data out as a Noark 5 (5.0) package that the official schemas accept, with
counts, checksums and journals that agree, screened content hidden only in the public journal,
and no half-written package when something goes wrong."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from lxml import etree

from arkivstruktur.models import Arkivdel, Mappe
from arkivstruktur.services.arkiv import arkivdel_opprett
from arkivstruktur.services.klassifikasjon import arkivdel_sett_klassifikasjonssystem
from arkivstruktur.services.mappe import mappe_opprett
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import naa
from kodeliste.models import VirksomhetsspesifiktMetadatafelt
from kodeliste.services import kodenavn
from sakarkiv.models import Journalpost, Korrespondansepart, Saksmappe
from sakarkiv.services.journalpost import journalpost_endre_status
from sakarkiv.services.saksmappe import saksmappe_opprett
from sakarkiv.tests.hjelpere import ny_journalpost
from uttrekk import eksport
from uttrekk.eksport import eksporter
from uttrekk.endringslogg import metadatanavn
from uttrekk.selectors import Periode
from uttrekk.skjema import DATAOBJEKTER, NS_ADDML, NS_ARKIVSTRUKTUR, NS_ENDRINGSLOGG, skjema
from uttrekk.validering import valider
from uttrekk.vsm import NS_VSM, VSM_XSD

A = {"a": NS_ARKIVSTRUKTUR}
D = {"d": NS_ADDML}
L = {"l": "http://www.arkivverket.no/standarder/noark5/loependeJournal"}
O = {"o": "http://www.arkivverket.no/standarder/noark5/offentligJournal"}  # noqa: E741


def _arkivar(arkivdel: Arkivdel) -> Any:
    """The district's records office, who holds the access code of its screened cases."""
    return get_user_model().objects.get(username=f"arkivar.{arkivdel.arkiv.virksomhet.kortnavn}")


def _addml_verdi(addml: etree._ElementTree, sti: str) -> str:
    return str(addml.xpath(sti, namespaces=D)[0])


def test_uttrekk_av_demoarkivdel_er_gyldig_etter_de_offisielle_skjemaene(
    demo: Arkivdel, tmp_path: Path
) -> None:
    uttrekk = eksporter(
        bruker=_arkivar(demo), utmappe=tmp_path / "ut", arkivdel_id=str(demo.system_id)
    )
    mappe = uttrekk.mappe
    for _, fil, skjemaer in DATAOBJEKTER:
        dokument = etree.parse(str(mappe / fil))
        assert skjema(skjemaer[0]).validate(dokument), (fil, skjema(skjemaer[0]).error_log)
    addml = etree.parse(str(mappe / "arkivuttrekk.xml"))
    assert skjema("addml.xsd").validate(addml), skjema("addml.xsd").error_log
    # The schemas shipped are the official ones, byte for byte.
    for xsd in ("arkivstruktur.xsd", "metadatakatalog.xsd", "addml.xsd"):
        assert (mappe / xsd).read_bytes() == (
            Path(eksport.__file__).parent / "xsd" / xsd
        ).read_bytes()

    struktur = etree.parse(str(mappe / "arkivstruktur.xml"))
    mapper = struktur.xpath("//a:mappe", namespaces=A)
    journalposter = struktur.xpath(
        "//a:registrering[@xsi:type='journalpost']",
        namespaces={**A, "xsi": "http://www.w3.org/2001/XMLSchema-instance"},
    )
    assert len(mapper) == Saksmappe.objects.filter(arkivdel=demo).count() == uttrekk.telling.mapper
    assert len(journalposter) == Journalpost.objects.filter(arkivdel=demo).count()
    # Counts and checksums in arkivuttrekk.xml are those of the files as delivered.
    teller = {
        _addml_verdi(
            addml,
            f"//d:property[@name='numberOfOccurrences'][d:value='{e}']"
            "//d:property[@name='value']/d:value/text()",
        ): e
        for e in ("mappe", "registrering")
    }
    assert teller == {str(len(mapper)): "mappe", str(len(journalposter)): "registrering"}
    for navn, fil, _ in DATAOBJEKTER:
        sjekksum = _addml_verdi(
            addml,
            f"//d:dataObject[@name='{navn}']/d:properties/d:property[@name='file']"
            "//d:property[@name='checksum']//d:property[@name='value']/d:value/text()",
        )
        assert sjekksum == hashlib.sha256((mappe / fil).read_bytes()).hexdigest()
    filer = [p for p in (mappe / "dokumenter").rglob("*") if p.is_file()]
    assert _addml_verdi(addml, "//d:property[@name='antallDokumentfiler']/d:value/text()") == str(
        len(filer)
    )
    # Every document object points at a file with its checksum, format = the file extension.
    for objekt in struktur.xpath("//a:dokumentobjekt", namespaces=A):
        fil = mappe / objekt.findtext("a:referanseDokumentfil", namespaces=A)
        assert hashlib.sha256(fil.read_bytes()).hexdigest() == objekt.findtext(
            "a:sjekksum", namespaces=A
        )
        assert fil.suffix == "." + objekt.findtext("a:format", namespaces=A)
        assert objekt.findtext("a:formatDetaljer", namespaces=A).startswith("fmt/")
    assert uttrekk.antall_endringer > 0


def test_offentlig_journal_skjuler_det_skjermede_men_den_loepende_gjoer_det_ikke(
    demo: Arkivdel, tmp_path: Path
) -> None:
    mappe = eksporter(
        bruker=_arkivar(demo), utmappe=tmp_path / "ut", arkivdel_id=str(demo.system_id)
    ).mappe
    sak = Saksmappe.objects.filter(skjerming__tilgangsrestriksjon="13", arkivdel=demo).first()
    assert sak is not None
    loepende = etree.parse(str(mappe / "loependeJournal.xml"))
    offentlig = etree.parse(str(mappe / "offentligJournal.xml"))
    sti = (
        "//{p}:journalregistrering[{p}:saksmappe/{p}:saksaar={aar} and "
        "{p}:saksmappe/{p}:sakssekvensnummer={nr}]"
    )
    intern = loepende.xpath(
        sti.format(p="l", aar=sak.saksaar, nr=sak.sakssekvensnummer), namespaces=L
    )
    ute = offentlig.xpath(
        sti.format(p="o", aar=sak.saksaar, nr=sak.sakssekvensnummer), namespaces=O
    )
    assert intern
    assert len(intern) == len(ute)
    assert intern[0].findtext("l:saksmappe/l:tittel", namespaces=L) == sak.tittel
    assert intern[0].findtext("l:saksmappe/l:skjermingMetadata", namespaces=L)
    offentlig_tittel = ute[0].findtext("o:saksmappe/o:offentligTittel", namespaces=O)
    assert "*****" in offentlig_tittel
    assert offentlig_tittel != sak.tittel
    # NPS: the party's name (often the child or parent) is hidden in public.
    for registrering in ute:
        for navn in registrering.xpath(".//o:korrespondansepartNavn/text()", namespaces=O):
            assert navn == "*****"
    assert b"skjermingMetadata" not in (mappe / "offentligJournal.xml").read_bytes()
    # Both journals count the same journalposts as arkivstruktur.xml.
    antall = Journalpost.objects.filter(arkivdel=demo).count()
    assert len(loepende.xpath("//l:journalregistrering", namespaces=L)) == antall
    assert loepende.findtext(".//l:antallJournalposter", namespaces=L) == str(antall)
    assert offentlig.findtext(".//o:antallJournalposter", namespaces=O) == str(antall)


def test_journalene_staar_i_journalnummerorden_selv_om_sakene_gaar_om_hverandre(
    demo: Arkivdel, tmp_path: Path
) -> None:
    """The walk goes case by case; the journals list the posts by journal number."""
    foerste = Saksmappe.objects.filter(arkivdel=demo).order_by("saksaar", "sakssekvensnummer")[0]
    ny_journalpost(foerste, _arkivar(demo), tittel="Ettersendt vedlegg")
    mappe = eksporter(
        bruker=_arkivar(demo), utmappe=tmp_path / "uttrekk" / "ut", arkivdel_id=str(demo.system_id)
    ).mappe

    def journalnummer(fil: str, ns: dict[str, str], sti: str) -> list[tuple[int, int]]:
        p = next(iter(ns))
        poster = etree.parse(str(mappe / fil)).xpath(f"//{p}:{sti}", namespaces=ns)
        return [
            (
                int(post.findtext(f"{p}:journalaar", namespaces=ns)),
                int(post.findtext(f"{p}:journalsekvensnummer", namespaces=ns)),
            )
            for post in poster
        ]

    i_saksorden = journalnummer("arkivstruktur.xml", A, "registrering[a:journalaar]")
    assert i_saksorden != sorted(i_saksorden)  # the first case's newest post is the last
    assert journalnummer("loependeJournal.xml", L, "journalpost") == sorted(i_saksorden)
    assert journalnummer("offentligJournal.xml", O, "journalpost") == sorted(i_saksorden)
    # The scratch file the journals were sorted in is gone.
    assert [sti.name for sti in (tmp_path / "uttrekk").iterdir()] == ["ut"]


def test_endringsloggen_skriver_koder_med_navn_som_arkivstrukturen(
    demo: Arkivdel, tmp_path: Path
) -> None:
    sak = Saksmappe.objects.filter(arkivdel=demo).order_by("saksaar", "sakssekvensnummer")[0]
    journalpost = ny_journalpost(sak, _arkivar(demo), tittel="Søknad", journalstatus="M")
    journalpost_endre_status(journalpost=journalpost, journalstatus="J", utfoert_av=_arkivar(demo))
    mappe = eksporter(
        bruker=_arkivar(demo), utmappe=tmp_path / "ut", arkivdel_id=str(demo.system_id)
    ).mappe

    ns = {"e": NS_ENDRINGSLOGG}
    endring = etree.parse(str(mappe / "endringslogg.xml")).xpath(
        f"//e:endring[e:referanseArkivenhet='{journalpost.system_id}']"
        "[e:referanseMetadata='journalstatus']",
        namespaces=ns,
    )
    assert [
        (e.findtext("e:tidligereVerdi", namespaces=ns), e.findtext("e:nyVerdi", namespaces=ns))
        for e in endring
    ] == [(kodenavn("journalstatus", "M"), kodenavn("journalstatus", "J"))]
    assert kodenavn("journalstatus", "J") != "J"


@pytest.mark.parametrize(
    ("arkivenhet_type", "felt", "navn"),
    [
        ("saksmappe", "offentlig_tittel", "offentligTittel"),  # from the help text's M025
        ("mappe", "mappe_id", "mappeID"),
        ("journalpost", "dokumentets_dato", "dokumentetsDato"),
        ("registrering", "registrerings_id", "registreringsID"),
        ("saksmappe", "referanse_administrativ_enhet", "referanseAdministrativEnhet"),
        ("journalpost", "journalstatus", "journalstatus"),
    ],
)
def test_referanseMetadata_er_noark_navnet(arkivenhet_type: str, felt: str, navn: str) -> None:
    assert metadatanavn(arkivenhet_type, felt) == navn


def test_undermapper_staar_inne_i_overmappen_ogsaa_naar_bare_de_er_i_perioden(
    demo: Arkivdel, tmp_path: Path
) -> None:
    """A mappe holds its undermapper (the schema's mappe/mappe); with a period, an old
    overmappe comes along for a new journalpost two levels down."""
    arkivar = _arkivar(demo)
    klasse = Saksmappe.objects.filter(arkivdel=demo).first().klasse  # type: ignore[union-attr]
    prosjekt = mappe_opprett(
        tittel="Prosjekt skolevei", arkivdel=demo, klasse=klasse, utfoert_av=arkivar
    )
    delprosjekt = mappe_opprett(tittel="Delprosjekt fortau", overmappe=prosjekt, utfoert_av=arkivar)
    sak = saksmappe_opprett(tittel="Fortau i Alnagata", overmappe=delprosjekt, utfoert_av=arkivar)
    post = ny_journalpost(sak, arkivar, tittel="Innspill til fortau")
    Mappe.objects.filter(pk__in=[prosjekt.pk, delprosjekt.pk]).update(
        opprettet_dato=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    sti = "//a:mappe[a:tittel='Prosjekt skolevei']/a:mappe[a:tittel='Delprosjekt fortau']/a:mappe"
    for navn, periode in (
        ("alt", None),
        ("perioden", Periode(post.journaldato, post.journaldato)),  # type: ignore[arg-type]
    ):
        uttrekk = eksporter(
            bruker=arkivar,
            utmappe=tmp_path / navn,
            arkivdel_id=str(demo.system_id),
            periode=periode,
        )
        struktur = etree.parse(str(uttrekk.mappe / "arkivstruktur.xml"))
        assert skjema("arkivstruktur.xsd").validate(struktur), skjema("arkivstruktur.xsd").error_log
        (undermappe,) = struktur.xpath(sti, namespaces=A)
        assert undermappe.findtext("a:tittel", namespaces=A) == "Fortau i Alnagata"
        assert undermappe.xpath("a:registrering/a:tittel/text()", namespaces=A) == [
            "Innspill til fortau"
        ]
        assert struktur.xpath("count(//a:mappe)", namespaces=A) == uttrekk.telling.mapper
    # The whole arkivdel passes every check too (the one-day period has no document, which
    # Arkade's N5.28 reports, and no logged change, which the endringslogg schema requires).
    rapport = valider(tmp_path / "alt")
    assert rapport.antall_feil == 0, [f.melding for f in rapport.feil]


def test_arkivdeler_som_deler_klassifikasjonssystem_tas_ut_hver_for_seg(
    demo: Arkivdel, tmp_path: Path
) -> None:
    """Two arkivdeler with one klassifikasjonssystem: an extract of the arkiv would hold the
    system, and its systemID, twice (N5.47); it is refused with what to do instead."""
    forvalter = get_user_model().objects.filter(is_superuser=True).first()
    ny = arkivdel_opprett(arkiv=demo.arkiv, tittel="Saksarkiv 2027", utfoert_av=forvalter)
    arkivdel_sett_klassifikasjonssystem(
        arkivdel=ny, klassifikasjonssystem=demo.klassifikasjonssystem, utfoert_av=forvalter
    )
    with pytest.raises(DomeneFeil, match=r"deler klassifikasjonssystemet .* ett uttrekk per"):
        eksporter(
            bruker=_arkivar(demo), utmappe=tmp_path / "arkiv", arkiv_id=str(demo.arkiv.system_id)
        )
    assert not (tmp_path / "arkiv").exists()
    assert eksporter(
        bruker=_arkivar(demo), utmappe=tmp_path / "del", arkivdel_id=str(demo.system_id)
    )


def test_periode_tar_med_journalpostene_fra_de_dagene(demo: Arkivdel, tmp_path: Path) -> None:
    datoer = sorted(Journalpost.objects.filter(arkivdel=demo).values_list("journaldato", flat=True))
    fra, til = datoer[0], datoer[len(datoer) // 2]
    uttrekk = eksporter(
        bruker=_arkivar(demo),
        utmappe=tmp_path / "ut",
        arkivdel_id=str(demo.system_id),
        periode=Periode(fra, til),
    )
    forventet = Journalpost.objects.filter(arkivdel=demo, journaldato__range=(fra, til)).count()
    assert uttrekk.telling.antall_journalposter == forventet < len(datoer)
    addml = etree.parse(str(uttrekk.mappe / "arkivuttrekk.xml"))
    assert _addml_verdi(addml, "//d:property[@name='startDate']/d:value/text()") == fra.isoformat()
    assert _addml_verdi(addml, "//d:property[@name='endDate']/d:value/text()") == til.isoformat()


def test_bare_arkivar_eller_systemadministrator_kan_ta_uttrekk(
    demo: Arkivdel, tmp_path: Path
) -> None:
    saksbehandler = get_user_model().objects.get(
        username=f"saksbehandler.{demo.arkiv.virksomhet.kortnavn}"
    )
    with pytest.raises(IngenTilgang, match="Bare arkivaren"):
        eksporter(bruker=saksbehandler, utmappe=tmp_path / "ut", arkivdel_id=str(demo.system_id))
    assert not (tmp_path / "ut").exists()
    # The systemadministrator may, but does not hold the code for child-welfare cases: an
    # extract without them would be incomplete, so it is refused.
    admin = get_user_model().objects.get(username="admin")
    with pytest.raises(DomeneFeil, match=r"ikke tilgang til .* ufullstendig"):
        eksporter(bruker=admin, utmappe=tmp_path / "ut", arkivdel_id=str(demo.system_id))
    assert not (tmp_path / "ut").exists()
    assert eksporter(
        bruker=_arkivar(demo), utmappe=tmp_path / "ut", arkivdel_id=str(demo.system_id)
    ).telling.mapper


def test_feil_underveis_etterlater_ingen_halv_pakke_og_kan_kjoeres_igjen(
    demo: Arkivdel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def avbryt(*args: Any, **kwargs: Any) -> int:
        raise OSError("disken er full")

    monkeypatch.setattr(eksport, "skriv_endringslogg", avbryt)
    uttrekk = tmp_path / "uttrekk"
    uttrekk.mkdir()
    with pytest.raises(OSError, match="disken er full"):
        eksporter(bruker=_arkivar(demo), utmappe=uttrekk / "ut", arkivdel_id=str(demo.system_id))
    assert list(uttrekk.iterdir()) == []  # neither the package nor its work folder
    monkeypatch.undo()
    assert eksporter(bruker=_arkivar(demo), utmappe=uttrekk / "ut", arkivdel_id=str(demo.system_id))
    with pytest.raises(DomeneFeil, match="finnes allerede"):
        eksporter(bruker=_arkivar(demo), utmappe=uttrekk / "ut", arkivdel_id=str(demo.system_id))


def test_kommandoen_lager_uttrekk_og_sier_hva_det_holder(demo: Arkivdel, tmp_path: Path) -> None:
    ut = StringIO()
    call_command(
        "uttrekk",
        "eksporter",
        str(tmp_path / "ut"),
        "--arkivdel",
        str(demo.system_id),
        "--som",
        _arkivar(demo).username,
        stdout=ut,
    )
    antall = Journalpost.objects.filter(arkivdel=demo).count()
    assert f"({antall} journalposter)" in ut.getvalue()
    with pytest.raises(CommandError, match="Fant ingen aktiv bruker"):
        call_command(
            "uttrekk", "eksporter", str(tmp_path / "x"), "--arkivdel", "x", "--som", "ukjent"
        )
    with pytest.raises(CommandError, match="ikke en dato"):
        call_command(
            "uttrekk",
            "eksporter",
            str(tmp_path / "x"),
            "--arkivdel",
            str(demo.system_id),
            "--periode",
            "2025-01-01",
            "i går",
            "--som",
            _arkivar(demo).username,
        )


def _vsm_katalog() -> None:
    for navn, type_ in (
        ("ppt-v1:skoleaar", "string"),
        ("ppt-v1:saksnummer", "integer"),
        ("vnd-acme-v1:hastesak", "boolean"),
    ):
        VirksomhetsspesifiktMetadatafelt.objects.create(
            navn=navn, type=type_, opprettet_dato=naa(), opprettet_av="test"
        )


def test_virksomhetsspesifikke_metadata_tas_med_med_eget_skjema(
    demo: Arkivdel, tmp_path: Path
) -> None:
    _vsm_katalog()
    sak = Saksmappe.objects.filter(arkivdel=demo).first()
    assert sak is not None
    Saksmappe.objects.filter(pk=sak.pk).update(
        virksomhetsspesifikke_metadata={"ppt-v1:skoleaar": "2018/2019", "ppt-v1:saksnummer": 7}
    )
    journalpost = Journalpost.objects.filter(mappe=sak).first()
    assert journalpost is not None
    Journalpost.objects.filter(pk=journalpost.pk).update(
        virksomhetsspesifikke_metadata={"vnd-acme-v1:hastesak": True}
    )

    uttrekk = eksporter(
        bruker=_arkivar(demo), utmappe=tmp_path / "ut", arkivdel_id=str(demo.system_id)
    )

    rapport = valider(uttrekk.mappe)
    assert rapport.antall_feil == 0, [f.melding for f in rapport.feil]
    struktur = etree.parse(str(uttrekk.mappe / "arkivstruktur.xml"))
    mappe = struktur.xpath(f"//a:mappe[a:systemID='{sak.system_id}']", namespaces=A)[0]
    ns = {**A, "v": NS_VSM}
    felter = mappe.xpath("a:virksomhetsspesifikkeMetadata/v:felt", namespaces=ns)
    assert [(f.get("navn"), f.get("type"), f.text) for f in felter] == [
        ("ppt-v1:saksnummer", "integer", "7"),
        ("ppt-v1:skoleaar", "string", "2018/2019"),
    ]
    assert struktur.xpath(
        f"//a:registrering[a:systemID='{journalpost.system_id}']"
        "/a:virksomhetsspesifikkeMetadata/v:felt/text()",
        namespaces=ns,
    ) == ["true"]
    addml = etree.parse(str(uttrekk.mappe / "arkivuttrekk.xml"))
    assert (
        _addml_verdi(
            addml, "//d:property[@name='inneholderVirksomhetsspesifikkeMetadata']/d:value/text()"
        )
        == "true"
    )
    assert addml.xpath(
        "//d:dataObject[@name='arkivstruktur']//d:property[@name='schema']"
        "//d:property[@name='name']/d:value/text()",
        namespaces=D,
    ) == ["arkivstruktur.xsd", "metadatakatalog.xsd", VSM_XSD]
    assert (uttrekk.mappe / VSM_XSD).exists()


def test_uten_virksomhetsspesifikke_metadata_er_skjemaet_ikke_med(
    demo: Arkivdel, tmp_path: Path
) -> None:
    uttrekk = eksporter(
        bruker=_arkivar(demo), utmappe=tmp_path / "ut", arkivdel_id=str(demo.system_id)
    )

    assert not (uttrekk.mappe / VSM_XSD).exists()
    addml = etree.parse(str(uttrekk.mappe / "arkivuttrekk.xml"))
    assert (
        _addml_verdi(
            addml, "//d:property[@name='inneholderVirksomhetsspesifikkeMetadata']/d:value/text()"
        )
        == "false"
    )


def test_virksomhetsspesifikke_metadata_paa_korrespondansepart_gir_avslag_heller_enn_tap(
    demo: Arkivdel, tmp_path: Path
) -> None:
    _vsm_katalog()
    part = Korrespondansepart.objects.filter(registrering__arkivdel=demo).first()
    assert part is not None
    Korrespondansepart.objects.filter(pk=part.pk).update(
        virksomhetsspesifikke_metadata={"ppt-v1:skoleaar": "2025"}
    )
    with pytest.raises(DomeneFeil, match=r"1 korrespondanseparter .* virksomhetsspesifikke"):
        eksporter(bruker=_arkivar(demo), utmappe=tmp_path / "ut", arkivdel_id=str(demo.system_id))
    assert not (tmp_path / "ut").exists()


def test_utenfor_en_transaksjon_leses_hele_uttrekket_i_ett_oeyeblikk(
    transactional_db: Any, dokumentlager: Path, tmp_path: Path
) -> None:
    """Outside a transaction the export takes its own (on PostgreSQL REPEATABLE READ, read
    only); inside one, as in the other tests, it reads in that one."""
    call_command("demo", saker=10, froe=2026, stdout=StringIO())
    arkivdel = Saksmappe.objects.first().arkivdel  # type: ignore[union-attr]
    uttrekk = eksporter(
        bruker=_arkivar(arkivdel), utmappe=tmp_path / "ut", arkivdel_id=str(arkivdel.system_id)
    )
    assert uttrekk.telling.mapper == Saksmappe.objects.filter(arkivdel=arkivdel).count()


def test_paa_sqlite_leser_uttrekket_i_en_lesetransaksjon_uten_skrivelaasen(
    transactional_db: Any,
) -> None:
    """Django's transactions on SQLite begin IMMEDIATE (the write lock, settings.py): an
    export inside one would stop every writer until it is done. It reads in a deferred
    transaction of its own instead, and ends it."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with eksport._samme_oeyeblikk():
        assert connection.connection.in_transaction
        assert not connection.in_atomic_block
    assert not connection.connection.in_transaction
