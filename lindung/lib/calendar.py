"""One calendar for every app: month arithmetic and working days, without the ORM.

Months are represented by their first day. Working days skip Saturdays, Sundays and the days
off given by the caller: the national holidays and cuti bersama of the SKB 3 Menteri, stored
in the rulebook's holiday table (`lindung.rulebook.services.days_off`).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_index(day: date) -> int:
    """Months since year 0: differences of two indexes count calendar months."""
    return day.year * 12 + day.month - 1


def add_months(month: date, n: int) -> date:
    """The first day of the month `n` months after the month of `month` (n may be negative)."""
    index = month_index(month) + n
    return date(index // 12, index % 12 + 1, 1)


def month_end(year: int, month: int) -> date:
    """The last day of a calendar month."""
    return add_months(date(year, month, 1), 1) - timedelta(days=1)


def months_apart(start: date, end: date) -> int:
    """Calendar months from the month of `start` to the month of `end` (negative if earlier).

    0 in the same month; the day of the month is ignored.
    """
    return month_index(end) - month_index(start)


def month_starts(start: date, end: date) -> list[date]:
    """First days of every calendar month from start's to end's, both included."""
    return [add_months(start, n) for n in range(months_apart(start, end) + 1)]


def is_working_day(day: date, days_off: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in days_off


def add_working_days(start: date, days: int, days_off: Collection[date]) -> date:
    """The date `days` working days after `start` (the start day itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, days_off):
            counted += 1
    return day


def working_days_between(start: date, end: date, days_off: Collection[date]) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, days_off):
            count += 1
    return count
