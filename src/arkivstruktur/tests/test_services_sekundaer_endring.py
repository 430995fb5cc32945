"""Changing and removing remarks, cross references and national identifiers, and the selectors
that read what hangs on a mappe or registrering (model.md §4.2–4.5, §4.15)."""

from __future__ import annotations

import pytest

from arkivstruktur.models import Kryssreferanse, Merknad, Nasjonalidentifikator, Registrering
from arkivstruktur.selectors import (
    kryssreferanse_liste,
    merknad_liste,
    nasjonalidentifikator_hent,
    nasjonalidentifikator_liste,
    part_liste,
)
from arkivstruktur.services.sekundaer import (
    kryssreferanse_opprett,
    kryssreferanse_slett,
    merknad_endre,
    merknad_opprett,
    merknad_slett,
    nasjonalidentifikator_endre,
    nasjonalidentifikator_opprett,
    nasjonalidentifikator_slett,
    part_opprett,
)
from arkivstruktur.tests.factories_registrering import (
    Arkivoppsett,
    MappeFactory,
    arkiver,
    avslutt,
    lag_arkivoppsett,
)
from felles.feil import DomeneFeil, IkkeFunnet, IngenTilgang
from sporing.models import Endringslogg

GYLDIG_FNR = "15108695088"
GYLDIG_DNR = "55108695071"


# Merknad


def test_merknad_endres_og_logges(oppsett: Arkivoppsett, registrering: Registrering) -> None:
    merknad = merknad_opprett(
        registrering=registrering, merknadstekst="Ringte.", utfoert_av=oppsett.saksbehandler
    )

    merknad_endre(
        merknad=merknad,
        merknadstekst="Ringte søker.",
        merknadstype="MS",
        utfoert_av=oppsett.arkivar,
    )

    merknad.refresh_from_db()
    assert (merknad.merknadstekst, merknad.merknadstype) == ("Ringte søker.", "MS")
    assert merknad.merknad_registrert_av == oppsett.saksbehandler.visningsnavn
    endret = Endringslogg.objects.filter(referanse_arkivenhet=merknad.system_id, hendelsetype="U")
    assert set(endret.values_list("referanse_metadata", flat=True)) == {
        "merknadstekst",
        "merknadstype",
    }


def test_merknad_med_tom_tekst_eller_ukjent_type_avvises(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    merknad = merknad_opprett(
        registrering=registrering, merknadstekst="Ringte.", utfoert_av=oppsett.saksbehandler
    )

    with pytest.raises(DomeneFeil) as tom:
        merknad_endre(merknad=merknad, merknadstekst=" ", utfoert_av=oppsett.saksbehandler)
    with pytest.raises(DomeneFeil) as ukjent:
        merknad_endre(merknad=merknad, merknadstype="XX", utfoert_av=oppsett.saksbehandler)

    assert (tom.value.felt, ukjent.value.felt) == ("merknadstekst", "merknadstype")
    merknad.refresh_from_db()
    assert merknad.merknadstekst == "Ringte."


def test_merknad_slettes_men_ikke_paa_avsluttet_mappe(oppsett: Arkivoppsett) -> None:
    beholdt = merknad_opprett(
        mappe=oppsett.mappe, merknadstekst="Blir.", utfoert_av=oppsett.saksbehandler
    )
    slettet = merknad_opprett(
        mappe=oppsett.mappe, merknadstekst="Feil.", utfoert_av=oppsett.saksbehandler
    )

    merknad_slett(merknad=slettet, utfoert_av=oppsett.saksbehandler)
    avslutt(oppsett.mappe)
    with pytest.raises(DomeneFeil, match="avsluttet"):
        merknad_slett(merknad=beholdt, utfoert_av=oppsett.saksbehandler)

    assert list(Merknad.objects.values_list("merknadstekst", flat=True)) == ["Blir."]
    assert Endringslogg.objects.filter(
        referanse_arkivenhet=slettet.system_id, hendelsetype="D"
    ).exists()


def test_merknad_krever_rolle_i_arkivet(oppsett: Arkivoppsett) -> None:
    merknad = merknad_opprett(
        mappe=oppsett.mappe, merknadstekst="Tekst", utfoert_av=oppsett.saksbehandler
    )

    with pytest.raises(IngenTilgang):
        merknad_endre(merknad=merknad, merknadstekst="Annet", utfoert_av=oppsett.uten_rolle)
    with pytest.raises(IngenTilgang):
        merknad_slett(merknad=merknad, utfoert_av=oppsett.uten_rolle)

    assert Merknad.objects.get().merknadstekst == "Tekst"


# Kryssreferanse


def test_kryssreferanse_slettes_og_logges(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    referanse = kryssreferanse_opprett(
        fra=oppsett.mappe, til=registrering, utfoert_av=oppsett.saksbehandler
    )

    kryssreferanse_slett(kryssreferanse=referanse, utfoert_av=oppsett.saksbehandler)

    assert Kryssreferanse.objects.exists() is False
    assert Endringslogg.objects.filter(
        referanse_arkivenhet=referanse.system_id, hendelsetype="D"
    ).exists()


def test_kryssreferanse_fra_avsluttet_mappe_slettes_ikke(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    referanse = kryssreferanse_opprett(
        fra=oppsett.mappe, til=registrering, utfoert_av=oppsett.saksbehandler
    )
    avslutt(oppsett.mappe)

    with pytest.raises(DomeneFeil, match="avsluttet"):
        kryssreferanse_slett(kryssreferanse=referanse, utfoert_av=oppsett.saksbehandler)
    with pytest.raises(IngenTilgang):
        kryssreferanse_slett(kryssreferanse=referanse, utfoert_av=oppsett.uten_rolle)

    assert Kryssreferanse.objects.count() == 1


def test_kryssreferanse_til_skjult_mappe_vises_ikke(oppsett: Arkivoppsett) -> None:
    """A reference to another bydel's folder would reveal that the folder exists."""
    annen = lag_arkivoppsett("Bjerke")
    synlig_maal = MappeFactory(arkivdel=oppsett.arkivdel)
    Kryssreferanse.objects.create(
        fra_mappe=oppsett.mappe,
        til_mappe=annen.mappe,
        opprettet_dato=oppsett.mappe.opprettet_dato,
        opprettet_av="test",
    )
    synlig = kryssreferanse_opprett(
        fra=oppsett.mappe, til=synlig_maal, utfoert_av=oppsett.saksbehandler
    )

    liste = kryssreferanse_liste(bruker=oppsett.saksbehandler, fra=oppsett.mappe)

    assert [r.system_id for r in liste] == [synlig.system_id]
    assert kryssreferanse_liste(bruker=annen.saksbehandler).count() == 0


# Nasjonalidentifikator


def test_nasjonalidentifikator_endres_og_valideres_som_ved_opprettelse(
    oppsett: Arkivoppsett,
) -> None:
    matrikkel = nasjonalidentifikator_opprett(
        mappe=oppsett.mappe,
        identifikatortype="matrikkel",
        verdier={"kommunenummer": "0301", "gaardsnummer": 1, "bruksnummer": 2, "festenummer": 3},
        utfoert_av=oppsett.saksbehandler,
    )

    nasjonalidentifikator_endre(
        identifikator=matrikkel,
        verdier={"bruksnummer": 5, "festenummer": None},
        utfoert_av=oppsett.saksbehandler,
    )
    with pytest.raises(DomeneFeil) as feil:
        nasjonalidentifikator_endre(
            identifikator=matrikkel, verdier={"gaardsnummer": 0}, utfoert_av=oppsett.saksbehandler
        )

    matrikkel.refresh_from_db()
    assert matrikkel.verdier == {"kommunenummer": "0301", "gaardsnummer": 1, "bruksnummer": 5}
    assert feil.value.felt == "gaardsnummer"
    logget = Endringslogg.objects.filter(referanse_arkivenhet=matrikkel.system_id, hendelsetype="U")
    assert {(r.referanse_metadata, r.tidligere_verdi, r.ny_verdi) for r in logget} == {
        ("bruksnummer", "2", "5"),
        ("festenummer", "3", None),
    }


def test_foedselsnummer_skrives_aldri_i_endringsloggen(oppsett: Arkivoppsett) -> None:
    identifikator = nasjonalidentifikator_opprett(
        mappe=oppsett.mappe,
        identifikatortype="foedselsnummer",
        verdier={"foedselsnummer": GYLDIG_FNR},
        utfoert_av=oppsett.saksbehandler,
    )
    dnummer = nasjonalidentifikator_opprett(
        mappe=oppsett.mappe,
        identifikatortype="dnummer",
        verdier={"dNummer": GYLDIG_DNR},
        utfoert_av=oppsett.saksbehandler,
    )

    nasjonalidentifikator_endre(
        identifikator=identifikator,
        verdier={"foedselsnummer": "01010050053"},
        utfoert_av=oppsett.saksbehandler,
    )
    nasjonalidentifikator_slett(identifikator=identifikator, utfoert_av=oppsett.saksbehandler)
    nasjonalidentifikator_slett(identifikator=dnummer, utfoert_av=oppsett.saksbehandler)

    logg = Endringslogg.objects.filter(
        referanse_arkivenhet__in=[identifikator.system_id, dnummer.system_id]
    )
    assert logg.count() == 5
    tekster = " ".join(f"{r.tidligere_verdi} {r.ny_verdi}" for r in logg)
    for nummer in (GYLDIG_FNR, "01010050053", GYLDIG_DNR):
        assert nummer not in tekster
    assert Nasjonalidentifikator.objects.exists() is False


def test_ugyldig_foedselsnummer_ved_endring_avvises(oppsett: Arkivoppsett) -> None:
    identifikator = nasjonalidentifikator_opprett(
        mappe=oppsett.mappe,
        identifikatortype="foedselsnummer",
        verdier={"foedselsnummer": GYLDIG_FNR},
        utfoert_av=oppsett.saksbehandler,
    )

    with pytest.raises(DomeneFeil, match="ikke gyldig"):
        nasjonalidentifikator_endre(
            identifikator=identifikator,
            verdier={"foedselsnummer": "15108695077"},
            utfoert_av=oppsett.saksbehandler,
        )
    with pytest.raises(DomeneFeil, match="D-nummer"):
        nasjonalidentifikator_endre(
            identifikator=identifikator,
            verdier={"foedselsnummer": GYLDIG_DNR},
            utfoert_av=oppsett.saksbehandler,
        )

    identifikator.refresh_from_db()
    assert identifikator.verdier == {"foedselsnummer": GYLDIG_FNR}


def test_nasjonalidentifikator_paa_arkivert_registrering_er_frosset(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    bygning = nasjonalidentifikator_opprett(
        registrering=registrering,
        identifikatortype="bygning",
        verdier={"bygningsnummer": 12345},
        utfoert_av=oppsett.saksbehandler,
    )
    arkiver(registrering)

    with pytest.raises(DomeneFeil, match="arkivert"):
        nasjonalidentifikator_endre(
            identifikator=bygning, verdier={"bygningsnummer": 1}, utfoert_av=oppsett.arkivar
        )
    with pytest.raises(DomeneFeil, match="arkivert"):
        nasjonalidentifikator_slett(identifikator=bygning, utfoert_av=oppsett.arkivar)

    assert Nasjonalidentifikator.objects.get().verdier == {"bygningsnummer": 12345}


# Selectors


def test_annen_bydel_ser_ikke_parter_merknader_eller_identifikatorer(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    annen = lag_arkivoppsett("Bjerke")
    part_opprett(
        registrering=registrering,
        part_navn="Kari",
        part_rolle="KLI",
        utfoert_av=oppsett.saksbehandler,
    )
    merknad_opprett(mappe=oppsett.mappe, merknadstekst="Tekst", utfoert_av=oppsett.saksbehandler)
    identifikator = nasjonalidentifikator_opprett(
        mappe=oppsett.mappe,
        identifikatortype="bygning",
        verdier={"bygningsnummer": 1},
        utfoert_av=oppsett.saksbehandler,
    )

    assert part_liste(bruker=oppsett.saksbehandler, registrering=registrering).count() == 1
    assert merknad_liste(bruker=oppsett.saksbehandler, mappe=oppsett.mappe).count() == 1
    assert part_liste(bruker=annen.saksbehandler).count() == 0
    assert merknad_liste(bruker=annen.saksbehandler).count() == 0
    assert nasjonalidentifikator_liste(bruker=annen.saksbehandler).count() == 0
    with pytest.raises(IkkeFunnet):
        nasjonalidentifikator_hent(bruker=annen.saksbehandler, system_id=identifikator.system_id)
