"""Users, their role within one Pemda, and bearer credentials (tokens and client keys)."""

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
KEY_PREFIX = "lndk_"  # noqa: S105 - a public prefix telling client keys from user tokens


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


class CredentialQuerySet(models.QuerySet["Credential"]):
    def usable(self) -> CredentialQuerySet:
        """Not revoked (a personal token's owner must also be active: checked by the caller)."""
        return self.filter(revoked_at__isnull=True)

    def personal(self) -> CredentialQuerySet:
        return self.filter(kind=Credential.Kind.PERSONAL)

    def client_keys(self) -> CredentialQuerySet:
        return self.filter(kind=Credential.Kind.CLIENT)


class Credential(models.Model):
    """A bearer credential; only its SHA-256 digest is stored, the raw value is shown once.

    Two kinds share the design: a personal API token acts as its user; a client key acts
    for a Pemda (a client system such as the licensing office's, held to a rate limit).
    """

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Token API pribadi")
        CLIENT = "client", _("Kunci API klien")

    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="api_tokens"
    )
    pemda = models.ForeignKey(
        Pemda, null=True, blank=True, on_delete=models.CASCADE, related_name="client_keys"
    )
    # A token's label, or the client system's name.
    name = models.CharField(_("nama"), max_length=100, blank=True)
    prefix = models.CharField(_("awalan"), max_length=12, blank=True)  # tells keys apart
    digest = models.CharField(max_length=64, unique=True)
    rate_per_minute = models.PositiveIntegerField(_("batas per menit"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    # Who created and revoked which key; last use is touched by a bare update, not recorded.
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    objects = CredentialQuerySet.as_manager()

    class Meta:
        verbose_name = _("kredensial API")
        verbose_name_plural = pgettext_lazy("plural", "kredensial API")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="personal", user__isnull=False, pemda__isnull=True)
                    | models.Q(
                        kind="client",
                        user__isnull=True,
                        pemda__isnull=False,
                        rate_per_minute__isnull=False,
                    )
                ),
                name="credential_owner_matches_kind",
            )
        ]

    def __str__(self) -> str:
        owner = self.user if self.kind == self.Kind.PERSONAL else self.pemda_id
        return f"{owner} / {self.name or self.pk} ({self.prefix}…)"

    @property
    def is_client_key(self) -> bool:
        return self.kind == self.Kind.CLIENT

    @staticmethod
    def new_raw(kind: str) -> str:
        prefix = KEY_PREFIX if kind == Credential.Kind.CLIENT else TOKEN_PREFIX
        return prefix + secrets.token_urlsafe(32)

    @staticmethod
    def digest_of(raw: str) -> str:
        return _digest(raw)
