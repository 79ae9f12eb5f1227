"""The coverage dashboard, its lists and exports, through HTTP as each persona."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from unittest import TestCase, mock

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lindung.dashboards import panels
from lindung.dashboards.tests import world
from lindung.dashboards.tests.world import Worker
from lindung.lib.dates import today
from lindung.reconciliation.models import Result
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_opd

W = Worker


class DashboardTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.as_of = today()
        workers = [
            W(0, "honorer", True, "covered"),
            W(0, "honorer", False, "not_registered"),
            W(0, "kontrak", False, "wage_underreported"),
            W(1, "kontrak", True, "covered"),
            W(1, "kegiatan", False, "programs_missing"),
            W(1, "alih_daya", False, "inactive"),
            W(1, "kontrak", False, "other_employer"),
        ]
        world.build(cls.pemda, [cls.opd, cls.other_opd], workers, as_of=cls.as_of, strangers=1)
        last_month = cls.as_of.replace(day=1) - timedelta(days=1)
        cls.old_run = world.run(cls.pemda, last_month)
        cls.latest = world.run(cls.pemda, cls.as_of)

    def setUp(self) -> None:
        cache.clear()

    def test_the_run_puts_each_worker_in_its_state(self) -> None:
        counts = self.latest.counts
        # Two factory workers of BaseTestCase have no membership: not registered.
        self.assertEqual(counts["covered"], 2)
        self.assertEqual(counts["not_registered"], 3)
        self.assertEqual(counts["wage_underreported"], 1)
        self.assertEqual(counts["programs_missing"], 1)
        self.assertEqual(counts["inactive"], 1)
        self.assertEqual(counts["other_employer"], 1)
        self.assertEqual(counts["unknown_to_city"], 1)

    def test_admin_sees_headline_figures_that_link_to_their_lists(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get("/dasbor/")
        self.assertEqual(response.status_code, 200)
        dash = response.context["dash"]
        self.assertEqual((dash.figures.workers, dash.figures.covered), (9, 2))
        self.assertEqual(dash.figures.coverage_pct, 22.2)
        self.assertContains(response, 'data-figure="gap">7</a>', html=False)
        self.assertContains(response, "<svg", count=3)
        self.assertEqual(len(dash.points), 2)
        gap = self.client.get("/dasbor/daftar/", {"status": "gap"})
        self.assertEqual(gap.context["page"].paginator.count, 7)

    def test_opds_with_and_without_participants_and_npp_are_figures_with_lists(self) -> None:
        # Both OPDs of the run have active participants; an OPD with no workers and no NPP
        # gives none.
        make_opd(self.pemda, "BAPPEDA", name="Badan Perencanaan")
        self.client.force_login(self.admin)
        page = self.client.get("/dasbor/")
        figures = {
            key: int(page.content.decode().split(f'data-figure="{key}">')[1].split("<")[0])
            for key in ("opds_with", "opds_without", "opds_no_npp")
        }
        self.assertEqual((figures["opds_with"], figures["opds_without"]), (2, 1))
        for key, which in (("opds_with", "ada"), ("opds_without", "belum"),
                           ("opds_no_npp", "tanpa-npp")):  # fmt: skip
            listed = self.client.get("/dasbor/opd/", {"peserta": which})
            self.assertEqual(len(listed.context["rows"]), figures[key], which)
        without = self.client.get("/dasbor/opd/", {"peserta": "belum"})
        self.assertContains(without, "Badan Perencanaan")
        self.assertContains(self.client.get("/dasbor/opd/", {"peserta": "tanpa-npp"}),
                            "Badan Perencanaan")  # fmt: skip
        self.assertEqual(self.client.get("/dasbor/opd/", {"peserta": "x"}).status_code, 404)
        api = self.client.get("/api/v1/coverage").json()
        self.assertEqual(
            (api["opds_with_participants"], api["opds_without_participants"],
             api["opds_without_npp"]),
            (figures["opds_with"], figures["opds_without"], figures["opds_no_npp"]),
        )  # fmt: skip

    def test_bpjs_tercover_is_shown_beside_terlindungi_with_the_difference(self) -> None:
        # Registered and active under the Pemda: 2 covered + 1 wage under-reported + 1 program
        # missing = 4 of 9 (44,4%); Lindung's terlindungi stays 2 (22,2%).
        self.client.force_login(self.admin)
        response = self.client.get("/dasbor/")
        self.assertContains(response, 'data-figure="registered">4</a>', html=False)
        self.assertContains(response, 'data-figure="registered_pct">44,4%</span>', html=False)
        self.assertContains(response, "berapa pun upah dan programnya")
        listed = self.client.get("/dasbor/daftar/", {"status": "tercover"})
        self.assertEqual(listed.context["page"].paginator.count, 4)
        api = self.client.get("/api/v1/coverage").json()
        self.assertEqual((api["registered"], api["registered_pct"]), (4, 44.4))
        self.assertEqual(api["covered"], 2)

    def test_operator_sees_only_their_opd(self) -> None:
        self.client.force_login(self.operator)
        response = self.client.get("/dasbor/")
        dash = response.context["dash"]
        self.assertEqual([o["opd_code"] for o in dash.opds], ["DLH"])
        # DLH: 3 built workers + the BaseTestCase worker; one covered.
        self.assertEqual((dash.figures.workers, dash.figures.covered), (4, 1))
        self.assertNotContains(response, "Dinas Pendidikan")
        listed = self.client.get("/dasbor/daftar/", {"status": "workers"})
        self.assertEqual(listed.context["page"].paginator.count, 4)
        other = self.client.get("/dasbor/daftar/", {"status": "gap", "opd": self.other_opd.pk})
        self.assertEqual(other.status_code, 404)

    def test_pimpinan_reads_masked_nik_and_no_wages(self) -> None:
        self.client.force_login(self.pimpinan)
        response = self.client.get("/dasbor/daftar/", {"status": "workers"})
        nik = self.worker.person.nik
        self.assertNotContains(response, nik)
        self.assertContains(response, nik[:6] + "********" + nik[-2:])
        self.assertNotContains(response, "Upah kota")
        export = self.client.get("/dasbor/daftar.xlsx", {"status": "workers"})
        sheet = load_workbook(BytesIO(export.content)).active
        niks = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(len(niks), 9)
        self.assertTrue(all("*" in n for n in niks))

    def test_export_lists_exactly_the_figure_records(self) -> None:
        self.client.force_login(self.bpjs)
        params = {"status": "gap", "opd": self.other_opd.pk}
        export = self.client.get("/dasbor/daftar.xlsx", params)
        sheet = load_workbook(BytesIO(export.content)).active
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        expected = Result.objects.filter(run=self.latest, opd=self.other_opd).exclude(
            category__in=["covered", "unknown_to_city"]
        )
        self.assertEqual(
            sorted(r[0] for r in rows), sorted(expected.values_list("nik", flat=True))
        )

    def test_kind_and_sk_figures_match_their_lists(self) -> None:
        self.client.force_login(self.admin)
        dash = self.client.get("/dasbor/").context["dash"]
        honorer_sk = next(k for k in dash.kinds if k.kind == "honorer" and k.has_sk is True)
        self.assertEqual((honorer_sk.workers, honorer_sk.covered), (1, 1))
        for k in dash.kinds:
            for status, expected in (
                ("workers", k.workers),
                ("covered", k.covered),
                ("gap", k.gap),
            ):
                params = {"status": status, "jenis": k.kind}
                if k.has_sk is not None:
                    params["sk"] = "1" if k.has_sk else "0"
                listed = self.client.get("/dasbor/daftar/", params)
                self.assertEqual(listed.context["page"].paginator.count, expected, params)

    def test_the_opd_table_sorts_on_the_server(self) -> None:
        self.client.force_login(self.admin)
        by_gap = self.client.get("/dasbor/", {"urut": "kesenjangan"}).context["dash"].opds
        self.assertEqual([o["opd_code"] for o in by_gap], ["DINDIK", "DLH"])
        by_pct = (
            self.client.get("/dasbor/", {"urut": "persen", "arah": "naik"}).context["dash"].opds
        )
        self.assertEqual(
            [o["coverage_pct"] for o in by_pct], sorted(o["coverage_pct"] for o in by_pct)
        )

    def test_an_earlier_run_can_be_listed(self) -> None:
        self.client.force_login(self.admin)
        listed = self.client.get("/dasbor/daftar/", {"status": "workers", "run": self.old_run.pk})
        self.assertEqual(listed.context["run"], self.old_run)
        self.assertEqual(listed.context["page"].paginator.count, self.old_run.workers)


class NoRunTest(BaseTestCase):
    def test_without_a_run_the_dashboard_says_so_and_shows_no_zeros(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get("/dasbor/")
        self.assertContains(response, "Belum ada rekonsiliasi yang selesai")
        self.assertContains(response, 'href="/impor/"')  # no membership data yet: import it
        self.assertNotContains(response, 'id="headline"')
        self.assertEqual(self.client.get("/dasbor/daftar/", {"status": "gap"}).status_code, 404)


class QueryCountTest(BaseTestCase):
    """The dashboard's queries do not grow with the number of OPDs."""

    def _queries(self, user) -> int:  # type: ignore[no-untyped-def]
        cache.clear()
        self.client.force_login(user)
        self.client.get("/dasbor/")  # warm the session and the Pemda lookup
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get("/dasbor/")
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def test_query_count_is_bounded_and_independent_of_the_number_of_opds(self) -> None:
        as_of = today()
        world.build(
            self.pemda, [self.opd, self.other_opd], [W(0, "honorer", True, "covered")], as_of=as_of
        )
        world.run(self.pemda, as_of)
        small = {
            p: self._queries(u) for p, u in (("admin", self.admin), ("operator", self.operator))
        }
        opds = [make_opd(self.pemda, f"X{i}", name=f"Kelurahan {i}") for i in range(12)]
        world.build(
            self.pemda,
            opds,
            [W(i, "kontrak", False, world.STATES[i % 6]) for i in range(12)],
            as_of=as_of,
        )
        world.run(self.pemda, as_of)
        self.operator.opds.add(*opds[:5])
        large = {
            p: self._queries(u) for p, u in (("admin", self.admin), ("operator", self.operator))
        }
        self.assertEqual(small, large)
        # Session, user, Pemda, run, kinds, trend, targets, the city-wide figures (two), the
        # OPDs with their NPPs; then the other apps' panels.
        with mock.patch.object(panels, "PROVIDERS", []):
            own = self._queries(self.admin)
        self.assertEqual(own, 10)
        self.assertLessEqual(large["admin"], own + 16)
        self.client.force_login(self.admin)
        cache.clear()
        self.client.get("/dasbor/")
        # Warm cache: session, user, Pemda, run, targets, city-wide (two), OPDs.
        with self.assertNumQueries(8):
            self.client.get("/dasbor/")


class AllGroupsTest(TestCase):
    def test_each_group_then_the_total(self) -> None:
        cohort = panels.Panel(
            "cohorts", "x", groups=[("Panitia ad hoc", 641, 467), ("Informal", 560, 344)]
        )
        broken = panels.Panel("projects", "y", failed=True, groups=[("z", 9, 9)])
        rows = panels.all_groups(3818, 1850, [cohort, broken])
        self.assertEqual([(r.people, r.covered) for r in rows],
                         [(3818, 1850), (641, 467), (560, 344), (5019, 2661)])  # fmt: skip
        self.assertEqual(rows[-1].pct, 53.0)  # 2.661 of 5.019


class UnknownWageTest(BaseTestCase):
    """Workers whose wage the city does not know: counted, but in no iuran figure."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.as_of = today()
        workers = [
            W(0, "honorer", False, "not_registered", wage=None, start=None),
            W(0, "honorer", False, "inactive", wage=None),
            W(0, "kontrak", False, "covered", wage=None, start=None),
            W(1, "kontrak", False, "not_registered"),
        ]
        world.build(cls.pemda, [cls.opd, cls.other_opd], workers, as_of=cls.as_of)
        cls.latest = world.run(cls.pemda, cls.as_of)

    def setUp(self) -> None:
        cache.clear()

    def test_the_dashboard_says_how_many_gap_workers_have_no_wage(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get("/dasbor/")
        figures = response.context["dash"].figures
        # Not registered: the two base workers and the DINDIK one are priced, not the DLH one.
        self.assertEqual(figures.counts["not_registered"], 4)
        self.assertEqual(figures.gap, 5)
        self.assertEqual(figures.unpriced, 2)
        # JKK+JKM+JHT, risk group I: Rp124.800 at Rp2.000.000 (the base workers), Rp156.000
        # at Rp2.500.000 (DINDIK's); the two without a wage add nothing.
        self.assertEqual(figures.gap_iuran, 2 * 124_800 + 156_000)
        self.assertContains(response, "2 pekerja tanpa data upah tidak dihitung.")
        dlh = next(o for o in response.context["dash"].opds if o["opd_code"] == "DLH")
        self.assertEqual(dlh["unpriced"], 2)
        self.assertContains(response, "2 tanpa data upah")

    def test_an_operator_of_an_opd_without_such_workers_sees_no_note(self) -> None:
        from lindung.accounts.models import Role
        from lindung.accounts.services import user_upsert

        dindik = user_upsert(
            username="op-dindik", password="rahasia-uji-123", pemda=self.pemda,
            role=Role.OPERATOR_OPD, opds=[self.other_opd],
        )  # fmt: skip
        self.client.force_login(dindik)
        response = self.client.get("/dasbor/")
        self.assertEqual(response.context["dash"].figures.unpriced, 0)
        self.assertNotContains(response, "tanpa data upah")

    def test_the_rakor_report_counts_them_for_the_iuran_and_the_budget(self) -> None:
        from lindung.dashboards.report import rakor_data, rakor_html, rakor_xlsx

        data = rakor_data(self.pemda)
        self.assertIsNotNone(data.budget)
        # The budget prices every worker of the OPDs with a gap, the covered one too.
        self.assertEqual(data.budget.no_wage, 3)  # type: ignore[union-attr]
        summary = dict(
            load_workbook(BytesIO(rakor_xlsx(data)))["Ringkasan"].iter_rows(
                min_row=2, values_only=True
            )
        )
        self.assertEqual(summary["Pekerja tanpa data upah (tidak dihitung dalam iuran)"], 2)
        self.assertEqual(
            summary["Pekerja tanpa data upah (tidak dihitung dalam anggaran APBD)"], 3
        )
        html = rakor_html(data)
        self.assertIn("2 pekerja tanpa data upah tidak dihitung.", html)
        self.assertIn("Anggaran APBD: 3 pekerja tanpa data upah tidak dihitung.", html)
