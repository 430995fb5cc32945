"""The vendored schemas are Arkivverket's, byte for byte (../shared/schemas/noark5/README.md)."""

from __future__ import annotations

import hashlib

import pytest

from uttrekk.skjema import SKJEMAFILER, XSD_MAPPE, skjema

OFFISIELLE = {
    "arkivstruktur.xsd": "85986f7c8fac408cca568a0436b26f5b2837d420877a529962437d21c71fac82",
    "metadatakatalog.xsd": "df9c4bb29a4fc49d452586337c01666f286c7070fe170792b99faf3ef652cf8c",
    "endringslogg.xsd": "9c0aa09d77ce76077f6f65f0a7500f5cf3dadd82410a1ab38cbfd32a76e93d20",
    "loependeJournal.xsd": "e1c2737159f40e67627329de851d49d841617dddc360ccf3aeea1ffc1ef72e6c",
    "offentligJournal.xsd": "0e8d3b49eeb9eab496bc2ea2f8af9160e6e2526485fe27e377a508b3946bff6e",
    "addml.xsd": "900d238446096154af2d6f066c51ec35bcbb82c4e843079d870b94235b12f24f",
}


@pytest.mark.parametrize("filnavn", sorted(OFFISIELLE))
def test_skjemaet_er_det_offisielle_og_kompilerer(filnavn: str) -> None:
    innhold = (XSD_MAPPE / filnavn).read_bytes()
    assert hashlib.sha256(innhold).hexdigest() == OFFISIELLE[filnavn]
    assert skjema(filnavn) is not None


def test_pakken_tar_med_alle_seks_skjemaene() -> None:
    assert sorted(SKJEMAFILER) == sorted(OFFISIELLE)
