"""What one user may reach: computed once per user object and reused for every query."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from organisasjon.models import AdministrativEnhet, Rolle, Rolletildeling, Virksomhetstype
from tilgang.models import Tilgangskodetildeling

# Roles in these kinds of virksomhet serve every bydel (the shared document centre, the city).
_FELLES = {Virksomhetstype.KOMMUNE, Virksomhetstype.FELLESTJENESTE}


@dataclass(frozen=True)
class Tilgangsprofil:
    bruker_id: int | None
    roller: frozenset[tuple[str, int, int]] = frozenset()  # (rolle, enhet_id, virksomhet_id)
    alle_virksomheter: bool = False
    virksomheter: frozenset[int] = frozenset()
    # (tilgangskode, virksomhet_id | None, enhet_ids) – enhet_ids includes sub-units.
    koder: tuple[tuple[str, int | None, frozenset[int]], ...] = field(default_factory=tuple)

    @property
    def er_innlogget(self) -> bool:
        return self.bruker_id is not None

    def har_rolle(self, *roller: str, virksomhet_id: int | None = None) -> bool:
        return any(
            rolle in roller
            and (virksomhet_id is None or v_id == virksomhet_id or self._er_felles(v_id))
            for rolle, _enhet, v_id in self.roller
        )

    def _er_felles(self, virksomhet_id: int) -> bool:
        return self.alle_virksomheter and virksomhet_id not in self.virksomheter

    def ser_virksomhet(self, virksomhet_id: int) -> bool:
        return self.alle_virksomheter or virksomhet_id in self.virksomheter


def _underenheter(enhet_id: int, barn: dict[int | None, list[int]]) -> frozenset[int]:
    funnet, kø = {enhet_id}, [enhet_id]
    while kø:
        for underenhet in barn.get(kø.pop(), []):
            if underenhet not in funnet:
                funnet.add(underenhet)
                kø.append(underenhet)
    return frozenset(funnet)


def tilgangsprofil(bruker: Any) -> Tilgangsprofil:
    """The user's profile, cached on the user object for the length of a request."""
    if bruker is None or not getattr(bruker, "is_authenticated", False) or not bruker.is_active:
        return Tilgangsprofil(bruker_id=None)
    lagret = getattr(bruker, "_tilgangsprofil", None)
    if lagret is not None:
        return lagret  # type: ignore[no-any-return]

    tildelinger = Rolletildeling.objects.filter(bruker=bruker).values_list(
        "rolle",
        "administrativ_enhet_id",
        "administrativ_enhet__virksomhet_id",
        "administrativ_enhet__virksomhet__virksomhetstype",
    )
    roller, virksomheter, alle = set(), set(), False
    for rolle, enhet_id, virksomhet_id, virksomhetstype in tildelinger:
        roller.add((rolle, enhet_id, virksomhet_id))
        virksomheter.add(virksomhet_id)
        if virksomhetstype in _FELLES and rolle != Rolle.MOETESEKRETAER:
            alle = True

    koder = []
    grants = list(
        Tilgangskodetildeling.objects.filter(bruker=bruker).values_list(
            "tilgangskode", "virksomhet_id", "administrativ_enhet_id"
        )
    )
    if any(enhet_id for _k, _v, enhet_id in grants):
        barn: dict[int | None, list[int]] = {}
        for enhet_id, forelder_id in AdministrativEnhet.objects.values_list(
            "id", "overordnet_enhet_id"
        ):
            barn.setdefault(forelder_id, []).append(enhet_id)
    for kode, virksomhet_id, enhet_id in grants:
        enheter = _underenheter(enhet_id, barn) if enhet_id else frozenset()
        koder.append((kode, virksomhet_id, enheter))

    profil = Tilgangsprofil(
        bruker_id=bruker.pk,
        roller=frozenset(roller),
        alle_virksomheter=alle,
        virksomheter=frozenset(virksomheter),
        koder=tuple(koder),
    )
    bruker._tilgangsprofil = profil
    return profil


def glem_tilgangsprofil(bruker: Any) -> None:
    """After a change of roles or codes, the next query recomputes the profile."""
    if hasattr(bruker, "_tilgangsprofil"):
        del bruker._tilgangsprofil
