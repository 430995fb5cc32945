"""`arkivar dokument-rydd`: delete stored files that no Dokumentobjekt references, and chunked
uploads (dokument.bolk) that have had no chunk for a day.

Files are written before the metadata transaction commits, so a rolled-back upload leaves an
orphan. Run it from cron or a systemd timer; it is safe to run any number of times.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dokument.bolk import LEVETID, rydd_oekter
from dokument.lagring import rydd_foreldreloese


class Command(BaseCommand):
    help = "Sletter filer som ingen dokumentobjekter viser til og som er eldre enn grensen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--eldre-enn-timer",
            type=float,
            default=24.0,
            help="Slett bare filer som er eldre enn dette antallet timer (standard 24).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        timer = options["eldre_enn_timer"]
        if timer < 1:
            # Younger files may belong to an upload whose transaction has not committed yet.
            raise CommandError("Grensen må være minst 1 time.")
        slettet = rydd_foreldreloese(eldre_enn=dt.timedelta(hours=timer))
        self.stdout.write(f"Slettet {len(slettet)} filer uten dokumentobjekt.")
        oekter = rydd_oekter(eldre_enn=LEVETID)
        if oekter:
            self.stdout.write(f"Slettet {oekter} avbrutte opplastinger.")
