"""The city's view of work: Pemda (tenant), OPDs, people and their engagements."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lindung.lib import nik as nik_rules
from lindung.lib.dates import validate_plausible_date
from lindung.registry.rules import MAX_MONTHLY_WAGE


def validate_nik(value: str) -> None:
    result = nik_rules.parse_nik(value)
    if not result.valid:
        raise ValidationError(" ".join(result.errors), code="invalid_nik")


class Pemda(models.Model):
    """A regional government (Pemkot/Pemkab): the tenant every row belongs to."""

    code = models.CharField(
        _("kode Kemendagri"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{2}(\d{2})?$", _("Kode Kemendagri 2 atau 4 digit."))],
    )
    name = models.CharField(_("nama"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Pemda")
        verbose_name_plural = pgettext_lazy("plural", "Pemda")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Opd(models.Model):
    """Organisasi Perangkat Daerah: an agency of the Pemda and, at BPJS TK, an employer."""

    class Kind(models.TextChoices):
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan")
        RSUD = "rsud", _("RSUD")
        OTHER = "other", _("Lainnya")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="opds")
    code = models.CharField(
        _("kode OPD"),
        max_length=20,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9.\-_]+$", _("Gunakan huruf, angka, titik, atau tanda hubung.")
            )
        ],
    )
    name = models.CharField(_("nama OPD"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.DINAS)
    jkk_risk_group = models.PositiveSmallIntegerField(
        _("kelompok risiko JKK"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (sangat rendah) sampai 5 (sangat tinggi)."),
    )
    npp = models.CharField(_("NPP"), max_length=20, blank=True)
    divisi = models.CharField(_("divisi"), max_length=10, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("OPD")
        verbose_name_plural = pgettext_lazy("plural", "OPD")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "code"], name="opd_unique_code_per_pemda"),
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A person known by NIK, unique within a Pemda."""

    class Sex(models.TextChoices):
        L = "L", _("Laki-laki")
        P = "P", _("Perempuan")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="people")
    nik = models.CharField(_("NIK"), max_length=16, validators=[validate_nik])
    name = models.CharField(_("nama lengkap"), max_length=150)
    birth_date = models.DateField(
        _("tanggal lahir"), null=True, blank=True, validators=[validate_plausible_date]
    )
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(
        _("nomor HP"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9 \-]{8,20}$", _("Nomor HP tidak valid."))],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("orang")
        verbose_name_plural = pgettext_lazy("plural", "orang")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "nik"], name="person_unique_nik_per_pemda"),
        ]

    def __str__(self) -> str:
        return self.name


class EngagementQuerySet(models.QuerySet["Engagement"]):
    def active_on(self, day: date) -> EngagementQuerySet:
        """Started by `day` (an unknown start counts as started) and not ended before it."""
        return self.filter(
            models.Q(start_date__isnull=True) | models.Q(start_date__lte=day),
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=day),
        )

    def inactive_on(self, day: date) -> EngagementQuerySet:
        return self.exclude(pk__in=self.active_on(day).values("pk"))


class Engagement(models.Model):
    """A person working for an OPD over a period: the city's view of work."""

    class Category(models.TextChoices):
        HONORER = "honorer", _("Honorer")
        KONTRAK = "kontrak", _("Tenaga kontrak")
        KEGIATAN = "kegiatan", _("Tenaga kegiatan")
        ALIH_DAYA = "alih_daya", _("Alih daya")
        OTHER = "other", _("Lainnya")

    class Funding(models.TextChoices):
        APBD = "apbd", _("APBD")
        BLUD = "blud", _("BLUD")
        APBN = "apbn", _("APBN")
        OTHER = "other", _("Lainnya")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="engagements")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="engagements")
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="engagements")
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    has_sk = models.BooleanField(_("SK Kepala Daerah"), default=False)
    # Null: the wage is unknown (a worker list without a wage column).
    monthly_wage = models.PositiveBigIntegerField(
        _("upah per bulan (Rp)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, _("Upah harus lebih dari Rp0.")),
            MaxValueValidator(
                MAX_MONTHLY_WAGE, _("Upah lebih dari Rp1 miliar per bulan tidak wajar.")
            ),
        ],
    )
    funding_source = models.CharField(
        _("sumber dana"), max_length=10, choices=Funding.choices, default=Funding.APBD
    )
    # Null: the start is unknown (no TMT column); the engagement counts as active on any
    # date up to its end date.
    start_date = models.DateField(
        _("tanggal mulai"), null=True, blank=True, validators=[validate_plausible_date]
    )
    end_date = models.DateField(
        _("tanggal berakhir"), null=True, blank=True, validators=[validate_plausible_date]
    )
    history = HistoricalRecords()

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = _("penugasan")
        verbose_name_plural = pgettext_lazy("plural", "penugasan")
        ordering = ["person__name"]
        indexes = [
            # The worker list of an OPD, filtered by active dates.
            models.Index(fields=["opd", "end_date"], name="eng_opd_end_idx"),
            # A person's engagements across the Pemda (duplicate-activity check).
            models.Index(fields=["pemda", "person"], name="eng_pemda_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.opd}"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("Tanggal berakhir tidak boleh sebelum tanggal mulai.")}
            )
        if self.opd_id and self.pemda_id and self.opd.pemda_id != self.pemda_id:
            raise ValidationError({"opd": _("OPD tidak ditemukan di Pemda ini.")})

    def is_active_on(self, day: date) -> bool:
        started = self.start_date is None or self.start_date <= day
        return started and (self.end_date is None or self.end_date >= day)


class NikLookup(models.Model):
    """A whole-NIK search by a role that sees NIKs masked: who, when, which NIK (audit)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nik_lookups"
    )
    nik = models.CharField(_("NIK"), max_length=16)
    source = models.CharField(_("sumber"), max_length=20)
    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Pencarian NIK")
        verbose_name_plural = _("Pencarian NIK")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.nik} {self.at:%Y-%m-%d %H:%M}"
