"""The cell parsers' fast paths give exactly what their full parsers give: pure, no database.

Each public parser reads the common well-formed cells (a 16-digit NIK text, a dd/mm/yyyy
date, a whole-number wage, plain ASCII text, a repeated choice) directly and hands
everything else to its full parser. These tests feed both the same cells, well-formed and
not, and compare the value, or the error's code and message.
"""

import unittest
from collections.abc import Callable
from datetime import date
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from lindung.imports import values as v
from lindung.imports.values import dates, identifiers, money, text

# Examples per property: the profile in conftest.py (more with HYPOTHESIS_PROFILE=thorough).
CASES = settings(deadline=None)


def outcome(parse: Callable[[Any], Any], raw: Any) -> tuple[Any, ...]:
    try:
        return ("value", type(parse(raw)), parse(raw))
    except v.CellError as error:
        return ("error", error.code, error.message)


def two(n: int) -> str:
    return f"{n:02d}"


digits = st.text(alphabet="0123456789", min_size=0, max_size=20)
# NIK-shaped text: any province, day (women +40), month and serial, valid or not.
nik_parts = st.tuples(
    st.integers(0, 99), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99),
    st.integers(0, 99), st.integers(0, 99), st.integers(0, 9999),
)  # fmt: skip
noise = st.text(alphabet="0123456789 /.-,'eE+\u00a0\u200bab\u0663", max_size=20)


class NikFastPathTests(unittest.TestCase):
    @CASES
    @given(nik_parts)
    @example((33, 75, 1, 29, 2, 0, 1))  # 29 Feb 2000: exists
    @example((33, 75, 1, 69, 2, 1, 1))  # 29 Feb 2001 (a woman): does not
    @example((33, 75, 1, 5, 7, 90, 0))  # serial 0000
    @example((99, 75, 1, 5, 7, 90, 1))  # unknown province
    @example((33, 75, 1, 31, 4, 90, 1))  # 31 April
    @example((33, 75, 1, 71, 12, 90, 1))  # 31 December, a woman
    @example((33, 75, 1, 40, 1, 90, 1))  # day 40: neither a man's nor a woman's
    def test_nik_shaped_text(self, parts: tuple[int, ...]) -> None:
        province, regency, district, day, month, year, serial = parts
        raw = "".join(two(n) for n in parts[:6]) + f"{serial:04d}"
        self.assertEqual(len(raw), 16)
        self.assertEqual(outcome(v.parse_nik_cell, raw), outcome(identifiers._parse_nik_full, raw))

    @CASES
    @given(st.one_of(digits, noise, st.integers(), st.floats(), st.none()))
    @example("3375010507900001")
    @example(" 3375010507900001")
    @example("'3375010507900001")
    @example("3375010507900001.0")
    @example("3.37501E+15")
    @example("\u0663375010507900001")  # an Arabic-Indic digit: not ASCII
    def test_any_cell(self, raw: Any) -> None:
        self.assertEqual(outcome(v.parse_nik_cell, raw), outcome(identifiers._parse_nik_full, raw))

    def test_the_common_case_is_fast(self) -> None:
        self.assertTrue(identifiers._plainly_valid_nik("3375010507900001"))
        self.assertTrue(identifiers._plainly_valid_nik("3375014507900001"))  # a woman
        self.assertFalse(identifiers._plainly_valid_nik("3375012902000001"))  # 29 Feb: full path


date_parts = st.tuples(
    st.sampled_from(["/", "-", ".", " ", "x"]), st.integers(0, 99), st.integers(0, 99),
    st.integers(0, 9999), st.booleans(),
)  # fmt: skip


class DateFastPathTests(unittest.TestCase):
    @CASES
    @given(date_parts)
    @example(("/", 29, 2, 2000, True))
    @example(("/", 29, 2, 1900, True))
    @example(("/", 31, 4, 1990, True))
    @example(("-", 5, 7, 1990, False))
    @example(("/", 5, 7, 0, True))
    def test_date_shaped_text(self, parts: tuple[Any, ...]) -> None:
        sep, day, month, year, day_first = parts
        if day_first:
            raw = f"{two(day)}{sep}{two(month)}{sep}{year:04d}"
        else:
            raw = f"{year:04d}{sep}{two(month)}{sep}{two(day)}"
        self.assertEqual(outcome(v.parse_date_cell, raw), outcome(dates._parse_date_full, raw))

    @CASES
    @given(
        st.one_of(
            st.text(alphabet="0123456789/.- T:", min_size=8, max_size=12),
            noise,
            st.integers(-10, 3_000_000),
            st.dates(),
            st.none(),
        )
    )
    @example("05/07/1990")
    @example("05/07-1990")
    @example("1990/07/05")
    @example("1990-07/05")
    @example("+5/07/1990")
    @example("-5/07/1990")
    @example(" 5/07/1990")
    @example("5/7/1990")
    @example("05/07/90")
    def test_any_cell(self, raw: Any) -> None:
        self.assertEqual(outcome(v.parse_date_cell, raw), outcome(dates._parse_date_full, raw))

    def test_the_common_case_is_fast(self) -> None:
        self.assertEqual(v.parse_date_cell("05/07/1990"), date(1990, 7, 5))


class MoneyFastPathTests(unittest.TestCase):
    @CASES
    @given(
        st.one_of(
            st.integers(-(10**13), 10**13),
            st.floats(allow_nan=True, allow_infinity=True),
            st.floats(min_value=-1, max_value=2e12).map(round).map(float),
            digits,
            st.text(alphabet="0123456789.,-Rp jt", max_size=16),
            st.booleans(),
            st.none(),
        )
    )
    @example(v.MAX_MONEY)
    @example(v.MAX_MONEY + 1)
    @example(float(v.MAX_MONEY))
    @example(float(v.MAX_MONEY + 1))
    @example(-0.0)
    @example("0")
    @example("0002500000")
    @example("1000000000000")
    @example("1000000000001")
    @example("9" * 13)
    @example("9" * 20)
    @example("2.500.000")
    @example("")
    @example(True)
    def test_any_cell(self, raw: Any) -> None:
        self.assertEqual(outcome(v.parse_money_cell, raw), outcome(money._parse_money_full, raw))


class TextFastPathTests(unittest.TestCase):
    @CASES
    @given(
        st.one_of(
            st.text(max_size=30),
            st.text(alphabet=" \t\n-'abc\u00a0\u200b\u2013\ufe0f", max_size=12),
            st.integers(),
            st.floats(),
            st.none(),
        ),
        st.integers(1, 20),
    )
    @example("-", 10)
    @example(" - - ", 10)
    @example("\u2013", 10)
    @example("  Ma'ruf   Amin ", 10)
    @example("Ma\u2019ruf Amin", 10)
    @example("a\x1fb", 10)
    def test_any_cell(self, raw: Any, limit: int) -> None:
        self.assertEqual(
            outcome(lambda r: v.parse_text_cell(r, max_length=limit), raw),
            outcome(lambda r: text._parse_text_full(r, max_length=limit), raw),
        )


CHOICES = [
    v.parse_bool_cell,
    v.parse_sex_cell,
    v.parse_category_cell,
    v.parse_status_cell,
    v.parse_segment_cell,
    v.parse_programs_cell,
]
words = st.sampled_from(
    ["Ya", "ya", "Tidak", "L", "P", "Laki-laki", "Kontrak", "Honorer", "THL", "Aktif",
     "Non Aktif", "PU", "BPU", "Jakon", "JKK,JKM", "4 program", "-", "", "1", "0", "x", "??"]
)  # fmt: skip


class CachedChoiceTests(unittest.TestCase):
    @CASES
    @given(st.one_of(words, st.text(max_size=70), st.integers(-1, 2), st.booleans(), st.none()))
    def test_same_answer_first_and_later_times(self, raw: Any) -> None:
        for parse in CHOICES:
            full = outcome(parse.__wrapped__, raw)  # type: ignore[attr-defined]
            self.assertEqual(outcome(parse, raw), full, parse.__name__)
            self.assertEqual(outcome(parse, raw), full, parse.__name__)  # cached, if it answered

    def test_true_and_one_are_kept_apart(self) -> None:
        self.assertIs(v.parse_bool_cell("1"), True)
        self.assertIs(v.parse_bool_cell(True), True)
        self.assertIs(v.parse_bool_cell("0"), False)
        with self.assertRaises(v.CellError):
            v.parse_category_cell(True)
