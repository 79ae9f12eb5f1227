"""Identifier cells: the 16-digit NIK (also from number cells Excel mangled) and the KPJ."""

import math
import re

from lindung.imports.values.base import (
    CellError,
    _blank,
    _is_number,
    _show,
    _text_or_none,
)
from lindung.lib.nik import (
    FEMALE_DAY_OFFSET,
    MSG_SCIENTIFIC,
    NIK_LENGTH,
    normalize_nik,
    parse_nik,
)
from lindung.lib.regions import provinces

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
