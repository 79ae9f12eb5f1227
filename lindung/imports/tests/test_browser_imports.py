"""An Operator OPD imports a worker list in a real browser, with the job in the background.

Elsewhere in the tests jobs run inline (ImmediateBackend): the upload returns after the check
and the progress box never shows. Here TASKS points to django-tasks-db, as in production, so
each POST only queues its job; the test then works the queue off itself with django-tasks-db's
own worker loop, in a thread that uses the live server's database connections (with SQLite the
test database lives in memory and only those connections see it).

To watch the progress bar move without racing the job, the worker can be held just after it
has reported a given number of rows (see `held_at`), while the page polls the status.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import connections
from django.test import override_settings
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from lindung.accounts.models import Role
from lindung.accounts.services import user_upsert
from lindung.imports import control
from lindung.imports.models import ColumnMapping, ImportBatch, ImportRow
from lindung.imports.pipeline import CHUNK
from lindung.imports.tests.files import worker_rows, write_csv, xlsx
from lindung.registry.models import Engagement, Person
from lindung.tests.base import PASSWORD
from lindung.tests.browser import BrowserTestCase
from lindung.tests.factories import make_opd, make_pemda, make_valid_nik

DLH = "Dinas Lingkungan Hidup"
BACKGROUND_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A whole job, worked off in the test's worker thread (3000 rows take a few seconds).
JOB_TIMEOUT_S = 120
# The NIK under a heading the synonyms do not know, beside a recognised but empty 'No. KTP'.
ODD_NIK = "Nomor Kependudukan Pegawai"
HEADER = ["No.", "Nama Lengkap", "No. KTP", ODD_NIK, "Tgl Lahir", "L/P", "Gaji",
          "Jenis Tenaga", "SK Walikota"]  # fmt: skip
ROWS = 3000
BAD = 1234  # index of the row whose wage is words
BAD_WAGE = "dua juta"
# xlsx(): three title rows, the header on row 4, a blank row 5, data from row 6.
FIRST_DATA_ROW = 6


def import_rows(n: int) -> list[list[Any]]:
    """Rows under HEADER: 'No. KTP' left empty, the NIK in the unusual column."""
    return [[no, name, "", nik, born, sex, wage, kind, sk]
            for no, name, nik, born, sex, wage, kind, sk in worker_rows(n)]  # fmt: skip


# A unit's list as a Dinas prints and signs it: (name, NIK, place and date of birth, L/P,
# honor, TMT) per person.
UnitRow = tuple[str, str, str, str, int, str]
PHONE = {"width": 390, "height": 844}


def unit_workbook(path: Path, units: dict[str, list[UnitRow]]) -> Path:
    """One sheet per unit with title rows, a two-row header, column numbers, a section row,
    a totals row and a signature block; then a "Rekap" sheet that sums the units up."""
    wb = Workbook()
    wb.remove(wb.active)
    for unit, people in units.items():
        ws = wb.create_sheet(unit)
        ws.append(["DAFTAR TENAGA NON ASN TAHUN 2026"])
        ws.merge_cells("A1:G1")
        ws.append([f"DINAS LINGKUNGAN HIDUP KOTA PEKALONGAN - UNIT {unit.upper()}"])
        ws.merge_cells("A2:G2")
        ws.append([])
        # Rows 4-5: "Data Kependudukan" over NIK and TTL; the other headings merged down.
        ws.append(["No", "Nama Lengkap", "Data Kependudukan", None, "L/P", "HONOR/BULAN (Rp)",
                   "TMT"])  # fmt: skip
        ws.append([None, None, "NIK", "Tempat, Tanggal Lahir", None, None, None])
        ws.merge_cells("C4:D4")
        for col in "ABEFG":
            ws.merge_cells(f"{col}4:{col}5")
        ws.append([1, 2, 3, 4, 5, 6, 7])
        ws.append(["A. TENAGA ADMINISTRASI"])
        for no, (name, nik, ttl, sex, honor, tmt) in enumerate(people, start=1):
            ws.append([no, name, nik, ttl, sex, honor, tmt])
        ws.append(["JUMLAH", None, None, None, None, sum(p[4] for p in people)])
        ws.append([])
        ws.append([None, None, None, None, "Pekalongan, 5 November 2026"])
        ws.append([None, None, None, None, "Kepala Dinas Lingkungan Hidup"])
        ws.append([])
        ws.append([None, None, None, None, "Ir. SUGIYO, M.Si"])
        ws.append([None, None, None, None, "NIP. 19700101 199503 1 002"])
    rekap = wb.create_sheet("Rekap")
    rekap.append(["REKAPITULASI TENAGA NON ASN"])
    rekap.append(["Unit", "Jumlah Tenaga", "Total Honor"])
    for unit, people in units.items():
        rekap.append([unit, len(people), sum(p[4] for p in people)])
    wb.save(path)
    return path


@pytest.mark.browser
@override_settings(TASKS=BACKGROUND_TASKS)
class ImportBrowserTest(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pemda = make_pemda("3375", "Kota Pekalongan")
        self.dlh = make_opd(self.pemda, "DLH", name=DLH)
        self.dindik = make_opd(self.pemda, "DINDIK", name="Dinas Pendidikan")
        self.operator = user_upsert(
            username="operator-dlh",
            password=PASSWORD,
            pemda=self.pemda,
            role=Role.OPERATOR_OPD,
            opds=[self.dlh],
        )
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        # Uploads and the progress/cancel files of this test only: batch ids come back after
        # other tests' rollbacks, and their leftover progress files would show on this page.
        self.enterContext(override_settings(MEDIA_ROOT=self.tmp / "media"))

    # -- the background worker -----------------------------------------------------------------

    def work_off_queue(self) -> None:
        """Run every queued job to its end, as `lindung db_worker --batch` would."""
        with self.worker_thread():
            pass

    @contextmanager
    def worker_thread(self) -> Iterator[threading.Event]:
        """django-tasks-db's worker loop in a thread; the block's end waits for it to finish.

        Not `call_command("db_worker")`: the command installs signal handlers, which only the
        main thread may do, and the main thread must keep driving the browser meanwhile.
        """
        done = threading.Event()
        shared = self.server_thread.connections_override or {}
        failure: list[BaseException] = []

        def run() -> None:
            for alias, conn in shared.items():
                connections[alias] = conn  # the live server's in-memory SQLite
            try:
                Worker(
                    queue_names=[DEFAULT_TASK_QUEUE_NAME],
                    interval=0,
                    batch=True,
                    backend_name=DEFAULT_TASK_BACKEND_ALIAS,
                    startup_delay=False,
                    max_tasks=None,
                    worker_id="browser-test",
                    excluded_queue_names=[],
                ).run()
            except BaseException as exc:  # reported in the test thread
                failure.append(exc)
            finally:
                if not shared:
                    connections.close_all()
                done.set()

        thread = threading.Thread(target=run, name="db-worker", daemon=True)
        thread.start()
        try:
            yield done
        finally:
            thread.join(JOB_TIMEOUT_S)
        self.assertFalse(thread.is_alive(), "the worker did not finish its jobs in time")
        if failure:
            raise failure[0]
        failed = DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL)
        self.assertEqual(
            [(t.task_path, t.status, t.traceback) for t in failed], [], "a job did not succeed"
        )

    @contextmanager
    def held_at(self, stage: str, done: int) -> Iterator[None]:
        """Run the queue, holding the job once it has reported `done` rows of `stage`.

        The block runs while the worker is held; the worker goes on when the block ends and
        the block's end waits for the queue to be empty.
        """
        reached, release = threading.Event(), threading.Event()
        write_progress = control.write_progress

        def hold(batch_id: int, *, stage: str, done: int, total: int) -> None:
            write_progress(batch_id, stage=stage, done=done, total=total)
            if (stage, done) == wanted:
                reached.set()
                release.wait(JOB_TIMEOUT_S)

        wanted = (stage, done)
        with mock.patch.object(control, "write_progress", hold), self.worker_thread() as ended:
            try:
                for _ in range(JOB_TIMEOUT_S * 10):
                    if reached.wait(0.1) or ended.is_set():
                        break
                self.assertTrue(reached.is_set(), f"the job never reported {wanted}")
                yield
            finally:
                release.set()

    # -- page helpers ------------------------------------------------------------------------

    def batch_id(self) -> int:
        match = re.search(r"/impor/(\d+)/$", self.page.url)
        assert match, f"not on a batch page: {self.page.url}"
        return int(match[1])

    def status_json(self, batch_id: int) -> dict[str, Any]:
        response = self.page.request.get(f"/impor/{batch_id}/status.json")
        self.assertEqual(response.status, 200)
        return response.json()

    def expect_waiting(self, batch_id: int) -> None:
        """The job is queued: the page shows the progress box and keeps polling."""
        page = self.page
        expect(page.locator("#batch-status")).to_have_text("Menunggu")
        expect(page.locator("#progress")).to_be_visible()
        expect(page.get_by_label("Kemajuan")).to_be_visible()
        expect(page.get_by_role("button", name="Batalkan")).to_be_visible()
        status = self.status_json(batch_id)
        self.assertEqual((status["status"], status["running"]), ("queued", True))

    def open_imports(self) -> None:
        self.menu_link("Impor data").click()
        expect(self.page.get_by_role("heading", level=1, name="Impor data")).to_be_visible()

    def upload(self, path: Path) -> int:
        page = self.page
        self.open_imports()
        page.get_by_label("Daftar pekerja OPD").check()
        opd = page.get_by_label("OPD", exact=True)
        # Only the operator's own OPD is offered.
        expect(opd.locator("option")).to_have_text([DLH])
        opd.select_option(label=DLH)
        page.get_by_label("Berkas").set_input_files(path)
        page.get_by_role("button", name="Unggah dan periksa").click()
        expect(page.get_by_role("heading", level=1, name=path.name)).to_be_visible()
        return self.batch_id()

    # -- the tests ---------------------------------------------------------------------------

    def test_operator_maps_an_unknown_nik_column_watches_progress_and_saves_valid_rows(
        self,
    ) -> None:
        page = self.page
        rows = import_rows(ROWS)
        rows[BAD][6] = BAD_WAGE
        bad_row, bad_nik = FIRST_DATA_ROW + BAD, rows[BAD][3]
        good_niks = [r[3] for i, r in enumerate(rows) if i != BAD]
        path = xlsx(self.tmp / "pekerja-dlh-2026.xlsx", rows, header=HEADER)

        self.login(self.operator.username)
        batch_id = self.upload(path)

        # Queued, not checked: the POST came back at once and the page waits for the worker.
        self.expect_waiting(batch_id)
        expect(page.locator("#progress-text")).to_have_text("Menunggu giliran…")  # polled
        self.assertEqual(
            self.status_json(batch_id),
            {"status": "queued", "status_label": "Menunggu", "running": True, "stage": "",
             "done": 0, "total": 0, "message": ""},
        )  # fmt: skip
        self.assertFalse(ImportRow.objects.filter(batch_id=batch_id).exists())

        # The worker checks the file; the page reloads itself when it is done. 'No. KTP' is
        # taken for the NIK column, and it is empty: every row is wrong.
        self.work_off_queue()
        expect(page.locator("#batch-status")).to_have_text("Pratinjau")
        expect(page.locator("#progress")).to_have_count(0)
        expect(page.get_by_role("heading", level=2, name="Pratinjau")).to_be_visible()
        expect(page.locator("#count-created")).to_have_text("0")
        expect(page.locator("#count-error")).to_have_text(str(ROWS))
        errors = page.locator("#row-errors tbody tr")
        expect(errors.first.locator("td")).to_have_text(
            [str(FIRST_DATA_ROW), "No. KTP", "NIK wajib diisi."]
        )

        # The column mapping is open because of the errors; point NIK at the right column.
        mapping = page.locator("details#mapping")
        expect(mapping).to_have_attribute("open", "")
        expect(mapping.locator("summary")).to_contain_text("Pemetaan kolom")
        expect(page.locator("#sheets")).to_contain_text("Daftar")  # the sheet read, header row 4
        expect(page.locator("#sheets tbody td").nth(1)).to_have_text("4")
        expect(mapping.get_by_label("No. KTP", exact=True)).to_have_value("nik")
        expect(mapping.get_by_label(ODD_NIK, exact=True)).to_have_value("")
        mapping.get_by_label(ODD_NIK, exact=True).select_option(label="NIK")
        mapping.get_by_label("No. KTP", exact=True).select_option(label="— abaikan kolom ini —")
        mapping.get_by_role("button", name="Terapkan pemetaan dan periksa ulang").click()

        expect(page.get_by_role("status")).to_contain_text(
            "Pemetaan kolom disimpan dan diingat untuk berkas berikutnya."
        )
        self.expect_waiting(batch_id)
        self.assertTrue(
            ColumnMapping.objects.filter(
                pemda=self.pemda, kind="workers", header="nomor kependudukan pegawai", field="nik"
            ).exists()
        )

        # Watch the check: held after its first chunk, the page shows how far it got.
        with self.held_at("check", CHUNK):
            expect(page.locator("#progress-text")).to_have_text(f"Memeriksa: {CHUNK} baris")
            # A check does not know the row count ahead: the bar is indeterminate.
            self.assertIsNone(page.locator("#progress-bar").get_attribute("value"))
            status = self.status_json(batch_id)
            self.assertEqual(
                (status["status"], status["running"], status["stage"], status["done"]),
                ("checking", True, "check", CHUNK),
            )

        # Reloaded by itself: one row wrong, the rest new.
        expect(page.locator("#batch-status")).to_have_text("Pratinjau")
        expect(page.locator("#count-created")).to_have_text(str(ROWS - 1))
        expect(page.locator("#count-updated")).to_have_text("0")
        expect(page.locator("#count-error")).to_have_text("1")
        expect(page.locator("#count-end")).to_have_text("0")
        expect(errors).to_have_count(1)
        expect(errors.locator("td")).to_have_text(
            [str(bad_row), "Gaji", re.compile(rf"^Nilai uang tidak dikenali: '{BAD_WAGE}'")]
        )
        expect(page.locator("#commit-form")).to_contain_text("1 baris galat tidak akan disimpan.")
        self.assertFalse(Person.objects.filter(nik__in=good_niks).exists())

        # The error report: the row as typed, its number in the sheet and the reason.
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Unduh laporan galat (XLSX)").click()
        download = download_info.value
        self.assertIsNone(download.failure())
        self.assertEqual(download.suggested_filename, f"galat-impor-{batch_id}.xlsx")
        sheet = load_workbook(BytesIO(download.path().read_bytes()), read_only=True).active
        header, *lines = list(sheet.iter_rows(values_only=True))
        self.assertEqual(list(header), ["Baris", *HEADER, "Alasan"])
        self.assertEqual(len(lines), 1)
        line = dict(zip(header, lines[0], strict=True))
        self.assertEqual(
            (line["Baris"], line[ODD_NIK], line["Nama Lengkap"], line["Gaji"]),
            (bad_row, bad_nik, rows[BAD][1], BAD_WAGE),
        )
        self.assertRegex(line["Alasan"], rf"^Gaji: Nilai uang tidak dikenali: '{BAD_WAGE}'")

        # Save the valid rows; watch the save half way, then the result.
        commit = page.locator("#commit-form")
        commit.get_by_label("Simpan baris yang valid saja").check()
        commit.get_by_role("button", name="Simpan", exact=True).click()
        self.expect_waiting(batch_id)
        with self.held_at("commit", CHUNK):
            expect(page.locator("#progress-text")).to_have_text(f"Menyimpan: {CHUNK} baris")
            bar = page.locator("#progress-bar")
            expect(bar).to_have_js_property("value", CHUNK)
            expect(bar).to_have_js_property("max", ROWS - 1)

        expect(page.locator("#batch-status")).to_have_text("Tersimpan")
        expect(page.get_by_role("heading", level=2, name="Hasil")).to_be_visible()
        expect(page.locator("#count-created")).to_have_text(str(ROWS - 1))
        expect(page.locator("#count-error")).to_have_text("1")
        expect(page.locator("#commit-form")).to_have_count(0)
        expect(page.locator("details#mapping")).to_have_count(0)

        # The registry holds the new people, all in DLH; the bad row is not there.
        self.assertEqual(Person.objects.filter(nik__in=good_niks).count(), ROWS - 1)
        self.assertFalse(Person.objects.filter(nik=bad_nik).exists())
        self.assertEqual(
            Engagement.objects.filter(person__nik__in=good_niks, opd=self.dlh).count(), ROWS - 1
        )
        self.assertEqual(ImportBatch.objects.get(pk=batch_id).status, "committed")

        # The list of imports shows it saved.
        self.open_imports()
        listed = page.locator("#batches tbody tr").filter(has_text=path.name)
        expect(listed).to_have_count(1)
        expect(listed).to_contain_text("Tersimpan")

    def test_cancelling_a_queued_save_writes_nothing(self) -> None:
        page = self.page
        rows = worker_rows(3)
        niks = [r[2] for r in rows]
        self.login(self.operator.username)
        batch_id = self.upload(write_csv(self.tmp / "dlh.csv", rows))
        self.work_off_queue()
        expect(page.locator("#batch-status")).to_have_text("Pratinjau")
        expect(page.locator("#count-created")).to_have_text("3")

        # Save, but no worker takes the job: it waits in the queue, and the user cancels it.
        page.get_by_role("button", name="Simpan", exact=True).click()
        self.expect_waiting(batch_id)
        page.get_by_role("button", name="Batalkan").click()

        expect(page.locator("#batch-status")).to_have_text("Dibatalkan")
        expect(page.get_by_role("status")).to_contain_text(
            "Pembatalan diminta; tidak ada data yang berubah."
        )
        expect(page.locator("#batch-message")).to_have_text("Dibatalkan oleh pengguna.")
        expect(page.locator("#progress")).to_have_count(0)
        expect(page.locator("#commit-form")).to_have_count(0)
        self.assertEqual(self.status_json(batch_id)["running"], False)
        self.assertFalse(Person.objects.filter(nik__in=niks).exists())
        self.assertEqual(ImportBatch.objects.get(pk=batch_id).status, "cancelled")

        # The job still sits in the queue; when a worker comes, it must not save anything.
        self.work_off_queue()
        self.assertFalse(Person.objects.filter(nik__in=niks).exists())
        self.assertFalse(Engagement.objects.filter(opd=self.dlh).exists())

    # -- cancel, progress and messages at the edges of a job ------------------------------------

    def test_a_queued_check_cancelled_stays_cancelled_when_the_worker_comes(self) -> None:
        page = self.page
        self.login(self.operator.username)
        batch_id = self.upload(write_csv(self.tmp / "dlh.csv", worker_rows(3)))
        page.get_by_role("button", name="Batalkan").click()
        expect(page.locator("#batch-status")).to_have_text("Dibatalkan")
        self.work_off_queue()
        batch = ImportBatch.objects.get(pk=batch_id)
        self.assertEqual((batch.status, batch.rows.count()), ("cancelled", 0))

    def test_a_queued_save_cancelled_leaves_no_refusal_and_no_pending_cancel(self) -> None:
        page = self.page
        self.login(self.operator.username)
        batch_id = self.upload(write_csv(self.tmp / "dlh.csv", worker_rows(3)))
        self.work_off_queue()
        page.get_by_role("button", name="Simpan", exact=True).click()
        page.get_by_role("button", name="Batalkan").click()
        expect(page.locator("#batch-status")).to_have_text("Dibatalkan")
        self.work_off_queue()
        batch = ImportBatch.objects.get(pk=batch_id)
        self.assertNotIn("tidak dalam tahap pratinjau", batch.message)
        # A pending request would cancel the next save the moment it starts.
        self.assertFalse(control.cancel_requested(batch_id))

    def test_a_queued_save_shows_no_progress_of_the_check_before_it(self) -> None:
        page = self.page
        self.login(self.operator.username)
        batch_id = self.upload(write_csv(self.tmp / "dlh.csv", worker_rows(3)))
        self.work_off_queue()
        page.get_by_role("button", name="Simpan", exact=True).click()
        self.expect_waiting(batch_id)
        status = self.status_json(batch_id)
        self.assertEqual((status["stage"], status["done"]), ("", 0))

    def test_a_successful_recheck_drops_the_failure_message(self) -> None:
        page = self.page
        # A correction remembered from an earlier file: 'No. KTP' is not the NIK column.
        ColumnMapping.objects.create(pemda=self.pemda, kind="workers", header="no ktp", field="")
        self.login(self.operator.username)
        self.upload(write_csv(self.tmp / "dlh.csv", worker_rows(3)))
        self.work_off_queue()
        expect(page.locator("#batch-status")).to_have_text("Gagal")
        # One question instead of a failure per row: which column holds the NIK.
        expect(page.locator("#batch-message")).to_contain_text("pilih kolom itu pada pemetaan")
        mapping = page.locator("details#mapping")
        mapping.get_by_label("No. KTP", exact=True).select_option(label="NIK")
        mapping.get_by_role("button", name="Terapkan pemetaan dan periksa ulang").click()
        self.work_off_queue()
        expect(page.locator("#batch-status")).to_have_text("Pratinjau")
        expect(page.locator("#count-created")).to_have_text("3")
        self.assertEqual(page.locator("#batch-message").count(), 0)  # the page has loaded

    # -- a real Pemda workbook -------------------------------------------------------------------

    def test_a_printed_unit_workbook_is_read_sheet_by_sheet_and_fits_a_phone(self) -> None:
        page = self.page
        units: dict[str, list[UnitRow]] = {
            "Satpam": [
                ("Budi Santoso", make_valid_nik(), "Pekalongan, 05-07-1990", "L", 2_100_000,
                 "02/01/2024"),
                ("Agus Salim", make_valid_nik(), "Batang, 05-07-1990", "L", 2_150_000,
                 "01/07/2025"),
            ],
            "Kebersihan": [
                ("Dewi Lestari", make_valid_nik(sex="P"), "Pekalongan, 05-07-1990", "P",
                 1_900_000, "01/03/2023"),
            ],
        }  # fmt: skip
        people = {p[1]: p for rows in units.values() for p in rows}
        path = unit_workbook(self.tmp / "tenaga-non-asn-dlh-2026.xlsx", units)

        self.login(self.operator.username)
        batch_id = self.upload(path)
        self.work_off_queue()
        expect(page.locator("#batch-status")).to_have_text("Pratinjau")

        # Both unit sheets are read under their two-row header; the summary sheet is not.
        sheets = page.locator("#sheets tbody tr")
        expect(sheets).to_have_count(2)
        expect(sheets.nth(0).locator("td")).to_have_text(["Satpam", "4–5 (dua baris)", "11"])
        expect(sheets.nth(1).locator("td")).to_have_text(["Kebersihan", "4–5 (dua baris)", "10"])
        expect(page.locator("#skipped-sheets li")).to_have_text(
            ["Rekap: Tidak ada tabel dengan kolom NIK."]
        )

        # Three people, nothing wrong; the rows that are not people are counted apart.
        expect(page.locator("#count-created")).to_have_text("3")
        expect(page.locator("#count-error")).to_have_text("0")
        expect(page.locator("#row-errors")).to_have_count(0)
        expect(page.locator("#count-skipped")).to_have_text("14")

        # The mapping (closed: no errors) says what each heading holds and how sure it is.
        mapping = page.locator("details#mapping")
        expect(mapping).not_to_have_attribute("open", "")
        mapping.locator("summary").click()
        for heading, field in [("NIK", "nik"), ("Nama Lengkap", "name"),
                               ("Tempat, Tanggal Lahir", "birth_date"),
                               ("HONOR/BULAN (Rp)", "monthly_wage")]:  # fmt: skip
            with self.subTest(heading=heading):
                expect(mapping.get_by_label(heading, exact=True)).to_have_value(field)
                row = mapping.locator("tbody tr").filter(
                    has=page.get_by_role("rowheader", name=heading, exact=True)
                )
                expect(row.locator("td.confidence")).to_have_text(
                    re.compile(r"^(9[5-9]|100)% · judul dikenal$")
                )

        # The rows passed over, sheet by sheet, each with its reason.
        skipped = page.locator("details#skipped-rows")
        expect(skipped.locator("summary")).to_contain_text(
            "14 baris dilewati karena bukan data orang"
        )
        skipped.locator("summary").click()
        lines = skipped.locator("tbody tr")
        expect(lines).to_have_count(14)
        seen = lines.evaluate_all(
            "rows => rows.map(r => [...r.cells].slice(0, 3).map(c => c.textContent.trim()))"
        )
        expected = []
        for sheet, totals in [("Satpam", 10), ("Kebersihan", 9)]:
            expected += [
                [sheet, "6", "Baris nomor kolom"],
                [sheet, "7", "Judul bagian"],
                [sheet, str(totals), "Baris jumlah"],
                *([sheet, str(n), "Blok tanda tangan"] for n in (totals + 2, totals + 3,
                                                                   totals + 5, totals + 6)),
            ]  # fmt: skip
        self.assertEqual(seen, expected)
        expect(lines.filter(has_text="A. TENAGA ADMINISTRASI")).to_have_count(2)
        expect(lines.filter(has_text="JUMLAH")).to_have_count(2)
        expect(lines.filter(has_text="NIP. 19700101 199503 1 002")).to_have_count(2)

        # At phone width, with everything open, only the tables may scroll: never the page.
        page.set_viewport_size(PHONE)
        expect(page.get_by_role("heading", level=1, name=path.name)).to_be_visible()
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        self.assertLessEqual(widths[0], widths[1], "the preview scrolls sideways on a phone")

        # Save: the three people are in DLH, with what the two-row header said about them.
        page.locator("#commit-form").get_by_role("button", name="Simpan", exact=True).click()
        self.expect_waiting(batch_id)
        self.work_off_queue()
        expect(page.locator("#batch-status")).to_have_text("Tersimpan")
        expect(page.locator("#count-created")).to_have_text("3")
        self.assertEqual(
            {
                (e.person.nik, e.person.name, e.person.birth_date, e.monthly_wage)
                for e in Engagement.objects.filter(opd=self.dlh).select_related("person")
            },
            {(nik, p[0], date(1990, 7, 5), p[4]) for nik, p in people.items()},
        )
        self.assertEqual(Person.objects.count(), 3)  # the Rekap sheet made nobody
