from django.apps import AppConfig


class SokConfig(AppConfig):
    name = "sok"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The lower apps signal after commit; the index follows (style.md §2).
        from dokument.signaler import dokumenttekst_lagret
        from sok import receivers
        from sporing.signaler import endringer_lagret

        endringer_lagret.connect(receivers.endringer_lagret_mottatt, dispatch_uid="sok.endringer")
        dokumenttekst_lagret.connect(
            receivers.dokumenttekst_lagret_mottatt, dispatch_uid="sok.dokumenttekst"
        )
