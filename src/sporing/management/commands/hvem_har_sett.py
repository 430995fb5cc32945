"""`arkivar hvem-har-sett <systemID> --som <brukernavn>`: who has read a record.

Lists the hendelseslogg's reads (R) of the record: when, who, and under which authorisation.
The command acts as a named user, who must be an archivist or systemadministrator of the
record's district, as in the application.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from felles.feil import IkkeFunnet, IngenTilgang
from felles.tid import OSLO
from sporing.selectors import lesinger_for


class Command(BaseCommand):
    help = "Viser hvem som har sett et skjermet eller gradert objekt, når og med hvilken hjemmel."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("system_id", help="systemID til saken, journalposten eller dokumentet")
        parser.add_argument(
            "--som",
            required=True,
            metavar="BRUKERNAVN",
            help="Brukeren som spør (arkivar eller systemadministrator i bydelen).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            bruker = get_user_model().objects.get(username=options["som"], is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Fant ingen aktiv bruker «{options['som']}».") from None
        try:
            lesinger = list(lesinger_for(options["system_id"], bruker))
        except (IkkeFunnet, IngenTilgang) as feil:
            raise CommandError(str(feil)) from feil
        if not lesinger:
            self.stdout.write(
                "Ingen lesinger er logget. Lesinger logges mens objektet er skjermet eller gradert."
            )
            return
        for lesing in lesinger:
            tidspunkt = lesing.endret_dato.astimezone(OSLO).strftime("%d.%m.%Y %H:%M:%S")
            self.stdout.write(f"{tidspunkt}  {lesing.endret_av}  {lesing.beskrivelse}")
        self.stdout.write(f"{len(lesinger)} lesinger.")
