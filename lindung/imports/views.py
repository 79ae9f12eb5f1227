"""Import pages: upload, progress, column mapping, preview, commit, downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.http import AuthedHttpRequest
from lindung.audit import services as audit
from lindung.imports import access, control, reports, services
from lindung.imports.forms import (
    CommitForm,
    MappingForm,
    OpdChoiceForm,
    UploadForm,
    upload_initial,
)
from lindung.imports.models import ImportBatch, ImportRow
from lindung.lib.xlsx import XLSX_TYPE
from lindung.registry.models import Engagement
from lindung.registry.tenancy import current_pemda


@login_required
def batch_list(request: AuthedHttpRequest) -> HttpResponse:
    kinds = access.kinds_for_user(request.user)
    if not kinds:
        raise PermissionDenied
    pemda = current_pemda(request)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        kinds=kinds,
        pemda=pemda,
        initial=upload_initial(request.GET, kinds),
    )
    if request.method == "POST" and form.is_valid():
        if pemda is None:
            raise PermissionDenied
        data = form.cleaned_data
        cohort = data.get("cohort")
        batch = services.batch_upload(
            user=request.user,
            pemda=pemda,
            kind=data["kind"],
            source=data["file"],
            original_name=data["file"].name,
            opd=data.get("opd") if cohort is None else None,
            cohort_id=cohort.pk if cohort is not None else None,
            create_missing_opds=bool(data.get("create_missing_opds")),
            as_of=data.get("as_of"),
            extra={"figure_source": data.get("figure_source") or "perizinan"},
        )
        return redirect("imp-batch", batch_id=batch.pk)
    batches = access.batches_for_user(request.user).select_related("created_by")[:50]
    return render(request, "imports/list.html", {"form": form, "batches": batches})


@login_required
def batch_detail(request: AuthedHttpRequest, batch_id: int) -> HttpResponse:
    batch = services.batch_refresh(access.get_batch_for_user(request.user, batch_id))
    errors = Paginator(
        batch.rows.filter(outcome=ImportRow.Outcome.ERROR).order_by("id"), 100
    ).get_page(request.GET.get("page"))
    counts = batch.counts or {}
    settled = not batch.is_running and batch.status != "committed"
    skipped = (
        batch.rows.filter(outcome=ImportRow.Outcome.SKIPPED)
        .exclude(skip=ImportRow.Skip.BLANK)
        .order_by("id")
    )
    return render(
        request,
        "imports/detail.html",
        {
            "batch": batch,
            "mapping_form": MappingForm(batch=batch)
            if batch.layout.get("columns") and settled
            else None,
            "opd_form": OpdChoiceForm(batch=batch, user=request.user)
            if counts.get("opd_names") and settled
            else None,
            "commit_form": CommitForm(),
            "errors": errors,
            "error_count": errors.paginator.count,
            "skipped": skipped[:500],
            # Rows imported with a finding to check (a birth date against the NIK).
            "warned": batch.rows.exclude(
                outcome__in=(ImportRow.Outcome.ERROR, ImportRow.Outcome.SKIPPED)
            )
            .exclude(warnings=[])
            .order_by("id")[:500],
            "skipped_count": skipped.count(),
            "to_end": _to_end(batch) if batch.status == "preview" else [],
        },
    )


def _to_end(batch: ImportBatch) -> list[Engagement]:
    """The engagements a commit would end, by name, for the user to untick."""
    ids = (batch.counts or {}).get("to_end_ids", [])
    if not ids:
        return []
    return list(
        Engagement.objects.filter(pk__in=ids)
        .select_related("person", "opd")
        .order_by("opd__name", "person__name")
    )


@login_required
def batch_status(request: AuthedHttpRequest, batch_id: int) -> JsonResponse:
    batch = services.batch_refresh(access.get_batch_for_user(request.user, batch_id))
    live = (control.read_progress(batch.pk) or {}) if batch.is_running else {}
    return JsonResponse(
        {
            "status": batch.status,
            "status_label": batch.get_status_display(),
            "running": batch.is_running,
            "stage": live.get("stage", ""),
            "done": live.get("done", 0),
            "total": live.get("total", 0),
            "message": batch.message,
        }
    )


@login_required
@require_POST
def batch_mapping(request: AuthedHttpRequest, batch_id: int) -> HttpResponse:
    batch = access.get_batch_for_user(request.user, batch_id)
    form = MappingForm(request.POST, batch=batch)
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, str(error))
        return redirect("imp-batch", batch_id=batch.pk)
    try:
        services.batch_remap(batch=batch, chosen=form.chosen())
    except services.ImportRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Pemetaan kolom disimpan dan diingat untuk berkas berikutnya.")
        )
    return redirect("imp-batch", batch_id=batch.pk)


@login_required
@require_POST
def batch_opds(request: AuthedHttpRequest, batch_id: int) -> HttpResponse:
    batch = access.get_batch_for_user(request.user, batch_id)
    form = OpdChoiceForm(request.POST, batch=batch, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Pilihan OPD tidak valid."))
        return redirect("imp-batch", batch_id=batch.pk)
    try:
        services.batch_choose_opds(batch=batch, choices=form.chosen())
    except services.ImportRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pilihan OPD disimpan; berkas diperiksa ulang."))
    return redirect("imp-batch", batch_id=batch.pk)


@login_required
@require_POST
def batch_commit(request: AuthedHttpRequest, batch_id: int) -> HttpResponse:
    batch = access.get_batch_for_user(request.user, batch_id)
    form = CommitForm(request.POST)
    form.is_valid()
    # When the page listed the engagements to end, only the ticked ones end.
    shown = request.POST.get("end_listed") == "1"
    try:
        services.batch_commit(
            batch=batch,
            valid_only=bool(form.cleaned_data.get("valid_only")),
            end_missing=bool(form.cleaned_data.get("end_missing")),
            end_ids=[int(i) for i in request.POST.getlist("end") if i.isdigit()]
            if shown
            else None,
        )
    except services.ImportRefused as exc:
        messages.error(request, exc.message)
    return redirect("imp-batch", batch_id=batch.pk)


@login_required
@require_POST
def batch_cancel(request: AuthedHttpRequest, batch_id: int) -> HttpResponse:
    batch = access.get_batch_for_user(request.user, batch_id)
    outcome = services.batch_cancel(batch=batch)
    if outcome == "cancelled":
        messages.info(request, _("Pembatalan diminta; tidak ada data yang berubah."))
    elif outcome == "requested":
        messages.info(
            request,
            _(
                "Pembatalan diminta; data yang sedang diproses tidak akan berubah. Bila "
                "proses selesai sebelum permintaan ini sampai, hasilnya tetap berlaku: "
                "lihat statusnya di bawah."
            ),
        )
    else:
        messages.warning(
            request,
            _("Terlambat untuk membatalkan: proses sudah selesai (status: %(status)s).")
            % {"status": batch.get_status_display()},
        )
    return redirect("imp-batch", batch_id=batch.pk)


@login_required
def error_report(request: AuthedHttpRequest, batch_id: int) -> HttpResponse:
    batch = access.get_batch_for_user(request.user, batch_id)
    response = HttpResponse(reports.error_report(batch), content_type=XLSX_TYPE)
    audit.record(
        request.user,
        audit.Kind.IMPORT_ERRORS,
        f"galat-impor-{batch.pk}.xlsx",
        pemda_id=batch.pemda_id,
        opd_id=batch.options.get("opd_id"),
    )
    response["Content-Disposition"] = f'attachment; filename="galat-impor-{batch.pk}.xlsx"'
    return response


@login_required
def template(request: AuthedHttpRequest, kind: str) -> HttpResponse:
    kinds = access.kinds_for_user(request.user)
    if not kinds:
        raise PermissionDenied
    if kind not in kinds:
        raise Http404
    response = HttpResponse(reports.template(kind), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="templat-{kind}.xlsx"'
    return response
