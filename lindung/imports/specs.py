"""What a row of each kind must hold, and how its cells become values (pure)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from lindung.compliance.rules import NibError, parse_nib
from lindung.imports import values as v
from lindung.imports.columns import KEY_FIELDS, LABELS
from lindung.lib.dates import today
from lindung.lib.formatting import tanggal
from lindung.registry.rules import (
    MSG_BIRTH_NOT_NIK_ROW,
    MSG_START_TOO_LATE,
    birth_date_conflict,
    worker_problems,
)

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


def _count(raw: Any) -> int | None:
    """A head count: a whole number, "25" or "25 orang"."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise v.CellError("count_format", "Jumlah harus bilangan bulat, mis. 25.")
    if isinstance(raw, int | float) and float(raw).is_integer() and raw >= 0:
        return int(raw)
    text = str(raw).strip().lower().removesuffix("orang").strip().replace(".", "")
    if text.isdigit():
        return int(text)
    raise v.CellError("count_format", f"Jumlah '{str(raw)[:30]}' bukan bilangan bulat, mis. 25.")


def _nib(raw: Any) -> str | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # 13 digits fit a float exactly
    try:
        return parse_nib(raw)
    except NibError as exc:
        raise v.CellError("nib_format", str(exc)) from None


def _kbli(raw: Any) -> str | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = str(int(raw)) if isinstance(raw, int | float) else str(raw).strip()
    if len(text) == 5 and text.isdigit():
        return text
    raise v.CellError("kbli_format", f"KBLI harus 5 digit angka (tertulis: '{text[:20]}').")


_SCALES = {
    "mikro": "micro", "micro": "micro", "usaha mikro": "micro", "umi": "micro",
    "kecil": "small", "small": "small", "usaha kecil": "small", "uk": "small",
    "menengah": "medium", "medium": "medium", "usaha menengah": "medium", "um": "medium",
    "besar": "large", "large": "large", "usaha besar": "large", "ub": "large",
}  # fmt: skip
_SOURCES = {
    "wlkp": "wlkp", "wajib lapor": "wlkp", "oss": "perizinan", "perizinan": "perizinan",
    "nib": "perizinan", "inspeksi": "inspeksi", "pemeriksaan": "inspeksi",
    "pengawasan": "inspeksi", "lainnya": "lainnya", "lain": "lainnya",
}  # fmt: skip


def _lookup(table: dict[str, str], code: str, hint: str) -> Parser:
    def parse(raw: Any) -> str | None:
        text = v.parse_text_cell(raw, max_length=60)
        if text is None:
            return None
        key = " ".join(text.lower().replace(".", " ").replace("_", " ").split())
        if key not in table:
            raise v.CellError(code, f"'{text[:30]}' tidak dikenal; gunakan {hint}.")
        return table[key]

    return parse


PARSERS: dict[str, dict[str, Parser]] = {
    "workers": {
        "nik": v.parse_nik_cell,
        "name": _text(150),
        "birth_date": v.parse_birth_cell,
        "sex": v.parse_sex_cell,
        "monthly_wage": v.parse_money_cell,
        "category": v.parse_category_cell,
        "has_sk": v.parse_bool_cell,
        "opd": _text(200),
        "start_date": v.parse_date_cell,
        "end_date": v.parse_date_cell,
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
    "businesses": {
        "nib": _nib,
        "name": _text(200),
        "kbli": _kbli,
        "scale": _lookup(_SCALES, "scale_format", "Mikro, Kecil, Menengah atau Besar"),
        "kecamatan": _text(100),
        "address": _text(300),
        "workers": _count,
        "total_wages": v.parse_money_cell,
        "figure_source": _lookup(_SOURCES, "source_format", "WLKP, OSS, Inspeksi atau Lainnya"),
        "figure_date": v.parse_date_cell,
    },
    "employers": {
        "npp": _text(20),
        "divisi": _text(10),
        "employer_name": _text(200),
        "nib": _nib,
        "kecamatan": _text(100),
        "active_workers": _count,
        "total_wages": v.parse_money_cell,
        "programs": v.parse_programs_cell,
        "program_jkk": v.parse_bool_cell,
        "program_jkm": v.parse_bool_cell,
        "program_jht": v.parse_bool_cell,
        "program_jp": v.parse_bool_cell,
        "program_jkp": v.parse_bool_cell,
        "paid_through": v.parse_month_cell,
        "arrears": v.parse_money_cell,
    },
}
PARSERS["projects"] = {
    "contract_number": _text(100),
    "name": _text(255),
    "opd": _text(200),
    "contractor_name": _text(200),
    "contractor_nib": _nib,
    "contractor_npp": _text(20),
    "contract_value": v.parse_money_cell,
    "spk_date": v.parse_date_cell,
    "start_date": v.parse_date_cell,
    "end_date": v.parse_date_cell,
}
PARSERS["election_members"] = {
    "nik": v.parse_nik_cell,
    "name": _text(150),
    "role": _text(60),  # matched to the cohort's roles by the planner
}
PARSERS["informal_members"] = {
    "nik": v.parse_nik_cell,
    "name": _text(150),
    "declared_income": v.parse_money_cell,
}
REQUIRED = {
    # A list without a wage or a start date is valid: both are then unknown.
    "workers": ("nik", "name"),
    "memberships": ("nik",),
    "businesses": ("nib", "name"),
    "employers": ("npp", "employer_name"),
    "projects": (
        "contract_number",
        "name",
        "contractor_name",
        "contract_value",
        "spk_date",
        "start_date",
        "end_date",
    ),
    "election_members": ("nik", "name", "role"),
    "informal_members": ("nik", "name", "declared_income"),
}


# Stable codes of the worker invariants (lindung.registry.rules), by the field they name.
_PROBLEM_CODES = {
    "birth_date": "birth_in_future",
    "start_date": "start_before_birth",
    "end_date": "end_before_start",
    "monthly_wage": "wage_range",
}
# Where one field has more than one invariant: the code by the message.
_MESSAGE_CODES = {MSG_START_TOO_LATE: "start_too_late"}


def row_key(kind: str, values: dict[str, Any]) -> str | None:
    """What makes a row unique in its file: NIK, NIB, or NPP with its Divisi."""
    if kind == "employers":
        return f"{values['npp']}/{values.get('divisi', '')}" if values.get("npp") else None
    return values.get(KEY_FIELDS[kind])


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
    if kind == "workers":
        problems = worker_problems(
            birth_date=values.get("birth_date"),
            start_date=values.get("start_date"),
            end_date=values.get("end_date"),
            monthly_wage=values.get("monthly_wage"),
            nik=values.get("nik"),
            today=today(),
        )
        for f, message in problems.items():
            code = _MESSAGE_CODES.get(message, _PROBLEM_CODES[f])
            errors.append(RowError(_header_of(f, fields, headers), code, message))
    since = values.get("member_since")
    if kind == "memberships" and since is not None and since > today():
        # The BPJS registration date of the member: an export never holds a future one.
        errors.append(
            RowError(
                _header_of("member_since", fields, headers),
                "member_since_future",
                "Tanggal kepesertaan BPJS tidak boleh di masa depan.",
            )
        )
    if kind in ("memberships", "employers"):
        _merge_program_flags(values)
    return values, errors


def row_warnings(
    kind: str, values: dict[str, Any], fields: list[str], headers: list[str]
) -> list[RowError]:
    """What a person should check in a row that is still imported (never an error)."""
    if kind != "workers":
        return []
    given = values.get("birth_date")
    nik_birth = birth_date_conflict(nik=values.get("nik"), birth_date=given, today=today())
    if nik_birth is None or given is None:
        return []
    message = MSG_BIRTH_NOT_NIK_ROW % {"given": tanggal(given), "nik_date": tanggal(nik_birth)}
    return [RowError(_header_of("birth_date", fields, headers), "birth_date_not_nik", message)]


def _header_of(f: str, fields: list[str], headers: list[str]) -> str:
    return headers[fields.index(f)] if f in fields else LABELS.get(f, f)


def _merge_program_flags(values: dict[str, Any]) -> None:
    """One Y/T column per program, or one list column: either way a tuple of programs."""
    flags = {p: values.pop(f"program_{p.lower()}") for p in ("JKK", "JKM", "JHT", "JP", "JKP")
             if f"program_{p.lower()}" in values}  # fmt: skip
    if flags and "programs" not in values:
        values["programs"] = tuple(p for p, on in flags.items() if on)


def _iso(value: Any) -> str:
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


# One encoder for every row: json.dumps with options builds a new one per call.
_ENCODE = json.JSONEncoder(separators=(",", ":"), default=_iso).encode


def to_json(values: Any) -> str:
    """Values as JSON text for storage between check and commit: dates as ISO text, tuples
    as lists, no spaces. Cells and errors (plain JSON) go through it too."""
    return _ENCODE(values)


def from_json(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for k in ("birth_date", "start_date", "last_paid_month", "member_since", "figure_date",
              "paid_through", "spk_date", "end_date"):  # fmt: skip
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
