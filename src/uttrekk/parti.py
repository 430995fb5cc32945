"""Everything written below a batch of mapper or registreringer, read in a fixed number of
queries per batch and grouped by owner in plain dicts.

Django's prefetch_related does the same reads, but then builds a queryset per object and
relation to hold the result, which cost the export four fifths of its time (bench.uttrekk).
The rows there are one or more per journalpost (documents, files, parties) are read as `Rad`s,
plain objects with the columns as attributes, since a model instance costs several times as
much to build; the rare ones stay model instances.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL

from arkivstruktur.models import (
    Dokumentbeskrivelse,
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


class Rad:
    """One row: its columns as attributes by attname (`registrering_id`), `pk`, and its
    model's `_meta` on the class, so that `skriving.navn` finds the code list of a field.
    Relations are not followed: `knytt` sets the ones the export reads."""

    _meta: Any

    @property
    def pk(self) -> Any:
        return self.__dict__[self._meta.pk.attname]


_RADKLASSER: dict[type[Model], type[Rad]] = {}


def rader(radene: QuerySet[Any], *, uten: Iterable[str] = ()) -> list[Any]:
    """The rows of `radene` as `Rad`s with every column but those in `uten`."""
    modell = radene.model
    klasse = _RADKLASSER.get(modell)
    if klasse is None:
        # The access rules (tilgang.skjerming) read a record through its tilgangsfelter.
        egenskaper = {
            "_meta": modell._meta,
            "tilgangsfelter": getattr(modell, "tilgangsfelter", None),
        }
        klasse = type(f"{modell.__name__}Rad", (Rad,), egenskaper)
        _RADKLASSER[modell] = klasse
    navn = [f.attname for f in modell._meta.concrete_fields if f.name not in set(uten)]
    ut = []
    for verdier in radene.values_list(*navn):
        rad = klasse.__new__(klasse)
        rad.__dict__.update(zip(navn, verdier, strict=True))
        ut.append(rad)
    return ut


def blant(ider: Iterable[int]) -> Any:
    """`ider` as the right side of an `__in` filter, written into the SQL as a list of
    integers. Django would prepare each value of a list on its own, a tenth of the export's
    time with a batch's thousands of keys; these are keys the export read itself."""
    tall = sorted({int(i) for i in ider})
    # Only integers reach the SQL: int() above refuses anything else.
    return RawSQL(",".join(map(str, tall)), ()) if tall else []  # noqa: S611


def registreringsrader(radene: QuerySet[Registrering]) -> list[Any]:
    """The registreringer as `Rad`s with what each row refers to; what hangs below comes from
    `Parti.for_registreringer`."""
    ut = rader(radene)
    knytt(ut, "skjerming", "gradering", "kassasjon", "elektronisk_signatur")
    return ut


def knytt(radene: list[Any], *relasjoner: str) -> None:
    """Set each foreign key in `relasjoner` on `radene` to its object (None when empty), read
    in one query per relation."""
    if not radene:
        return
    for relasjon in relasjoner:
        felt = radene[0]._meta.get_field(relasjon)
        ider = {getattr(rad, felt.attname) for rad in radene} - {None}
        objekter = felt.related_model._default_manager.filter(pk__in=blant(ider)).in_bulk()
        for rad in radene:
            setattr(rad, relasjon, objekter.get(getattr(rad, felt.attname)))


def grupper(rader: Iterable[Any], felt: str) -> dict[int, list[Any]]:
    gruppert: dict[int, list[Any]] = defaultdict(list)
    for rad in rader:
        gruppert[getattr(rad, felt)].append(rad)
    return gruppert


def _gjennom(
    gjennom: QuerySet[Any], eier: str, maal: str, modell: type[Model], **relatert: Any
) -> dict[int, list[Any]]:
    """An m:n relation through its table: owner id → the related rows, in pk order."""
    par = list(gjennom.values_list(eier, maal))
    rader = modell._default_manager.filter(pk__in=blant(m for _, m in par), **relatert).in_bulk()
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
            Part.objects.filter(mappe_id__in=blant(ider)).order_by("pk"), "mappe_id"
        )
        r["mappe.merknader"] = grupper(
            Merknad.objects.filter(mappe_id__in=blant(ider)).order_by("pk"), "mappe_id"
        )
        r["mappe.kryssreferanser"] = grupper(
            Kryssreferanse.objects.filter(fra_mappe_id__in=blant(ider))
            .select_related("til_mappe", "til_registrering")
            .order_by("pk"),
            "fra_mappe_id",
        )
        r["mappe.sekundaerklassifikasjon"] = _gjennom(
            Mappe.sekundaerklassifikasjon.through.objects.filter(mappe_id__in=blant(ider)),
            "mappe_id",
            "klasse_id",
            Klasse,
        )
        r["mappe.presedenser"] = _gjennom(
            Presedens.saksmapper.through.objects.filter(mappe_id__in=blant(ider)),
            "mappe_id",
            "presedens_id",
            Presedens,
        )
        return parti

    @classmethod
    def for_registreringer(cls, registreringer: list[Any]) -> Parti:
        parti = cls()
        r = parti._relasjoner
        ider = [reg.pk for reg in registreringer]
        for navn, modell in (
            ("parter", Part),
            ("merknader", Merknad),
            ("dokumentflyt", Dokumentflyt),
        ):
            r[f"registrering.{navn}"] = grupper(
                modell._default_manager.filter(registrering_id__in=blant(ider)).order_by("pk"),
                "registrering_id",
            )
        r["registrering.korrespondanseparter"] = grupper(
            rader(
                Korrespondansepart.objects.filter(registrering_id__in=blant(ider)).order_by("pk"),
                uten=["virksomhetsspesifikke_metadata"],
            ),
            "registrering_id",
        )
        r["registrering.kryssreferanser"] = grupper(
            Kryssreferanse.objects.filter(fra_registrering_id__in=blant(ider))
            .select_related("til_mappe", "til_registrering")
            .order_by("pk"),
            "fra_registrering_id",
        )
        r["registrering.avskrivninger"] = grupper(
            Avskrivning.objects.filter(journalpost_id__in=blant(ider))
            .select_related("referanse_avskrives_av_journalpost")
            .order_by("pk"),
            "journalpost_id",
        )
        r["registrering.presedenser"] = _gjennom(
            Presedens.journalposter.through.objects.filter(registrering_id__in=blant(ider)),
            "registrering_id",
            "presedens_id",
            Presedens,
        )
        tilknytninger = rader(
            Dokumenttilknytning.objects.filter(registrering_id__in=blant(ider)).order_by(
                "registrering_id", "dokumentnummer"
            )
        )
        dokumenter = {
            d.pk: d
            for d in rader(
                Dokumentbeskrivelse.objects.filter(
                    pk__in=blant(t.dokumentbeskrivelse_id for t in tilknytninger)
                ),
                uten=["virksomhetsspesifikke_metadata"],
            )
        }
        knytt(
            list(dokumenter.values()),
            "skjerming",
            "gradering",
            "kassasjon",
            "utfoert_kassasjon",
            "sletting",
            "elektronisk_signatur",
        )
        for tilknytning in tilknytninger:
            tilknytning.dokumentbeskrivelse = dokumenter[tilknytning.dokumentbeskrivelse_id]
        r["registrering.tilknytninger"] = grupper(tilknytninger, "registrering_id")
        for navn, modell in (("parter", Part), ("merknader", Merknad)):
            r[f"dokumentbeskrivelse.{navn}"] = grupper(
                modell._default_manager.filter(
                    dokumentbeskrivelse_id__in=blant(dokumenter)
                ).order_by("pk"),
                "dokumentbeskrivelse_id",
            )
        objekter = rader(
            Dokumentobjekt.objects.filter(dokumentbeskrivelse_id__in=blant(dokumenter)).order_by(
                "versjonsnummer", "variantformat", "format", "pk"
            )
        )
        knytt(objekter, "elektronisk_signatur")
        r["dokumentbeskrivelse.dokumentobjekter"] = grupper(objekter, "dokumentbeskrivelse_id")
        r["dokumentobjekt.konverteringer"] = grupper(
            Konvertering.objects.filter(
                dokumentobjekt_id__in=blant(o.pk for o in objekter)
            ).order_by("pk"),
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
