"""The result of a validation: one `Kontroll` per check, each with its findings (`Funn`).

A check that can find an error per document or per folder could, on a large extract of a
running archive, produce millions of findings. Each check therefore keeps at most `MAKS_FUNN`
findings (per file, for checks that look at several files such as N5.03) and only counts the
rest; the counts still decide the verdict and the summary.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

MAKS_FUNN = 100


class Alvor(StrEnum):
    FEIL = "FEIL"
    ADVARSEL = "ADVARSEL"


@dataclass(frozen=True)
class Funn:
    """One thing found wrong. `fil` is relative to the extract's root, `linje` the line in that
    file where known and `element` the element path, such as `dokumentobjekt/sjekksum`."""

    kontroll: str
    alvor: Alvor
    melding: str
    fil: str = ""
    linje: int | None = None
    element: str = ""


@dataclass
class Kontroll:
    """One check that was run (or could not be run: then `ikke_utfoert` says why)."""

    kode: str
    navn: str
    funn: list[Funn] = field(default_factory=list)
    ikke_utfoert: str = ""
    utelatte_feil: int = 0
    utelatte_advarsler: int = 0
    grense_per_fil: bool = field(default=False, repr=False, compare=False)
    _antall: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def legg_til(
        self,
        alvor: Alvor,
        melding: str,
        fil: str = "",
        linje: int | None = None,
        element: str = "",
    ) -> None:
        gruppe = fil if self.grense_per_fil else ""
        antall = self._antall.get(gruppe, 0)
        self._antall[gruppe] = antall + 1
        if antall >= MAKS_FUNN:
            if alvor is Alvor.FEIL:
                self.utelatte_feil += 1
            else:
                self.utelatte_advarsler += 1
            return
        self.funn.append(Funn(self.kode, alvor, melding, fil, linje, element))

    def feil(
        self, melding: str, fil: str = "", linje: int | None = None, element: str = ""
    ) -> None:
        self.legg_til(Alvor.FEIL, melding, fil, linje, element)

    def advarsel(
        self, melding: str, fil: str = "", linje: int | None = None, element: str = ""
    ) -> None:
        self.legg_til(Alvor.ADVARSEL, melding, fil, linje, element)

    def hopp_over(self, grunn: str) -> None:
        """Mark the check as not run; findings it made before that are dropped, they would be
        incomplete. The first reason given is kept."""
        if not self.ikke_utfoert:
            self.ikke_utfoert = grunn
        self.funn.clear()
        self.utelatte_feil = self.utelatte_advarsler = 0

    @property
    def antall_feil(self) -> int:
        return sum(1 for f in self.funn if f.alvor is Alvor.FEIL) + self.utelatte_feil

    @property
    def antall_advarsler(self) -> int:
        return sum(1 for f in self.funn if f.alvor is Alvor.ADVARSEL) + self.utelatte_advarsler


@dataclass
class Rapport:
    kontroller: list[Kontroll]
    statistikk: dict[str, int] = field(default_factory=dict)

    @property
    def feil(self) -> list[Funn]:
        return [f for k in self.kontroller for f in k.funn if f.alvor is Alvor.FEIL]

    @property
    def advarsler(self) -> list[Funn]:
        return [f for k in self.kontroller for f in k.funn if f.alvor is Alvor.ADVARSEL]

    @property
    def antall_feil(self) -> int:
        return sum(k.antall_feil for k in self.kontroller)

    @property
    def antall_advarsler(self) -> int:
        return sum(k.antall_advarsler for k in self.kontroller)

    @property
    def er_gyldig(self) -> bool:
        """No errors, and every check was run (a check is only skipped because of an error
        reported elsewhere, but the verdict should not depend on that)."""
        return self.antall_feil == 0 and not any(k.ikke_utfoert for k in self.kontroller)

    def kontroll(self, kode: str) -> Kontroll:
        for k in self.kontroller:
            if k.kode == kode:
                return k
        raise KeyError(kode)


def _sted(funn: Funn) -> str:
    sted = funn.fil
    if funn.fil and funn.linje is not None:
        sted += f":{funn.linje}"
    if funn.element:
        sted = f"{sted} {funn.element}" if sted else funn.element
    return f"{sted}: " if sted else ""


def rapportlinjer(rapport: Rapport) -> Iterator[str]:
    """The report as text: one line per check, one indented line per finding, and a summary
    line at the end."""
    for k in rapport.kontroller:
        if k.ikke_utfoert:
            yield f"IKKE {k.kode} {k.navn}: ikke utført ({k.ikke_utfoert})"
            continue
        antall = k.antall_feil + k.antall_advarsler
        if k.antall_feil:
            status = "FEIL"
        elif k.antall_advarsler:
            status = "ADV"
        else:
            status = "OK"
        yield f"{status:<4} {k.kode} {k.navn}" + (f" ({antall} funn)" if antall else "")
        for f in k.funn:
            merke = "advarsel: " if status == "FEIL" and f.alvor is Alvor.ADVARSEL else ""
            yield f"  {_sted(f)}{merke}{f.melding}"
        utelatte = k.utelatte_feil + k.utelatte_advarsler
        if utelatte:
            yield f"  … og {utelatte} funn til av samme slag som ikke er vist"
    feil, advarsler = rapport.antall_feil, rapport.antall_advarsler
    advarselord = "advarsel" if advarsler == 1 else "advarsler"
    if rapport.er_gyldig:
        yield f"Uttrekket er gyldig: {feil} feil, {advarsler} {advarselord}"
    else:
        linje = f"Uttrekket har {feil} feil og {advarsler} {advarselord}"
        ikke_utfoert = sum(1 for k in rapport.kontroller if k.ikke_utfoert)
        if ikke_utfoert:
            linje += f" ({ikke_utfoert} kontroller ble ikke utført)"
        yield linje
