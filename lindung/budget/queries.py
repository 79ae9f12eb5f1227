"""Reads of the budget page beside the planner: the benefit comparison and its average wage."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Avg, QuerySet

from lindung.registry.models import Engagement, Opd
from lindung.rulebook import engine
from lindung.rulebook.rules import RuleSet


def average_wage(opds: QuerySet[Opd]) -> int | None:
    """Average monthly wage of the current engagements of `opds`, in one aggregate query.

    Engagements with an unknown wage have no place in an average; None when none is known.
    """
    average = Engagement.objects.filter(
        opd__in=opds, end_date__isnull=True, monthly_wage__isnull=False
    ).aggregate(average=Avg("monthly_wage"))["average"]
    return None if average is None else round(average)


def benefit_comparison(
    rules: RuleSet, opds: QuerySet[Opd], *, year: int, death_grant: int | None
) -> dict[str, Any] | None:
    """What a family receives from JKM and JKK against the city's own death grant."""
    wage = average_wage(opds)
    if wage is None:
        return None
    month = date(year, 1, 1)
    try:
        jkm = engine.benefit_jkm(rules, day=month)
        jkk = engine.benefit_jkk_death(rules, wage=wage, day=month)
        cost = engine.quote_pu(rules, wage=wage, month=month, programs=("JKK", "JKM"))
    except engine.QuoteError:
        return None
    return {
        "wage": wage,
        "jkm": jkm,
        "jkk": jkk,
        "grant": death_grant or 0,
        "monthly_cost": cost.total,
        "yearly_cost": cost.total * 12,
    }
