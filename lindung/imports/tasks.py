"""Background jobs of the import pipeline (django-tasks; `lindung db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from lindung.imports import control, pipeline
from lindung.imports.models import ImportBatch


@task()
def check_batch(batch_id: int) -> None:
    pipeline.check(ImportBatch.objects.get(pk=batch_id))


@task()
def commit_batch(batch_id: int, valid_only: bool, end_missing: bool) -> None:
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status == ImportBatch.Status.CANCELLED:
        control.clear(batch_id)  # cancelled while queued: nothing to do, nothing pending
        return
    try:
        pipeline.commit(batch, valid_only=valid_only, end_missing=end_missing)
    except pipeline.CommitRefused as exc:
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.PREVIEW, message=str(exc)
        )
