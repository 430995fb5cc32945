"""The Norwegian Snowball stemmer, against the algorithm's published examples and against
PostgreSQL's `norwegian` dictionary (the same algorithm)."""

from __future__ import annotations

import pytest
from django.db import connection

from sok.stemmer import STOPPORD, stamme
from sok.tekst import stammer, stammetekst

# Words of the example vocabulary on snowballstem.org (norwegian/stemmer.html); the stems are
# those PostgreSQL's implementation of the same algorithm gives (checked below on PostgreSQL).
SNOWBALL_EKSEMPLER = [
    ("havnedistrikt", "havnedistrikt"),
    ("havnedistriktene", "havnedistrikt"),
    ("havnedistrikter", "havnedistrikt"),
    ("havnedistriktet", "havnedistrikt"),
    ("havnedistriktets", "havnedistrikt"),
    ("havnefogd", "havnefogd"),
    ("havnefogden", "havnefogd"),
    ("havnefogder", "havnefogd"),
    ("havnefogderne", "havnefogdern"),  # -erne is no suffix; -e goes
    ("havnefogdens", "havnefogd"),
    ("havnefogdmodellen", "havnefogdmodell"),
    ("havnekassa", "havnekass"),
    ("havnekasse", "havnekass"),
    ("havnekassen", "havnekass"),
    ("havnekassens", "havnekass"),
    ("havnelov", "havn"),  # -elov (step 3)
    ("havneloven", "havn"),
    ("havnelovens", "havn"),
]

ARKIVORD = [
    ("søknad", "søknad"),
    ("søknaden", "søknad"),
    ("søknader", "søknad"),
    ("søknadene", "søknad"),
    ("søknadens", "søknad"),
    ("barnehageplasser", "barnehageplass"),
    ("vedtaket", "vedtak"),
    ("vedtakene", "vedtak"),
    ("klagen", "klag"),
    ("klager", "klag"),
    ("ærligheten", "ærl"),  # -heten, then -ig (step 3)
    ("økonomiske", "økonomisk"),
    ("åpningstider", "åpningstid"),
    ("bydelens", "bydel"),
    ("alna", "aln"),
]


@pytest.mark.parametrize(("ord_", "forventet"), SNOWBALL_EKSEMPLER + ARKIVORD)
def test_stammen_er_som_snowball(ord_: str, forventet: str) -> None:
    assert stamme(ord_) == forventet


@pytest.mark.parametrize(
    ("ord_", "forventet"),
    [
        ("kjørte", "kjørt"),  # -e
        ("kjørt", "kjørt"),  # "rt" is no suffix; R1 starts after "kjø-r"
        ("bredt", "bredt"),  # "dt" outside R1
        ("bakks", "bakk"),  # s after k after a non-vowel goes
        ("koks", "koks"),  # s after k after a vowel stays
        ("kjeks", "kjeks"),
        ("hus", "hus"),  # R1 starts at the fourth letter at the earliest
        ("ei", "ei"),  # under three letters: no R1
        ("elskelig", "elsk"),  # -elig (step 3)
        ("behandlet", "behandl"),  # -et
        ("fortalte", "fortalt"),
        ("reservert", "reserver"),  # -ert becomes -er
        ("reserverte", "reserver"),  # -erte becomes -er
    ],
)
def test_regler_i_kantene(ord_: str, forventet: str) -> None:
    assert stamme(ord_) == forventet


def test_boeyde_former_moetes_i_samme_stamme() -> None:
    assert stammer("Søknader om barnehageplasser") == stammer("søknad barnehageplass")


def test_stoppord_og_store_bokstaver_og_sammensatte_tegn() -> None:
    # "å" written as "a" + combining ring is the same word as a precomposed "å".
    assert stammetekst("SØKNAD om Åpningstider i Bydel ALNA") == "søknad åpningstid bydel aln"
    assert stammetekst("Søknad om a\u030apningstider") == "søknad åpningstid"
    assert "om" in STOPPORD
    assert stammetekst("og i på") == ""


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db
def test_samme_stamme_som_postgresql() -> None:
    """The SQLite shadow text and PostgreSQL's tsvector stem alike, so snippets highlight the
    words either engine found."""
    ord_ = [o for o, _ in SNOWBALL_EKSEMPLER + ARKIVORD if o not in STOPPORD]
    ord_ += ["kjørte", "bakks", "koks", "elskelig", "behandlet", "reserverte", "hus", "bredt"]
    with connection.cursor() as markoer:
        for o in ord_:
            markoer.execute("SELECT ts_lexize('norwegian_stem', %s)", [o])
            assert markoer.fetchone()[0] == [stamme(o)], o
