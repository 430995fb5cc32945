"""`arkivar verify-log`: check that the log's hash chain is whole; exit 1 on any deviation."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sporing.models import Endringslogg
from sporing.verifisering import verifiser_logg


class Command(BaseCommand):
    help = "Kontrollerer at endringsloggen og hendelsesloggen er hele og uendrede."

    def handle(self, *args: Any, **options: Any) -> None:
        avvik = 0
        for funn in verifiser_logg():
            avvik += 1
            self.stderr.write(f"AVVIK oppføring {funn.loepenummer}: {funn.melding}")
        antall = Endringslogg.objects.count()
        if avvik:
            raise CommandError(f"Loggen er ikke intakt: {avvik} avvik i {antall} oppføringer.")
        self.stdout.write(f"Loggen er intakt: {antall} oppføringer, hash-kjeden stemmer.")
