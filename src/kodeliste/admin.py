"""Support screens for code lists; saving goes through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from felles.feil import DomeneFeil
from kodeliste.models import Kodeliste, Kodeverdi
from kodeliste.services import kodeverdi_endre, kodeverdi_opprett


@admin.register(Kodeliste)
class KodelisteAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("navn", "visningsnavn", "m_nummer", "er_aapen")
    search_fields = ("navn", "visningsnavn")
    readonly_fields = ("navn", "m_nummer", "er_aapen")


class KodeverdiForm(forms.ModelForm):  # type: ignore[type-arg]
    """Runs the service while the form is validated, so that a refusal (a duplicate code, a
    closed list, dates in the wrong order) is shown beside the field instead of an error
    page. The admin's change view is one transaction, so nothing is saved on a refusal."""

    bruker: Any = None

    class Meta:
        model = Kodeverdi
        fields = ("kodeliste", "kode", "kodenavn", "beskrivelse", "gyldig_fra", "utdatert")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            if self.instance.pk:
                self.lagret = kodeverdi_endre(
                    kodeverdi=self.instance,
                    kodenavn=data["kodenavn"],
                    beskrivelse=data["beskrivelse"],
                    gyldig_fra=data["gyldig_fra"],
                    utdatert=data["utdatert"],
                    utfoert_av=self.bruker,
                )
            else:
                self.lagret = kodeverdi_opprett(
                    kodeliste=data["kodeliste"],
                    kode=data["kode"],
                    kodenavn=data["kodenavn"],
                    beskrivelse=data["beskrivelse"],
                    gyldig_fra=data["gyldig_fra"],
                    utdatert=data["utdatert"],
                    utfoert_av=self.bruker,
                )
        except DomeneFeil as feil:
            felt = feil.felt if feil.felt in self.fields else None
            self.add_error(felt, feil.melding)
        else:
            # The model's own checks that follow now see the saved row, not a second copy.
            self.instance = self.lagret
        return data


@admin.register(Kodeverdi)
class KodeverdiAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = KodeverdiForm
    list_display = ("kodeliste", "kode", "kodenavn", "gyldig_fra", "utdatert", "er_standard")
    list_filter = ("kodeliste",)
    search_fields = ("kode", "kodenavn")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # The kode never changes once records may carry a copy of it.
        return ("kodeliste", "kode") if obj else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        skjema = super().get_form(request, obj, change=change, **kwargs)
        setattr(skjema, "bruker", request.user)  # noqa: B010 - a class attribute of the form
        return skjema

    def save_model(self, request: HttpRequest, obj: Kodeverdi, form: Any, change: bool) -> None:
        """Nothing left to save: the service saved it during validation (KodeverdiForm)."""
