"""Imports, linking, recompute and the warning workflow through services and pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine
from django.core.files.base import ContentFile

from lindung.bpjs import services as bpjs_services
from lindung.bpjs.models import Employer, Link
from lindung.compliance import rules, services
from lindung.compliance.models import Business, BusinessFigure, Finding, FindingStep
from lindung.compliance.tests.factories import make_business, make_employer
from lindung.imports import pipeline
from lindung.tests.base import BaseTestCase

TODAY = date(2026, 11, 20)


def run_import(pemda: Any, user: Any, kind: str, text: str, **options: Any) -> Any:
    batch = pipeline.create_batch(
        pemda=pemda, kind=kind, source=ContentFile(text.encode(), name=f"{kind}.csv"),
        original_name=f"{kind}.csv", user=user, options=options,
    )  # fmt: skip
    checked = pipeline.check(batch)
    assert checked.status == "preview", checked.as_json()
    return pipeline.commit(batch)


BUSINESSES = """\
NIB;Nama Usaha;KBLI;Skala Usaha;Kecamatan;Alamat;Jumlah Pekerja;Total Upah;Tanggal Data
9120001111111;PT. Batik Jaya Abadi;13134;Kecil;Pekalongan Barat;Jl. A 1;20;56000000;31/01/2026
9120002222222;CV Sinar Tekstil;14111;Menengah;Pekalongan Timur;Jl. B 2;60;180000000;31/01/2026
9120003333333;UD Roti Manis;10792;Mikro;Pekalongan Utara;Jl. C 3;5;13000000;31/01/2026
9120004444444;Soto Tauto Pak Slamet;56101;Kecil;Pekalongan Selatan;Jl. D 4;12;33600000;31/01/2026
"""
EMPLOYERS = (
    "NPP;Divisi;Nama Perusahaan;NIB;Kecamatan;TK Aktif;Total Upah;Program;Iuran Terakhir;"
    "Tunggakan\n"
    """\
17000001;001;Batik Jaya Abadi;9120001111111;Pekalongan Barat;20;40000000;JKK,JKM,JHT;2026-10;0
17000002;001;SINAR TEKSTIL, CV;;Pekalongan Timur;35;105000000;JKK,JKM;2026-10;0
17000003;001;Roti Manis;;Pekalongan Selatan;5;13000000;JKK,JKM;2026-05;1000000
"""
)


@time_machine.travel(date(2026, 11, 20), tick=False)
class ImportAndFindingsTest(BaseTestCase):
    def setUp(self) -> None:
        services.umk_set(actor=self.admin, pemda=self.pemda, year=2026, amount=2_600_000)

    def test_business_import_opens_pwbd_for_every_business_with_workers(self) -> None:
        summary = run_import(self.pemda, self.disnaker, "businesses", BUSINESSES,
                             figure_source="wlkp")  # fmt: skip
        self.assertEqual(summary.created, 4)
        batik = Business.objects.get(nib="9120001111111")
        self.assertEqual(batik.name_key, "batik jaya abadi")
        self.assertEqual(batik.figures.get().source, "wlkp")
        self.assertEqual(
            set(Finding.objects.filter(pemda=self.pemda).values_list("kind", flat=True)),
            {rules.PWBD},
        )
        self.assertEqual(batik.history.first().history_change_reason[:5], "Impor")
        batik.refresh_from_db()
        self.assertEqual(batik.status, rules.NON_COMPLIANT)
        # The same file again changes nothing.
        again = run_import(self.pemda, self.disnaker, "businesses", BUSINESSES,
                           figure_source="wlkp")  # fmt: skip
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 4))
        self.assertEqual(BusinessFigure.objects.count(), 4)

    def test_employer_import_links_and_recomputes(self) -> None:
        run_import(self.pemda, self.disnaker, "businesses", BUSINESSES, figure_source="wlkp")
        summary = run_import(self.pemda, self.bpjs, "employers", EMPLOYERS)
        self.assertEqual(summary.created, 3)
        links = {npp: (link, reason) for npp, link, reason in
                 Employer.objects.values_list("npp", "link", "reason")}  # fmt: skip
        # By NIB; by name + kecamatan ("SINAR TEKSTIL, CV" = "CV Sinar Tekstil");
        # "Roti Manis" sits in another kecamatan: to the review list.
        expected = {
            "17000001": ("auto", "nib"),
            "17000002": ("auto", "name_kecamatan"),
            "17000003": ("proposed", "name"),
        }
        self.assertEqual(links, expected)
        kinds = {
            (b, k)
            for b, k in Finding.objects.filter(stage__in=rules.ACTIVE_STAGES).values_list(
                "business__nib", "kind"
            )
        }
        self.assertEqual(
            kinds,
            {
                # 20 reported and active, but 2,000,000 < UMK and < 2,800,000 (WLKP).
                ("9120001111111", rules.PDS_UPAH),
                # Medium: 60 reported, 35 active, only JKK + JKM of four programs.
                ("9120002222222", rules.PDS_TK),
                ("9120002222222", rules.PDS_PROGRAM),
                # Not linked yet (review), so still PWBD; the soto stall has no NPP.
                ("9120003333333", rules.PWBD),
                ("9120004444444", rules.PWBD),
            },
        )
        # The batik maker's PWBD is resolved by the system, with a dated step.
        pwbd = Finding.objects.get(business__nib="9120001111111", kind=rules.PWBD)
        self.assertEqual(pwbd.stage, rules.RESOLVED)
        self.assertEqual(pwbd.steps.last().note, "Tidak terdeteksi lagi pada data terbaru.")

        # The reviewer confirms the bakery: PWBD resolved, arrears found (paid through May).
        roti = Employer.objects.get(npp="17000003")
        self.client.force_login(self.disnaker)
        response = self.client.post(
            f"/bpjs/tautan/{roti.pk}/", {"jenis": "usaha", "decision": "confirm"}
        )
        self.assertRedirects(response, "/bpjs/tautan/?jenis=usaha")
        roti.refresh_from_db()
        self.assertEqual((roti.link, roti.linked_by), (Link.CONFIRMED, self.disnaker))
        active = set(
            Finding.objects.filter(business__nib="9120003333333", stage__in=rules.ACTIVE_STAGES)
            .values_list("kind", flat=True)
        )  # fmt: skip
        self.assertEqual(active, {rules.ARREARS})

    def test_a_rejected_suggestion_is_not_suggested_again(self) -> None:
        business = make_business(self.pemda, name="Batik Pesisir", kecamatan="Pekalongan Barat")
        employer = make_employer(self.pemda, name="PT Batik Pesisir", kecamatan="Pekalongan Utara")
        bpjs_services.business_links_refresh(pemda=self.pemda)
        employer.refresh_from_db()
        self.assertEqual((employer.link, employer.business_id), ("proposed", business.pk))
        bpjs_services.employer_link_decide(actor=self.admin, employer=employer, accept=False)
        employer.refresh_from_db()
        self.assertEqual(employer.rejected, [f"business:{business.pk}"])
        employer.link = Link.NONE
        employer.save()
        bpjs_services.business_links_refresh(pemda=self.pemda)
        employer.refresh_from_db()
        self.assertEqual((employer.link, employer.business_id), ("none", None))

    def test_conflicting_figures_are_kept_and_the_newest_used(self) -> None:
        business = make_business(self.pemda)
        services.figure_add(actor=self.disnaker, business=business, source="wlkp",
                            on=date(2026, 1, 31), workers=40)  # fmt: skip
        services.figure_add(actor=self.disnaker, business=business, source="inspeksi",
                            on=date(2026, 6, 15), workers=25)  # fmt: skip
        business.refresh_from_db()
        self.assertEqual(business.reported_workers, 25)  # not 65
        self.client.force_login(self.pimpinan)
        page = self.client.get(f"/kepatuhan/usaha/{business.pk}/").content.decode()
        self.assertIn("40", page)
        self.assertIn("25", page)
        self.assertIn("terbaru", page)

    def test_a_dismissed_finding_is_not_reopened_by_a_recompute(self) -> None:
        business = make_business(self.pemda)
        services.figure_add(actor=None, business=business, source="wlkp", on=TODAY, workers=3)
        finding = Finding.objects.get(business=business)
        services.finding_step(actor=self.disnaker, finding=finding, stage="dismissed",
                              note="Usaha keluarga tanpa pekerja upahan")  # fmt: skip
        services.findings_recompute(pemda=self.pemda)
        self.assertEqual(Finding.objects.filter(business=business).count(), 1)
        business.refresh_from_db()
        self.assertEqual(business.status, rules.COMPLIANT)


class WarningDeadlineTest(BaseTestCase):
    def test_the_deadline_skips_the_cuti_bersama_of_the_holiday_table(self) -> None:
        # Shipped table, SKB 3 Menteri No. 1497/2025, 2/2025, 5/2025: 18-24 Mar 2026 off
        # (cuti bersama, Nyepi, Idul Fitri) and Good Friday 3 Apr; hand count in test_rules.
        business = make_business(self.pemda)
        services.figure_add(actor=None, business=business, source="wlkp", on=TODAY, workers=3)
        finding = Finding.objects.filter(business=business).first()
        assert finding is not None
        step = services.finding_step(
            actor=self.disnaker, finding=finding, stage=rules.TEGURAN_1, on=date(2026, 3, 17)
        )
        self.assertEqual(step.deadline, date(2026, 4, 8))


@time_machine.travel(date(2026, 11, 20), tick=False)
class WorkflowPagesTest(BaseTestCase):
    def setUp(self) -> None:
        self.business = make_business(self.pemda)
        services.figure_add(actor=None, business=self.business, source="wlkp",
                            on=date(2026, 1, 31), workers=10, total_wages=30_000_000)  # fmt: skip
        self.finding = Finding.objects.get(business=self.business, kind=rules.PWBD)

    def step(self, user: Any, stage: str, note: str = "") -> Any:
        self.client.force_login(user)
        return self.client.post(
            f"/kepatuhan/temuan/{self.finding.pk}/", {"stage": stage, "note": note}
        )

    def test_disnaker_sends_teguran_one_with_a_letter(self) -> None:
        response = self.step(self.disnaker, "teguran_1")
        self.assertRedirects(response, f"/kepatuhan/usaha/{self.business.pk}/")
        self.finding.refresh_from_db()
        self.assertEqual(self.finding.stage, "teguran_1")
        # 10 working days (PP 86/2013 Pasal 8 rule row) from Friday 20 November.
        self.assertEqual(self.finding.deadline, date(2026, 12, 4))
        step = self.finding.steps.get(stage="teguran_1")
        self.assertEqual((step.by, step.letter_number), (self.disnaker, "560/001/Disnaker/2026"))
        response = self.client.get(f"/kepatuhan/langkah/{step.pk}/surat.pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        from lindung.compliance.letters import letter_html

        html = letter_html(step)
        self.assertIn("Teguran Tertulis Pertama", html)
        self.assertIn(self.business.name, html)
        self.assertIn("4 Desember 2026", html)

    def test_illegal_steps_are_refused_and_nothing_changes(self) -> None:
        response = self.step(self.disnaker, "teguran_2")  # not offered from "open"
        self.assertEqual(response.status_code, 200)
        self.step(self.disnaker, "teguran_1")
        response = self.step(self.disnaker, "teguran_2")  # deadline not over
        self.assertContains(response, "Tenggat tahap Teguran I baru berakhir 4 Desember 2026")
        response = self.step(self.disnaker, "dismissed")  # no reason
        self.assertContains(response, "Alasan wajib diisi")
        self.finding.refresh_from_db()
        self.assertEqual(self.finding.stage, "teguran_1")
        self.assertEqual(FindingStep.objects.filter(finding=self.finding).count(), 2)

    def test_the_whole_way_to_tmp2t_and_resolution(self) -> None:
        self.step(self.disnaker, "teguran_1")
        with time_machine.travel(date(2026, 12, 7), tick=False):
            self.step(self.disnaker, "teguran_2")
        with time_machine.travel(date(2026, 12, 22), tick=False):
            self.step(self.admin, "tmp2t")
            self.finding.refresh_from_db()
            self.assertEqual(self.finding.stage, "tmp2t")
            self.business.refresh_from_db()
            self.assertEqual(self.business.open_findings[0]["stage"], "tmp2t")
            self.step(self.disnaker, "resolved", "Sudah mendaftar, NPP 17001234")
        stages = list(self.finding.steps.order_by("on", "pk").values_list("stage", flat=True))
        self.assertEqual(stages, ["open", "teguran_1", "teguran_2", "tmp2t", "resolved"])
        self.business.refresh_from_db()
        self.assertEqual(self.business.status, rules.COMPLIANT)

    def test_readers_cannot_take_steps(self) -> None:
        for user in (self.pimpinan, self.bpjs):
            with self.subTest(user=user.username):
                self.assertEqual(self.step(user, "teguran_1").status_code, 403)
        self.assertEqual(self.step(self.perizinan, "teguran_1").status_code, 403)
        self.assertEqual(self.step(self.outsider, "teguran_1").status_code, 404)
        self.finding.refresh_from_db()
        self.assertEqual(self.finding.stage, "open")
