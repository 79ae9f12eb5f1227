"""Who may see and enter the city-wide coverage figures.

They are published aggregates, not personal data: every reader sees them whole. Admin Pemda
and Disnaker enter the workforce (BPS/Disnaker figures); Admin Pemda and Petugas BPJS enter the
BPJS totals (the branch's report). Operator OPD and Perizinan have no access (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from lindung.accounts.capabilities import Capability, role_can

if TYPE_CHECKING:
    from lindung.accounts.models import User


@dataclass(frozen=True)
class CitywideScope:
    pemda_id: int | None  # None: every Pemda (superuser)
    can_enter_workforce: bool
    can_enter_bpjs: bool


def citywide_scope(user: User) -> CitywideScope:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    if user.is_superuser:
        return CitywideScope(None, True, True)
    if user.pemda_id is None or not role_can(user.role, Capability.READ_CITYWIDE):
        raise PermissionDenied
    return CitywideScope(
        user.pemda_id,
        role_can(user.role, Capability.ENTER_WORKFORCE),
        role_can(user.role, Capability.ENTER_BPJS_TOTALS),
    )


def can_read_citywide(user: User) -> bool:
    try:
        citywide_scope(user)
    except PermissionDenied:
        return False
    return True
