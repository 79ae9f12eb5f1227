"""The upload page end to end (jobs run inline in tests), mapping, commit, downloads, access."""

from __future__ import annotations

import tempfile
from io import BytesIO
from pathlib import Path

from django.test import override_settings
from openpyxl import load_workbook

from lindung.imports import control, pipeline
from lindung.imports.models import ColumnMapping, ImportBatch
from lindung.imports.reports import EXAMPLE_SHEET, TEMPLATES
from lindung.imports.tests.files import fill_template, worker_rows, write_csv
from lindung.registry.models import Engagement, Person
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_valid_nik


class UploadFlowTest(BaseTestCase):
    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp())

    def upload(self, path: Path, user: object = None, **extra: object) -> ImportBatch:
        self.client.force_login(user or self.operator)  # type: ignore[arg-type]
        with path.open("rb") as handle:
            response = self.client.post(
                "/impor/", {"kind": "workers", "file": handle, "opd": self.opd.pk, **extra}
            )
        self.assertEqual(
            response.status_code,
            302,
            getattr(response, "context", None) and response.context["form"].errors,
        )
        return ImportBatch.objects.latest("pk")

    def test_upload_preview_commit(self) -> None:
        rows = worker_rows(2)
        batch = self.upload(write_csv(self.tmp / "dlh.csv", rows))
        page = self.client.get(f"/impor/{batch.pk}/")
        self.assertContains(page, "Pratinjau")
        self.assertEqual(page.context["batch"].counts["created"], 2)
        self.assertFalse(Person.objects.filter(nik=rows[0][2]).exists())
        status = self.client.get(f"/impor/{batch.pk}/status.json").json()
        self.assertEqual((status["status"], status["running"]), ("preview", False))
        response = self.client.post(f"/impor/{batch.pk}/simpan/", {})
        self.assertRedirects(response, f"/impor/{batch.pk}/")
        batch.refresh_from_db()
        self.assertEqual(batch.status, "committed")
        self.assertTrue(Person.objects.filter(nik=rows[0][2]).exists())

    def test_rows_with_errors_block_the_commit_until_valid_only_is_ticked(self) -> None:
        rows = worker_rows(2)
        rows[0][2] = "12345"
        batch = self.upload(write_csv(self.tmp / "dlh.csv", rows))
        self.client.post(f"/impor/{batch.pk}/simpan/", {})
        batch.refresh_from_db()
        self.assertEqual(batch.status, "preview")
        self.assertFalse(Person.objects.filter(nik=rows[1][2]).exists())
        report = self.client.get(f"/impor/{batch.pk}/galat.xlsx")
        sheet = load_workbook(BytesIO(report.content)).active
        lines = list(sheet.iter_rows(values_only=True))
        self.assertEqual(lines[0][0], "Baris")
        self.assertEqual(lines[0][-1], "Alasan")
        self.assertEqual(lines[1][0], 2)
        self.assertEqual(lines[1][3], "12345")  # the cell as typed
        self.assertIn("16 digit", lines[1][-1])
        self.client.post(f"/impor/{batch.pk}/simpan/", {"valid_only": "on"})
        batch.refresh_from_db()
        self.assertEqual(batch.status, "committed")
        self.assertTrue(Person.objects.filter(nik=rows[1][2]).exists())

    def test_a_corrected_mapping_is_remembered_for_the_pemda(self) -> None:
        header = ["Nomor Kependudukan Pegawai", "Nama", "Gaji"]
        rows = [[r[2], r[1], r[5]] for r in worker_rows(2)]
        batch = self.upload(write_csv(self.tmp / "aneh.csv", rows, header=header))
        self.assertEqual(batch.status, "failed")
        self.assertIn("kolom NIK", batch.message)
        # One question instead of a failure row by row: the header without a NIK column is
        # offered for mapping, and the answer makes the file readable.
        columns = {c["header"]: f"col_{c['index']}" for c in batch.layout["columns"]}
        self.assertEqual(set(columns), set(header))
        self.client.post(
            f"/impor/{batch.pk}/pemetaan/",
            {columns["Nomor Kependudukan Pegawai"]: "nik", columns["Nama"]: "name",
             columns["Gaji"]: "monthly_wage"},
        )  # fmt: skip
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.counts["created"]), ("preview", 2))
        # A file whose NIK column sits under an unknown name next to a recognised but empty
        # 'No. KTP' column: mapped by hand, and remembered.
        ColumnMapping.objects.all().delete()
        header = ["No. KTP", "Nomor Kependudukan Pegawai", "Nama", "Gaji"]
        rows = [["", r[0], r[1], r[2]] for r in rows]
        batch = self.upload(write_csv(self.tmp / "aneh2.csv", rows, header=header))
        self.assertEqual(batch.counts["error"], 2)
        columns = {c["header"]: f"col_{c['index']}" for c in batch.layout["columns"]}
        self.client.post(
            f"/impor/{batch.pk}/pemetaan/",
            {columns["No. KTP"]: "", columns["Nomor Kependudukan Pegawai"]: "nik",
             columns["Nama"]: "name", columns["Gaji"]: "monthly_wage"},
        )  # fmt: skip
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.counts["created"]), ("preview", 2))
        self.assertTrue(
            ColumnMapping.objects.filter(
                pemda=self.pemda, header="nomor kependudukan pegawai", field="nik"
            ).exists()
        )
        again = self.upload(write_csv(self.tmp / "aneh3.csv", rows, header=header))
        self.assertEqual(again.counts["created"], 2)  # remembered: no correction needed

    def test_a_second_commit_of_the_same_opd_is_refused_while_one_runs(self) -> None:
        first = self.upload(write_csv(self.tmp / "a.csv", worker_rows(1)))
        second = self.upload(write_csv(self.tmp / "b.csv", worker_rows(1)))
        ImportBatch.objects.filter(pk=first.pk).update(status="committing")
        with self.assertRaises(pipeline.CommitRefused) as ctx:
            pipeline.commit(second)
        self.assertIn("sedang disimpan", str(ctx.exception))

    def test_cancel_rolls_back_a_commit(self) -> None:
        rows = worker_rows(3)
        batch = self.upload(write_csv(self.tmp / "a.csv", rows))
        control.request_cancel(batch.pk)
        result = pipeline.commit(batch)
        self.assertEqual(result.status, "preview")
        self.assertIn("dibatalkan", result.message)
        self.assertFalse(Person.objects.filter(nik__in=[r[2] for r in rows]).exists())

    def test_a_cancel_that_arrives_after_the_job_ended_says_so_and_leaves_nothing(self) -> None:
        from unittest import mock

        batch = self.upload(write_csv(self.tmp / "a.csv", worker_rows(1)))
        ImportBatch.objects.filter(pk=batch.pk).update(status="committing")
        request_cancel = control.request_cancel

        def job_ends_first(batch_id: int) -> None:
            ImportBatch.objects.filter(pk=batch_id).update(status="committed")
            request_cancel(batch_id)

        self.client.force_login(self.admin)
        with mock.patch.object(control, "request_cancel", side_effect=job_ends_first):
            page = self.client.post(f"/impor/{batch.pk}/batal/", follow=True)
        self.assertContains(page, "Terlambat untuk membatalkan")
        self.assertFalse(control.cancel_requested(batch.pk))

    def test_operators_see_only_their_opds_imports(self) -> None:
        batch = self.upload(write_csv(self.tmp / "a.csv", worker_rows(1)), user=self.admin)
        other = pipeline.create_batch(
            pemda=self.pemda, kind="workers", source=write_csv(self.tmp / "b.csv", worker_rows(1)),
            original_name="b.csv", user=self.admin, options={"opd_id": self.other_opd.pk},
        )  # fmt: skip
        self.client.force_login(self.operator)
        self.assertEqual(self.client.get(f"/impor/{batch.pk}/").status_code, 200)
        self.assertEqual(self.client.get(f"/impor/{other.pk}/").status_code, 404)
        for action in ("simpan", "batal", "pemetaan"):
            self.assertEqual(self.client.post(f"/impor/{other.pk}/{action}/").status_code, 404)
        self.client.force_login(self.pimpinan)
        self.assertEqual(self.client.post(f"/impor/{batch.pk}/simpan/").status_code, 403)

    def test_an_operator_cannot_upload_for_another_opd(self) -> None:
        self.client.force_login(self.operator)
        path = write_csv(self.tmp / "a.csv", worker_rows(1))
        with path.open("rb") as handle:
            response = self.client.post(
                "/impor/", {"kind": "workers", "file": handle, "opd": self.other_opd.pk}
            )
        self.assertEqual(response.status_code, 200)
        self.assertIn("opd", response.context["form"].errors)

    @override_settings(IMPORT_MAX_BYTES=1024)
    def test_an_oversized_upload_is_refused_before_it_is_stored(self) -> None:
        self.client.force_login(self.operator)
        path = write_csv(self.tmp / "besar.csv", worker_rows(100))
        with path.open("rb") as handle:
            response = self.client.post(
                "/impor/", {"kind": "workers", "file": handle, "opd": self.opd.pk}
            )
        self.assertIn("terlalu besar", response.context["form"].errors["file"][0])
        self.assertFalse(ImportBatch.objects.exists())

    def test_a_filled_template_imports_what_was_typed_and_not_the_example(self) -> None:
        self.client.force_login(self.operator)
        response = self.client.get("/impor/templat/workers.xlsx")
        self.assertEqual(response.status_code, 200)
        example_nik = TEMPLATES["workers"]["example"][0]
        typed = [
            [make_valid_nik(), "Rina Wulandari", "05/07/1990", "L", "Honorer", "Ya", 2_250_000,
             "02/01/2025", "081234500001", "DLH"],
            [make_valid_nik(), "Joko Widodo", "05/07/1990", "L", "Kontrak", "Tidak", 2_400_000,
             "01/04/2025", "", "DLH"],
        ]  # fmt: skip
        people = Person.objects.count()
        batch = self.upload(fill_template(response.content, self.tmp / "templat-dlh.xlsx", typed))

        self.assertEqual(batch.status, "preview", batch.message)
        self.assertEqual([s["name"] for s in batch.layout["sheets"]], ["Data"])
        self.assertEqual(
            batch.layout["skipped_sheets"],
            [{"name": EXAMPLE_SHEET, "reason": "Lembar petunjuk atau contoh."}],
        )
        self.assertEqual((batch.counts["created"], batch.counts["error"]), (2, 0))
        page = self.client.get(f"/impor/{batch.pk}/")
        self.assertContains(
            page, f"<li><strong>{EXAMPLE_SHEET}</strong>: Lembar petunjuk atau contoh.</li>"
        )

        self.client.post(f"/impor/{batch.pk}/simpan/", {})
        batch.refresh_from_db()
        self.assertEqual(batch.status, "committed", batch.message)
        self.assertEqual(Person.objects.count(), people + 2)
        self.assertEqual(
            set(
                Engagement.objects.filter(
                    opd=self.opd, person__nik__in=[r[0] for r in typed]
                ).values_list("person__name", "monthly_wage")
            ),
            {("Rina Wulandari", 2_250_000), ("Joko Widodo", 2_400_000)},
        )
        self.assertFalse(Person.objects.filter(nik=example_nik).exists())

    def test_templates_keep_nik_as_text_with_drop_downs(self) -> None:
        self.client.force_login(self.operator)
        book = load_workbook(BytesIO(self.client.get("/impor/templat/workers.xlsx").content))
        self.assertEqual(book.sheetnames, ["Data", EXAMPLE_SHEET])
        sheet = book.active
        self.assertEqual(sheet.title, "Data")
        self.assertEqual(sheet["A1"].value, "NIK")
        self.assertEqual(sheet["A2"].number_format, "@")
        self.assertEqual(sheet.max_column, 10)
        self.assertFalse(any(c.value for row in sheet.iter_rows(min_row=2) for c in row))
        example = book[EXAMPLE_SHEET]
        self.assertIn("tidak diimpor", example["A1"].value)
        self.assertEqual(example["A2"].value, "NIK")
        self.assertIsInstance(example["A3"].value, str)
        self.assertEqual(example["A3"].number_format, "@")
        lists = [dv.formula1 for dv in sheet.data_validations.dataValidation]
        self.assertIn('"Ya,Tidak"', lists)
        self.assertTrue(any("Honorer" in f for f in lists))
        self.assertEqual(self.client.get("/impor/templat/memberships.xlsx").status_code, 404)


class ImportApiTest(BaseTestCase):
    def test_upload_status_rows_and_commit(self) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        rows = worker_rows(2)
        rows[1][2] = "1234"
        tmp = Path(tempfile.mkdtemp())
        content = write_csv(tmp / "dlh.csv", rows).read_bytes()
        headers = self.bearer(self.operator)
        response = self.client.post(
            "/api/v1/imports",
            {"kind": "workers", "opd": "DLH", "file": SimpleUploadedFile("dlh.csv", content)},
            **headers,
        )
        self.assertEqual(response.status_code, 202, response.content)
        batch = response.json()["batch"]
        status = self.client.get(f"/api/v1/imports/{batch}", **headers).json()
        self.assertEqual(
            (status["status"], status["created"], status["errors"]), ("preview", 1, 1)
        )
        # In preview nothing is ended yet; the commit could end the worker not in the file.
        self.assertEqual((status["ended"], status["to_end"]), (0, 1))
        errors = self.client.get(f"/api/v1/imports/{batch}/rows?outcome=error", **headers).json()
        self.assertEqual(errors["results"][0]["row"], 3)
        refused = self.client.post(
            f"/api/v1/imports/{batch}/commit",
            {"valid_only": False},
            content_type="application/json",
            **headers,
        )
        self.assertEqual(refused.status_code, 422)
        done = self.client.post(
            f"/api/v1/imports/{batch}/commit",
            {"valid_only": True},
            content_type="application/json",
            **headers,
        )
        # Accepted and queued; the job runs once the request's transaction has committed.
        self.assertEqual((done.status_code, done.json()["status"]), (202, "queued"))
        status = self.client.get(f"/api/v1/imports/{batch}", **headers).json()
        self.assertEqual(status["status"], "committed")
        self.assertTrue(Person.objects.filter(nik=rows[0][2]).exists())

    def test_an_operator_must_name_their_own_opd(self) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        for opd in ("", "DINDIK"):
            response = self.client.post(
                "/api/v1/imports",
                {"kind": "workers", "opd": opd, "file": SimpleUploadedFile("a.csv", b"NIK\n")},
                **self.bearer(self.operator),
            )
            self.assertEqual(response.status_code, 422)
            self.assertIn("opd", response.json()["fields"])
        bogus = self.client.post(
            "/api/v1/imports",
            {"kind": "bogus", "file": SimpleUploadedFile("a.csv", b"NIK\n")},
            **self.bearer(self.admin),
        )
        self.assertEqual(bogus.status_code, 422)
        self.assertIn("tidak dikenal", bogus.json()["fields"]["kind"][0])
