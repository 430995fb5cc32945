"""The read audit: every view or download of a screened or graded record is logged.

One hendelseslogg entry (hendelsetype R) per record read, in the same append-only, hash-chained
log as the endringslogg (sporing), so `arkivar verify-log` covers it. The entry says who (the
log's endretAv), when (endretDato), what (referanseArkivenhet) and under which authorisation
(beskrivelse: "Vist med tilgangskode 13 for Bydel Alna. Skjermet: Offl. § 13 jf. fvl. § 13.").
Reads of open records are not logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sporing.services import logg_lest, logget_transaksjon
from tilgang.skjerming import vurder_innsyn

VIST = "Vist"
LASTET_NED = "Lastet ned"


def _beskrivelse(handling: str, grunnlag: str, skjermingshjemmel: str, gradering: str) -> str:
    deler = [f"{handling} med {grunnlag or 'uten registrert grunnlag'}."]
    if skjermingshjemmel:
        deler.append(f"Skjermet: {skjermingshjemmel}.")
    if gradering:
        deler.append(f"Gradert: {gradering}.")
    return " ".join(deler)


def registrer_lesing(
    objekt: Any,
    bruker: Any,
    hjemmel: str | None = None,
    *,
    via: Any = None,
    handling: str = VIST,
    tillegg: str = "",
) -> bool:
    """Log that `bruker` read `objekt`, when it is screened or graded; True if logged.

    `hjemmel` names the authorisation; by default it is worked out from the user's profile
    (`tilgang.skjerming.vurder_innsyn`). `via` is the registrering a document was reached
    through. `tillegg` is added to the description (which file, for a download).
    """
    if not getattr(bruker, "is_authenticated", False):
        return False
    innsyn = vurder_innsyn(objekt, bruker, via=via)
    if not innsyn.er_beskyttet:
        return False
    beskrivelse = _beskrivelse(
        handling, hjemmel or innsyn.grunnlag, innsyn.skjermingshjemmel, innsyn.graderingskode
    )
    if tillegg:
        beskrivelse = f"{beskrivelse} {tillegg}"
    logg_lest(objekt, utfoert_av=bruker, beskrivelse=beskrivelse)
    return True


def registrer_lesinger(objekter: Iterable[Any], bruker: Any, *, handling: str = VIST) -> int:
    """`registrer_lesing` for every record shown on one page, written to the chain at once."""
    antall = 0
    with logget_transaksjon():
        for objekt in objekter:
            antall += registrer_lesing(objekt, bruker, handling=handling)
    return antall
