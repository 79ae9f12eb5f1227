"""Dates and times as pages, reports and exports show them, in the active language:
2 Desember 2026, Desember 2026, 14.05 WIB. Template filters of the same names use these."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

NONE = "–"
# Indonesia's three time zones by their everyday names.
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _day(value: date | datetime) -> date:
    return _local(value).date() if isinstance(value, datetime) else value


def tanggal(value: Any) -> str:
    """A day: 2 Desember 2026 (a date-time shows its day in the Pemda's time zone)."""
    if _empty(value):
        return NONE
    return date_format(_day(value), "DATE_FORMAT")


def bulan(value: Any) -> str:
    """A month: Desember 2026."""
    if _empty(value):
        return NONE
    return date_format(_day(value), "YEAR_MONTH_FORMAT")


def zone_name() -> str:
    return ZONE_NAMES.get(settings.TIME_ZONE, settings.TIME_ZONE)


def jam(value: Any) -> str:
    """A time of day with its zone: 14.05 WIB."""
    if _empty(value):
        return NONE
    moment = _local(value) if isinstance(value, datetime) else value
    return f"{date_format(moment, 'TIME_FORMAT')} {zone_name()}"


def waktu(value: Any) -> str:
    """A moment: 2 Desember 2026 14.05 WIB."""
    if _empty(value):
        return NONE
    if not isinstance(value, datetime):
        return tanggal(value)
    return f"{tanggal(value)} {jam(value)}"
