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

from lindung.imports import access, control, pipeline, reports, tasks
from lindung.imports.forms import CommitForm, MappingForm, UploadForm, upload_initial
from lindung.imports.models import ImportBatch, ImportRow
from lindung.lib.xlsx import XLSX_TYPE
from lindung.web.http import AuthedHttpRequest
from lindung.web.tenancy import current_pemda


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
        batch = pipeline.create_batch(
            pemda=pemda,
            kind=form.cleaned_data["kind"],
            source=form.cleaned_data["file"],
            original_name=form.cleaned_data["file"].name,
            user=request.user,
            options=form.options(),
        )
        tasks.check_batch.enqueue(batch.pk)
        return redirect("imp-batch", batch_id=batch.pk)
    batches = access.batches_for_user(request.user).select_related("created_by")[:50]
    return render(request, "imports/list.html", {"form": form, "batches": batches})


@login_required
def batch_detail(request: AuthedHttpRequest, batch_id: int) -> HttpResponse:
    batch = access.get_batch_for_user(request.user, batch_id)
    errors = Paginator(
        batch.rows.filter(outcome=ImportRow.Outcome.ERROR).order_by("number"), 100
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/detail.html",
        {
            "batch": batch,
            "mapping_form": MappingForm(batch=batch) if batch.layout else None,
            "commit_form": CommitForm(),
            "errors": errors,
            "error_count": errors.paginator.count,
        },
    )


@login_required
def batch_status(request: AuthedHttpRequest, batch_id: int) -> JsonResponse:
    batch = access.get_batch_for_user(request.user, batch_id)
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
    if batch.is_running:
        messages.error(request, _("Impor masih berjalan; tunggu sampai selesai."))
        return redirect("imp-batch", batch_id=batch.pk)
    form = MappingForm(request.POST, batch=batch)
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, str(error))
        return redirect("imp-batch", batch_id=batch.pk)
    pipeline.remember_mapping(batch, form.chosen())
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    tasks.check_batch.enqueue(batch.pk)
    messages.success(request, _("Pemetaan kolom disimpan dan diingat untuk berkas berikutnya."))
    return redirect("imp-batch", batch_id=batch.pk)


@login_required
@require_POST
def batch_commit(request: AuthedHttpRequest, batch_id: int) -> HttpResponse:
    batch = access.get_batch_for_user(request.user, batch_id)
    form = CommitForm(request.POST)
    form.is_valid()
    valid_only = bool(form.cleaned_data.get("valid_only"))
    errors = batch.rows.filter(outcome=ImportRow.Outcome.ERROR).exists()
    if batch.status != ImportBatch.Status.PREVIEW or (errors and not valid_only):
        messages.error(
            request,
            _("Ada baris galat: perbaiki berkasnya, atau centang 'Simpan baris yang valid saja'.")
            if errors
            else _("Impor ini tidak dalam tahap pratinjau."),
        )
        return redirect("imp-batch", batch_id=batch.pk)
    # Queued until the worker takes it; the page shows progress from here on.
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    tasks.commit_batch.enqueue(batch.pk, valid_only, bool(form.cleaned_data.get("end_missing")))
    return redirect("imp-batch", batch_id=batch.pk)


@login_required
@require_POST
def batch_cancel(request: AuthedHttpRequest, batch_id: int) -> HttpResponse:
    batch = access.get_batch_for_user(request.user, batch_id)
    # A waiting job is cancelled at once; a running one stops at its next chunk and rolls back.
    waiting = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.CANCELLED, message=_("Dibatalkan oleh pengguna.")
    )
    if waiting:
        messages.info(request, _("Pembatalan diminta; tidak ada data yang berubah."))
    elif batch.is_running:
        control.request_cancel(batch.pk)
        batch.refresh_from_db(fields=["status"])
        if batch.is_running:
            messages.info(
                request,
                _(
                    "Pembatalan diminta; data yang sedang diproses tidak akan berubah. Bila "
                    "proses selesai sebelum permintaan ini sampai, hasilnya tetap berlaku: "
                    "lihat statusnya di bawah."
                ),
            )
        else:
            # The job ended first and will not look for the request: drop it, or it
            # would cancel this batch's next save.
            control.clear(batch.pk)
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
