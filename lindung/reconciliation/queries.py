"""Reusable reads of reconciliation runs: figures, drill-downs, the review queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from lindung.reconciliation.models import Candidate, MatchDecision, Result, Run
from lindung.reconciliation.rules import Category
from lindung.registry.access import WorkerScope

ENGAGEMENT_CATEGORIES = tuple(c.value for c in Category.for_engagements())
ALL_CATEGORIES = tuple(c.value for c in Category)
# BPJS's "tercover": registered and active under the Pemda, whatever the wage and programs.
# Lindung's "terlindungi" (COVERED) also asks for the right wage and every program.
REGISTERED_CATEGORIES = (
    Category.COVERED.value,
    Category.WAGE_UNDERREPORTED.value,
    Category.PROGRAMS_MISSING.value,
)


def coverage_pct(covered: int, workers: int) -> float:
    return round(100.0 * covered / workers, 1) if workers else 0.0


@dataclass
class Figures:
    """A run's counts as one user may see them (an Operator OPD: their OPDs only)."""

    counts: dict[str, int]
    iuran: dict[str, int]
    by_opd: list[dict[str, Any]]
    workers: int = 0
    covered: int = 0
    coverage_pct: float = 0.0
    deltas: dict[str, int] = field(default_factory=dict)
    # Workers to register, correct or reactivate whose wage is unknown: not in `iuran`.
    unpriced: int = 0

    @property
    def gap(self) -> int:
        return self.workers - self.covered

    @property
    def registered(self) -> int:
        """BPJS's "tercover" count (see REGISTERED_CATEGORIES)."""
        return sum(self.counts[c] for c in REGISTERED_CATEGORIES)

    @property
    def registered_pct(self) -> float:
        return coverage_pct(self.registered, self.workers)

    @property
    def gap_iuran(self) -> int:
        """Monthly iuran to register, correct and reactivate every engagement not covered."""
        return sum(self.iuran[c] for c in ENGAGEMENT_CATEGORIES)

    def category_rows(self) -> list[tuple[Category, int, int, int]]:
        return [
            (c, self.counts[c.value], self.deltas.get(c.value, 0), self.iuran[c.value])
            for c in Category
        ]

    def opd_rows(self) -> list[tuple[dict[str, Any], list[tuple[Category, int]]]]:
        shown = [c for c in Category if c != Category.COVERED]
        return [(e, [(c, e[c.value]) for c in shown]) for e in self.by_opd]


def figures(run: Run, scope: WorkerScope) -> Figures:
    """Totals from the run's stored figures; for an OPD scope, summed over its OPDs' rows."""
    by_opd = run.by_opd
    if scope.opd_ids is None:
        counts = {c.value: int(run.counts.get(c.value, 0)) for c in Category}
        iuran = {c.value: int(run.iuran.get(c.value, 0)) for c in Category}
    else:
        by_opd = [e for e in by_opd if e["opd_id"] in scope.opd_ids]
        counts = {c.value: sum(e[c.value] for e in by_opd) for c in Category}
        iuran = {c.value: sum(e.get(f"iuran_{c.value}", 0) for e in by_opd) for c in Category}
    workers = sum(counts[c] for c in ENGAGEMENT_CATEGORIES)
    covered = counts[Category.COVERED]
    unpriced = sum(int(e.get("unpriced", 0)) for e in by_opd)  # runs before it: none
    return Figures(
        counts, iuran, by_opd, workers, covered, coverage_pct(covered, workers),
        unpriced=unpriced,
    )  # fmt: skip


def previous_run(run: Run) -> Run | None:
    return (
        Run.objects.filter(
            pemda_id=run.pemda_id, status=Run.Status.DONE, created_at__lt=run.created_at
        )
        .order_by("-created_at", "-id")
        .first()
    )


def with_deltas(
    runs: list[Run], scope: WorkerScope
) -> list[tuple[Run, list[tuple[Category, int, int]]]]:
    """Each run with (category, count, change) per category, as `scope` may see them, against
    the Pemda's run before it (in the same list, or one more query for the oldest one)."""
    out = []
    for i, run in enumerate(runs):
        before = next(
            (
                r
                for r in runs[i + 1 :]
                if r.pemda_id == run.pemda_id and r.status == Run.Status.DONE
            ),
            None,
        )
        if before is None and run.status == Run.Status.DONE:
            before = previous_run(run)
        counts = figures(run, scope).counts
        deltas = {}
        if before is not None and run.status == Run.Status.DONE:
            earlier = figures(before, scope).counts
            deltas = {c.value: counts[c.value] - earlier[c.value] for c in Category}
        out.append((run, [(c, counts[c.value], deltas.get(c.value, 0)) for c in Category]))
    return out


def records(
    qs: QuerySet[Result], *, category: str, opd_id: int | None, new_since: Run | None = None
) -> QuerySet[Result]:
    """The records behind one figure, in index order (OPD, then NIK).

    With `new_since`, only those that were not in this category in that earlier run.
    """
    qs = qs.filter(category=category)
    if opd_id is not None:
        qs = qs.filter(opd_id=opd_id)
    if new_since is not None:
        before = Result.objects.filter(run=new_since, category=category)
        qs = qs.exclude(Exists(before.filter(nik=OuterRef("nik"), opd_id=OuterRef("opd_id"))))
    return qs.select_related("opd", "engagement__person", "membership").order_by(
        "opd_id", "nik", "id"
    )


def latest_done(pemda_id: int) -> Run | None:
    return (
        Run.objects.filter(pemda_id=pemda_id, status=Run.Status.DONE)
        .order_by("-created_at", "-id")
        .first()
    )


def pending(qs: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """Candidates of each Pemda's latest run that no reviewer has decided yet."""
    decided = MatchDecision.objects.filter(
        pemda_id=OuterRef("run__pemda_id"),
        city_nik=OuterRef("engagement__person__nik"),
        member_nik=OuterRef("membership__nik"),
    )
    latest = Run.objects.filter(pemda_id=OuterRef("run__pemda_id"), status=Run.Status.DONE)
    latest_id = latest.order_by("-created_at", "-id").values("id")[:1]
    return (
        qs.filter(run_id=latest_id)
        .exclude(Exists(decided))
        .order_by("-score", "engagement__person__name", "id")
    )


def run_payload(run: Run) -> dict[str, Any]:
    """The JSON of a finished run, as the CLI and the API print it."""
    return {
        "run": run.pk,
        "pemda": run.pemda.code,
        "as_of": run.as_of.isoformat(),
        "status": run.status,
        "counts": {k: int(run.counts.get(k, 0)) for k in ALL_CATEGORIES},
        "iuran": {k: int(run.iuran.get(k, 0)) for k in ALL_CATEGORIES},
        "unpriced": int(run.stats.get("unpriced", 0)),
        "by_opd": [
            {
                "opd_code": e["opd_code"],
                "opd_name": e["opd_name"],
                "workers": e["workers"],
                **{k: e[k] for k in ALL_CATEGORIES},
                "coverage_pct": e["coverage_pct"],
                "unpriced": int(e.get("unpriced", 0)),
            }
            for e in run.by_opd
        ],
    }
