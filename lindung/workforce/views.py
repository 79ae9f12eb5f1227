"""City-wide coverage pages: thin views over the access helper, forms, services and queries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindung.accounts.http import AuthedHttpRequest
from lindung.lib.forms import form_page, save_or_show
from lindung.reconciliation import queries as recon
from lindung.registry.access import can_read_workers, worker_scope
from lindung.registry.models import Pemda
from lindung.registry.tenancy import current_pemda
from lindung.workforce import access, queries, services
from lindung.workforce.forms import FigureForm

TITLES = {
    "workforce": _("Isi jumlah pekerja kota (penyebut)"),
    "bpjs": _("Isi total peserta aktif BPJS di kota"),
}


def _pemda(request: AuthedHttpRequest) -> Pemda:
    pemda = current_pemda(request)
    if pemda is None:
        raise PermissionDenied
    return pemda


@login_required
def citywide(request: AuthedHttpRequest) -> HttpResponse:
    scope = access.citywide_scope(request.user)
    pemda = _pemda(request)
    table = queries.citywide_table(pemda)
    run = recon.latest_done(pemda.pk)
    # Disnaker reads city figures but not the Pemda's worker registry.
    own = (
        recon.figures(run, worker_scope(request.user))
        if run and can_read_workers(request.user)
        else None
    )
    return render(
        request,
        "workforce/citywide.html",
        {
            "pemda": pemda,
            "scope": scope,
            **table,
            "run": run,
            "own": own,
            "entries": [(e._meta.verbose_name, e) for e in queries.history(pemda)[:50]],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def figure_add(request: AuthedHttpRequest, kind: str) -> HttpResponse:
    scope = access.citywide_scope(request.user)
    allowed = scope.can_enter_workforce if kind == "workforce" else scope.can_enter_bpjs
    if not allowed:
        raise PermissionDenied
    pemda = _pemda(request)
    form = FigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if save_or_show(
            form,
            lambda: services.figure_set(
                actor=request.user, pemda=pemda, kind=kind, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Angka disimpan."))
            return redirect("wf-citywide")
    return form_page(request, form, title=str(TITLES[kind]), back=reverse("wf-citywide"))
