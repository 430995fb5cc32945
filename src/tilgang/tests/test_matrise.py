"""The authorisation matrix: every role × record × path, and not one leak.

The tables below are the matrix; docs/tilgangsmatrise.md mirrors them word for word. One cell is
one test. A cell is

    "200"       200 with the record: the case page shows its full title, the file its bytes;
                the case list has the record's row (screened records with offentligTittel)
    "200-uten"  (case list) 200, and neither the record's row nor any of its text
    "404"       the same answer as for a record that does not exist, with none of its text
    "302"       to the login page
    "401"       (Noark 5 API) not logged in: 401 with WWW-Authenticate, none of the record's text
    "403"       refused with a message, none of the record's text (the løpende journal is the
                records office's)
    "200-maskert" (offentlig journal) 200 with the entry as the public sees it: offentligTittel
                of case and journalpost, none of the screened text

Every 200 on a screened or graded record writes one read (R) to the hendeselogg; nothing else
does. The Noark 5 API answers as the UI does, with 401 where the UI redirects to the login page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from arkivstruktur.models import Dokumentobjekt
from arkivstruktur.services.arv import gradering_sett, skjerming_sett
from arkivstruktur.services.dokumentbeskrivelse import dokumentbeskrivelse_opprett
from dokument.services import dokumentobjekt_opprett
from organisasjon.models import Rolle, Virksomhetstype
from organisasjon.tests.factories import (
    AdministrativEnhetFactory,
    VirksomhetFactory,
    bruker_med_rolle,
)
from sakarkiv.models import Saksmappe
from sakarkiv.tests.conftest import Bydel, lag_bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sok.services import indeks_bygg
from sporing.models import Endringslogg
from tilgang.services import klarering_gi, sakstilgang_gi, tilgangskode_gi

pytestmark = pytest.mark.django_db

# --- the matrix (mirrored in docs/tilgangsmatrise.md) ------------------------------------------

POSTER = ("aapen", "skjermet", "gradert")

#                                   åpen        skjermet §13  gradert K
SAKSSIDE = {
    "saksansvarlig": ("200", "200", "404"),
    "saksbehandler_samme_enhet": ("200", "404", "404"),
    "saksbehandler_annen_enhet": ("200", "404", "404"),
    "saksbehandler_annen_bydel": ("404", "404", "404"),
    "leder_uten_kode": ("200", "404", "404"),
    "leder_med_kode": ("200", "200", "404"),
    "arkivar_med_kode_og_klarering": ("200", "200", "200"),
    "systemadministrator": ("200", "404", "404"),
    "navngitt_kollega_med_sakstilgang": ("200", "200", "404"),
    "anonym": ("302", "302", "302"),
}
SAKSLISTE = {
    "saksansvarlig": ("200", "200", "200-uten"),
    "saksbehandler_samme_enhet": ("200", "200-uten", "200-uten"),
    "saksbehandler_annen_enhet": ("200", "200-uten", "200-uten"),
    "saksbehandler_annen_bydel": ("200-uten", "200-uten", "200-uten"),
    "leder_uten_kode": ("200", "200-uten", "200-uten"),
    "leder_med_kode": ("200", "200", "200-uten"),
    "arkivar_med_kode_og_klarering": ("200", "200", "200"),
    "systemadministrator": ("200", "200-uten", "200-uten"),
    "navngitt_kollega_med_sakstilgang": ("200", "200", "200-uten"),
    "anonym": ("302", "302", "302"),
}
NEDLASTING = {
    "saksansvarlig": ("200", "200", "404"),
    "saksbehandler_samme_enhet": ("200", "404", "404"),
    "saksbehandler_annen_enhet": ("200", "404", "404"),
    "saksbehandler_annen_bydel": ("404", "404", "404"),
    "leder_uten_kode": ("200", "404", "404"),
    "leder_med_kode": ("200", "200", "404"),
    "arkivar_med_kode_og_klarering": ("200", "200", "200"),
    "systemadministrator": ("200", "404", "404"),
    "navngitt_kollega_med_sakstilgang": ("200", "200", "404"),
    "anonym": ("302", "302", "302"),
}
# The document page and search answer as the download and the case list do.
DOKUMENTSIDE = dict(NEDLASTING)
SOK = dict(SAKSLISTE)


def _api(tabell: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The Noark 5 API answers as the UI path does, with 401 for a missing login."""
    return {
        rolle: tuple("401" if c == "302" else c for c in celler) for rolle, celler in tabell.items()
    }


# The day's journals (issue 6 item 9). The offentlig journal is the same for everyone, signed in
# or not; the løpende journal is the records office's, showing what it may see in full.
OFFENTLIG_JOURNAL = dict.fromkeys(SAKSSIDE, ("200", "200-maskert", "200-uten"))
LOEPENDE_JOURNAL = {
    rolle: ("302",) * 3 if rolle == "anonym" else ("403",) * 3 for rolle in SAKSSIDE
} | {"arkivar_med_kode_og_klarering": ("200", "200", "200")}

API_SAKSMAPPE = _api(SAKSSIDE)
API_SAKSLISTE = _api(SAKSLISTE)
API_FIL = _api(NEDLASTING)

STIER = {
    "saksside": SAKSSIDE,
    "saksliste": SAKSLISTE,
    "nedlasting": NEDLASTING,
    "dokumentside": DOKUMENTSIDE,
    "sok": SOK,
    "offentlig_journal": OFFENTLIG_JOURNAL,
    "loepende_journal": LOEPENDE_JOURNAL,
    "api_saksmappe": API_SAKSMAPPE,
    "api_saksliste": API_SAKSLISTE,
    "api_fil": API_FIL,
}
API_STIER = ("api_saksmappe", "api_saksliste", "api_fil")
# What each record is searched for by: a word of its (screened) title.
SOEKEORD = {"aapen": "Furuset", "skjermet": "Hansen", "gradert": "Beredskapsplan"}

CELLER = [
    pytest.param(sti, rolle, post, tabell[rolle][i], id=f"{sti}-{rolle}-{post}")
    for sti, tabell in STIER.items()
    for rolle in tabell
    for i, post in enumerate(POSTER)
]

# --- the records and the people ----------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    sak: Saksmappe
    fil: Dokumentobjekt
    innhold: bytes
    tittel: str
    jp_tittel: str
    offentlig_tittel: str
    jp_offentlig: str
    hemmeligheter: tuple[str, ...]  # text that may only reach those who see the record


@dataclass(frozen=True)
class Scenario:
    alna: Bydel
    brukere: dict[str, Any]
    poster: dict[str, Post]


def _post(
    alna: Bydel, tittel: str, jp_tittel: str, filnavn: str, jp_offentlig: str = "", **kwargs: Any
) -> Post:
    sak = ny_sak(alna, tittel=tittel, **kwargs)
    # Journalført, so that it is in the offentlig journal too.
    journalpost = ny_journalpost(
        sak, alna.arkivar, tittel=jp_tittel, offentlig_tittel=jp_offentlig, journalstatus="J"
    )
    dokument = dokumentbeskrivelse_opprett(
        registrering=journalpost, tittel=jp_tittel, utfoert_av=alna.saksbehandler
    )
    innhold = f"%PDF-1.7 {tittel}".encode()
    fil = dokumentobjekt_opprett(
        dokumentbeskrivelse=dokument,
        innhold=innhold,
        filnavn=filnavn,
        mime_type="application/pdf",
        format="fmt/276",
        utfoert_av=alna.saksbehandler,
    )
    return Post(
        sak=sak,
        fil=fil,
        innhold=innhold,
        tittel=tittel,
        jp_tittel=jp_tittel,
        offentlig_tittel=kwargs.get("offentlig_tittel", tittel),
        jp_offentlig=jp_offentlig or jp_tittel,
        hemmeligheter=(tittel, jp_tittel, filnavn, str(sak.system_id), str(fil.system_id)),
    )


def lag_scenario() -> Scenario:
    """Bydel Alna with an open, a screened (§13) and a graded (K) case, each with a journalpost
    and a PDF; the people of the matrix, given their codes, clearance and case access through
    the services."""
    alna, bjerke = lag_bydel("Alna"), lag_bydel("Bjerke")
    virksomhet = alna.arkiv.virksomhet
    administrasjonen = AdministrativEnhetFactory(
        virksomhet=virksomhet, administrativ_enhet_navn="Bydelsadministrasjonen Alna"
    )
    oslo = VirksomhetFactory(
        navn="Oslo kommune", kortnavn="oslo", virksomhetstype=Virksomhetstype.KOMMUNE
    )
    systemadministrator = bruker_med_rolle(
        Rolle.SYSTEMADMINISTRATOR, AdministrativEnhetFactory(virksomhet=oslo), username="sysadm"
    )
    brukere: dict[str, Any] = {
        "saksansvarlig": alna.saksbehandler,
        "saksbehandler_samme_enhet": bruker_med_rolle(
            Rolle.SAKSBEHANDLER, alna.enhet, username="kollega.alna"
        ),
        "saksbehandler_annen_enhet": bruker_med_rolle(
            Rolle.SAKSBEHANDLER, administrasjonen, username="adm.alna"
        ),
        "saksbehandler_annen_bydel": bjerke.saksbehandler,
        "leder_uten_kode": alna.leder,
        "leder_med_kode": bruker_med_rolle(Rolle.LEDER, alna.enhet, username="leder2.alna"),
        "arkivar_med_kode_og_klarering": alna.arkivar,
        "systemadministrator": systemadministrator,
        "navngitt_kollega_med_sakstilgang": bruker_med_rolle(
            Rolle.SAKSBEHANDLER, administrasjonen, username="navngitt.alna"
        ),
        "anonym": None,
    }
    tilgangskode_gi(
        bruker=brukere["leder_med_kode"],
        tilgangskode="13",
        administrativ_enhet=alna.enhet,
        utfoert_av=alna.arkivar,
    )
    tilgangskode_gi(
        bruker=alna.arkivar,
        tilgangskode="13",
        virksomhet=virksomhet,
        utfoert_av=systemadministrator,
    )
    klarering_gi(
        bruker=alna.arkivar,
        graderingskode="K",
        virksomhet=virksomhet,
        utfoert_av=systemadministrator,
    )

    aapen = _post(
        alna, "Tilskudd til idrettslaget Furuset IF", "Søknad om tilskudd", "soknad-furuset.pdf"
    )
    skjermet = _post(
        alna,
        "Bekymringsmelding Ola Hansen",
        "Melding fra skolen om Ola Hansen",
        "bekymring-ola-hansen.pdf",
        jp_offentlig="Melding fra skolen om *****",
        offentlig_tittel="Bekymringsmelding *****",
    )
    skjerming_sett(
        enhet=skjermet.sak,
        tilgangsrestriksjon="13",
        # The case title (TMO) and the journalpost and document titles (TRO, TD) name the child.
        skjerming_metadata=["TMO", "TRO", "TD", "NPS"],
        utfoert_av=alna.saksbehandler,
    )
    gradert = _post(
        alna, "Beredskapsplan for vannforsyningen", "Sårbarhetsanalyse vann", "sarbarhet.pdf"
    )
    # Gradering is not inherited (model.md §6.6): each unit is graded.
    journalpost = gradert.sak.registreringer.get()
    for enhet in (gradert.sak, journalpost, gradert.fil.dokumentbeskrivelse):
        gradering_sett(enhet=enhet, graderingskode="K", utfoert_av=alna.saksbehandler)
    for post in (skjermet, gradert):
        sakstilgang_gi(
            saksmappe=post.sak,
            bruker=brukere["navngitt_kollega_med_sakstilgang"],
            utfoert_av=alna.saksbehandler,
        )
    # What the index would hold after the commits of a real run.
    indeks_bygg()
    return Scenario(
        alna=alna,
        brukere=brukere,
        poster={"aapen": aapen, "skjermet": skjermet, "gradert": gradert},
    )


@pytest.fixture
def scenario(db: Any) -> Scenario:
    return lag_scenario()


def klient_for(bruker: Any) -> Client:
    klient = Client()
    if bruker is not None:
        klient.force_login(bruker)
    return klient


def _url(sti: str, post: Post, postnavn: str) -> str:
    if sti == "saksside":
        return f"/saker/{post.sak.system_id}/"
    if sti == "saksliste":
        return "/saker/"
    if sti == "dokumentside":
        return f"/dokument/beskrivelse/{post.fil.dokumentbeskrivelse.system_id}/"
    if sti == "sok":
        return f"/sok/?q={SOEKEORD[postnavn]}"
    if sti in ("offentlig_journal", "loepende_journal"):
        dato = post.sak.registreringer.get().journaldato
        sti_ = "offentlig-journal" if sti == "offentlig_journal" else "journal"
        return f"/{sti_}/?bydel=alna&dato={dato}"
    if sti == "api_saksmappe":
        return f"/api/sakarkiv/saksmappe/{post.sak.system_id}/"
    if sti == "api_saksliste":
        return "/api/sakarkiv/saksmappe/?$top=100"
    if sti == "api_fil":
        return f"/api/arkivstruktur/dokumentobjekt/{post.fil.system_id}/fil/"
    return f"/dokument/{post.fil.system_id}/fil/"


def _lest(sti: str, post: Post) -> Any:
    """The record a 200 on this path counts as read."""
    if sti in ("nedlasting", "api_fil"):
        return post.fil.system_id
    if sti == "dokumentside":
        return post.fil.dokumentbeskrivelse.system_id
    return post.sak.system_id


def _lesinger(system_id: Any) -> int:
    return Endringslogg.objects.filter(hendelsetype="R", referanse_arkivenhet=system_id).count()


def _innhold(svar: Any) -> str:
    if getattr(svar, "streaming", False):
        return b"".join(svar.streaming_content).decode("utf-8", "replace")
    if "json" in svar.get("Content-Type", ""):
        # Unescaped, so that a title written as \u escapes cannot slip past the leak check.
        return json.dumps(json.loads(svar.content), ensure_ascii=False)
    return str(svar.content.decode())


# --- the test ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("sti", "rolle", "postnavn", "forventet"), CELLER)
def test_tilgangsmatrisen(
    scenario: Scenario, sti: str, rolle: str, postnavn: str, forventet: str
) -> None:
    post = scenario.poster[postnavn]
    lest = _lest(sti, post)
    foer = _lesinger(lest)

    url = _url(sti, post, postnavn)
    svar = klient_for(scenario.brukere[rolle]).get(url)
    innhold = _innhold(svar)

    if forventet == "302":
        assert svar.status_code == 302
        assert svar["Location"].startswith("/logg-inn/")
    elif forventet == "401":
        assert svar.status_code == 401
        assert svar["WWW-Authenticate"]
    elif forventet == "403":
        assert svar.status_code == 403
        assert "Bare arkivet kan lese den løpende journalen." in innhold
    elif forventet == "404":
        assert svar.status_code == 404
        assert ("Fant ikke" if sti in API_STIER else "Fant ikke siden") in innhold
    else:
        assert svar.status_code == 200
    if forventet in ("302", "401", "403", "404", "200-uten", "200-maskert"):
        # What the request itself named (the systemID in the URL) is no leak when echoed.
        lekket = [t for t in post.hemmeligheter if t in innhold and t not in url]
        assert lekket == [], f"{rolle} fikk se {lekket}"
        if forventet == "200-maskert":
            assert post.offentlig_tittel in innhold
            assert post.jp_offentlig in innhold
        else:
            assert post.offentlig_tittel not in innhold
    elif sti in ("saksside", "api_saksmappe", "offentlig_journal", "loepende_journal"):
        assert post.tittel in innhold
    elif sti in ("saksliste", "api_saksliste"):
        assert str(post.sak.system_id) in innhold
        assert post.offentlig_tittel in innhold
        if postnavn == "skjermet":
            assert post.tittel not in innhold  # lists show offentligTittel only
    elif sti == "sok":
        assert str(post.sak.system_id) in innhold  # the hit links to the case
        if postnavn == "skjermet":
            # Found by the screened word, but neither title nor snippet shows it.
            assert post.offentlig_tittel in innhold
            assert post.tittel not in innhold
            assert post.jp_tittel not in innhold
            assert "<mark>Hansen</mark>" not in innhold
    elif sti == "dokumentside":
        assert post.jp_tittel in innhold
        assert str(post.fil.system_id) in innhold
    else:
        assert innhold.encode() == post.innhold
        assert svar["Content-Type"] == "application/pdf"
        assert svar["Cache-Control"] == "private, no-store"

    lister = ("saksliste", "sok", "api_saksliste", "offentlig_journal")
    beskyttet_og_vist = forventet == "200" and postnavn != "aapen" and sti not in lister
    assert _lesinger(lest) - foer == (1 if beskyttet_og_vist else 0)


def _tabeller_i_dokumentet() -> dict[str, dict[str, tuple[str, ...]]]:
    """The three tables of docs/tilgangsmatrise.md, by the path in their heading."""
    dokument = Path(__file__).resolve().parents[3] / "docs" / "tilgangsmatrise.md"
    overskrifter = {
        "UI case page": "saksside",
        "UI case list": "saksliste",
        "File download": "nedlasting",
        "UI document page": "dokumentside",
        "Search": "sok",
        "UI offentlig journal": "offentlig_journal",
        "UI løpende journal": "loepende_journal",
        "Noark 5 API saksmappe": "api_saksmappe",
        "Noark 5 API saksmappe list": "api_saksliste",
        "Noark 5 API file download": "api_fil",
    }
    tabeller: dict[str, dict[str, tuple[str, ...]]] = {}
    gjeldende = None
    for linje in dokument.read_text(encoding="utf-8").splitlines():
        if linje.startswith("### "):
            passer = [o for o in overskrifter if linje[4:].startswith(o)]
            gjeldende = overskrifter[max(passer, key=len)] if passer else None
            continue
        celler = [celle.strip() for celle in linje.strip().strip("|").split("|")]
        if gjeldende and linje.startswith("|") and celler[0] in SAKSSIDE:
            tabeller.setdefault(gjeldende, {})[celler[0]] = tuple(celler[1:])
    return tabeller


def test_dokumentet_speiler_matrisen() -> None:
    assert _tabeller_i_dokumentet() == STIER
