"""NIK rules and region data: pure unit tests, no database, no Django."""

import json
import unittest
from datetime import date

from lindung.lib import regions
from lindung.lib.nik import (
    MSG_SERIAL,
    NikResult,
    make_nik,
    mask_nik,
    normalize_nik,
    normalize_sex,
    parse_nik,
)

TODAY = date(2026, 6, 1)
# Kota Pekalongan (3375), district 01, man born 5 July 1990, serial 0001.
MALE = "3375010507900001"
# Same, but a woman: day 05 + 40 = 45.
FEMALE = "3375014507900001"


def parse(
    raw: str | int | float | None, *, birth_date: date | None = None, sex: str | None = None
) -> NikResult:
    """parse_nik with a fixed "today", so century inference does not depend on the clock."""
    return parse_nik(raw, birth_date=birth_date, sex=sex, today=TODAY)


class NormalizeTests(unittest.TestCase):
    def test_strips_separators_and_invisible_characters(self) -> None:
        cases = [
            "3375 0105 0790 0001",
            " 3375010507900001 ",
            "3375.0105.0790.0001",
            "3375-0105-0790-0001",
            "3375\u20130105\u20140790\u22120001",  # en dash, em dash, minus sign
            "'3375010507900001",  # Excel users' leading apostrophe
            "\u20193375010507900001",  # ... as autocorrected by a phone keyboard
            "\u200b3375010507900001\u200c",
            "\ufeff3375\u200d0105\u20600790\u00a00001",  # BOM, ZWJ, word joiner, NBSP
            "3375\u202f0105\t0790\n0001",  # narrow NBSP, tab, newline
        ]
        for raw in cases:
            with self.subTest(raw=raw):
                self.assertEqual(normalize_nik(raw), MALE)

    def test_keeps_other_characters_and_digits_as_typed(self) -> None:
        self.assertEqual(normalize_nik("33750105O7900001"), "33750105O7900001")
        self.assertEqual(normalize_nik("０３３７５"), "０３３７５")  # full-width: not converted

    def test_none_int_and_float(self) -> None:
        self.assertEqual(normalize_nik(None), "")
        self.assertEqual(normalize_nik(3375010507900001), MALE)
        self.assertEqual(normalize_nik(float("nan")), "")
        self.assertEqual(normalize_nik(3.37501e15), "3375010000000000")

    def test_scientific_notation_is_left_recognisable(self) -> None:
        self.assertEqual(normalize_nik(" '3.37501E+15 "), "3.37501E+15")
        self.assertEqual(normalize_nik("3,37501E+15"), "3,37501E+15")


class ParseValidTests(unittest.TestCase):
    def test_male(self) -> None:
        result = parse(MALE)
        self.assertTrue(result.valid)
        self.assertEqual(result.errors, [])
        self.assertEqual(result.warnings, [])
        self.assertEqual(result.nik, MALE)
        self.assertEqual(result.province_code, "33")
        self.assertEqual(result.regency_code, "3375")
        self.assertEqual(result.district_code, "337501")
        self.assertEqual(result.birth_date, date(1990, 7, 5))
        self.assertEqual(result.sex, "L")

    def test_female_day_plus_40(self) -> None:
        result = parse(FEMALE)
        self.assertTrue(result.valid)
        self.assertEqual(result.birth_date, date(1990, 7, 5))
        self.assertEqual(result.sex, "P")

    def test_female_day_bounds(self) -> None:
        first = parse("3375014101900001")  # 41 -> 1 January
        last = parse("3375017101900001")  # 71 -> 31 January
        self.assertEqual((first.birth_date, first.sex), (date(1990, 1, 1), "P"))
        self.assertEqual((last.birth_date, last.sex), (date(1990, 1, 31), "P"))

    def test_normalised_input(self) -> None:
        result = parse("'3375.0105.0790.0001")
        self.assertTrue(result.valid)
        self.assertEqual(result.nik, MALE)

    def test_leap_day(self) -> None:
        self.assertEqual(parse("3375012902000001").birth_date, date(2000, 2, 29))
        self.assertEqual(parse("3375016902960001").birth_date, date(1996, 2, 29))


class CenturyTests(unittest.TestCase):
    def test_recent_year_is_20xx(self) -> None:
        self.assertEqual(parse("3375010101050001").birth_date, date(2005, 1, 1))

    def test_future_20xx_becomes_19xx(self) -> None:
        self.assertEqual(parse("3375010101300001").birth_date, date(1930, 1, 1))

    def test_boundary_around_today(self) -> None:
        # Born today in 2026: not in the future, so 2026.
        self.assertEqual(parse("3375010106260001").birth_date, date(2026, 6, 1))
        # Tomorrow's date in 2026 would be in the future: 1926.
        self.assertEqual(parse("3375010206260001").birth_date, date(1926, 6, 2))
        # Default today (Asia/Jakarta) still gives a past date.
        birth = parse_nik("3375010101990001").birth_date
        self.assertEqual(birth, date(1999, 1, 1))

    def test_given_birth_date_settles_the_century(self) -> None:
        result = parse("3375010101250001", birth_date=date(1925, 1, 1))
        self.assertEqual(result.birth_date, date(1925, 1, 1))
        self.assertEqual(result.warnings, [])
        # Without it, the most recent past year wins.
        self.assertEqual(parse("3375010101250001").birth_date, date(2025, 1, 1))


class ParseErrorTests(unittest.TestCase):
    def assert_single_error(self, raw: str | float | None, message: str) -> NikResult:
        result = parse(raw)
        self.assertFalse(result.valid)
        self.assertEqual(result.errors, [message])
        return result

    def test_empty(self) -> None:
        for raw in (None, "", "   ", "''", float("nan")):
            with self.subTest(raw=raw):
                self.assert_single_error(raw, "NIK wajib diisi.")

    def test_length(self) -> None:
        self.assert_single_error(MALE[:-1], "NIK harus 16 digit angka (ditemukan 15 digit).")
        self.assert_single_error(MALE + "1", "NIK harus 16 digit angka (ditemukan 17 digit).")

    def test_non_digit(self) -> None:
        result = self.assert_single_error(
            "33750105O790000l",
            "NIK hanya boleh berisi angka 0-9 (ditemukan karakter 'O', 'l').",
        )
        self.assertIsNone(result.province_code)
        self.assert_single_error(
            "０３３７５０１０５０７９００００１",
            "NIK hanya boleh berisi angka 0-9 (ditemukan karakter "
            "'０', '１', '３', '５', '７', '９').",
        )

    def test_unknown_province(self) -> None:
        self.assert_single_error("9975010507900001", "Kode provinsi 99 tidak dikenal.")
        self.assert_single_error("0075010507900001", "Kode provinsi 00 tidak dikenal.")

    def test_day_out_of_range(self) -> None:
        for day in ("00", "32", "40", "72", "99"):
            with self.subTest(day=day):
                result = self.assert_single_error(
                    f"337501{day}07900001", f"Tanggal lahir pada NIK tidak valid (hari {day})."
                )
                self.assertIsNone(result.sex)
                self.assertIsNone(result.birth_date)

    def test_month_out_of_range(self) -> None:
        for month in ("00", "13"):
            with self.subTest(month=month):
                self.assert_single_error(
                    f"33750105{month}900001", f"Bulan lahir pada NIK tidak valid ({month})."
                )

    def test_impossible_date(self) -> None:
        self.assert_single_error(
            "3375013102900001",
            "Tanggal lahir pada NIK tidak valid (tanggal 31-02-1990 tidak ada).",
        )
        self.assert_single_error(  # woman, 31 April (71 - 40)
            "3375017104900001",
            "Tanggal lahir pada NIK tidak valid (tanggal 31-04-1990 tidak ada).",
        )
        self.assert_single_error(  # 29 February 2001: not a leap year
            "3375012902010001",
            "Tanggal lahir pada NIK tidak valid (tanggal 29-02-2001 tidak ada).",
        )

    def test_serial_0000(self) -> None:
        self.assert_single_error("3375010507900000", "Nomor urut NIK tidak boleh 0000.")
        self.assertEqual(MSG_SERIAL, "Nomor urut NIK tidak boleh 0000.")

    def test_errors_accumulate(self) -> None:
        result = parse("9975013213900000")
        self.assertEqual(
            result.errors,
            [
                "Kode provinsi 99 tidak dikenal.",
                "Tanggal lahir pada NIK tidak valid (hari 32).",
                "Bulan lahir pada NIK tidak valid (13).",
                "Nomor urut NIK tidak boleh 0000.",
            ],
        )
        # What could be read is still reported.
        self.assertEqual(result.province_code, "99")
        self.assertEqual(result.district_code, "997501")


class ExcelTests(unittest.TestCase):
    expected = (
        "NIK terbaca sebagai angka ilmiah (3.37501E+15); "
        "format kolom NIK sebagai Teks lalu ketik ulang."
    )

    def test_scientific_string(self) -> None:
        cases = {
            "3.37501E+15": "3.37501E+15",
            " '3.37501E+15": "3.37501E+15",
            "3.37501e+15\u00a0": "3.37501e+15",
        }
        for raw, shown in cases.items():
            with self.subTest(raw=raw):
                result = parse(raw)
                self.assertFalse(result.valid)
                self.assertEqual(result.errors, [self.expected.replace("3.37501E+15", shown)])

    def test_scientific_string_with_decimal_comma(self) -> None:
        self.assertEqual(
            parse("3,37501E+15").errors,
            [self.expected.replace("3.37501E+15", "3,37501E+15")],
        )

    def test_normalise_then_parse_still_detects_it(self) -> None:
        # Services normalise before parsing; the Excel hint must survive that.
        self.assertEqual(parse(normalize_nik("3.37501E+15")).errors, [self.expected])

    def test_float(self) -> None:
        result = parse(3.37501e15)
        self.assertFalse(result.valid)
        self.assertEqual(result.errors, [self.expected])
        # Shown like Excel's General format: trailing zeros of the mantissa dropped.
        self.assertEqual(
            parse(1.2345e15).errors, [self.expected.replace("3.37501E+15", "1.2345E+15")]
        )

    def test_int_ending_in_zero_is_flagged(self) -> None:
        result = parse(3375010507900010)
        self.assertTrue(result.valid)
        self.assertEqual(len(result.warnings), 1)
        self.assertIn("Excel", result.warnings[0])
        self.assertEqual(parse(3375010507900001).warnings, [])
        self.assertEqual(parse("3375010507900010").warnings, [])


class WarningTests(unittest.TestCase):
    def test_birth_date_mismatch_is_a_warning(self) -> None:
        result = parse(MALE, birth_date=date(1990, 7, 6))
        self.assertTrue(result.valid)
        self.assertEqual(
            result.warnings,
            [
                "Tanggal lahir pada NIK (1990-07-05) berbeda dengan "
                "tanggal lahir yang diberikan (1990-07-06)."
            ],
        )
        self.assertEqual(result.birth_date, date(1990, 7, 5))  # the NIK wins

    def test_matching_birth_date_and_sex(self) -> None:
        result = parse(FEMALE, birth_date=date(1990, 7, 5), sex="P")
        self.assertEqual(result.warnings, [])

    def test_sex_mismatch_is_a_warning(self) -> None:
        result = parse(FEMALE, sex="L")
        self.assertTrue(result.valid)
        self.assertEqual(
            result.warnings,
            [
                "Jenis kelamin pada NIK (perempuan) berbeda dengan "
                "jenis kelamin yang diberikan (laki-laki)."
            ],
        )
        self.assertEqual(len(parse(MALE, sex="perempuan").warnings), 1)

    def test_sex_spellings(self) -> None:
        for given in ("P", "p", " Perempuan ", "WANITA"):
            with self.subTest(given=given):
                self.assertEqual(normalize_sex(given), "P")
                self.assertEqual(parse(FEMALE, sex=given).warnings, [])
        for given in ("L", "laki-laki", "Laki  Laki", "Pria"):
            with self.subTest(given=given):
                self.assertEqual(normalize_sex(given), "L")
        # Unknown or empty: treated as not given, no warning.
        self.assertIsNone(normalize_sex("x"))
        self.assertIsNone(normalize_sex(None))
        self.assertEqual(parse(FEMALE, sex="?").warnings, [])

    def test_unknown_regency_is_a_warning(self) -> None:
        result = parse("3399010507900001")
        self.assertTrue(result.valid)
        self.assertEqual(len(result.warnings), 1)
        self.assertIn("3399", result.warnings[0])

    def test_no_comparison_when_nik_date_is_invalid(self) -> None:
        result = parse("3375013202900001", birth_date=date(1990, 2, 1), sex="P")
        self.assertEqual(result.warnings, [])


class ToDictTests(unittest.TestCase):
    def test_keys_and_values(self) -> None:
        data = parse(FEMALE, sex="L").to_dict()
        self.assertEqual(
            set(data),
            {
                "nik",
                "valid",
                "errors",
                "warnings",
                "province_code",
                "regency_code",
                "district_code",
                "birth_date",
                "sex",
            },
        )
        self.assertEqual(data["birth_date"], "1990-07-05")
        self.assertEqual(data["sex"], "P")
        self.assertTrue(data["valid"])
        self.assertEqual(len(data["warnings"]), 1)
        json.dumps(data)  # JSON-ready

    def test_invalid(self) -> None:
        data = parse("123").to_dict()
        self.assertEqual(data["nik"], "123")
        self.assertFalse(data["valid"])
        self.assertIsNone(data["birth_date"])
        self.assertIsNone(data["province_code"])
        json.dumps(data)


class MaskTests(unittest.TestCase):
    def test_mask(self) -> None:
        self.assertEqual(mask_nik(MALE), "337501********01")

    def test_short_values_are_fully_hidden(self) -> None:
        self.assertEqual(mask_nik(""), "")
        self.assertEqual(mask_nik("12345678"), "********")
        self.assertEqual(mask_nik("123456789"), "123456*89")


class MakeNikTests(unittest.TestCase):
    def test_known_value(self) -> None:
        nik = make_nik(
            regency_code="3375", district=1, birth_date=date(1990, 7, 5), sex="L", serial=1
        )
        self.assertEqual(nik, MALE)
        nik = make_nik(
            regency_code="3375", district=1, birth_date=date(1990, 7, 5), sex="P", serial=1
        )
        self.assertEqual(nik, FEMALE)

    def test_round_trip(self) -> None:
        cases = [
            ("3273", 7, date(2001, 12, 31), "P", 9999),
            ("3174", 10, date(1965, 2, 28), "L", 42),
            ("9671", 3, date(2000, 2, 29), "P", 120),
            ("1101", 99, date(1958, 1, 1), "L", 1),
        ]
        for regency, district, birth, sex, serial in cases:
            with self.subTest(regency=regency, birth=birth, sex=sex):
                nik = make_nik(
                    regency_code=regency,
                    district=district,
                    birth_date=birth,
                    sex=sex,
                    serial=serial,
                )
                result = parse(nik, birth_date=birth, sex=sex)
                self.assertTrue(result.valid, result.errors)
                self.assertEqual(result.warnings, [])
                self.assertEqual(result.regency_code, regency)
                self.assertEqual(result.district_code, f"{regency}{district:02d}")
                self.assertEqual(result.birth_date, birth)
                self.assertEqual(result.sex, sex)
                self.assertEqual(nik[-4:], f"{serial:04d}")

    def test_rejects_bad_arguments(self) -> None:
        good: dict[str, object] = {
            "regency_code": "3375",
            "district": 1,
            "birth_date": date(1990, 7, 5),
            "sex": "L",
            "serial": 1,
        }
        bad: list[dict[str, object]] = [
            {"regency_code": "337"},
            {"regency_code": "33a5"},
            {"district": 0},
            {"district": 100},
            {"serial": 0},
            {"serial": 10000},
            {"sex": "X"},
        ]
        for override in bad:
            with self.subTest(override=override), self.assertRaises(ValueError):
                make_nik(**{**good, **override})  # type: ignore[arg-type]


class RegionTests(unittest.TestCase):
    def test_38_provinces(self) -> None:
        self.assertEqual(len(regions.provinces()), 38)

    def test_regency_count(self) -> None:
        # Kepmendagri 300.2.2-2138/2025: 416 kabupaten + 98 kota.
        self.assertEqual(len(regions.regencies()), 514)

    def test_known_names(self) -> None:
        self.assertEqual(regions.regency_name("3375"), "Kota Pekalongan")
        self.assertEqual(regions.regency_name("3273"), "Kota Bandung")
        self.assertEqual(regions.regency_name("3174"), "Kota Administrasi Jakarta Selatan")
        self.assertEqual(regions.province_name("31"), "DKI Jakarta")
        self.assertEqual(regions.province_name("33"), "Jawa Tengah")

    def test_2022_papua_provinces(self) -> None:
        expected = {
            "91": "Papua",
            "92": "Papua Barat",
            "93": "Papua Selatan",
            "94": "Papua Tengah",
            "95": "Papua Pegunungan",
            "96": "Papua Barat Daya",
        }
        for code, name in expected.items():
            with self.subTest(code=code):
                self.assertEqual(regions.province_name(code), name)
        self.assertEqual(regions.regency_name("9671"), "Kota Sorong")

    def test_unknown_codes(self) -> None:
        self.assertIsNone(regions.province_name("99"))
        self.assertIsNone(regions.regency_name("3399"))

    def test_every_regency_belongs_to_a_known_province(self) -> None:
        provinces = regions.provinces()
        for code, name in regions.regencies().items():
            with self.subTest(code=code):
                self.assertRegex(code, r"^[0-9]{4}$")
                self.assertIn(code[:2], provinces)
                self.assertRegex(name, r"^(Kabupaten|Kota) \S")

    def test_every_province_has_a_regency(self) -> None:
        prefixes = {code[:2] for code in regions.regencies()}
        self.assertEqual(prefixes, set(regions.provinces()))

    def test_returned_dicts_are_copies(self) -> None:
        regions.provinces()["31"] = "changed"
        regions.regencies().clear()
        self.assertEqual(regions.province_name("31"), "DKI Jakarta")
        self.assertEqual(len(regions.regencies()), 514)


if __name__ == "__main__":
    unittest.main()
