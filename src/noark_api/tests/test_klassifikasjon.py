"""Classification over HTTP: klassifikasjonssystem and klasse (rest-api.md §5, §12.1;
client-compat.md §5–§8, §11, §12), walked as a client walks it from an arkivdel."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from arkivstruktur.models import Arkivdel, Klasse, Klassifikasjonssystem, Mappe
from arkivstruktur.services.arv import skjerming_sett
from arkivstruktur.tests.factories import ArkivdelFactory, ArkivFactory
from organisasjon.models import Bruker, Rolle, Virksomhet
from organisasjon.tests.factories import (
    AdministrativEnhetFactory,
    VirksomhetFactory,
    bruker_med_rolle,
)
from sporing.models import Endringslogg
from tilgang.models import Tilgangskodetildeling

from .conftest import basic

pytestmark = pytest.mark.django_db

REL = "https://rel.arkivverket.no/noark5/v5/api/"
BASE = "http://testserver/api/"
JSON = "application/vnd.noark5+json"
FOEDSELSNUMMER = "15019010063"


def lenke(data: dict[str, Any], noekkel: str) -> str:
    return str(data["_links"][REL + noekkel]["href"])


def post(api: APIClient, href: str, data: dict[str, Any]) -> Any:
    return api.post(href, data, format="json", HTTP_ACCEPT=JSON)


def klient(bruker: Bruker) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=basic(bruker.username))
    return api


@pytest.fixture
def alna() -> Virksomhet:
    return VirksomhetFactory(navn="Bydel Alna", kortnavn="alna")


@pytest.fixture
def arkivar(alna: Virksomhet) -> APIClient:
    enhet = AdministrativEnhetFactory(virksomhet=alna)
    return klient(bruker_med_rolle(Rolle.ARKIVAR, enhet, username="arkivar@alna"))


@pytest.fixture
def saksbehandler_bruker(alna: Virksomhet) -> Bruker:
    enhet = AdministrativEnhetFactory(virksomhet=alna)
    return bruker_med_rolle(Rolle.SAKSBEHANDLER, enhet, username="sb@alna")


@pytest.fixture
def saksbehandler(saksbehandler_bruker: Bruker) -> APIClient:
    return klient(saksbehandler_bruker)


@pytest.fixture
def arkivdel(alna: Virksomhet, arkivar: APIClient) -> dict[str, Any]:
    """An arkivdel without classification, as a client reads it."""
    rad = ArkivdelFactory(
        arkiv=ArkivFactory(virksomhet=alna), klassifikasjonssystem=None, tittel="Saker 2026"
    )
    return dict(arkivar.get(f"{BASE}arkivstruktur/arkivdel/{rad.system_id}/").json())


@pytest.fixture
def system(arkivar: APIClient, arkivdel: dict[str, Any]) -> dict[str, Any]:
    svar = post(
        arkivar,
        lenke(arkivdel, "arkivstruktur/ny-klassifikasjonssystem/"),
        {"tittel": "Arkivnøkkel", "klassifikasjonstype": {"kode": "FH"}},
    )
    assert svar.status_code == 201, svar.json()
    return dict(svar.json())


@pytest.fixture
def klasse(arkivar: APIClient, system: dict[str, Any]) -> dict[str, Any]:
    svar = post(
        arkivar, lenke(system, "arkivstruktur/ny-klasse/"), {"klasseID": "2", "tittel": "Oppvekst"}
    )
    assert svar.status_code == 201, svar.json()
    return dict(svar.json())


def objektbasert_system(arkivar: APIClient, arkivdel: dict[str, Any], type_: str) -> Any:
    svar = post(
        arkivar,
        lenke(arkivdel, "arkivstruktur/ny-sekundaerklassifikasjonssystem/"),
        {"tittel": f"Objekter {type_}", "klassifikasjonstype": {"kode": type_}},
    )
    assert svar.status_code == 201, svar.json()
    return svar.json()


# --- the client path -----------------------------------------------------------------------------


def test_klienten_oppretter_system_klasse_og_underklasse_fra_arkivdelen(
    arkivar: APIClient, arkivdel: dict[str, Any]
) -> None:
    href = lenke(arkivdel, "arkivstruktur/ny-klassifikasjonssystem/")
    mal = arkivar.get(href)
    assert mal.status_code == 200
    assert "ETag" not in mal
    assert "self" not in mal.json()["_links"]
    assert REL + "metadata/klassifikasjonstype/" in mal.json()["_links"]

    svar = post(arkivar, href, {"tittel": "Arkivnøkkel", "klassifikasjonstype": {"kode": "FH"}})
    assert svar.status_code == 201, svar.json()
    system = svar.json()
    assert svar["Location"] == system["_links"]["self"]["href"]
    assert svar["ETag"] == arkivar.get(svar["Location"])["ETag"]
    assert system["klassifikasjonstype"] == {
        "kode": "FH",
        "kodenavn": "Funksjonsbasert, hierarkisk",
    }
    assert {"systemID", "opprettetDato", "opprettetAv"} <= system.keys()

    # The arkivdel now links to its primary system and no longer offers a second one.
    lest = arkivar.get(arkivdel["_links"]["self"]["href"]).json()
    assert lenke(lest, "arkivstruktur/klassifikasjonssystem/") == svar["Location"]
    assert REL + "arkivstruktur/ny-klassifikasjonssystem/" not in lest["_links"]
    assert Arkivdel.objects.get(system_id=arkivdel["systemID"]).klassifikasjonssystem is not None
    assert [
        (r.referanse_metadata, r.ny_verdi)
        for r in Endringslogg.objects.filter(
            referanse_arkivenhet=arkivdel["systemID"], hendelsetype="U"
        )
    ] == [("klassifikasjonssystem", system["systemID"])]

    klasse = post(
        arkivar, lenke(system, "arkivstruktur/ny-klasse/"), {"klasseID": "2", "tittel": "Oppvekst"}
    ).json()
    assert klasse["klasseID"] == "2"
    assert lenke(klasse, "arkivstruktur/klassifikasjonssystem/") == svar["Location"]
    assert REL + "arkivstruktur/overklasse/" not in klasse["_links"]
    assert REL + "arkivstruktur/underklasse/" not in klasse["_links"]

    under = post(
        arkivar,
        lenke(klasse, "arkivstruktur/ny-klasse/"),
        {"klasseID": "2.3", "tittel": "Barnehage", "noekkelord": ["opptak"]},
    )
    assert under.status_code == 201, under.json()
    underklasse = under.json()
    assert underklasse["noekkelord"] == ["opptak"]
    assert lenke(underklasse, "arkivstruktur/overklasse/") == klasse["_links"]["self"]["href"]

    klasse = arkivar.get(klasse["_links"]["self"]["href"]).json()
    underklasser = arkivar.get(lenke(klasse, "arkivstruktur/underklasse/")).json()
    assert [k["klasseID"] for k in underklasser["results"]] == ["2.3"]
    # The system lists its top-level klasser only, and the arkivdeler using it.
    toppen = arkivar.get(lenke(system, "arkivstruktur/klasse/")).json()
    assert [k["klasseID"] for k in toppen["results"]] == ["2"]
    deler = arkivar.get(lenke(system, "arkivstruktur/arkivdel/")).json()
    assert [d["systemID"] for d in deler["results"]] == [arkivdel["systemID"]]

    # A case is filed on the lowest level, in the arkivdel that uses the system.
    assert REL + "sakarkiv/ny-saksmappe/" not in klasse["_links"]
    href = lenke(underklasse, "sakarkiv/ny-saksmappe/")
    mal = arkivar.get(href).json()
    sak = post(arkivar, href, {**mal, "tittel": "Søknad om barnehageplass"} | {"_links": {}})
    assert sak.status_code == 201, sak.json()
    saksmappe = sak.json()
    assert lenke(saksmappe, "arkivstruktur/klasse/") == underklasse["_links"]["self"]["href"]
    assert lenke(saksmappe, "arkivstruktur/arkivdel/") == arkivdel["_links"]["self"]["href"]
    underklasse = arkivar.get(underklasse["_links"]["self"]["href"]).json()
    mapper = arkivar.get(lenke(underklasse, "arkivstruktur/mappe/")).json()
    assert [m["systemID"] for m in mapper["results"]] == [saksmappe["systemID"]]
    # A klasse with mapper takes no underklasser nor registreringer directly.
    assert REL + "arkivstruktur/ny-klasse/" not in underklasse["_links"]
    assert REL + "arkivstruktur/ny-registrering/" not in underklasse["_links"]
    assert REL + "arkivstruktur/ny-mappe/" in underklasse["_links"]


def test_arkivdel_med_system_tilbyr_ikke_nytt_primaert_system(
    arkivar: APIClient, arkivdel: dict[str, Any], system: dict[str, Any]
) -> None:
    svar = post(
        arkivar, f"{arkivdel['_links']['self']['href']}ny-klassifikasjonssystem/", {"tittel": "x"}
    )
    assert svar.status_code == 400
    assert svar.json()["feil"]["kode"] == 400
    assert Klassifikasjonssystem.objects.count() == 1


def test_arkivdel_med_system_tar_ikke_imot_mapper_direkte(
    arkivar: APIClient, arkivdel: dict[str, Any], system: dict[str, Any]
) -> None:
    selv = arkivdel["_links"]["self"]["href"]
    for segment in ("ny-mappe", "ny-saksmappe"):
        svar = post(arkivar, f"{selv}{segment}/", {"tittel": "Uklassifisert"})
        assert svar.status_code == 400, svar.json()
        assert svar.json()["feil"]["kode"] == 400
    assert not Mappe.objects.exists()


def test_klasse_i_system_som_ingen_arkivdel_bruker_gir_ingen_mappelenke(
    arkivar: APIClient, arkivdel: dict[str, Any]
) -> None:
    # A secondary system: mapper are classified under the primary one only.
    system = objektbasert_system(arkivar, arkivdel, "GBN")
    klasse = post(
        arkivar, lenke(system, "arkivstruktur/ny-klasse/"), {"klasseID": "1/2", "tittel": "x"}
    ).json()

    assert REL + "sakarkiv/ny-saksmappe/" not in klasse["_links"]
    svar = post(arkivar, f"{klasse['_links']['self']['href']}ny-saksmappe/", {"tittel": "Sak"})
    assert svar.status_code == 400
    assert not Mappe.objects.exists()


def test_sekundaert_system_listes_paa_arkivdelen(
    arkivar: APIClient, arkivdel: dict[str, Any], system: dict[str, Any]
) -> None:
    sekundaert = objektbasert_system(arkivar, arkivdel, "GBN")

    lest = arkivar.get(arkivdel["_links"]["self"]["href"]).json()
    liste = arkivar.get(lenke(lest, "arkivstruktur/sekundaerklassifikasjonssystem/")).json()
    assert [s["systemID"] for s in liste["results"]] == [sekundaert["systemID"]]
    assert lenke(lest, "arkivstruktur/klassifikasjonssystem/") == system["_links"]["self"]["href"]


# --- klasseID ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_", "klasse_id"),
    [("PNR", "15019010064"), ("PNR", "1501901006"), ("GBN", "12/0"), ("GBN", "Storgata 1")],
)
def test_ugyldig_klasse_id_for_klassifikasjonstypen_gir_400(
    arkivar: APIClient, arkivdel: dict[str, Any], type_: str, klasse_id: str
) -> None:
    system = objektbasert_system(arkivar, arkivdel, type_)

    svar = post(
        arkivar, lenke(system, "arkivstruktur/ny-klasse/"), {"klasseID": klasse_id, "tittel": "x"}
    )

    assert svar.status_code == 400, svar.json()
    assert "KlasseID" in svar.json()["feil"]["beskrivelse"]
    assert not Klasse.objects.exists()


def test_klasse_id_finnes_allerede_og_mangler_gir_400(
    arkivar: APIClient, system: dict[str, Any], klasse: dict[str, Any]
) -> None:
    href = lenke(system, "arkivstruktur/ny-klasse/")
    dobbel = post(arkivar, href, {"klasseID": "2", "tittel": "Igjen"})
    uten = post(arkivar, href, {"tittel": "Uten id"})
    assert dobbel.status_code == 400
    assert uten.status_code == 400
    assert "klasseID" in uten.json()["feil"]["beskrivelse"]
    assert Klasse.objects.count() == 1


def test_gyldige_objektbaserte_klasser(arkivar: APIClient, arkivdel: dict[str, Any]) -> None:
    gbn = objektbasert_system(arkivar, arkivdel, "GBN")
    svar = post(
        arkivar, lenke(gbn, "arkivstruktur/ny-klasse/"), {"klasseID": "12/34", "tittel": "Gata 1"}
    )
    assert svar.status_code == 201, svar.json()
    assert svar.json()["klasseID"] == "12/34"


# --- a fødselsnummer as klasseID (KID) -----------------------------------------------------------


@pytest.fixture
def pnr_klasse(arkivar: APIClient, arkivdel: dict[str, Any]) -> dict[str, Any]:
    system = objektbasert_system(arkivar, arkivdel, "PNR")
    svar = post(
        arkivar,
        lenke(system, "arkivstruktur/ny-klasse/"),
        {"klasseID": FOEDSELSNUMMER, "tittel": "Personmappe"},
    )
    assert svar.status_code == 201, svar.json()
    return dict(svar.json())


def test_skjermet_klasse_id_vises_ikke_uten_tilgangskoden(
    saksbehandler: APIClient, pnr_klasse: dict[str, Any]
) -> None:
    selv = pnr_klasse["_links"]["self"]["href"]
    en = saksbehandler.get(selv)
    liste = saksbehandler.get(f"{BASE}arkivstruktur/klasse/")
    soek = saksbehandler.get(
        f"{BASE}arkivstruktur/klasse/", {"$filter": f"klasseID eq '{FOEDSELSNUMMER}'"}
    )

    assert en.status_code == 200
    assert en.json()["klasseID"] == "*****"
    assert FOEDSELSNUMMER not in en.content.decode()
    assert FOEDSELSNUMMER not in liste.content.decode()
    assert soek.json()["count"] == 0
    # What they read may be sent back unchanged.
    tilbake = saksbehandler.put(selv, {**en.json(), "tittel": "Nytt"}, format="json")
    assert tilbake.status_code == 403


def test_skjermet_klasse_id_vises_med_tilgangskoden_for_bydelen(
    saksbehandler_bruker: Bruker, alna: Virksomhet, pnr_klasse: dict[str, Any]
) -> None:
    Tilgangskodetildeling.objects.create(
        bruker=saksbehandler_bruker, tilgangskode="26", virksomhet=alna, gitt_av="test"
    )
    api = klient(saksbehandler_bruker)

    en = api.get(pnr_klasse["_links"]["self"]["href"]).json()
    soek = api.get(f"{BASE}arkivstruktur/klasse/", {"$filter": f"klasseID eq '{FOEDSELSNUMMER}'"})

    assert en["klasseID"] == FOEDSELSNUMMER
    assert soek.json()["count"] == 1


def test_tilgangskoden_i_en_annen_bydel_viser_ikke_klasse_id(
    pnr_klasse: dict[str, Any],
) -> None:
    bjerke = VirksomhetFactory(navn="Bydel Bjerke", kortnavn="bjerke")
    annen = bruker_med_rolle(
        Rolle.SAKSBEHANDLER, AdministrativEnhetFactory(virksomhet=bjerke), username="sb@bjerke"
    )
    Tilgangskodetildeling.objects.create(
        bruker=annen, tilgangskode="26", virksomhet=bjerke, gitt_av="test"
    )

    en = klient(annen).get(pnr_klasse["_links"]["self"]["href"]).json()

    assert en["klasseID"] == "*****"


def test_klasse_id_kan_ikke_endres(arkivar: APIClient, pnr_klasse: dict[str, Any]) -> None:
    selv = pnr_klasse["_links"]["self"]["href"]
    lest = arkivar.get(selv).json()  # the arkivar holds no code 26: the id is masked
    assert lest["klasseID"] == "*****"

    uendret = arkivar.put(selv, {**lest, "tittel": "Personmappe 2"}, format="json")
    gjett = arkivar.put(selv, {**lest, "klasseID": FOEDSELSNUMMER}, format="json")

    assert uendret.status_code == 200, uendret.json()
    assert gjett.status_code == 400
    assert Klasse.objects.get(system_id=lest["systemID"]).klasse_id == FOEDSELSNUMMER


def test_skjermet_klassetittel_vises_ikke_og_overskrives_ikke(
    arkivar: APIClient, saksbehandler: APIClient, klasse: dict[str, Any]
) -> None:
    rad = Klasse.objects.get(system_id=klasse["systemID"])
    skjerming_sett(
        enhet=rad,
        tilgangsrestriksjon="13",
        skjerming_metadata=["TKL"],
        utfoert_av=Bruker.objects.get(username="arkivar@alna"),
    )
    selv = klasse["_links"]["self"]["href"]

    lest = arkivar.get(selv).json()
    soek = saksbehandler.get(f"{BASE}arkivstruktur/klasse/", {"$filter": "tittel eq 'Oppvekst'"})
    tilbake = arkivar.put(selv, {**lest, "beskrivelse": "Ny"}, format="json")

    assert lest["tittel"] == "*****"
    assert lest["klasseID"] == "2"
    assert soek.json()["count"] == 0
    assert tilbake.status_code == 200, tilbake.json()
    assert Klasse.objects.get(pk=rad.pk).tittel == "Oppvekst"


# --- update with ETag ----------------------------------------------------------------------------


def test_put_med_etag_endrer_klasse_og_system(
    arkivar: APIClient, system: dict[str, Any], klasse: dict[str, Any]
) -> None:
    for objekt, felt, verdi in (
        (klasse, "tittel", "Oppvekst og skole"),
        (system, "beskrivelse", "K"),
    ):
        selv = objekt["_links"]["self"]["href"]
        lest = arkivar.get(selv)
        svar = arkivar.put(
            selv, {**lest.json(), felt: verdi}, format="json", HTTP_ETAG=lest["ETag"]
        )
        assert svar.status_code == 200, svar.json()
        assert svar.json()[felt] == verdi
        assert svar["ETag"] != lest["ETag"]
        gammel = arkivar.patch(selv, {felt: "igjen"}, format="json", HTTP_IF_MATCH=lest["ETag"])
        assert gammel.status_code == 409
        assert arkivar.get(selv).json()[felt] == verdi


def test_endret_klasse_id_gir_400(arkivar: APIClient, klasse: dict[str, Any]) -> None:
    selv = klasse["_links"]["self"]["href"]
    svar = arkivar.patch(selv, {"klasseID": "3"}, format="json")
    assert svar.status_code == 400
    assert Klasse.objects.get(system_id=klasse["systemID"]).klasse_id == "2"


def test_klassifikasjonstype_laases_naar_systemet_har_klasser(
    arkivar: APIClient, system: dict[str, Any], klasse: dict[str, Any]
) -> None:
    svar = arkivar.patch(
        system["_links"]["self"]["href"], {"klassifikasjonstype": {"kode": "PNR"}}, format="json"
    )
    assert svar.status_code == 400
    assert Klassifikasjonssystem.objects.get().klassifikasjonstype == "FH"


def test_klasse_og_system_avsluttes_med_avsluttet_dato(
    arkivar: APIClient, system: dict[str, Any], klasse: dict[str, Any]
) -> None:
    selv = klasse["_links"]["self"]["href"]
    svar = arkivar.patch(selv, {"avsluttetDato": "2026-01-01T00:00:00+01:00"}, format="json")
    assert svar.status_code == 200, svar.json()
    assert svar.json()["avsluttetAv"]
    assert REL + "arkivstruktur/ny-klasse/" not in svar.json()["_links"]
    assert post(arkivar, f"{selv}ny-klasse/", {"klasseID": "2.1", "tittel": "x"}).status_code == 400

    system_selv = system["_links"]["self"]["href"]
    lukket = arkivar.patch(
        system_selv, {"avsluttetDato": "2026-01-01T00:00:00+01:00"}, format="json"
    )
    assert lukket.status_code == 200, lukket.json()
    assert "avsluttetDato" in lukket.json()
    assert REL + "arkivstruktur/ny-klasse/" not in lukket.json()["_links"]
    assert Klassifikasjonssystem.objects.get().er_avsluttet is True


# --- delete, child first -------------------------------------------------------------------------


def test_sletting_barn_foerst(
    arkivar: APIClient, arkivdel: dict[str, Any], system: dict[str, Any], klasse: dict[str, Any]
) -> None:
    under = post(
        arkivar, lenke(klasse, "arkivstruktur/ny-klasse/"), {"klasseID": "2.1", "tittel": "x"}
    ).json()
    sak = post(arkivar, lenke(under, "arkivstruktur/ny-mappe/"), {"tittel": "Mappe"}).json()

    assert arkivar.delete(system["_links"]["self"]["href"]).status_code == 400
    assert arkivar.delete(klasse["_links"]["self"]["href"]).status_code == 400
    assert arkivar.delete(under["_links"]["self"]["href"]).status_code == 400
    for objekt in (sak, under, klasse, system):
        selv = objekt["_links"]["self"]["href"]
        svar = arkivar.delete(selv, HTTP_ETAG=arkivar.get(selv)["ETag"])
        assert svar.status_code == 204
        assert arkivar.get(selv).status_code == 404
    assert arkivar.delete(arkivdel["_links"]["self"]["href"]).status_code == 204

    assert not Klasse.objects.exists()
    assert not Klassifikasjonssystem.objects.exists()
    slettet = Endringslogg.objects.filter(hendelsetype="D")
    assert {str(r.referanse_arkivenhet) for r in slettet} == {
        sak["systemID"],
        under["systemID"],
        klasse["systemID"],
        system["systemID"],
        arkivdel["systemID"],
    }


# --- access --------------------------------------------------------------------------------------


def test_saksbehandler_leser_men_oppretter_ikke_klassifikasjon(
    saksbehandler: APIClient,
    arkivdel: dict[str, Any],
    system: dict[str, Any],
    klasse: dict[str, Any],
) -> None:
    del_ = saksbehandler.get(arkivdel["_links"]["self"]["href"]).json()
    lest_system = saksbehandler.get(system["_links"]["self"]["href"])
    lest_klasse = saksbehandler.get(klasse["_links"]["self"]["href"])

    assert lest_system.status_code == 200
    assert lest_klasse.status_code == 200
    assert REL + "arkivstruktur/ny-sekundaerklassifikasjonssystem/" not in del_["_links"]
    assert REL + "arkivstruktur/ny-klasse/" not in lest_system.json()["_links"]
    assert REL + "arkivstruktur/ny-klasse/" not in lest_klasse.json()["_links"]
    ny_klasse = {"klasseID": "9", "tittel": "Ikke tillatt"}
    for href, data in (
        (lenke(system, "arkivstruktur/ny-klasse/"), ny_klasse),
        (lenke(klasse, "arkivstruktur/ny-klasse/"), ny_klasse),
        (
            f"{arkivdel['_links']['self']['href']}ny-sekundaerklassifikasjonssystem/",
            {"tittel": "x"},
        ),
    ):
        svar = post(saksbehandler, href, data)
        assert svar.status_code == 403, href
    assert saksbehandler.delete(klasse["_links"]["self"]["href"]).status_code == 403
    assert (
        saksbehandler.patch(
            system["_links"]["self"]["href"], {"tittel": "x"}, format="json"
        ).status_code
        == 403
    )
    assert Klasse.objects.count() == 1
    assert Klassifikasjonssystem.objects.count() == 1


def test_saksbehandler_oppretter_klasse_i_objektbasert_system(
    arkivar: APIClient, saksbehandler: APIClient, arkivdel: dict[str, Any]
) -> None:
    system = saksbehandler.get(
        objektbasert_system(arkivar, arkivdel, "GBN")["_links"]["self"]["href"]
    ).json()

    svar = post(
        saksbehandler,
        lenke(system, "arkivstruktur/ny-klasse/"),
        {"klasseID": "7/1", "tittel": "Gata 2"},
    )

    assert svar.status_code == 201, svar.json()


def test_arkivar_i_annen_bydel_faar_ikke_opprette_i_systemet(
    system: dict[str, Any],
) -> None:
    bjerke = VirksomhetFactory(navn="Bydel Bjerke", kortnavn="bjerke")
    annen = klient(
        bruker_med_rolle(
            Rolle.ARKIVAR, AdministrativEnhetFactory(virksomhet=bjerke), username="ark@bjerke"
        )
    )

    lest = annen.get(system["_links"]["self"]["href"])
    svar = post(
        annen, f"{system['_links']['self']['href']}ny-klasse/", {"klasseID": "1", "tittel": "x"}
    )

    assert lest.status_code == 200
    assert REL + "arkivstruktur/ny-klasse/" not in lest.json()["_links"]
    assert svar.status_code == 403
    # The arkivdel using it is another bydel's: not listed to them.
    assert annen.get(lenke(system, "arkivstruktur/arkivdel/")).json()["count"] == 0


def test_ukjent_id_gir_404(saksbehandler: APIClient) -> None:
    for sti in ("klasse", "klassifikasjonssystem"):
        assert saksbehandler.get(f"{BASE}arkivstruktur/{sti}/ikke-en-id/").status_code == 404


# --- lists ---------------------------------------------------------------------------------------


def test_listen_gjoer_ikke_en_spoerring_per_rad(
    arkivar: APIClient, system: dict[str, Any], klasse: dict[str, Any]
) -> None:
    href = lenke(system, "arkivstruktur/ny-klasse/")

    def spoerringer() -> int:
        with CaptureQueriesContext(connection) as fanget:
            svar = arkivar.get(f"{BASE}arkivstruktur/klasse/", {"$top": "50"})
        assert svar.status_code == 200
        return len(fanget)

    post(arkivar, href, {"klasseID": "3", "tittel": "x"})
    foer = spoerringer()
    for nummer in range(4, 9):
        post(arkivar, href, {"klasseID": str(nummer), "tittel": "x"})
    assert spoerringer() == foer


def test_filter_og_orderby_paa_klasser(
    arkivar: APIClient, system: dict[str, Any], klasse: dict[str, Any]
) -> None:
    post(arkivar, lenke(system, "arkivstruktur/ny-klasse/"), {"klasseID": "3", "tittel": "Helse"})

    svar = arkivar.get(
        f"{BASE}arkivstruktur/klasse/",
        {
            "$filter": "klassifikasjonssystem/klassifikasjonstype/kode eq 'FH'",
            "$orderby": "klasseID desc",
        },
    )
    tittel = arkivar.get(
        f"{BASE}arkivstruktur/klassifikasjonssystem/", {"$filter": "tittel eq 'Arkivnøkkel'"}
    )

    assert [k["klasseID"] for k in svar.json()["results"]] == ["3", "2"]
    assert tittel.json()["count"] == 1


def test_alle_lenker_svarer(
    arkivar: APIClient, arkivdel: dict[str, Any], system: dict[str, Any], klasse: dict[str, Any]
) -> None:
    """Every href on an arkivdel, a system and a klasse (with an underklasse and a mappe
    below) answers GET with 200, as a crawling client follows them (client-compat §17)."""
    under = post(
        arkivar, lenke(klasse, "arkivstruktur/ny-klasse/"), {"klasseID": "2.1", "tittel": "x"}
    ).json()
    post(arkivar, lenke(under, "arkivstruktur/ny-mappe/"), {"tittel": "Mappe"})
    objekter = [
        arkivar.get(o["_links"]["self"]["href"]).json() for o in (arkivdel, system, klasse, under)
    ]
    hrefs = {lenke_["href"] for objekt in objekter for lenke_ in objekt["_links"].values()}

    assert {REL + "arkivstruktur/underklasse/", REL + "arkivstruktur/mappe/"} <= objekter[2][
        "_links"
    ].keys() | objekter[3]["_links"].keys()
    svar = {href: arkivar.get(href).status_code for href in sorted(hrefs)}
    assert {href: kode for href, kode in svar.items() if kode != 200} == {}
