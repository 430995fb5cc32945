"""Background tasks of `uttrekk` (style.md §11: thin wrappers, ids as arguments)."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()  # type: ignore[untyped-decorator]  # django-tasks ships no types
def kontroller_arkivdel(arkivdel_id: int) -> str:
    """The deposit check of one arkivdel, on the archivist's request."""
    from uttrekk.kontroll import kontroller_arkivdel as kontroller

    return str(kontroller(arkivdel_id).resultat)


@task()  # type: ignore[untyped-decorator]
def les_inn(innlesing_id: int) -> str:
    """An extract uploaded on the page (uttrekk.opplasting)."""
    from uttrekk.opplasting import les_inn_naa

    return str(les_inn_naa(innlesing_id).status)


@task()  # type: ignore[untyped-decorator]
def nattlig_uttrekkskontroll() -> int:
    """Check every arkivdel, then plan the next night's run. One arkivdel that cannot be
    checked (a bug, a missing file) is logged and does not stop the others."""
    from uttrekk.kontroll import arkivdeler_til_kontroll
    from uttrekk.kontroll import kontroller_arkivdel as kontroller

    antall = 0
    try:
        for arkivdel_id in arkivdeler_til_kontroll().values_list("pk", flat=True):
            try:
                kontroller(arkivdel_id)
                antall += 1
            except Exception:
                logger.exception("Uttrekkskontrollen av arkivdel %s feilet", arkivdel_id)
    finally:
        planlegg_nattlig_kontroll()
    return antall


def planlegg_nattlig_kontroll() -> bool:
    """Put the next night's run in the queue, unless one is already waiting there. Safe to
    call at every start-up (`arkivar uttrekk planlegg`)."""
    from django_tasks_db.models import DBTaskResult

    from felles.tid import naa
    from uttrekk.kontroll import neste_kjoering

    sti = f"{__name__}.nattlig_uttrekkskontroll"
    if DBTaskResult.objects.filter(task_path=sti, status="READY").exists():
        return False
    nattlig_uttrekkskontroll.using(run_after=neste_kjoering(naa())).enqueue()
    return True
