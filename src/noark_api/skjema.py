"""OpenAPI (drf-spectacular): the shapes the foundation's views answer with, the error body
every view may answer with, and the authentication scheme of `BasicMedSperre`.

Error responses are documented on every operation (style.md §10): schemathesis flags an
undocumented 404 at once.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers  # type: ignore[import-untyped]

from noark_api.relasjoner import TOKENENDEPUNKT


class FeilInnholdSerializer(serializers.Serializer):  # type: ignore[misc]
    kode = serializers.IntegerField(help_text="The HTTP status code.")
    beskrivelse = serializers.CharField(help_text="Short text in Norwegian (bokmål).")


class FeilSerializer(serializers.Serializer):  # type: ignore[misc]
    """Noark 5 error body (rest-api.md §7) with DRF's `detail` next to it."""

    feil = FeilInnholdSerializer()
    detail = serializers.JSONField(
        help_text="English text; for broken business rules the messages, by field."
    )


class LenkeSerializer(serializers.Serializer):  # type: ignore[misc]
    # Not a URLField (`format: uri`): with `templated` it is a URI template (RFC 6570), e.g.
    # `…/mappe/{?$filter&$top}`, which is no URI.
    href = serializers.CharField(
        help_text="Absolute URL; a URI template (RFC 6570) when `templated` is true."
    )
    templated = serializers.BooleanField(required=False)


def _med_lenker(navn: str, felter: dict[str, Any]) -> type[Any]:
    """A serializer with `_links`, a name a class body cannot declare as a field."""
    lenker = serializers.DictField(
        child=LenkeSerializer(), help_text="Relation key → link, sorted by key."
    )
    navnerom = {**felter, "_links": lenker, "__module__": __name__}
    klasse: type[Any] = serializers.SerializerMetaclass(navn, (serializers.Serializer,), navnerom)
    return klasse


LenkerSerializer = _med_lenker("LenkerSerializer", {})
SysteminformasjonSerializer = _med_lenker(
    "SysteminformasjonSerializer",
    {
        "bulkgrense": serializers.IntegerField(),
        "leverandoer": serializers.CharField(),
        "produkt": serializers.CharField(),
        "versjon": serializers.CharField(),
        "protokollversjon": serializers.CharField(),
    },
)
InnloggingsbeskrivelseSerializer = _med_lenker(
    "InnloggingsbeskrivelseSerializer",
    {
        "beskrivelse": serializers.CharField(),
        "realm": serializers.CharField(),
        "innlogget": serializers.BooleanField(),
        "brukernavn": serializers.CharField(required=False),
    },
)

_FEILTEKSTER = {
    400: "Invalid request",
    401: "Not logged in (WWW-Authenticate names the scheme), or wrong user name or password",
    403: "No access",
    404: "Not found",
    405: "Method not allowed",
    406: "The Accept header admits no JSON",
    409: "The object was changed since the ETag sent was read",
    415: "Unsupported Content-Type",
    429: "Too many failed logins for this user name (Retry-After)",
    500: "Internal error",
}


def feilsvar(*koder: int) -> dict[int, OpenApiResponse]:
    return {kode: OpenApiResponse(FeilSerializer, description=_FEILTEKSTER[kode]) for kode in koder}


# What any read-only resource may answer besides 200.
LESEFEIL = (401, 403, 404, 405, 406, 429, 500)


class BasicMedSperreSkjema(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "noark_api.autentisering.BasicMedSperre"
    name = "basicAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "basic"}


class BearerTokenSkjema(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The tokens of `login/rfc6749/token/`, as OAuth2 flows: tools that fetch a token
    themselves find the endpoint here, and schemathesis knows it for the operation that grants
    credentials (400 there is a wrong password, not rejected valid data)."""

    target_class = "noark_api.autentisering.BearerToken"
    name = "oauth2"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        token_url = reverse("noark_api:rot") + TOKENENDEPUNKT
        flyt = {"tokenUrl": token_url, "refreshUrl": token_url, "scopes": {}}
        return {
            "type": "oauth2",
            "description": "Authorization: Bearer <access_token> from the token endpoint.",
            "flows": {"password": flyt, "clientCredentials": dict(flyt)},
        }
