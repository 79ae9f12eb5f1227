"""Dead import jobs: a check or commit whose worker died (kill -9, out of memory) is settled.

A running job beats at its start (the batch row) and after every chunk (its control file: a
commit's transaction hides writes to the row). One silent for longer than
`JOB_STALE_SECONDS` is dead: a check ends failed, a commit (its transaction rolled back with
the worker) returns to preview, and the scope is free for the next commit.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from lindung.imports import control
from lindung.imports.models import ImportBatch
from lindung.lib.jobs import stale_before, worker_id

log = logging.getLogger(__name__)
Status = ImportBatch.Status

CHECK_DIED = (
    "Pemeriksaan terhenti karena proses latar belakang mati (mis. kehabisan memori). "
    "Unggah berkasnya lagi; bila terulang, hubungi administrator server."
)
COMMIT_DIED = (
    "Penyimpanan terhenti karena proses latar belakang mati; tidak ada data yang berubah. "
    "Simpan lagi; bila terulang, hubungi administrator server."
)


def start(batch_id: int, status: str, *, from_status: Any) -> bool:
    """Take the batch for this worker: move it to `status` and beat. False if not in
    `from_status` (a status or a tuple of them) any more."""
    statuses = from_status if isinstance(from_status, tuple) else (from_status,)
    return bool(
        ImportBatch.objects.filter(pk=batch_id, status__in=statuses).update(
            status=status, message="", heartbeat_at=timezone.now(), worker=worker_id()
        )
    )


class Fenced(Exception):
    """The job's lease was taken from it (settled as dead while it still ran): its work must
    not land, and its end state must not overwrite the one the settler wrote."""


def hold(batch: ImportBatch, status: str) -> None:
    """Inside the job's transaction, just before it commits: lock the batch row and make sure
    the lease is still this job's. A job wrongly taken for dead (a long pause, a clock jump)
    then rolls back instead of writing beside the commit that took its scope."""
    mine = ImportBatch.objects.select_for_update().filter(
        pk=batch.pk, status=status, worker=batch.worker
    )
    if not mine.exists():
        raise Fenced


def finish(batch: ImportBatch, status: str, fields: list[str]) -> bool:
    """Write the job's end state only while it still holds its lease; False if fenced (the
    batch then shows what the settler wrote)."""
    moved = ImportBatch.objects.filter(pk=batch.pk, status=status, worker=batch.worker).update(
        **{f: getattr(batch, f) for f in fields}
    )
    if not moved:
        log.warning("import batch %s: lease lost while running, end state dropped", batch.pk)
        batch.refresh_from_db()
    return bool(moved)


def beat(batch_id: int) -> None:
    """Say the job is alive on the batch row (outside a transaction only)."""
    ImportBatch.objects.filter(pk=batch_id).update(heartbeat_at=timezone.now())


def last_beat(batch: ImportBatch) -> datetime:
    """The latest sign of life of a running batch: its row, or its control file."""
    seen = [batch.heartbeat_at or batch.created_at]
    file_beat = control.last_beat(batch.pk)
    if file_beat is not None:
        seen.append(datetime.fromtimestamp(file_beat, tz=UTC))
    return max(seen)


def is_dead(batch: ImportBatch) -> bool:
    running = batch.status in (Status.CHECKING, Status.COMMITTING)
    return running and last_beat(batch) < stale_before()


def settle(batch: ImportBatch, *, cancelled: bool = False) -> bool:
    """End a dead batch (failed, back to preview, or cancelled); False if it was not dead."""
    if not is_dead(batch):
        return False
    if batch.status == Status.CHECKING:
        new = Status.CANCELLED if cancelled else Status.FAILED
        message = "Dibatalkan oleh pengguna." if cancelled else CHECK_DIED
    else:
        new = Status.PREVIEW
        message = (
            "Penyimpanan dibatalkan; tidak ada data yang berubah." if cancelled else COMMIT_DIED
        )
    moved = ImportBatch.objects.filter(pk=batch.pk, status=batch.status).update(
        status=new, message=message, finished_at=timezone.now()
    )
    if not moved:
        batch.refresh_from_db()
        return False
    if batch.status == Status.CHECKING:
        batch.rows.all().delete()  # a half-checked file: its rows mean nothing
    log.warning(
        "import batch %s (%s, worker %s) silent since %s: now %s",
        batch.pk, batch.status, batch.worker or "?", last_beat(batch).isoformat(), new,
    )  # fmt: skip
    control.clear(batch.pk)
    batch.refresh_from_db()
    return True


def running(**filters: Any) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(
        Q(status=Status.CHECKING) | Q(status=Status.COMMITTING), **filters
    )


def sweep(**filters: Any) -> int:
    """Settle every dead batch among the running ones matching `filters`; how many."""
    return sum(settle(batch) for batch in running(**filters))
