"""Date helpers in the Pemda's time zone (Asia/Jakarta)."""

from datetime import date

from django.utils import timezone


def today() -> date:
    """Today's date in the configured time zone, not the server's UTC date."""
    return timezone.localdate()
