from django.apps import AppConfig


class DokumentConfig(AppConfig):
    name = "dokument"
    default_auto_field = "django.db.models.BigAutoField"
