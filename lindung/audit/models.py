"""Who took personal data out of Lindung: every export and download of it (UU 27/2022)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lindung.registry.models import Opd, Pemda


class AccessEvent(models.Model):
    """One export or download of a file holding personal data: who, when, what, which OPD."""

    class Kind(models.TextChoices):
        WORKERS = "workers", _("Unduh daftar pekerja")
        ACTIONS = "actions", _("Unduh daftar tindak lanjut")
        RECORDS = "records", _("Unduh rincian dasbor")
        REPORT = "report", _("Unduh laporan rakor")
        LETTER = "letter", _("Unduh surat kepatuhan")
        IMPORT_ERRORS = "import_errors", _("Unduh galat impor")
        AUDIT = "audit", _("Unduh log audit")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    what = models.CharField(_("berkas"), max_length=255)
    opd = models.ForeignKey(
        Opd, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    masked = models.BooleanField(_("NIK tersamar"), default=False)
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("akses data pribadi")
        verbose_name_plural = pgettext_lazy("plural", "akses data pribadi")
        ordering = ["-at", "-id"]
        # The Pemda's audit log, newest first (audit.queries.entries).
        indexes = [models.Index(fields=["pemda", "-at"], name="audit_event_pemda_at")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.what}"
