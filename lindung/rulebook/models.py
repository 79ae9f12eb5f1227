"""Rule values as rows an admin can add to (next March's JP cap) without a release."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lindung.rulebook import rules as pure


class RuleValueQuerySet(models.QuerySet["RuleValue"]):
    def ruleset(self) -> pure.RuleSet:
        """All rows as a pure RuleSet (one query)."""
        return pure.RuleSet(row.as_rule() for row in self)


class RuleValue(models.Model):
    class Unit(models.TextChoices):
        PERCENT = "percent", _("persen")
        RUPIAH = "rupiah", _("rupiah")
        COUNT = "count", _("jumlah")
        FACTOR = "factor", _("faktor")
        DAYS = "days", _("hari kerja")
        DAY = "day", _("tanggal")
        FLAG = "flag", _("tanda")
        PROGRAMS = "programs", _("daftar program")

    class Confidence(models.TextChoices):
        CONFIRMED = "CONFIRMED", _("Terkonfirmasi")
        SINGLE_SOURCE = "SINGLE-SOURCE", _("Satu sumber")
        UNCONFIRMED = "UNCONFIRMED", _("Belum terkonfirmasi")

    key = models.CharField(_("kunci"), max_length=60)
    qualifier = models.CharField(_("kualifikasi"), max_length=30, blank=True)
    value = models.CharField(_("nilai"), max_length=100)
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices)
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    legal_basis = models.CharField(_("dasar hukum"), max_length=200)
    confidence = models.CharField(
        _("tingkat kepastian"), max_length=15, choices=Confidence.choices, default="CONFIRMED"
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = RuleValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("nilai aturan")
        verbose_name_plural = pgettext_lazy("plural", "nilai aturan")
        ordering = ["key", "qualifier", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "qualifier", "valid_from"], name="rule_unique_start"
            ),
        ]

    def __str__(self) -> str:
        qualifier = f"[{self.qualifier}]" if self.qualifier else ""
        return f"{self.key}{qualifier} = {self.value} ({self.valid_from:%Y-%m-%d})"

    def as_rule(self) -> pure.Rule:
        return pure.Rule(
            key=self.key,
            qualifier=self.qualifier,
            value=self.value,
            unit=self.unit,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            legal_basis=self.legal_basis,
            confidence=self.confidence,
            note=self.note,
        )

    def clean(self) -> None:
        try:
            pure.validate(self.as_rule())
        except (ValueError, ArithmeticError) as exc:
            raise ValidationError({"value": _("Nilai tidak valid untuk satuannya.")}) from exc
        if self.valid_from is None:
            return
        clash = RuleValue.objects.filter(key=self.key, qualifier=self.qualifier).exclude(
            pk=self.pk
        )
        clash = clash.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
        if self.valid_to is not None:
            clash = clash.filter(valid_from__lte=self.valid_to)
        if clash.exists():
            raise ValidationError(
                _(
                    "Periode berlaku bertumpuk dengan baris lain untuk kunci yang sama; "
                    "akhiri dulu baris sebelumnya (isi 'berlaku sampai')."
                )
            )


class Holiday(models.Model):
    """A day off of the SKB 3 Menteri: a national holiday (libur nasional) or cuti bersama.

    Working-day deadlines skip both (`lindung.lib.calendar`); the kind is kept so that the
    admin and any later rule can tell them apart.
    """

    class Kind(models.TextChoices):
        HOLIDAY = pure.HOLIDAY, _("libur nasional")
        CUTI_BERSAMA = pure.CUTI_BERSAMA, _("cuti bersama")

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=15, choices=Kind.choices, default=pure.HOLIDAY)
    source = models.CharField(_("sumber"), max_length=120, blank=True)
    confidence = models.CharField(_("tingkat kepastian"), max_length=15, default="CONFIRMED")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hari libur nasional")
        verbose_name_plural = pgettext_lazy("plural", "hari libur nasional")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
