"""endringslogg.xml: the logged changes of metadata values of the units in the extract.

The schema wants both the earlier and the new value (M684, M685, each at least one
character), and Arkade wants every referanseArkivenhet to be a unit of arkivstruktur.xml
(N5.62). So the file holds the changes (U) of arkiv, arkivdel, classification, mappe,
registrering, dokumentbeskrivelse and dokumentobjekt where a value was replaced by another;
the first setting of a value, creations, deletions and reads stay in the system's own log.
A code field's values are written as their names (Journalført, not J), as arkivstruktur.xml
writes the field itself (model.md §7), and referanseMetadata (M681, "which metadata element
changed") as the element's Noark name (offentligTittel, not offentlig_tittel).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet
from lxml import etree  # type: ignore[import-untyped]

from arkivstruktur.models import (
    Arkiv,
    Arkivdel,
    Dokumentbeskrivelse,
    Dokumentobjekt,
    Klasse,
    Klassifikasjonssystem,
    Mappe,
    Registrering,
)
from kodeliste.services import kodenavn
from sporing.models import Endringslogg, Hendelsetype
from uttrekk.selectors import Omfang
from uttrekk.skjema import NS_ENDRINGSLOGG
from uttrekk.skriving import Navnerom

E = Navnerom(NS_ENDRINGSLOGG)
PER_PARTI = 2000

# The log's arkivenhetType (`sporing.services._arkivenhet_type`) → the model of its fields.
_MODELLER: dict[str, type[Model]] = {
    "arkiv": Arkiv,
    "arkivdel": Arkivdel,
    "klassifikasjonssystem": Klassifikasjonssystem,
    "klasse": Klasse,
    "mappe": Mappe,
    "saksmappe": Mappe,
    "registrering": Registrering,
    "journalpost": Registrering,
    "arkivnotat": Registrering,
    "dokumentbeskrivelse": Dokumentbeskrivelse,
    "dokumentobjekt": Dokumentobjekt,
}


def _modellfelt(arkivenhet_type: str, felt: str) -> Any:
    modell = _MODELLER.get(arkivenhet_type)
    try:
        return modell._meta.get_field(felt) if modell else None
    except FieldDoesNotExist:
        return None


@cache
def _kodeliste(arkivenhet_type: str, felt: str) -> str:
    """The code list of a logged field, or "" for a field that holds no code."""
    return str(getattr(_modellfelt(arkivenhet_type, felt), "kodeliste", ""))


_M_NAVN = re.compile(r"M\d{3} ([A-Za-z]+)")


@cache
def metadatanavn(arkivenhet_type: str, felt: str) -> str:
    """The Noark name of a logged field: the one its model field's help text gives after the
    M number (`M025 offentligTittel`), otherwise the field name in the standard's camel case
    (`referanse_administrativ_enhet` → `referanseAdministrativEnhet`)."""
    hjelp = str(getattr(_modellfelt(arkivenhet_type, felt), "help_text", ""))
    treff = _M_NAVN.match(hjelp)
    if treff:
        return treff.group(1)
    foerste, *resten = felt.split("_")
    return re.sub(r"Id$", "ID", foerste + "".join(ledd.capitalize() for ledd in resten))


def _verdi(arkivenhet_type: str, felt: str, verdi: str | None) -> str | None:
    liste = _kodeliste(arkivenhet_type, felt)
    return kodenavn(liste, verdi) if liste and verdi else verdi


def _enheter_i_uttrekket(omfang: Omfang) -> Q:
    """The log rows about units in the extract, as subqueries the database resolves."""
    arkivdeler = list(omfang.arkivdeler)
    systemer = {a.klassifikasjonssystem_id for a in arkivdeler if a.klassifikasjonssystem_id}
    ider = [omfang.arkiv.system_id, *(a.system_id for a in arkivdeler)]
    q = Q(referanse_arkivenhet__in=ider)
    q |= Q(
        referanse_arkivenhet__in=Klasse.objects.filter(
            klassifikasjonssystem_id__in=systemer
        ).values("system_id")
    )
    for arkivdel in arkivdeler:
        registreringer: QuerySet[Registrering] = omfang.registreringer(arkivdel)
        dokumenter = Dokumentbeskrivelse.objects.filter(
            tilknytninger__registrering__in=registreringer.values("pk")
        )
        q |= Q(referanse_arkivenhet__in=omfang.mapper(arkivdel).values("system_id"))
        q |= Q(referanse_arkivenhet__in=registreringer.values("system_id"))
        q |= Q(referanse_arkivenhet__in=dokumenter.values("system_id"))
        q |= Q(
            referanse_arkivenhet__in=Dokumentobjekt.objects.filter(
                dokumentbeskrivelse__in=dokumenter.values("pk")
            ).values("system_id")
        )
    return q


def skriv_endringslogg(omfang: Omfang, utmappe: Path) -> int:
    rader = (
        Endringslogg.objects.filter(hendelsetype=Hendelsetype.ENDRET)
        .exclude(Q(tidligere_verdi__isnull=True) | Q(tidligere_verdi__regex=r"^\s*$"))
        .exclude(Q(ny_verdi__isnull=True) | Q(ny_verdi__regex=r"^\s*$"))
        .exclude(referanse_metadata="")
        .exclude(endret_av="")
        .filter(_enheter_i_uttrekket(omfang))
        .order_by("loepenummer")
        .values_list(
            "referanse_arkivenhet",
            "arkivenhet_type",
            "referanse_metadata",
            "endret_dato",
            "endret_av",
            "tidligere_verdi",
            "ny_verdi",
        )
    )
    antall = 0
    with (
        (utmappe / "endringslogg.xml").open("wb") as fil,
        etree.xmlfile(fil, encoding="utf-8") as xf,
    ):
        xf.write_declaration()
        with xf.element(E.q("endringslogg"), nsmap=E.nsmap):
            for enhet, type_, metadata, dato, av, tidligere, ny in rader.iterator(
                chunk_size=PER_PARTI
            ):
                endring = E.element("endring")
                E.felt(endring, "referanseArkivenhet", enhet)
                E.felt(endring, "referanseMetadata", metadatanavn(type_, metadata))
                E.felt(endring, "endretDato", dato)
                E.felt(endring, "endretAv", av)
                E.felt(endring, "tidligereVerdi", _verdi(type_, metadata, tidligere))
                E.felt(endring, "nyVerdi", _verdi(type_, metadata, ny))
                xf.write(endring, pretty_print=True)
                antall += 1
    return antall
