"""What one user may reach: computed once per user object and reused for every query.

The profile is read with three small queries (roles; access codes, clearances and case grants
in one UNION; the unit tree only when a code is granted per unit) and cached on the user
object, which lives for one request. Grants with dates (sakstilgang, klarering) are judged
against today's date in Oslo as the profile is built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from felles.tid import dato_i_oslo, naa
from organisasjon.models import AdministrativEnhet, Rolle, Virksomhetstype
from tilgang.models import (
    GRADERINGSNIVAA,
    dekkede_grader,
)

# Roles in these kinds of virksomhet serve every bydel (the shared document centre, the city).
_FELLES = {Virksomhetstype.KOMMUNE, Virksomhetstype.FELLESTJENESTE}


@dataclass(frozen=True)
class Kodetilgang:
    """An access code in one virksomhet, or in one unit and the units below it."""

    kode: str
    virksomhet_id: int | None
    enheter: frozenset[int]
    omfang: str  # for people: "Bydel Alna", "Barnevern i Bydel Alna"


@dataclass(frozen=True)
class Klareringstilgang:
    """A valid clearance: the grades it opens, in one virksomhet or (None) everywhere."""

    graderingskode: str
    grader: frozenset[str]
    virksomhet_id: int | None
    omfang: str  # "" when it holds everywhere


@dataclass(frozen=True)
class Sakstilgangsrett:
    mappe_id: int
    gitt_av: str


@dataclass(frozen=True)
class Tilgangsprofil:
    bruker_id: int | None
    roller: frozenset[tuple[str, int, int]] = frozenset()  # (rolle, enhet_id, virksomhet_id)
    alle_virksomheter: bool = False
    virksomheter: frozenset[int] = frozenset()
    # The virksomheter among them that serve every bydel (the city, the shared services).
    felles_virksomheter: frozenset[int] = frozenset()
    koder: tuple[Kodetilgang, ...] = field(default_factory=tuple)
    klareringer: tuple[Klareringstilgang, ...] = field(default_factory=tuple)
    saker: tuple[Sakstilgangsrett, ...] = field(default_factory=tuple)

    @property
    def er_innlogget(self) -> bool:
        return self.bruker_id is not None

    @property
    def sak_ider(self) -> frozenset[int]:
        return frozenset(sak.mappe_id for sak in self.saker)

    def har_rolle(self, *roller: str, virksomhet_id: int | None = None) -> bool:
        """The user holds one of `roller` in `virksomhet_id` (any, when None); a role in the
        city or a shared service counts in every virksomhet, except møtesekretær."""
        return any(
            rolle in roller
            and (virksomhet_id is None or v_id == virksomhet_id or self._er_felles(rolle, v_id))
            for rolle, _enhet, v_id in self.roller
        )

    def har_felles_rolle(self, *roller: str) -> bool:
        """The user holds one of `roller` in the city or a shared service (every bydel)."""
        return any(
            rolle in roller and self._er_felles(rolle, v_id) for rolle, _enhet, v_id in self.roller
        )

    def har_rolle_i_enhet(self, rolle: str, enhet_id: int | None) -> bool:
        return enhet_id is not None and any(
            r == rolle and e_id == enhet_id for r, e_id, _v in self.roller
        )

    def _er_felles(self, rolle: str, virksomhet_id: int) -> bool:
        return virksomhet_id in self.felles_virksomheter and rolle != Rolle.MOETESEKRETAER

    def ser_virksomhet(self, virksomhet_id: int | None) -> bool:
        if virksomhet_id is None:
            return False
        return self.alle_virksomheter or virksomhet_id in self.virksomheter


def _underenheter(enhet_id: int, barn: dict[int | None, list[int]]) -> frozenset[int]:
    funnet, kø = {enhet_id}, [enhet_id]
    while kø:
        for underenhet in barn.get(kø.pop(), []):
            if underenhet not in funnet:
                funnet.add(underenhet)
                kø.append(underenhet)
    return frozenset(funnet)


# Roles, codes, valid clearances and valid case grants of the user in one statement. Written as
# SQL once: building the same UNION through the ORM took longer than running it, on every
# request. Columns: art, kode (the role for a rolle), virksomhet, enhet, mappe, omfang (where a
# grant holds; the virksomhetstype for a rolle), gitt_av.
_TILDELINGER = """
SELECT 'rolle', r.rolle, e.virksomhet_id, r.administrativ_enhet_id, CAST(NULL AS BIGINT),
       v.virksomhetstype, ''
  FROM organisasjon_rolletildeling r
  JOIN organisasjon_administrativenhet e ON e.id = r.administrativ_enhet_id
  JOIN organisasjon_virksomhet v ON v.id = e.virksomhet_id
 WHERE r.bruker_id = %(bruker)s
UNION ALL
SELECT 'kode', t.tilgangskode, t.virksomhet_id, t.administrativ_enhet_id, CAST(NULL AS BIGINT),
       COALESCE(v.navn, e.administrativ_enhet_navn || ' i ' || ev.navn), ''
  FROM tilgang_tilgangskodetildeling t
  LEFT JOIN organisasjon_virksomhet v ON v.id = t.virksomhet_id
  LEFT JOIN organisasjon_administrativenhet e ON e.id = t.administrativ_enhet_id
  LEFT JOIN organisasjon_virksomhet ev ON ev.id = e.virksomhet_id
 WHERE t.bruker_id = %(bruker)s
UNION ALL
SELECT 'klarering', k.graderingskode, k.virksomhet_id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),
       COALESCE(v.navn, ''), ''
  FROM tilgang_klarering k
  LEFT JOIN organisasjon_virksomhet v ON v.id = k.virksomhet_id
 WHERE k.bruker_id = %(bruker)s AND k.gyldig_fra <= %(idag)s
   AND (k.gyldig_til IS NULL OR k.gyldig_til >= %(idag)s)
UNION ALL
SELECT 'sak', '', CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), s.mappe_id, '', s.gitt_av
  FROM tilgang_sakstilgang s
 WHERE s.bruker_id = %(bruker)s AND (s.utloeper IS NULL OR s.utloeper >= %(idag)s)
"""


def _tildelinger(bruker: Any, idag: dt.date) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(_TILDELINGER, {"bruker": bruker.pk, "idag": idag})
        return [tuple(rad) for rad in cursor.fetchall()]


def tilgangsprofil(bruker: Any) -> Tilgangsprofil:
    """The user's profile, cached on the user object for the length of a request."""
    if bruker is None or not getattr(bruker, "is_authenticated", False) or not bruker.is_active:
        return Tilgangsprofil(bruker_id=None)
    lagret = getattr(bruker, "_tilgangsprofil", None)
    if lagret is not None:
        return lagret  # type: ignore[no-any-return]

    alle_rader = _tildelinger(bruker, dato_i_oslo(naa()))
    roller, virksomheter, felles, alle = set(), set(), set(), False
    for _art, rolle, virksomhet_id, enhet_id, _mappe, virksomhetstype, _gitt in alle_rader:
        if _art != "rolle":
            continue
        roller.add((rolle, enhet_id, virksomhet_id))
        virksomheter.add(virksomhet_id)
        if virksomhetstype in _FELLES:
            felles.add(virksomhet_id)
            alle = alle or rolle != Rolle.MOETESEKRETAER

    grants = [rad for rad in alle_rader if rad[0] != "rolle"]
    barn: dict[int | None, list[int]] = {}
    if any(art == "kode" and enhet_id for art, _k, _v, enhet_id, *_ in grants):
        for enhet_id, forelder_id in AdministrativEnhet.objects.values_list(
            "id", "overordnet_enhet_id"
        ):
            barn.setdefault(forelder_id, []).append(enhet_id)
    koder, klareringer, saker = [], [], []
    # Sorted, so that the profile (and the first authorisation named in a read log) does not
    # depend on the order the database returns the UNION in.
    for art, kode, virksomhet_id, enhet_id, mappe_id, omfang, gitt_av in sorted(
        grants, key=lambda rad: tuple("" if verdi is None else str(verdi) for verdi in rad)
    ):
        if art == "kode":
            enheter = _underenheter(enhet_id, barn) if enhet_id else frozenset()
            koder.append(Kodetilgang(kode, virksomhet_id, enheter, omfang or ""))
        elif art == "klarering" and kode in GRADERINGSNIVAA:
            klareringer.append(
                Klareringstilgang(kode, dekkede_grader(kode), virksomhet_id, omfang or "")
            )
        elif art == "sak":
            saker.append(Sakstilgangsrett(mappe_id, gitt_av))

    profil = Tilgangsprofil(
        bruker_id=bruker.pk,
        roller=frozenset(roller),
        alle_virksomheter=alle,
        virksomheter=frozenset(virksomheter),
        felles_virksomheter=frozenset(felles),
        koder=tuple(koder),
        klareringer=tuple(klareringer),
        saker=tuple(saker),
    )
    bruker._tilgangsprofil = profil
    return profil


def glem_tilgangsprofil(bruker: Any) -> None:
    """After a change of roles or codes, the next query recomputes the profile."""
    if hasattr(bruker, "_tilgangsprofil"):
        del bruker._tilgangsprofil
