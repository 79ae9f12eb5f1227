"""The worker invariants every path shares (form, API, import): pure, no database."""

from datetime import date
from unittest import TestCase

from lindung.registry.rules import (
    MSG_BIRTH_FUTURE,
    MSG_DATE_RANGE,
    MSG_END_BEFORE_START,
    MSG_START_BEFORE_BIRTH,
    MSG_START_TOO_LATE,
    MSG_WAGE_RANGE,
    birth_date_conflict,
    one_year_after,
    worker_problems,
)

TODAY = date(2026, 12, 2)


class WorkerProblemsTest(TestCase):
    def test_unknown_values_break_nothing(self) -> None:
        self.assertEqual(worker_problems(today=TODAY), {})

    def test_a_consistent_record_is_valid(self) -> None:
        problems = worker_problems(
            birth_date=date(1990, 7, 5), start_date=date(2019, 1, 2),
            end_date=date(2026, 12, 31), monthly_wage=1_500_000, today=TODAY,
        )  # fmt: skip
        self.assertEqual(problems, {})

    def test_it_names_each_broken_invariant(self) -> None:
        problems = worker_problems(
            birth_date=date(2031, 1, 1), start_date=date(1990, 1, 1),
            end_date=date(1989, 12, 31), monthly_wage=0, today=TODAY,
        )  # fmt: skip
        self.assertEqual(
            problems,
            {
                "birth_date": MSG_BIRTH_FUTURE,
                "start_date": MSG_START_BEFORE_BIRTH,
                "end_date": MSG_END_BEFORE_START,
                "monthly_wage": MSG_WAGE_RANGE,
            },
        )

    def test_the_bounds_are_inclusive(self) -> None:
        same_day = worker_problems(
            birth_date=TODAY, start_date=date(2026, 12, 3), end_date=date(2026, 12, 3),
            monthly_wage=1_000_000_000, today=TODAY,
        )  # fmt: skip
        self.assertEqual(same_day, {})
        self.assertIn("start_date", worker_problems(
            birth_date=date(1990, 1, 1), start_date=date(1990, 1, 1), today=TODAY))  # fmt: skip
        self.assertIn("monthly_wage", worker_problems(monthly_wage=1_000_000_001, today=TODAY))

    def test_without_a_birth_date_the_start_is_checked_against_the_nik(self) -> None:
        nik = "3375010507900001"  # born 5 July 1990
        before = worker_problems(nik=nik, start_date=date(1985, 1, 2), today=TODAY)
        self.assertEqual(before, {"start_date": MSG_START_BEFORE_BIRTH})
        self.assertEqual(worker_problems(nik=nik, start_date=date(2019, 1, 2), today=TODAY), {})
        # A birth date given wins over the NIK's (the NIK's only warns about the difference).
        given = worker_problems(
            nik=nik, birth_date=date(1980, 1, 1), start_date=date(1985, 1, 2), today=TODAY
        )
        self.assertEqual(given, {})
        # A NIK that says no date (invalid) adds nothing.
        self.assertEqual(
            worker_problems(nik="3375019913900001", start_date=date(1985, 1, 2), today=TODAY), {}
        )

    def test_years_outside_1900_to_2100_are_refused(self) -> None:
        problems = worker_problems(
            birth_date=date(1, 1, 1), start_date=date(1800, 5, 1), end_date=date(9999, 12, 31),
            today=TODAY,
        )  # fmt: skip
        self.assertEqual(
            problems,
            {
                "birth_date": MSG_DATE_RANGE,
                "start_date": MSG_DATE_RANGE,
                "end_date": MSG_DATE_RANGE,
            },
        )
        edges = worker_problems(
            birth_date=date(1900, 1, 1), start_date=date(2000, 1, 1), end_date=date(2100, 12, 31),
            today=TODAY,
        )  # fmt: skip
        self.assertEqual(edges, {})


class StartAheadTest(TestCase):
    def test_a_start_up_to_a_year_ahead_is_valid(self) -> None:
        # TODAY 2 Dec 2026: the latest start is 2 Dec 2027.
        self.assertEqual(worker_problems(start_date=date(2027, 12, 2), today=TODAY), {})
        self.assertEqual(
            worker_problems(start_date=date(2027, 12, 3), today=TODAY),
            {"start_date": MSG_START_TOO_LATE},
        )

    def test_a_leap_day_looks_a_year_ahead_to_28_february(self) -> None:
        self.assertEqual(one_year_after(date(2028, 2, 29)), date(2029, 2, 28))
        self.assertEqual(one_year_after(date(2026, 12, 2)), date(2027, 12, 2))

    def test_a_start_before_birth_is_named_before_one_too_far_ahead(self) -> None:
        problems = worker_problems(
            birth_date=date(2030, 1, 1), start_date=date(2029, 1, 1), today=TODAY
        )
        self.assertEqual(problems["start_date"], MSG_START_BEFORE_BIRTH)

    def test_a_year_9999_is_a_range_error_not_a_far_start(self) -> None:
        problems = worker_problems(start_date=date(9999, 1, 1), today=TODAY)
        self.assertEqual(problems, {"start_date": MSG_DATE_RANGE})


class BirthDateAgainstNikTest(TestCase):
    # 3375 01 05 07 90 0001: Kota Pekalongan, a man born 5 July 1990.
    NIK = "3375010507900001"

    def test_a_birth_date_the_nik_agrees_with_is_no_conflict(self) -> None:
        self.assertIsNone(
            birth_date_conflict(nik=self.NIK, birth_date=date(1990, 7, 5), today=TODAY)
        )
        self.assertIsNone(birth_date_conflict(nik=self.NIK, birth_date=None, today=TODAY))

    def test_a_different_birth_date_returns_the_nik_date(self) -> None:
        self.assertEqual(
            birth_date_conflict(nik=self.NIK, birth_date=date(1990, 5, 7), today=TODAY),
            date(1990, 7, 5),
        )

    def test_an_invalid_nik_is_not_a_birth_date_conflict(self) -> None:
        # Month 13: the NIK's own error, reported by the NIK check.
        self.assertIsNone(
            birth_date_conflict(nik="3375010513900001", birth_date=date(1990, 7, 5), today=TODAY)
        )
