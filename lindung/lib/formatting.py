"""Plain formatting of money and dates for Indonesian readers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

_MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def rupiah(value: int | Decimal | str | None) -> str:
    """Format whole rupiah with dot thousands: 1234567 -> "Rp1.234.567"."""
    if value is None or value == "":
        return "–"
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def tanggal(value: date | None) -> str:
    """Format a date the Indonesian way: 5 Juli 2026."""
    if value is None:
        return "–"
    return f"{value.day} {_MONTHS_ID[value.month - 1]} {value.year}"
