"""Runs the checks in Arkade's order: the files (N5.01–N5.03, N5.28), then one pass over
arkivstruktur.xml, then what needs the whole of it (uniqueness, references, counts against
the ADDML, journals, change log)."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from .addml import VSM_FLAGG, Beskrivelse, kontroller_struktur, les_beskrivelse
from .felles import ARKIVSTRUKTUR, ARKIVUTTREKK, heltall
from .filer import kontroller_dokumentmappe, kontroller_eksistens, kontroller_sjekksummer
from .innhold import (
    AVLEDEDE_TALL,
    AVSLUTTET_PERIODE,
    TELLES,
    TYPER,
    Innhold,
    Innholdskontroll,
    Prefiksbruk,
)
from .journaler import kontroller_endringsreferanser, kontroller_journaler, les_endringslogg
from .rapport import Alvor, Kontroll, Rapport
from .register import Register
from .skjema import kontroller_skjemaer
from .tomme import finn_tomme_elementer

KATALOG: tuple[tuple[str, str], ...] = (
    ("N5.01", "Filer oppført i arkivuttrekk.xml finnes"),
    ("N5.02", "Sjekksummer i arkivuttrekk.xml"),
    ("ADDML", "Oppbygning av arkivuttrekk.xml"),
    ("N5.03", "XML-filene er gyldige etter skjemaene"),
    ("N5.10", "Antall mapper mot arkivuttrekk.xml"),
    ("N5.12", "Klasser med både underklasser og mapper"),
    ("N5.15", "Saksstatus"),
    ("N5.16", "Antall registreringer mot arkivuttrekk.xml"),
    ("N5.17", "Journalposttyper"),
    ("N5.19", "Klasser med både underklasser og registreringer"),
    ("N5.22", "Journalstatus"),
    ("N5.25", "Dokumentstatus"),
    ("N5.27", "Opprettelsesdato for registreringer"),
    ("N5.28", "Antall dokumentfiler"),
    ("N5.29", "Dokumentformat mot filendelse"),
    ("N5.30", "Sjekksummer for dokumentfiler"),
    ("N5.32", "Refererte dokumentfiler finnes"),
    ("N5.33", "Dokumentfiler uten referanse"),
    ("N5.42", "Skjerming mot inneholderSkjermetInformasjon"),
    ("N5.44", "Kassasjonsvedtak mot inneholderDokumenterSomSkalKasseres"),
    ("N5.45", "Utført kassasjon mot omfatterDokumenterSomErKassert"),
    ("N5.47", "Unike systemID-er"),
    ("N5.48", "Referanser til arkivdel"),
    ("N5.51", "Referanser til sekundærklassifikasjon"),
    ("N5.59", "Antall journalposter i journalene"),
    ("N5.60", "Start- og sluttdato i journalene"),
    ("N5.61", "Endringsloggen kan leses"),
    ("N5.62", "Referanser fra endringsloggen"),
    ("N5.63", "Elementer uten innhold"),
    ("N5.64", "Tomme dokumentfiler"),
    ("PREFIKS", "Navnerom og prefikser i arkivstruktur.xml"),
)

# The checks that need the pass over arkivstruktur.xml.
_INNHOLDSKONTROLLER = (
    "N5.10",
    "N5.12",
    "N5.15",
    "N5.16",
    "N5.17",
    "N5.19",
    "N5.22",
    "N5.25",
    "N5.27",
    "N5.29",
    "N5.30",
    "N5.32",
    "N5.33",
    "N5.42",
    "N5.44",
    "N5.45",
    "N5.47",
    "N5.48",
    "N5.51",
    "N5.59",
    "N5.60",
    "N5.62",
    "N5.63",
    "N5.64",
    "PREFIKS",
)
# The checks that need arkivuttrekk.xml.
_ADDML_KONTROLLER = ("N5.02", "ADDML", "N5.03", "N5.10", "N5.16", "N5.42", "N5.44", "N5.45")
_ADDML_KONTROLLER_ETTER_INNHOLD = ("N5.59", "N5.60")
_STATUSKONTROLLER = ("N5.15", "N5.22", "N5.25")
_FLAGGKONTROLLER = {
    "N5.42": ("inneholderSkjermetInformasjon", "skjerming"),
    "N5.44": ("inneholderDokumenterSomSkalKasseres", "kassasjon"),
    "N5.45": ("omfatterDokumenterSomErKassert", "utfoertKassasjon"),
}


def valider(mappe: Path) -> Rapport:
    """Check the Noark 5 extract in `mappe` (the content directory: arkivuttrekk.xml,
    arkivstruktur.xml, …, dokumenter/)."""
    rot = Path(mappe)
    kontroller = {kode: Kontroll(kode, navn) for kode, navn in KATALOG}
    kontroller["N5.03"].grense_per_fil = True
    statistikk = dict.fromkeys(sorted(TELLES | TYPER | set(AVLEDEDE_TALL)), 0)
    statistikk |= dict.fromkeys(
        ("dokumentfiler", "endring", "dokumentfiler_referert_flere_ganger"), 0
    )
    rapport = Rapport(list(kontroller.values()), statistikk)
    if not rot.is_dir():
        kontroller["N5.01"].feil(f"Uttrekksmappen {rot} finnes ikke.")
        for kode, k in kontroller.items():
            if kode != "N5.01":
                k.hopp_over("uttrekksmappen finnes ikke")
        return rapport
    with tempfile.TemporaryDirectory(prefix="arkivar-validering-") as tmp:
        register = Register(Path(tmp))
        try:
            _kjoer(rot, kontroller, register, statistikk)
        finally:
            register.lukk()
    return rapport


def _kjoer(
    rot: Path, k: dict[str, Kontroll], register: Register, statistikk: dict[str, int]
) -> None:
    beskrivelse = les_beskrivelse(rot, k["N5.01"])
    ikke_velformet: set[str] = set()
    if beskrivelse is None:
        for kode in (*_ADDML_KONTROLLER, *_ADDML_KONTROLLER_ETTER_INNHOLD):
            k[kode].hopp_over(f"{ARKIVUTTREKK} mangler eller kan ikke leses")
    else:
        kontroller_eksistens(rot, beskrivelse, k["N5.01"])
        kontroller_sjekksummer(rot, beskrivelse, k["N5.02"])
        kontroller_struktur(rot, beskrivelse, k["ADDML"])
        ikke_velformet = kontroller_skjemaer(rot, beskrivelse, k["N5.03"])
    statistikk["dokumentfiler"] = kontroller_dokumentmappe(rot, beskrivelse, register, k["N5.28"])

    arkivstruktur = rot / ARKIVSTRUKTUR
    innhold: Innhold | None = None
    if not arkivstruktur.is_file():
        grunn = f"{ARKIVSTRUKTUR} mangler"
        if beskrivelse is None or beskrivelse.dataobjekt(ARKIVSTRUKTUR) is None:
            k["N5.01"].feil(f"{ARKIVSTRUKTUR} mangler i uttrekket.", ARKIVSTRUKTUR)
    else:
        innhold = Innholdskontroll(rot, register, k).les(arkivstruktur)
        grunn = f"{ARKIVSTRUKTUR} er ikke velformet XML"
        if innhold.lesefeil:
            if ARKIVSTRUKTUR not in ikke_velformet:
                k["N5.03"].feil(
                    f"{ARKIVSTRUKTUR} er ikke velformet XML: {innhold.lesefeil}",
                    ARKIVSTRUKTUR,
                    innhold.lesefeil_linje,
                )
            innhold = None

    endringer = les_endringslogg(rot, register, k["N5.61"], k["N5.62"])
    if endringer is not None:
        statistikk["endring"] = endringer
    if innhold is None:
        for kode in _INNHOLDSKONTROLLER:
            k[kode].hopp_over(grunn)
        return

    if innhold.tomme_elementer:
        finn_tomme_elementer(arkivstruktur, ARKIVSTRUKTUR, k["N5.63"])
    _referanser(register, k)
    if endringer is not None:
        kontroller_endringsreferanser(register, k["N5.62"])
    _prefikser(innhold, k["PREFIKS"])
    if innhold.aapne_arkivdeler:
        _deponering(innhold, k)
    statistikk.update(innhold.telling)
    statistikk["dokumentfiler_referert_flere_ganger"] = register.flerrefererte_filer()
    statistikk["tomme_dokumentfiler"] = k["N5.64"].antall_advarsler
    statistikk["aapne_arkivdeler"] = len(innhold.aapne_arkivdeler)

    if beskrivelse is None:
        return
    _forekomster(beskrivelse, innhold, k)
    _flagg(beskrivelse, innhold, k)
    kontroller_journaler(rot, beskrivelse, innhold, k["N5.59"], k["N5.60"])


def _referanser(register: Register, k: dict[str, Kontroll]) -> None:
    """N5.47, N5.48, N5.51 and N5.33, from the register."""
    for d in register.duplikater():
        k["N5.47"].feil(
            f"systemID {d.id} forekommer {d.antall} ganger (første gang i {d.element} på "
            f"linje {d.linje}, siste gang på linje {d.siste_linje}).",
            ARKIVSTRUKTUR,
            d.siste_linje,
            "systemID",
        )
    for kode, art, navn in (
        ("N5.48", "arkivdel", "referanseArkivdel"),
        ("N5.51", "klasse", "referanseSekundaerKlassifikasjon"),
    ):
        for r in register.ukjente_referanser(art, art):
            k[kode].feil(
                f"{navn} «{r.verdi}» i {r.element} {r.kilde} peker ikke på noen {art} i "
                f"{ARKIVSTRUKTUR}.",
                ARKIVSTRUKTUR,
                r.linje,
                f"{r.element}/{navn}",
            )
    for sti in register.ureferte_dokumentfiler():
        k["N5.33"].feil("Dokumentfilen er ikke referert fra noe dokumentobjekt.", sti)


def _prefikser(innhold: Innhold, k: Kontroll) -> None:
    """Prefixes Arkade would misread (arkivuttrekk.md §4 and §10 item 18)."""
    grupper: tuple[tuple[dict[str, Prefiksbruk], str], ...] = (
        (
            innhold.elementprefikser,
            "{antall} elementer i arkivstruktur-navnerommet har prefikset «{navn}»; Arkade "
            "kjenner bare igjen elementnavn uten prefiks (standardnavnerom).",
        ),
        (
            innhold.xsi_prefikser,
            "XML Schema instance-navnerommet er bundet til prefikset «{navn}» ({antall} "
            "ganger); Arkade ser bare etter attributtnavnet xsi:type.",
        ),
        (
            innhold.typeprefikser,
            "xsi:type-verdien «{navn}» har prefiks ({antall} ganger); Arkade sammenligner "
            "verdien bokstavelig og teller da feil.",
        ),
    )
    for bruk, mal in grupper:
        for navn, p in bruk.items():
            k.advarsel(mal.format(navn=navn, antall=p.antall), ARKIVSTRUKTUR, p.linje)


def _deponering(innhold: Innhold, k: dict[str, Kontroll]) -> None:
    """Open units are expected in a deposit copy of a running archive: the status checks
    then warn instead of failing (see the package docstring)."""
    status, systemid, _linje = innhold.aapne_arkivdeler[0]
    forklaring = (
        f" Uttrekket er en deponering (arkivdel {systemid} har arkivdelstatus «{status}», "
        f"ikke «{AVSLUTTET_PERIODE}»), så åpne enheter er ventet."
    )
    for kode in _STATUSKONTROLLER:
        kontroll = k[kode]
        kontroll.funn = [
            dataclasses.replace(f, alvor=Alvor.ADVARSEL, melding=f.melding + forklaring)
            for f in kontroll.funn
        ]
        kontroll.utelatte_advarsler += kontroll.utelatte_feil
        kontroll.utelatte_feil = 0


def _forekomster(beskrivelse: Beskrivelse, innhold: Innhold, k: dict[str, Kontroll]) -> None:
    """N5.10 and N5.16: numberOfOccurrences of mappe (missing counts as 0, as in Arkade) and
    registrering (required) against the totals of all types and levels."""
    dataobjekt = beskrivelse.dataobjekt(ARKIVSTRUKTUR)
    if dataobjekt is None and beskrivelse.dataobjekter:
        dataobjekt = beskrivelse.dataobjekter[0]  # Arkade reads the first one
    forekomster = dataobjekt.forekomster if dataobjekt else {}
    for kode, navn in (("N5.10", "mappe"), ("N5.16", "registrering")):
        faktisk = innhold.telling[navn]
        verdi = forekomster.get(navn)
        element = f"numberOfOccurrences/{navn}"
        if verdi is None or verdi.tekst is None:
            if navn == "registrering":
                k[kode].feil(
                    f"numberOfOccurrences for {navn} mangler i {ARKIVUTTREKK} "
                    f"({ARKIVSTRUKTUR} har {faktisk}).",
                    ARKIVUTTREKK,
                    dataobjekt.linje if dataobjekt else None,
                    element,
                )
            elif faktisk:
                k[kode].feil(
                    f"numberOfOccurrences for {navn} mangler i {ARKIVUTTREKK} og regnes som 0, "
                    f"men {ARKIVSTRUKTUR} har {faktisk}.",
                    ARKIVUTTREKK,
                    dataobjekt.linje if dataobjekt else None,
                    element,
                )
            continue
        oppgitt = heltall(verdi.tekst)
        if oppgitt is None:
            k[kode].feil(
                f"numberOfOccurrences for {navn} er «{verdi.tekst}», ikke et heltall.",
                ARKIVUTTREKK,
                verdi.linje,
                element,
            )
        elif oppgitt != faktisk:
            k[kode].feil(
                f"{ARKIVUTTREKK} oppgir {oppgitt} {navn}-elementer, men {ARKIVSTRUKTUR} har "
                f"{faktisk}.",
                ARKIVUTTREKK,
                verdi.linje,
                element,
            )


def _flagg(beskrivelse: Beskrivelse, innhold: Innhold, k: dict[str, Kontroll]) -> None:
    """N5.42, N5.44, N5.45: the flags agree with the content; and, as a warning, the flag for
    virksomhetsspesifikke metadata (not checked by Arkade)."""
    for kode, (flagg, element) in _FLAGGKONTROLLER.items():
        antall = innhold.telling[element]
        sant = beskrivelse.flagg_er_sant(flagg)
        if sant == (antall > 0):
            continue
        verdi = beskrivelse.flagg[flagg]
        if sant:
            melding = f"{flagg} er true, men {ARKIVSTRUKTUR} har ingen {element}-elementer."
        else:
            oppgitt = "mangler (regnes som false)" if verdi.tekst is None else "er false"
            melding = f"{flagg} {oppgitt}, men {ARKIVSTRUKTUR} har {antall} {element}-elementer."
        k[kode].feil(melding, ARKIVUTTREKK, verdi.linje, f"additionalInfo/{flagg}")
    antall = innhold.telling["virksomhetsspesifikkeMetadata"]
    if beskrivelse.flagg_er_sant(VSM_FLAGG) != (antall > 0):
        k["ADDML"].advarsel(
            f"{VSM_FLAGG} er «{beskrivelse.flagg[VSM_FLAGG].tekst}», men {ARKIVSTRUKTUR} har "
            f"{antall} virksomhetsspesifikkeMetadata-elementer.",
            ARKIVUTTREKK,
            beskrivelse.flagg[VSM_FLAGG].linje,
            f"additionalInfo/{VSM_FLAGG}",
        )
