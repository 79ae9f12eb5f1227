"""The rakor report: as a background job from the page, and from the CLI as PDF and XLSX."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import timedelta
from io import BytesIO, StringIO
from pathlib import Path
from unittest import skipUnless

from django.core.cache import cache
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from lindung.dashboards.models import Report
from lindung.dashboards.tests import world
from lindung.dashboards.tests.world import Worker
from lindung.lib.dates import today
from lindung.lib.formatting import tanggal
from lindung.tests.base import BaseTestCase

W = Worker


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        tool = shutil.which("pdftotext") or "pdftotext"
        out = subprocess.run(  # noqa: S603 - a fixed tool on a temporary file
            [tool, "-layout", f.name, "-"], capture_output=True, check=True
        )
    return out.stdout.decode()


class ReportTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        as_of = today()
        workers = [W(0, "honorer", True, "covered")] * 3 + [W(1, "kontrak", False, "inactive")]
        world.build(cls.pemda, [cls.opd, cls.other_opd], workers, as_of=as_of)
        world.run(cls.pemda, as_of.replace(day=1) - timedelta(days=1))
        cls.latest = world.run(cls.pemda, as_of)  # 6 workers, 3 covered

    def setUp(self) -> None:
        cache.clear()

    @skipUnless(shutil.which("pdftotext"), "needs pdftotext (apt-get install poppler-utils)")
    def test_cli_writes_a_pdf_with_the_headline_figures_date_source_and_run(self) -> None:
        out = Path(tempfile.mkdtemp()) / "rakor.pdf"
        stdout = StringIO()
        call_command("report", "rakor", "--pemda", "3375", "--out", str(out), stdout=stdout)
        self.assertIn(f"rekonsiliasi #{self.latest.pk}", stdout.getvalue())
        text = pdf_text(out.read_bytes())
        self.assertIn("Laporan rakor cakupan", text)
        self.assertIn("Kota Pekalongan", text)
        self.assertIn(f"#{self.latest.pk}", text)
        self.assertIn(tanggal(self.latest.as_of), text)  # 2 Desember 2026, as on pages
        self.assertIn("Sumber data", text)
        self.assertIn("cakupan 50.0%", text.replace(",", "."))
        self.assertIn("OPD dengan kesenjangan terbesar", text)
        self.assertIn("Dinas Pendidikan", text)

    def test_cli_writes_an_xlsx_with_the_same_figures(self) -> None:
        out = Path(tempfile.mkdtemp()) / "rakor.xlsx"
        call_command("report", "rakor", "--pemda", "3375", "--out", str(out), stdout=StringIO())
        wb = load_workbook(out)
        summary = dict(wb["Ringkasan"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(summary["Nomor rekonsiliasi"], self.latest.pk)
        self.assertEqual(summary["Pekerja non-ASN aktif"], 6)
        self.assertEqual(summary["Terlindungi"], 3)
        self.assertIn("BPJS Ketenagakerjaan", summary["Sumber data"])
        self.assertEqual(len(list(wb["Tren"].iter_rows(min_row=2))), 2)
        gaps = list(wb["Kesenjangan terbesar"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(gaps[0][0], "DINDIK")
        self.assertGreater(gaps[0][3], 0)  # monthly iuran to close its gap
        groups = list(wb["Semua kelompok"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(groups[0][1:3], (6, 3))  # OPD workers first, the total last
        self.assertEqual(groups[-1][0], "Semua kelompok")
        self.assertEqual(groups[-1][1], sum(g[1] for g in groups[:-1]))
        # The other apps' panels hold numbers a spreadsheet can add up, not formatted text.
        panel_values = [v for name in ("Kepatuhan badan usaha", "Proyek jasa konstruksi")
                        for _k, v in wb[name].iter_rows(min_row=2, values_only=True)]  # fmt: skip
        self.assertTrue(panel_values)
        self.assertTrue(all(type(v) is int for v in panel_values), panel_values)

    def test_cli_refuses_bad_input(self) -> None:
        with self.assertRaises(CommandError):
            call_command("report", "rakor", "--pemda", "3375", "--out", "x.docx")
        with self.assertRaises(CommandError):
            call_command("report", "rakor", "--pemda", "9999", "--out", "x.pdf")
        with self.assertRaisesMessage(CommandError, "Belum ada rekonsiliasi"):
            call_command("report", "rakor", "--pemda", "3325", "--out", "x.pdf")

    def test_a_click_queues_the_report_and_its_page_offers_the_file(self) -> None:
        self.client.force_login(self.pimpinan)
        response = self.client.post("/dasbor/rakor/", {"format": "xlsx"})
        report = Report.objects.get()
        self.assertRedirects(response, f"/dasbor/rakor/{report.pk}/")
        self.assertEqual((report.status, report.run_id), ("done", self.latest.pk))
        self.assertContains(self.client.get(response["Location"]), "Unduh laporan")
        download = self.client.get(f"/dasbor/rakor/{report.pk}/unduh/")
        self.assertIn("rakor-3375-", download["Content-Disposition"])
        self.assertEqual(load_workbook(BytesIO(download.content))["OPD"].max_row, 3)

    def test_operators_and_other_pemdas_cannot_make_or_read_reports(self) -> None:
        self.client.force_login(self.operator)
        self.assertEqual(self.client.post("/dasbor/rakor/", {"format": "pdf"}).status_code, 403)
        self.client.force_login(self.outsider)
        response = self.client.post("/dasbor/rakor/", {"format": "pdf"}, follow=True)
        self.assertContains(response, "Belum ada rekonsiliasi yang selesai")
        self.assertFalse(Report.objects.exists())
