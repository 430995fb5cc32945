"""`arkivar uttrekk eksporter|valider`: Noark 5 arkivuttrekk from the command line.

    arkivar uttrekk eksporter UTMAPPE (--arkiv SYSTEMID | --arkivdel SYSTEMID)
        [--periode FRA TIL] --som BRUKERNAVN
    arkivar uttrekk valider MAPPE
    arkivar uttrekk importer MAPPE --virksomhet NAVN --som BRUKERNAVN
    arkivar uttrekk kontroller [--arkivdel SYSTEMID]
    arkivar uttrekk planlegg

`eksporter` acts as a named user (the district's records office or a systemadministrator), as
in the application. `valider` checks any extract, ours or another system's, prints one line per
check and a summary, and exits with status 1 when it finds errors. `importer` reads another
system's extract into a read-only historical arkiv of a district (`uttrekk.innlesing`).
`kontroller` runs the deposit check (`uttrekk.kontroll`) at once; `planlegg` puts the nightly
one in the task queue unless it is there already (scripts/run.sh calls it at start-up).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from arkivstruktur.models import Arkivdel
from felles.feil import DomeneFeil
from organisasjon.models import Virksomhet
from uttrekk.eksport import eksporter
from uttrekk.innlesing import Importfeil, importer
from uttrekk.kontroll import arkivdeler_til_kontroll, kontroller_arkivdel
from uttrekk.selectors import Periode
from uttrekk.tasks import planlegg_nattlig_kontroll
from uttrekk.validering import rapportlinjer, valider


def _dato(tekst: str) -> dt.date:
    try:
        return dt.date.fromisoformat(tekst)
    except ValueError:
        raise CommandError(f"«{tekst}» er ikke en dato (ÅÅÅÅ-MM-DD).") from None


def _bruker(brukernavn: str) -> Any:
    try:
        return get_user_model().objects.get(username=brukernavn, is_active=True)
    except get_user_model().DoesNotExist:
        raise CommandError(f"Fant ingen aktiv bruker «{brukernavn}».") from None


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
        innlesing = handlinger.add_parser("importer", help="Les inn et arkivuttrekk")
        innlesing.add_argument("mappe", type=Path, help="Mappen med arkivuttrekk.xml")
        innlesing.add_argument(
            "--virksomhet", required=True, metavar="NAVN", help="Bydelen (navn eller kortnavn)"
        )
        innlesing.add_argument("--som", required=True, metavar="BRUKERNAVN", help="Arkivaren")
        kontroll_naa = handlinger.add_parser("kontroller", help="Kontroller arkivdelene nå")
        kontroll_naa.add_argument("--arkivdel", metavar="SYSTEMID", help="Bare denne arkivdelen")
        handlinger.add_parser("planlegg", help="Legg nattens kontroll i køen")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["handling"] == "valider":
            self._valider(options["mappe"])
        elif options["handling"] == "importer":
            self._importer(options)
        elif options["handling"] == "kontroller":
            self._kontroller(options["arkivdel"])
        elif options["handling"] == "planlegg":
            lagt_inn = planlegg_nattlig_kontroll()
            self.stdout.write(
                "Nattens uttrekkskontroll er lagt i køen."
                if lagt_inn
                else "Nattens uttrekkskontroll ligger allerede i køen."
            )
        else:
            self._eksporter(options)

    def _kontroller(self, arkivdel_id: str | None) -> None:
        arkivdeler = arkivdeler_til_kontroll()
        if arkivdel_id:
            arkivdeler = Arkivdel.objects.filter(system_id=arkivdel_id)
            if not arkivdeler.exists():
                raise CommandError(f"Fant ingen arkivdel {arkivdel_id}.")
        for arkivdel in arkivdeler.select_related("arkiv"):
            kontroll = kontroller_arkivdel(arkivdel.pk)
            self.stdout.write(
                f"{arkivdel.arkiv.tittel} / {arkivdel.tittel}: {kontroll.get_resultat_display()} "
                f"({kontroll.antall_feil} feil, {kontroll.antall_advarsler} advarsler)"
                + (f" – {kontroll.melding}" if kontroll.melding else "")
            )

    def _importer(self, options: dict[str, Any]) -> None:
        mappe: Path = options["mappe"]
        if not (mappe / "arkivuttrekk.xml").is_file():
            raise CommandError(f"Fant ikke arkivuttrekk.xml i {mappe}.")
        bruker = _bruker(options["som"])
        navn = options["virksomhet"]
        virksomhet = Virksomhet.objects.filter(Q(navn=navn) | Q(kortnavn=navn)).first()
        if virksomhet is None:
            raise CommandError(f"Fant ingen virksomhet «{navn}».")
        start = time.monotonic()
        try:
            resultat = importer(mappe=mappe, virksomhet=virksomhet, bruker=bruker)
        except Importfeil as feil:
            for linje in feil.linjer:
                self.stderr.write(linje)
            raise CommandError(str(feil)) from None
        except DomeneFeil as feil:
            raise CommandError(f"{feil} Ingenting er lest inn.") from None
        antall = ", ".join(f"{n} {art}" for art, n in resultat.antall.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Lest inn som «{resultat.arkiv.tittel}» ({resultat.arkiv.system_id}) på "
                f"{time.monotonic() - start:.1f} s: {antall}."
            )
        )

    def _valider(self, mappe: Path) -> None:
        if not mappe.is_dir():
            raise CommandError(f"Fant ikke mappen {mappe}.")
        rapport = valider(mappe)
        for linje in rapportlinjer(rapport):
            self.stdout.write(linje)
        if not rapport.er_gyldig:
            raise CommandError("Uttrekket har feil.", returncode=1)

    def _eksporter(self, options: dict[str, Any]) -> None:
        bruker = _bruker(options["som"])
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
