"""The iuran calculator in a real browser, in Bahasa Indonesia.

Every expected rupiah amount below is worked out by hand from the rule table (rates in
lindung/rulebook/data/rules.csv), not by calling the engine, so the page is checked against an
independent figure. Rounding is half up to whole rupiah per share of one worker-month.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from lindung.accounts.models import Role
from lindung.accounts.services import user_upsert
from lindung.rulebook.services import current_ruleset
from lindung.tests.base import PASSWORD
from lindung.tests.browser import BrowserTestCase
from lindung.tests.factories import make_pemda

SINCE_2020 = date(2020, 2, 3)


@pytest.mark.browser
class CalculatorBrowserTest(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pemda = make_pemda("3375", "Kota Pekalongan")
        self.user = user_upsert(
            username="perizinan-kota",
            password=PASSWORD,
            pemda=self.pemda,
            role=Role.PERIZINAN,
        )
        # The flushed database has its rule table back (post_migrate re-sync).
        rules = current_ruleset()
        self.assertIsNotNone(rules.find("bpu.discount", date(2026, 6, 1), "other"))

    def open_calculator(self) -> None:
        page = self.page
        self.login(self.user.username)
        self.menu_link("Kalkulator iuran").click()
        expect(
            page.get_by_role("heading", level=1, name="Kalkulator iuran BPJS Ketenagakerjaan")
        ).to_be_visible()
        expect(page.get_by_text("Isi formulir lalu tekan Hitung.")).to_be_visible()
        expect(page.locator("#quote-lines")).to_have_count(0)

    def test_bpu_quote_with_the_pp_50_2025_discount_and_without_it_under_apbd(self) -> None:
        page = self.page
        self.open_calculator()

        page.get_by_label("Bukan Penerima Upah (BPU)").check()
        page.get_by_label("Bulan iuran").fill("2026-06")
        page.get_by_label("Penghasilan per bulan (BPU)").fill("1.000.000")
        page.get_by_label("Sektor usaha").select_option(label="Lainnya")
        page.get_by_role("button", name="Hitung", exact=True).click()

        # Self-paid BPU, June 2026 (PP 50/2025 "other" sectors: April-December 2026, 50 %):
        # JKK 1 % x Rp1.000.000 = Rp10.000, less 50 % = Rp5.000;
        # JKM flat Rp6.800, less 50 % = Rp3.400. Total Rp8.400, all paid by the worker.
        table = page.locator("#quote-lines")
        expect(table.locator("caption")).to_have_text("Iuran BPU bulan Juni 2026")
        rows = table.locator("tbody tr")
        expect(rows).to_have_count(2)
        basis = "PP 44/2015 Lampiran II; potongan PP 50/2025"
        expect(rows.nth(0).locator("td")).to_have_text(
            ["JKK", "Rp1.000.000", "1%", "Rp0", "Rp5.000", "Rp5.000", basis]
        )
        expect(rows.nth(1).locator("td")).to_have_text(
            ["JKM", "Rp1.000.000", "tetap", "Rp0", "Rp3.400", "Rp3.400", basis]
        )
        expect(page.locator("#quote-total")).to_have_text("Rp8.400")
        expect(table).to_contain_text("PP 50/2025")
        # Only the standing note that declared income is used as given (no brackets).
        expect(page.locator(".msg-warning")).to_have_count(1)
        expect(page.locator(".msg-warning")).to_contain_text("belum dimodelkan")
        # The GET form keeps what was typed.
        expect(page.get_by_label("Bukan Penerima Upah (BPU)")).to_be_checked()
        expect(page.get_by_label("Bulan iuran")).to_have_value("2026-06")

        # Paid by the APBD: PP 50/2025 excludes it, so the full Rp10.000 + Rp6.800.
        page.get_by_label("Sumber dana iuran (BPU)").select_option(label="APBD")
        page.get_by_role("button", name="Hitung", exact=True).click()
        expect(page.locator("#quote-total")).to_have_text("Rp16.800")
        expect(rows.nth(0).locator("td")).to_have_text(
            ["JKK", "Rp1.000.000", "1%", "Rp10.000", "Rp0", "Rp0", "PP 44/2015 Lampiran II"]
        )
        expect(rows.nth(1).locator("td")).to_have_text(
            ["JKM", "Rp1.000.000", "tetap", "Rp6.800", "Rp0", "Rp0", "PP 44/2015 Lampiran II"]
        )
        warning = page.locator(".msg-warning")
        expect(warning).to_have_count(2)
        expect(warning.first).to_have_text(
            "Potongan PP 50/2025 tidak berlaku bagi peserta yang iurannya dibayar dari APBD."
        )

    def test_a_negative_wage_is_refused_next_to_the_wage_field(self) -> None:
        page = self.page
        self.open_calculator()

        page.get_by_label("Penerima Upah (PU)", exact=True).check()
        page.get_by_label("Bulan iuran").fill("2026-06")
        page.get_by_label("Upah per bulan (PU)").fill("-5")
        page.get_by_role("button", name="Hitung", exact=True).click()

        wage_input = page.get_by_label("Upah per bulan (PU)")
        expect(wage_input).to_have_value("-5")
        wage_field = page.locator("div.field").filter(has=wage_input)
        expect(wage_field.get_by_role("alert")).to_have_text(
            "Upah harus antara Rp1 dan Rp1.000.000.000."
        )
        expect(page.locator(".field-error")).to_have_count(1)
        expect(page.locator("#quote-lines")).to_have_count(0)
        expect(page.locator("#quote-total")).to_have_count(0)
        expect(page.get_by_text("Isi formulir lalu tekan Hitung.")).to_be_visible()
