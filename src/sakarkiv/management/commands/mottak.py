"""`arkivar mottak <mappe> --bydel <kortnavn> --som <brukernavn>`: read a scanner's output folder
into the district's registration queue, one item per file.

Each file is put in the queue in its own transaction and then moved to `<mappe>/innlest/`, so a
run that stops half-way can be run again: a file whose content already waits in the district's
queue is moved aside without a second item. The command acts as a named user of the records
office, as in the application.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dokument.lagring import lagre_innhold
from felles.feil import DomeneFeil, IngenTilgang
from organisasjon.models import Virksomhet
from sakarkiv.models import Mottaksfil, Mottakskanal, Mottaksstatus
from sakarkiv.services.mottak import Mottatt, mottakspost_opprett

INNLEST = "innlest"


class Command(BaseCommand):
    help = "Leser filene i en skannermappe inn i bydelens mottakskø, én post per fil."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("mappe", type=Path, help="Mappen skanneren legger filene i")
        parser.add_argument(
            "--bydel", required=True, metavar="KORTNAVN", help="Bydelen posten er til"
        )
        parser.add_argument(
            "--som", required=True, metavar="BRUKERNAVN", help="Arkivaren som leser inn"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        mappe: Path = options["mappe"]
        if not mappe.is_dir():
            raise CommandError(f"Fant ikke mappen {mappe}.")
        try:
            bruker = get_user_model().objects.get(username=options["som"], is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Fant ingen aktiv bruker «{options['som']}».") from None
        virksomhet = Virksomhet.objects.filter(kortnavn=options["bydel"]).first()
        if virksomhet is None:
            raise CommandError(f"Fant ingen bydel «{options['bydel']}».")
        ferdig = mappe / INNLEST
        ferdig.mkdir(exist_ok=True)
        lest = hoppet_over = 0
        for fil in sorted(p for p in mappe.iterdir() if p.is_file() and not p.name.startswith(".")):
            with fil.open("rb") as innhold:
                lagret = lagre_innhold(innhold)
            venter = Mottaksfil.objects.filter(
                sjekksum=lagret.sjekksum,
                mottakspost__virksomhet=virksomhet,
                mottakspost__status=Mottaksstatus.VENTER,
            ).exists()
            if venter:
                hoppet_over += 1
            else:
                try:
                    mottakspost_opprett(
                        virksomhet=virksomhet,
                        filer=[Mottatt(fil.name, lagret, mimetypes.guess_type(fil.name)[0] or "")],
                        kanal=Mottakskanal.SKANNER,
                        utfoert_av=bruker,
                    )
                except (DomeneFeil, IngenTilgang) as feil:
                    raise CommandError(f"{fil.name}: {feil}") from feil
                lest += 1
            fil.rename(ferdig / fil.name)
        self.stdout.write(
            f"{lest} filer lagt i mottakskøen for {virksomhet.navn}"
            + (f", {hoppet_over} lå der allerede." if hoppet_over else ".")
        )
