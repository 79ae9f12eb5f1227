"""Figures of the coverage dashboard and the records behind each of them.

Every figure is either a stored count of the run (reconciliation.queries.figures) or an
aggregate over `select(...)`; every list is `records(...)` over the same `select(...)`, so a
figure and its list cannot disagree (the property test checks it over generated data).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lindung.bpjs.models import Membership
from lindung.dashboards import rules
from lindung.dashboards.models import Target
from lindung.lib.dates import today
from lindung.reconciliation import queries as recon
from lindung.reconciliation.models import Result, Run
from lindung.reconciliation.rules import Category
from lindung.registry.access import WorkerScope
from lindung.registry.models import Engagement
from lindung.workforce import queries as workforce

# Statuses a list can ask for: a reconciliation category, or one of two unions of them.
WORKERS = "workers"
GAP = "gap"
REGISTERED = "tercover"  # BPJS's own count: registered and active
ENGAGEMENT_CATEGORIES = recon.ENGAGEMENT_CATEGORIES
GAP_CATEGORIES = tuple(c for c in ENGAGEMENT_CATEGORIES if c != Category.COVERED)
STATUS_LABELS: dict[str, Any] = {
    WORKERS: _("Semua pekerja aktif"),
    GAP: _("Belum terlindungi penuh"),
    REGISTERED: _("Tercover (hitungan BPJS)"),
    **{c.value: c.label for c in Category},
}
# The one line that tells the two coverage figures apart, wherever both are shown.
REGISTERED_VS_COVERED = _(
    "Tercover (hitungan BPJS): terdaftar dan aktif, berapa pun upah dan programnya. "
    "Terlindungi (Lindung): terdaftar aktif dengan upah yang benar dan semua program wajib."
)
KINDS = tuple(Engagement.Category)
CACHE_SECONDS = 24 * 3600  # keys carry the run, which never changes once done
TREND_MONTHS = 24


def status_categories(status: str) -> tuple[str, ...]:
    if status == WORKERS:
        return ENGAGEMENT_CATEGORIES
    if status == GAP:
        return GAP_CATEGORIES
    if status == REGISTERED:
        return recon.REGISTERED_CATEGORIES
    return (status,)


@dataclass(frozen=True)
class Selection:
    """Which records one figure counts."""

    status: str = WORKERS
    opd_id: int | None = None
    kind: str | None = None  # engagement category: honorer, kontrak, ...
    has_sk: bool | None = None

    def params(self) -> dict[str, str]:
        out = {"status": self.status}
        if self.opd_id is not None:
            out["opd"] = str(self.opd_id)
        if self.kind:
            out["jenis"] = self.kind
        if self.has_sk is not None:
            out["sk"] = "1" if self.has_sk else "0"
        return out


def select(qs: QuerySet[Result], sel: Selection) -> QuerySet[Result]:
    """The results counted by one figure (`qs` is already limited to the user's OPDs)."""
    cats = status_categories(sel.status)
    qs = qs.filter(category=cats[0]) if len(cats) == 1 else qs.filter(category__in=cats)
    if sel.opd_id is not None:
        qs = qs.filter(opd_id=sel.opd_id)
    if sel.kind:
        qs = qs.filter(engagement__category=sel.kind)
    if sel.has_sk is not None:
        qs = qs.filter(engagement__has_sk=sel.has_sk)
    return qs


def records(qs: QuerySet[Result], sel: Selection) -> QuerySet[Result]:
    """The list behind a figure, in a stable order (OPD, then NIK)."""
    return (
        select(qs, sel)
        .select_related("opd", "engagement__person", "membership")
        .order_by("opd__name", "nik", "id")
    )


def _scope_key(run: Run, scope: WorkerScope) -> str:
    opds = "all" if scope.opd_ids is None else ",".join(map(str, sorted(scope.opd_ids)))
    digest = hashlib.sha1(opds.encode(), usedforsecurity=False).hexdigest()[:12]
    done = run.finished_at.timestamp() if run.finished_at else 0
    return f"{run.pk}:{done:.0f}:{digest}"


@dataclass
class KindRow:
    kind: str
    label: Any
    has_sk: bool | None  # None: both
    workers: int
    covered: int

    @property
    def gap(self) -> int:
        return self.workers - self.covered

    @property
    def coverage_pct(self) -> float:
        return recon.coverage_pct(self.covered, self.workers)

    def selection(self, status: str, opd_id: int | None = None) -> Selection:
        return Selection(status, opd_id, self.kind or None, self.has_sk)


def by_kind(qs: QuerySet[Result], run: Run, scope: WorkerScope) -> list[KindRow]:
    """Workers and covered by engagement category and SK: one grouped query (cached per run).

    Rows: each category with SK, without SK, and its total; the last row is the grand total.
    """
    key = f"dash:kind:{_scope_key(run, scope)}"
    counts = cache.get(key)
    if counts is None:
        counts = [
            (r["engagement__category"], r["engagement__has_sk"], r["workers"], r["covered"])
            for r in select(qs, Selection(WORKERS))
            .order_by()
            .values("engagement__category", "engagement__has_sk")
            .annotate(
                workers=Count("id"),
                covered=Count("id", filter=Q(category=Category.COVERED)),
            )
        ]
        cache.set(key, counts, CACHE_SECONDS)
    table = {(k, sk): (w, c) for k, sk, w, c in counts}
    out = []
    for kind in KINDS:
        with_sk, without = (
            table.get((kind.value, True), (0, 0)),
            table.get((kind.value, False), (0, 0)),
        )
        if not with_sk[0] and not without[0]:
            continue
        for sk, (w, c) in ((True, with_sk), (False, without)):
            out.append(KindRow(kind.value, kind.label, sk, w, c))
        out.append(
            KindRow(kind.value, kind.label, None, with_sk[0] + without[0], with_sk[1] + without[1])
        )
    total_w = sum(w for _k, _s, w, _c in counts)
    total_c = sum(c for _k, _s, _w, c in counts)
    out.append(KindRow("", _("Semua jenis"), None, total_w, total_c))
    return out


@dataclass
class TrendPoint:
    run_id: int
    as_of: date
    workers: int
    covered: int
    registered: int = 0  # BPJS's "tercover"

    @property
    def coverage_pct(self) -> float:
        return recon.coverage_pct(self.covered, self.workers)

    @property
    def registered_pct(self) -> float:
        return recon.coverage_pct(self.registered, self.workers)

    @property
    def label(self) -> str:
        return f"{self.as_of:%m/%Y}"


def trend(run: Run, scope: WorkerScope) -> list[TrendPoint]:
    """Workers and covered by month across the Pemda's done runs (the last run of each month).

    One query, cached under the latest run: a new run makes a new key.
    """
    key = f"dash:trend2:{_scope_key(run, scope)}"
    cached = cache.get(key)
    if cached is not None:
        return list(cached)
    runs = Run.objects.filter(pemda_id=run.pemda_id, status=Run.Status.DONE).order_by()
    points: list[tuple[date, int, float]] = []
    facts: dict[int, tuple[int, int, int]] = {}
    if scope.opd_ids is None:
        for r in runs.only("id", "as_of", "counts"):
            workers = sum(int(r.counts.get(c, 0)) for c in ENGAGEMENT_CATEGORIES)
            registered = sum(int(r.counts.get(c, 0)) for c in recon.REGISTERED_CATEGORIES)
            facts[r.pk] = (workers, int(r.counts.get(Category.COVERED, 0)), registered)
            points.append((r.as_of, r.pk, 0.0))
    else:
        for r in runs.only("id", "as_of", "by_opd"):
            mine = [e for e in r.by_opd if e["opd_id"] in scope.opd_ids]
            facts[r.pk] = (
                sum(e["workers"] for e in mine),
                sum(e[Category.COVERED] for e in mine),
                sum(e[c] for e in mine for c in recon.REGISTERED_CATEGORIES),
            )
            points.append((r.as_of, r.pk, 0.0))
    chosen = rules.latest_per_month(points)[-TREND_MONTHS:]
    out = [TrendPoint(pk, day, *facts[pk]) for day, pk, _v in chosen]
    cache.set(key, out, CACHE_SECONDS)
    return out


SORTS = {
    "nama": lambda e: e["opd_name"].lower(),
    "pekerja": lambda e: e["workers"],
    "terlindungi": lambda e: e[Category.COVERED],
    "persen": lambda e: e["coverage_pct"],
    "kesenjangan": lambda e: e["gap"],
    "iuran": lambda e: e["gap_iuran"],
}


def opd_rows(
    by_opd: Iterable[dict[str, Any]], *, sort: str = "kesenjangan", desc: bool = True
) -> list[dict[str, Any]]:
    """The by-OPD table: each OPD with its gap and the monthly iuran to close it."""
    rows = []
    for e in by_opd:
        gap = e["workers"] - e[Category.COVERED]
        gap_iuran = sum(int(e.get(f"iuran_{c}", 0)) for c in ENGAGEMENT_CATEGORIES)
        rows.append({**e, "gap": gap, "gap_iuran": gap_iuran})
    key = SORTS.get(sort, SORTS["kesenjangan"])
    rows.sort(key=lambda e: e["opd_name"].lower())
    rows.sort(key=key, reverse=desc)  # stable: ties stay in name order
    return rows


@dataclass
class TargetRow:
    target: Target
    current: float | None
    progress: rules.Progress | None
    unit: str = ""


def measure_targets(
    targets: Iterable[Target],
    figures: recon.Figures | None,
    run: Run | None,
    points: list[TrendPoint],
) -> list[TargetRow]:
    """Each target with the figure it is measured by, the progress and the pace needed.

    One more query when a BPU target exists (active BPU participants in the current snapshot).
    """
    targets = list(targets)
    bpu: int | None = None
    if any(t.segment == Target.Segment.BPU for t in targets) and targets:
        bpu = Membership.objects.filter(
            pemda_id=targets[0].pemda_id,
            is_current=True,
            segment=Membership.Segment.BPU,
            status=Membership.Status.AKTIF,
        ).count()
    citywide = (
        workforce.citywide(targets[0].pemda)
        if any(t.segment in CITY_SEGMENTS for t in targets)
        else None
    )
    out = []
    for t in targets:
        trend_points: list[tuple[date, float]] = []
        current: float | None = None
        as_of = run.as_of if run else None
        if t.segment == Target.Segment.NON_ASN and figures is not None:
            if t.metric == Target.Metric.PERCENT:
                current = figures.coverage_pct
                trend_points = [(p.as_of, p.coverage_pct) for p in points]
            elif t.metric == Target.Metric.REGISTERED_PERCENT:
                current = figures.registered_pct
                trend_points = [(p.as_of, p.registered_pct) for p in points]
            else:
                current = float(figures.covered)
                trend_points = [(p.as_of, float(p.covered)) for p in points]
        elif t.segment == Target.Segment.BPU and bpu is not None:
            current, as_of = float(bpu), today()
        elif t.segment in CITY_SEGMENTS:
            current, as_of = _citywide_figure(t, citywide)
        if current is None or as_of is None:
            out.append(TargetRow(t, None, None))
            continue
        prog = rules.progress(
            target=float(t.value), current=current, as_of=as_of, due=t.due, trend=trend_points
        )
        out.append(TargetRow(t, current, prog, "" if t.metric == Target.Metric.COUNT else "%"))
    return out


CITY_SEGMENTS: dict[str, str] = {Target.Segment.CITY: "", Target.Segment.CITY_PU: "pu"}


def _citywide_figure(target: Target, citywide: Any) -> tuple[float | None, date | None]:
    """A city target's current value: participants (count) or coverage (percent)."""
    rows, total = citywide
    segment = CITY_SEGMENTS[target.segment]
    row = total if not segment else next(r for r in rows if r.segment == segment)
    if row.participants is None:
        return None, None
    if target.metric == Target.Metric.COUNT:
        return float(row.participants.people), row.participants.as_of
    return row.pct, row.participants.as_of


class Dashboard:
    """A run's figures as one user may see them; the parts are computed when first read.

    The page caches its rendered figures (see `cache_key`), so a warm request reads
    nothing but the run.
    """

    def __init__(
        self,
        run: Run,
        scope: WorkerScope,
        results: QuerySet[Result],
        *,
        sort: str = "kesenjangan",
        desc: bool = True,
    ) -> None:
        self.run, self.scope, self.results = run, scope, results
        self.sort, self.desc = sort, desc
        self.figures = recon.figures(run, scope)

    @property
    def cache_key(self) -> str:
        return f"{_scope_key(self.run, self.scope)}:{self.sort}:{int(self.desc)}"

    @cached_property
    def kinds(self) -> list[KindRow]:
        return by_kind(self.results, self.run, self.scope)

    @cached_property
    def points(self) -> list[TrendPoint]:
        return trend(self.run, self.scope)

    @cached_property
    def opds(self) -> list[dict[str, Any]]:
        return opd_rows(self.figures.by_opd, sort=self.sort, desc=self.desc)


def dashboard(
    run: Run,
    scope: WorkerScope,
    results: QuerySet[Result],
    *,
    sort: str = "kesenjangan",
    desc: bool = True,
) -> Dashboard:
    return Dashboard(run, scope, results, sort=sort, desc=desc)


# -- OPDs with and without participants ---------------------------------------------------

# "904 participants from 12 OPDs; 23 OPDs give none": what each OPD puts into BPJS.
PARTICIPATION = {
    "ada": _("OPD dengan peserta"),
    "belum": _("OPD tanpa peserta"),
    "tanpa-npp": _("OPD tanpa NPP"),
}


@dataclass(frozen=True)
class OpdParticipation:
    opd_id: int
    code: str
    name: str
    workers: int
    participants: int  # registered and active under the OPD, known to the city or not
    npp: str  # typed on the OPD, else linked through bpjs; "" when none


def participants_of(entry: dict[str, Any]) -> int:
    """Active BPJS participants under one OPD in a run: registered workers, whatever their wage
    and programs, plus members under its NPP the city does not list."""
    registered = sum(int(entry.get(c, 0)) for c in recon.REGISTERED_CATEGORIES)
    return registered + int(entry.get(Category.UNKNOWN_TO_CITY, 0))


def opd_participation(run: Run, opds: QuerySet[Any]) -> list[OpdParticipation]:
    """Every OPD in `opds` (the user's, already scoped) with its workers and participants in
    the run, and its NPP: one query for the OPDs, none for the figures (stored on the run)."""
    from lindung.bpjs.queries import npp_label, with_linked_npp

    by_opd = {e["opd_id"]: e for e in run.by_opd}
    out = []
    for opd in with_linked_npp(opds).order_by("name"):
        entry = by_opd.get(opd.pk, {})
        out.append(
            OpdParticipation(
                opd.pk,
                opd.code,
                opd.name,
                int(entry.get("workers", 0)),
                participants_of(entry),
                npp_label(opd),
            )  # fmt: skip
        )
    return out


def participation_filter(rows: list[OpdParticipation], which: str) -> list[OpdParticipation]:
    if which == "ada":
        return [r for r in rows if r.participants > 0]
    if which == "belum":
        return [r for r in rows if r.participants == 0]
    return [r for r in rows if not r.npp]


def participation_counts(rows: list[OpdParticipation]) -> dict[str, int]:
    """Each figure by its list's name, as templates read it ("tanpa-npp" -> "tanpa_npp")."""
    return {k.replace("-", "_"): len(participation_filter(rows, k)) for k in PARTICIPATION}
