"""API authentication: personal bearer tokens, or the browser session (with CSRF).

The permit check also takes a client system's key (`lndk_...`, scoped to one Pemda).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from lindung.accounts.services import token_authenticate
from lindung.compliance.services import apikey_authenticate


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is None:
            return None
        request.user = user
        return user


class ActiveSession(SessionAuth):
    """Session login; refuses deactivated users like the bearer path does."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


class ClientKey(HttpBearer):
    """A client system's key: the request acts for its Pemda, not for a user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        key = apikey_authenticate(token)
        if key is None:
            return None
        request.api_key = key  # type: ignore[attr-defined]
        return key


AUTH = [BearerToken(), ActiveSession()]
# The permit check: client keys first (the hot path), then staff tokens and sessions.
PERMIT_AUTH = [ClientKey(), BearerToken(), ActiveSession()]
