"""Cohort services and the access helper, branch by branch."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from lindung.cohorts import access, services
from lindung.cohorts.models import InformalMember, SegmentTarget
from lindung.cohorts.tests.factories import make_election
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_valid_nik


class CohortServiceTest(BaseTestCase):
    def test_informal_cohort_and_members(self) -> None:
        cohort = services.informal_cohort_create(
            actor=self.admin, pemda=self.pemda, name=" Ojek Kraton ", segment="ojek",
            funding="self", kecamatan="Pekalongan Barat",
        )  # fmt: skip
        self.assertEqual((cohort.name, cohort.sector), ("Ojek Kraton", "transport"))
        nik = make_valid_nik()
        member = services.informal_member_add(
            actor=self.admin,
            cohort=cohort,
            nik=f" {nik} ",
            name="Warto",
            declared_income=1_500_000,
        )
        self.assertEqual((member.nik, member.history.first().history_user), (nik, self.admin))
        for bad_nik, field in ((nik, "nik"), ("123", "nik")):
            with self.subTest(nik=bad_nik), self.assertRaises(ValidationError) as caught:
                services.informal_member_add(
                    actor=None, cohort=cohort, nik=bad_nik, name="X", declared_income=1_000_000
                )
            self.assertIn(field, caught.exception.message_dict)
        self.assertEqual(InformalMember.objects.count(), 1)

    def test_member_lists_are_added_and_changed_in_bulk_with_history(self) -> None:
        cohort = make_election(self.pemda)
        services.election_role_set(actor=None, cohort=cohort, role="kpps", honorarium=1_100_000)
        services.election_role_set(actor=None, cohort=cohort, role="pps", honorarium=1_300_000)
        a, b = make_valid_nik(), make_valid_nik()
        rows = [
            {"nik": a, "name": " Ani ", "role": "kpps"},
            {"nik": b, "name": "Budi", "role": "pps"},
        ]
        self.assertEqual(
            services.election_members_bulk_save(
                actor=self.admin, cohort=cohort, rows=rows, reason="uji"
            ),
            (2, 0),
        )
        rows[0]["role"] = "pps"
        self.assertEqual(
            services.election_members_bulk_save(
                actor=None, cohort=cohort, rows=rows, reason="uji"
            ),
            (0, 1),
        )
        ani = cohort.members.get(nik=a)
        self.assertEqual((ani.name, ani.role.role), ("Ani", "pps"))
        self.assertEqual(ani.history.count(), 2)
        self.assertEqual(ani.history.last().history_user, self.admin)
        bad_rows = (
            [{"nik": make_valid_nik(), "name": "C", "role": "ppk"}],  # no honorarium for PPK
            [{"nik": "123", "name": "C", "role": "kpps"}],
            [{"nik": a, "name": "C", "role": "kpps"}, {"nik": a, "name": "C", "role": "kpps"}],
        )
        for bad in bad_rows:
            with self.subTest(rows=bad), self.assertRaises(ValidationError):
                services.election_members_bulk_save(
                    actor=None, cohort=cohort, rows=[rows[1], *bad], reason="uji"
                )
        self.assertEqual(cohort.members.count(), 2)

        informal = services.informal_cohort_create(
            actor=None, pemda=self.pemda, name="Batik", segment="batik", funding="apbd"
        )
        rows = [{"nik": a, "name": "Ani", "declared_income": 1_000_000}]
        save = services.informal_members_bulk_save
        self.assertEqual(save(actor=None, cohort=informal, rows=rows, reason="uji"), (1, 0))
        self.assertEqual(save(actor=None, cohort=informal, rows=rows, reason="uji"), (0, 0))
        rows[0]["declared_income"] = 1_200_000
        self.assertEqual(save(actor=None, cohort=informal, rows=rows, reason="uji"), (0, 1))
        with self.assertRaises(ValidationError) as caught:
            save(actor=None, cohort=informal, rows=[{**rows[0], "declared_income": 999_999}],
                 reason="uji")  # fmt: skip
        self.assertEqual(
            caught.exception.error_dict["declared_income"][0].code, "income_below_minimum"
        )
        self.assertEqual(informal.members.get().declared_income, 1_200_000)

    def test_role_honorarium_and_targets_are_set_in_place(self) -> None:
        cohort = make_election(self.pemda)
        services.election_role_set(actor=None, cohort=cohort, role="kpps", honorarium=1_000_000)
        role = services.election_role_set(
            actor=None, cohort=cohort, role="kpps", honorarium=1_100_000
        )
        self.assertEqual((cohort.roles.count(), role.honorarium), (1, 1_100_000))
        services.segment_target_set(
            actor=None, pemda=self.pemda, segment="batik", year=2026, target=100
        )
        services.segment_target_set(
            actor=None, pemda=self.pemda, segment="batik", year=2026, target=120
        )
        self.assertEqual(list(SegmentTarget.objects.values_list("target", flat=True)), [120])
        with self.assertRaises(ValidationError):
            services.segment_target_set(
                actor=None, pemda=self.pemda, segment="batik", year=2026, target=0
            )

    def test_admin_creates_an_election_cohort_through_the_page(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(
            "/kohort/pemilu/tambah/",
            {"body": "bawaslu", "election_name": " Pilkada 2029 ", "term_start": "2029-06-01",
             "term_end": "2029-12-31"},
        )  # fmt: skip
        cohort = self.pemda.election_cohorts.get()
        self.assertRedirects(response, f"/kohort/pemilu/{cohort.pk}/")
        self.assertEqual((cohort.body, cohort.election_name), ("bawaslu", "Pilkada 2029"))
        self.assertEqual(cohort.history.first().history_user, self.admin)


class CohortAccessTest(BaseTestCase):
    def test_roles(self) -> None:
        with self.assertRaises(PermissionDenied):
            access.cohort_scope(AnonymousUser())  # type: ignore[arg-type]
        self.assertFalse(access.can_read_cohorts(self.operator))
        self.assertFalse(access.can_read_cohorts(self.perizinan))
        self.assertTrue(access.cohort_scope(self.pimpinan).masked)
        self.assertFalse(access.cohort_scope(self.disnaker).masked)
        self.assertTrue(access.cohort_scope(self.root).can_manage)
        with self.assertRaises(PermissionDenied):
            access.require_manager(self.bpjs)
        self.assertEqual(
            [
                access.can_manage_cohorts(u)
                for u in (self.admin, self.root, self.bpjs, self.operator)
            ],
            [True, True, False, False],
        )
