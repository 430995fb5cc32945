"""`arkivar dokument-behandle`: run the file pipeline here and now, outside the task worker.

For operations: files whose job was lost (the worker stopped in the middle of a file, so the
row still says "arbeider"), a backlog after an import, or — with `--feilede` — every failed file
again after a tool was fixed. Safe to run any number of times: a finished file is left alone.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q

from dokument.behandling import behandle, stoppet_foer
from dokument.models import Filbehandling


class Command(BaseCommand):
    help = "Kontrollerer og konverterer filer som venter (eller har stoppet opp) til arkivformat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--feilede", action="store_true", help="Ta også filer som har feilet.")
        parser.add_argument("--maks", type=int, default=0, help="Høyst så mange filer (0: alle).")

    def handle(self, *args: Any, **options: Any) -> None:
        utvalg = Q(status=Filbehandling.Status.VENTER) | Q(
            status=Filbehandling.Status.ARBEIDER, sist_forsoekt__lt=stoppet_foer()
        )
        if options["feilede"]:
            utvalg |= Q(status=Filbehandling.Status.FEILET)
        rader = Filbehandling.objects.filter(utvalg).order_by("pk").values_list("pk", flat=True)
        if options["maks"] > 0:
            rader = rader[: options["maks"]]
        utfall: dict[str, int] = {}
        for pk in list(rader):
            resultat = behandle(pk)
            utfall[resultat] = utfall.get(resultat, 0) + 1
        oppsummering = ", ".join(f"{antall} {navn}" for navn, antall in sorted(utfall.items()))
        self.stdout.write(f"Behandlet {sum(utfall.values())} filer: {oppsummering or 'ingen'}.")
