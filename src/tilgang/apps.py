from django.apps import AppConfig


class TilgangConfig(AppConfig):
    name = "tilgang"
    default_auto_field = "django.db.models.BigAutoField"
