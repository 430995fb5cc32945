"""The checks on the files themselves: N5.01 (listed files exist), N5.02 (their ADDML
checksums) and N5.28 (the document directory and antallDokumentfiler)."""

from __future__ import annotations

import os
from pathlib import Path

from uttrekk.skjema import sha256

from .addml import Beskrivelse, Filoppfoering
from .felles import ARKIVUTTREKK, DOKUMENTMAPPER, heltall, innenfor, relativ_sti
from .rapport import Kontroll
from .register import Register

_SHA256 = ("SHA256", "SHA-256")


def _listet_fil(rot: Path, oppfoering: Filoppfoering) -> Path | None:
    relativ, _grunn = relativ_sti(oppfoering.navn)
    if relativ is None:
        return None
    sti = rot / relativ
    return sti if sti.is_file() and innenfor(rot, sti) else None


def kontroller_eksistens(rot: Path, beskrivelse: Beskrivelse, kontroll: Kontroll) -> None:
    """N5.01: every file and schema listed in arkivuttrekk.xml exists."""
    sett: set[str] = set()
    for oppfoering in beskrivelse.filoppfoeringer():
        if oppfoering.navn in sett:
            continue
        sett.add(oppfoering.navn)
        relativ, grunn = relativ_sti(oppfoering.navn)
        if relativ is None:
            kontroll.feil(
                f"Filnavnet «{oppfoering.navn}» i {ARKIVUTTREKK} kan ikke brukes: {grunn}.",
                ARKIVUTTREKK,
                oppfoering.linje,
                oppfoering.element,
            )
        elif _listet_fil(rot, oppfoering) is None:
            kontroll.feil(
                f"{relativ} er oppført i {ARKIVUTTREKK} (linje {oppfoering.linje}), men finnes "
                "ikke i uttrekket.",
                relativ,
            )


def kontroller_sjekksummer(rot: Path, beskrivelse: Beskrivelse, kontroll: Kontroll) -> None:
    """N5.02: each listed file and schema has a SHA-256 checksum that matches its bytes. A
    schema listed for several files (metadatakatalog.xsd) needs the checksum at its first
    listing; later listings may leave it out."""
    grupper: dict[str, list[Filoppfoering]] = {}
    for oppfoering in beskrivelse.filoppfoeringer():
        grupper.setdefault(oppfoering.navn, []).append(oppfoering)
    for navn, oppfoeringer in grupper.items():
        sti = _listet_fil(rot, oppfoeringer[0])
        if sti is None:
            continue  # N5.01
        foerste = oppfoeringer[0]
        if foerste.sjekksum is None:
            kontroll.feil(
                f"Sjekksum mangler for {navn}.", ARKIVUTTREKK, foerste.linje, foerste.element
            )
        beregnet = sha256(sti)
        for oppfoering in oppfoeringer:
            sjekksum = oppfoering.sjekksum
            if sjekksum is None:
                continue
            element = f"{oppfoering.element}/checksum"
            if sjekksum.algoritme.upper() not in _SHA256:
                kontroll.feil(
                    f"Sjekksumalgoritmen for {navn} er «{sjekksum.algoritme}»; bare SHA256 "
                    "(eller SHA-256) godtas.",
                    ARKIVUTTREKK,
                    sjekksum.linje,
                    element,
                )
            elif sjekksum.verdi.lower() != beregnet:
                kontroll.feil(
                    f"Sjekksummen for {navn} stemmer ikke: {ARKIVUTTREKK} oppgir "
                    f"«{sjekksum.verdi}», filen har SHA-256 {beregnet}.",
                    ARKIVUTTREKK,
                    sjekksum.linje,
                    element,
                )


def finn_dokumentmappe(rot: Path) -> Path | None:
    for navn in DOKUMENTMAPPER:
        if (rot / navn).is_dir():
            return rot / navn
    return None


def kontroller_dokumentmappe(
    rot: Path, beskrivelse: Beskrivelse | None, register: Register, kontroll: Kontroll
) -> int:
    """N5.28: the document directory exists and is not empty, and antallDokumentfiler states
    how many files it holds (any depth; every file counts, as in Arkade). The paths go into
    the register for N5.33. Returns the number of files."""
    mappe = finn_dokumentmappe(rot)
    antall = 0
    if mappe is None:
        kontroll.feil(f"Dokumentmappen mangler ({' / '.join(DOKUMENTMAPPER)}).", "dokumenter")
    else:
        # os.walk does not follow links to directories, so the walk stays inside the extract.
        for katalog, _mapper, filer in os.walk(mappe):
            for filnavn in filer:
                relativ = Path(katalog, filnavn).relative_to(rot).as_posix()
                # Names that are not UTF-8 (surrogate escapes) cannot be stored as text.
                relativ = relativ.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                register.dokumentfil(relativ)
                antall += 1
        if antall == 0:
            kontroll.feil(f"Dokumentmappen {mappe.name}/ er tom.", mappe.name)
    if beskrivelse is None:
        return antall
    oppgitt = beskrivelse.antall_dokumentfiler
    if oppgitt.tekst is None:
        kontroll.feil(
            f"antallDokumentfiler mangler i {ARKIVUTTREKK} (additionalInfo).",
            ARKIVUTTREKK,
            None,
            "additionalInfo/antallDokumentfiler",
        )
    elif (oppgitt_antall := heltall(oppgitt.tekst)) is None:
        kontroll.feil(
            f"antallDokumentfiler er «{oppgitt.tekst}», ikke et heltall.",
            ARKIVUTTREKK,
            oppgitt.linje,
            "additionalInfo/antallDokumentfiler",
        )
    elif oppgitt_antall != antall:
        stedsnavn = f"{mappe.name}/" if mappe else "dokumentmappen"
        kontroll.feil(
            f"antallDokumentfiler i {ARKIVUTTREKK} er {oppgitt_antall}, men {stedsnavn} "
            f"inneholder {antall} filer.",
            ARKIVUTTREKK,
            oppgitt.linje,
            "additionalInfo/antallDokumentfiler",
        )
    return antall
