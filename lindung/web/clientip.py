"""The client's IP address for the login lockout (django-axes), honest behind proxies."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or with AXES_IPWARE_PROXY_COUNT = N the address N hops from the right.

    Each trusted proxy appends the address it saw to X-Forwarded-For; whatever stands left
    of those N entries was written by the client and may be forged, so it is never used.
    A header shorter than N entries means a request that did not pass the proxies: its
    REMOTE_ADDR is used.
    """
    count = settings.AXES_IPWARE_PROXY_COUNT
    if count > 0:
        for key in settings.AXES_IPWARE_META_PRECEDENCE_ORDER:
            if key == "REMOTE_ADDR":
                break
            chain = [p.strip() for p in request.META.get(key, "").split(",") if p.strip()]
            if len(chain) >= count:
                return chain[-count]
    return request.META.get("REMOTE_ADDR")
