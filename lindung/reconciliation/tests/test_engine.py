"""The engine's in-DuckDB iuran against the rulebook's vectorised pricing (no database)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from unittest import TestCase

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.reconciliation import engine
from lindung.reconciliation.rules import Params
from lindung.reconciliation.services import _rates
from lindung.rulebook.bulk import price_pu
from lindung.rulebook.rules import file_ruleset

MONTH = date(2026, 11, 1)
RULES = file_ruleset()
PROGRAM_SETS = [("JKK", "JKM"), ("JKK", "JKM", "JHT"), ("JKK", "JKM", "JHT", "JP"), ("JHT",)]


class IuranMacroTest(TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.con = engine.connect(Path(cls.tmp.name), memory_limit="256MB", threads=1)
        engine._iuran_macro(cls.con, _rates(RULES, MONTH))

    @classmethod
    def tearDownClass(cls) -> None:
        cls.con.close()
        cls.tmp.cleanup()
        super().tearDownClass()

    @settings(deadline=None)
    @given(
        wage=st.integers(min_value=1, max_value=1_000_000_000),
        risk=st.integers(min_value=1, max_value=5),
        programs=st.sampled_from(PROGRAM_SETS),
    )
    def test_same_rupiah_as_the_rulebook(self, wage: int, risk: int, programs: tuple) -> None:
        listed = "[" + ", ".join(f"'{p}'" for p in programs) + "]"
        got = self.con.execute(f"SELECT iuran(?, ?, {listed})", [wage, risk]).fetchone()[0]
        lines = price_pu(
            RULES, months=[MONTH], wages=np.array([wage]), active=np.ones((1, 1), dtype=bool),
            risk_groups=np.array([risk]), programs=programs,
        )  # fmt: skip
        expected = sum(int(e[0, 0]) + int(w[0, 0]) for e, w in lines.values())
        self.assertEqual(got, expected)

    def test_jp_wage_cap_applies(self) -> None:
        """JP 2% + 1% of the wage, capped (PP 45/2015 Pasal 28; cap as the rule table says)."""
        cap = _rates(RULES, MONTH).jp_cap
        above = self.con.execute("SELECT iuran(?, 1, ['JP'])", [cap * 3]).fetchone()[0]
        at_cap = self.con.execute("SELECT iuran(?, 1, ['JP'])", [cap]).fetchone()[0]
        self.assertEqual(above, at_cap)
        self.assertEqual(
            at_cap, (cap * 20_000 + 500_000) // 1_000_000 + (cap * 10_000 + 500_000) // 1_000_000
        )


class MembershipRulesTest(TestCase):
    """The per-membership rules the engine derives while loading."""

    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.con = engine.connect(Path(self.tmp.name), memory_limit="256MB", threads=1)
        self.addCleanup(self.con.close)

    def active(self, as_of: date, unpaid_months: int, last_paid: date) -> bool:
        engine.setup(
            self.con, as_of=as_of, params=Params(unpaid_months=unpaid_months), required=()
        )
        return self.con.execute("SELECT is_active('aktif', ?)", [last_paid]).fetchone()[0]

    def test_unpaid_months_boundary(self) -> None:
        # As of November with 3 months allowed: paid through August is 3 months unpaid.
        self.assertTrue(self.active(date(2026, 11, 15), 3, date(2026, 8, 1)))
        self.assertFalse(self.active(date(2026, 11, 15), 3, date(2026, 7, 1)))
        # Across a year: as of February, 3 months back is November of the year before.
        self.assertTrue(self.active(date(2026, 2, 10), 3, date(2025, 11, 1)))
        self.assertFalse(self.active(date(2026, 2, 10), 3, date(2025, 10, 1)))
        # Paid this month, with no unpaid month allowed.
        self.assertTrue(self.active(date(2026, 1, 31), 0, date(2026, 1, 1)))
        self.assertFalse(self.active(date(2026, 1, 31), 0, date(2025, 12, 1)))

    def test_membership_ids_beyond_the_packed_width_are_refused(self) -> None:
        engine.setup(self.con, as_of=MONTH, params=Params(), required=("JKK",))
        self.con.execute(
            "INSERT INTO mem (mid, nik, k, mr) VALUES (?, ?, ?, 1)",
            [2**41, "3201010101900001", 3201010101900001],
        )
        with self.assertRaises(ValueError):
            engine.exact_pass(self.con, params=Params())
