"""Worker searches by role: a masked role finds a person by a whole NIK only, logged.

Pimpinan sees NIKs masked (3375********0001). A prefix search would unmask them digit by
digit ("3", "33", "337"… each answering yes or no), so for masked roles any search with
digits must be one whole 16-digit NIK: that lookup is allowed, written to `NikLookup`
(who, when, which NIK) and held to `NIK_LOOKUP_LIMIT` per user per hour (Django cache).
A name search never carries digits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from lindung.lib import nik as nik_rules
from lindung.lib.ratelimit import count_in_window
from lindung.registry.access import WorkerScope
from lindung.registry.models import NikLookup
from lindung.registry.queries import search_q

if TYPE_CHECKING:
    from lindung.accounts.models import User

LOOKUP_WINDOW = 3600  # seconds


class SearchRefused(Exception):
    """A search this role may not make; `status` for the API (422 or 429)."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def lookup_allowed(user: User, *, now: float | None = None) -> bool:
    """Count one whole-NIK lookup in the user's hourly window; False past the limit."""
    count = count_in_window(f"registry:nik-lookup:{user.pk}", window=LOOKUP_WINDOW, now=now)
    return count <= settings.NIK_LOOKUP_LIMIT


def worker_search(user: User, scope: WorkerScope, q: str, *, prefix: str = "", source: str) -> Q:
    """The filter for a worker search `q` by this user; raises SearchRefused.

    Unmasked roles: a NIK beginning or a part of the name (`search_q`).
    """
    q = q.strip()
    if not q:
        return Q()
    if not scope.masked:
        return search_q(q, prefix=prefix)
    if not any(ch.isdigit() for ch in q):
        return Q(**{f"{prefix}name__icontains": q})
    digits = nik_rules.normalize_nik(q)
    if not (digits.isdigit() and len(digits) == 16):
        raise SearchRefused(
            _(
                "Peran Anda melihat NIK tersamar: cari dengan nama, atau dengan NIK lengkap "
                "16 digit (dicatat)."
            )
        )
    if not lookup_allowed(user):
        raise SearchRefused(
            _("Batas pencarian NIK tercapai (%(n)s per jam). Coba lagi nanti.")
            % {"n": settings.NIK_LOOKUP_LIMIT},
            status=429,
        )
    NikLookup.objects.create(user=user, nik=digits, source=source)
    return Q(**{f"{prefix}nik": digits})
