"""Factories for the search tests."""

from __future__ import annotations

from typing import Any

import factory
from django.db import transaction
from factory.django import DjangoModelFactory

from dokument.models import Dokumenttekst
from dokument.signaler import dokumenttekst_lagret


class DokumenttekstFactory(DjangoModelFactory):  # type: ignore[type-arg]
    """Extracted text of a document version, as the pipeline stores it (dokument.behandling)."""

    class Meta:
        model = Dokumenttekst

    versjonsnummer = 1
    kilde = "pdf"
    tekst = factory.Faker("paragraph", locale="no_NO")


def lagre_tekst(dokumentbeskrivelse: Any, tekst: str, versjonsnummer: int = 1) -> Any:
    """Store a text and signal it after commit, as the pipeline does."""
    rad = DokumenttekstFactory(
        dokumentbeskrivelse=dokumentbeskrivelse, versjonsnummer=versjonsnummer, tekst=tekst
    )
    dokument_id = dokumentbeskrivelse.pk
    transaction.on_commit(
        lambda: dokumenttekst_lagret.send(sender=Dokumenttekst, dokumentbeskrivelse_id=dokument_id)
    )
    return rad
