"""Money cells: rupiah amounts as typed ("Rp 2.500.000", "2,5 jt", accounting zero "-")."""

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from lindung.imports.values.base import (
    CellError,
    _blank,
    _clean,
    _is_dash,
    _is_number,
    _show,
)

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
