"""Writes to accounts: users with roles, API tokens.

Every account change is kept by django-simple-history with who made it (`by`) and a short
reason naming the action and the OPD binding (the binding is a many-to-many the history
row does not hold).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
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
    _audit(user, None, "diatur lewat baris perintah", opds)
    user.save()
    user.opds.set(opds)
    return user


# Unambiguous letters and digits: a temporary password is read aloud or copied by hand.
_TEMP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _temporary_password() -> str:
    raw = "".join(secrets.choice(_TEMP_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _audit(user: User, by: User | None, action: str, opds: Iterable[Opd] | None = None) -> None:
    """Mark the next history row of `user`: who acted and what was done.

    The reason is stored data in Bahasa Indonesia, whatever the language of the page.
    """
    reason = str(action)
    if opds is not None:
        codes = ", ".join(sorted(o.code for o in opds))
        reason += f"; OPD: {codes or '-'}"
    user._history_user = by  # type: ignore[attr-defined]
    user._change_reason = reason[:100]  # type: ignore[attr-defined]


def _ensure_manager(by: User, pemda: Pemda | None) -> None:
    """Refuse a manager who may not manage accounts of `pemda`."""
    if by.is_superuser:
        return
    if by.role != Role.ADMIN_PEMDA or by.pemda_id is None:
        raise PermissionDenied(_("Hanya Admin Pemda yang dapat mengelola akun."))
    if pemda is None or pemda.pk != by.pemda_id:
        raise PermissionDenied(_("Anda hanya dapat mengelola akun Pemda Anda sendiri."))


def _ensure_managed(by: User, user: User) -> None:
    if user.is_superuser or user.pemda_id is None:
        raise PermissionDenied(_("Akun superuser tidak dapat diubah di sini."))
    _ensure_manager(by, user.pemda)


def _check_role(pemda: Pemda, role: str, opds: list[Opd]) -> list[Opd]:
    """The OPDs to bind: an Operator OPD needs some of its Pemda; other roles none."""
    if role not in Role.values:
        raise ValidationError({"role": _("Peran tidak dikenal.")})
    if role != Role.OPERATOR_OPD:
        return []
    if not opds:
        raise ValidationError({"opds": _("Operator OPD wajib terikat ke minimal satu OPD.")})
    if any(o.pemda_id != pemda.pk for o in opds):
        raise ValidationError({"opds": _("OPD harus dari Pemda yang sama.")})
    return opds


@transaction.atomic
def user_create(
    *,
    by: User,
    pemda: Pemda,
    username: str,
    role: str,
    opds: Iterable[Opd] = (),
    full_name: str = "",
    email: str = "",
) -> tuple[User, str]:
    """Create an account with a temporary password, returned once; it must be changed."""
    _ensure_manager(by, pemda)
    opds = _check_role(pemda, role, list(opds))
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Nama pengguna ini sudah dipakai.")})
    password = _temporary_password()
    user = User(
        username=username,
        pemda=pemda,
        role=role,
        first_name=full_name.strip(),
        email=email.strip(),
        must_change_password=True,
    )
    user.set_password(password)
    _audit(user, by, "akun dibuat", opds)
    user.save()
    user.opds.set(opds)
    return user, password


@transaction.atomic
def user_update(
    *,
    by: User,
    user: User,
    role: str,
    opds: Iterable[Opd] = (),
    full_name: str = "",
    email: str = "",
) -> User:
    """Change an account's name, e-mail, role and OPD binding."""
    _ensure_managed(by, user)
    if user.pk == by.pk and role != user.role:
        raise ValidationError({"role": _("Anda tidak dapat mengubah peran akun Anda sendiri.")})
    opds = _check_role(user.pemda, role, list(opds))  # type: ignore[arg-type] # has a Pemda
    user.role = role
    user.first_name = full_name.strip()
    user.email = email.strip()
    _audit(user, by, "akun diubah", opds)
    user.save()
    user.opds.set(opds)
    return user


@transaction.atomic
def user_set_active(*, by: User, user: User, active: bool) -> User:
    """Deactivate (or reactivate) an account; its sessions and API tokens stop working."""
    _ensure_managed(by, user)
    if user.pk == by.pk and not active:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    user.is_active = active
    _audit(user, by, "akun diaktifkan" if active else "akun dinonaktifkan")
    user.save()
    return user


@transaction.atomic
def user_reset_password(*, by: User, user: User) -> str:
    """Set a temporary password, returned once; the owner must change it at next login."""
    _ensure_managed(by, user)
    password = _temporary_password()
    user.set_password(password)
    user.must_change_password = True
    _audit(user, by, "kata sandi direset")
    user.save()
    return password


@transaction.atomic
def user_change_password(*, user: User, password: str) -> User:
    """The owner sets a new password (after a reset or by choice)."""
    user.set_password(password)
    user.must_change_password = False
    _audit(user, user, "kata sandi diganti pemiliknya")
    user.save()
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
