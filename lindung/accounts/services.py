"""Writes to accounts: users with roles, API tokens."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.models import ApiToken, Role, User
from lindung.registry.models import Opd, Pemda


@transaction.atomic
def user_upsert(
    *,
    username: str,
    password: str,
    pemda: Pemda | None,
    role: str,
    opds: Iterable[Opd] = (),
    superuser: bool = False,
) -> User:
    """Create or reset a user with one role in one Pemda (superusers: no Pemda)."""
    if role and role not in Role.values:
        raise ValidationError({"role": _("Peran tidak dikenal.")})
    if not superuser and (pemda is None or not role):
        raise ValidationError(_("Pengguna biasa wajib punya Pemda dan peran."))
    opds = list(opds)
    if role == Role.OPERATOR_OPD and not opds:
        raise ValidationError({"opds": _("Operator OPD wajib terikat ke minimal satu OPD.")})
    if any(pemda is None or o.pemda_id != pemda.pk for o in opds):
        raise ValidationError({"opds": _("OPD harus dari Pemda yang sama.")})
    user = User.objects.filter(username=username).first() or User(username=username)
    user.pemda = pemda
    user.role = role
    user.is_superuser = superuser
    # Django admin stays available to superusers only.
    user.is_staff = superuser
    user.set_password(password)
    user.save()
    user.opds.set(opds)
    return user


@transaction.atomic
def token_create(*, user: User, name: str = "") -> str:
    """Issue a personal API token; the raw value is returned once and never stored."""
    raw = ApiToken.new_raw()
    ApiToken.objects.create(user=user, name=name, digest=ApiToken.digest_of(raw))
    return raw


def token_authenticate(raw: str) -> User | None:
    token = (
        ApiToken.objects.usable()
        .select_related("user")
        .filter(digest=ApiToken.digest_of(raw))
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch at most once a minute: a busy client must not turn reads into writes.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def token_revoke(*, user: User, token_id: int) -> None:
    updated = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("Token tidak ditemukan atau sudah dicabut."))
