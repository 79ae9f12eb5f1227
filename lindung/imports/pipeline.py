"""The import pipeline: read -> map columns -> validate rows -> plan -> (commit).

One row loop serves the check (preview, dry run) and the commit, for the web upload, the
API and the CLI alike. The check writes only ImportRows; the commit replays the stored rows
through the same planner with `apply=True`, inside one transaction (all or nothing), unless
the user chose to keep the valid rows only.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from lindung.imports import control, leases, rowkinds
from lindung.imports.columns import KEY_FIELDS, LABELS, SYNONYMS
from lindung.imports.formats import FileProblem, FileRefused, open_sheets
from lindung.imports.headers import HEADER_SEARCH_ROWS, Header, find_header
from lindung.imports.models import ColumnMapping, ImportBatch, ImportRow
from lindung.imports.planners import planner_for
from lindung.imports.rowkinds import RowSorter
from lindung.imports.specs import (
    RowError,
    cells_as_text,
    from_json,
    parse_row,
    row_key,
    row_warnings,
    to_json,
)
from lindung.imports.values import normalize_header
from lindung.registry.fastinsert import insert_rows
from lindung.registry.models import Pemda

CHUNK = 2000
MAX_HEADING_CHARS = 200
log = logging.getLogger(__name__)
Outcome = ImportRow.Outcome
# Called after each chunk with (stage, rows done, rows in all or 0 when not known yet).
Progress = Callable[[str, int, int], None]


CHECK_CRASHED = (
    "Pemeriksaan gagal karena kesalahan tak terduga; tidak ada data yang berubah. Unggah "
    "berkasnya lagi; bila terulang, hubungi administrator server."
)
COMMIT_CRASHED = (
    "Penyimpanan gagal karena kesalahan tak terduga; tidak ada data yang berubah. Simpan "
    "lagi; bila terulang, hubungi administrator server."
)
KEY_TAKEN = "NIK ini baru saja didaftarkan oleh impor lain; periksa ulang."
DATA_CHANGED = (
    "data yang sama baru saja diubah oleh proses lain (impor lain, atau data yang dihapus). "
    "Periksa ulang berkasnya, lalu simpan lagi."
)


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
    sheet: str = ""
    skip: str = ""  # why a row that is not a person was passed over
    pk: int = 0  # at commit: the stored row
    warnings: list[RowError] = field(default_factory=list)  # to check; the row still counts

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
    skipped: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    skipped_rows: list[dict[str, Any]] = field(default_factory=list)
    row_warnings: list[dict[str, Any]] = field(default_factory=list)
    layout: dict[str, Any] = field(default_factory=dict)
    status: str = ""
    message: str = ""
    # Set by services.run_now: a commit was started (a status other than "committed" then
    # means it failed and wrote nothing).
    commit_tried: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "batch": self.batch,
            "status": self.status,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "ended": self.ended,
            "skipped": self.skipped,
            "errors": self.errors,
            "skipped_rows": self.skipped_rows,
            "row_warnings": self.row_warnings,
            "sheets": self.layout.get("sheets", []),
            "skipped_sheets": self.layout.get("skipped_sheets", []),
            "warnings": self.layout.get("warnings", []),
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

# Sheets that explain how to fill the list (Lindung's own templates have one): never data.
_INSTRUCTION_SHEET_RE = re.compile(r"^\s*(petunjuk|contoh|panduan|cara pengisian|keterangan)",
                                   re.IGNORECASE)  # fmt: skip


@dataclass
class Layout:
    """Where a sheet's table is and what each column means."""

    sheet: str
    header: Header
    keys: list[str] = field(default_factory=list)  # normalized headings
    rows: int = 0  # data rows read (people and skipped)

    @property
    def fields(self) -> list[str]:
        return self.header.fields

    @property
    def headers(self) -> list[str]:
        return self.header.headers

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.sheet,
            "header_row": self.header.row,
            "header_rows": self.header.rows,
            "rows": self.rows,
            "columns": [
                {
                    "index": i,
                    "header": h,
                    "key": k,
                    "field": m.field if m else "",
                    "confidence": m.confidence if m else 0,
                    "how": m.how if m else "",
                }
                for i, (h, k, m) in enumerate(
                    zip(self.headers, self.keys, self.header.matches, strict=True)
                )
            ],
        }


@dataclass
class Reading:
    """What the reader found in the file: the tables read and the sheets passed over."""

    sheets: list[Layout] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    unmapped: Layout | None = None  # the best header without the key column, to ask about

    def as_json(self) -> dict[str, Any]:
        first = self.sheets[0] if self.sheets else self.unmapped
        out: dict[str, Any] = {
            "sheets": [s.as_json() for s in self.sheets],
            "skipped_sheets": self.skipped,
            "warnings": self.warnings,
        }
        if first is not None:
            # The mapping form lists each heading once, across sheets.
            # Numbered in that list: the form's fields are named after these indexes.
            seen: dict[str, dict[str, Any]] = {}
            for s in self.sheets or [first]:
                for col in s.as_json()["columns"]:
                    if col["key"] and col["key"] not in seen:
                        seen[col["key"]] = {**col, "index": len(seen)}
            out["columns"] = list(seen.values())
        return out


def _explicit(batch: ImportBatch) -> dict[str, str]:
    mappings = ColumnMapping.objects.filter(
        pemda=batch.pemda, kind=batch.kind, scope__in=["", _mapping_scope(batch)]
    ).values_list("scope", "header", "field")
    # The file's own scope wins over the Pemda-wide correction of the same heading.
    remembered = {h: f for _s, h, f in sorted(mappings, key=lambda m: m[0] != "")}
    return {**remembered, **batch.mapping}


def _mapping_scope(batch: ImportBatch) -> str:
    """One OPD's lists keep their own corrections; any other file's hold Pemda-wide."""
    return batch.scope if batch.scope.startswith("opd:") else ""


def _read(batch: ImportBatch, reading: Reading) -> Iterator[tuple[Layout, int, list[Any]]]:
    """Each data row of every sheet that holds a table of this kind: (layout, number, cells)."""
    path = Path(batch.file.path)
    explicit = _explicit(batch)
    synonyms = SYNONYMS[batch.kind]
    key_field = KEY_FIELDS[batch.kind]
    wanted = [str(s) for s in batch.options.get("sheets") or []]
    names: list[str] = []
    for sheet in open_sheets(path, batch.original_name, max_bytes=settings.IMPORT_MAX_BYTES):
        names.append(sheet.name)
        if wanted and sheet.name not in wanted:
            continue
        if not wanted and _INSTRUCTION_SHEET_RE.match(sheet.name):
            reading.skipped.append({"name": sheet.name, "reason": "Lembar petunjuk atau contoh."})
            continue
        head = list(islice(sheet.rows, HEADER_SEARCH_ROWS + 1))
        header = find_header(synonyms, key_field, head, explicit)
        if header is None:
            loose = find_header(synonyms, "", head, explicit)
            if loose is not None and reading.unmapped is None:
                reading.unmapped = Layout(sheet.name, loose, _keys(loose))
            reading.skipped.append(
                {
                    "name": sheet.name,
                    "reason": f"Tidak ada tabel dengan kolom {LABELS[key_field]}.",
                }
            )
            continue
        if any(len(h) > MAX_HEADING_CHARS for h in header.headers):
            raise FileProblem(
                f"Judul kolom di lembar {sheet.name} lebih dari {MAX_HEADING_CHARS} karakter; "
                "perbaiki baris judulnya (satu judul singkat per kolom)."
            )
        layout = Layout(sheet.name, header, _keys(header))
        reading.sheets.append(layout)
        rows = chain(head[header.row :], sheet.rows)
        for number, cells in enumerate(rows, start=header.row + 1):
            yield layout, number, cells
    missing = [w for w in wanted if w not in names]
    if missing:
        raise FileProblem(
            f"Lembar {', '.join(missing)} tidak ada di berkas; lembar yang ada: "
            f"{', '.join(names)}."
        )


def _keys(header: Header) -> list[str]:
    return [normalize_header(h) for h in header.headers]


def _no_table(batch: ImportBatch) -> FileProblem:
    key_field = KEY_FIELDS[batch.kind]
    if key_field != "nik":
        label = LABELS[key_field]
        return FileProblem(
            f"Tidak ditemukan baris judul dengan kolom {label} pada 30 baris teratas lembar "
            f"mana pun. Bila kolom {label} ada dengan judul lain, pilih kolom itu pada "
            "pemetaan kolom."
        )
    return FileProblem(
        "Tidak ditemukan baris judul dengan kolom NIK (mis. 'NIK', 'No. KTP', 'Nomor Induk "
        "Kependudukan') pada 30 baris teratas lembar mana pun. Bila kolom NIK ada dengan "
        "judul lain, pilih kolom itu pada pemetaan kolom."
    )


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
        planner.plan([d for d in chunk if not d.skip], apply=apply)
        store(chunk)
        done += len(chunk)
        control.write_progress(batch.pk, stage=stage, done=done, total=total)
        if not apply:
            leases.beat(batch.pk)  # a commit's transaction would hide it: its file beats
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


def check(batch: ImportBatch, *, progress: Progress | None = None) -> Summary:
    """Read and validate every row and plan its outcome; the registry is not touched.

    Only a queued batch is checked: one cancelled while it waited stays cancelled.
    """
    if not leases.start(
        batch.pk, ImportBatch.Status.CHECKING, from_status=ImportBatch.Status.QUEUED
    ):
        batch.refresh_from_db()
        return summary(batch)
    batch.refresh_from_db(fields=["status", "message", "heartbeat_at", "worker"])
    reading = Reading()
    try:
        batch.rows.all().delete()
        control.clear(batch.pk)
        planner = planner_for(batch)
        duplicates = _Duplicates(batch.kind)
        _walk(
            batch, _drafts(batch, reading, duplicates), planner, apply=False, total=0,
            store=_store_new(batch), progress=progress,
        )  # fmt: skip
        duplicates.mark(batch)
        batch.layout = reading.as_json()
        if not reading.sheets:
            raise _no_table(batch)
        reading.warnings.extend(_warnings(batch.kind, reading))
        batch.layout = reading.as_json()
        if not batch.rows.exclude(outcome=Outcome.SKIPPED).exists():
            raise FileProblem("Lembar kerja tidak berisi data orang di bawah baris judul.")
        batch.status = ImportBatch.Status.PREVIEW
        batch.counts = {**_counts(batch), **planner.extra_counts()}
    except FileProblem as exc:
        batch.rows.all().delete()
        batch.status, batch.message = ImportBatch.Status.FAILED, str(exc)
        if isinstance(exc, FileRefused):
            batch.file.delete(save=False)  # a refused file is not kept
    except Cancelled:
        batch.rows.all().delete()
        batch.status, batch.message = ImportBatch.Status.CANCELLED, "Dibatalkan oleh pengguna."
    except Exception:
        log.exception("import batch %s: the check failed", batch.pk)
        batch.rows.all().delete()
        batch.status, batch.message = ImportBatch.Status.FAILED, CHECK_CRASHED
    batch.finished_at = timezone.now()
    if leases.finish(batch, ImportBatch.Status.CHECKING, _CHECK_END):
        control.clear(batch.pk)
    return summary(batch)


_CHECK_END = ["status", "message", "counts", "layout", "finished_at", "file"]
_COMMIT_END = ["status", "message", "counts", "options", "finished_at"]


# Columns a file may lack, and what their absence means for the figures.
_WARN_IF_MISSING = {
    "workers": {
        "monthly_wage": (
            "no_wage_column",
            "Tidak ada kolom upah/honor{where}: pekerja diimpor tanpa data upah. Angka yang "
            "dihitung dari upah (iuran, anggaran) menyebut berapa pekerja tanpa upah.",
        ),
        "start_date": (
            "no_start_column",
            "Tidak ada kolom TMT/tanggal mulai{where}: tanggal mulai pekerja dicatat tidak "
            "diketahui (dianggap aktif sampai tanggal berakhirnya).",
        ),
    },
}


def _warnings(kind: str, reading: Reading) -> list[dict[str, str]]:
    """One warning per file for each column it lacks (naming the sheets when only some do)."""
    out = []
    for f, (code, message) in _WARN_IF_MISSING.get(kind, {}).items():
        lacking = [s.sheet for s in reading.sheets if f not in s.fields]
        if not lacking:
            continue
        where = "" if len(lacking) == len(reading.sheets) else f" di lembar {', '.join(lacking)}"
        out.append({"code": code, "message": message.format(where=where)})
    return out


def _drafts(batch: ImportBatch, reading: Reading, duplicates: _Duplicates) -> Iterator[Draft]:
    """Every row under a header, parsed; rows that are not people carry a skip reason.

    Blank rows are held back and kept only when a later row of the same table follows:
    the empty rows under a table (often thousands, pre-numbered) are not listed.
    """
    key_field = KEY_FIELDS[batch.kind]
    sorter: RowSorter | None = None
    current: Layout | None = None
    blanks: list[Draft] = []
    for layout, number, cells in _read(batch, reading):
        if layout is not current:
            current, blanks = layout, []
            sorter = RowSorter(layout.headers, layout.fields, key_field)
        assert sorter is not None  # noqa: S101 - set with the layout
        reason = sorter.skip_reason(cells)
        if reason == rowkinds.BLANK:
            blanks.append(Draft(number, [], {}, sheet=layout.sheet, skip=reason))
            continue
        yield from blanks
        layout.rows += len(blanks) + 1
        blanks = []
        if reason is not None:
            yield Draft(number, cells_as_text(cells), {}, sheet=layout.sheet, skip=reason)
            continue
        values, errors = parse_row(batch.kind, cells, layout.fields, layout.headers)
        draft = Draft(number, cells_as_text(cells), values, errors, sheet=layout.sheet)
        draft.warnings = row_warnings(batch.kind, values, layout.fields, layout.headers)
        duplicates.see(draft, row_key(batch.kind, values))
        yield draft


class _Duplicates:
    """A key (NIK, NIB, NPP) twice in a file: both rows are wrong, across sheets too."""

    def __init__(self, kind: str) -> None:
        self.field = KEY_FIELDS[kind]
        self.label = LABELS[self.field]
        self.seen: dict[str, tuple[str, int]] = {}
        self.later: dict[tuple[str, int], list[tuple[str, int]]] = {}

    def see(self, draft: Draft, key: str | None) -> None:
        if key is None:
            return
        here = (draft.sheet, draft.number)
        if key not in self.seen:
            self.seen[key] = here
            return
        first = self.seen[key]
        draft.fail(self.label, f"duplicate_{self.field}",
                   f"{self.label} sama dengan {_where(first, draft.sheet)}.")  # fmt: skip
        self.later.setdefault(first, []).append(here)

    def mark(self, batch: ImportBatch) -> None:
        """The first row of a repeated key is wrong too: report it with the later rows."""
        for (sheet, number), later in self.later.items():
            row = batch.rows.get(sheet=sheet, number=number)
            places = ", ".join(_where(w, sheet) for w in later)
            row.errors = [
                *row.errors,
                {
                    "column": self.label,
                    "code": f"duplicate_{self.field}",
                    "message": f"{self.label} sama dengan {places}.",
                },
            ]
            row.outcome = Outcome.ERROR
            row.save(update_fields=["errors", "outcome"])


def _where(place: tuple[str, int], from_sheet: str) -> str:
    sheet, number = place
    return f"baris {number}" if sheet == from_sheet else f"baris {number} lembar {sheet}"


def _store_new(batch: ImportBatch) -> Callable[[list[Draft]], None]:
    def store(chunk: list[Draft]) -> None:
        # One row per line of the file: written in bulk, like the registry rows, and in a
        # transaction: SQLite would otherwise commit (write the log) once per row.
        with transaction.atomic():
            insert_rows(
                ImportRow._meta.db_table,
                [
                    "batch_id",
                    "sheet",
                    "number",
                    "cells",
                    "values",
                    "outcome",
                    "errors",
                    "warnings",
                    "skip",
                ],  # fmt: skip
                [
                    (
                        batch.pk,
                        d.sheet,
                        d.number,
                        to_json(d.cells),
                        to_json(d.values),
                        _outcome(d),
                        to_json([e.as_json() for e in d.errors]) if d.errors else "[]",
                        to_json([w.as_json() for w in d.warnings]) if d.warnings else "[]",
                        d.skip,
                    )
                    for d in chunk
                ],
            )

    return store


def _outcome(d: Draft) -> str:
    if d.skip:
        return Outcome.SKIPPED
    return Outcome.ERROR if d.errors else d.outcome


def _counts(batch: ImportBatch) -> dict[str, int]:
    counts = {o: 0 for o in Outcome.values}
    for outcome, n in _outcome_counts(batch):
        counts[outcome] = n
    # Rows that hold people; rows that are not people are counted apart.
    counts["rows"] = sum(counts[o] for o in Outcome.values if o != Outcome.SKIPPED)
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
    # A commit of this scope whose worker died no longer blocks this one.
    leases.sweep(pemda=batch.pemda, scope=batch.scope)
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
        if not leases.start(
            batch.pk,
            ImportBatch.Status.COMMITTING,
            from_status=(ImportBatch.Status.PREVIEW, ImportBatch.Status.QUEUED),
        ):
            raise CommitRefused("Impor ini tidak dalam tahap pratinjau; periksa ulang berkasnya.")
    batch.refresh_from_db(fields=["heartbeat_at", "worker"])
    batch.options = {**batch.options, "valid_only": valid_only, "end_missing": end_missing}
    # A cancel pressed while the commit waited in the queue still counts.
    control.clear_progress(batch.pk)
    total = batch.rows.exclude(outcome__in=_NOT_WRITTEN).count()
    try:
        with transaction.atomic():
            planner = planner_for(batch)
            rows = batch.rows.exclude(outcome__in=_NOT_WRITTEN).order_by("id")
            # Planners read values only: the cells stay in the database.
            drafts = (
                Draft(number, [], from_json(values), checked=outcome, sheet=sheet, pk=pk)
                for pk, sheet, number, values, outcome in rows.values_list(
                    "pk", "sheet", "number", "values", "outcome"
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
            leases.hold(batch, ImportBatch.Status.COMMITTING)
        batch.status = ImportBatch.Status.COMMITTED
        batch.counts = {**_counts(batch), **planner.extra_counts()}
        batch.message = ""
    except Cancelled:
        batch.status = ImportBatch.Status.PREVIEW
        batch.message = "Penyimpanan dibatalkan; tidak ada data yang berubah."
    except _RowFailed as exc:
        batch.status = ImportBatch.Status.PREVIEW
        batch.message = f"Penyimpanan dibatalkan, tidak ada data yang berubah: baris {exc}"
    except leases.Fenced:
        batch.refresh_from_db()
        return summary(batch)  # settled as dead meanwhile: nothing written, its verdict stands
    except IntegrityError:
        # Another process changed the same data meanwhile (a new NIK, a deleted row): its
        # change stands, ours waits.
        log.warning("import batch %s: data changed meanwhile", batch.pk, exc_info=True)
        batch.status = ImportBatch.Status.PREVIEW
        batch.message = f"Penyimpanan dibatalkan, tidak ada data yang berubah: {DATA_CHANGED}"
    except Exception:
        log.exception("import batch %s: the commit failed", batch.pk)
        batch.status = ImportBatch.Status.PREVIEW
        batch.message = COMMIT_CRASHED
    batch.finished_at = timezone.now()
    if leases.finish(batch, ImportBatch.Status.COMMITTING, _COMMIT_END):
        control.clear(batch.pk)
    return summary(batch)


_NOT_WRITTEN = (Outcome.ERROR, Outcome.SKIPPED)


class _RowFailed(Exception):
    """A row that checked clean failed at commit (the data changed meanwhile)."""


def _store_outcomes(batch: ImportBatch, valid_only: bool) -> Callable[[list[Draft]], None]:
    def store(chunk: list[Draft]) -> None:
        failed = [d for d in chunk if d.errors]
        if failed and not valid_only:
            d = failed[0]
            raise _RowFailed(f"{_where((d.sheet, d.number), '')}: {d.errors[0].message}")
        # Rows keep the outcome the check stored unless the commit found another (the data
        # changed meanwhile); one UPDATE per new outcome: bulk_update's CASE statements are
        # far slower at this size.
        by_outcome: dict[str, list[int]] = {}
        for d in chunk:
            if d.errors:
                batch.rows.filter(pk=d.pk).update(
                    outcome=Outcome.ERROR, errors=[e.as_json() for e in d.errors]
                )
            elif d.outcome != d.checked:
                by_outcome.setdefault(d.outcome, []).append(d.pk)
        for outcome, pks in by_outcome.items():
            batch.rows.filter(pk__in=pks).update(outcome=outcome)

    return store


def summary(batch: ImportBatch) -> Summary:
    counts = batch.counts or {}
    errors = [
        {"sheet": r.sheet, "row": r.number, **e}
        for r in batch.rows.filter(outcome=Outcome.ERROR).order_by("id")[:1000]
        for e in r.errors
    ]
    warned = [
        {"sheet": r.sheet, "row": r.number, **w}
        for r in batch.rows.exclude(outcome__in=_NOT_WRITTEN)
        .exclude(warnings=[])
        .order_by("id")[:1000]
        for w in r.warnings
    ]
    labels = dict(ImportRow.Skip.choices)
    skipped = [
        {"sheet": sheet, "row": number, "code": code, "reason": str(labels.get(code, code))}
        for sheet, number, code in batch.rows.filter(outcome=Outcome.SKIPPED)
        .exclude(skip=ImportRow.Skip.BLANK)
        .order_by("id")
        .values_list("sheet", "number", "skip")[:1000]
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
        skipped=counts.get(Outcome.SKIPPED, 0),
        errors=errors,
        skipped_rows=skipped,
        row_warnings=warned,
        layout=batch.layout or {},
        status=batch.status,
        message=batch.message,
    )


def remember_mapping(batch: ImportBatch, chosen: dict[str, str]) -> None:
    """Keep a user's column corrections for the next files of this kind and scope."""
    for header, field_name in chosen.items():
        # "Ignore this column" holds for this file only: the next file may use the heading
        # for its real meaning.
        if field_name:
            ColumnMapping.objects.update_or_create(
                pemda=batch.pemda, kind=batch.kind, scope=_mapping_scope(batch), header=header,
                defaults={"field": field_name},
            )  # fmt: skip
    batch.mapping = {**batch.mapping, **chosen}
    batch.save(update_fields=["mapping"])
