"""Every write of the dashboards app: targets and rakor reports."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.dashboards.models import Report, Target
from lindung.lib.calendar import month_end, month_index
from lindung.lib.dates import today
from lindung.registry.models import Pemda

if TYPE_CHECKING:
    from lindung.accounts.models import User


@dataclass
class TargetError(ValueError):
    """Bad input for a target, said in words a user can act on."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def check_target(*, segment: str, metric: str, value: Decimal, due: date) -> None:
    if segment not in Target.Segment.values:
        raise TargetError("segment", _("Segmen tidak dikenal."))
    if metric not in Target.Metric.values:
        raise TargetError("metric", _("Ukuran target tidak dikenal."))
    percent = metric in (Target.Metric.PERCENT, Target.Metric.REGISTERED_PERCENT)
    if segment == Target.Segment.BPU and percent:
        raise TargetError("metric", _("Target BPU dinyatakan dalam jumlah peserta, bukan persen."))
    if metric == Target.Metric.REGISTERED_PERCENT and segment != Target.Segment.NON_ASN:
        raise TargetError(
            "metric", _("Tercover versi BPJS hanya untuk target pekerja non-ASN Pemda.")
        )
    if value <= 0:
        raise TargetError("value", _("Target harus lebih dari nol."))
    if percent and value > 100:
        raise TargetError("value", _("Target cakupan tidak boleh lebih dari 100%."))
    if metric == Target.Metric.COUNT and value != value.to_integral_value():
        raise TargetError("value", _("Jumlah peserta harus bilangan bulat."))
    if month_index(due) < month_index(today()):
        raise TargetError("due", _("Bulan target sudah lewat; pilih bulan ini atau sesudahnya."))


@transaction.atomic
def target_create(
    *,
    pemda: Pemda,
    segment: str,
    metric: str,
    value: Decimal,
    due: date,
    label: str = "",
    user: User | None,
) -> Target:
    """Set a target; `due` may be any day of the month, the target falls due at its end."""
    check_target(segment=segment, metric=metric, value=value, due=due)
    target = Target(
        pemda=pemda,
        segment=segment,
        metric=metric,
        value=value,
        due=month_end(due.year, due.month),
        label=label.strip(),
        created_by=user,
    )
    target._change_reason = "dibuat"  # type: ignore[attr-defined]
    target.save()
    return target


@transaction.atomic
def target_delete(*, target: Target, user: User | None) -> None:
    target._history_user = user  # type: ignore[attr-defined]
    target._change_reason = "dihapus"  # type: ignore[attr-defined]
    target.delete()


def report_create(*, pemda: Pemda, format: str, user: User | None) -> Report:
    """Open a rakor report; the web starts it (`tasks.start_report`), the CLI executes it."""
    if format not in Report.Format.values:
        raise ValueError(_("Format laporan harus PDF atau XLSX."))
    return Report.objects.create(pemda=pemda, format=format, created_by=user)


def report_execute(report: Report) -> Report:
    """Build the report file from the Pemda's latest run; a failure is kept on the report."""
    from lindung.dashboards import report as builder  # WeasyPrint loads only when printing

    started = time.perf_counter()
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING)
    try:
        data = builder.rakor_data(report.pemda)
        content = (
            builder.rakor_pdf(data)
            if report.format == Report.Format.PDF
            else builder.rakor_xlsx(data)
        )
    except Exception as exc:
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.FAILED, message=str(exc)[:2000], finished_at=timezone.now()
        )
        report.refresh_from_db()
        raise
    report.content = content
    report.run = data.run
    report.status = Report.Status.DONE
    report.seconds = round(time.perf_counter() - started, 3)
    report.finished_at = timezone.now()
    report.save(update_fields=["content", "run", "status", "seconds", "finished_at"])
    return report
