"""Businesses, what other sources and BPJS TK report about them, findings and their workflow."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lindung.compliance import rules
from lindung.compliance.placeholders import (
    LETTER_FIELDS,
    MAX_BODY_LENGTH,
    NUMBER_FIELDS,
    PlaceholderValidator,
)
from lindung.lib.dates import validate_plausible_date
from lindung.registry.models import Pemda

nib_validator = RegexValidator(r"^\d{13}$", _("NIB harus 13 digit angka."))


class Status(models.TextChoices):
    COMPLIANT = rules.COMPLIANT, _("Patuh")
    NON_COMPLIANT = rules.NON_COMPLIANT, _("Tidak patuh")
    UNKNOWN = rules.UNKNOWN, _("Belum diketahui")


class Business(models.Model):
    """A business (pelaku usaha) of the Pemda, identified by its NIB from OSS."""

    class Scale(models.TextChoices):
        # PP 7/2021 thresholds; the scale sets the compulsory programs (Perpres 109/2013).
        MICRO = "micro", _("Mikro")
        SMALL = "small", _("Kecil")
        MEDIUM = "medium", _("Menengah")
        LARGE = "large", _("Besar")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="businesses")
    nib = models.CharField("NIB", max_length=13, validators=[nib_validator])
    name = models.CharField(_("nama usaha"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=False)
    kbli = models.CharField(
        "KBLI",
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("KBLI 5 digit angka."))],
    )
    scale = models.CharField(_("skala usaha"), max_length=10, choices=Scale.choices)
    kecamatan = models.CharField(_("kecamatan"), max_length=100, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    jkk_risk_group = models.PositiveSmallIntegerField(
        _("kelompok risiko JKK"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # Kept by findings_recompute and the workflow services, so that the permit check and
    # the summary panel read one row: status, open findings, newest figure, BPJS actives.
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.UNKNOWN
    )
    open_findings = models.JSONField(default=list, blank=True, editable=False)
    reported_workers = models.PositiveIntegerField(null=True, blank=True, editable=False)
    bpjs_workers = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["open_findings", "updated_at"])

    class Meta:
        verbose_name = _("badan usaha")
        verbose_name_plural = pgettext_lazy("plural", "badan usaha")
        ordering = ["name"]
        constraints = [
            # The permit check looks a NIB up within one Pemda.
            models.UniqueConstraint(fields=["pemda", "nib"], name="business_nib_unique"),
        ]
        indexes = [
            # Linking employers by normalised name within a Pemda.
            models.Index(fields=["pemda", "name_key"], name="business_name_key_idx"),
            # The list filtered by status and kecamatan.
            models.Index(fields=["pemda", "status", "kecamatan"], name="business_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nib} {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_key = rules.business_name_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def sector(self) -> str:
        return rules.sector_label(rules.sector_of(self.kbli))

    @property
    def open_finding_labels(self) -> list[str]:
        """The open findings as people read them: "PDS Tenaga Kerja · Teguran II"."""
        return [f"{Kind(f['kind']).label} · {Stage(f['stage']).label}" for f in self.open_findings]

    @property
    def unprotected_workers(self) -> int:
        if self.reported_workers is None:
            return 0
        return max(0, self.reported_workers - self.bpjs_workers)


class BusinessFigure(models.Model):
    """Workers and wages of a business as one source reported them on one date.

    Figures of different sources are kept side by side; the newest is used, never the sum.
    """

    class Source(models.TextChoices):
        WLKP = "wlkp", _("WLKP (wajib lapor ketenagakerjaan)")
        PERIZINAN = "perizinan", _("Data perizinan (OSS)")
        INSPEKSI = "inspeksi", _("Pemeriksaan pengawas")
        LAINNYA = "lainnya", _("Sumber lain")

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="figures")
    source = models.CharField(_("sumber"), max_length=12, choices=Source.choices)
    on = models.DateField(_("tanggal data"), validators=[validate_plausible_date])
    workers = models.PositiveIntegerField(_("jumlah pekerja"), null=True, blank=True)
    total_wages = models.PositiveBigIntegerField(_("total upah per bulan"), null=True, blank=True)
    batch = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("angka pekerja")
        verbose_name_plural = pgettext_lazy("plural", "angka pekerja")
        ordering = ["-on", "-pk"]
        constraints = [
            # A re-imported file finds its own figure again instead of adding a duplicate.
            models.UniqueConstraint(
                fields=["business", "source", "on"], name="figure_source_date_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business_id} {self.source} {self.on}: {self.workers}"

    def as_rule(self) -> rules.Figure:
        return rules.Figure(self.workers, self.total_wages, self.source, self.on, self.pk or 0)


class Umk(models.Model):
    """The regency/city minimum wage (UMK) of a year, entered by the Admin Pemda."""

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="umks")
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.PositiveBigIntegerField(
        _("UMK (Rp/bulan)"), validators=[MinValueValidator(100_000)]
    )
    legal_basis = models.CharField(_("dasar (SK Gubernur)"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "UMK"
        verbose_name_plural = "UMK"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["pemda", "year"], name="umk_year_unique")]

    def __str__(self) -> str:
        return f"UMK {self.year}: {self.amount}"


class Kind(models.TextChoices):
    PWBD = rules.PWBD, _("PWBD (belum mendaftar)")
    PDS_TK = rules.PDS_TK, _("PDS Tenaga Kerja")
    PDS_UPAH = rules.PDS_UPAH, _("PDS Upah")
    PDS_PROGRAM = rules.PDS_PROGRAM, _("PDS Program")
    ARREARS = rules.ARREARS, _("Tunggakan iuran")


class Stage(models.TextChoices):
    OPEN = rules.OPEN, _("Terbuka")
    TEGURAN_1 = rules.TEGURAN_1, _("Teguran I")
    TEGURAN_2 = rules.TEGURAN_2, _("Teguran II")
    TMP2T = rules.TMP2T, _("Rekomendasi sanksi TMP2T")
    RESOLVED = rules.RESOLVED, _("Selesai")
    DISMISSED = rules.DISMISSED, _("Diabaikan")


class FindingQuerySet(models.QuerySet["Finding"]):
    def active(self) -> FindingQuerySet:
        return self.filter(stage__in=rules.ACTIVE_STAGES)


class Finding(models.Model):
    """A non-compliance detected from the figures, and where its workflow stands."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="findings")
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    since = models.DateField(_("sejak"), validators=[validate_plausible_date])
    evidence = models.JSONField(_("bukti"), default=dict)
    iuran = models.BigIntegerField(_("iuran terkait (Rp)"), default=0)
    stage = models.CharField(_("tahap"), max_length=10, choices=Stage.choices, default=Stage.OPEN)
    stage_since = models.DateField(_("tahap sejak"))
    deadline = models.DateField(
        _("tenggat"), null=True, blank=True, validators=[validate_plausible_date]
    )
    recomputed_at = models.DateTimeField(null=True, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("temuan")
        verbose_name_plural = pgettext_lazy("plural", "temuan")
        ordering = ["business", "kind"]
        indexes = [
            # Lists per stage and the overdue highlight.
            models.Index(fields=["pemda", "stage", "deadline"], name="finding_stage_idx"),
            # The recompute finds the latest finding of a kind per business.
            models.Index(fields=["business", "kind", "stage"], name="finding_business_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.business_id} {self.kind} {self.stage}"

    def is_overdue(self, today: object) -> bool:
        return rules.is_overdue(self.stage, self.deadline, today)  # type: ignore[arg-type]

    @property
    def next_stages(self) -> tuple[str, ...]:
        return rules.NEXT_STAGES[self.stage]


class FindingStep(models.Model):
    """One dated step of a finding's workflow, by whom, with its letter number."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("tahap"), max_length=10, choices=Stage.choices)
    on = models.DateField(_("tanggal"), validators=[validate_plausible_date])
    deadline = models.DateField(
        _("tenggat"), null=True, blank=True, validators=[validate_plausible_date]
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField(_("catatan / alasan"), blank=True)
    letter_number = models.CharField(_("nomor surat"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("langkah temuan")
        verbose_name_plural = pgettext_lazy("plural", "langkah temuan")
        ordering = ["finding", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.finding_id} {self.stage} {self.on}"


class Letterhead(models.Model):
    """The Pemda's letterhead and signatory for compliance letters."""

    pemda = models.OneToOneField(Pemda, on_delete=models.CASCADE, related_name="letterhead")
    government = models.CharField(_("pemerintah"), max_length=120)
    office = models.CharField(_("nama dinas"), max_length=200)
    address = models.CharField(_("alamat kantor"), max_length=300, blank=True)
    contact = models.CharField(_("telepon / surel"), max_length=200, blank=True)
    city = models.CharField(_("kota penerbitan"), max_length=60)
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=120, blank=True)
    signatory_title = models.CharField(_("jabatan penanda tangan"), max_length=200, blank=True)
    signatory_nip = models.CharField(_("NIP penanda tangan"), max_length=30, blank=True)
    number_format = models.CharField(
        _("format nomor surat"),
        max_length=80,
        default="560/{nomor}/Disnaker/{tahun}",
        help_text=_("Gunakan {nomor} dan {tahun}."),
        validators=[PlaceholderValidator(NUMBER_FIELDS, 80)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kop surat")
        verbose_name_plural = pgettext_lazy("plural", "kop surat")

    def __str__(self) -> str:
        return f"{self.pemda} {self.office}"


class LetterTemplate(models.Model):
    """The editable text of the letter sent at one workflow stage."""

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="letter_templates")
    stage = models.CharField(_("tahap"), max_length=10, choices=Stage.choices)
    subject = models.CharField(
        _("perihal"), max_length=200, validators=[PlaceholderValidator(LETTER_FIELDS, 200)]
    )
    body = models.TextField(
        _("isi surat"),
        help_text=_(
            "Isian: {nama_usaha} {nib} {alamat} {kecamatan} {jenis_temuan} {rincian} "
            "{iuran} {tenggat} {tanggal} {dasar_hukum}."
        ),
        validators=[PlaceholderValidator(LETTER_FIELDS, MAX_BODY_LENGTH)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("templat surat")
        verbose_name_plural = pgettext_lazy("plural", "templat surat")
        constraints = [
            models.UniqueConstraint(fields=["pemda", "stage"], name="letter_template_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pemda_id} {self.stage}"


class PermitCheck(models.Model):
    """One permit check: who asked (client key or staff), when, for which NIB, the answer."""

    class Channel(models.TextChoices):
        API = "api", "API"
        WEB = "web", _("Halaman cek")

    # No database constraints on the log's references: each would add a key lookup and a
    # KEY SHARE row lock per insert, and every concurrent check would lock the same Pemda
    # row. Django still applies on_delete; the log is append-only. No index on them
    # either: every insert of the hottest route would keep four more B-trees, while the
    # log is only ever read by Pemda and time (the index below; its first column serves
    # the Pemda). Deleting a business, a key or a user then scans the log once to clear
    # its references, which is rare.
    pemda = models.ForeignKey(
        Pemda, on_delete=models.CASCADE, related_name="permit_checks", db_constraint=False,
        db_index=False,
    )  # fmt: skip
    nib = models.CharField("NIB", max_length=13)
    business = models.ForeignKey(
        Business, null=True, blank=True, on_delete=models.SET_NULL, db_constraint=False,
        db_index=False,
    )  # fmt: skip
    status = models.CharField(_("hasil"), max_length=15, choices=Status.choices)
    channel = models.CharField(_("kanal"), max_length=3, choices=Channel.choices)
    # The client key (accounts.Credential of kind "client") that asked, if any.
    api_key = models.ForeignKey(
        "accounts.Credential", null=True, blank=True, on_delete=models.SET_NULL,
        db_constraint=False, db_index=False,
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        db_index=False,
    )
    checked_at = models.DateTimeField(_("waktu cek"))

    class Meta:
        verbose_name = _("cek perizinan")
        verbose_name_plural = pgettext_lazy("plural", "cek perizinan")
        ordering = ["-checked_at", "-pk"]
        indexes = [
            # The log page: newest checks of a Pemda first.
            models.Index(fields=["pemda", "-checked_at"], name="permitcheck_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nib} {self.status} {self.checked_at:%Y-%m-%d %H:%M}"
