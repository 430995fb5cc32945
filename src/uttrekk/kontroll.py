"""The nightly deposit check (issue 7 §3): is each arkivdel deposit-ready right now?

Every night each arkivdel's extract is built into a temporary folder, validated with the same
checks as `arkivar uttrekk valider`, and deleted; the outcome is kept as an
`Uttrekkskontroll`, which the archivist sees per arkivdel (green, yellow or red, with the
failing checks). The run plans the next one itself (django-tasks' `run_after`), so one
`arkivar uttrekk planlegg` at start-up keeps it going.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from arkivstruktur.models import Arkivdel
from felles.feil import DomeneFeil
from felles.tid import OSLO, naa
from uttrekk.eksport import skriv_pakke
from uttrekk.models import Uttrekkskontroll
from uttrekk.selectors import kontrollomfang
from uttrekk.validering import Alvor, Rapport, valider

KLOKKESLETT = dt.time(2, 0)  # Oslo time, when the archive is quiet
EKSEMPLER_PER_KONTROLL = 5


def _kontroller(rapport: Rapport) -> list[dict[str, Any]]:
    """The checks with findings, each with a few examples of where (file, line, element)."""
    resultat = []
    for kontroll in rapport.kontroller:
        if not kontroll.funn:
            continue
        resultat.append(
            {
                "kontroll": kontroll.kode,
                "navn": kontroll.navn,
                "alvor": (
                    Alvor.FEIL
                    if any(f.alvor is Alvor.FEIL for f in kontroll.funn)
                    else Alvor.ADVARSEL
                ).value,
                "antall": len(kontroll.funn),
                "eksempler": [
                    {
                        "fil": f.fil,
                        "linje": f.linje,
                        "element": f.element,
                        "melding": f.melding,
                    }
                    for f in kontroll.funn[:EKSEMPLER_PER_KONTROLL]
                ],
            }
        )
    return resultat


def kontroller_arkivdel(arkivdel_id: int) -> Uttrekkskontroll:
    arkivdel = Arkivdel.objects.select_related("arkiv").get(pk=arkivdel_id)
    startet = naa()
    arbeidsmappe = Path(settings.DATA_DIR) / "uttrekkskontroll"
    arbeidsmappe.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=arbeidsmappe) as midlertidig:
        try:
            uttrekk = skriv_pakke(lambda: kontrollomfang(arkivdel), Path(midlertidig) / "uttrekk")
        except DomeneFeil as feil:
            return Uttrekkskontroll.objects.create(
                arkivdel=arkivdel,
                startet=startet,
                ferdig=naa(),
                resultat=Uttrekkskontroll.Resultat.AVBRUTT,
                melding=str(feil),
            )
        rapport = valider(uttrekk.mappe)
    if rapport.feil:
        resultat = Uttrekkskontroll.Resultat.FEIL
    elif rapport.advarsler:
        resultat = Uttrekkskontroll.Resultat.ADVARSLER
    else:
        resultat = Uttrekkskontroll.Resultat.GODKJENT
    return Uttrekkskontroll.objects.create(
        arkivdel=arkivdel,
        startet=startet,
        ferdig=naa(),
        resultat=resultat,
        antall_feil=len(rapport.feil),
        antall_advarsler=len(rapport.advarsler),
        kontroller=_kontroller(rapport),
        antall_mapper=uttrekk.telling.mapper,
        antall_registreringer=uttrekk.telling.registreringer,
        antall_dokumentfiler=uttrekk.telling.dokumentfiler,
    )


def arkivdeler_til_kontroll() -> QuerySet[Arkivdel]:
    """Every arkivdel not yet delivered to the depot."""
    return Arkivdel.objects.filter(er_deponert=False).order_by("pk")


def neste_kjoering(etter: dt.datetime) -> dt.datetime:
    """The next KLOKKESLETT in Oslo after `etter`."""
    lokal = etter.astimezone(OSLO)
    neste = dt.datetime.combine(lokal.date(), KLOKKESLETT, tzinfo=OSLO)
    if neste <= lokal:
        neste = dt.datetime.combine(lokal.date() + dt.timedelta(days=1), KLOKKESLETT, tzinfo=OSLO)
    return neste
