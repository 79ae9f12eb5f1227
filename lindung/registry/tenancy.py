"""Which Pemda a request works in."""

from __future__ import annotations

from django.http import HttpRequest

from lindung.registry.models import Pemda

SESSION_KEY = "lindung_pemda_id"


def current_pemda(request: HttpRequest) -> Pemda | None:
    """The user's own Pemda, or for a superuser the one chosen in the header (default: first).

    Triggers one query per request; the view and the page header share the answer.
    """
    if not hasattr(request, "_lindung_pemda"):
        request._lindung_pemda = _lookup(request)  # type: ignore[attr-defined]
    return request._lindung_pemda  # type: ignore[attr-defined]


def _lookup(request: HttpRequest) -> Pemda | None:
    user = request.user
    if not user.is_authenticated:
        return None
    pemda_id: int | None = getattr(user, "pemda_id", None)
    if pemda_id is not None:
        return Pemda.objects.get(pk=pemda_id)
    if user.is_superuser:
        chosen = request.session.get(SESSION_KEY)
        qs = Pemda.objects.order_by("code")
        return (qs.filter(pk=chosen).first() if chosen else None) or qs.first()
    return None
