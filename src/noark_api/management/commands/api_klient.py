"""`arkivar api-klient`: the API clients of fagsystemer (OAuth2 client credentials).

    arkivar api-klient registrer KLIENT-ID --bruker BRUKERNAVN [--navn NAVN]
    arkivar api-klient liste
    arkivar api-klient deaktiver KLIENT-ID

A client acts as a named Bruker: every request it makes meets that user's access rules, so
give the user the roles the fagsystem needs and no more. The secret is printed once, at
registration; only its hash is stored. Deactivating a client revokes its tokens at once.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from felles.feil import DomeneFeil
from felles.tid import OSLO
from noark_api.models import ApiKlient
from noark_api.tokens import apiklient_deaktiver, apiklient_registrer

UTFOERT_AV = "arkivar api-klient"


class Command(BaseCommand):
    help = "Registrerer, lister og deaktiverer API-klienter (fagsystemer) for Noark 5-API-et."

    def add_arguments(self, parser: CommandParser) -> None:
        handlinger = parser.add_subparsers(dest="handling", required=True, metavar="HANDLING")
        registrer = handlinger.add_parser(
            "registrer", help="Ny klient; skriver ut hemmeligheten én gang."
        )
        registrer.add_argument("klient_id", metavar="KLIENT-ID")
        registrer.add_argument(
            "--bruker",
            required=True,
            metavar="BRUKERNAVN",
            help="Brukeren klienten handler som (med dennes tilganger).",
        )
        registrer.add_argument("--navn", default="", help="Fagsystemets navn.")
        handlinger.add_parser("liste", help="Alle klienter.")
        deaktiver = handlinger.add_parser(
            "deaktiver", help="Deaktiverer klienten og trekker tilbake tokenene dens."
        )
        deaktiver.add_argument("klient_id", metavar="KLIENT-ID")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["handling"] == "registrer":
                self._registrer(options)
            elif options["handling"] == "deaktiver":
                klient = apiklient_deaktiver(klient_id=options["klient_id"])
                self.stdout.write(
                    f"Klienten {klient.klient_id} er deaktivert; tokenene er trukket tilbake."
                )
            else:
                self._liste()
        except DomeneFeil as feil:
            raise CommandError(str(feil)) from feil

    def _registrer(self, options: dict[str, Any]) -> None:
        modell = get_user_model()
        bruker = modell.objects.filter(username=options["bruker"]).first()
        if bruker is None:
            raise CommandError(f"Fant ingen bruker «{options['bruker']}».")
        klient, hemmelighet = apiklient_registrer(
            klient_id=options["klient_id"],
            navn=options["navn"],
            bruker=bruker,
            utfoert_av=UTFOERT_AV,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Registrerte {klient.klient_id}, som handler som {bruker.get_username()}."
            )
        )
        self.stdout.write(f"client_id:     {klient.klient_id}")
        self.stdout.write(f"client_secret: {hemmelighet}")
        self.stdout.write(
            "Ta vare på hemmeligheten nå: den lagres bare som hash og kan ikke vises igjen."
        )

    def _liste(self) -> None:
        klienter = ApiKlient.objects.select_related("bruker").order_by("klient_id")
        if not klienter:
            self.stdout.write("Ingen API-klienter er registrert.")
            return
        for klient in klienter:
            status = "aktiv" if klient.er_aktiv else "deaktivert"
            opprettet = klient.opprettet_dato.astimezone(OSLO).strftime("%d.%m.%Y")
            self.stdout.write(
                f"{klient.klient_id}  {klient.navn}  bruker={klient.bruker.get_username()}  "
                f"{status}  opprettet {opprettet}"
            )
