"""The one write of the audit app: record an export or download of personal data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lindung.audit.models import AccessEvent

if TYPE_CHECKING:
    from lindung.accounts.models import User

Kind = AccessEvent.Kind  # so that a view needs one import: `audit.record(..., audit.Kind.X, ...)`


def record(
    user: User,
    kind: AccessEvent.Kind,
    what: str,
    *,
    pemda_id: int,
    opd_id: int | None = None,
    masked: bool = False,
) -> AccessEvent:
    """Write who took which file (`what`: its name) out of which Pemda (and OPD).

    Called by the view before it returns the file: no file leaves without its record.
    """
    return AccessEvent.objects.create(
        user=user,
        kind=kind,
        what=what[:255],
        pemda_id=pemda_id,
        opd_id=opd_id,
        masked=masked,
    )
