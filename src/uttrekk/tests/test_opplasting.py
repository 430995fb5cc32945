"""The records office's page for reading an extract in: a ZIP uploaded, unpacked safely,
imported by the task worker, the outcome (or the refusal's report) on the page."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tasks import default_task_backend

from organisasjon.models import Virksomhet
from uttrekk.models import Innlesing
from uttrekk.opplasting import les_inn_naa
from uttrekk.tests.uttrekksbygger import Uttrekk


def _zip(
    mappe: Path, *, prefiks: str = "uttrekk/", ekstra: dict[str, bytes] | None = None
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as arkiv:
        for fil in sorted(mappe.rglob("*")):
            if fil.is_file():
                arkiv.write(fil, prefiks + fil.relative_to(mappe).as_posix())
        for navn, innhold in (ekstra or {}).items():
            arkiv.writestr(navn, innhold)
    return buffer.getvalue()


def _arkivar() -> Client:
    klient = Client()
    klient.force_login(get_user_model().objects.get(username="arkivar.grunerlokka"))
    return klient


def _last_opp(klient: Client, innhold: bytes, virksomhet: str = "grunerlokka") -> Any:
    return klient.post(
        "/uttrekk/innlesing/",
        {"virksomhet": virksomhet, "fil": SimpleUploadedFile("gammelt.zip", innhold)},
        follow=True,
    )


def test_opplastet_uttrekk_leses_inn_av_arbeideren_og_vises_paa_siden(
    organisasjon: Virksomhet, uttrekk: Uttrekk, django_capture_on_commit_callbacks: Any
) -> None:
    klient = _arkivar()
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svar = _last_opp(klient, _zip(uttrekk.mappe))
    assert "er lastet opp og leses inn" in svar.content.decode()
    innlesing = Innlesing.objects.get()
    assert [r.args for r in default_task_backend.results] == [[innlesing.pk]]
    innlesing = les_inn_naa(innlesing.pk)
    assert innlesing.status == Innlesing.Status.LEST_INN
    assert innlesing.arkiv is not None
    assert innlesing.arkiv.er_historisk is True
    assert innlesing.antall["mappe"] == 2
    assert not (Path(settings.DATA_DIR) / "innlesing" / str(innlesing.system_id)).exists()
    side = klient.get("/uttrekk/innlesing/").content.decode()
    assert "Lest inn" in side
    assert "Sakarkiv Eksempel kommune" in side


def test_ugyldig_uttrekk_avvises_og_rapporten_vises(
    organisasjon: Virksomhet, uttrekk: Uttrekk, django_capture_on_commit_callbacks: Any
) -> None:
    uttrekk.sti("dokumenter/5000002.pdf").write_bytes(b"%PDF endret")
    with django_capture_on_commit_callbacks(execute=True):
        _last_opp(_arkivar(), _zip(uttrekk.mappe))
    innlesing = les_inn_naa(Innlesing.objects.get().pk)
    assert innlesing.status == Innlesing.Status.AVVIST
    assert "er ikke lest inn" in innlesing.melding
    assert any(linje.startswith("FEIL N5.30") for linje in innlesing.linjer)
    assert "FEIL N5.30" in _arkivar().get("/uttrekk/innlesing/").content.decode()


def test_farlig_eller_feil_zip_avvises_foer_noe_pakkes_ut(
    organisasjon: Virksomhet, uttrekk: Uttrekk
) -> None:
    klient = _arkivar()
    svar = _last_opp(klient, _zip(uttrekk.mappe, ekstra={"../utenfor.txt": b"x"}))
    assert "Ugyldig filsti" in svar.content.decode()
    svar = _last_opp(klient, b"ikke en zip")
    assert "ikke en gyldig ZIP-fil" in svar.content.decode()
    svar = _last_opp(klient, _zip(uttrekk.mappe, prefiks="a/b/"))
    assert "Fant ikke arkivuttrekk.xml" in svar.content.decode()
    assert not Innlesing.objects.exists()
    assert not any((Path(settings.DATA_DIR) / "innlesing").glob("*/*"))


def test_bare_arkivet_i_bydelen_leser_inn(organisasjon: Virksomhet, uttrekk: Uttrekk) -> None:
    saksbehandler = Client()
    saksbehandler.force_login(get_user_model().objects.get(username="saksbehandler.grunerlokka"))
    assert saksbehandler.get("/uttrekk/innlesing/").status_code == 403
    # A district the records office does not serve is not offered, nor taken.
    svar = _last_opp(_arkivar(), _zip(uttrekk.mappe), virksomhet="alna")
    assert "Velg bydel" in svar.content.decode()
    assert not Innlesing.objects.exists()
