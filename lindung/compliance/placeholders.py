"""Placeholders in letter templates and the letter-number format: `{name}` and nothing else.

An edited template is text with named blanks from a fixed set. Python's `str.format` would
also take format specs (`{iuran:>99999999}`: a huge string), conversions (`{nib!r}`) and
attribute or index access (`{tahun.__class__}`); none of these is allowed on save, and the
renderer below never interprets them: it replaces `{name}` for known names and leaves any
other text as typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

LETTER_FIELDS = (
    "nama_usaha", "nib", "alamat", "kecamatan", "jenis_temuan", "rincian", "iuran",
    "tenggat", "tanggal", "dasar_hukum",
)  # fmt: skip
NUMBER_FIELDS = ("nomor", "tahun")
MAX_BODY_LENGTH = 5000

_BRACED = re.compile(r"\{([^{}]*)\}")


def render(text: str, values: Mapping[str, Any]) -> str:
    """Replace each `{name}` whose name is in `values`; everything else stays as typed."""
    return _BRACED.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], text)


def problems(text: str, allowed: tuple[str, ...]) -> list[str]:
    """Why `text` is not a valid template over `allowed` (empty when it is)."""
    found: list[str] = []
    for inner in _BRACED.findall(text):
        if inner not in allowed:
            found.append(
                str(_("Isian {%(field)s} tidak dikenal. Isian yang boleh: %(allowed)s."))
                % {"field": inner, "allowed": ", ".join("{" + a + "}" for a in allowed)}
            )
    if "{" in _BRACED.sub("", text) or "}" in _BRACED.sub("", text):
        found.append(
            str(_("Kurung kurawal hanya untuk isian seperti {nomor}; ada yang tidak berpasangan."))
        )
    return found


@deconstructible
class PlaceholderValidator:
    """Model-field validator: only `{name}` from `allowed`, at most `max_length` characters."""

    def __init__(self, allowed: tuple[str, ...], max_length: int) -> None:
        self.allowed = tuple(allowed)
        self.max_length = max_length

    def __call__(self, value: str) -> None:
        errors = problems(value or "", self.allowed)
        if len(value or "") > self.max_length:
            errors.append(str(_("Paling banyak %(n)s karakter.")) % {"n": self.max_length})
        if errors:
            raise ValidationError(errors, code="placeholder")

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, PlaceholderValidator)
            and self.allowed == other.allowed
            and self.max_length == other.max_length
        )
