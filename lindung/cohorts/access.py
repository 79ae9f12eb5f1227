"""Who may see and change cohorts (election staff, informal workers, segment targets).

Admin Pemda manages them; Petugas BPJS and Disnaker read; Pimpinan reads with NIKs masked;
Operator OPD and Perizinan have no access (403). Objects of another Pemda are a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from lindung.accounts.capabilities import Capability, role_can
from lindung.cohorts.models import ElectionCohort, InformalCohort

if TYPE_CHECKING:
    from lindung.accounts.models import User

# Which role reads, manages and sees NIKs: lindung.accounts.capabilities.

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class CohortScope:
    pemda_id: int | None  # None: every Pemda (superuser)
    can_manage: bool
    masked: bool


def cohort_scope(user: User) -> CohortScope:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    if user.is_superuser:
        return CohortScope(None, can_manage=True, masked=False)
    if user.pemda_id is None or not role_can(user.role, Capability.READ_COHORTS):
        raise PermissionDenied
    return CohortScope(
        user.pemda_id,
        can_manage=role_can(user.role, Capability.MANAGE_COHORTS),
        masked=not role_can(user.role, Capability.SEE_IDENTITIES),
    )


def can_read_cohorts(user: User) -> bool:
    try:
        cohort_scope(user)
    except PermissionDenied:
        return False
    return True


def can_manage_cohorts(user: User) -> bool:
    """Whether the user adds cohorts and members (and so may import member lists)."""
    try:
        return cohort_scope(user).can_manage
    except PermissionDenied:
        return False


def _scoped(user: User, qs: QuerySet[M]) -> QuerySet[M]:
    scope = cohort_scope(user)
    return qs if scope.pemda_id is None else qs.filter(pemda_id=scope.pemda_id)


def election_cohorts_for_user(user: User) -> QuerySet[ElectionCohort]:
    return _scoped(user, ElectionCohort.objects.all())


def informal_cohorts_for_user(user: User) -> QuerySet[InformalCohort]:
    return _scoped(user, InformalCohort.objects.all())


def _get(user: User, qs: QuerySet[M], pk: int, manage: bool) -> M:
    scope = cohort_scope(user)
    try:
        obj = _scoped(user, qs).select_related("pemda").get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    if manage and not scope.can_manage:
        raise PermissionDenied
    return obj


def get_election_cohort_for_user(user: User, pk: int, *, manage: bool = False) -> ElectionCohort:
    return _get(user, ElectionCohort.objects.all(), pk, manage)


def get_informal_cohort_for_user(user: User, pk: int, *, manage: bool = False) -> InformalCohort:
    return _get(user, InformalCohort.objects.all(), pk, manage)


def require_manager(user: User) -> CohortScope:
    scope = cohort_scope(user)
    if not scope.can_manage:
        raise PermissionDenied
    return scope
