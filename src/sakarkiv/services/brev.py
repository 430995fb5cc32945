"""Letters from templates (issue 6 item 4): a DOCX template with merge fields becomes an outgoing
journalpost (U, reservert) in the case, its main document the merged letter under editing.

The case handler edits the letter in Word and uploads it as a new version (document page); the
document pipeline makes the archival PDF/A version of every version (dokument.behandling).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from arkivstruktur.models import Mappe
from dokument.docx import DOCX_MIME_TYPE, flett, flettefelter
from dokument.lagring import aapne, lagre_innhold
from dokument.services import dokument_last_opp
from felles.feil import DomeneFeil
from felles.tid import dato_i_oslo, lang_dato, naa
from felles.validering import krev_tekst, valgfri_tekst
from sakarkiv.models import Brevmal, Journalpost, Korrespondansepart
from sakarkiv.services.journalpost import journalpost_registrer
from sakarkiv.services.korrespondansepart import NyKorrespondansepart
from sporing.services import logg_opprettet, logget_transaksjon
from tilgang.eierskap import virksomhet_id_for
from tilgang.regler import krev_tillatelse

# The merge fields a template may use, with what they hold (shown to template writers).
FLETTEFELT = {
    "saksnummer": "Saksnummeret, for eksempel 2026/123",
    "sakstittel": "Sakens tittel",
    "var_referanse": "Brevets eget nummer, for eksempel 2026/123-4",
    "mottaker": "Mottakerens navn",
    "mottaker_adresse": "Mottakerens adresse, en linje per adresselinje",
    "deres_dato": "Datoen på brevet det svares på",
    "saksbehandler": "Saksbehandlerens navn",
    "enhet": "Sakens enhet",
    "bydel": "Bydelen",
    "dato": "Dagens dato, for eksempel 22. november 2026",
}
# The built-in template (`arkivar brevmal` without a file; the demo's shared template).
STANDARDBREV = (
    "{{bydel}}",
    "",
    "{{mottaker}}",
    "{{mottaker_adresse}}",
    "",
    "Deres dato: {{deres_dato}}    Vår referanse: {{var_referanse}}    Dato: {{dato}}",
    "",
    "{{sakstittel}}",
    "",
    "Vi viser til henvendelsen din.",
    "",
    "Med hilsen",
    "{{saksbehandler}}",
    "{{enhet}}",
)


def _lang_dato(dato: dt.date | None) -> str:
    return lang_dato(dato) if dato else ""


def brevmal_opprett(
    *,
    navn: str,
    innhold: bytes,
    filnavn: str,
    virksomhet: Any = None,
    beskrivelse: str = "",
    utfoert_av: Any,
) -> Brevmal:
    """A template for every district (`virksomhet` None: the systemadministrator's) or for one
    (its records office). Refused when it is not a DOCX or uses an unknown merge field."""
    mal = Brevmal(virksomhet=virksomhet)
    if virksomhet is None:
        krev_tillatelse(
            utfoert_av,
            "kodeliste.endre",
            melding="Bare systemadministrator kan lage felles brevmaler.",
        )
    else:
        krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", mal)
    mal.navn = krev_tekst(navn, felt="navn", visningsnavn="Navn", maks=200)
    mal.beskrivelse = valgfri_tekst(beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse")
    ukjente = sorted(flettefelter(innhold) - FLETTEFELT.keys())
    if ukjente:
        raise DomeneFeil(
            "Malen bruker flettefelt som ikke finnes: "
            + ", ".join(f"{{{{{navn}}}}}" for navn in ukjente)
            + ". Gyldige felt: "
            + ", ".join(FLETTEFELT)
            + ".",
            felt="mal",
        )
    lagret = lagre_innhold(innhold)
    mal.filnavn = (filnavn or "brevmal.docx")[:255]
    mal.sjekksum, mal.filstoerrelse = lagret.sjekksum, lagret.filstoerrelse
    mal.opprettet_av = utfoert_av.visningsnavn
    with logget_transaksjon():
        mal.save()
        logg_opprettet(mal, utfoert_av=utfoert_av)
    return mal


def mottaker_fra(part: Korrespondansepart) -> NyKorrespondansepart:
    """The sender of a letter as the recipient of the answer."""
    return NyKorrespondansepart(
        korrespondanseparttype="EM",
        navn=part.korrespondansepart_navn,
        subtype=part.korrespondansepartsubtype,
        postadresse=list(part.postadresse or []),
        postnummer=part.postnummer,
        poststed=part.poststed,
        epostadresse=part.epostadresse,
    )


def _verdier(
    journalpost: Journalpost,
    sak: Mappe,
    mottaker: NyKorrespondansepart,
    svar_paa: Any,
    utfoert_av: Any,
) -> dict[str, str]:
    adresse = [*mottaker.postadresse, f"{mottaker.postnummer} {mottaker.poststed}".strip()]
    enhet = sak.referanse_administrativ_enhet
    return {
        "saksnummer": sak.mappe_id,
        "sakstittel": sak.tittel,
        "var_referanse": journalpost.registrerings_id,
        "mottaker": mottaker.navn,
        "mottaker_adresse": "\n".join(linje for linje in adresse if linje),
        "deres_dato": _lang_dato(svar_paa.dokumentets_dato) if svar_paa else "",
        "saksbehandler": utfoert_av.visningsnavn,
        "enhet": enhet.administrativ_enhet_navn if enhet else "",
        "bydel": sak.arkiv.virksomhet.navn,
        "dato": _lang_dato(dato_i_oslo(naa())),
    }


def _filnavn(tittel: str) -> str:
    navn = re.sub(r"[^\w\- ]+", "", tittel).strip().replace(" ", "-")[:80]
    return f"{navn or 'brev'}.docx"


def brev_skriv(
    *,
    saksmappe: Mappe,
    brevmal: Brevmal,
    tittel: str,
    mottaker: NyKorrespondansepart,
    svar_paa: Journalpost | None = None,
    utfoert_av: Any,
) -> Journalpost:
    """A new outgoing letter (U, R) in the case to `mottaker`, written by the user, with the
    template merged as its main document (dokumentstatus B, under editing)."""
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", saksmappe)
    if not brevmal.aktiv or brevmal.virksomhet_id not in (None, virksomhet_id_for(saksmappe)):
        raise DomeneFeil("Brevmalen kan ikke brukes i denne saken.", felt="brevmal")
    mal = aapne(brevmal.sjekksum).read()
    with logget_transaksjon():
        journalpost = journalpost_registrer(
            saksmappe=saksmappe,
            tittel=tittel,
            journalposttype="U",
            journalstatus="R",
            korrespondanseparter=[mottaker],
            saksbehandler=utfoert_av,
            utfoert_av=utfoert_av,
        )
        brev = flett(mal, _verdier(journalpost, saksmappe, mottaker, svar_paa, utfoert_av))
        dokument_last_opp(
            registrering=journalpost,
            tittel=journalpost.tittel,
            innhold=brev,
            filnavn=_filnavn(journalpost.tittel),
            mime_type=DOCX_MIME_TYPE,
            tilknyttet_registrering_som="H",
            dokumentstatus="B",
            utfoert_av=utfoert_av,
        )
    return journalpost
