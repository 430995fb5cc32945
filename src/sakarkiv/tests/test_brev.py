"""A letter from a template answers an incoming letter (issue 6 item 4)."""

from __future__ import annotations

import datetime as dt
import io

import docx as python_docx
import pytest
from django.test import Client

from arkivstruktur.models import Dokumentbeskrivelse, Dokumentobjekt
from dokument.docx import lag_docx
from dokument.lagring import aapne, rydd_foreldreloese
from dokument.models import Filbehandling
from dokument.tests.test_behandling import arkivformat, er_gyldig_pdfa2, kjoer, tekst
from felles.feil import DomeneFeil, IngenTilgang
from organisasjon.models import Rolle
from organisasjon.tests.factories import AdministrativEnhetFactory, bruker_med_rolle
from sakarkiv.models import Brevmal, Journalpost
from sakarkiv.services.brev import STANDARDBREV, brev_skriv, brevmal_opprett, mottaker_fra
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak

# The clean-up is run here: on a storage folder of the test's own (src/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dokumentlager")]


@pytest.fixture
def systemadministrator(bydel: Bydel) -> object:
    return bruker_med_rolle(
        Rolle.SYSTEMADMINISTRATOR,
        AdministrativEnhetFactory(virksomhet=bydel.arkiv.virksomhet),
        username="sysadm",
    )


@pytest.fixture
def standardmal(systemadministrator: object) -> Brevmal:
    return brevmal_opprett(
        navn="Standardbrev",
        innhold=lag_docx(STANDARDBREV),
        filnavn="standardbrev.docx",
        utfoert_av=systemadministrator,
    )


def _avsnitt(journalpost: Journalpost) -> list[str]:
    fil = Dokumentobjekt.objects.get(dokumentbeskrivelse__registreringer=journalpost)
    return [p.text for p in python_docx.Document(io.BytesIO(aapne(fil.sjekksum).read())).paragraphs]


def test_svar_fra_mal_til_avsenderen_med_flettede_felt(bydel: Bydel, standardmal: Brevmal) -> None:
    sak = ny_sak(bydel, tittel="Søknad om startlån")
    innkommende = ny_journalpost(sak, bydel.saksbehandler, tittel="Søknad")
    avsender = innkommende.korrespondanseparter.get()

    brev = brev_skriv(
        saksmappe=sak,
        brevmal=standardmal,
        tittel="Svar på søknad om startlån",
        mottaker=mottaker_fra(avsender),
        svar_paa=innkommende,
        utfoert_av=bydel.saksbehandler,
    )

    assert (brev.journalposttype, brev.journalstatus) == ("U", "R")
    part = brev.korrespondanseparter.get()
    assert (part.korrespondanseparttype, part.korrespondansepart_navn) == ("EM", "Kari Nordmann")
    tekst = _avsnitt(brev)
    assert tekst[0] == bydel.arkiv.virksomhet.navn
    assert tekst[2:4] == ["Kari Nordmann", "Storgata 1\n0155 OSLO"]
    assert f"Vår referanse: {brev.registrerings_id}" in tekst[5]
    assert tekst[7] == "Søknad om startlån"
    assert tekst[-2] == bydel.saksbehandler.visningsnavn
    dokument = Dokumentbeskrivelse.objects.get(registreringer=brev)
    assert (dokument.dokumentstatus, dokument.tittel) == ("B", "Svar på søknad om startlån")


def test_maler_med_ukjente_felt_eller_uten_rett_avvises(
    bydel: Bydel, annen_bydel: Bydel, standardmal: Brevmal
) -> None:
    with pytest.raises(DomeneFeil, match=r"\{\{personnummer\}\}"):
        brevmal_opprett(
            navn="Feil",
            innhold=lag_docx(["{{personnummer}}"]),
            filnavn="feil.docx",
            virksomhet=bydel.arkiv.virksomhet,
            utfoert_av=bydel.arkivar,
        )
    with pytest.raises(IngenTilgang):
        brevmal_opprett(
            navn="Felles", innhold=lag_docx(["x"]), filnavn="x.docx", utfoert_av=bydel.arkivar
        )
    egen = brevmal_opprett(
        navn="Alnas brev",
        innhold=lag_docx(["{{mottaker}}"]),
        filnavn="alna.docx",
        virksomhet=bydel.arkiv.virksomhet,
        utfoert_av=bydel.arkivar,
    )
    with pytest.raises(DomeneFeil, match="kan ikke brukes"):
        brev_skriv(
            saksmappe=ny_sak(annen_bydel),
            brevmal=egen,
            tittel="Brev",
            mottaker=mottaker_fra(
                ny_journalpost(ny_sak(bydel), bydel.saksbehandler).korrespondanseparter.get()
            ),
            utfoert_av=annen_bydel.saksbehandler,
        )
    # The templates' files are in use: the clean-up leaves them.
    rydd_foreldreloese(eldre_enn=dt.timedelta(0))
    assert aapne(standardmal.sjekksum).read()[:2] == b"PK"


def test_brev_fra_sakssiden(client: Client, bydel: Bydel, standardmal: Brevmal) -> None:
    sak = ny_sak(bydel)
    innkommende = ny_journalpost(sak, bydel.saksbehandler, tittel="Søknad om plass")
    client.force_login(bydel.saksbehandler)

    side = client.get(f"/saker/{sak.system_id}/").content.decode()
    uten_mal = client.post(f"/saker/{sak.system_id}/nytt-brev/", {"brevmal": "x"}, follow=True)
    svar = client.post(
        f"/saker/{sak.system_id}/nytt-brev/",
        {"brevmal": str(standardmal.system_id), "svar_paa": str(innkommende.system_id)},
        follow=True,
    )

    assert "Standardbrev" in side
    assert "Velg en brevmal." in uten_mal.content.decode()
    brev = Journalpost.objects.get(mappe=sak, journalposttype="U")
    assert brev.tittel == "Svar: Søknad om plass"
    assert "er laget fra malen" in svar.content.decode()
    assert brev.korrespondanseparter.get().korrespondansepart_navn == "Kari Nordmann"


def test_brevet_faar_arkivversjon_i_pdfa_med_de_flettede_feltene(
    bydel: Bydel, standardmal: Brevmal
) -> None:
    sak = ny_sak(bydel, tittel="Søknad om startlån")
    innkommende = ny_journalpost(sak, bydel.saksbehandler, tittel="Søknad")
    brev = brev_skriv(
        saksmappe=sak,
        brevmal=standardmal,
        tittel="Svar på søknad",
        mottaker=mottaker_fra(innkommende.korrespondanseparter.get()),
        svar_paa=innkommende,
        utfoert_av=bydel.saksbehandler,
    )
    original = Dokumentobjekt.objects.get(dokumentbeskrivelse__registreringer=brev)

    behandling = kjoer(original)

    assert behandling.status == Filbehandling.Status.FERDIG, behandling.feilmelding
    arkiv = arkivformat(original)
    assert arkiv.format == "fmt/477"
    assert er_gyldig_pdfa2(arkiv) == []
    assert "Kari Nordmann" in tekst(original)
    assert brev.registrerings_id in tekst(original)
