"""The organisation of the demo: Oslo kommune, its shared document centre and the 15 bydeler,
each with the same tree of administrative units, and the municipal K-kode key.

Plain data; `demo.bygg` creates the rows. Organisation numbers are invented but valid
(MOD11 check digit), so they pass the same checks as real ones.
"""

from __future__ import annotations

from dataclasses import dataclass


def orgnr(grunnlag: int) -> str:
    """The first valid organisation number at or after `grunnlag` (8 digits + MOD11 check)."""
    vekter = (3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        sifre = [int(s) for s in f"{grunnlag:08d}"]
        rest = sum(v * s for v, s in zip(vekter, sifre, strict=True)) % 11
        kontroll = 0 if rest == 0 else 11 - rest
        if kontroll != 10:
            return f"{grunnlag:08d}{kontroll}"
        grunnlag += 1


@dataclass(frozen=True)
class Bydel:
    kortnavn: str
    navn: str
    organisasjonsnummer: str
    innbyggere: int  # rough population, used to weight how many cases the bydel gets


_BYDELER = (
    ("alna", "Bydel Alna", 50_000),
    ("bjerke", "Bydel Bjerke", 35_000),
    ("frogner", "Bydel Frogner", 60_000),
    ("gamleoslo", "Bydel Gamle Oslo", 63_000),
    ("grorud", "Bydel Grorud", 28_000),
    ("grunerlokka", "Bydel Grünerløkka", 65_000),
    ("nordreaker", "Bydel Nordre Aker", 54_000),
    ("nordstrand", "Bydel Nordstrand", 53_000),
    ("sagene", "Bydel Sagene", 46_000),
    ("sthanshaugen", "Bydel St. Hanshaugen", 39_000),
    ("stovner", "Bydel Stovner", 34_000),
    ("sondrenordstrand", "Bydel Søndre Nordstrand", 39_000),
    ("ullern", "Bydel Ullern", 35_000),
    ("vestreaker", "Bydel Vestre Aker", 51_000),
    ("ostensjo", "Bydel Østensjø", 51_000),
)

BYDELER: tuple[Bydel, ...] = tuple(
    Bydel(kortnavn, navn, orgnr(97_440_000 + 1_137 * nr), innbyggere)
    for nr, (kortnavn, navn, innbyggere) in enumerate(_BYDELER)
)

KOMMUNE_NAVN = "Oslo kommune"
KOMMUNE_KORTNAVN = "oslo"
KOMMUNE_ORGNR = orgnr(95_893_500)
KOMMUNE_ENHETER = (
    # (kortnavn, navn, overordnet kortnavn)
    ("byraadsavdeling-finans", "Byrådsavdeling for finans", None),
    ("kommunedirektoren", "Kommunedirektøren", None),
)

DOKUMENTSENTER_NAVN = "Dokumentsenteret"
DOKUMENTSENTER_KORTNAVN = "dokumentsenteret"
DOKUMENTSENTER_ORGNR = orgnr(99_100_200)
DOKUMENTSENTER_ENHETER = (
    ("postmottak", "Postmottak", None),
    ("arkivtjenesten", "Arkivtjenesten", None),
)

# The unit tree every bydel gets: (kortnavn, navn, overordnet kortnavn); enhet → avdeling → seksjon.
BYDEL_ENHETER = (
    ("stab", "Bydelsdirektørens stab", None),
    ("okonomi", "Økonomi og virksomhetsstyring", "stab"),
    ("hr", "HR og personal", "stab"),
    ("oppvekst", "Avdeling for oppvekst", None),
    ("barnevern", "Barnevernstjenesten", "oppvekst"),
    ("bv_mottak", "Mottak og undersøkelse", "barnevern"),
    ("bv_tiltak", "Tiltak", "barnevern"),
    ("barnehager", "Barnehager", "oppvekst"),
    ("helsestasjon", "Helsestasjon og skolehelsetjeneste", "oppvekst"),
    ("helse", "Avdeling for helse og omsorg", None),
    ("hjemmetjenesten", "Hjemmetjenesten", "helse"),
    ("tildeling", "Tildelingskontoret", "helse"),
    ("nav", "NAV/Sosialtjenesten", None),
    ("kultur", "Kultur og nærmiljø", None),
)


@dataclass(frozen=True)
class Brukermal:
    """A user every bydel gets: `<prefiks>.<bydel>`, password "demo"."""

    prefiks: str
    rolle: str
    enhet: str
    kode_13: str = ""  # "enhet": code 13 for the role's unit and below; "virksomhet": whole bydel


BYDEL_BRUKERE = (
    Brukermal("saksbehandler", "saksbehandler", "barnevern", kode_13="enhet"),
    Brukermal("leder", "leder", "barnevern", kode_13="enhet"),
    Brukermal("arkivar", "arkivar", "stab", kode_13="virksomhet"),
    Brukermal("saksbehandler2", "saksbehandler", "barnevern", kode_13="enhet"),
    Brukermal("saksbehandler3", "saksbehandler", "tildeling"),
    Brukermal("saksbehandler4", "saksbehandler", "barnehager"),
    Brukermal("saksbehandler5", "saksbehandler", "nav"),
    Brukermal("saksbehandler6", "saksbehandler", "kultur"),
    Brukermal("saksbehandler7", "saksbehandler", "stab"),
    Brukermal("saksbehandler8", "saksbehandler", "tildeling"),
)

# The municipal key: K-kode-like classes in two levels; cases go on the second level.
KLASSIFIKASJONSSYSTEM_TITTEL = "K-koder"
KLASSER: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "000",
        "Organisasjon og administrasjon",
        (
            ("002", "Organisering og delegering"),
            ("033", "Utvalg og nemnder"),
            ("060", "Arkiv, journal og innsyn"),
        ),
    ),
    (
        "200",
        "Økonomi",
        (
            ("210", "Regnskap og rapportering"),
            ("223", "Tilskudd fra bydelen"),
        ),
    ),
    (
        "400",
        "Personal",
        (
            ("410", "Tilsetting"),
            ("420", "Lønn og godtgjøring"),
            ("461", "Permisjoner"),
        ),
    ),
    (
        "A00",
        "Oppvekst",
        (
            ("A10", "Barnehager"),
            ("A40", "Helsestasjon og skolehelsetjeneste"),
        ),
    ),
    (
        "C00",
        "Kultur og nærmiljø",
        (
            ("C50", "Arrangementer"),
            ("C80", "Frivillig virksomhet og nærmiljøtiltak"),
        ),
    ),
    (
        "F00",
        "Sosiale tjenester og barnevern",
        (
            ("F03", "Økonomisk sosialhjelp"),
            ("F47", "Barnevern"),
        ),
    ),
    (
        "H00",
        "Helse og omsorg",
        (
            ("H12", "Hjemmetjenester og praktisk bistand"),
            ("H13", "Trygghetsalarm"),
            ("H14", "Avlastning og omsorgsstønad"),
        ),
    ),
)

# The current period every bydel's arkiv gets.
ARKIVDEL_TITTEL = "Sakarkiv 2025–2028"
ARKIVDEL_START = (2025, 1, 1)
# The demo period ends on this day (demo.bygg.ANKER): the same data whatever day it is built.
DEMO_SLUTT = (2026, 11, 1)
ARKIVDEL_SLUTT = (2028, 12, 31)
