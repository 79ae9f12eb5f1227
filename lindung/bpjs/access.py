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

from lindung.accounts.capabilities import Capability, can
from lindung.bpjs.models import Employer, Kind

if TYPE_CHECKING:
    from lindung.accounts.models import User

# Who decides links of each kind (roles in accounts.capabilities).
_REVIEWERS: dict[str, Capability] = {
    Kind.OPD: Capability.LINK_EMPLOYERS,
    Kind.BUSINESS: Capability.EDIT_COMPLIANCE,
    Kind.CONTRACTOR: Capability.EDIT_COMPLIANCE,
}


def can_review(user: User, kind: str) -> bool:
    if kind not in _REVIEWERS or not can(user, _REVIEWERS[kind]):
        return False
    return user.is_superuser or user.pemda_id is not None


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
