"""Rule tables in the database, the quote API and CLI, the calculator and the budget planner."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import time_machine
from django.test import TestCase
from openpyxl import load_workbook

from lindung.registry import services as registry
from lindung.rulebook.budget import Scenario, plan_budget
from lindung.rulebook.engine import QuoteError
from lindung.rulebook.models import RuleValue
from lindung.rulebook.services import current_ruleset, rules_sync
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import (
    make_engagement,
    make_opd,
    make_pemda,
    make_person,
    make_valid_nik,
)
from lindung.tests.test_cli import lindung


class RuleTableTest(BaseTestCase):
    def test_the_shipped_rules_are_loaded_on_migrate(self) -> None:
        self.assertTrue(RuleValue.objects.filter(key="pu.jp.cap").count() >= 5)
        self.assertEqual(
            current_ruleset().get("pu.jkk.rate", date(2026, 1, 1), "3").amount, Decimal("0.89")
        )

    def test_an_admin_adds_next_marchs_jp_cap_without_a_release(self) -> None:
        """The 2026 cap is closed and a 2027 row added in the admin UI; quotes follow."""
        self.client.force_login(self.root)
        latest = RuleValue.objects.get(key="pu.jp.cap", valid_from=date(2026, 3, 1))
        form = {
            "key": "pu.jp.cap", "qualifier": "", "value": latest.value, "unit": "rupiah",
            "valid_from": "2026-03-01", "valid_to": "2027-02-28",
            "legal_basis": latest.legal_basis, "confidence": "CONFIRMED", "note": "",
        }  # fmt: skip
        response = self.client.post(f"/admin/rulebook/rulevalue/{latest.pk}/change/", form)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        add = {**form, "value": "11650000", "valid_from": "2027-03-01", "valid_to": "",
               "legal_basis": "PP 45/2015 Pasal 29; SE BPJS TK 2027", "note": "uji"}  # fmt: skip
        response = self.client.post("/admin/rulebook/rulevalue/add/", add)
        self.assertEqual(response.status_code, 302)
        row = RuleValue.objects.get(key="pu.jp.cap", valid_from=date(2027, 3, 1))
        self.assertEqual(row.history.get().history_user, self.root)  # the audit entry
        body = self.quote(
            {"segment": "pu", "wage": 20_000_000, "month": "2027-04", "programs": "JP"}
        )
        self.assertEqual(body["lines"][0]["base"], 11_650_000)
        self.assertEqual(body["lines"][0]["worker"], 116_500)
        self.assertEqual(body["warnings"], [])

    def test_overlapping_periods_are_refused(self) -> None:
        self.client.force_login(self.root)
        form = {
            "key": "pu.jp.cap", "qualifier": "", "value": "12000000", "unit": "rupiah",
            "valid_from": "2026-06-01", "valid_to": "", "legal_basis": "x",
            "confidence": "CONFIRMED",
        }  # fmt: skip
        response = self.client.post("/admin/rulebook/rulevalue/add/", form)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "bertumpuk")
        self.assertFalse(RuleValue.objects.filter(valid_from=date(2026, 6, 1)).exists())

    def test_only_superusers_reach_the_rule_admin(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get("/admin/rulebook/rulevalue/")
        self.assertEqual(response.status_code, 302)

    def test_sync_keeps_admin_corrections_unless_told(self) -> None:
        row = RuleValue.objects.get(key="bpu.jkm.flat")
        row.value = "7000"
        row.save()
        report = rules_sync()
        row.refresh_from_db()
        self.assertEqual(row.value, "7000")
        self.assertEqual(len(report.differing), 1)
        rules_sync(overwrite=True)
        row.refresh_from_db()
        self.assertEqual(row.value, "6800")

    def test_rule_table_page_shows_values_with_legal_basis(self) -> None:
        self.client.force_login(self.perizinan)
        response = self.client.get("/iuran/aturan/")
        self.assertContains(response, '<td>Batas upah JP</td><td class="num">Rp11.086.300</td>')
        self.assertContains(response, "sejak 1 Maret 2026")
        self.assertContains(response, "1 Maret 2025 sampai 28 Februari 2026")
        self.assertContains(response, "Tarif JKK penerima upah, kelompok risiko I</td>")
        self.assertContains(response, "0,24%")
        self.assertContains(response, "SE BPJS TK B/1226/022026")
        self.assertContains(response, "Belum terkonfirmasi")
        # Keys, raw amounts and the file's English notes stay out of the page.
        for raw in ("pu.jp.cap", "11086300", "employer", "verify against the text"):
            self.assertNotContains(response, raw)

    def quote(self, payload: dict) -> dict:
        response = self.client.post(
            "/api/v1/quotes",
            json.dumps(payload),
            content_type="application/json",
            **self.bearer(self.admin),
        )
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()


class QuoteApiTest(BaseTestCase):
    def post(self, url: str, payload: dict) -> object:
        return self.client.post(
            url, json.dumps(payload), content_type="application/json", **self.bearer(self.pimpinan)
        )

    def test_quote_matches_the_reference_worked_example(self) -> None:
        response = self.post(
            "/api/v1/quotes",
            {
                "segment": "pu",
                "wage": 2_000_000,
                "month": "2026-01",
                "programs": ["JKK", "JKM", "JHT"],
            },
        )
        body = response.json()  # type: ignore[attr-defined]
        self.assertEqual(
            (body["employer_total"], body["worker_total"], body["total"]),
            (84_800, 40_000, 124_800),
        )
        self.assertEqual(body["lines"][0]["legal_basis"], "PP 44/2015 Pasal 16(1)")

    def test_bad_input_is_a_422_naming_the_field(self) -> None:
        cases = [
            ({"segment": "pu", "wage": -1, "month": "2026-01"}, "wage"),
            (
                {"segment": "pu", "wage": 2_000_000, "month": "2026-01", "risk_group": 7},
                "risk_group",
            ),
            ({"segment": "bpu", "income": 500_000, "month": "2026-01"}, "income"),
            (
                {"segment": "bpu", "income": 1_000_000, "month": "2026-01", "sector": "mining"},
                "sector",
            ),
            ({"segment": "pu", "wage": 2_000_000, "month": "2014-01"}, "month"),
            ({"segment": "jakon", "contract_value": 0, "month": "2026-01"}, "contract_value"),
            ({"segment": "asuransi", "month": "2026-01"}, "segment"),
        ]
        for payload, field in cases:
            with self.subTest(field=field):
                response = self.post("/api/v1/quotes", payload)
                self.assertEqual(response.status_code, 422)  # type: ignore[attr-defined]
                self.assertIn(field, response.json()["fields"])  # type: ignore[attr-defined]

    def test_benefits(self) -> None:
        body = self.post(
            "/api/v1/benefits", {"benefit": "jkk-death", "wage": 2_000_000, "month": "2026-01"}
        ).json()  # type: ignore[attr-defined]
        self.assertEqual(body["total"], 118_000_000)
        body = self.post("/api/v1/benefits", {"benefit": "jkm", "month": "2026-01"}).json()  # type: ignore[attr-defined]
        self.assertEqual(body["total"], 42_000_000)

    def test_benefits_by_date_with_both_readings_of_the_jkk_minimum(self) -> None:
        """PP 44/2015, death on 1 December 2019, wage Rp400.000: 48 x 400.000 = 19.200.000
        is under the floor read as the JKM total (24 juta); read as the JKM santunan
        kematian (16,2 juta) it would stay 19.200.000."""
        body = self.post(
            "/api/v1/benefits", {"benefit": "jkk-death", "wage": 400_000, "date": "2019-12-01"}
        ).json()  # type: ignore[attr-defined]
        self.assertEqual(body["date"], "2019-12-01")
        self.assertEqual(body["total"], 31_800_000)
        self.assertEqual(
            body["components"][0]["name"], "Santunan kematian (minimum: total tunai JKM)"
        )
        minimum = body["minimum"]
        self.assertEqual(
            (minimum["used"], minimum["applied"], minimum["formula"]),
            ("jkm_total", True, 19_200_000),
        )
        self.assertEqual(
            [(r["reading"], r["lump_sum"]) for r in minimum["readings"]],
            [("jkm_total", 24_000_000), ("jkm_lump_sum", 19_200_000)],
        )
        response = self.post("/api/v1/benefits", {"benefit": "jkm", "month": "2019-12"})
        self.assertEqual(response.status_code, 422)  # type: ignore[attr-defined]
        self.assertIn("date", response.json()["fields"])  # type: ignore[attr-defined]
        body = self.post(
            "/api/v1/quotes",
            {"segment": "pu", "wage": 5_000_000, "month": "2020-09", "scale": "large"},
        ).json()  # type: ignore[attr-defined]
        self.assertEqual((body["due_now"], body["deferred_total"]), (286_770, 148_500))
        self.assertEqual(body["lines"][3]["deferred"], 148_500)


class QuoteCliTest(TestCase):
    def test_quote_pu_json_and_exit_status(self) -> None:
        result = lindung(
            "quote", "pu", "--wage", "12000000", "--month", "2024-03", "--programs", "JP", "--json"
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        body = json.loads(result.stdout)
        self.assertEqual(
            (body["lines"][0]["employer"], body["lines"][0]["worker"]), (200_846, 100_423)
        )
        self.assertEqual(
            set(body),
            {
                "segment",
                "month",
                "lines",
                "employer_total",
                "worker_total",
                "total",
                "deferred_total",
                "due_now",
                "payer",
                "warnings",
            },
        )

    def test_bad_input_exits_2_and_names_the_field(self) -> None:
        for args in (
            ["quote", "pu", "--wage", "0", "--month", "2026-01"],
            ["quote", "pu", "--wage", "2000000", "--month", "2026-01", "--risk-group", "9"],
            ["quote", "bpu", "--income", "2000000", "--month", "2026-01", "--sector", "nelayan"],
            ["quote", "jakon", "--contract-value", "-5", "--month", "2026-01"],
            ["benefit", "jkm", "--month", "2014-01"],
        ):
            with self.subTest(args=args):
                result = lindung(*args, "--json")
                self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
                self.assertIn("field", json.loads(result.stdout))

    def test_unknown_sector_lists_the_valid_ones(self) -> None:
        result = lindung(
            "quote", "bpu", "--income", "2000000", "--month", "2026-01", "--sector", "nelayan"
        )
        self.assertIn("transport", result.stderr)
        self.assertIn("furniture", result.stderr)


class CalculatorPageTest(BaseTestCase):
    def test_anyone_logged_in_gets_lines_with_legal_basis(self) -> None:
        self.client.force_login(self.perizinan)
        response = self.client.get(
            "/iuran/kalkulator/",
            {"segment": "bpu", "month": "2026-06", "income": "Rp 1.000.000", "sector": "other"},
        )
        self.assertContains(response, "PP 50/2025")
        self.assertContains(response, "Rp8.400")

    def test_bad_input_is_shown_on_the_field(self) -> None:
        self.client.force_login(self.operator)
        response = self.client.get(
            "/iuran/kalkulator/", {"segment": "pu", "month": "2026-06", "wage": "-5"}
        )
        self.assertIn("wage", response.context["form"].errors)
        self.assertIsNone(response.context["quote"])


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
        from lindung.rulebook.budget import scenario_from_params

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


class FastCliTest(TestCase):
    """`lindung quote` reads the stored rule table without Django, or the shipped file."""

    def test_it_uses_the_rows_stored_in_the_database(self) -> None:
        import sqlite3
        import tempfile

        from lindung.rulebook.cli import RULE_COLUMNS
        from lindung.rulebook.rules import read_csv

        with tempfile.TemporaryDirectory() as tmp:
            path = f"{tmp}/db.sqlite3"
            with sqlite3.connect(path) as conn:
                conn.execute(f"CREATE TABLE rulebook_rulevalue ({RULE_COLUMNS})")
                for r in read_csv():
                    value = "0.50" if (r.key, r.qualifier) == ("pu.jkk.rate", "1") else r.value
                    conn.execute(
                        "INSERT INTO rulebook_rulevalue VALUES (?,?,?,?,?,?,?,?,?)",
                        (r.key, r.qualifier, value, r.unit, r.valid_from.isoformat(),
                         r.valid_to.isoformat() if r.valid_to else None, r.legal_basis,
                         r.confidence, r.note),
                    )  # fmt: skip
            result = lindung(
                "quote", "pu", "--wage", "2000000", "--month", "2026-01", "--programs", "JKK",
                "--json", DATABASE_URL=f"sqlite:///{path}",
            )  # fmt: skip
        self.assertEqual(json.loads(result.stdout)["total"], 10_000)  # 0.50 % from the table

    def test_without_a_migrated_database_it_uses_the_shipped_rules(self) -> None:
        result = lindung(
            "quote", "bpu", "--income", "1000000", "--month", "2026-01", "--json",
            DATABASE_URL="sqlite:////nonexistent/db.sqlite3",
        )  # fmt: skip
        self.assertEqual(result.returncode, 0)
        self.assertEqual(json.loads(result.stdout)["total"], 16_800)
        self.assertIn("tabel bawaan", result.stderr)
