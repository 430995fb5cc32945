"""`arkivar uttrekk eksporter|valider`: Noark 5 arkivuttrekk from the command line.

    arkivar uttrekk eksporter UTMAPPE (--arkiv SYSTEMID | --arkivdel SYSTEMID)
        [--periode FRA TIL] --som BRUKERNAVN
    arkivar uttrekk valider MAPPE

`eksporter` acts as a named user (the district's records office or a systemadministrator), as
in the application. `valider` checks any extract, ours or another system's, prints one line per
check and a summary, and exits with status 1 when it finds errors.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from felles.feil import DomeneFeil
from uttrekk.eksport import eksporter
from uttrekk.selectors import Periode


def _dato(tekst: str) -> dt.date:
    try:
        return dt.date.fromisoformat(tekst)
    except ValueError:
        raise CommandError(f"«{tekst}» er ikke en dato (ÅÅÅÅ-MM-DD).") from None


class Command(BaseCommand):
    help = "Lager og kontrollerer Noark 5-arkivuttrekk (versjon 5.0)."

    def add_arguments(self, parser: CommandParser) -> None:
        handlinger = parser.add_subparsers(dest="handling", required=True)
        eksport = handlinger.add_parser("eksporter", help="Lag et arkivuttrekk")
        eksport.add_argument("utmappe", type=Path, help="Mappen uttrekket skal ligge i (ny)")
        hva = eksport.add_mutually_exclusive_group(required=True)
        hva.add_argument("--arkiv", metavar="SYSTEMID", help="Hele arkivet")
        hva.add_argument("--arkivdel", metavar="SYSTEMID", help="Én arkivdel")
        eksport.add_argument(
            "--periode", nargs=2, metavar=("FRA", "TIL"), help="Journaldato fra og med, til og med"
        )
        eksport.add_argument("--som", required=True, metavar="BRUKERNAVN", help="Arkivaren")
        kontroll = handlinger.add_parser("valider", help="Kontroller et arkivuttrekk")
        kontroll.add_argument("mappe", type=Path, help="Mappen med arkivuttrekk.xml")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["handling"] == "valider":
            self._valider(options["mappe"])
        else:
            self._eksporter(options)

    def _valider(self, mappe: Path) -> None:
        if not mappe.is_dir():
            raise CommandError(f"Fant ikke mappen {mappe}.")
        from uttrekk.validering import rapportlinjer, valider

        rapport = valider(mappe)
        for linje in rapportlinjer(rapport):
            self.stdout.write(linje)
        if not rapport.er_gyldig:
            raise CommandError("Uttrekket har feil.", returncode=1)

    def _eksporter(self, options: dict[str, Any]) -> None:
        try:
            bruker = get_user_model().objects.get(username=options["som"], is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Fant ingen aktiv bruker «{options['som']}».") from None
        periode = None
        if options["periode"]:
            fra, til = options["periode"]
            periode = Periode(_dato(fra), _dato(til))
        start = time.monotonic()
        try:
            uttrekk = eksporter(
                bruker=bruker,
                utmappe=options["utmappe"],
                arkiv_id=options["arkiv"],
                arkivdel_id=options["arkivdel"],
                periode=periode,
            )
        except DomeneFeil as feil:
            raise CommandError(str(feil)) from None
        telling = uttrekk.telling
        self.stdout.write(
            self.style.SUCCESS(
                f"Arkivuttrekk i {uttrekk.mappe} på {time.monotonic() - start:.1f} s: "
                f"{telling.mapper} mapper, {telling.registreringer} registreringer "
                f"({telling.antall_journalposter} journalposter), "
                f"{telling.dokumentfiler} dokumentfiler, {uttrekk.antall_endringer} endringer."
            )
        )
