"""What a row of each kind must hold, and how its cells become values (pure)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from lindung.imports import values as v
from lindung.imports.columns import LABELS

Parser = Callable[[Any], Any]


def _text(limit: int) -> Parser:
    return lambda raw: v.parse_text_cell(raw, max_length=limit)


def _funding(raw: Any) -> str | None:
    text = v.parse_text_cell(raw, max_length=20)
    if text is None:
        return None
    key = text.lower()
    if key in ("apbd", "apbn", "blud"):
        return key
    return "other"


PARSERS: dict[str, dict[str, Parser]] = {
    "workers": {
        "nik": v.parse_nik_cell,
        "name": _text(150),
        "birth_date": v.parse_date_cell,
        "sex": v.parse_sex_cell,
        "monthly_wage": v.parse_money_cell,
        "category": v.parse_category_cell,
        "has_sk": v.parse_bool_cell,
        "opd": _text(200),
        "start_date": v.parse_date_cell,
        "phone": _text(20),
        "funding_source": _funding,
    },
    "memberships": {
        "nik": v.parse_nik_cell,
        "kpj": v.parse_kpj_cell,
        "name": _text(150),
        "birth_date": v.parse_date_cell,
        "npp": _text(20),
        "divisi": _text(10),
        "employer_name": _text(200),
        "segment": v.parse_segment_cell,
        "programs": v.parse_programs_cell,
        "program_jkk": v.parse_bool_cell,
        "program_jkm": v.parse_bool_cell,
        "program_jht": v.parse_bool_cell,
        "program_jp": v.parse_bool_cell,
        "program_jkp": v.parse_bool_cell,
        "reported_wage": v.parse_money_cell,
        "status": v.parse_status_cell,
        "last_paid_month": v.parse_month_cell,
        "member_since": v.parse_date_cell,
    },
}
REQUIRED = {"workers": ("nik", "name", "monthly_wage"), "memberships": ("nik",)}
MAX_WAGE = 1_000_000_000


@dataclass
class RowError:
    column: str  # the heading as the user wrote it, or the field label
    code: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"column": self.column, "code": self.code, "message": self.message}


def parse_row(
    kind: str, cells: list[Any], fields: list[str], headers: list[str]
) -> tuple[dict[str, Any], list[RowError]]:
    """Cells -> values by field, with every problem of the row (not just the first)."""
    parsers = PARSERS[kind]
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for i, f in enumerate(fields):
        if not f:
            continue
        raw = cells[i] if i < len(cells) else None
        try:
            value = parsers[f](raw)
        except v.CellError as exc:
            errors.append(RowError(headers[i] or LABELS.get(f, f), exc.code, exc.message))
            continue
        if value is not None:
            values[f] = value
    for f in REQUIRED[kind]:
        if f not in values and not any(e.column == _header_of(f, fields, headers) for e in errors):
            errors.append(
                RowError(_header_of(f, fields, headers), "required", f"{LABELS[f]} wajib diisi.")
            )
    wage = values.get("monthly_wage")
    if wage is not None and not 1 <= wage <= MAX_WAGE:
        errors.append(
            RowError(
                _header_of("monthly_wage", fields, headers),
                "wage_range",
                "Upah harus lebih dari Rp0 dan tidak lebih dari Rp1 miliar per bulan.",
            )
        )
    if kind == "memberships":
        _merge_program_flags(values)
    return values, errors


def _header_of(f: str, fields: list[str], headers: list[str]) -> str:
    return headers[fields.index(f)] if f in fields else LABELS.get(f, f)


def _merge_program_flags(values: dict[str, Any]) -> None:
    """One Y/T column per program, or one list column: either way a tuple of programs."""
    flags = {p: values.pop(f"program_{p.lower()}") for p in ("JKK", "JKM", "JHT", "JP", "JKP")
             if f"program_{p.lower()}" in values}  # fmt: skip
    if flags and "programs" not in values:
        values["programs"] = tuple(p for p, on in flags.items() if on)


def to_json(values: dict[str, Any]) -> dict[str, Any]:
    """Values as JSON for storage between check and commit (dates as ISO, tuples as lists)."""
    out: dict[str, Any] = {}
    for k, val in values.items():
        if isinstance(val, date):
            out[k] = val.isoformat()
        elif isinstance(val, tuple):
            out[k] = list(val)
        else:
            out[k] = val
    return out


def from_json(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for k in ("birth_date", "start_date", "last_paid_month", "member_since"):
        if isinstance(out.get(k), str):
            out[k] = date.fromisoformat(out[k])
    if isinstance(out.get("programs"), list):
        out["programs"] = tuple(out["programs"])
    return out


def cells_as_text(cells: list[Any]) -> list[str]:
    """The row as the user typed it, for the error report (JSON-safe)."""
    out = []
    for c in cells:
        if c is None:
            out.append("")
        elif isinstance(c, float) and c.is_integer() and abs(c) < 1e15:
            out.append(str(int(c)))
        else:
            out.append(str(c))
    return out
