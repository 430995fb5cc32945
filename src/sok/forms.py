"""The search parameters of the page and the JSON view: input shape only."""

from __future__ import annotations

from typing import Any

from django import forms

from sok.models import Art
from sok.selectors import Filtre, Rekkefoelge

REKKEFOELGER = [("relevans", "Mest relevante"), ("nyeste", "Nyeste først")]


class SokForm(forms.Form):
    q = forms.CharField(label="Søk etter", required=False)
    bydel = forms.SlugField(label="Bydel", required=False)
    enhet = forms.UUIDField(label="Enhet", required=False)
    klasse = forms.UUIDField(label="Klasse", required=False)
    art = forms.ChoiceField(
        label="Type treff", required=False, choices=[("", "Alle"), *Art.choices]
    )
    journalposttype = forms.CharField(label="Journalposttype", required=False, max_length=10)
    journalstatus = forms.CharField(label="Journalstatus", required=False, max_length=10)
    saksstatus = forms.CharField(label="Saksstatus", required=False, max_length=10)
    aar = forms.IntegerField(label="År", required=False, min_value=1000, max_value=9999)
    fra = forms.DateField(label="Fra dato", required=False)
    til = forms.DateField(label="Til dato", required=False)
    side = forms.IntegerField(required=False, min_value=1, max_value=10_000)
    rekkefoelge = forms.ChoiceField(label="Sorter", required=False, choices=REKKEFOELGER)

    def verdi(self, navn: str) -> Any:
        """The cleaned value, or None when the field was empty or invalid (call is_valid
        first: an invalid field is left out of cleaned_data)."""
        return self.cleaned_data.get(navn)

    def filtre(self) -> Filtre:
        return Filtre(
            bydel=self.verdi("bydel") or None,
            enhet=self.verdi("enhet"),
            klasse=self.verdi("klasse"),
            art=self.verdi("art") or None,
            journalposttype=self.verdi("journalposttype") or None,
            journalstatus=self.verdi("journalstatus") or None,
            saksstatus=self.verdi("saksstatus") or None,
            aar=self.verdi("aar"),
            fra_dato=self.verdi("fra"),
            til_dato=self.verdi("til"),
        )

    def valgt_rekkefoelge(self) -> Rekkefoelge:
        return "nyeste" if self.verdi("rekkefoelge") == "nyeste" else "relevans"

    def valgt_side(self) -> int:
        return int(self.verdi("side") or 1)
