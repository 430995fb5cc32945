"""endringslogg.xml: the logged changes of metadata values of the units in the extract.

The schema wants both the earlier and the new value (M684, M685, each at least one
character), and Arkade wants every referanseArkivenhet to be a unit of arkivstruktur.xml
(N5.62). So the file holds the changes (U) of arkiv, arkivdel, classification, mappe,
registrering, dokumentbeskrivelse and dokumentobjekt where a value was replaced by another;
the first setting of a value, creations, deletions and reads stay in the system's own log.
"""

from __future__ import annotations

from pathlib import Path

from django.db.models import Q, QuerySet
from lxml import etree  # type: ignore[import-untyped]

from arkivstruktur.models import Dokumentbeskrivelse, Dokumentobjekt, Klasse, Registrering
from sporing.models import Endringslogg, Hendelsetype
from uttrekk.selectors import Omfang
from uttrekk.skjema import NS_ENDRINGSLOGG
from uttrekk.skriving import Navnerom

E = Navnerom(NS_ENDRINGSLOGG)
PER_PARTI = 2000


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
            for enhet, metadata, dato, av, tidligere, ny in rader.iterator(chunk_size=PER_PARTI):
                endring = E.element("endring")
                E.felt(endring, "referanseArkivenhet", enhet)
                E.felt(endring, "referanseMetadata", metadata)
                E.felt(endring, "endretDato", dato)
                E.felt(endring, "endretAv", av)
                E.felt(endring, "tidligereVerdi", tidligere)
                E.felt(endring, "nyVerdi", ny)
                xf.write(endring, pretty_print=True)
                antall += 1
    return antall
