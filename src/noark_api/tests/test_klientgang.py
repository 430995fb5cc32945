"""A third-party client's walk through the API (issue 5, "Done when"): from the root only by
the links it is given, it logs in, builds arkiv → arkivdel → klassifikasjonssystem → klasse →
saksmappe → journalpost (with a korrespondansepart) → dokumentbeskrivelse → dokumentobjekt
with a file, reads, filters, updates with the ETag, downloads the file byte for byte, and
deletes it all again child first. The only URL it is told is the root."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from rest_framework.test import APIClient

from arkivstruktur.models import Arkiv, Arkivskaper, Mappe, Registrering
from demo.utviklingsadmin import utviklingsadmin_opprett

from .conftest import basic

pytestmark = pytest.mark.django_db

REL = "https://rel.arkivverket.no/noark5/v5/api/"
JSON = "application/vnd.noark5+json"
INNHOLD = bytes(range(256)) * 40 + "Søknad om plass – æøå".encode()


def _innhold(svar: Any) -> bytes:
    return b"".join(svar.streaming_content) if svar.streaming else bytes(svar.content)


class Klient:
    """What a client does with `_links`: pick a href by relation key, cut URI templates."""

    def __init__(self, api: APIClient) -> None:
        self.api = api

    @staticmethod
    def lenke(data: dict[str, Any], noekkel: str) -> str:
        return str(data["_links"][REL + noekkel]["href"]).split("{")[0]

    def hent(self, href: str, spoerring: dict[str, str] | None = None) -> Any:
        svar = self.api.get(href, spoerring, HTTP_ACCEPT=JSON)
        assert svar.status_code == 200, (href, svar.content[:500])
        return svar

    def ny(self, forelder: dict[str, Any], noekkel: str, **felter: Any) -> dict[str, Any]:
        """GET the template, merge the values in, POST it back (client-compat.md §5, §6)."""
        href = self.lenke(forelder, noekkel)
        mal = self.hent(href).json()
        mal.pop("_links", None)
        svar = self.api.post(href, {**mal, **felter}, format="json", HTTP_ACCEPT=JSON)
        assert svar.status_code == 201, (href, svar.json())
        data = dict(svar.json())
        assert svar["Location"] == data["_links"]["self"]["href"]
        for navn, verdi in felter.items():  # everything sent is echoed (§6.2)
            sendt = verdi["kode"] if isinstance(verdi, dict) else verdi
            fikk = data[navn]["kode"] if isinstance(data[navn], dict) else data[navn]
            assert fikk == sendt, navn
        return data

    def slett(self, data: dict[str, Any]) -> None:
        selv = data["_links"]["self"]["href"]
        etag = self.hent(selv)["ETag"]
        svar = self.api.delete(selv, HTTP_ETAG=etag)
        assert svar.status_code == 204, (selv, svar.content[:500])
        assert self.api.get(selv).status_code == 404


def test_klienten_bygger_leser_endrer_og_river_ned_et_arkiv(api: APIClient) -> None:
    # The development administrator a client is given (client-compat.md §3.5): every role.
    utviklingsadmin_opprett(brukernavn="admin@example.com", passord="password")
    k = Klient(api)
    rot = k.hent("/api/").json()
    assert REL + "arkivstruktur/" not in rot["_links"]  # anonymously only the login relations
    k.hent(k.lenke(rot, "login/rfc7617/"))
    api.credentials(HTTP_AUTHORIZATION=basic("admin@example.com", "password"))
    rot = k.hent("/api/").json()
    assert APIClient().get(k.lenke(rot, "arkivstruktur/")).status_code == 401
    arkivstruktur = k.hent(k.lenke(rot, "arkivstruktur/")).json()

    arkivskaper = k.ny(
        arkivstruktur,
        "arkivstruktur/ny-arkivskaper/",
        arkivskaperID="974770982",
        arkivskaperNavn="Bydel Testvik",
    )
    arkiv = k.ny(arkivskaper, "arkivstruktur/ny-arkiv/", tittel="Testvik arkiv")
    arkivdel = k.ny(arkiv, "arkivstruktur/ny-arkivdel/", tittel="Sakarkiv 2026–")
    system = k.ny(
        arkivdel,
        "arkivstruktur/ny-klassifikasjonssystem/",
        tittel="Emnekoder",
        klassifikasjonstype={"kode": "EH"},
    )
    klasse = k.ny(system, "arkivstruktur/ny-klasse/", klasseID="026", tittel="Tilsyn")
    saksmappe = k.ny(klasse, "sakarkiv/ny-saksmappe/", tittel="Tilsyn med Testvik skole")
    assert saksmappe["mappeID"]
    journalpost = k.ny(
        saksmappe,
        "sakarkiv/ny-journalpost/",
        tittel="Varsel om tilsyn",
        journalposttype={"kode": "I"},
    )
    assert journalpost["journalpostnummer"] == 1
    part = k.ny(
        journalpost,
        "arkivstruktur/ny-korrespondansepartperson/",
        navn="Ola Nordmann",
        korrespondanseparttype={"kode": "EA"},
    )
    dokument = k.ny(
        journalpost,
        "arkivstruktur/ny-dokumentbeskrivelse/",
        tittel="Varselbrev",
        tilknyttetRegistreringSom={"kode": "H"},
    )
    dokumentobjekt = k.ny(dokument, "arkivstruktur/ny-dokumentobjekt/", filnavn="varsel.pdf")

    fil = k.lenke(dokumentobjekt, "arkivstruktur/fil/")
    opplasting = api.generic("POST", fil, INNHOLD, content_type="application/octet-stream")
    assert opplasting.status_code == 201, opplasting.content[:500]
    lastet = opplasting.json()
    assert lastet["sjekksum"] == hashlib.sha256(INNHOLD).hexdigest()
    assert lastet["filstoerrelse"] == len(INNHOLD)

    # Read and filter, as a client searches.
    journalposter = k.hent(k.lenke(saksmappe, "arkivstruktur/registrering/")).json()
    assert [jp["systemID"] for jp in journalposter["results"]] == [journalpost["systemID"]]
    alle = k.lenke(k.hent(k.lenke(rot, "sakarkiv/")).json(), "sakarkiv/journalpost/")
    filter_ = "contains(tittel,'tilsyn') and journalposttype/kode eq 'I'"
    funnet = k.hent(alle, {"$filter": filter_}).json()
    assert funnet["count"] == 1
    ingen = k.hent(alle, {"$filter": "tittel eq 'Finnes ikke'"}).json()
    assert ingen == {**ingen, "count": 0, "results": []}

    # Update with the ETag; a stale one is refused.
    selv = journalpost["_links"]["self"]["href"]
    lest = k.hent(selv)
    oppdatert = api.put(
        selv,
        {**lest.json(), "tittel": "Varsel om tilsyn (rettet)"},
        format="json",
        HTTP_ETAG=lest["ETag"],
    )
    assert oppdatert.status_code == 200, oppdatert.json()
    assert oppdatert.json()["tittel"] == "Varsel om tilsyn (rettet)"
    gammel = api.patch(selv, {"tittel": "x"}, format="json", HTTP_IF_MATCH=lest["ETag"])
    assert gammel.status_code == 409

    # Download: the exact bytes, with the stored type.
    nedlasting = api.get(fil, HTTP_ACCEPT="*/*")
    assert nedlasting.status_code == 200
    assert _innhold(nedlasting) == INNHOLD
    assert nedlasting["Content-Type"].startswith("application/octet-stream")

    # Child first, as clients clean up.
    for data in (
        dokumentobjekt,
        dokument,
        part,
        journalpost,
        saksmappe,
        klasse,
        system,
        arkivdel,
        arkiv,
        arkivskaper,
    ):
        k.slett(data)
    assert not Registrering.objects.exists()
    assert not Mappe.objects.exists()
    assert not Arkiv.objects.exists()
    assert not Arkivskaper.objects.exists()
