"""Registreringer over HTTP (rest-api.md §5, §5.5, §12.1; client-compat.md §6, §8.3, §10):
placement, numbers, the polymorphic list, archiving and `utvid-til-journalpost`."""

from __future__ import annotations

from typing import Any

import pytest

from arkivstruktur.models import Mappe, Registrering
from arkivstruktur.tests.factories import ArkivdelFactory
from felles.tid import naa
from sporing.models import Endringslogg

from .test_mappe import (
    BASE,
    REL,
    Oppsett,
    arkivdel_json,
    lag_oppsett,
    lenke,
    ny_journalpost,
    ny_saksmappe,
    post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def alna() -> Oppsett:
    return lag_oppsett("Alna")


def ny_mappe(o: Oppsett, tittel: str = "Personalmappe") -> dict[str, Any]:
    svar = post(
        o.saksbehandler, lenke(arkivdel_json(o), "arkivstruktur/ny-mappe/"), {"tittel": tittel}
    )
    assert svar.status_code == 201, svar.json()
    return dict(svar.json())


def ny_registrering(o: Oppsett, forelder: dict[str, Any], **felter: Any) -> dict[str, Any]:
    href = lenke(forelder, "arkivstruktur/ny-registrering/")
    mal = o.saksbehandler.get(href).json()
    mal.pop("_links")
    svar = post(o.saksbehandler, href, {**mal, "tittel": "Arbeidsavtale", **felter})
    assert svar.status_code == 201, svar.json()
    return dict(svar.json())


def test_registrering_i_mappe_faar_nummer_fra_mappen(alna: Oppsett) -> None:
    mappe = ny_mappe(alna)

    foerste = ny_registrering(alna, mappe)
    andre = ny_registrering(alna, mappe, forfatter=["Kari"], noekkelord=["avtale"])

    assert foerste["registreringsID"] == f"{mappe['mappeID']}-1"
    assert andre["registreringsID"] == f"{mappe['mappeID']}-2"
    assert andre["forfatter"] == ["Kari"]
    assert andre["dokumentmedium"]["kode"] == "E"
    assert foerste["_links"]["self"]["href"] == (
        f"{BASE}arkivstruktur/registrering/{foerste['systemID']}/"
    )
    assert lenke(foerste, "arkivstruktur/mappe/") == mappe["_links"]["self"]["href"]
    # A generic mappe's registrering cannot become a journalpost (5.5.7).
    assert REL + "sakarkiv/utvid-til-journalpost/" not in foerste["_links"]
    nekt = post(
        alna.saksbehandler,
        f"{foerste['_links']['self']['href']}utvid-til-journalpost/",
        {"journalposttype": "I"},
    )
    assert nekt.status_code == 400


def test_registrering_direkte_i_arkivdel_uten_klassifikasjon(alna: Oppsett) -> None:
    arkivdel = ArkivdelFactory(arkiv=alna.bydel.arkiv, klassifikasjonssystem=None)
    forelder = arkivdel_json(alna, arkivdel)

    registrering = ny_registrering(alna, forelder)

    assert registrering["registreringsID"] == registrering["systemID"]
    liste = alna.saksbehandler.get(lenke(forelder, "arkivstruktur/registrering/")).json()
    assert [r["systemID"] for r in liste["results"]] == [registrering["systemID"]]
    # Exclusive children: an arkivdel with registreringer directly takes no mapper.
    mappe = post(alna.saksbehandler, lenke(forelder, "arkivstruktur/ny-mappe/"), {"tittel": "x"})
    assert mappe.status_code == 400


def test_ny_registrering_i_klassifisert_arkivdel_avvises(alna: Oppsett) -> None:
    href = f"{BASE}arkivstruktur/arkivdel/{alna.bydel.arkivdel.system_id}/ny-registrering/"

    svar = post(alna.saksbehandler, href, {"tittel": "x"})

    assert svar.status_code == 400
    assert not Registrering.objects.exists()


def test_registreringslisten_er_polymorf_og_filtrerbar(alna: Oppsett) -> None:
    sak = ny_saksmappe(alna)
    jp = ny_journalpost(alna, sak, journalposttype={"kode": "U"}, journalstatus={"kode": "R"})
    notat = post(alna.saksbehandler, lenke(sak, "sakarkiv/ny-arkivnotat/"), {"tittel": "Notat"})
    assert notat.status_code == 201, notat.json()
    registrering = ny_registrering(alna, ny_mappe(alna))

    liste = alna.saksbehandler.get(f"{BASE}arkivstruktur/registrering/").json()

    selv = {r["systemID"]: r["_links"]["self"]["href"] for r in liste["results"]}
    assert selv == {
        jp["systemID"]: f"{BASE}sakarkiv/journalpost/{jp['systemID']}/",
        notat.json()["systemID"]: f"{BASE}sakarkiv/arkivnotat/{notat.json()['systemID']}/",
        registrering["systemID"]: f"{BASE}arkivstruktur/registrering/{registrering['systemID']}/",
    }

    def treff(filter_: str) -> set[str]:
        svar = alna.saksbehandler.get(f"{BASE}arkivstruktur/registrering/", {"$filter": filter_})
        assert svar.status_code == 200, svar.json()
        return {r["systemID"] for r in svar.json()["results"]}

    assert treff("journalposttype/kode eq 'U'") == {jp["systemID"]}
    assert treff("journalposttype/kode eq 'I'") == set()
    assert treff(f"mappe/mappeID eq '{sak['mappeID']}'") == {
        jp["systemID"],
        notat.json()["systemID"],
    }
    assert treff(f"journalaar eq {jp['journalaar']} and journalpostnummer eq 1") == {jp["systemID"]}
    assert treff("journalaar eq null") == {notat.json()["systemID"], registrering["systemID"]}
    notater = alna.saksbehandler.get(f"{BASE}sakarkiv/arkivnotat/").json()
    assert [n["systemID"] for n in notater["results"]] == [notat.json()["systemID"]]


def test_utvid_til_journalpost_i_saksmappe(alna: Oppsett) -> None:
    sak = ny_saksmappe(alna)
    registrering = ny_registrering(alna, sak)
    href = lenke(registrering, "sakarkiv/utvid-til-journalpost/")
    mal = alna.saksbehandler.get(href)
    assert mal.status_code == 200
    assert mal.json()["journalposttype"]["kode"] == "I"

    svar = alna.saksbehandler.put(href, {"journalposttype": {"kode": "N"}}, format="json")

    assert svar.status_code == 200, svar.json()
    jp = svar.json()
    assert jp["systemID"] == registrering["systemID"]
    assert jp["registreringsID"] == registrering["registreringsID"]
    assert jp["journalpostnummer"] == 1
    assert jp["journalposttype"]["kode"] == "N"
    assert jp["journalstatus"]["kode"] == "R"
    assert jp["_links"]["self"]["href"] == f"{BASE}sakarkiv/journalpost/{jp['systemID']}/"
    igjen = post(alna.saksbehandler, href, {"journalposttype": "I"})
    assert igjen.status_code == 400


def test_arkivering_med_arkivertDato_fryser_registreringen(alna: Oppsett) -> None:
    registrering = ny_registrering(alna, ny_mappe(alna))
    selv = registrering["_links"]["self"]["href"]

    saksbehandler = alna.saksbehandler.patch(
        selv, {"arkivertDato": "2026-02-01T10:00:00+01:00"}, format="json"
    )
    arkivert = alna.arkivar.patch(
        selv, {"arkivertDato": "2026-02-01T10:00:00+01:00"}, format="json"
    )
    endre = alna.saksbehandler.patch(selv, {"tittel": "Ny"}, format="json")
    slett = alna.saksbehandler.delete(selv)

    assert saksbehandler.status_code == 403
    assert arkivert.status_code == 200, arkivert.json()
    assert "arkivertDato" in arkivert.json()
    assert arkivert.json()["arkivertAv"] == alna.bydel.arkivar.username
    assert endre.status_code == 400
    assert slett.status_code == 400


def test_put_med_hele_objektet_og_sletting(alna: Oppsett) -> None:
    registrering = ny_registrering(alna, ny_mappe(alna))
    selv = registrering["_links"]["self"]["href"]
    lest = alna.saksbehandler.get(selv)

    svar = alna.saksbehandler.put(
        selv, {**lest.json(), "beskrivelse": "Signert"}, format="json", HTTP_ETAG=lest["ETag"]
    )
    slettet = alna.saksbehandler.delete(selv, HTTP_ETAG=svar["ETag"])

    assert svar.status_code == 200, svar.json()
    assert svar.json()["beskrivelse"] == "Signert"
    assert slettet.status_code == 204
    assert not Registrering.objects.filter(system_id=registrering["systemID"]).exists()


def test_registrering_flyttes_til_en_annen_mappe_ved_aa_patche_mappelenken(alna: Oppsett) -> None:
    """rest-api.md §5.2: the `mappe` link of a plain registrering moves it; it takes the new
    mappe's next number, the move is logged, and a closed source mappe keeps what it holds."""
    fra = ny_mappe(alna, "Personalmappe Kari")
    til = ny_mappe(alna, "Personalmappe Ola")
    ny_registrering(alna, til)
    registrering = ny_registrering(alna, fra)
    selv = registrering["_links"]["self"]["href"]

    svar = alna.saksbehandler.patch(
        selv,
        {"_links": {REL + "arkivstruktur/mappe/": {"href": til["_links"]["self"]["href"]}}},
        format="json",
    )

    assert svar.status_code == 200, svar.json()
    assert lenke(svar.json(), "arkivstruktur/mappe/") == til["_links"]["self"]["href"]
    assert svar.json()["registreringsID"] == f"{til['mappeID']}-2"
    assert Endringslogg.objects.filter(
        referanse_arkivenhet=registrering["systemID"], referanse_metadata="mappe"
    ).exists()
    # Back into the first mappe, once it is closed: refused, nothing changes.
    Mappe.objects.filter(system_id=til["systemID"]).update(avsluttet_dato=naa())
    nektet = alna.saksbehandler.patch(
        selv,
        {"_links": {REL + "arkivstruktur/mappe/": {"href": fra["_links"]["self"]["href"]}}},
        format="json",
    )
    assert nektet.status_code == 400, nektet.json()
    assert "avsluttet" in nektet.json()["feil"]["beskrivelse"]
    assert Registrering.objects.get(system_id=registrering["systemID"]).mappe.system_id == (
        Mappe.objects.get(system_id=til["systemID"]).system_id
    )
