"""Who sees which units, users and roles: a virksomhet's own staff, or everything for a
systemadministrator and the shared services."""

from __future__ import annotations

import pytest

from felles.feil import IkkeFunnet
from organisasjon.models import Rolle, Virksomhetstype
from organisasjon.selectors import (
    administrativ_enhet_hent,
    administrativ_enhet_liste,
    bruker_liste,
    rolletildeling_liste,
)
from organisasjon.tests.factories import (
    AdministrativEnhetFactory,
    BrukerFactory,
    VirksomhetFactory,
    bruker_med_rolle,
)

pytestmark = pytest.mark.django_db


def test_bydelens_ansatte_ser_bare_egen_bydel() -> None:
    alna = AdministrativEnhetFactory(virksomhet=VirksomhetFactory(navn="Bydel Alna"))
    bjerke = AdministrativEnhetFactory(virksomhet=VirksomhetFactory(navn="Bydel Bjerke"))
    kari = bruker_med_rolle(Rolle.SAKSBEHANDLER, alna, username="kari")
    bruker_med_rolle(Rolle.ARKIVAR, alna, username="arne")
    bruker_med_rolle(Rolle.SAKSBEHANDLER, bjerke, username="berit")

    assert list(administrativ_enhet_liste(bruker=kari)) == [alna]
    assert list(bruker_liste(bruker=kari).values_list("username", flat=True)) == ["arne", "kari"]
    assert {t.bruker.username for t in rolletildeling_liste(bruker=kari)} == {"arne", "kari"}
    with pytest.raises(IkkeFunnet):
        administrativ_enhet_hent(bruker=kari, system_id=bjerke.system_id)


def test_systemadministrator_og_felles_tjenester_ser_alt() -> None:
    alna = AdministrativEnhetFactory()
    bjerke = AdministrativEnhetFactory()
    dokumentsenteret = AdministrativEnhetFactory(
        virksomhet=VirksomhetFactory(virksomhetstype=Virksomhetstype.FELLESTJENESTE)
    )
    admin = bruker_med_rolle(Rolle.SYSTEMADMINISTRATOR, alna)
    felles = bruker_med_rolle(Rolle.ARKIVAR, dokumentsenteret)

    for leser in (admin, felles):
        assert set(administrativ_enhet_liste(bruker=leser)) == {alna, bjerke, dokumentsenteret}
        assert bruker_liste(bruker=leser).count() == 2


def test_uten_rolle_ser_bare_seg_selv_og_anonym_ingenting() -> None:
    AdministrativEnhetFactory()
    ny = BrukerFactory()

    assert list(bruker_liste(bruker=ny)) == [ny]
    assert administrativ_enhet_liste(bruker=ny).exists() is False
    assert bruker_liste(bruker=None).exists() is False


def test_enhetens_brukere_og_brukerens_enheter() -> None:
    enhet = AdministrativEnhetFactory()
    annen = AdministrativEnhetFactory(virksomhet=enhet.virksomhet)
    admin = bruker_med_rolle(Rolle.SYSTEMADMINISTRATOR, enhet)
    kari = bruker_med_rolle(Rolle.SAKSBEHANDLER, annen)

    assert list(bruker_liste(bruker=admin, med_rolle_i=annen)) == [kari]
    assert list(administrativ_enhet_liste(bruker=admin, med_rolle_for=kari)) == [annen]
