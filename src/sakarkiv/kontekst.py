"""What the page frame (felles/base.html) needs to know about the user: which menu entries."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from organisasjon.models import Rolle
from tilgang.profil import tilgangsprofil


def meny(request: HttpRequest) -> dict[str, Any]:
    bruker = getattr(request, "user", None)
    if bruker is None or not bruker.is_authenticated:
        return {}
    profil = tilgangsprofil(bruker)
    return {
        "er_leder": profil.har_rolle(Rolle.LEDER),
        "er_arkivar": profil.har_rolle(Rolle.ARKIVAR),
    }
