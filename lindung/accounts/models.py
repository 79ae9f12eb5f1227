"""Users, their role within one Pemda, and personal API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lindung.registry.models import Opd, Pemda

TOKEN_PREFIX = "lnd_"  # noqa: S105 - a public prefix, not a secret


class Role(models.TextChoices):
    ADMIN_PEMDA = "admin_pemda", _("Admin Pemda")
    OPERATOR_OPD = "operator_opd", _("Operator OPD")
    PETUGAS_BPJS = "petugas_bpjs", _("Petugas BPJS")
    DISNAKER = "disnaker", _("Disnaker")
    PERIZINAN = "perizinan", _("Perizinan")
    PIMPINAN = "pimpinan", _("Pimpinan")


class User(AbstractUser):
    """A person who logs in. Superusers span every Pemda; everyone else belongs to one."""

    pemda = models.ForeignKey(
        Pemda, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, blank=True)
    opds = models.ManyToManyField(Opd, blank=True, related_name="operators", verbose_name="OPD")
    # Set by a password reset: the temporary password must be replaced at the next login.
    must_change_password = models.BooleanField(_("wajib ganti kata sandi"), default=False)

    # Who changed an account, and how (the change reason names the OPDs and the action);
    # the password hash and login times stay out of the history.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = pgettext_lazy("plural", "pengguna")


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal bearer token; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = pgettext_lazy("plural", "token API")

    def __str__(self) -> str:
        return f"{self.user} / {self.name or self.pk}"

    @staticmethod
    def new_raw() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def digest_of(raw: str) -> str:
        return _digest(raw)
