"""Project pages: thin views over the access helper, forms, services and queries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindung.accounts.http import AuthedHttpRequest
from lindung.lib.dates import today
from lindung.lib.formatting import rupiah
from lindung.lib.forms import form_page, save_or_show
from lindung.projects import access, services
from lindung.projects.forms import (
    GateForm,
    PaymentForm,
    ProjectForm,
    RegistrationForm,
    TerminForm,
)
from lindung.projects.models import Project
from lindung.projects.queries import (
    STATUS_LABELS,
    Context,
    contractor_compliance,
    overdue,
    project_facts,
    with_totals,
)
from lindung.registry.models import Opd
from lindung.registry.tenancy import current_pemda


def _projects(request: AuthedHttpRequest) -> QuerySet[Project]:
    qs = access.projects_for_user(request.user)
    pemda = current_pemda(request)
    return qs.filter(pemda=pemda) if pemda is not None else qs.none()


@login_required
def project_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = access.project_scope(request.user)
    facts = project_facts(_projects(request).order_by("-spk_date", "name"))
    status = request.GET.get("status", "")
    if status in STATUS_LABELS:
        facts = [f for f in facts if f.status == status]
    return render(
        request,
        "projects/list.html",
        {
            "facts": facts,
            "scope": scope,
            "statuses": STATUS_LABELS,
            "status": status,
        },
    )


@login_required
def project_overdue(request: AuthedHttpRequest) -> HttpResponse:
    access.project_scope(request.user)
    facts = overdue(_projects(request).order_by("spk_date", "name"))
    return render(request, "projects/overdue.html", {"facts": facts, "today": today()})


def _opds(request: AuthedHttpRequest) -> QuerySet[Opd]:
    scope = access.project_scope(request.user)
    pemda = current_pemda(request)
    qs = Opd.objects.filter(pemda=pemda) if pemda is not None else Opd.objects.none()
    if scope.opd_ids is not None:
        qs = qs.filter(pk__in=scope.opd_ids)
    return qs.order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def project_add(request: AuthedHttpRequest) -> HttpResponse:
    scope = access.project_scope(request.user)
    if not scope.can_manage:
        raise PermissionDenied
    form = ProjectForm(request.POST or None, opds=_opds(request))
    created: dict[str, Project] = {}
    if request.method == "POST" and form.is_valid():

        def call() -> None:
            created["project"] = services.project_create(actor=request.user, **form.cleaned_data)

        if save_or_show(form, call):
            messages.success(request, _("Proyek dicatat. Tambahkan jadwal terminnya."))
            return redirect("prj-detail", project_id=created["project"].pk)
    return form_page(request, form, title=_("Tambah proyek"), back=reverse("prj-list"))


@login_required
def project_detail(request: AuthedHttpRequest, project_id: int) -> HttpResponse:
    project = access.get_project_for_user(request.user, project_id)
    scope = access.project_scope(request.user)
    context = Context()
    facts = context.facts(with_totals(Project.objects.filter(pk=project.pk)).get())
    termins = list(project.termins.order_by("number"))
    # An unpriced project (see Facts.problem) has no stages to gate on.
    gates = {t.number: context.gate(facts, t.number) for t in termins if not facts.problem}
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "facts": facts,
            "scope": scope,
            "termins": [
                (t, int(t.percent * project.contract_value / 100), gates.get(t.number))
                for t in termins
            ],
            "payments": list(project.payments.order_by("paid_on", "pk")),
            "contractor": contractor_compliance(project, request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def termin_add(request: AuthedHttpRequest, project_id: int) -> HttpResponse:
    project = access.get_project_for_user(request.user, project_id, manage=True)
    form = TerminForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if save_or_show(
            form,
            lambda: services.termin_add(actor=request.user, project=project, **form.cleaned_data),
        ):
            messages.success(request, _("Termin ditambahkan."))
            return redirect("prj-detail", project_id=project.pk)
    return form_page(
        request,
        form,
        title=_("Tambah termin: %(name)s") % {"name": project.name},
        back=reverse("prj-detail", args=[project.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_register(request: AuthedHttpRequest, project_id: int) -> HttpResponse:
    """Record the BPJS registration; once recorded, this page corrects it (with a reason)."""
    project = access.get_project_for_user(request.user, project_id, record=True)
    correcting = project.registered_on is not None
    form = RegistrationForm(
        request.POST or None,
        correcting=correcting,
        initial={
            "registration_number": project.registration_number,
            "registered_on": project.registered_on or today(),
        },
    )
    if request.method == "POST" and form.is_valid():
        if save_or_show(
            form,
            lambda: services.project_register(
                actor=request.user, project=project, **form.cleaned_data
            ),
        ):
            if correcting:
                messages.success(request, _("Koreksi pendaftaran BPJS dicatat."))
            else:
                messages.success(request, _("Pendaftaran BPJS dicatat."))
            return redirect("prj-detail", project_id=project.pk)
    if correcting:
        title = _("Koreksi pendaftaran: %(name)s") % {"name": project.name}
        intro = _(
            "Proyek ini sudah terdaftar di BPJS Ketenagakerjaan. Ubah hanya untuk membetulkan "
            "salah catat; alasan koreksi dicatat di riwayat proyek."
        )
    else:
        title = _("Catat pendaftaran BPJS: %(name)s") % {"name": project.name}
        intro = ""
    return form_page(
        request, form, title=title, intro=intro, back=reverse("prj-detail", args=[project.pk])
    )


@login_required
@require_http_methods(["GET", "POST"])
def payment_add(request: AuthedHttpRequest, project_id: int) -> HttpResponse:
    project = access.get_project_for_user(request.user, project_id, record=True)
    form = PaymentForm(request.POST or None, initial={"paid_on": today()})
    if request.method == "POST" and form.is_valid():
        if save_or_show(
            form,
            lambda: services.payment_record(
                actor=request.user, project=project, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Pembayaran iuran dicatat."))
            return redirect("prj-detail", project_id=project.pk)
        if form.needs_confirmation():
            form.reveal()
    facts = Context().facts(with_totals(Project.objects.filter(pk=project.pk)).get())
    intro = (
        ""
        if facts.problem
        else _("Sisa iuran: %(left)s dari %(total)s.")
        % {
            "left": rupiah(facts.outstanding),
            "total": rupiah(facts.iuran_total),
        }
    )
    return form_page(
        request,
        form,
        title=_("Catat pembayaran iuran: %(name)s") % {"name": project.name},
        intro=intro,
        back=reverse("prj-detail", args=[project.pk]),
    )


@login_required
def termin_gate(request: AuthedHttpRequest, project_id: int) -> HttpResponse:
    project = access.get_project_for_user(request.user, project_id)
    context = Context()
    facts = context.facts(with_totals(Project.objects.filter(pk=project.pk)).get())
    form = GateForm(request.GET or None, termins=facts.termin_count)
    if facts.problem:
        form.add_error(None, facts.problem)
    result = context.gate(facts, form.cleaned_data["termin"]) if form.is_valid() else None
    return render(
        request,
        "projects/gate.html",
        {
            "project": project,
            "facts": facts,
            "form": form,
            "result": result,
            "termin_numbers": range(1, facts.termin_count + 1),
        },
    )
