"""Groups a Pemda protects beyond its OPD staff: election staff (panitia ad hoc) for their
term, and informal (BPU) cohorts by segment and funding source, with yearly targets."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lindung.lib.dates import validate_plausible_date
from lindung.registry.models import Pemda, validate_nik
from lindung.registry.rules import MAX_MONTHLY_WAGE


class ElectionCohort(models.Model):
    """The temporary staff one election body engages for one election."""

    class Body(models.TextChoices):
        KPU = "kpu", _("KPU")
        BAWASLU = "bawaslu", _("Bawaslu")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="election_cohorts")
    body = models.CharField(_("lembaga"), max_length=10, choices=Body.choices)
    election_name = models.CharField(_("nama pemilihan"), max_length=150)
    term_start = models.DateField(_("awal masa tugas"), validators=[validate_plausible_date])
    term_end = models.DateField(_("akhir masa tugas"), validators=[validate_plausible_date])
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kohort panitia ad hoc")
        verbose_name_plural = pgettext_lazy("plural", "kohort panitia ad hoc")
        ordering = ["-term_start", "body"]

    def __str__(self) -> str:
        return f"{self.election_name} ({self.get_body_display()})"

    def clean(self) -> None:
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError(
                {"term_end": _("Akhir masa tugas tidak boleh sebelum awal masa tugas.")}
            )

    def is_active_on(self, day: date) -> bool:
        """Members' engagements end with the term."""
        return self.term_start <= day <= self.term_end


class ElectionRole(models.Model):
    """A role of the cohort and its monthly honorarium (the wage basis of its iuran)."""

    class Role(models.TextChoices):
        PPK = "ppk", _("PPK")
        PPS = "pps", _("PPS")
        KPPS = "kpps", _("KPPS")
        PANTARLIH = "pantarlih", _("Pantarlih")
        PANWASLU_KEC = "panwaslu_kec", _("Panwaslu Kecamatan")
        PKD = "pkd", _("PKD")
        PTPS = "ptps", _("Pengawas TPS")
        PPL = "ppl", _("PPL")
        OTHER = "other", _("Lainnya")

    cohort = models.ForeignKey(ElectionCohort, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    honorarium = models.PositiveBigIntegerField(
        _("honorarium per bulan (Rp)"),
        validators=[
            MinValueValidator(1, _("Honorarium harus lebih dari Rp0.")),
            MaxValueValidator(MAX_MONTHLY_WAGE, _("Honorarium tidak wajar.")),
        ],
    )
    # KPPS serve about a month, PPK and PPS about eight: a role may have its own term inside
    # the cohort's; empty means the cohort's term.
    term_start = models.DateField(
        _("awal masa tugas peran"), null=True, blank=True, validators=[validate_plausible_date]
    )
    term_end = models.DateField(
        _("akhir masa tugas peran"), null=True, blank=True, validators=[validate_plausible_date]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("peran panitia")
        verbose_name_plural = pgettext_lazy("plural", "peran panitia")
        ordering = ["cohort", "role"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "role"], name="election_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} Rp{self.honorarium}"

    @property
    def term(self) -> tuple[date, date]:
        """The role's own term, or the cohort's."""
        if self.term_start and self.term_end:
            return self.term_start, self.term_end
        return self.cohort.term_start, self.cohort.term_end

    def clean(self) -> None:
        start, end = self.term_start, self.term_end
        if (start is None) != (end is None):
            raise ValidationError(
                _("Isi awal dan akhir masa tugas peran, atau kosongkan keduanya.")
            )
        if start and end:
            if end < start:
                raise ValidationError(
                    {"term_end": _("Akhir masa tugas tidak boleh sebelum awal masa tugas.")}
                )
            cohort = self.cohort
            if start < cohort.term_start or end > cohort.term_end:
                raise ValidationError(_("Masa tugas peran harus di dalam masa tugas kohort."))

    def is_active_on(self, day: date) -> bool:
        start, end = self.term
        return start <= day <= end


class ElectionMember(models.Model):
    cohort = models.ForeignKey(ElectionCohort, on_delete=models.CASCADE, related_name="members")
    role = models.ForeignKey(ElectionRole, on_delete=models.PROTECT, related_name="members")
    nik = models.CharField(_("NIK"), max_length=16, validators=[validate_nik])
    name = models.CharField(_("nama"), max_length=150)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("anggota panitia")
        verbose_name_plural = pgettext_lazy("plural", "anggota panitia")
        ordering = ["cohort", "role", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "nik"], name="election_member_unique_nik"),
        ]

    def __str__(self) -> str:
        return self.name


class Segment(models.TextChoices):
    NELAYAN = "nelayan", _("Nelayan")
    OJEK = "ojek", _("Ojek")
    PETANI = "petani", _("Petani")
    PEDAGANG = "pedagang", _("Pedagang")
    BATIK = "batik", _("Pekerja batik")
    OTHER = "other", _("Lainnya")


class InformalCohort(models.Model):
    """Informal (BPU) workers grouped by segment, funding source and kecamatan."""

    class Funding(models.TextChoices):
        SELF = "self", _("Mandiri")
        APBD = "apbd", _("APBD")
        APBN = "apbn", _("APBN")
        CSR = "csr", _("CSR")
        VILLAGE = "village", _("Dana desa")
        # Deducted from the members' social aid (bansos) before it is paid out.
        BANSOS = "bansos", _("Potongan bansos")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="informal_cohorts")
    name = models.CharField(_("nama kohort"), max_length=150)
    segment = models.CharField(_("segmen"), max_length=10, choices=Segment.choices)
    funding = models.CharField(_("sumber dana"), max_length=10, choices=Funding.choices)
    kecamatan = models.CharField(_("kecamatan"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kohort pekerja informal")
        verbose_name_plural = pgettext_lazy("plural", "kohort pekerja informal")
        ordering = ["segment", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def sector(self) -> str:
        """The rule-table sector: ojek drivers are transport (PP 50/2025), the rest other."""
        return "transport" if self.segment == Segment.OJEK else "other"


class InformalMember(models.Model):
    cohort = models.ForeignKey(InformalCohort, on_delete=models.CASCADE, related_name="members")
    nik = models.CharField(_("NIK"), max_length=16, validators=[validate_nik])
    name = models.CharField(_("nama"), max_length=150)
    declared_income = models.PositiveBigIntegerField(
        _("penghasilan dilaporkan per bulan (Rp)"),
        validators=[MaxValueValidator(MAX_MONTHLY_WAGE, _("Penghasilan tidak wajar."))],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("anggota kohort informal")
        verbose_name_plural = pgettext_lazy("plural", "anggota kohort informal")
        ordering = ["cohort", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "nik"], name="informal_member_unique_nik"),
        ]

    def __str__(self) -> str:
        return self.name


class SegmentTarget(models.Model):
    """How many informal workers of a segment the Pemda aims to have registered in a year."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="segment_targets")
    segment = models.CharField(_("segmen"), max_length=10, choices=Segment.choices)
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2015), MaxValueValidator(2100)]
    )
    target = models.PositiveIntegerField(
        _("target peserta"),
        validators=[
            MinValueValidator(1, _("Target harus lebih dari 0.")),
            MaxValueValidator(10_000_000, _("Target tidak wajar.")),
        ],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target segmen")
        verbose_name_plural = pgettext_lazy("plural", "target segmen")
        ordering = ["-year", "segment"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "segment", "year"], name="segment_target_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.segment}: {self.target}"
