"""Everything written below a batch of mapper or registreringer, read in a fixed number of
queries per batch and grouped by owner in plain dicts.

Django's prefetch_related does the same reads, but then builds a queryset per object and
relation to hold the result, which cost the export four fifths of its time (bench.uttrekk).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Model, QuerySet

from arkivstruktur.models import (
    Dokumentobjekt,
    Dokumenttilknytning,
    Klasse,
    Konvertering,
    Kryssreferanse,
    Mappe,
    Merknad,
    Part,
    Registrering,
)
from sakarkiv.models import Avskrivning, Dokumentflyt, Korrespondansepart, Presedens

_TOM: tuple[Any, ...] = ()


def grupper(rader: Iterable[Model], felt: str) -> dict[int, list[Any]]:
    gruppert: dict[int, list[Any]] = defaultdict(list)
    for rad in rader:
        gruppert[getattr(rad, felt)].append(rad)
    return gruppert


def _gjennom(
    gjennom: QuerySet[Any], eier: str, maal: str, modell: type[Model], **relatert: Any
) -> dict[int, list[Any]]:
    """An m:n relation through its table: owner id → the related rows, in pk order."""
    par = list(gjennom.values_list(eier, maal))
    rader = modell._default_manager.filter(pk__in={m for _, m in par}, **relatert).in_bulk()
    gruppert: dict[int, list[Any]] = defaultdict(list)
    for eier_id, maal_id in sorted(par, key=lambda p: (p[0], p[1])):
        gruppert[eier_id].append(rader[maal_id])
    return gruppert


class Parti:
    """The related rows of one batch. `av(relasjon, id)` gives them in a stable order."""

    def __init__(self) -> None:
        self._relasjoner: dict[str, dict[int, list[Any]]] = {}

    def av(self, relasjon: str, eier_id: int) -> list[Any] | tuple[Any, ...]:
        return self._relasjoner.get(relasjon, {}).get(eier_id, _TOM)

    @classmethod
    def for_mapper(cls, ider: list[int]) -> Parti:
        parti = cls()
        r = parti._relasjoner
        r["mappe.parter"] = grupper(
            Part.objects.filter(mappe_id__in=ider).order_by("pk"), "mappe_id"
        )
        r["mappe.merknader"] = grupper(
            Merknad.objects.filter(mappe_id__in=ider).order_by("pk"), "mappe_id"
        )
        r["mappe.kryssreferanser"] = grupper(
            Kryssreferanse.objects.filter(fra_mappe_id__in=ider)
            .select_related("til_mappe", "til_registrering")
            .order_by("pk"),
            "fra_mappe_id",
        )
        r["mappe.sekundaerklassifikasjon"] = _gjennom(
            Mappe.sekundaerklassifikasjon.through.objects.filter(mappe_id__in=ider),
            "mappe_id",
            "klasse_id",
            Klasse,
        )
        r["mappe.presedenser"] = _gjennom(
            Presedens.saksmapper.through.objects.filter(mappe_id__in=ider),
            "mappe_id",
            "presedens_id",
            Presedens,
        )
        return parti

    @classmethod
    def for_registreringer(cls, registreringer: list[Registrering]) -> Parti:
        parti = cls()
        r = parti._relasjoner
        ider = [reg.pk for reg in registreringer]
        for navn, modell in (
            ("parter", Part),
            ("merknader", Merknad),
            ("korrespondanseparter", Korrespondansepart),
            ("dokumentflyt", Dokumentflyt),
        ):
            r[f"registrering.{navn}"] = grupper(
                modell._default_manager.filter(registrering_id__in=ider).order_by("pk"),
                "registrering_id",
            )
        r["registrering.kryssreferanser"] = grupper(
            Kryssreferanse.objects.filter(fra_registrering_id__in=ider)
            .select_related("til_mappe", "til_registrering")
            .order_by("pk"),
            "fra_registrering_id",
        )
        r["registrering.avskrivninger"] = grupper(
            Avskrivning.objects.filter(journalpost_id__in=ider)
            .select_related("referanse_avskrives_av_journalpost")
            .order_by("pk"),
            "journalpost_id",
        )
        r["registrering.presedenser"] = _gjennom(
            Presedens.journalposter.through.objects.filter(registrering_id__in=ider),
            "registrering_id",
            "presedens_id",
            Presedens,
        )
        tilknytninger = list(
            Dokumenttilknytning.objects.filter(registrering_id__in=ider)
            .select_related(
                "dokumentbeskrivelse__skjerming",
                "dokumentbeskrivelse__gradering",
                "dokumentbeskrivelse__kassasjon",
                "dokumentbeskrivelse__utfoert_kassasjon",
                "dokumentbeskrivelse__sletting",
                "dokumentbeskrivelse__elektronisk_signatur",
            )
            .order_by("registrering_id", "dokumentnummer")
        )
        r["registrering.tilknytninger"] = grupper(tilknytninger, "registrering_id")
        dokumenter = list({t.dokumentbeskrivelse_id for t in tilknytninger})
        for navn, modell in (("parter", Part), ("merknader", Merknad)):
            r[f"dokumentbeskrivelse.{navn}"] = grupper(
                modell._default_manager.filter(dokumentbeskrivelse_id__in=dokumenter).order_by(
                    "pk"
                ),
                "dokumentbeskrivelse_id",
            )
        objekter = list(
            Dokumentobjekt.objects.filter(dokumentbeskrivelse_id__in=dokumenter)
            .select_related("elektronisk_signatur")
            .order_by("versjonsnummer", "variantformat", "format", "pk")
        )
        r["dokumentbeskrivelse.dokumentobjekter"] = grupper(objekter, "dokumentbeskrivelse_id")
        r["dokumentobjekt.konverteringer"] = grupper(
            Konvertering.objects.filter(dokumentobjekt_id__in=[o.pk for o in objekter]).order_by(
                "pk"
            ),
            "dokumentobjekt_id",
        )
        return parti


def i_partier(rader: Iterator[Any], stoerrelse: int) -> Iterator[list[Any]]:
    """`rader` in lists of `stoerrelse`, the last one shorter."""
    parti: list[Any] = []
    for rad in rader:
        parti.append(rad)
        if len(parti) == stoerrelse:
            yield parti
            parti = []
    if parti:
        yield parti
