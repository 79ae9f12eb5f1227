"""Who may see and change businesses, findings, links, UMK and the permit-check log.

Disnaker edits businesses and works findings; the Admin Pemda does all of that, sets
the UMK and manages the Pemda's permit-check client keys; Petugas BPJS and Pimpinan read;
Perizinan only checks permits; Operator OPD has no access. Objects of another Pemda answer
404 (their existence is not revealed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lindung.accounts.capabilities import Capability, can, role_can
from lindung.accounts.models import Credential
from lindung.compliance.models import Business, Finding, FindingStep, PermitCheck

if TYPE_CHECKING:
    from lindung.accounts.models import User

# Which role reads, edits and checks permits: lindung.accounts.capabilities.


@dataclass(frozen=True)
class ComplianceScope:
    pemda_id: int | None  # None: every Pemda (superuser)
    can_edit: bool  # businesses, findings, links, letters
    can_set_umk: bool
    can_see_log: bool
    can_manage_keys: bool = False  # the permit-check client keys


def compliance_scope(user: User) -> ComplianceScope:
    """The user's compliance rights, or PermissionDenied for roles without any."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    if user.is_superuser:
        return ComplianceScope(
            None, can_edit=True, can_set_umk=True, can_see_log=True, can_manage_keys=True
        )
    if user.pemda_id is None or not role_can(user.role, Capability.READ_COMPLIANCE):
        raise PermissionDenied
    return ComplianceScope(
        user.pemda_id,
        can_edit=role_can(user.role, Capability.EDIT_COMPLIANCE),
        can_set_umk=role_can(user.role, Capability.SET_UMK),
        can_see_log=role_can(user.role, Capability.EDIT_COMPLIANCE),
        can_manage_keys=role_can(user.role, Capability.MANAGE_CLIENT_KEYS),
    )


def can_read(user: User) -> bool:
    try:
        compliance_scope(user)
    except PermissionDenied:
        return False
    return True


def can_check_permits(user: User) -> bool:
    return can(user, Capability.CHECK_PERMITS) and (user.is_superuser or user.pemda_id is not None)


def require_permit_checker(user: User) -> None:
    if not can_check_permits(user):
        raise PermissionDenied


def _editor(user: User) -> ComplianceScope:
    scope = compliance_scope(user)
    if not scope.can_edit:
        raise PermissionDenied
    return scope


def require_editor(user: User) -> None:
    _editor(user)


def require_umk_setter(user: User) -> None:
    if not compliance_scope(user).can_set_umk:
        raise PermissionDenied


def require_log_reader(user: User) -> None:
    if not compliance_scope(user).can_see_log:
        raise PermissionDenied


def _in_scope(qs: QuerySet, scope: ComplianceScope, field: str = "pemda_id") -> QuerySet:  # type: ignore[type-arg]
    return qs if scope.pemda_id is None else qs.filter(**{field: scope.pemda_id})


def businesses_for_user(user: User) -> QuerySet[Business]:
    return _in_scope(Business.objects.all(), compliance_scope(user))


def get_business_for_user(user: User, pk: int, *, write: bool = False) -> Business:
    scope = _editor(user) if write else compliance_scope(user)
    try:
        return _in_scope(Business.objects.select_related("pemda"), scope).get(pk=pk)
    except Business.DoesNotExist:
        raise Http404 from None


def get_finding_for_user(user: User, pk: int, *, write: bool = False) -> Finding:
    scope = _editor(user) if write else compliance_scope(user)
    try:
        return _in_scope(Finding.objects.select_related("business", "pemda"), scope).get(pk=pk)
    except Finding.DoesNotExist:
        raise Http404 from None


def get_step_for_user(user: User, pk: int) -> FindingStep:
    scope = compliance_scope(user)
    qs = FindingStep.objects.select_related("finding__business", "finding__pemda", "by")
    try:
        return _in_scope(qs, scope, "finding__pemda_id").get(pk=pk)
    except FindingStep.DoesNotExist:
        raise Http404 from None


def permit_checks_for_user(user: User) -> QuerySet[PermitCheck]:
    scope = compliance_scope(user)
    if not scope.can_see_log:
        raise PermissionDenied
    return _in_scope(PermitCheck.objects.all(), scope)


def can_manage_client_keys(user: User) -> bool:
    """Admin Pemda (and superusers): create, list and revoke the Pemda's client keys."""
    try:
        return compliance_scope(user).can_manage_keys
    except PermissionDenied:
        return False


def client_keys_for_user(user: User) -> QuerySet[Credential]:
    """The client keys the user manages, or PermissionDenied for everyone but Admin Pemda."""
    scope = compliance_scope(user)
    if not scope.can_manage_keys:
        raise PermissionDenied
    return _in_scope(Credential.objects.client_keys(), scope)


def get_client_key_for_user(user: User, pk: int) -> Credential:
    try:
        return client_keys_for_user(user).get(pk=pk)
    except Credential.DoesNotExist:
        raise Http404 from None
