"""The BPJS officer in a real browser: run reconciliation, work the review queue by keyboard,
open the list of workers to register."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lindung.accounts.models import Role
from lindung.accounts.services import user_upsert
from lindung.reconciliation.models import MatchDecision
from lindung.reconciliation.tests.scenario import AS_OF, Scenario
from lindung.tests.base import PASSWORD
from lindung.tests.browser import BrowserTestCase
from lindung.tests.factories import make_opd, make_pemda


@pytest.mark.browser
class ReviewQueueBrowserTest(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pemda = make_pemda("3375", "Kota Pekalongan")
        dlh = make_opd(self.pemda, "DLH", name="Dinas Lingkungan Hidup")
        dindik = make_opd(self.pemda, "DINDIK", name="Dinas Pendidikan")
        self.s = Scenario(self.pemda, dlh, dindik, [])
        self.officer = user_upsert(
            username="petugas", password=PASSWORD, pemda=self.pemda, role=Role.PETUGAS_BPJS
        )

    def test_officer_runs_reviews_and_opens_the_list_to_register(self) -> None:
        page = self.page
        self.login(self.officer.username)
        self.menu_link("Rekonsiliasi", exact=True).click()
        page.get_by_label("Per tanggal").fill(AS_OF.isoformat())
        page.get_by_role("button", name="Jalankan rekonsiliasi").click()
        # The run finishes (tests run jobs at once); its page shows the categories.
        expect(page.get_by_role("heading", level=1)).to_contain_text("Rekonsiliasi #")
        table = page.locator("#categories")
        expected = self.s.counts()
        row = table.get_by_role("row", name=re.compile("Perlu ditinjau"))
        expect(row).to_contain_text(str(expected["needs_review"]))

        # The review queue: four pairs; S accepts, B rejects, each moves to the next.
        self.menu_link("Rekonsiliasi", exact=True).click()
        page.get_by_role("link", name=re.compile(r"Tinjau 4 pasangan")).click()
        expect(page.locator("#remaining")).to_contain_text("4")
        expect(page.get_by_role("heading", name="Data kota")).to_be_visible()
        expect(page.get_by_role("heading", name="Data BPJS TK")).to_be_visible()
        expect(page.locator("mark")).to_have_count(2)  # the differing NIK digit, both sides
        page.wait_for_load_state()  # the key handler is a deferred script
        page.keyboard.press("s")
        expect(page.locator("#remaining")).to_contain_text("3")
        page.wait_for_load_state()
        page.keyboard.press("b")
        expect(page.locator("#remaining")).to_contain_text("2")
        self.assertEqual(
            sorted(MatchDecision.objects.values_list("accepted", flat=True)), [False, True]
        )
        self.assertEqual(MatchDecision.objects.filter(decided_by=self.officer).count(), 2)

        # Back to the run: the count of workers to register opens exactly those workers.
        self.menu_link("Rekonsiliasi", exact=True).click()
        page.locator("table.table tbody tr").first.get_by_role("link").first.click()
        not_registered = page.locator("#categories").get_by_role(
            "row", name=re.compile("Belum terdaftar")
        )
        not_registered.get_by_role("link", name=str(expected["not_registered"])).click()
        expect(page.locator("#record-count")).to_contain_text(f"{expected['not_registered']} data")
        expect(page.get_by_role("link", name="Unduh daftar (XLSX)")).to_be_visible()
