"""Domain errors: a Norwegian message that names the field, usable by forms and the API."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DomeneFeil(ValidationError):
    """A broken business rule. `felt` names the Noark attribute the message is about."""

    def __init__(self, melding: str, *, felt: str | None = None, kode: str = "ugyldig") -> None:
        if felt:
            super().__init__({felt: [ValidationError(melding, code=kode)]})
        else:
            super().__init__(melding, code=kode)
        self.felt = felt
        self.melding = melding
        self.kode = kode

    def __str__(self) -> str:
        return self.melding


class IkkeFunnet(DomeneFeil):
    """The object does not exist, or the user may not know that it exists."""

    def __init__(self, melding: str = "Fant ikke objektet.") -> None:
        super().__init__(melding, kode="ikke_funnet")


class IngenTilgang(DomeneFeil):
    """The user may see the object but not do this with it."""

    def __init__(self, melding: str = "Du har ikke tilgang til å gjøre dette.") -> None:
        super().__init__(melding, kode="ingen_tilgang")
