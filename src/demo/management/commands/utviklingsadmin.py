"""`arkivar utviklingsadmin`: the development administrator, without the rest of the demo.

    arkivar utviklingsadmin [--brukernavn NAVN] [--passord PASSORD]

For development and test databases (client-compat.md §3.5: Noark 5 test clients log in as
`admin@example.com` with `password`), and for a demo database made before the administrator
was part of `arkivar demo`. Never run it against a production database unless you mean it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.utviklingsadmin import utviklingsadmin_opprett


class Command(BaseCommand):
    help = (
        "Oppretter utviklingsadministratoren (standard admin@example.com / password) med alle "
        "roller. Bare for utvikling, demo og test."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--brukernavn",
            default=None,
            help="Standard: ARKIVAR_UTVIKLINGSADMIN_BRUKERNAVN (admin@example.com).",
        )
        parser.add_argument(
            "--passord",
            default=None,
            help="Standard: ARKIVAR_UTVIKLINGSADMIN_PASSORD (password). Brukes bare for en ny "
            "bruker; en som finnes, beholder passordet sitt.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        brukernavn = options["brukernavn"] or settings.ARKIVAR_UTVIKLINGSADMIN_BRUKERNAVN
        if not brukernavn:
            raise CommandError("Oppgi --brukernavn, eller sett ARKIVAR_UTVIKLINGSADMIN_BRUKERNAVN.")
        bruker, opprettet = utviklingsadmin_opprett(
            brukernavn=brukernavn, passord=options["passord"]
        )
        if opprettet:
            self.stdout.write(self.style.SUCCESS(f"Opprettet {bruker.username} med alle roller."))
        else:
            self.stdout.write(
                f"{bruker.username} finnes fra før; har nå alle roller (passordet er uendret)."
            )
