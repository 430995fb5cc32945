"""One step of `python -m bench.uttrekk`, in a process of its own so that its peak memory is its
own (the driver reads it from the child's ru_maxrss). Prints `UTTREKK-RESULTAT {json}`.

    bygg N M       a fresh SQLite archive: one bydel's arkivdel with N journalposts (ten per
                   case, each with a korrespondansepart and a document whose file is one of a
                   hundred stored files) and a second arkivdel with M, all by bulk inserts
                   (setting up, not measured)
    eksporter UT ARKIVDEL      arkivar uttrekk eksporter, as the records office
    ren-skriving UT UTTREKK    the baseline: the elements the export wrote to UTTREKK's XML files
                               (read back outside the clock), built and written again with lxml's
                               incremental writer
    importer UTTREKK           arkivar uttrekk importer into this (empty) installation
    ren-innsetting UTTREKK     the baseline: the same rows inserted with plain executemany, one
                               transaction
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

RESULTAT_PREFIKS = "UTTREKK-RESULTAT"
PER_SAK = 10
FILER = 100


def _django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()


def _skriv(resultat: dict[str, Any]) -> None:
    resultat["maks_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{RESULTAT_PREFIKS} {json.dumps(resultat)}", flush=True)


# --- setting up ------------------------------------------------------------------------------


def bygg(antall: int, antall_import: int) -> None:
    from django.core.management import call_command

    _django()
    call_command("migrate", verbosity=0)
    from demo.bygg import Demobygger, planlegg

    Demobygger(skriv=lambda _: None).bygg_organisasjon(planlegg(2026, 0))
    from arkivstruktur.models import Arkivdel

    stor = Arkivdel.objects.select_related("arkiv").get(arkiv__virksomhet__kortnavn="alna")
    liten = Arkivdel.objects.select_related("arkiv").get(arkiv__virksomhet__kortnavn="bjerke")
    filer = _lagre_filer()
    _fyll(stor, antall, filer)
    _fyll(liten, antall_import, filer)
    _skriv({"stor": str(stor.system_id), "liten": str(liten.system_id)})


def _lagre_filer() -> list[tuple[str, int]]:
    from dokument.lagring import lagre_innhold
    from felles.pdf import lag_pdf

    return [
        (lagret.sjekksum, lagret.filstoerrelse)
        for lagret in (
            lagre_innhold(lag_pdf(f"Dokument {nr}", ["Ytelsesmåling av arkivuttrekk."]))
            for nr in range(FILER)
        )
    ]


def _fyll(arkivdel: Any, antall: int, filer: list[tuple[str, int]]) -> None:
    """Cases, journalposts, parties and documents by bulk insert, in batches of 1,000 cases."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from arkivstruktur.models import (
        Dokumentbeskrivelse,
        Dokumentobjekt,
        Dokumenttilknytning,
        Klasse,
        Mappe,
        Registrering,
    )
    from felles.tid import naa
    from sakarkiv.models import Korrespondansepart
    from sporing.services import logg_endret, logget_transaksjon

    kortnavn = arkivdel.arkiv.virksomhet.kortnavn
    bruker = get_user_model().objects.get(username=f"arkivar.{kortnavn}")
    navn = bruker.visningsnavn
    klasse = Klasse.objects.filter(
        klassifikasjonssystem=arkivdel.klassifikasjonssystem, underklasser__isnull=True
    ).first()
    tid = naa() - dt.timedelta(days=400)
    saker = max(1, antall // PER_SAK)
    for start in range(0, saker, 1000):
        with transaction.atomic():
            mapper = Mappe.objects.bulk_create(
                Mappe(
                    mappetype="saksmappe",
                    arkiv=arkivdel.arkiv,
                    arkivdel=arkivdel,
                    klasse=klasse,
                    mappe_id=f"2025/{nr + 1}",
                    tittel=f"Søknad om tilrettelegging nummer {nr + 1}",
                    dokumentmedium="E",
                    dokumentmedium_kodenavn="Elektronisk arkiv",
                    saksaar=2025,
                    sakssekvensnummer=nr + 1,
                    saksdato=tid.date(),
                    administrativ_enhet="Helse og omsorg",
                    saksansvarlig=navn,
                    saksstatus="B",
                    saksstatus_kodenavn="Under behandling",
                    opprettet_dato=tid,
                    opprettet_av=navn,
                    siste_journalpostnummer=PER_SAK,
                )
                for nr in range(start, min(saker, start + 1000))
            )
            poster = Registrering.objects.bulk_create(
                Registrering(
                    registreringstype="journalpost",
                    arkiv=arkivdel.arkiv,
                    arkivdel=arkivdel,
                    mappe=mappe,
                    registrerings_id=f"{mappe.mappe_id}-{k + 1}",
                    tittel=f"Brev {k + 1} i sak {mappe.mappe_id}",
                    dokumentmedium="E",
                    dokumentmedium_kodenavn="Elektronisk arkiv",
                    journalaar=2025,
                    journalsekvensnummer=(mappe.sakssekvensnummer - 1) * PER_SAK + k + 1,
                    journalpostnummer=k + 1,
                    journalposttype="I",
                    journalposttype_kodenavn="Inngående dokument",
                    journalstatus="J",
                    journalstatus_kodenavn="Journalført",
                    journaldato=tid.date() + dt.timedelta(days=k),
                    opprettet_dato=tid,
                    opprettet_av=navn,
                    siste_dokumentnummer=1,
                )
                for mappe in mapper
                for k in range(PER_SAK)
            )
            Korrespondansepart.objects.bulk_create(
                Korrespondansepart(
                    registrering=post,
                    korrespondansepartsubtype="person",
                    korrespondanseparttype="EA",
                    korrespondanseparttype_kodenavn="Avsender",
                    korrespondansepart_navn=f"Ola Nordmann {post.journalsekvensnummer}",
                    postadresse=["Storgata 1"],
                    postnummer="0155",
                    poststed="Oslo",
                )
                for post in poster
            )
            dokumenter = Dokumentbeskrivelse.objects.bulk_create(
                Dokumentbeskrivelse(
                    tittel=post.tittel,
                    dokumenttype="B",
                    dokumenttype_kodenavn="Brev",
                    dokumentstatus="F",
                    dokumentstatus_kodenavn="Dokumentet er ferdigstilt",
                    dokumentmedium="E",
                    dokumentmedium_kodenavn="Elektronisk arkiv",
                    arkivdel=arkivdel,
                    opprettet_dato=tid,
                    opprettet_av=navn,
                )
                for post in poster
            )
            Dokumenttilknytning.objects.bulk_create(
                Dokumenttilknytning(
                    registrering=post,
                    dokumentbeskrivelse=dokument,
                    dokumentnummer=1,
                    tilknyttet_registrering_som="H",
                    tilknyttet_registrering_som_kodenavn="Hoveddokument",
                    tilknyttet_dato=tid,
                    tilknyttet_av=navn,
                )
                for post, dokument in zip(poster, dokumenter, strict=True)
            )
            Dokumentobjekt.objects.bulk_create(
                Dokumentobjekt(
                    dokumentbeskrivelse=dokument,
                    versjonsnummer=1,
                    variantformat="A",
                    variantformat_kodenavn="Arkivformat",
                    format="fmt/477",
                    filnavn="brev.pdf",
                    mime_type="application/pdf",
                    sjekksum=filer[nr % FILER][0],
                    filstoerrelse=filer[nr % FILER][1],
                    opprettet_dato=tid,
                    opprettet_av=navn,
                )
                for nr, dokument in enumerate(dokumenter)
            )
    # The schema wants at least one logged change in endringslogg.xml.
    with logget_transaksjon():
        logg_endret(mapper[0], utfoert_av=bruker, felt="tittel", tidligere="Søknad", ny="Søknad om")


# --- the measured steps ----------------------------------------------------------------------


def eksporter(ut: str, arkivdel: str) -> None:
    _django()
    from django.contrib.auth import get_user_model

    from arkivstruktur.models import Arkivdel
    from uttrekk.eksport import eksporter as eksporter_uttrekk

    kortnavn = Arkivdel.objects.get(system_id=arkivdel).arkiv.virksomhet.kortnavn
    bruker = get_user_model().objects.get(username=f"arkivar.{kortnavn}")
    start = time.perf_counter()
    uttrekk = eksporter_uttrekk(bruker=bruker, utmappe=Path(ut), arkivdel_id=arkivdel)
    sekunder = time.perf_counter() - start
    _skriv({"sekunder": sekunder, "journalposter": uttrekk.telling.antall_journalposter})


_POSTER = {
    "arkivstruktur.xml": "mappe",
    "loependeJournal.xml": "journalregistrering",
    "offentligJournal.xml": "journalregistrering",
}


def ren_skriving(ut: str, uttrekk: str) -> None:
    """The baseline: the very elements the export wrote to its three XML files, built with
    lxml and written with its incremental writer, one record (mappe, journalregistrering) at
    a time. The records are read back from the export's files first, outside the clock, so
    the clock holds only building and writing the same elements."""
    from lxml import etree

    Node = tuple[str, dict[str, str], "str | None", list[Any]]

    def les(element: Any) -> Node:
        barn = [les(b) for b in element]
        return (element.tag, dict(element.attrib), None if barn else element.text, barn)

    def bygg(forelder: Any, node: Node) -> Any:
        tag, attributter, tekst, barn = node
        element = etree.SubElement(forelder, tag, attributter)
        if tekst is not None:
            element.text = tekst
        for b in barn:
            bygg(element, b)
        return element

    sekunder = 0.0
    antall = 0
    Path(ut).mkdir(parents=True)
    for fil, post in _POSTER.items():
        with (
            (Path(ut) / fil).open("wb") as utfil,
            etree.xmlfile(utfil, encoding="utf-8") as xf,
            xf.element("arkiv"),
        ):
            for _, element in etree.iterparse(str(Path(uttrekk) / fil), events=("end",)):
                if etree.QName(element).localname != post or element.getparent().tag.endswith(
                    "}mappe"
                ):
                    continue
                tag, attributter, _, barn = les(element)
                element.clear()
                while element.getprevious() is not None:  # keep memory flat over a large file
                    del element.getparent()[0]
                start = time.perf_counter()
                rot = etree.Element(tag, attributter)
                for b in barn:
                    bygg(rot, b)
                xf.write(rot, pretty_print=True)
                sekunder += time.perf_counter() - start
                antall += post == "journalregistrering" and fil.startswith("loepende")
    _skriv({"sekunder": sekunder, "journalposter": antall})


def importer(uttrekk: str) -> None:
    from django.core.management import call_command

    _django()
    call_command("migrate", verbosity=0)
    from demo.bygg import Demobygger, planlegg

    Demobygger(skriv=lambda _: None).bygg_organisasjon(planlegg(2026, 0))
    from django.contrib.auth import get_user_model

    from organisasjon.models import Virksomhet
    from uttrekk.innlesing import importer as importer_uttrekk

    bruker = get_user_model().objects.get(username="arkivar.bjerke")
    virksomhet = Virksomhet.objects.get(kortnavn="bjerke")
    start = time.perf_counter()
    resultat = importer_uttrekk(mappe=Path(uttrekk), virksomhet=virksomhet, bruker=bruker)
    _skriv(
        {
            "sekunder": time.perf_counter() - start,
            "journalposter": resultat.antall["registrering"],
            "rader": sum(resultat.antall.values()),
        }
    )


def ren_innsetting(antall: str) -> None:
    """Plain inserts of as many rows as the import made, into a table of the same width."""
    _django()
    from django.db import connection, transaction

    rader = int(antall)
    with connection.cursor() as markoer:
        markoer.execute(
            "CREATE TABLE ren_innsetting (id INTEGER PRIMARY KEY, system_id CHAR(32), "
            "tittel TEXT, opprettet_dato TEXT, opprettet_av TEXT, tall INTEGER, dato TEXT, "
            "kode TEXT, navn TEXT)"
        )
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as markoer:
        markoer.executemany(
            "INSERT INTO ren_innsetting (system_id, tittel, opprettet_dato, opprettet_av, tall,"
            " dato, kode, navn) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    f"{nr:032x}",
                    f"Brev {nr}",
                    "2025-01-01T10:00:00+01:00",
                    "Kari",
                    nr,
                    "2025-01-01",
                    "I",
                    "Inngående dokument",
                )
                for nr in range(rader)
            ],
        )
    _skriv({"sekunder": time.perf_counter() - start, "rader": rader})


if __name__ == "__main__":
    steg, *argumenter = sys.argv[1:]
    {
        "bygg": lambda: bygg(int(argumenter[0]), int(argumenter[1])),
        "eksporter": lambda: eksporter(*argumenter),
        "ren-skriving": lambda: ren_skriving(*argumenter),
        "importer": lambda: importer(*argumenter),
        "ren-innsetting": lambda: ren_innsetting(*argumenter),
    }[steg]()
