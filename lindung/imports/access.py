"""Who may upload, see and commit which imports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from lindung.accounts.capabilities import Capability, can
from lindung.accounts.models import Role
from lindung.cohorts import access as cohort_access
from lindung.cohorts.models import ElectionCohort, InformalCohort
from lindung.imports.models import ImportBatch
from lindung.registry import access as registry_access

if TYPE_CHECKING:
    from lindung.accounts.models import User

# Worker lists come from the OPDs and the Pemda; membership and employer exports from the
# BPJS branch; business lists (OSS/NIB, WLKP) from Disnaker; cohort member lists from those
# who manage cohorts (lindung.cohorts.access), each batch for one cohort.
# (Who holds each capability: lindung.accounts.capabilities.)
_KINDS = {
    ImportBatch.Kind.WORKERS: Capability.IMPORT_WORKERS,
    ImportBatch.Kind.MEMBERSHIPS: Capability.IMPORT_MEMBERSHIPS,
    ImportBatch.Kind.BUSINESSES: Capability.IMPORT_BUSINESSES,
    ImportBatch.Kind.EMPLOYERS: Capability.IMPORT_EMPLOYERS,
    ImportBatch.Kind.PROJECTS: Capability.IMPORT_PROJECTS,
}
COHORT_KINDS = {ImportBatch.Kind.ELECTION_MEMBERS, ImportBatch.Kind.INFORMAL_MEMBERS}


def kinds_for_user(user: User) -> set[str]:
    if user.is_superuser:
        return set(ImportBatch.Kind.values)
    kinds = {str(kind) for kind, capability in _KINDS.items() if can(user, capability)}
    if cohort_access.can_manage_cohorts(user):
        kinds |= {str(k) for k in COHORT_KINDS}
    return kinds


def cohorts_for_import(
    user: User, kind: str
) -> QuerySet[ElectionCohort] | QuerySet[InformalCohort]:
    """The cohorts a member list of `kind` may go to: those the user manages."""
    if kind not in kinds_for_user(user) or kind not in COHORT_KINDS:
        raise PermissionDenied
    if kind == ImportBatch.Kind.ELECTION_MEMBERS:
        return cohort_access.election_cohorts_for_user(user)
    return cohort_access.informal_cohorts_for_user(user)


def can_import(user: User) -> bool:
    return user.is_authenticated and bool(kinds_for_user(user))


def batches_for_user(user: User) -> QuerySet[ImportBatch]:
    kinds = kinds_for_user(user)
    if not kinds:
        raise PermissionDenied
    qs = ImportBatch.objects.filter(kind__in=kinds)
    if user.is_superuser:
        return qs
    qs = qs.filter(pemda_id=user.pemda_id or 0)
    if kinds & COHORT_KINDS:
        # A member list is seen by whoever sees its cohort.
        visible = Q()
        for kind in kinds & COHORT_KINDS:
            ids = list(cohorts_for_import(user, kind).values_list("pk", flat=True))
            visible |= Q(kind=kind, options__cohort_id__in=ids)
        qs = qs.filter(~Q(kind__in=COHORT_KINDS) | visible)
    if user.role == Role.OPERATOR_OPD:
        scopes = [f"opd:{pk}" for pk in registry_access.worker_scope(user).opd_ids or ()]
        qs = qs.filter(Q(scope__in=scopes) | Q(created_by=user))
    return qs


def get_batch_for_user(user: User, pk: int) -> ImportBatch:
    try:
        return batches_for_user(user).select_related("pemda").get(pk=pk)
    except ImportBatch.DoesNotExist:
        raise Http404 from None
