from django.apps import AppConfig


class BevaringConfig(AppConfig):
    name = "bevaring"
    verbose_name = "Bevaring og kassasjon"
    default_auto_field = "django.db.models.BigAutoField"
