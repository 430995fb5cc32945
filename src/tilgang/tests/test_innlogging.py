"""Local login (with the django-axes lock-out), logout and "Logg ut på alle enheter"."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from organisasjon.models import Bruker
from organisasjon.tests.factories import BrukerFactory
from tilgang.innlogging.okter import OKT_GENERASJON
from tilgang.innlogging.views import brukernavn_for_sperring

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2]
BESKYTTET_SIDE = "/saker/"


def _er_innlogget_som(client: Client, bruker: Bruker) -> bool:
    return client.session.get(SESSION_KEY) == str(bruker.pk)


def _logg_inn(client: Client, brukernavn: str, passord: str, **ekstra: str) -> object:
    return client.post("/logg-inn/", {"username": brukernavn, "password": passord}, **ekstra)


def ny_bruker(brukernavn: str) -> Bruker:
    """A user with the password "demo"."""
    bruker = BrukerFactory(username=brukernavn)
    bruker.save()  # BrukerFactory leaves saving the hashed password to the caller
    return bruker


@pytest.fixture
def ola() -> Bruker:
    return ny_bruker("ola.nordmann")


# Local login


def test_innlogging_med_riktig_passord(client: Client, ola: Bruker) -> None:
    svar = _logg_inn(client, "ola.nordmann", "demo")

    assert svar.status_code == 302
    assert svar["Location"] == "/"
    assert _er_innlogget_som(client, ola) is True
    assert client.session[OKT_GENERASJON] == 0


def test_feil_passord_gir_feilmelding_ved_feltet(client: Client, ola: Bruker) -> None:
    svar = _logg_inn(client, "ola.nordmann", "galt")

    innhold = svar.content.decode()
    assert svar.status_code == 200
    assert 'id="feil_password" role="alert">Feil brukernavn eller passord.</p>' in innhold
    assert 'aria-describedby="feil_password"' in innhold
    assert SESSION_KEY not in client.session


def test_tomt_brukernavn_gir_norsk_feilmelding_ved_feltet(client: Client) -> None:
    svar = _logg_inn(client, "", "demo")

    assert 'id="feil_username">Skriv inn brukernavnet ditt.</p>' in svar.content.decode()


def test_innloggingssiden_er_paa_norsk_uten_oidc_knapp_naar_oidc_er_av(client: Client) -> None:
    innhold = client.get("/logg-inn/").content.decode()

    assert '<h1 class="ds-heading" data-size="lg">Logg inn</h1>' in innhold
    assert 'name="password"' in innhold
    assert "Logg inn med" not in innhold


def test_oktcookie_er_httponly_samesite_lax_og_har_varighet(client: Client, ola: Bruker) -> None:
    _logg_inn(client, "ola.nordmann", "demo")

    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 480 * 60


# Lock-out (django-axes)


def test_sperres_etter_maks_antall_feil(client: Client, ola: Bruker, settings: object) -> None:
    maks = settings.AXES_FAILURE_LIMIT  # type: ignore[attr-defined]
    assert maks == 5  # ARKIVAR_LOGIN_MAKS_FORSOEK's default

    for _ in range(maks - 1):
        assert _logg_inn(client, "ola.nordmann", "galt").status_code == 200
    sperret = _logg_inn(client, "ola.nordmann", "galt")
    med_riktig_passord = _logg_inn(client, "ola.nordmann", "demo")

    assert sperret.status_code == 429
    assert "For mange mislykkede innloggingsforsøk" in sperret.content.decode()
    assert "sperret i 15 minutter" in sperret.content.decode()
    assert med_riktig_passord.status_code == 429
    assert SESSION_KEY not in client.session


def test_sperren_gjelder_brukernavn_og_ip_adresse_sammen(client: Client, ola: Bruker) -> None:
    for _ in range(5):
        _logg_inn(client, "ola.nordmann", "galt")

    annen_adresse = Client()
    svar = _logg_inn(annen_adresse, "ola.nordmann", "demo", REMOTE_ADDR="10.20.30.40")

    assert svar.status_code == 302
    assert _er_innlogget_som(annen_adresse, ola) is True


def test_varianter_av_brukernavnet_teller_sammen(client: Client, ola: Bruker) -> None:
    for variant in [
        "ola.nordmann",
        " OLA.NORDMANN",
        "ｏｌａ.nordmann",
        "Ola.Nordmann ",
        "ola.nordmann",
    ]:
        _logg_inn(client, variant, "galt")

    assert _logg_inn(client, "ola.nordmann", "demo").status_code == 429
    assert brukernavn_for_sperring(None, {"username": " ＯＬＡ.nordmann "}) == "ola.nordmann"  # type: ignore[arg-type]


def test_sperren_opphoerer_etter_sperretiden(client: Client, ola: Bruker) -> None:
    for _ in range(5):
        _logg_inn(client, "ola.nordmann", "galt")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    svar = _logg_inn(client, "ola.nordmann", "demo")

    assert svar.status_code == 302
    assert _er_innlogget_som(client, ola) is True


# Local login switched off


def test_passordinnlogging_kan_slaas_av(client: Client, ola: Bruker, settings: object) -> None:
    settings.ARKIVAR_LOKAL_INNLOGGING = False  # type: ignore[attr-defined]
    settings.ARKIVAR_OIDC_ENABLED = True  # type: ignore[attr-defined]

    side = client.get("/logg-inn/").content.decode()
    svar = _logg_inn(client, "ola.nordmann", "demo")

    assert 'name="password"' not in side
    assert "Logg inn med kommunens brukerkonto" in side
    assert svar.status_code == 403
    assert "Innlogging med passord er slått av." in svar.content.decode()
    assert SESSION_KEY not in client.session


# Logout


def test_utlogging_godtar_ikke_get(client: Client, ola: Bruker) -> None:
    client.force_login(ola)

    svar = client.get("/logg-ut/")

    assert svar.status_code == 405
    assert _er_innlogget_som(client, ola) is True


def test_utlogging_med_post(client: Client, ola: Bruker) -> None:
    client.force_login(ola)

    svar = client.post("/logg-ut/")

    assert svar.status_code == 302
    assert svar["Location"] == "/logg-inn/"
    assert SESSION_KEY not in client.session
    assert client.get(BESKYTTET_SIDE).status_code == 302


def test_utlogging_krever_csrf_token(ola: Bruker) -> None:
    nettleser = Client(enforce_csrf_checks=True)
    nettleser.force_login(ola)

    svar = nettleser.post("/logg-ut/")

    assert svar.status_code == 403
    assert _er_innlogget_som(nettleser, ola) is True


def test_menyen_har_utlogging_og_utlogging_paa_alle_enheter(client: Client, ola: Bruker) -> None:
    client.force_login(ola)

    innhold = client.get("/logg-inn/").content.decode()

    assert '<form method="post" action="/logg-ut/"' in innhold
    assert 'formaction="/logg-ut/alle-enheter/">Logg ut på alle enheter</button>' in innhold


# Log out on all devices


def test_logg_ut_paa_alle_enheter_avslutter_oktene_paa_andre_enheter(ola: Bruker) -> None:
    pc = Client()
    mobil = Client()
    nettbrett = Client()
    _logg_inn(pc, "ola.nordmann", "demo")
    _logg_inn(mobil, "ola.nordmann", "demo", REMOTE_ADDR="10.0.0.2")
    nettbrett.force_login(ola)  # a session without a generation stamp
    assert mobil.get(BESKYTTET_SIDE).status_code == 200

    svar = pc.post("/logg-ut/alle-enheter/", follow=True)

    assert svar.redirect_chain == [("/logg-inn/", 302)]
    assert "Du er logget ut på alle enheter." in svar.content.decode()
    assert mobil.get(BESKYTTET_SIDE).status_code == 302
    assert nettbrett.get(BESKYTTET_SIDE).status_code == 302
    assert SESSION_KEY not in mobil.session
    assert SESSION_KEY not in pc.session
    ola.refresh_from_db()
    assert ola.okt_generasjon == 1


def test_ny_innlogging_etter_logg_ut_paa_alle_enheter_virker(ola: Bruker) -> None:
    pc = Client()
    _logg_inn(pc, "ola.nordmann", "demo")
    pc.post("/logg-ut/alle-enheter/")

    _logg_inn(pc, "ola.nordmann", "demo")

    assert pc.get(BESKYTTET_SIDE).status_code == 200
    assert pc.session[OKT_GENERASJON] == 1


def test_logg_ut_paa_alle_enheter_rorer_ikke_andre_brukere(ola: Bruker) -> None:
    ny_bruker("kari")
    ola_klient, kari_klient = Client(), Client()
    _logg_inn(ola_klient, "ola.nordmann", "demo")
    _logg_inn(kari_klient, "kari", "demo")

    ola_klient.post("/logg-ut/alle-enheter/")

    assert kari_klient.get(BESKYTTET_SIDE).status_code == 200


def test_innlogging_i_adminsiden_faar_gjeldende_generasjon(ola: Bruker) -> None:
    Bruker.objects.filter(pk=ola.pk).update(okt_generasjon=3, is_staff=True)
    admin = Client()

    svar = admin.post("/admin/login/", {"username": "ola.nordmann", "password": "demo"})

    assert svar.status_code == 302
    assert admin.session[OKT_GENERASJON] == 3
    assert admin.get(BESKYTTET_SIDE).status_code == 200


def test_logg_ut_paa_alle_enheter_godtar_ikke_get(client: Client, ola: Bruker) -> None:
    client.force_login(ola)

    assert client.get("/logg-ut/alle-enheter/").status_code == 405
    ola.refresh_from_db()
    assert ola.okt_generasjon == 0


def test_generasjonssjekken_koster_ingen_egen_sporring(
    client: Client, ola: Bruker, django_assert_num_queries: object
) -> None:
    _logg_inn(client, "ola.nordmann", "demo")

    with django_assert_num_queries(3):  # type: ignore[operator]
        client.get("/logg-inn/")  # the session, the user and the roles (menu), nothing else


# Settings from the environment


def _innstillinger(tmp_path: Path, **miljoe: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ARKIVAR_") or key == "ARKIVAR_DATABASE_URL"
    }
    env.update(PYTHONPATH=str(SRC), ARKIVAR_DATA_DIR=str(tmp_path), ARKIVAR_SECRET_KEY="x" * 50)
    env.update(miljoe)
    skript = (
        "from config import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_AGE,"
        " s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME,"
        " s.AUTHENTICATION_BACKENDS[0], s.MIDDLEWARE[-1])"
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", skript], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.django_db(False)
def test_okt_og_sperre_styres_av_miljoevariabler(tmp_path: Path) -> None:
    resultat = _innstillinger(
        tmp_path,
        ARKIVAR_SECURE_COOKIES="1",
        ARKIVAR_OKT_VARIGHET_MINUTTER="30",
        ARKIVAR_OKT_UTLOEPER_VED_LUKKING="1",
        ARKIVAR_LOGIN_MAKS_FORSOEK="3",
        ARKIVAR_LOGIN_SPERRETID_MINUTTER="60",
    )

    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.split() == [
        "True",
        "True",
        "1800",
        "True",
        "3",
        "1:00:00",
        "axes.backends.AxesStandaloneBackend",
        "axes.middleware.AxesMiddleware",
    ]


@pytest.mark.django_db(False)
def test_standardverdier_for_okt_og_sperre(tmp_path: Path) -> None:
    resultat = _innstillinger(tmp_path)

    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.split()[:6] == ["False", "False", "28800", "False", "5", "0:15:00"]
