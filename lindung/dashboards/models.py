"""Coverage targets and rakor reports of a Pemda."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lindung.lib.dates import validate_plausible_date
from lindung.reconciliation.models import Run
from lindung.registry.models import Pemda


class Target(models.Model):
    """A goal for one segment by a month, e.g. non-ASN coverage 100% by December 2026."""

    class Segment(models.TextChoices):
        NON_ASN = "non_asn", _("Pekerja non-ASN Pemda")
        BPU = "bpu", _("Peserta BPU (bukan penerima upah)")
        # Measured by the city-wide figures (BPJS branch totals over BPS/Disnaker workforce).
        CITY = "city", _("Seluruh pekerja kota")
        CITY_PU = "city_pu", _("Pekerja penerima upah (badan usaha) di kota")

    class Metric(models.TextChoices):
        PERCENT = "percent", _("Cakupan (%)")
        COUNT = "count", _("Jumlah peserta")
        # BPJS's "tercover": registered and active, whatever the wage and programs.
        REGISTERED_PERCENT = "bpjs_pct", _("Tercover versi BPJS (%)")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    segment = models.CharField(_("segmen"), max_length=20, choices=Segment.choices)
    metric = models.CharField(_("ukuran"), max_length=10, choices=Metric.choices)
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=1)
    due = models.DateField(
        _("tercapai pada"), validators=[validate_plausible_date]
    )  # the last day of the target month
    label = models.CharField(_("keterangan"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target cakupan")
        verbose_name_plural = pgettext_lazy("plural", "target cakupan")
        ordering = ["due", "segment", "id"]
        indexes = [
            # The dashboard and the rakor report: a Pemda's targets by due date.
            models.Index(fields=["pemda", "due"], name="dash_target_pemda_due"),
        ]

    def __str__(self) -> str:
        return f"{self.pemda_id} {self.segment} {self.value} {self.due:%Y-%m}"


class Report(models.Model):
    """A rakor report made in the background; the file is kept with the run it read."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Dibuat")
        DONE = "done", pgettext_lazy("job status", "Selesai")
        FAILED = "failed", _("Gagal")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(Run, on_delete=models.SET_NULL, null=True, related_name="+")
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    content = models.BinaryField(null=True, blank=True, editable=False)
    message = models.TextField(_("pesan"), blank=True)
    seconds = models.FloatField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("laporan rakor")
        verbose_name_plural = pgettext_lazy("plural", "laporan rakor")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"rakor #{self.pk} {self.pemda_id} {self.format}"

    @property
    def filename(self) -> str:
        """Triggers a query unless the Pemda was selected with the report."""
        day = (self.finished_at or self.created_at).strftime("%Y%m%d")
        return f"rakor-{self.pemda.code}-{day}-{self.pk}.{self.format}"
