"""The query language: what is understood, and that nothing typed can break a search."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sakarkiv.tests.conftest import Bydel
from sok.selectors import sok
from sok.spoerring import MAKS_LEDD, Ledd, Soekeuttrykk, som_fts5, som_tsquery, tolk


def test_ord_blir_og_med_stoppord_utelatt() -> None:
    uttrykk = tolk("Søknader om barnehageplass")

    assert uttrykk == Soekeuttrykk(((Ledd(("søknader",)),), (Ledd(("barnehageplass",)),)))
    assert som_fts5(uttrykk) == '(("søknad") AND ("barnehageplass"))'
    assert som_tsquery(uttrykk) == "(('søknader')) & (('barnehageplass'))"


def test_frase_prefiks_utelatelse_og_eller() -> None:
    uttrykk = tolk('"praktisk bistand" barneh* -avslag klage OR anke')

    assert som_fts5(uttrykk) == (
        '((("praktisk bistand") AND ("barneh"*) AND ("klag" OR "ank")) NOT "avslag")'
    )
    assert som_tsquery(uttrykk) == (
        "(('praktisk' <-> 'bistand')) & (('barneh':*)) & (('klage') | ('anke')) & !('avslag')"
    )


def test_ord_med_tegn_inni_er_en_frase() -> None:
    assert tolk("Hansen-Olsen 2025/123").grupper == (
        (Ledd(("hansen", "olsen")),),
        (Ledd(("2025", "123")),),
    )


@pytest.mark.parametrize(
    "tekst",
    [
        "",
        None,
        "   ",
        '"',
        '""',
        "*",
        "-",
        "OR",
        "og i på",  # only stop words
        "-søknad",  # only exclusions: would list the whole archive
        "()",
        ":",
        "^*^",
        "\x00",
    ],
)
def test_tom_eller_ubrukelig_soekning_er_tom(tekst: str | None) -> None:
    assert tolk(tekst).er_tomt is True


def test_sql_og_operatorer_blir_vanlige_ord() -> None:
    uttrykk = tolk("'; DROP TABLE x; -- NEAR(a b) {tittel}:sok_fts MATCH")

    assert som_fts5(uttrykk) == (
        '(("drop") AND ("tabl") AND ("x") AND ("near a") AND ("b") AND ("tittel sok fts") AND '
        '("match"))'
    )


def test_lange_soekninger_kuttes() -> None:
    uttrykk = tolk("søknad " * 10_000)

    assert len(uttrykk.grupper) == MAKS_LEDD


# Letters and digits in double quotes, and the syntax around them: nothing else.
_FTS5_SYNTAKS = re.compile(r'^(?:"[^\W_]+(?: [^\W_]+)*"\*?|[()]| AND | OR | NOT )*$')
_TSQUERY_SYNTAKS = re.compile(r"^(?:'[^\W_]+'(?::\*)?|[()!]| <-> | & | \| )*$")


@given(st.text(max_size=300))
def test_vilkaarlig_tekst_gir_gyldig_syntaks(tekst: str) -> None:
    uttrykk = tolk(tekst)

    assert _FTS5_SYNTAKS.match(som_fts5(uttrykk))
    assert _TSQUERY_SYNTAKS.match(som_tsquery(uttrykk))


_SOEKETEKST = st.one_of(
    st.text(max_size=200),
    st.text(alphabet="søknad \"*-()ORNEAR:^{}'æøå", max_size=60),
    st.lists(st.sampled_from(["søknad", "OR", "-", '"', "*", "NEAR(", "AND", "æøå"])).map(" ".join),
)


@pytest.mark.django_db
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tekst=_SOEKETEKST)
def test_vilkaarlig_tekst_gir_aldri_feil_i_databasen(alna: Bydel, tekst: str) -> None:
    resultat: Any = sok(bruker=alna.saksbehandler, q=tekst)

    assert resultat.antall >= 0
