"""Highlighting: hits in <mark>, everything else escaped."""

from __future__ import annotations

from sok.spoerring import tolk
from sok.utdrag import MAKS_UTDRAG, Markering, marker, utdrag


def _markering(q: str) -> Markering:
    uttrykk = tolk(q)
    return Markering(uttrykk.stammer, uttrykk.prefikser)


def test_boeyde_former_markeres_og_alt_annet_escapes() -> None:
    html = marker("Søknader om <script>plass</script> & søknad", _markering("søknad"))

    assert html == (
        "<mark>Søknader</mark> om &lt;script&gt;plass&lt;/script&gt; &amp; <mark>søknad</mark>"
    )


def test_prefiks_markeres() -> None:
    assert marker("Barnehageplass i barnehagen", _markering("barneh*")) == (
        "<mark>Barnehageplass</mark> i <mark>barnehagen</mark>"
    )


def test_stoppord_markeres_ikke() -> None:
    assert marker("søknad om plass", _markering("om søknad")) == "<mark>søknad</mark> om plass"


def test_utdraget_viser_omgivelsene_til_foerste_treff() -> None:
    tekst = " ".join(["fyll"] * 400) + " Her står Trosterud skole nevnt. " + "mer " * 400

    html = utdrag(tekst, _markering("trosterud"))

    assert "Her står <mark>Trosterud</mark> skole nevnt." in html
    assert html.startswith("… ")
    assert html.endswith(" …")
    assert len(html) < MAKS_UTDRAG + 40


def test_utdrag_uten_treff_viser_begynnelsen() -> None:
    assert utdrag("Kort tekst uten treff.", _markering("søknad")) == "Kort tekst uten treff."
