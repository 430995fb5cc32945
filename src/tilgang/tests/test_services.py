"""Giving and withdrawing access codes, case access and clearances: who may, what is checked,
and that every change is in the endringslogg."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from felles.feil import DomeneFeil, IngenTilgang
from organisasjon.models import Rolle, Virksomhetstype
from organisasjon.tests.factories import (
    AdministrativEnhetFactory,
    VirksomhetFactory,
    bruker_med_rolle,
)
from sakarkiv.models import Saksmappe
from sakarkiv.selectors import saksmappe_liste
from sakarkiv.tests.conftest import Bydel, lag_bydel
from sakarkiv.tests.hjelpere import ny_sak
from sporing.models import Endringslogg
from tilgang.models import Klarering, Sakstilgang, Tilgangskodetildeling
from tilgang.profil import tilgangsprofil
from tilgang.services import (
    klarering_gi,
    klarering_trekk,
    sakstilgang_gi,
    sakstilgang_trekk,
    tilgangskode_gi,
    tilgangskode_trekk,
)
from tilgang.tests.test_omfang import _skjerm

pytestmark = pytest.mark.django_db


@pytest.fixture
def alna(db: Any) -> Bydel:
    return lag_bydel("Alna")


@pytest.fixture
def bjerke(db: Any) -> Bydel:
    return lag_bydel("Bjerke")


@pytest.fixture
def skjermet(alna: Bydel) -> Saksmappe:
    sak = ny_sak(
        alna, tittel="Bekymringsmelding Ola Hansen", offentlig_tittel="Bekymringsmelding *"
    )
    _skjerm(sak)
    return Saksmappe.objects.select_related("arkiv").get(pk=sak.pk)


@pytest.fixture
def systemadministrator(db: Any) -> Any:
    oslo = VirksomhetFactory(
        navn="Oslo kommune", kortnavn="oslo", virksomhetstype=Virksomhetstype.KOMMUNE
    )
    return bruker_med_rolle(Rolle.SYSTEMADMINISTRATOR, AdministrativEnhetFactory(virksomhet=oslo))


def _ser(bruker: Any, sak: Saksmappe) -> bool:
    return saksmappe_liste(bruker=bruker).filter(pk=sak.pk).exists()


def _logg(felt: str) -> list[tuple[str, str | None, str | None, str]]:
    return list(
        Endringslogg.objects.filter(referanse_metadata=felt)
        .order_by("loepenummer")
        .values_list("endret_av", "tidligere_verdi", "ny_verdi", "arkivenhet_type")
    )


# --- tilgangskoder ---------------------------------------------------------------------------


def test_arkivar_gir_tilgangskode_for_bydelen_og_det_logges(
    alna: Bydel, skjermet: Saksmappe
) -> None:
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)
    assert not _ser(kollega, skjermet)

    tildeling = tilgangskode_gi(
        bruker=kollega,
        tilgangskode="13",
        virksomhet=alna.arkiv.virksomhet,
        utfoert_av=alna.arkivar,
    )

    assert tildeling.gitt_av == alna.arkivar.visningsnavn
    assert _ser(kollega, skjermet)
    assert _logg("tilgangskode") == [
        (alna.arkivar.visningsnavn, None, "13 for Bydel Alna", "bruker")
    ]
    oppfoering = Endringslogg.objects.get(referanse_metadata="tilgangskode")
    assert oppfoering.referanse_arkivenhet == kollega.system_id


def test_tilgangskode_for_enhet_gjelder_enheten(alna: Bydel, skjermet: Saksmappe) -> None:
    leder = bruker_med_rolle(Rolle.LEDER, alna.enhet)

    tilgangskode_gi(
        bruker=leder, tilgangskode="13", administrativ_enhet=alna.enhet, utfoert_av=alna.arkivar
    )

    assert _ser(leder, skjermet)
    assert _logg("tilgangskode")[0][2] == f"13 for {alna.enhet} i Bydel Alna"


@pytest.mark.parametrize("hvem", ["saksbehandler", "leder", "arkivar_i_annen_bydel"])
def test_bare_arkivar_i_bydelen_eller_systemadministrator_gir_tilgangskoder(
    alna: Bydel, bjerke: Bydel, hvem: str
) -> None:
    utfoert_av = {
        "saksbehandler": alna.saksbehandler,
        "leder": alna.leder,
        "arkivar_i_annen_bydel": bjerke.arkivar,
    }[hvem]
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)

    with pytest.raises(IngenTilgang, match="Bare arkivar i bydelen"):
        tilgangskode_gi(
            bruker=kollega,
            tilgangskode="13",
            virksomhet=alna.arkiv.virksomhet,
            utfoert_av=utfoert_av,
        )

    assert Tilgangskodetildeling.objects.exists() is False
    assert Endringslogg.objects.filter(referanse_metadata="tilgangskode").exists() is False


def test_systemadministrator_gir_tilgangskode_i_alle_bydeler(
    bjerke: Bydel, systemadministrator: Any
) -> None:
    tilgangskode_gi(
        bruker=bjerke.leder,
        tilgangskode="13",
        virksomhet=bjerke.arkiv.virksomhet,
        utfoert_av=systemadministrator,
    )

    assert Tilgangskodetildeling.objects.filter(bruker=bjerke.leder).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "melding"),
    [
        ({}, "enten en virksomhet eller en administrativ enhet"),
        ({"tilgangskode": "99"}, "«99» er ikke en gyldig kode for tilgangskode"),
        ({"tilgangskode": " "}, "Tilgangskode må fylles ut"),
    ],
)
def test_tilgangskode_valideres(alna: Bydel, kwargs: dict[str, Any], melding: str) -> None:
    argumenter: dict[str, Any] = {
        "bruker": alna.leder,
        "tilgangskode": "13",
        "virksomhet": alna.arkiv.virksomhet,
        "utfoert_av": alna.arkivar,
    }
    if kwargs:
        argumenter.update(kwargs)
    else:
        argumenter["administrativ_enhet"] = alna.enhet

    with pytest.raises(DomeneFeil, match=melding):
        tilgangskode_gi(**argumenter)

    assert Tilgangskodetildeling.objects.exists() is False


def test_samme_tilgangskode_kan_ikke_gis_to_ganger(alna: Bydel) -> None:
    tilgangskode_gi(
        bruker=alna.leder,
        tilgangskode="13",
        virksomhet=alna.arkiv.virksomhet,
        utfoert_av=alna.arkivar,
    )

    with pytest.raises(DomeneFeil, match="har allerede tilgangskode 13 for Bydel Alna"):
        tilgangskode_gi(
            bruker=alna.leder,
            tilgangskode="13",
            virksomhet=alna.arkiv.virksomhet,
            utfoert_av=alna.arkivar,
        )


def test_tilgangskode_trekkes_og_det_logges(alna: Bydel, skjermet: Saksmappe) -> None:
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)
    tildeling = tilgangskode_gi(
        bruker=kollega,
        tilgangskode="13",
        virksomhet=alna.arkiv.virksomhet,
        utfoert_av=alna.arkivar,
    )
    assert _ser(kollega, skjermet)

    tilgangskode_trekk(tildeling=tildeling, utfoert_av=alna.arkivar)

    assert not _ser(kollega, skjermet)
    assert _logg("tilgangskode")[-1][1:] == ("13 for Bydel Alna", None, "bruker")


def test_saksbehandler_kan_ikke_trekke_tilgangskode(alna: Bydel) -> None:
    tildeling = tilgangskode_gi(
        bruker=alna.leder,
        tilgangskode="13",
        virksomhet=alna.arkiv.virksomhet,
        utfoert_av=alna.arkivar,
    )

    with pytest.raises(IngenTilgang):
        tilgangskode_trekk(tildeling=tildeling, utfoert_av=alna.saksbehandler)

    assert Tilgangskodetildeling.objects.count() == 1


# --- sakstilgang -----------------------------------------------------------------------------


def test_saksansvarlig_gir_navngitt_kollega_tilgang_til_saken(
    alna: Bydel, skjermet: Saksmappe, i_dag: dt.date
) -> None:
    kollega = bruker_med_rolle(
        Rolle.SAKSBEHANDLER, AdministrativEnhetFactory(virksomhet=alna.enhet.virksomhet)
    )
    assert not _ser(kollega, skjermet)

    sakstilgang = sakstilgang_gi(
        saksmappe=skjermet,
        bruker=kollega,
        begrunnelse="Vikar i ferien.",
        utloeper=i_dag + dt.timedelta(days=30),
        utfoert_av=alna.saksbehandler,
    )

    assert sakstilgang.referanse_gitt_av == alna.saksbehandler
    assert _ser(kollega, skjermet)
    oppfoering = Endringslogg.objects.get(referanse_metadata="sakstilgang")
    assert oppfoering.referanse_arkivenhet == skjermet.system_id
    assert oppfoering.ny_verdi == (
        f"{kollega.visningsnavn} ({kollega.username}) til og med "
        f"{(i_dag + dt.timedelta(days=30)).isoformat()}"
    )
    assert oppfoering.beskrivelse == "Sakstilgang gitt. Vikar i ferien."


def test_leder_for_enheten_gir_og_trekker_sakstilgang(alna: Bydel, skjermet: Saksmappe) -> None:
    kollega = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet)
    sakstilgang = sakstilgang_gi(saksmappe=skjermet, bruker=kollega, utfoert_av=alna.leder)
    assert _ser(kollega, skjermet)

    sakstilgang_trekk(sakstilgang=sakstilgang, utfoert_av=alna.leder)

    assert not _ser(kollega, skjermet)
    assert Sakstilgang.objects.exists() is False
    assert [rad[1:3] for rad in _logg("sakstilgang")] == [
        (None, f"{kollega.visningsnavn} ({kollega.username})"),
        (f"{kollega.visningsnavn} ({kollega.username})", None),
    ]


@pytest.mark.parametrize("hvem", ["kollega", "leder_i_annen_enhet", "arkivar"])
def test_andre_enn_saksansvarlig_og_leder_kan_ikke_gi_sakstilgang(
    alna: Bydel, skjermet: Saksmappe, hvem: str
) -> None:
    utfoert_av = {
        "kollega": bruker_med_rolle(Rolle.SAKSBEHANDLER, alna.enhet),
        "leder_i_annen_enhet": bruker_med_rolle(
            Rolle.LEDER, AdministrativEnhetFactory(virksomhet=alna.enhet.virksomhet)
        ),
        "arkivar": alna.arkivar,
    }[hvem]

    with pytest.raises(IngenTilgang, match="Bare saksansvarlig eller leder"):
        sakstilgang_gi(saksmappe=skjermet, bruker=alna.leder, utfoert_av=utfoert_av)

    assert Sakstilgang.objects.exists() is False


def test_sakstilgang_kan_ikke_gis_til_bruker_i_annen_bydel(
    alna: Bydel, bjerke: Bydel, skjermet: Saksmappe
) -> None:
    with pytest.raises(DomeneFeil, match="har ingen rolle i Bydel Alna"):
        sakstilgang_gi(
            saksmappe=skjermet, bruker=bjerke.saksbehandler, utfoert_av=alna.saksbehandler
        )


def test_sakstilgang_kan_ikke_utloepe_i_fortiden_eller_gis_to_ganger(
    alna: Bydel, skjermet: Saksmappe, i_dag: dt.date
) -> None:
    with pytest.raises(DomeneFeil, match="fortiden"):
        sakstilgang_gi(
            saksmappe=skjermet,
            bruker=alna.leder,
            utloeper=i_dag - dt.timedelta(days=1),
            utfoert_av=alna.saksbehandler,
        )
    sakstilgang_gi(saksmappe=skjermet, bruker=alna.leder, utfoert_av=alna.saksbehandler)
    with pytest.raises(DomeneFeil, match="har allerede tilgang"):
        sakstilgang_gi(saksmappe=skjermet, bruker=alna.leder, utfoert_av=alna.saksbehandler)


def test_sakstilgang_kan_ikke_gis_til_deaktivert_bruker(alna: Bydel, skjermet: Saksmappe) -> None:
    alna.leder.is_active = False

    with pytest.raises(DomeneFeil, match="aktiv bruker"):
        sakstilgang_gi(saksmappe=skjermet, bruker=alna.leder, utfoert_av=alna.saksbehandler)


# --- klarering -------------------------------------------------------------------------------


def test_arkivar_registrerer_klarering_for_bydelen(alna: Bydel, i_dag: dt.date) -> None:
    klarering = klarering_gi(
        bruker=alna.leder,
        graderingskode="K",
        virksomhet=alna.arkiv.virksomhet,
        gyldig_til=dt.date(2099, 12, 31),
        utfoert_av=alna.arkivar,
    )

    assert klarering.gyldig_fra == i_dag
    assert [k.grader for k in tilgangsprofil(alna.leder).klareringer] == [frozenset({"B", "K"})]
    assert _logg("klarering") == [
        (
            alna.arkivar.visningsnavn,
            None,
            f"K for Bydel Alna fra {i_dag.isoformat()} til og med 2099-12-31",
            "bruker",
        )
    ]


def test_klarering_for_alle_virksomheter_bare_av_sentral_systemadministrator(
    alna: Bydel, systemadministrator: Any, i_dag: dt.date
) -> None:
    with pytest.raises(IngenTilgang):
        klarering_gi(bruker=alna.leder, graderingskode="H", utfoert_av=alna.arkivar)

    klarering = klarering_gi(bruker=alna.leder, graderingskode="H", utfoert_av=systemadministrator)

    assert klarering.virksomhet is None
    assert _logg("klarering")[0][2] == f"H for alle virksomheter fra {i_dag.isoformat()}"


@pytest.mark.parametrize(
    ("kwargs", "melding"),
    [
        ({"graderingskode": "X"}, "ikke en graderingskode"),
        ({"graderingskode": ""}, "Graderingskode må fylles ut"),
        (
            {"gyldig_fra": dt.date(2030, 1, 2), "gyldig_til": dt.date(2030, 1, 1)},
            "Gyldig til kan ikke være før gyldig fra",
        ),
    ],
)
def test_klarering_valideres(alna: Bydel, kwargs: dict[str, Any], melding: str) -> None:
    argumenter: dict[str, Any] = {
        "bruker": alna.leder,
        "graderingskode": "K",
        "virksomhet": alna.arkiv.virksomhet,
        "utfoert_av": alna.arkivar,
        **kwargs,
    }

    with pytest.raises(DomeneFeil, match=melding):
        klarering_gi(**argumenter)

    assert Klarering.objects.exists() is False


def test_en_klarering_per_skala_men_begge_skalaer_kan_holdes(alna: Bydel) -> None:
    virksomhet = alna.arkiv.virksomhet
    klarering_gi(
        bruker=alna.leder, graderingskode="K", virksomhet=virksomhet, utfoert_av=alna.arkivar
    )
    klarering_gi(
        bruker=alna.leder, graderingskode="F", virksomhet=virksomhet, utfoert_av=alna.arkivar
    )

    with pytest.raises(DomeneFeil, match="allerede klarering K"):
        klarering_gi(
            bruker=alna.leder, graderingskode="H", virksomhet=virksomhet, utfoert_av=alna.arkivar
        )

    assert {k.graderingskode for k in tilgangsprofil(alna.leder).klareringer} == {"K", "F"}


def test_klarering_trekkes_og_alle_endringer_ligger_i_en_hel_logg(alna: Bydel) -> None:
    klarering = klarering_gi(
        bruker=alna.leder,
        graderingskode="K",
        virksomhet=alna.arkiv.virksomhet,
        utfoert_av=alna.arkivar,
    )

    klarering_trekk(klarering=klarering, utfoert_av=alna.arkivar)

    assert tilgangsprofil(alna.leder).klareringer == ()
    assert [rad[2] is None for rad in _logg("klarering")] == [False, True]
    ut = StringIO()
    call_command("verify_log", stdout=ut)
    assert "Loggen er intakt" in ut.getvalue()
