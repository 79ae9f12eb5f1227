"""Reconciliation pages: thin views over access helpers, forms, services and queries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lindung.accounts.http import AuthedHttpRequest
from lindung.audit import services as audit
from lindung.lib.xlsx import XLSX_TYPE
from lindung.reconciliation import access, exports, queries, services, tasks
from lindung.reconciliation.forms import DecisionForm, RecordFilterForm, RunForm
from lindung.reconciliation.models import Run
from lindung.reconciliation.rules import ACTIONS, Category, marked_digits
from lindung.registry.access import opds_for_user, worker_scope
from lindung.registry.tenancy import current_pemda

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def run_list(request: AuthedHttpRequest) -> HttpResponse:
    runs = access.runs_for_user(request.user)
    pemda = current_pemda(request)
    if pemda is not None:
        runs = runs.filter(pemda=pemda)
    can_run = access.can_run(request.user) and pemda is not None
    form = RunForm(request.POST or None)
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        if form.is_valid():
            try:
                run = services.run_create(
                    pemda=pemda,  # type: ignore[arg-type]
                    as_of=form.cleaned_data["as_of"],
                    user=request.user,
                    params=form.params(),
                )
            except services.ReconcileError as exc:
                form.add_error(None, exc.message)
            else:
                tasks.start_run(run)
                return redirect("rec-run-detail", run.pk)
    page = Paginator(runs.order_by("-created_at", "-id"), 20).get_page(request.GET.get("page"))
    pending = 0
    if access.can_run(request.user):
        pending = queries.pending(access.candidates_for_user(request.user)).count()
    return render(
        request,
        "reconciliation/run_list.html",
        {
            "page": page,
            "rows": queries.with_deltas(list(page), worker_scope(request.user)),
            "form": form,
            "can_run": can_run,
            "can_link": access.can_link(request.user),
            "pending": pending,
            "categories": list(Category),
        },
    )


@login_required
def run_detail(request: AuthedHttpRequest, run_id: int) -> HttpResponse:
    run, scope = access.get_run_for_user(request.user, run_id)
    run = services.run_refresh(run)
    context = {"run": run, "scope": scope, "categories": list(Category), "actions": ACTIONS}
    if run.status == Run.Status.DONE:
        figures = queries.figures(run, scope)
        before = queries.previous_run(run)
        if before is not None:
            shown = queries.figures(before, scope)
            figures.deltas = {k: figures.counts[k] - shown.counts[k] for k in figures.counts}
        context.update(figures=figures, previous=before)
    return render(request, "reconciliation/run_detail.html", context)


def _records(request: AuthedHttpRequest, run_id: int):  # type: ignore[no-untyped-def]
    run, scope = access.get_run_for_user(request.user, run_id)
    if run.status != Run.Status.DONE:
        raise Http404
    form = RecordFilterForm(request.GET, opds=opds_for_user(request.user).filter(pemda=run.pemda))
    if not form.is_valid():
        raise Http404
    category, opd = form.cleaned_data["kategori"], form.cleaned_data["opd"]
    previous = queries.previous_run(run) if form.cleaned_data["baru"] else None
    qs = queries.records(
        access.results_for_user(request.user, run),
        category=category,
        opd_id=opd.pk if opd else None,
        new_since=previous,
    )
    return run, scope, category, opd, qs, previous


@login_required
def record_list(request: AuthedHttpRequest, run_id: int) -> HttpResponse:
    run, scope, category, opd, qs, previous = _records(request, run_id)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reconciliation/records.html",
        {
            "run": run,
            "scope": scope,
            "category": Category(category),
            "action": ACTIONS.get(Category(category)),
            "opd": opd,
            "new_since": previous,
            "page": page,
            "query": query.urlencode(),
        },
    )


@login_required
def record_export(request: AuthedHttpRequest, run_id: int) -> HttpResponse:
    run, scope, category, opd, qs, _previous = _records(request, run_id)
    name, data = exports.action_list(run, qs, category=category, masked=scope.masked)
    audit.record(
        request.user,
        audit.Kind.ACTIONS,
        name,
        pemda_id=run.pemda_id,
        opd_id=opd.pk if opd else None,
        masked=scope.masked,
    )
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def review(request: AuthedHttpRequest) -> HttpResponse:
    qs = queries.pending(access.candidates_for_user(request.user))
    pemda = current_pemda(request)
    if pemda is not None:
        qs = qs.filter(run__pemda=pemda)
    total = qs.count()
    candidate = qs.first()
    digits = {}
    if candidate is not None:
        city, member = candidate.engagement.person.nik, candidate.membership.nik
        digits = {"city": marked_digits(city, member), "bpjs": marked_digits(member, city)}
    return render(
        request,
        "reconciliation/review.html",
        {"candidate": candidate, "total": total, "form": DecisionForm(), "digits": digits},
    )


@login_required
@require_POST
def decide(request: AuthedHttpRequest, candidate_id: int) -> HttpResponse:
    candidate = access.get_candidate_for_user(request.user, candidate_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        accepted = form.cleaned_data["decision"] == "accept"
        services.candidate_decide(candidate=candidate, accepted=accepted, user=request.user)
        messages.success(
            request,
            _("Dicatat: sama, berlaku pada rekonsiliasi berikutnya.")
            if accepted
            else _("Dicatat: bukan orang yang sama."),
        )
    return redirect("rec-review")
