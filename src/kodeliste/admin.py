"""Support screens for code lists; saving goes through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from kodeliste.models import Kodeliste, Kodeverdi
from kodeliste.services import kodeverdi_endre, kodeverdi_opprett


@admin.register(Kodeliste)
class KodelisteAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("navn", "visningsnavn", "m_nummer", "er_aapen")
    search_fields = ("navn", "visningsnavn")
    readonly_fields = ("navn", "m_nummer", "er_aapen")


@admin.register(Kodeverdi)
class KodeverdiAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("kodeliste", "kode", "kodenavn", "gyldig_fra", "utdatert", "er_standard")
    list_filter = ("kodeliste",)
    search_fields = ("kode", "kodenavn")
    fields = ("kodeliste", "kode", "kodenavn", "beskrivelse", "gyldig_fra", "utdatert")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # The kode never changes once records may carry a copy of it.
        return ("kodeliste", "kode") if obj else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Kodeverdi, form: Any, change: bool) -> None:
        data = form.cleaned_data
        try:
            if change:
                kodeverdi_endre(
                    kodeverdi=obj,
                    kodenavn=data["kodenavn"],
                    beskrivelse=data["beskrivelse"],
                    gyldig_fra=data["gyldig_fra"],
                    utdatert=data["utdatert"],
                    utfoert_av=request.user,
                )
            else:
                ny = kodeverdi_opprett(
                    kodeliste=data["kodeliste"],
                    kode=data["kode"],
                    kodenavn=data["kodenavn"],
                    beskrivelse=data["beskrivelse"],
                    gyldig_fra=data["gyldig_fra"],
                    utdatert=data["utdatert"],
                    utfoert_av=request.user,
                )
                obj.pk = ny.pk
        except ValidationError as feil:
            self.message_user(request, "; ".join(feil.messages), level="error")
            raise
