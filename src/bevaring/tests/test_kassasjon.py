"""Disposal: due cases listed, approved and carried out; the files go, the records stay with
the UtfoertKassasjon, and the extract says so (issue 7 §5)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from arkivstruktur.models import Arkivdel, Dokumentbeskrivelse, Dokumentobjekt, Kassasjon, Mappe
from bevaring.models import Kassasjonsliste
from bevaring.selectors import til_kassasjon
from bevaring.services import (
    kassasjonsliste_godkjenn,
    kassasjonsliste_opprett,
    kassasjonsliste_utfoer,
)
from dokument.lagring import sti_for
from felles.feil import DomeneFeil, IngenTilgang
from felles.tid import naa
from sakarkiv.models import Saksmappe
from uttrekk.eksport import eksporter
from uttrekk.validering import valider

AVSLUTTET = dt.datetime(2020, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def sak(db: Any, dokumentlager: Path) -> Mappe:
    """A demo case closed in 2020 under a decision to dispose of it after 5 years."""
    call_command("demo", saker=20, froe=2026, stdout=StringIO())
    sak = (
        Saksmappe.objects.filter(skjerming__isnull=True, registreringer__isnull=False)
        .distinct()
        .first()
    )
    assert sak is not None
    kassasjon = Kassasjon.objects.create(kassasjonsvedtak="K", bevaringstid=5)
    Mappe.objects.filter(pk=sak.pk).update(
        avsluttet_dato=AVSLUTTET, avsluttet_av="Arkivet", kassasjon=kassasjon
    )
    return Mappe.objects.select_related("arkivdel__arkiv__virksomhet").get(pk=sak.pk)


def _bruker(sak: Mappe, rolle: str) -> Any:
    return get_user_model().objects.get(username=f"{rolle}.{sak.arkiv.virksomhet.kortnavn}")


def test_saken_er_forfalt_fem_aar_etter_at_den_ble_avsluttet(sak: Mappe) -> None:
    arkivar = _bruker(sak, "arkivar")
    foer = til_kassasjon(bruker=arkivar, arkivdel=sak.arkivdel, per=dt.date(2025, 2, 28))
    etter = til_kassasjon(bruker=arkivar, arkivdel=sak.arkivdel, per=dt.date(2025, 3, 1))
    assert [f.mappe for f in foer] == []
    assert [(f.mappe, f.kassasjonsdato) for f in etter] == [(sak, dt.date(2025, 3, 1))]


def test_liste_godkjennes_og_utfoeres_filene_gaar_registreringene_blir(
    sak: Mappe,
    dokumentlager: Path,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    arkivar = _bruker(sak, "arkivar")
    dokumenter = list(
        Dokumentbeskrivelse.objects.filter(tilknytninger__registrering__mappe=sak).distinct()
    )
    filer = [
        dokumentlager / sti_for(o.sjekksum)
        for o in Dokumentobjekt.objects.filter(dokumentbeskrivelse__in=dokumenter)
    ]
    assert filer
    assert all(f.exists() for f in filer)
    liste = kassasjonsliste_opprett(arkivdel=sak.arkivdel, utfoert_av=arkivar)
    assert list(liste.linjer.values_list("mappe", flat=True)) == [sak.pk]
    with pytest.raises(DomeneFeil, match="til godkjenning"):
        kassasjonsliste_utfoer(liste=liste, utfoert_av=arkivar)
    kassasjonsliste_godkjenn(liste=liste, utfoert_av=arkivar)
    with django_capture_on_commit_callbacks(execute=True):
        liste = kassasjonsliste_utfoer(liste=liste, utfoert_av=arkivar)
    assert liste.status == Kassasjonsliste.Status.UTFOERT
    assert liste.antall_kasserte_dokumenter == len(dokumenter)
    assert not Dokumentobjekt.objects.filter(dokumentbeskrivelse__in=dokumenter).exists()
    assert not any(f.exists() for f in filer)
    for dokument in Dokumentbeskrivelse.objects.filter(pk__in=[d.pk for d in dokumenter]):
        assert dokument.utfoert_kassasjon is not None
        assert dokument.utfoert_kassasjon.kassert_av == arkivar.visningsnavn
    assert Mappe.objects.filter(pk=sak.pk).exists()
    assert til_kassasjon(bruker=arkivar, arkivdel=sak.arkivdel, per=dt.date(2030, 1, 1)) == []
    call_command("verify_log", stdout=StringIO())
    # The extract says that documents were disposed of, and passes the checks.
    uttrekk = eksporter(
        bruker=arkivar, utmappe=tmp_path / "ut", arkivdel_id=str(sak.arkivdel.system_id)
    )
    assert uttrekk.telling.har_utfoert_kassasjon is True
    assert b"omfatterDokumenterSomErKassert" in (uttrekk.mappe / "arkivuttrekk.xml").read_bytes()
    assert valider(uttrekk.mappe).feil == []


def test_gjenaapnet_sak_stopper_kassasjonen(sak: Mappe) -> None:
    arkivar = _bruker(sak, "arkivar")
    liste = kassasjonsliste_opprett(arkivdel=sak.arkivdel, utfoert_av=arkivar)
    kassasjonsliste_godkjenn(liste=liste, utfoert_av=arkivar)
    Mappe.objects.filter(pk=sak.pk).update(avsluttet_dato=None, avsluttet_av="")
    with pytest.raises(DomeneFeil, match="gjenåpnet"):
        kassasjonsliste_utfoer(liste=liste, utfoert_av=arkivar)
    assert Dokumentobjekt.objects.filter(
        dokumentbeskrivelse__tilknytninger__registrering__mappe=sak
    ).exists()


def test_bare_arkivaren_kasserer(sak: Mappe) -> None:
    with pytest.raises(IngenTilgang, match="Bare arkivaren"):
        kassasjonsliste_opprett(arkivdel=sak.arkivdel, utfoert_av=_bruker(sak, "saksbehandler"))
    annen = Arkivdel.objects.exclude(arkiv=sak.arkiv).first()
    assert annen is not None
    with pytest.raises(IngenTilgang):
        kassasjonsliste_opprett(arkivdel=annen, utfoert_av=_bruker(sak, "arkivar"))
    with pytest.raises(DomeneFeil, match="Ingen saker"):
        kassasjonsliste_opprett(
            arkivdel=sak.arkivdel, utfoert_av=_bruker(sak, "arkivar"), per=dt.date(2021, 1, 1)
        )


def test_sidene_viser_forfalte_saker_og_gaar_gjennom_trinnene(
    sak: Mappe, django_capture_on_commit_callbacks: Any
) -> None:
    klient = Client()
    klient.force_login(_bruker(sak, "arkivar"))
    side = klient.get("/bevaring/").content.decode()
    assert f"Lag kassasjonsliste for {sak.arkivdel.tittel}" in side
    svar = klient.post(f"/bevaring/arkivdel/{sak.arkivdel.system_id}/ny-liste/")
    liste = Kassasjonsliste.objects.get()
    assert svar.url == f"/bevaring/{liste.system_id}/"  # type: ignore[attr-defined]
    assert sak.mappe_id in klient.get(svar.url).content.decode()  # type: ignore[attr-defined]
    klient.post(f"/bevaring/{liste.system_id}/handling/", {"handling": "godkjenn"})
    with django_capture_on_commit_callbacks(execute=True):
        klient.post(f"/bevaring/{liste.system_id}/handling/", {"handling": "utfoer"})
    liste.refresh_from_db()
    assert liste.status == Kassasjonsliste.Status.UTFOERT
    assert liste.utfoert_dato is not None
    assert liste.utfoert_dato <= naa()
    saksbehandler = Client()
    saksbehandler.force_login(_bruker(sak, "saksbehandler"))
    assert saksbehandler.get("/bevaring/").status_code == 403
    assert saksbehandler.get(f"/bevaring/{liste.system_id}/").status_code == 404
