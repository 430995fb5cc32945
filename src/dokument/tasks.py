"""Background tasks of `dokument` (style.md §11: thin wrappers, ids as arguments)."""

from __future__ import annotations

from django_tasks import task


@task()  # type: ignore[untyped-decorator]  # django-tasks ships no types
def behandle_fil(filbehandling_id: int) -> str:
    """Run the pipeline for one received file (dokument.behandling.behandle)."""
    from dokument.behandling import behandle

    return behandle(filbehandling_id)
