"""The hash chain: how one entry's hash is computed from its content and its predecessor."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

STARTHASH = "0" * 64

# The fields that are chained, in a fixed order. Adding one is a format change of the chain.
KJEDEFELTER = (
    "loepenummer",
    "system_id",
    "referanse_arkivenhet",
    "arkivenhet_type",
    "referanse_metadata",
    "endret_dato",
    "endret_av",
    "referanse_endret_av",
    "tidligere_verdi",
    "ny_verdi",
    "hendelsetype",
    "beskrivelse",
)


def _normaliser(verdi: Any) -> Any:
    if isinstance(verdi, dt.datetime):
        return verdi.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(verdi, uuid.UUID):
        return str(verdi)
    return verdi


def beregn_hash(felter: dict[str, Any], forrige_hash: str) -> str:
    innhold = [_normaliser(felter[navn]) for navn in KJEDEFELTER]
    tekst = json.dumps([forrige_hash, innhold], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(tekst.encode("utf-8")).hexdigest()
