"""Who may review which employer links.

Links of NPPs to OPDs belong to the Admin Pemda (they decide who the reconciliation bills);
links to businesses and contractors to the Admin Pemda and Disnaker (they feed compliance
findings). Employers of another Pemda answer 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lindung.accounts.models import Role
from lindung.bpjs.models import Employer, Kind

if TYPE_CHECKING:
    from lindung.accounts.models import User

_REVIEWERS: dict[str, set[str]] = {
    Kind.OPD: {Role.ADMIN_PEMDA},
    Kind.BUSINESS: {Role.ADMIN_PEMDA, Role.DISNAKER},
    Kind.CONTRACTOR: {Role.ADMIN_PEMDA, Role.DISNAKER},
}


def can_review(user: User, kind: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or (
        user.pemda_id is not None and user.role in _REVIEWERS.get(kind, set())
    )


def reviewable_kinds(user: User) -> list[str]:
    return [k.value for k in Kind if can_review(user, k)]


def employers_for_user(user: User, kind: str) -> QuerySet[Employer]:
    """The employers a reviewer of `kind` links may see and decide, or PermissionDenied."""
    if not can_review(user, kind):
        raise PermissionDenied
    qs = Employer.objects.select_related("pemda", "opd", "business", "linked_by")
    if not user.is_superuser:
        qs = qs.filter(pemda_id=user.pemda_id or 0)
    return qs


def get_employer_for_user(user: User, pk: int, kind: str) -> Employer:
    try:
        return employers_for_user(user, kind).get(pk=pk)
    except Employer.DoesNotExist:
        raise Http404 from None
