"""Registry pages: thin views over access helpers, forms and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindung.accounts.http import AuthedHttpRequest
from lindung.audit import services as audit
from lindung.bpjs.queries import with_linked_npp
from lindung.lib.dates import today
from lindung.lib.forms import form_page, save_or_show
from lindung.lib.xlsx import workbook_bytes
from lindung.registry import access, services
from lindung.registry.forms import (
    EngagementEndForm,
    EngagementForm,
    OpdForm,
    PersonForm,
    WorkerAddForm,
    WorkerFilterForm,
    current_values,
)
from lindung.registry.lookups import SearchRefused, worker_search
from lindung.registry.models import Opd
from lindung.registry.queries import (
    filter_engagements,
    opds_with_counts,
    person_history,
    worker_export_headers,
    worker_export_rows,
)
from lindung.registry.tenancy import current_pemda

PAGE_SIZE = 50


def _form_page(
    request: AuthedHttpRequest, form: Any, *, title: str, back: str, **extra: Any
) -> HttpResponse:
    """A form page whose Cancel goes back to the named registry page."""
    return form_page(request, form, title=title, back=reverse(back), **extra)


def _edit_page(
    request: AuthedHttpRequest,
    form: Any,
    save: Any,
    *,
    done: str,
    redirect_to: HttpResponse,
    title: str,
    default_reason: str = "",
) -> HttpResponse:
    """The edit pattern: validate the form, call the service with its data and a reason."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("code", None)  # identifiers are not edited in place
        reason = data.pop("reason") or default_reason
        if save_or_show(form, lambda: save(actor=request.user, reason=reason, **data)):
            messages.success(request, done)
            return redirect_to
    return _form_page(request, form, title=title, back="reg-opd-list")


@login_required
def opd_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = access.worker_scope(request.user)
    opds = access.opds_for_user(request.user)
    pemda = current_pemda(request)
    if pemda is not None:
        opds = opds.filter(pemda=pemda)
    rows = list(with_linked_npp(opds_with_counts(opds, today())).order_by("name"))
    return render(
        request,
        "registry/opd_list.html",
        {
            "opds": rows,
            "total": sum(o.active_workers for o in rows),  # type: ignore[attr-defined]
            "total_sk": sum(o.sk_workers for o in rows),  # type: ignore[attr-defined]
            "scope": scope,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def opd_add(request: AuthedHttpRequest) -> HttpResponse:
    scope = access.worker_scope(request.user)
    pemda = current_pemda(request)
    if not scope.can_manage_opds or pemda is None:
        raise PermissionDenied
    form = OpdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reason = data.pop("reason")
        if save_or_show(
            form,
            lambda: services.opd_create(actor=request.user, pemda=pemda, reason=reason, **data),
        ):
            messages.success(request, _("OPD %(name)s ditambahkan.") % {"name": data["name"]})
            return redirect("reg-opd-list")
    return _form_page(request, form, title=_("Tambah OPD"), back="reg-opd-list")


@login_required
@require_http_methods(["GET", "POST"])
def opd_edit(request: AuthedHttpRequest, opd_id: int) -> HttpResponse:
    opd = access.get_opd_for_user(request.user, opd_id, manage=True)
    form = OpdForm(request.POST or None, initial=current_values(opd, OpdForm))
    form.fields["code"].disabled = True
    return _edit_page(
        request,
        form,
        lambda **kw: services.opd_update(opd=opd, **kw),
        done=_("Data OPD disimpan."),
        redirect_to=redirect("reg-worker-list", opd_id=opd.pk),
        title=_("Ubah OPD %(name)s") % {"name": opd.name},
        default_reason=_("Data OPD diubah"),
    )


def _worker_query(request: AuthedHttpRequest, opd: Opd) -> tuple[WorkerFilterForm, Any]:
    """The worker list of an OPD as filtered in the page; the export uses the same query."""
    filters = WorkerFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    qs = access.engagements_for_user(request.user).filter(opd=opd)
    try:
        search = worker_search(
            request.user, access.worker_scope(request.user), params.get("q", ""),
            prefix="person__", source="web",
        )  # fmt: skip
    except SearchRefused as exc:
        filters.add_error("q", exc.message)
        qs, search = qs.none(), Q()
    qs = filter_engagements(
        qs,
        day=today(),
        search=search,
        category=params.get("category", ""),
        sk=params.get("sk", ""),
        status=params.get("status", "") or "aktif",
    ).select_related("person")
    return filters, qs


@login_required
def worker_list(request: AuthedHttpRequest, opd_id: int) -> HttpResponse:
    opd = access.get_opd_for_user(request.user, opd_id)
    scope = access.worker_scope(request.user)
    filters, qs = _worker_query(request, opd)
    page = Paginator(qs.order_by("person__name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/worker_list.html",
        {
            "opd": opd,
            "page": page,
            "filters": filters,
            "scope": scope,
            "query": query.urlencode(),
            "today": today(),
        },
    )


@login_required
def worker_export(request: AuthedHttpRequest, opd_id: int) -> HttpResponse:
    """The filtered worker list as XLSX; masked for roles that do not need identities."""
    opd = access.get_opd_for_user(request.user, opd_id)
    scope = access.worker_scope(request.user)
    _filters, qs = _worker_query(request, opd)
    data = workbook_bytes(
        title=opd.code,
        headers=worker_export_headers(masked=scope.masked),
        rows=worker_export_rows(qs.order_by("person__name", "pk"), masked=scope.masked),
        text_columns={0},
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"pekerja-{opd.code}-{today():%Y%m%d}.xlsx"
    audit.record(
        request.user,
        audit.Kind.WORKERS,
        name,
        pemda_id=opd.pemda_id,
        opd_id=opd.pk,
        masked=scope.masked,
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def worker_add(request: AuthedHttpRequest, opd_id: int) -> HttpResponse:
    opd = access.get_opd_for_user(request.user, opd_id, write=True)
    # Today is the likely start of a worker added by hand; a blank start is accepted (unknown).
    form = WorkerAddForm(request.POST or None, initial={"start_date": today()})
    if request.method == "POST" and form.is_valid():
        result: dict[str, Any] = {}

        def call() -> None:
            result["engagement"] = services.worker_add(
                actor=request.user, opd=opd, **form.cleaned_data
            )

        if save_or_show(form, call):
            for warning in form.nik_warnings():
                messages.warning(request, warning)
            engagement = result["engagement"]
            messages.success(
                request,
                _("%(name)s ditambahkan ke %(opd)s.")
                % {"name": engagement.person.name, "opd": opd.name},
            )
            return redirect("reg-person-detail", person_id=engagement.person_id)
    return _form_page(
        request,
        form,
        title=_("Tambah pekerja di %(opd)s") % {"opd": opd.name},
        back="reg-opd-list",
    )


@login_required
@require_http_methods(["GET", "POST"])
def engagement_edit(request: AuthedHttpRequest, engagement_id: int) -> HttpResponse:
    eng = access.get_engagement_for_user(request.user, engagement_id, write=True)
    return _edit_page(
        request,
        EngagementForm(request.POST or None, initial=current_values(eng, EngagementForm)),
        lambda **kw: services.engagement_update(engagement=eng, **kw),
        done=_("Penugasan disimpan."),
        redirect_to=redirect("reg-person-detail", person_id=eng.person_id),
        title=_("Ubah penugasan %(name)s di %(opd)s")
        % {"name": eng.person.name, "opd": eng.opd.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def engagement_end(request: AuthedHttpRequest, engagement_id: int) -> HttpResponse:
    eng = access.get_engagement_for_user(request.user, engagement_id, write=True)
    form = EngagementEndForm(request.POST or None, engagement=eng, initial={"end_date": today()})
    if request.method == "POST" and form.is_valid():
        if save_or_show(
            form,
            lambda: services.engagement_end(
                actor=request.user,
                engagement=eng,
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
            ),
        ):
            messages.success(
                request, _("Penugasan %(name)s diakhiri.") % {"name": eng.person.name}
            )
            return redirect("reg-person-detail", person_id=eng.person_id)
    return _form_page(
        request,
        form,
        title=_("Akhiri penugasan %(name)s di %(opd)s")
        % {"name": eng.person.name, "opd": eng.opd.name},
        back="reg-opd-list",
        danger=True,
    )


@login_required
def person_detail(request: AuthedHttpRequest, person_id: int) -> HttpResponse:
    person = access.get_person_for_user(request.user, person_id)
    scope = access.worker_scope(request.user)
    engagements = list(
        access.engagements_for_user(request.user)
        .filter(person=person)
        .select_related("opd")
        .order_by(F("start_date").desc(nulls_last=True), "-pk")
    )
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "engagements": engagements,
            "history": person_history(person, engagements, scope.masked),
            "scope": scope,
            "today": today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthedHttpRequest, person_id: int) -> HttpResponse:
    person = access.get_person_for_user(request.user, person_id, write=True)
    return _edit_page(
        request,
        PersonForm(request.POST or None, initial=current_values(person, PersonForm)),
        lambda **kw: services.person_update(person=person, **kw),
        done=_("Data pribadi disimpan."),
        redirect_to=redirect("reg-person-detail", person_id=person.pk),
        title=_("Ubah data %(name)s") % {"name": person.name},
    )
