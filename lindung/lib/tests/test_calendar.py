"""The one calendar: months and working days, computed by hand (no database)."""

from __future__ import annotations

from datetime import date
from unittest import TestCase

from lindung.lib import calendar

# Lebaran 2025 (SKB 3 Menteri 2025): Idul Fitri Mon 31 Mar and Tue 1 Apr, Nyepi Sat 29 Mar,
# Good Friday 18 Apr.
LEBARAN_2025 = {date(2025, 3, 29), date(2025, 3, 31), date(2025, 4, 1), date(2025, 4, 18)}


class MonthTest(TestCase):
    def test_month_start(self) -> None:
        self.assertEqual(calendar.month_start(date(2026, 3, 17)), date(2026, 3, 1))

    def test_month_end(self) -> None:
        self.assertEqual(calendar.month_end(2026, 12), date(2026, 12, 31))
        self.assertEqual(calendar.month_end(2028, 2), date(2028, 2, 29))

    def test_add_months_crosses_years_both_ways(self) -> None:
        self.assertEqual(calendar.add_months(date(2026, 11, 20), 3), date(2027, 2, 1))
        self.assertEqual(calendar.add_months(date(2026, 1, 31), -1), date(2025, 12, 1))

    def test_months_apart_ignores_the_day_and_is_signed(self) -> None:
        self.assertEqual(calendar.months_apart(date(2026, 1, 31), date(2026, 1, 1)), 0)
        self.assertEqual(calendar.months_apart(date(2025, 12, 31), date(2026, 1, 1)), 1)
        self.assertEqual(calendar.months_apart(date(2026, 3, 1), date(2025, 3, 1)), -12)

    def test_month_starts_spans_years(self) -> None:
        self.assertEqual(
            calendar.month_starts(date(2026, 11, 20), date(2027, 1, 3)),
            [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)],
        )
        self.assertEqual(calendar.month_starts(date(2026, 2, 1), date(2026, 1, 1)), [])


class WorkingDayTest(TestCase):
    def test_fourteen_working_days_skip_weekends(self) -> None:
        # Fri 21 Mar 2025, no holidays: Mon 24..Fri 28 (5), Mon 31..Fri 4 Apr (10),
        # Mon 7..Thu 10 Apr (14).
        self.assertEqual(
            calendar.add_working_days(date(2025, 3, 21), 14, set()), date(2025, 4, 10)
        )

    def test_fourteen_working_days_skip_lebaran_2025(self) -> None:
        # Permenakertrans 44/2015 Pasal 3(3): 14 working days after the SPK.
        # SPK Fri 21 Mar 2025: 24-28 Mar (5); Sat 29 Nyepi, Sun 30, Mon 31 and Tue 1 Apr
        # Idul Fitri are skipped; Wed 2-Fri 4 Apr (8); Mon 7-Fri 11 (13); Mon 14 Apr (14).
        self.assertEqual(
            calendar.add_working_days(date(2025, 3, 21), 14, LEBARAN_2025), date(2025, 4, 14)
        )

    def test_fourteen_working_days_skip_nyepi_and_good_friday_2026(self) -> None:
        # Mon 16 Mar 2026; Nyepi Thu 19 Mar, Idul Fitri Sat 21/Sun 22, Good Friday 3 Apr:
        # 17, 18, 20, 23-27, 30, 31, 1, 2 Apr (12), Mon 6 (13), Tue 7 Apr (14).
        days_off = {date(2026, 3, 19), date(2026, 3, 21), date(2026, 3, 22), date(2026, 4, 3)}
        self.assertEqual(
            calendar.add_working_days(date(2026, 3, 16), 14, days_off), date(2026, 4, 7)
        )

    def test_a_start_on_a_holiday_counts_from_the_next_working_day(self) -> None:
        # Idul Fitri (Mon 31 Mar 2025): Tue 1 Apr is a holiday too; day 1 is Wed 2 Apr.
        self.assertEqual(
            calendar.add_working_days(date(2025, 3, 31), 1, LEBARAN_2025), date(2025, 4, 2)
        )

    def test_working_days_between_counts_after_the_start(self) -> None:
        self.assertEqual(
            calendar.working_days_between(date(2025, 3, 21), date(2025, 4, 14), LEBARAN_2025),
            14,
        )
        self.assertEqual(
            calendar.working_days_between(date(2025, 3, 21), date(2025, 3, 21), set()), 0
        )

    def test_negative_days_are_refused(self) -> None:
        with self.assertRaises(ValueError):
            calendar.add_working_days(date(2025, 3, 21), -1, set())
