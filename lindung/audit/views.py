"""The Pemda's audit log: a filtered, paginated page and its XLSX export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from lindung.accounts.http import AuthedHttpRequest
from lindung.audit import access, queries
from lindung.audit import services as audit
from lindung.audit.forms import AuditFilterForm
from lindung.lib.dates import today
from lindung.lib.xlsx import XLSX_TYPE, workbook_bytes
from lindung.registry.models import Pemda
from lindung.registry.tenancy import current_pemda

PAGE_SIZE = 50


def _log(request: AuthedHttpRequest) -> tuple[Pemda, bool, AuditFilterForm]:
    masked = access.audit_scope(request.user)
    pemda = current_pemda(request)
    if pemda is None:
        raise Http404
    return pemda, masked, AuditFilterForm(request.GET or None, pemda=pemda)


@login_required
def audit_log(request: AuthedHttpRequest) -> HttpResponse:
    pemda, masked, form = _log(request)
    rows: Any = []  # a filter with errors shows its errors and no rows
    if not form.is_bound or form.is_valid():
        filters = form.filters(pemda) if form.is_bound else queries.Filters(pemda_id=pemda.pk)
        rows = queries.entries(filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "pemda": pemda,
            "form": form,
            "page": page,
            "entries": queries.present(page.object_list, masked=masked),
            "query": query.urlencode(),
        },
    )


@login_required
def audit_export(request: AuthedHttpRequest) -> HttpResponse:
    pemda, masked, form = _log(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("Filter log audit tidak sah."))
    filters = form.filters(pemda) if form.is_bound else queries.Filters(pemda_id=pemda.pk)
    entries = queries.present(queries.entries(filters), masked=masked)
    data = workbook_bytes(
        title=_("Log audit"),
        headers=[_("Waktu"), _("Pengguna"), _("Jenis"), _("Apa"), _("Keterangan"), "OPD"],
        rows=(
            (localtime(e.at).replace(tzinfo=None), e.user, e.kind, e.what, e.note, e.opd)
            for e in entries
        ),
        text_columns={1, 3, 4, 5},
    )
    name = f"log-audit-{pemda.code}-{today():%Y%m%d}.xlsx"
    audit.record(request.user, audit.Kind.AUDIT, name, pemda_id=pemda.pk, masked=masked)
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
