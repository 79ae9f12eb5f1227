"""Who may read the dashboard, set targets and make rakor reports.

Reading follows the worker registry: Operator OPD sees their OPDs' figures, Pimpinan reads
everything with NIK masked. Targets belong to the Admin Pemda and the Petugas BPJS; a rakor
report covers the whole Pemda, so it is for the roles that see the whole Pemda.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lindung.accounts.capabilities import Capability, can
from lindung.dashboards.models import Report, Target
from lindung.registry.access import WorkerScope, worker_scope

if TYPE_CHECKING:
    from lindung.accounts.models import User


def dashboard_scope(user: User) -> WorkerScope:
    """The user's view of the figures, or PermissionDenied (Disnaker, Perizinan)."""
    return worker_scope(user)


def can_set_targets(user: User) -> bool:
    return can(user, Capability.SET_TARGETS)


def can_report(user: User) -> bool:
    try:
        return worker_scope(user).opd_ids is None
    except PermissionDenied:
        return False


def targets_for_user(user: User) -> QuerySet[Target]:
    scope = worker_scope(user)
    qs = Target.objects.all()
    if scope.pemda_id is not None:
        qs = qs.filter(pemda_id=scope.pemda_id)
    return qs


def get_target_for_user(user: User, pk: int, *, write: bool = False) -> Target:
    try:
        target = targets_for_user(user).get(pk=pk)
    except Target.DoesNotExist:
        raise Http404 from None
    if write and not can_set_targets(user):
        raise PermissionDenied
    return target


def reports_for_user(user: User) -> QuerySet[Report]:
    if not can_report(user):
        raise PermissionDenied
    scope = worker_scope(user)
    qs = Report.objects.select_related("pemda", "run")
    if scope.pemda_id is not None:
        qs = qs.filter(pemda_id=scope.pemda_id)
    return qs


def get_report_for_user(user: User, pk: int) -> Report:
    try:
        return reports_for_user(user).get(pk=pk)
    except Report.DoesNotExist:
        raise Http404 from None
