"""Checking the chain: every altered, inserted or missing entry is reported."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sporing.kjede import KJEDEFELTER, STARTHASH, beregn_hash
from sporing.models import Endringslogg, Loggkjede


@dataclass(frozen=True)
class Avvik:
    loepenummer: int
    melding: str


def verifiser_logg(*, bolk: int = 5000) -> Iterator[Avvik]:
    """Walk the log in chain order and yield every place where it does not add up."""
    forventet_nummer = 1
    forrige_hash = STARTHASH
    siste_sett = 0
    felter = ["id", *KJEDEFELTER, "forrige_hash", "hash"]
    etter = 0
    while True:
        rader = list(
            Endringslogg.objects.filter(loepenummer__gt=etter)
            .order_by("loepenummer")
            .values(*felter)[:bolk]
        )
        if not rader:
            break
        for rad in rader:
            nummer = rad["loepenummer"]
            if nummer != forventet_nummer:
                if nummer > forventet_nummer:
                    yield Avvik(
                        forventet_nummer, f"oppføring {forventet_nummer}–{nummer - 1} mangler"
                    )
                else:
                    yield Avvik(nummer, "løpenummeret står to ganger (innsatt oppføring)")
            if rad["forrige_hash"] != forrige_hash:
                yield Avvik(
                    nummer, "peker ikke på oppføringen før (innsatt eller fjernet oppføring)"
                )
            if beregn_hash(rad, rad["forrige_hash"]) != rad["hash"]:
                yield Avvik(nummer, "innholdet er endret etter at det ble skrevet")
            forrige_hash = rad["hash"]
            forventet_nummer = nummer + 1
            siste_sett = nummer
        etter = rader[-1]["loepenummer"]

    hode = Loggkjede.objects.filter(pk=1).first()
    if hode is None:
        if siste_sett:
            yield Avvik(siste_sett, "kjedehodet mangler")
        return
    if hode.siste_loepenummer != siste_sett:
        yield Avvik(
            hode.siste_loepenummer,
            f"siste oppføring {siste_sett}, men kjedehodet sier {hode.siste_loepenummer}",
        )
    elif hode.siste_hash != forrige_hash:
        yield Avvik(siste_sett, "siste oppføring stemmer ikke med kjedehodet")
