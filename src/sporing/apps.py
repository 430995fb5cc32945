from django.apps import AppConfig


class SporingConfig(AppConfig):
    name = "sporing"
    default_auto_field = "django.db.models.BigAutoField"
