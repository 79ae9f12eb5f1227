"""Who may see and change which registry objects.

One helper per object type. Each returns the object (or a queryset) the user may read, and
raises Http404 for objects outside the user's scope (their existence is not revealed) or
PermissionDenied when the user's role has no access to that kind of object at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lindung.accounts.capabilities import Capability, role_can
from lindung.accounts.models import Role
from lindung.registry.models import Engagement, EngagementQuerySet, Opd, Pemda, Person

if TYPE_CHECKING:
    from lindung.accounts.models import User

# Which role reads, writes and sees identities: lindung.accounts.capabilities.


@dataclass(frozen=True)
class WorkerScope:
    """What a user may do with the worker registry."""

    pemda_id: int | None  # None: every Pemda (superuser)
    opd_ids: frozenset[int] | None  # None: every OPD of the Pemda
    can_write: bool
    can_manage_opds: bool
    masked: bool


def worker_scope(user: User) -> WorkerScope:
    """Return the user's registry scope or raise PermissionDenied.

    Triggers one query for Operator OPD (their OPDs); cached on the user object.
    """
    cached = getattr(user, "_worker_scope", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    if user.is_superuser:
        scope = WorkerScope(None, None, can_write=True, can_manage_opds=True, masked=False)
    elif user.pemda_id is None or not role_can(user.role, Capability.READ_WORKERS):
        raise PermissionDenied
    else:
        opd_ids = None
        if user.role == Role.OPERATOR_OPD:
            opd_ids = frozenset(
                user.opds.filter(pemda_id=user.pemda_id).values_list("pk", flat=True)
            )
        scope = WorkerScope(
            user.pemda_id,
            opd_ids,
            can_write=role_can(user.role, Capability.WRITE_WORKERS),
            can_manage_opds=role_can(user.role, Capability.MANAGE_OPDS),
            masked=not role_can(user.role, Capability.SEE_IDENTITIES),
        )
    user._worker_scope = scope  # type: ignore[attr-defined]
    return scope


def can_read_workers(user: User) -> bool:
    try:
        worker_scope(user)
    except PermissionDenied:
        return False
    return True


def pemdas_for_user(user: User) -> QuerySet[Pemda]:
    if user.is_superuser:
        return Pemda.objects.all()
    return Pemda.objects.filter(id=user.pemda_id or 0)


def opds_for_user(user: User) -> QuerySet[Opd]:
    scope = worker_scope(user)
    qs = Opd.objects.all()
    if scope.pemda_id is not None:
        qs = qs.filter(pemda_id=scope.pemda_id)
    if scope.opd_ids is not None:
        qs = qs.filter(pk__in=scope.opd_ids)
    return qs


def get_opd_for_user(user: User, pk: int, *, write: bool = False, manage: bool = False) -> Opd:
    """Return an OPD the user may read (write: add workers; manage: edit the OPD itself)."""
    scope = worker_scope(user)
    try:
        opd = opds_for_user(user).select_related("pemda").get(pk=pk)
    except Opd.DoesNotExist:
        raise Http404 from None
    if (write and not scope.can_write) or (manage and not scope.can_manage_opds):
        raise PermissionDenied
    return opd


def engagements_for_user(user: User) -> EngagementQuerySet:
    scope = worker_scope(user)
    qs = Engagement.objects.all()
    if scope.pemda_id is not None:
        qs = qs.filter(pemda_id=scope.pemda_id)
    if scope.opd_ids is not None:
        qs = qs.filter(opd_id__in=scope.opd_ids)
    return qs


def get_engagement_for_user(user: User, pk: int, *, write: bool = False) -> Engagement:
    scope = worker_scope(user)
    try:
        eng = engagements_for_user(user).select_related("person", "opd", "pemda").get(pk=pk)
    except Engagement.DoesNotExist:
        raise Http404 from None
    if write and not scope.can_write:
        raise PermissionDenied
    return eng


def people_for_user(user: User) -> QuerySet[Person]:
    """People with at least one engagement (past or present) the user may see."""
    scope = worker_scope(user)
    qs = Person.objects.all()
    if scope.pemda_id is not None:
        qs = qs.filter(pemda_id=scope.pemda_id)
    if scope.opd_ids is not None:
        qs = qs.filter(pk__in=engagements_for_user(user).values("person_id"))
    return qs


def get_person_for_user(user: User, pk: int, *, write: bool = False) -> Person:
    scope = worker_scope(user)
    try:
        person = people_for_user(user).select_related("pemda").get(pk=pk)
    except Person.DoesNotExist:
        raise Http404 from None
    if write and not scope.can_write:
        raise PermissionDenied
    return person
