"""The pure rule table: lookups by month, validation of rows, the shipped file."""

from __future__ import annotations

import tempfile
import unittest
from datetime import date
from pathlib import Path

from lindung.rulebook import engine
from lindung.rulebook.bulk import _ppm
from lindung.rulebook.rules import Rule, RuleError, RuleSet, file_ruleset, read_csv, validate

R = file_ruleset()


def rule(**kw: object) -> Rule:
    fields: dict = {
        "key": "k", "qualifier": "", "value": "1", "unit": "percent",
        "valid_from": date(2020, 1, 1), "valid_to": None, "legal_basis": "PP 1/2020",
        **kw,
    }  # fmt: skip
    return Rule(**fields)


class RuleSetTest(unittest.TestCase):
    def test_the_row_in_force_is_chosen_by_month(self) -> None:
        rs = RuleSet(
            [
                rule(value="1", valid_to=date(2020, 12, 31)),
                rule(value="2", valid_from=date(2021, 1, 1)),
            ]
        )
        self.assertEqual(rs.get("k", date(2020, 6, 1)).value, "1")
        self.assertEqual(rs.get("k", date(2021, 1, 1)).value, "2")
        self.assertEqual(rs.latest("k").value, "2")  # type: ignore[union-attr]
        self.assertIsNone(rs.latest("nothing"))

    def test_missing_rules_explain_themselves(self) -> None:
        rs = RuleSet([rule(valid_from=date(2020, 1, 1), valid_to=date(2020, 6, 30))])
        with self.assertRaisesRegex(RuleError, "sebelum tabel aturan dimulai"):
            rs.get("k", date(2019, 1, 1))
        with self.assertRaisesRegex(RuleError, "Tidak ada aturan k untuk bulan 2021-01"):
            rs.get("k", date(2021, 1, 1))
        with self.assertRaisesRegex(RuleError, "Tidak ada aturan"):
            rs.get("other", date(2021, 1, 1))

    def test_program_sets_are_rows_too(self) -> None:
        """Permenaker 1/2025 Pasal 3A: non-ASN in JKK, JKM and JHT from 24 Feb 2025."""
        self.assertEqual(
            R.get("programs.non_asn", date(2025, 3, 1)).programs, ("JKK", "JKM", "JHT")
        )
        self.assertEqual(R.get("programs.non_asn", date(2024, 3, 1)).programs, ("JKK", "JKM"))
        self.assertEqual(
            R.get("programs.scale", date(2026, 1, 1), "micro").programs, ("JKK", "JKM")
        )


class ValidationTest(unittest.TestCase):
    def test_each_bad_row_is_refused(self) -> None:
        cases = [
            (rule(unit="liter"), "unit"),
            (rule(confidence="MAYBE"), "confidence"),
            (rule(legal_basis=""), "legal basis"),
            (rule(valid_to=date(2019, 1, 1)), "valid_to"),
        ]
        for bad, message in cases:
            with self.subTest(message=message), self.assertRaisesRegex(ValueError, message):
                validate(bad, where="x.csv:2")
        with self.assertRaises(ArithmeticError):
            validate(rule(value="nol koma"))

    def test_a_row_without_valid_from_stops_the_load(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "rules.csv"
            path.write_text(
                "key,qualifier,value,unit,valid_from,valid_to,legal_basis,confidence,note\n"
                "k,,1,percent,,,PP 1/2020,CONFIRMED,\n"
            )
            with self.assertRaisesRegex(ValueError, "rules.csv:2: valid_from is required"):
                read_csv(path)

    def test_the_shipped_file_cites_a_basis_for_every_row(self) -> None:
        rows = read_csv()
        self.assertGreater(len(rows), 80)
        self.assertTrue(all(r.legal_basis for r in rows))

    def test_rates_finer_than_a_millionth_cannot_be_vectorised(self) -> None:
        from decimal import Decimal

        self.assertEqual(_ppm(Decimal("0.445")), 4450)
        with self.assertRaises(ValueError):
            _ppm(Decimal("0.00001"))


class EngineEdgesTest(unittest.TestCase):
    def test_month_parsing(self) -> None:
        self.assertEqual(engine.parse_month(date(2026, 3, 17)), date(2026, 3, 1))
        for bad in ("2026", "2026-13", "maret", ""):
            with self.subTest(bad=bad), self.assertRaises(engine.QuoteError) as ctx:
                engine.parse_month(bad)
            self.assertEqual(ctx.exception.field, "month")

    def test_loose_parameters(self) -> None:
        base = {"month": "2026-01"}
        cases = [
            ({"wage": None}, "wage"),
            ({"wage": True}, "wage"),
            ({"wage": "dua juta"}, "wage"),
            ({"wage": "2000000.5"}, "wage"),
            ({"wage": 2_000_000, "workers": 0}, "workers"),
        ]
        for params, field in cases:
            with self.subTest(params=params), self.assertRaises(engine.QuoteError) as ctx:
                engine.run_quote(R, "pu", {**base, **params})
            self.assertEqual(ctx.exception.field, field)
        q = engine.run_quote(R, "pu", {**base, "wage": "2000000", "programs": "jkk, jkm"})
        self.assertEqual(q.total, 10_800)
        with self.assertRaises(engine.QuoteError):
            engine.quote_pu(R, wage=2.5, month=date(2026, 1, 1))  # type: ignore[arg-type]

    def test_jakon_from_known_wages_through_the_entry_point(self) -> None:
        q = engine.run_quote(R, "jakon", {"month": "2026-01", "wages": 50_000_000})
        self.assertEqual(q.total, 1_020_000)

    def test_pp7_2025_without_a_worker_count_warns_instead_of_guessing(self) -> None:
        q = engine.quote_pu(
            R, wage=2_000_000, month=date(2025, 3, 1), risk_group=3, sector="textile"
        )
        self.assertEqual(q.lines[0].discount, 0)
        self.assertIn("jumlah pekerja", q.warnings[0])

    def test_bpu_programs_can_be_chosen(self) -> None:
        q = engine.quote_bpu(R, income=2_000_000, month=date(2025, 1, 1), programs=("JHT",))
        self.assertEqual([line.program for line in q.lines], ["JHT"])
        self.assertEqual(q.total, 40_000)

    def test_jakon_before_the_tables_is_an_error(self) -> None:
        with self.assertRaises(engine.QuoteError):
            engine.quote_jakon(R, contract_value=1_000_000, month=date(2014, 1, 1))

    def test_benefit_without_the_scholarship_row_has_no_note(self) -> None:
        rows = [r for r in read_csv() if r.key != "benefit.scholarship.min_years"]
        b = engine.benefit_jkm(RuleSet(rows), day=date(2026, 1, 1))
        self.assertEqual(b.notes, [])
        with self.assertRaises(engine.QuoteError):
            engine.run_benefit(R, "pensiun", {"month": "2026-01"})
