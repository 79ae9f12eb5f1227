"""The budget planner: worked figures, unknown starts and wages, the page and its export."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lindung.budget.planner import Scenario, plan_budget
from lindung.budget.queries import average_wage
from lindung.registry import services as registry
from lindung.registry.models import Opd
from lindung.rulebook.engine import QuoteError
from lindung.rulebook.services import current_ruleset
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import (
    make_engagement,
    make_opd,
    make_pemda,
    make_person,
    make_valid_nik,
)


class BudgetTest(TestCase):
    """Hand-computed budgets over a tiny city (PP 44/2015 Pasal 16(1), 18(1))."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.pemda = make_pemda()
        cls.office = make_opd(cls.pemda, "SETDA", jkk_risk_group=1)
        cls.field = make_opd(cls.pemda, "DLH", jkk_risk_group=3)
        make_engagement(cls.office, monthly_wage=2_000_000, start_date=date(2020, 1, 1))
        make_engagement(
            cls.field, make_person(cls.pemda), monthly_wage=3_000_000, start_date=date(2027, 7, 1)
        )
        make_engagement(
            cls.field,
            make_person(cls.pemda),
            monthly_wage=3_000_000,
            start_date=date(2020, 1, 1),
            end_date=date(2026, 12, 31),
        )

    def plan(self, **kw: object) -> object:
        from lindung.registry.models import Opd

        scenario = Scenario(name="s", **kw)  # type: ignore[arg-type]
        return plan_budget(
            current_ruleset(),
            opds=Opd.objects.filter(pemda=self.pemda),
            year=2027,
            scenario=scenario,
        )

    def test_engagement_dates_are_respected(self) -> None:
        """Office: (4.800 + 6.000) x 12 = 129.600. Field worker from July, group III:
        (26.700 + 9.000) x 6 = 214.200. The leaver of 2026 costs nothing in 2027."""
        result = self.plan(programs=("JKK", "JKM"))
        by_code = {o.code: o for o in result.by_opd}  # type: ignore[attr-defined]
        self.assertEqual(by_code["SETDA"].apbd, 129_600)
        self.assertEqual(by_code["DLH"].apbd, 214_200)
        self.assertEqual(by_code["DLH"].workers, 1)
        self.assertEqual(result.apbd, 343_800)  # type: ignore[attr-defined]
        self.assertEqual(result.monthly_apbd[0], 10_800)  # type: ignore[attr-defined]
        self.assertEqual(result.monthly_apbd[6], 10_800 + 35_700)  # type: ignore[attr-defined]

    def test_who_pays_the_worker_share(self) -> None:
        """JHT: employer 3.7 %, worker 2 % (PP 46/2015 Pasal 16(1)); office 74.000 + 40.000."""
        apbd = self.plan(programs=("JHT",))
        deduction = self.plan(programs=("JHT",), worker_share="deduction")
        office = {o.code: o for o in deduction.by_opd}["SETDA"]  # type: ignore[attr-defined]
        self.assertEqual((office.apbd, office.deduction), (74_000 * 12, 40_000 * 12))
        self.assertEqual(apbd.total, deduction.total)  # type: ignore[attr-defined]
        self.assertEqual(apbd.deduction, 0)  # type: ignore[attr-defined]

    def test_fixed_wage_basis(self) -> None:
        result = self.plan(programs=("JKK",), wage_basis="fixed", fixed_wage=2_500_000)
        # 0.24 % and 0.89 % of Rp2.500.000: 6.000 x 12 + 22.250 x 6.
        self.assertEqual(result.apbd, 6_000 * 12 + 22_250 * 6)  # type: ignore[attr-defined]

    def test_each_bad_scenario_choice_names_its_field(self) -> None:
        cases = [
            ({"worker_share": "bupati"}, "worker_share"),
            ({"wage_basis": "umr"}, "wage_basis"),
            ({"population": "semua"}, "population"),
            ({"programs": ("JKK", "JKN")}, "programs"),
        ]
        for kw, field in cases:
            with self.subTest(field=field), self.assertRaises(QuoteError) as ctx:
                self.plan(**{"programs": ("JKK",), **kw})
            self.assertEqual(ctx.exception.field, field)
        from lindung.registry.models import Opd

        with self.assertRaises(QuoteError) as ctx:
            plan_budget(
                current_ruleset(), opds=Opd.objects.all(), year=1999,
                scenario=Scenario(name="s", programs=("JKK",)),
            )  # fmt: skip
        self.assertEqual(ctx.exception.field, "year")

    def test_scenario_names_follow_programs_unless_chosen(self) -> None:
        from lindung.budget.planner import scenario_from_params

        preset = scenario_from_params(
            {"s1_name": "JKK + JKM", "s1_programs": ["JHT"]}, "s1_", "S1"
        )
        custom = scenario_from_params(
            {"s1_name": "Usulan Bappeda", "s1_programs": ["JKK"]}, "s1_", "S1"
        )
        self.assertEqual((preset.name, custom.name), ("JHT", "Usulan Bappeda"))  # type: ignore[union-attr]
        self.assertIsNone(scenario_from_params({"s1_name": "x"}, "s1_", "S1"))

    def test_an_empty_city_costs_nothing(self) -> None:
        from lindung.registry.models import Opd

        empty = make_opd(make_pemda("3325", "Kabupaten Batang"), "SETDA")
        result = plan_budget(
            current_ruleset(), opds=Opd.objects.filter(pk=empty.pk), year=2027,
            scenario=Scenario(name="s", programs=("JKK", "JKM")),
        )  # fmt: skip
        self.assertEqual((result.workers, result.apbd, result.monthly_apbd), (0, 0, [0] * 12))

    def test_uncovered_population_waits_for_reconciliation(self) -> None:
        with self.assertRaises(QuoteError) as ctx:
            self.plan(programs=("JKK",), population="uncovered")
        self.assertEqual(ctx.exception.field, "population")

    def test_wage_changes_during_the_year_are_priced_by_month(self) -> None:
        """Wage 2.000.000 raised to 2.500.000 on 15 July 2026: Jan-Jun 4.800, Jul-Dec 6.000 JKK."""
        from lindung.registry.models import Opd

        opd = make_opd(self.pemda, "BPBD", jkk_risk_group=1)
        with time_machine.travel(date(2026, 1, 10)):
            eng = registry.worker_add(
                actor=None,
                opd=opd,
                nik=make_valid_nik(),
                name="Naik Upah",
                category="kontrak",
                monthly_wage=2_000_000,
                start_date=date(2026, 1, 2),
            )
        with time_machine.travel(date(2026, 7, 15)):
            registry.engagement_update(
                actor=None, engagement=eng, reason="UMK", monthly_wage=2_500_000
            )
        result = plan_budget(
            current_ruleset(), opds=Opd.objects.filter(pk=opd.pk), year=2026,
            scenario=Scenario(name="s", programs=("JKK",)),
        )  # fmt: skip
        self.assertEqual(result.monthly_apbd, [4_800] * 6 + [6_000] * 6)


class UnknownStartAndWageBudgetTest(TestCase):
    """Workers listed without a TMT or a wage (JKK 0,24% + JKM 0,30%, risk group I)."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.pemda = make_pemda()
        cls.opd = make_opd(cls.pemda, "DISPERKIM", jkk_risk_group=1)
        make_engagement(cls.opd, monthly_wage=2_000_000, start_date=None)
        for _ in range(2):
            make_engagement(cls.opd, make_person(cls.pemda), monthly_wage=None)
        # Ended before the year: not counted, with or without a wage.
        make_engagement(
            cls.opd, make_person(cls.pemda), monthly_wage=None, start_date=None,
            end_date=date(2026, 12, 31),
        )  # fmt: skip

    def plan(self, **kw: object) -> Any:
        from lindung.registry.models import Opd

        return plan_budget(
            current_ruleset(), opds=Opd.objects.filter(pk=self.opd.pk), year=2027,
            scenario=Scenario(name="s", **kw),  # type: ignore[arg-type]
        )  # fmt: skip

    def test_an_unknown_start_counts_from_january(self) -> None:
        """Rp2.000.000: 4.800 + 6.000 = 10.800 a month, all twelve months."""
        result = self.plan(programs=("JKK", "JKM"))
        self.assertEqual(result.monthly_apbd, [10_800] * 12)
        self.assertEqual(result.apbd, 129_600)

    def test_an_unknown_wage_is_left_out_of_the_rupiah_figures_and_counted(self) -> None:
        result = self.plan(programs=("JKK", "JKM"))
        (opd,) = result.by_opd
        self.assertEqual((opd.workers, opd.no_wage), (1, 2))
        self.assertEqual((result.workers, result.no_wage), (1, 2))
        self.assertEqual(opd.apbd, 129_600)

    def test_a_fixed_wage_prices_every_worker(self) -> None:
        """Rp2.500.000 fixed: 6.000 + 7.500 = 13.500 a month for each of the three."""
        result = self.plan(programs=("JKK", "JKM"), wage_basis="fixed", fixed_wage=2_500_000)
        self.assertEqual((result.workers, result.no_wage), (3, 0))
        self.assertEqual(result.apbd, 13_500 * 12 * 3)

    def test_a_wage_learned_during_the_year_prices_the_months_before_it_too(self) -> None:
        from lindung.registry.models import Opd

        opd = make_opd(self.pemda, "BPBD", jkk_risk_group=1)
        with time_machine.travel(date(2026, 1, 10)):
            eng = registry.worker_add(
                actor=None, opd=opd, nik=make_valid_nik(), name="Upah Menyusul",
                category="kontrak",
            )  # fmt: skip
        with time_machine.travel(date(2026, 7, 15)):
            registry.engagement_update(
                actor=None, engagement=eng, reason="SK upah", monthly_wage=2_500_000
            )
        result = plan_budget(
            current_ruleset(), opds=Opd.objects.filter(pk=opd.pk), year=2026,
            scenario=Scenario(name="s", programs=("JKK",)),
        )  # fmt: skip
        self.assertEqual(result.monthly_apbd, [6_000] * 12)
        self.assertEqual(result.no_wage, 0)

    def test_the_page_and_its_export_say_how_many_were_left_out(self) -> None:
        from lindung.accounts.models import Role
        from lindung.accounts.services import user_upsert

        admin = user_upsert(
            username="admin-anggaran", password="rahasia-uji-123", pemda=self.pemda,
            role=Role.ADMIN_PEMDA,
        )  # fmt: skip
        self.client.force_login(admin)
        response = self.client.get("/iuran/anggaran/")
        self.assertEqual([r.no_wage for r in response.context["results"]], [2, 2, 2])
        self.assertContains(response, "2 pekerja tanpa data upah tidak dihitung.", count=3)
        self.assertContains(response, "2 tanpa data upah")
        xlsx = self.client.get("/iuran/anggaran/?" + response.context["xlsx_query"])
        rows = list(load_workbook(BytesIO(xlsx.content))["Ringkasan"].iter_rows(values_only=True))
        column = rows[0].index("Pekerja tanpa data upah (tidak dihitung)")
        self.assertEqual([r[column] for r in rows[1:]], [2, 2, 2])
        # The death-grant comparison averages the known wages only.
        self.assertEqual(response.context["comparison"]["wage"], 2_000_000)


class BudgetPageTest(BaseTestCase):
    def test_default_page_answers_the_2027_question_per_opd(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get("/iuran/anggaran/")
        results = response.context["results"]
        self.assertEqual([r.scenario.programs for r in results][1], ("JKK", "JKM", "JHT"))
        self.assertEqual({o.code for o in results[1].by_opd}, {"DLH", "DINDIK"})
        self.assertContains(response, "<svg")
        self.assertContains(response, "Rp42.000.000")  # JKM against the city's grant
        # The JKK floor's two readings, and the one used, are on the page too.
        self.assertContains(response, "dibaca dua cara; dipakai total tunai JKM")

    def test_operator_sees_only_their_opd_and_export_matches(self) -> None:
        self.client.force_login(self.operator)
        response = self.client.get("/iuran/anggaran/")
        self.assertEqual({o.code for o in response.context["results"][0].by_opd}, {"DLH"})
        total = response.context["results"][0].apbd
        query = response.context["xlsx_query"]
        xlsx = self.client.get("/iuran/anggaran/?" + query)
        sheet = load_workbook(BytesIO(xlsx.content))["Ringkasan"]
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[1][5], total)

    def test_a_bad_fixed_wage_is_a_field_error(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get(
            "/iuran/anggaran/",
            {"year": 2027, "s1_programs": "JKK", "s1_worker_share": "apbd",
             "s1_wage_basis": "fixed", "s1_fixed_wage": "0", "s1_population": "all"},
        )  # fmt: skip
        self.assertIn("s1_fixed_wage", response.context["form"].errors)
        self.assertEqual(response.context["results"], [])

    def test_roles_without_worker_access_get_403(self) -> None:
        self.client.force_login(self.disnaker)
        self.assertEqual(self.client.get("/iuran/anggaran/").status_code, 403)


class AverageWageTest(TestCase):
    """The benefit comparison's average wage: one aggregate over every current engagement."""

    def test_the_average_is_one_aggregate_without_a_row_cap(self) -> None:
        pemda = make_pemda()
        opd = make_opd(pemda, "DLH")
        for wage in (2_000_000, 2_500_000, 3_000_000):
            make_engagement(opd, make_person(pemda), monthly_wage=wage)
        # Left out: an unknown wage, and an engagement that has ended.
        make_engagement(opd, make_person(pemda), monthly_wage=None)
        make_engagement(
            opd, make_person(pemda), monthly_wage=9_000_000, end_date=date(2025, 12, 31)
        )
        opds = Opd.objects.filter(pk=opd.pk)
        with CaptureQueriesContext(connection) as queries:
            average = average_wage(opds)
        # (2.000.000 + 2.500.000 + 3.000.000) / 3 = 2.500.000.
        self.assertEqual(average, 2_500_000)
        # The old page read at most 100,000 wages into Python and averaged those: a larger city
        # was averaged silently over a part of its workers. One AVG in SQL has no such cap.
        self.assertEqual(len(queries), 1)
        sql = queries[0]["sql"].upper()
        self.assertIn("AVG(", sql)
        self.assertNotIn("LIMIT", sql)

    def test_no_known_wage_gives_no_average(self) -> None:
        pemda = make_pemda()
        opd = make_opd(pemda, "DLH")
        make_engagement(opd, monthly_wage=None)
        self.assertIsNone(average_wage(Opd.objects.filter(pk=opd.pk)))
