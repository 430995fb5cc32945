"""Dokumentbeskrivelse: numbering, links, freezing with archiving, status and deletion."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from arkivstruktur.models import Dokumentbeskrivelse, Dokumenttilknytning, Registrering, Skjerming
from arkivstruktur.services.dokumentbeskrivelse import (
    dokumentbeskrivelse_endre,
    dokumentbeskrivelse_endre_status,
    dokumentbeskrivelse_flytt,
    dokumentbeskrivelse_opprett,
    dokumentbeskrivelse_slett,
    dokumentbeskrivelse_tilknytt,
)
from arkivstruktur.services.sekundaer import merknad_opprett, part_opprett
from arkivstruktur.tests.factories_registrering import (
    Arkivoppsett,
    MappeFactory,
    arkiver,
    avslutt,
    lag_arkivoppsett,
)
from dokument.services import dokumentobjekt_opprett
from felles.feil import DomeneFeil, IngenTilgang
from sporing.models import Endringslogg


def nytt_dokument(
    oppsett: Arkivoppsett, registrering: Registrering, **kwargs: Any
) -> Dokumentbeskrivelse:
    kwargs.setdefault("tittel", "Søknad om barnehageplass")
    return dokumentbeskrivelse_opprett(
        registrering=registrering, utfoert_av=oppsett.saksbehandler, **kwargs
    )


def tilknytning(dokument: Dokumentbeskrivelse, registrering: Registrering) -> Dokumenttilknytning:
    return Dokumenttilknytning.objects.get(dokumentbeskrivelse=dokument, registrering=registrering)


# Opprett


def test_dokumentnummer_er_1_2_3_per_registrering(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    annen = oppsett.ny_registrering()

    dokumenter = [nytt_dokument(oppsett, registrering) for _ in range(3)]
    i_annen = nytt_dokument(oppsett, annen)

    assert [tilknytning(d, registrering).dokumentnummer for d in dokumenter] == [1, 2, 3]
    assert tilknytning(i_annen, annen).dokumentnummer == 1
    registrering.refresh_from_db()
    assert registrering.siste_dokumentnummer == 3


def test_foerste_dokument_blir_hoveddokument_de_neste_vedlegg(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    hoved = nytt_dokument(oppsett, registrering)
    vedlegg = nytt_dokument(oppsett, registrering)

    assert tilknytning(hoved, registrering).tilknyttet_registrering_som == "H"
    assert tilknytning(hoved, registrering).tilknyttet_registrering_som_kodenavn == "Hoveddokument"
    assert tilknytning(vedlegg, registrering).tilknyttet_registrering_som == "V"


def test_systemet_setter_tilknyttet_og_opprettet(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    dokument = nytt_dokument(oppsett, registrering, dokumentstatus="F")

    lenke = tilknytning(dokument, registrering)
    assert lenke.tilknyttet_av == oppsett.saksbehandler.visningsnavn
    assert lenke.referanse_tilknyttet_av == oppsett.saksbehandler
    assert lenke.tilknyttet_dato == dokument.opprettet_dato
    assert dokument.opprettet_av == oppsett.saksbehandler.visningsnavn
    assert dokument.arkivdel == registrering.arkivdel
    assert (dokument.dokumenttype, dokument.dokumenttype_kodenavn) == ("B", "Brev")
    assert (dokument.dokumentstatus, dokument.dokumentstatus_kodenavn) == (
        "F",
        "Dokumentet er ferdigstilt",
    )


def test_dokumentmedium_arves_fra_registreringen(oppsett: Arkivoppsett) -> None:
    registrering = oppsett.ny_registrering(
        dokumentmedium="E", dokumentmedium_kodenavn="Elektronisk arkiv"
    )

    dokument = nytt_dokument(oppsett, registrering)

    assert (dokument.dokumentmedium, dokument.dokumentmedium_kodenavn) == ("E", "Elektronisk arkiv")


def test_skjerming_arves_fra_registreringen(oppsett: Arkivoppsett) -> None:
    skjerming = Skjerming.objects.create(
        tilgangsrestriksjon="13", skjermingshjemmel="Offl. § 13", skjerming_metadata=["TD"]
    )
    registrering = oppsett.ny_registrering(skjerming=skjerming)

    dokument = nytt_dokument(oppsett, registrering)

    dokument.refresh_from_db()
    assert dokument.skjerming_id == skjerming.pk
    assert dokument.skjerming_er_arvet is True


def test_opprettelsen_logges(oppsett: Arkivoppsett, registrering: Registrering) -> None:
    dokument = nytt_dokument(oppsett, registrering)

    logg = Endringslogg.objects.filter(referanse_arkivenhet=dokument.system_id)
    assert list(logg.values_list("hendelsetype", "referanse_metadata")) == [
        ("C", ""),
        ("U", "registrering"),
    ]
    assert logg.get(hendelsetype="U").ny_verdi == str(registrering.system_id)


def test_arkivert_registrering_tar_ikke_imot_nye_dokumenter(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    arkiver(registrering)

    with pytest.raises(DomeneFeil, match="arkivert"):
        nytt_dokument(oppsett, registrering)

    assert Dokumentbeskrivelse.objects.exists() is False
    assert Endringslogg.objects.exists() is False
    registrering.refresh_from_db()
    assert registrering.siste_dokumentnummer == 0


def test_arkivering_etter_at_registreringen_ble_lest_stopper_ogsaa_nye_dokumenter(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    utdatert = Registrering.objects.get(pk=registrering.pk)
    arkiver(registrering)

    with pytest.raises(DomeneFeil, match="arkivert"):
        nytt_dokument(oppsett, utdatert)

    assert Dokumentbeskrivelse.objects.exists() is False


def test_avsluttet_mappe_tar_ikke_imot_nye_dokumenter(oppsett: Arkivoppsett) -> None:
    mappe = MappeFactory(arkivdel=oppsett.arkivdel)
    registrering = oppsett.ny_registrering(mappe=mappe)
    avslutt(mappe)

    with pytest.raises(DomeneFeil, match="avsluttet"):
        nytt_dokument(oppsett, registrering)

    assert Dokumentbeskrivelse.objects.exists() is False


def test_bruker_uten_rolle_kan_ikke_opprette(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    with pytest.raises(IngenTilgang):
        dokumentbeskrivelse_opprett(
            registrering=registrering, tittel="Brev", utfoert_av=oppsett.uten_rolle
        )

    assert Dokumentbeskrivelse.objects.exists() is False


@pytest.mark.parametrize(
    ("felter", "felt"),
    [
        ({"tittel": "   "}, "tittel"),
        ({"dokumenttype": "XYZ"}, "dokumenttype"),
        ({"dokumenttype": ""}, "dokumenttype"),
        ({"dokumentstatus": "Q"}, "dokumentstatus"),
        ({"tilknyttet_registrering_som": "Q"}, "tilknyttet_registrering_som"),
        ({"forfatter": "Kari"}, "forfatter"),
    ],
)
def test_ugyldige_felter_avvises(
    oppsett: Arkivoppsett, registrering: Registrering, felter: dict[str, Any], felt: str
) -> None:
    felter.setdefault("tittel", "Brev")

    with pytest.raises(DomeneFeil) as feil:
        dokumentbeskrivelse_opprett(
            registrering=registrering, utfoert_av=oppsett.saksbehandler, **felter
        )

    assert feil.value.felt == felt
    assert Dokumentbeskrivelse.objects.exists() is False


@pytest.mark.django_db(transaction=True)
def test_samtidige_dokumenter_faar_ulike_dokumentnummer() -> None:
    oppsett = lag_arkivoppsett()
    registrering = oppsett.ny_registrering()
    feil: list[BaseException] = []

    def lag(nummer: int) -> None:
        try:
            dokumentbeskrivelse_opprett(
                registrering=Registrering.objects.get(pk=registrering.pk),
                tittel=f"Dokument {nummer}",
                tilknyttet_registrering_som="V",
                utfoert_av=oppsett.saksbehandler,
            )
        except BaseException as unntak:
            feil.append(unntak)
        finally:
            connection.close()

    traader = [threading.Thread(target=lag, args=(n,)) for n in range(6)]
    for traad in traader:
        traad.start()
    for traad in traader:
        traad.join()

    assert feil == []
    nummer = Dokumenttilknytning.objects.filter(registrering=registrering).values_list(
        "dokumentnummer", flat=True
    )
    assert sorted(nummer) == [1, 2, 3, 4, 5, 6]


# Tilknytt


def test_dokument_kan_knyttes_til_flere_registreringer(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    annen = oppsett.ny_registrering()
    nytt_dokument(oppsett, annen)
    dokument = nytt_dokument(oppsett, registrering)

    lenke = dokumentbeskrivelse_tilknytt(
        dokumentbeskrivelse=dokument, registrering=annen, utfoert_av=oppsett.saksbehandler
    )

    assert lenke.dokumentnummer == 2
    assert lenke.tilknyttet_registrering_som == "V"
    assert set(dokument.registreringer.all()) == {registrering, annen}


def test_samme_dokument_kan_ikke_knyttes_to_ganger(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    dokument = nytt_dokument(oppsett, registrering)

    with pytest.raises(DomeneFeil, match="allerede knyttet"):
        dokumentbeskrivelse_tilknytt(
            dokumentbeskrivelse=dokument,
            registrering=registrering,
            utfoert_av=oppsett.saksbehandler,
        )

    assert Dokumenttilknytning.objects.count() == 1


def test_dokument_kan_ikke_knyttes_til_arkivert_registrering(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    dokument = nytt_dokument(oppsett, registrering)
    annen = oppsett.ny_registrering(arkivert=True)

    with pytest.raises(DomeneFeil, match="arkivert"):
        dokumentbeskrivelse_tilknytt(
            dokumentbeskrivelse=dokument, registrering=annen, utfoert_av=oppsett.saksbehandler
        )

    assert Dokumenttilknytning.objects.filter(registrering=annen).exists() is False


def test_dokument_kan_ikke_knyttes_til_registrering_i_annen_bydel(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    dokument = nytt_dokument(oppsett, registrering)
    fremmed = lag_arkivoppsett("Bjerke").ny_registrering()

    with pytest.raises(IngenTilgang):
        dokumentbeskrivelse_tilknytt(
            dokumentbeskrivelse=dokument, registrering=fremmed, utfoert_av=oppsett.saksbehandler
        )

    assert Dokumenttilknytning.objects.filter(registrering=fremmed).exists() is False


# Endre


def test_tittel_endres_og_logges(oppsett: Arkivoppsett, registrering: Registrering) -> None:
    dokument = nytt_dokument(oppsett, registrering, tittel="Gammel")

    dokumentbeskrivelse_endre(
        dokumentbeskrivelse=dokument, tittel="Ny", utfoert_av=oppsett.saksbehandler
    )

    dokument.refresh_from_db()
    assert dokument.tittel == "Ny"
    assert dokument.endret_av == oppsett.saksbehandler.visningsnavn
    endring = Endringslogg.objects.get(
        referanse_arkivenhet=dokument.system_id, referanse_metadata="tittel"
    )
    assert (endring.tidligere_verdi, endring.ny_verdi) == ("Gammel", "Ny")


def test_dokument_er_frosset_naar_alle_registreringer_er_arkivert(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    dokument = nytt_dokument(oppsett, registrering, tittel="Gammel")
    arkiver(registrering)

    with pytest.raises(DomeneFeil, match="arkivert") as feil:
        dokumentbeskrivelse_endre(
            dokumentbeskrivelse=dokument, tittel="Ny", utfoert_av=oppsett.saksbehandler
        )

    assert feil.value.kode == "laast"
    dokument.refresh_from_db()
    assert dokument.tittel == "Gammel"


def test_dokument_kan_endres_saa_lenge_en_registrering_er_aapen(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    dokument = nytt_dokument(oppsett, registrering, tittel="Gammel")
    annen = oppsett.ny_registrering()
    dokumentbeskrivelse_tilknytt(
        dokumentbeskrivelse=dokument, registrering=annen, utfoert_av=oppsett.saksbehandler
    )
    arkiver(registrering)

    dokumentbeskrivelse_endre(
        dokumentbeskrivelse=dokument, tittel="Ny", utfoert_av=oppsett.saksbehandler
    )

    dokument.refresh_from_db()
    assert dokument.tittel == "Ny"


def test_ukjent_dokumenttype_ved_endring_avvises(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    dokument = nytt_dokument(oppsett, registrering)

    with pytest.raises(DomeneFeil, match="gyldig kode"):
        dokumentbeskrivelse_endre(
            dokumentbeskrivelse=dokument, dokumenttype="XYZ", utfoert_av=oppsett.saksbehandler
        )


# Status


def test_status_b_til_f(oppsett: Arkivoppsett, registrering: Registrering) -> None:
    dokument = nytt_dokument(oppsett, registrering)

    dokumentbeskrivelse_endre_status(
        dokumentbeskrivelse=dokument, dokumentstatus="F", utfoert_av=oppsett.saksbehandler
    )

    dokument.refresh_from_db()
    assert (dokument.dokumentstatus, dokument.dokumentstatus_kodenavn) == (
        "F",
        "Dokumentet er ferdigstilt",
    )
    assert (
        Endringslogg.objects.filter(
            referanse_arkivenhet=dokument.system_id, referanse_metadata="dokumentstatus"
        ).count()
        == 1
    )


def test_ferdigstilt_dokument_kan_ikke_settes_tilbake(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    dokument = nytt_dokument(oppsett, registrering, dokumentstatus="F")

    with pytest.raises(DomeneFeil, match="ferdigstilt") as feil:
        dokumentbeskrivelse_endre_status(
            dokumentbeskrivelse=dokument, dokumentstatus="B", utfoert_av=oppsett.saksbehandler
        )

    assert feil.value.kode == "ugyldig_overgang"
    dokument.refresh_from_db()
    assert dokument.dokumentstatus == "F"


# Slett


def test_dokument_uten_filer_kan_slettes(oppsett: Arkivoppsett, registrering: Registrering) -> None:
    dokument = nytt_dokument(oppsett, registrering)
    part_opprett(
        dokumentbeskrivelse=dokument,
        part_navn="Kari Nordmann",
        part_rolle="KLI",
        utfoert_av=oppsett.saksbehandler,
    )
    merknad_opprett(
        dokumentbeskrivelse=dokument, merknadstekst="Kopi sendt", utfoert_av=oppsett.saksbehandler
    )
    system_id = dokument.system_id

    dokumentbeskrivelse_slett(dokumentbeskrivelse=dokument, utfoert_av=oppsett.saksbehandler)

    assert Dokumentbeskrivelse.objects.exists() is False
    assert Dokumenttilknytning.objects.exists() is False
    assert (
        Endringslogg.objects.filter(referanse_arkivenhet=system_id, hendelsetype="D").count() == 1
    )
    assert (
        Endringslogg.objects.filter(
            arkivenhet_type__in=["part", "merknad"], hendelsetype="D"
        ).count()
        == 2
    )


def test_dokumentnummer_brukes_ikke_om_igjen_etter_sletting(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    dokument = nytt_dokument(oppsett, registrering)
    dokumentbeskrivelse_slett(dokumentbeskrivelse=dokument, utfoert_av=oppsett.saksbehandler)

    neste = nytt_dokument(oppsett, registrering)

    assert tilknytning(neste, registrering).dokumentnummer == 2


def test_dokument_med_filer_kan_ikke_slettes(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    dokument = nytt_dokument(oppsett, registrering)
    dokumentobjekt_opprett(
        dokumentbeskrivelse=dokument,
        innhold=b"innhold",
        filnavn="brev.txt",
        utfoert_av=oppsett.saksbehandler,
    )

    with pytest.raises(DomeneFeil, match="filer"):
        dokumentbeskrivelse_slett(dokumentbeskrivelse=dokument, utfoert_av=oppsett.saksbehandler)

    assert Dokumentbeskrivelse.objects.filter(pk=dokument.pk).exists() is True


def test_dokument_i_arkivert_registrering_kan_ikke_slettes(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    dokument = nytt_dokument(oppsett, registrering)
    annen = oppsett.ny_registrering()
    dokumentbeskrivelse_tilknytt(
        dokumentbeskrivelse=dokument, registrering=annen, utfoert_av=oppsett.saksbehandler
    )
    arkiver(registrering)

    with pytest.raises(DomeneFeil, match="arkivert"):
        dokumentbeskrivelse_slett(dokumentbeskrivelse=dokument, utfoert_av=oppsett.saksbehandler)

    assert Dokumentbeskrivelse.objects.filter(pk=dokument.pk).exists() is True
    assert Dokumenttilknytning.objects.filter(dokumentbeskrivelse=dokument).count() == 2


# Flytt


def test_flyttet_dokument_faar_neste_nummer_og_arver_fra_den_nye_registreringen(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    skjerming = Skjerming.objects.create(
        tilgangsrestriksjon="13", skjermingshjemmel="Offl. § 13", skjerming_metadata=["TD"]
    )
    maal = oppsett.ny_registrering(skjerming=skjerming)
    nytt_dokument(oppsett, maal, tittel="Søknad")
    dokument = nytt_dokument(oppsett, registrering, tittel="Brev fra naboen")

    dokumentbeskrivelse_flytt(
        dokumentbeskrivelse=dokument, fra=registrering, til=maal, utfoert_av=oppsett.saksbehandler
    )

    dokument.refresh_from_db()
    assert list(dokument.tilknytninger.values_list("registrering_id", "dokumentnummer")) == [
        (maal.pk, 2)
    ]
    assert tilknytning(dokument, maal).tilknyttet_registrering_som == "V"
    assert (dokument.skjerming_id, dokument.skjerming_er_arvet) == (skjerming.pk, True)


def test_dokument_flyttes_ikke_ut_av_en_avsluttet_mappe_eller_til_seg_selv(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    mappe = MappeFactory(arkivdel=oppsett.arkivdel)
    fra = oppsett.ny_registrering(mappe=mappe)
    dokument = nytt_dokument(oppsett, fra)
    avslutt(mappe)

    with pytest.raises(DomeneFeil, match="avsluttet"):
        dokumentbeskrivelse_flytt(
            dokumentbeskrivelse=dokument, fra=fra, til=registrering, utfoert_av=oppsett.arkivar
        )
    with pytest.raises(DomeneFeil, match="allerede"):
        dokumentbeskrivelse_flytt(
            dokumentbeskrivelse=dokument, fra=fra, til=fra, utfoert_av=oppsett.arkivar
        )

    assert list(dokument.tilknytninger.values_list("registrering_id", flat=True)) == [fra.pk]
