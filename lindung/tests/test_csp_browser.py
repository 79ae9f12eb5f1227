"""The strict Content-Security-Policy in a real browser: nothing on the pages is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import ConsoleMessage, expect

from lindung.accounts.models import Role
from lindung.accounts.services import user_upsert
from lindung.dashboards.tests import world
from lindung.dashboards.tests.world import Worker
from lindung.lib.dates import today
from lindung.tests.base import PASSWORD
from lindung.tests.browser import BrowserTestCase
from lindung.tests.factories import make_opd, make_pemda


@pytest.mark.browser
class CspBrowserTest(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pemda = make_pemda("3375", "Kota Pekalongan")
        dlh = make_opd(self.pemda, "DLH", name="Dinas Lingkungan Hidup")
        workers = [Worker(0, "honorer", True, "covered"), Worker(0, "kontrak", False, "inactive")]
        world.build(self.pemda, [dlh], workers, as_of=today())
        world.run(self.pemda, today().replace(day=1) - timedelta(days=1))
        world.run(self.pemda, today())
        user_upsert(username="admin", password=PASSWORD, pemda=self.pemda, role=Role.ADMIN_PEMDA)
        self.violations: list[str] = []

        def collect(message: ConsoleMessage) -> None:
            if "Content Security Policy" in message.text or "Content-Security-Policy" in (
                message.text
            ):
                self.violations.append(f"{self.page.url}: {message.text}")

        self.page.on("console", collect)

    def test_dashboard_language_switch_and_api_docs_run_under_the_policy(self) -> None:
        page = self.page
        self.login("admin")
        self.menu_link("Dasbor").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Dasbor cakupan")
        expect(page.locator("#opd-chart svg")).to_be_visible()
        expect(page.locator("#trend-chart circle")).to_have_count(2)

        # The language box submits itself from autosubmit.js (no inline handler).
        page.locator("#lang-pick").select_option("en")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.locator("#lang-pick").select_option("id")
        expect(page.locator("html")).to_have_attribute("lang", "id")

        # Swagger UI from ninja's static files: it starts, reads the schema and lists routes.
        page.goto("/api/v1/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Lindung API")
        expect(page.locator(".opblock-summary-path", has_text="/api/v1/me")).to_be_visible()
        self.assertEqual(self.violations, [])
