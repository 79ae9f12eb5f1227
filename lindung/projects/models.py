"""Pemda-funded construction projects (Jakon): contract, termin schedule, BPJS registration,
iuran payments."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lindung.lib.dates import today, validate_plausible_date
from lindung.registry.models import Opd, Pemda
from lindung.rulebook.engine import MAX_CONTRACT_VALUE

# Server and user may straddle midnight: a payment dated tomorrow is a typing error only
# beyond one day.
_FUTURE_SLACK = timedelta(days=1)


class Project(models.Model):
    """A construction project the Pemda pays for, registered per project at BPJS TK."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="projects")
    opd = models.ForeignKey(
        Opd, on_delete=models.PROTECT, related_name="projects", verbose_name=_("OPD pemilik")
    )
    name = models.CharField(_("nama paket pekerjaan"), max_length=255)
    contract_number = models.CharField(_("nomor kontrak/SPK"), max_length=100, blank=True)
    contractor_name = models.CharField(_("nama penyedia jasa"), max_length=200)
    contractor_nib = models.CharField(
        _("NIB penyedia"),
        max_length=13,
        blank=True,
        validators=[RegexValidator(r"^\d{13}$", _("NIB terdiri dari 13 digit angka."))],
    )
    contractor_npp = models.CharField(_("NPP penyedia"), max_length=20, blank=True)
    contract_value = models.PositiveBigIntegerField(
        _("nilai kontrak tanpa PPN (Rp)"),
        validators=[
            MinValueValidator(1, _("Nilai kontrak harus lebih dari Rp0.")),
            MaxValueValidator(MAX_CONTRACT_VALUE, _("Nilai kontrak tidak wajar.")),
        ],
    )
    spk_date = models.DateField(_("tanggal SPK"), validators=[validate_plausible_date])
    start_date = models.DateField(_("tanggal mulai"), validators=[validate_plausible_date])
    end_date = models.DateField(_("tanggal selesai"), validators=[validate_plausible_date])
    registration_number = models.CharField(
        _("nomor pendaftaran proyek BPJS"), max_length=40, blank=True
    )
    registered_on = models.DateField(
        _("tanggal pendaftaran BPJS"), null=True, blank=True, validators=[validate_plausible_date]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proyek")
        verbose_name_plural = pgettext_lazy("plural", "proyek")
        ordering = ["-spk_date", "name"]
        indexes = [
            # The project list of a Pemda (and of one OPD), newest SPK first.
            models.Index(fields=["pemda", "opd", "spk_date"], name="project_pemda_opd_spk"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.spk_date and self.end_date and self.spk_date > self.end_date:
            errors["spk_date"] = _("Tanggal SPK tidak boleh sesudah tanggal selesai.")
        if self.start_date and self.end_date and self.start_date > self.end_date:
            errors["end_date"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        if self.registered_on and self.registered_on > today():
            errors["registered_on"] = _("Tanggal pendaftaran BPJS tidak boleh di masa depan.")
        elif self.registered_on and self.spk_date and self.registered_on < self.spk_date:
            errors["registered_on"] = _("Tanggal pendaftaran tidak boleh sebelum tanggal SPK.")
        if bool(self.registration_number) != bool(self.registered_on):
            errors["registration_number"] = _(
                "Nomor dan tanggal pendaftaran BPJS diisi bersama-sama."
            )
        if self.opd_id and self.pemda_id and self.opd.pemda_id != self.pemda_id:
            errors["opd"] = _("OPD tidak ditemukan di Pemda ini.")
        if errors:
            raise ValidationError(errors)


class Termin(models.Model):
    """One staged contract payment of the project's schedule."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="termins")
    number = models.PositiveSmallIntegerField(
        _("termin ke"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    planned_date = models.DateField(
        _("rencana tanggal bayar"), validators=[validate_plausible_date]
    )
    percent = models.DecimalField(
        _("persen nilai kontrak"),
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01"), _("Persen termin harus lebih dari 0.")),
            MaxValueValidator(Decimal(100), _("Persen termin paling banyak 100.")),
        ],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("termin")
        verbose_name_plural = pgettext_lazy("plural", "termin")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="termin_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.project} termin {self.number}"

    @property
    def amount(self) -> int:
        """Rupiah of this termin (triggers a query when the project is not loaded)."""
        return int(self.project.contract_value * self.percent / 100)


class Payment(models.Model):
    """An iuran payment for the project to BPJS TK."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("tanggal bayar"), validators=[validate_plausible_date])
    amount = models.PositiveBigIntegerField(
        _("jumlah (Rp)"),
        validators=[
            MinValueValidator(1, _("Jumlah pembayaran harus lebih dari Rp0.")),
            MaxValueValidator(MAX_CONTRACT_VALUE, _("Jumlah pembayaran tidak wajar.")),
        ],
    )
    reference = models.CharField(_("nomor bukti/kode bayar"), max_length=60, blank=True)
    # A payment above the outstanding iuran is recorded only when the user confirmed it
    # and said why (lindung.projects.rules.payment_problems).
    overpayment_confirmed = models.BooleanField(_("bayar lebih dikonfirmasi"), default=False)
    overpayment_reason = models.CharField(_("alasan bayar lebih"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pembayaran iuran")
        verbose_name_plural = pgettext_lazy("plural", "pembayaran iuran")
        ordering = ["project", "paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.project} {self.paid_on:%Y-%m-%d} Rp{self.amount}"

    def clean(self) -> None:
        if self.paid_on and self.paid_on > today() + _FUTURE_SLACK:
            raise ValidationError({"paid_on": _("Tanggal bayar tidak boleh di masa depan.")})
