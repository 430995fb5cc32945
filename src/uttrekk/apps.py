from django.apps import AppConfig


class UttrekkConfig(AppConfig):
    name = "uttrekk"
    verbose_name = "Arkivuttrekk"
    default_auto_field = "django.db.models.BigAutoField"
