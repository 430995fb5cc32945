"""Support screens for the organisation (the main UI comes later)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from organisasjon.models import AdministrativEnhet, Bruker, Rolletildeling, Virksomhet


class RolletildelingInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Rolletildeling
    extra = 0
    autocomplete_fields = ("administrativ_enhet",)


@admin.register(Bruker)
class BrukerAdmin(UserAdmin):  # type: ignore[type-arg]
    inlines = (RolletildelingInline,)


@admin.register(Virksomhet)
class VirksomhetAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("navn", "kortnavn", "virksomhetstype")


@admin.register(AdministrativEnhet)
class AdministrativEnhetAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "administrativ_enhet_navn",
        "virksomhet",
        "overordnet_enhet",
        "administrativ_enhetsstatus",
    )
    list_filter = ("virksomhet",)
    search_fields = ("administrativ_enhet_navn",)
