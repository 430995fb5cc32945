"""The metadata package: every code list and the catalogue of virksomhetsspesifikkeMetadata
(rest-api.md §9, §12.5; client-compat.md §14).

Each code list of `relasjoner.KODELISTER` is one entity type, made in a loop: its values at
`metadata/<navn>/` (an OData list), each value at `metadata/<navn>/<systemID>/` (GET with
ETag, PUT, PATCH, DELETE), and `metadata/ny-<navn>/` (template and POST {kode, kodenavn}).
Codes are unique within their own list only. Reading is for every logged-in user; creating,
changing and deleting only for a systemadministrator (`kodeliste.endre`, refused with 403
by the kodeliste services; the package root shows the `ny-*` links only to them).

Decisions:

* The kode of a value never changes (records keep a copy of kode and kodenavn): a changed
  kode on PUT is a 400. Its kodenavn, beskrivelse and `utdatert` may change.
* DELETE removes a value the organisation added and no record carries (client-compat §12.2:
  clients delete the values they created). A value the standard ships, or one in use, is
  refused with 400: set `utdatert` instead, so every stored code still resolves.
* `utdatert` cannot be emptied with null (a date-time cannot be removed through the API's
  body rules); a retired value stays retired or is given a later `utdatert`.
* Closed lists (land, postnummer, tilgangskategori) take no new values: 400.
* The catalogue of virksomhetsspesifikkeMetadata lists every field, retired ones included
  (with `utdatert`), so an administrator sees and may remove them. Names follow
  `<navnerom>-<versjon>:<felt>` (only a–z, 0–9 and `-` in the parts; 400 otherwise) and never
  change. Using the fields on records is not built yet.
* Code values and catalogue fields are not archive units: no endringslogg sub-list. Their
  changes are still logged (on their systemID), visible to systemadministrators.
"""

from __future__ import annotations

from typing import Any

from felles.feil import DomeneFeil, IngenTilgang
from kodeliste.models import Kodeverdi, VirksomhetsspesifiktMetadatafelt
from kodeliste.selectors import kodeliste_hent, kodeverdi_liste, vsm_liste
from kodeliste.services import (
    kodeverdi_endre,
    kodeverdi_opprett,
    kodeverdi_slett,
    vsm_endre,
    vsm_opprett,
    vsm_slett,
)
from noark_api.inndata import Skrivefelt, Verditype
from noark_api.relasjoner import KODELISTER
from noark_api.ressurs import (
    Entitetstype,
    Opprettelse,
    Rader,
    registrer,
    registrer_pakkeopprettelser,
)
from noark_api.ressurser.felles import kan
from noark_api.serialisering.metadata import (
    KODEVERDI_FELTER,
    VSM_FELTER,
    KodeverdiSerializer,
    VirksomhetsspesifikkeMetadataSerializer,
)

T = Verditype
VSM = "metadata/virksomhetsspesifikkeMetadata"
kan_endre_kodelister = kan("kodeliste.endre")

# --- code lists ----------------------------------------------------------------------------------

KODEVERDI_SKRIVEFELTER = (
    Skrivefelt("kode", "kode", kan_fjernes=False, paakrevd=True),
    Skrivefelt("kodenavn", "kodenavn", kan_fjernes=False, paakrevd=True),
    Skrivefelt("beskrivelse", "beskrivelse"),
    Skrivefelt("utdatert", "utdatert", T.DATOTID, kan_fjernes=False),
)


def _kodeverdi_endre(kodeverdi: Kodeverdi, argumenter: dict[str, Any], bruker: Any) -> None:
    kode = argumenter.pop("kode", kodeverdi.kode)
    if kode != kodeverdi.kode:
        raise DomeneFeil(
            "Koden til en verdi endres ikke; opprett en ny verdi og sett utdatert på denne.",
            felt="kode",
        )
    # The service sets both dates each time; what the client left out stays as it is.
    argumenter.setdefault("utdatert", kodeverdi.utdatert)
    kodeverdi_endre(
        kodeverdi=kodeverdi, gyldig_fra=kodeverdi.gyldig_fra, utfoert_av=bruker, **argumenter
    )


def _kodeverdi_slett(kodeverdi: Kodeverdi, bruker: Any) -> None:
    kodeverdi_slett(kodeverdi=kodeverdi, utfoert_av=bruker)


def _verdier(kodeliste: str) -> Rader:
    def rader(bruker: Any) -> Any:
        return kodeverdi_liste(bruker=bruker, kodeliste=kodeliste)

    return rader


def _ny_verdi(kodeliste: str) -> Opprettelse:
    def utfoer(forelder: Any, argumenter: dict[str, Any], bruker: Any) -> Kodeverdi:
        if not kan_endre_kodelister(bruker, None):
            raise IngenTilgang("Bare en systemadministrator kan endre kodelister.")
        liste = kodeliste_hent(bruker=bruker, navn=kodeliste)
        return kodeverdi_opprett(kodeliste=liste, utfoert_av=bruker, **argumenter)

    return Opprettelse(
        f"metadata/ny-{kodeliste}/", f"metadata/{kodeliste}", utfoer, kan=kan_endre_kodelister
    )


def _kodeliste(navn: str) -> Entitetstype:
    return Entitetstype(
        "metadata",
        navn,
        rader=_verdier(navn),
        serializer=KodeverdiSerializer,
        feltkart=KODEVERDI_FELTER,
        skrivefelter=KODEVERDI_SKRIVEFELTER,
        endre=_kodeverdi_endre,
        slett=_kodeverdi_slett,
        er_arkivenhet=False,
        beskrivelse=f"The values of the code list {navn}.",
    )


# --- virksomhetsspesifikkeMetadata ---------------------------------------------------------------


def _ny_vsm(
    forelder: Any, argumenter: dict[str, Any], bruker: Any
) -> VirksomhetsspesifiktMetadatafelt:
    return vsm_opprett(utfoert_av=bruker, **argumenter)


def _vsm_endre(
    felt: VirksomhetsspesifiktMetadatafelt, argumenter: dict[str, Any], bruker: Any
) -> None:
    vsm_endre(felt=felt, utfoert_av=bruker, **argumenter)


NY_VSM = Opprettelse(
    "metadata/ny-virksomhetsspesifikkeMetadata/",
    VSM,
    _ny_vsm,
    mal=lambda request, forelder: {"type": "string"},
    kan=kan_endre_kodelister,
)

registrer(
    *(_kodeliste(navn) for navn in KODELISTER),
    Entitetstype(
        "metadata",
        "virksomhetsspesifikkeMetadata",
        rader=lambda bruker: vsm_liste(bruker=bruker),
        serializer=VirksomhetsspesifikkeMetadataSerializer,
        feltkart=VSM_FELTER,
        skrivefelter=(
            Skrivefelt("navn", "navn", kan_fjernes=False, paakrevd=True),
            Skrivefelt("type", "felttype", kan_fjernes=False, paakrevd=True),
            Skrivefelt("beskrivelse", "beskrivelse"),
            Skrivefelt("kilde", "kilde"),
            Skrivefelt("utdatert", "utdatert", T.DATOTID, kan_fjernes=False),
        ),
        endre=_vsm_endre,
        slett=lambda felt, bruker: vsm_slett(felt=felt, utfoert_av=bruker),
        er_arkivenhet=False,
        beskrivelse="The catalogue of virksomhetsspesifikkeMetadata fields.",
    ),
)

registrer_pakkeopprettelser("metadata", *(_ny_verdi(navn) for navn in KODELISTER), NY_VSM)
