"""A Noark code value stored as a copy of kode and kodenavn (model.md §0).

`journalposttype = KodeFelt("journalposttype", "M082")` gives two columns: `journalposttype`
(the kode) and `journalposttype_kodenavn` (its name at the time it was set), so later edits of
the code list never change existing records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    _Tekstfelt = models.CharField[str, str]
else:
    _Tekstfelt = models.CharField


class KodeFelt(_Tekstfelt):
    def __init__(self, kodeliste: str = "", m_nummer: str = "", **kwargs: Any) -> None:
        self.kodeliste = kodeliste
        self.m_nummer = m_nummer
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(**kwargs)

    def contribute_to_class(self, cls: Any, name: str, private_only: bool = False) -> None:
        if not self.help_text:
            self.help_text = f"{self.m_nummer} {name} (kode i kodelisten {self.kodeliste})".strip()
        super().contribute_to_class(cls, name, private_only=private_only)
        if not cls._meta.abstract and not any(
            f.name == f"{name}_kodenavn" for f in cls._meta.local_fields
        ):
            navn: models.CharField[str, str] = models.CharField(
                max_length=200,
                blank=True,
                default="",
                help_text=f"{self.m_nummer} {name} (kodenavn)",
            )
            cls.add_to_class(f"{name}_kodenavn", navn)

    def deconstruct(self) -> Any:
        # Migrations see two plain CharFields, so migration states never add the companion twice.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


def kodefelter(modell: type[models.Model]) -> dict[str, str]:
    """Field name → code list for every KodeFelt of a model."""
    return {
        felt.name: felt.kodeliste
        for felt in modell._meta.get_fields()
        if isinstance(felt, KodeFelt)
    }
