"""Writes to the rule tables: syncing the shipped file, and the cached read for the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Max

from lindung.rulebook import rules as pure
from lindung.rulebook.models import Holiday, RuleValue

SYNC_REASON = "Dimuat dari data/rules.csv"


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    differing: list[str] = field(default_factory=list)


@transaction.atomic
def rules_sync(*, overwrite: bool = False, rules: list[pure.Rule] | None = None) -> SyncReport:
    """Add rows of the shipped file that the database lacks.

    Rows an admin changed are left alone and reported, unless `overwrite` is given, so a
    correction entered in the admin UI is never lost to a release.
    """
    report = SyncReport()
    existing = {(r.key, r.qualifier, r.valid_from): r for r in RuleValue.objects.all()}
    for rule in rules if rules is not None else pure.read_csv():
        row = existing.get((rule.key, rule.qualifier, rule.valid_from))
        fields = {
            "value": rule.value,
            "unit": rule.unit,
            "valid_to": rule.valid_to,
            "legal_basis": rule.legal_basis,
            "confidence": rule.confidence,
            "note": rule.note,
        }
        if row is None:
            row = RuleValue(
                key=rule.key, qualifier=rule.qualifier, valid_from=rule.valid_from, **fields
            )
            row._change_reason = SYNC_REASON  # type: ignore[attr-defined]
            row.save()
            report.created += 1
            continue
        if any(getattr(row, k) != v for k, v in fields.items()):
            if overwrite:
                for k, v in fields.items():
                    setattr(row, k, v)
                row._change_reason = SYNC_REASON  # type: ignore[attr-defined]
                row.save()
                report.updated += 1
            else:
                report.differing.append(str(row))
    _cache.clear()
    return report


def holidays_sync() -> int:
    """Add shipped days off the table lacks (an admin's corrections stay). Returns added."""
    known = set(Holiday.objects.values_list("date", flat=True))
    fresh = [
        Holiday(
            date=row.date,
            name=row.name,
            kind=row.kind,
            source=row.source,
            confidence=row.confidence,
        )
        for row in pure.read_holidays()
        if row.date not in known
    ]
    Holiday.objects.bulk_create(fresh)
    return len(fresh)


def days_off() -> frozenset[date]:
    """National holidays and cuti bersama: the days working-day deadlines skip (one query)."""
    return frozenset(Holiday.objects.values_list("date", flat=True))


def sync_after_migrate(**kwargs: Any) -> None:
    rules_sync()
    holidays_sync()


_cache: dict[tuple[int, Any], pure.RuleSet] = {}


def current_ruleset() -> pure.RuleSet:
    """The rule tables as stored now; rebuilt only when a row changed (one small query)."""
    stamp = RuleValue.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    key = (stamp["n"], stamp["at"])
    ruleset = _cache.get(key)
    if ruleset is None:
        _cache.clear()
        ruleset = _cache[key] = RuleValue.objects.ruleset()
    return ruleset
