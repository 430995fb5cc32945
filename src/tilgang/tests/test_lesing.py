"""The read audit: views and downloads of screened or graded records in the hash-chained log,
with the authorisation used; who-has-seen for the archivist; 403 and 404 on the case page."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arkivstruktur.models import Skjerming
from felles.feil import IkkeFunnet, IngenTilgang
from felles.tid import dato_i_oslo, naa
from sakarkiv.tests.hjelpere import ny_journalpost
from sporing.models import Endringslogg
from sporing.selectors import lesinger_for
from sporing.triggere import fjern_triggere
from tilgang.lesing import registrer_lesing
from tilgang.models import Sakstilgang
from tilgang.tests.test_matrise import Scenario, klient_for, lag_scenario

pytestmark = pytest.mark.django_db

HJEMMEL = "Offl. § 13 jf. fvl. § 13"


@pytest.fixture
def scenario(db: Any) -> Scenario:
    return lag_scenario()


def _lesinger(system_id: Any) -> list[tuple[str, str]]:
    return list(
        Endringslogg.objects.filter(hendelsetype="R", referanse_arkivenhet=system_id)
        .order_by("loepenummer")
        .values_list("endret_av", "beskrivelse")
    )


def _verifiser() -> str:
    ut = StringIO()
    call_command("verify_log", stdout=ut, stderr=ut)
    return ut.getvalue()


# --- what is logged -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rolle", "grunnlag"),
    [
        ("saksansvarlig", "saksansvarlig"),
        ("leder_med_kode", "tilgangskode 13 for Helse Alna i Bydel Alna"),
        ("arkivar_med_kode_og_klarering", "tilgangskode 13 for Bydel Alna"),
        ("navngitt_kollega_med_sakstilgang", "sakstilgang gitt av {saksansvarlig}"),
    ],
)
def test_visning_av_skjermet_sak_logges_med_hjemmelen_som_ble_brukt(
    scenario: Scenario, rolle: str, grunnlag: str
) -> None:
    bruker = scenario.brukere[rolle]
    post = scenario.poster["skjermet"]
    grunnlag = grunnlag.format(saksansvarlig=scenario.alna.saksbehandler.visningsnavn)

    svar = klient_for(bruker).get(f"/saker/{post.sak.system_id}/")

    assert svar.status_code == 200
    assert _lesinger(post.sak.system_id) == [
        (bruker.visningsnavn, f"Vist med {grunnlag}. Skjermet: {HJEMMEL}.")
    ]
    journalpost = post.sak.registreringer.get()
    forventet = "saksbehandler for registreringen" if rolle == "saksansvarlig" else grunnlag
    assert _lesinger(journalpost.system_id) == [
        (bruker.visningsnavn, f"Vist med {forventet}. Skjermet: {HJEMMEL}.")
    ]
    assert f"Du ser den med {grunnlag}" in svar.content.decode()


def test_visning_av_gradert_sak_logges_med_klareringen(scenario: Scenario) -> None:
    arkivar = scenario.brukere["arkivar_med_kode_og_klarering"]
    post = scenario.poster["gradert"]

    klient_for(arkivar).get(f"/saker/{post.sak.system_id}/")

    assert _lesinger(post.sak.system_id) == [
        (arkivar.visningsnavn, "Vist med klarering K for Bydel Alna. Gradert: K.")
    ]


def test_nedlasting_av_skjermet_dokument_logges_med_filen(scenario: Scenario) -> None:
    kollega = scenario.brukere["navngitt_kollega_med_sakstilgang"]
    post = scenario.poster["skjermet"]

    svar = klient_for(kollega).get(f"/dokument/{post.fil.system_id}/fil/")

    assert svar.status_code == 200
    assert 'filename="bekymring-ola-hansen.pdf"' in svar["Content-Disposition"]
    assert _lesinger(post.fil.system_id) == [
        (
            kollega.visningsnavn,
            f"Lastet ned med sakstilgang gitt av {scenario.alna.saksbehandler.visningsnavn}. "
            f"Skjermet: {HJEMMEL}. Fil: bekymring-ola-hansen.pdf (versjon 1, variant P).",
        )
    ]


def test_aapen_sak_og_aapent_dokument_logges_ikke(scenario: Scenario) -> None:
    post = scenario.poster["aapen"]
    klient = klient_for(scenario.alna.saksbehandler)

    klient.get(f"/saker/{post.sak.system_id}/")
    klient.get(f"/dokument/{post.fil.system_id}/fil/")

    assert Endringslogg.objects.filter(hendelsetype="R").exists() is False


def test_utloept_skjerming_logges_ikke(scenario: Scenario) -> None:
    post = scenario.poster["skjermet"]
    Skjerming.objects.filter(pk=post.sak.skjerming_id).update(
        skjerming_opphoerer_dato=dato_i_oslo(naa()) - dt.timedelta(days=1)
    )
    kollega = scenario.brukere["saksbehandler_samme_enhet"]

    svar = klient_for(kollega).get(f"/saker/{post.sak.system_id}/")

    assert svar.status_code == 200
    assert post.tittel in svar.content.decode()
    assert Endringslogg.objects.filter(hendelsetype="R").exists() is False


def test_anonym_lesing_registreres_ikke(scenario: Scenario) -> None:
    assert registrer_lesing(scenario.poster["skjermet"].sak, AnonymousUser()) is False


def test_lesinger_ligger_i_hash_kjeden_og_endring_oppdages(scenario: Scenario) -> None:
    post = scenario.poster["skjermet"]
    klient_for(scenario.alna.saksbehandler).get(f"/saker/{post.sak.system_id}/")
    klient_for(scenario.alna.saksbehandler).get(f"/dokument/{post.fil.system_id}/fil/")
    assert "Loggen er intakt" in _verifiser()
    lesing = Endringslogg.objects.filter(
        hendelsetype="R", referanse_arkivenhet=post.fil.system_id
    ).get()

    fjern_triggere(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE sporing_endringslogg SET endret_av = %s WHERE loepenummer = %s",
            ["Noen andre", lesing.loepenummer],
        )

    with pytest.raises(CommandError, match="1 avvik"):
        _verifiser()


# --- who has seen it --------------------------------------------------------------------------


def test_arkivar_ser_hvem_som_har_sett_saken_paa_sakssiden(scenario: Scenario) -> None:
    post = scenario.poster["skjermet"]
    leder = scenario.brukere["leder_med_kode"]
    klient_for(leder).get(f"/saker/{post.sak.system_id}/")
    klient_for(leder).get(f"/dokument/{post.fil.system_id}/fil/")

    side = klient_for(scenario.brukere["arkivar_med_kode_og_klarering"]).get(
        f"/saker/{post.sak.system_id}/"
    )

    innhold = side.content.decode()
    assert "Hvem har sett saken" in innhold
    lesinger = innhold[innhold.index("Hvem har sett saken") :]
    assert lesinger.count(leder.visningsnavn) == 3  # the case, the journalpost, the file
    assert "Lastet ned med tilgangskode 13 for Helse Alna i Bydel Alna" in innhold


def test_saksbehandler_ser_ikke_hvem_som_har_sett_saken(scenario: Scenario) -> None:
    post = scenario.poster["skjermet"]

    side = klient_for(scenario.alna.saksbehandler).get(f"/saker/{post.sak.system_id}/")

    assert "Hvem har sett saken" not in side.content.decode()


def test_hvem_har_sett_paa_kommandolinjen(scenario: Scenario) -> None:
    post = scenario.poster["skjermet"]
    kollega = scenario.brukere["navngitt_kollega_med_sakstilgang"]
    klient_for(kollega).get(f"/saker/{post.sak.system_id}/")
    ut = StringIO()

    call_command("hvem_har_sett", str(post.sak.system_id), som="arkivar.Alna", stdout=ut)

    linjer = ut.getvalue().splitlines()
    assert len(linjer) == 2
    assert kollega.visningsnavn in linjer[0]
    assert "Vist med sakstilgang gitt av" in linjer[0]
    assert linjer[1] == "1 lesinger."


@pytest.mark.parametrize(
    ("som", "postnavn", "melding"),
    [
        ("sb.Alna", "aapen", "Bare arkivar eller systemadministrator"),  # sees it, may not ask
        ("kollega.alna", "skjermet", "Fant ikke objektet"),  # may not know it exists
        ("arkivar.Bjerke", "skjermet", "Fant ikke objektet"),
        ("finnes.ikke", "skjermet", "Fant ingen aktiv bruker"),
    ],
)
def test_hvem_har_sett_avvises_for_andre(
    scenario: Scenario, som: str, postnavn: str, melding: str
) -> None:
    post = scenario.poster[postnavn]

    with pytest.raises(CommandError, match=melding):
        call_command("hvem_har_sett", str(post.sak.system_id), som=som, stdout=StringIO())


def test_hvem_har_sett_ukjent_eller_ugyldig_systemid(scenario: Scenario) -> None:
    arkivar = scenario.alna.arkivar
    for system_id in ("00000000-0000-0000-0000-000000000000", "ikke-en-uuid"):
        with pytest.raises(IkkeFunnet):
            lesinger_for(system_id, arkivar)


def test_systemadministrator_kan_spoerre_om_dokumentet(scenario: Scenario) -> None:
    post = scenario.poster["skjermet"]
    klient_for(scenario.alna.saksbehandler).get(f"/dokument/{post.fil.system_id}/fil/")

    lesinger = lesinger_for(post.fil.system_id, scenario.brukere["systemadministrator"])

    assert [lesing.endret_av for lesing in lesinger] == [scenario.alna.saksbehandler.visningsnavn]


def test_lesinger_for_uten_rett_men_med_innsyn_gir_ingen_tilgang(scenario: Scenario) -> None:
    with pytest.raises(IngenTilgang):
        lesinger_for(scenario.poster["aapen"].sak.system_id, scenario.alna.leder)


# --- 403 and 404 on the case page's actions ---------------------------------------------------


def test_kollega_som_ser_saken_men_ikke_kan_gi_tilgang_faar_403_med_melding(
    scenario: Scenario,
) -> None:
    post = scenario.poster["aapen"]
    kollega = scenario.brukere["saksbehandler_samme_enhet"]

    svar = klient_for(kollega).post(
        f"/saker/{post.sak.system_id}/sakstilgang/", {"brukernavn": "adm.alna"}
    )

    assert svar.status_code == 403
    innhold = svar.content.decode()
    assert "Bare saksansvarlig eller leder for enheten kan gi og trekke tilgang" in innhold
    assert Sakstilgang.objects.filter(mappe=post.sak).exists() is False


def test_den_som_ikke_ser_saken_faar_404_ogsaa_paa_handlingen(scenario: Scenario) -> None:
    post = scenario.poster["skjermet"]

    svar = klient_for(scenario.brukere["saksbehandler_samme_enhet"]).post(
        f"/saker/{post.sak.system_id}/sakstilgang/", {"brukernavn": "kollega.alna"}
    )

    assert svar.status_code == 404
    assert post.tittel not in svar.content.decode()
    assert Sakstilgang.objects.filter(bruker__username="kollega.alna").exists() is False


def test_saksansvarlig_gir_og_trekker_tilgang_fra_sakssiden(scenario: Scenario) -> None:
    post = scenario.poster["skjermet"]
    klient = klient_for(scenario.alna.saksbehandler)

    svar = klient.post(
        f"/saker/{post.sak.system_id}/sakstilgang/",
        {"brukernavn": "kollega.alna", "begrunnelse": "Ferievikar"},
        follow=True,
    )

    assert "har fått tilgang til saken" in svar.content.decode()
    sakstilgang = Sakstilgang.objects.get(bruker__username="kollega.alna")
    assert klient_for(sakstilgang.bruker).get(f"/saker/{post.sak.system_id}/").status_code == 200

    klient.post(f"/saker/{post.sak.system_id}/sakstilgang/{sakstilgang.pk}/trekk/")

    assert klient_for(sakstilgang.bruker).get(f"/saker/{post.sak.system_id}/").status_code == 404


def test_ukjent_brukernavn_gir_feilmelding(scenario: Scenario) -> None:
    post = scenario.poster["skjermet"]

    svar = klient_for(scenario.alna.saksbehandler).post(
        f"/saker/{post.sak.system_id}/sakstilgang/", {"brukernavn": "hvem"}, follow=True
    )

    assert "Fant ingen aktiv bruker med brukernavnet «hvem»" in svar.content.decode()


# --- performance ------------------------------------------------------------------------------


def _spoerringer(klient: Any, url: str) -> list[str]:
    """The statements of one request, without SAVEPOINT/RELEASE: `sporing.logg_lest` opens a
    nested block per entry (see the report to the lead); reads and writes are what count."""
    with CaptureQueriesContext(connection) as fanget:
        klient.get(url)
    return [q["sql"] for q in fanget.captured_queries if "SAVEPOINT" not in q["sql"]]


def test_sakssiden_har_fast_antall_spoerringer_uansett_antall_journalposter(
    scenario: Scenario,
) -> None:
    post = scenario.poster["skjermet"]
    klient = klient_for(scenario.brukere["arkivar_med_kode_og_klarering"])
    url = f"/saker/{post.sak.system_id}/"
    klient.get(url)

    en = _spoerringer(klient, url)
    for nummer in range(4):
        ny_journalpost(post.sak, scenario.alna.saksbehandler, tittel=f"Oppfølging {nummer}")
    fem = _spoerringer(klient, url)

    assert len(fem) == len(en)
    assert len(_lesinger(post.sak.system_id)) == 3
