"""What a cohort costs, from the rule table through the one iuran engine (no ORM).

Election staff (panitia ad hoc) are priced as wage earners on their monthly honorarium for
the programs of rule `programs.election` (JKK + JKM: Surat Mendagri 2024, Inpres 2/2021;
docs/regulations.md, whose worked example prices an honorarium of Rp2.000.000 at JKK 0,24% +
JKM 0,30% = Rp10.800 a month), JKK risk group from rule `election.jkk.risk_group`. Every
calendar month the term touches is a contribution month.

Informal (BPU) members are priced by quote_bpu on their declared income: JKK 1% + JKM
Rp6.800 (PP 44/2015 Lampiran II), with the PP 50/2025 50% discount for the months and sector
it covers, and without it when the APBD or APBN pays. Quotes are memoised per distinct
(amount, month): a cohort of thousands costs a handful of engine calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from lindung.lib.calendar import month_starts
from lindung.rulebook.engine import DEFAULT_BPU, Quote, quote_bpu, quote_pu
from lindung.rulebook.rules import RuleSet


def election_programs(rules: RuleSet, month: date) -> tuple[str, ...]:
    return rules.get("programs.election", month).programs


def election_risk_group(rules: RuleSet, month: date) -> int:
    rule = rules.find("election.jkk.risk_group", month)
    return int(rule.amount) if rule is not None else 1


@dataclass(frozen=True)
class RoleCost:
    role: str
    members: int
    honorarium: int
    per_member_month: int  # of the term's first month
    term_total: int  # every member, every month of the term
    legal_basis: str
    months: int  # contribution months of the role's term


RoleInput = tuple[str, int, int] | tuple[str, int, int, date, date]


def election_role_costs(
    rules: RuleSet,
    *,
    term_start: date,
    term_end: date,
    roles: Iterable[RoleInput],
) -> list[RoleCost]:
    """Cost of JKK + JKM per role for its term: roles are (role, honorarium, members), or
    (role, honorarium, members, start, end) for a role with a term of its own (KPPS serve
    about a month of an eight-month cohort)."""

    @cache
    def monthly(honorarium: int, month: date) -> Quote:
        return quote_pu(
            rules,
            wage=honorarium,
            month=month,
            risk_group=election_risk_group(rules, month),
            programs=election_programs(rules, month),
        )

    out = []
    for role, honorarium, members, *term in roles:
        months = month_starts(*term) if term else month_starts(term_start, term_end)
        quotes = [monthly(honorarium, m) for m in months]
        out.append(
            RoleCost(
                role=role,
                members=members,
                honorarium=honorarium,
                per_member_month=quotes[0].total,
                term_total=members * sum(q.total for q in quotes),
                legal_basis="; ".join(
                    sorted(
                        {line.legal_basis for line in quotes[0].lines}
                        | {rules.get("programs.election", months[0]).legal_basis}
                    )
                ),
                months=len(months),
            )
        )
    return out


@dataclass(frozen=True)
class InformalCost:
    members: int
    month: date
    month_total: int
    month_discount: int
    year: int
    year_total: int
    year_discount: int
    warnings: tuple[str, ...]


def informal_cost(
    rules: RuleSet,
    *,
    incomes: Iterable[int],
    sector: str,
    funding: str,
    month: date,
    year: int,
    programs: tuple[str, ...] = DEFAULT_BPU,
) -> InformalCost:
    """Monthly and yearly iuran of a BPU cohort, discount applied or excluded per rules."""
    counts: dict[int, int] = {}
    for income in incomes:
        counts[income] = counts.get(income, 0) + 1

    @cache
    def quote(income: int, m: date) -> Quote:
        return quote_bpu(
            rules, income=income, month=m, programs=programs, sector=sector, funding=funding
        )

    def totals(m: date) -> tuple[int, int, list[str]]:
        total = discount = 0
        warnings: list[str] = []
        for income, n in counts.items():
            q = quote(income, m)
            total += n * q.total
            discount += n * sum(line.discount for line in q.lines)
            warnings += q.warnings
        return total, discount, warnings

    month_total, month_discount, warnings = totals(month.replace(day=1))
    year_total = year_discount = 0
    for m in month_starts(date(year, 1, 1), date(year, 12, 1)):
        t, d, w = totals(m)
        year_total, year_discount = year_total + t, year_discount + d
        warnings += w
    return InformalCost(
        members=sum(counts.values()),
        month=month.replace(day=1),
        month_total=month_total,
        month_discount=month_discount,
        year=year,
        year_total=year_total,
        year_discount=year_discount,
        warnings=tuple(dict.fromkeys(warnings)),
    )
