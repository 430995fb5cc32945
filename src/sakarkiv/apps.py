from django.apps import AppConfig


class SakarkivConfig(AppConfig):
    name = "sakarkiv"
    default_auto_field = "django.db.models.BigAutoField"
