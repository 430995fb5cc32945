"""Which entities manage which repeated values value by value, through the reference
server's vendor sub-resources (client-compat.md §1 item 8; views/verdiliste.py):

* `noekkelord` on klasse, mappe (and saksmappe) and registrering (and journalpost, arkivnotat);
* `oppbevaringssted` on mappe and saksmappe, and on arkiv and arkivdel;
* `forfatter` on dokumentbeskrivelse and on registrering (and journalpost, arkivnotat);
* `skjermingmetadata` on dokumentbeskrivelse: the codes of its skjerming's skjermingMetadata.

The `ny-*` link is shown to whoever has the right to change the owner; what may still change
once it is closed or archived is the owner's service's to decide, as for a PATCH of the owner
(model.md locks none of these lists on closing, so keywords may be added to a closed case).
(dokumentbeskrivelse's oppbevaringssted is one text in this API, not a list, so it has none.)
"""

from __future__ import annotations

from typing import Any

from noark_api.ressurs import Verdiliste, utvid
from noark_api.ressurser.arkivstruktur import ARKIV, ARKIVDEL
from noark_api.ressurser.dokument import DOKUMENTBESKRIVELSE, kan_arbeide_i_arkivet
from noark_api.ressurser.felles import kan
from noark_api.ressurser.klassifikasjon import KLASSE
from noark_api.ressurser.mappe import (
    ARKIVNOTAT,
    JOURNALPOST,
    MAPPE,
    REGISTRERING,
    SAKSMAPPE,
    kan_arbeide,
)


def _kan_endre_klasse(bruker: Any, klasse: Any) -> bool:
    """Who manages its classification system: read from the row's annotation (the rows of a
    list are annotated once), as the klasse's own `ny-klasse` link reads it."""
    return bool(getattr(klasse, "kan_opprette_klasse", False))


_MAPPER = (MAPPE, SAKSMAPPE)
_REGISTRERINGER = (REGISTRERING, JOURNALPOST, ARKIVNOTAT)

utvid(KLASSE, verdilister=(Verdiliste("noekkelord", _kan_endre_klasse),))
for _arkivenhet in (ARKIV, ARKIVDEL):
    utvid(_arkivenhet, verdilister=(Verdiliste("oppbevaringssted", kan("arkivstruktur.forvalte")),))
for _mappe in _MAPPER:
    utvid(
        _mappe,
        verdilister=(
            Verdiliste("noekkelord", kan_arbeide),
            Verdiliste("oppbevaringssted", kan_arbeide),
        ),
    )
for _registrering in _REGISTRERINGER:
    utvid(
        _registrering,
        verdilister=(
            Verdiliste("noekkelord", kan_arbeide),
            Verdiliste("forfatter", kan_arbeide),
        ),
    )
utvid(
    DOKUMENTBESKRIVELSE,
    verdilister=(
        Verdiliste("forfatter", kan_arbeide_i_arkivet),
        Verdiliste("skjermingmetadata", kan_arbeide_i_arkivet, kodeliste="skjermingmetadata"),
    ),
)
