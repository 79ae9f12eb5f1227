"""The Perizinan desk in a real browser: a yes/no for any NIB, and every check logged."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from lindung.accounts.models import Role
from lindung.accounts.services import user_upsert
from lindung.compliance import services
from lindung.compliance.models import PermitCheck
from lindung.compliance.tests.factories import make_business
from lindung.tests.base import PASSWORD
from lindung.tests.browser import BrowserTestCase
from lindung.tests.factories import make_pemda


@pytest.mark.browser
class PermitSearchBrowserTest(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pemda = make_pemda("3375", "Kota Pekalongan")
        self.bad = make_business(self.pemda, name="Batik Kotor")
        services.figure_add(actor=None, business=self.bad, source="wlkp", on=date(2026, 1, 31),
                            workers=12)  # fmt: skip
        self.good = make_business(self.pemda, name="Batik Bersih")
        services.figure_add(actor=None, business=self.good, source="wlkp", on=date(2026, 1, 31),
                            workers=0)  # fmt: skip
        self.clerk = user_upsert(
            username="perizinan-dpmptsp", password=PASSWORD, pemda=self.pemda,
            role=Role.PERIZINAN,
        )  # fmt: skip

    def test_licensing_clerk_checks_nibs(self) -> None:
        page = self.page
        self.login(self.clerk.username)
        # Perizinan sees the check and nothing of the business registry.
        expect(page.get_by_role("link", name="Kepatuhan usaha")).to_have_count(0)
        self.menu_link("Cek perizinan").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Cek kepatuhan")
        nib = page.get_by_label("NIB (13 digit)")

        nib.fill(self.bad.nib)
        page.get_by_role("button", name="Cek", exact=True).click()
        answer = page.locator("#answer")
        expect(answer.get_by_role("heading")).to_have_text("TIDAK PATUH")
        expect(answer).to_contain_text("Batik Kotor")
        expect(answer).to_contain_text("PWBD")

        nib.fill(f"{self.good.nib[:4]} {self.good.nib[4:]}")  # typed with a space
        page.get_by_role("button", name="Cek", exact=True).click()
        expect(answer.get_by_role("heading")).to_have_text("PATUH")

        nib.fill("9999999999999")
        page.get_by_role("button", name="Cek", exact=True).click()
        expect(answer.get_by_role("heading")).to_have_text("TIDAK DIKETAHUI")
        expect(answer).to_contain_text("Bukan berarti patuh")

        nib.fill("12345")
        page.get_by_role("button", name="Cek", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("13 digit")
        expect(page.locator("#answer")).to_have_count(0)

        self.assertEqual(
            list(PermitCheck.objects.order_by("pk").values_list("status", "user__username")),
            [("non_compliant", self.clerk.username), ("compliant", self.clerk.username),
             ("unknown", self.clerk.username)],
        )  # fmt: skip
        self.assertEqual(self.status_of("/kepatuhan/"), 403)
