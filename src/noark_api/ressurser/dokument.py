"""Documents and their files: dokumentbeskrivelse, dokumentobjekt, konvertering (rest-api.md
§6, §12.1; model.md §3.13–§3.15; client-compat.md §5.3, §7.2, §11.1, §13).

* `arkivstruktur/dokumentbeskrivelse/`: a registrering's (journalpost's, arkivnotat's)
  `ny-dokumentbeskrivelse` creates one with the registrering's next dokumentnummer; its
  template suggests dokumenttype B, dokumentstatus B, tilknyttetRegistreringSom H for the
  first document and V after it, and the registrering's dokumentmedium. The attributes of the
  link (dokumentnummer, tilknyttetRegistreringSom, tilknyttetDato/-Av) are those of the
  registrering the list is under, otherwise of the first one the document was attached to;
  `registrering` lists every registrering it is attached to. dokumentstatus goes B → F only.
* `arkivstruktur/dokumentobjekt/`: `ny-dokumentobjekt` on a dokumentbeskrivelse describes a
  file to be uploaded to its `fil` link (template: the next versjonsnummer, 1 for a new
  document, and variantformat P). The file-describing attributes are the system's once the
  file is there; only the free text (filnavn, mimeType, formatDetaljer) can be corrected.
  Every dokumentobjekt links to `arkivstruktur/fil/` (client-compat.md §7.2), never a
  `referanseDokumentfil` attribute.
* `arkivstruktur/konvertering/`: the conversions of a file, read-only once recorded;
  `ny-konvertering` on a dokumentobjekt records one (the processing job records its own).

Files (`fil`), chunked upload and the one-request creation of a document with its file
(a file's bytes POSTed to `ny-dokumentbeskrivelse`) are in views/fil.py, whose docstring
describes them.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import OuterRef, QuerySet, Subquery

from arkivstruktur.models import Dokumentbeskrivelse, Dokumentobjekt, Dokumenttilknytning
from arkivstruktur.services.dokumentbeskrivelse import (
    HOVEDDOKUMENT,
    VEDLEGG,
    dokumentbeskrivelse_endre,
    dokumentbeskrivelse_endre_status,
    dokumentbeskrivelse_flytt,
    dokumentbeskrivelse_opprett,
    dokumentbeskrivelse_slett,
)
from dokument.selectors import dokumentbeskrivelse_liste, dokumentobjekt_liste, konvertering_liste
from dokument.services import (
    PRODUKSJONSFORMAT,
    dokumentobjekt_endre,
    dokumentobjekt_opprett_uten_fil,
    dokumentobjekt_slett,
    frossen_og_hoeyeste_versjon,
    konvertering_registrer,
)
from felles.feil import DomeneFeil
from noark_api import arvbare
from noark_api.inndata import Skrivefelt, Verditype
from noark_api.lenker import Lenker, href, lenkemaal
from noark_api.relasjoner import rel
from noark_api.ressurs import (
    REGISTER,
    Entitetstype,
    Forelder,
    Opprettelse,
    Underliste,
    registrer,
    utvid,
)
from noark_api.ressurser.felles import arvet_dokumentmedium, kodeobjekt, uten_tomme
from noark_api.serialisering.dokument import (
    DOKUMENTBESKRIVELSE_FELTER,
    DOKUMENTOBJEKT_FELTER,
    KONVERTERING_FELTER,
    DokumentbeskrivelseSerializer,
    DokumentobjektSerializer,
    KonverteringSerializer,
)
from noark_api.views.fil import NY_DOKUMENTBESKRIVELSE_FRA_FIL

T = Verditype
DOKUMENTBESKRIVELSE = "arkivstruktur/dokumentbeskrivelse"
DOKUMENTOBJEKT = "arkivstruktur/dokumentobjekt"
KONVERTERING = "arkivstruktur/konvertering"
REGISTRERING = "arkivstruktur/registrering"
# The registrering types (mappe.py); a journalpost and an arkivnotat are registreringer.
REGISTRERINGSTYPER = (REGISTRERING, "sakarkiv/journalpost", "sakarkiv/arkivnotat")
FIL = "arkivstruktur/fil/"
UNDER_REDIGERING = "B"
BREV = "B"


def kan_arbeide_i_arkivet(bruker: Any, objekt: Any) -> bool:
    """`arkivstruktur.arbeide` in the arkiv of a registrering or a document (its arkivdel)."""
    if getattr(objekt, "arkiv_id", None) is None and getattr(objekt, "arkivdel_id", None) is None:
        return False
    return bool(rules.has_perm("arkivstruktur.arbeide", bruker, objekt))


# --- dokumentbeskrivelse ------------------------------------------------------------------------


def _tilknytning(**filter_: Any) -> dict[str, Any]:
    """The annotations of one link per document: the first that matches `filter_`."""
    lenke = Dokumenttilknytning.objects.filter(
        dokumentbeskrivelse=OuterRef("pk"), **filter_
    ).order_by("pk")
    return {
        f"tilknytning_{navn}": Subquery(lenke.values(felt)[:1])
        for navn, felt in (
            ("dokumentnummer", "dokumentnummer"),
            ("som", "tilknyttet_registrering_som"),
            ("som_kodenavn", "tilknyttet_registrering_som_kodenavn"),
            ("dato", "tilknyttet_dato"),
            ("av", "tilknyttet_av"),
        )
    }


def _dokumentbeskrivelse_annoter(
    rader: QuerySet[Dokumentbeskrivelse], bruker: Any
) -> QuerySet[Dokumentbeskrivelse]:
    """The link attributes (unless a registrering's sub-list put its own on), whether the
    document is frozen and its highest version: subqueries, no query per row."""
    if "tilknytning_dokumentnummer" not in rader.query.annotations:
        rader = rader.annotate(**_tilknytning())
    return rader.annotate(**frossen_og_hoeyeste_versjon())


def _dokumenter_i(bruker: Any, registrering: Any) -> QuerySet[Dokumentbeskrivelse]:
    """A registrering's documents in dokumentnummer order, with that registrering's link."""
    return (
        dokumentbeskrivelse_liste(bruker=bruker)
        .filter(tilknytninger__registrering=registrering)
        .annotate(**_tilknytning(registrering=registrering))
        .order_by("tilknytning_dokumentnummer", "pk")
    )


def _kan_nytt_dokument(bruker: Any, registrering: Any) -> bool:
    return registrering.arkivert_dato is None and kan_arbeide_i_arkivet(bruker, registrering)


def _kan_ny_fil(bruker: Any, dokument: Any) -> bool:
    return not getattr(dokument, "er_frossen", False) and kan_arbeide_i_arkivet(bruker, dokument)


def _ny_dokumentbeskrivelse(
    registrering: Any, argumenter: dict[str, Any], bruker: Any
) -> Dokumentbeskrivelse:
    return dokumentbeskrivelse_opprett(registrering=registrering, utfoert_av=bruker, **argumenter)


def _dokumentbeskrivelsemal(request: Any, registrering: Any) -> dict[str, Any]:
    har_hoveddokument = Dokumenttilknytning.objects.filter(
        registrering=registrering, tilknyttet_registrering_som=HOVEDDOKUMENT
    ).exists()
    return uten_tomme(
        {
            "dokumenttype": kodeobjekt("dokumenttype", BREV),
            "dokumentstatus": kodeobjekt("dokumentstatus", UNDER_REDIGERING),
            "tilknyttetRegistreringSom": kodeobjekt(
                "tilknyttetregistreringsom", VEDLEGG if har_hoveddokument else HOVEDDOKUMENT
            ),
            "dokumentmedium": arvet_dokumentmedium(registrering),
        }
    )


def _dokumentbeskrivelse_endre(
    dokument: Dokumentbeskrivelse, argumenter: dict[str, Any], bruker: Any
) -> None:
    status = argumenter.pop("dokumentstatus", None)
    if argumenter:
        dokumentbeskrivelse_endre(dokumentbeskrivelse=dokument, utfoert_av=bruker, **argumenter)
    if status is not None:
        dokumentbeskrivelse_endre_status(
            dokumentbeskrivelse=dokument, dokumentstatus=status, utfoert_av=bruker
        )


def _flytt_til_registrering(dokument: Dokumentbeskrivelse, maal: str, bruker: Any) -> None:
    """PATCH of the `registrering` link: the document moves there from the one registrering
    it belongs to (rest-api.md §5.2's example)."""
    til = lenkemaal(maal, bruker, REGISTRERINGSTYPER, hva="en registrering")
    synlige = REGISTER[REGISTRERING].rader(bruker)
    fra = list(synlige.filter(tilknytninger__dokumentbeskrivelse=dokument)[:2])
    if len(fra) != 1:
        raise DomeneFeil(
            "Dokumentet er knyttet til flere registreringer, så det er uklart hvor det skal "
            "flyttes fra.",
            felt="_links",
        )
    dokumentbeskrivelse_flytt(dokumentbeskrivelse=dokument, fra=fra[0], til=til, utfoert_av=bruker)


def _dokumentbeskrivelse_lenker(lenker: Lenker, request: Any, dokument: Any) -> None:
    """`fil` (upload a new version) where a file may be added (rest-api.md §6.2)."""
    if _kan_ny_fil(request.user, dokument):
        lenker.legg_til(rel(FIL), href(request, f"{DOKUMENTBESKRIVELSE}/{dokument.system_id}/fil/"))


_DOKUMENTBESKRIVELSEFELTER = (
    Skrivefelt("tittel", "tittel", kan_fjernes=False, paakrevd=True),
    Skrivefelt("beskrivelse", "beskrivelse"),
    Skrivefelt("forfatter", "forfatter", T.TEKSTLISTE),
    Skrivefelt("dokumenttype", "dokumenttype", T.KODE, kan_fjernes=False),
    Skrivefelt("dokumentstatus", "dokumentstatus", T.KODE, kan_fjernes=False),
    Skrivefelt("dokumentmedium", "dokumentmedium", T.KODE, kan_fjernes=False),
    Skrivefelt("oppbevaringssted", "oppbevaringssted"),
    Skrivefelt("eksternReferanse", "ekstern_referanse"),
    Skrivefelt(
        "tilknyttetRegistreringSom", "tilknyttet_registrering_som", T.KODE, ved_endring=False
    ),
    *arvbare.FELTER,
)

NY_DOKUMENTBESKRIVELSE = Opprettelse(
    "arkivstruktur/ny-dokumentbeskrivelse/",
    DOKUMENTBESKRIVELSE,
    _ny_dokumentbeskrivelse,
    mal=_dokumentbeskrivelsemal,
    kan=_kan_nytt_dokument,
    fil=NY_DOKUMENTBESKRIVELSE_FRA_FIL,
)


# --- dokumentobjekt -----------------------------------------------------------------------------


def _dokumentobjekt_annoter(
    rader: QuerySet[Dokumentobjekt], bruker: Any
) -> QuerySet[Dokumentobjekt]:
    return rader.select_related("dokumentbeskrivelse")


def _ny_dokumentobjekt(
    dokument: Dokumentbeskrivelse, argumenter: dict[str, Any], bruker: Any
) -> Dokumentobjekt:
    return dokumentobjekt_opprett_uten_fil(
        dokumentbeskrivelse=dokument, utfoert_av=bruker, **argumenter
    )


def _dokumentobjektmal(request: Any, dokument: Any) -> dict[str, Any]:
    return uten_tomme(
        {
            "versjonsnummer": (getattr(dokument, "hoeyeste_versjon", None) or 0) + 1,
            "variantformat": kodeobjekt("variantformat", PRODUKSJONSFORMAT),
        }
    )


def _dokumentobjekt_endre(objekt: Dokumentobjekt, argumenter: dict[str, Any], bruker: Any) -> None:
    dokumentobjekt_endre(dokumentobjekt=objekt, utfoert_av=bruker, **argumenter)


def _dokumentobjekt_lenker(lenker: Lenker, request: Any, objekt: Any) -> None:
    """`fil` always (client-compat.md §7.2): GET downloads, POST uploads while it has none."""
    lenker.legg_til(rel(FIL), href(request, f"{DOKUMENTOBJEKT}/{objekt.system_id}/fil/"))


_FRITEKST = (
    Skrivefelt("filnavn", "filnavn"),
    Skrivefelt("mimeType", "mime_type"),
    Skrivefelt("formatDetaljer", "format_detaljer"),
)

NY_DOKUMENTOBJEKT = Opprettelse(
    "arkivstruktur/ny-dokumentobjekt/",
    DOKUMENTOBJEKT,
    _ny_dokumentobjekt,
    mal=_dokumentobjektmal,
    kan=_kan_ny_fil,
    felter=(
        Skrivefelt("versjonsnummer", "versjonsnummer", T.HELTALL),
        Skrivefelt("variantformat", "variantformat", T.KODE),
        Skrivefelt("format", "format", T.KODE),
        *_FRITEKST,
        Skrivefelt("sjekksum", "sjekksum"),
        Skrivefelt("sjekksumAlgoritme", "sjekksum_algoritme"),
        Skrivefelt("filstoerrelse", "filstoerrelse", T.HELTALL),
    ),
)


# --- konvertering -------------------------------------------------------------------------------


def _ny_konvertering(objekt: Dokumentobjekt, argumenter: dict[str, Any], bruker: Any) -> Any:
    return konvertering_registrer(dokumentobjekt=objekt, utfoert_av=bruker, **argumenter)


def _konverteringsmal(request: Any, objekt: Any) -> dict[str, Any]:
    return uten_tomme({"konvertertFraFormat": kodeobjekt("format", objekt.format)})


NY_KONVERTERING = Opprettelse(
    "arkivstruktur/ny-konvertering/",
    KONVERTERING,
    _ny_konvertering,
    mal=_konverteringsmal,
    kan=lambda bruker, objekt: kan_arbeide_i_arkivet(bruker, objekt.dokumentbeskrivelse),
    felter=(
        Skrivefelt("konvertertFraFormat", "fra_format", T.KODE, paakrevd=True),
        Skrivefelt("konvertertTilFormat", "til_format", T.KODE, paakrevd=True),
        Skrivefelt("konverteringsverktoey", "verktoey"),
        Skrivefelt("konverteringskommentar", "kommentar"),
    ),
)


# --- registration -------------------------------------------------------------------------------

registrer(
    Entitetstype(
        "arkivstruktur",
        "dokumentbeskrivelse",
        rader=lambda bruker: dokumentbeskrivelse_liste(bruker=bruker),
        serializer=DokumentbeskrivelseSerializer,
        feltkart=DOKUMENTBESKRIVELSE_FELTER,
        skrivefelter=_DOKUMENTBESKRIVELSEFELTER,
        endre=_dokumentbeskrivelse_endre,
        slett=lambda dokument, bruker: dokumentbeskrivelse_slett(
            dokumentbeskrivelse=dokument, utfoert_av=bruker
        ),
        annoter=_dokumentbeskrivelse_annoter,
        underlister=(
            Underliste(
                "arkivstruktur/dokumentobjekt/",
                "dokumentobjekt",
                DOKUMENTOBJEKT,
                lambda bruker, dokument: dokumentobjekt_liste(
                    bruker=bruker, dokumentbeskrivelse=dokument
                ),
            ),
            *(
                (
                    Underliste(
                        "arkivstruktur/registrering/",
                        "registrering",
                        REGISTRERING,
                        lambda bruker, dokument: (
                            REGISTER[REGISTRERING]
                            .rader(bruker)
                            .filter(tilknytninger__dokumentbeskrivelse=dokument)
                        ),
                    ),
                )
                if REGISTRERING in REGISTER
                else ()
            ),
        ),
        opprettelser=(NY_DOKUMENTOBJEKT,),
        kodelister=(
            "dokumentmedium",
            "dokumentstatus",
            "dokumenttype",
            "tilknyttetregistreringsom",
        ),
        ekstra_lenker=_dokumentbeskrivelse_lenker,
        flytting={"arkivstruktur/registrering/": _flytt_til_registrering},
    ),
    Entitetstype(
        "arkivstruktur",
        "dokumentobjekt",
        rader=lambda bruker: dokumentobjekt_liste(bruker=bruker),
        serializer=DokumentobjektSerializer,
        feltkart=DOKUMENTOBJEKT_FELTER,
        skrivefelter=_FRITEKST,
        endre=_dokumentobjekt_endre,
        slett=lambda objekt, bruker: dokumentobjekt_slett(dokumentobjekt=objekt, utfoert_av=bruker),
        annoter=_dokumentobjekt_annoter,
        foreldre=(
            Forelder(
                "arkivstruktur/dokumentbeskrivelse/",
                "arkivstruktur/dokumentbeskrivelse/",
                "dokumentbeskrivelse.system_id",
            ),
        ),
        underlister=(
            Underliste(
                "arkivstruktur/konvertering/",
                "konvertering",
                KONVERTERING,
                lambda bruker, objekt: konvertering_liste(bruker=bruker, dokumentobjekt=objekt),
            ),
        ),
        opprettelser=(NY_KONVERTERING,),
        kodelister=("format", "variantformat"),
        ekstra_lenker=_dokumentobjekt_lenker,
    ),
    Entitetstype(
        "arkivstruktur",
        "konvertering",
        rader=lambda bruker: konvertering_liste(bruker=bruker),
        serializer=KonverteringSerializer,
        feltkart=KONVERTERING_FELTER,
        foreldre=(
            Forelder(
                "arkivstruktur/dokumentobjekt/",
                "arkivstruktur/dokumentobjekt/",
                "dokumentobjekt.system_id",
            ),
        ),
        kodelister=("format",),
        er_arkivenhet=False,
    ),
)

# A registrering (a journalpost, an arkivnotat) lists its documents and creates them.
for _noekkel in REGISTRERINGSTYPER:
    if _noekkel in REGISTER:
        utvid(
            _noekkel,
            underlister=(
                Underliste(
                    "arkivstruktur/dokumentbeskrivelse/",
                    "dokumentbeskrivelse",
                    DOKUMENTBESKRIVELSE,
                    _dokumenter_i,
                ),
            ),
            opprettelser=(NY_DOKUMENTBESKRIVELSE,),
        )
