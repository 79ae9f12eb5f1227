"""Cell parsers for imports: pure unit tests, no database."""

import copy
import math
import pickle
import unittest
from datetime import date, datetime, time, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils.datetime import from_excel, to_excel

from lindung.imports.values import (
    CellError,
    normalize_header,
    parse_bool_cell,
    parse_category_cell,
    parse_date_cell,
    parse_kpj_cell,
    parse_money_cell,
    parse_month_cell,
    parse_nik_cell,
    parse_programs_cell,
    parse_segment_cell,
    parse_sex_cell,
    parse_status_cell,
    parse_text_cell,
)
from lindung.lib.nik import MSG_SCIENTIFIC

# Kota Pekalongan (3375), district 01, man born 5 July 1990, serial 0001 (as in test_nik).
MALE = "3375010507900001"
# Kota Jayapura (9171): every Papua NIK is above 2**53 = 9007199254740992.
PAPUA = "9171010507900001"
EMPTY_CELLS: list[Any] = [None, "", "   ", "\u00a0", "\u200b", float("nan")]


class CellErrorCase(unittest.TestCase):
    def assertCellError(self, code: str, parser: Any, raw: Any, *, contains: str = "") -> None:
        with self.subTest(raw=raw, code=code):
            with self.assertRaises(CellError) as caught:
                parser(raw)
            self.assertEqual(caught.exception.code, code)
            self.assertTrue(caught.exception.message)
            if contains:
                self.assertIn(contains.casefold(), caught.exception.message.casefold())

    def assertParses(self, parser: Any, cases: dict[Any, Any] | list[tuple[Any, Any]]) -> None:
        items = cases.items() if isinstance(cases, dict) else cases
        for raw, expected in items:
            with self.subTest(raw=raw):
                self.assertEqual(parser(raw), expected)

    def assertEmptyIsNone(self, parser: Any, extra: tuple[Any, ...] = ()) -> None:
        for raw in [*EMPTY_CELLS, *extra]:
            with self.subTest(raw=raw):
                self.assertIsNone(parser(raw))


class CellErrorTests(unittest.TestCase):
    def test_code_message_str_and_pickling(self) -> None:
        error = CellError("x_code", "Pesan untuk pengguna.")
        self.assertEqual(
            (error.code, error.message, str(error)), ("x_code", *["Pesan untuk pengguna."] * 2)
        )
        for clone in (pickle.loads(pickle.dumps(error)), copy.copy(error)):  # noqa: S301
            self.assertEqual((clone.code, clone.message), ("x_code", "Pesan untuk pengguna."))


class NikCellTests(CellErrorCase):
    def test_empty_and_dash(self) -> None:
        self.assertEmptyIsNone(parse_nik_cell, ("-", " — "))

    def test_text_as_typed(self) -> None:
        for raw in (MALE, f" {MALE} ", "3375 0105 0790 0001", "3375.0105.0790.0001", f"'{MALE}"):
            with self.subTest(raw=raw):
                self.assertEqual(parse_nik_cell(raw), MALE)
        self.assertEqual(parse_nik_cell(PAPUA), PAPUA)  # text is exact at any size

    def test_number_cells_that_are_exact(self) -> None:
        self.assertEqual(parse_nik_cell(3375010507900001), MALE)
        self.assertEqual(parse_nik_cell(3375010507900001.0), MALE)
        self.assertEqual(parse_nik_cell(f"{MALE}.0"), MALE)  # a float exported as text

    def test_scientific_notation_text(self) -> None:
        for raw in ("3.37501E+15", "3,37501E+15", "3.37501e15", " 3.37501E+15 "):
            self.assertCellError("nik_scientific", parse_nik_cell, raw, contains="sebagai Teks")
        with self.assertRaises(CellError) as caught:
            parse_nik_cell("3.37501E+15")
        self.assertEqual(caught.exception.message, MSG_SCIENTIFIC.format(value="3.37501E+15"))

    def test_short_numbers_lost_digits(self) -> None:
        for raw in (337501050790000, 337501050790000.0, 12345, f"{MALE[:15]}.0"):
            self.assertCellError("nik_digits_lost", parse_nik_cell, raw, contains="sebagai Teks")

    def test_float_precision_trap_above_2_pow_53(self) -> None:
        # The trap itself: this float cannot hold the NIK, its last digit has changed.
        self.assertGreater(int(PAPUA), 2**53)
        self.assertNotEqual(int(float(PAPUA)), int(PAPUA))
        for raw in (float(PAPUA), int(PAPUA), 9007199254740994.0, f"{PAPUA}.0"):
            self.assertCellError("nik_digits_lost", parse_nik_cell, raw, contains="sebagai Teks")
        # 2**53 itself is still exact (its digits make no valid NIK, but are not "lost").
        self.assertCellError("nik_invalid", parse_nik_cell, float(2**53))

    def test_invalid(self) -> None:
        cases = [
            "337501050790000",  # 15 digits typed as text: a typo, not Excel
            "33750105079000011",
            "33750105O7900001",  # letter O
            "0075010507900001",  # unknown province
            "3375010507900000",  # serial 0000
            33750105079000011,  # 17 digits as a number
            -3375010507900001,
            3375010507900001.5,
            float("inf"),
            True,
            date(1990, 7, 5),
        ]
        for raw in cases:
            self.assertCellError("nik_invalid", parse_nik_cell, raw)

    def test_invalid_message_joins_nik_errors(self) -> None:
        with self.assertRaises(CellError) as caught:
            parse_nik_cell("3375013207900000")  # day 32 and serial 0000
        self.assertIn("hari 32", caught.exception.message)
        self.assertIn("0000", caught.exception.message)


class ExcelSerialTests(CellErrorCase):
    def test_1900_leap_year_bug(self) -> None:
        self.assertParses(
            parse_date_cell,
            [
                (1, date(1900, 1, 1)),
                (59, date(1900, 2, 28)),
                (61, date(1900, 3, 1)),
                (33059, date(1990, 7, 5)),  # checked against openpyxl's from_excel
                (33059.75, date(1990, 7, 5)),  # 18:00 on that day
                (46296, date(2026, 10, 1)),
                (2958465, date(9999, 12, 31)),
            ],
        )
        self.assertCellError("date_invalid", parse_date_cell, 60, contains="29/02/1900")

    def test_out_of_range_and_year_only(self) -> None:
        for raw in (0, 0.5, -1, 2958466, float("inf")):
            self.assertCellError("date_format", parse_date_cell, raw)
        for raw in (1990, 2026.0):
            self.assertCellError("date_format", parse_date_cell, raw, contains="bukan tanggal")


class DateCellTests(CellErrorCase):
    def test_empty_and_dash(self) -> None:
        self.assertEmptyIsNone(parse_date_cell, ("-", "–"))

    def test_date_objects(self) -> None:
        self.assertEqual(parse_date_cell(date(1990, 7, 5)), date(1990, 7, 5))
        self.assertEqual(parse_date_cell(datetime(1990, 7, 5, 13, 30)), date(1990, 7, 5))

    def test_numeric_text(self) -> None:
        self.assertParses(
            parse_date_cell,
            {
                "05/07/1990": date(1990, 7, 5),
                "5/7/1990": date(1990, 7, 5),
                "05-07-1990": date(1990, 7, 5),
                "05.07.1990": date(1990, 7, 5),
                "1990-07-05": date(1990, 7, 5),
                "1990/7/5": date(1990, 7, 5),
                "1990-07-05 00:00:00": date(1990, 7, 5),
                "1990-07-05T08:30:00.5+07:00": date(1990, 7, 5),
                "05/07/1990 08.30": date(1990, 7, 5),
                "29/02/2000": date(2000, 2, 29),
            },
        )

    def test_month_names(self) -> None:
        cases = [
            "5 Juli 1990",
            "05 Jul 1990",
            "5 JULI 1990",
            "5 juli 1990",
            "05-Jul-1990",
            "5 July 1990",
            "July 5, 1990",
            "Jul. 5 1990",
            "Kamis, 5 Juli 1990",
            "Jum'at, 05 Juli 1990",
        ]
        for raw in cases:
            with self.subTest(raw=raw):
                self.assertEqual(parse_date_cell(raw), date(1990, 7, 5))
        self.assertParses(
            parse_date_cell,
            {
                "5 Agustus 1990": date(1990, 8, 5),
                "5 Agu 1990": date(1990, 8, 5),
                "5 Ags 1990": date(1990, 8, 5),
                "5 Agt 1990": date(1990, 8, 5),
                "5 Nopember 1990": date(1990, 11, 5),
                "5 Nov 1990": date(1990, 11, 5),
                "5 Desember 1990": date(1990, 12, 5),
                "5 Des 1990": date(1990, 12, 5),
                "5 Dec 1990": date(1990, 12, 5),
                "1 Pebruari 1990": date(1990, 2, 1),
                "1 Mei 1990": date(1990, 5, 1),
                "1 May 1990": date(1990, 5, 1),
                "1 Okt 1990": date(1990, 10, 1),
                "31 Desember 1990": date(1990, 12, 31),
            },
        )

    def test_impossible_dates(self) -> None:
        for raw in ("31/02/1990", "29/02/1990", "1990-13-01", "32 Juli 1990", "07/25/1990"):
            self.assertCellError(
                "date_invalid", parse_date_cell, raw, contains="Tanggal tidak valid"
            )

    def test_two_digit_years_rejected(self) -> None:
        for raw in ("05/07/90", "5-7-90", "5 Jul 90", "05-Jul-90"):
            self.assertCellError("date_format", parse_date_cell, raw, contains="4 digit")

    def test_unreadable(self) -> None:
        cases = [
            "kemarin",
            "1990",
            "19900705",
            "5 Foo 1990",
            "Foo 5, 1990",
            "1990-07",
            True,
            time(8, 30),
            timedelta(days=3),
        ]
        for raw in cases:
            self.assertCellError("date_format", parse_date_cell, raw, contains="31 Desember 1990")


class MonthCellTests(CellErrorCase):
    def test_empty_and_dash(self) -> None:
        self.assertEmptyIsNone(parse_month_cell, ("-",))

    def test_accepted(self) -> None:
        october = date(2026, 10, 1)
        cases = [
            "2026-10",
            "2026/10",
            "10/2026",
            "10-2026",
            "10.2026",
            "Oktober 2026",
            "OKTOBER 2026",
            "Okt 2026",
            "Okt-2026",
            "October 2026",
            "Oct. 2026",
            "202610",
            202610,
            202610.0,
            "2026-10-15",
            "15/10/2026",
            "15 Oktober 2026",
            "2026-10-31 00:00:00",
            date(2026, 10, 15),
            datetime(2026, 10, 31, 23, 59),
            46296,  # serial of 2026-10-01
            46326.5,  # serial of 2026-10-31, at noon
        ]
        for raw in cases:
            with self.subTest(raw=raw):
                self.assertEqual(parse_month_cell(raw), october)
        self.assertEqual(parse_month_cell("1/2027"), date(2027, 1, 1))
        self.assertEqual(parse_month_cell("Des 2026"), date(2026, 12, 1))

    def test_errors(self) -> None:
        cases = [
            "13/2026",
            "2026-00",
            "202613",
            "0000-10",
            "Okt 0000",
            "Okt-26",
            "10/26",
            "bulan lalu",
            10,  # a month without a year
            2026,  # a year without a month
            60,  # Excel's fake 29 Feb 1900
            202613,  # six digits are yyyymm, never a serial (that would be after 2173)
            999999,
            float("inf"),
            True,
            time(1, 0),
            "31/02/2026",
        ]
        for raw in cases:
            self.assertCellError("month_format", parse_month_cell, raw)

    def test_messages(self) -> None:
        self.assertCellError(
            "month_format", parse_month_cell, "13/2026", contains="Bulan tidak valid"
        )
        self.assertCellError("month_format", parse_month_cell, "x", contains="Oktober 2026")
        self.assertCellError("month_format", parse_month_cell, 10, contains="tahun tidak ada")
        self.assertCellError(
            "month_format", parse_month_cell, "31/02/2026", contains="Tanggal tidak valid"
        )


class MoneyCellTests(CellErrorCase):
    def test_empty(self) -> None:
        self.assertEmptyIsNone(parse_money_cell)

    def test_numbers(self) -> None:
        self.assertParses(
            parse_money_cell,
            [
                (2500000, 2500000),
                (0, 0),
                (2500000.0, 2500000),
                (2500000.5, 2500001),  # half up, not to even
                (2500001.5, 2500002),
                (2500000.49, 2500000),
                (0.5, 1),
                (1_000_000_000_000, 1_000_000_000_000),
            ],
        )

    def test_indonesian_and_english_text(self) -> None:
        self.assertParses(
            parse_money_cell,
            {
                "2500000": 2500000,
                "Rp 2.500.000": 2500000,
                "Rp2.500.000,00": 2500000,
                "Rp. 2.500.000,-": 2500000,
                "rp 2.500.000,-": 2500000,
                "2.500.000": 2500000,
                "2,500,000": 2500000,
                "2,500,000.00": 2500000,
                "2.500.000,50": 2500001,
                "2.500.000,49": 2500000,
                "IDR 2.500.000": 2500000,
                "2.500": 2500,  # a lone separator before exactly 3 digits: thousands
                "2,500": 2500,
                "2,5": 3,  # otherwise a decimal mark, rounded half up
                "2.5": 3,
                "2500000.0": 2500000,
                "2500000,00": 2500000,
                "0,500": 1,  # "0" cannot lead thousands groups
                " 2 500 000 ": 2500000,
                "Rp\u00a02.500.000": 2500000,
                "0": 0,
            },
        )

    def test_units(self) -> None:
        self.assertParses(
            parse_money_cell,
            {
                "2,5 jt": 2500000,
                "2.5 juta": 2500000,
                "2,5jt": 2500000,
                "2,5 Jt.": 2500000,
                "3 juta": 3000000,
                "Rp 2,5 juta": 2500000,
                "1,250 jt": 1250000,  # before a unit, a lone separator is decimal
                "1,2 M": 1200000000,
                "1,2 miliar": 1200000000,
                "1.2 milyar": 1200000000,
                "750 rb": 750000,
                "750 ribu": 750000,
                "750rb": 750000,
                "750k": 750000,
                "1,5 rb": 1500,
                "1,2345 rb": 1235,  # 1234.5 rounds half up
            },
        )

    def test_dash_is_accounting_zero(self) -> None:
        for raw in ("-", "Rp -", "Rp  -   ", "–"):
            with self.subTest(raw=raw):
                self.assertEqual(parse_money_cell(raw), 0)

    def test_negative(self) -> None:
        for raw in (
            -1,
            -0.4,
            -2500000.0,
            "-2.500.000",
            "-Rp 2.500.000",
            "Rp -2.500.000",
            "(2.500.000)",
            "\u22122500",
        ):
            self.assertCellError("money_negative", parse_money_cell, raw, contains="negatif")

    def test_absurd(self) -> None:
        for raw in (1_000_000_000_001, 1e13, 1000000000000.5, "1.000.001 M", "5000000 jt"):
            self.assertCellError("money_absurd", parse_money_cell, raw, contains="1 triliun")
        # Beyond Decimal's 28 digits rounding used to raise InvalidOperation.
        for raw in (1e28, 1e300, "9" * 40, "9" * 5000, "1" + "0" * 30 + " jt"):
            self.assertCellError("money_absurd", parse_money_cell, raw, contains="1 triliun")
        self.assertEqual(parse_money_cell("1000000000000,4"), 1_000_000_000_000)

    def test_garbage(self) -> None:
        cases = [
            "dua juta",
            "Rp",
            "2.50.000",
            "2,500,00",
            "1.000.000.5",
            "1.000,000.50",
            "1,5.000",
            "2500.",
            "2.500.000,",
            ",5",
            "2,5 jeti",
            "2500000 rupiah",
            "--5",
            "Rp -(5)",
            "2.500.000/bln",
            float("inf"),
            True,
            date(2026, 1, 1),
        ]
        for raw in cases:
            self.assertCellError("money_format", parse_money_cell, raw, contains="Rp 2.500.000")


class BoolCellTests(CellErrorCase):
    def test_empty(self) -> None:
        self.assertEmptyIsNone(parse_bool_cell)

    def test_true(self) -> None:
        words = "ya Ya YA y Y yes true TRUE 1 ada Ada sudah v V x X ✓ ✔ ✔️ √ Ya.".split()
        for raw in (*words, " ya ", True, 1, 1.0):
            with self.subTest(raw=raw):
                self.assertIs(parse_bool_cell(raw), True)

    def test_false(self) -> None:
        words = "tidak Tidak t T no n false FALSE 0 - – belum tdk".split()
        for raw in (*words, "tidak ada", "Tidak  Ada", False, 0, 0.0):
            with self.subTest(raw=raw):
                self.assertIs(parse_bool_cell(raw), False)

    def test_unknown(self) -> None:
        for raw in ("mungkin", "2", 2, 0.5, "ya tidak", date(2026, 1, 1)):
            self.assertCellError("bool_format", parse_bool_cell, raw, contains="Ya atau Tidak")


class SexCellTests(CellErrorCase):
    def test_empty(self) -> None:
        self.assertEmptyIsNone(parse_sex_cell, ("-",))

    def test_accepted(self) -> None:
        male = ["L", "l", "L.", "Laki-laki", "LAKI-LAKI", "Laki Laki", "Laki - laki", "laki2"]
        male += ["Pria", "LK", "Lk", "M", "Male"]
        female = ["P", "p", "Perempuan", "PEREMPUAN", "Wanita", "PR", "F", "female"]
        self.assertParses(parse_sex_cell, [*((r, "L") for r in male), *((r, "P") for r in female)])

    def test_unknown(self) -> None:
        for raw in ("X", "Bapak", "W", 1, True):
            self.assertCellError("sex_format", parse_sex_cell, raw, contains="L (laki-laki)")


class CategoryCellTests(CellErrorCase):
    def test_empty(self) -> None:
        self.assertEmptyIsNone(parse_category_cell, ("-",))

    def test_accepted(self) -> None:
        self.assertParses(
            parse_category_cell,
            {
                "Honorer": "honorer",
                "Tenaga Honorer": "honorer",
                "honor": "honorer",
                "TH": "honorer",
                "Kontrak": "kontrak",
                "Tenaga Kontrak": "kontrak",
                "PTT": "kontrak",
                "PKWT": "kontrak",
                "TKK": "kontrak",
                "Kegiatan": "kegiatan",
                "Tenaga Kegiatan": "kegiatan",
                "THL": "kegiatan",
                "THL-TB": "kegiatan",
                "Tenaga Harian Lepas": "kegiatan",
                "Alih Daya": "alih_daya",
                "alih_daya": "alih_daya",
                "Outsourcing": "alih_daya",
                "outsource": "alih_daya",
                "Lainnya": "other",
                "Lain-lain": "other",
                "other": "other",
            },
        )

    def test_unknown(self) -> None:
        for raw in ("PNS", "PPPK", "magang", 3, True):
            self.assertCellError(
                "category_unknown", parse_category_cell, raw, contains="Alih daya"
            )


class StatusCellTests(CellErrorCase):
    def test_empty(self) -> None:
        self.assertEmptyIsNone(parse_status_cell, ("-",))

    def test_accepted(self) -> None:
        self.assertParses(
            parse_status_cell,
            [
                ("Aktif", "aktif"),
                ("AKTIF", "aktif"),
                ("active", "aktif"),
                ("1", "aktif"),
                (1, "aktif"),
                (1.0, "aktif"),
                ("Non Aktif", "non_aktif"),
                ("Nonaktif", "non_aktif"),
                ("NON-AKTIF", "non_aktif"),
                ("Tidak Aktif", "non_aktif"),
                ("NA", "non_aktif"),
                ("inactive", "non_aktif"),
                ("0", "non_aktif"),
                (0, "non_aktif"),
            ],
        )

    def test_unknown(self) -> None:
        # "N/A" means "not applicable" in spreadsheets, not "non aktif".
        for raw in ("meninggal", "N/A", "2", 2, True, date(2026, 1, 1)):
            self.assertCellError("status_format", parse_status_cell, raw, contains="Non Aktif")


class SegmentCellTests(CellErrorCase):
    def test_empty(self) -> None:
        self.assertEmptyIsNone(parse_segment_cell, ("-",))

    def test_accepted(self) -> None:
        self.assertParses(
            parse_segment_cell,
            {
                "PU": "PU",
                "pu": "PU",
                "PPU": "PU",
                "Penerima Upah": "PU",
                "BPU": "BPU",
                "Bukan Penerima Upah": "BPU",
                "Mandiri": "BPU",
                "Informal": "BPU",
                "Jakon": "JAKON",
                "JAKON": "JAKON",
                "Jasa Konstruksi": "JAKON",
                "JK": "JAKON",
            },
        )

    def test_unknown(self) -> None:
        for raw in ("PBI", "Formal", 1):
            self.assertCellError("segment_format", parse_segment_cell, raw, contains="Jakon")


class ProgramsCellTests(CellErrorCase):
    def test_empty(self) -> None:
        self.assertEmptyIsNone(parse_programs_cell, ("-",))

    def test_lists(self) -> None:
        three = ("JKK", "JKM", "JHT")
        self.assertParses(
            parse_programs_cell,
            {
                "JKK,JKM,JHT": three,
                "JKK, JKM dan JHT": three,
                "jkk, jkm dan jht": three,
                "JHT; JKM & JKK": three,  # canonical order
                "JKK, JKK, JKM, JHT": three,  # no duplicates
                "JKK/JKM": ("JKK", "JKM"),
                "JKK-JKM": ("JKK", "JKM"),
                "JKK+JKM+JHT+JP": ("JKK", "JKM", "JHT", "JP"),
                "JKK JKM JHT JP JKP": ("JKK", "JKM", "JHT", "JP", "JKP"),
                "JKK and JKM": ("JKK", "JKM"),
                "JKM": ("JKM",),
            },
        )

    def test_counts(self) -> None:
        self.assertParses(
            parse_programs_cell,
            {
                "2 program": ("JKK", "JKM"),
                "3 program": ("JKK", "JKM", "JHT"),
                "4 program": ("JKK", "JKM", "JHT", "JP"),
                "4 Program": ("JKK", "JKM", "JHT", "JP"),
                "4program": ("JKK", "JKM", "JHT", "JP"),
                "5 PROGRAM": ("JKK", "JKM", "JHT", "JP", "JKP"),
            },
        )

    def test_unknown(self) -> None:
        for raw in ("JKK, JKN", "1 program", "6 program", "semua", "dan", ",", 4, True):
            self.assertCellError(
                "programs_unknown", parse_programs_cell, raw, contains="4 program"
            )
        self.assertCellError(
            "programs_unknown", parse_programs_cell, "JKK, JKN, BPJS", contains="BPJS, JKN"
        )


class KpjCellTests(CellErrorCase):
    def test_empty(self) -> None:
        self.assertEmptyIsNone(parse_kpj_cell, ("-",))

    def test_accepted(self) -> None:
        texts = [
            "12345678901",
            " 123 4567 8901 ",
            "123.456.789.01",
            "123-4567-8901",
            "'12345678901",
        ]
        for raw in (*texts, 12345678901, 12345678901.0):
            with self.subTest(raw=raw):
                self.assertEqual(parse_kpj_cell(raw), "12345678901")

    def test_invalid(self) -> None:
        for raw in (
            "1234567890",
            "123456789012",
            "1234567890A",
            "１２３４５６７８９０１",
            True,
            1.5e10 + 0.5,
        ):
            self.assertCellError("kpj_invalid", parse_kpj_cell, raw, contains="11 digit")
        # A number cell that lost a leading zero gets the Text advice.
        self.assertCellError("kpj_invalid", parse_kpj_cell, 1234567890, contains="sebagai Teks")


class TextCellTests(CellErrorCase):
    def parse(self, raw: Any, max_length: int = 20) -> str | None:
        return parse_text_cell(raw, max_length=max_length)

    def test_empty_and_dash(self) -> None:
        self.assertEmptyIsNone(self.parse, ("-", " — "))

    def test_cleaning(self) -> None:
        self.assertParses(
            self.parse,
            [
                ("  Budi   Santoso ", "Budi Santoso"),
                ("Budi\u00a0\u200bSantoso\n", "Budi Santoso"),
                ("Dinas\tKesehatan", "Dinas Kesehatan"),
                (12.0, "12"),
                (81234567890.0, "81234567890"),
                (12.5, "12.5"),
                (42, "42"),
                (True, "TRUE"),
                (date(2026, 1, 2), "2026-01-02"),
                (datetime(2026, 1, 2, 3, 4), "2026-01-02 03:04:00"),
                (time(8, 30), "08:30:00"),
                (timedelta(hours=1), "1:00:00"),
                ("Jl. A-B", "Jl. A-B"),
            ],
        )

    def test_too_long(self) -> None:
        self.assertEqual(self.parse("x" * 20), "x" * 20)
        self.assertEqual(self.parse(" " + "x" * 20 + " "), "x" * 20)  # trimmed before counting
        with self.assertRaises(CellError) as caught:
            self.parse("x" * 21)
        self.assertEqual(caught.exception.code, "text_too_long")
        self.assertIn("21", caught.exception.message)
        self.assertIn("20", caught.exception.message)


class HeaderTests(unittest.TestCase):
    def test_normalize_header(self) -> None:
        cases = {
            "No. KTP": "no ktp",
            "Tgl. Lahir": "tgl lahir",
            "Tgl Lahir:": "tgl lahir",
            "L/P": "l p",
            "NIK *": "nik",
            "# No": "no",
            "Upah (Rp)": "upah rp",
            "tanggal_lahir": "tanggal lahir",
            "Jenis-Kelamin": "jenis kelamin",
            "  NAMA\nLENGKAP  ": "nama lengkap",
            "Alamat Café": "alamat cafe",
            "\ufeffNIK": "nik",
            2026.0: "2026",
            None: "",
        }
        for raw, expected in cases.items():
            with self.subTest(raw=raw):
                self.assertEqual(normalize_header(raw), expected)


class NanTests(unittest.TestCase):
    def test_nan_is_empty_everywhere(self) -> None:
        parsers = [
            parse_nik_cell,
            parse_date_cell,
            parse_month_cell,
            parse_money_cell,
            parse_bool_cell,
            parse_sex_cell,
            parse_category_cell,
            parse_status_cell,
            parse_segment_cell,
            parse_programs_cell,
            parse_kpj_cell,
        ]
        for parser in parsers:
            with self.subTest(parser=parser.__name__):
                self.assertIsNone(parser(math.nan))


ID_MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


class RoundTripProperties(unittest.TestCase):
    @settings(deadline=None)
    @given(st.integers(0, 10**12))
    def test_money_as_written_reads_back(self, rupiah: int) -> None:
        english = f"{rupiah:,}"
        indonesian = english.replace(",", ".")
        for text in (str(rupiah), english, indonesian, f"Rp {indonesian}", f"Rp{indonesian},00"):
            self.assertEqual(parse_money_cell(text), rupiah, text)
        self.assertEqual(parse_money_cell(float(rupiah)), rupiah)

    @settings(deadline=None)
    @given(st.dates(date(1900, 3, 1), date(9999, 12, 31)))
    def test_dates_as_written_read_back(self, day: date) -> None:
        texts = [
            f"{day.day:02d}/{day.month:02d}/{day.year:04d}",
            f"{day.day}/{day.month}/{day.year:04d}",
            f"{day.year:04d}-{day.month:02d}-{day.day:02d}",
            f"{day.day} {ID_MONTHS[day.month - 1]} {day.year:04d}",
        ]
        for text in texts:
            self.assertEqual(parse_date_cell(text), day, text)

    @settings(deadline=None)
    @given(st.integers(1, 2958465).filter(lambda s: s != 60 and not 1900 <= s <= 2100))
    def test_serials_agree_with_openpyxl(self, serial: int) -> None:
        # An independent implementation of the same 1900 date system. Excluded: the fake
        # 29 Feb 1900 and bare years (1900-2100), which parse_date_cell refuses on purpose.
        self.assertEqual(parse_date_cell(serial), from_excel(serial).date())
        day = from_excel(serial).date()
        self.assertEqual(to_excel(day), serial)
