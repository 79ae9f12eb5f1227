"""Date and month cells: Excel serials, day-first text, Indonesian and English month names."""

import math
import re
from datetime import date, datetime, timedelta

from lindung.imports.values.base import (
    CellError,
    _blank,
    _clean,
    _is_number,
    _show,
    _text_or_none,
)

_MONTHS: dict[str, int] = {
    # Indonesian, with the abbreviations and old spellings (Pebruari, Nopember) still typed.
    "januari": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2,
    "maret": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "ags": 8, "agt": 8, "agst": 8, "agus": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12,
    # English, as Excel in an English locale writes them to CSV ("5-Jul-1990").
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "aug": 8, "october": 10, "oct": 10, "december": 12, "dec": 12,
}  # fmt: skip

# Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 is 29 Feb 1900, a day
# that never existed (Lotus 1-2-3's leap-year bug, kept for compatibility). From serial 61
# on, counting from 1899-12-30 skips that fake day.
_SERIAL_MIN = 1
_SERIAL_MAX = 2958465  # 9999-12-31
_FAKE_LEAP_DAY = 60
# A number cell holding just a year ("1990") would otherwise read as a day in 1905.
_YEAR_ONLY = range(1900, 2101)

_DATE_FORMATS_HINT = "Gunakan misalnya 31/12/1990, 1990-12-31 atau 31 Desember 1990."
_TWO_DIGIT_YEAR = "tahun harus ditulis 4 digit"
# "1990-07-05 00:00:00", "05/07/1990 08.30": the time part of a date cell is ignored.
_TIME_SUFFIX_RE = re.compile(
    r"[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)
# "Kamis, 5 Juli 1990": a weekday name in front adds nothing.
_WEEKDAY_PREFIX_RE = re.compile(r"^[^\W\d_][\w']*,\s*")
_DMY_RE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d+)")
_YMD_RE = re.compile(r"(\d{4})([/.-])(\d{1,2})\2(\d{1,2})")
_D_MONTH_Y_RE = re.compile(r"(\d{1,2})[\s./-]*([^\W\d_]+)\.?[\s./,-]*(\d+)")
_MONTH_D_Y_RE = re.compile(r"([^\W\d_]+)\.?\s*(\d{1,2}),?\s+(\d+)")


def _date_error(raw: object) -> CellError:
    return CellError(
        "date_format", f"Format tanggal tidak dikenali: '{_show(raw)}'. {_DATE_FORMATS_HINT}"
    )


def _serial_to_date(value: float, raw: object) -> date:
    """Date of an Excel serial number (1900 date system); a time fraction is dropped."""
    serial = math.floor(value)
    if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
        raise _date_error(raw)
    if serial in _YEAR_ONLY and serial == value:
        raise CellError(
            "date_format",
            f"Tanggal hanya berisi angka {serial}, bukan tanggal lengkap. {_DATE_FORMATS_HINT}",
        )
    if serial == _FAKE_LEAP_DAY:
        raise CellError(
            "date_invalid",
            "Tanggal tidak valid: 29/02/1900 (tanggal ini tidak ada; "
            "Excel keliru menganggap 1900 tahun kabisat).",
        )
    epoch = date(1899, 12, 31) if serial < _FAKE_LEAP_DAY else date(1899, 12, 30)
    return epoch + timedelta(days=serial)


def _build_date(year: str, month: int, day: int, raw: object) -> date:
    if len(year) != 4:
        raise CellError(
            "date_format",
            f"Format tanggal tidak dikenali: '{_show(raw)}' ({_TWO_DIGIT_YEAR}). "
            f"{_DATE_FORMATS_HINT}",
        )
    try:
        return date(int(year), month, day)
    except ValueError:
        raise CellError("date_invalid", f"Tanggal tidak valid: {_show(raw)}.") from None


def _parse_date_text(text: str, raw: object) -> date:
    text = _WEEKDAY_PREFIX_RE.sub("", _TIME_SUFFIX_RE.sub("", text)).strip()
    if match := _YMD_RE.fullmatch(text):
        year, _, month, day = match.groups()
        return _build_date(year, int(month), int(day), raw)
    if match := _DMY_RE.fullmatch(text):
        # Day first, as Indonesians write it. "07/25/1990" (US order) is not swapped: it is
        # reported as invalid, since silently swapping would also misread "07/05/1990".
        day, _, month, year = match.groups()
        return _build_date(year, int(month), int(day), raw)
    if match := _D_MONTH_Y_RE.fullmatch(text):
        day, name, year = match.groups()
        if (month := _MONTHS.get(name.casefold())) is not None:
            return _build_date(year, month, int(day), raw)
    if match := _MONTH_D_Y_RE.fullmatch(text):
        name, day, year = match.groups()
        if (month := _MONTHS.get(name.casefold())) is not None:
            return _build_date(year, month, int(day), raw)
    raise _date_error(raw)


def parse_date_cell(raw: object) -> date | None:
    """A date from a date cell, an Excel serial number or text.

    Codes: ``date_format`` (unreadable, two-digit year), ``date_invalid`` (no such day).
    """
    if type(raw) is str and len(raw) == 10 and raw.isascii():
        # The common text dates, dd/mm/yyyy (or with "-" or ".") and yyyy-mm-dd, read
        # directly; anything else, and a day that does not exist, takes the full path.
        sep = raw[2]
        if sep in "/.-" and raw[5] == sep:
            day, month, year = raw[:2], raw[3:5], raw[6:]
        else:
            sep = raw[4]
            year, month, day = raw[:4], raw[5:7], raw[8:]
            if sep not in "/.-" or raw[7] != sep:
                year = ""
        if year.isdigit() and month.isdigit() and day.isdigit():
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                pass  # no such day: the full parser words the error
    return _parse_date_full(raw)


# "Pekalongan, 12-05-1990", "Kota Batang / 3 Maret 1988": the place before the date.
_PLACE_PREFIX_RE = re.compile(r"^[^\W\d_][^\d]*?[,/;]?\s*(?=\d)")


def parse_birth_cell(raw: object) -> date | None:
    """A birth date, also from a place-and-date cell ("Tempat, Tanggal Lahir", "TTL").

    Codes: as :func:`parse_date_cell`.
    """
    try:
        return parse_date_cell(raw)
    except CellError:
        text = _clean(raw) if isinstance(raw, str) else ""
        place = _PLACE_PREFIX_RE.match(text)
        if place is None:
            raise
        return parse_date_cell(text[place.end() :])


def _parse_date_full(raw: object) -> date | None:
    if _blank(raw):
        return None
    if isinstance(raw, datetime):  # before date: datetime is a date subclass
        return raw.date()
    if isinstance(raw, date):
        return raw
    if _is_number(raw):
        if not math.isfinite(raw):
            raise _date_error(raw)
        return _serial_to_date(raw, raw)
    if isinstance(raw, str):
        text = _text_or_none(raw)
        return None if text is None else _parse_date_text(text, raw)
    # bool, time (a time-only cell), timedelta (a duration): not a date.
    raise _date_error(raw)


# --- months ---------------------------------------------------------------------------------

_MONTH_FORMATS_HINT = "Gunakan misalnya 10/2026, 2026-10 atau Oktober 2026."
_YM_RE = re.compile(r"(\d{4})[/.-](\d{1,2})")
_MY_RE = re.compile(r"(\d{1,2})[/.-](\d{4})")
_YYYYMM_RE = re.compile(r"(\d{4})(\d{2})")
_MONTH_NAME_Y_RE = re.compile(r"([^\W\d_]+)\.?[\s./,-]*(\d{4})")


def _month_error(raw: object, detail: str = "") -> CellError:
    return CellError(
        "month_format",
        f"Format bulan tidak dikenali: '{_show(raw)}'{detail}. {_MONTH_FORMATS_HINT}",
    )


def _build_month(year: int, month: int, raw: object) -> date:
    if not 1 <= month <= 12 or year < 1:
        raise CellError("month_format", f"Bulan tidak valid: {_show(raw)}. {_MONTH_FORMATS_HINT}")
    return date(year, month, 1)


def _as_month_error(error: CellError, raw: object) -> CellError:
    """A date error, restated for a month column (keeping "no such day" messages)."""
    if error.code == "date_invalid":
        return CellError("month_format", error.message)
    return _month_error(raw)


def parse_month_cell(raw: object) -> date | None:
    """The first day of a month ("last paid month"): "2026-10", "10/2026", "Okt 2026"...

    Full dates and Excel serials give their month. A six-digit whole number is yyyymm
    (202610): as a serial it would be a day after the year 2173, never a real payment month.
    Code: ``month_format``.
    """
    if _blank(raw):
        return None
    if isinstance(raw, date):
        return date(raw.year, raw.month, 1)
    if _is_number(raw):
        if not math.isfinite(raw):
            raise _month_error(raw)
        if float(raw).is_integer():
            number = int(raw)
            if 100000 <= number <= 999999:
                return _build_month(number // 100, number % 100, raw)
            if 1 <= number <= 12:
                raise _month_error(raw, " (tahun tidak ada)")
        try:
            return _serial_to_date(raw, raw).replace(day=1)
        except CellError as error:
            raise _as_month_error(error, raw) from None
    if not isinstance(raw, str):
        raise _month_error(raw)
    text = _text_or_none(raw)
    if text is None:
        return None
    if match := _YM_RE.fullmatch(text):
        return _build_month(int(match[1]), int(match[2]), raw)
    if match := _MY_RE.fullmatch(text):
        return _build_month(int(match[2]), int(match[1]), raw)
    if match := _YYYYMM_RE.fullmatch(text):
        return _build_month(int(match[1]), int(match[2]), raw)
    if (match := _MONTH_NAME_Y_RE.fullmatch(text)) and match[1].casefold() in _MONTHS:
        return _build_month(int(match[2]), _MONTHS[match[1].casefold()], raw)
    try:
        return _parse_date_text(text, raw).replace(day=1)
    except CellError as error:
        raise _as_month_error(error, raw) from None
