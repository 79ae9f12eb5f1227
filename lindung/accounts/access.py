"""Who may manage which user accounts.

An Admin Pemda manages the accounts of their own Pemda; a superuser manages every Pemda's
accounts (in the Pemda chosen in the header). Superuser accounts are never listed or edited
here: they are made on the command line or in the Django admin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lindung.accounts.capabilities import Capability, can
from lindung.accounts.models import User

if TYPE_CHECKING:
    from lindung.registry.models import Pemda


def can_manage_users(user: User) -> bool:
    if not can(user, Capability.MANAGE_USERS):
        return False
    return user.is_superuser or user.pemda_id is not None


def users_for_user(user: User, pemda: Pemda | None = None) -> QuerySet[User]:
    """The accounts `user` may manage, in `pemda` when given; PermissionDenied otherwise."""
    if not can_manage_users(user):
        raise PermissionDenied
    qs = User.objects.filter(is_superuser=False, pemda__isnull=False)
    if not user.is_superuser:
        qs = qs.filter(pemda_id=user.pemda_id or 0)
    if pemda is not None:
        qs = qs.filter(pemda=pemda)
    return qs


def get_user_for_user(user: User, pk: int) -> User:
    """An account `user` may manage; 404 for another Pemda's account or a superuser."""
    try:
        return users_for_user(user).select_related("pemda").get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None
