"""Rule tables in the database, the quote API and CLI, the calculator and the budget planner."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from django.test import TestCase

from lindung.rulebook.models import RuleValue
from lindung.rulebook.services import current_ruleset, rules_sync
from lindung.tests.base import BaseTestCase
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

    def test_an_empty_database_without_the_rule_table_uses_the_shipped_rules(self) -> None:
        import sqlite3
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = f"{tmp}/db.sqlite3"
            with sqlite3.connect(path) as conn:
                conn.execute("CREATE TABLE other (x)")
            result = lindung(
                "quote", "bpu", "--income", "1000000", "--month", "2026-01", "--json",
                DATABASE_URL=f"sqlite:///{path}",
            )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["total"], 16_800)
        self.assertIn("tabel bawaan", result.stderr)

    def test_an_unreadable_database_fails_instead_of_quoting_the_shipped_rules(self) -> None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = f"{tmp}/db.sqlite3"
            with open(path, "wb") as f:
                f.write(b"not a database, " * 100)
            corrupt = lindung(
                "quote", "bpu", "--income", "1000000", "--month", "2026-01", "--json",
                DATABASE_URL=f"sqlite:///{path}",
            )  # fmt: skip
        # Nothing listens on port 1: a wrong port (or password) must not quote silently.
        refused = lindung(
            "quote", "bpu", "--income", "1000000", "--month", "2026-01", "--json",
            DATABASE_URL="postgres://lindung:salah@127.0.0.1:1/lindung",
        )  # fmt: skip
        for result in (corrupt, refused):
            self.assertEqual(result.returncode, 1, result.stdout)
            self.assertEqual(result.stdout, "")
            self.assertIn("tabel aturan di basis data tidak dapat dibaca", result.stderr)
            self.assertNotIn("tabel bawaan", result.stderr)
