from django.apps import AppConfig


class OrganisasjonConfig(AppConfig):
    name = "organisasjon"
    default_auto_field = "django.db.models.BigAutoField"
