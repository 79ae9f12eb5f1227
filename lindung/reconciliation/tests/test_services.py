"""Runs through the service layer on a constructed ground truth."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lindung.bpjs.models import Employer, Membership
from lindung.bpjs.services import employer_link_decide, opd_links_refresh
from lindung.lib.dates import today
from lindung.reconciliation import queries, services
from lindung.reconciliation.models import Candidate, Result, Run
from lindung.reconciliation.rules import Category, Params
from lindung.reconciliation.tests.scenario import (
    AS_OF,
    DINDIK_NPP,
    Scenario,
    member,
    membership_batch,
)
from lindung.registry.access import WorkerScope
from lindung.registry.models import Engagement
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_engagement, make_person


class ReconcileTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.s = Scenario(cls.pemda, cls.opd, cls.other_opd, [cls.worker, cls.other_worker])

    def run_once(self, **kw: object) -> Run:
        return services.reconcile(pemda=self.pemda, as_of=AS_OF, user=self.bpjs, **kw)  # type: ignore[arg-type]

    def categories(self, run: Run) -> dict[int, str]:
        rows = Result.objects.filter(run=run, engagement__isnull=False)
        return dict(rows.values_list("engagement_id", "category"))

    def test_every_engagement_gets_its_known_category(self) -> None:
        run = self.run_once()
        self.assertEqual(run.status, Run.Status.DONE)
        self.assertEqual(self.categories(run), self.s.expected)
        expected = {c.value: 0 for c in Category} | self.s.counts()
        self.assertEqual(run.counts, expected)
        # The figures add up: per OPD to the total, and each equals its drill-down list.
        for category in Category:
            total = sum(e[category.value] for e in run.by_opd)
            self.assertEqual(total, run.counts[category.value], category)
            for entry in run.by_opd:
                listed = queries.records(
                    Result.objects.filter(run=run), category=category.value,
                    opd_id=entry["opd_id"],
                ).count()  # fmt: skip
                self.assertEqual(listed, entry[category.value])

    def test_iuran_of_each_action_worked_by_hand(self) -> None:
        """Rp2.000.000, risk group I, non-ASN programs JKK+JKM+JHT (Permenaker 1/2025 Pasal 3A).

        JKK 0,24% (PP 44/2015 Pasal 16(1)) = 4.800; JKM 0,30% (Pasal 18(1)) = 6.000;
        JHT 3,7% + 2% (PP 46/2015 Pasal 16(1)) = 74.000 + 40.000: Rp124.800 a month.
        At Rp1.500.000: 3.600 + 4.500 + 55.500 + 30.000 = Rp93.600, so under-reporting
        Rp500.000 of wage leaves Rp31.200 a month unpaid. Missing JHT alone: Rp114.000.
        """
        run = self.run_once()
        iuran = dict(
            Result.objects.filter(run=run, engagement__isnull=False).values_list(
                "engagement_id", "iuran"
            )
        )
        self.assertEqual(iuran[self.s.missing.pk], 124_800)
        self.assertEqual(iuran[self.s.underpaid.pk], 31_200)
        self.assertEqual(iuran[self.s.partial.pk], 114_000)
        self.assertEqual(iuran[self.s.covered.pk], 0)
        self.assertEqual(
            run.iuran[Category.NOT_REGISTERED], 124_800 * run.counts[Category.NOT_REGISTERED]
        )

    def test_candidates_carry_reasons_and_scores(self) -> None:
        run = self.run_once()
        pairs = {c.engagement_id: c for c in Candidate.objects.filter(run=run)}
        one = pairs[self.s.one_digit.pk]
        self.assertEqual(one.membership_id, self.s.one_digit_member.pk)
        self.assertEqual(one.score, 1.0)
        self.assertIn("nik_one_digit", one.reasons)
        self.assertIn("nik_transposition", pairs[self.s.swapped.pk].reasons)
        self.assertEqual(len({c.engagement_id for c in pairs.values()}), 4)

    def test_decisions_carry_over_to_the_next_run(self) -> None:
        first = self.run_once()
        accept = Candidate.objects.get(run=first, engagement=self.s.one_digit)
        reject = Candidate.objects.get(run=first, engagement=self.s.swapped)
        services.candidate_decide(candidate=accept, accepted=True, user=self.bpjs)
        services.candidate_decide(candidate=reject, accepted=False, user=self.bpjs)
        pending = queries.pending(Candidate.objects.all())
        self.assertEqual(pending.count(), 2)  # the two undecided pairs of the latest run
        second = self.run_once()
        after = self.categories(second)
        self.assertEqual(after[self.s.one_digit.pk], Category.COVERED)
        self.assertEqual(after[self.s.swapped.pk], Category.NOT_REGISTERED)
        self.assertFalse(Candidate.objects.filter(run=second, engagement=self.s.swapped).exists())
        self.assertEqual(second.counts["covered"], first.counts["covered"] + 1)
        # "Not the same person": that DLH membership now belongs to nobody DLH knows.
        self.assertEqual(second.counts["unknown_to_city"], first.counts["unknown_to_city"] + 1)

    def test_confirmed_link_moves_workers_to_their_opd(self) -> None:
        first = self.run_once()
        link = Employer.objects.get(pemda=self.pemda, npp=DINDIK_NPP)
        self.assertEqual((link.link, link.opd_id), ("proposed", self.other_opd.pk))
        auto = Employer.objects.get(pemda=self.pemda, npp="11000001")
        self.assertEqual((auto.link, auto.opd_id), ("auto", self.opd.pk))
        employer_link_decide(actor=self.admin, employer=link, accept=True, opd=self.other_opd)
        second = self.run_once()
        self.assertEqual(
            self.categories(second)[self.s.in_dindik.pk], Category.COVERED, "confirmed link"
        )
        self.assertEqual(second.counts["covered"], first.counts["covered"] + 2)

    def test_tolerance_and_unpaid_months_are_parameters(self) -> None:
        run = self.run_once(params=Params(tolerance=500_000, unpaid_months=6))
        cats = self.categories(run)
        self.assertEqual(cats[self.s.underpaid.pk], Category.COVERED)
        self.assertEqual(run.counts["inactive"], 1)  # 5 unpaid months are now tolerated
        self.assertEqual(run.params["tolerance"], 500_000)

    def test_runs_keep_history(self) -> None:
        first = self.run_once()
        Engagement.objects.filter(pk=self.s.missing.pk).update(end_date=AS_OF - timedelta(days=1))
        second = self.run_once()
        self.assertEqual(Result.objects.filter(run=first).count(), sum(first.counts.values()))
        self.assertEqual(second.counts["not_registered"], first.counts["not_registered"] - 1)
        self.assertEqual(queries.previous_run(second), first)
        # What changed: the DLH worker who got registered meanwhile is the one new "covered".
        member(self.s.batch, self.s.missing.person.nik, name="INDRA GUNAWAN")
        third = self.run_once()
        new = queries.records(
            Result.objects.filter(run=third), category="covered", opd_id=None, new_since=second
        )
        self.assertEqual([r.engagement_id for r in new], [])  # ended before the third run
        Engagement.objects.filter(pk=self.s.missing.pk).update(end_date=None)
        fourth = self.run_once()
        new = queries.records(
            Result.objects.filter(run=fourth), category="covered", opd_id=None, new_since=third
        )
        self.assertEqual([r.engagement_id for r in new], [self.s.missing.pk])


class BadInputTest(BaseTestCase):
    def test_no_snapshot_yet(self) -> None:
        with self.assertRaisesMessage(services.ReconcileError, "Belum ada data kepesertaan"):
            services.reconcile(pemda=self.pemda, as_of=AS_OF, user=self.admin)
        self.assertFalse(Run.objects.exists())

    def test_empty_city_list(self) -> None:
        Scenario(self.pemda, self.opd, self.other_opd, [])
        Engagement.objects.filter(pemda=self.pemda).update(end_date=date(2020, 1, 1))
        with self.assertRaisesMessage(services.ReconcileError, "Tidak ada pekerja aktif"):
            services.reconcile(pemda=self.pemda, as_of=AS_OF, user=self.admin)
        self.assertFalse(Run.objects.exists())

    def test_snapshot_of_another_pemda(self) -> None:
        from lindung.reconciliation.tests.scenario import membership_batch

        batch = membership_batch(self.pemda)
        for i in range(3):
            member(batch, f"3325010101900{i:03d}", npp=f"9900000{i}", employer_name="PT BATANG")
        with self.assertRaisesMessage(services.ReconcileError, "bukan milik"):
            services.reconcile(pemda=self.pemda, as_of=AS_OF, user=self.admin)

    def test_future_date_and_bad_parameters(self) -> None:
        Scenario(self.pemda, self.opd, self.other_opd, [])
        with self.assertRaisesMessage(services.ReconcileError, "masa depan"):
            services.reconcile(pemda=self.pemda, as_of=date(2100, 1, 1), user=self.admin)
        with self.assertRaisesMessage(services.ReconcileError, "Toleransi"):
            services.run_create(
                pemda=self.pemda, as_of=AS_OF, user=None, params=Params(tolerance=-1)
            )

    def test_second_run_of_a_pemda_is_refused_while_one_runs(self) -> None:
        Scenario(self.pemda, self.opd, self.other_opd, [])
        running = services.run_create(pemda=self.pemda, as_of=AS_OF, user=self.admin)
        with self.assertRaisesMessage(services.ReconcileError, "sedang berjalan"):
            services.run_create(pemda=self.pemda, as_of=AS_OF, user=self.bpjs)
        services.run_execute(running)
        again = services.run_create(pemda=self.pemda, as_of=AS_OF, user=self.bpjs)
        self.assertEqual(again.status, Run.Status.RUNNING)

    def test_a_failed_run_stores_nothing(self) -> None:
        Scenario(self.pemda, self.opd, self.other_opd, [])
        run = services.run_create(pemda=self.pemda, as_of=AS_OF, user=self.admin)
        Membership.objects.filter(pemda=self.pemda).update(programs="JKK,JKM")
        from unittest import mock

        with (
            mock.patch(
                "lindung.reconciliation.engine.unknown_pass", side_effect=RuntimeError("x")
            ),
            self.assertRaises(RuntimeError),
        ):
            services.run_execute(run)
        run.refresh_from_db()
        self.assertEqual(run.status, Run.Status.FAILED)
        self.assertFalse(Result.objects.filter(run=run).exists())

    def test_query_count_of_a_run_does_not_grow_with_rows(self) -> None:
        s = Scenario(self.pemda, self.opd, self.other_opd, [])
        services.reconcile(pemda=self.pemda, as_of=AS_OF, user=self.admin)
        with CaptureQueriesContext(connection) as small:
            services.reconcile(pemda=self.pemda, as_of=AS_OF, user=self.admin)
        for i in range(30):
            member(s.batch, f"3375010101{i:02d}0001", name=f"X{i}")
        with CaptureQueriesContext(connection) as large:
            services.reconcile(pemda=self.pemda, as_of=AS_OF, user=self.admin)
        self.assertEqual(len(small.captured_queries), len(large.captured_queries))


class LinkAndParameterTest(BaseTestCase):
    def test_parameters_out_of_range(self) -> None:
        Scenario(self.pemda, self.opd, self.other_opd, [])
        for params, field in ((Params(unpaid_months=25), "unpaid_months"),
                              (Params(threshold=0.1), "threshold")):  # fmt: skip
            with self.assertRaises(services.ReconcileError) as caught:
                services.run_create(pemda=self.pemda, as_of=AS_OF, user=None, params=params)
            self.assertEqual(caught.exception.field, field)

    def test_an_npp_typed_on_the_opd_wins_and_decisions_stay(self) -> None:
        Scenario(self.pemda, self.opd, self.other_opd, [])
        opd_links_refresh(pemda=self.pemda)
        link = Employer.objects.get(pemda=self.pemda, npp=DINDIK_NPP)
        employer_link_decide(actor=self.admin, employer=link, accept=False)  # rejected
        opd_links_refresh(pemda=self.pemda)
        link.refresh_from_db()
        self.assertEqual(link.link, "rejected")
        self.other_opd.npp = DINDIK_NPP
        self.other_opd.save()
        opd_links_refresh(pemda=self.pemda)
        link.refresh_from_db()
        self.assertEqual((link.link, link.opd_id), ("confirmed", self.other_opd.pk))

    def test_a_renamed_employer_is_looked_at_again(self) -> None:
        s = Scenario(self.pemda, self.opd, self.other_opd, [])
        opd_links_refresh(pemda=self.pemda)
        Membership.objects.filter(batch=s.batch, npp=DINDIK_NPP).update(
            employer_name="DINAS PENDIDIKAN KOTA PEKALONGAN"
        )
        opd_links_refresh(pemda=self.pemda)
        link = Employer.objects.get(pemda=self.pemda, npp=DINDIK_NPP)
        self.assertEqual((link.link, link.opd_id), ("auto", self.other_opd.pk))

    def test_a_link_to_another_pemdas_opd_is_refused(self) -> None:
        Scenario(self.pemda, self.opd, self.other_opd, [])
        opd_links_refresh(pemda=self.pemda)
        link = Employer.objects.get(pemda=self.pemda, npp=DINDIK_NPP)
        with self.assertRaisesMessage(ValidationError, "Pemda yang sama"):
            employer_link_decide(actor=self.admin, employer=link, accept=True,
                                 opd=self.foreign_opd)  # fmt: skip


class UnknownStartAndWageTest(BaseTestCase):
    """Workers listed without a TMT or a wage, reconciled against last month's export."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.as_of = today().replace(day=1) - timedelta(days=1)  # last day of last month
        paid = cls.as_of.replace(day=1)
        cls.batch = b = membership_batch(cls.pemda)
        for base in (cls.worker, cls.other_worker):  # known wage, no membership: priced
            base.start_date = date(2020, 1, 2)
            base.save()

        def worker(name: str, **kw: object) -> Engagement:
            return make_engagement(cls.opd, make_person(cls.pemda, name=name), **kw)  # type: ignore[arg-type]

        cls.no_start = worker("Tanpa TMT", start_date=None)
        member(b, cls.no_start.person.nik, last_paid_month=paid)
        cls.started_today = worker("Baru Hari Ini", start_date=today())
        member(b, cls.started_today.person.nik, last_paid_month=paid)
        cls.left = worker("Sudah Keluar", start_date=None, end_date=cls.as_of - timedelta(days=1))
        cls.no_wage = worker("Tanpa Upah", start_date=None, monthly_wage=None)
        member(b, cls.no_wage.person.nik, reported_wage=1_000_000, last_paid_month=paid)
        cls.no_wage_missing = worker("Belum Daftar", start_date=None, monthly_wage=None)
        cls.no_wage_partial = worker("Program Kurang", monthly_wage=None)
        member(b, cls.no_wage_partial.person.nik, programs="JKK,JKM", last_paid_month=paid)
        cls.recon = services.reconcile(pemda=cls.pemda, as_of=cls.as_of, user=None)

    def test_an_unknown_start_is_active_on_last_months_run_date(self) -> None:
        found = dict(
            Result.objects.filter(run=self.recon, engagement__isnull=False).values_list(
                "engagement_id", "category"
            )
        )
        self.assertEqual(found[self.no_start.pk], Category.COVERED)
        self.assertNotIn(self.started_today.pk, found)  # starts after the run date
        self.assertNotIn(self.left.pk, found)  # ended before it
        self.assertEqual(self.recon.stats["engagements"], 6)

    def test_an_unknown_wage_is_covered_not_underreported(self) -> None:
        """No city wage to compare with: registered with every program is covered."""
        result = Result.objects.get(run=self.recon, engagement=self.no_wage)
        self.assertEqual(result.category, Category.COVERED)
        self.assertIsNone(result.city_wage)
        self.assertEqual(result.reported_wage, 1_000_000)

    def test_an_unknown_wage_is_left_out_of_the_iuran_and_counted(self) -> None:
        """Rp2.000.000, risk group I, JKK+JKM+JHT: Rp124.800 a month (see above)."""
        rows = dict(
            Result.objects.filter(run=self.recon, engagement__isnull=False).values_list(
                "engagement_id", "iuran"
            )
        )
        self.assertEqual(rows[self.no_wage_missing.pk], 0)
        self.assertEqual(rows[self.no_wage_partial.pk], 0)
        self.assertEqual(rows[self.worker.pk], 124_800)
        self.assertEqual(self.recon.counts[Category.NOT_REGISTERED], 3)
        self.assertEqual(self.recon.iuran[Category.NOT_REGISTERED], 2 * 124_800)
        self.assertEqual(self.recon.counts[Category.PROGRAMS_MISSING], 1)
        self.assertEqual(self.recon.iuran[Category.PROGRAMS_MISSING], 0)
        self.assertEqual(self.recon.stats["unpriced"], 2)
        by_code = {e["opd_code"]: e for e in self.recon.by_opd}
        self.assertEqual((by_code["DLH"]["unpriced"], by_code["DINDIK"]["unpriced"]), (2, 0))
        whole = WorkerScope(self.pemda.pk, None, can_write=False, can_manage_opds=False,
                            masked=False)  # fmt: skip
        self.assertEqual(queries.figures(self.recon, whole).unpriced, 2)
        dindik = WorkerScope(self.pemda.pk, frozenset({self.other_opd.pk}), can_write=False,
                             can_manage_opds=False, masked=False)  # fmt: skip
        self.assertEqual(queries.figures(self.recon, dindik).unpriced, 0)
        payload = queries.run_payload(self.recon)
        self.assertEqual(payload["unpriced"], 2)
        self.assertEqual({e["opd_code"]: e["unpriced"] for e in payload["by_opd"]},
                         {"DLH": 2, "DINDIK": 0})  # fmt: skip

    def test_the_run_page_says_how_many_workers_have_no_wage(self) -> None:
        self.client.force_login(self.admin)
        page = self.client.get(f"/rekonsiliasi/{self.recon.pk}/")
        self.assertContains(page, "2 pekerja tanpa data upah tidak dihitung.")
        self.assertContains(page, "2 tanpa data upah")

    def test_the_not_registered_list_leaves_the_wage_and_start_blank(self) -> None:
        from io import BytesIO

        from openpyxl import load_workbook

        from lindung.reconciliation.exports import action_list

        qs = queries.records(Result.objects.filter(run=self.recon),
                             category=Category.NOT_REGISTERED, opd_id=None)  # fmt: skip
        _name, data = action_list(self.recon, qs, category=Category.NOT_REGISTERED, masked=False)
        rows = list(load_workbook(BytesIO(data)).active.iter_rows(values_only=True))
        header, body = rows[0], {r[0]: r for r in rows[1:]}
        mine = body[self.no_wage_missing.person.nik]
        self.assertIsNone(mine[header.index("UPAH")])
        self.assertIn(mine[header.index("TGL MULAI KERJA (DD-MM-YYYY)")], (None, ""))
