"""City-wide coverage: the city's workforce (the denominator) and BPJS's city totals.

Both are figures someone else published (BPS Sakernas, Disnaker's WLKP, the BPJS branch's
report), entered with their source and date, per BPJS segment.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lindung.lib.dates import validate_plausible_date
from lindung.registry.models import Pemda

# More than any Indonesian regency's population: a typo, not a figure.
MAX_PEOPLE = 50_000_000


class Segment(models.TextChoices):
    PU = "pu", _("Penerima upah (pekerja formal)")
    BPU = "bpu", _("Bukan penerima upah (pekerja informal)")
    JAKON = "jakon", _("Jasa konstruksi")


class _Figure(models.Model):
    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    segment = models.CharField(_("segmen"), max_length=10, choices=Segment.choices)
    people = models.PositiveIntegerField(
        _("jumlah orang"), validators=[MaxValueValidator(MAX_PEOPLE, _("Jumlah tidak wajar."))]
    )
    as_of = models.DateField(_("keadaan per"), validators=[validate_plausible_date])
    source = models.CharField(_("sumber"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-as_of", "segment"]


class Workforce(_Figure):
    """How many people work in the city in a segment (the denominator of city coverage)."""

    history = HistoricalRecords()

    class Meta(_Figure.Meta):
        verbose_name = _("jumlah pekerja kota")
        verbose_name_plural = pgettext_lazy("plural", "jumlah pekerja kota")
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "segment", "as_of"], name="workforce_unique_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.segment} {self.people} ({self.as_of}, {self.source})"


class BpjsTotal(_Figure):
    """How many active BPJS participants the branch counts in the city in a segment."""

    history = HistoricalRecords()

    class Meta(_Figure.Meta):
        verbose_name = _("total peserta BPJS di kota")
        verbose_name_plural = pgettext_lazy("plural", "total peserta BPJS di kota")
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "segment", "as_of"], name="bpjs_total_unique_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.segment} {self.people} ({self.as_of}, {self.source})"
