"""An Operator OPD at work in a real browser: add, find and end a worker; stay inside own OPD."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from lindung.accounts.models import Role
from lindung.accounts.services import user_upsert
from lindung.lib.dates import today
from lindung.registry.models import Engagement, Person
from lindung.tests.base import PASSWORD
from lindung.tests.browser import BrowserTestCase
from lindung.tests.factories import (
    make_engagement,
    make_opd,
    make_pemda,
    make_person,
    make_valid_nik,
)

DLH = "Dinas Lingkungan Hidup"


@pytest.mark.browser
class OperatorBrowserTest(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pemda = make_pemda("3375", "Kota Pekalongan")
        self.dlh = make_opd(self.pemda, "DLH", name=DLH)
        self.dindik = make_opd(self.pemda, "DINDIK", name="Dinas Pendidikan")
        # A worker already in DLH, so that the NIK search has something to filter out.
        self.dlh_worker = make_engagement(
            self.dlh, make_person(self.pemda, name="Siti Aminah", nik=make_valid_nik(sex="P"))
        )
        self.dindik_worker = make_engagement(
            self.dindik, make_person(self.pemda, name="Joko Susilo")
        )
        self.operator = user_upsert(
            username="operator-dlh",
            password=PASSWORD,
            pemda=self.pemda,
            role=Role.OPERATOR_OPD,
            opds=[self.dlh],
        )

    def test_operator_adds_finds_and_ends_a_worker(self) -> None:
        page = self.page
        nik = make_valid_nik(birth=date(1996, 3, 14), sex="P")
        name = "Rina Kartika"
        # Ended yesterday: unambiguously "Berakhir" today (an end date of today is still active).
        start, end = today() - timedelta(days=30), today() - timedelta(days=1)
        reason = "Kontrak tidak diperpanjang (uji peramban)"

        self.login(self.operator.username)

        # The OPD list shows the operator's own OPD only.
        self.menu_link("OPD & pekerja").click()
        expect(page.get_by_role("heading", name="Organisasi Perangkat Daerah")).to_be_visible()
        expect(page.get_by_role("link", name="Dinas Pendidikan")).to_have_count(0)
        page.get_by_role("link", name=DLH).click()
        expect(page.get_by_role("heading", level=1, name=DLH)).to_be_visible()

        # Add a worker; the wage is typed the way people write it.
        page.get_by_role("link", name="Tambah pekerja").click()
        expect(page.get_by_role("heading", name=f"Tambah pekerja di {DLH}")).to_be_visible()
        page.get_by_role("textbox", name="NIK", exact=True).fill(nik)
        page.get_by_label("Nama lengkap").fill(name)
        page.get_by_label("Kategori").select_option(label="Tenaga kegiatan")
        page.get_by_label("Upah per bulan (Rp)").fill("Rp 2.500.000")
        page.get_by_label("Tanggal mulai").fill(start.isoformat())
        page.get_by_role("button", name="Simpan").click()

        # Landed on the person page.
        expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text(f"{name} ditambahkan ke {DLH}.")
        expect(page.locator("#person-nik")).to_have_text(nik)
        engagement_row = page.locator("#engagements tbody tr")
        expect(engagement_row).to_have_count(1)
        expect(engagement_row).to_contain_text("Tenaga kegiatan")
        expect(engagement_row).to_contain_text("Rp2.500.000")
        expect(engagement_row.locator(".badge")).to_have_text("Aktif")
        person_url = page.url
        engagement = Engagement.objects.get(person__nik=nik)
        self.assertEqual(
            (engagement.opd_id, engagement.monthly_wage, engagement.start_date),
            (self.dlh.pk, 2_500_000, start),
        )

        # Back to the OPD's worker list; the NIK search finds exactly this worker.
        engagement_row.get_by_role("link", name=DLH).click()
        workers = page.locator("#workers tbody tr")
        expect(workers).to_have_count(2)
        page.get_by_label("Cari nama atau NIK").fill(nik)
        page.get_by_role("button", name="Terapkan").click()
        expect(page).to_have_url(re.compile(rf"[?&]q={nik}(&|$)"))
        expect(workers).to_have_count(1)
        expect(workers).to_contain_text(nik)
        expect(workers).to_contain_text(name)

        # Open the worker and end the engagement.
        workers.get_by_role("link", name=name).click()
        expect(page).to_have_url(person_url)
        page.get_by_role("link", name="Akhiri").click()
        expect(
            page.get_by_role("heading", name=f"Akhiri penugasan {name} di {DLH}")
        ).to_be_visible()
        page.get_by_label("Tanggal berakhir").fill(end.isoformat())
        page.get_by_label("Alasan perubahan").fill(reason)
        page.get_by_role("button", name="Simpan").click()

        expect(page).to_have_url(person_url)
        expect(page.get_by_role("status")).to_contain_text(f"Penugasan {name} diakhiri.")
        with translation.override("id"):
            end_text = date_format(end)
        expect(engagement_row).to_contain_text(end_text)
        expect(engagement_row.locator(".badge")).to_have_text("Berakhir")
        expect(engagement_row.get_by_role("link", name="Akhiri")).to_have_count(0)

        # The history names the change, the reason and the operator.
        ended = page.locator("#history > li").filter(has_text=f"Alasan: {reason}")
        expect(ended).to_have_count(1)
        expect(ended).to_contain_text(f"oleh {self.operator.username}")
        expect(ended.locator(".changes li")).to_have_text(f"tanggal berakhir: {end_text}")

        engagement.refresh_from_db()
        self.assertEqual(engagement.end_date, end)
        last = engagement.history.latest("history_date", "history_id")
        self.assertEqual(
            (last.history_change_reason, last.history_user_id), (reason, self.operator.pk)
        )

        # Another OPD's worker and worker list do not exist for this operator.
        self.assertEqual(self.status_of(f"/registri/orang/{self.dindik_worker.person_id}/"), 404)
        self.assertEqual(self.status_of(f"/registri/opd/{self.dindik.pk}/"), 404)
        self.assertEqual(
            self.status_of(f"/registri/penugasan/{self.dindik_worker.pk}/akhiri/"), 404
        )

    def test_invalid_nik_is_refused_next_to_the_field(self) -> None:
        page = self.page
        bad_nik = "3375011513900001"  # month 13: the birth date part of the NIK cannot exist
        engagements_before = Engagement.objects.count()

        self.login(self.operator.username)
        self.menu_link("OPD & pekerja").click()
        page.get_by_role("link", name=DLH).click()
        page.get_by_role("link", name="Tambah pekerja").click()
        add_url = page.url
        page.get_by_role("textbox", name="NIK", exact=True).fill(bad_nik)
        page.get_by_label("Nama lengkap").fill("Dewi Lestari")
        page.get_by_label("Kategori").select_option(label="Honorer")
        page.get_by_label("Upah per bulan (Rp)").fill("2500000")
        page.get_by_role("button", name="Simpan").click()

        # Still on the form, with the Indonesian message in the NIK field's own block.
        expect(page.get_by_role("heading", name=f"Tambah pekerja di {DLH}")).to_be_visible()
        expect(page).to_have_url(add_url)
        nik_input = page.get_by_role("textbox", name="NIK", exact=True)
        nik_field = page.locator("div.field").filter(has=nik_input)
        expect(nik_field.get_by_role("alert")).to_have_text(
            "Bulan lahir pada NIK tidak valid (13)."
        )
        expect(page.locator(".field-error")).to_have_count(1)
        expect(nik_input).to_have_value(bad_nik)
        expect(page.get_by_label("Nama lengkap")).to_have_value("Dewi Lestari")

        self.assertFalse(Person.objects.filter(nik=bad_nik).exists())
        self.assertEqual(Engagement.objects.count(), engagements_before)
