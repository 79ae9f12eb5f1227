"""The use cases around the import pipeline, for the page, the API and the CLI alike.

Upload, remap columns, choose OPDs for unknown names, commit and cancel each have one
function here with their preconditions; background jobs are queued only after the
transaction that changed the batch commits, so a worker never sees a batch half-written.
The CLI runs the same pipeline in the foreground through :func:`run_now`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction

from lindung.imports import control, leases, pipeline, tasks
from lindung.imports.models import ImportBatch, ImportRow


class ImportRefused(Exception):
    """The request cannot be done now; the message says why, in Indonesian."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _queue_check(batch: ImportBatch) -> None:
    # The batch turns "queued" and its job is queued in one step, so that no batch waits
    # for a job nobody queued: the use cases below start the job, not their callers.
    tasks.start_check(batch)


@transaction.atomic
def batch_upload(
    *,
    user: Any,
    pemda: Any,
    kind: str,
    source: Path | File,
    original_name: str,
    opd: Any = None,
    cohort_id: int | None = None,
    create_missing_opds: bool = False,
    as_of: date | None = None,
    sheets: list[str] | None = None,
    mapping: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
    queue: bool = True,
) -> ImportBatch:
    """Keep the file, open a batch, and check it in the background.

    The CLI passes `queue=False` and runs the check itself (:func:`run_now`). An upload over
    IMPORT_MAX_BYTES is refused before anything is stored.
    """
    if isinstance(source, File) and (source.size or 0) > settings.IMPORT_MAX_BYTES:
        from lindung.imports.forms import upload_too_large

        raise ImportRefused(upload_too_large(source.size or 0, original_name), "file")
    batch = pipeline.create_batch(
        pemda=pemda,
        kind=kind,
        source=source,
        original_name=original_name,
        user=user,
        options=_options(
            opd=opd, cohort_id=cohort_id, create_missing_opds=create_missing_opds, as_of=as_of,
            sheets=sheets, extra=extra,
        ),
    )  # fmt: skip
    if mapping:
        batch.mapping = mapping
        batch.save(update_fields=["mapping"])
    if queue:
        _queue_check(batch)
    return batch


def _options(
    *,
    opd: Any,
    cohort_id: int | None,
    create_missing_opds: bool,
    as_of: date | None,
    sheets: list[str] | None,
    extra: dict[str, Any] | None,
) -> dict[str, Any]:
    options: dict[str, Any] = {
        "opd_id": opd.pk if opd is not None else None,
        "create_missing_opds": create_missing_opds,
        **(extra or {}),
    }
    if cohort_id is not None:
        options["cohort_id"] = cohort_id
    if as_of is not None:
        options["as_of"] = as_of.isoformat()
    if sheets:
        options["sheets"] = list(sheets)
    return options


def _not_running(batch: ImportBatch) -> None:
    leases.settle(batch)  # a job that died no longer holds the batch
    if batch.is_running:
        raise ImportRefused("Impor masih berjalan; tunggu sampai selesai.", "status")
    if batch.status == ImportBatch.Status.COMMITTED:
        raise ImportRefused(
            "Impor ini sudah disimpan; unggah berkasnya lagi bila perlu.", "status"
        )


@transaction.atomic
def batch_remap(*, batch: ImportBatch, chosen: dict[str, str]) -> None:
    """Apply the user's column choices (remembered for the Pemda) and check again."""
    _not_running(batch)
    pipeline.remember_mapping(batch, chosen)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    _queue_check(batch)


@transaction.atomic
def batch_choose_opds(*, batch: ImportBatch, choices: dict[str, str]) -> None:
    """Say which OPD each unknown OPD name of the file means ("new" to create it)."""
    _not_running(batch)
    known = {n["key"] for n in (batch.counts or {}).get("opd_names", [])}
    picked = {k: v for k, v in choices.items() if k in known and v}
    batch.options = {
        **batch.options,
        "opd_choices": {**batch.options.get("opd_choices", {}), **picked},
    }
    batch.status = ImportBatch.Status.QUEUED
    batch.save(update_fields=["options", "status"])
    _queue_check(batch)


def commit_problem(batch: ImportBatch, *, valid_only: bool) -> str:
    """Why the batch cannot be committed as asked ("" when it can)."""
    if batch.status != ImportBatch.Status.PREVIEW:
        return "Impor ini tidak dalam tahap pratinjau."
    errors = batch.rows.filter(outcome=ImportRow.Outcome.ERROR).count()
    if errors and not valid_only:
        return (
            f"Ada {errors} baris galat: perbaiki berkasnya, atau pilih 'Simpan baris yang "
            "valid saja'."
        )
    return ""


@transaction.atomic
def batch_commit(
    *,
    batch: ImportBatch,
    valid_only: bool = False,
    end_missing: bool = False,
    end_ids: list[int] | None = None,
) -> None:
    """Queue the commit of a checked batch.

    `end_ids`, when given, are the engagements (among those missing from the list) the
    user left ticked: only they are ended.
    """
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    problem = commit_problem(locked, valid_only=valid_only)
    if problem:
        raise ImportRefused(problem, "valid_only" if locked.status == "preview" else "status")
    locked.options = {**locked.options, "end_ids": _allowed_end_ids(locked, end_ids)}
    locked.status = ImportBatch.Status.QUEUED
    locked.save(update_fields=["options", "status"])
    tasks.start_commit(locked, valid_only=valid_only, end_missing=end_missing)


def _allowed_end_ids(batch: ImportBatch, end_ids: list[int] | None) -> list[int] | None:
    if end_ids is None:
        return None
    offered = set((batch.counts or {}).get("to_end_ids", []))
    return sorted({int(i) for i in end_ids} & offered)


def batch_cancel(*, batch: ImportBatch) -> str:
    """Cancel a waiting or running batch: "cancelled", "requested" or "too_late".

    A waiting job is cancelled at once; a running one stops at its next chunk and rolls
    back. A request that arrives after the job ended is dropped, or it would cancel the
    batch's next save.
    """
    waiting = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.CANCELLED, message="Dibatalkan oleh pengguna."
    )
    if waiting:
        return "cancelled"
    if batch.is_running:
        batch.refresh_from_db()
        if leases.settle(batch, cancelled=True):
            return "cancelled"  # its worker died: nobody would read the request
        control.request_cancel(batch.pk)
        batch.refresh_from_db(fields=["status"])
        if batch.is_running:
            return "requested"
    control.clear(batch.pk)
    return "too_late"


def batch_refresh(batch: ImportBatch) -> ImportBatch:
    """The batch as the page and the API show it: settled first if its job died."""
    leases.settle(batch)
    return batch


def run_now(
    batch: ImportBatch,
    *,
    dry_run: bool,
    valid_only: bool,
    end_missing: bool,
    progress: pipeline.Progress | None = None,
) -> pipeline.Summary:
    """Check, then commit unless it is a dry run or rows failed (CLI: no worker needed)."""
    result = pipeline.check(batch, progress=progress)
    if dry_run or result.status != ImportBatch.Status.PREVIEW:
        return result
    if commit_problem(batch, valid_only=valid_only):
        return result
    committed = pipeline.commit(
        batch, valid_only=valid_only, end_missing=end_missing, progress=progress
    )
    committed.commit_tried = True
    return committed
