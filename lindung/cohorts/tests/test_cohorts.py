"""Cohorts through pages and services: bad input, registration status, summary, targets."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from lindung.bpjs.models import Membership
from lindung.cohorts import queries, services
from lindung.cohorts.models import ElectionCohort, ElectionMember, InformalMember, SegmentTarget
from lindung.cohorts.tests.factories import (
    make_election,
    make_election_member,
    make_informal,
    make_informal_member,
)
from lindung.imports.models import ImportBatch
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_valid_nik


def snapshot(pemda: Any, *rows: dict[str, Any]) -> None:
    """A current BPJS membership snapshot with the given rows."""
    batch = ImportBatch.objects.create(pemda=pemda, kind="memberships", original_name="bpjs.xlsx")
    for row in rows:
        Membership.objects.create(
            pemda=pemda, batch=batch, scope=f"segment:{row.get('segment', 'BPU')}",
            **{"status": "aktif", "is_current": True, "segment": "BPU", "programs": "JKK,JKM",
               **row},
        )  # fmt: skip


class BadInputTest(BaseTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.admin)

    def test_a_term_that_ends_before_it_starts_is_a_field_error(self) -> None:
        response = self.client.post(
            "/kohort/pemilu/tambah/",
            {"body": "kpu", "election_name": "Pilkada 2024", "term_start": "2024-12-01",
             "term_end": "2024-10-01"},
        )  # fmt: skip
        self.assertContains(response, "Akhir masa tugas tidak boleh sebelum awal masa tugas.")
        self.assertFalse(ElectionCohort.objects.exists())
        with self.assertRaises(ValidationError):
            services.election_cohort_create(
                actor=None, pemda=self.pemda, body="kpu", election_name="X",
                term_start=date(2024, 12, 1), term_end=date(2024, 10, 1),
            )  # fmt: skip
        self.assertFalse(ElectionCohort.objects.exists())

    def test_an_invalid_nik_is_a_field_error(self) -> None:
        cohort = make_informal(self.pemda)
        for nik in ("12345", "3375019999990001"):
            with self.subTest(nik=nik):
                response = self.client.post(
                    f"/kohort/informal/{cohort.pk}/anggota/",
                    {"nik": nik, "name": "Warto", "declared_income": "1000000"},
                )
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors["nik"])
        self.assertFalse(InformalMember.objects.exists())

    def test_a_nik_twice_in_one_cohort_is_a_field_error(self) -> None:
        cohort = make_election(self.pemda)
        make_election_member(cohort, nik=(nik := make_valid_nik()))
        response = self.client.post(
            f"/kohort/pemilu/{cohort.pk}/anggota/", {"role": "kpps", "nik": nik, "name": "Lagi"}
        )
        self.assertContains(response, "NIK ini sudah tercatat di kohort ini.")
        self.assertEqual(ElectionMember.objects.count(), 1)
        # The same person may serve in another cohort.
        other = make_election(self.pemda, body="bawaslu")
        services.election_role_set(actor=None, cohort=other, role="ppl", honorarium=1_500_000)
        services.election_member_add(actor=None, cohort=other, role="ppl", nik=nik, name="Lagi")
        self.assertEqual(ElectionMember.objects.filter(nik=nik).count(), 2)

    def test_a_member_needs_a_role_with_honorarium(self) -> None:
        cohort = make_election(self.pemda)
        response = self.client.post(
            f"/kohort/pemilu/{cohort.pk}/anggota/",
            {"role": "ppk", "nik": make_valid_nik(), "name": "Rudi"},
        )
        self.assertContains(response, "Isi dulu honorarium peran ini untuk kohort ini.")
        self.assertFalse(ElectionMember.objects.exists())

    def test_income_under_the_bpu_minimum_is_refused(self) -> None:
        cohort = make_informal(self.pemda)
        response = self.client.post(
            f"/kohort/informal/{cohort.pk}/anggota/",
            {"nik": make_valid_nik(), "name": "Warto", "declared_income": "900000"},
        )
        self.assertContains(response, "Penghasilan paling rendah Rp1.000.000")
        self.assertFalse(InformalMember.objects.exists())


class RegistrationStatusTest(BaseTestCase):
    def test_election_members_need_an_active_membership_with_jkk_and_jkm(self) -> None:
        cohort = make_election(self.pemda)
        ok, jkk_only, inactive, old, elsewhere, none = (
            make_election_member(cohort, name=n) for n in "ABCDEF"
        )
        snapshot(
            self.pemda,
            {"nik": ok.nik, "segment": "PU", "programs": "JKK,JKM,JHT"},
            {"nik": jkk_only.nik, "segment": "PU", "programs": "JKK"},
            {"nik": inactive.nik, "status": "non_aktif"},
            {"nik": old.nik, "is_current": False},
        )
        snapshot(self.other_pemda, {"nik": elsewhere.nik})
        with self.assertNumQueries(1):
            status = {
                m.name: m.registered
                for m in queries.election_members_with_status(cohort.members.all())
            }
        self.assertEqual(status, dict(A=True, B=False, C=False, D=False, E=False, F=False))
        self.assertEqual(none.cohort, cohort)

    def test_informal_members_need_an_active_bpu_membership(self) -> None:
        cohort = make_informal(self.pemda)
        bpu, pu = make_informal_member(cohort, name="A"), make_informal_member(cohort, name="B")
        snapshot(self.pemda, {"nik": bpu.nik}, {"nik": pu.nik, "segment": "PU"})
        with self.assertNumQueries(1):
            status = {
                m.name: m.registered
                for m in queries.informal_members_with_status(cohort.members.all())
            }
        self.assertEqual(status, {"A": True, "B": False})


class SummaryAndTargetsTest(BaseTestCase):
    def test_per_role_summary_counts_and_costs(self) -> None:
        # Term 1 Oct - 15 Dec 2024 (3 contribution months). PPK Rp2.200.000:
        # 5.280 + 6.600 = 11.880 a month; KPPS Rp1.100.000: 2.640 + 3.300 = 5.940.
        cohort = make_election(self.pemda)
        ppk = [make_election_member(cohort, "ppk", 2_200_000) for _ in range(2)]
        for _ in range(3):
            make_election_member(cohort, "kpps", 1_100_000)
        snapshot(self.pemda, {"nik": ppk[0].nik, "segment": "PU"})
        rows = {r["role"].role: r for r in queries.election_role_summary(cohort)}
        self.assertEqual(
            (rows["ppk"]["members"], rows["ppk"]["registered"], rows["ppk"]["term_total"]),
            (2, 1, 2 * 3 * 11_880),
        )
        self.assertEqual(
            (rows["kpps"]["members"], rows["kpps"]["registered"], rows["kpps"]["term_total"]),
            (3, 0, 3 * 3 * 5_940),
        )
        self.client.force_login(self.pimpinan)
        page = self.client.get(f"/kohort/pemilu/{cohort.pk}/")
        self.assertContains(page, "Rp124.740")  # 71.280 + 53.460
        self.assertNotContains(page, ppk[0].nik)  # masked for Pimpinan
        self.client.force_login(self.bpjs)
        self.assertContains(self.client.get(f"/kohort/pemilu/{cohort.pk}/"), ppk[0].nik)

    def test_a_role_with_its_own_term_is_priced_and_on_duty_for_that_term_only(self) -> None:
        # Cohort 1 Apr - 30 Nov 2024; KPPS only in November: 5.940 x 1 month x 2 members.
        cohort = make_election(
            self.pemda, term_start=date(2024, 4, 1), term_end=date(2024, 11, 30)
        )
        make_election_member(cohort, "ppk", 2_200_000)
        for _ in range(2):
            make_election_member(cohort, "kpps", 1_100_000)
        self.client.force_login(self.admin)
        url = f"/kohort/pemilu/{cohort.pk}/peran/"
        outside = {"role": "kpps", "honorarium": "1100000", "term_start": "2024-11-01",
                   "term_end": "2024-12-31"}  # fmt: skip
        self.assertContains(
            self.client.post(url, outside), "Masa tugas peran harus di dalam masa tugas kohort."
        )
        half = {"role": "kpps", "honorarium": "1100000", "term_start": "2024-11-01"}
        self.assertContains(self.client.post(url, half), "Isi awal dan akhir masa tugas peran")
        ok = {**outside, "term_end": "2024-11-30"}
        self.assertRedirects(self.client.post(url, ok), f"/kohort/pemilu/{cohort.pk}/")
        rows = {r["role"].role: r for r in queries.election_role_summary(cohort)}
        self.assertEqual((rows["kpps"]["months"], rows["kpps"]["term_total"]), (1, 11_880))
        self.assertEqual((rows["ppk"]["months"], rows["ppk"]["term_total"]), (8, 8 * 11_880))
        page = self.client.get(f"/kohort/pemilu/{cohort.pk}/")
        self.assertContains(page, "1 November 2024 – 30 November 2024 (1 bulan)")
        self.assertEqual(queries.election_members_on_duty(self.pemda, date(2024, 6, 1)), 1)
        self.assertEqual(queries.election_members_on_duty(self.pemda, date(2024, 11, 15)), 3)

    def test_targets_progress_counts_registered_active_bpu_members(self) -> None:
        fishers = make_informal(self.pemda)
        fishers_apbd = make_informal(self.pemda, name="Nelayan APBD", funding="apbd")
        ojek = make_informal(self.pemda, name="Ojek Kraton", segment="ojek")
        members = [make_informal_member(fishers) for _ in range(3)]
        # The same fisher in two cohorts counts once.
        make_informal_member(fishers_apbd, nik=members[0].nik)
        driver = make_informal_member(ojek)
        snapshot(self.pemda, {"nik": members[0].nik}, {"nik": members[1].nik},
                 {"nik": driver.nik, "status": "non_aktif"})  # fmt: skip
        SegmentTarget.objects.create(pemda=self.pemda, segment="nelayan", year=2026, target=4)
        SegmentTarget.objects.create(pemda=self.pemda, segment="ojek", year=2026, target=10)
        with self.assertNumQueries(2):
            progress = {t.segment: t for t in queries.target_progress(self.pemda, 2026)}
        self.assertEqual((progress["nelayan"].members, progress["nelayan"].registered), (3, 2))
        self.assertEqual(progress["nelayan"].progress, 0.5)
        self.assertEqual(progress["nelayan"].gap, 2)
        self.assertEqual((progress["ojek"].registered, progress["ojek"].progress), (0, 0.0))

    def test_target_form_refuses_zero_and_updates_in_place(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(
            "/kohort/target/", {"segment": "batik", "year": "2026", "target": "0"}
        )
        self.assertContains(response, "Target harus lebih dari 0.")
        for target in ("500", "600"):
            self.client.post(
                "/kohort/target/", {"segment": "batik", "year": "2026", "target": target}
            )
        self.assertEqual(list(SegmentTarget.objects.values_list("target", flat=True)), [600])

    def test_panel(self) -> None:
        cohort = make_election(self.pemda, term_start=date(2026, 1, 1), term_end=date(2026, 6, 30))
        make_election_member(cohort, "ppk", 2_000_000)
        fishers = make_informal(self.pemda, funding="apbd")
        member = make_informal_member(fishers)
        snapshot(self.pemda, {"nik": member.nik})
        SegmentTarget.objects.create(pemda=self.pemda, segment="nelayan", year=2026, target=2)
        panel = queries.cohorts_panel(self.pemda, day=date(2026, 5, 10))
        # 6 months x Rp10.800 (docs/regulations.md, worked example).
        self.assertEqual(panel["election"]["term_cost"], 64_800)
        self.assertEqual(panel["election"]["active_members"], 1)
        # APBD-funded: no PP 50/2025 discount, Rp16.800.
        self.assertEqual(panel["informal"]["month_cost"], 16_800)
        self.assertEqual(panel["informal"]["registered"], 1)
        self.assertEqual(panel["targets"][0]["progress"], 0.5)
        self.assertEqual(panel["informal"]["url"], "/kohort/")
