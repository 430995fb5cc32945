"""The nightly deposit check: green, yellow or red per arkivdel, with the failing checks, on
the records office's page; planned for the next night by itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_tasks import default_task_backend

from arkivstruktur.models import Arkivdel, Dokumentobjekt, Mappe
from dokument.lagring import sti_for
from felles.tid import OSLO
from uttrekk.kontroll import arkivdeler_til_kontroll, kontroller_arkivdel, neste_kjoering
from uttrekk.models import Uttrekkskontroll
from uttrekk.tasks import planlegg_nattlig_kontroll


def _innlogget(brukernavn: str) -> Client:
    klient = Client()
    klient.force_login(get_user_model().objects.get(username=brukernavn))
    return klient


def test_arkivdel_i_bruk_er_klar_med_advarsler_for_aapne_saker(demo: Arkivdel) -> None:
    kontroll = kontroller_arkivdel(demo.pk)
    assert kontroll.resultat == Uttrekkskontroll.Resultat.ADVARSLER
    assert kontroll.antall_feil == 0
    assert kontroll.antall_advarsler > 0
    assert {k["kontroll"] for k in kontroll.kontroller} <= {"N5.15", "N5.22", "N5.25"}
    assert kontroll.antall_mapper == Mappe.objects.filter(arkivdel=demo).count()
    # Nothing is left behind of the extract it built.
    assert not any((Path(_datamappe()) / "uttrekkskontroll").iterdir())


def _datamappe() -> str:
    from django.conf import settings

    return str(settings.DATA_DIR)


def test_en_fil_som_er_endret_i_lageret_gir_roedt_med_stedet(
    demo: Arkivdel, dokumentlager: Path
) -> None:
    objekt = Dokumentobjekt.objects.filter(dokumentbeskrivelse__arkivdel=demo).first()
    assert objekt is not None
    fil = dokumentlager / sti_for(objekt.sjekksum)
    fil.chmod(0o644)
    fil.write_bytes(fil.read_bytes() + b"endret")
    kontroll = kontroller_arkivdel(demo.pk)
    assert kontroll.resultat == Uttrekkskontroll.Resultat.FEIL
    feil = {k["kontroll"]: k for k in kontroll.kontroller if k["alvor"] == "FEIL"}
    assert "N5.30" in feil
    assert objekt.sjekksum in str(feil["N5.30"]["eksempler"][0])


def test_uttrekk_som_ikke_kan_lages_er_avbrutt_med_grunnen(demo: Arkivdel) -> None:
    Mappe.objects.filter(pk=Mappe.objects.filter(arkivdel=demo).first().pk).update(klasse=None)  # type: ignore[union-attr]
    kontroll = kontroller_arkivdel(demo.pk)
    assert kontroll.resultat == Uttrekkskontroll.Resultat.AVBRUTT
    assert "har ingen klasse" in kontroll.melding


def test_arkivaren_ser_resultatet_og_kan_be_om_ny_kontroll(demo: Arkivdel) -> None:
    kontroller_arkivdel(demo.pk)
    kortnavn = demo.arkiv.virksomhet.kortnavn
    klient = _innlogget(f"arkivar.{kortnavn}")
    side = klient.get("/uttrekk/").content.decode()
    assert "Klar, med advarsler" in side
    assert "N5.15" in side
    assert side.count("Ikke kontrollert ennå") == 0  # the arkivar sees only the own district
    default_task_backend.clear()
    svar = klient.post(f"/uttrekk/{demo.system_id}/kontroller/")
    assert svar.status_code == 302
    assert [r.args for r in default_task_backend.results] == [[demo.pk]]
    # A case handler has no such page, nor may ask for a check.
    saksbehandler = _innlogget(f"saksbehandler.{kortnavn}")
    assert saksbehandler.get("/uttrekk/").status_code == 403
    assert saksbehandler.post(f"/uttrekk/{demo.system_id}/kontroller/").status_code == 403
    annen = Arkivdel.objects.exclude(arkiv__virksomhet=demo.arkiv.virksomhet).first()
    assert annen is not None
    assert klient.post(f"/uttrekk/{annen.system_id}/kontroller/").status_code == 404


@pytest.mark.parametrize(
    ("naa", "neste"),
    [
        (dt.datetime(2026, 3, 1, 1, 30, tzinfo=OSLO), dt.datetime(2026, 3, 1, 2, 0, tzinfo=OSLO)),
        (dt.datetime(2026, 3, 1, 2, 0, tzinfo=OSLO), dt.datetime(2026, 3, 2, 2, 0, tzinfo=OSLO)),
        (dt.datetime(2026, 3, 1, 23, 0, tzinfo=OSLO), dt.datetime(2026, 3, 2, 2, 0, tzinfo=OSLO)),
    ],
)
def test_neste_kjoering_er_klokka_to_om_natta(naa: dt.datetime, neste: dt.datetime) -> None:
    assert neste_kjoering(naa) == neste


def test_nattens_kontroll_legges_i_koeen(db: Any) -> None:
    default_task_backend.clear()
    assert planlegg_nattlig_kontroll() is True
    (resultat,) = default_task_backend.results
    assert resultat.task.run_after.astimezone(OSLO).time() == dt.time(2, 0)


def test_avsluttet_og_kontrollert_arkivdel_meldes_deponert(demo: Arkivdel) -> None:
    klient = _innlogget(f"arkivar.{demo.arkiv.virksomhet.kortnavn}")
    svar = klient.post(f"/uttrekk/{demo.system_id}/deponert/", follow=True)
    assert "ikke en avsluttet periode" in svar.content.decode()
    Arkivdel.objects.filter(pk=demo.pk).update(arkivdelstatus="P")
    svar = klient.post(f"/uttrekk/{demo.system_id}/deponert/", follow=True)
    assert "ikke kontrollert uten feil" in svar.content.decode()
    kontroller_arkivdel(demo.pk)
    svar = klient.post(f"/uttrekk/{demo.system_id}/deponert/", follow=True)
    assert "er meldt deponert" in svar.content.decode()
    demo.refresh_from_db()
    assert demo.er_deponert is True
    # A deposited arkivdel is no longer checked each night.
    assert demo not in arkivdeler_til_kontroll()
