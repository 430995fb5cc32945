"""noekkelord, forfatter, oppbevaringssted and skjermingmetadata value by value, through the
reference server's vendor sub-resources (client-compat.md §1 item 8): found from the owner's
links, created, read, changed with the ETag and deleted, each value keeping its systemID;
the owner's rules, rights and change log apply."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from arkivstruktur.services.arv import skjerming_sett
from arkivstruktur.services.dokumentbeskrivelse import dokumentbeskrivelse_opprett
from felles.tid import naa
from noark_api import verdiidentitet
from sakarkiv.models import Journalpost, Saksmappe
from sakarkiv.tests.hjelpere import ny_journalpost
from sporing.models import Endringslogg

from .test_sekundaer import BASE, REL, Oppsett, klient, lag_oppsett

pytestmark = pytest.mark.django_db

NIKITA = "https://nikita.arkivlab.no/noark5/v5/"


@pytest.fixture
def alna() -> Oppsett:
    return lag_oppsett("Alna")


def vlenke(data: dict[str, Any], noekkel: str) -> str:
    return str(data["_links"][NIKITA + noekkel]["href"])


def legg_til(api: APIClient, eier: dict[str, Any], navn: str, verdi: Any) -> Any:
    kropp = verdi if isinstance(verdi, dict) else {navn: verdi}
    return api.post(vlenke(eier, f"ny-{navn}/"), kropp, format="json")


def verdier(api: APIClient, eier: dict[str, Any], navn: str) -> list[Any]:
    svar = api.get(vlenke(eier, f"{navn}/"))
    assert svar.status_code == 200
    data = svar.json()
    assert data["count"] == len(data["results"])
    return list(data["results"])


def test_noekkelord_paa_saksmappe_rundtur(alna: Oppsett) -> None:
    sak = alna.sak
    assert NIKITA + "ny-noekkelord/" in sak["_links"]
    assert NIKITA + "noekkelord/" in sak["_links"]
    assert REL + "ny-noekkelord/" not in sak["_links"]  # never under the standard's base
    mal = alna.api.get(vlenke(sak, "ny-noekkelord/"))
    assert mal.status_code == 200
    assert mal.json() == {"_links": {}}

    ny = legg_til(alna.api, sak, "noekkelord", "barnehage")
    assert ny.status_code == 201, ny.json()
    data = ny.json()
    assert data["noekkelord"] == "barnehage"
    selv = data["_links"]["self"]["href"]
    assert ny["Location"] == selv
    assert selv == f"{vlenke(sak, 'noekkelord/')}{data['systemID']}/"
    assert data["_links"][NIKITA + "noekkelord/"]["href"] == selv
    assert data["_links"][REL + "sakarkiv/saksmappe/"]["href"] == sak["_links"]["self"]["href"]

    eier = alna.api.get(sak["_links"]["self"]["href"]).json()
    assert eier["noekkelord"] == ["barnehage"]
    logg = Endringslogg.objects.filter(
        referanse_arkivenhet=sak["systemID"], referanse_metadata="noekkelord"
    ).last()
    assert logg is not None
    assert "barnehage" in logg.ny_verdi

    legg_til(alna.api, sak, "noekkelord", "opptak")
    assert [v["noekkelord"] for v in verdier(alna.api, sak, "noekkelord")] == [
        "barnehage",
        "opptak",
    ]

    lest = alna.api.get(selv)
    assert lest.status_code == 200
    assert lest["ETag"] == ny["ETag"]
    endret = alna.api.put(
        selv, {**lest.json(), "noekkelord": "skolestart"}, format="json", HTTP_IF_MATCH=lest["ETag"]
    )
    assert endret.status_code == 200, endret.json()
    assert endret.json()["systemID"] == data["systemID"]  # the value keeps its identity
    assert alna.api.get(selv).json()["noekkelord"] == "skolestart"
    gammel = alna.api.put(selv, {"noekkelord": "x"}, format="json", HTTP_IF_MATCH=lest["ETag"])
    assert gammel.status_code == 409

    assert alna.api.delete(selv, HTTP_IF_MATCH=endret["ETag"]).status_code == 204
    assert alna.api.get(selv).status_code == 404
    assert alna.api.get(sak["_links"]["self"]["href"]).json()["noekkelord"] == ["opptak"]


def test_journalpost_har_noekkelord_og_forfatter(alna: Oppsett) -> None:
    jp = alna.journalpost
    assert legg_til(alna.api, jp, "forfatter", "Kari Nordmann").status_code == 201
    assert legg_til(alna.api, jp, "noekkelord", "søknad").status_code == 201
    eier = alna.api.get(jp["_links"]["self"]["href"]).json()
    assert eier["forfatter"] == ["Kari Nordmann"]
    assert eier["noekkelord"] == ["søknad"]
    # A value already in the list is not added twice (a repeated POST after a timeout).
    igjen = legg_til(alna.api, jp, "forfatter", "Kari Nordmann")
    assert igjen.status_code == 400
    assert "allerede" in igjen.json()["feil"]["beskrivelse"]


def test_verdiene_beholder_systemid_naar_en_lik_verdi_foran_slettes(alna: Oppsett) -> None:
    """Values the owner holds twice (an import): deleting the first leaves the second its
    own systemID, and the deleted one names nothing any more."""
    href = alna.sak["_links"]["self"]["href"]
    alna.api.patch(href, {"noekkelord": ["a", "b", "a"]}, format="json")
    foer = verdier(alna.api, alna.sak, "noekkelord")
    assert [v["noekkelord"] for v in foer] == ["a", "b", "a"]
    assert len({v["systemID"] for v in foer}) == 3
    slett = alna.api.delete(foer[0]["_links"]["self"]["href"])
    assert slett.status_code == 204
    etter = verdier(alna.api, alna.sak, "noekkelord")
    assert [(v["systemID"], v["noekkelord"]) for v in etter] == [
        (foer[1]["systemID"], "b"),
        (foer[2]["systemID"], "a"),
    ]
    assert alna.api.get(foer[0]["_links"]["self"]["href"]).status_code == 404


def test_tildeling_er_entydig_og_foelger_lagrede_identiteter() -> None:
    import uuid

    eier = uuid.uuid4()
    avledet = verdiidentitet.tildel(eier, "noekkelord", ["a", "a", "b"])
    assert len(set(avledet)) == 3
    assert avledet == verdiidentitet.tildel(eier, "noekkelord", ["a", "a", "b"])
    # A kept identity claims its value's first occurrence; derivation skips it.
    kept = verdiidentitet.Identitet(avledet[0], "b")
    tildelt = verdiidentitet.tildel(eier, "noekkelord", ["a", "b"], [kept])
    assert tildelt[1] == avledet[0]
    assert tildelt[0] != avledet[0]
    assert len(set(tildelt)) == 2


def test_oppbevaringssted_paa_arkivdel_for_arkivaren(alna: Oppsett) -> None:
    arkivar = klient(alna.bydel.arkivar)
    arkivdel = arkivar.get(f"{BASE}arkivstruktur/arkivdel/{alna.bydel.arkivdel.system_id}/").json()
    ny = legg_til(arkivar, arkivdel, "oppbevaringssted", "Fjernarkiv, hylle 4")
    assert ny.status_code == 201, ny.json()
    assert arkivar.get(arkivdel["_links"]["self"]["href"]).json()["oppbevaringssted"] == [
        "Fjernarkiv, hylle 4"
    ]
    # The case handler reads it but may not change the arkivdel.
    lest = alna.api.get(arkivdel["_links"]["self"]["href"]).json()
    assert NIKITA + "oppbevaringssted/" in lest["_links"]
    assert NIKITA + "ny-oppbevaringssted/" not in lest["_links"]
    ny_href = vlenke(arkivdel, "ny-oppbevaringssted/")
    svar = alna.api.post(ny_href, {"oppbevaringssted": "Kjeller"}, format="json")
    assert svar.status_code == 403


def test_noekkelord_paa_klasse(alna: Oppsett) -> None:
    arkivar = klient(alna.bydel.arkivar)
    klasse = arkivar.get(f"{BASE}arkivstruktur/klasse/{alna.bydel.klasse.system_id}/").json()
    ny = legg_til(arkivar, klasse, "noekkelord", "tilsyn")
    assert ny.status_code == 201, ny.json()
    assert (
        ny.json()["_links"][REL + "arkivstruktur/klasse/"]["href"]
        == klasse["_links"]["self"]["href"]
    )


def test_noekkelord_kan_legges_til_avsluttet_saksmappe(alna: Oppsett) -> None:
    """model.md locks neither noekkelord nor oppbevaringssted on closing: the archivist may
    still index a closed case, through the sub-resource as through the owner's PATCH."""
    Saksmappe.objects.filter(system_id=alna.sak["systemID"]).update(avsluttet_dato=naa())
    lest = alna.api.get(alna.sak["_links"]["self"]["href"]).json()
    assert legg_til(alna.api, lest, "noekkelord", "arkivert sak").status_code == 201


def test_andre_bydeler_ser_ingenting(alna: Oppsett) -> None:
    legg_til(alna.api, alna.sak, "noekkelord", "barnehage")
    bjerke = lag_oppsett("Bjerke")
    href = vlenke(alna.sak, "noekkelord/")
    assert bjerke.api.get(href).status_code == 404
    svar = bjerke.api.post(vlenke(alna.sak, "ny-noekkelord/"), {"noekkelord": "x"}, format="json")
    assert svar.status_code == 404


@pytest.mark.parametrize(
    "kropp",
    [{}, {"noekkelord": ""}, {"noekkelord": 3}, {"noekkelord": "a", "tittel": "b"}, ["a"]],
)
def test_feil_inndata_gir_400_og_endrer_ingenting(alna: Oppsett, kropp: Any) -> None:
    svar = alna.api.post(vlenke(alna.sak, "ny-noekkelord/"), kropp, format="json")
    assert svar.status_code == 400
    assert svar["Content-Type"].startswith("application/vnd.noark5+json")
    assert verdier(alna.api, alna.sak, "noekkelord") == []


def test_put_kan_ikke_endre_systemid(alna: Oppsett) -> None:
    ny = legg_til(alna.api, alna.sak, "noekkelord", "a").json()
    svar = alna.api.put(
        ny["_links"]["self"]["href"],
        {"systemID": "00000000-0000-0000-0000-000000000000", "noekkelord": "b"},
        format="json",
    )
    assert svar.status_code == 400
    assert alna.api.get(ny["_links"]["self"]["href"]).json()["noekkelord"] == "a"


def test_skjermingmetadata_paa_dokumentbeskrivelse(alna: Oppsett) -> None:
    jp = Journalpost.objects.get(system_id=alna.journalpost["systemID"])
    dok = dokumentbeskrivelse_opprett(
        registrering=jp, tittel="Søknad", utfoert_av=alna.bydel.saksbehandler
    )
    href = f"{BASE}arkivstruktur/dokumentbeskrivelse/{dok.system_id}/"
    lest = alna.api.get(href).json()
    assert NIKITA + "ny-skjermingmetadata/" in lest["_links"]
    # Without a skjerming there is nothing to name the screened metadata of.
    uten = legg_til(alna.api, lest, "skjermingmetadata", {"kode": "TD"})
    assert uten.status_code == 400

    skjerming_sett(
        enhet=dok,
        tilgangsrestriksjon="13",
        skjermingshjemmel="Offl. § 13 jf. fvl. § 13",
        skjerming_metadata=["TD"],
        utfoert_av=alna.bydel.saksbehandler,
    )
    lest = alna.api.get(href).json()
    assert [v["kode"] for v in verdier(alna.api, lest, "skjermingmetadata")] == ["TD"]
    ny = legg_til(alna.api, lest, "skjermingmetadata", {"kode": "NM", "kodenavn": "x"})
    assert ny.status_code == 201, ny.json()
    assert ny.json()["kode"] == "NM"
    assert ny.json()["kodenavn"] != "x"
    assert REL + "metadata/skjermingmetadata/" in ny.json()["_links"]
    skjerming = alna.api.get(href).json()["skjerming"]
    assert [k["kode"] for k in skjerming["skjermingMetadata"]] == ["TD", "NM"]
    assert skjerming["tilgangsrestriksjon"]["kode"] == "13"
    ukjent = legg_til(alna.api, lest, "skjermingmetadata", {"kode": "XX"})
    assert ukjent.status_code == 400

    assert legg_til(alna.api, lest, "forfatter", "Ola").status_code == 201
    assert alna.api.get(href).json()["forfatter"] == ["Ola"]


# --- filtering on the values (client-compat.md §10.3) ---------------------------------------------


def _antall(api: APIClient, samling: str, filter_: str) -> int:
    svar = api.get(f"{BASE}{samling}", {"$filter": filter_})
    assert svar.status_code == 200, svar.json()
    return int(svar.json()["count"])


def test_filter_paa_noekkelord_og_forfatter(alna: Oppsett) -> None:
    legg_til(alna.api, alna.sak, "noekkelord", "Barnehage")
    legg_til(alna.api, alna.sak, "noekkelord", "opptak 50% 2026")
    legg_til(alna.api, alna.journalpost, "forfatter", "Kari Nordmann")
    andre = ny_journalpost(
        Saksmappe.objects.get(system_id=alna.sak["systemID"]), alna.bydel.saksbehandler
    )
    assert andre.forfatter == []

    mapper = "sakarkiv/saksmappe/"
    assert _antall(alna.api, mapper, "noekkelord/noekkelord eq 'Barnehage'") == 1
    assert _antall(alna.api, mapper, "noekkelord/noekkelord eq 'barnehage'") == 0  # as eq on text
    assert _antall(alna.api, mapper, "contains(noekkelord/noekkelord, 'BARNE')") == 1
    assert _antall(alna.api, mapper, "startswith(noekkelord/noekkelord, 'opptak')") == 1
    assert _antall(alna.api, mapper, "contains(noekkelord/noekkelord, '50%')") == 1
    assert _antall(alna.api, mapper, "contains(noekkelord/noekkelord, '5_%')") == 0  # no wildcards
    assert _antall(alna.api, mapper, "noekkelord/any(n: n eq 'Barnehage')") == 1
    assert _antall(alna.api, mapper, "noekkelord/noekkelord eq 'skole'") == 0
    assert _antall(alna.api, "arkivstruktur/mappe/", "noekkelord/noekkelord eq 'Barnehage'") == 1

    poster = "sakarkiv/journalpost/"
    assert _antall(alna.api, poster, "forfatter/forfatter eq 'Kari Nordmann'") == 1
    assert _antall(alna.api, poster, "endswith(forfatter/forfatter, 'nordmann')") == 1
    assert _antall(alna.api, poster, "forfatter/forfatter eq null") == 1  # the other one
    assert _antall(alna.api, poster, "forfatter/forfatter ne null") == 1
    assert _antall(alna.api, poster, "not (forfatter/forfatter eq 'Kari Nordmann')") == 1
