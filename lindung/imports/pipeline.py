"""The import pipeline: read -> map columns -> validate rows -> plan -> (commit).

One row loop serves the check (preview, dry run) and the commit, for the web upload, the
API and the CLI alike. The check writes only ImportRows; the commit replays the stored rows
through the same planner with `apply=True`, inside one transaction (all or nothing), unless
the user chose to keep the valid rows only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from lindung.imports import control
from lindung.imports.columns import (
    HEADER_SEARCH_ROWS,
    KEY_FIELDS,
    LABELS,
    Layout,
    find_header,
    resolve_fields,
)
from lindung.imports.formats import FileProblem, open_sheets
from lindung.imports.models import ColumnMapping, ImportBatch, ImportRow
from lindung.imports.specs import (
    RowError,
    cells_as_text,
    from_json,
    parse_row,
    row_key,
    to_json,
)
from lindung.imports.values import normalize_header
from lindung.registry.fastinsert import insert_rows
from lindung.registry.models import Pemda

CHUNK = 2000
Outcome = ImportRow.Outcome
# Called after each chunk with (stage, rows done, rows in all or 0 when not known yet).
Progress = Callable[[str, int, int], None]


class Cancelled(Exception):
    """The user pressed cancel; everything of this run is rolled back."""


class CommitRefused(Exception):
    """The batch cannot be committed as asked; the message says why, in Indonesian."""


@dataclass
class Draft:
    """One data row on its way through the planner."""

    number: int
    cells: list[str]
    values: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)
    outcome: str = ""
    checked: str = ""  # at commit: the outcome the check stored for the row

    def fail(self, column: str, code: str, message: str) -> None:
        self.errors.append(RowError(column, code, message))


@dataclass
class Summary:
    batch: int
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ended: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    status: str = ""
    message: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "batch": self.batch,
            "status": self.status,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "ended": self.ended,
            "errors": self.errors,
            "message": self.message,
        }


# -- creating a batch --------------------------------------------------------------------------


def create_batch(
    *,
    pemda: Any,
    kind: str,
    source: Path | File,
    original_name: str,
    user: Any = None,
    options: dict[str, Any] | None = None,
) -> ImportBatch:
    """Keep the uploaded file (nothing lost) and open a batch for it."""
    options = options or {}
    scope = f"opd:{options['opd_id']}" if options.get("opd_id") else f"{kind}:{pemda.pk}"
    batch = ImportBatch(
        pemda=pemda, kind=kind, original_name=Path(original_name).name[:255], created_by=user,
        options=options, scope=scope,
    )  # fmt: skip
    digest = hashlib.sha256()
    if isinstance(source, Path):
        handle: Any = source.open("rb")
    else:
        handle = source
    with handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
        handle.seek(0)
        batch.file.save(Path(original_name).name, File(handle), save=False)
    batch.sha256 = digest.hexdigest()
    batch.size = batch.file.size
    batch.save()
    return batch


# -- reading -----------------------------------------------------------------------------------


def _locate(batch: ImportBatch) -> tuple[Layout, Iterator[tuple[int, list[Any]]]]:
    """Find the sheet and header row, and the data rows below it."""
    path = Path(batch.file.path)
    for sheet in open_sheets(path, batch.original_name, max_bytes=settings.IMPORT_MAX_BYTES):
        head = list(islice(sheet.rows, HEADER_SEARCH_ROWS))
        found = find_header(batch.kind, head)
        if found is None:
            continue
        number, cells = found
        headers = [str(c).strip() if c not in (None, "") else "" for c in cells]
        keys = [normalize_header(h) for h in headers]
        remembered = dict(
            ColumnMapping.objects.filter(pemda=batch.pemda, kind=batch.kind).values_list(
                "header", "field"
            )
        )
        layout = Layout(sheet.name, number, headers, keys)
        layout.fields = resolve_fields(batch.kind, keys, remembered, batch.mapping)
        rows = chain(head[number:], sheet.rows)
        return layout, ((n, c) for n, c in enumerate(rows, start=number + 1))
    if KEY_FIELDS[batch.kind] != "nik":
        label = LABELS[KEY_FIELDS[batch.kind]]
        raise FileProblem(
            f"Tidak ditemukan baris judul dengan kolom {label} pada 30 baris teratas lembar "
            "mana pun."
        )
    raise FileProblem(
        "Tidak ditemukan baris judul dengan kolom NIK (mis. 'NIK', 'No. KTP', 'Nomor Induk "
        "Kependudukan') pada 30 baris teratas lembar mana pun."
    )


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


# -- the one row loop --------------------------------------------------------------------------


def _walk(
    batch: ImportBatch,
    drafts: Iterable[Draft],
    planner: Any,
    *,
    apply: bool,
    total: int,
    store: Callable[[list[Draft]], None],
    progress: Progress | None = None,
) -> None:
    stage = "commit" if apply else "check"
    done = 0
    chunk: list[Draft] = []

    def flush() -> None:
        nonlocal done, chunk
        if control.cancel_requested(batch.pk):
            raise Cancelled
        planner.plan(chunk, apply=apply)
        store(chunk)
        done += len(chunk)
        control.write_progress(batch.pk, stage=stage, done=done, total=total)
        if progress is not None:
            progress(stage, done, total)
        chunk = []

    for draft in drafts:
        chunk.append(draft)
        if len(chunk) >= CHUNK:
            flush()
    if chunk:
        flush()
    planner.finish(apply=apply)


def _planner(batch: ImportBatch) -> Any:
    from lindung.imports.businesses import BusinessPlanner
    from lindung.imports.cohort_members import ElectionMemberPlanner, InformalMemberPlanner
    from lindung.imports.employers import EmployerPlanner
    from lindung.imports.memberships import MembershipPlanner
    from lindung.imports.projects import ProjectPlanner
    from lindung.imports.workers import WorkerPlanner

    planners: dict[str, Any] = {
        ImportBatch.Kind.WORKERS: WorkerPlanner,
        ImportBatch.Kind.MEMBERSHIPS: MembershipPlanner,
        ImportBatch.Kind.BUSINESSES: BusinessPlanner,
        ImportBatch.Kind.EMPLOYERS: EmployerPlanner,
        ImportBatch.Kind.PROJECTS: ProjectPlanner,
        ImportBatch.Kind.ELECTION_MEMBERS: ElectionMemberPlanner,
        ImportBatch.Kind.INFORMAL_MEMBERS: InformalMemberPlanner,
    }
    return planners[batch.kind](batch)


def check(batch: ImportBatch, *, progress: Progress | None = None) -> Summary:
    """Read and validate every row and plan its outcome; the registry is not touched.

    Only a queued batch is checked: one cancelled while it waited stays cancelled.
    """
    started = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.CHECKING, message=""
    )
    if not started:
        batch.refresh_from_db()
        return summary(batch)
    batch.status, batch.message = ImportBatch.Status.CHECKING, ""
    batch.rows.all().delete()
    control.clear(batch.pk)
    try:
        layout, data = _locate(batch)
        batch.layout = layout.as_json()
        key_field = KEY_FIELDS[batch.kind]
        key_label = LABELS[key_field]
        if key_field not in layout.fields:
            raise FileProblem(
                f"Kolom {key_label} belum dipetakan; pilih kolom {key_label} pada pemetaan kolom."
            )
        seen: dict[str, int] = {}
        first_of: dict[int, list[int]] = {}

        def drafts() -> Iterator[Draft]:
            for number, cells in data:
                if _blank(cells):
                    continue
                values, errors = parse_row(batch.kind, cells, layout.fields, layout.headers)
                draft = Draft(number, cells_as_text(cells), values, errors)
                key = row_key(batch.kind, values)
                if key is not None:
                    if key in seen:
                        draft.fail(
                            key_label,
                            f"duplicate_{key_field}",
                            f"{key_label} sama dengan baris {seen[key]}.",
                        )
                        first_of.setdefault(seen[key], []).append(number)
                    else:
                        seen[key] = number
                yield draft

        planner = _planner(batch)
        _walk(
            batch, drafts(), planner, apply=False, total=0, store=_store_new(batch),
            progress=progress,
        )  # fmt: skip
        _mark_first_duplicates(batch, first_of)
        if not batch.rows.exists():
            raise FileProblem("Lembar kerja tidak berisi data di bawah baris judul.")
        batch.status = ImportBatch.Status.PREVIEW
        batch.counts = {**_counts(batch), **planner.extra_counts()}
    except FileProblem as exc:
        batch.rows.all().delete()
        batch.status, batch.message = ImportBatch.Status.FAILED, str(exc)
    except Cancelled:
        batch.rows.all().delete()
        batch.status, batch.message = ImportBatch.Status.CANCELLED, "Dibatalkan oleh pengguna."
    batch.finished_at = timezone.now()
    batch.save()
    control.clear(batch.pk)
    return summary(batch)


def _store_new(batch: ImportBatch) -> Callable[[list[Draft]], None]:
    def store(chunk: list[Draft]) -> None:
        # One row per line of the file: written in bulk, like the registry rows, and in a
        # transaction: SQLite would otherwise commit (write the log) once per row.
        with transaction.atomic():
            insert_rows(
                ImportRow._meta.db_table,
                ["batch_id", "number", "cells", "values", "outcome", "errors"],
                [
                    (
                        batch.pk,
                        d.number,
                        to_json(d.cells),
                        to_json(d.values),
                        Outcome.ERROR if d.errors else d.outcome,
                        to_json([e.as_json() for e in d.errors]) if d.errors else "[]",
                    )
                    for d in chunk
                ],
            )

    return store


def _mark_first_duplicates(batch: ImportBatch, first_of: dict[int, list[int]]) -> None:
    """The first row of a repeated key (NIK, NIB, NPP) is wrong too: report both rows."""
    key_field = KEY_FIELDS[batch.kind]
    label = LABELS[key_field]
    for row in batch.rows.filter(number__in=list(first_of)):
        later = ", ".join(str(n) for n in first_of[row.number])
        row.errors = [
            *row.errors,
            {
                "column": label,
                "code": f"duplicate_{key_field}",
                "message": f"{label} sama dengan baris {later}.",
            },
        ]
        row.outcome = Outcome.ERROR
        row.save(update_fields=["errors", "outcome"])


def _counts(batch: ImportBatch) -> dict[str, int]:
    counts = {o: 0 for o in Outcome.values}
    for outcome, n in _outcome_counts(batch):
        counts[outcome] = n
    counts["rows"] = sum(counts[o] for o in Outcome.values)
    return counts


def _outcome_counts(batch: ImportBatch) -> list[tuple[str, int]]:
    return list(batch.rows.values_list("outcome").annotate(n=Count("id")).order_by())


# -- commit ----------------------------------------------------------------------------------


def commit(
    batch: ImportBatch,
    *,
    valid_only: bool = False,
    end_missing: bool = False,
    progress: Progress | None = None,
) -> Summary:
    """Write the checked rows; all or nothing unless `valid_only`.

    A second commit of the same scope (one OPD, or a Pemda's memberships) is refused while
    the first runs.
    """
    batch.refresh_from_db()
    if (
        batch.status not in (ImportBatch.Status.PREVIEW, ImportBatch.Status.QUEUED)
        or not batch.layout
    ):
        raise CommitRefused("Impor ini tidak dalam tahap pratinjau; periksa ulang berkasnya.")
    errors = batch.rows.filter(outcome=Outcome.ERROR).count()
    if errors and not valid_only:
        raise CommitRefused(
            f"Ada {errors} baris galat. Perbaiki berkasnya, atau pilih 'simpan baris valid saja'."
        )
    with transaction.atomic():
        # The Pemda row is the lock: two commits starting together cannot both see "free".
        Pemda.objects.select_for_update().get(pk=batch.pemda_id)
        busy = ImportBatch.objects.filter(
            pemda=batch.pemda, scope=batch.scope, status=ImportBatch.Status.COMMITTING
        ).exclude(pk=batch.pk)
        if busy.exists():
            raise CommitRefused(
                "Impor lain untuk OPD/cakupan yang sama sedang disimpan; tunggu sampai selesai."
            )
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.COMMITTING)
    batch.options = {**batch.options, "valid_only": valid_only, "end_missing": end_missing}
    # A cancel pressed while the commit waited in the queue still counts.
    control.clear_progress(batch.pk)
    total = batch.rows.exclude(outcome=Outcome.ERROR).count()
    try:
        with transaction.atomic():
            planner = _planner(batch)
            rows = batch.rows.exclude(outcome=Outcome.ERROR).order_by("number")
            # Planners read values only: the cells stay in the database.
            drafts = (
                Draft(number, [], from_json(values), checked=outcome)
                for number, values, outcome in rows.values_list(
                    "number", "values", "outcome"
                ).iterator(chunk_size=CHUNK)
            )
            _walk(
                batch,
                drafts,
                planner,
                apply=True,
                total=total,
                store=_store_outcomes(batch, valid_only),
                progress=progress,
            )
        batch.status = ImportBatch.Status.COMMITTED
        batch.counts = {**_counts(batch), **planner.extra_counts()}
        batch.message = ""
    except Cancelled:
        batch.status = ImportBatch.Status.PREVIEW
        batch.message = "Penyimpanan dibatalkan; tidak ada data yang berubah."
    except _RowFailed as exc:
        batch.status = ImportBatch.Status.PREVIEW
        batch.message = f"Penyimpanan dibatalkan, tidak ada data yang berubah: baris {exc}"
    batch.finished_at = timezone.now()
    batch.save()
    control.clear(batch.pk)
    return summary(batch)


class _RowFailed(Exception):
    """A row that checked clean failed at commit (the data changed meanwhile)."""


def _store_outcomes(batch: ImportBatch, valid_only: bool) -> Callable[[list[Draft]], None]:
    def store(chunk: list[Draft]) -> None:
        failed = [d for d in chunk if d.errors]
        if failed and not valid_only:
            d = failed[0]
            raise _RowFailed(f"{d.number}: {d.errors[0].message}")
        # Rows keep the outcome the check stored unless the commit found another (the data
        # changed meanwhile); one UPDATE per new outcome: bulk_update's CASE statements are
        # far slower at this size.
        by_outcome: dict[str, list[int]] = {}
        for d in chunk:
            if d.errors:
                batch.rows.filter(number=d.number).update(
                    outcome=Outcome.ERROR, errors=[e.as_json() for e in d.errors]
                )
            elif d.outcome != d.checked:
                by_outcome.setdefault(d.outcome, []).append(d.number)
        for outcome, numbers in by_outcome.items():
            batch.rows.filter(number__in=numbers).update(outcome=outcome)

    return store


def summary(batch: ImportBatch) -> Summary:
    counts = batch.counts or {}
    errors = [
        {"row": r.number, **e}
        for r in batch.rows.filter(outcome=Outcome.ERROR).order_by("number")[:1000]
        for e in r.errors
    ]
    return Summary(
        batch=batch.pk,
        rows=counts.get("rows", 0),
        created=counts.get(Outcome.CREATED, 0),
        updated=counts.get(Outcome.UPDATED, 0),
        unchanged=counts.get(Outcome.UNCHANGED, 0),
        ended=counts.get("ended", 0)
        if batch.status == ImportBatch.Status.COMMITTED
        else counts.get("to_end", 0),
        errors=errors,
        status=batch.status,
        message=batch.message,
    )


def remember_mapping(batch: ImportBatch, chosen: dict[str, str]) -> None:
    """Keep a user's column corrections for the Pemda's next files of this kind."""
    for header, field_name in chosen.items():
        # "Ignore this column" holds for this file only: the next file may use the heading
        # for its real meaning.
        if field_name:
            ColumnMapping.objects.update_or_create(
                pemda=batch.pemda, kind=batch.kind, header=header, defaults={"field": field_name}
            )
    batch.mapping = {**batch.mapping, **chosen}
    batch.save(update_fields=["mapping"])
