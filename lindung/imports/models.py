"""Uploaded files, each row's outcome, and remembered column mappings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lindung.registry.models import Pemda


class ImportBatch(models.Model):
    """One uploaded file and what became of it."""

    class Kind(models.TextChoices):
        WORKERS = "workers", _("Daftar pekerja OPD")
        MEMBERSHIPS = "memberships", _("Data kepesertaan BPJS TK")
        BUSINESSES = "businesses", _("Data badan usaha (OSS/NIB, WLKP)")
        EMPLOYERS = "employers", _("Data pemberi kerja BPJS TK (NPP)")
        PROJECTS = "projects", _("Daftar proyek konstruksi (pengadaan)")
        ELECTION_MEMBERS = "election_members", _("Anggota badan ad hoc pemilihan")
        INFORMAL_MEMBERS = "informal_members", _("Anggota kohort pekerja informal (BPU)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        CHECKING = "checking", _("Memeriksa")
        PREVIEW = "preview", _("Pratinjau")
        COMMITTING = "committing", _("Menyimpan")
        COMMITTED = "committed", _("Tersimpan")
        FAILED = "failed", _("Gagal")
        CANCELLED = "cancelled", _("Dibatalkan")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="import_batches")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    # Options chosen at upload: opd_id, cohort_id, create_missing_opds, valid_only,
    # end_missing.
    options = models.JSONField(default=dict, blank=True)
    # Column corrections of this batch: {normalized header: field or ""}.
    mapping = models.JSONField(default=dict, blank=True)
    # What the reader found: sheet, header row, columns and the field each maps to.
    layout = models.JSONField(default=dict, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    message = models.TextField(_("pesan"), blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    # Two batches with the same scope (one OPD, or a Pemda's memberships) never commit at once.
    scope = models.CharField(max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The lease of the running job: who runs it and when it last said it is alive (a commit
    # beats in its control file too: its transaction hides writes to this row).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("impor")
        verbose_name_plural = pgettext_lazy("plural", "impor")
        ordering = ["-created_at"]
        indexes = [
            # "Is another import of this scope running?" before every commit.
            models.Index(fields=["pemda", "scope", "status"], name="import_scope_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.COMMITTING)


class ImportRow(models.Model):
    """One row of an uploaded file: its cells as typed, and its outcome."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("Baru")
        UPDATED = "updated", _("Diperbarui")
        UNCHANGED = "unchanged", _("Tidak berubah")
        ERROR = "error", _("Galat")
        SKIPPED = "skipped", _("Dilewati")

    class Skip(models.TextChoices):
        """Why a row that is not a person was passed over (never an error)."""

        BLANK = "blank", _("Baris kosong")
        COLUMN_NUMBERS = "column_numbers", _("Baris nomor kolom")
        HEADER = "header", _("Judul kolom berulang")
        SECTION = "section", _("Judul bagian")
        TOTALS = "totals", _("Baris jumlah")
        SIGNATURE = "signature", _("Blok tanda tangan")
        NOTE = "note", _("Catatan, bukan data orang")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    # The sheet the row was read from ("" for a CSV), and its row number as the user sees it.
    sheet = models.CharField(_("lembar"), max_length=100, blank=True)
    number = models.PositiveIntegerField(_("baris"))
    cells = models.JSONField(default=list)
    values = models.JSONField(default=dict)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    errors = models.JSONField(default=list, blank=True)
    # Findings a person should look at that do not stop the row (a birth date against the
    # NIK): same shape as errors.
    warnings = models.JSONField(default=list, blank=True)
    skip = models.CharField(max_length=20, choices=Skip.choices, blank=True)

    class Meta:
        ordering = ["batch", "id"]
        indexes = [
            # The error list and the per-outcome counts of a batch.
            models.Index(fields=["batch", "outcome", "number"], name="importrow_outcome_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.number} {self.outcome}"


class ColumnMapping(models.Model):
    """A column heading a Pemda's files use, and the field a user said it means."""

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="column_mappings")
    kind = models.CharField(max_length=20, choices=ImportBatch.Kind.choices)
    header = models.CharField(max_length=120)  # normalized
    field = models.CharField(max_length=40, blank=True)  # "" = ignore this column
    # Whose files it applies to: the batch scope it was made in ("opd:<id>" for one OPD's
    # lists), or "" for every file of the Pemda (a correction made on a Pemda-wide file).
    # An Operator OPD's correction never changes how other OPDs' files are read.
    scope = models.CharField(max_length=60, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "kind", "scope", "header"], name="column_mapping_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.header} -> {self.field or '-'}"
