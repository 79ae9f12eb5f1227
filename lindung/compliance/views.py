"""Compliance pages: thin views over the access helpers, forms and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lindung.accounts.http import AuthedHttpRequest
from lindung.accounts.services import client_key_create, credential_revoke
from lindung.audit import services as audit
from lindung.compliance import access, letters, queries, rules, services
from lindung.compliance.forms import (
    BusinessForm,
    ClientKeyForm,
    FigureForm,
    FilterForm,
    LetterheadForm,
    LetterTemplateForm,
    PermitSearchForm,
    StepForm,
    UmkForm,
)
from lindung.compliance.labels import labelled_findings
from lindung.compliance.models import (
    Business,
    FindingStep,
    PermitCheck,
    Umk,
)
from lindung.lib.dates import today
from lindung.lib.forms import form_page
from lindung.registry.models import Pemda
from lindung.registry.tenancy import current_pemda

PAGE_SIZE = 50


def _pemda(request: AuthedHttpRequest) -> Pemda:
    pemda = current_pemda(request)
    if pemda is None:
        raise PermissionDenied
    return pemda


def _try(form: Any, call: Any) -> Any:
    """Run a service; put its validation errors back on the form (None when refused)."""
    try:
        return call()
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@login_required
def business_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = access.compliance_scope(request.user)
    pemda = _pemda(request)
    qs = access.businesses_for_user(request.user).filter(pemda=pemda)
    form = FilterForm(
        request.GET or None,
        kecamatan=queries.kecamatan_choices(pemda),
        sectors=queries.sector_choices(pemda),
    )
    params = form.cleaned_data if form.is_valid() else {}
    qs = queries.with_workflow(queries.filter_businesses(qs, params)).order_by(
        "-overdue", "status", "name"
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "compliance/business_list.html",
        {"page": page, "form": form, "scope": scope, "query": query.urlencode()},
    )


@login_required
def business_detail(request: AuthedHttpRequest, business_id: int) -> HttpResponse:
    scope = access.compliance_scope(request.user)
    business = access.get_business_for_user(request.user, business_id)
    steps = FindingStep.objects.select_related("by").order_by("on", "pk")
    findings = list(
        business.findings.prefetch_related(Prefetch("steps", queryset=steps)).order_by(  # type: ignore[arg-type]
            "-since", "kind"
        )
    )
    day = today()
    figures = business.figures.order_by("-on", "-pk")
    newest = rules.newest(f.as_rule() for f in figures)
    return render(
        request,
        "compliance/business_detail.html",
        {
            "business": business,
            "scope": scope,
            "figures": figures,
            "newest": newest,
            "employers": business.employers.order_by("npp", "divisi"),
            "letter_refusal": services.letter_refusal(business.pk),
            "findings": findings,
            "overdue": {f.pk for f in findings if f.is_overdue(day)},
            "step_form": StepForm(),
        },
    )


@login_required
def business_add(request: AuthedHttpRequest) -> HttpResponse:
    access.require_editor(request.user)
    pemda = _pemda(request)
    form = BusinessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        business = _try(
            form,
            lambda: services.business_create(actor=request.user, pemda=pemda, **form.cleaned_data),
        )
        if business is not None:
            messages.success(request, _("Badan usaha disimpan."))
            return redirect("cmp-business", business_id=business.pk)
    return form_page(request, form, title=_("Tambah badan usaha"), back=reverse("cmp-list"))


@login_required
def business_edit(request: AuthedHttpRequest, business_id: int) -> HttpResponse:
    business = access.get_business_for_user(request.user, business_id, write=True)
    form = BusinessForm(request.POST or None, instance=Business.objects.get(pk=business.pk))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "nib"}
        if _try(form, lambda: services.business_update(actor=request.user, business=business,
                                                       **data)):  # fmt: skip
            messages.success(request, _("Data badan usaha diubah."))
            return redirect("cmp-business", business_id=business.pk)
    title = _("Ubah %(name)s") % {"name": business.name}
    return form_page(request, form, title=title, back=reverse("cmp-list"))


@login_required
def figure_add(request: AuthedHttpRequest, business_id: int) -> HttpResponse:
    business = access.get_business_for_user(request.user, business_id, write=True)
    form = FigureForm(request.POST or None, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        if _try(form, lambda: services.figure_add(actor=request.user, business=business,
                                                  **form.cleaned_data)):  # fmt: skip
            messages.success(request, _("Angka pekerja dicatat; temuan dihitung ulang."))
            return redirect("cmp-business", business_id=business.pk)
    title = _("Catat angka pekerja %(name)s") % {"name": business.name}
    return form_page(request, form, title=title, back=reverse("cmp-list"))


@login_required
def finding_detail(request: AuthedHttpRequest, finding_id: int) -> HttpResponse:
    """A finding with its steps; POST takes the next workflow step (Disnaker, Admin)."""
    write = request.method == "POST"
    finding = access.get_finding_for_user(request.user, finding_id, write=write)
    scope = access.compliance_scope(request.user)
    form = StepForm(request.POST or None)
    field: Any = form.fields["stage"]
    field.choices = [(s, label) for s, label in field.choices if s in finding.next_stages]
    if write and form.is_valid():
        step = _try(
            form,
            lambda: services.finding_step(
                actor=request.user,
                finding=finding,
                stage=form.cleaned_data["stage"],
                note=form.cleaned_data["note"],
            ),
        )
        if step is not None:
            messages.success(
                request, _("Langkah dicatat: %(s)s.") % {"s": step.get_stage_display()}
            )
            return redirect("cmp-business", business_id=finding.business_id)
    return render(
        request,
        "compliance/finding.html",
        {
            "finding": finding,
            "steps": finding.steps.select_related("by").order_by("on", "pk"),
            "form": form,
            "scope": scope,
            "overdue": finding.is_overdue(today()),
        },
    )


@login_required
def letter(request: AuthedHttpRequest, step_id: int) -> HttpResponse:
    step = access.get_step_for_user(request.user, step_id)
    if step.stage not in services.LETTER_STAGES or not step.letter_number:
        raise PermissionDenied
    refusal = (
        services.letter_refusal(step.finding.business_id)
        if step.stage in services.WARNING_STAGES
        else ""
    )
    if refusal:
        messages.error(request, refusal)
        return redirect("cmp-finding", finding_id=step.finding_id)
    response = HttpResponse(letters.letter_pdf(step), content_type="application/pdf")
    name = f"surat-{step.stage}-{step.finding.business.nib}-{step.pk}.pdf"
    audit.record(request.user, audit.Kind.LETTER, name, pemda_id=step.finding.pemda_id)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def umk(request: AuthedHttpRequest) -> HttpResponse:
    access.require_umk_setter(request.user)
    pemda = _pemda(request)
    form = UmkForm(request.POST or None, initial={"year": today().year})
    if request.method == "POST" and form.is_valid():
        if _try(form, lambda: services.umk_set(actor=request.user, pemda=pemda,
                                               **form.cleaned_data)):  # fmt: skip
            messages.success(request, _("UMK disimpan; temuan dihitung ulang."))
            return redirect("cmp-umk")
    return render(
        request,
        "compliance/umk.html",
        {"form": form, "rows": Umk.objects.filter(pemda=pemda).order_by("-year")},
    )


@login_required
def letter_settings(request: AuthedHttpRequest) -> HttpResponse:
    access.require_editor(request.user)
    pemda = _pemda(request)
    head = letters.letterhead_for(pemda)
    stage = request.GET.get("tahap") or rules.TEGURAN_1
    if stage not in letters.DEFAULTS:
        stage = rules.TEGURAN_1
    subject, body = letters.template_for(pemda.pk, stage)
    head_form = LetterheadForm(
        request.POST if request.POST.get("part") == "head" else None,
        instance=head,
        prefix="head",
    )
    text_form = LetterTemplateForm(
        request.POST if request.POST.get("part") == "text" else None,
        initial={"subject": subject, "body": body},
        prefix="text",
    )
    if request.method == "POST":
        if head_form.is_bound and head_form.is_valid():
            data = {f: head_form.cleaned_data[f] for f in head_form.fields}
            services.letterhead_update(actor=request.user, pemda=pemda, **data)
            messages.success(request, _("Kop surat disimpan."))
            return redirect("cmp-letters")
        if text_form.is_bound and text_form.is_valid():
            services.letter_template_update(
                actor=request.user, pemda=pemda, stage=stage, **text_form.cleaned_data
            )
            messages.success(request, _("Templat surat disimpan."))
            return redirect(f"{request.path}?tahap={stage}")
    return render(
        request,
        "compliance/letters.html",
        {
            "head_form": head_form,
            "text_form": text_form,
            "stage": stage,
            "stages": [(s, letters.DEFAULTS[s][0]) for s in letters.DEFAULTS],
        },
    )


@login_required
def permit_log(request: AuthedHttpRequest) -> HttpResponse:
    pemda = _pemda(request)
    qs = access.permit_checks_for_user(request.user).filter(pemda=pemda)
    qs = qs.select_related("api_key", "user", "business").order_by("-checked_at", "-pk")
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "compliance/permit_log.html", {"page": page})


@login_required
def panel(request: AuthedHttpRequest) -> HttpResponse:
    access.compliance_scope(request.user)
    data = queries.compliance_panel(_pemda(request))
    return render(request, "compliance/panel.html", {"panel": data})


@login_required
def permit_search(request: AuthedHttpRequest) -> HttpResponse:
    """The Perizinan desk: one NIB in, yes/no out, logged like an API check."""
    access.require_permit_checker(request.user)
    pemda = _pemda(request)
    form = PermitSearchForm(request.GET or None)
    answer = None
    if form.is_valid():
        answer = services.permit_check(
            pemda_id=pemda.pk,
            nib=form.cleaned_data["nib"],
            channel=PermitCheck.Channel.WEB,
            user=request.user,
        )
    findings = labelled_findings(answer["findings"]) if answer else []
    return render(
        request,
        "compliance/permit_search.html",
        {"form": form, "answer": answer, "findings": findings},
    )


@never_cache  # the page that shows a new key once must not be kept by any cache
@login_required
def client_keys(request: AuthedHttpRequest) -> HttpResponse:
    """The Pemda's permit-check client keys: list, create (the key shown once here)."""
    keys = access.client_keys_for_user(request.user)
    pemda = _pemda(request)
    form = ClientKeyForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        created = _try(form, lambda: client_key_create(pemda=pemda, actor=request.user,
                                                       **form.cleaned_data))  # fmt: skip
        if created is not None:
            form = ClientKeyForm()
    context = {
        "form": form,
        "keys": keys.filter(pemda=pemda).select_related("created_by"),
        "new_key": created[0] if created else None,
        "raw_key": created[1] if created else None,
    }
    return render(request, "compliance/client_keys.html", context)


@require_POST
@login_required
def client_key_revoke(request: AuthedHttpRequest, key_id: int) -> HttpResponse:
    key = access.get_client_key_for_user(request.user, key_id)
    try:
        credential_revoke(credential=key, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Kunci %(name)s dicabut.") % {"name": key.name})
    return redirect("cmp-client-keys")
