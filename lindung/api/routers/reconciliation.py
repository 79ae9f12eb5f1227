"""Reconciliation over the API: runs, their counts and records, the review decisions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from lindung.api.errors import FormInvalid
from lindung.api.pagination import Listing, PageNumbers
from lindung.lib.dates import today
from lindung.lib.nik import mask_nik
from lindung.reconciliation import access, queries, services, tasks
from lindung.reconciliation.models import Run
from lindung.reconciliation.queries import run_payload
from lindung.reconciliation.rules import Category, Params
from lindung.registry import access as registry_access

router = Router(tags=["reconciliation"])


class RunIn(Schema):
    pemda: str = ""
    as_of: date | None = None
    tolerance: int = Params.tolerance
    unpaid_months: int = Params.unpaid_months
    threshold: float = Params.threshold


class DecisionIn(Schema):
    accepted: bool


def _run_out(run: Run, user: Any) -> dict[str, Any]:
    payload = run_payload(run)
    scope = registry_access.worker_scope(user)
    if scope.opd_ids is not None:  # an Operator OPD sees their OPDs' figures only
        shown = queries.figures(run, scope)
        payload["counts"] = shown.counts
        payload["iuran"] = shown.iuran
        payload["unpriced"] = shown.unpriced
        codes = {e["opd_code"] for e in shown.by_opd}
        payload["by_opd"] = [e for e in payload["by_opd"] if e["opd_code"] in codes]
    payload["message"] = run.message
    return payload


@router.get("/reconciliation/runs")
def run_list(request: HttpRequest, pemda: str = "") -> list[dict[str, Any]]:
    runs = access.runs_for_user(request.user)  # type: ignore[arg-type]
    if pemda:
        runs = runs.filter(pemda__code=pemda)
    scope = registry_access.worker_scope(request.user)  # type: ignore[arg-type]
    return [
        {"run": r.pk, "pemda": r.pemda.code, "as_of": r.as_of.isoformat(), "status": r.status,
         "counts": queries.figures(r, scope).counts}
        for r in runs.order_by("-created_at", "-id")[:100]
    ]  # fmt: skip


@router.post("/reconciliation/runs", response={202: dict})
def run_start(request: HttpRequest, payload: RunIn) -> tuple[int, dict[str, Any]]:
    """Start a run; it executes in the background. Poll GET /reconciliation/runs/{run}."""
    user: Any = request.user
    if not access.can_run(user):
        raise PermissionDenied
    pemdas = registry_access.pemdas_for_user(user)
    target = pemdas.filter(code=payload.pemda).first() if payload.pemda else None
    target = target or (user.pemda if user.pemda_id else None)
    if target is None:
        raise FormInvalid({"pemda": ["Kode Pemda wajib diisi."]})
    params = Params(payload.tolerance, payload.unpaid_months, payload.threshold)
    try:
        run = services.run_create(
            pemda=target, as_of=payload.as_of or today(), user=user, params=params
        )
    except services.ReconcileError as exc:
        raise FormInvalid({exc.field: [exc.message]}) from None
    tasks.start_run(run)
    return 202, _run_out(run, user)


@router.get("/reconciliation/runs/{run_id}")
def run_detail(request: HttpRequest, run_id: int) -> dict[str, Any]:
    run, _scope = access.get_run_for_user(request.user, run_id)  # type: ignore[arg-type]
    return _run_out(services.run_refresh(run), request.user)


class RunRecordOut(Schema):
    nik: str
    name: str
    opd_code: str | None
    category: str
    city_wage: int | None
    reported_wage: int | None
    missing_programs: str
    months_unpaid: int | None
    iuran: int | None


@router.get("/reconciliation/runs/{run_id}/records", response=list[RunRecordOut])
@paginate(PageNumbers)
def run_records(request: HttpRequest, run_id: int, category: str, opd: str = "") -> Listing:
    """The records behind one figure; `count` equals that figure."""
    user: Any = request.user
    run, scope = access.get_run_for_user(user, run_id)
    if category not in Category.values:
        raise FormInvalid({"category": [f"Pilihan: {', '.join(Category.values)}."]})
    opd_id = None
    if opd:
        found = registry_access.opds_for_user(user).filter(pemda=run.pemda, code=opd).first()
        if found is None:
            raise Http404
        opd_id = found.pk
    qs = queries.records(access.results_for_user(user, run), category=category, opd_id=opd_id)
    return Listing(
        qs,
        lambda r: {
            "nik": mask_nik(r.nik) if scope.masked else r.nik,
            "name": r.name,
            "opd_code": r.opd.code if r.opd is not None else None,
            "category": r.category,
            "city_wage": None if scope.masked else r.city_wage,
            "reported_wage": None if scope.masked else r.reported_wage,
            "missing_programs": r.missing_programs,
            "months_unpaid": r.months_unpaid,
            "iuran": None if scope.masked else r.iuran,
        },
    )


@router.get("/reconciliation/candidates")
def candidate_list(request: HttpRequest, pemda: str = "") -> list[dict[str, Any]]:
    """Pending pairs of each Pemda's latest run (Admin Pemda, Petugas BPJS)."""
    qs = queries.pending(access.candidates_for_user(request.user))  # type: ignore[arg-type]
    if pemda:
        qs = qs.filter(run__pemda__code=pemda)
    out = []
    for c in qs[:500]:
        person, member = c.engagement.person, c.membership
        out.append({
            "id": c.pk, "run": c.run_id, "score": c.score, "reasons": c.reasons,
            "city": {"nik": person.nik, "name": person.name, "birth_date": person.birth_date,
                     "opd_code": c.engagement.opd.code},
            "bpjs": {"nik": member.nik, "name": member.name, "birth_date": member.birth_date,
                     "npp": member.npp, "kpj": member.kpj},
        })  # fmt: skip
    return out


@router.post("/reconciliation/candidates/{candidate_id}/decision")
def candidate_decide(
    request: HttpRequest, candidate_id: int, payload: DecisionIn
) -> dict[str, Any]:
    user: Any = request.user
    candidate = access.get_candidate_for_user(user, candidate_id)
    decision = services.candidate_decide(candidate=candidate, accepted=payload.accepted, user=user)
    return {
        "candidate": candidate.pk,
        "city_nik": decision.city_nik,
        "member_nik": decision.member_nik,
        "accepted": decision.accepted,
        "decided_by": user.username,
        "decided_at": decision.decided_at.isoformat(),
    }
