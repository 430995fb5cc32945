"""`arkivar kodeliste-importer-postnummer FIL`: load Posten's postcode register (M407).

Posten publishes the register as a tab-separated text file with one postcode per line:
`postnummer<TAB>poststed<TAB>kommunenummer<TAB>kommunenavn<TAB>kategori`, in ISO-8859-1
("ansi") or UTF-8. Running the command again with a newer file updates the list in place:
new postcodes are added, changed ones updated, and postcodes missing from the file get
`utdatert` so that existing addresses still resolve.

`kodenavn` is "<postnummer> <poststed>" rather than the poststed alone: Noark requires kodenavn
to be unique within a list, and the register repeats poststeder (every Oslo code is OSLO).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from felles.tid import naa
from kodeliste.models import Kodeliste, Kodeverdi

KATEGORIER = {
    "B": "gateadresser og postbokser",
    "F": "flere bruksområder",
    "G": "gateadresser",
    "P": "postbokser",
    "S": "servicepostnummer",
}


@dataclass(frozen=True)
class Postnummer:
    kode: str
    poststed: str
    kommunenummer: str
    kommunenavn: str
    kategori: str

    @property
    def kodenavn(self) -> str:
        return f"{self.kode} {self.poststed}"

    @property
    def beskrivelse(self) -> str:
        deler = []
        kommune = " ".join(filter(None, [self.kommunenummer, self.kommunenavn]))
        if kommune:
            deler.append(f"Kommune {kommune}.")
        if self.kategori:
            forklaring = KATEGORIER.get(self.kategori)
            kategori = f"{self.kategori} ({forklaring})" if forklaring else self.kategori
            deler.append(f"Kategori {kategori}.")
        return " ".join(deler)


@dataclass(frozen=True)
class Resultat:
    nye: int
    endret: int
    uendret: int
    utdatert: int


def dekod(data: bytes, tegnsett: str = "") -> str:
    """The file as text: UTF-8 if it decodes, otherwise ISO-8859-1 (Posten's "ansi" file)."""
    if tegnsett:
        return data.decode(tegnsett)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("iso-8859-1")


def les_register(tekst: str) -> list[Postnummer]:
    postnumre: dict[str, Postnummer] = {}
    for linjenummer, linje in enumerate(tekst.splitlines(), start=1):
        if not linje.strip():
            continue
        felter = [felt.strip() for felt in linje.split("\t")]
        if linjenummer == 1 and not felter[0].isdigit():
            continue  # a heading
        felter += [""] * (5 - len(felter))
        kode, poststed, kommunenummer, kommunenavn, kategori = felter[:5]
        if len(kode) != 4 or not kode.isdigit() or not poststed:
            raise CommandError(f"Linje {linjenummer}: ugyldig postnummerlinje: {linje!r}.")
        if kode in postnumre:
            raise CommandError(f"Linje {linjenummer}: postnummer {kode} står flere ganger.")
        postnumre[kode] = Postnummer(kode, poststed, kommunenummer, kommunenavn, kategori)
    if not postnumre:
        raise CommandError("Filen inneholder ingen postnummer.")
    return list(postnumre.values())


@transaction.atomic
def postnummer_importer(*, postnumre: list[Postnummer]) -> Resultat:
    try:
        liste = Kodeliste.objects.select_for_update().get(navn="postnummer")
    except Kodeliste.DoesNotExist:
        raise CommandError("Kodelisten postnummer finnes ikke; kjør `arkivar migrate`.") from None

    eksisterende = {verdi.kode: verdi for verdi in Kodeverdi.objects.filter(kodeliste=liste)}
    nye = endret = uendret = 0
    for postnummer in postnumre:
        felter = {
            "kodenavn": postnummer.kodenavn,
            "beskrivelse": postnummer.beskrivelse,
            "utdatert": None,
            "er_standard": True,
        }
        verdi = eksisterende.get(postnummer.kode)
        if verdi is None:
            Kodeverdi.objects.create(kodeliste=liste, kode=postnummer.kode, **felter)
            nye += 1
        elif any(getattr(verdi, navn) != ny for navn, ny in felter.items()):
            for navn, ny in felter.items():
                setattr(verdi, navn, ny)
            verdi.save(update_fields=list(felter))
            endret += 1
        else:
            uendret += 1

    i_filen = {postnummer.kode for postnummer in postnumre}
    utdatert = (
        Kodeverdi.objects.filter(kodeliste=liste, utdatert__isnull=True)
        .exclude(kode__in=i_filen)
        .update(utdatert=naa())
    )
    return Resultat(nye=nye, endret=endret, uendret=uendret, utdatert=utdatert)


class Command(BaseCommand):
    help = (
        "Leser Postens postnummerregister (tabulatorseparert: postnummer, poststed, "
        "kommunenummer, kommunenavn, kategori) inn i kodelisten postnummer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fil", type=Path, help="Postens registerfil")
        parser.add_argument(
            "--tegnsett",
            default="",
            help="Filens tegnsett, f.eks. iso-8859-1 (standard: UTF-8 om mulig, ellers ISO-8859-1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fil: Path = options["fil"]
        try:
            data = fil.read_bytes()
        except OSError as feil:
            raise CommandError(f"Kan ikke lese {fil}: {feil.strerror}.") from feil
        try:
            tekst = dekod(data, options["tegnsett"])
        except (LookupError, UnicodeDecodeError) as feil:
            raise CommandError(f"Kan ikke lese {fil} som {options['tegnsett']}: {feil}.") from feil

        resultat = postnummer_importer(postnumre=les_register(tekst))
        self.stdout.write(
            f"Postnummer: {resultat.nye} nye, {resultat.endret} endret, "
            f"{resultat.uendret} uendret, {resultat.utdatert} utdatert."
        )
