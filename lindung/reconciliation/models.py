"""Reconciliation runs: the city's engagements against the BPJS TK membership snapshot."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lindung.bpjs.models import Membership
from lindung.lib.dates import validate_plausible_date
from lindung.reconciliation.rules import REASONS, Category
from lindung.registry.models import Engagement, Opd, Pemda


class Run(models.Model):
    """One reconciliation of a Pemda as of a date; its counts are kept for trends."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Berjalan")
        DONE = "done", pgettext_lazy("job status", "Selesai")
        FAILED = "failed", _("Gagal")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="recon_runs")
    as_of = models.DateField(_("per tanggal"), validators=[validate_plausible_date])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    # tolerance (Rp), unpaid_months, threshold: what this run was asked to apply.
    params = models.JSONField(default=dict, blank=True)
    # {category: count} and {category: monthly iuran} for the whole Pemda.
    counts = models.JSONField(default=dict, blank=True)
    iuran = models.JSONField(default=dict, blank=True)
    # [{"opd_id", "opd_code", "opd_name", "workers", <category>: count, ...}]
    by_opd = models.JSONField(default=list, blank=True)
    # Membership batches that made up the snapshot, and figures of the run itself.
    snapshot = models.JSONField(default=list, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    message = models.TextField(_("pesan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The lease of the running job: who runs it and when it last said it is alive.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("rekonsiliasi")
        verbose_name_plural = pgettext_lazy("plural", "rekonsiliasi")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Two runs of one Pemda never overlap: the second insert fails.
            models.UniqueConstraint(
                fields=["pemda"],
                condition=models.Q(status="running"),
                name="recon_one_running_per_pemda",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.pemda_id} {self.as_of}"

    @property
    def workers(self) -> int:
        return sum(self.counts.get(c, 0) for c in Category.for_engagements())

    @property
    def covered(self) -> int:
        return int(self.counts.get(Category.COVERED, 0))


class Result(models.Model):
    """One engagement's category in a run, or one membership unknown to the city."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="results")
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    # A run writes a million of these in one COPY from rows it has just read: the database's
    # per-row foreign-key triggers and three more indexes would cost more than the copy.
    # Django still PROTECTs them (deleting an OPD, engagement or membership is rare).
    opd = models.ForeignKey(
        Opd,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        db_constraint=False,
        db_index=False,
    )
    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        db_constraint=False,
        db_index=False,
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        db_constraint=False,
        db_index=False,
    )
    nik = models.CharField("NIK", max_length=16)
    city_wage = models.BigIntegerField(_("upah kota"), null=True)
    reported_wage = models.BigIntegerField(_("upah dilaporkan"), null=True)
    missing_programs = models.CharField(_("program kurang"), max_length=40, blank=True)
    months_unpaid = models.IntegerField(_("bulan belum dibayar"), null=True)
    # Monthly iuran (employer + worker) this record's action involves, in rupiah.
    iuran = models.BigIntegerField(_("iuran per bulan"), default=0)

    class Meta:
        verbose_name = _("hasil rekonsiliasi")
        verbose_name_plural = pgettext_lazy("plural", "hasil rekonsiliasi")
        indexes = [
            # Every drill-down: a run's records of one category (and OPD), in list order, so
            # that a page of a long list is read from the index without sorting.
            models.Index(fields=["run", "category", "opd", "nik"], name="recon_result_list_idx"),
            # "What changed since the last run": an engagement across runs.
            models.Index(fields=["run", "engagement"], name="recon_result_eng_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.nik} {self.category}"

    @property
    def name(self) -> str:
        """The city's name of the worker, else BPJS TK's (select_related them first)."""
        if self.engagement is not None:
            return self.engagement.person.name
        return self.membership.name if self.membership is not None else ""

    @property
    def opd_name(self) -> str:
        return self.opd.name if self.opd is not None else ""


class Candidate(models.Model):
    """A fuzzy pair proposed by a run: an engagement that may be this membership."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="candidates")
    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField(_("skor"))
    reasons = models.JSONField(default=list)
    name_similarity = models.FloatField(default=0)

    class Meta:
        verbose_name = _("kandidat pasangan")
        verbose_name_plural = pgettext_lazy("plural", "kandidat pasangan")
        ordering = ["-score", "id"]

    def __str__(self) -> str:
        return f"{self.engagement_id}~{self.membership_id} {self.score:.2f}"

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASONS.get(r, r)) for r in self.reasons]


class MatchDecision(models.Model):
    """A reviewer's verdict on "city NIK X is BPJS NIK Y"; later runs reuse it."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    city_nik = models.CharField(_("NIK kota"), max_length=16)
    member_nik = models.CharField(_("NIK BPJS"), max_length=16)
    accepted = models.BooleanField(_("diterima"))
    candidate = models.ForeignKey(
        Candidate, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        verbose_name = _("keputusan pasangan")
        verbose_name_plural = pgettext_lazy("plural", "keputusan pasangan")
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "city_nik", "member_nik"], name="recon_decision_unique"
            ),
        ]

    def __str__(self) -> str:
        verdict = "=" if self.accepted else "!="
        return f"{self.city_nik} {verdict} {self.member_nik}"
