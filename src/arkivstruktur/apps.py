from django.apps import AppConfig


class ArkivstrukturConfig(AppConfig):
    name = "arkivstruktur"
    default_auto_field = "django.db.models.BigAutoField"
