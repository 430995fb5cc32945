"""A file described first and uploaded afterwards (rest-api.md §6.2), corrections of a file's
free text, the download with its read log, and chunked upload sessions (dokument.bolk)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django_tasks import default_task_backend

from arkivstruktur.models import Dokumentbeskrivelse, Dokumentobjekt, Registrering
from arkivstruktur.services.arv import skjerming_sett
from arkivstruktur.services.dokumentbeskrivelse import dokumentbeskrivelse_opprett
from arkivstruktur.tests.factories_registrering import Arkivoppsett, arkiver, lag_arkivoppsett
from dokument import bolk
from dokument.behandling import mime_type_for_behandling
from dokument.models import Filbehandling, Formatavvik
from dokument.services import (
    dokument_last_opp,
    dokumentobjekt_endre,
    dokumentobjekt_fil_les,
    dokumentobjekt_fil_motta,
    dokumentobjekt_opprett,
    dokumentobjekt_opprett_uten_fil,
)
from felles.feil import DomeneFeil, IkkeFunnet, IngenTilgang
from felles.tid import naa
from sporing.models import Endringslogg

XML = b'<?xml version="1.0" encoding="UTF-8"?>\n<brev>Hei</brev>\n'


@pytest.fixture(autouse=True)
def mapper(settings: Any, tmp_path: Path) -> Path:
    """The document store and the data folder of this test alone."""
    settings.STORAGES = {
        **settings.STORAGES,
        "dokumenter": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "dokumenter"},
        },
    }
    settings.DATA_DIR = tmp_path
    return tmp_path


def uten_fil(oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse, **kwargs: Any) -> Dokumentobjekt:
    return dokumentobjekt_opprett_uten_fil(
        dokumentbeskrivelse=dokument, utfoert_av=oppsett.saksbehandler, **kwargs
    )


def motta(
    oppsett: Arkivoppsett, objekt: Dokumentobjekt, innhold: bytes = XML, **kwargs: Any
) -> Dokumentobjekt:
    kwargs.setdefault("mime_type", "application/xml")
    return dokumentobjekt_fil_motta(
        dokumentobjekt=objekt, innhold=innhold, utfoert_av=oppsett.saksbehandler, **kwargs
    )


# --- described first -------------------------------------------------------------------------


def test_dokumentobjekt_uten_fil_venter_paa_filen(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    objekt = uten_fil(oppsett, dokument, filnavn="brev.xml", sjekksum="A" * 64)

    objekt.refresh_from_db()
    assert objekt.har_fil is False
    assert (objekt.versjonsnummer, objekt.variantformat) == (1, "P")
    assert (objekt.sjekksum, objekt.filstoerrelse, objekt.format) == ("a" * 64, None, "")
    assert Endringslogg.objects.filter(
        referanse_arkivenhet=objekt.system_id, hendelsetype="C"
    ).exists()
    assert Filbehandling.objects.exists() is False
    assert uten_fil(oppsett, dokument).versjonsnummer == 2


@pytest.mark.parametrize(
    ("kwargs", "felt"),
    [
        ({"sjekksum": "abc"}, "sjekksum"),
        ({"sjekksum_algoritme": "MD5"}, "sjekksumAlgoritme"),
        ({"filstoerrelse": 0}, "filstoerrelse"),
        ({"versjonsnummer": 0}, "versjonsnummer"),
        ({"variantformat": "X"}, "variantformat"),
    ],
)
def test_ugyldig_beskrivelse_avvises(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse, kwargs: dict[str, Any], felt: str
) -> None:
    with pytest.raises(DomeneFeil) as feil:
        uten_fil(oppsett, dokument, **kwargs)

    assert feil.value.felt == felt
    assert Dokumentobjekt.objects.exists() is False


def test_samme_versjon_og_variant_to_ganger_avvises(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    uten_fil(oppsett, dokument, versjonsnummer=1)

    with pytest.raises(DomeneFeil, match="allerede et dokumentobjekt for versjon 1"):
        uten_fil(oppsett, dokument, versjonsnummer=1)


def test_arkivert_dokument_og_fremmed_bruker_avvises(
    oppsett: Arkivoppsett, registrering: Registrering, dokument: Dokumentbeskrivelse
) -> None:
    annen = lag_arkivoppsett("Bjerke")
    with pytest.raises(IngenTilgang):
        dokumentobjekt_opprett_uten_fil(
            dokumentbeskrivelse=dokument, utfoert_av=annen.saksbehandler
        )
    arkiver(registrering)

    with pytest.raises(DomeneFeil, match="arkivert"):
        uten_fil(oppsett, dokument)

    assert Dokumentobjekt.objects.exists() is False


def test_fil_med_fil_maa_ha_sjekksum_i_databasen(dokument: Dokumentbeskrivelse) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Dokumentobjekt.objects.create(
            dokumentbeskrivelse=dokument,
            versjonsnummer=1,
            variantformat="P",
            format="av/0",
            sjekksum="",
            filstoerrelse=None,
            opprettet_dato=naa(),
            opprettet_av="test",
        )


# --- the upload --------------------------------------------------------------------------------


def test_opplastingen_fyller_inn_og_koer_behandlingen(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    objekt = uten_fil(oppsett, dokument)

    motta(oppsett, objekt, filnavn="brev.xml")

    objekt.refresh_from_db()
    assert objekt.har_fil is True
    assert objekt.sjekksum == hashlib.sha256(XML).hexdigest()
    assert (objekt.filstoerrelse, objekt.filnavn) == (len(XML), "brev.xml")
    assert (objekt.mime_type, objekt.format, objekt.sjekksum_algoritme) == (
        "application/xml",
        "fmt/101",
        "SHA-256",
    )
    assert objekt.endret_av == oppsett.saksbehandler.visningsnavn
    assert default_task_backend.results[-1].args == [objekt.filbehandling.pk]  # type: ignore[attr-defined]
    logget = set(
        Endringslogg.objects.filter(
            referanse_arkivenhet=objekt.system_id, hendelsetype="U"
        ).values_list("referanse_metadata", flat=True)
    )
    assert {"sjekksum", "filstoerrelse", "mimeType", "format", "filnavn"} <= logget


def test_mimetypen_lagres_som_sendt_men_behandlingen_gaar_etter_innholdet(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    objekt = uten_fil(oppsett, dokument)

    motta(oppsett, objekt, mime_type="text/plain")

    objekt.refresh_from_db()
    assert objekt.mime_type == "text/plain"
    avvik = Formatavvik.objects.get(dokumentobjekt=objekt)
    assert (avvik.deklarert_mime_type, avvik.identifisert_mime_type) == (
        "text/plain",
        "application/xml",
    )
    assert mime_type_for_behandling(objekt) == "application/xml"


def test_behandlingen_bruker_lagret_mimetype_naar_innholdet_er_ukjent(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    # Identification knows nothing of these bytes; the declared type stays what counts.
    objekt = dokument_last_opp(
        registrering=registrering,
        tittel="Data",
        innhold=b"\x00\x01\x02\x03" * 10,
        filnavn="data.csv",
        mime_type="text/csv",
        utfoert_av=oppsett.saksbehandler,
    )

    assert mime_type_for_behandling(objekt) == objekt.mime_type


@pytest.mark.parametrize(
    ("kwargs", "opplasting", "felt"),
    [
        ({"sjekksum": "0" * 64}, {}, "sjekksum"),
        ({"filstoerrelse": 3}, {}, "filstoerrelse"),
        ({"mime_type": "application/pdf"}, {}, "mimeType"),
        ({"filnavn": "a.xml"}, {"filnavn": "b.xml"}, "filnavn"),
        ({"format": "fmt/18"}, {}, "format"),
    ],
)
def test_avvik_fra_det_oppgitte_avvises_og_objektet_er_uendret(
    oppsett: Arkivoppsett,
    dokument: Dokumentbeskrivelse,
    kwargs: dict[str, Any],
    opplasting: dict[str, Any],
    felt: str,
) -> None:
    objekt = uten_fil(oppsett, dokument, **kwargs)
    foer = len(default_task_backend.results)  # type: ignore[attr-defined]

    with pytest.raises(DomeneFeil) as feil:
        motta(oppsett, objekt, **opplasting)

    assert feil.value.felt == felt
    objekt.refresh_from_db()
    assert objekt.har_fil is False
    assert len(default_task_backend.results) == foer  # type: ignore[attr-defined]


def test_riktig_oppgitt_godtas_og_av_0_oppgir_ingenting(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    objekt = uten_fil(
        oppsett,
        dokument,
        sjekksum=hashlib.sha256(XML).hexdigest(),
        filstoerrelse=len(XML),
        mime_type="application/xml",
        format="av/0",
    )

    motta(oppsett, objekt, mime_type="application/xml; charset=utf-8")

    objekt.refresh_from_db()
    assert (objekt.har_fil, objekt.format, objekt.mime_type) == (
        True,
        "fmt/101",
        "application/xml",
    )


def test_en_fil_overskrives_aldri(oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse) -> None:
    objekt = motta(oppsett, uten_fil(oppsett, dokument))

    with pytest.raises(DomeneFeil, match="kan ikke overskrives"):
        motta(oppsett, objekt, innhold=b"<a/>\n")

    objekt.refresh_from_db()
    assert objekt.sjekksum == hashlib.sha256(XML).hexdigest()


def test_opplasting_som_ville_kollidere_med_en_annen_fil_avvises(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    dokumentobjekt_opprett(
        dokumentbeskrivelse=dokument,
        innhold=XML,
        filnavn="a.xml",
        versjonsnummer=1,
        utfoert_av=oppsett.saksbehandler,
    )
    objekt = uten_fil(oppsett, dokument, versjonsnummer=1)

    with pytest.raises(DomeneFeil, match="allerede et dokumentobjekt for versjon 1"):
        motta(oppsett, objekt)


def test_fremmed_bruker_kan_ikke_laste_opp(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    objekt = uten_fil(oppsett, dokument)

    with pytest.raises(IngenTilgang):
        dokumentobjekt_fil_motta(
            dokumentobjekt=objekt, innhold=XML, utfoert_av=lag_arkivoppsett("Bjerke").saksbehandler
        )


def test_uten_filnavn_faar_filen_et_navn(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    objekt = motta(oppsett, uten_fil(oppsett, dokument))

    assert objekt.filnavn == f"{objekt.system_id}.xml"


# --- corrections and reading --------------------------------------------------------------------


def test_fritekst_kan_rettes_til_dokumentet_er_arkivert(
    oppsett: Arkivoppsett, registrering: Registrering, dokument: Dokumentbeskrivelse
) -> None:
    objekt = motta(oppsett, uten_fil(oppsett, dokument))

    dokumentobjekt_endre(
        dokumentobjekt=objekt, mime_type="text/xml", utfoert_av=oppsett.saksbehandler
    )
    arkiver(registrering)

    objekt.refresh_from_db()
    assert objekt.mime_type == "text/xml"
    assert Endringslogg.objects.filter(
        referanse_arkivenhet=objekt.system_id, referanse_metadata="mimeType", ny_verdi="text/xml"
    ).exists()
    with pytest.raises(DomeneFeil, match="arkivert"):
        dokumentobjekt_endre(
            dokumentobjekt=objekt, filnavn="nytt.xml", utfoert_av=oppsett.saksbehandler
        )


def test_lesing_av_skjermet_fil_logges_og_fil_uten_innhold_finnes_ikke(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    objekt = motta(oppsett, uten_fil(oppsett, dokument))
    venter = uten_fil(oppsett, dokument)
    skjerming_sett(
        enhet=dokument,
        tilgangsrestriksjon="13",
        skjerming_metadata=["TD"],
        utfoert_av=oppsett.arkivar,
    )
    objekt = Dokumentobjekt.objects.select_related("dokumentbeskrivelse__skjerming").get(
        pk=objekt.pk
    )

    with dokumentobjekt_fil_les(dokumentobjekt=objekt, bruker=oppsett.saksbehandler) as fil:
        assert fil.read() == XML

    lesing = Endringslogg.objects.get(hendelsetype="R", referanse_arkivenhet=objekt.system_id)
    assert lesing.beskrivelse.startswith("Lastet ned")
    with pytest.raises(IkkeFunnet):
        dokumentobjekt_fil_les(dokumentobjekt=venter, bruker=oppsett.saksbehandler)


def test_dokumentbeskrivelse_kan_faa_medium_og_referanse_ved_opprettelse(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    dokument = dokumentbeskrivelse_opprett(
        registrering=registrering,
        tittel="Brev",
        dokumentmedium="F",
        oppbevaringssted="Arkivskap 3",
        ekstern_referanse="Deres ref. 12",
        utfoert_av=oppsett.saksbehandler,
    )

    dokument.refresh_from_db()
    assert (dokument.dokumentmedium, dokument.oppbevaringssted, dokument.ekstern_referanse) == (
        "F",
        "Arkivskap 3",
        "Deres ref. 12",
    )


# --- chunked sessions --------------------------------------------------------------------------


def test_bolkoekt_samler_bitene_i_rekkefoelge(oppsett: Arkivoppsett, mapper: Path) -> None:
    oekt = bolk.oekt_aapne(
        bruker=oppsett.saksbehandler, maal={"type": "x"}, mime_type="text/plain", stoerrelse=10
    )

    oekt = bolk.oekt_skriv(
        oekt, foerste=0, siste=5, totalt=10, kilde=io.BytesIO(b"012345"), lengde=6
    )
    with pytest.raises(DomeneFeil, match="begynne på byte 6"):
        bolk.oekt_skriv(oekt, foerste=7, siste=9, totalt=10, kilde=io.BytesIO(b"789"), lengde=3)
    with pytest.raises(DomeneFeil, match="bare 2 kom fram"):
        bolk.oekt_skriv(oekt, foerste=6, siste=9, totalt=10, kilde=io.BytesIO(b"67"), lengde=4)
    with pytest.raises(DomeneFeil, match="passer ikke"):
        bolk.oekt_skriv(oekt, foerste=6, siste=10, totalt=10, kilde=io.BytesIO(b"6789"), lengde=4)
    hentet = bolk.oekt_hent(bruker=oppsett.saksbehandler, oekt_id=oekt.id)
    ferdig = bolk.oekt_skriv(
        hentet, foerste=6, siste=9, totalt=10, kilde=io.BytesIO(b"6789"), lengde=4
    )

    assert hentet.mottatt == 6
    assert ferdig.er_komplett is True
    with bolk.oekt_innhold(ferdig) as fil:
        assert fil.read() == b"0123456789"
    bolk.oekt_slett(oekt.id)
    assert list((mapper / "opplastinger").iterdir()) == []


def test_bolkoekten_er_brukerens_egen_og_utloeper(oppsett: Arkivoppsett, mapper: Path) -> None:
    oekt = bolk.oekt_aapne(
        bruker=oppsett.saksbehandler, maal={}, mime_type="text/plain", stoerrelse=3
    )

    with pytest.raises(IkkeFunnet):
        bolk.oekt_hent(bruker=oppsett.arkivar, oekt_id=oekt.id)
    with pytest.raises(IkkeFunnet):
        bolk.oekt_hent(bruker=oppsett.saksbehandler, oekt_id="../../etc")
    gammel = time.time() - 25 * 3600
    for fil in (mapper / "opplastinger" / oekt.id).iterdir():
        os.utime(fil, (gammel, gammel))
    assert bolk.rydd_oekter(eldre_enn=dt.timedelta(hours=24)) == 1
    with pytest.raises(IkkeFunnet):
        bolk.oekt_hent(bruker=oppsett.saksbehandler, oekt_id=oekt.id)


def test_bolkoekt_over_stoerste_filstoerrelse_avvises(oppsett: Arkivoppsett, settings: Any) -> None:
    settings.ARKIVAR_MAKS_FILSTOERRELSE = 100

    with pytest.raises(DomeneFeil, match="Største tillatte"):
        bolk.oekt_aapne(bruker=oppsett.saksbehandler, maal={}, mime_type="", stoerrelse=101)
