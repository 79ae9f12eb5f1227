"""Parse spreadsheet cells typed by Pemda staff into clean Python values.

Pure Python, no Django: importers, the API and tests share it.

Cells arrive from python-calamine (str, int, float, bool, date, datetime, time, timedelta,
or "" for an empty cell) or from CSV (always str). Every ``parse_*_cell`` function returns
the parsed value, returns None for an empty cell (the caller decides whether the column is
required) or raises :class:`CellError` with a stable code and a message in Bahasa Indonesia.

A cell holding only a dash ("-", "–", "—") counts as empty: Indonesian sheets use it for
"no data" (an end date of "-" means none). Two exceptions: yes/no columns read it as "no"
and money columns as 0, which is what Excel's accounting format shows for zero.
"""

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, wraps
from typing import TypeGuard, TypeVar

from lindung.lib.nik import (
    FEMALE_DAY_OFFSET,
    MSG_SCIENTIFIC,
    NIK_LENGTH,
    normalize_nik,
    normalize_sex,
    parse_nik,
)
from lindung.lib.regions import provinces

__all__ = [
    "CellError",
    "normalize_header",
    "parse_bool_cell",
    "parse_birth_cell",
    "parse_category_cell",
    "parse_date_cell",
    "parse_kpj_cell",
    "parse_money_cell",
    "parse_month_cell",
    "parse_nik_cell",
    "parse_programs_cell",
    "parse_segment_cell",
    "parse_sex_cell",
    "parse_status_cell",
    "parse_text_cell",
]


class CellError(Exception):
    """A cell that cannot be read: ``code`` is stable for programs, ``message`` is for users."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)  # both in args, so the error pickles and copies
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


# --- shared helpers -------------------------------------------------------------------------

# Copied from web pages and PDFs (zero-width characters, BOM, the emoji variation selector
# of "✔️"); not whitespace for str.split(), so removed explicitly.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\ufe0f"))
_DASHES_RE = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]+")
# The apostrophe Excel users type to force text ("'3375...") never belongs to the value.
_LEADING_APOSTROPHES = "'`\u2018\u2019"


def _clean(text: str) -> str:
    """Drop invisible characters, trim and collapse whitespace (NBSP included)."""
    return " ".join(text.translate(_INVISIBLE).split())


def _blank(raw: object) -> bool:
    # NaN is how pandas-like tools hand over an empty cell.
    if raw is None:
        return True
    if isinstance(raw, float):
        return math.isnan(raw)
    return isinstance(raw, str) and not _clean(raw)


def _is_dash(text: str) -> bool:
    return _DASHES_RE.fullmatch(text) is not None


def _text_or_none(raw: str) -> str | None:
    """Cleaned text, or None when the cell is blank or a "no data" dash."""
    text = _clean(raw).lstrip(_LEADING_APOSTROPHES).strip()
    return None if not text or _is_dash(text) else text


def _show(raw: object) -> str:
    """The cell as users typed it, for error messages."""
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e16:
        return str(int(raw))
    if isinstance(raw, str):
        return _clean(raw)
    return str(raw)


def _is_number(raw: object) -> TypeGuard[int | float]:
    # bool is an int subclass, but TRUE/FALSE cells are not numbers.
    return isinstance(raw, int | float) and not isinstance(raw, bool)


T = TypeVar("T")


def _cached_for_text(parse: Callable[[object], T]) -> Callable[[object], T]:
    """Remember the results of a choice parser for text cells.

    A column of a million rows repeats a handful of values ("Kontrak", "Ya", "L"); the
    parsers are pure, so a text seen before gets the same answer without parsing it again.
    Only exact ``str`` cells are cached (True == 1 must not share an entry with "1"), and
    only answers: an error is raised afresh each time.
    """
    cached = lru_cache(maxsize=1024)(parse)

    @wraps(parse)
    def wrapper(raw: object) -> T:
        if type(raw) is str and len(raw) <= 64:
            return cached(raw)
        return parse(raw)

    return wrapper


@lru_cache(maxsize=4096)
def _key(raw: str) -> str:
    """Lookup key for free-text choices: see :func:`normalize_header`.

    Cached: a column of a million rows repeats a handful of values ("Kontrak", "Ya", "L").
    """
    return normalize_header(raw)


def normalize_header(text: object) -> str:
    """Lower-case, without accents or punctuation, single-spaced: "No. KTP" -> "no ktp".

    Used to match column headers ("Tgl. Lahir", "L/P", "NIK *") and free-text choices.
    """
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", _show(text))  # a 2026.0 header reads "2026"
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Any non-alphanumeric character (".", ":", "/", "(", "*", "#", "_", "-"...) separates.
    spaced = re.sub(r"[\W_]", " ", plain.translate(_INVISIBLE).casefold())
    return " ".join(spaced.split())


# --- NIK ------------------------------------------------------------------------------------

# Same shape as lindung.lib.nik recognises: "3.37501E+15", or "3,37501E+15" with an
# Indonesian decimal comma. By the time Excel shows this, the last digits are gone.
_SCIENTIFIC_RE = re.compile(r"[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+")
# A number cell exported to text by pandas and friends: "3375010507900001.0".
_FLOAT_TEXT_RE = re.compile(r"\d+\.0+")
# Above 2**53 a double cannot hold every integer, so a 16-digit NIK stored in a number cell
# may already differ from what was typed (Papua's province codes 91+ are all above it).
_MAX_EXACT_FLOAT = 2**53
_NIK_TEXT_ADVICE = "Format kolom NIK sebagai Teks lalu ketik ulang NIK-nya."


def _nik_from_number(value: int | float) -> str:
    """Digits of a NIK that a spreadsheet stored as a number, if they can be trusted."""
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        raise CellError("nik_invalid", f"NIK harus 16 digit angka (ditemukan {value}).")
    number = int(value)
    digits = str(abs(number))
    if number < 0 or len(digits) > NIK_LENGTH:
        raise CellError("nik_invalid", f"NIK harus 16 digit angka (ditemukan {_show(value)}).")
    if len(digits) < NIK_LENGTH:
        # NIKs never start with 0, so a short number means digits were lost, typically the
        # leading zeros of a pasted value or digits cut off by a number format.
        raise CellError(
            "nik_digits_lost",
            f"NIK terbaca sebagai angka {digits} ({len(digits)} digit, seharusnya 16); "
            f"ada digit yang hilang. {_NIK_TEXT_ADVICE}",
        )
    if digits.endswith("0"):
        # Excel keeps 15 significant digits: the 16th of a NIK typed into a number cell
        # became 0. A system export that wrote the number exactly is not told apart.
        raise CellError(
            "nik_digits_lost",
            f"NIK tersimpan sebagai angka ({digits}); Excel hanya menyimpan 15 digit, "
            f"sehingga digit terakhir bisa sudah berubah menjadi 0. {_NIK_TEXT_ADVICE}",
        )
    if number > _MAX_EXACT_FLOAT:
        # Ints are checked too: a spreadsheet number cell is always a double underneath.
        raise CellError(
            "nik_digits_lost",
            f"NIK terbaca sebagai angka ({digits}); angka sebesar ini tidak tersimpan utuh "
            f"di Excel sehingga digit terakhir bisa berubah. {_NIK_TEXT_ADVICE}",
        )
    return digits


# Days of each month in a common year: a NIK date within them exists in every year.
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _plainly_valid_nik(text: str) -> bool:
    """True for 16 ASCII digits that :func:`parse_nik` surely accepts as they are.

    The common case of a text column, checked without the general parser: a known
    province, a day (+40 for women) and month that exist in any year, a serial other than
    0000. False means "not sure", never "invalid": 29 February, for one, depends on the
    century :func:`parse_nik` infers, so it takes the full path.
    """
    if len(text) != NIK_LENGTH or not text.isascii() or not text.isdigit():
        return False
    day, month = int(text[6:8]), int(text[8:10])
    if day > FEMALE_DAY_OFFSET:
        day -= FEMALE_DAY_OFFSET
    return (
        1 <= month <= 12
        and 1 <= day <= _MONTH_DAYS[month]
        and text[12:] != "0000"
        and text[:2] in _province_codes()
    )


_PROVINCE_CODES: frozenset[str] = frozenset()


def _province_codes() -> frozenset[str]:
    """The province codes lindung.lib.regions knows, read once (not at import)."""
    global _PROVINCE_CODES  # noqa: PLW0603 - a cache filled on first use
    if not _PROVINCE_CODES:
        _PROVINCE_CODES = frozenset(provinces())
    return _PROVINCE_CODES


def parse_nik_cell(raw: object) -> str | None:
    """A validated 16-digit NIK string.

    Codes: ``nik_scientific``, ``nik_digits_lost``, ``nik_invalid``.
    """
    if type(raw) is str and _plainly_valid_nik(raw):
        return raw  # what the full parser returns for it
    return _parse_nik_full(raw)


def _parse_nik_full(raw: object) -> str | None:
    if _blank(raw):
        return None
    value: str
    if _is_number(raw):
        value = _nik_from_number(raw)
    elif isinstance(raw, str):
        text = _text_or_none(raw)
        if text is None:
            return None
        compact = text.replace(" ", "")
        if _SCIENTIFIC_RE.fullmatch(compact):
            raise CellError("nik_scientific", MSG_SCIENTIFIC.format(value=compact))
        if _FLOAT_TEXT_RE.fullmatch(compact):
            value = _nik_from_number(float(compact))
        else:
            value = normalize_nik(text)
    else:
        raise CellError("nik_invalid", f"NIK harus 16 digit angka (ditemukan {_show(raw)}).")
    result = parse_nik(value)
    if not result.valid:
        raise CellError("nik_invalid", " ".join(result.errors))
    return result.nik


# --- dates ----------------------------------------------------------------------------------

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


# --- money ----------------------------------------------------------------------------------

MAX_MONEY = 1_000_000_000_000  # Rp1 triliun: far beyond any wage or contribution
_MONEY_DIGITS = len(str(MAX_MONEY))
_MONEY_HINT = "contoh: 2500000 atau Rp 2.500.000"
_MULTIPLIERS: dict[str, int] = {
    "": 1,
    "k": 10**3, "rb": 10**3, "ribu": 10**3,
    "jt": 10**6, "juta": 10**6,
    # Indonesian "M" is miliar (10**9), not the English million.
    "m": 10**9, "miliar": 10**9, "milyar": 10**9,
}  # fmt: skip
_CURRENCY_PREFIX_RE = re.compile(r"^(?:rp|idr)\.?")
_MINUS_SIGNS = ("-", "\u2212")
# "Rp 2.500.000,-": the ",-" says "no cents", common on Indonesian invoices.
_NO_CENTS_SUFFIX_RE = re.compile(r"[.,]-+$")
_AMOUNT_RE = re.compile(r"([0-9][0-9.,]*)([a-z]*)\.?")
_THOUSANDS_GROUP_RE = re.compile(r"[0-9]{1,3}")


def _money_error(raw: object) -> CellError:
    return CellError("money_format", f"Nilai uang tidak dikenali: '{_show(raw)}'; {_MONEY_HINT}.")


def _grouped(parts: list[str]) -> bool:
    """True for thousands groups: 1-3 digits, then groups of exactly 3 ("2", "500", "000")."""
    head, *rest = parts
    return (
        _THOUSANDS_GROUP_RE.fullmatch(head) is not None
        and head != "0"
        and all(len(p) == 3 and p.isdigit() for p in rest)
    )


def _amount(number: str, *, has_unit: bool) -> Decimal | None:
    """Read "2.500.000,50", "2,500,000", "2,5" or "2500000"; None if malformed.

    Indonesian writes "." for thousands and "," for decimals, English the other way round.
    When both appear, the last one is the decimal mark. A lone separator is a thousands
    mark when exactly 3 digits follow ("2.500"), otherwise a decimal mark ("2,5") — except
    before a unit: "1,250 jt" is 1.25 juta, not 1250 juta.
    """
    dots, commas = number.count("."), number.count(",")
    if dots and commas:
        decimal_mark = "." if number.rfind(".") > number.rfind(",") else ","
        thousands_mark = "," if decimal_mark == "." else "."
        whole, _, fraction = number.partition(decimal_mark)
        if decimal_mark in fraction or not _grouped(whole.split(thousands_mark)):
            return None
    elif dots or commas:
        parts = number.split("." if dots else ",")
        if len(parts) > 2 or (len(parts[1]) == 3 and not has_unit and parts[0] != "0"):
            if not _grouped(parts):
                return None
            whole, fraction = "".join(parts), ""
        else:
            whole, fraction = parts
    else:
        whole, fraction = number, ""
    if not whole or (fraction == "" and number[-1] in ".,"):
        return None
    return Decimal(f"{whole.replace('.', '').replace(',', '')}.{fraction or '0'}")


def _whole_rupiah(amount: Decimal, raw: object) -> int:
    if amount < 0:
        raise CellError("money_negative", f"Nilai uang tidak boleh negatif: '{_show(raw)}'.")
    # Checked before rounding too: quantize() fails beyond 28 digits ("1e30", a long text).
    if (
        amount >= MAX_MONEY + 1
        or (rupiah := int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))) > MAX_MONEY
    ):
        raise CellError(
            "money_absurd",
            f"Nilai uang terlalu besar (lebih dari Rp1 triliun): '{_show(raw)}'; "
            "periksa kembali angkanya.",
        )
    return rupiah


def parse_money_cell(raw: object) -> int | None:
    """Whole rupiah from a number or text ("Rp 2.500.000", "2,5 jt", "750 rb", "1,2 M").

    Fractions round half up. A dash ("-", "Rp -") is 0, as Excel's accounting format shows
    zero. Codes: ``money_format``, ``money_negative``, ``money_absurd``.
    """
    # The common cases read directly: a whole number cell, or plain digits in a text cell.
    if type(raw) is int:
        if 0 <= raw <= MAX_MONEY:
            return raw
    elif type(raw) is str:
        # The length bound keeps int() clear of its limit on very long digit strings.
        if len(raw) <= _MONEY_DIGITS and raw.isascii() and raw.isdigit():
            amount = int(raw)
            if amount <= MAX_MONEY:
                return amount
    elif type(raw) is float and raw.is_integer() and 0 <= raw <= MAX_MONEY:
        return int(raw)
    return _parse_money_full(raw)


def _parse_money_full(raw: object) -> int | None:
    if _blank(raw):
        return None
    if _is_number(raw):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise _money_error(raw)
        # repr() is the shortest text of the float, i.e. what the user saw: 0.5 stays 0.5.
        return _whole_rupiah(Decimal(raw) if isinstance(raw, int) else Decimal(repr(raw)), raw)
    if not isinstance(raw, str):
        raise _money_error(raw)
    text = _clean(raw).casefold()
    negative = False
    if text.startswith("(") and text.endswith(")"):  # accounting negative: (2.500.000)
        negative, text = True, text[1:-1].strip()
    # One minus sign, before or after the currency: "-2.500.000", "-Rp 2.500.000",
    # "Rp -2.500.000". A dash alone ("-", "Rp -") is the accounting zero.
    for _ in range(2):
        if text[:1] in _MINUS_SIGNS and not _is_dash(text) and not negative:
            negative, text = True, text[1:].strip()
        text = _CURRENCY_PREFIX_RE.sub("", text).strip()
    if _is_dash(text):
        return 0
    text = _NO_CENTS_SUFFIX_RE.sub("", text).replace(" ", "")
    match = _AMOUNT_RE.fullmatch(text)
    if match is None or match[2] not in _MULTIPLIERS:
        raise _money_error(raw)
    amount = _amount(match[1], has_unit=bool(match[2]))
    if amount is None:
        raise _money_error(raw)
    amount *= _MULTIPLIERS[match[2]]
    return _whole_rupiah(-amount if negative else amount, raw)


# --- choices --------------------------------------------------------------------------------

# "x" and check marks mean "yes": staff tick a column, and an empty cell or "-" is "no".
# "t" is "tidak" (the Y/T convention), not the English "true".
_TRUE_WORDS = frozenset(
    {"ya", "iya", "y", "yes", "true", "benar", "1", "ada", "sudah", "v", "x", "ok"}
)
_TRUE_MARKS = frozenset({"✓", "✔", "√", "☑", "✅"})
_FALSE_WORDS = frozenset(
    {"tidak", "tdk", "t", "no", "n", "false", "salah", "0", "tidak ada", "tdk ada", "belum"}
)


@_cached_for_text
def parse_bool_cell(raw: object) -> bool | None:
    """Yes/no ("SK", "Y/T" columns): ya/y/1/ada/sudah/v/x/✓ -> True; tidak/t/0/-/belum -> False.

    Code: ``bool_format``.
    """
    if _blank(raw):
        return None
    if isinstance(raw, bool):
        return raw
    if _is_number(raw) and raw in (0, 1):
        return raw == 1
    if isinstance(raw, str):
        text = _clean(raw)
        if _is_dash(text):
            return False
        if text in _TRUE_MARKS:
            return True
        key = _key(text)
        if key in _TRUE_WORDS:
            return True
        if key in _FALSE_WORDS:
            return False
    raise CellError(
        "bool_format",
        f"Isian ya/tidak tidak dikenali: '{_show(raw)}'. Gunakan Ya atau Tidak (Y/T).",
    )


# English M/F and shorthand that lindung.lib.nik's list does not cover.
_SEX_EXTRA: dict[str, str] = {
    "M": "L", "MALE": "L", "LAKI": "L", "LAKI2": "L", "F": "P", "FEMALE": "P"
}  # fmt: skip


@_cached_for_text
def parse_sex_cell(raw: object) -> str | None:
    """Return "L" or "P" from L/P, Laki-laki, Pria, Perempuan, Wanita, LK/PR or English M/F.

    Code: ``sex_format``.
    """
    if _blank(raw):
        return None
    if isinstance(raw, str):
        text = _text_or_none(raw)
        if text is None:
            return None
        # "Laki - laki", "L.", "Laki_laki": reduce to the spellings lindung.lib.nik knows.
        words = _key(text).upper()
        sex = normalize_sex(words) or _SEX_EXTRA.get(words)
        if sex is not None:
            return sex
    raise CellError(
        "sex_format",
        f"Jenis kelamin tidak dikenali: '{_show(raw)}'. Gunakan L (laki-laki) atau P (perempuan).",
    )


def _choice(raw: object, aliases: dict[str, str], error: CellError) -> str | None:
    """Look up free text (or a whole number, for "1"/"0" codes) in ``aliases``."""
    if _blank(raw):
        return None
    if isinstance(raw, str):
        text = _text_or_none(raw)
        if text is None:
            return None
    elif _is_number(raw):
        text = _show(raw)
    else:
        raise error
    value = aliases.get(_key(text))
    if value is None:
        raise error
    return value


_CATEGORIES: dict[str, str] = {
    "honorer": "honorer",
    "tenaga honorer": "honorer",
    "pegawai honorer": "honorer",
    "honor": "honorer",
    "th": "honorer",
    "kontrak": "kontrak",
    "tenaga kontrak": "kontrak",
    "pegawai kontrak": "kontrak",
    "ptt": "kontrak",  # pegawai tidak tetap
    "pegawai tidak tetap": "kontrak",
    "pkwt": "kontrak",  # perjanjian kerja waktu tertentu
    "tkk": "kontrak",  # tenaga kerja kontrak, the usual Pemda abbreviation
    "tenaga kerja kontrak": "kontrak",
    "kegiatan": "kegiatan",
    "tenaga kegiatan": "kegiatan",
    # THL (tenaga harian lepas) are day labourers hired and paid per activity out of the
    # kegiatan budget, without a contract SK: closest to "kegiatan", not "kontrak".
    "thl": "kegiatan",
    "tenaga harian lepas": "kegiatan",
    "harian lepas": "kegiatan",
    "thl tb": "kegiatan",  # THL tenaga bantu
    "alih daya": "alih_daya",
    "alihdaya": "alih_daya",
    "tenaga alih daya": "alih_daya",
    "outsourcing": "alih_daya",
    "outsource": "alih_daya",
    "lainnya": "other",
    "lain lain": "other",
    "lain": "other",
    "other": "other",
    "others": "other",
}
_CATEGORY_HINT = (
    "Gunakan salah satu: Honorer, Tenaga kontrak (PTT/PKWT), Tenaga kegiatan (THL), "
    "Alih daya (outsourcing), Lainnya."
)


@_cached_for_text
def parse_category_cell(raw: object) -> str | None:
    """Engagement category: honorer, kontrak, kegiatan, alih_daya or other.

    Code: ``category_unknown``.
    """
    error = CellError(
        "category_unknown", f"Kategori tidak dikenal: '{_show(raw)}'. {_CATEGORY_HINT}"
    )
    return _choice(raw, _CATEGORIES, error)


_STATUSES: dict[str, str] = {
    "aktif": "aktif",
    "active": "aktif",
    "1": "aktif",
    "non aktif": "non_aktif",
    "nonaktif": "non_aktif",
    "tidak aktif": "non_aktif",
    "tdk aktif": "non_aktif",
    "na": "non_aktif",
    "inactive": "non_aktif",
    "non active": "non_aktif",
    "0": "non_aktif",
}


@_cached_for_text
def parse_status_cell(raw: object) -> str | None:
    """Membership status: "aktif" or "non_aktif". Code: ``status_format``."""
    error = CellError(
        "status_format",
        f"Status kepesertaan tidak dikenali: '{_show(raw)}'. Gunakan Aktif atau Non Aktif.",
    )
    return _choice(raw, _STATUSES, error)


_SEGMENTS: dict[str, str] = {
    "pu": "PU",
    "ppu": "PU",
    "penerima upah": "PU",
    "pekerja penerima upah": "PU",
    "bpu": "BPU",
    "bukan penerima upah": "BPU",
    "pekerja bukan penerima upah": "BPU",
    "mandiri": "BPU",
    "informal": "BPU",
    "jakon": "JAKON",
    "jasa konstruksi": "JAKON",
    "jk": "JAKON",
}


@_cached_for_text
def parse_segment_cell(raw: object) -> str | None:
    """Membership segment: "PU", "BPU" or "JAKON". Code: ``segment_format``."""
    error = CellError(
        "segment_format",
        f"Segmen kepesertaan tidak dikenali: '{_show(raw)}'. Gunakan PU (penerima upah), "
        "BPU (bukan penerima upah) atau Jakon (jasa konstruksi).",
    )
    return _choice(raw, _SEGMENTS, error)


# --- programs, KPJ, text --------------------------------------------------------------------

PROGRAM_ORDER = ("JKK", "JKM", "JHT", "JP", "JKP")
# "4 program" is how staff name the usual PU package; each count adds the next program.
_PROGRAM_COUNT_RE = re.compile(r"([2-5]) ?program")
_PROGRAM_SEPARATOR_RE = re.compile(r"[^A-Z0-9]+")
_PROGRAM_FILLERS = frozenset({"", "DAN", "AND"})
_PROGRAMS_HINT = "Gunakan JKK, JKM, JHT, JP, JKP (dipisah koma) atau '4 program'."


@_cached_for_text
def parse_programs_cell(raw: object) -> tuple[str, ...] | None:
    """Programs in canonical order without duplicates: "JHT, JKK dan JKM" -> (JKK, JKM, JHT).

    Separators: anything not a letter or digit, and "dan"/"and". "2/3/4/5 program" are the
    first 2-5 programs of JKK, JKM, JHT, JP, JKP. Code: ``programs_unknown``.
    """
    if _blank(raw):
        return None
    if not isinstance(raw, str):
        raise CellError(
            "programs_unknown", f"Program tidak dikenali: '{_show(raw)}'. {_PROGRAMS_HINT}"
        )
    text = _text_or_none(raw)
    if text is None:
        return None
    if match := _PROGRAM_COUNT_RE.fullmatch(_key(text)):
        return PROGRAM_ORDER[: int(match[1])]
    tokens = set(_PROGRAM_SEPARATOR_RE.split(text.upper())) - _PROGRAM_FILLERS
    unknown = sorted(tokens - set(PROGRAM_ORDER))
    if unknown or not tokens:
        shown = ", ".join(unknown) if unknown else _show(raw)
        raise CellError("programs_unknown", f"Program tidak dikenali: {shown}. {_PROGRAMS_HINT}")
    return tuple(program for program in PROGRAM_ORDER if program in tokens)


KPJ_LENGTH = 11
_KPJ_STRIP_RE = re.compile(r"[\s.\-\u2010-\u2015\u2212]")


def parse_kpj_cell(raw: object) -> str | None:
    """An 11-digit KPJ (BPJS Ketenagakerjaan card number). Code: ``kpj_invalid``."""
    if _blank(raw):
        return None
    if isinstance(raw, str):
        text = _text_or_none(raw)
        if text is None:
            return None
        digits = _KPJ_STRIP_RE.sub("", text)
    else:
        digits = _show(raw)  # a number cell: 12345678901.0 -> "12345678901"
    if len(digits) == KPJ_LENGTH and digits.isascii() and digits.isdigit():
        return digits
    advice = " Format kolom KPJ sebagai Teks." if _is_number(raw) else ""
    raise CellError("kpj_invalid", f"KPJ harus 11 digit angka (ditemukan '{_show(raw)}').{advice}")


def parse_text_cell(raw: object, *, max_length: int) -> str | None:
    """Trimmed text with single spaces; whole floats lose their ".0" ("12.0" -> "12").

    Code: ``text_too_long``.
    """
    if type(raw) is str and raw.isascii():
        # ASCII holds no invisible characters and its only dash is "-": the same cleaning
        # as the full parser, without its general machinery.
        text = " ".join(raw.split())
        if not text.strip("-"):
            return None
        if len(text) > max_length:
            raise _too_long(text, max_length)
        return text
    return _parse_text_full(raw, max_length=max_length)


def _parse_text_full(raw: object, *, max_length: int) -> str | None:
    if _blank(raw):
        return None
    text: str | None
    if isinstance(raw, bool):
        text = "TRUE" if raw else "FALSE"  # as Excel shows it
    elif isinstance(raw, float):
        text = str(int(raw)) if raw.is_integer() else repr(raw)
    elif isinstance(raw, datetime):
        text = raw.isoformat(sep=" ")
    elif isinstance(raw, date | time):
        text = raw.isoformat()
    elif isinstance(raw, str):
        text = _clean(raw)
        text = None if _is_dash(text) else text
    else:
        text = str(raw)
    if text is None:
        return None
    if len(text) > max_length:
        raise _too_long(text, max_length)
    return text


def _too_long(text: str, max_length: int) -> CellError:
    return CellError(
        "text_too_long", f"Teks terlalu panjang: {len(text)} karakter, maksimal {max_length}."
    )
