"""Display helpers: one format for money, numbers, percents, dates and times.

Pages show "2 Desember 2026", "Desember 2026", "14.05 WIB", "3.817", "33,3%" and
"Rp1.234.567" (in English: "2 December 2026", "14:05 WIB", "3,817", "33.3%"), always through
these filters, never through ad-hoc `|date:"d-m-Y"` or a bare `{{ count }}`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import number_format

from lindung.lib import display
from lindung.lib.formatting import rupiah as _rupiah
from lindung.lib.nik import mask_nik

register = template.Library()

NONE = display.NONE
_empty = display._empty


@register.filter
def rupiah(value: Any) -> str:
    """Format an integer as Rp1.234.567."""
    return _rupiah(value)


@register.filter
def percent(fraction: Any) -> str:
    """A legal rate stored as a fraction, exact as the regulation writes it: 0,24%."""
    if _empty(fraction):
        return NONE
    text = f"{Decimal(str(fraction)) * 100:.4f}".rstrip("0").rstrip(".")
    return number_format(Decimal(text)) + "%"


@register.filter
def persen(value: Any, decimals: int = 1) -> str:
    """A share already in percent (33.3333) with one decimal: 33,3%."""
    if _empty(value):
        return NONE
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    places = int(decimals)
    amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(amount, places, force_grouping=True) + "%"


@register.filter
def angka(value: Any, decimals: int | None = None) -> str:
    """A count or amount with thousands grouped: 3817 -> 3.817 (no decimals unless asked)."""
    if _empty(value):
        return NONE
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if decimals is None and amount == amount.to_integral_value():
        return number_format(int(amount), force_grouping=True)
    places = 1 if decimals is None else int(decimals)
    amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(amount, places, force_grouping=True)


@register.filter
def masknik(value: str) -> str:
    return mask_nik(value or "")


@register.filter
def ukuran(value: Any, unit: str = "") -> str:
    """A target's figure in its unit: a percent with one decimal (80,0%), else a grouped
    count (24.000), a fractional one (a pace per month) with one decimal."""
    if _empty(value):
        return NONE
    return persen(value) if unit == "%" else angka(value)


# Dates and times: one implementation in lib.display, shared with reports and exports.
register.filter("tanggal", display.tanggal)
register.filter("bulan", display.bulan)
register.filter("jam", display.jam)
register.filter("waktu", display.waktu)
