"""The vectorised path gives exactly the scalar engine's rupiah, worker-month by month."""

from __future__ import annotations

import unittest
from datetime import date

import numpy as np

from lindung.rulebook.bulk import price_pu
from lindung.rulebook.engine import QuoteError, quote_pu
from lindung.rulebook.rules import file_ruleset

R = file_ruleset()
MONTHS = [date(2025, m, 1) for m in range(1, 13)]


class BulkMatchesScalarTest(unittest.TestCase):
    def test_every_cell_equals_the_scalar_quote(self) -> None:
        rng = np.random.default_rng(7)
        n = 300
        # Include wages around the JP cap and odd amounts that exercise half-up rounding.
        wages = rng.integers(500_000, 15_000_000, size=n)
        wages[:5] = [1_234_500, 10_547_400, 10_547_401, 10_042_300, 1]
        groups = rng.integers(1, 6, size=n)
        active = rng.random((n, 12)) < 0.9
        out = price_pu(
            R,
            months=MONTHS,
            wages=wages,
            active=active,
            risk_groups=groups,
            programs=("JKK", "JKM", "JHT", "JP"),
        )
        for i in range(n):
            for j, month in enumerate(MONTHS):
                q = quote_pu(R, wage=int(wages[i]), month=month, risk_group=int(groups[i]))
                for line in q.lines:
                    employer, worker = out[line.program]
                    expected = (line.employer, line.worker) if active[i, j] else (0, 0)
                    self.assertEqual(
                        (employer[i, j], worker[i, j]), expected, (i, j, line.program)
                    )

    def test_wage_changes_within_the_year_are_priced_per_month(self) -> None:
        wages = np.array([[2_000_000] * 6 + [2_500_000] * 6])
        out = price_pu(
            R,
            months=MONTHS,
            wages=wages,
            active=np.ones((1, 12), bool),
            risk_groups=np.array([1]),
            programs=("JKK",),
        )
        self.assertEqual(out["JKK"][0][0].tolist(), [4_800] * 6 + [6_000] * 6)

    def test_a_year_outside_the_rule_tables_is_an_error(self) -> None:
        with self.assertRaises(QuoteError):
            price_pu(
                R,
                months=[date(2015, 1, 1)],
                wages=np.array([2_000_000]),
                active=np.ones((1, 1), bool),
                risk_groups=np.array([1]),
                programs=("JP",),
            )
