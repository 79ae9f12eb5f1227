"""An Admin Pemda in a real browser: manage users, read the audit log, find a rakor report."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lindung.accounts.models import Role, User
from lindung.accounts.services import user_upsert
from lindung.dashboards.models import Report
from lindung.tests.base import PASSWORD
from lindung.tests.browser import BrowserTestCase
from lindung.tests.factories import make_opd, make_pemda

FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.browser
class AdminPemdaBrowserTest(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pemda = make_pemda("3375", "Kota Pekalongan")
        self.dlh = make_opd(self.pemda, "DLH", name="Dinas Lingkungan Hidup")
        self.admin = user_upsert(
            username="admin-pkl", password=PASSWORD, pemda=self.pemda, role=Role.ADMIN_PEMDA
        )
        self.report = Report.objects.create(
            pemda=self.pemda, format="xlsx", status="done", content=b"PK", created_by=self.admin
        )

    def fits(self) -> None:
        """The page is no wider than the window (nothing scrolls sideways)."""
        self.assertTrue(self.page.evaluate(FITS), f"{self.page.url} overflows")

    def walk(self, width: int) -> None:
        page = self.page
        page.set_viewport_size({"width": width, "height": 844 if width < 500 else 900})
        self.login(self.admin.username)

        # Add an Operator OPD bound to DLH: the temporary password is shown once.
        self.menu_link("Pengguna", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Pengguna")
        self.fits()
        page.get_by_role("link", name="Tambah pengguna").click()
        page.get_by_label("Nama pengguna").fill("op-dlh")
        page.get_by_label("Peran").select_option(label="Operator OPD")
        page.get_by_label("DLH · Dinas Lingkungan Hidup").check()
        page.get_by_role("button", name="Simpan").click()
        expect(page.get_by_role("heading", name="Akun op-dlh dibuat")).to_be_visible()
        password = page.locator("#temp-password").inner_text()
        self.assertTrue(User.objects.get(username="op-dlh").check_password(password))
        self.fits()

        # The list marks the temporary password; the admin cannot deactivate themself.
        page.get_by_role("link", name="Kembali ke daftar pengguna").click()
        row = page.locator("#users tbody tr").filter(has_text="op-dlh")
        expect(row).to_contain_text("kata sandi sementara")
        expect(row).to_contain_text("DLH")
        page.locator("#users").get_by_role("link", name=self.admin.username).click()
        no_self = page.get_by_text("Anda tidak dapat menonaktifkan akun Anda sendiri.")
        expect(no_self).to_be_visible()
        expect(page.get_by_role("button", name="Nonaktifkan akun")).to_have_count(0)
        self.fits()

        # Deactivate the new account.
        page.go_back()
        page.locator("#users").get_by_role("link", name="op-dlh").click()
        page.get_by_role("button", name="Nonaktifkan akun").click()
        expect(page.get_by_role("status")).to_contain_text("Akun op-dlh dinonaktifkan.")
        self.assertFalse(User.objects.get(username="op-dlh").is_active)

        # The rakor report list: the stored file downloads again.
        self.menu_link("Laporan rakor").click()
        reports = page.locator("#reports tbody tr")
        expect(reports).to_have_count(1)
        self.fits()
        with page.expect_download() as download:
            reports.get_by_role("link", name="Unduh XLSX").click()
        self.assertEqual(download.value.suggested_filename, self.report.filename)

        # The audit log: the account changes and the download, then filtered.
        self.menu_link("Log audit").click()
        log = page.locator("#audit tbody tr")
        expect(log.filter(has_text="akun dibuat; OPD: DLH")).to_have_count(1)
        expect(log.filter(has_text="akun dinonaktifkan")).to_have_count(1)
        expect(log.filter(has_text="Unduh laporan rakor")).to_have_count(1)
        self.fits()
        page.get_by_label("Jenis").select_option(label="Unduh laporan rakor")
        page.get_by_role("button", name="Terapkan").click()
        expect(log).to_have_count(1)
        expect(log).to_contain_text(self.report.filename)
        page.get_by_label("Jenis").select_option(label="Pencarian NIK")
        page.get_by_role("button", name="Terapkan").click()
        expect(page.get_by_text("Tidak ada catatan yang cocok dengan filter ini.")).to_be_visible()
        self.fits()

    def test_admin_pemda_at_laptop_width(self) -> None:
        self.walk(1366)

    def test_admin_pemda_at_phone_width(self) -> None:
        self.walk(390)
