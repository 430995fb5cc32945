"""Klassifikasjonssystem and klasse in the standard's shape (rest-api.md §3.1, model.md §3.4,
§3.5)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers  # type: ignore[import-untyped]

from noark_api.odata import Felt, Feltkart, Felttype, tekstlistefelter
from noark_api.serialisering.arkivstruktur import AVSLUTTBAR_FELTER, AvsluttbarFelter, kodefelter
from noark_api.serialisering.arvbare import Arvbare
from noark_api.serialisering.felles import Kodeverdi, med_lenker
from tilgang.skjerming import SKJULT

# The annotations the klasse rows carry (ressurser/klassifikasjon.py): klasseID and tittel as
# this reader may see them, `*****` when they are screened from them (KID, TKL).
VIST_KLASSE_ID = "klasse_id_vist"
VIST_TITTEL = "tittel_vist"

# --- klassifikasjonssystem -----------------------------------------------------------------------


class _KlassifikasjonssystemFelter(AvsluttbarFelter):
    klassifikasjonstype = Kodeverdi("klassifikasjonstype", help_text="M086")
    tittel = serializers.CharField(help_text="M020")
    beskrivelse = serializers.CharField(required=False, help_text="M021")


KlassifikasjonssystemSerializer = med_lenker(
    "KlassifikasjonssystemSerializer",
    _KlassifikasjonssystemFelter,
    "arkivstruktur/klassifikasjonssystem",
)

KLASSIFIKASJONSSYSTEM_FELTER: Feltkart = {
    **AVSLUTTBAR_FELTER,
    "tittel": Felt("tittel", Felttype.TEKST),
    "beskrivelse": Felt("beskrivelse", Felttype.TEKST),
    **kodefelter("klassifikasjonstype"),
}


# --- klasse --------------------------------------------------------------------------------------


class SkjermetKlassefelt(serializers.CharField):  # type: ignore[misc]
    """A klasse attribute as the reader may see it. Rows read through the klasse type carry
    it annotated (`vist`); a klasse read any other way shows `*****` whenever its skjerming
    names the field's code or M, so a missing annotation never reveals what is screened."""

    def __init__(self, felt: str, vist: str, skjermingmetadata: str, **kwargs: Any) -> None:
        self.felt, self.vist, self.skjermingmetadata = felt, vist, skjermingmetadata
        super().__init__(source="*", **kwargs)

    def to_representation(self, klasse: Any) -> str:
        vist = getattr(klasse, self.vist, None)
        if vist is not None:
            return str(vist)
        skjerming = klasse.skjerming
        koder = set(skjerming.skjerming_metadata or []) if skjerming is not None else set()
        return SKJULT if koder & {self.skjermingmetadata, "M"} else str(getattr(klasse, self.felt))


class _KlasseFelter(AvsluttbarFelter, Arvbare):
    klasseID = SkjermetKlassefelt("klasse_id", VIST_KLASSE_ID, "KID", help_text="M002")
    tittel = SkjermetKlassefelt("tittel", VIST_TITTEL, "TKL", help_text="M020")
    beskrivelse = serializers.CharField(required=False, help_text="M021")
    noekkelord = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="M022"
    )


KlasseSerializer = med_lenker("KlasseSerializer", _KlasseFelter, "arkivstruktur/klasse")

KLASSE_FELTER: Feltkart = {
    **AVSLUTTBAR_FELTER,
    **tekstlistefelter("noekkelord"),
    # The shown values, so that a filter cannot probe what is screened.
    "klasseID": Felt(VIST_KLASSE_ID, Felttype.TEKST),
    "tittel": Felt(VIST_TITTEL, Felttype.TEKST),
    "beskrivelse": Felt("beskrivelse", Felttype.TEKST),
    "klassifikasjonssystem/systemID": Felt("klassifikasjonssystem__system_id", Felttype.TEKST),
    "klassifikasjonssystem/klassifikasjonstype/kode": Felt(
        "klassifikasjonssystem__klassifikasjonstype", Felttype.KODE
    ),
}
