"""An Admin Pemda creates and revokes a permit-check client key on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lindung.accounts.models import Credential, Role
from lindung.accounts.services import user_upsert
from lindung.tests.base import PASSWORD
from lindung.tests.browser import BrowserTestCase
from lindung.tests.factories import make_pemda


@pytest.mark.browser
class ClientKeysBrowserTest(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pemda = make_pemda("3375", "Kota Pekalongan")
        self.admin = user_upsert(
            username="admin-pemda", password=PASSWORD, pemda=self.pemda, role=Role.ADMIN_PEMDA
        )

    def test_admin_creates_and_revokes_a_key_at_phone_width(self) -> None:
        page = self.page
        page.set_viewport_size({"width": 390, "height": 844})
        self.login(self.admin.username)
        self.menu_link("Kunci API klien").click()
        expect(page.get_by_role("heading", name="Kunci API klien", level=1)).to_be_visible()
        expect(page.get_by_text("Hanya Admin Pemda yang boleh")).to_be_visible()
        page.get_by_label("Nama sistem klien").fill("SiCantik DPMPTSP")
        page.get_by_role("button", name="Buat kunci").click()
        raw = page.locator("#raw-key")
        expect(raw).to_be_visible()
        text = raw.inner_text()
        self.assertTrue(text.startswith("lndk_"))
        key = Credential.objects.client_keys().get()
        self.assertEqual(key.digest, Credential.digest_of(text))
        # The page fits the phone: nothing wider than the screen.
        width = page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, 390)
        # Shown once: the list shows the prefix only.
        page.goto("/kepatuhan/kunci-api/")
        expect(page.locator("#raw-key")).to_have_count(0)
        row = page.locator("#client-keys tbody tr", has_text="SiCantik DPMPTSP")
        expect(row).to_contain_text("Aktif")
        row.get_by_role("button", name="Cabut kunci SiCantik DPMPTSP").click()
        expect(page.get_by_role("status")).to_contain_text("Kunci SiCantik DPMPTSP dicabut.")
        expect(row).to_contain_text("Dicabut")
        expect(row.get_by_role("button")).to_have_count(0)
        key.refresh_from_db()
        self.assertIsNotNone(key.revoked_at)
