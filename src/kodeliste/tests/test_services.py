"""Code values: lookup for use on records, and maintenance by a systemadministrator."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from felles.feil import DomeneFeil
from felles.tid import naa
from kodeliste.models import Kodeliste, Kodeverdi
from kodeliste.services import kodeverdi_endre, kodeverdi_for_bruk, kodeverdi_opprett
from organisasjon.models import Rolle
from organisasjon.tests.factories import AdministrativEnhetFactory, bruker_med_rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin() -> object:
    return bruker_med_rolle(Rolle.SYSTEMADMINISTRATOR, AdministrativEnhetFactory())


def test_kode_kan_oppgis_med_kode_eller_kodenavn() -> None:
    assert kodeverdi_for_bruk(
        kodeliste="journalposttype", kode="I", felt="f", visningsnavn="v"
    ).kodenavn == ("Inngående dokument")
    assert (
        kodeverdi_for_bruk(
            kodeliste="journalposttype", kode="Utgående dokument", felt="f", visningsnavn="v"
        ).kode
        == "U"
    )


def test_utdatert_kode_kan_ikke_brukes() -> None:
    with pytest.raises(DomeneFeil) as feil:
        kodeverdi_for_bruk(
            kodeliste="tilgangsrestriksjon", kode="5", felt="tilgangsrestriksjon", visningsnavn="x"
        )

    assert feil.value.kode == "utdatert_kode"
    assert feil.value.felt == "tilgangsrestriksjon"


def test_systemadministrator_legger_til_egen_verdi_med_gyldighet(admin: object) -> None:
    liste = Kodeliste.objects.get(navn="dokumenttype")
    fra = naa() + dt.timedelta(days=1)

    verdi = kodeverdi_opprett(
        kodeliste=liste, kode="VED", kodenavn="Vedtak", gyldig_fra=fra, utfoert_av=admin
    )

    assert verdi.gyldig_fra == fra
    with pytest.raises(DomeneFeil):  # not valid yet
        kodeverdi_for_bruk(kodeliste="dokumenttype", kode="VED", felt="f", visningsnavn="v")


def test_utdatering_gjelder_straks_for_nye_registreringer(admin: object) -> None:
    verdi = Kodeverdi.objects.get(kodeliste__navn="dokumenttype", kode="F")

    kodeverdi_endre(kodeverdi=verdi, utdatert=naa() - dt.timedelta(seconds=1), utfoert_av=admin)

    with pytest.raises(DomeneFeil):
        kodeverdi_for_bruk(kodeliste="dokumenttype", kode="F", felt="f", visningsnavn="v")


def test_andre_enn_systemadministrator_kan_ikke_endre_kodelister() -> None:
    saksbehandler = bruker_med_rolle(Rolle.SAKSBEHANDLER, AdministrativEnhetFactory())
    liste = Kodeliste.objects.get(navn="dokumenttype")

    with pytest.raises(DomeneFeil):
        kodeverdi_opprett(kodeliste=liste, kode="X1", kodenavn="Noe", utfoert_av=saksbehandler)

    assert liste.verdier.filter(kode="X1").exists() is False


def test_lukket_liste_kan_ikke_utvides(admin: object) -> None:
    liste = Kodeliste.objects.get(navn="tilgangskategori")

    with pytest.raises(DomeneFeil):
        kodeverdi_opprett(kodeliste=liste, kode="Z", kodenavn="Noe", utfoert_av=admin)


def test_dobbelt_kodenavn_avvises(admin: object) -> None:
    liste = Kodeliste.objects.get(navn="dokumenttype")

    with pytest.raises(DomeneFeil) as feil:
        kodeverdi_opprett(kodeliste=liste, kode="B2", kodenavn="Brev", utfoert_av=admin)

    assert feil.value.felt == "kodenavn"


def test_admin_viser_avvisning_ved_feltet_og_lagrer_ingenting(client: Any, admin: Any) -> None:
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    liste = Kodeliste.objects.get(navn="dokumenttype")

    svar = client.post(
        "/admin/kodeliste/kodeverdi/add/",
        {"kodeliste": liste.pk, "kode": "B2", "kodenavn": "Brev", "beskrivelse": ""},
    )

    assert svar.status_code == 200
    assert "finnes allerede" in svar.content.decode()
    assert liste.verdier.filter(kode="B2").exists() is False


def test_admin_oppretter_verdi_gjennom_tjenesten(client: Any, admin: Any) -> None:
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    liste = Kodeliste.objects.get(navn="dokumenttype")

    svar = client.post(
        "/admin/kodeliste/kodeverdi/add/",
        {"kodeliste": liste.pk, "kode": "VED", "kodenavn": "Vedtak", "beskrivelse": ""},
    )

    assert svar.status_code == 302
    assert liste.verdier.get(kode="VED").kodenavn == "Vedtak"
