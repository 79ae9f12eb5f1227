"""XLS, ODS and formula cells, in files saved by a real office suite (LibreOffice)."""

from __future__ import annotations

import tempfile
import unittest
from pathlib import Path

import pytest
from openpyxl import Workbook

from lindung.imports.models import ImportBatch
from lindung.imports.tests.files import SOFFICE, convert, worker_rows, xlsx
from lindung.imports.tests.test_import_workers import ImportCase
from lindung.registry.models import Engagement


@unittest.skipUnless(SOFFICE, "LibreOffice not installed (apt-get install libreoffice-calc-nogui)")
@pytest.mark.slow
class OfficeFormatsTest(ImportCase):
    def test_xls_and_ods_are_read_like_xlsx(self) -> None:
        rows = worker_rows(3)
        source = xlsx(Path(tempfile.mkdtemp()) / "dlh.xlsx", rows, second_sheet=True)
        for fmt in ("xls", "ods"):
            with self.subTest(fmt=fmt):
                code, out = self.run_import(convert(source, fmt), "--opd", "DLH", "--dry-run")
                self.assertEqual((code, out["created"], out["errors"]), (0, 3, []))
                batch = ImportBatch.objects.get(pk=out["batch"])
                niks = sorted(r.values["nik"] for r in batch.rows.exclude(outcome="skipped"))
                self.assertEqual(niks, sorted(r[2] for r in rows))

    def test_formula_cells_use_their_cached_value(self) -> None:
        tmp = Path(tempfile.mkdtemp())
        wb = Workbook()
        ws = wb.active
        ws.append(["NIK", "Nama", "Pokok", "Tunjangan", "Gaji"])
        nik = worker_rows(1)[0][2]
        ws.append([nik, "Budi Santoso", 2_000_000, 500_000, "=C2+D2"])
        ws["A2"].number_format = "@"
        wb.save(tmp / "rumus.xlsx")
        saved = convert(tmp / "rumus.xlsx", "xlsx")  # LibreOffice computes and stores 2500000
        code, out = self.run_import(saved, "--opd", "DLH")
        self.assertEqual((code, out["created"]), (0, 1))
        self.assertEqual(Engagement.objects.get(person__nik=nik).monthly_wage, 2_500_000)
