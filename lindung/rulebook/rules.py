"""Effective-dated rule values (rates, caps, flat amounts, tiers, benefits): pure Python.

A RuleSet answers "what is rule KEY (for QUALIFIER) in month M, and on what legal basis".
It is built from the database (`RuleValue` rows, editable by an admin) or straight from the
versioned CSV in `data/rules.csv`; the engine never holds a rate of its own.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "rules.csv"
# The days off of the SKB 3 Menteri on national holidays and cuti bersama, one row a day.
HOLIDAY_FILE = Path(__file__).resolve().parent / "data" / "holidays.csv"
HOLIDAY = "libur"
CUTI_BERSAMA = "cuti_bersama"
CONFIDENCE = ("CONFIRMED", "SINGLE-SOURCE", "UNCONFIRMED")
UNITS = ("percent", "rupiah", "count", "factor", "days", "day", "flag", "programs")


class RuleError(ValueError):
    """No rule for that key, qualifier and month (e.g. before the tables begin)."""


@dataclass(frozen=True)
class Rule:
    key: str
    qualifier: str
    value: str
    unit: str
    valid_from: date
    valid_to: date | None
    legal_basis: str
    confidence: str = "CONFIRMED"
    note: str = ""

    @property
    def amount(self) -> Decimal:
        return Decimal(self.value)

    @property
    def programs(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in self.value.split(",") if p.strip())

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class RuleSet:
    """Rules indexed by (key, qualifier); lookups by month."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._by_key: dict[tuple[str, str], list[Rule]] = defaultdict(list)
        for rule in rules:
            self._by_key[(rule.key, rule.qualifier)].append(rule)
        for rows in self._by_key.values():
            rows.sort(key=lambda r: r.valid_from)

    def find(self, key: str, day: date, qualifier: str = "") -> Rule | None:
        for rule in reversed(self._by_key.get((key, qualifier), [])):
            if rule.covers(day):
                return rule
        return None

    def get(self, key: str, day: date, qualifier: str = "") -> Rule:
        rule = self.find(key, day, qualifier)
        if rule is None:
            first = self.first_month(key, qualifier)
            if first is not None and day < first:
                # A row starting mid-month (a regulation's promulgation day) is named by day,
                # so "starts 2019-12, month 2019-12 is before it" cannot be said.
                if first.day == 1:
                    when, asked = f"{first:%Y-%m}", f"bulan {day:%Y-%m}"
                else:
                    when, asked = f"{first:%Y-%m-%d}", f"tanggal {day:%Y-%m-%d}"
                raise RuleError(
                    f"Tabel aturan {key} baru mulai {when}; {asked} "
                    "berada sebelum tabel aturan dimulai."
                )
            name = f"{key} [{qualifier}]" if qualifier else key
            raise RuleError(f"Tidak ada aturan {name} untuk bulan {day:%Y-%m}.")
        return rule

    def qualifiers(self, key: str, day: date) -> list[str]:
        """The qualifiers of KEY with a row in force on DAY, sorted."""
        return sorted(
            q
            for (k, q), rows in self._by_key.items()
            if k == key and any(r.covers(day) for r in rows)
        )

    def changes_within(self, prefix: str, start: date, end: date) -> list[date]:
        """Days strictly after START and up to END on which a row of a PREFIX key starts or
        stops applying: where a month-only question has two answers."""
        days = set()
        for (k, _q), rows in self._by_key.items():
            if not k.startswith(prefix):
                continue
            for r in rows:
                days.add(r.valid_from)
                if r.valid_to is not None:
                    days.add(date.fromordinal(r.valid_to.toordinal() + 1))
        return sorted(d for d in days if start < d <= end)

    def first_month(self, key: str, qualifier: str = "") -> date | None:
        rows = self._by_key.get((key, qualifier))
        return rows[0].valid_from if rows else None

    def latest(self, key: str, qualifier: str = "") -> Rule | None:
        rows = self._by_key.get((key, qualifier))
        return rows[-1] if rows else None


def _parse_date(value: str) -> date | None:
    return date.fromisoformat(value) if value.strip() else None


def read_csv(path: Path = DATA_FILE) -> list[Rule]:
    """Read the versioned rule file; every row must be well-formed."""
    rules = []
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            valid_from = _parse_date(row["valid_from"])
            if valid_from is None:
                raise ValueError(f"{path.name}:{line}: valid_from is required")
            rule = Rule(
                key=row["key"].strip(),
                qualifier=row["qualifier"].strip(),
                value=row["value"].strip(),
                unit=row["unit"].strip(),
                valid_from=valid_from,
                valid_to=_parse_date(row["valid_to"]),
                legal_basis=row["legal_basis"].strip(),
                confidence=row["confidence"].strip(),
                note=row["note"].strip(),
            )
            validate(rule, where=f"{path.name}:{line}")
            rules.append(rule)
    return rules


def validate(rule: Rule, *, where: str = "") -> None:
    prefix = f"{where}: " if where else ""
    if rule.unit not in UNITS:
        raise ValueError(f"{prefix}unknown unit {rule.unit!r}")
    if rule.confidence not in CONFIDENCE:
        raise ValueError(f"{prefix}unknown confidence {rule.confidence!r}")
    if not rule.legal_basis:
        raise ValueError(f"{prefix}legal basis is required")
    if rule.valid_to is not None and rule.valid_to < rule.valid_from:
        raise ValueError(f"{prefix}valid_to before valid_from")
    if rule.unit != "programs":
        Decimal(rule.value)  # raises on junk


@cache
def file_ruleset() -> RuleSet:
    """The rules as shipped, for pure tests and tools that run without a database."""
    return RuleSet(read_csv())


@dataclass(frozen=True)
class DayOff:
    """One row of data/holidays.csv."""

    date: date
    name: str
    kind: str
    source: str
    confidence: str


def read_holidays(path: Path = HOLIDAY_FILE) -> list[DayOff]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            DayOff(
                date=date.fromisoformat(r["date"]),
                name=r["name"],
                kind=r["kind"],
                source=r["source"],
                confidence=r["confidence"],
            )
            for r in csv.DictReader(handle)
        ]
