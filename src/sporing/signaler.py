"""Domain signals of `sporing`, sent after commit (style.md §2: higher apps subscribe).

`endringer_lagret(sender=Endringslogg, endringer=tuple[Endring, ...])`: a logged transaction
committed. Sent once per outermost `logget_transaksjon`, after its commit, when it logged any
change (reads logged as hendelser are not changes). `sok` re-indexes the records it names.

The payload is built from what the services logged, from the objects in memory: no queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import django.dispatch

endringer_lagret = django.dispatch.Signal()

# The archive units an object hangs under, when it has them: a part or korrespondansepart
# under its registrering, a dokumentobjekt under its dokumentbeskrivelse. Carried so that a
# receiver can act on a deleted object without reading it back.
EIERFELT = ("mappe", "registrering", "dokumentbeskrivelse")


@dataclass(frozen=True)
class Endring:
    """One created, changed or deleted object: `modell` is the concrete model's label
    ("arkivstruktur.registrering" also for a Journalpost), `hendelse` a Hendelsetype value
    (C, U or D)."""

    modell: str
    pk: Any
    hendelse: str
    eiere: tuple[tuple[str, Any], ...] = ()

    @property
    def er_slettet(self) -> bool:
        return self.hendelse == "D"

    def eier(self, felt: str) -> Any:
        """The id of the unit the object hangs under through `felt` ("registrering"), or None."""
        return next((pk for navn, pk in self.eiere if navn == felt), None)
