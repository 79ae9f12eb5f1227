"""BPJS TK's side of the data: its employers (NPP + Divisi) and their links, and memberships.

One `Employer` per NPP (+Divisi) of a Pemda, whichever export it came from (the branch's
employer export with its figures, or the NPPs seen in a membership export), linked to at
most one OPD or business (a contractor is a business that holds a construction project)
through one link workflow: matcher, review queue, decision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lindung.bpjs import matcher
from lindung.compliance import rules
from lindung.lib.dates import validate_plausible_date
from lindung.registry.models import Pemda


class Link(models.TextChoices):
    """Where an employer's link stands; the reason says how it was made."""

    NONE = matcher.NONE, _("Belum tertaut")
    AUTO = matcher.AUTO, _("Tertaut otomatis")
    PROPOSED = matcher.PROPOSED, _("Menunggu pemeriksaan")
    CONFIRMED = matcher.CONFIRMED, _("Dikonfirmasi petugas")
    REJECTED = matcher.REJECTED, _("Ditolak petugas")


class Reason(models.TextChoices):
    NONE = "", "–"
    TYPED = matcher.BY_TYPED, _("NPP diisi pada data OPD")
    NIB = matcher.BY_NIB, _("Lewat NIB")
    NAME = matcher.BY_NAME, _("Lewat nama yang sama")
    NAME_KECAMATAN = matcher.BY_NAME_KECAMATAN, _("Lewat nama dan kecamatan")
    ACRONYM = matcher.BY_ACRONYM, _("Lewat singkatan atau kode")
    SIMILAR = matcher.BY_SIMILAR, _("Lewat nama yang mirip")
    REVIEWER = matcher.BY_REVIEWER, _("Diputuskan petugas")


class Kind(models.TextChoices):
    """What an employer is linked to; a contractor is a business holding a project."""

    OPD = matcher.KIND_OPD, _("OPD")
    BUSINESS = matcher.KIND_BUSINESS, _("Badan usaha")
    CONTRACTOR = matcher.KIND_CONTRACTOR, _("Kontraktor")


LINKED = (Link.AUTO, Link.CONFIRMED)


class EmployerQuerySet(models.QuerySet["Employer"]):
    def linked(self) -> EmployerQuerySet:
        return self.filter(link__in=LINKED)

    def linked_opds(self) -> EmployerQuerySet:
        """NPPs that belong to an OPD: what the reconciliation reads."""
        return self.linked().filter(opd__isnull=False).exclude(npp="")


class Employer(models.Model):
    """One NPP (+Divisi) at BPJS TK, its figures, and what it is linked to."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="employers")
    npp = models.CharField("NPP", max_length=20)
    divisi = models.CharField(_("divisi"), max_length=10, blank=True)
    name = models.CharField(_("nama pemberi kerja"), max_length=200, blank=True)
    name_key = models.CharField(max_length=200, editable=False, blank=True)
    nib = models.CharField("NIB", max_length=13, blank=True)
    kecamatan = models.CharField(_("kecamatan"), max_length=100, blank=True)
    # Figures of the branch's employer export (none for an NPP only seen in memberships).
    active_workers = models.PositiveIntegerField(_("tenaga kerja aktif"), default=0)
    total_wages = models.PositiveBigIntegerField(_("total upah dilaporkan"), null=True, blank=True)
    programs = models.CharField(_("program"), max_length=40, blank=True)  # "JKK,JKM,JHT"
    paid_through = models.DateField(
        _("iuran dibayar sampai"), null=True, blank=True, validators=[validate_plausible_date]
    )
    arrears = models.PositiveBigIntegerField(_("tunggakan"), default=0)
    # The link: at most one target (checked by a constraint).
    opd = models.ForeignKey(
        "registry.Opd", null=True, blank=True, on_delete=models.SET_NULL, related_name="employers"
    )
    business = models.ForeignKey(
        "compliance.Business",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employers",
    )
    link = models.CharField(_("tautan"), max_length=10, choices=Link.choices, default=Link.NONE)
    reason = models.CharField(
        _("alasan tautan"), max_length=16, choices=Reason.choices, blank=True, default=""
    )
    score = models.FloatField(_("skor"), default=0)
    # Targets a reviewer said this NPP is not ("opd:12", "business:7"): never suggested again.
    rejected = models.JSONField(default=list, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_at = models.DateTimeField(null=True, blank=True)
    batch = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = EmployerQuerySet.as_manager()

    class Meta:
        verbose_name = _("pemberi kerja BPJS")
        verbose_name_plural = pgettext_lazy("plural", "pemberi kerja BPJS")
        ordering = ["npp", "divisi"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "npp", "divisi"], name="bpjs_employer_npp"),
            models.CheckConstraint(
                condition=models.Q(opd__isnull=True) | models.Q(business__isnull=True),
                name="bpjs_employer_one_target",
            ),
        ]
        indexes = [
            # The review queue of a Pemda by link status.
            models.Index(fields=["pemda", "link"], name="bpjs_employer_link_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.npp}/{self.divisi} {self.name}" if self.divisi else f"{self.npp} {self.name}"
        )

    @property
    def npp_label(self) -> str:
        return f"{self.npp}/{self.divisi}" if self.divisi else self.npp

    @property
    def is_linked(self) -> bool:
        return self.link in LINKED

    @property
    def kind(self) -> str:
        """opd or business from the target ("" when none; contractors are told by a query)."""
        if self.opd_id is not None:
            return Kind.OPD
        return Kind.BUSINESS if self.business_id is not None else ""

    @property
    def target(self) -> object | None:
        """The OPD or business (one query each unless select_related)."""
        return self.opd if self.opd_id is not None else self.business

    def as_rule(self) -> rules.EmployerFacts:
        return rules.EmployerFacts(
            npp=self.npp,
            divisi=self.divisi,
            active_workers=self.active_workers,
            total_wages=self.total_wages,
            programs=tuple(p for p in self.programs.split(",") if p),
            paid_through=self.paid_through,
            arrears=self.arrears,
        )


class Membership(models.Model):
    """BPJS TK's view of one participant, from a membership export."""

    class Segment(models.TextChoices):
        PU = "PU", _("Penerima Upah")
        BPU = "BPU", _("Bukan Penerima Upah")
        JAKON = "JAKON", _("Jasa Konstruksi")

    class Status(models.TextChoices):
        AKTIF = "aktif", _("Aktif")
        NON_AKTIF = "non_aktif", _("Non Aktif")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="memberships")
    batch = models.ForeignKey(
        "imports.ImportBatch", on_delete=models.PROTECT, related_name="memberships"
    )
    # The export this row belongs to: an NPP (+Divisi), or the segment for rows without one.
    scope = models.CharField(max_length=40)
    is_current = models.BooleanField(default=True)
    nik = models.CharField("NIK", max_length=16)
    kpj = models.CharField("KPJ", max_length=11, blank=True)
    name = models.CharField(_("nama"), max_length=150, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    npp = models.CharField("NPP", max_length=20, blank=True)
    divisi = models.CharField(_("divisi"), max_length=10, blank=True)
    employer_name = models.CharField(_("pemberi kerja"), max_length=200, blank=True)
    segment = models.CharField(_("segmen"), max_length=5, choices=Segment.choices, blank=True)
    programs = models.CharField(_("program"), max_length=40, blank=True)  # "JKK,JKM,JHT"
    reported_wage = models.PositiveBigIntegerField(_("upah dilaporkan"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, blank=True)
    last_paid_month = models.DateField(_("iuran terakhir"), null=True, blank=True)
    member_since = models.DateField(_("mulai kepesertaan"), null=True, blank=True)

    class Meta:
        verbose_name = _("kepesertaan")
        verbose_name_plural = pgettext_lazy("plural", "kepesertaan")
        # Moved here from the imports app without moving its rows.
        db_table = "imports_membership"
        indexes = [
            # Reconciliation joins the current snapshot on NIK within a Pemda.
            models.Index(fields=["pemda", "is_current", "nik"], name="membership_current_nik"),
            # Replacing the previous snapshot of a scope.
            models.Index(fields=["pemda", "scope", "is_current"], name="membership_scope_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nik} {self.scope} {self.status}"
