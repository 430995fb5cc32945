"""Reading an extract in from the records office's page: the uploaded ZIP is unpacked safely
into the data folder, and the task worker runs the import (`uttrekk.innlesing.importer`),
which may take long; the page shows how it went, and the report of a refused extract.

The ZIP is read defensively: no absolute paths or `..`, no links, at most MAKS_FILER files
and ARKIVAR_MAKS_INNLESING bytes unpacked (a small ZIP that unpacks to terabytes is refused
before it fills the disk).
"""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import transaction

from arkivstruktur.models import Arkiv
from felles.feil import DomeneFeil
from felles.tid import naa
from organisasjon.models import Virksomhet
from tilgang.regler import krev_tillatelse
from uttrekk.innlesing import Importfeil, importer
from uttrekk.models import Innlesing

MAKS_FILER = 5_000_000
_BIT = 1024 * 1024


def _arbeidsmappe(innlesing: Innlesing) -> Path:
    return Path(settings.DATA_DIR) / "innlesing" / str(innlesing.system_id)


def _maks_stoerrelse() -> int:
    return int(getattr(settings, "ARKIVAR_MAKS_INNLESING", 100 * 1024**3))


def _pakk_ut(zip_fil: IO[bytes], maal: Path) -> None:
    try:
        arkiv = zipfile.ZipFile(zip_fil)
    except zipfile.BadZipFile:
        raise DomeneFeil("Filen er ikke en gyldig ZIP-fil.", felt="fil") from None
    with arkiv:
        medlemmer = arkiv.infolist()
        if len(medlemmer) > MAKS_FILER:
            raise DomeneFeil(f"ZIP-filen har mer enn {MAKS_FILER} filer.", felt="fil")
        if sum(m.file_size for m in medlemmer) > _maks_stoerrelse():
            raise DomeneFeil("ZIP-filen er for stor pakket ut.", felt="fil")
        for medlem in medlemmer:
            sti = PurePosixPath(medlem.filename.replace("\\", "/"))
            if sti.is_absolute() or ".." in sti.parts:
                raise DomeneFeil(f"Ugyldig filsti i ZIP-filen: {medlem.filename}", felt="fil")
            if stat.S_ISLNK(medlem.external_attr >> 16):
                raise DomeneFeil(f"Lenker er ikke tillatt i ZIP-filen: {medlem.filename}")
            ut = maal.joinpath(*sti.parts)
            if medlem.is_dir():
                ut.mkdir(parents=True, exist_ok=True)
                continue
            ut.parent.mkdir(parents=True, exist_ok=True)
            skrevet = 0
            with arkiv.open(medlem) as inn, ut.open("wb") as fil:
                for bit in iter(lambda: inn.read(_BIT), b""):
                    skrevet += len(bit)
                    if skrevet > medlem.file_size:  # the header lied about the size
                        raise DomeneFeil("ZIP-filen er skadet.", felt="fil")
                    fil.write(bit)


def _uttrekksmappe(rot: Path) -> Path:
    """The folder holding arkivuttrekk.xml: the root, or the one folder in it."""
    if (rot / "arkivuttrekk.xml").is_file():
        return rot
    mapper = [p for p in rot.iterdir() if p.is_dir()]
    if len(mapper) == 1 and (mapper[0] / "arkivuttrekk.xml").is_file():
        return mapper[0]
    raise DomeneFeil("Fant ikke arkivuttrekk.xml i ZIP-filen.", felt="fil")


def innlesing_bestill(
    *, virksomhet: Virksomhet, zip_fil: Any, filnavn: str, bestilt_av: Any
) -> Innlesing:
    """Unpack the upload and put the import in the queue."""
    from uttrekk.tasks import les_inn

    krev_tillatelse(
        bestilt_av,
        "arkivstruktur.forvalte",
        Arkiv(virksomhet=virksomhet),
        melding="Bare arkivaren eller systemadministratoren kan lese inn arkivuttrekk.",
    )
    innlesing = Innlesing(virksomhet=virksomhet, filnavn=filnavn[:255], bestilt_av=bestilt_av)
    mappe = _arbeidsmappe(innlesing)
    mappe.mkdir(parents=True)
    try:
        _pakk_ut(zip_fil, mappe)
        _uttrekksmappe(mappe)
        innlesing.save()
    except BaseException:
        shutil.rmtree(mappe, ignore_errors=True)
        raise
    transaction.on_commit(lambda: les_inn.enqueue(innlesing.pk))
    return innlesing


def les_inn_naa(innlesing_id: int) -> Innlesing:
    """What the task runs: the import, its outcome recorded; the unpacked files removed."""
    innlesing = Innlesing.objects.select_related("virksomhet", "bestilt_av").get(pk=innlesing_id)
    if innlesing.status != Innlesing.Status.VENTER:
        return innlesing
    Innlesing.objects.filter(pk=innlesing.pk).update(status=Innlesing.Status.ARBEIDER)
    mappe = _arbeidsmappe(innlesing)
    try:
        resultat = importer(
            mappe=_uttrekksmappe(mappe),
            virksomhet=innlesing.virksomhet,
            bruker=innlesing.bestilt_av,
        )
        innlesing.status = Innlesing.Status.LEST_INN
        innlesing.arkiv = resultat.arkiv
        innlesing.antall = dict(resultat.antall)
    except Importfeil as feil:
        innlesing.status, innlesing.melding = Innlesing.Status.AVVIST, str(feil)
        innlesing.linjer = feil.linjer[:500]
    except DomeneFeil as feil:
        innlesing.status, innlesing.melding = Innlesing.Status.AVVIST, str(feil)
    except Exception:
        innlesing.status = Innlesing.Status.AVVIST
        innlesing.melding = (
            "Innlesingen stoppet på en uventet feil (se loggen); ingenting er lest inn."
        )
        innlesing.ferdig_dato = naa()
        innlesing.save()
        raise
    finally:
        shutil.rmtree(mappe, ignore_errors=True)
    innlesing.ferdig_dato = naa()
    innlesing.save()
    return innlesing
