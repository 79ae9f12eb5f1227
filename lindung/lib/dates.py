"""Date helpers in the Pemda's time zone (Asia/Jakarta)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def today() -> date:
    """Today's date in the configured time zone, not the server's UTC date."""
    return timezone.localdate()


# Dates people type (birth, SPK, start, payment, data dates) fall in this range; a year such
# as 0001, 1800 or 9999 is a typing or export mistake and would break month arithmetic.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def validate_plausible_date(value: date | None) -> None:
    """Refuse a date outside EARLIEST..LATEST (forms, models' full_clean, API, imports)."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(
            _("Tahun %(year)s tidak masuk akal; tanggal harus antara tahun %(lo)s dan %(hi)s."),
            code="implausible_date",
            params={"year": f"{value.year:04d}", "lo": EARLIEST.year, "hi": LATEST.year},
        )
