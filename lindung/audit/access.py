"""Who may read a Pemda's audit log.

The Admin Pemda answers for the Pemda's personal data (the controller's operator under
UU 27/2022), so the log is theirs; a superuser reads the log of the Pemda chosen in the
header. Pimpinan read the coverage picture, not who did what: the log names officials and
carries NIKs, so it stays out of their read-only view. No role that sees NIKs masked reads
the log today; the log masks them anyway for such a role (`masked`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from lindung.accounts.capabilities import Capability, can
from lindung.accounts.models import User


def can_read_audit(user: User) -> bool:
    return can(user, Capability.READ_AUDIT) and (user.is_superuser or user.pemda_id is not None)


def audit_scope(user: User) -> bool:
    """Whether NIKs and names are masked for `user` in the log; PermissionDenied if no access."""
    if not can_read_audit(user):
        raise PermissionDenied
    return False
