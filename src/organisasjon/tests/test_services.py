"""Maintaining units, users and roles: a systemadministrator only, every change logged, and
the standard's rules on names that never change and users kept for ever."""

from __future__ import annotations

from typing import Any

import pytest

from felles.feil import DomeneFeil, IngenTilgang
from organisasjon.models import AdministrativEnhet, Bruker, Rolle, Rolletildeling
from organisasjon.services import (
    administrativ_enhet_endre,
    administrativ_enhet_opprett,
    administrativ_enhet_slett,
    bruker_endre,
    bruker_opprett,
    bruker_slett,
    rolletildeling_endre,
    rolletildeling_gi,
    rolletildeling_trekk,
)
from organisasjon.tests.factories import AdministrativEnhetFactory, bruker_med_rolle
from sporing.models import Endringslogg
from sporing.services import logg_opprettet, logget_transaksjon
from tilgang.profil import tilgangsprofil

pytestmark = pytest.mark.django_db


@pytest.fixture
def enhet() -> AdministrativEnhet:
    return AdministrativEnhetFactory(administrativ_enhet_navn="Bydelsdirektør")


@pytest.fixture
def admin(enhet: AdministrativEnhet) -> Bruker:
    return bruker_med_rolle(Rolle.SYSTEMADMINISTRATOR, enhet, username="admin")


def _logg(objekt: Any) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (r.hendelsetype, r.referanse_metadata, r.tidligere_verdi, r.ny_verdi)
        for r in Endringslogg.objects.filter(referanse_arkivenhet=objekt.system_id)
    ]


def test_underenhet_arver_virksomheten_og_faar_kortnavn_av_navnet(
    admin: Bruker, enhet: AdministrativEnhet
) -> None:
    ny = administrativ_enhet_opprett(
        administrativ_enhet_navn="Barnevern Øst", overordnet_enhet=enhet, utfoert_av=admin
    )
    to = administrativ_enhet_opprett(
        administrativ_enhet_navn="Barnevern Øst", overordnet_enhet=enhet, utfoert_av=admin
    )

    assert ny.virksomhet == enhet.virksomhet
    assert (ny.kortnavn, to.kortnavn) == ("barnevern-oest", "barnevern-oest-2")
    assert ny.administrativ_enhetsstatus == "Aktiv enhet"
    assert ny.opprettet_av == admin.visningsnavn
    assert [h for h, *_ in _logg(ny)] == ["C"]


def test_enhet_uten_virksomhet_og_brukt_kortnavn_avvises(
    admin: Bruker, enhet: AdministrativEnhet
) -> None:
    with pytest.raises(DomeneFeil) as uten:
        administrativ_enhet_opprett(administrativ_enhet_navn="X", utfoert_av=admin)
    with pytest.raises(DomeneFeil) as brukt:
        administrativ_enhet_opprett(
            administrativ_enhet_navn="Y",
            kortnavn=enhet.kortnavn,
            virksomhet=enhet.virksomhet,
            utfoert_av=admin,
        )

    assert uten.value.felt == "referanseOverordnetEnhet"
    assert brukt.value.felt == "kortnavn"


def test_saksbehandler_kan_ikke_endre_organisasjonen(enhet: AdministrativEnhet) -> None:
    saksbehandler = bruker_med_rolle(Rolle.SAKSBEHANDLER, enhet)

    with pytest.raises(IngenTilgang):
        administrativ_enhet_opprett(
            administrativ_enhet_navn="X", virksomhet=enhet.virksomhet, utfoert_av=saksbehandler
        )
    with pytest.raises(IngenTilgang):
        bruker_opprett(bruker_navn="Ola", utfoert_av=saksbehandler)

    assert AdministrativEnhet.objects.count() == 1


def test_endring_av_enhet_logges_og_navnet_staar_fast(
    admin: Bruker, enhet: AdministrativEnhet
) -> None:
    under = administrativ_enhet_opprett(
        administrativ_enhet_navn="Skole", overordnet_enhet=enhet, utfoert_av=admin
    )

    administrativ_enhet_endre(
        enhet=under,
        kortnavn="skole",
        administrativ_enhetsstatus="Passiv enhet",
        overordnet_enhet=None,
        utfoert_av=admin,
    )
    with pytest.raises(DomeneFeil) as navn:
        administrativ_enhet_endre(enhet=under, administrativ_enhet_navn="Skoler", utfoert_av=admin)
    with pytest.raises(DomeneFeil) as sirkel:
        administrativ_enhet_endre(enhet=under, overordnet_enhet=under, utfoert_av=admin)

    under.refresh_from_db()
    assert (under.kortnavn, under.administrativ_enhetsstatus, under.overordnet_enhet) == (
        "skole",
        "Passiv enhet",
        None,
    )
    assert ("U", "referanseOverordnetEnhet", str(enhet.system_id), None) in _logg(under)
    assert navn.value.felt == "administrativEnhetNavn"
    assert sirkel.value.felt == "referanseOverordnetEnhet"


def test_enhet_slettes_bare_naar_ingenting_henger_under_den(
    admin: Bruker, enhet: AdministrativEnhet
) -> None:
    under = administrativ_enhet_opprett(
        administrativ_enhet_navn="Skole", overordnet_enhet=enhet, utfoert_av=admin
    )
    system_id = under.system_id

    with pytest.raises(DomeneFeil):
        administrativ_enhet_slett(enhet=enhet, utfoert_av=admin)  # has a child and a role
    administrativ_enhet_slett(enhet=under, utfoert_av=admin)

    assert AdministrativEnhet.objects.filter(system_id=system_id).exists() is False
    assert Endringslogg.objects.filter(referanse_arkivenhet=system_id, hendelsetype="D").exists()


def test_ny_bruker_uten_passord_med_kortnavn_som_brukernavn(admin: Bruker) -> None:
    ola = bruker_opprett(bruker_navn="Ola  Nordmann", kortnavn="ola", utfoert_av=admin)
    kari = bruker_opprett(bruker_navn="kari@example.com", utfoert_av=admin)
    kari_igjen = bruker_opprett(bruker_navn="kari@example.com", utfoert_av=admin)
    per = bruker_opprett(bruker_navn="Per Ås", utfoert_av=admin)

    assert (ola.username, ola.visningsnavn) == ("ola", "Ola Nordmann")
    assert (kari.username, kari.visningsnavn) == ("kari@example.com", "kari@example.com")
    assert kari_igjen.username == "kari@example.com-2"
    assert (per.username, per.first_name, per.last_name) == ("per-aas", "Per", "Ås")
    assert ola.has_usable_password() is False
    assert [h for h, *_ in _logg(ola)] == ["C"]
    with pytest.raises(DomeneFeil) as brukt:
        bruker_opprett(bruker_navn="Ola Hansen", kortnavn="OLA", utfoert_av=admin)
    with pytest.raises(DomeneFeil) as ugyldig:
        bruker_opprett(bruker_navn="Ola Hansen", kortnavn="ola hansen", utfoert_av=admin)
    assert brukt.value.felt == ugyldig.value.felt == "kortnavn"


def test_brukernavn_staar_fast_kortnavn_kan_endres(admin: Bruker) -> None:
    ola = bruker_opprett(bruker_navn="Ola Nordmann", kortnavn="ola", utfoert_av=admin)

    bruker_endre(bruker=ola, bruker_navn="Ola Nordmann", kortnavn="olno", utfoert_av=admin)
    with pytest.raises(DomeneFeil) as navn:
        bruker_endre(bruker=ola, bruker_navn="Ola Hansen", utfoert_av=admin)

    ola.refresh_from_db()
    assert ola.username == "olno"
    assert ("U", "kortnavn", "ola", "olno") in _logg(ola)
    assert navn.value.felt == "brukerNavn"


def test_bruker_som_har_handlet_beholdes(admin: Bruker, enhet: AdministrativEnhet) -> None:
    ny = bruker_opprett(bruker_navn="Ny Bruker", utfoert_av=admin)
    har_handlet = bruker_opprett(bruker_navn="Gammel Bruker", utfoert_av=admin)
    with logget_transaksjon():
        logg_opprettet(enhet, utfoert_av=har_handlet)

    with pytest.raises(DomeneFeil):
        bruker_slett(bruker=har_handlet, utfoert_av=admin)
    with pytest.raises(DomeneFeil):
        bruker_slett(bruker=admin, utfoert_av=admin)
    bruker_slett(bruker=ny, utfoert_av=admin)

    assert Bruker.objects.filter(pk=ny.pk).exists() is False
    assert Bruker.objects.filter(pk=har_handlet.pk).exists() is True


def test_rolle_gis_endres_og_trekkes_med_logg_paa_brukeren(
    admin: Bruker, enhet: AdministrativEnhet
) -> None:
    ola = bruker_opprett(bruker_navn="Ola Nordmann", utfoert_av=admin)
    annen = AdministrativEnhetFactory(virksomhet=enhet.virksomhet, administrativ_enhet_navn="Skole")

    tildeling = rolletildeling_gi(
        bruker=ola, administrativ_enhet=enhet, rolle="Saksbehandler", utfoert_av=admin
    )
    assert tilgangsprofil(ola).har_rolle(Rolle.SAKSBEHANDLER) is True
    with pytest.raises(DomeneFeil) as dobbel:
        rolletildeling_gi(
            bruker=ola, administrativ_enhet=enhet, rolle="saksbehandler", utfoert_av=admin
        )
    with pytest.raises(DomeneFeil) as ukjent:
        rolletildeling_gi(bruker=ola, administrativ_enhet=enhet, rolle="sjef", utfoert_av=admin)
    rolletildeling_endre(
        tildeling=tildeling, rolle="arkivar", administrativ_enhet=annen, utfoert_av=admin
    )
    rolletildeling_trekk(tildeling=tildeling, utfoert_av=admin)

    assert Rolletildeling.objects.filter(bruker=ola).exists() is False
    assert [(h, f) for h, f, *_ in _logg(ola)] == [
        ("C", ""),
        ("U", "rolle"),
        ("U", "rolle"),
        ("U", "rolle"),
    ]
    assert _logg(ola)[2][3] == f"Arkivar i Skole ({enhet.virksomhet})"
    assert dobbel.value.kode == "finnes"
    assert ukjent.value.felt == "rolle"


def test_siste_systemadministrator_kan_ikke_trekkes(admin: Bruker) -> None:
    tildeling = admin.roller.get()

    with pytest.raises(DomeneFeil):
        rolletildeling_trekk(tildeling=tildeling, utfoert_av=admin)
    with pytest.raises(DomeneFeil):
        rolletildeling_endre(tildeling=tildeling, rolle="arkivar", utfoert_av=admin)

    assert admin.roller.filter(rolle=Rolle.SYSTEMADMINISTRATOR).count() == 1
