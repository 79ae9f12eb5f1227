"""The one review queue of employer links, filtered by what they link to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.http import AuthedHttpRequest
from lindung.bpjs import access, queries, services
from lindung.bpjs.forms import LinkDecisionForm
from lindung.bpjs.models import Kind
from lindung.compliance.models import Business
from lindung.registry.models import Opd
from lindung.registry.tenancy import current_pemda

PAGE_SIZE = 50


def _kind(request: AuthedHttpRequest) -> str:
    """The kind asked in ?jenis=, else the first the user may review (403 if none)."""
    allowed = access.reviewable_kinds(request.user)
    asked = queries.KIND_PARAMS.get(request.GET.get("jenis") or request.POST.get("jenis") or "")
    kind = asked or (allowed[0] if allowed else None)
    if kind is None or kind not in allowed:
        raise PermissionDenied
    return kind


def _queue_url(kind: str) -> str:
    return f"{reverse('bpjs-links')}?jenis={queries.PARAM_OF_KIND[kind]}"


def _opds(pemda_id: int) -> QuerySet[Opd]:
    return Opd.objects.filter(pemda_id=pemda_id).order_by("name")


@login_required
def link_queue(request: AuthedHttpRequest) -> HttpResponse:
    kind = _kind(request)
    pemda = current_pemda(request)
    if pemda is None:
        raise PermissionDenied
    qs = queries.review_queue(access.employers_for_user(request.user, kind), kind, pemda.pk)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "bpjs/links.html",
        {
            "page": page,
            "kind": kind,
            "param": queries.PARAM_OF_KIND[kind],
            "query": f"jenis={queries.PARAM_OF_KIND[kind]}",
            "tabs": [
                (queries.PARAM_OF_KIND[k], Kind(k).label, k == kind)
                for k in access.reviewable_kinds(request.user)
            ],  # fmt: skip
            "opds": list(_opds(pemda.pk)) if kind == Kind.OPD else [],
        },
    )


@login_required
@require_POST
def link_decide(request: AuthedHttpRequest, employer_id: int) -> HttpResponse:
    kind = _kind(request)
    employer = access.get_employer_for_user(request.user, employer_id, kind)
    form = LinkDecisionForm(request.POST, opds=_opds(employer.pemda_id))
    if form.is_valid():
        data = form.cleaned_data
        opd, business = data["opd"], None
        if data["nib"].strip():
            business = Business.objects.filter(
                pemda_id=employer.pemda_id, nib=data["nib"].strip()
            ).first()
            if business is None:
                messages.error(request, _("NIB tidak ditemukan di Pemda ini."))
                return redirect(_queue_url(kind))
        try:
            services.employer_link_decide(
                actor=request.user, employer=employer, accept=data["decision"] == "confirm",
                opd=opd, business=business,
            )  # fmt: skip
        except ValidationError as refused:
            for text in refused.messages:
                messages.error(request, text)
        else:
            messages.success(
                request, _("Tautan NPP %(npp)s disimpan.") % {"npp": employer.npp_label}
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect(_queue_url(kind))


def redirect_to_queue(kind: str):  # type: ignore[no-untyped-def]
    """A view for an old review URL: the queue of the same kind."""

    def view(request: HttpRequest, **_ids: int) -> HttpResponse:
        return redirect(_queue_url(kind))

    return login_required(view)
