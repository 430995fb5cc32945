"""Input checks shared by every service."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from felles.feil import DomeneFeil

# Noark API appendix 5: a string of only invisible characters counts as missing.
_USYNLIGE = re.compile(r"[\s\u00a0\u200b\u200c\u200d\u2060\ufeff\u180e\u2000-\u200a\u3000]+")


def er_blank(verdi: object) -> bool:
    if verdi is None:
        return True
    if not isinstance(verdi, str):
        return False
    rest = _USYNLIGE.sub("", verdi)
    return all(unicodedata.category(tegn) in {"Cf", "Zs", "Cc"} for tegn in rest)


def krev_tekst(verdi: object, *, felt: str, visningsnavn: str, maks: int | None = None) -> str:
    """A mandatory [1..1] string: present, non-blank, not too long; returned stripped."""
    if er_blank(verdi):
        raise DomeneFeil(f"{visningsnavn} må fylles ut.", felt=felt, kode="paakrevd")
    if not isinstance(verdi, str):
        raise DomeneFeil(f"{visningsnavn} må være tekst.", felt=felt)
    tekst = verdi.strip()
    if maks is not None and len(tekst) > maks:
        raise DomeneFeil(
            f"{visningsnavn} kan ikke være lengre enn {maks} tegn.", felt=felt, kode="for_lang"
        )
    return tekst


def valgfri_tekst(verdi: object, *, felt: str, visningsnavn: str, maks: int | None = None) -> str:
    """An optional string: blank becomes the empty string."""
    if er_blank(verdi):
        return ""
    return krev_tekst(verdi, felt=felt, visningsnavn=visningsnavn, maks=maks)


def tekstliste(verdi: object, *, felt: str, visningsnavn: str) -> list[str]:
    """forfatter, noekkelord, oppbevaringssted: lists of non-blank strings (model.md §6.8)."""
    if verdi is None:
        return []
    if isinstance(verdi, str) or not isinstance(verdi, list | tuple):
        raise DomeneFeil(f"{visningsnavn} må være en liste med tekster.", felt=felt)
    return [krev_tekst(v, felt=felt, visningsnavn=visningsnavn) for v in verdi]


def krev_heltall(
    verdi: Any, *, felt: str, visningsnavn: str, minst: int | None = None, maks: int | None = None
) -> int:
    if isinstance(verdi, bool) or not isinstance(verdi, int):
        raise DomeneFeil(f"{visningsnavn} må være et heltall.", felt=felt)
    if minst is not None and verdi < minst:
        raise DomeneFeil(f"{visningsnavn} må være minst {minst}.", felt=felt)
    if maks is not None and verdi > maks:
        raise DomeneFeil(f"{visningsnavn} kan ikke være mer enn {maks}.", felt=felt)
    return int(verdi)
