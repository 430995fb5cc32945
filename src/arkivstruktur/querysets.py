"""Query vocabulary for the archive models: scoping by access (no business rules here)."""

from __future__ import annotations

from typing import Any, Self

from django.db.models import Exists, OuterRef, Q

from tilgang.omfang import SynligQuerySet, Tilgangsfelter, synlig_q
from tilgang.profil import tilgangsprofil


class DokumentbeskrivelseQuerySet(SynligQuerySet):
    def synlig_for(self, bruker: Any) -> Self:
        """Visible through a registrering the user sees; a screening of the document's own
        (not inherited from that registrering) also needs the access code."""
        from arkivstruktur.models import Dokumenttilknytning, Registrering

        profil = tilgangsprofil(bruker)
        synlige_registreringer = Registrering.objects.filter(
            synlig_q(profil, Registrering.tilgangsfelter)
        )
        via_registrering = Exists(
            Dokumenttilknytning.objects.filter(
                dokumentbeskrivelse=OuterRef("pk"), registrering__in=synlige_registreringer
            )
        )
        egen_skjerming = synlig_q(
            profil,
            Tilgangsfelter(virksomhet="arkivdel__arkiv__virksomhet_id", skjerming="skjerming"),
        )
        return self.filter(via_registrering).filter(Q(skjerming_er_arvet=True) | egen_skjerming)


class DokumentobjektQuerySet(SynligQuerySet):
    def synlig_for(self, bruker: Any) -> Self:
        from arkivstruktur.models import Dokumentbeskrivelse

        return self.filter(dokumentbeskrivelse__in=Dokumentbeskrivelse.objects.synlig_for(bruker))
