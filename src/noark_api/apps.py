from __future__ import annotations

from django.apps import AppConfig


class NoarkApiConfig(AppConfig):
    name = "noark_api"
    verbose_name = "Noark 5 tjenestegrensesnitt"

    def ready(self) -> None:
        # drf-spectacular finds authentication extensions by import.
        from noark_api import skjema  # noqa: F401
