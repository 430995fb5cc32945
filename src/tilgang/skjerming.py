"""What of a screened record a reader may see (model.md §4.6, §6.7; SkjermingMetadata M502).

Pure functions: they read the record's effective skjerming and gradering (load them with
`select_related`, as the record's arkiv) and the reader's profile, and run no queries.

Who sees what (docs/tilgangsmatrise.md):

* Inside the organisation a record is either hidden (`synlig_for` leaves it out; the answer is
  404) or shown in full. Everyone `synlig_for` lets through is authorised for the screening:
  they hold the access code for the record's district or unit, are responsible for it, or have
  a sakstilgang to its case. Screening under offentleglova restricts the public; internally
  it is need to know, and those reasons are the need. `vurder_innsyn` names the reason, and
  every such read is logged (`tilgang.lesing`).
* Masked: `offentlig_visning` (lists, the public journal) and `skjermet_visning` for a reader
  without a reason (a record reached through a parent, a future public view). The codes of
  skjermingMetadata say what is hidden: TM1/TR1 the title except its first line, TMO/TRO the
  title is replaced by offentligTittel, NPS the names of parties, NA senders, NM recipients,
  TD the document title, MT remark texts, KID/TKL the class id/title, and M (temporary,
  until assessed) all of these.
* A skjerming that has lapsed (skjermingOpphoererDato before today; never for XX or M)
  hides nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from tilgang.omfang import (
    MIDLERTIDIG_SKJERMINGMETADATA,
    MIDLERTIDIG_TILGANGSRESTRIKSJON,
    Tilgangsfelter,
    idag,
)
from tilgang.profil import Tilgangsprofil, tilgangsprofil

SKJULT = "*****"

# Korrespondanseparttype (M087): who counts as sender (NA) and as recipient (NM).
AVSENDERTYPER = frozenset({"EA", "IA", "IS"})
MOTTAKERTYPER = frozenset({"EM", "EK", "GM", "IM", "IK"})

# The title codes of each kind of record: (all but the first line, selected words).
_TITTELKODER = {"mappe": ("TM1", "TMO"), "registrering": ("TR1", "TRO")}


# --- the skjerming itself -------------------------------------------------------------------


def er_midlertidig(skjerming: Any) -> bool:
    """Temporary screening until assessed: code XX or skjermingMetadata M; no end date."""
    return skjerming.tilgangsrestriksjon == MIDLERTIDIG_TILGANGSRESTRIKSJON or (
        MIDLERTIDIG_SKJERMINGMETADATA in (skjerming.skjerming_metadata or [])
    )


def skjerming_virker(skjerming: Any, dato: dt.date | None = None) -> bool:
    """The skjerming restricts access on `dato` (today): the same rule as
    `omfang.skjerming_virker_q`, in Python."""
    if skjerming is None or not skjerming.tilgangsrestriksjon:
        return False
    opphoerer = skjerming.skjerming_opphoerer_dato
    if opphoerer is None or er_midlertidig(skjerming):
        return True
    return bool(opphoerer >= (dato or idag()))


def gradering_virker(gradering: Any) -> bool:
    return gradering is not None and bool(gradering.graderingskode)


def offentlig_tittel_foreslaa(tittel: str, skjermede_ord: Iterable[str]) -> str:
    """offentligTittel (M025) proposed from the title: every whole-word occurrence of each
    screened word (case ignored) becomes *****. A phrase counts as its words, so "Ola Hansen"
    gives "***** *****", as in the standard's example."""
    ord_ = {o for uttrykk in skjermede_ord for o in str(uttrykk).split() if o}
    if not ord_:
        return tittel
    # Longest first, so that "Hansen-Olsen" wins over "Hansen".
    alternativer = "|".join(re.escape(o) for o in sorted(ord_, key=lambda o: (-len(o), o)))
    return re.sub(rf"(?<!\w)(?:{alternativer})(?!\w)", SKJULT, tittel, flags=re.IGNORECASE)


# --- the record's context, read through its Tilgangsfelter ----------------------------------


def _modellnavn(objekt: Any) -> str:
    meta = type(objekt)._meta
    konkret = meta.concrete_model or type(objekt)
    return str(konkret._meta.model_name)


def _sti(objekt: Any, sti: str | None) -> Any:
    if objekt is None or not sti:
        return None
    if sti == "pk":
        return objekt.pk
    verdi = objekt
    for ledd in sti.split("__"):
        verdi = getattr(verdi, ledd, None)
        if verdi is None:
            return None
    return verdi


class _Kontekst:
    """What the rules need to know about a record, read through its Tilgangsfelter.

    A dokumentobjekt is judged by its dokumentbeskrivelse; a dokumentbeskrivelse by its own
    skjerming and gradering, and by the registrering `via` which it is reached (unit,
    responsible person, case) when given. The paths beyond skjerming and gradering are read
    only when needed, so that a list of open records follows no relation.
    """

    def __init__(self, objekt: Any, via: Any = None) -> None:
        if _modellnavn(objekt) == "dokumentobjekt":
            objekt = objekt.dokumentbeskrivelse
        self.objekt, self.via = objekt, via
        self.felter: Tilgangsfelter = objekt.tilgangsfelter
        self.modell = _modellnavn(objekt)
        self.kilde, self.kildefelter = (
            (objekt, self.felter) if via is None else (via, via.tilgangsfelter)
        )

    @cached_property
    def skjerming(self) -> Any:
        return _sti(self.objekt, self.felter.skjerming)

    @cached_property
    def gradering(self) -> Any:
        # Gradering is not inherited (model.md §6.6): a document has its own, and is reached
        # only through a registrering whose own gradering also applies.
        gradering = _sti(self.objekt, self.felter.gradering or "gradering")
        if gradering is None and self.via is not None:
            gradering = _sti(self.via, self.kildefelter.gradering)
        return gradering

    @cached_property
    def virksomhet_id(self) -> int | None:
        virksomhet_id = _sti(self.objekt, self.felter.virksomhet)
        if virksomhet_id is None and self.via is not None:
            virksomhet_id = _sti(self.via, self.kildefelter.virksomhet)
        return virksomhet_id  # type: ignore[no-any-return]

    @property
    def enhet_id(self) -> int | None:
        return _sti(self.kilde, self.kildefelter.enhet)  # type: ignore[no-any-return]

    @property
    def ansvarlig_id(self) -> int | None:
        return _sti(self.kilde, self.kildefelter.ansvarlig)  # type: ignore[no-any-return]

    @property
    def sak_id(self) -> int | None:
        return _sti(self.kilde, self.kildefelter.sak)  # type: ignore[no-any-return]


# --- the reader's authorisation --------------------------------------------------------------


@dataclass(frozen=True)
class Innsyn:
    """Whether the reader is authorised for the record's screening and grading, and why."""

    er_skjermet: bool  # a skjerming is in force
    er_gradert: bool
    har_innsyn: bool  # authorised for the skjerming (True when there is none in force)
    er_klarert: bool  # holds a covering clearance (True when not graded)
    grunnlag: str  # "tilgangskode 13 for Bydel Alna; klarering K": the reasons, for the log
    skjermingshjemmel: str
    graderingskode: str

    @property
    def er_beskyttet(self) -> bool:
        """Reading it is logged: screened or graded."""
        return self.er_skjermet or self.er_gradert

    @property
    def full_visning(self) -> bool:
        return self.har_innsyn and self.er_klarert


def _grunnlag_for_skjerming(profil: Tilgangsprofil, k: _Kontekst) -> str | None:
    kode = k.skjerming.tilgangsrestriksjon
    for tilgang in profil.koder:
        if tilgang.kode != kode:
            continue
        if tilgang.virksomhet_id is not None and tilgang.virksomhet_id == k.virksomhet_id:
            return f"tilgangskode {kode} for {tilgang.omfang}"
        if tilgang.virksomhet_id is None and k.enhet_id in tilgang.enheter:
            return f"tilgangskode {kode} for {tilgang.omfang}"
    if k.ansvarlig_id is not None and k.ansvarlig_id == profil.bruker_id:
        return "saksansvarlig" if k.modell == "mappe" else "saksbehandler for registreringen"
    for sak in profil.saker:
        if sak.mappe_id == k.sak_id:
            return f"sakstilgang gitt av {sak.gitt_av}"
    return None


def _grunnlag_for_gradering(profil: Tilgangsprofil, k: _Kontekst) -> str | None:
    kode = k.gradering.graderingskode
    for klarering in profil.klareringer:
        if kode in klarering.grader and klarering.virksomhet_id in (None, k.virksomhet_id):
            omfang = f" for {klarering.omfang}" if klarering.omfang else ""
            return f"klarering {klarering.graderingskode}{omfang}"
    return None


def vurder_innsyn(
    objekt: Any, bruker: Any, *, via: Any = None, dato: dt.date | None = None
) -> Innsyn:
    """The reader's authorisation for `objekt` (a mappe, registrering, dokumentbeskrivelse
    or dokumentobjekt), the same rules as `synlig_for`, named for the read log."""
    profil = bruker if isinstance(bruker, Tilgangsprofil) else tilgangsprofil(bruker)
    k = _Kontekst(objekt, via)
    er_skjermet = skjerming_virker(k.skjerming, dato)
    er_gradert = gradering_virker(k.gradering)
    grunnlag: list[str] = []
    har_innsyn = er_klarert = True
    if er_skjermet:
        hvorfor = _grunnlag_for_skjerming(profil, k) if profil.er_innlogget else None
        har_innsyn = hvorfor is not None
        grunnlag += [hvorfor] if hvorfor else []
    if er_gradert:
        hvorfor = _grunnlag_for_gradering(profil, k) if profil.er_innlogget else None
        er_klarert = hvorfor is not None
        grunnlag += [hvorfor] if hvorfor else []
    return Innsyn(
        er_skjermet=er_skjermet,
        er_gradert=er_gradert,
        har_innsyn=har_innsyn,
        er_klarert=er_klarert,
        grunnlag="; ".join(grunnlag),
        skjermingshjemmel=k.skjerming.skjermingshjemmel if er_skjermet else "",
        graderingskode=k.gradering.graderingskode if er_gradert else "",
    )


# --- the masked view ------------------------------------------------------------------------


@dataclass(frozen=True)
class Visning:
    """The fields of one record as one reader may see them."""

    er_skjermet: bool
    er_maskert: bool  # something is hidden from this reader
    tittel: str
    skjermingshjemmel: str = ""
    grunnlag: str = ""
    skjul_klasse_id: bool = False
    skjul_klassetittel: bool = False
    skjul_partnavn: bool = False
    skjul_avsender: bool = False
    skjul_mottaker: bool = False
    skjul_dokumenttittel: bool = False
    skjul_merknadstekst: bool = False
    skjul_dokument: bool = False  # skjermingDokument H: no file at all
    kun_sladdet_variant: bool = False  # skjermingDokument D: only the redacted variant (O)

    def korrespondansepart_navn(self, korrespondanseparttype: str, navn: str) -> str:
        if self.skjul_avsender and korrespondanseparttype in AVSENDERTYPER:
            return SKJULT
        if self.skjul_mottaker and korrespondanseparttype in MOTTAKERTYPER:
            return SKJULT
        return navn

    def part_navn(self, navn: str) -> str:
        return SKJULT if self.skjul_partnavn else navn

    def offentlig_korrespondansepart_navn(self, korrespondanseparttype: str, navn: str) -> str:
        """In public a screened name is hidden both as sender/recipient (NA, NM) and as a
        party to the case (NPS): a child-welfare letter's sender is often the party."""
        return self.part_navn(self.korrespondansepart_navn(korrespondanseparttype, navn))

    def merknadstekst(self, tekst: str) -> str:
        return SKJULT if self.skjul_merknadstekst else tekst

    def fil_kan_vises(self, variantformat: str) -> bool:
        if self.skjul_dokument:
            return False
        return not self.kun_sladdet_variant or variantformat == "O"


def maskert_tittel(modell: str, tittel: str, offentlig_tittel: str, koder: set[str]) -> str:
    """The title with the parts screened by `koder` hidden, for a mappe, a registrering or a
    dokumentbeskrivelse (`modell`)."""
    if MIDLERTIDIG_SKJERMINGMETADATA in koder:
        return SKJULT
    if modell == "dokumentbeskrivelse":
        return SKJULT if "TD" in koder else tittel
    foerste_linje, utvalgte_ord = _TITTELKODER.get(modell, ("", ""))
    if utvalgte_ord in koder:
        return offentlig_tittel.strip() or SKJULT
    if foerste_linje in koder:
        linjer = tittel.strip().splitlines() or [""]
        return linjer[0] + (f" {SKJULT}" if len(linjer) > 1 else "")
    return tittel


def _visning(objekt: Any, innsyn: Innsyn, skjerming: Any, *, maskert: bool) -> Visning:
    tittel = str(getattr(objekt, "tittel", ""))
    if not maskert:
        return Visning(
            er_skjermet=innsyn.er_skjermet,
            er_maskert=False,
            tittel=tittel,
            skjermingshjemmel=innsyn.skjermingshjemmel,
            grunnlag=innsyn.grunnlag,
        )
    koder = set(skjerming.skjerming_metadata or [])
    alt = MIDLERTIDIG_SKJERMINGMETADATA in koder
    return Visning(
        er_skjermet=True,
        er_maskert=True,
        tittel=maskert_tittel(
            _modellnavn(objekt), tittel, str(getattr(objekt, "offentlig_tittel", "")), koder
        ),
        skjermingshjemmel=innsyn.skjermingshjemmel,
        skjul_klasse_id=alt or "KID" in koder,
        skjul_klassetittel=alt or "TKL" in koder,
        skjul_partnavn=alt or "NPS" in koder,
        skjul_avsender=alt or "NA" in koder,
        skjul_mottaker=alt or "NM" in koder,
        skjul_dokumenttittel=alt or "TD" in koder,
        skjul_merknadstekst=alt or "MT" in koder,
        skjul_dokument=skjerming.skjerming_dokument == "H",
        kun_sladdet_variant=skjerming.skjerming_dokument == "D",
    )


def skjermet_visning(
    objekt: Any, bruker: Any, *, via: Any = None, dato: dt.date | None = None
) -> Visning:
    """`objekt` as `bruker` may see it: in full when authorised for its screening, masked
    by its skjermingMetadata otherwise."""
    innsyn = vurder_innsyn(objekt, bruker, via=via, dato=dato)
    skjerming = _Kontekst(objekt, via).skjerming
    return _visning(objekt, innsyn, skjerming, maskert=innsyn.er_skjermet and not innsyn.har_innsyn)


def offentlig_visning(objekt: Any, *, dato: dt.date | None = None) -> Visning:
    """`objekt` as the public sees it (and as lists show it to everyone): masked while a
    skjerming is in force."""
    skjerming = _Kontekst(objekt).skjerming
    er_skjermet = skjerming_virker(skjerming, dato)
    innsyn = Innsyn(
        er_skjermet=er_skjermet,
        er_gradert=False,
        har_innsyn=not er_skjermet,
        er_klarert=True,
        grunnlag="",
        skjermingshjemmel=skjerming.skjermingshjemmel if er_skjermet else "",
        graderingskode="",
    )
    return _visning(objekt, innsyn, skjerming, maskert=er_skjermet)
