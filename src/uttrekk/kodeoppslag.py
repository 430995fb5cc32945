"""Codes in an extract are written as their names (kodenavn, model.md §7): turning them back
into this system's codes, and collecting every value no code list knows, with where it is."""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped]

from kodeliste.models import Kodeverdi


class Kodeoppslag:
    def __init__(self) -> None:
        self._lister: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
        self.problemer: list[str] = []

    def _liste(self, kodeliste: str) -> tuple[dict[str, str], dict[str, str]]:
        if kodeliste not in self._lister:
            par = list(
                Kodeverdi.objects.filter(kodeliste__navn=kodeliste).values_list("kode", "kodenavn")
            )
            self._lister[kodeliste] = (
                {navn.casefold(): kode for kode, navn in par},
                dict(par),
            )
        return self._lister[kodeliste]

    def kode(self, kodeliste: str, verdi: str, element: etree._Element, elementnavn: str) -> str:
        """The code of `verdi`, a kodenavn (or, from systems that wrote codes, a kode)."""
        etter_navn, navn_etter_kode = self._liste(kodeliste)
        kode = etter_navn.get(verdi.casefold())
        if kode is None and verdi in navn_etter_kode:
            kode = verdi
        if kode is None:
            self.problem(element, elementnavn, f"«{verdi}» finnes ikke i kodelisten {kodeliste}")
            return verdi[:20]
        return kode

    def navn(self, kodeliste: str, kode: str) -> str:
        return self._liste(kodeliste)[1].get(kode, kode)

    def problem(self, element: etree._Element, elementnavn: str, melding: str) -> None:
        barn = element.find(f"{{{etree.QName(element).namespace}}}{elementnavn}")
        linje = (barn if barn is not None else element).sourceline
        self.problemer.append(
            f"arkivstruktur.xml:{linje} {etree.QName(element).localname}/{elementnavn}: {melding}"
        )
