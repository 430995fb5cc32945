"""Support screens for login identities. Access codes, clearances and case grants are given
through their services (which log them), not here."""

from __future__ import annotations

from django.contrib import admin

from tilgang.models import OidcIdentitet


@admin.register(OidcIdentitet)
class OidcIdentitetAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Privileged accounts are never linked to an OIDC identity automatically: an
    administrator links them here."""

    list_display = ("bruker", "issuer", "subjekt")
    search_fields = ("bruker__username", "subjekt")
    autocomplete_fields = ("bruker",)
