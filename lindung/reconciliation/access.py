"""Who may see, run and review which reconciliation objects.

Reading follows the worker registry (Operator OPD: own OPDs only, Pimpinan masked);
running and reviewing belong to the Admin Pemda and the Petugas BPJS; NPP links to the Admin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lindung.accounts.capabilities import Capability, can
from lindung.reconciliation.models import Candidate, Result, Run
from lindung.registry.access import WorkerScope, worker_scope

if TYPE_CHECKING:
    from lindung.accounts.models import User


def can_run(user: User) -> bool:
    return can(user, Capability.RUN_RECONCILIATION)


def can_link(user: User) -> bool:
    from lindung.bpjs.access import can_review

    return can_review(user, "opd")


def runs_for_user(user: User) -> QuerySet[Run]:
    scope = worker_scope(user)
    qs = Run.objects.select_related("pemda")
    if scope.pemda_id is not None:
        qs = qs.filter(pemda_id=scope.pemda_id)
    return qs


def get_run_for_user(user: User, pk: int) -> tuple[Run, WorkerScope]:
    scope = worker_scope(user)
    try:
        return runs_for_user(user).get(pk=pk), scope
    except Run.DoesNotExist:
        raise Http404 from None


def results_for_user(user: User, run: Run) -> QuerySet[Result]:
    scope = worker_scope(user)
    qs = Result.objects.filter(run=run)
    if scope.opd_ids is not None:
        qs = qs.filter(opd_id__in=scope.opd_ids)
    return qs


def candidates_for_user(user: User) -> QuerySet[Candidate]:
    """The review queue: Admin Pemda and Petugas BPJS only."""
    if not can_run(user):
        raise PermissionDenied
    scope = worker_scope(user)
    qs = Candidate.objects.select_related(
        "run", "engagement__person", "engagement__opd", "membership"
    )
    if scope.pemda_id is not None:
        qs = qs.filter(run__pemda_id=scope.pemda_id)
    return qs


def get_candidate_for_user(user: User, pk: int) -> Candidate:
    try:
        return candidates_for_user(user).get(pk=pk)
    except Candidate.DoesNotExist:
        raise Http404 from None
