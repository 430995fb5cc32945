from django.apps import AppConfig


class KodelisteConfig(AppConfig):
    name = "kodeliste"
    default_auto_field = "django.db.models.BigAutoField"
