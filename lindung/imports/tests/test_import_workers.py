"""OPD worker lists through the CLI and the pipeline: real files, every outcome, bad input."""

from __future__ import annotations

import json
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.management import call_command
from django.test import override_settings

from lindung.imports import pipeline
from lindung.imports.models import ImportBatch, ImportRow
from lindung.imports.tests.files import HEADER, worker_rows, write_csv, xlsx
from lindung.registry.models import Engagement, Opd, Person
from lindung.tests.base import BaseTestCase


class ImportCase(BaseTestCase):
    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp())

    def run_import(
        self, path: Path, *args: str, kind: str = "workers"
    ) -> tuple[int, dict[str, Any]]:
        out = StringIO()
        try:
            call_command("import", kind, str(path), "--pemda", "3375", "--json", *args, stdout=out)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        return code, json.loads(out.getvalue())


class WorkerListTest(ImportCase):
    def test_a_messy_workbook_is_read_below_its_title_rows(self) -> None:
        rows = worker_rows(3)
        path = xlsx(self.tmp / "dlh.xlsx", rows, second_sheet=True, hidden_column=True)
        code, out = self.run_import(path, "--opd", "DLH")
        self.assertEqual(
            (code, out["status"], out["created"], out["errors"]), (0, "committed", 3, [])
        )
        person = Person.objects.get(nik=rows[0][2])
        self.assertEqual(person.engagements.get().monthly_wage, 2_500_000)
        batch = ImportBatch.objects.get(pk=out["batch"])
        [sheet] = batch.layout["sheets"]
        self.assertEqual((sheet["name"], sheet["header_row"]), ("Daftar", 4))
        self.assertEqual(batch.layout["skipped_sheets"][0]["name"], "Rekap")

    def test_reimporting_the_same_file_changes_nothing(self) -> None:
        path = write_csv(self.tmp / "dlh.csv", worker_rows(3))
        self.run_import(path, "--opd", "DLH")
        history = Engagement.history.count()
        code, out = self.run_import(path, "--opd", "DLH")
        self.assertEqual((code, out["created"], out["updated"], out["unchanged"]), (0, 0, 0, 3))
        self.assertEqual(Engagement.history.count(), history)

    def test_a_changed_wage_is_updated_with_history(self) -> None:
        rows = worker_rows(2)
        self.run_import(write_csv(self.tmp / "a.csv", rows), "--opd", "DLH")
        rows[0][5] = "Rp 3.000.000"
        code, out = self.run_import(write_csv(self.tmp / "b.csv", rows), "--opd", "DLH")
        self.assertEqual((out["updated"], out["unchanged"]), (1, 1))
        eng = Engagement.objects.get(person__nik=rows[0][2])
        self.assertEqual(eng.monthly_wage, 3_000_000)
        self.assertIn("Impor b.csv", eng.history.latest().history_change_reason)

    def test_the_commit_stores_what_it_did_when_the_registry_changed_since_the_check(self) -> None:
        rows = worker_rows(3)
        path = write_csv(self.tmp / "a.csv", rows)
        batch = pipeline.create_batch(
            pemda=self.pemda, kind="workers", source=path, original_name="a.csv",
            options={"opd_id": self.opd.pk},
        )  # fmt: skip
        checked = pipeline.check(batch)
        self.assertEqual((checked.created, checked.updated, checked.unchanged), (3, 0, 0))
        stored = batch.rows.get(number=2)
        self.assertEqual(stored.values["birth_date"], "1990-07-05")  # dates as ISO text
        self.assertEqual((stored.values["monthly_wage"], stored.errors), (2_500_000, []))
        # Meanwhile another list brings the first worker as is and the second with a
        # different wage.
        other = [list(rows[0]), list(rows[1])]
        other[1][5] = 3_000_000
        self.run_import(write_csv(self.tmp / "b.csv", other), "--opd", "DLH")
        done = pipeline.commit(batch)
        self.assertEqual((done.created, done.updated, done.unchanged), (1, 1, 1))
        outcomes = dict(batch.rows.values_list("number", "outcome"))
        self.assertEqual(outcomes, {2: "unchanged", 3: "updated", 4: "created"})
        wage = Engagement.objects.get(person__nik=rows[1][2]).monthly_wage
        self.assertEqual(wage, 2_500_000)  # the later list wins

    def test_workers_missing_from_the_list_are_only_proposed_for_ending(self) -> None:
        path = write_csv(self.tmp / "dlh.csv", worker_rows(1))
        code, out = self.run_import(path, "--opd", "DLH", "--dry-run", "--end-missing")
        self.assertEqual(out["ended"], 1)  # Siti Aminah, on the registry but not in the file
        self.run_import(path, "--opd", "DLH")
        self.worker.refresh_from_db()
        self.assertIsNone(self.worker.end_date)
        code, out = self.run_import(path, "--opd", "DLH", "--end-missing")
        self.worker.refresh_from_db()
        self.assertIsNotNone(self.worker.end_date)
        self.assertEqual(out["ended"], 1)

    def test_one_bad_row_writes_nothing_unless_valid_only_is_chosen(self) -> None:
        rows = worker_rows(3)
        rows[1][2] = "3.37501E+15"
        path = write_csv(self.tmp / "dlh.csv", rows, delimiter=";")
        before = Person.objects.count()
        code, out = self.run_import(path, "--opd", "DLH")
        self.assertEqual(code, 1)
        self.assertEqual(out["errors"][0]["row"], 3)  # header is row 1
        self.assertEqual(out["errors"][0]["code"], "nik_scientific")
        self.assertIn("Teks", out["errors"][0]["message"])
        self.assertEqual(Person.objects.count(), before)
        code, out = self.run_import(path, "--opd", "DLH", "--valid-only")
        self.assertEqual((code, out["created"]), (1, 2))
        self.assertEqual(Person.objects.count(), before + 2)

    def test_dry_run_writes_nothing(self) -> None:
        rows = worker_rows(3)
        path = write_csv(self.tmp / "dlh.csv", rows)
        code, out = self.run_import(path, "--opd", "DLH", "--dry-run")
        self.assertEqual((code, out["created"]), (0, 3))
        self.assertFalse(Person.objects.filter(nik__in=[r[2] for r in rows]).exists())
        self.assertEqual(Engagement.objects.filter(opd=self.opd).count(), 1)

    def test_a_duplicate_nik_reports_both_rows(self) -> None:
        rows = worker_rows(3)
        rows[2][2] = rows[0][2]
        code, out = self.run_import(write_csv(self.tmp / "d.csv", rows), "--opd", "DLH")
        self.assertEqual(code, 1)
        self.assertEqual(sorted(e["row"] for e in out["errors"]), [2, 4])
        self.assertTrue(all(e["code"] == "duplicate_nik" for e in out["errors"]))

    def test_multi_opd_file_matches_opds_by_code_or_name(self) -> None:
        header = [*HEADER, "Unit Kerja"]
        rows = [
            r + [opd]
            for r, opd in zip(
                worker_rows(3), ["DLH", "Dinas Pendidikan", "Dinas Baru"], strict=True
            )
        ]
        path = write_csv(self.tmp / "kota.csv", rows, header=header)
        code, out = self.run_import(path)
        self.assertEqual(code, 1)
        self.assertEqual([e["code"] for e in out["errors"]], ["opd_unknown"])
        code, out = self.run_import(path, "--create-missing-opds")
        self.assertEqual((code, out["created"]), (0, 3))
        self.assertTrue(Opd.objects.filter(pemda=self.pemda, name="Dinas Baru").exists())

    def test_a_worker_active_in_another_opd_is_a_row_error(self) -> None:
        rows = worker_rows(1)
        rows[0][2] = self.other_worker.person.nik
        code, out = self.run_import(write_csv(self.tmp / "x.csv", rows), "--opd", "DLH")
        self.assertEqual(out["errors"][0]["code"], "active_elsewhere")

    def test_bom_and_windows_1252_csv(self) -> None:
        rows = worker_rows(1)
        rows[0][1] = "Ma’ruf Amin"
        for encoding in ("utf-8-sig", "cp1252"):
            with self.subTest(encoding=encoding):
                path = write_csv(
                    self.tmp / f"{encoding}.csv", rows, delimiter=";", encoding=encoding
                )
                code, out = self.run_import(path, "--opd", "DLH", "--dry-run")
                self.assertEqual((code, out["errors"]), (0, []))
                batch = ImportBatch.objects.get(pk=out["batch"])
                self.assertEqual(batch.rows.get().values["name"], "Ma’ruf Amin")


class BadFileTest(ImportCase):
    def check_refused(self, path: Path, words: str) -> None:
        before = (Person.objects.count(), Engagement.objects.count())
        code, out = self.run_import(path, "--opd", "DLH")
        self.assertEqual(code, 2)
        self.assertEqual(out["status"], "failed")
        self.assertIn(words, out["message"])
        self.assertEqual((Person.objects.count(), Engagement.objects.count()), before)
        self.assertFalse(ImportRow.objects.filter(batch_id=out["batch"]).exists())

    def test_corrupt_workbook(self) -> None:
        path = self.tmp / "rusak.xlsx"
        path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 100)
        self.check_refused(path, "tidak dapat dibaca")

    def test_password_protected_workbook(self) -> None:
        path = self.tmp / "rahasia.xlsx"
        # Encrypted .xlsx files are OLE2 containers, not ZIP.
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000)
        self.check_refused(path, "kata sandi")

    def test_not_a_spreadsheet(self) -> None:
        path = self.tmp / "foto.xlsx"
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x01" * 500)
        self.check_refused(path, "bukan")

    def test_empty_sheet(self) -> None:
        self.check_refused(xlsx(self.tmp / "kosong.xlsx", [], title=False), "tidak berisi data")

    def test_no_nik_column(self) -> None:
        header = ["No.", "Nama", "Gaji"]
        path = write_csv(self.tmp / "tanpa-nik.csv", [[1, "Budi", 2000000]], header=header)
        self.check_refused(path, "kolom NIK")

    @override_settings(IMPORT_MAX_BYTES=10_000)
    def test_a_file_over_the_size_limit(self) -> None:
        self.check_refused(write_csv(self.tmp / "besar.csv", worker_rows(300)), "terlalu besar")

    def test_the_uploaded_file_is_kept(self) -> None:
        path = write_csv(self.tmp / "simpan.csv", worker_rows(1))
        code, out = self.run_import(path, "--opd", "DLH", "--dry-run")
        batch = ImportBatch.objects.get(pk=out["batch"])
        self.assertEqual(Path(batch.file.path).read_bytes(), path.read_bytes())
        self.assertEqual(batch.original_name, "simpan.csv")


class CliProgressTest(ImportCase):
    def test_progress_goes_to_stderr_and_json_stays_one_object(self) -> None:
        path = write_csv(self.tmp / "dlh.csv", worker_rows(3))
        out, err = StringIO(), StringIO()
        call_command(
            "import", "workers", str(path), "--pemda", "3375", "--opd", "DLH", "--json",
            stdout=out, stderr=err,
        )  # fmt: skip
        self.assertEqual(json.loads(out.getvalue())["created"], 3)
        self.assertIn("memeriksa: 3 baris", err.getvalue())
        self.assertIn("menyimpan: 3 dari 3 baris", err.getvalue())


class CommitFailureTest(ImportCase):
    def test_a_commit_that_fails_unexpectedly_exits_2_with_the_reason_on_stderr(self) -> None:
        rows = worker_rows(2)
        path = write_csv(self.tmp / "dlh.csv", rows)

        def broken(batch: Any, valid_only: bool) -> Any:
            def store(chunk: Any) -> None:
                raise RuntimeError("disk penuh")

            return store

        for args in (("--json",), ()):
            with self.subTest(args=args):
                out, err = StringIO(), StringIO()
                with (
                    mock.patch.object(pipeline, "_store_outcomes", broken),
                    self.assertRaises(SystemExit) as exit_,
                    self.assertLogs("lindung.imports.pipeline", "ERROR"),
                ):
                    call_command(
                        "import", "workers", str(path), "--pemda", "3375", "--opd", "DLH",
                        *args, stdout=out, stderr=err,
                    )  # fmt: skip
                self.assertEqual(exit_.exception.code, 2)
                self.assertIn(pipeline.COMMIT_CRASHED, err.getvalue())
                if args:
                    self.assertEqual(json.loads(out.getvalue())["status"], "preview")
                self.assertFalse(Person.objects.filter(nik=rows[0][2]).exists())
