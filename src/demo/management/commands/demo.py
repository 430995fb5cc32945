"""`arkivar demo`: fill an empty installation with Oslo kommune, its 15 bydeler and their cases.

    arkivar demo [--hvis-tom] [--saker N] [--frø S]

`make run` calls it with `--hvis-tom` on every start, so it does nothing once cases exist.
The same seed always gives the same data (see `demo.bygg`).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from demo.bygg import Demobygger, planlegg
from sakarkiv.models import Saksmappe


class Command(BaseCommand):
    help = "Lager demodata: Oslo kommune med 15 bydeler, brukere, arkiver og saker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hvis-tom",
            action="store_true",
            dest="hvis_tom",
            help="Gjør ingenting hvis databasen allerede har saker.",
        )
        parser.add_argument(
            "--saker",
            type=int,
            default=20_000,
            dest="saker",
            help="Antall saker (standard 20000).",
        )
        parser.add_argument(
            "--frø",
            "--seed",
            type=int,
            default=2026,
            dest="froe",
            help="Frø for tilfeldige data; samme frø gir samme data (standard 2026).",
        )
        parser.add_argument(
            "--per-batch",
            type=int,
            default=200,
            dest="per_batch",
            help="Saker per transaksjon (standard 200).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["hvis_tom"] and Saksmappe.objects.exists():
            self.stdout.write("Databasen har allerede saker; lager ingen demodata (--hvis-tom).")
            return
        antall = options["saker"]
        if antall < 0:
            self.stderr.write("--saker kan ikke være negativt.")
            return
        start = time.monotonic()
        plan = planlegg(options["froe"], antall)
        bygger = Demobygger(skriv=self.stdout.write)
        self.stdout.write("Lager organisasjon, brukere og arkiver …")
        bygger.bygg_organisasjon(plan)
        self.stdout.write(f"Lager {antall} saker (frø {options['froe']}) …")
        statistikk = bygger.bygg_saker(plan, per_batch=max(1, options["per_batch"]))
        mottatt = bygger.bygg_mottak()
        bygger.bygg_brevmaler()
        self.stdout.write(
            self.style.SUCCESS(
                f"Ferdig på {time.monotonic() - start:.0f} s: {statistikk.saker} saker, "
                f"{statistikk.journalposter} journalposter, {statistikk.dokumenter} dokumenter, "
                f"{statistikk.avskrivninger} avskrivninger, "
                f"{statistikk.statusendringer} statusendringer, {mottatt} poster i mottak."
            )
        )
        self.stdout.write(
            "Logg inn som admin/admin, eller saksbehandler.<bydel>, leder.<bydel> og "
            "arkivar.<bydel> med passord demo (for eksempel saksbehandler.grunerlokka)."
        )
        if settings.ARKIVAR_UTVIKLINGSADMIN_BRUKERNAVN:
            self.stdout.write(
                f"Noark 5-klienter logger inn som {settings.ARKIVAR_UTVIKLINGSADMIN_BRUKERNAVN} "
                "(passordet i ARKIVAR_UTVIKLINGSADMIN_PASSORD, standard «password»)."
            )
