"""The APBD budget planner in a real browser, in Bahasa Indonesia.

Every expected rupiah amount below is worked out by hand from the rule table (rates in
lindung/rulebook/data/rules.csv), not by calling the engine, so the page is checked against an
independent figure. Rounding is half up to whole rupiah per share of one worker-month.
"""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from lindung.accounts.models import Role
from lindung.accounts.services import user_upsert
from lindung.lib.dates import today
from lindung.tests.base import PASSWORD
from lindung.tests.browser import BrowserTestCase
from lindung.tests.factories import make_engagement, make_opd, make_pemda, make_person

SINCE_2020 = date(2020, 2, 3)


# Workers of Kota Pekalongan, all active since 2020 with one wage all along.
# Risk group I (Dinas Pendidikan): JKK 0,24 %; risk group III (DLH): JKK 0,89 %.
# JKM 0,30 %, JHT 3,7 % employer + 2 % worker, no cap. Per worker-month, half up:
#
#   wage       grp  JKK                  JKM
#   1.999.375  I    4.798,5 -> 4.799     5.998,125 -> 5.998
#   3.150.000  I    7.560                9.450
#   2.500.000  III  22.250               7.500
#   1.755.500  III  15.623,95 -> 15.624  5.266,5 -> 5.267
#
#   wage       JHT employer          JHT worker
#   1.999.375  73.976,875 -> 73.977  39.987,5 -> 39.988
#   3.150.000  116.550               63.000
#   2.500.000  92.500                50.000
#   1.755.500  64.953,5 -> 64.954    35.110
#
# JKK + JKM per month: 10.797 + 17.010 + 29.750 + 20.891 = 78.448; x 12 = 941.376.
# JHT per month: employer 73.977 + 116.550 + 92.500 + 64.954 = 347.981; x 12 = 4.175.772;
#                worker   39.988 + 63.000 + 50.000 + 35.110 = 188.098; x 12 = 2.257.176.
WORKERS = [
    ("DINDIK", "Siti Aminah", 1_999_375),
    ("DINDIK", "Joko Susilo", 3_150_000),
    ("DLH", "Rina Kartika", 2_500_000),
    ("DLH", "Agus Salim", 1_755_500),
]
JKK_JKM_APBD = "Rp941.376"
JHT_APBD, JHT_DEDUCTION, JHT_TOTAL = 4_175_772, 2_257_176, 6_432_948


@pytest.mark.browser
class BudgetBrowserTest(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pemda = make_pemda("3375", "Kota Pekalongan")
        opds = {
            "DINDIK": make_opd(self.pemda, "DINDIK", name="Dinas Pendidikan", jkk_risk_group=1),
            "DLH": make_opd(self.pemda, "DLH", name="Dinas Lingkungan Hidup", jkk_risk_group=3),
        }
        for code, name, wage in WORKERS:
            make_engagement(
                opds[code],
                make_person(self.pemda, name=name),
                monthly_wage=wage,
                start_date=SINCE_2020,
                end_date=None,
            )
        # Another Pemda's worker must not count.
        batang = make_pemda("3325", "Kabupaten Batang")
        make_engagement(
            make_opd(batang, "DLH", name="DLH Batang", jkk_risk_group=5),
            make_person(batang, name="Orang Batang"),
            monthly_wage=9_000_000,
            start_date=SINCE_2020,
        )
        self.admin = user_upsert(
            username="admin-pekalongan",
            password=PASSWORD,
            pemda=self.pemda,
            role=Role.ADMIN_PEMDA,
        )

    def test_admin_plans_the_budget_changes_a_scenario_and_downloads_xlsx(self) -> None:
        page = self.page
        year = today().year + 1
        self.login(self.admin.username)
        self.menu_link("Anggaran APBD").click()

        # Results straight away, from the form defaults: next year and the three presets.
        expect(
            page.get_by_role("heading", level=1, name="Perencana anggaran iuran (APBD)")
        ).to_be_visible()
        expect(page.get_by_label("Tahun anggaran")).to_have_value(str(year))
        expect(
            page.get_by_role("heading", name=f"Perbandingan skenario tahun {year}")
        ).to_be_visible()
        summary = page.locator("#scenario-summary tbody tr")
        expect(summary).to_have_count(3)
        expect(summary.locator("th")).to_have_text(
            ["JKK + JKM", "JKK + JKM + JHT", "JKK + JKM + JHT + JP"]
        )
        expect(summary.nth(0).locator("th, td")).to_have_text(
            ["JKK + JKM", "JKK, JKM", "APBD", "4", JKK_JKM_APBD, "Rp0", JKK_JKM_APBD]
        )

        # The monthly chart: 12 months x 3 scenarios bars plus 3 legend swatches.
        chart = page.get_by_role("img", name="Kebutuhan APBD per bulan")
        expect(chart).to_be_visible()
        expect(chart.locator("rect")).to_have_count(12 * 3 + 3)
        expect(chart.locator("rect").first).to_be_visible()
        expect(chart.locator("rect").first.locator("title")).to_have_text(
            "JKK + JKM · Jan: 78.448"
        )

        # What a family receives: JKM Rp20 jt + Rp12 jt + Rp10 jt.
        benefits = page.locator("#benefit-comparison")
        expect(benefits).to_be_visible()
        expect(benefits).to_contain_text("Rp42.000.000")
        expect(benefits).to_contain_text("Rp1.000.000")  # the Pemda's own death grant

        # Scenario 1: JHT only, the worker's 2 % deducted from the wage.
        scenario_1 = page.get_by_role("group", name="Skenario 1", exact=True)
        scenario_1.get_by_label("Iuran bagian pekerja dibayar").select_option(label="Potong gaji")
        scenario_1.get_by_label("JKK", exact=True).uncheck()
        scenario_1.get_by_label("JKM", exact=True).uncheck()
        scenario_1.get_by_label("JHT", exact=True).check()
        expect(scenario_1.get_by_label("JP", exact=True)).not_to_be_checked()
        page.get_by_role("button", name="Hitung anggaran").click()

        # The GET form's query string carries the change.
        expect(page).to_have_url(re.compile(r"[?&]s1_worker_share=deduction(&|$)"))
        expect(summary).to_have_count(3)
        expect(summary.nth(0).locator("th, td")).to_have_text(
            [
                "JHT",  # a preset name follows the programs chosen
                "JHT",
                "Potong gaji",
                "4",
                "Rp4.175.772",
                "Rp2.257.176",
                "Rp6.432.948",
            ]
        )
        expect(summary.nth(1).locator("td").nth(1)).to_have_text("APBD")
        expect(
            page.get_by_role("group", name="Skenario 1", exact=True).get_by_label(
                "Iuran bagian pekerja dibayar"
            )
        ).to_have_value("deduction")
        page_apbd = [summary.nth(i).locator("td").nth(3).inner_text() for i in range(3)]

        # The workbook of exactly what is on screen.
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Unduh XLSX").click()
        download = download_info.value
        self.assertEqual(download.suggested_filename, f"anggaran-iuran-{year}.xlsx")
        self.assertIsNone(download.failure())
        # Playwright stores the download under a random name without extension.
        workbook = load_workbook(BytesIO(download.path().read_bytes()), read_only=True)
        self.assertIn("Ringkasan", workbook.sheetnames)
        header, *rows = list(workbook["Ringkasan"].iter_rows(values_only=True))
        self.assertEqual(len(rows), 3)
        col = {name: i for i, name in enumerate(header)}
        first = rows[0]
        self.assertEqual(
            (
                first[col["Program"]],
                first[col["Iuran pekerja dibayar"]],
                first[col["Tahun"]],
                first[col["Pekerja"]],
            ),
            ("JHT", "Potong gaji", year, 4),
        )
        self.assertEqual(
            (
                first[col["Beban APBD (Rp)"]],
                first[col["Potong gaji (Rp)"]],
                first[col["Total iuran (Rp)"]],
            ),
            (JHT_APBD, JHT_DEDUCTION, JHT_TOTAL),
        )
        self.assertEqual(
            [f"Rp{r[col['Beban APBD (Rp)']]:,}".replace(",", ".") for r in rows], page_apbd
        )
        workbook.close()
