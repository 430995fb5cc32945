"""Skjerming, kassasjon and gradering on the units of the archive tree (model.md §4.6–4.8, §6.6).

Storage (models/datatyper.py, ArverSkjermingOgKassasjon)
    Arkivdel, Klasse, Mappe, Registrering and Dokumentbeskrivelse point at their *effective*
    Skjerming and Kassasjon rows. A unit with a value of its own has `*_er_arvet = False`. A
    unit that inherits points at the very row of the unit it inherits from and has
    `*_er_arvet = True`, also when there is nothing to inherit and the pointer is empty; only
    a unit without sources (an arkivdel, a top-level klasse) has an empty pointer and `False`.
    An empty pointer counts as inheriting whatever the flag says (rows made before this code
    ran), so a unit cannot override an inherited value with "none". A change reaches the
    inheriting descendants by re-pointing them: one UPDATE per level and case, never a loop
    over rows. Replaced rows stay in the table unreferenced: deleting them could race with a
    unit being created from the same parent.

Sources: where a unit inherits from, in priority order (the first non-empty value wins)
    Klasse ............. its overordnet klasse. A top-level klasse has none: its system may
                         serve several arkivdeler.
    Mappe .............. an undermappe in the same arkivdel as its overmappe: the overmappe.
                         Any other mappe: its arkivdel, then its klasse. 5.10.10 makes the
                         arkivdel's kassasjon win over the klasse's; the standard orders no
                         sources for skjerming, and the same order is used for both.
    Registrering ....... in a mappe of the same arkivdel: the mappe. Otherwise its arkivdel,
                         then its klasse.
    Dokumentbeskrivelse  the registrering it was first attached to (if its own arkivdel is
                         set: the first one in that arkivdel).
    A unit whose arkivdel (referanseArkivdel, M208) differs from its parent's points at an
    "empty" arkivdel that carries rules, and inherits from that arkivdel instead of from its
    parent (model.md §3.3, §6.6). Arkivdel is the top: it inherits nothing.

Derived dates
    An inheriting unit shares its source's row, and so its dates. skjermingOpphoererDato is
    start + skjermingsvarighet, the start being the journaldato when the owner is a
    registrering that has one, else the owner's opprettetDato. kassasjonsdato is filled in
    only when its start, the closing of the mappe, is known as the value is set: on a closed
    mappe, or on a registrering in a closed mappe. Elsewhere it stays empty, and
    `effektiv_kassasjonsdato()` computes it for each unit from its mappe's avsluttetDato.

5.10.16 (switching inheritance of kassasjon off) is not configurable: inheritance is always on.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Trim

from arkivstruktur.models import (
    Arkivdel,
    Dokumentbeskrivelse,
    Dokumenttilknytning,
    Gradering,
    Kassasjon,
    Klasse,
    Mappe,
    Registrering,
    Skjerming,
)
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import dato_i_oslo, legg_til_aar, naa
from felles.validering import er_blank, krev_heltall, krev_tekst, valgfri_tekst
from kodeliste.services import kodeverdi_for_bruk, sett_kode
from sporing.services import logg_endret, logget
from tilgang.regler import er_systemadministrator, krev_tillatelse

Eier = Arkivdel | Klasse | Mappe | Registrering | Dokumentbeskrivelse

_EIERMODELLER: tuple[type[models.Model], ...] = (
    Arkivdel,
    Klasse,
    Mappe,
    Registrering,
    Dokumentbeskrivelse,
)
# Which kinds of unit can inherit from which (parent → children).
_BARN: dict[type[models.Model], tuple[type[models.Model], ...]] = {
    Arkivdel: (Mappe, Registrering, Dokumentbeskrivelse),
    Klasse: (Klasse, Mappe, Registrering),
    Mappe: (Mappe, Registrering),
    Registrering: (Dokumentbeskrivelse,),
    Dokumentbeskrivelse: (),
}
# Screening and retention periods in years: the longest in law is 100 (offentleglova § 30);
# the bound keeps computed dates inside the calendar.
MAKS_AAR = 1000
# Safety net against a cycle in the data (an overmappe chain that loops); real trees are a
# handful of levels deep.
_MAKS_NIVAAER = 100

# Security grades in order within each regime (model.md §4.7, Graderingskode M506).
_GRADERINGSNIVAA: dict[str, tuple[str, int]] = {
    "B": ("sikkerhetsloven", 1),
    "K": ("sikkerhetsloven", 2),
    "H": ("sikkerhetsloven", 3),
    "SH": ("sikkerhetsloven", 4),
    "F": ("beskyttelsesinstruksen", 1),
    "SF": ("beskyttelsesinstruksen", 2),
}


@dataclass(frozen=True)
class _Felt:
    navn: str

    @property
    def id(self) -> str:
        return f"{self.navn}_id"

    @property
    def arvet(self) -> str:
        return f"{self.navn}_er_arvet"

    def arver(self) -> Q:
        return Q(**{self.arvet: True}) | Q(**{f"{self.navn}__isnull": True})


SKJERMING = _Felt("skjerming")
KASSASJON = _Felt("kassasjon")


def _modell(enhet: models.Model) -> type[models.Model]:
    """The table's model, also for the proxies of sakarkiv (Saksmappe, Journalpost …)."""
    return type(enhet)._meta.concrete_model or type(enhet)


# --- sources -----------------------------------------------------------------------------------


def arvekilder(enhet: Eier) -> tuple[Eier | None, ...]:
    """The units `enhet` inherits skjerming and kassasjon from, in priority order (see the
    module docstring). Callers of `arv_ved_opprettelse` may pass `*arvekilder(enhet)`."""
    if isinstance(enhet, Klasse):
        return (enhet.overordnet_klasse,)
    if isinstance(enhet, Mappe):
        overmappe = enhet.overmappe
        if overmappe is not None and overmappe.arkivdel_id == enhet.arkivdel_id:
            return (overmappe,)
        return (enhet.arkivdel, enhet.klasse)
    if isinstance(enhet, Registrering):
        mappe = enhet.mappe
        if mappe is not None and mappe.arkivdel_id == enhet.arkivdel_id:
            return (mappe,)
        return (enhet.arkivdel, enhet.klasse)
    if isinstance(enhet, Dokumentbeskrivelse):
        tilknytninger = Dokumenttilknytning.objects.filter(dokumentbeskrivelse_id=enhet.pk)
        if enhet.arkivdel_id is not None:
            tilknytninger = tilknytninger.filter(registrering__arkivdel_id=enhet.arkivdel_id)
        foerste = tilknytninger.select_related("registrering").order_by("pk").first()
        if foerste is not None:
            return (foerste.registrering,)
        return (enhet.arkivdel,)
    return ()


def arv_ved_opprettelse(enhet: models.Model, *foreldre: models.Model | None) -> None:
    """Give a new, unsaved unit the effective skjerming and kassasjon of its sources.

    `foreldre` are the sources in priority order, as in `arvekilder()`: `(arkivdel, klasse)`
    for a mappe directly in an arkivdel or klasse (the arkivdel's kassasjon wins, 5.10.10),
    `(overmappe,)` for an undermappe, `(mappe,)` for a registrering, `(registrering,)` for a
    dokumentbeskrivelse; a unit pointing at a rule-carrying arkivdel passes that arkivdel.
    Does not save: the caller saves the unit.
    """
    kilder = [forelder for forelder in foreldre if forelder is not None]
    for felt in (SKJERMING, KASSASJON):
        verdi_id = next(
            (getattr(kilde, felt.id) for kilde in kilder if getattr(kilde, felt.id) is not None),
            None,
        )
        setattr(enhet, felt.id, verdi_id)
        setattr(enhet, felt.arvet, bool(kilder))


def arv_oppdater(enhet: Eier) -> None:
    """Recompute what `enhet` and its descendants inherit, after `enhet` was moved (to another
    arkivdel, klasse or mappe). Values of their own are kept. Not logged: the move is."""
    for felt in (SKJERMING, KASSASJON):
        modell = _modell(enhet)
        if getattr(enhet, felt.arvet) or getattr(enhet, felt.id) is None:
            _arv_paa_nytt(enhet, felt)
        _spre(modell, modell._base_manager.filter(pk=enhet.pk), felt)
    enhet.refresh_from_db(
        fields=["skjerming", "skjerming_er_arvet", "kassasjon", "kassasjon_er_arvet"]
    )


# --- bulk propagation ------------------------------------------------------------------------


def _verdi_fra(modell: type[models.Model], referanse: str, felt: _Felt) -> Subquery:
    return Subquery(modell._base_manager.filter(pk=OuterRef(referanse)).values(felt.id)[:1])


def _mappe_i_overmappens_arkivdel() -> Exists:
    return Exists(
        Mappe._base_manager.filter(pk=OuterRef("overmappe_id"), arkivdel_id=OuterRef("arkivdel_id"))
    )


def _registrering_i_mappens_arkivdel() -> Exists:
    return Exists(
        Mappe._base_manager.filter(pk=OuterRef("mappe_id"), arkivdel_id=OuterRef("arkivdel_id"))
    )


def _dokument_har_registrering_i_egen_arkivdel() -> Exists:
    return Exists(
        Dokumenttilknytning.objects.filter(
            dokumentbeskrivelse_id=OuterRef("pk"), registrering__arkivdel_id=OuterRef("arkivdel_id")
        )
    )


def _fra_foerste_registrering(felt: _Felt, *, i_egen_arkivdel: bool) -> Subquery:
    tilknytninger = Dokumenttilknytning.objects.filter(dokumentbeskrivelse_id=OuterRef("pk"))
    if i_egen_arkivdel:
        tilknytninger = tilknytninger.filter(registrering__arkivdel_id=OuterRef("arkivdel_id"))
    return Subquery(tilknytninger.order_by("pk").values(f"registrering__{felt.id}")[:1])


def _arveregler(modell: type[models.Model], felt: _Felt) -> list[tuple[Q, Any]]:
    """(which rows, their inherited value as an SQL expression): the sources of the module
    docstring written so that one UPDATE re-points every row a case covers."""
    fra_arkivdel_og_klasse = Coalesce(
        _verdi_fra(Arkivdel, "arkivdel_id", felt), _verdi_fra(Klasse, "klasse_id", felt)
    )
    if modell is Klasse:
        return [(Q(), _verdi_fra(Klasse, "overordnet_klasse_id", felt))]
    if modell is Mappe:
        i_overmappen = _mappe_i_overmappens_arkivdel()
        return [
            (Q(i_overmappen), _verdi_fra(Mappe, "overmappe_id", felt)),
            (~Q(i_overmappen), fra_arkivdel_og_klasse),
        ]
    if modell is Registrering:
        i_mappen = _registrering_i_mappens_arkivdel()
        return [
            (Q(i_mappen), _verdi_fra(Mappe, "mappe_id", felt)),
            (~Q(i_mappen), fra_arkivdel_og_klasse),
        ]
    if modell is Dokumentbeskrivelse:
        har_registrering = _dokument_har_registrering_i_egen_arkivdel()
        return [
            (Q(arkivdel__isnull=True), _fra_foerste_registrering(felt, i_egen_arkivdel=False)),
            (
                Q(arkivdel__isnull=False) & Q(har_registrering),
                _fra_foerste_registrering(felt, i_egen_arkivdel=True),
            ),
            (
                Q(arkivdel__isnull=False) & ~Q(har_registrering),
                _verdi_fra(Arkivdel, "arkivdel_id", felt),
            ),
        ]
    return []


def _barnevilkaar(
    forelder: type[models.Model], barn: type[models.Model], foreldre: QuerySet[Any]
) -> Q:
    """The `barn` rows that may inherit from a row of `foreldre` (a queryset of `forelder`)."""
    if barn is Klasse:
        return Q(overordnet_klasse__in=foreldre)
    if barn is Mappe:
        i_overmappen = Q(_mappe_i_overmappens_arkivdel())
        if forelder is Mappe:
            return Q(overmappe__in=foreldre) & i_overmappen
        return Q(**{f"{forelder._meta.model_name}__in": foreldre}) & ~i_overmappen
    if barn is Registrering:
        i_mappen = Q(_registrering_i_mappens_arkivdel())
        if forelder is Mappe:
            return Q(mappe__in=foreldre) & i_mappen
        return Q(**{f"{forelder._meta.model_name}__in": foreldre}) & ~i_mappen
    har_registrering = Q(_dokument_har_registrering_i_egen_arkivdel())
    if forelder is Arkivdel:
        return Q(arkivdel__in=foreldre) & ~har_registrering
    via_registrering = Q(
        Exists(
            Dokumenttilknytning.objects.filter(
                dokumentbeskrivelse_id=OuterRef("pk"), registrering__in=foreldre
            )
        )
    )
    return via_registrering & (Q(arkivdel__isnull=True) | har_registrering)


def _beregn_arv(modell: type[models.Model], omfang: QuerySet[Any], felt: _Felt) -> int:
    """Re-point the inheriting rows of `omfang` at their sources' current values.

    First every inheriting row gets `*_er_arvet = True` (an empty pointer already counted as
    inheriting), so the set stays identifiable while its pointers change.
    """
    antall: int = omfang.filter(felt.arver()).update(**{felt.arvet: True})
    if antall:
        arvende = omfang.filter(**{felt.arvet: True})
        for rader, verdi in _arveregler(modell, felt):
            arvende.filter(rader).update(**{felt.navn: verdi})
    return antall


def _spre(modell: type[models.Model], enheter: QuerySet[Any], felt: _Felt) -> None:
    """Carry the current values of `enheter` down to every descendant that inherits.

    Level by level: the rows re-pointed in one round are the parents of the next, so a row
    is always recomputed after its sources. Rows with a value of their own stop the descent.
    """
    runde: dict[type[models.Model], QuerySet[Any]] = {modell: enheter}
    for _ in range(_MAKS_NIVAAER):
        neste: dict[type[models.Model], QuerySet[Any]] = {}
        for barn in (Klasse, Mappe, Registrering, Dokumentbeskrivelse):
            vilkaar = [
                _barnevilkaar(forelder, barn, foreldre)
                for forelder, foreldre in runde.items()
                if barn in _BARN[forelder]
            ]
            if not vilkaar:
                continue
            omfang = barn._base_manager.filter(reduce(operator.or_, vilkaar))
            if _beregn_arv(barn, omfang, felt):
                neste[barn] = omfang.filter(**{felt.arvet: True})
        if not neste:
            return
        runde = neste
    raise RuntimeError("Arv av skjerming eller kassasjon: treet er dypere enn forventet (sirkel?).")


def _arv_paa_nytt(enhet: Eier, felt: _Felt) -> None:
    """Make `enhet` inherit again from its sources (or have nothing, at the top)."""
    modell = _modell(enhet)
    if not any(kilde is not None for kilde in arvekilder(enhet)):
        modell._base_manager.filter(pk=enhet.pk).update(**{felt.navn: None, felt.arvet: False})
    else:
        modell._base_manager.filter(pk=enhet.pk).update(**{felt.arvet: True})
        _beregn_arv(modell, modell._base_manager.filter(pk=enhet.pk), felt)
    enhet.refresh_from_db(fields=[felt.navn, felt.arvet])


def _antall_som_arver(verdi: models.Model, felt: _Felt) -> int:
    return sum(
        modell._base_manager.filter(**{felt.navn: verdi, felt.arvet: True}).count()
        for modell in _EIERMODELLER
    )


def _sett_egen_verdi(
    enhet: Eier, felt: _Felt, verdi: models.Model, *, utfoert_av: Any
) -> tuple[Any, int]:
    """Give `enhet` `verdi` as its own and carry it down. Returns (previous value, number of
    descendants that now inherit it)."""
    modell = _modell(enhet)
    tidligere = getattr(enhet, felt.navn)
    setattr(enhet, felt.navn, verdi)
    setattr(enhet, felt.arvet, False)
    _stemple_endret(enhet, utfoert_av=utfoert_av)
    enhet.save(
        update_fields=[felt.navn, felt.arvet, "endret_dato", "endret_av", "referanse_endret_av"]
    )
    _spre(modell, modell._base_manager.filter(pk=enhet.pk), felt)
    return tidligere, _antall_som_arver(verdi, felt)


def _fjern_egen_verdi(enhet: Eier, felt: _Felt, *, utfoert_av: Any) -> tuple[Any, int]:
    """`enhet` inherits again; descendants that inherited its value follow. Returns (removed
    value, number of descendants that followed)."""
    modell = _modell(enhet)
    tidligere = getattr(enhet, felt.navn)
    if tidligere is None or getattr(enhet, felt.arvet):
        raise DomeneFeil(
            f"Enheten har ingen egen {felt.navn} å fjerne.", felt=felt.navn, kode="mangler"
        )
    fulgte = _antall_som_arver(tidligere, felt)
    _arv_paa_nytt(enhet, felt)
    _spre(modell, modell._base_manager.filter(pk=enhet.pk), felt)
    _stemple_endret(enhet, utfoert_av=utfoert_av)
    enhet.save(update_fields=["endret_dato", "endret_av", "referanse_endret_av"])
    return tidligere, fulgte


# --- access and small helpers ----------------------------------------------------------------


def _krev_eier(enhet: object) -> None:
    if not isinstance(enhet, _EIERMODELLER):
        raise DomeneFeil(
            "Skjerming, kassasjon og gradering kan bare settes på arkivdel, klasse, mappe, "
            "registrering eller dokumentbeskrivelse.",
            felt="enhet",
        )


def _krev_tillatelse(utfoert_av: Any, enhet: Eier, *, tillatelse: str) -> None:
    """Arkivdel and klasse values are set by administrators (model.md §3.3, §3.5); on the
    lower levels the permission asked for (`arbeide` for skjerming and gradering, set by
    users; `forvalte` for kassasjon)."""
    if isinstance(enhet, Klasse):
        from arkivstruktur.services.klassifikasjon import krev_forvalte_klassifikasjon

        krev_forvalte_klassifikasjon(utfoert_av, enhet.klassifikasjonssystem)
        return
    if isinstance(enhet, Arkivdel):
        krev_tillatelse(utfoert_av, "arkivstruktur.forvalte", enhet)
        return
    objekt: Any = enhet
    if isinstance(enhet, Dokumentbeskrivelse):
        # A dokumentbeskrivelse reaches its virksomhet through its arkivdel or registrering.
        objekt = enhet.arkivdel or next(iter(arvekilder(enhet)), None)
        if objekt is None:
            if not er_systemadministrator(utfoert_av):
                raise IngenTilgang()
            return
    krev_tillatelse(utfoert_av, tillatelse, objekt)


def laas_rad(objekt: models.Model) -> None:
    """Lock the row for the rest of the transaction and read its current state into `objekt`
    (a no-op lock on SQLite, where the IMMEDIATE transaction already serialises writers)."""
    modell = _modell(objekt)
    list(modell._base_manager.select_for_update().filter(pk=objekt.pk).values_list("pk"))
    objekt.refresh_from_db()


def _stemple_endret(enhet: Eier, *, utfoert_av: Any) -> None:
    enhet.endret_dato = naa()
    enhet.endret_av = utfoert_av.visningsnavn
    enhet.referanse_endret_av = utfoert_av


def _logg(
    enhet: Eier,
    felt: _Felt,
    *,
    utfoert_av: Any,
    tidligere: str | None,
    ny: str | None,
    beskrivelse: str,
) -> None:
    logg_endret(
        enhet,
        utfoert_av=utfoert_av,
        felt=felt.navn,
        tidligere=tidligere,
        ny=ny,
        beskrivelse=beskrivelse,
    )


def _arvetekst(antall: int) -> str:
    if antall == 1:
        return "1 underliggende enhet arver verdien."
    return f"{antall} underliggende enheter arver verdien."


# --- skjerming ---------------------------------------------------------------------------------


def _skjermingsstart(enhet: Eier) -> dt.date:
    """model.md §4.6: the start is normally the journaldato; other units use their creation."""
    if isinstance(enhet, Registrering) and enhet.journaldato is not None:
        return enhet.journaldato
    return dato_i_oslo(enhet.opprettet_dato)


def ny_skjerming(
    *,
    enhet: Eier,
    tilgangsrestriksjon: str,
    skjermingshjemmel: str | None = None,
    skjerming_metadata: list[str],
    skjerming_dokument: str | None = None,
    skjermingsvarighet: int | None = None,
) -> Skjerming:
    """Validate and store a Skjerming row meant for `enhet` (not yet set on it).

    M501 skjermingshjemmel and M504 skjermingsvarighet are proposed from the access code when
    not given; M502 needs at least one code; screened words of a title (TMO, TRO) need an
    offentligTittel (M025); M505 skjermingOpphoererDato is computed (model.md §4.6).
    """
    kode = krev_tekst(
        tilgangsrestriksjon, felt="tilgangsrestriksjon", visningsnavn="Tilgangsrestriksjon"
    )
    verdi = kodeverdi_for_bruk(
        kodeliste="tilgangsrestriksjon",
        kode=kode,
        felt="tilgangsrestriksjon",
        visningsnavn="tilgangsrestriksjon",
    )
    skjerming = Skjerming()
    sett_kode(skjerming, "tilgangsrestriksjon", verdi.kode, visningsnavn="tilgangsrestriksjon")
    if er_blank(skjermingshjemmel):
        skjermingshjemmel = verdi.standard_skjermingshjemmel
    skjerming.skjermingshjemmel = krev_tekst(
        skjermingshjemmel, felt="skjermingshjemmel", visningsnavn="Skjermingshjemmel", maks=255
    )
    skjerming.skjerming_metadata = _skjermingsmetadata(skjerming_metadata)
    if {"TMO", "TRO"} & set(skjerming.skjerming_metadata) and er_blank(
        getattr(enhet, "offentlig_tittel", "-")
    ):
        raise DomeneFeil(
            "Offentlig tittel må fylles ut når ord i tittelen skjermes (TMO eller TRO).",
            felt="offentlig_tittel",
            kode="paakrevd",
        )
    if not er_blank(skjerming_dokument):
        sett_kode(
            skjerming,
            "skjerming_dokument",
            str(skjerming_dokument),
            visningsnavn="skjermingDokument",
        )
    if skjermingsvarighet is None:
        skjerming.skjermingsvarighet = verdi.standard_skjermingsvarighet
    else:
        skjerming.skjermingsvarighet = krev_heltall(
            skjermingsvarighet,
            felt="skjermingsvarighet",
            visningsnavn="Skjermingsvarighet",
            minst=1,
            maks=MAKS_AAR,
        )
    if skjerming.skjermingsvarighet is not None:
        skjerming.skjerming_opphoerer_dato = legg_til_aar(
            _skjermingsstart(enhet), skjerming.skjermingsvarighet
        )
    skjerming.save()
    return skjerming


def _skjermingsmetadata(verdier: object) -> list[str]:
    if isinstance(verdier, str) or not isinstance(verdier, list | tuple) or not verdier:
        raise DomeneFeil(
            "Skjerming metadata må inneholde minst én kode.",
            felt="skjerming_metadata",
            kode="paakrevd",
        )
    koder: list[str] = []
    for verdi in verdier:
        kode = kodeverdi_for_bruk(
            kodeliste="skjermingmetadata",
            kode=str(verdi),
            felt="skjerming_metadata",
            visningsnavn="skjermingMetadata",
        ).kode
        if kode not in koder:
            koder.append(kode)
    return koder


def _skjermingstekst(skjerming: Skjerming | None) -> str | None:
    if skjerming is None:
        return None
    deler = [
        f"tilgangsrestriksjon {skjerming.tilgangsrestriksjon}",
        f"skjermingshjemmel {skjerming.skjermingshjemmel}",
        f"skjermingMetadata {' '.join(skjerming.skjerming_metadata)}",
    ]
    if skjerming.skjerming_dokument:
        deler.append(f"skjermingDokument {skjerming.skjerming_dokument}")
    if skjerming.skjermingsvarighet is not None:
        deler.append(f"skjermingsvarighet {skjerming.skjermingsvarighet}")
    if skjerming.skjerming_opphoerer_dato is not None:
        deler.append(f"skjermingOpphoererDato {skjerming.skjerming_opphoerer_dato.isoformat()}")
    return "; ".join(deler)


def _krev_offentlig_tittel_der_ord_skjermes(skjerming: Skjerming) -> None:
    """TMO screens words of mappe titles, TRO of registrering titles: every mappe or
    registrering that now carries the skjerming needs an offentligTittel (model.md §4.6)."""
    for kode, modell, navn in (("TMO", Mappe, "mapper"), ("TRO", Registrering, "registreringer")):
        if kode not in skjerming.skjerming_metadata:
            continue
        mangler = (
            modell._base_manager.filter(skjerming=skjerming)
            .annotate(trimmet=Trim("offentlig_tittel"))
            .filter(trimmet="")
            .count()
        )
        if mangler:
            raise DomeneFeil(
                f"Offentlig tittel må fylles ut på alle {navn} som får skjermingen, fordi ord i "
                f"tittelen skjermes ({kode}). {mangler} {navn} mangler offentlig tittel.",
                felt="offentlig_tittel",
                kode="paakrevd",
            )


@logget
def skjerming_sett(
    *,
    enhet: Eier,
    tilgangsrestriksjon: str,
    skjermingshjemmel: str | None = None,
    skjerming_metadata: list[str],
    skjerming_dokument: str | None = None,
    skjermingsvarighet: int | None = None,
    utfoert_av: Any,
) -> Eier:
    """Give a unit a skjerming of its own and carry it down to the descendants that inherit
    (model.md §4.6, §6.6; 6.6.25 maintaining skjerming on every level, 6.6.26 inheritance).

    One endringslogg entry on the unit (felt `skjerming`) records the old and new value and
    how many descendants now inherit it.
    """
    _krev_eier(enhet)
    _krev_tillatelse(utfoert_av, enhet, tillatelse="arkivstruktur.arbeide")
    laas_rad(enhet)
    skjerming = ny_skjerming(
        enhet=enhet,
        tilgangsrestriksjon=tilgangsrestriksjon,
        skjermingshjemmel=skjermingshjemmel,
        skjerming_metadata=skjerming_metadata,
        skjerming_dokument=skjerming_dokument,
        skjermingsvarighet=skjermingsvarighet,
    )
    tidligere, antall = _sett_egen_verdi(enhet, SKJERMING, skjerming, utfoert_av=utfoert_av)
    _krev_offentlig_tittel_der_ord_skjermes(skjerming)
    _logg(
        enhet,
        SKJERMING,
        utfoert_av=utfoert_av,
        tidligere=_skjermingstekst(tidligere),
        ny=_skjermingstekst(skjerming),
        beskrivelse=_arvetekst(antall),
    )
    return enhet


@logget
def skjerming_fjern(*, enhet: Eier, utfoert_av: Any) -> Eier:
    """Remove a unit's own skjerming: it inherits from its sources again (or has none), and
    the descendants that inherited the removed value follow (model.md §6.6)."""
    _krev_eier(enhet)
    _krev_tillatelse(utfoert_av, enhet, tillatelse="arkivstruktur.arbeide")
    laas_rad(enhet)
    tidligere, antall = _fjern_egen_verdi(enhet, SKJERMING, utfoert_av=utfoert_av)
    _logg(
        enhet,
        SKJERMING,
        utfoert_av=utfoert_av,
        tidligere=_skjermingstekst(tidligere),
        ny=_skjermingstekst(enhet.skjerming),
        beskrivelse=f"Egen skjerming er fjernet; enheten arver igjen. {_fulgte_tekst(antall)}",
    )
    return enhet


def _fulgte_tekst(antall: int) -> str:
    if antall == 1:
        return "1 underliggende enhet fulgte med."
    return f"{antall} underliggende enheter fulgte med."


# --- kassasjon ---------------------------------------------------------------------------------


def _kassasjonsstart(enhet: Eier) -> dt.date | None:
    """model.md §4.8: retention usually runs from the closing of the mappe."""
    mappe: Mappe | None = None
    if isinstance(enhet, Mappe):
        mappe = enhet
    elif isinstance(enhet, Registrering):
        mappe = enhet.mappe
    elif isinstance(enhet, Dokumentbeskrivelse):
        kilde = next(iter(arvekilder(enhet)), None)
        mappe = kilde.mappe if isinstance(kilde, Registrering) else None
    if mappe is None or mappe.avsluttet_dato is None:
        return None
    return dato_i_oslo(mappe.avsluttet_dato)


def effektiv_kassasjonsdato(enhet: Eier) -> dt.date | None:
    """kassasjonsdato (M452) as an extract writes it for this unit: the stored date, else
    closing date of its mappe + bevaringstid, else none (the mappe is still open)."""
    kassasjon = enhet.kassasjon
    if kassasjon is None:
        return None
    if kassasjon.kassasjonsdato is not None:
        return kassasjon.kassasjonsdato
    start = _kassasjonsstart(enhet)
    return legg_til_aar(start, kassasjon.bevaringstid) if start is not None else None


def _kassasjonstekst(kassasjon: Kassasjon | None) -> str | None:
    if kassasjon is None:
        return None
    deler = [
        f"kassasjonsvedtak {kassasjon.kassasjonsvedtak}",
        f"bevaringstid {kassasjon.bevaringstid}",
    ]
    if kassasjon.kassasjonshjemmel:
        deler.append(f"kassasjonshjemmel {kassasjon.kassasjonshjemmel}")
    if kassasjon.kassasjonsdato is not None:
        deler.append(f"kassasjonsdato {kassasjon.kassasjonsdato.isoformat()}")
    return "; ".join(deler)


@logget
def kassasjon_sett(
    *,
    enhet: Eier,
    kassasjonsvedtak: str,
    bevaringstid: int,
    kassasjonshjemmel: str = "",
    utfoert_av: Any,
) -> Eier:
    """Give a unit a retention decision of its own and carry it down (model.md §4.8, §6.6;
    5.10.9 inheritance, 5.10.10 the arkivdel's kassasjon wins over the klasse's). Set by an
    administrator on every level ("A, then I")."""
    _krev_eier(enhet)
    _krev_tillatelse(utfoert_av, enhet, tillatelse="arkivstruktur.forvalte")
    laas_rad(enhet)
    kassasjon = Kassasjon()
    vedtak = krev_tekst(kassasjonsvedtak, felt="kassasjonsvedtak", visningsnavn="Kassasjonsvedtak")
    sett_kode(kassasjon, "kassasjonsvedtak", vedtak, visningsnavn="kassasjonsvedtak")
    kassasjon.bevaringstid = krev_heltall(
        bevaringstid, felt="bevaringstid", visningsnavn="Bevaringstid", minst=0, maks=MAKS_AAR
    )
    kassasjon.kassasjonshjemmel = valgfri_tekst(
        kassasjonshjemmel, felt="kassasjonshjemmel", visningsnavn="Kassasjonshjemmel", maks=255
    )
    start = _kassasjonsstart(enhet)
    if start is not None:
        kassasjon.kassasjonsdato = legg_til_aar(start, kassasjon.bevaringstid)
    kassasjon.save()
    tidligere, antall = _sett_egen_verdi(enhet, KASSASJON, kassasjon, utfoert_av=utfoert_av)
    _logg(
        enhet,
        KASSASJON,
        utfoert_av=utfoert_av,
        tidligere=_kassasjonstekst(tidligere),
        ny=_kassasjonstekst(kassasjon),
        beskrivelse=_arvetekst(antall),
    )
    return enhet


@logget
def kassasjon_fjern(*, enhet: Eier, utfoert_av: Any) -> Eier:
    """Remove a unit's own kassasjon: it inherits again, and so do the descendants that
    inherited the removed value (model.md §6.6)."""
    _krev_eier(enhet)
    _krev_tillatelse(utfoert_av, enhet, tillatelse="arkivstruktur.forvalte")
    laas_rad(enhet)
    tidligere, antall = _fjern_egen_verdi(enhet, KASSASJON, utfoert_av=utfoert_av)
    _logg(
        enhet,
        KASSASJON,
        utfoert_av=utfoert_av,
        tidligere=_kassasjonstekst(tidligere),
        ny=_kassasjonstekst(enhet.kassasjon),
        beskrivelse=f"Egen kassasjon er fjernet; enheten arver igjen. {_fulgte_tekst(antall)}",
    )
    return enhet


# --- gradering ---------------------------------------------------------------------------------


def er_lavere_gradering(kode: str, enn: str) -> bool:
    """True when both grades are known, in the same regime, and `kode` is the lower one."""
    ny, gammel = _GRADERINGSNIVAA.get(kode), _GRADERINGSNIVAA.get(enn)
    return ny is not None and gammel is not None and ny[0] == gammel[0] and ny[1] < gammel[1]


@logget
def gradering_sett(
    *,
    enhet: Eier,
    graderingskode: str,
    utfoert_av: Any,
    graderingsdato: dt.datetime | None = None,
    gradert_av: str | None = None,
) -> Eier:
    """Grade a unit (model.md §4.7). graderingsdato and gradertAv (M624/M625) are set by the
    system, unless given: a fagsystem that graded the record names who did and when
    (client-compat.md §6.2); referanseGradertAv is always the user who writes it here.
    Gradering is not inherited. A lower grade than the current one is a downgrade and goes
    through `gradering_nedgrader`, which records who lowered it and when."""
    _krev_eier(enhet)
    _krev_tillatelse(utfoert_av, enhet, tillatelse="arkivstruktur.arbeide")
    laas_rad(enhet)
    kode = krev_tekst(graderingskode, felt="graderingskode", visningsnavn="Graderingskode")
    gradering = Gradering(
        graderingsdato=graderingsdato or naa(),
        gradert_av=valgfri_tekst(gradert_av, felt="gradertAv", visningsnavn="Gradert av", maks=255)
        or utfoert_av.visningsnavn,
        referanse_gradert_av=utfoert_av,
    )
    sett_kode(gradering, "graderingskode", kode, visningsnavn="graderingskode")
    tidligere: Gradering | None = enhet.gradering
    if tidligere is not None and er_lavere_gradering(
        gradering.graderingskode, tidligere.graderingskode
    ):
        raise DomeneFeil(
            "En lavere gradering enn den enheten har, må settes som en nedgradering.",
            felt="graderingskode",
        )
    gradering.save()
    enhet.gradering = gradering
    _stemple_endret(enhet, utfoert_av=utfoert_av)
    enhet.save(update_fields=["gradering", "endret_dato", "endret_av", "referanse_endret_av"])
    logg_endret(
        enhet,
        utfoert_av=utfoert_av,
        felt="gradering",
        tidligere=tidligere.graderingskode if tidligere else None,
        ny=gradering.graderingskode,
    )
    return enhet


@logget
def gradering_nedgrader(*, enhet: Eier, graderingskode: str | None = None, utfoert_av: Any) -> Eier:
    """Lower a unit's gradering to `graderingskode`, or remove it when that is None
    (avgradering). nedgraderingsdato and nedgradertAv (M626/M627) are set by the system on
    the gradering; after an avgradering they remain in the endringslogg only."""
    _krev_eier(enhet)
    _krev_tillatelse(utfoert_av, enhet, tillatelse="arkivstruktur.arbeide")
    laas_rad(enhet)
    gradering: Gradering | None = enhet.gradering
    if gradering is None:
        raise DomeneFeil("Enheten er ikke gradert.", felt="gradering", kode="mangler")
    tidligere = gradering.graderingskode
    if graderingskode is not None:
        kode = kodeverdi_for_bruk(
            kodeliste="graderingskode",
            kode=graderingskode,
            felt="graderingskode",
            visningsnavn="graderingskode",
        ).kode
        if not er_lavere_gradering(kode, tidligere):
            raise DomeneFeil(
                f"Graderingskoden «{kode}» er ikke en lavere gradering enn «{tidligere}» "
                "i samme regelverk.",
                felt="graderingskode",
            )
        sett_kode(gradering, "graderingskode", kode, visningsnavn="graderingskode")
    gradering.nedgraderingsdato = naa()
    gradering.nedgradert_av = utfoert_av.visningsnavn
    gradering.referanse_nedgradert_av = utfoert_av
    gradering.save()
    if graderingskode is None:
        enhet.gradering = None
    _stemple_endret(enhet, utfoert_av=utfoert_av)
    enhet.save(update_fields=["gradering", "endret_dato", "endret_av", "referanse_endret_av"])
    if graderingskode is None:
        logg_endret(
            enhet,
            utfoert_av=utfoert_av,
            felt="gradering",
            tidligere=tidligere,
            ny=None,
            beskrivelse="Avgradert.",
        )
    else:
        logg_endret(
            enhet,
            utfoert_av=utfoert_av,
            felt="gradering",
            tidligere=tidligere,
            ny=gradering.graderingskode,
            beskrivelse="Nedgradert.",
        )
    return enhet
