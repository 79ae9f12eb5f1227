"""A Pimpinan-level picture in a real browser: charts, a click on an OPD's gap, the rakor PDF."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from unittest import skipUnless

import pytest
from playwright.sync_api import expect

from lindung.accounts.models import Role
from lindung.accounts.services import user_upsert
from lindung.dashboards.tests import world
from lindung.dashboards.tests.test_report import pdf_text
from lindung.dashboards.tests.world import Worker
from lindung.lib.dates import today
from lindung.tests.base import PASSWORD
from lindung.tests.browser import BrowserTestCase
from lindung.tests.factories import make_opd, make_pemda

W = Worker


@pytest.mark.browser
class DashboardBrowserTest(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pemda = make_pemda("3375", "Kota Pekalongan")
        dlh = make_opd(self.pemda, "DLH", name="Dinas Lingkungan Hidup")
        dindik = make_opd(self.pemda, "DINDIK", name="Dinas Pendidikan")
        workers = [W(0, "honorer", True, "covered")] * 4 + [
            W(1, "kontrak", False, "not_registered"),
            W(1, "kontrak", True, "not_registered"),
            W(1, "kegiatan", False, "inactive"),
            W(1, "honorer", True, "covered"),
        ]
        world.build(self.pemda, [dlh, dindik], workers, as_of=today())
        world.run(self.pemda, today().replace(day=1) - timedelta(days=1))
        self.latest = world.run(self.pemda, today())  # 8 workers, 5 covered: 62,5%
        user_upsert(username="admin", password=PASSWORD, pemda=self.pemda, role=Role.ADMIN_PEMDA)

    @skipUnless(shutil.which("pdftotext"), "needs pdftotext (apt-get install poppler-utils)")
    def test_dashboard_charts_gap_click_and_rakor_pdf(self) -> None:
        page = self.page
        self.login("admin")
        self.menu_link("Dasbor").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Dasbor cakupan")
        expect(page.locator("[data-figure=workers]")).to_have_text("8")
        expect(page.locator("[data-figure=coverage_pct]")).to_have_text("62,5%")
        for chart in ("#opd-chart svg", "#trend-chart svg", "#kind-chart svg"):
            expect(page.locator(chart)).to_be_visible()
        expect(page.locator("#trend-chart circle")).to_have_count(2)
        expect(page.locator("#opd-chart rect[fill]").first).to_be_visible()

        # The worst OPD comes first; its gap opens exactly its unprotected workers.
        first = page.locator("#opd-table tbody tr").first
        expect(first).to_have_attribute("data-opd", "DINDIK")
        first.locator("a.gap").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Belum terlindungi penuh · Dinas Pendidikan"
        )
        expect(page.locator("#record-count")).to_have_text("3 data")
        expect(page.locator("#records tbody tr")).to_have_count(3)

        # The rakor report: made in the background, then downloaded.
        page.go_back()
        page.get_by_label("Format").select_option("pdf")
        page.get_by_role("button", name="Buat laporan rakor").click()
        expect(page.locator("#report-status")).to_have_text("Selesai")
        with page.expect_download() as info:
            page.locator("#report-download").click()
        download = info.value
        self.assertTrue(download.suggested_filename.startswith("rakor-3375-"))
        target = Path(download.path())
        text = pdf_text(target.read_bytes())
        for expected in (
            "Laporan rakor cakupan",
            f"#{self.latest.pk}",
            "cakupan 62,5%",
            "Dinas Pendidikan",
        ):
            self.assertIn(expected, text)
