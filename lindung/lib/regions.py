"""Kemendagri region codes: provinces (2 digits) and regencies/cities (4 digits).

Pure Python, no Django: the NIK rules and the demo generator read it directly.
The data file and its source are described in ``data/README.md``.
"""

import csv
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

DATA_FILE = Path(__file__).resolve().parent / "data" / "regions.csv"


class _Tables(NamedTuple):
    provinces: MappingProxyType[str, str]
    regencies: MappingProxyType[str, str]


@cache
def _tables() -> _Tables:
    # Read once per process; read-only views so no caller can corrupt the cache.
    provinces: dict[str, str] = {}
    regencies: dict[str, str] = {}
    with DATA_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code, name = row["code"].strip(), row["name"].strip()
            if len(code) == 2:
                provinces[code] = name
            elif len(code) == 4:
                regencies[code] = name
            else:
                raise ValueError(f"{DATA_FILE.name}: unexpected region code {code!r}")
    return _Tables(MappingProxyType(provinces), MappingProxyType(regencies))


def province_name(code: str) -> str | None:
    """Name of the province with this 2-digit code, or None if unknown."""
    return _tables().provinces.get(code)


def regency_name(code4: str) -> str | None:
    """Name of the regency/city with this 4-digit code (e.g. "3375"), or None if unknown."""
    return _tables().regencies.get(code4)


def provinces() -> dict[str, str]:
    """All provinces, 2-digit code -> name (a fresh copy, safe to modify)."""
    return dict(_tables().provinces)


def regencies() -> dict[str, str]:
    """All regencies and cities, 4-digit code -> name (a fresh copy, safe to modify)."""
    return dict(_tables().regencies)
