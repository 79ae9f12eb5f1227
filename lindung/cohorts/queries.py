"""Reads over cohorts: registration status against the BPJS snapshot, costs, targets, panel.

Registration status is set-based: each member list is annotated with an EXISTS over the
current membership snapshot (lindung.bpjs.models.Membership, is_current, same Pemda, by
NIK), one query for the whole cohort; counts for many cohorts are one aggregate query. The
reconciliation reuses `election_members_with_status` and `informal_members_with_status`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from lindung.bpjs.models import Membership
from lindung.cohorts import costs
from lindung.cohorts.models import (
    ElectionCohort,
    ElectionMember,
    InformalCohort,
    InformalMember,
    Segment,
    SegmentTarget,
)
from lindung.lib.dates import today
from lindung.registry.models import Pemda
from lindung.rulebook.rules import RuleSet
from lindung.rulebook.services import current_ruleset


def _current(pemda_ref: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(
        pemda_id=pemda_ref,
        # An equality (not SQLite's bare boolean column) so that the (pemda, is_current, nik)
        # index serves the lookup: one index probe per member instead of a scan of the Pemda.
        is_current__in=[True],
        nik=OuterRef("nik"),
        status=Membership.Status.AKTIF,
    )


def election_registered() -> Exists:
    """An active current membership with both JKK and JKM, for an election member row."""
    return Exists(
        _current(OuterRef("cohort__pemda_id"))
        .filter(programs__contains="JKK")
        .filter(programs__contains="JKM")
    )


def informal_registered() -> Exists:
    """An active current BPU membership, for an informal member row."""
    return Exists(_current(OuterRef("cohort__pemda_id")).filter(segment=Membership.Segment.BPU))


def election_members_with_status(
    members: QuerySet[ElectionMember],
) -> QuerySet[ElectionMember]:
    """Members annotated `registered` (bool), in one query."""
    return members.annotate(registered=election_registered())


def informal_members_with_status(
    members: QuerySet[InformalMember],
) -> QuerySet[InformalMember]:
    return members.annotate(registered=informal_registered())


def election_cohorts_with_counts(qs: QuerySet[ElectionCohort]) -> list[ElectionCohort]:
    """Cohorts with member_count and registered_count set (two queries in all)."""
    members = election_members_with_status(ElectionMember.objects.filter(cohort__in=qs))
    return _with_counts(list(qs), members)


def informal_cohorts_with_counts(qs: QuerySet[InformalCohort]) -> list[InformalCohort]:
    members = informal_members_with_status(InformalMember.objects.filter(cohort__in=qs))
    return _with_counts(list(qs), members)


C = TypeVar("C", ElectionCohort, InformalCohort)


def _with_counts(cohorts: list[C], members: QuerySet[Any]) -> list[C]:
    """Count members and registered members per cohort in one grouped query."""
    counts = {
        row["cohort"]: (row["n"], row["r"])
        for row in members.order_by()
        .values("cohort")
        .annotate(n=Count("pk"), r=Count("pk", filter=Q(registered=True)))
    }
    for cohort in cohorts:
        members_n, registered_n = counts.get(cohort.pk, (0, 0))
        cohort.member_count = members_n  # type: ignore[union-attr,attr-defined]
        cohort.registered_count = registered_n  # type: ignore[union-attr,attr-defined]
    return cohorts


# -- costs -------------------------------------------------------------------------------------


def election_role_summary(
    cohort: ElectionCohort, rules: RuleSet | None = None
) -> list[dict[str, Any]]:
    """Per role: members, registered, honorarium, monthly and term cost (two queries)."""
    rules = rules or current_ruleset()
    roles = list(
        cohort.roles.annotate(
            member_count=Count("members", distinct=True),
        ).order_by("role")
    )
    registered = dict(
        election_members_with_status(cohort.members.all())
        .filter(registered=True)  # type: ignore[misc]
        .order_by()
        .values("role_id")
        .annotate(n=Count("pk"))
        .values_list("role_id", "n")
    )
    priced = costs.election_role_costs(
        rules,
        term_start=cohort.term_start,
        term_end=cohort.term_end,
        roles=[(r.role, r.honorarium, r.member_count, *r.term) for r in roles],  # type: ignore[attr-defined]
    )
    return [
        {
            "role": r,
            "label": r.get_role_display(),
            "members": c.members,
            "registered": registered.get(r.pk, 0),
            "honorarium": r.honorarium,
            "per_member_month": c.per_member_month,
            "term_total": c.term_total,
            "legal_basis": c.legal_basis,
            "term": r.term,
            "months": c.months,
            "own_term": r.term_start is not None,
        }
        for r, c in zip(roles, priced, strict=True)
    ]


def informal_cohort_cost(
    cohort: InformalCohort,
    *,
    month: date | None = None,
    year: int | None = None,
    rules: RuleSet | None = None,
) -> costs.InformalCost:
    month = month or today()
    incomes = cohort.members.values_list("declared_income", flat=True)
    return costs.informal_cost(
        rules or current_ruleset(),
        incomes=list(incomes),
        sector=cohort.sector,
        funding=cohort.funding,
        month=month,
        year=year or month.year,
    )


# -- targets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetProgress:
    segment: str
    label: str
    year: int
    target: int
    members: int
    registered: int

    @property
    def progress(self) -> float:
        """Registered and active members as a share of the target (may exceed 1)."""
        return self.registered / self.target if self.target else 0.0

    @property
    def progress_pct(self) -> float:
        """The progress in percent, for the page's one-decimal format."""
        return self.progress * 100

    @property
    def gap(self) -> int:
        return max(self.target - self.registered, 0)


def segment_counts(pemda: Pemda) -> dict[str, tuple[int, int]]:
    """{segment: (distinct members, distinct registered members)} in one query."""
    rows = (
        informal_members_with_status(InformalMember.objects.filter(cohort__pemda=pemda))
        .order_by()
        .values("cohort__segment")
        .annotate(
            members=Count("nik", distinct=True),
            registered_n=Count("nik", distinct=True, filter=Q(registered=True)),
        )
    )
    return {r["cohort__segment"]: (r["members"], r["registered_n"]) for r in rows}


def target_progress(pemda: Pemda, year: int) -> list[TargetProgress]:
    counts = segment_counts(pemda)
    labels = dict(Segment.choices)
    return [
        TargetProgress(
            segment=t.segment,
            label=str(labels[t.segment]),
            year=t.year,
            target=t.target,
            members=counts.get(t.segment, (0, 0))[0],
            registered=counts.get(t.segment, (0, 0))[1],
        )
        for t in SegmentTarget.objects.filter(pemda=pemda, year=year).order_by("segment")
    ]


def election_members_on_duty(pemda: Pemda, day: date) -> int:
    """Members whose role's term (its own, or else the cohort's) covers the day."""
    own = Q(role__term_start__lte=day, role__term_end__gte=day)
    cohorts = Q(
        role__term_start__isnull=True, cohort__term_start__lte=day, cohort__term_end__gte=day
    )
    return ElectionMember.objects.filter(cohort__pemda=pemda).filter(own | cohorts).count()


# -- dashboard panel ---------------------------------------------------------------------------


def cohorts_panel(pemda: Pemda, *, day: date | None = None) -> dict[str, Any]:
    """Election staff and informal cohorts of a Pemda for the coverage dashboard and rakor.

    Keys: election {cohorts, members, registered, active_members, term_cost, url},
    informal {cohorts, members, registered, month_cost, by_segment: {segment: {label,
    members, registered}}, url}, targets [{segment, label, target, registered, progress}],
    year.
    """
    day = day or today()
    rules = current_ruleset()
    elections = list(election_cohorts_with_counts(ElectionCohort.objects.filter(pemda=pemda)))
    term_cost = sum(
        row["term_total"] for c in elections for row in election_role_summary(c, rules)
    )
    informals = list(informal_cohorts_with_counts(InformalCohort.objects.filter(pemda=pemda)))
    month_cost = sum(
        informal_cohort_cost(c, month=day, rules=rules).month_total for c in informals
    )
    labels = dict(Segment.choices)
    by_segment = {
        segment: {"label": str(labels[segment]), "members": m, "registered": r}
        for segment, (m, r) in sorted(segment_counts(pemda).items())
    }
    url = reverse("coh-list")
    return {
        "year": day.year,
        "election": {
            "cohorts": len(elections),
            "members": sum(c.member_count for c in elections),  # type: ignore[attr-defined]
            "registered": sum(c.registered_count for c in elections),  # type: ignore[attr-defined]
            "active_members": election_members_on_duty(pemda, day),
            "term_cost": term_cost,
            "url": url,
        },
        "informal": {
            "cohorts": len(informals),
            "members": sum(v["members"] for v in by_segment.values()),
            "registered": sum(v["registered"] for v in by_segment.values()),
            "month_cost": month_cost,
            "by_segment": by_segment,
            "url": url,
        },
        "targets": [
            {
                "segment": t.segment,
                "label": t.label,
                "target": t.target,
                "registered": t.registered,
                "progress": t.progress,
            }
            for t in target_progress(pemda, day.year)
        ],
    }
