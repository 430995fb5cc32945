"""Norwegian-looking archive text for the search bench (bench/sok.py), made before the clock
starts and the same in every run (seeded).

Titles are what a bydel registers: a document kind ("Søknad om", "Vedtak om", "Klage på
vedtak om" …), a subject (barnehageplass, byggetillatelse, sosialhjelp …), and often an
address or a person. Both kinds and subjects follow Zipf's law (rank r weighs 1/r), so a few
words are in a large share of the titles (the common-word searches) while names and addresses
are rare. Some titles are in the plural ("Søknader om"), so that stemming is exercised.

Document texts are a few hundred words: sentences drawn from a pool, built from municipal
prose with the same skew, plus the case's own subject, person and address.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

DOKUMENTARTER = [
    "Søknad om",
    "Vedtak om",
    "Svar på søknad om",
    "Henvendelse om",
    "Melding om",
    "Klage på vedtak om",
    "Oversendelse av",
    "Tilbud om",
    "Avslag på søknad om",
    "Anmodning om",
    "Uttalelse om",
    "Varsel om",
    "Innkalling til møte om",
    "Referat fra møte om",
    "Tilsyn med",
    "Avtale om",
    "Purring på søknad om",
    "Rapport om",
    "Søknader om",
    "Innsynskrav i sak om",
    "Bekymringsmelding vedrørende",
    "Vedtakene om",
    "Klager på",
    "Tilbakemelding på",
    "Oppfølging av",
]

EMNER = [
    "barnehageplass",
    "byggetillatelse",
    "sosialhjelp",
    "hjemmetjenester",
    "parkeringstillatelse",
    "skoleskyss",
    "startlån",
    "bostøtte",
    "kommunal bolig",
    "avlastning",
    "omsorgsstønad",
    "sykehjemsplass",
    "trygghetsalarm",
    "praktisk bistand",
    "fritidskort",
    "dispensasjon fra reguleringsplan",
    "ferdigattest",
    "tilskudd til frivillige lag",
    "skjenkebevilling",
    "serveringsbevilling",
    "gravetillatelse",
    "leie av gymsal",
    "redusert foreldrebetaling",
    "søskenmoderasjon",
    "tilrettelegging på arbeidsplassen",
    "brukerstyrt personlig assistanse",
    "dagaktivitetstilbud",
    "støttekontakt",
    "ledsagerbevis",
    "tilpasning av bolig",
    "midlertidig botilbud",
    "kvalifiseringsprogrammet",
    "introduksjonsprogrammet",
    "økonomisk rådgivning",
    "gjeldsrådgivning",
    "nabovarsel",
    "rammetillatelse",
    "igangsettingstillatelse",
    "tilbygg",
    "garasje",
    "bruksendring",
    "riving av bygning",
    "utslippstillatelse",
    "vann og avløp",
    "renovasjon",
    "feiing",
    "piggdekkgebyr",
    "beboerparkering",
    "ladeplass for elbil",
    "gatelys",
    "brøyting",
    "strøing",
    "skadedyr",
    "støy fra byggeplass",
    "luftkvalitet",
    "forurenset grunn",
    "trefelling",
    "parkdrift",
    "lekeplass",
    "ballbinge",
    "idrettsanlegg",
    "kulturmidler",
    "arrangementstillatelse",
    "torghandel",
    "uteservering",
    "vigsel",
    "navneendring",
    "startlån til bolig",
    "etableringstilskudd",
    "helsestasjon",
    "skolehelsetjeneste",
    "fysioterapi",
    "ergoterapi",
    "hjelpemidler",
    "rehabilitering",
    "korttidsopphold",
    "langtidsopphold",
    "matombringing",
    "dagsenter",
    "psykisk helse",
    "rusomsorg",
    "oppfølgingstjenesten",
    "barnevernstiltak",
    "fosterhjem",
    "besøkshjem",
    "ettervern",
    "spesialundervisning",
    "skolebytte",
    "permisjon fra undervisning",
    "leksehjelp",
    "aktivitetsskolen",
    "sommerskole",
    "innsyn i journal",
    "personvern",
    "erstatningskrav",
    "ansettelse",
    "oppsigelse",
    "lønnsforhandlinger",
    "sykefravær",
    "arbeidsmiljø",
    "innkjøp av møbler",
    "rammeavtale for renhold",
    "vedlikehold av skolebygg",
    "budsjett for bydelen",
    "årsrapport",
    "høring om ny kommuneplan",
    "medvirkning i bydelsutvalget",
    "eldrerådet",
    "ungdomsrådet",
    "rådet for personer med funksjonsnedsettelse",
    "frivilligsentralen",
    "nærmiljøtiltak",
    "områdeløft",
    "trafikksikkerhet",
    "fartsdemper",
    "skiltplan",
    "sykkelvei",
    "kollektivtransport",
    "stenging av vei",
]

# Common prose of case work, most frequent first (the bench draws them by Zipf's law).
ORD = """
søker kommunen bydelen saken vedtak søknaden tjenesten behov vurdering opplysninger
saksbehandler klage frist dokumentasjon tilbud grunnlag hjemmel forvaltningsloven helse
omsorg tiltak plan oppfølging møte samarbeid foreldre barnet familien bolig økonomi
stønad beløp måned utbetaling regning faktura betaling gebyr egenandel tilsyn kontroll
rapport avvik merknad uttalelse høring naboer eiendom tomt bygning tillatelse
dispensasjon regulering areal planen kartet tegninger søknadsskjema vedlegg kopi brev
henvendelse telefon epost adresse postnummer poststed kontakt informasjon rettigheter
plikter klageadgang innsyn taushetsplikt personopplysninger samtykke fullmakt verge
pårørende lege fastlege sykehus spesialisthelsetjenesten rehabilitering hjemmesykepleie
praktisk bistand avlastning støttekontakt aktivitet skole elev lærer rektor undervisning
klasse trinn vurderingen foreldremøte barnehage styrer pedagogisk personale plass opptak
venteliste søskenmoderasjon arbeid ansatt arbeidsgiver lønn stilling permisjon
sykmelding tilrettelegging prosjekt budsjett regnskap midler tilskudd søknadsfrist
rapportering evaluering bydelsutvalget kommunestyret byrådet vedtaket protokoll sakliste
innstilling anbefaling konklusjon begrunnelse bakgrunn situasjonen forholdene endringer
tidspunkt periode varighet start avslutning forlengelse fornyelse oppsigelse avtale
kontrakt leverandør anskaffelse konkurranse tilbudet pris kvalitet miljø støy trafikk
parkering vei gate fortau belysning vedlikehold renhold sikkerhet brann beredskap risiko
skade forsikring erstatning ansvar
""".split()  # noqa: SIM905 - word lists read better as text

FUNKSJONSORD = """
og i det som på er for til av med at en den ikke om har de vi kan skal vil fra ved etter
eller men når også har blitt være ble etter hvis under mellom uten
""".split()  # noqa: SIM905


def _zipf(antall: int) -> list[float]:
    return list(accumulate(1.0 / rang for rang in range(1, antall + 1)))


@dataclass
class Generator:
    """Seeded titles and texts; `navn` and `adresser` from Faker's no_NO, made once."""

    tilfeldig: random.Random
    navn: list[str]
    adresser: list[str]
    setninger: list[str]

    @classmethod
    def lag(cls, frø: int = 20_25) -> Generator:
        from faker import Faker

        faker = Faker("no_NO")
        faker.seed_instance(frø)
        tilfeldig = random.Random(frø)  # noqa: S311 - test data, seeded on purpose
        navn = [faker.name() for _ in range(4000)]
        adresser = [f"{faker.street_name()} {tilfeldig.randint(1, 140)}" for _ in range(2000)]
        generator = cls(tilfeldig, navn, adresser, [])
        generator.setninger = [generator._setning() for _ in range(6000)]
        return generator

    _ORDVEKTER = _zipf(len(ORD))
    _ARTVEKTER = _zipf(len(DOKUMENTARTER))
    _EMNEVEKTER = _zipf(len(EMNER))

    def _setning(self) -> str:
        lengde = self.tilfeldig.randint(7, 16)
        ord_ = self.tilfeldig.choices(ORD, cum_weights=self._ORDVEKTER, k=lengde)
        for _ in range(lengde // 2):
            plass = self.tilfeldig.randrange(len(ord_) + 1)
            ord_.insert(plass, self.tilfeldig.choice(FUNKSJONSORD))
        return " ".join(ord_).capitalize() + "."

    def emne(self) -> str:
        return self.tilfeldig.choices(EMNER, cum_weights=self._EMNEVEKTER)[0]

    def tittel(self, emne: str | None = None) -> str:
        art = self.tilfeldig.choices(DOKUMENTARTER, cum_weights=self._ARTVEKTER)[0]
        tittel = f"{art} {emne or self.emne()}"
        tall = self.tilfeldig.random()
        if tall < 0.35:
            tittel += f" – {self.tilfeldig.choice(self.navn)}"
        elif tall < 0.6:
            tittel += f", {self.tilfeldig.choice(self.adresser)}"
        return tittel

    def sakstittel(self) -> tuple[str, str]:
        """(title, subject) of a case; its journalposts share the subject."""
        emne = self.emne()
        return f"{emne[:1].upper()}{emne[1:]} – {self.tilfeldig.choice(self.navn)}", emne

    def tekst(self, tittel: str, ord_omtrent: int = 300) -> str:
        setninger = [tittel + "."]
        antall = max(1, ord_omtrent // 17)
        setninger += self.tilfeldig.choices(self.setninger, k=antall)
        setninger.insert(
            self.tilfeldig.randrange(len(setninger) + 1),
            f"Kontaktperson er {self.tilfeldig.choice(self.navn)}, "
            f"{self.tilfeldig.choice(self.adresser)}.",
        )
        return " ".join(setninger)
