"""`arkivar brevmal [FIL] --navn NAVN [--bydel KORTNAVN] --som BRUKERNAVN`: add a letter template.

Without FIL the built-in standard letter is added. Without --bydel the template is shared by
every district (a systemadministrator's task); with it, it is the district's own (its records
office). The template's merge fields are checked (`sakarkiv.services.brev.FLETTEFELT`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dokument.docx import lag_docx
from felles.feil import DomeneFeil
from organisasjon.models import Virksomhet
from sakarkiv.services.brev import FLETTEFELT, STANDARDBREV, brevmal_opprett


class Command(BaseCommand):
    help = "Legger til en brevmal (DOCX med flettefelt {{navn}}); uten fil standardbrevet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fil", nargs="?", type=Path, help="DOCX-malen")
        parser.add_argument("--navn", required=True)
        parser.add_argument("--bydel", metavar="KORTNAVN", help="Bydelens egen mal")
        parser.add_argument("--som", required=True, metavar="BRUKERNAVN")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            bruker = get_user_model().objects.get(username=options["som"], is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Fant ingen aktiv bruker «{options['som']}».") from None
        virksomhet = None
        if options["bydel"]:
            virksomhet = Virksomhet.objects.filter(kortnavn=options["bydel"]).first()
            if virksomhet is None:
                raise CommandError(f"Fant ingen bydel «{options['bydel']}».")
        fil: Path | None = options["fil"]
        if fil is not None and not fil.is_file():
            raise CommandError(f"Fant ikke filen {fil}.")
        innhold = fil.read_bytes() if fil else lag_docx(STANDARDBREV)
        try:
            mal = brevmal_opprett(
                navn=options["navn"],
                innhold=innhold,
                filnavn=fil.name if fil else "standardbrev.docx",
                virksomhet=virksomhet,
                utfoert_av=bruker,
            )
        except DomeneFeil as feil:
            raise CommandError(str(feil)) from feil
        self.stdout.write(
            f"Brevmalen «{mal.navn}» er lagt til. Flettefelt: {', '.join(FLETTEFELT)}."
        )
