"""In a real browser: an OPD records a project and its termins, the BPJS officer records the
registration and the first payment, and the termin gate opens for the first termin only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from lindung.accounts.models import Role
from lindung.accounts.services import user_upsert
from lindung.lib.dates import today
from lindung.projects.models import Payment, Project
from lindung.tests.base import PASSWORD
from lindung.tests.browser import BrowserTestCase
from lindung.tests.factories import make_opd, make_pemda

NAME = "Rehabilitasi Saluran Drainase Jl. Hayam Wuruk"


@pytest.mark.browser
class TerminGateBrowserTest(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pemda = make_pemda("3375", "Kota Pekalongan")
        self.dpupr = make_opd(self.pemda, "DPUPR", name="Dinas Pekerjaan Umum")
        self.operator = user_upsert(
            username="operator-pu", password=PASSWORD, pemda=self.pemda,
            role=Role.OPERATOR_OPD, opds=[self.dpupr],
        )  # fmt: skip
        self.bpjs = user_upsert(
            username="petugas-bpjs", password=PASSWORD, pemda=self.pemda, role=Role.PETUGAS_BPJS
        )

    def test_register_pay_and_see_the_termin_gate_open(self) -> None:
        page = self.page
        spk = today() - timedelta(days=20)

        # The OPD records its project and a two-termin schedule.
        self.login(self.operator.username)
        self.menu_link("Proyek konstruksi").click()
        page.get_by_role("link", name="Tambah proyek").click()
        page.get_by_label("OPD pemilik").select_option(label="Dinas Pekerjaan Umum")
        page.get_by_label("Nama paket pekerjaan").fill(NAME)
        page.get_by_label("Nama penyedia jasa").fill("CV Karya Batik Konstruksi")
        page.get_by_label("Nilai kontrak tanpa PPN (Rp)").fill("Rp 850.000.000")
        page.get_by_label("Tanggal SPK").fill(spk.isoformat())
        page.get_by_label("Tanggal mulai").fill((spk + timedelta(days=5)).isoformat())
        page.get_by_label("Tanggal selesai").fill((spk + timedelta(days=180)).isoformat())
        page.get_by_role("button", name="Simpan").click()
        expect(page.get_by_role("heading", level=1, name=NAME)).to_be_visible()
        # Permenakertrans 44/2015 / docs/regulations.md worked example: Rp850 juta -> Rp1.525.000.
        expect(page.locator("#iuran")).to_contain_text("Rp1.525.000")
        expect(page.locator("#status")).to_have_text("Belum terdaftar")
        for planned in (60, 170):
            page.get_by_role("link", name="Tambah termin").click()
            page.get_by_label("Rencana tanggal bayar").fill(
                (spk + timedelta(days=planned)).isoformat()
            )
            page.get_by_label("Persen nilai kontrak").fill("50")
            page.get_by_role("button", name="Simpan").click()
        expect(page.locator("#termins tbody tr")).to_have_count(2)
        project_url = page.url

        # Before registration the gate is shut and says why.
        page.get_by_role("link", name="Cek termin").click()
        page.get_by_label("Termin ke").fill("1")
        page.get_by_role("button", name="Periksa").click()
        expect(page.locator("#gate-result")).to_contain_text("Belum boleh dibayar")
        expect(page.locator("#gate-result")).to_contain_text("belum didaftarkan")
        page.get_by_role("button", name="Keluar").click()

        # The BPJS officer records the registration and the first stage (50% = Rp762.500).
        self.login(self.bpjs.username)
        page.goto(project_url)
        page.get_by_role("link", name="Catat pendaftaran BPJS").click()
        page.get_by_label("Nomor pendaftaran proyek BPJS").fill("JK2511-00042")
        page.get_by_label("Tanggal pendaftaran").fill((spk + timedelta(days=3)).isoformat())
        page.get_by_role("button", name="Simpan").click()
        expect(page.locator("#status")).to_have_text("Terdaftar tepat waktu")
        page.get_by_role("link", name="Catat pembayaran iuran").click()
        page.get_by_label("Jumlah (Rp)").fill("762.500")
        page.get_by_label("Tanggal bayar").fill(today().isoformat())
        page.get_by_role("button", name="Simpan").click()
        expect(page.locator("#paid")).to_have_text("Rp762.500")
        expect(page.locator("#payments tbody tr")).to_have_count(1)

        # The first termin may now be paid; the last needs the iuran in full.
        page.get_by_role("link", name="Cek termin").click()
        page.get_by_label("Termin ke").fill("1")
        page.get_by_role("button", name="Periksa").click()
        expect(page.locator("#gate-result")).to_contain_text("Boleh dibayar")
        page.get_by_label("Termin ke").fill("2")
        page.get_by_role("button", name="Periksa").click()
        expect(page.locator("#gate-result")).to_contain_text("Belum boleh dibayar")
        expect(page.locator("#gate-result")).to_contain_text("kurang Rp762.500")

        project = Project.objects.get(name=NAME)
        self.assertEqual(project.registration_number, "JK2511-00042")
        self.assertEqual(list(Payment.objects.values_list("amount", flat=True)), [762_500])
