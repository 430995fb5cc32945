"""`arkivar kodeliste-importer-postnummer`: Posten's register into the postnummer list."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kodeliste.models import Kodeverdi

# Posten's layout: postnummer, poststed, kommunenummer, kommunenavn, kategori.
REGISTER = [
    "0101\tOSLO\t0301\tOSLO\tP",
    "0150\tOSLO\t0301\tOSLO\tG",
    "0151\tOSLO\t0301\tOSLO\tG",
    "9990\tBÅTSFJORD\t5630\tBÅTSFJORD\tB",
]


def skriv(sti: Path, linjer: list[str], tegnsett: str) -> Path:
    sti.write_bytes(("\r\n".join(linjer) + "\r\n").encode(tegnsett))
    return sti


def importer(fil: Path, *args: str) -> str:
    ut = StringIO()
    call_command("kodeliste_importer_postnummer", str(fil), *args, stdout=ut)
    return ut.getvalue()


def postnummer() -> dict[str, Kodeverdi]:
    return {v.kode: v for v in Kodeverdi.objects.filter(kodeliste__navn="postnummer")}


@pytest.mark.django_db
def test_leser_postens_ansi_fil(tmp_path: Path) -> None:
    fil = skriv(tmp_path / "Postnummerregister-ansi.txt", REGISTER, "iso-8859-1")

    melding = importer(fil)

    assert melding.strip() == "Postnummer: 4 nye, 0 endret, 0 uendret, 0 utdatert."
    verdier = postnummer()
    assert set(verdier) == {"0101", "0150", "0151", "9990"}
    assert verdier["0150"].kodenavn == "0150 OSLO"
    assert verdier["0150"].beskrivelse == "Kommune 0301 OSLO. Kategori G (gateadresser)."
    assert verdier["9990"].kodenavn == "9990 BÅTSFJORD"
    assert verdier["0101"].er_standard is True
    assert verdier["0101"].utdatert is None


@pytest.mark.django_db
def test_ny_fil_oppdaterer_og_utdaterer(tmp_path: Path) -> None:
    importer(skriv(tmp_path / "gammel.txt", REGISTER, "iso-8859-1"))
    ny = [
        "Postnummer\tPoststed\tKommunenummer\tKommunenavn\tKategori",
        "0101\tOSLO\t0301\tOSLO\tP",
        "0150\tOSLO\t0301\tOSLO\tG",
        "0151\tOSLO SENTRUM\t0301\tOSLO\tG",
        "0152\tOSLO\t0301\tOSLO\tG",
    ]

    melding = importer(skriv(tmp_path / "ny.txt", ny, "utf-8"))

    assert melding.strip() == "Postnummer: 1 nye, 1 endret, 2 uendret, 1 utdatert."
    verdier = postnummer()
    assert verdier["0151"].kodenavn == "0151 OSLO SENTRUM"
    assert verdier["0152"].kodenavn == "0152 OSLO"
    assert verdier["9990"].utdatert is not None
    assert verdier["0150"].utdatert is None


@pytest.mark.django_db
def test_postnummer_som_kommer_tilbake_er_ikke_lenger_utdatert(tmp_path: Path) -> None:
    importer(skriv(tmp_path / "1.txt", REGISTER, "utf-8"))
    importer(skriv(tmp_path / "2.txt", REGISTER[:3], "utf-8"))

    importer(skriv(tmp_path / "3.txt", REGISTER, "utf-8"))

    assert postnummer()["9990"].utdatert is None


@pytest.mark.django_db
def test_tegnsett_kan_oppgis(tmp_path: Path) -> None:
    fil = skriv(tmp_path / "register.txt", REGISTER, "iso-8859-1")

    importer(fil, "--tegnsett", "iso-8859-1")

    assert postnummer()["9990"].kodenavn == "9990 BÅTSFJORD"


@pytest.mark.django_db
def test_ugyldig_linje_avvises_uten_aa_endre_listen(tmp_path: Path) -> None:
    fil = skriv(tmp_path / "feil.txt", [*REGISTER, "12A4\tUKJENT\t0301\tOSLO\tG"], "utf-8")

    with pytest.raises(CommandError, match="Linje 5: ugyldig postnummerlinje"):
        importer(fil)

    assert postnummer() == {}


@pytest.mark.django_db
def test_dobbelt_postnummer_avvises(tmp_path: Path) -> None:
    fil = skriv(tmp_path / "dobbel.txt", [*REGISTER, REGISTER[0]], "utf-8")

    with pytest.raises(CommandError, match="postnummer 0101 står flere ganger"):
        importer(fil)


@pytest.mark.django_db
def test_manglende_fil(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Kan ikke lese"):
        importer(tmp_path / "finnes-ikke.txt")
