"""What the Noark API needs of the sakarkiv services: a saksmappe as undermappe, a mappe
extended to a saksmappe in place, journalposter whose parties come later, the records
office removing a journalpost without archived documents (client-compat.md §12.2), and the
selectors that name a case's unit and saksansvarlig."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from arkivstruktur.models import Mappe, Mappetype
from arkivstruktur.services.mappe import mappe_avslutt, mappe_opprett
from arkivstruktur.services.registrering import registrering_opprett
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import aar_i_oslo, dato_i_oslo, naa
from organisasjon.models import Rolle
from organisasjon.tests.factories import AdministrativEnhetFactory, BrukerFactory, bruker_med_rolle
from sakarkiv.models import Journalpost, Saksmappe
from sakarkiv.selectors import (
    administrativ_enhet_etter_navn,
    saksansvarlig_etter_navn,
    standard_enhet,
)
from sakarkiv.services.journalpost import journalpost_endre_status, journalpost_slett
from sakarkiv.services.saksmappe import saksmappe_opprett
from sakarkiv.services.utvidelse import (
    mappe_utvid_til_saksmappe,
    registrering_utvid_til_journalpost,
)
from sakarkiv.tests.conftest import Bydel
from sakarkiv.tests.hjelpere import ny_journalpost, ny_sak
from sporing.models import Endringslogg

pytestmark = pytest.mark.django_db


def ny_mappe(bydel: Bydel, **kwargs: Any) -> Mappe:
    kwargs.setdefault("tittel", "Eiendom Storgata 1")
    kwargs.setdefault("klasse", bydel.klasse)
    return mappe_opprett(arkivdel=bydel.arkivdel, utfoert_av=bydel.saksbehandler, **kwargs)


# --- saksmappe as undermappe ------------------------------------------------------------------


def test_saksmappe_som_undermappe_arver_plassering(bydel: Bydel) -> None:
    overmappe = ny_mappe(bydel, oppbevaringssted=["Arkivrom 2"], dokumentmedium="B")

    sak = saksmappe_opprett(
        overmappe=overmappe, tittel="Byggesøknad", utfoert_av=bydel.saksbehandler
    )

    sak.refresh_from_db()
    assert sak.overmappe_id == overmappe.pk
    assert sak.arkivdel_id == overmappe.arkivdel_id
    assert sak.klasse_id is None
    assert sak.mappetype == Mappetype.SAKSMAPPE
    assert sak.mappe_id == f"{sak.saksaar}/{sak.sakssekvensnummer}"
    assert sak.oppbevaringssted == ["Arkivrom 2"]
    assert sak.dokumentmedium == "B"
    assert list(overmappe.undermapper.all()) == [Mappe.objects.get(pk=sak.pk)]


def test_saksmappe_i_arkivdel_arver_oppbevaringssted(bydel: Bydel) -> None:
    bydel.arkivdel.oppbevaringssted = ["Fjernarkiv"]
    bydel.arkivdel.save(update_fields=["oppbevaringssted"])

    sak = ny_sak(bydel)
    egen = ny_sak(bydel, oppbevaringssted=["Hylle 3"])

    assert sak.oppbevaringssted == ["Fjernarkiv"]
    assert egen.oppbevaringssted == ["Hylle 3"]


@pytest.mark.parametrize(
    ("plassering", "felt"),
    [("begge", "overmappe"), ("ingen", "arkivdel"), ("avsluttet", "overmappe")],
)
def test_saksmappe_maa_ha_en_aapen_plass(bydel: Bydel, plassering: str, felt: str) -> None:
    overmappe = ny_mappe(bydel)
    argumenter: dict[str, Any] = {}
    if plassering == "begge":
        argumenter = {"overmappe": overmappe, "arkivdel": bydel.arkivdel}
    elif plassering == "avsluttet":
        mappe_avslutt(mappe=overmappe, utfoert_av=bydel.saksbehandler)
        argumenter = {"overmappe": overmappe}

    with pytest.raises(DomeneFeil) as feil:
        saksmappe_opprett(tittel="x", utfoert_av=bydel.saksbehandler, **argumenter)

    assert feil.value.felt == felt
    assert Saksmappe.objects.exists() is False


def test_saksmappe_i_annen_bydels_mappe_nektes(bydel: Bydel, annen_bydel: Bydel) -> None:
    overmappe = ny_mappe(annen_bydel)

    with pytest.raises(IngenTilgang):
        saksmappe_opprett(overmappe=overmappe, tittel="x", utfoert_av=bydel.saksbehandler)

    assert Saksmappe.objects.exists() is False


# --- utvid til saksmappe ------------------------------------------------------------------------


def test_mappe_utvides_til_saksmappe_med_samme_systemid(bydel: Bydel) -> None:
    mappe = ny_mappe(bydel)
    registrering = registrering_opprett(mappe=mappe, tittel="Brev", utfoert_av=bydel.saksbehandler)
    tidligere_id = registrering.registrerings_id

    sak = mappe_utvid_til_saksmappe(
        mappe=mappe, saksdato=dt.date(2026, 1, 8), utfoert_av=bydel.saksbehandler
    )

    assert sak.pk == mappe.pk
    assert sak.system_id == mappe.system_id
    assert isinstance(sak, Saksmappe)
    assert sak.saksaar == aar_i_oslo(naa())
    assert sak.sakssekvensnummer == 1
    assert sak.mappe_id == f"{sak.saksaar}/1"
    assert sak.saksdato == dt.date(2026, 1, 8)
    assert (sak.saksstatus, sak.saksstatus_kodenavn) == ("B", "Under behandling")
    assert sak.referanse_administrativ_enhet == bydel.enhet
    assert sak.referanse_saksansvarlig == bydel.saksbehandler
    assert sak.saksansvarlig == bydel.saksbehandler.visningsnavn
    registrering.refresh_from_db()
    assert registrering.registrerings_id == tidligere_id
    logg = Endringslogg.objects.filter(
        referanse_arkivenhet=mappe.system_id, beskrivelse="Utvidet til saksmappe"
    )
    assert {"mappetype", "saksstatus", "mappeID"} <= set(
        logg.values_list("referanse_metadata", flat=True)
    )
    # The numbers continue the arkiv's case series.
    assert ny_sak(bydel).sakssekvensnummer == 2


def test_utvidelse_med_standardverdier(bydel: Bydel) -> None:
    sak = mappe_utvid_til_saksmappe(mappe=ny_mappe(bydel), utfoert_av=bydel.saksbehandler)

    assert sak.saksdato == dato_i_oslo(naa())


@pytest.mark.parametrize("hindring", ["saksmappe", "avsluttet", "status", "enhet"])
def test_utvidelse_nektes(bydel: Bydel, annen_bydel: Bydel, hindring: str) -> None:
    mappe: Mappe = ny_sak(bydel) if hindring == "saksmappe" else ny_mappe(bydel)
    argumenter: dict[str, Any] = {}
    if hindring == "avsluttet":
        mappe_avslutt(mappe=mappe, utfoert_av=bydel.saksbehandler)
    if hindring == "status":
        argumenter["saksstatus"] = "A"
    if hindring == "enhet":
        argumenter["administrativ_enhet"] = annen_bydel.enhet

    with pytest.raises(DomeneFeil):
        mappe_utvid_til_saksmappe(mappe=mappe, utfoert_av=bydel.saksbehandler, **argumenter)

    if hindring != "saksmappe":
        assert Mappe.objects.get(pk=mappe.pk).mappetype == Mappetype.MAPPE


def test_utvidelse_krever_rett_til_aa_arbeide(bydel: Bydel, annen_bydel: Bydel) -> None:
    mappe = ny_mappe(bydel)

    with pytest.raises(IngenTilgang):
        mappe_utvid_til_saksmappe(mappe=mappe, utfoert_av=annen_bydel.saksbehandler)

    assert Mappe.objects.get(pk=mappe.pk).mappetype == Mappetype.MAPPE


# --- journalposter whose parties come later ----------------------------------------------------


def test_journalpost_uten_korrespondansepart_naar_api_et_ber_om_det(bydel: Bydel) -> None:
    sak = ny_sak(bydel, oppbevaringssted=["Hylle 3"])

    jp = ny_journalpost(
        sak,
        bydel.saksbehandler,
        korrespondanseparter=[],
        krev_korrespondansepart=False,
        journaldato=dt.date(2026, 1, 2),
        noekkelord=["barnehage"],
        dokumentmedium="B",
    )

    jp.refresh_from_db()
    assert jp.korrespondanseparter.exists() is False
    assert jp.journaldato == dt.date(2026, 1, 2)
    assert jp.noekkelord == ["barnehage"]
    assert (jp.dokumentmedium, jp.dokumentmedium_kodenavn) == (
        "B",
        "Blandet fysisk og elektronisk arkiv",
    )
    assert jp.oppbevaringssted == ["Hylle 3"]


def test_journalpost_krever_fortsatt_korrespondansepart_som_standard(bydel: Bydel) -> None:
    with pytest.raises(DomeneFeil) as feil:
        ny_journalpost(ny_sak(bydel), bydel.saksbehandler, korrespondanseparter=[])

    assert feil.value.felt == "korrespondanseparter"


def test_registrering_utvides_uten_korrespondansepart(bydel: Bydel) -> None:
    sak = ny_sak(bydel)
    registrering = registrering_opprett(mappe=sak, tittel="Brev", utfoert_av=bydel.saksbehandler)

    jp = registrering_utvid_til_journalpost(
        registrering=registrering,
        journalposttype="I",
        korrespondanseparter=[],
        krev_korrespondansepart=False,
        utfoert_av=bydel.saksbehandler,
    )

    assert jp.journalpostnummer == 1
    assert jp.korrespondanseparter.exists() is False


# --- deletion by the records office -----------------------------------------------------------


def test_arkivar_sletter_journalfoert_journalpost_uten_dokumenter(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler)
    journalpost_endre_status(journalpost=jp, journalstatus="J", utfoert_av=bydel.arkivar)

    journalpost_slett(journalpost=jp, utfoert_av=bydel.arkivar)

    assert Journalpost.objects.filter(pk=jp.pk).exists() is False
    assert Endringslogg.objects.filter(referanse_arkivenhet=jp.system_id, hendelsetype="D").exists()


def test_arkivert_journalpost_slettes_aldri(bydel: Bydel) -> None:
    jp = ny_journalpost(ny_sak(bydel), bydel.saksbehandler)
    journalpost_endre_status(journalpost=jp, journalstatus="J", utfoert_av=bydel.arkivar)
    journalpost_endre_status(journalpost=jp, journalstatus="A", utfoert_av=bydel.arkivar)

    with pytest.raises(DomeneFeil) as feil:
        journalpost_slett(journalpost=jp, utfoert_av=bydel.arkivar)

    assert feil.value.kode == "kan_ikke_slettes"
    assert Journalpost.objects.filter(pk=jp.pk).exists() is True


# --- selectors ----------------------------------------------------------------------------------


def test_standard_enhet_er_enheten_brukeren_arbeider_i(bydel: Bydel, annen_bydel: Bydel) -> None:
    virksomhet_id = bydel.arkiv.virksomhet_id

    assert standard_enhet(bruker=bydel.saksbehandler, virksomhet_id=virksomhet_id) == bydel.enhet
    assert standard_enhet(bruker=annen_bydel.saksbehandler, virksomhet_id=virksomhet_id) is None


def test_enhet_etter_navn_bare_i_synlig_virksomhet(bydel: Bydel, annen_bydel: Bydel) -> None:
    virksomhet_id = bydel.arkiv.virksomhet_id
    navn = bydel.enhet.administrativ_enhet_navn

    funnet = administrativ_enhet_etter_navn(
        bruker=bydel.saksbehandler, virksomhet_id=virksomhet_id, navn=navn
    )
    kortnavn = administrativ_enhet_etter_navn(
        bruker=bydel.saksbehandler, virksomhet_id=virksomhet_id, navn=bydel.enhet.kortnavn
    )
    utenfra = administrativ_enhet_etter_navn(
        bruker=annen_bydel.saksbehandler, virksomhet_id=virksomhet_id, navn=navn
    )
    ukjent = administrativ_enhet_etter_navn(
        bruker=bydel.saksbehandler, virksomhet_id=virksomhet_id, navn="Finnes ikke"
    )

    assert (funnet, kortnavn, utenfra, ukjent) == (bydel.enhet, bydel.enhet, None, None)


def test_saksansvarlig_etter_brukernavn_eller_fullt_navn(bydel: Bydel, annen_bydel: Bydel) -> None:
    virksomhet_id = bydel.arkiv.virksomhet_id
    kari = bruker_med_rolle(
        Rolle.SAKSBEHANDLER, bydel.enhet, username="kari", first_name="Kari", last_name="Nordmann"
    )
    BrukerFactory(username="uten.rolle", first_name="Kari", last_name="Uten")
    tvilling = bruker_med_rolle(
        Rolle.LEDER,
        AdministrativEnhetFactory(virksomhet=bydel.arkiv.virksomhet),
        username="ola1",
        first_name="Ola",
        last_name="Dobbel",
    )
    bruker_med_rolle(
        Rolle.SAKSBEHANDLER, bydel.enhet, username="ola2", first_name="Ola", last_name="Dobbel"
    )

    def finn(navn: str, bruker: Any = None) -> Any:
        return saksansvarlig_etter_navn(
            bruker=bruker or bydel.saksbehandler, virksomhet_id=virksomhet_id, navn=navn
        )

    assert finn("kari") == kari
    assert finn("Kari Nordmann") == kari
    assert finn("Kari Uten") is None  # no case work in the bydel
    assert finn("Ola Dobbel") is None  # two people: ambiguous
    assert finn("ola1") == tvilling
    assert finn("kari", annen_bydel.saksbehandler) is None
