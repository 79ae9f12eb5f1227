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

    @settings(max_examples=200, deadline=None)
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
