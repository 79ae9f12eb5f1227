"""Business pages: filters, overdue highlight, editing, UMK, letters, the summary panel."""

from __future__ import annotations

from datetime import date

import time_machine

from lindung.bpjs import services as bpjs_services
from lindung.compliance import rules, services
from lindung.compliance.models import Business, Finding, LetterTemplate, Umk
from lindung.compliance.queries import compliance_panel
from lindung.compliance.tests.factories import make_business, make_employer
from lindung.tests.base import BaseTestCase


@time_machine.travel(date(2026, 11, 20), tick=False)
class BusinessPagesTest(BaseTestCase):
    def setUp(self) -> None:
        self.batik = make_business(
            self.pemda, name="Batik Tujuh Rupa", kecamatan="Pekalongan Barat"
        )
        self.resto = make_business(
            self.pemda, name="Soto Tauto", kbli="56101", kecamatan="Pekalongan Timur"
        )
        for b, workers in ((self.batik, 20), (self.resto, 8)):
            services.figure_add(actor=None, business=b, source="wlkp", on=date(2026, 1, 31),
                                workers=workers, total_wages=workers * 3_000_000)  # fmt: skip
        make_employer(self.pemda, nib=self.resto.nib, active_workers=8, total_wages=24_000_000)
        bpjs_services.business_links_refresh(pemda=self.pemda)
        services.findings_recompute(pemda=self.pemda)
        finding = Finding.objects.get(business=self.batik)
        with time_machine.travel(date(2026, 10, 1), tick=False):
            services.finding_step(actor=self.disnaker, finding=finding, stage="teguran_1")

    def test_filters_and_overdue_highlight(self) -> None:
        self.client.force_login(self.disnaker)
        page = self.client.get("/kepatuhan/", {"kecamatan": "Pekalongan Barat"})
        self.assertContains(page, "Batik Tujuh Rupa")
        self.assertNotContains(page, "Soto Tauto")
        self.assertContains(page, 'class="overdue"')
        self.assertContains(page, "Lewat tenggat")
        page = self.client.get("/kepatuhan/", {"sector": "56"})
        self.assertContains(page, "Soto Tauto")
        self.assertNotContains(page, "Batik Tujuh Rupa")
        page = self.client.get("/kepatuhan/", {"stage": "teguran_1"})
        self.assertEqual([b.pk for b in page.context["page"].object_list], [self.batik.pk])
        page = self.client.get("/kepatuhan/", {"overdue": "on"})
        self.assertEqual([b.pk for b in page.context["page"].object_list], [self.batik.pk])
        page = self.client.get("/kepatuhan/", {"status": "compliant"})
        self.assertEqual([b.pk for b in page.context["page"].object_list], [self.resto.pk])

    def test_disnaker_adds_and_edits_a_business(self) -> None:
        self.client.force_login(self.disnaker)
        response = self.client.post("/kepatuhan/usaha/tambah/", {
            "nib": "9120 0099 99999", "name": "CV Garmen Pesisir", "kbli": "14111",
            "scale": "small", "kecamatan": "Pekalongan Utara", "address": "", "jkk_risk_group": 2,
        })  # fmt: skip
        business = Business.objects.get(nib="9120009999999")
        self.assertRedirects(response, f"/kepatuhan/usaha/{business.pk}/")
        self.assertEqual(business.history.first().history_user, self.disnaker)
        response = self.client.post("/kepatuhan/usaha/tambah/", {
            "nib": "12345", "name": "X", "scale": "micro", "jkk_risk_group": 1,
        })  # fmt: skip
        self.assertContains(response, "NIB harus 13 digit")
        response = self.client.post(f"/kepatuhan/usaha/{business.pk}/ubah/", {
            "nib": "0000000000000", "name": "CV Garmen Pesisir Baru", "kbli": "14111",
            "scale": "medium", "kecamatan": "Pekalongan Utara", "jkk_risk_group": 2,
        })  # fmt: skip
        business.refresh_from_db()
        self.assertEqual((business.nib, business.scale), ("9120009999999", "medium"))
        self.client.force_login(self.pimpinan)
        self.assertEqual(self.client.get("/kepatuhan/usaha/tambah/").status_code, 403)

    def test_admin_sets_umk_and_findings_follow(self) -> None:
        self.client.force_login(self.admin)
        self.client.post("/kepatuhan/umk/", {"year": 2026, "amount": "Rp 3.100.000"})
        self.assertEqual(Umk.objects.get(pemda=self.pemda, year=2026).amount, 3_100_000)
        # The restaurant reports 3,000,000 on average: now below the UMK.
        kinds = Finding.objects.filter(business=self.resto, stage="open").values_list(
            "kind", flat=True
        )
        self.assertEqual(list(kinds), [rules.PDS_UPAH])
        self.client.force_login(self.disnaker)
        self.assertEqual(self.client.get("/kepatuhan/umk/").status_code, 403)

    def test_letter_template_is_editable(self) -> None:
        self.client.force_login(self.disnaker)
        # Attribute access in a placeholder is refused on save (issue 15) ...
        response = self.client.post("/kepatuhan/surat/?tahap=teguran_1", {
            "part": "text", "text-subject": "Teguran I", "text-body": "Kepada {nama_usaha} {x.y}",
        })  # fmt: skip
        self.assertContains(response, "Isian {x.y} tidak dikenal")
        self.assertFalse(LetterTemplate.objects.filter(pemda=self.pemda).exists())
        # ... and a template of known names is saved and filled.
        self.client.post("/kepatuhan/surat/?tahap=teguran_1", {
            "part": "text", "text-subject": "Teguran I", "text-body": "Kepada {nama_usaha}",
        })  # fmt: skip
        template = LetterTemplate.objects.get(pemda=self.pemda, stage="teguran_1")
        self.assertEqual(template.subject, "Teguran I")
        from lindung.compliance.letters import letter_html

        step = Finding.objects.get(business=self.batik).steps.get(stage="teguran_1")
        html = letter_html(step)
        self.assertIn("Kepada Batik Tujuh Rupa", html)

    def test_summary_panel(self) -> None:
        with self.assertNumQueries(4):
            panel = compliance_panel(self.pemda)
        self.assertEqual(panel["businesses"], 2)
        self.assertEqual(panel["by_status"], {"compliant": 1, "non_compliant": 1, "unknown": 0})
        self.assertEqual(
            (panel["workers_reported"], panel["workers_bpjs"], panel["workers_unprotected"]),
            (28, 8, 20),
        )
        self.assertEqual(panel["findings_by_kind"]["PWBD"], 1)
        self.assertEqual(panel["workflow"]["teguran_1"], 1)
        self.assertEqual(panel["overdue"], 1)
        self.client.force_login(self.pimpinan)
        page = self.client.get("/kepatuhan/ringkasan/")
        self.assertContains(page, "Pekerja belum terlindungi")
        # Kinds by their labels, each count opening the businesses it counts.
        self.assertContains(page, 'href="/kepatuhan/?kind=PWBD">PWBD (belum mendaftar) 1</a>')
        self.assertNotContains(page, "PDS_TK")
        listed = self.client.get("/kepatuhan/", {"kind": "PWBD"})
        self.assertEqual(listed.context["page"].paginator.count, 1)
        self.assertContains(page, 'href="/kepatuhan/?status=non_compliant">Tidak patuh 1</a>')

    def test_evidence_is_shown_by_label(self) -> None:
        finding = Finding.objects.get(business=self.batik)
        self.client.force_login(self.disnaker)
        for url in (f"/kepatuhan/temuan/{finding.pk}/", f"/kepatuhan/usaha/{self.batik.pk}/"):
            with self.subTest(url=url):
                page = self.client.get(url)
                self.assertContains(page, "<dt>Pekerja yang dilaporkan</dt><dd>20</dd>")
                self.assertContains(page, "<dt>Tanggal angka</dt><dd>31 Januari 2026</dd>")
                self.assertContains(
                    page, "<dt>Sumber angka</dt><dd>WLKP (wajib lapor ketenagakerjaan)</dd>"
                )
                self.assertNotContains(page, "reported_workers")

    def test_home_leads_disnaker_and_perizinan_to_their_pages(self) -> None:
        self.client.force_login(self.disnaker)
        self.assertContains(self.client.get("/"), 'href="/kepatuhan/"')
        self.client.force_login(self.perizinan)
        home = self.client.get("/")
        self.assertContains(home, 'href="/kepatuhan/cek/"')
        self.assertNotContains(home, 'href="/kepatuhan/"')
