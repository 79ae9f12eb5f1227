"""Writes to accounts: users with roles, bearer credentials (personal tokens, client keys).

Every account change is kept by django-simple-history with who made it (`by`) and a short
reason naming the action and the OPD binding (the binding is a many-to-many the history
row does not hold).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.models import KEY_PREFIX, TOKEN_PREFIX, Credential, Role, User
from lindung.lib.ratelimit import count_in_window
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


# -- bearer credentials: personal API tokens and client keys -----------------------------------

# A live credential found by its digest, in the cache every process shares (settings.CACHES):
# a revocation drops the entry, so no worker keeps accepting a revoked key. Only the
# credential row is cached; a token's user is read fresh, so a deactivated user is refused
# at once.
CACHE_SECONDS = 300
_CACHE_PREFIX = "credential:"
# The fields authentication needs; the cached copy holds nothing more.
_AUTH_FIELDS = ("id", "kind", "user_id", "pemda_id", "name", "rate_per_minute", "last_used_at")
RATE_WINDOW = 60  # seconds


def _cache_key(digest: str) -> str:
    return _CACHE_PREFIX + digest


def _issue(credential: Credential, *, actor: User | None, reason: str) -> str:
    raw = Credential.new_raw(credential.kind)
    credential.prefix = raw[:12]
    credential.digest = Credential.digest_of(raw)
    credential.created_by = actor
    credential._history_user = actor  # type: ignore[attr-defined]
    credential._change_reason = reason  # type: ignore[attr-defined]
    credential.full_clean()
    credential.save()
    return raw


@transaction.atomic
def token_create(*, user: User, name: str = "", actor: User | None = None) -> str:
    """Issue a personal API token; the raw value is returned once and never stored."""
    credential = Credential(kind=Credential.Kind.PERSONAL, user=user, name=name.strip()[:100])
    return _issue(credential, actor=actor or user, reason="Token API pribadi dibuat")


@transaction.atomic
def client_key_create(
    *, pemda: Pemda, name: str, actor: User | None = None, rate_per_minute: int = 300
) -> tuple[Credential, str]:
    """Issue a client key for a Pemda; the raw key is returned once, only its digest kept."""
    if not name.strip():
        raise ValidationError({"name": _("Nama sistem klien wajib diisi.")})
    if rate_per_minute < 1:
        raise ValidationError({"rate_per_minute": _("Batas per menit minimal 1.")})
    credential = Credential(
        kind=Credential.Kind.CLIENT, pemda=pemda, name=name.strip()[:100],
        rate_per_minute=rate_per_minute,
    )  # fmt: skip
    raw = _issue(credential, actor=actor, reason="Kunci API klien dibuat")
    return credential, raw


@transaction.atomic
def credential_revoke(*, credential: Credential, actor: User | None = None) -> Credential:
    """Revoke a token or key; every process refuses it from the commit on."""
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.revoked_at is not None:
        raise ValidationError(_("Kredensial ini sudah dicabut."))
    credential.revoked_at = timezone.now()
    credential._history_user = actor  # type: ignore[attr-defined]
    credential._change_reason = (  # type: ignore[attr-defined]
        "Kunci API klien dicabut" if credential.is_client_key else "Token API pribadi dicabut"
    )
    credential.save(update_fields=["revoked_at"])
    # Dropped now, and again after the commit: a request running meanwhile could have
    # cached the row as it was before this transaction.
    key = _cache_key(credential.digest)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
    return credential


@transaction.atomic
def token_revoke(*, user: User, token_id: int) -> None:
    """Revoke one of the user's own personal tokens."""
    credential = Credential.objects.personal().filter(pk=token_id, user=user).first()
    if credential is None or credential.revoked_at is not None:
        raise ValidationError(_("Token tidak ditemukan atau sudah dicabut."))
    credential_revoke(credential=credential, actor=user)


def credential_authenticate(raw: str) -> Credential | None:
    """The live credential for a raw bearer value, or None.

    A personal token comes back with its (active) user loaded; a client key with its Pemda
    id and rate limit. The one authentication path of the API, for both kinds.
    """
    if not raw.startswith((TOKEN_PREFIX, KEY_PREFIX)):
        return None
    digest = Credential.digest_of(raw)
    # Plain values, not a pickled model: a cached entry survives a deploy that changes it.
    row: dict[str, Any] | None = cache.get(_cache_key(digest))
    if row is None:
        row = Credential.objects.usable().filter(digest=digest).values(*_AUTH_FIELDS).first()
        if row is None:
            return None
        cache.set(_cache_key(digest), row, timeout=CACHE_SECONDS)
    credential = Credential(**row)
    if credential.kind == Credential.Kind.PERSONAL:
        user_id = credential.user_id
        user = None if user_id is None else User.objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            return None
        credential.user = user
        _touch(row, digest)
    return credential


def _touch(row: dict[str, Any], digest: str) -> None:
    # At most once a minute: a busy client must not turn reads into writes.
    now = timezone.now()
    last = row["last_used_at"]
    if last is None or (now - last).total_seconds() > 60:
        Credential.objects.filter(pk=row["id"]).update(last_used_at=now)
        cache.set(_cache_key(digest), {**row, "last_used_at": now}, timeout=CACHE_SECONDS)


def token_authenticate(raw: str) -> User | None:
    """The active user of a personal token, or None (client keys act for no user)."""
    credential = credential_authenticate(raw)
    if credential is None or credential.kind != Credential.Kind.PERSONAL:
        return None
    return credential.user


def rate_limited(credential: Credential, *, now: float | None = None) -> bool:
    """Count this request in the client key's one-minute window; True when over its limit.

    The counter lives in the shared cache: one increment per request, no database write,
    and every process counts against the same limit.
    """
    if credential.rate_per_minute is None:
        return False
    count = count_in_window(f"credential:rate:{credential.pk}", window=RATE_WINDOW, now=now)
    return count > credential.rate_per_minute
