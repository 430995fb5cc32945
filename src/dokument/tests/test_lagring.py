"""Document files: content-addressed storage, orphan clean-up, and the dokumentobjekt services
that store files (upload, versions, freezing, deletion under model.md §6.4, conversions)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.management import call_command

from arkivstruktur.models import Dokumentbeskrivelse, Dokumentobjekt, Konvertering, Registrering
from arkivstruktur.services.dokumentbeskrivelse import (
    dokumentbeskrivelse_endre_status,
    dokumentbeskrivelse_opprett,
    dokumentbeskrivelse_tilknytt,
)
from arkivstruktur.tests.factories_registrering import Arkivoppsett, arkiver, lag_arkivoppsett
from dokument import lagring
from dokument.lagring import aapne, lagre_innhold, rydd_foreldreloese, sti_for, verifiser
from dokument.services import dokumentobjekt_opprett, dokumentobjekt_slett, konvertering_registrer
from felles.feil import DomeneFeil, IkkeFunnet, IngenTilgang
from sporing.models import Endringslogg

# Each test stores its files in a folder of its own (src/conftest.py).
pytestmark = pytest.mark.usefixtures("dokumentlager")

MB = 1024 * 1024


def lagrede_filer(mappe: Path) -> list[Path]:
    return sorted(p for p in mappe.rglob("*") if p.is_file())


def sett_alder(sti: Path, timer: float) -> None:
    tidspunkt = time.time() - timer * 3600
    os.utime(sti, (tidspunkt, tidspunkt))


# Storage


def test_lagret_fil_har_samme_bytes_og_sha256(dokumentlager: Path) -> None:
    innhold = b"Soknad om barnehageplass\n" * 100

    lagret = lagre_innhold(innhold, maks_stoerrelse=MB)

    sjekksum = hashlib.sha256(innhold).hexdigest()
    assert lagret.sjekksum == sjekksum
    assert lagret.filstoerrelse == len(innhold)
    assert lagret.sti == f"{sjekksum[:2]}/{sjekksum[2:4]}/{sjekksum}"
    assert (dokumentlager / lagret.sti).read_bytes() == innhold
    with aapne(sjekksum) as fil:
        assert fil.read() == innhold


def test_stor_fil_strommes_i_biter(dokumentlager: Path) -> None:
    innhold = os.urandom(3 * MB + 123)

    lagret = lagre_innhold(io.BytesIO(innhold), maks_stoerrelse=4 * MB)

    assert lagret.sjekksum == hashlib.sha256(innhold).hexdigest()
    assert (dokumentlager / lagret.sti).read_bytes() == innhold


def test_for_stor_fil_avvises_med_grensen_i_mb(dokumentlager: Path) -> None:
    with pytest.raises(DomeneFeil) as feil:
        lagre_innhold(io.BytesIO(b"x" * (MB + 1)), maks_stoerrelse=MB)

    assert str(feil.value) == "Filen er for stor. Største tillatte filstørrelse er 1 MB."
    assert feil.value.kode == "for_stor"
    assert lagrede_filer(dokumentlager) == []


def test_fil_akkurat_paa_grensen_godtas() -> None:
    lagret = lagre_innhold(b"x" * MB, maks_stoerrelse=MB)

    assert lagret.filstoerrelse == MB


def test_grensen_hentes_fra_innstillingen(settings: Any) -> None:
    settings.ARKIVAR_MAKS_FILSTOERRELSE = MB + MB // 2

    with pytest.raises(DomeneFeil, match="1,5 MB"):
        lagre_innhold(b"x" * (2 * MB))


def test_tom_fil_avvises(dokumentlager: Path) -> None:
    with pytest.raises(DomeneFeil, match="tom") as feil:
        lagre_innhold(io.BytesIO(b""), maks_stoerrelse=MB)

    assert feil.value.kode == "tom_fil"
    assert lagrede_filer(dokumentlager) == []


def test_tekst_i_stedet_for_bytes_avvises(dokumentlager: Path) -> None:
    with pytest.raises(DomeneFeil, match="bytes"):
        lagre_innhold(io.StringIO("tekst"), maks_stoerrelse=MB)

    assert lagrede_filer(dokumentlager) == []


def test_likt_innhold_lagres_en_gang(dokumentlager: Path) -> None:
    foerste = lagre_innhold(b"samme innhold", maks_stoerrelse=MB)
    andre = lagre_innhold(io.BytesIO(b"samme innhold"), maks_stoerrelse=MB)

    assert foerste == andre
    assert lagrede_filer(dokumentlager) == [dokumentlager / foerste.sti]


def test_gjenbrukt_fil_faar_ny_endringstid(dokumentlager: Path) -> None:
    # Otherwise the orphan clean-up could remove it before the new upload commits.
    lagret = lagre_innhold(b"samme innhold", maks_stoerrelse=MB)
    sett_alder(dokumentlager / lagret.sti, timer=48)

    lagre_innhold(b"samme innhold", maks_stoerrelse=MB)

    assert time.time() - (dokumentlager / lagret.sti).stat().st_mtime < 3600


def test_fil_og_mappe_fsyncs_foer_lagringen_er_ferdig(monkeypatch: pytest.MonkeyPatch) -> None:
    synket: list[str] = []
    ekte_fsync = os.fsync

    def fsync(fd: int) -> None:
        synket.append("mappe" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fil")
        ekte_fsync(fd)

    monkeypatch.setattr("dokument.lagring.os.fsync", fsync)

    lagre_innhold(b"varig", maks_stoerrelse=MB)

    # The file's data reaches the disk before the rename, and the rename before returning.
    assert synket.count("fil") == 1
    assert synket.index("fil") < len(synket) - 1
    assert synket[-1] == "mappe"


def test_avbrutt_opplasting_etterlater_ingen_filer(dokumentlager: Path) -> None:
    class Brudd(io.RawIOBase):
        lest = False

        def read(self, _antall: int = -1) -> bytes:
            if self.lest:
                raise OSError("forbindelsen brøt")
            self.lest = True
            return b"x" * 1000

    with pytest.raises(OSError, match="brøt"):
        lagre_innhold(Brudd(), maks_stoerrelse=MB)

    assert lagrede_filer(dokumentlager) == []


def test_verifiser_oppdager_endret_og_manglende_fil(dokumentlager: Path) -> None:
    lagret = lagre_innhold(b"original", maks_stoerrelse=MB)
    assert verifiser(lagret.sjekksum) is True

    (dokumentlager / lagret.sti).write_bytes(b"endret!!")
    assert verifiser(lagret.sjekksum) is False

    (dokumentlager / lagret.sti).unlink()
    assert verifiser(lagret.sjekksum) is False


@pytest.mark.parametrize("sjekksum", ["../../etc/passwd", "ABC", "g" * 64, "A" * 64])
def test_sjekksum_maa_vaere_sha256_hex(sjekksum: str) -> None:
    with pytest.raises(DomeneFeil, match="64 heksadesimale"):
        sti_for(sjekksum)


def test_aapne_ukjent_fil_gir_ikke_funnet() -> None:
    with pytest.raises(IkkeFunnet):
        aapne("0" * 64)


@pytest.mark.django_db
def test_andre_lagre_bruker_storage_save(settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "dokumenter": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }

    foerste = lagre_innhold(b"i minnet", maks_stoerrelse=MB)
    andre = lagre_innhold(b"i minnet", maks_stoerrelse=MB)

    lager = storages["dokumenter"]
    assert foerste == andre
    assert lager.listdir(foerste.sti.rsplit("/", 1)[0]) == ([], [foerste.sjekksum])
    assert verifiser(foerste.sjekksum) is True


# Orphan clean-up


@pytest.mark.django_db
def test_rydd_sletter_bare_gamle_filer_uten_dokumentobjekt(dokumentlager: Path) -> None:
    oppsett = lag_arkivoppsett()
    dokument = dokumentbeskrivelse_opprett(
        registrering=oppsett.ny_registrering(), tittel="Brev", utfoert_av=oppsett.saksbehandler
    )
    i_bruk = dokumentobjekt_opprett(
        dokumentbeskrivelse=dokument,
        innhold=b"i bruk",
        filnavn="a.txt",
        utfoert_av=oppsett.saksbehandler,
    )
    gammel = lagre_innhold(b"foreldreloes og gammel", maks_stoerrelse=MB)
    ung = lagre_innhold(b"foreldreloes og ung", maks_stoerrelse=MB)
    sett_alder(dokumentlager / sti_for(i_bruk.sjekksum), timer=48)
    sett_alder(dokumentlager / gammel.sti, timer=48)

    slettet = rydd_foreldreloese(eldre_enn=dt.timedelta(hours=24))

    assert slettet == [gammel.sti]
    assert lagrede_filer(dokumentlager) == sorted(
        [dokumentlager / sti_for(i_bruk.sjekksum), dokumentlager / ung.sti]
    )


def test_fil_fra_opplasting_som_ble_avvist_ryddes_senere(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse, dokumentlager: Path
) -> None:
    # The file is stored before the metadata transaction, which here refuses the row.
    last_opp(oppsett, dokument, b"versjon 1", versjonsnummer=1)
    with pytest.raises(DomeneFeil, match="allerede en fil"):
        last_opp(oppsett, dokument, b"en annen versjon 1", versjonsnummer=1)
    foreldreloes = dokumentlager / sti_for(hashlib.sha256(b"en annen versjon 1").hexdigest())
    assert foreldreloes.exists() is True
    for fil in lagrede_filer(dokumentlager):
        sett_alder(fil, timer=48)

    rydd_foreldreloese(eldre_enn=dt.timedelta(hours=24))

    assert lagrede_filer(dokumentlager) == [
        dokumentlager / sti_for(hashlib.sha256(b"versjon 1").hexdigest())
    ]


@pytest.mark.django_db
def test_rydd_sletter_ikke_fil_som_en_samtidig_opplasting_gjenbruker(
    dokumentlager: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lagret = lagre_innhold(b"gjenbrukes", maks_stoerrelse=MB)
    sett_alder(dokumentlager / lagret.sti, timer=48)
    ekte_i_bruk = lagring._i_bruk
    opplastet: list[bool] = []

    def i_bruk_mens_en_opplasting_gjenbruker_filen(sjekksummer: list[str]) -> set[str]:
        # The upload reuses the file after the clean-up listed it, and has not committed yet.
        if not opplastet:
            opplastet.append(True)
            lagre_innhold(b"gjenbrukes", maks_stoerrelse=MB)
        return ekte_i_bruk(sjekksummer)

    monkeypatch.setattr(lagring, "_i_bruk", i_bruk_mens_en_opplasting_gjenbruker_filen)

    slettet = rydd_foreldreloese(eldre_enn=dt.timedelta(hours=24))

    assert slettet == []
    assert (dokumentlager / lagret.sti).read_bytes() == b"gjenbrukes"


@pytest.mark.django_db
def test_rydd_legger_tilbake_fil_som_ble_satt_til_side(dokumentlager: Path) -> None:
    lagret = lagre_innhold(b"satt til side", maks_stoerrelse=MB)
    tilside = dokumentlager / ".tmp" / f"slettes-{lagret.sjekksum}"
    (dokumentlager / lagret.sti).replace(tilside)
    sett_alder(tilside, timer=48)

    rydd_foreldreloese(eldre_enn=dt.timedelta(hours=24))

    assert tilside.exists() is False
    assert (dokumentlager / lagret.sti).read_bytes() == b"satt til side"


@pytest.mark.django_db
def test_rydd_sletter_gamle_midlertidige_filer(dokumentlager: Path) -> None:
    lagre_innhold(b"lager mappene", maks_stoerrelse=MB)
    avbrutt = dokumentlager / ".tmp" / "opplasting-avbrutt"
    avbrutt.write_bytes(b"halv")
    sett_alder(avbrutt, timer=48)
    paagaar = dokumentlager / ".tmp" / "opplasting-paagaar"
    paagaar.write_bytes(b"halv")

    slettet = rydd_foreldreloese(eldre_enn=dt.timedelta(hours=24))

    assert slettet == [".tmp/opplasting-avbrutt"]
    assert avbrutt.exists() is False
    assert paagaar.exists() is True


@pytest.mark.django_db
def test_kommandoen_dokument_rydd(dokumentlager: Path) -> None:
    gammel = lagre_innhold(b"foreldreloes", maks_stoerrelse=MB)
    sett_alder(dokumentlager / gammel.sti, timer=48)
    utskrift = io.StringIO()

    call_command("dokument_rydd", "--eldre-enn-timer", "24", stdout=utskrift)

    assert utskrift.getvalue().strip() == "Slettet 1 filer uten dokumentobjekt."
    assert (dokumentlager / gammel.sti).exists() is False


# Dokumentobjekt: upload


def last_opp(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse, innhold: bytes = b"innhold", **kwargs: Any
) -> Dokumentobjekt:
    kwargs.setdefault("filnavn", "soknad.txt")
    return dokumentobjekt_opprett(
        dokumentbeskrivelse=dokument, innhold=innhold, utfoert_av=oppsett.saksbehandler, **kwargs
    )


def test_opplasting_lagrer_fil_og_sjekksum(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse, dokumentlager: Path
) -> None:
    innhold = b"%PDF-1.7 soknad"

    objekt = last_opp(oppsett, dokument, innhold, format="fmt/276", mime_type="application/pdf")

    objekt.refresh_from_db()
    assert objekt.sjekksum == hashlib.sha256(innhold).hexdigest()
    assert objekt.sjekksum_algoritme == "SHA-256"
    assert objekt.filstoerrelse == len(innhold)
    assert (objekt.versjonsnummer, objekt.variantformat, objekt.format) == (1, "P", "fmt/276")
    assert objekt.variantformat_kodenavn == "Produksjonsformat"
    assert objekt.opprettet_av == oppsett.saksbehandler.visningsnavn
    assert (dokumentlager / sti_for(objekt.sjekksum)).read_bytes() == innhold
    assert (
        Endringslogg.objects.filter(referanse_arkivenhet=objekt.system_id, hendelsetype="C").count()
        == 1
    )


def test_for_stor_opplasting_lagrer_ingenting(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse, dokumentlager: Path, settings: Any
) -> None:
    settings.ARKIVAR_MAKS_FILSTOERRELSE = 2 * MB
    foer = Endringslogg.objects.count()

    with pytest.raises(DomeneFeil, match="2 MB"):
        last_opp(oppsett, dokument, b"x" * (2 * MB + 1))

    assert Dokumentobjekt.objects.exists() is False
    assert Endringslogg.objects.count() == foer
    assert lagrede_filer(dokumentlager) == []


def test_likt_innhold_i_to_dokumenter_lagres_en_gang(
    oppsett: Arkivoppsett,
    registrering: Registrering,
    dokument: Dokumentbeskrivelse,
    dokumentlager: Path,
) -> None:
    annet = dokumentbeskrivelse_opprett(
        registrering=registrering, tittel="Kopi", utfoert_av=oppsett.saksbehandler
    )

    foerste = last_opp(oppsett, dokument, b"samme brev")
    andre = last_opp(oppsett, annet, b"samme brev")

    assert foerste.sjekksum == andre.sjekksum
    assert lagrede_filer(dokumentlager) == [dokumentlager / sti_for(foerste.sjekksum)]


def test_versjonsnummer_1_2_3(oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse) -> None:
    versjoner = [
        last_opp(oppsett, dokument, f"versjon {n}".encode()).versjonsnummer for n in range(3)
    ]

    assert versjoner == [1, 2, 3]


def test_samme_versjon_variant_og_format_avvises(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    last_opp(oppsett, dokument, b"en", versjonsnummer=1)

    with pytest.raises(DomeneFeil, match="allerede en fil") as feil:
        last_opp(oppsett, dokument, b"to", versjonsnummer=1)

    assert feil.value.kode == "finnes"
    assert Dokumentobjekt.objects.count() == 1


def test_ukjent_format_avvises(oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse) -> None:
    with pytest.raises(DomeneFeil, match="gyldig kode"):
        last_opp(oppsett, dokument, format="fmt/ukjent")

    assert Dokumentobjekt.objects.exists() is False


def test_arkivert_dokument_faar_ikke_nye_filer(
    oppsett: Arkivoppsett,
    registrering: Registrering,
    dokument: Dokumentbeskrivelse,
    dokumentlager: Path,
) -> None:
    arkiver(registrering)

    with pytest.raises(DomeneFeil, match="arkivert"):
        last_opp(oppsett, dokument)

    assert Dokumentobjekt.objects.exists() is False
    assert lagrede_filer(dokumentlager) == []


def test_dokument_med_en_aapen_registrering_faar_nye_filer(
    oppsett: Arkivoppsett, registrering: Registrering, dokument: Dokumentbeskrivelse
) -> None:
    dokumentbeskrivelse_tilknytt(
        dokumentbeskrivelse=dokument,
        registrering=oppsett.ny_registrering(),
        utfoert_av=oppsett.saksbehandler,
    )
    arkiver(registrering)

    objekt = last_opp(oppsett, dokument)

    assert objekt.versjonsnummer == 1


def test_ferdigstilt_dokument_endres_bare_med_ny_versjon(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    last_opp(oppsett, dokument, b"docx", format="fmt/412")
    dokumentbeskrivelse_endre_status(
        dokumentbeskrivelse=dokument, dokumentstatus="F", utfoert_av=oppsett.saksbehandler
    )

    with pytest.raises(DomeneFeil, match="ny versjon"):
        last_opp(oppsett, dokument, b"pdf", format="fmt/276", versjonsnummer=1)
    arkivkopi = last_opp(
        oppsett, dokument, b"pdf/a", format="fmt/95", variantformat="A", versjonsnummer=1
    )
    ny_versjon = last_opp(oppsett, dokument, b"docx 2", format="fmt/412")

    assert (arkivkopi.versjonsnummer, arkivkopi.variantformat) == (1, "A")
    assert ny_versjon.versjonsnummer == 2
    assert Dokumentobjekt.objects.count() == 3


def test_uten_rolle_ingen_opplasting(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse, dokumentlager: Path
) -> None:
    with pytest.raises(IngenTilgang):
        dokumentobjekt_opprett(
            dokumentbeskrivelse=dokument,
            innhold=b"x",
            filnavn="x.txt",
            utfoert_av=oppsett.uten_rolle,
        )

    assert lagrede_filer(dokumentlager) == []


# Dokumentobjekt: deletion (model.md §6.4)


def test_fil_i_uarkivert_dokument_kan_slettes(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    objekt = last_opp(oppsett, dokument)

    dokumentobjekt_slett(dokumentobjekt=objekt, utfoert_av=oppsett.saksbehandler)

    assert Dokumentobjekt.objects.exists() is False
    assert (
        Endringslogg.objects.filter(referanse_arkivenhet=objekt.system_id, hendelsetype="D").count()
        == 1
    )
    dokument.refresh_from_db()
    assert dokument.sletting is None


def test_saksbehandler_kan_ikke_slette_i_arkivert_dokument(
    oppsett: Arkivoppsett, registrering: Registrering, dokument: Dokumentbeskrivelse
) -> None:
    gammel = last_opp(oppsett, dokument, b"v1")
    last_opp(oppsett, dokument, b"v2")
    arkiver(registrering)

    with pytest.raises(IngenTilgang):
        dokumentobjekt_slett(dokumentobjekt=gammel, utfoert_av=oppsett.saksbehandler)

    assert Dokumentobjekt.objects.filter(pk=gammel.pk).exists() is True


def test_tidligere_versjon_av_arkivert_dokument_kan_slettes_som_sv(
    oppsett: Arkivoppsett, registrering: Registrering, dokument: Dokumentbeskrivelse
) -> None:
    gammel = last_opp(oppsett, dokument, b"v1")
    last_opp(oppsett, dokument, b"v2")
    arkiver(registrering)

    dokumentobjekt_slett(dokumentobjekt=gammel, utfoert_av=oppsett.arkivar)

    assert Dokumentobjekt.objects.filter(pk=gammel.pk).exists() is False
    dokument.refresh_from_db()
    assert dokument.sletting is not None
    assert (dokument.sletting.slettingstype, dokument.sletting.slettingstype_kodenavn) == (
        "SV",
        "Sletting av tidligere versjon",
    )
    assert dokument.sletting.slettet_av == oppsett.arkivar.visningsnavn
    assert (
        Endringslogg.objects.filter(referanse_arkivenhet=gammel.system_id, hendelsetype="D").count()
        == 1
    )
    assert (
        Endringslogg.objects.filter(
            referanse_arkivenhet=dokument.system_id, referanse_metadata="sletting"
        ).count()
        == 1
    )


def test_siste_versjon_av_arkivert_dokument_kan_ikke_slettes(
    oppsett: Arkivoppsett, registrering: Registrering, dokument: Dokumentbeskrivelse
) -> None:
    last_opp(oppsett, dokument, b"v1")
    siste = last_opp(oppsett, dokument, b"v2")
    arkiver(registrering)

    with pytest.raises(DomeneFeil, match="arkivformat"):
        dokumentobjekt_slett(dokumentobjekt=siste, utfoert_av=oppsett.arkivar)

    assert Dokumentobjekt.objects.filter(pk=siste.pk).exists() is True
    dokument.refresh_from_db()
    assert dokument.sletting is None


def test_produksjonsformat_kan_slettes_som_sp_naar_arkivformat_finnes(
    oppsett: Arkivoppsett, registrering: Registrering, dokument: Dokumentbeskrivelse
) -> None:
    produksjon = last_opp(oppsett, dokument, b"docx", format="fmt/412")
    arkivkopi = last_opp(
        oppsett, dokument, b"pdf/a", format="fmt/95", variantformat="A", versjonsnummer=1
    )
    arkiver(registrering)

    dokumentobjekt_slett(dokumentobjekt=produksjon, utfoert_av=oppsett.arkivar)

    assert list(Dokumentobjekt.objects.all()) == [arkivkopi]
    dokument.refresh_from_db()
    assert dokument.sletting.slettingstype == "SP"


def test_arkivformat_av_siste_versjon_kan_aldri_slettes(
    oppsett: Arkivoppsett, registrering: Registrering, dokument: Dokumentbeskrivelse
) -> None:
    last_opp(oppsett, dokument, b"docx", format="fmt/412")
    arkivkopi = last_opp(
        oppsett, dokument, b"pdf/a", format="fmt/95", variantformat="A", versjonsnummer=1
    )
    arkiver(registrering)

    with pytest.raises(DomeneFeil, match="Arkivformatet"):
        dokumentobjekt_slett(dokumentobjekt=arkivkopi, utfoert_av=oppsett.arkivar)

    assert Dokumentobjekt.objects.filter(pk=arkivkopi.pk).exists() is True


def test_sladdet_variant_kan_slettes_som_ss(
    oppsett: Arkivoppsett, registrering: Registrering, dokument: Dokumentbeskrivelse
) -> None:
    last_opp(oppsett, dokument, b"original")
    variant = last_opp(oppsett, dokument, b"sladdet", variantformat="O", versjonsnummer=1)
    arkiver(registrering)

    dokumentobjekt_slett(dokumentobjekt=variant, utfoert_av=oppsett.arkivar)

    assert Dokumentobjekt.objects.filter(pk=variant.pk).exists() is False
    dokument.refresh_from_db()
    assert dokument.sletting.slettingstype == "SS"


def test_originalen_kan_ikke_slettes_selv_om_variant_finnes(
    oppsett: Arkivoppsett, registrering: Registrering, dokument: Dokumentbeskrivelse
) -> None:
    original = last_opp(oppsett, dokument, b"original")
    last_opp(oppsett, dokument, b"sladdet", variantformat="O", versjonsnummer=1)
    arkiver(registrering)

    with pytest.raises(DomeneFeil):
        dokumentobjekt_slett(dokumentobjekt=original, utfoert_av=oppsett.arkivar)

    assert Dokumentobjekt.objects.filter(pk=original.pk).exists() is True


def test_en_arkivert_registrering_er_nok_til_aa_beskytte_filene(
    oppsett: Arkivoppsett, registrering: Registrering, dokument: Dokumentbeskrivelse
) -> None:
    dokumentbeskrivelse_tilknytt(
        dokumentbeskrivelse=dokument,
        registrering=oppsett.ny_registrering(),
        utfoert_av=oppsett.saksbehandler,
    )
    siste = last_opp(oppsett, dokument)
    arkiver(registrering)

    with pytest.raises(IngenTilgang):
        dokumentobjekt_slett(dokumentobjekt=siste, utfoert_av=oppsett.saksbehandler)

    assert Dokumentobjekt.objects.filter(pk=siste.pk).exists() is True


# Konvertering


def test_konvertering_registreres(oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse) -> None:
    arkivkopi = last_opp(oppsett, dokument, b"pdf/a", format="fmt/95", variantformat="A")

    konvertering = konvertering_registrer(
        dokumentobjekt=arkivkopi,
        fra_format="fmt/412",
        til_format="fmt/95",
        verktoey="LibreOffice 24.2",
        kommentar="Automatisk ved ferdigstilling",
        utfoert_av=oppsett.saksbehandler,
    )

    konvertering.refresh_from_db()
    assert (konvertering.konvertert_fra_format, konvertering.konvertert_til_format) == (
        "fmt/412",
        "fmt/95",
    )
    assert konvertering.konvertert_til_format_kodenavn != ""
    assert konvertering.konvertert_av == oppsett.saksbehandler.visningsnavn
    assert konvertering.konverteringsverktoey == "LibreOffice 24.2"
    assert (
        Endringslogg.objects.filter(
            referanse_arkivenhet=konvertering.system_id, hendelsetype="C"
        ).count()
        == 1
    )


def test_konvertering_med_ukjent_format_avvises(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    objekt = last_opp(oppsett, dokument)

    with pytest.raises(DomeneFeil, match="gyldig kode"):
        konvertering_registrer(
            dokumentobjekt=objekt,
            fra_format="ukjent",
            til_format="fmt/95",
            utfoert_av=oppsett.saksbehandler,
        )

    assert Konvertering.objects.exists() is False


def test_sletting_av_fil_tar_med_konverteringene(
    oppsett: Arkivoppsett, dokument: Dokumentbeskrivelse
) -> None:
    objekt = last_opp(oppsett, dokument, b"pdf/a", format="fmt/95", variantformat="A")
    konvertering = konvertering_registrer(
        dokumentobjekt=objekt,
        fra_format="fmt/412",
        til_format="fmt/95",
        utfoert_av=oppsett.saksbehandler,
    )

    dokumentobjekt_slett(dokumentobjekt=objekt, utfoert_av=oppsett.saksbehandler)

    assert Konvertering.objects.exists() is False
    assert (
        Endringslogg.objects.filter(
            referanse_arkivenhet=konvertering.system_id, hendelsetype="D"
        ).count()
        == 1
    )
