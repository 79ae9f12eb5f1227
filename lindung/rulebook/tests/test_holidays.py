"""The holiday table: the shipped file, its sync on migrate, and the days off it yields."""

from __future__ import annotations

import unittest
from datetime import date

from lindung.rulebook import services
from lindung.rulebook.models import Holiday
from lindung.rulebook.rules import CUTI_BERSAMA, HOLIDAY, read_holidays
from lindung.tests.base import BaseTestCase


class HolidayFileTest(unittest.TestCase):
    def test_shipped_holidays_are_well_formed(self) -> None:
        days = read_holidays()
        self.assertEqual(len({d.date for d in days}), len(days))
        self.assertEqual({d.date.year for d in days}, {2025, 2026, 2027})
        self.assertEqual({d.kind for d in days}, {HOLIDAY, CUTI_BERSAMA})

    def test_cuti_bersama_of_lebaran_2026_are_listed(self) -> None:
        # SKB 3 Menteri No. 1497/2025, 2/2025, 5/2025: Fri 20, Mon 23 and Tue 24 Mar 2026.
        cuti = {d.date for d in read_holidays() if d.kind == CUTI_BERSAMA}
        self.assertLessEqual({date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24)}, cuti)


class HolidayTableTest(BaseTestCase):
    def test_migrate_loads_the_shipped_file(self) -> None:
        self.assertEqual(Holiday.objects.count(), len(read_holidays()))
        self.assertEqual(
            Holiday.objects.get(date=date(2026, 3, 23)).kind, Holiday.Kind.CUTI_BERSAMA
        )
        self.assertIn(date(2026, 3, 23), services.days_off())

    def test_holiday_sync_keeps_admin_corrections(self) -> None:
        day = Holiday.objects.get(date=date(2025, 3, 31))
        day.name = "Idul Fitri (dikoreksi)"
        day.save()
        Holiday.objects.filter(date=date(2027, 12, 25)).delete()
        self.assertEqual(services.holidays_sync(), 1)
        self.assertEqual(
            Holiday.objects.get(date=date(2025, 3, 31)).name, "Idul Fitri (dikoreksi)"
        )
