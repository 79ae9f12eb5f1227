"""Background jobs of the import pipeline (django-tasks; `lindung db_worker` runs them).

Whatever happens inside, a job leaves its batch settled: failed (a check) or back in preview
(a commit), never running for good.
"""

from __future__ import annotations

import logging

from django_tasks import task

from lindung.imports import control, pipeline
from lindung.imports.models import ImportBatch
from lindung.lib.jobs import enqueue_on_commit

log = logging.getLogger(__name__)


def start_check(batch: ImportBatch) -> None:
    """Check a queued batch in the background once its transaction commits."""
    enqueue_on_commit(check_batch, batch.pk)


def start_commit(batch: ImportBatch, *, valid_only: bool, end_missing: bool) -> None:
    """Commit a queued batch in the background once its transaction commits."""
    enqueue_on_commit(commit_batch, batch.pk, valid_only, end_missing)


@task()
def check_batch(batch_id: int) -> None:
    try:
        pipeline.check(ImportBatch.objects.get(pk=batch_id))
    except Exception:
        log.exception("import batch %s: the check job failed", batch_id)
        _settle(batch_id, ImportBatch.Status.FAILED, pipeline.CHECK_CRASHED)
        raise


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
    except Exception:
        log.exception("import batch %s: the commit job failed", batch_id)
        _settle(batch_id, ImportBatch.Status.PREVIEW, pipeline.COMMIT_CRASHED)
        raise


def _settle(batch_id: int, to: str, message: str) -> None:
    """End a batch its job left waiting or running."""
    running = (
        ImportBatch.Status.QUEUED,
        ImportBatch.Status.CHECKING,
        ImportBatch.Status.COMMITTING,
    )
    ImportBatch.objects.filter(pk=batch_id, status__in=running).update(status=to, message=message)
    control.clear(batch_id)
