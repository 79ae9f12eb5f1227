"""Worker lists with a start date too far ahead (a row error) or a birth date against the
NIK (a row warning: the row is still imported)."""

from __future__ import annotations

from datetime import date, timedelta

from lindung.imports.models import ImportRow
from lindung.imports.tests.files import HEADER, worker_rows, write_csv
from lindung.imports.tests.test_import_workers import ImportCase
from lindung.lib.dates import today
from lindung.registry.models import Person
from lindung.registry.rules import one_year_after
from lindung.tests.factories import make_valid_nik


class StartDateAheadTest(ImportCase):
    def test_a_start_more_than_a_year_ahead_is_a_row_error(self) -> None:
        rows = [[*row, start] for row, start in zip(worker_rows(2), ("", ""), strict=True)]
        ahead = one_year_after(today())
        rows[0][-1] = (ahead + timedelta(days=1)).strftime("%d/%m/%Y")
        rows[1][-1] = ahead.strftime("%d/%m/%Y")  # exactly a year: accepted
        path = write_csv(self.tmp / "tmt.csv", rows, header=[*HEADER, "TMT"])
        code, out = self.run_import(path, "--opd", "DLH", "--dry-run")
        self.assertEqual(code, 1)
        [error] = out["errors"]
        self.assertEqual(
            (error["row"], error["column"], error["code"], error["message"]),
            (2, "TMT", "start_too_late",
             "Tanggal mulai paling lambat satu tahun dari hari ini; periksa tahunnya."),
        )  # fmt: skip
        self.assertEqual(out["created"], 1)


class BirthDateAgainstNikTest(ImportCase):
    def test_the_row_is_imported_with_a_warning_to_check(self) -> None:
        rows = worker_rows(2)
        nik = make_valid_nik(birth=date(1995, 2, 1))
        rows[0][2], rows[0][3] = nik, "03/02/1995"
        path = write_csv(self.tmp / "lahir.csv", rows)
        code, out = self.run_import(path, "--opd", "DLH")
        self.assertEqual((code, out["status"], out["created"], out["errors"]),
                         (0, "committed", 2, []))  # fmt: skip
        self.assertEqual(
            out["row_warnings"],
            [{"sheet": "CSV", "row": 2, "column": "Tgl Lahir", "code": "birth_date_not_nik",
              "message": "Tanggal lahir 3 Februari 1995 berbeda dengan tanggal lahir pada NIK "
                         "(1 Februari 1995); periksa keduanya."}],
        )  # fmt: skip
        # The list's birth date is kept: the warning asks a person to check, it corrects nothing.
        self.assertEqual(Person.objects.get(nik=nik).birth_date, date(1995, 2, 3))
        row = ImportRow.objects.get(batch_id=out["batch"], number=2)
        self.assertEqual(row.warnings[0]["code"], "birth_date_not_nik")
        self.assertEqual(ImportRow.objects.get(batch_id=out["batch"], number=3).warnings, [])

    def test_the_batch_page_lists_the_rows_to_check(self) -> None:
        rows = worker_rows(1)
        rows[0][2] = make_valid_nik(birth=date(1995, 2, 1))
        rows[0][3] = "03/02/1995"
        code, out = self.run_import(write_csv(self.tmp / "a.csv", rows), "--opd", "DLH")
        self.client.force_login(self.admin)
        page = self.client.get(f"/impor/{out['batch']}/")
        self.assertContains(page, 'id="row-warnings"')
        self.assertContains(page, "berbeda dengan tanggal lahir pada NIK (1 Februari 1995)")
