"""`arkivar sok-indekser`: build the search index again from the archive, in batches."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sok.services import indeks_bygg


class Command(BaseCommand):
    help = (
        "Bygger søkeindeksen på nytt fra arkivet, i bolker med én transaksjon hver. "
        "Kan kjøres flere ganger og mens systemet er i bruk."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bolk", type=int, default=500, help="poster per transaksjon (standard 500)"
        )
        parser.add_argument(
            "--fra-ny",
            action="store_true",
            help="tøm indeksen først (søk finner mindre til byggingen er ferdig)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def fremdrift(hva: str, antall: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"{antall} poster indeksert ({hva})")

        antall = indeks_bygg(
            bolk=max(1, options["bolk"]), fra_ny=options["fra_ny"], fremdrift=fremdrift
        )
        self.stdout.write(self.style.SUCCESS(f"Søkeindeksen er bygget: {antall} poster."))
