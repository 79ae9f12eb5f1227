"""Cohort pages: thin views over the access helper, forms, services and queries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindung.accounts.http import AuthedHttpRequest
from lindung.cohorts import access, queries, services
from lindung.cohorts.forms import (
    ElectionCohortForm,
    ElectionMemberForm,
    ElectionRoleForm,
    InformalCohortForm,
    InformalMemberForm,
    SegmentTargetForm,
)
from lindung.lib.charts import bar_chart_svg
from lindung.lib.dates import today
from lindung.lib.forms import form_page, save_or_show
from lindung.registry.models import Pemda
from lindung.registry.tenancy import current_pemda
from lindung.rulebook.services import current_ruleset

PAGE_SIZE = 100


def _pemda(request: AuthedHttpRequest) -> Pemda:
    pemda = current_pemda(request)
    if pemda is None:
        raise PermissionDenied
    return pemda


def _year(request: AuthedHttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2015 <= int(raw) <= 2100 else today().year


@login_required
def cohort_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = access.cohort_scope(request.user)
    pemda = current_pemda(request)
    year = _year(request)
    elections = queries.election_cohorts_with_counts(
        access.election_cohorts_for_user(request.user).filter(pemda=pemda)
    )
    informals = list(
        queries.informal_cohorts_with_counts(
            access.informal_cohorts_for_user(request.user).filter(pemda=pemda)
        )
    )
    rules = current_ruleset()
    month = today()
    costs = {c.pk: queries.informal_cohort_cost(c, month=month, rules=rules) for c in informals}
    targets = queries.target_progress(pemda, year) if pemda is not None else []
    chart = None
    if targets:
        chart = mark_safe(  # noqa: S308 - built by bar_chart_svg, which escapes every text
            bar_chart_svg(
                title=_("Target dan peserta aktif per segmen"),
                categories=[t.label for t in targets],
                series=[
                    (_("Target"), [t.target for t in targets]),
                    (_("Terdaftar aktif"), [t.registered for t in targets]),
                ],
                height=260,
            )
        )
    return render(
        request,
        "cohorts/list.html",
        {
            "scope": scope,
            "elections": elections,
            "informals": [(c, costs[c.pk]) for c in informals],
            "targets": targets,
            "year": year,
            "chart": chart,
            "month": month,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_add(request: AuthedHttpRequest) -> HttpResponse:
    access.require_manager(request.user)
    pemda = _pemda(request)
    form = ElectionCohortForm(request.POST or None)
    made: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():

        def call() -> None:
            made["c"] = services.election_cohort_create(
                actor=request.user, pemda=pemda, **form.cleaned_data
            )

        if save_or_show(form, call):
            messages.success(request, _("Kohort dibuat. Isi honorarium per peran."))
            return redirect("coh-election-detail", cohort_id=made["c"].pk)
    return form_page(
        request, form, title=_("Tambah kohort panitia ad hoc"), back=reverse("coh-list")
    )


@login_required
def election_detail(request: AuthedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access.get_election_cohort_for_user(request.user, cohort_id)
    scope = access.cohort_scope(request.user)
    summary = queries.election_role_summary(cohort)
    members = queries.election_members_with_status(
        cohort.members.select_related("role").order_by("role__role", "name", "pk")
    )
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cohorts/election_detail.html",
        {
            "cohort": cohort,
            "scope": scope,
            "summary": summary,
            "total_members": sum(r["members"] for r in summary),
            "total_registered": sum(r["registered"] for r in summary),
            "total_cost": sum(r["term_total"] for r in summary),
            "page": page,
            "active": cohort.is_active_on(today()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_role(request: AuthedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access.get_election_cohort_for_user(request.user, cohort_id, manage=True)
    form = ElectionRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if save_or_show(
            form,
            lambda: services.election_role_set(
                actor=request.user, cohort=cohort, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Honorarium peran disimpan."))
            return redirect("coh-election-detail", cohort_id=cohort.pk)
    return form_page(
        request,
        form,
        title=_("Honorarium peran: %(name)s") % {"name": cohort},
        back=reverse("coh-election-detail", args=[cohort.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_member(request: AuthedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access.get_election_cohort_for_user(request.user, cohort_id, manage=True)
    form = ElectionMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if save_or_show(
            form,
            lambda: services.election_member_add(
                actor=request.user, cohort=cohort, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Anggota ditambahkan."))
            return redirect("coh-election-detail", cohort_id=cohort.pk)
    return form_page(
        request,
        form,
        title=_("Tambah anggota: %(name)s") % {"name": cohort},
        back=reverse("coh-election-detail", args=[cohort.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def informal_add(request: AuthedHttpRequest) -> HttpResponse:
    access.require_manager(request.user)
    pemda = _pemda(request)
    form = InformalCohortForm(request.POST or None)
    made: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():

        def call() -> None:
            made["c"] = services.informal_cohort_create(
                actor=request.user, pemda=pemda, **form.cleaned_data
            )

        if save_or_show(form, call):
            messages.success(request, _("Kohort pekerja informal dibuat."))
            return redirect("coh-informal-detail", cohort_id=made["c"].pk)
    return form_page(
        request, form, title=_("Tambah kohort pekerja informal"), back=reverse("coh-list")
    )


@login_required
def informal_detail(request: AuthedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access.get_informal_cohort_for_user(request.user, cohort_id)
    scope = access.cohort_scope(request.user)
    year = _year(request)
    month = today() if year == today().year else today().replace(year=year, day=1)
    cost = queries.informal_cohort_cost(cohort, month=month, year=year)
    members = queries.informal_members_with_status(cohort.members.order_by("name", "pk"))
    registered = members.filter(registered=True).count()  # type: ignore[misc]
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cohorts/informal_detail.html",
        {
            "cohort": cohort,
            "scope": scope,
            "cost": cost,
            "page": page,
            "registered": registered,
            "year": year,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def informal_member(request: AuthedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access.get_informal_cohort_for_user(request.user, cohort_id, manage=True)
    form = InformalMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if save_or_show(
            form,
            lambda: services.informal_member_add(
                actor=request.user, cohort=cohort, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Anggota ditambahkan."))
            return redirect("coh-informal-detail", cohort_id=cohort.pk)
    return form_page(
        request,
        form,
        title=_("Tambah anggota: %(name)s") % {"name": cohort.name},
        back=reverse("coh-informal-detail", args=[cohort.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_set(request: AuthedHttpRequest) -> HttpResponse:
    access.require_manager(request.user)
    pemda = _pemda(request)
    form = SegmentTargetForm(request.POST or None, initial={"year": today().year})
    if request.method == "POST" and form.is_valid():
        if save_or_show(
            form,
            lambda: services.segment_target_set(
                actor=request.user, pemda=pemda, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Target disimpan."))
            return redirect(f"{reverse('coh-list')}?year={form.cleaned_data['year']}")
    return form_page(request, form, title=_("Target per segmen"), back=reverse("coh-list"))
