from django.apps import AppConfig


class FellesConfig(AppConfig):
    name = "felles"
    default_auto_field = "django.db.models.BigAutoField"
