"""Dashboard pages: thin views over access helpers, forms, services and queries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from lindung.accounts.http import AuthedHttpRequest
from lindung.audit import services as audit
from lindung.bpjs.models import Membership
from lindung.dashboards import access, charts, exports, panels, queries, services, tasks
from lindung.dashboards.forms import ReportForm, SelectionForm, TargetForm
from lindung.dashboards.models import Report
from lindung.lib.xlsx import XLSX_TYPE
from lindung.reconciliation import access as recon_access
from lindung.reconciliation import queries as recon
from lindung.reconciliation.models import Run
from lindung.registry.access import opds_for_user
from lindung.registry.models import Engagement, Pemda
from lindung.registry.tenancy import current_pemda
from lindung.workforce import queries as workforce

PAGE_SIZE = 50
SORT_COLUMNS = [
    ("nama", _lazy("OPD"), False),
    ("pekerja", _lazy("Pekerja"), True),
    ("terlindungi", _lazy("Terlindungi"), True),
    ("persen", "%", True),
    ("kesenjangan", _lazy("Belum terlindungi"), True),
    ("iuran", _lazy("Iuran per bulan untuk menutup kesenjangan"), True),
]


def _pemda(request: AuthedHttpRequest) -> Pemda:
    pemda = current_pemda(request)
    if pemda is None:
        raise Http404
    return pemda


def _next_step(pemda: Pemda) -> str:
    """What to do before the first dashboard: import workers, memberships, or reconcile."""
    if not Engagement.objects.filter(pemda=pemda).exists():
        return "workers"
    if not Membership.objects.filter(pemda=pemda, is_current=True).exists():
        return "memberships"
    return "reconcile"


@login_required
def dashboard(request: AuthedHttpRequest) -> HttpResponse:
    scope = access.dashboard_scope(request.user)
    pemda = _pemda(request)
    run = recon.latest_done(pemda.pk)
    context: dict[str, Any] = {"pemda": pemda, "scope": scope, "run": run}
    if run is None:
        context["next_step"] = _next_step(pemda)
        context["can_run"] = recon_access.can_run(request.user)
        return render(request, "dashboards/dashboard.html", context)
    sort = request.GET.get("urut", "kesenjangan")
    sort = sort if sort in queries.SORTS else "kesenjangan"
    desc = request.GET.get("arah", "turun") != "naik"
    dash = queries.dashboard(
        run, scope, recon_access.results_for_user(request.user, run), sort=sort, desc=desc
    )
    whole = scope.opd_ids is None
    shown_panels = panels.collect(pemda) if whole else []
    context.update(
        dash=dash,
        figures=dash.figures,
        registered_vs_covered=queries.REGISTERED_VS_COVERED,
        sort=sort,
        desc=desc,
        charts=charts.LazyCharts(dash),
        categories=[(c, dash.figures.counts[c], dash.figures.iuran[c]) for c in recon.Category],
        sort_columns=SORT_COLUMNS,
        targets=_targets(request, pemda, dash) if whole else [],
        panels=shown_panels,
        groups=panels.all_groups(dash.figures.workers, dash.figures.covered, shown_panels)
        if whole
        else [],
        citywide=workforce.citywide_table(pemda) if whole else None,
        participation=queries.participation_counts(
            queries.opd_participation(run, opds_for_user(request.user).filter(pemda=pemda))
        ),
        can_set_targets=access.can_set_targets(request.user),
        can_report=access.can_report(request.user),
        report_form=ReportForm(),
    )
    return render(request, "dashboards/dashboard.html", context)


def _targets(request: AuthedHttpRequest, pemda: Pemda, dash: queries.Dashboard) -> Any:
    targets = list(access.targets_for_user(request.user).filter(pemda=pemda))
    if not targets:
        return []
    return queries.measure_targets(targets, dash.figures, dash.run, dash.points)


def _selection(request: AuthedHttpRequest) -> tuple[Run, Any, queries.Selection, Any, Any]:
    """The run (?run=ID, else the latest of the user's Pemda) and the records asked for."""
    scope = access.dashboard_scope(request.user)
    run_id = request.GET.get("run", "")
    if run_id:
        if not run_id.isdigit():
            raise Http404
        run, scope = recon_access.get_run_for_user(request.user, int(run_id))
        if run.status != Run.Status.DONE:
            raise Http404
    else:
        latest = recon.latest_done(_pemda(request).pk)
        if latest is None:
            raise Http404
        run = latest
    form = SelectionForm(request.GET, opds=opds_for_user(request.user).filter(pemda=run.pemda_id))
    if not form.is_valid():
        raise Http404
    sel = form.selection()
    qs = queries.records(recon_access.results_for_user(request.user, run), sel)
    return run, scope, sel, form.cleaned_data["opd"], qs


@login_required
def record_list(request: AuthedHttpRequest) -> HttpResponse:
    run, scope, sel, opd, qs = _selection(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboards/records.html",
        {
            "run": run,
            "scope": scope,
            "sel": sel,
            "title": exports.title(sel, opd),
            "opd": opd,
            "page": page,
            "query": query.urlencode(),
        },
    )


@login_required
def opd_list(request: AuthedHttpRequest) -> HttpResponse:
    """The OPDs behind one participation figure: with participants, without, without NPP."""
    scope = access.dashboard_scope(request.user)
    pemda = _pemda(request)
    which = request.GET.get("peserta", "")
    if which not in queries.PARTICIPATION:
        raise Http404
    run = recon.latest_done(pemda.pk)
    if run is None:
        raise Http404
    rows = queries.opd_participation(run, opds_for_user(request.user).filter(pemda=pemda))
    return render(
        request,
        "dashboards/opds.html",
        {
            "run": run,
            "scope": scope,
            "title": queries.PARTICIPATION[which],
            "which": which,
            "rows": queries.participation_filter(rows, which),
        },
    )


@login_required
def record_export(request: AuthedHttpRequest) -> HttpResponse:
    run, scope, sel, opd, qs = _selection(request)
    name, data = exports.records_workbook(run, qs, sel=sel, opd=opd, masked=scope.masked)
    audit.record(
        request.user,
        audit.Kind.RECORDS,
        name,
        pemda_id=run.pemda_id,
        opd_id=opd.pk if opd else None,
        masked=scope.masked,
    )
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: AuthedHttpRequest) -> HttpResponse:
    scope = access.dashboard_scope(request.user)
    if scope.opd_ids is not None:
        raise PermissionDenied
    pemda = _pemda(request)
    can_set = access.can_set_targets(request.user)
    form = TargetForm(request.POST or None)
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            services.target_create(
                pemda=pemda,
                segment=d["segment"],
                metric=d["metric"],
                value=d["value"],
                due=d["due"],
                label=d["label"],
                user=request.user,
            )
            messages.success(request, _("Target disimpan."))
            return redirect("dash-targets")
    run = recon.latest_done(pemda.pk)
    figures = recon.figures(run, scope) if run else None
    points = queries.trend(run, scope) if run else []
    rows = queries.measure_targets(
        access.targets_for_user(request.user).filter(pemda=pemda), figures, run, points
    )
    return render(
        request,
        "dashboards/targets.html",
        {"rows": rows, "form": form, "can_set": can_set, "run": run, "pemda": pemda},
    )


@login_required
@require_POST
def target_delete(request: AuthedHttpRequest, target_id: int) -> HttpResponse:
    target = access.get_target_for_user(request.user, target_id, write=True)
    services.target_delete(target=target, user=request.user)
    messages.success(request, _("Target dihapus."))
    return redirect("dash-targets")


@login_required
@require_POST
def report_create(request: AuthedHttpRequest) -> HttpResponse:
    if not access.can_report(request.user):
        raise PermissionDenied
    pemda = _pemda(request)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih format laporan: PDF atau XLSX."))
        return redirect("dash-home")
    if recon.latest_done(pemda.pk) is None:
        messages.error(
            request, _("Belum ada rekonsiliasi yang selesai; laporan belum bisa dibuat.")
        )
        return redirect("dash-home")
    report = services.report_create(
        pemda=pemda, format=form.cleaned_data["format"], user=request.user
    )
    tasks.start_report(report)
    return redirect("dash-report", report.pk)


@login_required
def report_list(request: AuthedHttpRequest) -> HttpResponse:
    """Earlier rakor reports of the Pemda; each file is kept and downloads again."""
    pemda = _pemda(request)
    reports = (
        access.reports_for_user(request.user)
        .filter(pemda=pemda)
        .defer("content")
        .select_related("created_by")
        .annotate(stored=ExpressionWrapper(Q(content__isnull=False), BooleanField()))
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboards/report_list.html",
        {"pemda": pemda, "page": page, "query": ""},
    )


@login_required
def report_detail(request: AuthedHttpRequest, report_id: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, report_id)
    return render(request, "dashboards/report.html", {"report": report})


@login_required
def report_download(request: AuthedHttpRequest, report_id: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, report_id)
    if report.status != Report.Status.DONE or report.content is None:
        raise Http404
    kind = "application/pdf" if report.format == Report.Format.PDF else XLSX_TYPE
    response = HttpResponse(bytes(report.content), content_type=kind)
    audit.record(request.user, audit.Kind.REPORT, report.filename, pemda_id=report.pemda_id)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    return response
