"""Query vocabulary for the archive models: scoping by access (no business rules here)."""

from __future__ import annotations

from typing import Any, Self

from django.db.models import Exists, OuterRef

from tilgang.omfang import SynligQuerySet, Tilgangsfelter, synlig_q
from tilgang.profil import tilgangsprofil


def _i_registreringens_sammenheng(
    *, skjerming: str, gradering: str, overordnet_gradering: str | None = None
) -> Tilgangsfelter:
    """Access fields seen from a Dokumenttilknytning: district, unit, responsible person and
    case are the linked registrering's; screening and grading are the given ones."""
    return Tilgangsfelter(
        virksomhet="registrering__arkiv__virksomhet_id",
        skjerming=skjerming,
        gradering=gradering,
        ansvarlig="registrering__referanse_saksbehandler_id",
        enhet="registrering__referanse_administrativ_enhet_id",
        sak="registrering__mappe_id",
        overordnet_gradering=overordnet_gradering,
    )


class DokumentbeskrivelseQuerySet(SynligQuerySet):
    def synlig_for(self, bruker: Any) -> Self:
        """Visible through a link to a registrering the user sees, when the document's own
        screening and grading also pass, judged in that registrering's context (its unit,
        responsible person and case count as they do for the registrering itself)."""
        from arkivstruktur.models import Dokumenttilknytning

        profil = tilgangsprofil(bruker)
        registreringen = synlig_q(
            profil,
            _i_registreringens_sammenheng(
                skjerming="registrering__skjerming",
                gradering="registrering__gradering",
                overordnet_gradering="registrering__mappe__gradering",
            ),
        )
        dokumentet = synlig_q(
            profil,
            _i_registreringens_sammenheng(
                skjerming="dokumentbeskrivelse__skjerming",
                gradering="dokumentbeskrivelse__gradering",
            ),
        )
        return self.filter(
            Exists(
                Dokumenttilknytning.objects.filter(dokumentbeskrivelse=OuterRef("pk")).filter(
                    registreringen & dokumentet
                )
            )
        )


class DokumentobjektQuerySet(SynligQuerySet):
    def synlig_for(self, bruker: Any) -> Self:
        from arkivstruktur.models import Dokumentbeskrivelse

        return self.filter(dokumentbeskrivelse__in=Dokumentbeskrivelse.objects.synlig_for(bruker))
