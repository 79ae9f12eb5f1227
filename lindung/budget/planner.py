"""APBD budget planner: the cost of covering a Pemda's non-ASN workers for a year.

Reads engagements (dates and wage history) in two queries, prices every worker-month with the
vectorised engine, and sums per OPD, program and month with numpy. An engagement with an
unknown start counts from January; one with an unknown wage cannot be priced on actual wages:
it is left out of the rupiah figures (and of `workers`) and counted in `no_wage`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import numpy as np
from django.db.models import Q, QuerySet
from django.utils import timezone

from lindung.registry.models import Engagement, Opd
from lindung.rulebook.bulk import price_pu
from lindung.rulebook.engine import PU_PROGRAMS, QuoteError, carried_forward, parse_programs
from lindung.rulebook.rules import RuleSet

WORKER_SHARE = ("apbd", "deduction")
WAGE_BASIS = ("actual", "fixed")
POPULATION = ("all", "uncovered")


@dataclass(frozen=True)
class Scenario:
    name: str
    programs: tuple[str, ...] = ("JKK", "JKM", "JHT")
    worker_share: str = "apbd"  # who pays the worker share: the APBD, or a wage deduction
    wage_basis: str = "actual"
    fixed_wage: int | None = None
    population: str = "all"

    def check(self) -> None:
        parse_programs(self.programs, PU_PROGRAMS)
        if self.worker_share not in WORKER_SHARE:
            raise QuoteError(
                "worker_share", "Pilih siapa membayar iuran pekerja: APBD atau potong gaji."
            )
        if self.wage_basis not in WAGE_BASIS:
            raise QuoteError("wage_basis", "Dasar upah harus upah aktual atau nominal tetap.")
        if self.wage_basis == "fixed" and not (
            self.fixed_wage and 0 < self.fixed_wage <= 1_000_000_000
        ):
            raise QuoteError(
                "fixed_wage", "Isi nominal upah tetap antara Rp1 dan Rp1.000.000.000."
            )
        if self.population == "uncovered":
            raise QuoteError(
                "population",
                "Pilihan 'hanya yang belum terlindungi' tersedia setelah rekonsiliasi "
                "dengan data BPJS.",
            )
        if self.population not in POPULATION:
            raise QuoteError("population", "Pilihan pekerja tidak dikenal.")


@dataclass
class OpdBudget:
    opd_id: int
    code: str
    name: str
    workers: int
    employer: dict[str, int]
    worker: dict[str, int]
    apbd: int
    deduction: int
    no_wage: int = 0  # workers left out of the figures: wage unknown

    @property
    def totals(self) -> dict[str, int]:
        """Employer plus worker share per program."""
        return {p: self.employer[p] + self.worker[p] for p in self.employer}


@dataclass
class BudgetResult:
    scenario: Scenario
    year: int
    workers: int
    by_opd: list[OpdBudget]
    monthly_apbd: list[int]
    employer: dict[str, int]
    worker: dict[str, int]
    apbd: int
    deduction: int
    warnings: list[str] = field(default_factory=list)
    no_wage: int = 0  # workers left out of the figures: wage unknown

    @property
    def total(self) -> int:
        return self.apbd + self.deduction


def _month_bounds(year: int) -> tuple[list[date], np.ndarray, np.ndarray]:
    months = [date(year, m, 1) for m in range(1, 13)]
    starts = np.array([m.toordinal() for m in months])
    ends = np.array(
        [(date(year + (m.month == 12), m.month % 12 + 1, 1)).toordinal() - 1 for m in months]
    )
    return months, starts, ends


def _wage_matrix(ids: np.ndarray, current: np.ndarray, year: int) -> np.ndarray:
    """Wage per engagement and month from the history: the wage recorded by each month's end.

    Months before the first record take the first recorded wage; future months the current one.
    """
    wages = np.repeat(current[:, None], 12, axis=1)
    history = (
        Engagement.history.filter(id__in=ids.tolist(), history_type__in=("+", "~"))
        .exclude(monthly_wage__isnull=True)  # a wage unknown for a while: the known ones
        .order_by("id", "history_date")
        .values_list("id", "history_date", "monthly_wage")
    )
    changes: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for eng_id, when, wage in history:
        changes[eng_id].append((when, wage))
    tz = timezone.get_current_timezone()
    month_ends = [
        datetime.combine(date(year + (m == 12), m % 12 + 1, 1), time.min, tzinfo=tz)
        for m in range(1, 13)
    ]
    index = {int(eng_id): i for i, eng_id in enumerate(ids)}
    for eng_id, records in changes.items():
        if len(set(w for _, w in records)) < 2:
            continue  # one wage all along: the current value already holds
        row = index[eng_id]
        for m, end in enumerate(month_ends):
            known = [w for when, w in records if when < end]
            wages[row, m] = known[-1] if known else records[0][1]
    return wages


def plan_budget(
    rules: RuleSet, *, opds: QuerySet[Opd], year: int, scenario: Scenario
) -> BudgetResult:
    """Cost of a scenario for a year over the given OPDs (already limited by access)."""
    scenario.check()
    if not 2000 <= year <= 2100:
        raise QuoteError("year", "Tahun anggaran tidak wajar.")
    months, starts, ends = _month_bounds(year)
    rows = list(
        Engagement.objects.filter(opd__in=opds)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=date(year, 12, 31)))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=date(year, 1, 1)))
        .values_list(
            "id", "opd_id", "monthly_wage", "start_date", "end_date", "opd__jkk_risk_group"
        )
    )
    # Every row is active in some month of the year; without a wage it cannot be priced.
    no_wage: dict[int, int] = defaultdict(int)
    if scenario.wage_basis == "actual":
        for r in rows:
            if r[2] is None:
                no_wage[r[1]] += 1
        rows = [r for r in rows if r[2] is not None]
    opd_info = {o.pk: o for o in opds}
    n = len(rows)
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    opd_ids = np.array([r[1] for r in rows], dtype=np.int64)
    current = np.array([r[2] or 0 for r in rows], dtype=np.int64)  # 0: fixed basis only
    start = np.array([r[3].toordinal() if r[3] else 0 for r in rows], dtype=np.int64)
    end = np.array([r[4].toordinal() if r[4] else 10**7 for r in rows], dtype=np.int64)
    groups = np.array([r[5] for r in rows], dtype=np.int64)
    active = (
        (start[:, None] <= ends[None, :]) & (end[:, None] >= starts[None, :])
        if n
        else np.zeros((0, 12), bool)
    )
    if scenario.wage_basis == "fixed":
        wages = np.full((n, 12), scenario.fixed_wage, dtype=np.int64)
    else:
        wages = _wage_matrix(ids, current, year) if n else np.zeros((0, 12), np.int64)
    priced = price_pu(
        rules,
        months=months,
        wages=wages,
        active=active,
        risk_groups=groups,
        programs=scenario.programs,
    )
    programs = list(priced)
    order = sorted(opd_info, key=lambda pk: opd_info[pk].name)
    slot = {pk: i for i, pk in enumerate(order)}
    rows_slot = np.array([slot[o] for o in opd_ids], dtype=np.int64)
    k = len(order)

    def per_opd(matrix: np.ndarray) -> np.ndarray:
        return (
            np.bincount(rows_slot, weights=matrix.sum(axis=1), minlength=k).astype(np.int64)
            if n
            else np.zeros(k, np.int64)
        )

    employer = {p: per_opd(priced[p][0]) for p in programs}
    worker = {p: per_opd(priced[p][1]) for p in programs}
    workers = (
        np.bincount(rows_slot, weights=active.any(axis=1), minlength=k).astype(int)
        if n
        else np.zeros(k, int)
    )
    apbd_pays_worker = scenario.worker_share == "apbd"
    by_opd = []
    for pk in order:
        i = slot[pk]
        e = {p: int(employer[p][i]) for p in programs}
        w = {p: int(worker[p][i]) for p in programs}
        apbd = sum(e.values()) + (sum(w.values()) if apbd_pays_worker else 0)
        deduction = 0 if apbd_pays_worker else sum(w.values())
        opd = opd_info[pk]
        by_opd.append(
            OpdBudget(pk, opd.code, opd.name, int(workers[i]), e, w, apbd, deduction, no_wage[pk])
        )
    monthly_employer = sum((priced[p][0].sum(axis=0) for p in programs), np.zeros(12, np.int64))
    monthly_worker = sum((priced[p][1].sum(axis=0) for p in programs), np.zeros(12, np.int64))
    monthly_apbd = monthly_employer + (monthly_worker if apbd_pays_worker else 0)
    warnings = []
    if "JP" in programs:
        warnings = carried_forward(rules, "pu.jp.cap", months[-1], "Batas upah JP")
    totals_e = {p: int(employer[p].sum()) for p in programs}
    totals_w = {p: int(worker[p].sum()) for p in programs}
    return BudgetResult(
        scenario=scenario,
        year=year,
        workers=int(active.any(axis=1).sum()) if n else 0,
        by_opd=by_opd,
        monthly_apbd=[int(v) for v in monthly_apbd],
        employer=totals_e,
        worker=totals_w,
        apbd=sum(o.apbd for o in by_opd),
        deduction=sum(o.deduction for o in by_opd),
        warnings=warnings,
        no_wage=sum(no_wage.values()),
    )


def scenario_from_params(
    params: dict[str, Any], prefix: str, default_name: str
) -> Scenario | None:
    """Build a scenario from form fields s1_programs, s1_worker_share...; None when unused."""
    programs = params.get(f"{prefix}programs") or ()
    if not programs:
        return None
    fixed = params.get(f"{prefix}fixed_wage")
    name = (params.get(f"{prefix}name") or "").strip()
    # A name that only lists programs (the presets' names) follows the programs chosen.
    if not name or all(part.strip() in PU_PROGRAMS for part in name.split("+")):
        name = " + ".join(p for p in PU_PROGRAMS if p in programs) or default_name
    return Scenario(
        name=name,
        programs=tuple(programs),
        worker_share=params.get(f"{prefix}worker_share") or "apbd",
        wage_basis=params.get(f"{prefix}wage_basis") or "actual",
        fixed_wage=int(fixed) if fixed else None,
        population=params.get(f"{prefix}population") or "all",
    )


def plan_scenarios(
    rules: RuleSet, *, opds: QuerySet[Opd], year: int, scenarios: list[Scenario | None]
) -> tuple[list[BudgetResult], dict[int, QuoteError]]:
    """Plan every scenario given; the errors by scenario number (1-based), for the form."""
    results: list[BudgetResult] = []
    errors: dict[int, QuoteError] = {}
    for number, scenario in enumerate(scenarios, start=1):
        if scenario is None:
            continue
        try:
            results.append(plan_budget(rules, opds=opds, year=year, scenario=scenario))
        except QuoteError as exc:
            errors[number] = exc
    return results, errors
