"""Saksmappe, Journalpost and Arkivnotat: the sakarkiv subtypes over the single tables of
arkivstruktur (docs/decisions/0001-en-tabell-per-hierarki.md)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from arkivstruktur.models import Mappe, Mappetype, Registrering, Registreringstype
from tilgang.omfang import SynligManager


class _TypeManager(SynligManager):  # type: ignore[type-arg]
    def __init__(self, felt: str, verdi: str) -> None:
        super().__init__()
        self._filter = {felt: verdi}

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().filter(**self._filter)


class Saksmappe(Mappe):
    """Noark 5 Saksmappe: a case (sak)."""

    objects: ClassVar[_TypeManager] = _TypeManager("mappetype", Mappetype.SAKSMAPPE)

    class Meta:
        proxy = True
        verbose_name_plural = "saksmapper"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.mappetype = Mappetype.SAKSMAPPE
        super().save(*args, **kwargs)

    @property
    def saksnummer(self) -> str:
        return f"{self.saksaar}/{self.sakssekvensnummer}"


class Journalpost(Registrering):
    """Noark 5 Journalpost: an entry in the journal."""

    objects: ClassVar[_TypeManager] = _TypeManager(
        "registreringstype", Registreringstype.JOURNALPOST
    )

    class Meta:
        proxy = True
        verbose_name_plural = "journalposter"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.registreringstype = Registreringstype.JOURNALPOST
        super().save(*args, **kwargs)

    @property
    def journalnummer(self) -> str:
        """Written `sekvensnummer/år` so it is not mistaken for a case number (model.md §6.1)."""
        return f"{self.journalsekvensnummer}/{self.journalaar}"


class Arkivnotat(Registrering):
    """Noark 5 Arkivnotat: archived but not journalført; no journal numbers."""

    objects: ClassVar[_TypeManager] = _TypeManager(
        "registreringstype", Registreringstype.ARKIVNOTAT
    )

    class Meta:
        proxy = True
        verbose_name_plural = "arkivnotater"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.registreringstype = Registreringstype.ARKIVNOTAT
        super().save(*args, **kwargs)
