"""Part, Merknad, Kryssreferanse and Nasjonalidentifikator services."""

from __future__ import annotations

from typing import Any

import pytest

from arkivstruktur.models import (
    Dokumentbeskrivelse,
    Kryssreferanse,
    Merknad,
    Nasjonalidentifikator,
    Part,
    Registrering,
)
from arkivstruktur.services.sekundaer import (
    er_gyldig_organisasjonsnummer,
    kryssreferanse_endre_maal,
    kryssreferanse_opprett,
    merknad_opprett,
    nasjonalidentifikator_opprett,
    part_endre,
    part_opprett,
    part_slett,
    personidentifikatortype,
)
from arkivstruktur.tests.factories import KlasseFactory
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
GYLDIG_ORGNR = "974760673"


# Check digits


@pytest.mark.parametrize(
    ("nummer", "forventet"),
    [
        (GYLDIG_FNR, "foedselsnummer"),
        ("01010050053", "foedselsnummer"),  # individnummer 500 in 2000
        (GYLDIG_DNR, "dnummer"),
        ("15108695077", None),  # wrong check digits
        ("15108695089", None),  # wrong second check digit
        ("31029012302", None),  # 31 February
        ("29020012380", None),  # 29 February 1900 (not a leap year)
        ("01015080082", None),  # individnummer 800 with year 50: no century
        ("1510869508", None),
        ("1510869508a", None),
    ],
)
def test_foedselsnummer_og_dnummer_kontrollsifre(nummer: str, forventet: str | None) -> None:
    assert personidentifikatortype(nummer) == forventet


@pytest.mark.parametrize(
    ("nummer", "gyldig"),
    [
        (GYLDIG_ORGNR, True),
        ("988077917", True),
        ("988077918", False),
        ("97476067", False),
        ("97476067x", False),
    ],
)
def test_organisasjonsnummer_kontrollsiffer(nummer: str, gyldig: bool) -> None:
    assert er_gyldig_organisasjonsnummer(nummer) is gyldig


# Part


def test_part_paa_mappe_registrering_og_dokument(
    oppsett: Arkivoppsett, registrering: Registrering, dokument: Dokumentbeskrivelse
) -> None:
    eiere = {"mappe": oppsett.mappe, "registrering": registrering, "dokumentbeskrivelse": dokument}

    parter = [
        part_opprett(
            **{felt: eier},
            part_navn="Kari Nordmann",
            part_rolle="KLI",
            personidentifikator=GYLDIG_FNR,
            utfoert_av=oppsett.saksbehandler,
        )
        for felt, eier in eiere.items()
    ]

    assert [p.mappe_id for p in parter] == [oppsett.mappe.pk, None, None]
    assert [p.registrering_id for p in parter] == [None, registrering.pk, None]
    assert [p.dokumentbeskrivelse_id for p in parter] == [None, None, dokument.pk]
    assert {(p.part_rolle, p.part_rolle_kodenavn) for p in parter} == {("KLI", "Klient")}
    assert Endringslogg.objects.filter(arkivenhet_type="part", hendelsetype="C").count() == 3


def test_part_enhet_med_organisasjonsnummer(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    part = part_opprett(
        registrering=registrering,
        parttype="enhet",
        part_navn="Advokatfirma AS",
        part_rolle="ADV",
        enhetsidentifikator="974 760 673",
        land="no",
        postnummer="0155",
        poststed="OSLO",
        epostadresse="post@advokat.no",
        utfoert_av=oppsett.saksbehandler,
    )

    part.refresh_from_db()
    assert part.enhetsidentifikator == GYLDIG_ORGNR
    assert part.land == "NO"


@pytest.mark.parametrize(
    ("felter", "felt"),
    [
        ({"part_navn": " "}, "part_navn"),
        ({"part_rolle": ""}, "part_rolle"),
        ({"part_rolle": "UKJENT"}, "part_rolle"),
        ({"personidentifikator": "15108695077"}, "personidentifikator"),
        ({"enhetsidentifikator": GYLDIG_ORGNR}, "enhetsidentifikator"),
        ({"parttype": "enhet", "enhetsidentifikator": "988077918"}, "enhetsidentifikator"),
        ({"parttype": "enhet", "personidentifikator": GYLDIG_FNR}, "personidentifikator"),
        ({"epostadresse": "ikke en adresse"}, "epostadresse"),
        ({"postnummer": "155"}, "postnummer"),
        ({"land": "XX"}, "land"),
        ({"postadresse": ["1", "2", "3", "4"]}, "postadresse"),
    ],
)
def test_ugyldig_part_avvises(
    oppsett: Arkivoppsett, registrering: Registrering, felter: dict[str, Any], felt: str
) -> None:
    felter.setdefault("part_navn", "Kari Nordmann")
    felter.setdefault("part_rolle", "KLI")

    with pytest.raises(DomeneFeil) as feil:
        part_opprett(registrering=registrering, utfoert_av=oppsett.saksbehandler, **felter)

    assert feil.value.felt == felt
    assert Part.objects.exists() is False


def test_part_trenger_noeyaktig_en_eier(oppsett: Arkivoppsett, registrering: Registrering) -> None:
    with pytest.raises(DomeneFeil, match="nøyaktig én"):
        part_opprett(
            mappe=oppsett.mappe,
            registrering=registrering,
            part_navn="Kari",
            part_rolle="KLI",
            utfoert_av=oppsett.saksbehandler,
        )

    assert Part.objects.exists() is False


def test_part_kan_ikke_legges_paa_avsluttet_mappe(oppsett: Arkivoppsett) -> None:
    avslutt(oppsett.mappe)

    with pytest.raises(DomeneFeil, match="avsluttet"):
        part_opprett(
            mappe=oppsett.mappe,
            part_navn="Kari",
            part_rolle="KLI",
            utfoert_av=oppsett.saksbehandler,
        )

    assert Part.objects.exists() is False


def test_part_kan_ikke_legges_paa_arkivert_registrering(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    arkiver(registrering)

    with pytest.raises(DomeneFeil, match="arkivert"):
        part_opprett(
            registrering=registrering,
            part_navn="Kari",
            part_rolle="KLI",
            utfoert_av=oppsett.saksbehandler,
        )

    assert Part.objects.exists() is False


def test_part_kan_ikke_legges_paa_arkivert_dokument(
    oppsett: Arkivoppsett, registrering: Registrering, dokument: Dokumentbeskrivelse
) -> None:
    arkiver(registrering)

    with pytest.raises(DomeneFeil, match="arkivert"):
        part_opprett(
            dokumentbeskrivelse=dokument,
            part_navn="Kari",
            part_rolle="KLI",
            utfoert_av=oppsett.saksbehandler,
        )

    assert Part.objects.exists() is False


def test_part_krever_rolle_i_arkivet(oppsett: Arkivoppsett, registrering: Registrering) -> None:
    with pytest.raises(IngenTilgang):
        part_opprett(
            registrering=registrering,
            part_navn="Kari",
            part_rolle="KLI",
            utfoert_av=oppsett.uten_rolle,
        )

    assert Part.objects.exists() is False


def test_part_endres_og_hvert_felt_logges(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    part = part_opprett(
        registrering=registrering,
        part_navn="Kari",
        part_rolle="KLI",
        utfoert_av=oppsett.saksbehandler,
    )

    part_endre(
        part=part,
        part_navn="Kari Nordmann",
        part_rolle="PAA",
        personidentifikator=GYLDIG_DNR,
        utfoert_av=oppsett.saksbehandler,
    )

    part.refresh_from_db()
    assert (part.part_navn, part.part_rolle, part.part_rolle_kodenavn) == (
        "Kari Nordmann",
        "PAA",
        "Pårørende",
    )
    assert part.personidentifikator == GYLDIG_DNR
    endringer = Endringslogg.objects.filter(referanse_arkivenhet=part.system_id, hendelsetype="U")
    assert sorted(endringer.values_list("referanse_metadata", flat=True)) == [
        "partNavn",
        "partRolle",
        "personidentifikator",
    ]
    fnr_endring = endringer.get(referanse_metadata="personidentifikator")
    assert GYLDIG_DNR not in f"{fnr_endring.tidligere_verdi}{fnr_endring.ny_verdi}"
    assert fnr_endring.ny_verdi == "*****"


def test_part_endring_med_ugyldig_foedselsnummer_avvises(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    part = part_opprett(
        registrering=registrering,
        part_navn="Kari",
        part_rolle="KLI",
        utfoert_av=oppsett.saksbehandler,
    )

    with pytest.raises(DomeneFeil, match="ikke gyldig"):
        part_endre(part=part, personidentifikator="15108695077", utfoert_av=oppsett.saksbehandler)

    part.refresh_from_db()
    assert part.personidentifikator == ""


def test_part_paa_arkivert_registrering_kan_ikke_endres_eller_slettes(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    part = part_opprett(
        registrering=registrering,
        part_navn="Kari",
        part_rolle="KLI",
        utfoert_av=oppsett.saksbehandler,
    )
    arkiver(registrering)

    with pytest.raises(DomeneFeil, match="arkivert"):
        part_endre(part=part, part_navn="Ola", utfoert_av=oppsett.saksbehandler)
    with pytest.raises(DomeneFeil, match="arkivert"):
        part_slett(part=part, utfoert_av=oppsett.saksbehandler)

    part.refresh_from_db()
    assert part.part_navn == "Kari"


def test_part_slettes_og_logges(oppsett: Arkivoppsett, registrering: Registrering) -> None:
    part = part_opprett(
        registrering=registrering,
        part_navn="Kari",
        part_rolle="KLI",
        utfoert_av=oppsett.saksbehandler,
    )

    part_slett(part=part, utfoert_av=oppsett.saksbehandler)

    assert Part.objects.exists() is False
    assert (
        Endringslogg.objects.filter(referanse_arkivenhet=part.system_id, hendelsetype="D").count()
        == 1
    )


# Merknad


def test_merknad_dato_og_registrert_av_settes_av_systemet(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    merknad = merknad_opprett(
        registrering=registrering,
        merknadstekst="Ringte søker.",
        merknadstype="MS",
        utfoert_av=oppsett.saksbehandler,
    )

    merknad.refresh_from_db()
    assert merknad.merknad_registrert_av == oppsett.saksbehandler.visningsnavn
    assert merknad.referanse_merknad_registrert_av == oppsett.saksbehandler
    assert merknad.merknadsdato is not None
    assert (merknad.merknadstype, merknad.merknadstype_kodenavn) == (
        "MS",
        "Merknad fra saksbehandler",
    )
    assert (
        Endringslogg.objects.filter(
            referanse_arkivenhet=merknad.system_id, hendelsetype="C"
        ).count()
        == 1
    )


def test_merknad_kan_legges_paa_avsluttet_mappe_og_arkivert_registrering(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    arkiver(registrering)
    avslutt(oppsett.mappe)

    merknad_opprett(mappe=oppsett.mappe, merknadstekst="Avlevert.", utfoert_av=oppsett.arkivar)
    merknad_opprett(registrering=registrering, merknadstekst="Skannet.", utfoert_av=oppsett.arkivar)

    assert Merknad.objects.count() == 2


@pytest.mark.parametrize(
    ("felter", "felt"),
    [({"merknadstekst": ""}, "merknadstekst"), ({"merknadstype": "XX"}, "merknadstype")],
)
def test_ugyldig_merknad_avvises(
    oppsett: Arkivoppsett, registrering: Registrering, felter: dict[str, Any], felt: str
) -> None:
    felter.setdefault("merknadstekst", "Tekst")

    with pytest.raises(DomeneFeil) as feil:
        merknad_opprett(registrering=registrering, utfoert_av=oppsett.saksbehandler, **felter)

    assert feil.value.felt == felt
    assert Merknad.objects.exists() is False


# Kryssreferanse


def test_kryssreferanse_fra_mappe_til_registrering(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    mappe = MappeFactory(arkivdel=oppsett.arkivdel)

    referanse = kryssreferanse_opprett(
        fra=mappe, til=registrering, utfoert_av=oppsett.saksbehandler
    )

    referanse.refresh_from_db()
    assert (referanse.fra_mappe, referanse.til_registrering) == (mappe, registrering)
    assert referanse.opprettet_av == oppsett.saksbehandler.visningsnavn
    assert (
        Endringslogg.objects.filter(
            referanse_arkivenhet=referanse.system_id, hendelsetype="C"
        ).count()
        == 1
    )


def test_duplikat_kryssreferanse_avvises(oppsett: Arkivoppsett, registrering: Registrering) -> None:
    kryssreferanse_opprett(fra=oppsett.mappe, til=registrering, utfoert_av=oppsett.saksbehandler)

    with pytest.raises(DomeneFeil, match="finnes allerede") as feil:
        kryssreferanse_opprett(
            fra=oppsett.mappe, til=registrering, utfoert_av=oppsett.saksbehandler
        )

    assert feil.value.kode == "duplikat"
    assert Kryssreferanse.objects.count() == 1


def test_kryssreferanse_til_seg_selv_avvises(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    with pytest.raises(DomeneFeil, match="seg selv"):
        kryssreferanse_opprett(fra=registrering, til=registrering, utfoert_av=oppsett.saksbehandler)

    assert Kryssreferanse.objects.exists() is False


def test_mappe_kan_ikke_vise_til_klasse(oppsett: Arkivoppsett) -> None:
    with pytest.raises(DomeneFeil, match="klasse"):
        kryssreferanse_opprett(fra=oppsett.mappe, til=oppsett.klasse, utfoert_av=oppsett.arkivar)

    assert Kryssreferanse.objects.exists() is False


def test_klasse_til_klasse_krever_arkivar(oppsett: Arkivoppsett) -> None:
    annen = KlasseFactory(klassifikasjonssystem=oppsett.klasse.klassifikasjonssystem)

    with pytest.raises(IngenTilgang):
        kryssreferanse_opprett(fra=oppsett.klasse, til=annen, utfoert_av=oppsett.saksbehandler)
    referanse = kryssreferanse_opprett(fra=oppsett.klasse, til=annen, utfoert_av=oppsett.arkivar)

    assert (referanse.fra_klasse, referanse.til_klasse) == (oppsett.klasse, annen)
    assert Kryssreferanse.objects.count() == 1


def test_kryssreferanse_til_enhet_brukeren_ikke_ser_avvises(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    fremmed = lag_arkivoppsett("Bjerke").ny_registrering()

    with pytest.raises(IkkeFunnet):
        kryssreferanse_opprett(fra=registrering, til=fremmed, utfoert_av=oppsett.saksbehandler)

    assert Kryssreferanse.objects.exists() is False


def test_kryssreferanse_fra_arkivert_registrering_avvises(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    arkiver(registrering)

    with pytest.raises(DomeneFeil, match="arkivert"):
        kryssreferanse_opprett(
            fra=registrering, til=oppsett.mappe, utfoert_av=oppsett.saksbehandler
        )

    assert Kryssreferanse.objects.exists() is False


def test_bare_maalet_endres(oppsett: Arkivoppsett, registrering: Registrering) -> None:
    referanse = kryssreferanse_opprett(
        fra=oppsett.mappe, til=registrering, utfoert_av=oppsett.saksbehandler
    )
    ny_mappe = MappeFactory(arkivdel=oppsett.arkivdel)

    kryssreferanse_endre_maal(
        kryssreferanse=referanse, til=ny_mappe, utfoert_av=oppsett.saksbehandler
    )

    referanse.refresh_from_db()
    assert (referanse.fra_mappe, referanse.til_mappe, referanse.til_registrering) == (
        oppsett.mappe,
        ny_mappe,
        None,
    )
    endret = Endringslogg.objects.filter(referanse_arkivenhet=referanse.system_id, hendelsetype="U")
    assert sorted(endret.values_list("referanse_metadata", flat=True)) == [
        "referanseTilMappe",
        "referanseTilRegistrering",
    ]


def test_nytt_maal_som_gir_duplikat_avvises(
    oppsett: Arkivoppsett, registrering: Registrering
) -> None:
    annen = oppsett.ny_registrering()
    kryssreferanse_opprett(fra=oppsett.mappe, til=registrering, utfoert_av=oppsett.saksbehandler)
    referanse = kryssreferanse_opprett(
        fra=oppsett.mappe, til=annen, utfoert_av=oppsett.saksbehandler
    )

    with pytest.raises(DomeneFeil, match="finnes allerede"):
        kryssreferanse_endre_maal(
            kryssreferanse=referanse, til=registrering, utfoert_av=oppsett.saksbehandler
        )

    referanse.refresh_from_db()
    assert referanse.til_registrering == annen


# Nasjonalidentifikator


@pytest.mark.parametrize(
    ("identifikatortype", "verdier", "lagret"),
    [
        ("bygning", {"bygningsnummer": 80123456}, {"bygningsnummer": 80123456}),
        (
            "bygning",
            {"bygningsnummer": 80123456, "endringsloepenummer": 2},
            {"bygningsnummer": 80123456, "endringsloepenummer": 2},
        ),
        (
            "matrikkel",
            {"kommunenummer": "0301", "gaardsnummer": 208, "bruksnummer": 73},
            {"kommunenummer": "0301", "gaardsnummer": 208, "bruksnummer": 73},
        ),
        (
            "matrikkel",
            {
                "kommunenummer": "0301",
                "gaardsnummer": 208,
                "bruksnummer": 73,
                "festenummer": 0,
                "seksjonsnummer": 4,
            },
            {
                "kommunenummer": "0301",
                "gaardsnummer": 208,
                "bruksnummer": 73,
                "festenummer": 0,
                "seksjonsnummer": 4,
            },
        ),
        (
            "plan",
            {"kommunenummer": "0301", "planidentifikasjon": "S-4321"},
            {"kommunenummer": "0301", "planidentifikasjon": "S-4321"},
        ),
        (
            "plan",
            {"landkode": "no", "planidentifikasjon": "NTP"},
            {"landkode": "NO", "planidentifikasjon": "NTP"},
        ),
        (
            "posisjon",
            {"koordinatsystem": "EPSG:32632", "x": "597123.45", "y": 6643123.5},
            {
                "koordinatsystem": "EPSG:32632",
                "koordinatsystem_kodenavn": "UTM32N",
                "x": "597123.45",
                "y": "6643123.5",
            },
        ),
        (
            "enhetsidentifikator",
            {"organisasjonsnummer": GYLDIG_ORGNR},
            {"organisasjonsnummer": GYLDIG_ORGNR},
        ),
        ("foedselsnummer", {"foedselsnummer": GYLDIG_FNR}, {"foedselsnummer": GYLDIG_FNR}),
        ("dnummer", {"dNummer": GYLDIG_DNR}, {"dNummer": GYLDIG_DNR}),
    ],
)
def test_gyldig_nasjonalidentifikator_lagres_normalisert(
    oppsett: Arkivoppsett,
    registrering: Registrering,
    identifikatortype: str,
    verdier: dict[str, Any],
    lagret: dict[str, Any],
) -> None:
    identifikator = nasjonalidentifikator_opprett(
        registrering=registrering,
        identifikatortype=identifikatortype,
        verdier=verdier,
        utfoert_av=oppsett.saksbehandler,
    )

    identifikator.refresh_from_db()
    assert identifikator.verdier == lagret
    assert (
        Endringslogg.objects.filter(
            referanse_arkivenhet=identifikator.system_id, hendelsetype="C"
        ).count()
        == 1
    )


@pytest.mark.parametrize(
    ("identifikatortype", "verdier", "melding"),
    [
        ("gatenavn", {}, "ikke en type"),
        ("bygning", {}, "bygningsnummer"),
        ("bygning", {"bygningsnummer": "80123456"}, "heltall"),
        ("bygning", {"bygningsnummer": 1, "etasje": 2}, "Ukjente attributter: etasje"),
        (
            "matrikkel",
            {"kommunenummer": "301", "gaardsnummer": 1, "bruksnummer": 1},
            "kommunenummer",
        ),
        (
            "matrikkel",
            {"kommunenummer": "0301", "gaardsnummer": 0, "bruksnummer": 1},
            "gaardsnummer",
        ),
        ("matrikkel", {"kommunenummer": "0301", "gaardsnummer": 1}, "bruksnummer"),
        (
            "plan",
            {"kommunenummer": "0301", "fylkesnummer": "03", "planidentifikasjon": "P"},
            "nøyaktig én",
        ),
        ("plan", {"planidentifikasjon": "P"}, "nøyaktig én"),
        ("plan", {"fylkesnummer": "3", "planidentifikasjon": "P"}, "fylkesnummer"),
        ("plan", {"kommunenummer": "0301"}, "Planidentifikasjon"),
        ("posisjon", {"koordinatsystem": "EPSG:9999", "x": 1, "y": 2}, "gyldig kode"),
        ("posisjon", {"koordinatsystem": "EPSG:4326", "x": "øst", "y": 2}, "desimaltall"),
        ("posisjon", {"koordinatsystem": "EPSG:4326", "x": 1}, "y må fylles ut"),
        ("enhetsidentifikator", {"organisasjonsnummer": "988077918"}, "ikke gyldig"),
        ("foedselsnummer", {"foedselsnummer": GYLDIG_DNR}, "D-nummer"),
        ("dnummer", {"dNummer": GYLDIG_FNR}, "ikke et D-nummer"),
    ],
)
def test_ugyldig_nasjonalidentifikator_avvises(
    oppsett: Arkivoppsett,
    registrering: Registrering,
    identifikatortype: str,
    verdier: dict[str, Any],
    melding: str,
) -> None:
    with pytest.raises(DomeneFeil, match=melding):
        nasjonalidentifikator_opprett(
            registrering=registrering,
            identifikatortype=identifikatortype,
            verdier=verdier,
            utfoert_av=oppsett.saksbehandler,
        )

    assert Nasjonalidentifikator.objects.exists() is False


def test_nasjonalidentifikator_paa_avsluttet_mappe_avvises(oppsett: Arkivoppsett) -> None:
    avslutt(oppsett.mappe)

    with pytest.raises(DomeneFeil, match="avsluttet"):
        nasjonalidentifikator_opprett(
            mappe=oppsett.mappe,
            identifikatortype="bygning",
            verdier={"bygningsnummer": 1},
            utfoert_av=oppsett.saksbehandler,
        )

    assert Nasjonalidentifikator.objects.exists() is False
