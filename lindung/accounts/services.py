"""Writes to accounts: users with roles, bearer credentials (personal tokens, client keys)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
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
    user.save()
    user.opds.set(opds)
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
