"""NIK (Nomor Induk Kependudukan) rules: normalise, parse, validate, mask, build.

Pure Python, no Django, no database: forms, services, the API and importers share it.

A NIK has 16 digits: PP KK CC DDMMYY SSSS, i.e. province, regency/city and district
(Kemendagri codes), birth date (day + 40 for women) and a serial number.
"""

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, TypedDict
from zoneinfo import ZoneInfo

from lindung.lib import regions

Sex = Literal["L", "P"]

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40
TIME_ZONE = ZoneInfo("Asia/Jakarta")

# Messages shown to users (Bahasa Indonesia). Templates use str.format placeholders so that
# other code (importers, the API) can reuse or match them.
MSG_EMPTY = "NIK wajib diisi."
MSG_LENGTH = "NIK harus 16 digit angka (ditemukan {found} digit)."
MSG_NON_DIGIT = "NIK hanya boleh berisi angka 0-9 (ditemukan karakter {chars})."
MSG_SCIENTIFIC = (
    "NIK terbaca sebagai angka ilmiah ({value}); format kolom NIK sebagai Teks lalu ketik ulang."
)
MSG_PROVINCE = "Kode provinsi {code} tidak dikenal."
MSG_DAY = "Tanggal lahir pada NIK tidak valid (hari {day})."
MSG_MONTH = "Bulan lahir pada NIK tidak valid ({month})."
MSG_DATE = "Tanggal lahir pada NIK tidak valid (tanggal {date} tidak ada)."
MSG_SERIAL = "Nomor urut NIK tidak boleh 0000."

WARN_REGENCY = (
    "Kode kabupaten/kota {code} tidak ada di data wilayah; "
    "periksa kembali NIK (data wilayah mungkin belum diperbarui)."
)
WARN_BIRTH_DATE = (
    "Tanggal lahir pada NIK ({nik_date}) berbeda dengan tanggal lahir yang diberikan ({given})."
)
WARN_SEX = (
    "Jenis kelamin pada NIK ({nik_sex}) berbeda dengan jenis kelamin yang diberikan ({given})."
)
WARN_EXCEL_NUMBER = (
    "NIK terbaca sebagai angka, bukan teks; Excel dapat mengubah digit terakhir menjadi 0. "
    "Format kolom NIK sebagai Teks dan periksa kembali NIK ini."
)

SEX_LABELS: dict[str, str] = {"L": "laki-laki", "P": "perempuan"}

# Characters people paste around or inside a NIK: separators, the leading apostrophe Excel
# users type to force text, and invisible characters copied from web pages or PDFs.
_STRIP_CHARS = (
    ".-'`"
    "\u00b4\u2018\u2019\u201b\u2032"  # acute accent and typographic apostrophes/primes
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # hyphens, dashes, minus sign
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters and BOM
)
_STRIP_RE = re.compile(r"[\s" + re.escape(_STRIP_CHARS) + r"]")  # \s covers NBSP too
_INVISIBLE_RE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]")
_LEADING_APOSTROPHES = "'`\u2018\u2019"
# "3.37501E+15" (or "3,37501E+15" with an Indonesian decimal comma): what Excel shows when
# a NIK column is formatted as a number. The last digits are already lost by then.
_SCIENTIFIC_RE = re.compile(r"[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+")
_DIGITS_RE = re.compile(r"[0-9]+")

_SEX_ALIASES: dict[str, Sex] = {
    "L": "L",
    "LK": "L",
    "LAKI-LAKI": "L",
    "LAKI LAKI": "L",
    "LAKILAKI": "L",
    "PRIA": "L",
    "P": "P",
    "PR": "P",
    "PEREMPUAN": "P",
    "WANITA": "P",
}


class NikDict(TypedDict):
    """JSON-ready form of :class:`NikResult`."""

    nik: str
    valid: bool
    errors: list[str]
    warnings: list[str]
    province_code: str | None
    regency_code: str | None
    district_code: str | None
    birth_date: str | None
    sex: Sex | None


@dataclass(frozen=True)
class NikResult:
    """Outcome of :func:`parse_nik`.

    The code, birth date and sex fields are filled in as far as the NIK could be read, even
    when it is invalid, so a form can still show what the NIK says.
    """

    nik: str
    valid: bool
    errors: list[str]
    warnings: list[str]
    province_code: str | None = None
    regency_code: str | None = None
    district_code: str | None = None
    birth_date: date | None = None
    sex: Sex | None = None

    def to_dict(self) -> NikDict:
        """JSON-ready dict (birth date as YYYY-MM-DD)."""
        return {
            "nik": self.nik,
            "valid": self.valid,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "province_code": self.province_code,
            "regency_code": self.regency_code,
            "district_code": self.district_code,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex,
        }


def _today() -> date:
    # The Pemda works in WIB; the server clock may be UTC, a day behind around midnight.
    return datetime.now(TIME_ZONE).date()


def _looks_scientific(value: str) -> bool:
    return _SCIENTIFIC_RE.fullmatch(value) is not None


def _float_as_excel(value: float) -> str:
    # Show the number the way Excel's General format does ("3.37501E+15"), so users
    # recognise their own cell.
    mantissa, exponent = f"{value:.5E}".split("E")
    return f"{mantissa.rstrip('0').rstrip('.')}E{exponent}"


def normalize_nik(raw: str | int | float | None) -> str:
    """Strip separators, apostrophes, NBSP and zero-width characters; keep the digits as typed.

    Values in scientific notation ("3.37501E+15") are only trimmed, not stripped of their
    dot, so that :func:`parse_nik` can still recognise them and explain the Excel problem.
    """
    if raw is None:
        return ""
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return ""  # pandas and friends use NaN for an empty cell
        return f"{raw:.0f}"
    text = str(raw)
    if text.isascii() and text.isdigit():
        return text  # the usual case: nothing to strip
    trimmed = _INVISIBLE_RE.sub("", text).lstrip(_LEADING_APOSTROPHES)
    if _looks_scientific(trimmed):
        return trimmed
    return _STRIP_RE.sub("", text)


def normalize_sex(value: str | None) -> Sex | None:
    """Map "L"/"P" and common spellings ("laki-laki", "Perempuan", "Pria"...) to "L"/"P".

    Returns None for an empty or unrecognised value, which callers treat as "not given".
    """
    if value is None:
        return None
    return _SEX_ALIASES.get(" ".join(value.split()).upper())


def _infer_year(yy: int, month: int, day: int, today: date, given: date | None) -> int:
    # A given birth date with the same day, month and 2-digit year settles the century
    # (someone born in 1925 whose NIK says "25" is not a baby).
    if given is not None and (given.day, given.month, given.year % 100) == (day, month, yy):
        return given.year
    # Otherwise the most recent past year: 20yy unless that date is still in the future.
    # Tuples avoid building an invalid date (31 Feb) before the date check reports it.
    if (2000 + yy, month, day) <= (today.year, today.month, today.day):
        return 2000 + yy
    return 1900 + yy


def parse_nik(
    raw: str | int | float | None,
    *,
    birth_date: date | None = None,
    sex: str | None = None,
    today: date | None = None,
) -> NikResult:
    """Normalise and validate a NIK, reading its region codes, birth date and sex.

    Errors make the NIK invalid. Warnings never do: an unknown regency code may only mean
    the region data lags behind, and a NIK never changes, so a birth date or sex that
    disagrees with it is flagged for a human to check rather than rejected.
    """
    if today is None:
        today = _today()
    errors: list[str] = []
    warnings: list[str] = []

    if isinstance(raw, float) and math.isfinite(raw):
        # A float means the spreadsheet cell held a number: Excel keeps only 15 significant
        # digits, so the 16th is already gone and the value cannot be trusted.
        value = normalize_nik(raw)
        return NikResult(value, False, [MSG_SCIENTIFIC.format(value=_float_as_excel(raw))], [])

    nik = normalize_nik(raw)
    if not nik:
        return NikResult(nik, False, [MSG_EMPTY], [])
    if not (nik.isascii() and nik.isdigit()):  # so some character is not 0-9
        if _looks_scientific(nik):
            return NikResult(nik, False, [MSG_SCIENTIFIC.format(value=nik)], [])
        chars = ", ".join(f"'{c}'" for c in sorted(set(_DIGITS_RE.sub("", nik))))
        return NikResult(nik, False, [MSG_NON_DIGIT.format(chars=chars)], [])
    if len(nik) != NIK_LENGTH:
        return NikResult(nik, False, [MSG_LENGTH.format(found=len(nik))], [])

    if isinstance(raw, int) and not isinstance(raw, bool) and nik.endswith("0"):
        warnings.append(WARN_EXCEL_NUMBER)

    province_code, regency_code, district_code = nik[:2], nik[:4], nik[:6]
    if regions.province_name(province_code) is None:
        errors.append(MSG_PROVINCE.format(code=province_code))
    elif regions.regency_name(regency_code) is None:
        warnings.append(WARN_REGENCY.format(code=regency_code))

    day_raw, month_raw, year_raw, serial = nik[6:8], nik[8:10], nik[10:12], nik[12:]
    day_num, month = int(day_raw), int(month_raw)
    nik_sex: Sex | None = None
    day = 0
    if 1 <= day_num <= 31:
        nik_sex, day = "L", day_num
    elif 1 + FEMALE_DAY_OFFSET <= day_num <= 31 + FEMALE_DAY_OFFSET:
        nik_sex, day = "P", day_num - FEMALE_DAY_OFFSET
    else:
        errors.append(MSG_DAY.format(day=day_raw))
    if not 1 <= month <= 12:
        errors.append(MSG_MONTH.format(month=month_raw))

    nik_birth: date | None = None
    if day and 1 <= month <= 12:
        year = _infer_year(int(year_raw), month, day, today, birth_date)
        try:
            nik_birth = date(year, month, day)
        except ValueError:
            errors.append(MSG_DATE.format(date=f"{day:02d}-{month:02d}-{year}"))

    if serial == "0000":
        errors.append(MSG_SERIAL)

    if nik_birth is not None and birth_date is not None and birth_date != nik_birth:
        warnings.append(
            WARN_BIRTH_DATE.format(nik_date=nik_birth.isoformat(), given=birth_date.isoformat())
        )
    given_sex = normalize_sex(sex)
    if nik_sex is not None and given_sex is not None and given_sex != nik_sex:
        warnings.append(WARN_SEX.format(nik_sex=SEX_LABELS[nik_sex], given=SEX_LABELS[given_sex]))

    return NikResult(
        nik=nik,
        valid=not errors,
        errors=errors,
        warnings=warnings,
        province_code=province_code,
        regency_code=regency_code,
        district_code=district_code,
        birth_date=nik_birth,
        sex=nik_sex,
    )


def mask_nik(nik: str) -> str:
    """Keep the first 6 (district) and last 2 characters, hide the rest with "*".

    "3375010507900001" -> "337501********01". A value of 8 characters or fewer is hidden
    completely, since keeping 6 + 2 would reveal all of it.
    """
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:6] + "*" * (len(nik) - 8) + nik[-2:]


def make_nik(*, regency_code: str, district: int, birth_date: date, sex: str, serial: int) -> str:
    """Build a structurally valid NIK (for demo and test data, not real people)."""
    if not (len(regency_code) == 4 and regency_code.isascii() and regency_code.isdigit()):
        raise ValueError(f"regency_code must be 4 digits, got {regency_code!r}")
    if not 1 <= district <= 99:
        raise ValueError(f"district must be 1-99, got {district}")
    if not 1 <= serial <= 9999:
        raise ValueError(f"serial must be 1-9999, got {serial}")
    sex_code = normalize_sex(sex)
    if sex_code is None:
        raise ValueError(f"sex must be 'L' or 'P', got {sex!r}")
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex_code == "P" else 0)
    return (
        f"{regency_code}{district:02d}{day:02d}{birth_date.month:02d}"
        f"{birth_date.year % 100:02d}{serial:04d}"
    )
