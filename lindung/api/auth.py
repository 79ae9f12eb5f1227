"""API authentication: bearer credentials, or the browser session (with CSRF).

One authenticate function (lindung.accounts.services.credential_authenticate) serves both
kinds of bearer credential: a personal token acts as its user; a client key (`lndk_...`)
acts for its Pemda and is accepted by the permit check only.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from lindung.accounts.models import Credential
from lindung.accounts.services import credential_authenticate


class BearerToken(HttpBearer):
    """`Authorization: Bearer ...`; client keys only where `clients` is set."""

    def __init__(self, *, clients: bool = False) -> None:
        super().__init__()
        self.clients = clients

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        credential = credential_authenticate(token)
        if credential is None:
            return None
        if credential.kind == Credential.Kind.CLIENT:
            if not self.clients:
                return None
            request.api_key = credential  # type: ignore[attr-defined]
            return credential
        user = credential.user
        if user is None:  # the check constraint rules it out
            return None
        request.user = user
        return user


class ActiveSession(SessionAuth):
    """Session login; refuses deactivated users like the bearer path does."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


AUTH = [BearerToken(), ActiveSession()]
# The permit check: client keys (the hot path) and staff tokens, then sessions.
PERMIT_AUTH = [BearerToken(clients=True), ActiveSession()]
