"""Display helpers: rupiah, masked NIK."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from lindung.lib.formatting import rupiah as _rupiah
from lindung.lib.nik import mask_nik

register = template.Library()


@register.filter
def rupiah(value: Any) -> str:
    """Format an integer as Rp1.234.567."""
    return _rupiah(value)


@register.filter
def percent(fraction: Any) -> str:
    """A rate stored as a fraction, shown as Indonesians write percentages: 0,24%."""
    if fraction is None:
        return "–"
    text = f"{Decimal(str(fraction)) * 100:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


@register.filter
def masknik(value: str) -> str:
    return mask_nik(value or "")
