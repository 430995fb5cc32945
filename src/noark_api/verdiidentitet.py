"""The systemIDs of the values of a repeated attribute (client-compat.md §1 item 8).

noekkelord, forfatter, oppbevaringssted and skjermingMetadata are lists of values on their
owner (model.md), but the vendor sub-resources give each value its own `self`, ETag, PUT and
DELETE. A value's systemID is derived: a name-based UUID of the owner, the list, the value and
its occurrence among equal values. That needs no storage and survives a change of the list as
a whole (a PUT of the owner), but it would change when the value changes, or when an equal
value before it goes. So after every write through a sub-resource, `fest` stores the systemIDs
that derivation would not give (models.Verdiidentitet), and `tildel` honours them: each stored
identity claims the first unclaimed occurrence of its value, in the order they were stored,
and derivation skips the stored systemIDs so no two values share one.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from noark_api.models import Verdiidentitet

_NAVNEROM = uuid.uuid5(uuid.NAMESPACE_URL, "https://nikita.arkivlab.no/noark5/v5/")


@dataclass(frozen=True)
class Identitet:
    system_id: uuid.UUID
    verdi: str


def avledet(eier: uuid.UUID, liste: str, verdi: str, nummer: int) -> uuid.UUID:
    """The derived systemID of the `nummer`th (from 0) occurrence of `verdi`."""
    return uuid.uuid5(_NAVNEROM, f"{eier}/{liste}/{nummer}/{verdi}")


def tildel(
    eier: uuid.UUID, liste: str, verdier: Sequence[str], lagret: Sequence[Identitet] = ()
) -> list[uuid.UUID]:
    """The systemID of each value, in the list's order."""
    ledige = list(lagret)
    opptatt = {identitet.system_id for identitet in lagret}
    teller: Counter[str] = Counter()
    ut = []
    for verdi in verdier:
        treff = next((i for i in ledige if i.verdi == verdi), None)
        if treff is not None:
            ledige.remove(treff)
            ut.append(treff.system_id)
            continue
        while (system_id := avledet(eier, liste, verdi, teller[verdi])) in opptatt:
            teller[verdi] += 1
        teller[verdi] += 1
        ut.append(system_id)
    return ut


def lagrede(eier: uuid.UUID, liste: str) -> list[Identitet]:
    rader = Verdiidentitet.objects.filter(eier=eier, liste=liste).order_by("pk")
    return [Identitet(rad.system_id, rad.verdi) for rad in rader]


def fest(
    eier: uuid.UUID, liste: str, verdier: Sequence[str], oenskede: Sequence[uuid.UUID | None]
) -> None:
    """Store what makes `tildel` give each value its wanted systemID (None: any), in the
    caller's transaction, replacing what was stored for this list."""
    Verdiidentitet.objects.filter(eier=eier, liste=liste).delete()
    avledede = tildel(eier, liste, verdier)
    festede = [
        Identitet(oensket, verdi)
        for verdi, oensket, fri in zip(verdier, oenskede, avledede, strict=True)
        if oensket is not None and oensket != fri
    ]
    if not _gir(eier, liste, verdier, oenskede, festede):
        # A kept identity would claim an occurrence meant for another. Kept for every value,
        # in the list's order, each claims its own.
        festede = [
            Identitet(oensket or uuid.uuid4(), verdi)
            for verdi, oensket in zip(verdier, oenskede, strict=True)
        ]
    Verdiidentitet.objects.bulk_create(
        Verdiidentitet(system_id=i.system_id, eier=eier, liste=liste, verdi=i.verdi)
        for i in festede
    )


def _gir(
    eier: uuid.UUID,
    liste: str,
    verdier: Sequence[str],
    oenskede: Sequence[uuid.UUID | None],
    festede: Sequence[Identitet],
) -> bool:
    tildelt = tildel(eier, liste, verdier, festede)
    return all(o is None or o == t for o, t in zip(oenskede, tildelt, strict=True))
