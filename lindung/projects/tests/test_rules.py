"""Deadline, payment stages, status and the termin gate, computed by hand (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest import TestCase

from lindung.projects import rules
from lindung.rulebook.engine import quote_jakon
from lindung.rulebook.rules import file_ruleset

STAGES = [Decimal(50), Decimal(25), Decimal(25)]


class StageTest(TestCase):
    def test_850_million_contract_splits_50_25_25(self) -> None:
        # docs/regulations.md example: Rp850 juta -> JKK 1.345.000 + JKM 180.000 = Rp1.525.000;
        # paid 50/25/25% -> 762.500 / 381.250 / 381.250.
        quote = quote_jakon(file_ruleset(), contract_value=850_000_000, month=date(2026, 1, 1))
        self.assertEqual(quote.total, 1_525_000)
        self.assertEqual(rules.stage_amounts(quote.total, STAGES), [762_500, 381_250, 381_250])

    def test_the_last_stage_takes_the_rounding_rest(self) -> None:
        # 240.001 x 50% = 120.000,5 -> 120.001; x 25% = 60.000,25 -> 60.000; rest 60.000.
        self.assertEqual(rules.stage_amounts(240_001, STAGES), [120_001, 60_000, 60_000])
        self.assertEqual(sum(rules.stage_amounts(240_001, STAGES)), 240_001)

    def test_required_stage_by_position_in_the_schedule(self) -> None:
        self.assertEqual([rules.required_stage(n, 4, 3) for n in (1, 2, 3, 4)], [1, 2, 2, 3])
        self.assertEqual([rules.required_stage(n, 2, 3) for n in (1, 2)], [1, 3])
        self.assertEqual(rules.required_stage(1, 1, 3), 3)
        with self.assertRaises(ValueError):
            rules.required_stage(5, 4, 3)
        with self.assertRaises(ValueError):
            rules.required_stage(0, 4, 3)


class GateTest(TestCase):
    def gate(self, termin: int, *, paid: int, registered: bool = True) -> rules.GateResult:
        return rules.termin_gate(
            termin=termin,
            termins=3,
            registered=registered,
            iuran_total=1_525_000,
            stage_percents=STAGES,
            paid=paid,
        )

    def test_each_termin_opens_at_its_stage(self) -> None:
        # Termin 1 needs stage 1 (762.500), termin 2 stages 1-2 (1.143.750), termin 3 all.
        for termin, needed in ((1, 762_500), (2, 1_143_750), (3, 1_525_000)):
            with self.subTest(termin=termin):
                shut = self.gate(termin, paid=needed - 1)
                self.assertFalse(shut.open)
                self.assertEqual(shut.required_amount, needed)
                self.assertEqual(shut.shortfall, 1)
                self.assertIn("kurang Rp1.", shut.reasons[0])
                self.assertTrue(self.gate(termin, paid=needed).open)
        self.assertEqual(
            self.gate(1, paid=0).reasons,
            ["Iuran baru dibayar Rp0, sedangkan tahap 1 (50% iuran) mensyaratkan Rp762.500; "
             "kurang Rp762.500."],
        )  # fmt: skip

    def test_an_unregistered_project_stays_shut_and_says_why(self) -> None:
        result = self.gate(1, paid=0, registered=False)
        self.assertFalse(result.open)
        self.assertEqual(len(result.reasons), 2)
        self.assertIn("belum didaftarkan", result.reasons[0])
        self.assertIn("Rp762.500", result.reasons[1])


class StatusTest(TestCase):
    DEADLINE = date(2025, 4, 14)

    def status(self, registered_on: date | None, paid: int = 0) -> str:
        return rules.project_status(
            registered_on=registered_on, deadline=self.DEADLINE, paid=paid, iuran_total=1000
        )

    def test_statuses(self) -> None:
        self.assertEqual(self.status(None), rules.Status.NOT_REGISTERED)
        self.assertEqual(self.status(self.DEADLINE), rules.Status.ON_TIME)
        self.assertEqual(self.status(date(2025, 4, 15)), rules.Status.LATE)
        self.assertEqual(self.status(date(2025, 4, 15), paid=1000), rules.Status.FULLY_PAID)

    def test_overdue_reasons(self) -> None:
        kw = {"deadline": self.DEADLINE, "end_date": date(2025, 12, 31), "iuran_total": 1000}
        self.assertEqual(
            rules.overdue_reasons(day=self.DEADLINE, registered_on=None, paid=0, **kw), []
        )
        late = rules.overdue_reasons(day=date(2025, 4, 15), registered_on=None, paid=0, **kw)
        self.assertIn("14 April 2025", late[0])
        unpaid = rules.overdue_reasons(
            day=date(2026, 1, 1), registered_on=date(2025, 4, 1), paid=400, **kw
        )
        self.assertEqual(len(unpaid), 1)
        self.assertIn("kurang Rp600", unpaid[0])
