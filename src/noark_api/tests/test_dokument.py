"""Dokumentbeskrivelse, dokumentobjekt and konvertering over HTTP (rest-api.md §3–§5, §12.1;
client-compat.md §5.3, §6, §7.2, §11, §12): templates, creating below a journalpost, the link
attributes, update with ETag, deletion children first, access."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from arkivstruktur.models import Dokumentbeskrivelse, Dokumentobjekt, Dokumenttilknytning
from organisasjon.models import Rolle
from organisasjon.tests.factories import bruker_med_rolle
from sakarkiv.models import Saksmappe
from sakarkiv.services.journalpost import journalpost_arkiver, journalpost_endre_status
from sakarkiv.tests.conftest import Bydel, lag_bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sporing.models import Endringslogg

from .conftest import basic

pytestmark = pytest.mark.django_db

REL = "https://rel.arkivverket.no/noark5/v5/api/"
BASE = "http://testserver/api/"
JSON = "application/vnd.noark5+json"
SHA = "a" * 64


def lenke(data: dict[str, Any], noekkel: str) -> str:
    return str(data["_links"][REL + noekkel]["href"])


def klient(bruker: Any) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=basic(bruker.username))
    return api


def post(api: APIClient, href: str, data: dict[str, Any]) -> Any:
    return api.post(href, data, format="json", HTTP_ACCEPT=JSON)


@dataclass
class Oppsett:
    bydel: Bydel
    journalpost: Any
    api: APIClient  # the case handler's

    @property
    def journalpost_href(self) -> str:
        return f"{BASE}sakarkiv/journalpost/{self.journalpost.system_id}/"


def lag_oppsett(navn: str) -> Oppsett:
    bydel = lag_bydel(navn)
    journalpost = ny_journalpost(ny_sak(bydel), bydel.saksbehandler)
    return Oppsett(bydel, journalpost, klient(bydel.saksbehandler))


@pytest.fixture
def alna() -> Oppsett:
    return lag_oppsett("Alna")


def nytt_dokument(oppsett: Oppsett, **data: Any) -> dict[str, Any]:
    journalpost = oppsett.api.get(oppsett.journalpost_href).json()
    svar = post(
        oppsett.api,
        lenke(journalpost, "arkivstruktur/ny-dokumentbeskrivelse/"),
        {"tittel": "Søknad", **data},
    )
    assert svar.status_code == 201, svar.json()
    return dict(svar.json())


def nytt_dokumentobjekt(oppsett: Oppsett, dokument: dict[str, Any], **data: Any) -> Any:
    return post(oppsett.api, lenke(dokument, "arkivstruktur/ny-dokumentobjekt/"), data)


# --- dokumentbeskrivelse ------------------------------------------------------------------------


def test_mal_foreslaar_hoveddokument_under_redigering_og_arver_dokumentmedium(
    alna: Oppsett,
) -> None:
    journalpost = alna.api.get(alna.journalpost_href).json()

    svar = alna.api.get(lenke(journalpost, "arkivstruktur/ny-dokumentbeskrivelse/"))

    mal = svar.json()
    assert svar.status_code == 200
    assert "ETag" not in svar
    assert "self" not in mal["_links"]
    assert mal["tilknyttetRegistreringSom"] == {"kode": "H", "kodenavn": "Hoveddokument"}
    assert mal["dokumentstatus"]["kode"] == "B"
    assert mal["dokumenttype"]["kode"] == "B"
    assert mal["dokumentmedium"]["kode"] == (alna.journalpost.dokumentmedium or "E")
    assert REL + "metadata/tilknyttetregistreringsom/" in mal["_links"]
    assert None not in mal.values()


def test_opprettelse_fra_malen_gir_dokumentnummer_og_ekko(alna: Oppsett) -> None:
    journalpost = alna.api.get(alna.journalpost_href).json()
    href = lenke(journalpost, "arkivstruktur/ny-dokumentbeskrivelse/")
    mal = alna.api.get(href).json()
    del mal["_links"]

    foerste = post(alna.api, href, {**mal, "tittel": "Søknad", "forfatter": ["Kari"]})
    andre = post(alna.api, href, {**alna.api.get(href).json(), "tittel": "Vedlegg"})

    assert foerste.status_code == 201, foerste.json()
    data = foerste.json()
    assert foerste["Location"] == data["_links"]["self"]["href"]
    assert foerste["ETag"] == alna.api.get(foerste["Location"])["ETag"]
    assert data["dokumentnummer"] == 1
    assert data["tilknyttetRegistreringSom"] == {"kode": "H", "kodenavn": "Hoveddokument"}
    assert data["forfatter"] == ["Kari"]
    for navn, verdi in mal.items():
        assert data[navn]["kode"] == verdi["kode"], navn
    assert {"tilknyttetDato", "tilknyttetAv", "opprettetDato", "opprettetAv"} <= data.keys()
    assert andre.json()["dokumentnummer"] == 2
    assert andre.json()["tilknyttetRegistreringSom"]["kode"] == "V"


def test_journalposten_lister_dokumentene_og_dokumentet_sine_registreringer(
    alna: Oppsett,
) -> None:
    foerste = nytt_dokument(alna, tittel="Brev")
    andre = nytt_dokument(alna, tittel="Vedlegg")
    journalpost = alna.api.get(alna.journalpost_href).json()

    liste = alna.api.get(lenke(journalpost, "arkivstruktur/dokumentbeskrivelse/")).json()
    filtrert = alna.api.get(
        lenke(journalpost, "arkivstruktur/dokumentbeskrivelse/"),
        {"$filter": "dokumentnummer eq 2"},
    ).json()
    registreringer = alna.api.get(lenke(andre, "arkivstruktur/registrering/")).json()

    assert [d["systemID"] for d in liste["results"]] == [foerste["systemID"], andre["systemID"]]
    assert [d["dokumentnummer"] for d in liste["results"]] == [1, 2]
    assert [d["tittel"] for d in filtrert["results"]] == ["Vedlegg"]
    assert [r["systemID"] for r in registreringer["results"]] == [str(alna.journalpost.system_id)]


def test_instansens_lenker(alna: Oppsett) -> None:
    dokument = nytt_dokument(alna)
    selv = dokument["_links"]["self"]["href"]

    lenker = alna.api.get(selv).json()["_links"]

    assert lenker[REL + "arkivstruktur/dokumentbeskrivelse/"]["href"] == selv
    assert lenker[REL + "arkivstruktur/dokumentobjekt/"]["href"] == f"{selv}dokumentobjekt/"
    assert lenker[REL + "arkivstruktur/registrering/"]["href"] == f"{selv}registrering/"
    assert lenker[REL + "arkivstruktur/ny-dokumentobjekt/"]["href"] == f"{selv}ny-dokumentobjekt/"
    assert lenker[REL + "arkivstruktur/fil/"]["href"] == f"{selv}fil/"
    assert lenker[REL + "loggingogsporing/endringslogg/"]["href"] == f"{selv}endringslogg/"
    assert REL + "metadata/dokumentstatus/" in lenker
    assert list(lenker) == sorted(lenker)


def test_put_med_etag_endrer_og_status_gaar_bare_fra_b_til_f(alna: Oppsett) -> None:
    dokument = nytt_dokument(alna)
    selv = dokument["_links"]["self"]["href"]
    lest = alna.api.get(selv)

    svar = alna.api.put(
        selv,
        {**lest.json(), "tittel": "Søknad om plass", "dokumentstatus": {"kode": "F"}},
        format="json",
        HTTP_ETAG=lest["ETag"],
    )
    tilbake = alna.api.patch(selv, {"dokumentstatus": {"kode": "B"}}, format="json")
    gammel = alna.api.patch(selv, {"beskrivelse": "x"}, format="json", HTTP_IF_MATCH=lest["ETag"])
    nummer = alna.api.patch(selv, {"dokumentnummer": 7}, format="json")

    assert svar.status_code == 200, svar.json()
    assert svar.json()["tittel"] == "Søknad om plass"
    assert svar.json()["dokumentstatus"]["kode"] == "F"
    assert svar["ETag"] != lest["ETag"]
    assert tilbake.status_code == 400
    assert gammel.status_code == 409
    assert nummer.status_code == 400
    assert "dokumentnummer" in nummer.json()["feil"]["beskrivelse"]
    logg = Endringslogg.objects.filter(
        referanse_arkivenhet=dokument["systemID"], referanse_metadata="tittel"
    )
    assert [(r.tidligere_verdi, r.ny_verdi) for r in logg] == [("Søknad", "Søknad om plass")]


def test_sletting_barn_foerst(alna: Oppsett) -> None:
    dokument = nytt_dokument(alna)
    objekt = nytt_dokumentobjekt(alna, dokument).json()

    foreldre_foerst = alna.api.delete(dokument["_links"]["self"]["href"])
    objektet = alna.api.delete(objekt["_links"]["self"]["href"])
    dokumentet = alna.api.delete(dokument["_links"]["self"]["href"])

    assert foreldre_foerst.status_code == 400
    assert (objektet.status_code, dokumentet.status_code) == (204, 204)
    assert not Dokumentbeskrivelse.objects.exists()
    assert not Dokumentobjekt.objects.exists()


def test_annen_bydel_ser_ikke_dokumentet_og_kan_ikke_opprette(alna: Oppsett) -> None:
    dokument = nytt_dokument(alna)
    bjerke = lag_oppsett("Bjerke")
    journalpost = alna.api.get(alna.journalpost_href).json()

    instans = bjerke.api.get(dokument["_links"]["self"]["href"])
    liste = bjerke.api.get(f"{BASE}arkivstruktur/dokumentbeskrivelse/").json()
    ny = post(
        bjerke.api, lenke(journalpost, "arkivstruktur/ny-dokumentbeskrivelse/"), {"tittel": "x"}
    )

    assert instans.status_code == 404
    assert liste["count"] == 0
    assert ny.status_code == 404
    assert Dokumentbeskrivelse.objects.count() == 1


def test_bruker_uten_rett_til_saksarbeid_faar_ikke_lenker_og_faar_403(alna: Oppsett) -> None:
    dokument = nytt_dokument(alna)
    sekretaer = klient(
        bruker_med_rolle(Rolle.MOETESEKRETAER, alna.bydel.enhet, username="sekretaer")
    )
    selv = dokument["_links"]["self"]["href"]
    lest = sekretaer.get(selv)
    if lest.status_code == 404:
        pytest.fail("A møtesekretær of the unit is expected to read the open document.")

    svar = post(sekretaer, f"{selv}ny-dokumentobjekt/", {})
    endret = sekretaer.patch(selv, {"tittel": "x"}, format="json")

    assert REL + "arkivstruktur/ny-dokumentobjekt/" not in lest.json()["_links"]
    assert REL + "arkivstruktur/fil/" not in lest.json()["_links"]
    assert (svar.status_code, endret.status_code) == (403, 403)
    assert not Dokumentobjekt.objects.exists()


def test_liste_uten_spoerring_per_rad(alna: Oppsett, django_assert_max_num_queries: Any) -> None:
    for nummer in range(5):
        nytt_dokument(alna, tittel=f"Dokument {nummer}")

    with django_assert_max_num_queries(12):
        svar = alna.api.get(f"{BASE}arkivstruktur/dokumentbeskrivelse/")

    assert svar.json()["count"] == 5


# --- dokumentobjekt -----------------------------------------------------------------------------


def test_dokumentobjekt_uten_fil_fra_malen(alna: Oppsett) -> None:
    dokument = nytt_dokument(alna)
    href = lenke(dokument, "arkivstruktur/ny-dokumentobjekt/")
    mal = alna.api.get(href).json()
    del mal["_links"]

    svar = post(alna.api, href, {**mal, "filnavn": "søknad.pdf"})

    data = svar.json()
    assert mal == {
        "versjonsnummer": 1,
        "variantformat": {"kode": "P", "kodenavn": "Produksjonsformat"},
    }
    assert svar.status_code == 201, data
    assert data["versjonsnummer"] == 1
    assert data["variantformat"]["kode"] == "P"
    assert data["filnavn"] == "søknad.pdf"
    assert "sjekksum" not in data
    assert "filstoerrelse" not in data
    assert "referanseDokumentfil" not in data
    selv = data["_links"]["self"]["href"]
    assert lenke(data, "arkivstruktur/fil/") == f"{selv}fil/"
    assert lenke(data, "arkivstruktur/dokumentbeskrivelse/") == dokument["_links"]["self"]["href"]
    assert alna.api.get(href).json()["versjonsnummer"] == 2


@pytest.mark.parametrize(
    ("data", "felt"),
    [
        ({"sjekksum": "ikke-en-sum"}, "sjekksum"),
        ({"sjekksumAlgoritme": "MD5"}, "sjekksumAlgoritme"),
        ({"filstoerrelse": 0}, "filstoerrelse"),
        ({"variantformat": {"kode": "X"}}, "variantformat"),
        ({"versjonsnummer": 1, "variantformat": {"kode": "P"}, "_andre": True}, "versjonsnummer"),
    ],
)
def test_ugyldige_dokumentobjekter_gir_400(alna: Oppsett, data: dict[str, Any], felt: str) -> None:
    dokument = nytt_dokument(alna)
    if data.pop("_andre", False):
        assert nytt_dokumentobjekt(alna, dokument, **data).status_code == 201

    svar = nytt_dokumentobjekt(alna, dokument, **data)

    assert svar.status_code == 400, svar.json()
    assert felt in str(svar.json()["detail"]) or felt in svar.json()["feil"]["beskrivelse"]


def test_fritekst_og_mimetype_kan_endres_men_ikke_sjekksum(alna: Oppsett) -> None:
    dokument = nytt_dokument(alna)
    objekt = nytt_dokumentobjekt(alna, dokument, sjekksum=SHA).json()
    selv = objekt["_links"]["self"]["href"]
    lest = alna.api.get(selv)

    svar = alna.api.put(
        selv, {**lest.json(), "mimeType": "application/xml"}, format="json", HTTP_ETAG=lest["ETag"]
    )
    sjekksum = alna.api.patch(selv, {"sjekksum": "b" * 64}, format="json")

    assert svar.status_code == 200, svar.json()
    assert svar.json()["mimeType"] == "application/xml"
    assert svar.json()["sjekksum"] == SHA
    assert sjekksum.status_code == 400


# --- konvertering -------------------------------------------------------------------------------


def test_konvertering_registreres_og_leses(alna: Oppsett) -> None:
    dokument = nytt_dokument(alna)
    objekt = nytt_dokumentobjekt(alna, dokument, format={"kode": "fmt/412"}).json()
    href = lenke(objekt, "arkivstruktur/ny-konvertering/")
    mal = alna.api.get(href).json()

    svar = post(
        alna.api,
        href,
        {
            "konvertertFraFormat": mal["konvertertFraFormat"],
            "konvertertTilFormat": {"kode": "fmt/477"},
            "konverteringsverktoey": "LibreOffice 7.4",
        },
    )
    liste = alna.api.get(lenke(objekt, "arkivstruktur/konvertering/")).json()

    data = svar.json()
    assert mal["konvertertFraFormat"]["kode"] == "fmt/412"
    assert svar.status_code == 201, data
    assert data["konvertertTilFormat"]["kode"] == "fmt/477"
    assert data["konvertertAv"]
    assert lenke(data, "arkivstruktur/dokumentobjekt/") == objekt["_links"]["self"]["href"]
    assert REL + "loggingogsporing/endringslogg/" not in data["_links"]
    assert [k["systemID"] for k in liste["results"]] == [data["systemID"]]
    assert alna.api.get(data["_links"]["self"]["href"]).status_code == 200
    assert alna.api.delete(data["_links"]["self"]["href"]).status_code == 405


# --- moving a document through `_links` (rest-api.md §5.2) -----------------------------------


def _flytt(oppsett: Oppsett, dokument: dict[str, Any], til: str) -> Any:
    return oppsett.api.patch(
        dokument["_links"]["self"]["href"],
        {"_links": {REL + "arkivstruktur/registrering/": {"href": til}}},
        format="json",
        HTTP_ETAG=oppsett.api.get(dokument["_links"]["self"]["href"])["ETag"],
    )


def _ny_journalpost_i_samme_sak(oppsett: Oppsett) -> Any:
    sak = Saksmappe.objects.get(pk=oppsett.journalpost.mappe_id)
    return ny_journalpost(sak, oppsett.bydel.saksbehandler)


def test_dokument_flyttes_til_en_annen_journalpost_ved_aa_patche_lenken(alna: Oppsett) -> None:
    """The standard's own example: a letter registered on the wrong journalpost."""
    nytt_dokument(alna, tittel="Søknad")
    feilregistrert = nytt_dokument(alna, tittel="Brev fra naboen")
    annen = ny_journalpost(
        Saksmappe.objects.get(pk=alna.journalpost.mappe_id), alna.bydel.saksbehandler
    )
    annen_href = f"{BASE}sakarkiv/journalpost/{annen.system_id}/"

    svar = _flytt(alna, feilregistrert, annen_href)

    assert svar.status_code == 200, svar.json()
    registreringer = alna.api.get(lenke(svar.json(), "arkivstruktur/registrering/")).json()
    assert [r["systemID"] for r in registreringer["results"]] == [str(annen.system_id)]
    i_annen = alna.api.get(f"{annen_href}dokumentbeskrivelse/").json()["results"]
    assert [(d["tittel"], d["dokumentnummer"]) for d in i_annen] == [("Brev fra naboen", 1)]
    assert i_annen[0]["tilknyttetRegistreringSom"]["kode"] == "H"
    igjen = alna.api.get(f"{alna.journalpost_href}dokumentbeskrivelse/").json()["results"]
    assert [d["tittel"] for d in igjen] == ["Søknad"]
    logg = Endringslogg.objects.filter(
        referanse_arkivenhet=feilregistrert["systemID"], referanse_metadata="registrering"
    ).order_by("loepenummer")
    assert [(r.tidligere_verdi, r.ny_verdi) for r in logg] == [
        (None, str(alna.journalpost.system_id)),
        (str(alna.journalpost.system_id), None),
        (None, str(annen.system_id)),
    ]


def test_dokument_flyttes_ikke_fra_en_arkivert_journalpost_eller_til_en_annen_bydel(
    alna: Oppsett,
) -> None:
    dokument = nytt_dokument(alna, tittel="Brev")
    bjerke = lag_oppsett("Bjerke")
    annen = ny_journalpost(
        Saksmappe.objects.get(pk=alna.journalpost.mappe_id), alna.bydel.saksbehandler
    )
    annen_href = f"{BASE}sakarkiv/journalpost/{annen.system_id}/"

    til_bjerke = _flytt(alna, dokument, bjerke.journalpost_href)
    til_noe_annet = _flytt(alna, dokument, f"{BASE}arkivstruktur/arkiv/{annen.system_id}/")
    journalpost_endre_status(
        journalpost=alna.journalpost, journalstatus="J", utfoert_av=alna.bydel.arkivar
    )
    journalpost_arkiver(journalpost=alna.journalpost, utfoert_av=alna.bydel.arkivar)
    fra_arkivert = _flytt(alna, dokument, annen_href)

    for svar in (til_bjerke, til_noe_annet, fra_arkivert):
        assert svar.status_code == 400, svar.json()
    assert "arkivert" in fra_arkivert.json()["feil"]["beskrivelse"]
    assert list(
        Dokumenttilknytning.objects.filter(
            dokumentbeskrivelse__system_id=dokument["systemID"]
        ).values_list("registrering_id", flat=True)
    ) == [alna.journalpost.pk]
