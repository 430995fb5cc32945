"""The pipeline end to end (issue 4 §3–4, §8): upload through the service, run the task as the
worker would, and look at what the archive then holds."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.test import TestCase

from arkivstruktur.models import Dokumentbeskrivelse, Dokumentobjekt
from dokument.behandling import SYSTEMNAVN, behandle
from dokument.konvertering.felles import IKKE_STOETTET, KRYPTERT
from dokument.konvertering.pdfa import sjekk_pdfa2
from dokument.lagring import aapne
from dokument.models import Dokumenttekst, Filbehandling
from dokument.services import dokument_last_opp
from dokument.tests import eksempelfiler
from felles.feil import IngenTilgang
from sakarkiv.tests.conftest import Bydel, lag_bydel
from sok.selectors import sok
from sporing.models import Endringslogg

pytestmark = pytest.mark.django_db


def last_opp(
    bydel: Bydel, journalpost: Any, innhold: bytes, filnavn: str, tittel: str = ""
) -> Dokumentobjekt:
    return dokument_last_opp(
        registrering=journalpost,
        tittel=tittel or filnavn,
        innhold=innhold,
        filnavn=filnavn,
        utfoert_av=bydel.saksbehandler,
    )


def kjoer(objekt: Dokumentobjekt) -> Filbehandling:
    # The job commits in the worker; here its after-commit work (the search index) runs at
    # the end of the block.
    with TestCase.captureOnCommitCallbacks(execute=True):
        behandle(objekt.filbehandling.pk)
    return Filbehandling.objects.get(pk=objekt.filbehandling.pk)


def finnes_ved_soek(bruker: Any, ord: str, objekt: Dokumentobjekt) -> bool:
    """Whether searching for `ord` finds the document of `objekt` by its text."""
    resultat = sok(bruker=bruker, q=ord)
    return any(
        treff.art == "D" and treff.system_id == objekt.dokumentbeskrivelse.system_id
        for treff in resultat.treff
    )


def arkivformat(objekt: Dokumentobjekt) -> Dokumentobjekt:
    return Dokumentobjekt.objects.get(
        dokumentbeskrivelse=objekt.dokumentbeskrivelse_id,
        versjonsnummer=objekt.versjonsnummer,
        variantformat="A",
    )


def lagret_innhold(objekt: Dokumentobjekt) -> bytes:
    with aapne(objekt.sjekksum) as fil:
        return b"".join(fil.chunks())


def er_gyldig_pdfa2(objekt: Dokumentobjekt) -> list[str]:
    with tempfile.TemporaryDirectory() as mappe:
        sti = Path(mappe) / "a.pdf"
        sti.write_bytes(lagret_innhold(objekt))
        return sjekk_pdfa2(sti)


def tekst(objekt: Dokumentobjekt) -> str:
    return Dokumenttekst.objects.get(
        dokumentbeskrivelse=objekt.dokumentbeskrivelse_id, versjonsnummer=objekt.versjonsnummer
    ).tekst


def test_opplasting_koer_filen_for_behandling_i_samme_transaksjon(
    bydel: Bydel, journalpost: Any
) -> None:
    from django_tasks import default_task_backend

    from dokument.services import MASSEINNLESING_PRIORITET, masseinnlesing

    objekt = last_opp(bydel, journalpost, b"Hei\n", "hei.txt")
    assert objekt.variantformat == "P"
    assert objekt.filbehandling.status == Filbehandling.Status.VENTER
    jobb = default_task_backend.results[-1]  # type: ignore[attr-defined]
    assert (jobb.args, jobb.task.priority) == ([objekt.filbehandling.pk], 0)
    # A bulk load (the demo, a migration) waits behind what users upload.
    with masseinnlesing():
        masse = last_opp(bydel, journalpost, b"Demo\n", "demo.txt")
    jobb = default_task_backend.results[-1]  # type: ignore[attr-defined]
    assert (jobb.args, jobb.task.priority) == ([masse.filbehandling.pk], MASSEINNLESING_PRIORITET)
    etter = last_opp(bydel, journalpost, b"Etter\n", "etter.txt")
    assert default_task_backend.results[-1].task.priority == 0  # type: ignore[attr-defined]
    assert etter.filbehandling.pk != masse.filbehandling.pk


def test_docx_blir_pdfa2_med_konvertering_og_soekbar_tekst(bydel: Bydel, journalpost: Any) -> None:
    original = eksempelfiler.docx(
        "Vedtak om tildeling av barnehageplass", "Søknaden fra Ærlige Øyvind Åsen er innvilget."
    )
    objekt = last_opp(bydel, journalpost, original, "vedtak.docx")

    behandling = kjoer(objekt)

    assert behandling.status == Filbehandling.Status.FERDIG, behandling.feilmelding
    arkiv = arkivformat(objekt)
    assert arkiv.format == "fmt/477"
    assert arkiv.filnavn == "vedtak.pdf"
    assert er_gyldig_pdfa2(arkiv) == []
    konvertering = arkiv.konverteringer.get()
    assert konvertering.konvertert_fra_format == "fmt/412"
    assert konvertering.konvertert_til_format == "fmt/477"
    assert konvertering.konverteringsverktoey.startswith("LibreOffice ")
    assert konvertering.konvertert_av == SYSTEMNAVN
    assert "Øyvind Åsen" in tekst(objekt)
    assert finnes_ved_soek(bydel.saksbehandler, "Øyvind", objekt)
    assert not finnes_ved_soek(lag_bydel("Bjerke").saksbehandler, "Øyvind", objekt)
    # The original is kept, byte for byte.
    assert lagret_innhold(Dokumentobjekt.objects.get(pk=objekt.pk)) == original
    assert behandling.arkivformat_id == arkiv.pk
    # Recorded in the change log, as every write.
    assert Endringslogg.objects.filter(referanse_arkivenhet=arkiv.system_id).exists()


def test_regneark_blir_pdfa2(bydel: Bydel, journalpost: Any) -> None:
    objekt = last_opp(
        bydel,
        journalpost,
        eksempelfiler.xlsx([["Bydel", "Budsjett"], ["Grünerløkka", 1250000]]),
        "budsjett.xlsx",
    )

    assert kjoer(objekt).status == Filbehandling.Status.FERDIG
    arkiv = arkivformat(objekt)
    assert er_gyldig_pdfa2(arkiv) == []
    assert "Grünerløkka" in tekst(objekt)
    assert finnes_ved_soek(bydel.saksbehandler, "Grünerløkka", objekt)


def test_skannet_side_blir_soekbar_pdfa2(bydel: Bydel, journalpost: Any) -> None:
    bilde = eksempelfiler.skannet_side("Klage på vedtak om støtte", "Søknaden gjelder året 2026")
    objekt = last_opp(bydel, journalpost, bilde, "skann.png")

    assert kjoer(objekt).status == Filbehandling.Status.FERDIG
    arkiv = arkivformat(objekt)
    assert er_gyldig_pdfa2(arkiv) == []
    assert arkiv.konverteringer.get().konverteringsverktoey.startswith("OCRmyPDF")
    innhold = tekst(objekt)
    assert "Klage" in innhold
    assert "støtte" in innhold
    assert finnes_ved_soek(bydel.saksbehandler, "klage", objekt)
    assert (
        Dokumenttekst.objects.get(dokumentbeskrivelse=objekt.dokumentbeskrivelse_id).kilde == "ocr"
    )


def test_epost_beholdes_og_vedlegg_blir_egne_dokumenter(bydel: Bydel, journalpost: Any) -> None:
    melding = eksempelfiler.eml(
        emne="Søknad om skoleskyss for Åsmund",
        tekst="Hei! Vedlagt er søknaden om skoleskyss. Hilsen Åse",
        vedlegg=("søknad.txt", "Jeg søker om skoleskyss fra Økern.\n".encode(), "text/plain"),
    )
    objekt = last_opp(bydel, journalpost, melding, "soeknad.eml", tittel="E-post fra Åse")

    assert kjoer(objekt).status == Filbehandling.Status.FERDIG
    arkiv = arkivformat(objekt)
    assert er_gyldig_pdfa2(arkiv) == []
    assert "skoleskyss for Åsmund" in tekst(objekt)
    assert finnes_ved_soek(bydel.saksbehandler, "Åsmund", objekt)
    assert lagret_innhold(Dokumentobjekt.objects.get(pk=objekt.pk)) == melding
    vedlegg = Dokumentbeskrivelse.objects.get(
        tilknytninger__registrering=journalpost, tittel="søknad.txt"
    )
    assert vedlegg.tilknytninger.get().tilknyttet_registrering_som == "V"
    fil = vedlegg.dokumentobjekter.get()
    assert lagret_innhold(fil) == "Jeg søker om skoleskyss fra Økern.\n".encode()
    # The attachment goes through the pipeline of its own; plain text is an archival format.
    assert kjoer(fil).status == Filbehandling.Status.FERDIG
    assert arkivformat(fil).sjekksum == fil.sjekksum
    assert "Økern" in tekst(fil)


def test_pdfa_beholdes_som_den_er(bydel: Bydel, journalpost: Any) -> None:
    docx = last_opp(
        bydel, journalpost, eksempelfiler.docx("Referat fra møtet i Økern"), "referat.docx"
    )
    kjoer(docx)
    pdfa = lagret_innhold(arkivformat(docx))
    objekt = last_opp(bydel, journalpost, pdfa, "referat.pdf")

    assert kjoer(objekt).status == Filbehandling.Status.FERDIG
    arkiv = arkivformat(objekt)
    assert arkiv.sjekksum == objekt.sjekksum
    assert not arkiv.konverteringer.exists()
    assert "Økern" in tekst(objekt)


def test_ukjent_format_feiler_med_aarsak_og_beholdes(bydel: Bydel, journalpost: Any) -> None:
    innhold = bytes(range(256)) * 40
    objekt = last_opp(bydel, journalpost, innhold, "data.bin")

    behandling = kjoer(objekt)

    assert behandling.status == Filbehandling.Status.FEILET
    assert behandling.feilkode == IKKE_STOETTET
    assert "beholdt slik den kom inn" in behandling.feilmelding
    assert lagret_innhold(objekt) == innhold
    assert not Dokumentobjekt.objects.filter(
        dokumentbeskrivelse=objekt.dokumentbeskrivelse_id, variantformat="A"
    ).exists()
    # Run again (by the worker picking it up twice): a failed file stays failed, nothing new.
    assert kjoer(objekt).forsoek == 2


def test_kryptert_pdf_feiler_med_klar_melding(bydel: Bydel, journalpost: Any) -> None:
    import pikepdf

    pdf = eksempelfiler.blank_pdf(encryption=pikepdf.Encryption(user="hemmelig", owner="hemmelig"))
    objekt = last_opp(bydel, journalpost, pdf, "hemmelig.pdf")

    behandling = kjoer(objekt)

    assert behandling.status == Filbehandling.Status.FEILET
    assert behandling.feilkode == KRYPTERT
    assert (
        "passord" in behandling.feilmelding.lower() or "kryptert" in behandling.feilmelding.lower()
    )


def test_verktoeyfeil_proeves_igjen_av_seg_selv(
    bydel: Bydel, journalpost: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dokument.konvertering import kontor
    from dokument.konvertering.felles import Konverteringsfeil

    def feiler(*args: Any, **kwargs: Any) -> Any:
        raise Konverteringsfeil("LibreOffice svarte ikke.")

    monkeypatch.setattr(kontor, "til_pdfa", feiler)
    objekt = last_opp(bydel, journalpost, eksempelfiler.docx("Hei"), "hei.docx")

    behandling = kjoer(objekt)

    # Not the file's fault: back in the queue, with the reason kept.
    assert behandling.status == Filbehandling.Status.VENTER
    assert behandling.feilmelding == "LibreOffice svarte ikke."
    behandle(behandling.pk)
    assert kjoer(objekt).status == Filbehandling.Status.FEILET  # the third attempt is the last


def test_arkivar_kan_kjoere_feilet_fil_paa_nytt(bydel: Bydel, journalpost: Any) -> None:
    from dokument.behandling import filbehandling_proev_igjen

    objekt = last_opp(bydel, journalpost, bytes(range(256)) * 40, "data.bin")
    behandling = kjoer(objekt)

    with pytest.raises(IngenTilgang):
        filbehandling_proev_igjen(filbehandling=behandling, utfoert_av=bydel.saksbehandler)
    filbehandling_proev_igjen(filbehandling=behandling, utfoert_av=bydel.arkivar)

    assert Filbehandling.objects.get(pk=behandling.pk).status == Filbehandling.Status.VENTER


def test_jobben_handler_med_opplasterens_rettigheter_naar_den_kjoerer(
    bydel: Bydel, journalpost: Any
) -> None:
    """Zero trust for background work: the job acts for the uploader as they are now."""
    from organisasjon.models import Rolletildeling

    objekt = last_opp(bydel, journalpost, b"Notat\n", "notat.txt")
    Rolletildeling.objects.filter(bruker=bydel.saksbehandler).delete()

    behandling = kjoer(objekt)

    assert behandling.status == Filbehandling.Status.FEILET
    assert behandling.feilkode == "avvist"
    assert not Dokumentobjekt.objects.filter(
        dokumentbeskrivelse=objekt.dokumentbeskrivelse_id, variantformat="A"
    ).exists()
    assert not Dokumenttekst.objects.filter(
        dokumentbeskrivelse=objekt.dokumentbeskrivelse_id
    ).exists()


def test_skjermet_dokuments_tekst_finnes_bare_med_tilgangskoden_og_vises_aldri_i_utdrag(
    bydel: Bydel, journalpost: Any
) -> None:
    """Issue 4's access test, end to end: a screened document converted by the pipeline."""
    from arkivstruktur.services.arv import skjerming_sett
    from organisasjon.models import Rolle
    from organisasjon.tests.factories import bruker_med_rolle
    from tilgang.services import tilgangskode_gi

    objekt = last_opp(
        bydel,
        journalpost,
        eksempelfiler.docx("Barnevernet har mottatt bekymringsmelding om Kjellfrid Sørbråten."),
        "melding.docx",
        tittel="Bekymringsmelding",
    )
    skjerming_sett(
        enhet=objekt.dokumentbeskrivelse,
        tilgangsrestriksjon="13",
        skjerming_metadata=["TD"],
        skjerming_dokument="H",
        utfoert_av=bydel.saksbehandler,
    )
    assert kjoer(objekt).status == Filbehandling.Status.FERDIG
    assert "Sørbråten" in tekst(objekt)
    uten_kode = bruker_med_rolle(Rolle.SAKSBEHANDLER, bydel.enhet, username="kollega.alna")
    med_kode = bruker_med_rolle(Rolle.LEDER, bydel.enhet, username="leder2.alna")
    tilgangskode_gi(
        bruker=med_kode,
        tilgangskode="13",
        administrativ_enhet=bydel.enhet,
        utfoert_av=bydel.arkivar,
    )

    # The colleague sees the journalpost, but not the screened document nor its words.
    assert sok(bruker=uten_kode, q="Sørbråten").treff == []
    assert sok(bruker=uten_kode, q="Kjellfrid").treff == []
    # The code holder finds it; still no snippet or title shows the screened text.
    treff = sok(bruker=med_kode, q="Sørbråten").treff
    assert [t.system_id for t in treff] == [objekt.dokumentbeskrivelse.system_id]
    vist = treff[0].tittel + treff[0].utdrag_html + treff[0].tittel_html
    assert "Sørbråten" not in vist
    assert "Kjellfrid" not in vist
