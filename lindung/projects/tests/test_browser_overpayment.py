"""In a real browser at phone width (390 px): a payment above the outstanding iuran is
refused with the amounts, the confirmation appears, and a confirmed payment with a reason
is recorded and shown."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from lindung.accounts.models import Role
from lindung.accounts.services import user_upsert
from lindung.lib.dates import today
from lindung.projects.models import Payment
from lindung.projects.tests.factories import make_project
from lindung.tests.base import PASSWORD
from lindung.tests.browser import BrowserTestCase
from lindung.tests.factories import make_opd, make_pemda

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
class OverpaymentBrowserTest(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        pemda = make_pemda("3375", "Kota Pekalongan")
        opd = make_opd(pemda, "DPUPR", name="Dinas Pekerjaan Umum")
        spk = today() - timedelta(days=20)
        # Rp850 juta (docs/regulations.md example): iuran Rp1.525.000.
        self.project = make_project(
            opd, termins=(50, 50), spk_date=spk, start_date=spk,
            end_date=spk + timedelta(days=180), registration_number="JK-1",
            registered_on=spk + timedelta(days=3),
        )  # fmt: skip
        self.bpjs = user_upsert(
            username="petugas-bpjs", password=PASSWORD, pemda=pemda, role=Role.PETUGAS_BPJS
        )

    def test_an_overpayment_needs_the_confirmation_and_a_reason(self) -> None:
        page = self.page
        page.set_viewport_size(PHONE)
        self.login(self.bpjs.username)
        page.goto(f"/proyek/{self.project.pk}/")
        page.get_by_role("link", name="Catat pembayaran iuran").click()
        expect(page.get_by_text("Sisa iuran: Rp1.525.000 dari Rp1.525.000.")).to_be_visible()
        expect(page.get_by_label("Saya yakin, bayar lebih")).to_have_count(0)

        # The typing error: two billion rupiah instead of the iuran.
        page.get_by_label("Jumlah (Rp)").fill("2.000.000.000")
        page.get_by_label("Tanggal bayar").fill(today().isoformat())
        page.get_by_role("button", name="Simpan").click()
        expect(page.get_by_role("alert").first).to_contain_text(
            "Pembayaran Rp2.000.000.000 melebihi sisa iuran Rp1.525.000"
        )
        confirm = page.get_by_label("Saya yakin, bayar lebih")
        expect(confirm).to_be_visible()
        self.assertFalse(Payment.objects.exists())

        # Ticked without a reason: still refused.
        confirm.check()
        page.get_by_role("button", name="Simpan").click()
        expect(page.get_by_text("Tulis alasan membayar lebih dari sisa iuran.")).to_be_visible()
        self.assertFalse(Payment.objects.exists())

        # Corrected to the real amount plus a fine, confirmed with the reason.
        page.get_by_label("Jumlah (Rp)").fill("1.600.000")
        expect(page.get_by_label("Saya yakin, bayar lebih")).to_be_checked()
        page.get_by_label("Alasan bayar lebih").fill("Termasuk denda keterlambatan")
        page.get_by_role("button", name="Simpan").click()
        expect(page.locator("#paid")).to_have_text("Rp1.600.000")
        expect(page.locator("#status")).to_have_text("Lunas")
        expect(page.locator("#overpaid")).to_have_text("lebih bayar Rp75.000")
        expect(page.locator("#payments")).to_contain_text("Termasuk denda keterlambatan")
        # Phone width: the page itself never scrolls sideways.
        width = page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, PHONE["width"])

        payment = Payment.objects.get()
        self.assertEqual(
            (payment.amount, payment.overpayment_confirmed, payment.overpayment_reason),
            (1_600_000, True, "Termasuk denda keterlambatan"),
        )
