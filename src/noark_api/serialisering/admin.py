"""AdministrativEnhet, Bruker and Tilgang (rettighet) in the standard's shape (model.md
§5.1–5.3; client-compat.md §15). A Bruker never shows a password or its hash (§15.3)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers  # type: ignore[import-untyped]

from noark_api.odata import Felt, Feltkart, Felttype
from noark_api.serialisering.felles import Noark5Serializer, med_lenker
from organisasjon.models import Rolle

# --- administrativ enhet ---------------------------------------------------------------------


class _AdministrativEnhetFelter(Noark5Serializer):
    systemID = serializers.UUIDField(source="system_id", help_text="M001")
    administrativEnhetNavn = serializers.CharField(
        source="administrativ_enhet_navn", help_text="M583"
    )
    kortnavn = serializers.CharField()
    administrativEnhetsstatus = serializers.CharField(
        source="administrativ_enhetsstatus", help_text="M584"
    )
    referanseOverordnetEnhet = serializers.UUIDField(
        source="overordnet_enhet.system_id", required=False, help_text="M585"
    )
    opprettetDato = serializers.DateTimeField(source="opprettet_dato", help_text="M600")
    opprettetAv = serializers.CharField(source="opprettet_av", help_text="M601")
    avsluttetDato = serializers.DateTimeField(
        source="avsluttet_dato", required=False, help_text="M602"
    )


AdministrativEnhetSerializer = med_lenker(
    "AdministrativEnhetSerializer", _AdministrativEnhetFelter, "admin/administrativenhet"
)

ADMINISTRATIV_ENHET_FELTER: Feltkart = {
    "systemID": Felt("system_id", Felttype.TEKST),
    "administrativEnhetNavn": Felt("administrativ_enhet_navn", Felttype.TEKST),
    "kortnavn": Felt("kortnavn", Felttype.TEKST),
    "administrativEnhetsstatus": Felt("administrativ_enhetsstatus", Felttype.TEKST),
    "referanseOverordnetEnhet": Felt("overordnet_enhet__system_id", Felttype.TEKST),
    "opprettetDato": Felt("opprettet_dato", Felttype.DATOTID),
    "opprettetAv": Felt("opprettet_av", Felttype.TEKST),
    "avsluttetDato": Felt("avsluttet_dato", Felttype.DATOTID),
}


# --- bruker --------------------------------------------------------------------------------


class _BrukerFelter(Noark5Serializer):
    systemID = serializers.UUIDField(source="system_id", help_text="M001")
    brukerNavn = serializers.CharField(
        source="visningsnavn", help_text="M580: the name written into opprettetAv and the log."
    )
    kortnavn = serializers.CharField(source="username", help_text="The login name.")
    opprettetDato = serializers.DateTimeField(source="date_joined", help_text="M600")
    avsluttetDato = serializers.DateTimeField(
        source="avsluttet_dato", required=False, help_text="M602"
    )


BrukerSerializer = med_lenker("BrukerSerializer", _BrukerFelter, "admin/bruker")

BRUKER_FELTER: Feltkart = {
    "systemID": Felt("system_id", Felttype.TEKST),
    "brukerNavn": Felt("bruker_navn", Felttype.TEKST),  # annotated (ressurser.admin)
    "kortnavn": Felt("username", Felttype.TEKST),
    "opprettetDato": Felt("date_joined", Felttype.DATOTID),
    "avsluttetDato": Felt("avsluttet_dato", Felttype.DATOTID),
}


# --- rettighet (Tilgang) ------------------------------------------------------------------

# What a role lets its holder do with the archive, as Tilgang's four flags: read, create,
# change, delete. A summary for clients; the rules themselves are in tilgang.regler.
_HANDLINGER: dict[str, frozenset[str]] = {
    Rolle.SAKSBEHANDLER: frozenset({"les", "ny", "endre"}),
    Rolle.LEDER: frozenset({"les", "ny", "endre"}),
    Rolle.MOETESEKRETAER: frozenset({"les", "ny", "endre"}),
    Rolle.ARKIVAR: frozenset({"les", "ny", "endre", "slett"}),
    Rolle.SYSTEMADMINISTRATOR: frozenset({"les", "ny", "endre", "slett"}),
}


@extend_schema_field(OpenApiTypes.BOOL)
class _Handling(serializers.Field):  # type: ignore[misc]
    """One of les/ny/endre/slett, from the assignment's role."""

    def __init__(self, handling: str, **kwargs: Any) -> None:
        self.handling = handling
        kwargs.setdefault("required", False)
        super().__init__(source="*", **kwargs)

    def to_representation(self, tildeling: Any) -> bool:
        return self.handling in _HANDLINGER.get(tildeling.rolle, frozenset())


class _RettighetFelter(Noark5Serializer):
    systemID = serializers.UUIDField(source="system_id", help_text="M001")
    rolle = serializers.ChoiceField(choices=Rolle.values, help_text="The role held.")
    referanseBruker = serializers.UUIDField(
        source="bruker.system_id", help_text="The user who holds the role (extension)."
    )
    referanseAdministrativEnhet = serializers.UUIDField(
        source="administrativ_enhet.system_id",
        help_text="The unit the role is held in (extension).",
    )
    les = _Handling("les")
    ny = _Handling("ny")
    endre = _Handling("endre")
    slett = _Handling("slett")
    opprettetDato = serializers.DateTimeField(source="gyldig_fra", help_text="M600")


RettighetSerializer = med_lenker("RettighetSerializer", _RettighetFelter, "admin/rettighet")

RETTIGHET_FELTER: Feltkart = {
    "systemID": Felt("system_id", Felttype.TEKST),
    "rolle": Felt("rolle", Felttype.TEKST),
    "referanseBruker": Felt("bruker__system_id", Felttype.TEKST),
    "referanseAdministrativEnhet": Felt("administrativ_enhet__system_id", Felttype.TEKST),
    "opprettetDato": Felt("gyldig_fra", Felttype.DATOTID),
}
