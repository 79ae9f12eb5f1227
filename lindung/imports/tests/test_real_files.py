"""Worker lists as offices make them: choices the preview asks for, CLI options, endings."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from lindung.imports import pipeline, services
from lindung.imports.models import ImportBatch
from lindung.imports.tests.files import write_csv
from lindung.imports.tests.test_import_workers import ImportCase
from lindung.registry.models import Engagement, Opd, Person
from lindung.tests.factories import make_engagement, make_person, make_valid_nik

HEADER = ["NIK", "Nama", "Gaji", "OPD"]


def _rows(opds: list[str]) -> list[list[Any]]:
    return [[make_valid_nik(), f"Pekerja {i}", 2_000_000, o] for i, o in enumerate(opds)]


class OpdNamesTest(ImportCase):
    def test_one_opd_typed_several_ways_is_one_opd(self) -> None:
        spellings = ["Dinas Perhubungan", "DINAS PERHUBUNGAN", "Dinas Perhubungan ",
                     "Kec. Pekalongan Utara", "Kecamatan Pekalongan Utara"]  # fmt: skip
        path = write_csv(self.tmp / "opd.csv", _rows(spellings), header=HEADER)
        code, out = self.run_import(path, "--create-missing-opds")
        self.assertEqual((code, out["created"]), (0, 5))
        made = set(Opd.objects.filter(pemda=self.pemda).exclude(pk__in=[
            self.opd.pk, self.other_opd.pk]).values_list("name", flat=True))  # fmt: skip
        self.assertEqual(made, {"Dinas Perhubungan", "Kec. Pekalongan Utara"})

    def test_a_known_opd_typed_otherwise_is_found(self) -> None:
        path = write_csv(
            self.tmp / "opd.csv",
            _rows(["DINAS LINGKUNGAN HIDUP KOTA PEKALONGAN", "dlh"]),
            header=HEADER,
        )
        code, out = self.run_import(path)
        self.assertEqual((code, out["created"]), (0, 2))
        self.assertEqual(Engagement.objects.filter(opd=self.opd).count(), 3)

    def test_an_unknown_name_is_asked_about_before_any_opd_is_created(self) -> None:
        self.client.force_login(self.admin)
        path = write_csv(self.tmp / "opd.csv", _rows(["Dinas Lingkungan Hidp"] * 2), header=HEADER)
        with path.open("rb") as handle:
            self.client.post("/impor/", {"kind": "workers", "file": handle})
        batch = ImportBatch.objects.latest("pk")
        self.assertEqual(batch.counts["error"], 2)
        [name] = batch.counts["opd_names"]
        self.assertEqual((name["suggestion"], name["rows"]), (self.opd.pk, 2))
        page = self.client.get(f"/impor/{batch.pk}/")
        self.assertContains(page, "Nama OPD yang tidak dikenal")
        self.assertContains(page, "Usulan: Dinas Lingkungan Hidup")
        self.assertIn("Mungkin maksudnya Dinas Lingkungan Hidup", page.content.decode())
        self.client.post(f"/impor/{batch.pk}/opd/", {"opd_0": str(self.opd.pk)})
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.counts["created"], batch.counts["error"]),
                         ("preview", 2, 0))  # fmt: skip
        self.assertFalse(Opd.objects.filter(name="Dinas Lingkungan Hidp").exists())

    def test_an_outsider_cannot_choose_opds_for_a_batch(self) -> None:
        path = write_csv(self.tmp / "opd.csv", _rows(["Dinas X"]), header=HEADER)
        batch = services.batch_upload(
            user=self.admin, pemda=self.pemda, kind="workers", source=path,
            original_name="opd.csv", queue=False,
        )  # fmt: skip
        self.client.force_login(self.outsider)
        response = self.client.post(f"/impor/{batch.pk}/opd/", {"opd_0": "new"})
        self.assertEqual(response.status_code, 404)


class CliOptionsTest(ImportCase):
    def _workbook(self) -> Path:
        wb = Workbook()
        first = wb.active
        first.title = "Satpam"
        first.append(["Nomor Pegawai", "Nama", "Honor"])
        first.append([make_valid_nik(), "Satu", 1_500_000])
        second = wb.create_sheet("Kebersihan")
        second.append(["Nomor Pegawai", "Nama", "Honor"])
        second.append([make_valid_nik(), "Dua", 1_600_000])
        path = self.tmp / "dua.xlsx"
        wb.save(path)
        return path

    def test_map_and_sheet_options_choose_columns_and_sheets(self) -> None:
        path = self._workbook()
        code, out = self.run_import(path, "--opd", "DLH", "--dry-run")
        self.assertEqual(code, 2)  # no NIK column recognised
        self.assertIn("kolom NIK", out["message"])
        code, out = self.run_import(
            path, "--opd", "DLH", "--map", "Nomor Pegawai=nik", "--sheet", "Kebersihan"
        )
        self.assertEqual((code, out["created"]), (0, 1))
        self.assertEqual([s["name"] for s in out["sheets"]], ["Kebersihan"])
        self.assertTrue(Person.objects.filter(name="Dua").exists())
        self.assertFalse(Person.objects.filter(name="Satu").exists())

    def test_bad_options_are_refused_with_their_reason(self) -> None:
        path = self._workbook()
        for args, words in (
            (("--map", "Nomor Pegawai=ktp"), "tidak dikenal"),
            (("--map", "tanpa tanda sama dengan"), "JUDUL KOLOM=isian"),
            (("--sheet", "Rekap"), "lembar yang ada: Satpam, Kebersihan"),
        ):
            with self.subTest(args=args):
                try:
                    code, out = self.run_import(path, "--opd", "DLH", *args)
                except Exception as exc:  # CommandError before any JSON
                    self.assertIn(words, str(exc))
                else:
                    self.assertEqual(code, 2)
                    self.assertIn(words, out["message"])
        self.assertEqual(Person.objects.filter(name__in=["Satu", "Dua"]).count(), 0)

    def test_as_of_dates_the_list_and_ends_the_missing_on_that_day(self) -> None:
        gone = make_engagement(self.opd, make_person(self.pemda), start_date=date(2020, 1, 1))
        rows = [[make_valid_nik(), "Baru", 1_500_000]]
        path = write_csv(self.tmp / "dlh.csv", rows, header=["NIK", "Nama", "Gaji"])
        code, out = self.run_import(path, "--opd", "DLH", "--as-of", "2026-10-31", "--end-missing")
        self.assertEqual((code, out["ended"]), (0, 2))  # the factory's worker and `gone`
        gone.refresh_from_db()
        self.assertEqual(gone.end_date, date(2026, 10, 31))


class EndingsPreviewTest(ImportCase):
    def test_the_preview_names_each_engagement_to_end_and_only_ticked_ones_end(self) -> None:
        keep = make_engagement(self.opd, make_person(self.pemda, name="Tetap Bekerja"))
        end = make_engagement(self.opd, make_person(self.pemda, name="Sudah Keluar"))
        self.client.force_login(self.operator)
        path = write_csv(self.tmp / "dlh.csv", [[make_valid_nik(), "Baru", 1_500_000]],
                         header=["NIK", "Nama", "Gaji"])  # fmt: skip
        with path.open("rb") as handle:
            self.client.post("/impor/", {"kind": "workers", "file": handle, "opd": self.opd.pk})
        batch = ImportBatch.objects.latest("pk")
        page = self.client.get(f"/impor/{batch.pk}/").content.decode()
        self.assertIn("Tetap Bekerja", page)
        self.assertIn("Sudah Keluar", page)
        self.assertIn(f'name="end" value="{keep.pk}"', page)
        self.client.post(
            f"/impor/{batch.pk}/simpan/",
            {"end_missing": "on", "end_listed": "1", "end": [str(end.pk)]},
        )
        batch.refresh_from_db()
        self.assertEqual(batch.status, "committed")
        keep.refresh_from_db()
        end.refresh_from_db()
        self.assertIsNone(keep.end_date)
        self.assertIsNotNone(end.end_date)
        self.assertEqual(batch.counts["ended"], 1)


class QueueAfterCommitTest(ImportCase):
    def test_a_check_is_queued_only_when_the_upload_commits(self) -> None:
        path = write_csv(self.tmp / "dlh.csv", [[make_valid_nik(), "Satu", 1_500_000]],
                         header=["NIK", "Nama", "Gaji"])  # fmt: skip
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            batch = services.batch_upload(
                user=self.operator, pemda=self.pemda, kind="workers", source=path,
                original_name="dlh.csv", opd=self.opd,
            )  # fmt: skip
            batch.refresh_from_db()
            self.assertEqual(batch.status, "queued")
        self.assertEqual(len(callbacks), 1)
        callbacks[0]()
        batch.refresh_from_db()
        self.assertEqual(batch.status, "preview")

    def test_a_commit_is_refused_with_the_reason_and_queues_nothing(self) -> None:
        rows = [[make_valid_nik(), "Satu", 1_500_000], ["123", "Dua", 1_500_000]]
        path = write_csv(self.tmp / "dlh.csv", rows, header=["NIK", "Nama", "Gaji"])
        batch = services.batch_upload(
            user=self.operator, pemda=self.pemda, kind="workers", source=path,
            original_name="dlh.csv", opd=self.opd, queue=False,
        )  # fmt: skip
        services.run_now(batch, dry_run=True, valid_only=False, end_missing=False)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            with self.assertRaises(services.ImportRefused) as ctx:
                services.batch_commit(batch=batch)
        self.assertIn("1 baris galat", ctx.exception.message)
        self.assertEqual(callbacks, [])


class MappingScopeTest(ImportCase):
    def _batch(self, opd: Opd | None, user: Any) -> ImportBatch:
        rows = [[make_valid_nik(), "Satu", 1_500_000, "Kebersihan"]]
        path = write_csv(self.tmp / "x.csv", rows, header=["NIK", "Nama", "Gaji", "Keterangan"])
        batch = services.batch_upload(
            user=user, pemda=self.pemda, kind="workers", source=path, original_name="x.csv",
            opd=opd, queue=False,
        )  # fmt: skip
        services.run_now(batch, dry_run=True, valid_only=False, end_missing=False)
        return batch

    def test_one_opds_correction_does_not_change_how_other_opds_files_are_read(self) -> None:
        mine = self._batch(self.opd, self.operator)
        pipeline.remember_mapping(mine, {"keterangan": "category"})
        again = self._batch(self.opd, self.operator)
        other = self._batch(self.other_opd, self.admin)
        self.assertIn("category", [c["field"] for c in again.layout["columns"]])
        self.assertNotIn("category", [c["field"] for c in other.layout["columns"]])
        # A correction made on a Pemda-wide file holds for every OPD's files.
        wide = self._batch(None, self.admin)
        pipeline.remember_mapping(wide, {"keterangan": "phone"})
        self.assertIn("phone", [c["field"] for c in self._batch(self.other_opd, self.admin)
                                .layout["columns"]])  # fmt: skip
        # The OPD's own correction still wins for its files.
        self.assertIn("category", [c["field"] for c in self._batch(self.opd, self.operator)
                                   .layout["columns"]])  # fmt: skip
