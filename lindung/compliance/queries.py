"""Reads for the compliance pages and the summary panel (annotated queries, no row loops)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, Substr

from lindung.compliance import rules
from lindung.compliance.models import Business, Finding, Status
from lindung.lib.dates import today
from lindung.registry.models import Pemda

_UNPROTECTED = Case(
    When(
        reported_workers__gt=F("bpjs_workers"),
        then=F("reported_workers") - F("bpjs_workers"),
    ),
    default=0,
    output_field=IntegerField(),
)


def _overdue(day: date) -> Q:
    return Q(stage__in=rules.ACTIVE_STAGES, deadline__lt=day)


def with_workflow(qs: QuerySet[Business], day: date | None = None) -> QuerySet[Business]:
    """Each business with its unprotected workers, next deadline and an overdue flag."""
    day = day or today()
    active = Finding.objects.filter(business=OuterRef("pk"), stage__in=rules.ACTIVE_STAGES)
    return qs.annotate(
        unprotected=_UNPROTECTED,
        overdue=Exists(active.filter(deadline__lt=day)),
        next_deadline=Min("findings__deadline", filter=Q(findings__stage__in=rules.ACTIVE_STAGES)),
    )


def filter_businesses(qs: QuerySet[Business], params: dict[str, Any]) -> QuerySet[Business]:
    """The list filters: kecamatan, sector (KBLI division), status, stage, overdue, text."""
    if params.get("kecamatan"):
        qs = qs.filter(kecamatan=params["kecamatan"])
    if params.get("sector"):
        qs = qs.filter(kbli__startswith=params["sector"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("stage"):
        qs = qs.filter(
            Exists(Finding.objects.filter(business=OuterRef("pk"), stage=params["stage"]))
        )
    if params.get("kind"):
        qs = qs.filter(
            Exists(
                Finding.objects.filter(
                    business=OuterRef("pk"), kind=params["kind"], stage__in=rules.ACTIVE_STAGES
                )
            )
        )
    if params.get("overdue"):
        qs = qs.filter(Exists(Finding.objects.filter(_overdue(today()), business=OuterRef("pk"))))
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(nib__startswith=q) | Q(name__icontains=q))
    return qs


def kecamatan_choices(pemda: Pemda | None) -> list[str]:
    qs = Business.objects.all() if pemda is None else Business.objects.filter(pemda=pemda)
    return list(
        qs.exclude(kecamatan="")
        .order_by("kecamatan")
        .values_list("kecamatan", flat=True)
        .distinct()
    )


def sector_choices(pemda: Pemda | None) -> list[tuple[str, str]]:
    qs = Business.objects.all() if pemda is None else Business.objects.filter(pemda=pemda)
    divisions = (
        qs.exclude(kbli="")
        .annotate(d=Substr("kbli", 1, 2))
        .order_by("d")
        .values_list("d", flat=True)
    )
    return [(d, f"{d} {rules.sector_label(d)}") for d in divisions.distinct()]


def compliance_panel(pemda: Pemda) -> dict[str, Any]:
    """The compliance summary of one Pemda, for its page and the coverage dashboard.

    Businesses by status and sector, workers reported to other sources against BPJS
    actives (per business, never negative), active findings by kind, the workflow by
    stage and the overdue steps. Four queries.
    """
    day = today()
    businesses = Business.objects.filter(pemda=pemda)
    totals = businesses.aggregate(
        total=Count("pk"),
        compliant=Count("pk", filter=Q(status=Status.COMPLIANT)),
        non_compliant=Count("pk", filter=Q(status=Status.NON_COMPLIANT)),
        unknown=Count("pk", filter=Q(status=Status.UNKNOWN)),
        reported=Coalesce(Sum("reported_workers"), 0),
        bpjs=Coalesce(Sum("bpjs_workers", filter=Q(reported_workers__isnull=False)), 0),
        unprotected=Coalesce(Sum(_UNPROTECTED), 0),
    )
    sectors = (
        businesses.annotate(division=Substr("kbli", 1, 2))
        .values("division")
        .annotate(
            total=Count("pk"),
            non_compliant=Count("pk", filter=Q(status=Status.NON_COMPLIANT)),
            unprotected=Coalesce(Sum(_UNPROTECTED), 0),
        )
        .order_by("-total", "division")
    )
    findings = Finding.objects.filter(pemda=pemda)
    by_kind = dict(
        findings.filter(stage__in=rules.ACTIVE_STAGES)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    stages = findings.aggregate(
        **{stage: Count("pk", filter=Q(stage=stage)) for stage in rules.STAGES},
        overdue=Count("pk", filter=_overdue(day)),
        iuran_open=Coalesce(Sum("iuran", filter=Q(stage__in=rules.ACTIVE_STAGES)), 0),
    )
    return {
        "pemda": pemda.code,
        "businesses": totals["total"],
        "by_status": {
            rules.COMPLIANT: totals["compliant"],
            rules.NON_COMPLIANT: totals["non_compliant"],
            rules.UNKNOWN: totals["unknown"],
        },
        "by_sector": [
            {
                "division": s["division"] or "",
                "label": rules.sector_label(s["division"] or ""),
                "total": s["total"],
                "non_compliant": s["non_compliant"],
                "unprotected": s["unprotected"],
            }
            for s in sectors
        ],
        "workers_reported": totals["reported"],
        "workers_bpjs": totals["bpjs"],
        "workers_unprotected": totals["unprotected"],
        "findings_by_kind": {kind: by_kind.get(kind, 0) for kind in rules.KINDS},
        "workflow": {stage: stages[stage] for stage in rules.STAGES},
        "overdue": stages["overdue"],
        "iuran_open": stages["iuran_open"],
    }
