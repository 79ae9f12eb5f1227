"""Display helpers: rupiah, masked NIK."""

from __future__ import annotations

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
def masknik(value: str) -> str:
    return mask_nik(value or "")
