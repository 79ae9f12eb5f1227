"""Who may see and change which construction projects.

Admin Pemda manages every project of the Pemda; an Operator OPD those of its own OPDs (others
are a 404); Petugas BPJS reads all and records registrations and payments; Pimpinan and
Disnaker read; Perizinan has no access (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lindung.accounts.capabilities import Capability, role_can
from lindung.accounts.models import Role
from lindung.projects.models import Project

if TYPE_CHECKING:
    from lindung.accounts.models import User

# Which role reads, manages and records: lindung.accounts.capabilities.


@dataclass(frozen=True)
class ProjectScope:
    pemda_id: int | None  # None: every Pemda (superuser)
    opd_ids: frozenset[int] | None  # None: every OPD of the Pemda
    can_manage: bool  # create and edit projects and their termin schedule
    can_record: bool  # record BPJS registration and iuran payments


def project_scope(user: User) -> ProjectScope:
    """The user's project scope, or PermissionDenied. One query for an Operator OPD."""
    cached = getattr(user, "_project_scope", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    if user.is_superuser:
        scope = ProjectScope(None, None, can_manage=True, can_record=True)
    elif user.pemda_id is None or not role_can(user.role, Capability.READ_PROJECTS):
        raise PermissionDenied
    else:
        opd_ids = None
        if user.role == Role.OPERATOR_OPD:
            opd_ids = frozenset(
                user.opds.filter(pemda_id=user.pemda_id).values_list("pk", flat=True)
            )
        scope = ProjectScope(
            user.pemda_id,
            opd_ids,
            can_manage=role_can(user.role, Capability.MANAGE_PROJECTS),
            can_record=role_can(user.role, Capability.RECORD_PROJECTS),
        )
    user._project_scope = scope  # type: ignore[attr-defined]
    return scope


def can_read_projects(user: User) -> bool:
    try:
        project_scope(user)
    except PermissionDenied:
        return False
    return True


def projects_for_user(user: User) -> QuerySet[Project]:
    scope = project_scope(user)
    qs = Project.objects.all()
    if scope.pemda_id is not None:
        qs = qs.filter(pemda_id=scope.pemda_id)
    if scope.opd_ids is not None:
        qs = qs.filter(opd_id__in=scope.opd_ids)
    return qs


def get_project_for_user(
    user: User, pk: int, *, manage: bool = False, record: bool = False
) -> Project:
    """A project the user may read; manage/record ask for the matching write right."""
    scope = project_scope(user)
    try:
        project = projects_for_user(user).select_related("opd", "pemda").get(pk=pk)
    except Project.DoesNotExist:
        raise Http404 from None
    if (manage and not scope.can_manage) or (record and not scope.can_record):
        raise PermissionDenied
    return project
