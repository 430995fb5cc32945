"""The pages a case handler opens, in a real browser: login through the form, the start page,
the case list, a case, search and a document; each with 0 WCAG 2.1 A/AA violations (axe-core).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from arkivstruktur.models import Kassasjon, Mappe
from arkivstruktur.services.arv import skjerming_sett
from arkivstruktur.services.dokumentbeskrivelse import dokumentbeskrivelse_opprett
from dokument.docx import lag_docx
from dokument.services import dokumentobjekt_opprett
from felles.tests.nettleser import sidens_tilstand_ved_tidsavbrudd, wcag_brudd
from felles.tid import dato_i_oslo, naa
from organisasjon.models import Rolle
from organisasjon.tests.factories import AdministrativEnhetFactory, bruker_med_rolle
from sakarkiv.services.brev import STANDARDBREV, brevmal_opprett
from sakarkiv.tests.conftest import Bydel, lag_bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from uttrekk.kontroll import kontroller_arkivdel

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def alna() -> Bydel:
    return lag_bydel("Alna")


def logg_inn(side: Any, bruker: Any, passord: str = "demo") -> None:
    side.goto("/logg-inn/")
    side.get_by_label("Brukernavn").fill(bruker.username)
    side.get_by_label("Passord").fill(passord)
    side.get_by_role("button", name="Logg inn").click()
    side.wait_for_url(lambda url: "/logg-inn/" not in url)


def kvittering(side: Any) -> str:
    """The confirmation after a form post; a refusal (role alert) fails with its text."""
    utfall = side.locator("[role=status], [role=alert]").first
    with sidens_tilstand_ved_tidsavbrudd(side):
        utfall.wait_for(timeout=60_000)  # registering identifies every file; CI runs loaded
    tekst = str(utfall.inner_text())
    assert utfall.get_attribute("role") == "status", tekst
    return tekst


def test_innloggingssiden_er_universelt_utformet(side: Any) -> None:
    side.goto("/logg-inn/")

    assert side.title() == "Logg inn – Arkivar"
    assert wcag_brudd(side) == []


def test_feil_passord_vises_ved_feltet_og_brukernavnet_beholdes(side: Any, alna: Bydel) -> None:
    side.goto("/logg-inn/")
    side.get_by_label("Brukernavn").fill(alna.saksbehandler.username)
    side.get_by_label("Passord").fill("feil")
    side.get_by_role("button", name="Logg inn").click()

    expect(side.get_by_role("alert").first).to_be_visible()
    expect(side.get_by_label("Brukernavn")).to_have_value(alna.saksbehandler.username)
    assert wcag_brudd(side) == []


def test_saksbehandlerens_sider_er_universelt_utformet(side: Any, alna: Bydel) -> None:
    sak = ny_sak(alna, tittel="Tilskudd til idrettslaget Furuset IF")
    frist = dato_i_oslo(naa()) - dt.timedelta(days=10)
    ny_journalpost(sak, alna.saksbehandler, tittel="Søknad om tilskudd", forfallsdato=frist)

    logg_inn(side, alna.saksbehandler)
    sider = {"start": side.url}
    restanser = side.get_by_role("table").nth(1)
    expect(restanser.get_by_role("link", name="Søknad om tilskudd")).to_have_count(1)
    assert wcag_brudd(side) == [], "start"

    side.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Saker").click()
    side.get_by_role("link", name="Tilskudd til idrettslaget Furuset IF").first.click()
    side.get_by_role("heading", name="Tilskudd til idrettslaget Furuset IF").wait_for()
    sider["sak"] = side.url
    assert wcag_brudd(side) == [], "sak"

    side.goto("/saker/")
    assert wcag_brudd(side) == [], "saker"
    side.goto("/sok/?q=Furuset")
    expect(
        side.get_by_role("link", name="Tilskudd til idrettslaget Furuset IF").first
    ).to_be_visible()
    assert wcag_brudd(side) == [], "søk"
    assert str(sak.system_id) in sider["sak"]


def test_axe_finner_brudd_naar_de_finnes(side: Any) -> None:
    """The check above can fail: a field without a label and an image without text are found."""
    side.set_content(
        '<html lang="nb"><head><title>x</title></head><body><main>'
        '<input id="f"><img src="data:,"></main></body></html>'
    )

    brudd = wcag_brudd(side)

    assert any(b.startswith("label:") for b in brudd), brudd
    assert any(b.startswith("image-alt:") for b in brudd), brudd


def test_lederen_fordeler_en_sak_fra_enhetssiden(side: Any, alna: Bydel) -> None:
    sak = ny_sak(alna, tittel="Søknad om avlastning")
    logg_inn(side, alna.leder)

    side.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Min enhet").click()
    expect(side.get_by_role("row", name=alna.saksbehandler.visningsnavn)).to_be_visible()
    assert wcag_brudd(side) == [], "enhet"
    side.get_by_role("row", name=alna.saksbehandler.visningsnavn).get_by_role("link").click()
    side.get_by_role("link", name="Søknad om avlastning").click()
    side.get_by_label("Gi saken til").select_option(alna.leder.username)
    side.get_by_role("button", name="Fordel saken").click()

    expect(side.get_by_role("status")).to_have_text(f"Saken er gitt til {alna.leder.visningsnavn}.")
    assert wcag_brudd(side) == [], "sak"
    sak.refresh_from_db()
    assert sak.referanse_saksansvarlig == alna.leder


def test_arkivaren_journalfoerer_fra_journalkontrollen(side: Any, alna: Bydel) -> None:
    sak = ny_sak(alna)
    for tittel in ("Svar på søknad", "Vedtak om tilskudd"):
        ny_journalpost(
            sak, alna.saksbehandler, tittel=tittel, journalposttype="U", journalstatus="F"
        )
    logg_inn(side, alna.arkivar)

    meny = side.get_by_role("navigation", name="Hovedmeny")
    meny.get_by_role("link", name="Journalkontroll").click()
    expect(side.get_by_role("button", name="Journalfør valgte")).to_be_visible()
    assert wcag_brudd(side) == [], "journalkontroll"
    expect(side.get_by_role("checkbox")).to_have_count(2)
    for boks in side.get_by_role("checkbox").all():
        boks.check()
    side.get_by_role("button", name="Journalfør valgte").click()

    expect(side.get_by_role("status")).to_have_text("2 journalposter er journalført.")
    expect(side.get_by_text("Ingen journalposter venter på kontroll.")).to_be_visible()
    assert wcag_brudd(side) == [], "etter journalføring"
    meny.get_by_role("link", name="Arkivdeler").click()
    expect(side.get_by_role("button", name=f"Periodiser {alna.arkivdel.tittel}")).to_be_visible()
    assert wcag_brudd(side) == [], "arkivdeler"


def test_saksbehandleren_oppretter_en_skjermet_sak(side: Any, alna: Bydel) -> None:
    logg_inn(side, alna.saksbehandler)
    side.goto("/saker/")
    side.get_by_role("link", name="Ny sak").click()
    expect(side.get_by_role("button", name="Opprett saken")).to_be_visible()
    assert wcag_brudd(side) == [], "ny sak"

    side.get_by_label("Tittel", exact=True).fill("Bekymringsmelding Ola Hansen")
    side.get_by_label("Klasse", exact=True).select_option(index=1)
    side.get_by_label("Tilgangsrestriksjon").select_option("13")
    side.get_by_label("Skjerming tittel mappe - utvalgte ord (TMO)").check()
    side.get_by_role("button", name="Opprett saken").click()
    # TMO needs an offentlig tittel: refused beside the field, nothing typed is lost.
    expect(side.locator("#feil-offentlig_tittel")).to_be_visible()
    expect(side.get_by_label("Tittel", exact=True)).to_have_value("Bekymringsmelding Ola Hansen")
    expect(side.get_by_label("Skjerming tittel mappe - utvalgte ord (TMO)")).to_be_checked()
    assert wcag_brudd(side) == [], "ny sak med feil"

    side.get_by_label("Offentlig tittel").fill("Bekymringsmelding *****")
    side.get_by_role("button", name="Opprett saken").click()

    expect(side.get_by_role("heading", name="Bekymringsmelding Ola Hansen")).to_be_visible()
    expect(side.get_by_role("status")).to_contain_text("er opprettet")


def test_saksbehandleren_registrerer_inngaaende_brev_med_filer(
    side: Any, alna: Bydel, tmp_path: Any
) -> None:
    sak = ny_sak(alna, tittel="Søknad om avlastning")
    filer = []
    for navn in ("soknad.pdf", "legeerklaering.pdf"):
        fil = tmp_path / navn
        fil.write_bytes(b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        filer.append(str(fil))
    logg_inn(side, alna.saksbehandler)
    side.goto(f"/saker/{sak.system_id}/")
    side.get_by_role("link", name="Ny journalpost").click()
    expect(side.get_by_role("button", name="Registrer journalposten")).to_be_visible()
    assert wcag_brudd(side) == [], "ny journalpost"

    side.get_by_label("Inngående dokument (I)").check()
    side.get_by_label("Tittel", exact=True).fill("Søknad om avlastning med legeerklæring")
    side.get_by_label("Avsender eller mottaker").fill("Kari Nordmann")
    side.get_by_label("Filer", exact=False).set_input_files(filer)
    # Previewed in the page before they are sent.
    expect(side.get_by_title("Forhåndsvisning av soknad.pdf")).to_have_count(1)
    expect(side.get_by_title("Forhåndsvisning av legeerklaering.pdf")).to_have_count(1)
    assert wcag_brudd(side) == [], "ny journalpost med valgte filer"
    side.get_by_role("button", name="Registrer journalposten").click()

    assert "er registrert" in kvittering(side)
    rad = side.get_by_role("row", name="Søknad om avlastning med legeerklæring")
    expect(rad.get_by_role("link", name="soknad")).to_have_count(1)
    expect(rad.get_by_role("link", name="legeerklaering")).to_have_count(1)
    assert wcag_brudd(side) == [], "sak"


def test_offentlig_journal_viser_skjermede_ord_maskert(side: Any, alna: Bydel) -> None:
    sak = ny_sak(
        alna, tittel="Bekymringsmelding Ola Hansen", offentlig_tittel="Bekymringsmelding *****"
    )
    skjerming_sett(
        enhet=sak,
        tilgangsrestriksjon="13",
        skjermingshjemmel="Offl. § 13",
        skjerming_metadata=["TMO", "TRO", "NA"],
        utfoert_av=alna.arkivar,
    )
    ny_journalpost(
        sak,
        alna.arkivar,
        tittel="Melding om Ola Hansen",
        offentlig_tittel="Melding om *****",
        journalstatus="J",
    )

    side.goto("/logg-inn/")  # not signed in: the public journal is open to anyone
    side.get_by_role("link", name="Offentlig journal").click()
    side.get_by_label("Bydel").select_option(label="Bydel Alna")
    side.get_by_role("button", name="Vis journal").click()

    rad = side.get_by_role("row", name="Melding om *****")
    expect(rad.get_by_text("Bekymringsmelding *****")).to_have_count(1)
    expect(rad.get_by_text("Fra: *****")).to_have_count(1)
    assert "Hansen" not in side.content()
    assert wcag_brudd(side) == [], "offentlig journal"
    with side.expect_download() as nedlasting:
        side.get_by_role("link", name="Last ned som PDF").click()
    assert nedlasting.value.suggested_filename.startswith("offentlig-journal-alna-")

    logg_inn(side, alna.arkivar)
    side.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Løpende journal"
    ).click()
    expect(side.get_by_role("heading", name="Løpende journal", exact=True)).to_be_visible()
    assert wcag_brudd(side) == [], "løpende journal"


def test_arkivaren_registrerer_fra_mottak_fordeler_og_journalfoerer(
    side: Any, alna: Bydel, tmp_path: Any
) -> None:
    skann = tmp_path / "skann-0042.pdf"
    skann.write_bytes(b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    logg_inn(side, alna.arkivar)

    side.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Mottak").click()
    side.get_by_label("Avsender (valgfritt)").fill("Kari Nordmann")
    side.get_by_label("Hva gjelder det (valgfritt)").fill("Søknad om startlån")
    side.get_by_label("Filer", exact=False).set_input_files(str(skann))
    side.get_by_role("button", name="Legg i køen").click()
    expect(side.get_by_role("status")).to_contain_text("er lagt i mottakskøen")
    assert wcag_brudd(side) == [], "mottak"

    side.get_by_role("link", name="Søknad om startlån").click()
    # The page previews the scan in an iframe. In CI the submit below has timed out now and
    # then; the page dump showed the form still there and every live-server thread idle, so
    # the click never became a request. Let the page (and the preview) finish loading first.
    side.wait_for_load_state("load")
    assert wcag_brudd(side) == [], "registrer post"
    side.get_by_label("Ny sak").check()
    side.get_by_label("Klasse", exact=True).select_option(index=1)
    side.get_by_label("Enhet", exact=True).select_option(label=alna.enhet.administrativ_enhet_navn)
    side.get_by_label("Saksbehandler", exact=False).select_option(
        label=alna.saksbehandler.visningsnavn
    )
    side.get_by_role("button", name="Registrer og fordel").click()
    melding = kvittering(side)
    assert f"er registrert og fordelt til {alna.saksbehandler.visningsnavn}" in melding
    expect(side.get_by_text("Ingen post venter på registrering.")).to_be_visible()

    side.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Journalkontroll"
    ).click()
    side.get_by_role("button", name=re.compile(r"^Journalfør \d{4}.\d+-1$")).click()
    expect(side.get_by_role("status")).to_contain_text("er journalført")
    assert wcag_brudd(side) == [], "journalkontroll"


def test_svar_fra_mal_godkjennes_ekspederes_og_avskriver_restansen(side: Any, alna: Bydel) -> None:
    """The case handler's main flow: an incoming letter, an answer from a template, the leader's
    approval, sending it and writing the incoming letter off."""
    systemadministrator = bruker_med_rolle(
        Rolle.SYSTEMADMINISTRATOR,
        AdministrativEnhetFactory(virksomhet=alna.arkiv.virksomhet),
        username="sysadm",
    )
    brevmal_opprett(
        navn="Standardbrev",
        innhold=lag_docx(STANDARDBREV),
        filnavn="standardbrev.docx",
        utfoert_av=systemadministrator,
    )
    sak = ny_sak(alna, tittel="Søknad om startlån")
    inn, ut = f"{sak.mappe_id}-1", f"{sak.mappe_id}-2"
    logg_inn(side, alna.saksbehandler)
    side.goto(f"/saker/{sak.system_id}/")
    side.get_by_role("link", name="Ny journalpost").click()
    side.get_by_label("Inngående dokument (I)").check()
    side.get_by_label("Tittel", exact=True).fill("Søknad om startlån")
    side.get_by_label("Avsender eller mottaker").fill("Kari Nordmann")
    side.get_by_role("button", name="Registrer journalposten").click()

    side.get_by_label("Svar på").select_option(label=f"{inn} Søknad om startlån")
    side.get_by_role("button", name="Lag brevet").click()
    expect(side.get_by_role("status")).to_contain_text("er laget fra malen")
    expect(side.get_by_role("row", name="Svar: Søknad om startlån")).to_have_count(1)
    assert wcag_brudd(side) == [], "sak med brev"
    side.get_by_label("Godkjennes av").first.select_option(label=alna.leder.visningsnavn)
    side.get_by_role("button", name=f"Send til godkjenning: {ut}").click()
    expect(side.get_by_role("status")).to_contain_text("sendt til godkjenning")

    side.get_by_role("button", name="Logg ut", exact=True).click()
    logg_inn(side, alna.leder)
    side.get_by_role("link", name="Svar: Søknad om startlån").click()
    side.get_by_role("button", name=f"Godkjenn {ut}").click()
    expect(side.get_by_role("status")).to_have_text(f"Journalpost {ut} er godkjent.")
    assert wcag_brudd(side) == [], "godkjent"

    side.get_by_role("button", name="Logg ut", exact=True).click()
    logg_inn(side, alna.saksbehandler)
    side.goto(f"/saker/{sak.system_id}/")
    side.get_by_role("button", name=f"Ekspeder {ut}").click()
    expect(side.get_by_role("status")).to_have_text(f"Journalpost {ut} er ekspedert.")
    side.get_by_label(f"Avskrivningsmåte for {inn}").select_option("BU")
    side.get_by_label("Besvart med").select_option(label=f"{ut} (U)")
    side.get_by_role("button", name="Avskriv").click()
    expect(side.get_by_role("status")).to_have_text(f"Journalpost {inn} er avskrevet.")
    assert wcag_brudd(side) == [], "avskrevet"
    side.goto("/")
    expect(side.get_by_text("Ingen restanser.")).to_be_visible()


def test_arkivaren_ser_deponeringsstatus_og_kasserer_en_forfalt_sak(side: Any, alna: Bydel) -> None:
    sak = ny_sak(alna)
    journalpost = ny_journalpost(sak, alna.saksbehandler, tittel="Søknad om støtte")
    dokumentobjekt_opprett(
        dokumentbeskrivelse=dokumentbeskrivelse_opprett(
            registrering=journalpost, tittel="Søknad", utfoert_av=alna.saksbehandler
        ),
        innhold=b"%PDF-1.7 Soknad om stotte",
        filnavn="soknad.pdf",
        mime_type="application/pdf",
        format="fmt/276",
        utfoert_av=alna.saksbehandler,
    )
    kassasjon = Kassasjon.objects.create(kassasjonsvedtak="K", bevaringstid=2)
    Mappe.objects.filter(pk=sak.pk).update(
        avsluttet_dato=naa() - dt.timedelta(days=3 * 365),
        avsluttet_av="Arkivet",
        kassasjon=kassasjon,
    )
    # The factories' arkiv has no arkivskaper and nothing logged as changed: the schema wants
    # both, so the check is red and says where.
    kontroller_arkivdel(alna.arkivdel.pk)
    logg_inn(side, alna.arkivar)
    meny = side.get_by_role("navigation", name="Hovedmeny")

    meny.get_by_role("link", name="Deponering").click()
    expect(side.get_by_text("Har feil", exact=True)).to_be_visible()
    side.get_by_text("Kontrollene som slo ut").first.click()  # opens the details
    expect(side.get_by_text("Expected is ( arkivskaper )").first).to_be_visible()
    assert wcag_brudd(side) == [], "deponering"
    side.get_by_role("button", name=f"Kontroller {alna.arkivdel.tittel} nå").click()
    assert "kontrolleres nå" in kvittering(side)

    meny.get_by_role("link", name="Kassasjon").click()
    expect(
        side.get_by_role("button", name=f"Lag kassasjonsliste for {alna.arkivdel.tittel}")
    ).to_be_visible()
    assert wcag_brudd(side) == [], "kassasjon"
    side.get_by_role("button", name=f"Lag kassasjonsliste for {alna.arkivdel.tittel}").click()
    assert "1 saker til godkjenning" in kvittering(side)
    expect(side.get_by_role("link", name=sak.mappe_id)).to_be_visible()
    assert wcag_brudd(side) == [], "kassasjonsliste"
    side.get_by_role("button", name="Godkjenn kassasjonslisten").click()
    assert "godkjent" in kvittering(side)
    side.get_by_role("button", name="Utfør kassasjonen").click()
    assert "Kassert: 1 dokumenter" in kvittering(side)
    assert wcag_brudd(side) == [], "kassert"
